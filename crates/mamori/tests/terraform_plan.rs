//! A Terraform plan's JSON scanned with its configuration beside it: findings point at the `.tf`
//! lines, and the JSON report says what each location points at.

mod common;

use common::mamori;
use serde_json::Value;
use std::path::Path;

fn scan_json(plan: &Path) -> Value {
    let o = mamori()
        .args(["scan", "--no-config", "--format", "json", "--lang", "en"])
        .arg(plan)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    serde_json::from_slice(&o.stdout).unwrap()
}

/// `(rule, address, path ending, line, points_at)` of every finding and undecided check.
fn located(v: &Value, list: &str) -> Vec<(String, String, String, u64, String)> {
    let mut out: Vec<_> = v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["location"]["path"].as_str().unwrap();
            let short = path.rsplit_once("tf-plan-beside/").map_or(path, |(_, p)| p);
            (
                f["rule"].as_str().unwrap().to_string(),
                f["resource"]["address"].as_str().unwrap().to_string(),
                short.to_string(),
                f["location"]["start_line"].as_u64().unwrap(),
                f["plan"]["points_at"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn plan_findings_point_at_the_configuration_and_say_so() {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mamori-iac/tests/data/tf-plan-beside/plan.json");
    let v = scan_json(&plan);
    let findings = located(&v, "findings");
    let t = |r: &str, a: &str, p: &str, l: u64, at: &str| (r.into(), a.into(), p.into(), l, at.into());
    assert!(findings.contains(&t("MAM-ECS-001", "aws_ecs_cluster.main", "main.tf", 6, "attribute")));
    assert!(findings.contains(&t(
        "MAM-ECS-003",
        "module.svc[\"api\"].aws_ecs_service.this",
        "modules/service/main.tf",
        23,
        "attribute"
    )));
    // Declared in no .tf file: the plan's own line.
    assert!(findings.contains(&t(
        "MAM-ECS-006",
        "aws_ecs_task_definition.app",
        "plan.json",
        49,
        "plan"
    )));
    // The platform version is computed by the provider, not written: the resource block.
    let undecided = located(&v, "undecided");
    assert_eq!(
        undecided,
        [
            t(
                "MAM-ECS-002",
                "module.svc[\"api\"].aws_ecs_service.this",
                "modules/service/main.tf",
                9,
                "resource"
            ),
            t(
                "MAM-ECS-002",
                "module.svc[\"worker\"].aws_ecs_service.this",
                "modules/service/main.tf",
                9,
                "resource"
            ),
        ]
    );
    assert!(v["findings"].as_array().unwrap().iter().all(|f| {
        f["plan"]["path"]
            .as_str()
            .unwrap()
            .ends_with("tf-plan-beside/plan.json")
    }));
}

#[test]
fn plan_findings_quote_the_tf_line_in_the_text_report() {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mamori-iac/tests/data/tf-plan-beside/plan.json");
    let o = mamori()
        .args(["scan", "--no-config", "--lang", "en"])
        .arg(&plan)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("23 |     assign_public_ip = var.public"), "{text}");
    // Which plan the finding was read from.
    assert!(
        text.contains("main.tf:23:24  module.svc[\"api\"].aws_ecs_service.this  (plan: ")
            && text.contains("tf-plan-beside/plan.json)"),
        "{text}"
    );
}

#[test]
fn sarif_results_of_a_plan_say_what_they_point_at() {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mamori-iac/tests/data/tf-plan-beside/plan.json");
    let o = mamori()
        .args(["scan", "--no-config", "--format", "sarif", "--lang", "en"])
        .arg(&plan)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let public_ip = results
        .iter()
        .find(|r| r["ruleId"] == "MAM-ECS-003")
        .expect("the public IP finding");
    assert_eq!(public_ip["properties"]["plan"]["pointsAt"], "attribute");
    let uri = public_ip["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("tf-plan-beside/modules/service/main.tf"), "{uri}");
    assert_eq!(public_ip["locations"][0]["physicalLocation"]["region"]["startLine"], 23);
}
