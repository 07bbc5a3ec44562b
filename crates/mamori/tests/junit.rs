//! `--format junit` on the examples: every check is a test case, every finding a failure.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run(format: &str) -> Output {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    Command::new(env!("CARGO_BIN_EXE_mamori"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MAMORI_CONFIG")
        .args(["scan", "--format", format, examples.to_str().unwrap()])
        .output()
        .unwrap()
}

/// The value of an attribute in the first tag of `s`.
fn attr<'a>(s: &'a str, name: &str) -> &'a str {
    let tag = &s[..s.find('>').unwrap()];
    let key = format!(" {name}=\"");
    let start = tag.find(&key).unwrap_or_else(|| panic!("{name} in {tag}")) + key.len();
    &tag[start..start + tag[start..].find('"').unwrap()]
}

fn num(s: &str, name: &str) -> usize {
    attr(s, name).parse().unwrap()
}

#[test]
fn junit_counts_every_check_on_the_examples() {
    let o = run("junit");
    assert_eq!(o.status.code(), Some(1));
    let xml = String::from_utf8(o.stdout).unwrap();
    let json: Value = serde_json::from_slice(&run("json").stdout).unwrap();
    let findings = json["findings"].as_array().unwrap().len();
    let passed = json["summary"]["checks_passed"].as_u64().unwrap() as usize;
    let undecided = json["undecided"].as_array().unwrap().len();
    assert!(findings > 0);

    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "),
        "{xml}"
    );
    assert!(xml.ends_with("</testsuites>\n"));
    let root = &xml[xml.find("<testsuites ").unwrap()..];
    assert_eq!(attr(root, "name"), "mamori");
    assert_eq!(num(root, "tests"), findings + passed + undecided);
    assert_eq!(num(root, "failures"), findings);
    assert_eq!(num(root, "errors"), 0);

    // Each suite's counts match its test cases; names are unique within a suite.
    let suites: Vec<String> = xml.split("<testsuite ").skip(1).map(|s| format!(" {s}")).collect();
    assert_eq!(suites.len(), json["summary"]["rules_run"].as_u64().unwrap() as usize);
    let mut cases = 0;
    let mut failures = 0;
    for s in &suites {
        let body = &s[..s.find("</testsuite>").unwrap()];
        let id = attr(s, "name").split(' ').next().unwrap();
        assert!(id.starts_with("MAM-"), "{id}");
        let testcases: Vec<&str> = body.split("<testcase ").skip(1).collect();
        let failed = testcases.iter().filter(|c| c.contains("<failure ")).count();
        assert_eq!(num(s, "tests"), testcases.len(), "{id}");
        assert_eq!(num(s, "failures"), failed, "{id}");
        let mut names = std::collections::HashSet::new();
        for c in &testcases {
            let c = format!(" {c}");
            assert_eq!(attr(&c, "classname"), id);
            assert!(names.insert(attr(&c, "name").to_string()), "{id}: {}", attr(&c, "name"));
            if c.contains("<failure ") {
                assert!(attr(&c, "file").starts_with(env!("CARGO_MANIFEST_DIR")), "{c}");
                assert!(num(&c, "line") > 0);
                let f = &c[c.find("<failure ").unwrap()..];
                assert!(["critical", "high", "medium", "low", "info"].contains(&attr(f, "type")));
                assert!(f.contains("\ncontrols: "), "{f}");
            }
        }
        cases += testcases.len();
        failures += failed;
    }
    assert_eq!(cases, findings + passed + undecided);
    assert_eq!(failures, findings);
}
