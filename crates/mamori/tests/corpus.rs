//! Robustness on real-world files: every file of the shared corpus (public Terraform,
//! CloudFormation and Kubernetes files) is scanned, skipped, or reported with a precise error,
//! and nothing crashes. The corpus is looked for at `../shared/corpus` beside the repository, or
//! at `$MAMORI_CORPUS`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> PathBuf {
    if let Ok(p) = std::env::var("MAMORI_CORPUS") {
        return PathBuf::from(p);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn count_files(dir: &Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let ft = e.file_type().unwrap();
        if ft.is_dir() {
            let name = e.file_name();
            if ![".git", ".terraform", "node_modules"].iter().any(|s| name == *s) {
                n += count_files(&p);
            }
        } else if ft.is_file() {
            n += 1;
        }
    }
    n
}

/// Files of the corpus that are broken as published, with the error mamori must report. Every
/// other file must scan without one.
const BROKEN: &[(&str, u64, &str)] = &[
    (
        // A missing comma after `"Port":"443"`: the AWS CLI rejects this task definition too.
        "aws-samples__amazon-ecs-firelens-examples/examples/fluent-bit/dynatrace/task-definition.json",
        33,
        "invalid JSON",
    ),
    (
        // Workshop exercises: NetworkPolicies with `<EDIT: …>` placeholders left for the reader,
        // which kubectl rejects too.
        "aws-samples__eks-workshop/content/beginner/120_network-policies/calico/stars_policy_demo/directional_traffic.files/backend-policy.yaml",
        13,
        "invalid YAML",
    ),
    (
        "aws-samples__eks-workshop/content/beginner/120_network-policies/calico/stars_policy_demo/directional_traffic.files/frontend-policy.yaml",
        13,
        "invalid YAML",
    ),
];

#[test]
fn the_whole_corpus_scans_without_a_crash_or_a_parse_error() {
    let dir = corpus();
    assert!(
        dir.is_dir(),
        "corpus not found at {} (set MAMORI_CORPUS)",
        dir.display()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_mamori"))
        .args(["scan", "--format", "json", "--lang", "en"])
        .arg(&dir)
        .output()
        .unwrap();
    let code = out.status.code().expect("mamori was killed by a signal");
    assert!(
        code == 0 || code == 1 || (code == 2 && !BROKEN.is_empty()),
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let errors = v["errors"].as_array().unwrap();
    let unexpected: Vec<&Value> = errors
        .iter()
        .filter(|e| {
            !BROKEN.iter().any(|(file, line, msg)| {
                e["file"].as_str().is_some_and(|f| f.ends_with(file))
                    && e["line"].as_u64() == Some(*line)
                    && e["message"].as_str().is_some_and(|m| m.contains(msg))
            })
        })
        .collect();
    assert!(unexpected.is_empty(), "parse errors on the corpus: {unexpected:#?}");
    assert_eq!(errors.len(), BROKEN.len(), "each broken file is reported: {errors:#?}");
    let s = &v["summary"];
    let total = s["files_scanned"].as_u64().unwrap()
        + s["files_skipped"].as_u64().unwrap()
        + s["files_failed"].as_u64().unwrap();
    assert_eq!(total as usize, count_files(&dir), "every file is accounted for");
    assert!(s["files_scanned"].as_u64().unwrap() > 500, "{s}");
    // Every finding points at a line of a file.
    for f in v["findings"].as_array().unwrap() {
        assert!(f["location"]["start_line"].as_u64().unwrap() >= 1, "{f}");
    }
}
