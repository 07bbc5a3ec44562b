//! Baselines, mamori.toml settings, `mamori init` and compliance reports written to files, as a
//! team adopting mamori uses them.

use serde_json::Value;
use std::path::Path;
use std::process::Output;

mod common;
use common::*;

fn cluster(name: &str) -> String {
    format!("resource \"aws_ecs_cluster\" \"{name}\" {{\n  name = \"{name}\"\n}}\n")
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn rules_of(v: &Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["resource"]["address"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn scan_in(cwd: &Path, args: &[&str]) -> Output {
    mamori().current_dir(cwd).arg("scan").args(args).output().unwrap()
}

#[test]
fn a_baseline_hides_known_findings_and_survives_reformatting_and_moves() {
    let d = tempdir("baseline");
    let infra = d.join("infra");
    std::fs::create_dir_all(&infra).unwrap();
    write(&infra, "main.tf", &(cluster("a") + &cluster("b")));
    // Adopt: record what is there. Nothing is new, so the gate passes.
    let o = scan_in(
        &d,
        &["infra", "--no-config", "--baseline-write", "mamori-baseline.json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("known findings hidden by the baseline: 2"),
        "{}",
        stdout(&o)
    );
    let file: Value = serde_json::from_str(&std::fs::read_to_string(d.join("mamori-baseline.json")).unwrap()).unwrap();
    assert_eq!(file["version"], 1);
    let entries = file["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["scope"], "infra");
    assert_eq!(entries[0]["address"], "aws_ecs_cluster.a");
    assert_eq!(entries[0]["rule"], "MAM-ECS-001");

    let gate = |cwd: &Path, path: &str, baseline: &str| -> Output {
        scan_in(cwd, &[path, "--no-config", "--format", "json", "--baseline", baseline])
    };
    let o = gate(&d, "infra", "mamori-baseline.json");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)["summary"]["baselined"], 2);

    // Reformat, reorder the blocks and move one into another file of the same module.
    write(
        &infra,
        "main.tf",
        &format!("# clusters\n\n\n{}", cluster("b").replace("  name", "\n\n  name")),
    );
    write(&infra, "more.tf", &format!("\n\n{}", cluster("a")));
    let o = gate(&d, "infra", "mamori-baseline.json");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // From inside the module, the baseline named relative to there: still known.
    let o = gate(&infra, ".", "../mamori-baseline.json");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // A new finding is reported, alone.
    write(&infra, "new.tf", &cluster("c"));
    let o = gate(&d, "infra", "mamori-baseline.json");
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(rules_of(&v), [("MAM-ECS-001".into(), "aws_ecs_cluster.c".into())]);
    assert_eq!(v["summary"]["baselined"], 2);

    // The same address in another root module is another resource.
    let other = d.join("other");
    std::fs::create_dir_all(&other).unwrap();
    write(&other, "main.tf", &cluster("a"));
    let o = gate(&d, "other", "mamori-baseline.json");
    assert_eq!(o.status.code(), Some(1));

    // A file that is not a baseline is an error.
    write(&d, "bad.json", "{\"findings\": 3}");
    let o = gate(&d, "infra", "bad.json");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a mamori baseline"));
}

#[test]
fn a_baseline_keys_findings_by_attribute_not_by_value() {
    let d = tempdir("baseline-attr");
    let service = |version: &str| {
        format!(
            "resource \"aws_ecs_service\" \"web\" {{\n  name             = \"web\"\n  launch_type      = \"FARGATE\"\n  platform_version = \"{version}\"\n}}\n"
        )
    };
    let task = |env: &str| {
        format!(
            "resource \"aws_ecs_task_definition\" \"app\" {{\n  family = \"app\"\n  container_definitions = jsonencode([{{\n    name = \"app\"\n    image = \"nginx:1.27\"\n    environment = [{env}]\n  }}])\n}}\n"
        )
    };
    let secret = |name: &str| format!("{{ name = \"{name}\", value = \"hunter2-but-longer\" }}");
    write(&d, "svc.tf", &service("1.3.0"));
    write(&d, "task.tf", &task(&secret("DB_PASSWORD")));
    let o = scan_in(&d, &[".", "--no-config", "--baseline-write", "b.json"]);
    assert_eq!(o.status.code(), Some(0));
    // A still outdated version is the same finding on the same attribute.
    write(&d, "svc.tf", &service("1.2.0"));
    let o = scan_in(&d, &[".", "--no-config", "--baseline", "b.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A second secret in the same container is a new finding.
    write(
        &d,
        "task.tf",
        &task(&format!("{}, {}", secret("DB_PASSWORD"), secret("API_TOKEN"))),
    );
    let o = scan_in(&d, &[".", "--no-config", "--baseline", "b.json", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let attrs: Vec<String> = json(&o)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["rule"].as_str().unwrap(), f["attribute"].as_str().unwrap()))
        .collect();
    assert!(attrs.iter().all(|a| a.contains("environment[API_TOKEN]")), "{attrs:?}");
}

#[test]
fn cloudformation_baselines_are_per_template() {
    let d = tempdir("baseline-cfn");
    let t = "Resources:\n  Cluster:\n    Type: AWS::ECS::Cluster\n";
    write(&d, "a.yaml", t);
    let o = scan_in(&d, &[".", "--no-config", "--baseline-write", "b.json"]);
    assert_eq!(o.status.code(), Some(0));
    write(
        &d,
        "a.yaml",
        &format!("# reformatted\n{}", t.replace("    Type", "\n    Type")),
    );
    let o = scan_in(&d, &[".", "--no-config", "--baseline", "b.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Another template with the same logical id is new.
    write(&d, "b.yaml", t);
    let o = scan_in(&d, &[".", "--no-config", "--baseline", "b.json", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["findings"][0]["location"]["path"], "b.yaml");
}

#[test]
fn terraform_baselines_are_per_configuration_also_for_a_shared_module() {
    let d = tempdir("baseline-modules");
    for sub in ["modules/cluster", "envs/dev", "envs/prod"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    let module = "resource \"aws_ecs_cluster\" \"this\" {\n  name = \"c\"\n}\n";
    write(&d.join("modules/cluster"), "main.tf", module);
    let call = "module \"c\" {\n  source = \"../../modules/cluster\"\n}\n";
    write(&d.join("envs/dev"), "main.tf", call);
    let o = scan_in(&d, &[".", "--no-config", "--baseline-write", "b.json"]);
    assert_eq!(o.status.code(), Some(0));
    // A second configuration calls the same module: its cluster, at the same address in the
    // same file, is a new finding.
    write(&d.join("envs/prod"), "main.tf", call);
    let o = scan_in(&d, &[".", "--no-config", "--baseline", "b.json", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let v = json(&o);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{v}");
    assert_eq!(findings[0]["resource"]["address"], "module.c.aws_ecs_cluster.this");
    assert_eq!(findings[0]["location"]["path"], "modules/cluster/main.tf");
}

#[test]
fn mamori_toml_turns_rules_off_overrides_severities_and_excludes_paths() {
    let d = tempdir("settings");
    std::fs::create_dir_all(d.join("vendor")).unwrap();
    write(&d.join("vendor"), "main.tf", &cluster("vendored"));
    write(
        &d,
        "main.tf",
        &(cluster("mine")
            + r#"resource "aws_ecs_service" "web" {
  name          = "web"
  launch_type   = "FARGATE"
  network_configuration {
    subnets          = ["subnet-1"]
    assign_public_ip = true
  }
}
"#),
    );
    let scan = |toml: &str, extra: &[&str]| -> Value {
        write(&d, "mamori.toml", toml);
        let mut args = vec![d.to_str().unwrap(), "--format", "json"];
        args.extend_from_slice(extra);
        json(&scan_in(&d, &args))
    };
    let all = scan("", &[]);
    assert_eq!(all["findings"].as_array().unwrap().len(), 3, "{all}");

    let v = scan("[scan]\nexclude = [\"vendor\"]\n", &[]);
    assert!(!rules_of(&v).iter().any(|(_, a)| a.contains("vendored")));
    let v = scan("", &["--exclude", "vendor"]);
    assert!(!rules_of(&v).iter().any(|(_, a)| a.contains("vendored")));

    let v = scan("[rules]\ndisable = [\"ECS.12\"]\n", &[]);
    assert_eq!(rules_of(&v), [("MAM-ECS-003".into(), "aws_ecs_service.web".into())]);
    let v = scan("[rules]\nenable = [\"MAM-ECS-001\"]\n", &[]);
    assert!(rules_of(&v).iter().all(|(r, _)| r == "MAM-ECS-001"));
    assert_eq!(v["summary"]["rules_run"], 1);

    // ECS.12 raised to critical; the minimum severity high keeps it and drops ECS.2 (high stays).
    let v = scan(
        "[rules]\nseverity = { \"ECS.12\" = \"critical\", \"MAM-ECS-003\" = \"low\" }\n[scan]\nmin_severity = \"high\"\n",
        &[],
    );
    let sev: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert_eq!(sev, ["critical", "critical"], "{v}");
    // --severity on the command line wins over the file.
    let v = scan("[scan]\nmin_severity = \"critical\"\n", &["--severity", "info"]);
    assert_eq!(v["findings"].as_array().unwrap().len(), 3);

    // An unknown rule in the file stops the scan and names the file and line.
    write(&d, "mamori.toml", "\n[rules]\ndisable = [\"ECS.99\"]\n");
    let o = scan_in(&d, &[d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("mamori.toml:3:") && err.contains("ECS.99"), "{err}");
}

#[test]
fn mamori_toml_chooses_the_default_outputs() {
    let d = tempdir("outputs");
    write(&d, "main.tf", &cluster("a"));
    write(
        &d,
        "mamori.toml",
        "[output]\nformat = \"json\"\nfiles = [\"sarif=reports/mamori.sarif\", \"junit=reports/junit.xml\"]\n",
    );
    std::fs::create_dir_all(d.join("reports")).unwrap();
    let o = scan_in(&d, &["."]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["version"], 1);
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(d.join("reports/mamori.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        std::fs::read_to_string(d.join("reports/junit.xml"))
            .unwrap()
            .contains("<testsuites")
    );
    // The command line replaces them.
    std::fs::remove_file(d.join("reports/mamori.sarif")).unwrap();
    let o = scan_in(&d, &[".", "--format", "text", "-o", "csv=out.csv"]);
    assert!(stdout(&o).contains("MAM-ECS-001"));
    assert!(d.join("out.csv").exists());
    assert!(!d.join("reports/mamori.sarif").exists());
}

#[test]
fn init_writes_a_commented_file_that_mamori_reads() {
    let d = tempdir("init");
    let o = run(&["init", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(d.join("mamori.toml")).unwrap();
    assert!(text.contains("[[suppress]]") && text.contains("required_tag_keys"));
    write(&d, "main.tf", &cluster("a"));
    let o = scan_in(&d, &["."]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    // It does not replace a file without --force.
    let o = run(&["init", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["init", d.to_str().unwrap(), "--force", "--lang", "ja"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(d.join("mamori.toml"))
            .unwrap()
            .contains("既定値")
    );
}

#[test]
fn compliance_writes_several_formats_at_once() {
    let d = tempdir("comp-out");
    write(&d, "main.tf", &cluster("a"));
    let o = mamori()
        .current_dir(&d)
        .args([
            "compliance",
            "--framework",
            "aws-fsbp",
            ".",
            "--no-config",
            "-o",
            "json=fsbp.json",
            "-o",
            "markdown=fsbp.md",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("ECS.12"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(d.join("fsbp.json")).unwrap()).unwrap();
    assert_eq!(v["framework"], "aws-fsbp");
    assert!(std::fs::read_to_string(d.join("fsbp.md")).unwrap().contains("| ECS.12"));
}

#[test]
fn the_pss_profile_comes_from_mamori_toml_or_the_command_line() {
    let d = tempdir("pss-profile");
    write(
        &d,
        "pod.yaml",
        // No Pod Security setting at all; the other Kubernetes rules (token, limits, read-only
        // root file system) are satisfied.
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n      securityContext:\n        readOnlyRootFilesystem: true\n      resources:\n        limits:\n          cpu: 500m\n          memory: 256Mi\n",
    );
    let rules = |v: &Value| -> Vec<String> {
        let mut r: Vec<String> = rules_of(v).into_iter().map(|(r, _)| r).collect();
        r.sort();
        r
    };
    // Restricted by default: the pod sets no security context at all.
    let o = scan_in(&d, &["pod.yaml", "--no-config", "--format", "json"]);
    assert_eq!(
        rules(&json(&o)),
        ["MAM-K8S-014", "MAM-K8S-015", "MAM-K8S-017", "MAM-K8S-018"]
    );
    // Baseline in mamori.toml: nothing to report.
    write(&d, "mamori.toml", "[params]\npss_profile = \"baseline\"\n");
    let o = scan_in(&d, &["pod.yaml", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(rules(&json(&o)).is_empty());
    // The command line wins over mamori.toml.
    let o = scan_in(&d, &["pod.yaml", "--format", "json", "--pss-profile", "restricted"]);
    assert_eq!(rules(&json(&o)).len(), 4);
    // Only the two profiles are accepted.
    write(&d, "mamori.toml", "[params]\npss_profile = \"privileged\"\n");
    let o = scan_in(&d, &["pod.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("pss_profile"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = scan_in(&d, &["pod.yaml", "--no-config", "--pss-profile", "lenient"]);
    assert_eq!(o.status.code(), Some(2));
}
