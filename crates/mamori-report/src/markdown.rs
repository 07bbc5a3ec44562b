//! The Markdown report, fit for a pull-request comment: a summary table of counts by severity,
//! then the findings grouped by severity (highest first), each group a table followed by one
//! collapsible block per finding with its controls. Text from the scan is escaped for GitHub
//! Flavored Markdown: `|` and line breaks never break a table, and `<`, `>`, `&` never become HTML.
//! Source text is never included.

use crate::Report;
use crate::i18n::{Msg, severity_label, tr};
use mamori_model::{Finding, Lang, Severity};
use std::fmt::Write as _;

pub fn render(r: &Report<'_>) -> String {
    let lang = r.lang;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## {} — {}: {}\n",
        tr(lang, Msg::ReportTitle),
        tr(lang, Msg::Findings),
        r.findings.len()
    );

    let _ = writeln!(out, "| {} | {} |", tr(lang, Msg::Severity), tr(lang, Msg::Count));
    out.push_str("| --- | ---: |\n");
    for sev in Severity::ALL {
        let _ = writeln!(out, "| {} | {} |", heading_label(lang, sev), r.count(sev));
    }
    let _ = writeln!(out, "| **{}** | **{}** |\n", tr(lang, Msg::Total), r.findings.len());

    if !r.undecided.is_empty() {
        let _ = writeln!(
            out,
            "{}: {} ({})\n",
            capitalize(tr(lang, Msg::Undecided)),
            r.undecided.len(),
            text(tr(lang, Msg::UndecidedHint))
        );
    }
    for e in r.errors {
        let at = if e.line > 0 {
            format!("{}:{}:{}", e.path, e.line, e.col)
        } else {
            e.path.clone()
        };
        let _ = writeln!(
            out,
            "> **{}**: {} — {}\n",
            tr(lang, Msg::Error),
            code(&at),
            text(&crate::reasons::note(lang, &e.message))
        );
    }

    if r.findings.is_empty() {
        let _ = writeln!(out, "{}", tr(lang, Msg::NoFindings));
        return out;
    }

    for sev in Severity::ALL {
        let group: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == sev).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {} ({})\n", heading_label(lang, sev), group.len());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            tr(lang, Msg::Rule),
            tr(lang, Msg::Resource),
            tr(lang, Msg::Location),
            tr(lang, Msg::Message)
        );
        out.push_str("| --- | --- | --- | --- |\n");
        for f in &group {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                code(f.rule_id),
                code(&f.resource.address),
                location(f).map(|l| code(&l)).unwrap_or_else(|| "—".to_string()),
                text(f.message.get(lang))
            );
        }
        out.push('\n');
        for f in &group {
            details(&mut out, f, lang);
        }
    }
    out
}

