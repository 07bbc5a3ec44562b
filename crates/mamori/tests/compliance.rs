//! `mamori compliance` on the examples: statuses, formats, languages and exit codes.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn run(args: &[&str], paths: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mamori"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MAMORI_CONFIG")
        .env("NO_COLOR", "1")
        .args(args)
        .args(paths)
        .output()
        .unwrap()
}

fn json(framework: &str, paths: &[PathBuf]) -> (Value, Option<i32>) {
    let o = run(
        &[
            "compliance",
            "--no-config",
            "--framework",
            framework,
            "--format",
            "json",
        ],
        paths,
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("the JSON report parses");
    assert_eq!(v["version"], 1, "the JSON is versioned like the scan report");
    (v, o.status.code())
}

fn control<'a>(v: &'a Value, id: &str) -> &'a Value {
    let all = v["controls"].as_array().unwrap();
    let found: Vec<&Value> = all.iter().filter(|c| c["id"] == id).collect();
    assert_eq!(found.len(), 1, "{id} appears {} times", found.len());
    found[0]
}

#[test]
fn ecs2_fails_on_every_insecure_example_and_passes_on_the_secure_one() {
    let ex = examples();
    for insecure in [
        ex.join("terraform/insecure"),
        ex.join("cloudformation/insecure.yaml"),
        ex.join("ecs-api/insecure"),
    ] {
        let (v, code) = json("aws-fsbp", std::slice::from_ref(&insecure));
        let ecs2 = control(&v, "ECS.2");
        assert_eq!(ecs2["status"], "fail", "{}", insecure.display());
        assert_eq!(ecs2["rules"][0], "MAM-ECS-003");
        let f = &ecs2["findings"][0];
        assert_eq!(f["rule"], "MAM-ECS-003");
        assert!(f["resource"]["address"].is_string());
        assert!(f["location"]["line"].as_u64().unwrap() > 0);
        assert_eq!(code, Some(1), "a failing control exits 1");
    }
    let (v, _) = json("aws-fsbp", &[ex.join("terraform/secure")]);
    let ecs2 = control(&v, "ECS.2");
    assert_eq!(ecs2["status"], "pass");
    assert!(ecs2["findings"].as_array().unwrap().is_empty());
}

#[test]
fn every_current_control_appears_once_in_catalog_order() {
    let ex = examples();
    for f in mamori_ids() {
        let (v, _) = json(&f.0, std::slice::from_ref(&ex));
        let ids: Vec<&str> = v["controls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, f.1, "{}", f.0);
        let s = &v["summary"];
        let sum = ["fail", "pass", "unknown", "not_covered"]
            .iter()
            .map(|k| s[k].as_u64().unwrap())
            .sum::<u64>();
        assert_eq!(sum, ids.len() as u64);
        assert_eq!(s["controls"], ids.len());
        for c in v["controls"].as_array().unwrap() {
            let st = c["status"].as_str().unwrap();
            assert!(["fail", "pass", "unknown", "not-covered"].contains(&st));
            assert_eq!(st == "not-covered", c["rules"].as_array().unwrap().is_empty());
            assert_eq!(st == "unknown", c["reason"].is_string(), "{}", c["id"]);
        }
    }
}

/// The framework ids and their current controls, from the catalogs.
fn mamori_ids() -> Vec<(String, Vec<&'static str>)> {
    mamori_rules::frameworks()
        .iter()
        .map(|f| (f.id.to_string(), f.current().iter().map(|c| c.id).collect()))
        .collect()
}

#[test]
fn eks_and_retired_controls() {
    let ecs_only = ["terraform", "cloudformation", "ecs-api"].map(|d| examples().join(d));
    let (v, _) = json("aws-fsbp", &ecs_only);
    // The ECS examples hold no EKS cluster: EKS.1 is covered by a rule that had nothing to
    // judge, never silently missing. EKS.7 has no rule.
    let eks1 = control(&v, "EKS.1");
    assert_eq!(eks1["status"], "unknown");
    assert_eq!(eks1["reason"], "no-resource");
    // The EKS examples: the insecure cluster fails EKS.1, the secure one passes it.
    let (v, _) = json("aws-fsbp", &[examples().join("eks")]);
    assert_eq!(control(&v, "EKS.1")["status"], "fail");
    let (v, _) = json("aws-fsbp", &[examples().join("eks/secure")]);
    assert_eq!(control(&v, "EKS.1")["status"], "pass");
    assert_eq!(control(&v, "EKS.7")["status"], "not-covered");
    assert!(v["controls"].as_array().unwrap().iter().all(|c| c["id"] != "ECS.1"));
    // The capacity-provider rule has no capacity provider to judge in the Terraform example.
    let (v, _) = json("aws-fsbp", &[examples().join("terraform/insecure")]);
    let ecs19 = control(&v, "ECS.19");
    assert_eq!(ecs19["status"], "unknown");
    assert_eq!(ecs19["reason"], "no-resource");
}

#[test]
fn secure_example_exits_zero_and_text_has_a_summary() {
    let o = run(
        &["compliance", "--no-config", "--framework", "aws-fsbp"],
        &[examples().join("terraform/secure")],
    );
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("ECS.2") && out.contains("PASS"), "{out}");
    assert!(out.contains("NOT COVERED"));
    assert!(out.contains("Summary: 38 controls:"), "{out}");
    assert!(out.contains("coverage"));
}

