//! `--format markdown` on the examples: counts by severity, a table per severity, a block per finding.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    Command::new(env!("CARGO_BIN_EXE_mamori"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MAMORI_CONFIG")
        .arg("scan")
        .args(args)
        .arg(examples)
        .output()
        .unwrap()
}

/// The cells of a table row: split at `|` that is not escaped.
fn cells(row: &str) -> Vec<String> {
    let inner = row.strip_prefix("| ").and_then(|r| r.strip_suffix(" |")).expect(row);
    let mut out = vec![String::new()];
    let mut prev = ' ';
    for c in inner.chars() {
        if c == '|' && prev != '\\' {
            out.push(String::new());
        } else {
            out.last_mut().unwrap().push(c);
        }
        prev = c;
    }
    out.iter().map(|c| c.trim().to_string()).collect()
}

#[test]
fn markdown_groups_the_findings_of_the_examples_by_severity() {
    let o = run(&["--format", "markdown"]);
    assert_eq!(o.status.code(), Some(1));
    let md = String::from_utf8(o.stdout).unwrap();
    let json: Value = serde_json::from_slice(&run(&["--format", "json"]).stdout).unwrap();
    let total = json["findings"].as_array().unwrap().len();
    assert!(
        md.starts_with(&format!("## mamori security scan — findings: {total}\n")),
        "{md}"
    );

    let lines: Vec<&str> = md.lines().collect();
    let mut headings = Vec::new();
    let mut rows_per_group = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(h) = l.strip_prefix("### ") {
            headings.push(h.to_string());
            assert_eq!(lines[i + 2], "| Rule | Resource | Location | Message |");
            assert_eq!(lines[i + 3], "| --- | --- | --- | --- |");
            let rows: Vec<&&str> = lines[i + 4..].iter().take_while(|r| r.starts_with("| ")).collect();
            for r in &rows {
                let c = cells(r);
                assert_eq!(c.len(), 4, "{r}");
                assert!(c[0].starts_with("`MAM-"), "{r}");
            }
            rows_per_group.push(rows.len());
        }
    }
    // Highest first, only the severities that have findings, each with its count.
    let mut expected = Vec::new();
    for sev in ["critical", "high", "medium", "low", "info"] {
        let n = json["summary"]["by_severity"][sev].as_u64().unwrap() as usize;
        let label = format!("{}{}", sev[..1].to_uppercase(), &sev[1..]);
        assert!(lines.contains(&format!("| {label} | {n} |").as_str()), "{label} {n}");
        if n > 0 {
            expected.push((format!("{label} ({n})"), n));
        }
    }
    let got: Vec<(String, usize)> = headings.into_iter().zip(rows_per_group).collect();
    assert_eq!(got, expected);
    assert!(lines.contains(&format!("| **Total** | **{total}** |").as_str()));
    assert_eq!(md.matches("<details><summary>").count(), total);
    assert_eq!(md.matches("\n</details>\n").count(), total);
    assert_eq!(md.matches("- How to fix: `mamori explain MAM-").count(), total);

    let ja = String::from_utf8(run(&["--lang", "ja", "--format", "markdown"]).stdout).unwrap();
    assert!(ja.contains("| ルール | リソース | 場所 | メッセージ |"), "{ja}");
    assert!(ja.contains("| 重大度 | 件数 |"));
}
