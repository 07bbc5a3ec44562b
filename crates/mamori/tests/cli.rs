//! The command line as a user runs it: exit codes, formats, languages, inputs.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

mod common;
use common::*;

const PUBLIC_SERVICE: &str = r#"{
  "services": [
    {
      "serviceArn": "arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web",
      "serviceName": "web",
      "launchType": "FARGATE",
      "platformVersion": "1.3.0",
      "platformFamily": "Linux",
      "networkConfiguration": {
        "awsvpcConfiguration": { "subnets": ["subnet-1"], "assignPublicIp": "ENABLED" }
      }
    }
  ]
}
"#;

const CLEAN_CLUSTER: &str = r#"{"clusters": [{"clusterArn": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod", "clusterName": "prod", "settings": [{"name": "containerInsights", "value": "enhanced"}]}]}"#;

const OLD_PLATFORM_ONLY: &str = r#"{"services": [{"serviceArn": "arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web", "serviceName": "web", "launchType": "FARGATE", "platformVersion": "1.3.0"}]}"#;

#[test]
fn clean_input_exits_0() {
    let d = tempdir("clean");
    write(&d, "cluster.json", CLEAN_CLUSTER);
    let o = run(&["scan", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("No findings."));
}

#[test]
fn findings_exit_1_and_show_the_source_line_with_a_caret() {
    let d = tempdir("findings");
    let f = write(&d, "svc.json", PUBLIC_SERVICE);
    let o = run(&["scan", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("MAM-ECS-003"), "{out}");
    assert!(out.contains("MAM-ECS-002"), "{out}");
    assert!(
        out.contains(r#"10 |         "awsvpcConfiguration": { "subnets": ["subnet-1"], "assignPublicIp": "ENABLED" }"#),
        "{out}"
    );
    assert!(out.contains("^^^^^^^^^"), "{out}");
    assert!(
        out.contains("findings: 2 (0 critical, 1 high, 1 medium, 0 low, 0 info)"),
        "{out}"
    );
    assert!(!out.contains("\x1b["), "no colour when not on a terminal");
}

#[test]
fn severity_threshold_filters_and_sets_the_exit_code() {
    let d = tempdir("severity");
    let f = write(&d, "svc.json", OLD_PLATFORM_ONLY);
    let medium = run(&["scan", f.to_str().unwrap(), "--severity", "medium"]);
    assert_eq!(medium.status.code(), Some(1));
    let high = run(&["scan", f.to_str().unwrap(), "--severity", "high", "--format", "json"]);
    assert_eq!(
        high.status.code(),
        Some(0),
        "a medium finding below the threshold does not fail"
    );
    let v: Value = serde_json::from_slice(&high.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
    assert_eq!(v["summary"]["severity_threshold"], "high");
    let bad = run(&["scan", f.to_str().unwrap(), "--severity", "severe"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn json_output_follows_the_contract() {
    let d = tempdir("json");
    let f = write(&d, "svc.json", PUBLIC_SERVICE);
    let o = run(&["scan", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    let f3 = findings.iter().find(|f| f["rule"] == "MAM-ECS-003").unwrap();
    assert_eq!(f3["severity"], "high");
    assert_eq!(
        f3["title"],
        "ECS services should not assign public IP addresses automatically"
    );
    assert!(f3["message"].as_str().unwrap().contains("`web`"));
    assert!(
        f3["controls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "aws-securityhub/ECS.2")
    );
    assert!(
        f3["controls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "pci-dss-4.0.1/1.4.4")
    );
    assert_eq!(f3["resource"]["kind"], "AWS::ECS::Service");
    assert_eq!(f3["resource"]["name"], "web");
    assert_eq!(
        f3["resource"]["address"],
        "arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web"
    );
    assert_eq!(
        f3["attribute"],
        "networkConfiguration.awsvpcConfiguration.assignPublicIp"
    );
    assert_eq!(f3["location"]["start_line"], 10);
    assert_eq!(f3["location"]["end_line"], 10);
    assert!(f3["location"]["path"].as_str().unwrap().ends_with("svc.json"));
    for f in findings {
        assert!(["critical", "high", "medium", "low", "info"].contains(&f["severity"].as_str().unwrap()));
    }
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
    assert_eq!(v["notes"].as_array().unwrap().len(), 0);
    let s = &v["summary"];
    assert_eq!(s["files_scanned"], 1);
    assert_eq!(s["files_failed"], 0);
    assert_eq!(s["findings"], 2);
    assert_eq!(s["by_severity"]["high"], 1);
    assert_eq!(s["by_severity"]["medium"], 1);
    assert!(s["duration_ms"].is_u64());
}

#[test]
fn japanese_from_the_flag_and_from_the_locale() {
    let d = tempdir("ja");
    let f = write(&d, "svc.json", PUBLIC_SERVICE);
    let flag = run(&["scan", f.to_str().unwrap(), "--lang", "ja"]);
    let out = stdout(&flag);
    assert!(out.contains("パブリック IP アドレスが自動で割り当てられます"), "{out}");
    assert!(out.contains("サマリー"), "{out}");
    let locale = mamori()
        .args(["scan", f.to_str().unwrap()])
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .unwrap();
    assert!(stdout(&locale).contains("サマリー"));
    let overridden = mamori()
        .args(["scan", f.to_str().unwrap(), "--lang", "en"])
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .unwrap();
    assert!(stdout(&overridden).contains("Summary"));
    let json = run(&["scan", f.to_str().unwrap(), "--lang", "ja", "--format", "json"]);
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["lang"], "ja");
    assert!(v["findings"][0]["title"].as_str().unwrap().contains("ECS"));
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !f["message"].as_str().unwrap().is_ascii())
    );
    assert_eq!(
        run(&["scan", f.to_str().unwrap(), "--lang", "fr"]).status.code(),
        Some(2)
    );
}

#[test]
fn a_malformed_file_is_an_error_and_the_other_files_are_still_scanned() {
    let d = tempdir("malformed");
    write(&d, "svc.json", PUBLIC_SERVICE);
    write(
        &d,
        "broken.json",
        "{\n  \"services\": [\n    {\"serviceName\": \"x\",, }\n  ]\n}\n",
    );
    write(
        &d,
        "broken.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  C:\n    Type: AWS::ECS::Cluster\n   Properties: [\n",
    );
    std::fs::create_dir_all(d.join("tf")).unwrap();
    write(
        &d.join("tf"),
        "broken.tf",
        "resource \"aws_ecs_cluster\" \"a\" {\n  name = \"a\"\n  setting {\n    name = \n}\n",
    );
    write(
        &d.join("tf"),
        "good.tf",
        "resource \"aws_ecs_service\" \"web\" {\n  name = \"web\"\n  network_configuration {\n    subnets          = [\"subnet-1\"]\n    assign_public_ip = true\n  }\n}\n",
    );
    let o = run(&["scan", d.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a file that fails to parse makes the exit code 2"
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3, "{errors:?}");
    let hcl_err = errors
        .iter()
        .find(|e| e["file"].as_str().unwrap().ends_with("broken.tf"))
        .unwrap();
    assert!(hcl_err["line"].as_u64().unwrap() >= 4, "{hcl_err}");
    let json_err = errors
        .iter()
        .find(|e| e["file"].as_str().unwrap().ends_with("broken.json"))
        .unwrap();
    assert_eq!(json_err["line"], 3);
    assert!(json_err["message"].as_str().unwrap().starts_with("invalid JSON"));
    let yaml_err = errors
        .iter()
        .find(|e| e["file"].as_str().unwrap().ends_with("broken.yaml"))
        .unwrap();
    assert!(yaml_err["line"].as_u64().unwrap() >= 4, "{yaml_err}");
    assert!(yaml_err["message"].as_str().unwrap().starts_with("invalid YAML"));
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3, "the good files were still scanned: {findings:?}");
    let tf = findings
        .iter()
        .find(|f| f["resource"]["address"] == "aws_ecs_service.web")
        .unwrap();
    assert_eq!(
        tf["location"]["start_line"], 5,
        "the other file of the same module was read"
    );
    assert_eq!(v["summary"]["files_failed"], 3);
    let text = run(&["scan", d.to_str().unwrap()]);
    assert!(stdout(&text).contains("error: "), "{}", stdout(&text));
}

#[test]
fn unknown_files_are_skipped_and_counted() {
    let d = tempdir("skipped");
    write(&d, "README.md", "# hello\n");
    write(
        &d,
        "deploy.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
    );
    write(&d, "cluster.json", CLEAN_CLUSTER);
    // A template that does not parse but declares nothing mamori judges: a note, not an error.
    write(
        &d,
        "topic.yaml",
        "Resources:\n  T:\n    Type: AWS::SNS::Topic\n   Properties: [\n",
    );
    let o = run(&["scan", d.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["files_scanned"], 1);
    assert_eq!(v["summary"]["files_skipped"], 3);
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0]["file"].as_str().unwrap().ends_with("topic.yaml"));
    assert_eq!(notes[0]["line"], 4);
    let text = run(&["scan", d.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&text.stderr).contains("note: "),
        "notes go to standard error"
    );
}

#[test]
fn standard_input_and_output_file() {
    let d = tempdir("stdin");
    let out = d.join("report.json");
    let mut child = mamori()
        .args(["scan", "-", "--format", "json", "--output", out.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(PUBLIC_SERVICE.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "the report went to the file");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["findings"][0]["location"]["path"], "-");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["scan", "/definitely/not/here"]).status.code(), Some(2));
    assert_eq!(run(&["scan", "--format", "yaml"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&["--help"]).status.code(), Some(0));
}

#[test]
fn rules_lists_every_rule() {
    let o = run(&["rules", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in ["MAM-ECS-001", "MAM-ECS-002", "MAM-ECS-003", "MAM-ECS-004"] {
        assert!(ids.contains(&id), "{ids:?}");
    }
    let text = stdout(&run(&["rules"]));
    // One aligned line per rule: the Security Hub control, or `-` beyond Security Hub.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), ids.len());
    let at = |id: &str| lines.iter().find(|l| l.starts_with(id)).copied().unwrap();
    assert!(at("MAM-ECS-001").contains(" ECS.12 "), "{text}");
    assert!(at("MAM-ECS-018").contains(" -  "), "{text}");
    let title_col = |l: &str, title: &str| l.find(title).unwrap();
    assert_eq!(
        title_col(at("MAM-ECS-001"), "ECS clusters"),
        title_col(at("MAM-ECS-022"), "ECS containers"),
        "{text}"
    );
    let ja = stdout(&run(&["rules", "--lang", "ja"]));
    assert!(ja.contains("Container Insights を有効にする"));
}

#[test]
fn explain_prints_the_document_in_each_language() {
    let en = run(&["explain", "ECS.12"]);
    assert_eq!(en.status.code(), Some(0));
    let t = stdout(&en);
    assert!(t.contains("MAM-ECS-001 (ecs-cluster-container-insights)"));
    assert!(t.contains("## How to fix"), "{t}");
    assert!(t.contains("### AWS CLI") && t.contains("### Terraform") && t.contains("### CloudFormation"));
    let ja = stdout(&run(&["explain", "mam-ecs-003", "--lang", "ja"]));
    assert!(ja.contains("## 修正方法"), "{ja}");
    assert!(ja.contains("重大度: 高 (high)"), "{ja}");
    assert_eq!(run(&["explain", "NOPE-1"]).status.code(), Some(2));
}

#[test]
fn describe_clusters_without_settings_is_undecided_not_failed() {
    let d = tempdir("nosettings");
    let f = write(
        &d,
        "describe-clusters.json",
        r#"{"clusters": [{"clusterArn": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod", "clusterName": "prod", "status": "ACTIVE"}], "failures": []}"#,
    );
    let o = run(&["scan", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "unknown never fails");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
    let u = &v["undecided"][0];
    assert_eq!(u["rule"], "MAM-ECS-001");
    assert!(u["reason"].as_str().unwrap().contains("--include SETTINGS"), "{u}");
    let text = stdout(&run(&["scan", f.to_str().unwrap(), "--show-unknown"]));
    assert!(text.contains("--include SETTINGS"), "{text}");
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
fn bundled_examples_flag_every_scenario_in_every_format_and_the_fixes_are_clean() {
    let ex = examples();
    let o = mamori()
        .arg("scan")
        .arg(&ex)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
    let mut got: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["location"]["path"].as_str().unwrap();
            let rel = path.split("examples/").last().unwrap().to_string();
            (f["rule"].as_str().unwrap().to_string(), rel)
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, String)> = [
        ("MAM-ECS-001", "terraform/insecure/main.tf"),
        ("MAM-ECS-002", "terraform/insecure/main.tf"),
        ("MAM-ECS-003", "terraform/insecure/main.tf"),
        ("MAM-ECS-004", "terraform/insecure/main.tf"),
        ("MAM-ECS-007", "terraform/insecure/main.tf"),
        ("MAM-ECS-007", "terraform/insecure/main.tf"),
        ("MAM-ECS-016", "terraform/insecure/main.tf"),
        ("MAM-ECS-016", "terraform/insecure/main.tf"),
        ("MAM-ECS-018", "terraform/insecure/main.tf"),
        ("MAM-ECS-020", "terraform/insecure/main.tf"),
        ("MAM-ECS-020", "terraform/insecure/main.tf"),
        ("MAM-ECS-025", "terraform/insecure/main.tf"),
        ("MAM-ECS-029", "terraform/insecure/main.tf"),
        ("MAM-ECS-029", "terraform/insecure/main.tf"),
        // The tasks' security group: the application port and SSH from anywhere.
        ("MAM-EC2-001", "terraform/insecure/main.tf"),
        ("MAM-EC2-001", "terraform/insecure/main.tf"),
        ("MAM-EC2-002", "terraform/insecure/main.tf"),
        ("MAM-IAM-001", "terraform/insecure/main.tf"),
        ("MAM-IAM-002", "terraform/insecure/main.tf"),
        ("MAM-IAM-003", "terraform/insecure/main.tf"),
        ("MAM-IAM-001", "cloudformation/insecure.yaml"),
        ("MAM-IAM-002", "cloudformation/insecure.yaml"),
        ("MAM-IAM-003", "cloudformation/insecure.yaml"),
        ("MAM-ECS-001", "cloudformation/insecure.yaml"),
        ("MAM-ECS-002", "cloudformation/insecure.yaml"),
        ("MAM-ECS-003", "cloudformation/insecure.yaml"),
        ("MAM-ECS-004", "cloudformation/insecure.yaml"),
        ("MAM-ECS-007", "cloudformation/insecure.yaml"),
        ("MAM-ECS-007", "cloudformation/insecure.yaml"),
        ("MAM-ECS-016", "cloudformation/insecure.yaml"),
        ("MAM-ECS-016", "cloudformation/insecure.yaml"),
        ("MAM-ECS-018", "cloudformation/insecure.yaml"),
        ("MAM-ECS-020", "cloudformation/insecure.yaml"),
        ("MAM-ECS-020", "cloudformation/insecure.yaml"),
        ("MAM-ECS-025", "cloudformation/insecure.yaml"),
        ("MAM-ECS-029", "cloudformation/insecure.yaml"),
        ("MAM-ECS-029", "cloudformation/insecure.yaml"),
        ("MAM-EC2-001", "cloudformation/insecure.yaml"),
        ("MAM-EC2-001", "cloudformation/insecure.yaml"),
        ("MAM-EC2-002", "cloudformation/insecure.yaml"),
        ("MAM-ECS-001", "ecs-api/insecure/describe-clusters.json"),
        ("MAM-ECS-002", "ecs-api/insecure/describe-services.json"),
        ("MAM-ECS-003", "ecs-api/insecure/describe-services.json"),
        ("MAM-ECS-003", "ecs-api/insecure/create-service.json"),
        ("MAM-ECS-004", "ecs-api/insecure/describe-task-sets.json"),
        ("MAM-ECS-007", "ecs-api/insecure/register-task-definition.json"),
        ("MAM-ECS-009", "ecs-api/insecure/register-task-definition.json"),
        ("MAM-ECS-016", "ecs-api/insecure/register-task-definition.json"),
        ("MAM-ECS-018", "ecs-api/insecure/register-task-definition.json"),
        ("MAM-ECS-020", "ecs-api/insecure/register-task-definition.json"),
        ("MAM-ECS-026", "ecs-api/insecure/register-task-definition.json"),
        // EKS: eksctl's default authentication mode keeps the aws-auth ConfigMap and API access
        // (MAM-EKS-009 passes), and eksctl has no deletion-protection setting (MAM-EKS-011).
        ("MAM-EKS-001", "eks/insecure/cluster.yaml"),
        ("MAM-EKS-002", "eks/insecure/cluster.yaml"),
        ("MAM-EKS-003", "eks/insecure/cluster.yaml"),
        ("MAM-EKS-005", "eks/insecure/cluster.yaml"),
        ("MAM-EKS-006", "eks/insecure/cluster.yaml"),
        ("MAM-EKS-007", "eks/insecure/cluster.yaml"),
        ("MAM-EKS-008", "eks/insecure/cluster.yaml"),
        ("MAM-EKS-010", "eks/insecure/cluster.yaml"),
        ("MAM-EKS-001", "eks/insecure/main.tf"),
        ("MAM-EKS-002", "eks/insecure/main.tf"),
        ("MAM-EKS-003", "eks/insecure/main.tf"),
        ("MAM-EKS-005", "eks/insecure/main.tf"),
        ("MAM-EKS-006", "eks/insecure/main.tf"),
        ("MAM-EKS-007", "eks/insecure/main.tf"),
        ("MAM-EKS-008", "eks/insecure/main.tf"),
        ("MAM-EKS-009", "eks/insecure/main.tf"),
        ("MAM-EKS-010", "eks/insecure/main.tf"),
        ("MAM-EKS-011", "eks/insecure/main.tf"),
        ("MAM-K8S-001", "kubernetes/insecure.yaml"),
        ("MAM-K8S-001", "kubernetes/insecure.yaml"),
        ("MAM-K8S-002", "kubernetes/insecure.yaml"),
        ("MAM-K8S-003", "kubernetes/insecure.yaml"),
        ("MAM-K8S-004", "kubernetes/insecure.yaml"),
        ("MAM-K8S-005", "kubernetes/insecure.yaml"),
        ("MAM-K8S-013", "kubernetes/insecure.yaml"),
        ("MAM-K8S-014", "kubernetes/insecure.yaml"),
        ("MAM-K8S-014", "kubernetes/insecure.yaml"),
        ("MAM-K8S-015", "kubernetes/insecure.yaml"),
        ("MAM-K8S-015", "kubernetes/insecure.yaml"),
        ("MAM-K8S-016", "kubernetes/insecure.yaml"),
        ("MAM-K8S-017", "kubernetes/insecure.yaml"),
        ("MAM-K8S-017", "kubernetes/insecure.yaml"),
        ("MAM-K8S-018", "kubernetes/insecure.yaml"),
        ("MAM-K8S-018", "kubernetes/insecure.yaml"),
        ("MAM-K8S-018", "kubernetes/insecure.yaml"),
        ("MAM-K8S-019", "kubernetes/insecure.yaml"),
        // Service accounts, limits and read-only root file systems of the same two workloads.
        ("MAM-K8S-112", "kubernetes/insecure.yaml"),
        ("MAM-K8S-112", "kubernetes/insecure.yaml"),
        ("MAM-K8S-113", "kubernetes/insecure.yaml"),
        ("MAM-K8S-113", "kubernetes/insecure.yaml"),
        ("MAM-K8S-121", "kubernetes/insecure.yaml"),
        ("MAM-K8S-121", "kubernetes/insecure.yaml"),
        ("MAM-K8S-121", "kubernetes/insecure.yaml"),
        ("MAM-K8S-121", "kubernetes/insecure.yaml"),
        ("MAM-K8S-123", "kubernetes/insecure.yaml"),
        ("MAM-K8S-123", "kubernetes/insecure.yaml"),
        // RBAC, aws-auth and the reporting job. The wildcard ClusterRole grants every permission
        // the RBAC rules ask about: one finding per rule, on the same rule item.
        ("MAM-K8S-101", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-102", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-102", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-103", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-104", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-105", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-105", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-106", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-107", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-108", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-109", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-110", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-112", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-113", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-116", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-117", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-118", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-122", "kubernetes/access-insecure.yaml"),
        ("MAM-K8S-119", "eks/insecure/irsa.tf"),
        ("MAM-K8S-120", "eks/insecure/irsa.tf"),
        // The registry: one finding per ECR rule, the same in Terraform and CloudFormation.
        ("MAM-ECR-001", "ecr/insecure/main.tf"),
        ("MAM-ECR-002", "ecr/insecure/main.tf"),
        ("MAM-ECR-003", "ecr/insecure/main.tf"),
        ("MAM-ECR-004", "ecr/insecure/main.tf"),
        ("MAM-ECR-005", "ecr/insecure/main.tf"),
        ("MAM-ECR-006", "ecr/insecure/main.tf"),
        ("MAM-ECR-007", "ecr/insecure/main.tf"),
        ("MAM-ECR-001", "ecr/insecure/template.yaml"),
        ("MAM-ECR-002", "ecr/insecure/template.yaml"),
        ("MAM-ECR-003", "ecr/insecure/template.yaml"),
        ("MAM-ECR-004", "ecr/insecure/template.yaml"),
        ("MAM-ECR-005", "ecr/insecure/template.yaml"),
        ("MAM-ECR-006", "ecr/insecure/template.yaml"),
        ("MAM-ECR-007", "ecr/insecure/template.yaml"),
        // The web-api image: two findings for a credential (a build argument's default and an
        // ENV) and two for verification turned off (npm's strict-ssl, curl -k); the secure
        // version passes every Dockerfile rule (trusted_registries is not set).
        ("MAM-DKR-001", "dockerfile/insecure/Dockerfile"),
        ("MAM-DKR-002", "dockerfile/insecure/Dockerfile"),
        ("MAM-DKR-003", "dockerfile/insecure/Dockerfile"),
        ("MAM-DKR-004", "dockerfile/insecure/Dockerfile"),
        ("MAM-DKR-005", "dockerfile/insecure/Dockerfile"),
        ("MAM-DKR-006", "dockerfile/insecure/Dockerfile"),
        ("MAM-DKR-007", "dockerfile/insecure/Dockerfile"),
        ("MAM-DKR-007", "dockerfile/insecure/Dockerfile"),
        ("MAM-DKR-008", "dockerfile/insecure/Dockerfile"),
        ("MAM-DKR-008", "dockerfile/insecure/Dockerfile"),
        ("MAM-DKR-009", "dockerfile/insecure/Dockerfile"),
        ("MAM-DKR-011", "dockerfile/insecure/Dockerfile"),
        // The key, the log groups and GuardDuty around the containers (terraform).
        ("MAM-KMS-001", "terraform/insecure/main.tf"),
        ("MAM-LOGS-001", "terraform/insecure/main.tf"),
        ("MAM-LOGS-001", "terraform/insecure/main.tf"),
        ("MAM-LOGS-002", "terraform/insecure/main.tf"),
        ("MAM-LOGS-002", "terraform/insecure/main.tf"),
        ("MAM-GD-001", "terraform/insecure/main.tf"),
        ("MAM-GD-002", "terraform/insecure/main.tf"),
        ("MAM-GD-003", "terraform/insecure/main.tf"),
        ("MAM-GD-004", "terraform/insecure/main.tf"),
        // The key, the log groups and GuardDuty around the containers (cloudformation).
        ("MAM-KMS-001", "cloudformation/insecure.yaml"),
        ("MAM-LOGS-001", "cloudformation/insecure.yaml"),
        ("MAM-LOGS-001", "cloudformation/insecure.yaml"),
        ("MAM-LOGS-002", "cloudformation/insecure.yaml"),
        ("MAM-LOGS-002", "cloudformation/insecure.yaml"),
        ("MAM-GD-001", "cloudformation/insecure.yaml"),
        ("MAM-GD-002", "cloudformation/insecure.yaml"),
        ("MAM-GD-003", "cloudformation/insecure.yaml"),
        ("MAM-GD-004", "cloudformation/insecure.yaml"),
    ]
    .iter()
    .map(|(r, p)| (r.to_string(), p.to_string()))
    .collect();
    want.sort();
    assert_eq!(got, want);
    // The Terraform and CloudFormation versions are the same platform: their findings name the
    // same attributes of the same resources (a task set, a KMS key and a GuardDuty detector are known by their address or logical id).
    let attributes = |folder: &str| {
        let mut a: Vec<(String, String, String)> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["location"]["path"].as_str().unwrap().contains(folder))
            .map(|f| {
                let name = match f["resource"]["kind"].as_str().unwrap() {
                    "AWS::ECS::TaskSet" | "AWS::KMS::Key" | "AWS::GuardDuty::Detector" => "-",
                    _ => f["resource"]["name"].as_str().unwrap(),
                };
                let s = |x: &Value| x.as_str().unwrap().to_string();
                (s(&f["rule"]), name.to_string(), s(&f["attribute"]))
            })
            .collect();
        a.sort();
        a
    };
    let terraform = attributes("terraform/insecure/");
    assert_eq!(terraform.len(), 29);
    assert_eq!(terraform, attributes("cloudformation/insecure.yaml"));
    let registry = |folder: &str| {
        let mut a: Vec<(String, String)> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["location"]["path"].as_str().unwrap().contains(folder))
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["attribute"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        a.sort();
        a
    };
    assert_eq!(registry("ecr/insecure/main.tf"), registry("ecr/insecure/template.yaml"));
    assert!(terraform.contains(&(
        "MAM-ECS-018".to_string(),
        "web-api".to_string(),
        "containerDefinitions[web-api].environment[DB_PASSWORD]".to_string()
    )));
    assert_eq!(v["undecided"].as_array().unwrap().len(), 0);
    for secure in [
        "terraform/secure",
        "cloudformation/secure.yaml",
        "ecs-api/secure",
        "kubernetes/secure.yaml",
        "kubernetes/access-secure.yaml",
        "eks/secure",
        "ecr/secure",
    ] {
        let o = mamori().arg("scan").arg(ex.join(secure)).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{secure}: {}", stdout(&o));
    }
}

fn rule_ids(o: &Output) -> Vec<String> {
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)));
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn mamori_toml_is_found_above_the_first_path_and_can_be_named_or_ignored() {
    let d = tempdir("config-discovery");
    let sub = d.join("services/web");
    std::fs::create_dir_all(&sub).unwrap();
    let svc = write(&sub, "svc.json", OLD_PLATFORM_ONLY);
    let svc = svc.to_str().unwrap();
    // Without a configuration, 1.3.0 is not the latest Linux version.
    assert_eq!(rule_ids(&run(&["scan", svc, "-f", "json"])), ["MAM-ECS-002"]);
    write(&d, "mamori.toml", "[params]\nfargate_latest_linux = \"1.3.0\"\n");
    let found = run(&["scan", svc, "-f", "json"]);
    assert_eq!(found.status.code(), Some(0), "{}", stdout(&found));
    // The folder of a path, and the current folder for standard input, work the same way.
    let o = run(&["scan", sub.to_str().unwrap(), "-f", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let mut child = mamori()
        .args(["scan", "-", "-f", "json"])
        .current_dir(&sub)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(OLD_PLATFORM_ONLY.as_bytes())
        .unwrap();
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(0));
    // --no-config ignores it.
    let o = run(&["scan", svc, "-f", "json", "--no-config"]);
    assert_eq!(rule_ids(&o), ["MAM-ECS-002"]);
    assert_eq!(o.status.code(), Some(1));
    // --config and MAMORI_CONFIG name another file, which wins over the discovered one.
    let other = tempdir("config-other");
    let strict = write(&other, "strict.toml", "[params]\nfargate_latest_linux = \"1.4.0\"\n");
    let o = run(&["scan", svc, "-f", "json", "--config", strict.to_str().unwrap()]);
    assert_eq!(rule_ids(&o), ["MAM-ECS-002"]);
    let o = mamori()
        .args(["scan", svc, "-f", "json"])
        .env("MAMORI_CONFIG", &strict)
        .output()
        .unwrap();
    assert_eq!(rule_ids(&o), ["MAM-ECS-002"]);
    // A named file that is missing is an error.
    let o = run(&["scan", svc, "--config", other.join("missing.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_unknown_key_in_mamori_toml_exits_2_naming_the_key_and_the_file() {
    let d = tempdir("config-unknown");
    let cfg = write(
        &d,
        "mamori.toml",
        "[params]\nrequired_tag_keys = [\"Owner\"]\nrequired_tags = [\"Owner\"]\n",
    );
    write(&d, "cluster.json", CLEAN_CLUSTER);
    let o = run(&["scan", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("`required_tags`"), "{err}");
    assert!(err.contains(&format!("{}:3:1", cfg.display())), "{err}");
    assert!(o.stdout.is_empty(), "no report from a scan that did not start");
    // An unknown table too.
    write(&d, "mamori.toml", "[rule]\noff = [\"MAM-ECS-001\"]\n");
    let o = run(&["scan", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("`rule`"));
    // --no-config does not read it at all.
    assert_eq!(
        run(&["scan", d.to_str().unwrap(), "--no-config"]).status.code(),
        Some(0)
    );
}

#[test]
fn required_tag_keys_in_mamori_toml_turn_the_tagging_rules_on() {
    let d = tempdir("config-tags");
    write(
        &d,
        "main.tf",
        r#"resource "aws_ecs_cluster" "main" {
  name = "shop-prod"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}
"#,
    );
    let dir = d.to_str().unwrap();
    // Off while no key is required.
    let o = run(&["scan", dir, "-f", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    write(
        &d,
        "mamori.toml",
        "[params]\nrequired_tag_keys = [\"Owner\", \"CostCenter\"]\n",
    );
    let o = run(&["scan", dir, "-f", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(rule_ids(&o), ["MAM-ECS-011"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["findings"][0];
    assert!(f["message"].as_str().unwrap().contains("`Owner`, `CostCenter`"), "{f}");
    assert_eq!(f["location"]["start_line"], 1);
    assert_eq!(run(&["scan", dir, "--no-config"]).status.code(), Some(0));
}

#[test]
fn several_formats_at_once_with_output_format_equals_file() {
    let d = tempdir("several-formats");
    let tf = write(
        &d,
        "main.tf",
        "resource \"aws_ecs_cluster\" \"c\" {\n  name = \"c\"\n}\n",
    );
    let json = d.join("report.json");
    let text = d.join("report.txt");
    let o = run(&[
        "scan",
        tf.to_str().unwrap(),
        "--output",
        &format!("json={}", json.display()),
        "-o",
        &format!("TEXT={}", text.display()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    // Standard output keeps the --format report (text by default).
    assert!(stdout(&o).contains("MAM-ECS-001"), "{}", stdout(&o));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["findings"][0]["rule"], "MAM-ECS-001");
    let t = std::fs::read_to_string(&text).unwrap();
    assert!(
        t.contains("MAM-ECS-001") && !t.contains('\u{1b}'),
        "no colour in a file: {t}"
    );
    // A plain FILE takes the --format report instead of standard output.
    let plain = d.join("plain.json");
    let o = run(&[
        "scan",
        tf.to_str().unwrap(),
        "-f",
        "json",
        "-o",
        plain.to_str().unwrap(),
    ]);
    assert!(stdout(&o).is_empty());
    assert!(std::fs::read_to_string(&plain).unwrap().contains("\"MAM-ECS-001\""));
    // An unknown format is a usage error naming the formats.
    let o = run(&["scan", tf.to_str().unwrap(), "-f", "yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("text, json"));
}

#[test]
fn format_help_lists_every_format() {
    let all = "text, json, sarif, junit, csv, markdown, gitlab-sast, html";
    let en = stdout(&run(&["scan", "--help", "--lang", "en"]));
    assert!(en.contains(&format!("[possible values: {all}]")), "{en}");
    let ja = stdout(&run(&["scan", "--help", "--lang", "ja"]));
    assert!(ja.contains(&format!("（値: {all}）")), "{ja}");
}

#[test]
fn help_speaks_the_language_asked_for() {
    let ja = run(&["scan", "--help", "--lang", "ja"]);
    assert_eq!(ja.status.code(), Some(0));
    let t = stdout(&ja);
    assert!(
        t.contains("使い方") && t.contains("スキャンするファイルとフォルダー"),
        "{t}"
    );
    // From the locale too, before any argument is parsed.
    let o = mamori().env("LANG", "ja_JP.UTF-8").arg("--help").output().unwrap();
    assert!(stdout(&o).contains("コマンド:"), "{}", stdout(&o));
    let en = stdout(&run(&["scan", "--help", "--lang", "en"]));
    assert!(
        en.contains("Usage:") && en.contains("Files and folders to scan"),
        "{en}"
    );
}

#[test]
fn dockerfiles_by_name_by_content_and_from_standard_input_with_errors_by_line() {
    let d = tempdir("dockerfiles");
    // A malformed Dockerfile: an unknown instruction and an unclosed heredoc, with a finding
    // (port 22) on a line the reader could still read.
    write(
        &d,
        "Dockerfile",
        "FROM alpine:3.20\nEXPOSE 22\nFROBNICATE now\nRUN <<EOF\necho never closed\n",
    );
    // Recognised by content; a Markdown file and a text file that mention FROM are not.
    write(&d, "build-image", "ARG V=3.20\nFROM alpine:$V\nUSER root\n");
    write(&d, "NOTES.md", "FROM alpine:3.20\nUSER root\n");
    write(&d, "words", "From the start, this is prose.\nRun it.\n");
    let o = run(&["scan", d.to_str().unwrap(), "--format", "json", "--no-config"]);
    assert_eq!(o.status.code(), Some(2), "a Dockerfile that fails to parse: exit 2");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<(String, u64)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["message"].as_str().unwrap().to_string(), e["line"].as_u64().unwrap()))
        .collect();
    assert!(
        errors.contains(&("unknown instruction `FROBNICATE`".to_string(), 3)),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|(m, l)| *l == 4 && m.contains("`<<EOF` is not closed")),
        "{errors:?}"
    );
    let found = |file: &str, rule: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == rule && f["location"]["path"].as_str().unwrap().ends_with(file))
    };
    assert!(found("/Dockerfile", "MAM-DKR-003"));
    assert!(found("/build-image", "MAM-DKR-001"));
    assert_eq!(v["summary"]["resources"], 2, "NOTES.md and words are not Dockerfiles");
    // From standard input.
    let mut child = mamori()
        .args(["scan", "-", "--format", "json", "--no-config"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"FROM nginx:latest\nUSER nginx\nHEALTHCHECK CMD true\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["MAM-DKR-002"]);
    assert_eq!(v["findings"][0]["attribute"], "stages[#1].from");
}

#[test]
fn iam_get_role_output_is_read_with_its_trust_policy() {
    let d = common::tempdir("get-role");
    let role = r#"{"Role": {"Path": "/", "RoleName": "app", "RoleId": "AROAEXAMPLE",
      "Arn": "arn:aws:iam::123456789012:role/app",
      "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}}}"#;
    common::write(&d, "role.json", role);
    let o = run(&["scan", d.to_str().unwrap(), "--no-config", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "MAM-K8S-120");
    assert_eq!(f["resource"]["address"], "arn:aws:iam::123456789012:role/app");
    assert_eq!(f["resource"]["source"], "aws-api-json");
    assert_eq!(f["resource"]["source_type"], "get-role");
    assert_eq!(f["location"]["start_line"], 3);
    // Not a live resource: no region or account.
    assert!(f["resource"].get("account").is_none());
}

#[test]
fn a_live_scan_without_credentials_stops_with_a_message() {
    // No credentials anywhere: the default chain ends at the instance metadata service, reached
    // through the HTTP client mamori gives aws-config (without one it would panic here), and
    // refused on a closed port.
    let mut c = mamori();
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") {
            c.env_remove(k);
        }
    }
    let o = c
        .args(["scan", "--aws", "--no-config", "--region", "us-east-1"])
        .args(["--endpoint-url", "http://127.0.0.1:9"])
        .env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9")
        .env("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "1")
        .env("AWS_METADATA_SERVICE_TIMEOUT", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("mamori: cannot identify the AWS account: credentials: "),
        "{err}"
    );
    assert!(err.contains("could not communicate with IMDS"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