#[test]
fn japanese_titles_and_markdown() {
    let o = run(
        &["--lang", "ja", "compliance", "--no-config", "--framework", "aws-fsbp"],
        &[examples().join("terraform/insecure")],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("ECS サービスにパブリック IP アドレスを自動で割り当てない"),
        "{out}"
    );
    assert!(out.contains("不合格") && out.contains("未対応"), "{out}");
    assert!(out.contains("サマリー"));

    let o = run(
        &[
            "compliance",
            "--no-config",
            "--framework",
            "cis-eks-1.8",
            "--format",
            "markdown",
        ],
        // The ECS examples and the secure Kubernetes example break no CIS EKS control.
        &[
            examples().join("terraform"),
            examples().join("cloudformation"),
            examples().join("ecs-api"),
            examples().join("kubernetes/secure.yaml"),
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("| Control | Title | Status | Rules | Details |"), "{out}");
    assert!(out.contains("| 4.1.1 |"));
    assert_eq!(o.status.code(), Some(0), "no CIS EKS control fails on ECS");
    let o = run(
        &["compliance", "--no-config", "--framework", "cis-eks-1.8"],
        &[examples().join("eks/insecure")],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "the insecure EKS cluster fails CIS EKS controls"
    );
}

#[test]
fn usage_errors_exit_two() {
    let o = run(&["compliance", "--framework", "no-such-framework"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["compliance"], &[examples()]);
    assert_eq!(o.status.code(), Some(2), "--framework is required");
    let o = run(
        &["compliance", "--no-config", "--framework", "aws-fsbp"],
        &[examples().join("no-such-path")],
    );
    assert_eq!(o.status.code(), Some(2));
}

fn same_platform(source: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../mamori-rules/tests/same-platform")
        .join(source)
}

#[test]
fn eks_controls_are_covered_in_fsbp_and_cis_eks() {
    for source in ["terraform", "cloudformation", "api"] {
        let (v, code) = json("aws-fsbp", &[same_platform(source)]);
        assert_eq!(code, Some(1));
        for (id, rule) in [
            ("EKS.1", "MAM-EKS-001"),
            ("EKS.2", "MAM-EKS-002"),
            ("EKS.3", "MAM-EKS-003"),
            ("EKS.8", "MAM-EKS-005"),
            ("EKS.9", "MAM-EKS-006"),
        ] {
            let c = control(&v, id);
            assert_eq!(c["status"], "fail", "{source} {id}: {c}");
            assert_eq!(c["rules"][0], rule);
            assert_eq!(c["findings"][0]["rule"], rule);
        }
        // Without required tag keys the tagging rule has nothing to ask: covered, undecided.
        let eks6 = control(&v, "EKS.6");
        assert_ne!(eks6["status"], "not-covered");
        assert_eq!(eks6["rules"][0], "MAM-EKS-004");

        let (v, _) = json("cis-eks-1.8", &[same_platform(source)]);
        for (id, rule) in [
            ("2.1.1", "MAM-EKS-005"),
            ("4.1.7", "MAM-EKS-009"),
            ("5.3.1", "MAM-EKS-003"),
            ("5.4.1", "MAM-EKS-007"),
            ("5.4.2", "MAM-EKS-008"),
        ] {
            let c = control(&v, id);
            assert_eq!(c["status"], "fail", "{source} {id}: {c}");
            assert_eq!(c["rules"][0], rule);
        }
    }
    // An eksctl file is read too, and a hardened one passes the endpoint controls.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mamori-rules/fixtures");
    let (v, _) = json("cis-eks-1.8", &[fixtures.join("MAM-EKS-008/pass.eksctl.yaml")]);
    assert_eq!(control(&v, "5.4.2")["status"], "pass");
    assert_eq!(
        control(&v, "4.1.7")["status"],
        "pass",
        "eksctl defaults to API_AND_CONFIG_MAP"
    );
    let (v, _) = json("aws-fsbp", &[fixtures.join("MAM-EKS-001/fail.eksctl.yaml")]);
    assert_eq!(control(&v, "EKS.1")["status"], "fail");
}

#[test]
fn kubernetes_examples_against_the_pod_security_standards() {
    let k8s = examples().join("kubernetes");
    let (v, code) = json("pss-restricted", &[k8s.join("secure.yaml")]);
    assert_eq!(code, Some(0));
    let statuses: Vec<&str> = v["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert!(statuses.iter().all(|s| *s == "pass"), "{statuses:?}");
    assert_eq!(statuses.len(), 16);

    let (v, code) = json("pss-restricted", &[k8s.join("insecure.yaml")]);
    assert_eq!(code, Some(1));
    for id in [
        "host-namespaces",
        "privileged-containers",
        "capabilities",
        "hostpath-volumes",
        "host-ports",
        "seccomp",
        "volume-types",
        "privilege-escalation",
        "running-as-non-root",
        "running-as-non-root-user",
    ] {
        assert_eq!(control(&v, id)["status"], "fail", "{id}");
    }
    assert_eq!(control(&v, "apparmor")["status"], "pass");

    // Baseline only: the Restricted-only rules do not run, so their controls are undecided.
    let o = run(
        &[
            "compliance",
            "--no-config",
            "--framework",
            "pss-restricted",
            "--format",
            "json",
            "--pss-profile",
            "baseline",
        ],
        &[k8s.join("insecure.yaml")],
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(control(&v, "privileged-containers")["status"], "fail");
    assert_ne!(control(&v, "running-as-non-root")["status"], "fail");
    // The baseline framework's seccomp control is judged by the Baseline rule alone.
    let (v, _) = json("pss-baseline", &[k8s.join("insecure.yaml")]);
    assert_eq!(control(&v, "seccomp")["status"], "pass");
    let (v, _) = json("cis-k8s-1.12", &[k8s.join("insecure.yaml")]);
    assert_eq!(control(&v, "5.2.1")["status"], "fail", "the namespace enforces nothing");
}

#[test]
fn rbac_identity_and_namespace_controls_in_cis_eks_and_cis_kubernetes() {
    let ex = examples();
    let insecure = [
        ex.join("kubernetes/access-insecure.yaml"),
        ex.join("kubernetes/insecure.yaml"),
        ex.join("eks/insecure/irsa.tf"),
    ];
    let (v, code) = json("cis-eks-1.8", &insecure);
    assert_eq!(code, Some(1));
    for (id, rule) in [
        ("4.1.1", "MAM-K8S-101"),
        ("4.1.2", "MAM-K8S-102"),
        ("4.1.3", "MAM-K8S-103"),
        ("4.1.4", "MAM-K8S-104"),
        ("4.1.5", "MAM-K8S-112"),
        ("4.1.6", "MAM-K8S-113"),
        ("4.1.8", "MAM-K8S-105"),
        ("4.1.9", "MAM-K8S-106"),
        ("4.1.10", "MAM-K8S-107"),
        ("4.1.11", "MAM-K8S-109"),
        ("4.1.12", "MAM-K8S-110"),
        ("4.3.2", "MAM-K8S-114"),
        ("4.4.1", "MAM-K8S-116"),
        ("5.2.1", "MAM-K8S-119"),
    ] {
        let c = control(&v, id);
        assert_eq!(c["status"], "fail", "{id}: {c}");
        assert!(c["rules"].as_array().unwrap().iter().any(|r| r == rule), "{id}: {c}");
    }
    let (v, _) = json("cis-k8s-1.12", &insecure);
    for id in [
        "5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.5", "5.1.6", "5.1.8", "5.1.9", "5.1.10", "5.1.11", "5.1.12", "5.1.13",
        "5.3.2", "5.4.1",
    ] {
        assert_eq!(control(&v, id)["status"], "fail", "{id}");
    }
    // The aws-auth mapping to system:masters is CIS Kubernetes 5.1.7.
    assert!(
        control(&v, "5.1.7")["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "MAM-K8S-117")
    );
    // The fixed versions pass every one of them.
    let secure = [
        ex.join("kubernetes/access-secure.yaml"),
        ex.join("kubernetes/secure.yaml"),
        ex.join("eks/secure/irsa.tf"),
    ];
    let (v, code) = json("cis-eks-1.8", &secure);
    assert_eq!(code, Some(0), "{v}");
    for id in ["4.1.1", "4.1.2", "4.1.3", "4.1.5", "4.1.6", "4.3.2", "4.4.1", "5.2.1"] {
        assert_eq!(control(&v, id)["status"], "pass", "{id}");
    }
}
