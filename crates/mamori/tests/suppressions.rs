//! Suppressions as a team uses them: inline comments in every format, CloudFormation Metadata,
//! mamori.toml entries, other scanners' comments, and the `mamori suppressions` audit.

use serde_json::Value;
use std::path::Path;

mod common;
use common::*;

/// Rule ids and lines of the findings of a JSON report.
fn findings(v: &Value, key: &str) -> Vec<(String, u64)> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["location"]["start_line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn scan_json(dir: &Path, extra: &[&str]) -> (Option<i32>, Value, String) {
    let mut args = vec!["scan", dir.to_str().unwrap(), "--format", "json", "--no-config"];
    args.extend_from_slice(extra);
    let o = run(&args);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)));
    (o.status.code(), v, String::from_utf8_lossy(&o.stderr).to_string())
}

const TF: &str = r#"# mamori:ignore ECS.12 reason="dev cluster: metrics are not needed" until=2099-12-31
resource "aws_ecs_cluster" "dev" {
  name = "dev"
}

resource "aws_ecs_cluster" "prod" {
  name = "prod"
  setting {
    name  = "containerInsights"
    value = "disabled" # mamori:ignore MAM-ECS-001 reason="cost review in progress"
  }
}

resource "aws_ecs_cluster" "unreasoned" {
  name = "unreasoned"
  // mamori:ignore MAM-ECS-001
}

/* mamori:ignore MAM-ECS-001 reason="migrated" until=2020-01-01 */
resource "aws_ecs_cluster" "expired" {
  name = "expired"
}

resource "aws_ecs_cluster" "open" {
  name = "open"
}

resource "aws_ecs_cluster" "typo" { # mamori:ignore MAM-ECS-991 reason="wrong id"
  name = "typo"
}
"#;

#[test]
fn hcl_comments_above_a_block_on_a_line_and_their_problems() {
    let d = tempdir("sup-hcl");
    write(&d, "main.tf", TF);
    let (code, v, _) = scan_json(&d, &[]);
    assert_eq!(code, Some(1));
    // Still reported: no reason (14), expired (20), none (24), unknown rule (28).
    assert_eq!(
        findings(&v, "findings"),
        [
            ("MAM-ECS-001".to_string(), 14),
            ("MAM-ECS-001".to_string(), 20),
            ("MAM-ECS-001".to_string(), 24),
            ("MAM-ECS-001".to_string(), 28)
        ]
    );
    assert_eq!(
        findings(&v, "suppressed"),
        [("MAM-ECS-001".to_string(), 2), ("MAM-ECS-001".to_string(), 10)]
    );
    let s = &v["suppressed"][0]["suppression"];
    assert_eq!(s["syntax"], "mamori");
    assert_eq!(s["reason"], "dev cluster: metrics are not needed");
    assert_eq!(s["until"], "2099-12-31");
    assert!(s["at"].as_str().unwrap().ends_with("main.tf:1"), "{s}");
    assert_eq!(v["summary"]["suppressed"], 2);
    // Each suppression that silences nothing says why.
    let notes: Vec<String> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| format!("{}: {}", n["line"], n["message"].as_str().unwrap()))
        .collect();
    assert!(
        notes.iter().any(|n| n.starts_with("16: ") && n.contains("no reason")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("19: ") && n.contains("expired on 2020-01-01")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.starts_with("28: ") && n.contains("MAM-ECS-991")),
        "{notes:?}"
    );
}

#[test]
fn no_inline_suppressions_reports_everything() {
    let d = tempdir("sup-off");
    write(&d, "main.tf", TF);
    let (_, v, _) = scan_json(&d, &["--no-inline-suppressions"]);
    assert_eq!(v["findings"].as_array().unwrap().len(), 6);
    assert_eq!(v["suppressed"].as_array().unwrap().len(), 0);
}

