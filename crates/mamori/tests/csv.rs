//! `--format csv` on the examples: a header and one well-formed row per finding.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run(format: &str) -> Output {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    Command::new(env!("CARGO_BIN_EXE_mamori"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MAMORI_CONFIG")
        .args(["scan", "--format", format, examples.to_str().unwrap()])
        .output()
        .unwrap()
}

/// RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; rows end with CRLF.
fn parse(s: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field, mut quoted) = (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(field.is_empty(), "a quote inside an unquoted field");
                quoted = true;
            }
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a bare CR");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a bare LF"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "the last row must end with CRLF"
    );
    rows
}

#[test]
fn csv_has_a_row_per_finding_on_the_examples() {
    let o = run("csv");
    assert_eq!(o.status.code(), Some(1));
    let rows = parse(&String::from_utf8(o.stdout).unwrap());
    let json: Value = serde_json::from_slice(&run("json").stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert_eq!(
        rows[0].join(","),
        "rule,severity,title,message,file,line,column,resource,resource_kind,source,controls"
    );
    assert_eq!(rows.len(), findings.len() + 1);
    for (row, f) in rows[1..].iter().zip(findings) {
        assert_eq!(row.len(), 11, "{row:?}");
        assert_eq!(row[0], f["rule"].as_str().unwrap());
        assert_eq!(row[1], f["severity"].as_str().unwrap());
        assert_eq!(row[3], f["message"].as_str().unwrap());
        assert_eq!(row[4], f["location"]["path"].as_str().unwrap());
        assert_eq!(row[5], f["location"]["start_line"].to_string());
        assert_eq!(row[6], f["location"]["start_column"].to_string());
        assert_eq!(row[7], f["resource"]["address"].as_str().unwrap());
        let controls: Vec<&str> = f["controls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(row[10], controls.join(";"));
        assert!(Path::new(&row[4]).is_file(), "{}", row[4]);
    }
}
