//! The Pod Security Standards rules (MAM-K8S-0xx) on whole manifests: the reference hardened deployment is
//! clean, a privileged host-network hostPath pod is caught by every control it breaks, and the
//! profile a workload is held to follows `pss_profile` and its namespace's `enforce` label.

use mamori_iac::{Level, ScanOptions};
use mamori_model::Inventory;
use mamori_rules::{Params, RuleSelection};
use std::collections::BTreeSet;
use std::path::Path;

fn inventory(files: &[&str], extra: Option<&str>) -> Inventory {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/k8s");
    let input = mamori_iac::scan(&ScanOptions {
        paths: files.iter().map(|f| dir.join(f)).collect(),
        stdin: extra.map(str::to_string),
        ..Default::default()
    })
    .unwrap();
    let errors: Vec<_> = input.diagnostics.iter().filter(|d| d.level == Level::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut inv = Inventory::new();
    inv.extend(input.resources);
    inv
}

fn k8s_rules() -> Vec<&'static dyn mamori_rules::Rule> {
    mamori_rules::all()
        .into_iter()
        .filter(|r| r.meta().id.starts_with("MAM-K8S-0"))
        .collect()
}

/// (rule, attribute) of every finding.
fn findings(inv: &Inventory, params: &Params) -> Vec<(String, String)> {
    let out = mamori_rules::run(inv, &k8s_rules(), params, &RuleSelection::default());
    assert!(out.undecided.is_empty(), "{:?}", out.undecided);
    let mut v: Vec<(String, String)> = out
        .findings
        .iter()
        .map(|f| (f.rule_id.to_string(), f.attribute.clone()))
        .collect();
    v.sort();
    v
}

fn failing_controls(inv: &Inventory, params: &Params) -> BTreeSet<&'static str> {
    let out = mamori_rules::run(inv, &k8s_rules(), params, &RuleSelection::default());
    out.findings.iter().flat_map(|f| f.controls.iter().copied()).collect()
}

#[test]
fn the_hardened_deployment_of_the_reference_material_is_clean() {
    let inv = inventory(&["hardened.yaml"], None);
    assert_eq!(inv.k8s_workloads().count(), 1);
    let out = mamori_rules::run(&inv, &k8s_rules(), &Params::default(), &RuleSelection::default());
    assert_eq!(findings(&inv, &Params::default()), Vec::<(String, String)>::new());
    // Every Pod Security Standards rule judged the deployment and passed it.
    let passed: BTreeSet<&str> = out.passes.iter().map(|p| p.rule_id).collect();
    for r in k8s_rules() {
        if r.meta().controls.iter().any(|c| c.starts_with("pss-")) {
            assert!(
                passed.contains(r.meta().id),
                "{} did not judge the deployment",
                r.meta().id
            );
        }
    }
}

