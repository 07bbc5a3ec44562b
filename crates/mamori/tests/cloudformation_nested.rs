//! Nested CloudFormation stacks: a template that deploys local templates is read with them, at
//! `Parent/Child` addresses, and the templates it deploys are not read again on their own.

mod common;

use common::mamori;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../mamori-iac/tests/data/cfn-nested")
}

/// `(rule, address, attribute, file under the fixture, line)` of every finding.
fn findings(path: &Path) -> Vec<(String, String, String, String, u64)> {
    let o = mamori()
        .args(["scan", "--no-config", "--format", "json", "--lang", "en"])
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut out: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = f["location"]["path"].as_str().unwrap();
            (
                f["rule"].as_str().unwrap().to_string(),
                f["resource"]["address"].as_str().unwrap().to_string(),
                f["attribute"].as_str().unwrap().to_string(),
                p.rsplit_once("cfn-nested/").unwrap().1.to_string(),
                f["location"]["start_line"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn nested_stacks_are_read_through_their_parent() {
    let all = findings(&fixture());
    let t = |r: &str, a: &str, attr: &str, p: &str, l: u64| (r.into(), a.into(), attr.into(), p.into(), l);
    // The child's service, at the child's line, with the value the parent passes.
    assert!(all.contains(&t(
        "MAM-ECS-003",
        "Services/Web",
        "networkConfiguration.awsvpcConfiguration.assignPublicIp",
        "services/services.yaml",
        26
    )));
    // Linked to the cluster of the parent template (no ECS Exec configuration there).
    assert!(all.contains(&t(
        "MAM-ECS-028",
        "Services/Web",
        "cluster.configuration.executeCommandConfiguration.kmsKeyId",
        "services/services.yaml",
        22
    )));
    // The child templates are not read on their own: every resource is under the root's tree.
    assert!(all.iter().all(|f| f.1.starts_with("Services/")), "{all:?}");
    // Scanning the root template alone finds the same.
    assert_eq!(findings(&fixture().join("root.yaml")), all);
}

#[test]
fn a_template_followed_through_an_evaluated_url_is_not_read_again() {
    let d = common::tempdir("cfn-nested-sub");
    common::write(
        &d,
        "parent.yaml",
        "Parameters:\n  Part:\n    Type: String\n    Default: child\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: !Sub \"./${Part}.yaml\"\n",
    );
    common::write(
        &d,
        "child.yaml",
        "Resources:\n  Cluster:\n    Type: AWS::ECS::Cluster\n",
    );
    let o = mamori()
        .args(["scan", "--no-config", "--format", "json", "--lang", "en"])
        .arg(&d)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let addresses: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"]["address"].as_str().unwrap())
        .collect();
    assert!(!addresses.is_empty());
    assert!(addresses.iter().all(|a| *a == "Child/Cluster"), "{addresses:?}");
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["message"].as_str().unwrap())
        .collect();
    assert!(
        notes.iter().any(
            |n| n.starts_with("this template is deployed as a nested stack in the stacks of ")
                && n.contains("parent.yaml")
        ),
        "{notes:?}"
    );
}
