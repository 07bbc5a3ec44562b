//! Terraform input variables from the command line and the environment: `--var`, `--var-file`
//! (in the order given), `TF_VAR_…`, the JSON variable files, and the values of sensitive
//! variables, which no output shows.

mod common;

use common::{mamori, stdout, tempdir, write};
use serde_json::Value;
use std::path::Path;

const MAIN: &str = r#"variable "pv" {
  default = "1.3.0"
}

resource "aws_ecs_service" "api" {
  name             = "api"
  launch_type      = "FARGATE"
  platform_version = var.pv
}
"#;

/// The platform version the finding of MAM-ECS-002 quotes, or `LATEST` when there is none.
fn pinned(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut c = mamori();
    c.args(["scan", "--no-config", "--format", "json", "--lang", "en"])
        .arg(dir)
        .args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    assert!(o.status.code() == Some(0) || o.status.code() == Some(1), "{o:?}");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "MAM-ECS-002");
    match f {
        Some(f) => {
            let m = f["message"].as_str().unwrap();
            m.split('`').nth(3).unwrap().to_string()
        }
        None => "LATEST".into(),
    }
}

#[test]
fn values_come_from_the_environment_files_and_command_line_in_terraforms_order() {
    let d = tempdir("tf-inputs-order");
    write(&d, "main.tf", MAIN);
    let a = write(&d, "a.tfvars", "pv = \"1.1.0\"\n").display().to_string();
    let b = write(&d, "b.tfvars.json", "{\"pv\": \"1.2.0\"}").display().to_string();
    assert_eq!(pinned(&d, &[], &[]), "1.3.0");
    assert_eq!(pinned(&d, &[], &[("TF_VAR_pv", "1.3.1")]), "1.3.1");
    write(&d, "terraform.tfvars.json", "{\"pv\": \"1.2.1\"}");
    // A file of the folder overrides the environment.
    assert_eq!(pinned(&d, &[], &[("TF_VAR_pv", "1.3.1")]), "1.2.1");
    write(&d, "x.auto.tfvars", "pv = \"1.2.3\"\n");
    assert_eq!(pinned(&d, &[], &[]), "1.2.3");
    // The command line overrides them, the last of `--var` and `--var-file` winning.
    assert_eq!(pinned(&d, &["--var-file", &a], &[]), "1.1.0");
    assert_eq!(pinned(&d, &["--var-file", &a, "--var-file", &b], &[]), "1.2.0");
    assert_eq!(pinned(&d, &["--var-file", &b, "--var-file", &a], &[]), "1.1.0");
    assert_eq!(pinned(&d, &["--var", "pv=LATEST", "--var-file", &a], &[]), "1.1.0");
    assert_eq!(pinned(&d, &["--var-file", &a, "--var", "pv=LATEST"], &[]), "LATEST");
    // The `--name=value` spelling keeps its place in the order too.
    let eq = format!("--var-file={a}");
    assert_eq!(pinned(&d, &["--var=pv=1.2.2", &eq], &[]), "1.1.0");
    assert_eq!(pinned(&d, &[&eq, "--var=pv=1.2.2"], &[]), "1.2.2");
}

#[test]
fn a_named_variable_file_is_read_not_skipped_and_a_missing_one_is_an_error() {
    let d = tempdir("tf-inputs-files");
    write(&d, "main.tf", MAIN);
    let prod = write(&d, "prod.tfvars", "pv = \"1.1.0\"\n");
    let o = mamori()
        .args(["scan", "--no-config", "--format", "json"])
        .arg(&d)
        .arg("--var-file")
        .arg(&prod)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["files_scanned"], 2, "{v}");
    assert_eq!(v["summary"]["files_skipped"], 0, "{v}");
    // Without the option, the file is skipped: Terraform does not load it by itself.
    let o = mamori()
        .args(["scan", "--no-config", "--format", "json"])
        .arg(&d)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["files_skipped"], 1, "{v}");
    // A file that does not parse is an error (exit 2) with its place; the scan goes on.
    let broken = write(&d, "broken.tfvars", "pv = \n");
    let o = mamori()
        .args(["scan", "--no-config", "--format", "json"])
        .arg(&d)
        .arg("--var-file")
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let e = &v["errors"][0];
    assert!(e["file"].as_str().unwrap().ends_with("broken.tfvars"), "{v}");
    assert!(e["message"].as_str().unwrap().starts_with("invalid HCL"), "{v}");
    assert_eq!(v["findings"][0]["rule"], "MAM-ECS-002");
    // A file that does not exist stops the scan, as it stops Terraform.
    let o = mamori()
        .args(["scan", "--no-config", "--lang", "en"])
        .arg(&d)
        .arg("--var-file")
        .arg(d.join("missing.tfvars"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("mamori: cannot read the variable file "), "{err}");
}