#[test]
fn a_privileged_host_network_host_path_pod_is_caught_by_every_control_it_breaks() {
    let inv = inventory(&["node-shell.yaml"], None);
    let c = "spec.containers[shell]";
    let want: Vec<(String, String)> = [
        ("MAM-K8S-001", "spec.hostNetwork".to_string()),
        ("MAM-K8S-002", format!("{c}.securityContext.privileged")),
        ("MAM-K8S-004", "spec.volumes[host-root].hostPath".into()),
        ("MAM-K8S-013", "spec.volumes[host-root].hostPath".into()),
        ("MAM-K8S-014", format!("{c}.securityContext.allowPrivilegeEscalation")),
        ("MAM-K8S-015", "spec.securityContext.runAsNonRoot".into()),
        ("MAM-K8S-017", "spec.securityContext.seccompProfile.type".into()),
        ("MAM-K8S-018", format!("{c}.securityContext.capabilities.drop")),
    ]
    .into_iter()
    .map(|(r, a)| (r.to_string(), a))
    .collect();
    assert_eq!(findings(&inv, &Params::default()), want);
    let controls = failing_controls(&inv, &Params::default());
    let expected: BTreeSet<&str> = [
        "pss-baseline/host-namespaces",
        "pss-baseline/privileged-containers",
        "pss-baseline/hostpath-volumes",
        "pss-restricted/volume-types",
        "pss-restricted/privilege-escalation",
        "pss-restricted/running-as-non-root",
        "pss-restricted/seccomp",
        "pss-restricted/capabilities",
        "cis-eks-1.8/4.2.1",
        "cis-eks-1.8/4.2.2",
        "cis-eks-1.8/4.2.3",
        "cis-eks-1.8/4.2.4",
        "cis-eks-1.8/4.2.5",
        "cis-k8s-1.12/5.2.2",
        "cis-k8s-1.12/5.2.3",
        "cis-k8s-1.12/5.2.4",
        "cis-k8s-1.12/5.2.5",
        "cis-k8s-1.12/5.2.6",
        "cis-k8s-1.12/5.2.7",
        "cis-k8s-1.12/5.2.8",
        "cis-k8s-1.12/5.2.11",
        "cis-k8s-1.12/5.6.2",
    ]
    .into_iter()
    .collect();
    assert_eq!(controls, expected);
    // Every control of both PSS catalogs it breaks is reported as failing by the compliance view.
    for fw in ["pss-baseline", "pss-restricted"] {
        let f = mamori_rules::framework(fw).unwrap();
        let failing: BTreeSet<&str> = f
            .current()
            .into_iter()
            .filter(|ctl| controls.iter().any(|rc| f.maps(rc, ctl)))
            .map(|ctl| ctl.id)
            .collect();
        let want: BTreeSet<&str> = if fw == "pss-baseline" {
            ["host-namespaces", "privileged-containers", "hostpath-volumes"].into()
        } else {
            [
                "host-namespaces",
                "privileged-containers",
                "hostpath-volumes",
                "volume-types",
                "privilege-escalation",
                "running-as-non-root",
                "seccomp",
                "capabilities",
            ]
            .into()
        };
        assert_eq!(failing, want, "{fw}");
    }
}

#[test]
fn the_baseline_profile_leaves_the_restricted_rules_out() {
    let inv = inventory(&["node-shell.yaml"], None);
    let params = Params {
        pss_profile: "baseline".into(),
        ..Params::default()
    };
    let rules: BTreeSet<String> = findings(&inv, &params).into_iter().map(|(r, _)| r).collect();
    assert_eq!(
        rules,
        ["MAM-K8S-001", "MAM-K8S-002", "MAM-K8S-004"]
            .into_iter()
            .map(String::from)
            .collect()
    );
}

#[test]
fn a_namespace_label_holds_its_workloads_to_its_level() {
    let ns = |level: &str| {
        format!(
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n  labels:\n    pod-security.kubernetes.io/enforce: {level}\n"
        )
    };
    let workload_rules = |level: &str| -> BTreeSet<String> {
        let inv = inventory(&["node-shell.yaml"], Some(&ns(level)));
        findings(&inv, &Params::default())
            .into_iter()
            .map(|(r, _)| r)
            .filter(|r| r != "MAM-K8S-020")
            .collect()
    };
    assert_eq!(workload_rules("privileged"), BTreeSet::new());
    assert_eq!(
        workload_rules("baseline"),
        ["MAM-K8S-001", "MAM-K8S-002", "MAM-K8S-004"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    // A value Pod Security Admission does not know makes it enforce restricted.
    assert_eq!(workload_rules("Baseline").len(), 8);
    assert_eq!(workload_rules("restricted").len(), 8);
    // The label itself is reported when it lowers the level.
    let inv = inventory(&["node-shell.yaml"], Some(&ns("privileged")));
    assert!(findings(&inv, &Params::default()).contains(&(
        "MAM-K8S-020".to_string(),
        "metadata.labels[pod-security.kubernetes.io/enforce]".to_string()
    )));
    // `pss_profile = "baseline"` is a ceiling: a restricted namespace does not raise it.
    let inv = inventory(&["node-shell.yaml"], Some(&ns("restricted")));
    let params = Params {
        pss_profile: "baseline".into(),
        ..Params::default()
    };
    assert_eq!(findings(&inv, &params).len(), 3);
}
