//! The RBAC, identity, namespace and hygiene rules (MAM-K8S-1xx) on whole manifests: the node
//! shell pod is caught by every service-account, namespace and hygiene control it breaks, the
//! reference hardened deployment is clean of every Kubernetes rule, a wildcard role is reported by
//! each rule whose permission it grants, and Kubernetes' own roles and bindings are not judged.

use mamori_iac::{Level, ScanOptions};
use mamori_model::Inventory;
use mamori_rules::{Params, Rule, RuleSelection};
use std::collections::BTreeSet;
use std::path::Path;

fn inventory(files: &[&str], stdin: Option<&str>) -> Inventory {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/k8s");
    let paths: Vec<_> = files.iter().map(|f| dir.join(f)).collect();
    let input = mamori_iac::scan(&ScanOptions {
        paths,
        stdin: stdin.map(str::to_string),
        ..Default::default()
    })
    .unwrap();
    let errors: Vec<_> = input.diagnostics.iter().filter(|d| d.level == Level::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut inv = Inventory::new();
    inv.extend(input.resources);
    inv
}

fn rules(prefix: &str) -> Vec<&'static dyn Rule> {
    mamori_rules::all()
        .into_iter()
        .filter(|r| r.meta().id.starts_with(prefix))
        .collect()
}

/// (rule, attribute) of every finding, and the rules that passed a resource.
fn run(inv: &Inventory, prefix: &str) -> (Vec<(String, String)>, BTreeSet<&'static str>, BTreeSet<&'static str>) {
    let out = mamori_rules::run(inv, &rules(prefix), &Params::default(), &RuleSelection::default());
    assert!(out.undecided.is_empty(), "{:?}", out.undecided);
    let mut f: Vec<(String, String)> = out
        .findings
        .iter()
        .map(|f| (f.rule_id.to_string(), f.attribute.clone()))
        .collect();
    f.sort();
    let controls = out.findings.iter().flat_map(|f| f.controls.iter().copied()).collect();
    let passed = out.passes.iter().map(|p| p.rule_id).collect();
    (f, controls, passed)
}

#[test]
fn the_node_shell_pod_breaks_the_service_account_namespace_and_hygiene_controls() {
    let inv = inventory(&["node-shell.yaml"], None);
    let (findings, controls, _) = run(&inv, "MAM-K8S-1");
    let c = "spec.containers[shell]";
    let want: Vec<(String, String)> = [
        ("MAM-K8S-112", "spec.serviceAccountName".to_string()),
        ("MAM-K8S-113", "spec.automountServiceAccountToken".into()),
        ("MAM-K8S-115", "metadata.namespace".into()),
        ("MAM-K8S-121", format!("{c}.resources.limits.cpu")),
        ("MAM-K8S-121", format!("{c}.resources.limits.memory")),
        ("MAM-K8S-123", format!("{c}.securityContext.readOnlyRootFilesystem")),
    ]
    .into_iter()
    .map(|(r, a)| (r.to_string(), a))
    .collect();
    assert_eq!(findings, want);
    for control in [
        "cis-eks-1.8/4.1.5",
        "cis-eks-1.8/4.1.6",
        "cis-eks-1.8/4.5.2",
        "cis-k8s-1.12/5.1.5",
        "cis-k8s-1.12/5.1.6",
        "cis-k8s-1.12/5.6.4",
    ] {
        assert!(controls.contains(control), "{control}");
    }
    // A lone pod says nothing about the cluster's network policies: 4.3.2 is not judged.
    assert!(!controls.contains("cis-eks-1.8/4.3.2"));
}

#[test]
fn the_hardened_deployment_is_clean_of_every_kubernetes_rule() {
    let inv = inventory(&["hardened.yaml"], None);
    let (findings, _, passed) = run(&inv, "MAM-K8S-");
    assert_eq!(findings, Vec::<(String, String)>::new());
    // It was judged: its service account, namespace, secrets and hygiene checks passed.
    for id in [
        "MAM-K8S-112",
        "MAM-K8S-113",
        "MAM-K8S-114",
        "MAM-K8S-115",
        "MAM-K8S-116",
        "MAM-K8S-121",
        "MAM-K8S-122",
        "MAM-K8S-123",
    ] {
        assert!(passed.contains(id), "{id} did not judge the hardened deployment");
    }
}

const WILDCARD: &str = r#"apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: everything
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:controller:everything
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cluster-admin
  labels:
    kubernetes.io/bootstrapping: rbac-defaults
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
"#;

#[test]
fn a_wildcard_role_is_reported_by_every_rule_whose_permission_it_grants() {
    let inv = inventory(&[], Some(WILDCARD));
    let (findings, controls, passed) = run(&inv, "MAM-K8S-1");
    let ids: Vec<&str> = findings.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        ids,
        [
            "MAM-K8S-102",
            "MAM-K8S-103",
            "MAM-K8S-104",
            "MAM-K8S-105",
            "MAM-K8S-106",
            "MAM-K8S-107",
            "MAM-K8S-108",
            "MAM-K8S-109",
            "MAM-K8S-110"
        ]
    );
    assert!(findings.iter().all(|(_, a)| a == "rules[#1]"));
    // Every CIS EKS 4.1 item about role contents fails for this one role.
    for item in [
        "4.1.2", "4.1.3", "4.1.4", "4.1.8", "4.1.9", "4.1.10", "4.1.11", "4.1.12",
    ] {
        assert!(controls.contains(format!("cis-eks-1.8/{item}").as_str()), "{item}");
    }
    // The built-in roles (a `system:` name, the bootstrapping label) are neither failed nor passed.
    assert!(passed.is_empty(), "{passed:?}");
}