#[test]
fn yaml_comments_and_cloudformation_metadata() {
    let d = tempdir("sup-cfn");
    write(
        &d,
        "stack.yaml",
        r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # mamori:ignore ECS.12 reason="short-lived test cluster"
  TestCluster:
    Type: AWS::ECS::Cluster
  MetaCluster:
    Type: AWS::ECS::Cluster
    Metadata:
      mamori:
        ignore:
          - rule: MAM-ECS-001
            reason: Insights are on at the account level
  CheckovCluster:
    Type: AWS::ECS::Cluster
    Metadata:
      checkov:
        skip:
          - id: CKV_AWS_65
            comment: legacy
  Service:
    Type: AWS::ECS::Service
    Properties:
      LaunchType: FARGATE
      NetworkConfiguration:
        AwsvpcConfiguration:
          # mamori:ignore MAM-ECS-003 reason="public demo service"
          AssignPublicIp: ENABLED
          Subnets: [subnet-1]
  OpenCluster:
    Type: AWS::ECS::Cluster
"#,
    );
    let (_, v, _) = scan_json(&d, &[]);
    assert_eq!(findings(&v, "findings"), [("MAM-ECS-001".to_string(), 29)]);
    let sup = findings(&v, "suppressed");
    assert_eq!(
        sup,
        [
            ("MAM-ECS-001".to_string(), 4),
            ("MAM-ECS-001".to_string(), 6),
            ("MAM-ECS-001".to_string(), 13),
            ("MAM-ECS-003".to_string(), 27)
        ]
    );
    let syntaxes: Vec<&str> = v["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["suppression"]["syntax"].as_str().unwrap())
        .collect();
    assert_eq!(syntaxes, ["mamori", "mamori", "checkov", "mamori"]);
    assert_eq!(v["summary"]["suppressed_by_other_scanners_comments"], 1);
    assert_eq!(v["summary"]["other_scanners_comments_honoured"], true);
}

#[test]
fn foreign_comments_apply_to_the_rules_that_share_their_ids_and_can_be_turned_off() {
    let d = tempdir("sup-foreign");
    write(
        &d,
        "main.tf",
        r#"resource "aws_ecs_cluster" "a" { # checkov:skip=CKV_AWS_65:not for this cluster
  name = "a"
}

#trivy:ignore:AVD-AWS-0034
resource "aws_ecs_cluster" "b" {
  name = "b"
}

# checkov:skip=CKV_AWS_999:a check mamori does not have
resource "aws_ecs_cluster" "c" {
  name = "c"
}
"#,
    );
    let (_, on, _) = scan_json(&d, &[]);
    assert_eq!(findings(&on, "findings"), [("MAM-ECS-001".to_string(), 11)]);
    assert_eq!(on["summary"]["suppressed_by_other_scanners_comments"], 2);
    let (_, off, _) = scan_json(&d, &["--honour-foreign-ignores=false"]);
    assert_eq!(off["findings"].as_array().unwrap().len(), 3);
    assert_eq!(off["summary"]["other_scanners_comments_honoured"], false);
    let o = run(&[
        "scan",
        d.to_str().unwrap(),
        "--no-config",
        "--honour-foreign-ignores=false",
    ]);
    assert!(
        stdout(&o).contains("other scanners' ignore comments: not honoured"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_comment_above_a_counted_block_covers_every_instance() {
    let d = tempdir("sup-count");
    write(
        &d,
        "main.tf",
        r#"# mamori:ignore ECS.12 reason="short-lived review clusters"
resource "aws_ecs_cluster" "review" {
  for_each = toset(["a", "b", "c"])
  name     = "review-${each.key}"
}

resource "aws_ecs_cluster" "pool" { # checkov:skip=CKV_AWS_65:pool clusters
  count = 2
  name  = "pool-${count.index}"
}
"#,
    );
    let (code, v, _) = scan_json(&d, &[]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["suppressed"].as_array().unwrap().len(), 5);
}

#[test]
fn kics_comments_apply_only_to_the_rules_with_a_kics_equivalent() {
    let d = tempdir("sup-kics");
    // KICS reports a cluster's disabled Container Insights at the resource's first line, so a
    // line skipped there covers the resource, wherever mamori points.
    write(
        &d,
        "line.tf",
        r#"# kics-scan ignore-line
resource "aws_ecs_cluster" "hushed" {
  name = "hushed"
  setting {
    name  = "containerInsights"
    value = "disabled"
  }
}
"#,
    );
    write(
        &d,
        "main.tf",
        r#"# kics-scan ignore-block
resource "aws_ecs_cluster" "quiet" {
  name = "quiet"
}

resource "aws_ecs_cluster" "loud" {
  name = "loud"
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.loud.id
  task_definition = "web:1"
  launch_type     = "FARGATE"
  network_configuration {
    subnets          = ["subnet-1"]
    # kics-scan ignore-line
    assign_public_ip = true
  }
}

resource "aws_ecs_task_definition" "host" {
  family                   = "host"
  requires_compatibilities = ["EC2"]
  # kics-scan ignore-line
  network_mode             = "host"
  container_definitions = jsonencode([{ name = "app", image = "app:1.0" }])
}
"#,
    );
    let (_, on, _) = scan_json(&d, &[]);
    let kept = findings(&on, "findings");
    let silenced = findings(&on, "suppressed");
    // MAM-ECS-001 and MAM-ECS-003 declare KICS queries as equivalents: the block and the line
    // KICS skips are skipped here too.
    assert_eq!(
        silenced,
        [
            ("MAM-ECS-001".to_string(), 6),
            ("MAM-ECS-001".to_string(), 2),
            ("MAM-ECS-003".to_string(), 18)
        ]
    );
    assert!(
        on["suppressed"][0]["location"]["path"]
            .as_str()
            .unwrap()
            .ends_with("line.tf")
    );
    assert!(kept.contains(&("MAM-ECS-001".to_string(), 6)), "{kept:?}");
    // KICS's network-mode query also fails `bridge`, so it is no equivalent of MAM-ECS-013: a
    // KICS comment does not silence it.
    assert!(kept.contains(&("MAM-ECS-013".to_string(), 26)), "{kept:?}");
    assert_eq!(on["summary"]["suppressed_by_other_scanners_comments"], 3);
}

#[test]
fn a_resource_comment_covers_findings_in_the_files_it_reads() {
    let d = tempdir("sup-file");
    write(
        &d,
        "containers.json",
        r#"[{"name": "app", "image": "nginx:1.27", "privileged": true, "essential": true}]"#,
    );
    write(
        &d,
        "main.tf",
        r#"# mamori:ignore MAM-ECS-006 reason="needs /dev/fuse; tracked in SEC-42"
resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = file("${path.module}/containers.json")
}
"#,
    );
    let (_, v, _) = scan_json(&d, &[]);
    let sup: Vec<(String, String)> = v["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["location"]["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        sup.iter()
            .any(|(r, p)| r == "MAM-ECS-006" && p.ends_with("containers.json")),
        "{sup:?}"
    );
    assert!(!findings(&v, "findings").iter().any(|(r, _)| r == "MAM-ECS-006"));
    // Other rules on the same resource are still reported.
    assert!(findings(&v, "findings").iter().any(|(r, _)| r == "MAM-ECS-007"));
}

#[test]
fn mamori_toml_suppresses_by_rule_path_and_resource_with_a_reason() {
    let d = tempdir("sup-toml");
    std::fs::create_dir_all(d.join("vendor/mod")).unwrap();
    write(
        &d.join("vendor/mod"),
        "main.tf",
        "resource \"aws_ecs_cluster\" \"v\" {\n  name = \"v\"\n}\n",
    );
    write(
        &d,
        "main.tf",
        "resource \"aws_ecs_cluster\" \"legacy_a\" {\n  name = \"a\"\n}\nresource \"aws_ecs_cluster\" \"new\" {\n  name = \"n\"\n}\n",
    );
    write(
        &d,
        "mamori.toml",
        r#"[[suppress]]
rules = ["ECS.12"]
paths = ["vendor"]
reason = "third-party module"

[[suppress]]
rules = ["MAM-ECS-001"]
resources = ["aws_ecs_cluster.legacy_*"]
reason = "being retired"
until = 2099-01-31
"#,
    );
    let o = run(&["scan", d.to_str().unwrap(), "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(findings(&v, "findings"), [("MAM-ECS-001".to_string(), 4)]);
    let reasons: Vec<&str> = v["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["suppression"]["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons.len(), 2);
    assert!(reasons.contains(&"third-party module") && reasons.contains(&"being retired"));
    assert_eq!(v["suppressed"][0]["suppression"]["in_source"], false);
    // Inline suppressions off: the mamori.toml entries still hold.
    let o = run(&[
        "scan",
        d.to_str().unwrap(),
        "--format",
        "json",
        "--no-inline-suppressions",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["suppressed"].as_array().unwrap().len(), 2);
    // An entry without a reason is refused, naming the file and the line.
    write(&d, "mamori.toml", "[[suppress]]\nrules = [\"ECS.12\"]\n");
    let o = run(&["scan", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("mamori.toml:1:") && err.contains("reason"), "{err}");
}

#[test]
fn the_audit_lists_status_reason_and_author() {
    let d = tempdir("sup-audit");
    write(&d, "main.tf", TF);
    write(
        &d,
        "mamori.toml",
        "[[suppress]]\nrules = [\"MAM-ECS-005\"]\nreason = \"no task definitions here yet\"\n",
    );
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(&d)
            .args(args)
            .env("GIT_AUTHOR_NAME", "Hanako Yamada")
            .env("GIT_AUTHOR_EMAIL", "hanako@example.com")
            .env("GIT_COMMITTER_NAME", "Hanako Yamada")
            .env("GIT_COMMITTER_EMAIL", "hanako@example.com")
            .env("GIT_AUTHOR_DATE", "2026-04-01T10:00:00Z")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    let have_git = git(&["init", "-q"]) && git(&["add", "."]) && git(&["commit", "-q", "-m", "infra"]);
    let o = run(&["suppressions", d.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v["suppressions"].as_array().unwrap();
    let status: Vec<(u64, &str)> = rows
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        status,
        [
            (1, "active"),
            (10, "active"),
            (16, "invalid"),
            (19, "expired"),
            (28, "invalid"),
            (1, "unused")
        ]
    );
    assert_eq!(rows[5]["where"], "config");
    assert_eq!(v["summary"]["problems"], 4);
    if have_git {
        assert_eq!(rows[0]["author"], "Hanako Yamada <hanako@example.com>, 2026-04-01");
    }
    let text = stdout(&run(&["suppressions", d.to_str().unwrap(), "--no-blame"]));
    assert!(text.contains("[expired] MAM-ECS-001  expired on 2020-01-01"), "{text}");
    assert!(text.ends_with("6 suppressions, 4 needing attention\n"), "{text}");
    // Only the valid, used ones: exit 0.
    let clean = tempdir("sup-audit-clean");
    write(
        &clean,
        "main.tf",
        &TF[..TF.find("resource \"aws_ecs_cluster\" \"prod\"").unwrap()],
    );
    let o = run(&["suppressions", clean.to_str().unwrap(), "--no-config", "--no-blame"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn kubernetes_annotations_and_comments() {
    let d = tempdir("sup-k8s");
    write(
        &d,
        "agents.yaml",
        r#"apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
  namespace: monitoring
  annotations:
    mamori.io/ignore: |
      MAM-K8S-001,MAM-K8S-004: reads the node's metrics through its network and /proc until=2099-12-31
      MAM-K8S-005
spec:
  selector:
    matchLabels:
      app: node-exporter
  template:
    metadata:
      labels:
        app: node-exporter
    spec:
      hostNetwork: true
      hostPID: true
      containers:
        - name: exporter
          image: quay.io/prometheus/node-exporter:v1.8.2
          ports:
            - containerPort: 9100
              hostPort: 9100
      volumes:
        - name: proc
          hostPath:
            path: /proc
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
  annotations:
    checkov.io/skip1: CKV_K8S_16=break-glass debugging pod
spec:
  containers:
    - name: shell
      image: alpine:3.20
      securityContext:
        privileged: true # mamori:ignore MAM-K8S-002 reason="also covered by the comment"
        # mamori:ignore MAM-K8S-014 reason="the debugging shell escalates on purpose"
        allowPrivilegeEscalation: true
"#,
    );
    let baseline = ["--pss-profile", "baseline"];
    let (_, v, _) = scan_json(&d, &baseline);
    // Suppressed: hostNetwork and hostPID (001, one finding each) and hostPath (004) by the
    // annotation; the privileged pod by Checkov's annotation and by the comment. Still reported
    // among the Pod Security Standards rules (MAM-K8S-0xx): the host port, whose entry has no
    // reason.
    let pss: Vec<(String, u64)> = findings(&v, "findings")
        .into_iter()
        .filter(|(rule, _)| rule.starts_with("MAM-K8S-0"))
        .collect();
    assert_eq!(pss, [("MAM-K8S-005".to_string(), 26)]);
    let mut sup = findings(&v, "suppressed");
    sup.sort();
    assert_eq!(
        sup,
        [
            ("MAM-K8S-001".to_string(), 19),
            ("MAM-K8S-001".to_string(), 20),
            ("MAM-K8S-002".to_string(), 43),
            ("MAM-K8S-004".to_string(), 29),
        ]
    );
    // The entry without a reason is reported where it is written.
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["file"].as_str().is_some_and(|f| f.ends_with("agents.yaml"))
                && n["line"] == 9
                && n["message"].as_str().is_some_and(|m| m.contains("reason"))),
        "{notes:?}"
    );
    // Under Restricted the comment above `allowPrivilegeEscalation` silences MAM-K8S-014 there.
    let (_, r, _) = scan_json(&d, &[]);
    let silenced: Vec<(String, u64)> = findings(&r, "suppressed")
        .into_iter()
        .filter(|(rule, _)| rule == "MAM-K8S-014")
        .collect();
    assert_eq!(silenced, [("MAM-K8S-014".to_string(), 45)]);
}

/// A repository policy declared apart from its repository is a resource of its own: a comment on
/// its block silences its findings, and only its findings (the repository's stay).
#[test]
fn a_comment_on_an_ecr_repository_policy_block_silences_its_statement() {
    let dir = tempdir("suppress-ecr-policy");
    std::fs::write(
        dir.join("main.tf"),
        r#"resource "aws_ecr_repository" "app" {
  name = "myapp"
}

# mamori:ignore MAM-ECR-005 reason="public base images, published on purpose"
resource "aws_ecr_repository_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    Statement = [{ Sid = "Public", Effect = "Allow", Principal = "*", Action = "ecr:BatchGetImage" }]
  })
}

resource "aws_ecr_repository_policy" "other" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    Statement = [{ Sid = "AlsoPublic", Effect = "Allow", Principal = "*", Action = "ecr:PutImage" }]
  })
}
"#,
    )
    .unwrap();
    let (_, v, _) = scan_json(&dir, &[]);
    let policy: Vec<(String, u64)> = findings(&v, "findings")
        .into_iter()
        .filter(|(r, _)| r == "MAM-ECR-005")
        .collect();
    assert_eq!(policy, [("MAM-ECR-005".to_string(), 16)]);
    assert_eq!(findings(&v, "suppressed"), [("MAM-ECR-005".to_string(), 9)]);
}

#[test]
fn dockerfile_comments_of_mamori_checkov_and_trivy() {
    let d = tempdir("sup-docker");
    write(
        &d,
        "Dockerfile",
        r#"# syntax=docker/dockerfile:1
# checkov:skip=CKV_DOCKER_2:the orchestrator probes this service
FROM debian:12 AS build
# mamori:ignore MAM-DKR-006 reason="the index is refreshed for a cache warm-up step"
RUN apt-get update
RUN apt-get update \
    # mamori:ignore MAM-DKR-008 reason="internal mirror with a self-signed certificate"
 && curl -k https://mirror.internal/tool -o /tmp/tool
FROM build
#trivy:ignore:DS002
USER root
EXPOSE 22
"#,
    );
    let (code, v, _) = scan_json(&d, &[]);
    assert_eq!(code, Some(1));
    // Reported: the second lone update (6), port 22 (12). Silenced: the first update (5, the
    // comment above it), curl -k (8, the comment on the continuation line above it), root (11,
    // Trivy's id), the health check (3, Checkov's comment covers the whole file).
    assert_eq!(
        findings(&v, "findings"),
        [("MAM-DKR-006".to_string(), 6), ("MAM-DKR-003".to_string(), 12)]
    );
    let mut silenced = findings(&v, "suppressed");
    silenced.sort();
    assert_eq!(
        silenced,
        [
            ("MAM-DKR-001".to_string(), 11),
            ("MAM-DKR-006".to_string(), 5),
            ("MAM-DKR-008".to_string(), 8),
            ("MAM-DKR-011".to_string(), 9),
        ]
    );
    assert_eq!(v["summary"]["suppressed_by_other_scanners_comments"], 2);
    // A Dockerfile of another name is recognised by its content, comments included.
    let e = tempdir("sup-docker-content");
    write(
        &e,
        "build-image",
        "FROM alpine:3.20\n# mamori:ignore MAM-DKR-003 reason=\"lab bastion\"\nEXPOSE 22\n",
    );
    let (_, v, _) = scan_json(&e, &[]);
    assert_eq!(
        findings(&v, "findings"),
        [("MAM-DKR-001".to_string(), 1), ("MAM-DKR-011".to_string(), 1)]
    );
    assert_eq!(findings(&v, "suppressed"), [("MAM-DKR-003".to_string(), 3)]);
}
