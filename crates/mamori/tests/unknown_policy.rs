//! `--unknown ignore|fail` and `[scan] unknown`: whether checks left undecided by an unknown
//! value count for the exit code, and how the reports say so.

mod common;

use common::{mamori, stdout, tempdir, write};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A module whose only check is undecided: the platform version comes from a local that comes
/// from a variable without a value.
fn undecided_module(name: &str) -> PathBuf {
    let d = tempdir(name);
    write(
        &d,
        "main.tf",
        r#"variable "tag" {}

locals {
  version = var.tag
}

resource "aws_ecs_service" "api" {
  name             = "api"
  launch_type      = "FARGATE"
  platform_version = local.version
}
"#,
    );
    d
}

fn code(dir: &Path, args: &[&str]) -> Option<i32> {
    let o = mamori().arg("scan").arg(dir).args(args).output().unwrap();
    o.status.code()
}

#[test]
fn undecided_checks_count_only_when_asked() {
    let d = undecided_module("unknown-exit");
    assert_eq!(code(&d, &["--no-config"]), Some(0));
    assert_eq!(code(&d, &["--no-config", "--unknown", "ignore"]), Some(0));
    assert_eq!(code(&d, &["--no-config", "--unknown", "fail"]), Some(1));
    // mamori.toml sets it; the flag overrides it.
    write(&d, "mamori.toml", "[scan]\nunknown = \"fail\"\n");
    assert_eq!(code(&d, &[]), Some(1));
    assert_eq!(code(&d, &["--unknown", "ignore"]), Some(0));
    // A value for the variable decides the check.
    assert_eq!(code(&d, &["--var", "tag=LATEST"]), Some(0));
}

#[test]
fn the_text_report_shows_the_chain_of_references() {
    let d = undecided_module("unknown-text");
    let o = mamori()
        .args(["scan", "--no-config", "--unknown", "fail", "--lang", "en"])
        .arg(&d)
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(
        out.contains(
            "reason: platform version is unknown: local.version ← var.tag has no default, and no value is given in a variable file, --var or TF_VAR_tag"
        ),
        "{out}"
    );
    assert!(
        out.contains("undecided checks: 1 (counted as failures: --unknown fail)"),
        "{out}"
    );
    let o = mamori()
        .args(["scan", "--no-config", "--unknown", "fail", "--lang", "ja"])
        .arg(&d)
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(
        out.contains(
            "プラットフォームバージョンが不明: local.version ← var.tag に既定値がなく、変数ファイルにも --var にも TF_VAR_tag にも値が与えられていない"
        ),
        "{out}"
    );
}

#[test]
fn json_sarif_and_junit_say_the_checks_count() {
    let d = undecided_module("unknown-formats");
    let run = |format: &str, policy: &str| -> String {
        let o = mamori()
            .args(["scan", "--no-config", "--format", format, "--unknown", policy])
            .arg(&d)
            .output()
            .unwrap();
        stdout(&o)
    };
    let json: Value = serde_json::from_str(&run("json", "fail")).unwrap();
    assert_eq!(json["summary"]["unknown"], "fail");
    assert_eq!(json["summary"]["undecided"], 1);
    let json: Value = serde_json::from_str(&run("json", "ignore")).unwrap();
    assert_eq!(json["summary"]["unknown"], "ignore");
    let sarif: Value = serde_json::from_str(&run("sarif", "fail")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["kind"], "review");
    assert_eq!(results[0]["level"], "none");
    assert_eq!(results[0]["ruleId"], "MAM-ECS-002");
    let sarif: Value = serde_json::from_str(&run("sarif", "ignore")).unwrap();
    assert!(sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    let junit = run("junit", "fail");
    assert!(
        junit.contains(r#"type="undecided""#) && !junit.contains("<skipped"),
        "{junit}"
    );
    assert!(run("junit", "ignore").contains("<skipped "));
}

#[test]
fn compliance_fails_on_controls_left_unknown_only_when_asked() {
    let d = undecided_module("unknown-compliance");
    let code = |policy: &str| {
        mamori()
            .args([
                "compliance",
                "--framework",
                "aws-fsbp",
                "--no-config",
                "--unknown",
                policy,
            ])
            .arg(&d)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(code("ignore"), Some(0));
    assert_eq!(code("fail"), Some(1));
}

#[test]
fn a_wrong_policy_in_mamori_toml_is_an_error_at_its_place() {
    let d = undecided_module("unknown-config");
    write(&d, "mamori.toml", "[scan]\nunknown = \"warn\"\n");
    let o = mamori().args(["scan", "--lang", "en"]).arg(&d).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("mamori.toml:2:11: [scan] unknown: `warn` is neither `ignore` nor `fail`"),
        "{err}"
    );
}