fn details(out: &mut String, f: &Finding, lang: Lang) {
    let place = location(f).unwrap_or_else(|| f.resource.address.clone());
    let _ = writeln!(
        out,
        "<details><summary>{} {} — {}</summary>\n",
        html(f.rule_id),
        html(f.title.get(lang)),
        html(&place)
    );
    let _ = writeln!(out, "{}\n", text(f.message.get(lang)));
    let _ = writeln!(
        out,
        "- {}: {} ({})",
        tr(lang, Msg::Resource),
        code(&f.resource.address),
        code(&f.resource.kind)
    );
    if !f.controls.is_empty() {
        let controls: Vec<String> = f.controls.iter().map(|c| code(c)).collect();
        let _ = writeln!(
            out,
            "- {}: {}",
            capitalize(tr(lang, Msg::Controls)),
            controls.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "- {}: {}\n\n</details>\n",
        tr(lang, Msg::ExplainHint),
        code(&format!("mamori explain {}", f.rule_id))
    );
}

fn location(f: &Finding) -> Option<String> {
    f.location().map(|l| l.to_string())
}

/// Severity names as headings: `Critical` in English.
fn heading_label(lang: Lang, sev: Severity) -> String {
    capitalize(severity_label(lang, sev))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// On one line (a line break would end a table row), without control characters.
fn one_line(s: &str) -> String {
    s.split(['\r', '\n'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control() || *c == '\t')
        .collect()
}

/// Text for HTML contexts (a `<summary>`): no Markdown is read there.
fn html(s: &str) -> String {
    one_line(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Text for a table cell or a paragraph. The code spans a message writes (`` `value` ``) are
/// kept: `<` and `>` are already safe inside them, and escaping them there would show `&lt;`.
fn text(s: &str) -> String {
    let s = one_line(s);
    if s.contains("``") {
        // Longer code fences than one backtick: escape everything.
        return html(&s).replace('`', "\\`").replace('|', "\\|");
    }
    let parts: Vec<&str> = s.split('`').collect();
    let last = parts.len() - 1;
    let mut out = String::with_capacity(s.len());
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 && i < last {
            out.push_str(&p.replace('|', "\\|"));
        } else {
            out.push_str(&html(p).replace('|', "\\|"));
        }
    }
    if last % 2 == 1 {
        // An unmatched backtick stays literal.
        let at = out.rfind('`').unwrap_or(0);
        out.replace_range(at..at + 1, "\\`");
    }
    out
}

/// A code span. A value holding a backtick is shown as escaped text instead.
fn code(s: &str) -> String {
    let s = one_line(s);
    if s.contains('`') {
        return html(&s).replace('`', "\\`").replace('|', "\\|");
    }
    format!("`{}`", s.replace('|', "\\|"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::junit::tests::{report, sample};

    #[test]
    fn groups_by_severity_highest_first() {
        let data = sample();
        let line = |_: &str, _: u32| Some("SECRET_SOURCE_TEXT".to_string());
        let out = render(&report(&data, Lang::En, &line));
        assert!(
            out.starts_with("## mamori security scan — findings: 6\n\n| Severity | Count |\n| --- | ---: |\n"),
            "{out}"
        );
        assert!(out.contains(
            "| Critical | 1 |\n| High | 2 |\n| Medium | 1 |\n| Low | 1 |\n| Info | 1 |\n| **Total** | **6** |"
        ));
        let order: Vec<usize> = [
            "### Critical (1)",
            "### High (2)",
            "### Medium (1)",
            "### Low (1)",
            "### Info (1)",
        ]
        .iter()
        .map(|h| out.find(h).unwrap_or_else(|| panic!("{h} in {out}")))
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        assert!(out.contains("| Rule | Resource | Location | Message |\n| --- | --- | --- | --- |\n"));
        assert!(out.contains("| `MAM-T-001` | `aws_ecs_service.a` | `main.tf:3:5` | bad &lt;&amp;\"'&gt; value |"));
        // A line break and a pipe never break the row.
        assert!(
            out.contains("| `MAM-T-003` | `aws_ecs_service.b` | `b.tf:1:1` | line one line \\| two |"),
            "{out}"
        );
        // A finding from the API has no location.
        assert!(out.contains(
            "| `MAM-T-005` | `arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web` | — | from the API |"
        ));
        assert_eq!(out.matches("<details><summary>").count(), 6);
        assert_eq!(out.matches("</details>").count(), 6);
        assert!(out.contains("<details><summary>MAM-T-001 Title of MAM-T-001 — main.tf:3:5</summary>\n"));
        assert!(out.contains("- Controls: `aws-securityhub/ECS.2`, `nist-800-53/AC-3`\n"));
        assert!(out.contains("- How to fix: `mamori explain MAM-T-002`\n"));
        assert!(out.contains("Undecided checks: 1"));
        assert!(out.contains("> **error**: `broken.tf:7:2` — unexpected token &lt;eof&gt;"));
        assert!(!out.contains("SECRET_SOURCE_TEXT"));
    }

    #[test]
    fn japanese_labels() {
        let data = sample();
        let line = |_: &str, _: u32| None;
        let out = render(&report(&data, Lang::Ja, &line));
        assert!(
            out.starts_with("## mamori セキュリティスキャン — 検出: 6\n\n| 重大度 | 件数 |\n"),
            "{out}"
        );
        assert!(out.contains("| 緊急 | 1 |\n| 高 | 2 |"));
        assert!(out.contains("### 緊急 (1)"));
        assert!(out.contains("| ルール | リソース | 場所 | メッセージ |"));
        assert!(out.contains("- 修正方法: `mamori explain MAM-T-001`"));
        assert!(out.contains("| 日本語: bad &lt;&amp;\"'&gt; value |"));
    }

    #[test]
    fn no_findings() {
        let line = |_: &str, _: u32| None;
        let r = Report {
            findings: &[],
            undecided: &[],
            errors: &[],
            notes: &[],
            summary: Default::default(),
            lang: Lang::En,
            source_line: &line,
            rules: &[],
            passes: &[],
            suppressed: &[],
        };
        let out = render(&r);
        assert!(out.ends_with("| **Total** | **0** |\n\nNo findings.\n"), "{out}");
        assert!(!out.contains("###"));
    }

    #[test]
    fn escaping() {
        assert_eq!(text("a `x<y>|z` <b> & c|d"), "a `x<y>\\|z` &lt;b&gt; &amp; c\\|d");
        assert_eq!(text("odd ` <tick>"), "odd \\` &lt;tick&gt;");
        assert_eq!(text("``<x>``"), "\\`\\`&lt;x&gt;\\`\\`");
        assert_eq!(code("a|b\nc"), "`a\\|b c`");
        assert_eq!(code("a`<b>"), "a\\`&lt;b&gt;");
        assert_eq!(html("<s>|x"), "&lt;s&gt;|x");
    }
}
