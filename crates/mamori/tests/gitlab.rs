//! `--format gitlab-sast` on the bundled examples, checked against our transcription of the
//! requirements of GitLab's SAST report schema 15.2.1.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn mamori(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mamori"))
        .current_dir(dir)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MAMORI_CONFIG")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

fn validator() -> jsonschema::Validator {
    let path = root().join("crates/mamori-report/tests/schemas/gitlab-sast-15.2.1-requirements.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn errors_of(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn examples_as_gitlab_sast() {
    let examples = root().join("examples");
    let v = validator();
    for lang in ["en", "ja"] {
        let report = mamori(&examples, &["scan", ".", "--format", "json", "--lang", lang]);
        let findings = json(&report)["findings"].as_array().unwrap().clone();
        assert!(!findings.is_empty());
        let o = mamori(&examples, &["scan", ".", "--format", "gitlab-sast", "--lang", lang]);
        assert_eq!(o.status.code(), Some(1));
        let doc = json(&o);
        assert_eq!(errors_of(&v, &doc), Vec::<String>::new(), "{lang}");
        assert_eq!(doc["version"], "15.2.1");
        assert_eq!(doc["scan"]["status"], "success");
        let vulns = doc["vulnerabilities"].as_array().unwrap();
        assert_eq!(vulns.len(), findings.len());
        for (x, f) in vulns.iter().zip(&findings) {
            let rule = f["rule"].as_str().unwrap();
            assert_eq!(x["identifiers"][0]["value"], rule);
            let sev = f["severity"].as_str().unwrap();
            assert_eq!(x["severity"].as_str().unwrap().to_lowercase(), sev);
            // Paths as scanned from the repository root: relative, no `./`.
            let file = x["location"]["file"].as_str().unwrap();
            assert_eq!(file, f["location"]["path"].as_str().unwrap());
            assert!(!file.starts_with("./") && !file.starts_with('/'), "{file}");
            assert_eq!(x["location"]["start_line"], f["location"]["start_line"]);
            // Every rule has its document: the why in the description, the fix as solution.
            let description = x["description"].as_str().unwrap();
            assert!(description.starts_with(f["message"].as_str().unwrap()), "{description}");
            assert!(description.contains("\n\n"), "{rule}: {description}");
            assert!(!x["solution"].as_str().unwrap().is_empty(), "{rule}");
            // The rule's link points at a document in this repository.
            let url = x["identifiers"][0]["url"].as_str().unwrap();
            let path = url.split_once("/blob/main/").unwrap().1;
            assert!(path.ends_with(&format!("{rule}.{lang}.md")), "{url}");
            assert!(root().join(path).is_file(), "{url}");
        }
        let ids: std::collections::HashSet<&str> = vulns.iter().map(|x| x["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), vulns.len());
    }
}

#[test]
fn every_rule_document_has_the_sections_the_report_takes() {
    // The description takes "why it matters" and the solution "how to fix", in either language.
    let docs = root().join("crates/mamori-rules/docs");
    let mut n = 0;
    for entry in std::fs::read_dir(&docs).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let (why, fix) = if name.ends_with(".ja.md") {
            ("\n## なぜ危険か\n", "\n## 修正方法\n")
        } else {
            ("\n## Why it matters\n", "\n## How to fix\n")
        };
        assert!(text.contains(why) && text.contains(fix), "{name}");
        n += 1;
    }
    assert!(n >= 2);
}

#[test]
fn an_output_file_beside_the_terminal_report_and_a_failed_parse() {
    let dir = std::env::temp_dir().join(format!("mamori-gitlab-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        "resource \"aws_ecs_cluster\" \"c\" {\n  name = \"c\"\n}\n",
    )
    .unwrap();
    let o = mamori(&dir, &["scan", ".", "-o", "gitlab-sast=gl-sast-report.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("MAM-ECS-001"));
    let file = dir.join("gl-sast-report.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["vulnerabilities"][0]["location"]["file"], "main.tf");
    assert_eq!(doc["scan"]["status"], "success");

    // A file that fails to parse: the scan failed, and says where.
    std::fs::write(
        dir.join("broken.tf"),
        "resource \"aws_ecs_cluster\" \"b\" {\n  name = \n",
    )
    .unwrap();
    let o = mamori(&dir, &["scan", ".", "--format", "gitlab-sast"]);
    assert_eq!(o.status.code(), Some(2));
    let doc = json(&o);
    assert_eq!(errors_of(&validator(), &doc), Vec::<String>::new());
    assert_eq!(doc["scan"]["status"], "failure");
    let messages = doc["scan"]["messages"].as_array().unwrap();
    assert!(
        messages
            .iter()
            .any(|m| m["level"] == "warn" && m["value"].as_str().unwrap().starts_with("broken.tf:")),
        "{messages:?}"
    );
    // The other file's finding is still reported.
    assert_eq!(doc["vulnerabilities"].as_array().unwrap().len(), 1);
    std::fs::remove_dir_all(&dir).ok();
}
