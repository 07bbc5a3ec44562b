//! `--format html` and `-o html=FILE` on the examples, and `mamori compliance --format html`:
//! one self-contained page whose rows and counts match the JSON report of the same scan.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mamori"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MAMORI_CONFIG")
        .args(args)
        .arg(examples())
        .output()
        .unwrap()
}

#[test]
fn scan_report_matches_the_json_report() {
    let dir = std::env::temp_dir().join(format!("mamori-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.html");
    let o = run(&[
        "scan",
        "--no-config",
        "--format",
        "json",
        "-o",
        &format!("html={}", file.display()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    let page = std::fs::read_to_string(&file).unwrap();
    std::fs::remove_dir_all(&dir).ok();

    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert_eq!(page.matches("<details class=\"finding ").count(), findings.len());
    for (sev, n) in json["summary"]["by_severity"].as_object().unwrap() {
        assert!(
            page.contains(&format!("id=\"tile-{sev}\"><span class=\"num\">{n}</span>")),
            "{sev}"
        );
        assert_eq!(
            page.matches(&format!("<details class=\"finding sev-{sev}\"")).count() as u64,
            n.as_u64().unwrap(),
            "{sev}"
        );
    }
    // Every rule with a finding has its document, once.
    let mut rules: Vec<&str> = findings.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    rules.sort_unstable();
    rules.dedup();
    for rule in rules {
        let open = format!("<template id=\"doc-{rule}\"><section class=\"doc-why\"><h3>Why it matters</h3>");
        assert_eq!(page.matches(&open).count(), 1, "{rule}");
    }
    assert!(page.contains(&format!(
        "<dd id=\"stat-files\">{}</dd>",
        json["summary"]["files_scanned"]
    )));
}

#[test]
fn japanese_scan_report() {
    let o = run(&["scan", "--no-config", "--lang", "ja", "--format", "html"]);
    assert_eq!(o.status.code(), Some(1));
    let page = String::from_utf8(o.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert!(page.contains("<h3>なぜ危険か</h3>"));
    assert!(page.contains("<h2>コンプライアンスの概要</h2>"));
}

#[test]
fn compliance_report() {
    let o = run(&[
        "compliance",
        "--no-config",
        "--framework",
        "aws-fsbp",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    let o = run(&[
        "compliance",
        "--no-config",
        "--framework",
        "aws-fsbp",
        "--format",
        "html",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let page = String::from_utf8(o.stdout).unwrap();
    let controls = json["controls"].as_array().unwrap();
    assert_eq!(page.matches("<tr class=\"ctl\" ").count(), controls.len());
    for c in controls {
        assert!(
            page.contains(&format!(
                "<tr class=\"ctl\" data-status=\"{}\" data-control=\"{}\">",
                c["status"].as_str().unwrap(),
                c["id"].as_str().unwrap()
            )),
            "{c}"
        );
    }
    let s = &json["summary"];
    assert!(page.contains(&format!("id=\"tile-fail\"><span class=\"num\">{}</span>", s["fail"])));
    assert!(page.contains(&format!("<span class=\"num\">{}%</span>", s["coverage_percent"])));
}

#[test]
fn undecided_reasons_and_input_errors_follow_the_language() {
    let dir = std::env::temp_dir().join(format!("mamori-html-ja-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        "variable \"v\" {}\nresource \"aws_ecs_service\" \"s\" {\n  name             = \"s\"\n  launch_type      = \"FARGATE\"\n  platform_version = var.v\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("broken.yaml"),
        "Resources:\n  C:\n    Type: AWS::ECS::Cluster\n   bad: [\n",
    )
    .unwrap();
    let page = |lang: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_mamori"))
            .args(["scan", "--no-config", "--format", "html", "--lang", lang])
            .arg(&dir)
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    let en = page("en");
    assert!(en.contains("platform version is unknown: var.v"), "{en}");
    let ja = page("ja");
    assert!(
        ja.contains("プラットフォームバージョンが不明: var.v に既定値がなく"),
        "{ja}"
    );
    assert!(!ja.contains("platform version is unknown"));
    assert!(
        ja.contains("YAML として不正"),
        "the input error keeps its Japanese prefix"
    );
}
