//! `--format sarif` on the bundled examples, read back as SARIF.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn scan(path: &Path, format: &str) -> (Option<i32>, Value) {
    let o = Command::new(env!("CARGO_BIN_EXE_mamori"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MAMORI_CONFIG")
        .arg("scan")
        .arg(path)
        .args(["--format", format])
        .output()
        .unwrap();
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    (o.status.code(), v)
}

#[test]
fn examples_as_sarif() {
    let (code, v) = scan(&examples(), "sarif");
    assert_eq!(code, Some(1));
    assert_eq!(v["version"], "2.1.0");
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "mamori");
    let rules = driver["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    for rule in rules {
        assert!(rule["help"]["markdown"].as_str().unwrap().starts_with("# "), "{rule}");
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
    }
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let results = run["results"].as_array().unwrap();
    // One result per finding of the JSON report, in the same order.
    let (_, json) = scan(&examples(), "json");
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert_eq!(results.len(), findings.len());
    for (res, f) in results.iter().zip(findings) {
        assert_eq!(res["ruleId"], f["rule"]);
        assert_eq!(res["message"]["text"], f["message"]);
        assert_eq!(res["properties"]["attribute"], f["attribute"]);
        let region = &res["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], f["location"]["start_line"]);
    }
    for res in results {
        let id = res["ruleId"].as_str().unwrap();
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert!(ids.contains(&id), "{id}");
        assert_eq!(ids[idx], id);
        let phys = &res["locations"][0]["physicalLocation"];
        let uri = phys["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.contains("examples/") && !uri.contains('\\'), "{uri}");
        let region = &phys["region"];
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[k].as_u64().unwrap() >= 1, "{k} in {res}");
        }
        assert!(res.to_string().find("snippet").is_none());
        assert_eq!(res["locations"][0]["logicalLocations"][0]["kind"], "resource");
        let fp = res["partialFingerprints"]["mamori/v2"].as_str().unwrap();
        assert_eq!(fp.len(), 16);
    }
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    for secure in ["terraform/secure", "cloudformation/secure.yaml", "ecs-api/secure"] {
        let (code, v) = scan(&examples().join(secure), "sarif");
        assert_eq!(code, Some(0), "{secure}");
        assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 0, "{secure}");
        assert!(!v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().is_empty());
    }
}
