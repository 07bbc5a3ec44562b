//! `--cfn-parameters`: values for CloudFormation parameters change what is judged, on `scan`,
//! `compliance` and `suppressions`; a NoEcho value is never printed; a bad file is a usage error.

mod common;

use common::{run, stdout, tempdir, write};
use serde_json::Value;

const TEMPLATE: &str = "\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Version: {Type: String}
  Insights: {Type: String, Default: disabled}
  Secret: {Type: String, NoEcho: true}
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Ref Secret
      ClusterSettings:
        - Name: containerInsights
          Value: !Ref Insights
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      LaunchType: FARGATE
      PlatformVersion: !Ref Version
";

fn scan_json(args: &[&str]) -> Value {
    let mut all = vec!["scan", "--no-config", "--format", "json", "--show-unknown"];
    all.extend(args);
    let o = run(&all);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    serde_json::from_slice(&o.stdout).unwrap()
}

fn has(v: &Value, list: &str, rule: &str) -> bool {
    v[list].as_array().unwrap().iter().any(|f| f["rule"] == rule)
}

#[test]
fn given_values_are_judged() {
    let d = tempdir("cfn-params");
    let t = write(&d, "app.yaml", TEMPLATE).display().to_string();
    let other = write(&d, "other.yaml", "Resources: {}\n").display().to_string();
    // Without values: the platform version is undecided, Container Insights off by default.
    let v = scan_json(&[&t]);
    assert!(has(&v, "undecided", "MAM-ECS-002"), "{v}");
    assert!(has(&v, "findings", "MAM-ECS-001"), "{v}");
    let reason = v["undecided"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["rule"] == "MAM-ECS-002")
        .unwrap()["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        reason.contains("Ref to parameter Version: no Default, and no value in --cfn-parameters"),
        "{reason}"
    );

    // Each form, for every template.
    let lines = write(&d, "prod.txt", "Version=1.3.0\nInsights=enhanced\n")
        .display()
        .to_string();
    let cli = write(
        &d,
        "prod.json",
        r#"[{"ParameterKey": "Version", "ParameterValue": "1.3.0"}, {"ParameterKey": "Insights", "ParameterValue": "enhanced"}]"#,
    )
    .display()
    .to_string();
    let pipeline = write(
        &d,
        "pipeline.json",
        r#"{"Parameters": {"Version": "1.3.0", "Insights": "enhanced"}}"#,
    )
    .display()
    .to_string();
    for file in [&lines, &cli, &pipeline] {
        let v = scan_json(&[&t, "--cfn-parameters", file]);
        // 1.3.0 is not the latest Fargate platform version; enhanced Container Insights is on.
        assert!(has(&v, "findings", "MAM-ECS-002"), "{file}: {v}");
        assert!(!has(&v, "undecided", "MAM-ECS-002"), "{file}: {v}");
        assert!(!has(&v, "findings", "MAM-ECS-001"), "{file}: {v}");
    }

    // A file for another template leaves this one alone; a file for this one wins over a file
    // for every template, whatever their order.
    let v = scan_json(&[&t, "--cfn-parameters", &format!("{other}={lines}")]);
    assert!(has(&v, "undecided", "MAM-ECS-002"), "{v}");
    let latest = write(&d, "latest.txt", "Version=LATEST\n").display().to_string();
    let v = scan_json(&[
        &t,
        "--cfn-parameters",
        &format!("{t}={latest}"),
        "--cfn-parameters",
        &lines,
    ]);
    assert!(
        !has(&v, "findings", "MAM-ECS-002") && !has(&v, "undecided", "MAM-ECS-002"),
        "{v}"
    );

    // compliance and suppressions take the flag too.
    let o = run(&[
        "compliance",
        "--framework",
        "aws-fsbp",
        &t,
        "--no-config",
        "--format",
        "json",
        "--cfn-parameters",
        &lines,
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    let o = run(&[
        "suppressions",
        &t,
        "--no-config",
        "--no-blame",
        "--cfn-parameters",
        &lines,
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
}

#[test]
fn a_no_echo_value_is_never_printed() {
    let d = tempdir("cfn-noecho");
    let t = write(&d, "app.yaml", TEMPLATE).display().to_string();
    let p = write(&d, "p.txt", "Secret=hunter2-cluster\nVersion=1.3.0\n")
        .display()
        .to_string();
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
        let o = run(&[
            "scan",
            &t,
            "--no-config",
            "--show-unknown",
            "--format",
            format,
            "--cfn-parameters",
            &p,
        ]);
        let all = format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
        assert!(!all.contains("hunter2"), "{format}: {all}");
    }
    // The cluster is still judged (Container Insights is off), under its logical id: its name is
    // unknown, not printed. Without NoEcho, the name is the value (and would be printed).
    let v = scan_json(&[&t, "--cfn-parameters", &p]);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "MAM-ECS-001")
        .unwrap();
    assert_eq!(f["resource"]["name"], "Cluster");
    let echoed = write(&d, "echo.yaml", &TEMPLATE.replace("NoEcho: true", "NoEcho: false"))
        .display()
        .to_string();
    let v = scan_json(&[&echoed, "--cfn-parameters", &p]);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "MAM-ECS-001")
        .unwrap();
    assert_eq!(f["resource"]["name"], "hunter2-cluster");
}

#[test]
fn a_file_that_cannot_be_read_is_a_usage_error() {
    let d = tempdir("cfn-bad");
    let t = write(&d, "app.yaml", TEMPLATE).display().to_string();
    let bad = write(&d, "bad.json", "[{\"ParameterKey\": \"Version\"}]")
        .display()
        .to_string();
    let o = run(&["scan", &t, "--no-config", "--cfn-parameters", &bad]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("--cfn-parameters {bad}: Version has no ParameterValue")),
        "{err}"
    );
    let missing = d.join("missing.json").display().to_string();
    let o = run(&["scan", &t, "--no-config", "--cfn-parameters", &missing, "--lang", "ja"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("読み込めない"), "{o:?}");
}
