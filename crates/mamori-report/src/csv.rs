//! The CSV report: one row per finding, RFC 4180 (CRLF line ends; a field holding a comma, a
//! double quote, CR or LF is quoted, with its quotes doubled). A field that a spreadsheet would
//! read as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`. Source text
//! is never included.

use crate::Report;
use mamori_model::Finding;

pub const HEADER: [&str; 11] = [
    "rule",
    "severity",
    "title",
    "message",
    "file",
    "line",
    "column",
    "resource",
    "resource_kind",
    "source",
    "controls",
];

pub fn render(r: &Report<'_>) -> String {
    let mut out = String::new();
    row(&mut out, HEADER.iter().map(|h| h.to_string()));
    for f in r.findings {
        row(&mut out, fields(f, r.lang));
    }
    out
}

fn fields(f: &Finding, lang: mamori_model::Lang) -> impl Iterator<Item = String> {
    let loc = f.location();
    [
        f.rule_id.to_string(),
        f.severity.as_str().to_string(),
        f.title.get(lang).to_string(),
        f.message.get(lang).to_string(),
        loc.map(|l| l.path.to_string()).unwrap_or_default(),
        loc.map(|l| l.span.start_line.to_string()).unwrap_or_default(),
        loc.map(|l| l.span.start_col.to_string()).unwrap_or_default(),
        f.resource.address.clone(),
        f.resource.kind.clone(),
        f.resource.source.clone(),
        f.controls.join(";"),
    ]
    .into_iter()
}

fn row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(&f));
    }
    out.push_str("\r\n");
}

/// One field, defused against formula injection and quoted when it must be.
pub fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::junit::tests::{at, finding, report, sample};
    use mamori_model::{Lang, Severity};

    /// A small RFC 4180 reader: rows of fields, every row ended by CRLF.
    fn parse(s: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    c => field.push(c),
                }
                continue;
            }
            match c {
                '"' => {
                    assert!(field.is_empty(), "a quote inside an unquoted field");
                    quoted = true;
                }
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "a bare CR");
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                '\n' => panic!("a bare LF"),
                c => field.push(c),
            }
        }
        assert!(
            !quoted && field.is_empty() && row.is_empty(),
            "the last row must end with CRLF"
        );
        rows
    }

    #[test]
    fn rows_round_trip() {
        let mut data = sample();
        data.findings.push(finding(
            "MAM-T-006",
            Severity::Low,
            "aws_ecs_service.x",
            "=HYPERLINK(\"http://x\")",
            at("dir, with comma/x.tf", 9, 4),
        ));
        let line = |_: &str, _: u32| Some("SECRET_SOURCE_TEXT".to_string());
        let out = render(&report(&data, Lang::En, &line));
        assert!(!out.contains("SECRET_SOURCE_TEXT"));
        let rows = parse(&out);
        assert_eq!(rows.len(), 1 + data.findings.len());
        assert_eq!(rows[0], HEADER.to_vec());
        assert!(rows.iter().all(|r| r.len() == HEADER.len()));
        assert_eq!(
            rows[1],
            [
                "MAM-T-001",
                "critical",
                "Title of MAM-T-001",
                "bad <&\"'> value",
                "main.tf",
                "3",
                "5",
                "aws_ecs_service.a",
                "AWS::ECS::Service",
                "terraform",
                "aws-securityhub/ECS.2;nist-800-53/AC-3",
            ]
        );
        let sevs: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(sevs, ["critical", "high", "high", "medium", "low", "info", "low"]);
        // A line break stays inside its quoted field.
        assert_eq!(rows[4][3], "line one\nline | two");
        // A finding from the API has no file, line or column.
        assert_eq!(rows[6][4..7], ["", "", ""]);
        assert!(rows[6][7].starts_with("arn:aws:ecs:"));
        // A formula is defused.
        assert_eq!(rows[7][3], "'=HYPERLINK(\"http://x\")");
        assert_eq!(rows[7][4], "dir, with comma/x.tf");
    }

    #[test]
    fn japanese_text() {
        let data = sample();
        let line = |_: &str, _: u32| None;
        let rows = parse(&render(&report(&data, Lang::Ja, &line)));
        assert_eq!(rows[0][0], "rule");
        assert_eq!(rows[1][2], "MAM-T-001 の題");
        assert_eq!(rows[1][3], "日本語: bad <&\"'> value");
        // Severities stay machine-readable.
        assert_eq!(rows[1][1], "critical");
    }

    #[test]
    fn fields_are_quoted_and_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("a\r\nb"), "\"a\r\nb\"");
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"] {
            assert_eq!(field(s), format!("'{s}"));
        }
        assert_eq!(field("\rx"), "\"'\rx\"");
        assert_eq!(field("=a,b"), "\"'=a,b\"");
    }
}