#[test]
fn var_needs_a_name_and_a_value() {
    let d = tempdir("tf-inputs-var");
    write(&d, "main.tf", MAIN);
    for lang in ["en", "ja"] {
        let o = mamori()
            .args(["scan", "--no-config", "--var", "pv", "--lang", lang])
            .arg(&d)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        let want = match lang {
            "en" => "mamori: `pv` is not a variable assignment: write --var 'name=value'",
            _ => "mamori: `pv` は変数の代入ではない: --var 'name=value' と書く",
        };
        assert_eq!(err.trim_end(), want);
    }
}

#[test]
fn a_var_no_module_declares_is_noted() {
    let d = tempdir("tf-inputs-undeclared");
    write(&d, "main.tf", MAIN);
    let o = mamori()
        .args([
            "scan",
            "--no-config",
            "--format",
            "json",
            "--var",
            "pv=LATEST",
            "--var",
            "p_v=1.3.0",
        ])
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        notes,
        ["no Terraform module scanned declares var.p_v: the value is not used"]
    );
}

#[test]
fn every_scanning_command_takes_the_values() {
    let d = tempdir("tf-inputs-commands");
    write(&d, "main.tf", MAIN);
    let o = mamori()
        .args([
            "compliance",
            "--framework",
            "aws-fsbp",
            "--format",
            "json",
            "--no-config",
            "--var",
            "pv=LATEST",
        ])
        .arg(&d)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let ecs10 = v["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "ECS.10")
        .unwrap()
        .clone();
    assert_eq!(ecs10["status"], "pass", "{ecs10}");
    let o = mamori()
        .args(["suppressions", "--no-config", "--no-blame", "--var", "pv=LATEST"])
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
}

const SECRET: &str = "1.0.0-s3cr3t-build";

#[test]
fn sensitive_values_appear_in_no_output() {
    let d = tempdir("tf-inputs-sensitive");
    write(
        &d,
        "main.tf",
        r#"variable "build" {
  type      = string
  sensitive = true
}

resource "aws_ecs_service" "pinned" {
  name             = "pinned"
  launch_type      = "FARGATE"
  platform_version = var.build
}

variable "service_name" {
  sensitive = true
  default   = "payments-s3cr3t-svc"
}

resource "aws_ecs_service" "invalid" {
  name             = var.service_name
  launch_type      = "FARGATE"
  platform_version = tonumber(var.build)
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name  = "app"
    image = "registry.example/app:${var.build}"
    environment = [{ name = "DB_PASSWORD", value = var.build }]
  }])
}
"#,
    );
    write(&d, "terraform.tfvars", &format!("build = \"{SECRET}\"\n"));
    let mut seen_hidden = false;
    for format in [
        "text",
        "json",
        "sarif",
        "junit",
        "csv",
        "markdown",
        "gitlab-sast",
        "html",
    ] {
        for lang in ["en", "ja"] {
            let o = mamori()
                .args([
                    "scan",
                    "--no-config",
                    "--show-unknown",
                    "--format",
                    format,
                    "--lang",
                    lang,
                ])
                .arg(&d)
                .output()
                .unwrap();
            let out = stdout(&o) + &String::from_utf8_lossy(&o.stderr);
            assert!(!out.contains(SECRET), "{format} {lang}:\n{out}");
            assert!(!out.contains("s3cr3t"), "{format} {lang}:\n{out}");
            seen_hidden |= out.contains("(sensitive)");
        }
    }
    assert!(seen_hidden, "the findings say that a value is hidden");
    // The rules still judge the value: the pinned version is reported.
    let o = mamori()
        .args(["scan", "--no-config", "--format", "json"])
        .arg(&d)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let messages: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("pinned to platform version `(sensitive)`")),
        "{messages:?}"
    );
    let reasons: Vec<&str> = v["undecided"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("\"(sensitive)\" is not a number")),
        "{reasons:?}"
    );
}
