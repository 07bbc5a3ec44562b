//! Every reason a check is undecided, and every note and error about an input, has Japanese.
//!
//! The fixtures of every rule, the bundled examples, and inputs made to reach each way a reader
//! leaves a value unknown (`tests/unknown-inputs`: Terraform variables, data sources, attributes
//! known after apply, functions and expressions the evaluator refuses, CloudFormation parameters
//! without `Default`, imports, dynamic references, conditions, API output printed without
//! `--include`, files that do not parse, suppressions that silence nothing) are scanned in
//! English and in Japanese, and so are settings and baselines the command line refuses. Each
//! English text must translate with nothing left in English but names and values copied as
//! written and the parsers' own details, the Japanese output must carry exactly that
//! translation, and every entry of the catalog must be reached by some input.

mod common;

use common::{mamori, run};
use mamori_report::reasons::{self, Translation};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn inputs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/unknown-inputs")
}

/// The scans to run: each rule's fixtures with its own settings, the examples, and the inputs
/// made for this test.
fn scans() -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let fixtures = root().join("crates/mamori-rules/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 31, "{dirs:?}");
    for d in dirs {
        let config = d.join("mamori.toml");
        let mut args = vec![d.display().to_string()];
        if config.exists() {
            args.extend(["--config".to_string(), config.display().to_string()]);
        } else {
            args.push("--no-config".into());
        }
        out.push(args);
    }
    out.push(vec![
        root().join("examples").display().to_string(),
        "--no-config".into(),
    ]);
    // A Terraform file over the size limit (sparse: nothing is written; removed by the test).
    let large = common::tempdir("reasons-large");
    std::fs::File::create(large.join("main.tf"))
        .unwrap()
        .set_len(mamori_iac::scan::MAX_FILE_BYTES + 1)
        .unwrap();
    out.push(vec![large.display().to_string(), "--no-config".into()]);
    out.push(vec![
        inputs().display().to_string(),
        "--config".into(),
        inputs().join("mamori.toml").display().to_string(),
    ]);
    // Parameters given by a file, whose values the evaluator does not read.
    let given = inputs().join("cloudformation-parameters");
    out.push(vec![
        given.display().to_string(),
        "--no-config".into(),
        "--cfn-parameters".into(),
        given.join("params.json").display().to_string(),
    ]);
    // A Terraform input variable given a value that is not a valid expression for its type, and
    // one no module declares.
    out.push(vec![
        inputs().join("terraform/inputs").display().to_string(),
        "--var".into(),
        "tags={".into(),
        "--var".into(),
        "not_declared=1".into(),
        "--config".into(),
        inputs().join("mamori.toml").display().to_string(),
    ]);
    out
}

fn scan_json(args: &[String], lang: &str) -> Value {
    let mut all = vec!["scan".to_string()];
    all.extend(args.iter().cloned());
    all.extend(["--format", "json", "--lang", lang].map(String::from));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    let o = run(&all);
    assert!(o.status.code().unwrap_or(9) <= 2, "{all:?}: {o:?}");
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{all:?}: {e}"))
}

/// The texts of a report that the scanner composes: undecided reasons, errors, notes.
fn texts(v: &Value) -> Vec<String> {
    let field = |list: &str, key: &str| -> Vec<String> {
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[key].as_str().unwrap().to_string())
            .collect()
    };
    let mut out = field("undecided", "reason");
    out.extend(field("errors", "message"));
    out.extend(field("notes", "message"));
    out
}

/// English prose left in a text: two words of two or more ASCII letters, the second in lower
/// case, separated by one space (`is unknown`, `no Default` is not prose, `Auto Scaling` is a
/// name).
fn prose(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split(' ').collect();
    words.windows(2).find_map(|w| {
        let word = |x: &str| x.len() >= 2 && x.chars().all(|c| c.is_ascii_alphabetic());
        (word(w[0]) && word(w[1]) && w[1].starts_with(|c: char| c.is_ascii_lowercase()))
            .then(|| format!("{} {}", w[0], w[1]))
    })
}

/// The Japanese text without what is kept as written: names and values, parsers' details, and
/// anything between backquotes.
fn without_kept(t: &Translation) -> String {
    let mut s = t.text.clone();
    let mut kept: Vec<&String> = t.fragments.iter().chain(&t.details).collect();
    kept.sort_by_key(|k| std::cmp::Reverse(k.len()));
    for k in kept {
        s = s.replace(k.as_str(), " ");
    }
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        }
        out.push(' ');
    }
    out
}

/// Catalog entries no input here reaches: limits that take huge or deeply nested inputs to
/// reach, texts only a malformed parser tree could produce, and I/O errors. The round trip of
/// every entry is checked in mamori-report's unit tests.
const NOT_REACHED: &[&str] = &[
    "expected a whole number",
    "the expression is nested more than {} levels deep and is not evaluated",
    "the module needs too much evaluation and is not evaluated",
    "grouping failed",
    "the collection is too large",
    "the template is nested too deeply",
    "{} is too large to read",
    "the list is too long",
    "the list is too deep or too long to flatten",
    "range() needs one to three numbers",
    "blocks are nested too deeply",
    "the value is not known",
    "unexpected tagged value",
    "invalid HCL: too many repeated object keys",
    "expressions nested more than {} levels deep",
    "the template is too large to evaluate",
    "${{{}}} is a {t}, not a string",
    "conditions nested more than {} levels deep",
    "values nested more than {} levels deep",
    "{} makes more than {} entries; the rest are not scanned",
    "the value is too deep or too large to encode",
    "fileset() would look at more than {} files",
    // The current folder, removed while scanning.
    "the absolute path of {} is not known",
    // Limits of the module tree (16 calls deep, 256 folders, 2048 instances).
    "module \"{}\" is nested more than {} modules deep: not followed",
    "module \"{}\" is not followed: the configuration calls more than {} module folders",
    "module.{} is not read: the configuration has more than {} module instances",
    // An output reached first finds the cycle at itself, not at the variable.
    "var.{} refers to itself through a cycle",
    // The live AWS collector's texts: reached, and their Japanese checked the same way, by
    // tests/aws_live.rs against an emulated account (they need one to happen).
    "the AWS API call {} in {} failed (attempts: {}): {lib}",
    "cannot identify the AWS account: {lib}",
    "no AWS region: give --region or set AWS_REGION",
    "cannot list the enabled regions (ec2:DescribeRegions): {lib}",
    "the inventory lists a live AWS account: give --aws",
    // The SDK's default credential chain always gives a provider, and the resolver's runtime
    // fails to start only when the system refuses it threads.
    "no AWS credentials are configured",
    "cannot start the AWS credential resolver: {lib}",
];

/// Checks one English text and the Japanese a report or the command line gave for it.
fn check(en: &str, ja: &str, context: &str, used: &mut BTreeSet<&'static str>, problems: &mut Vec<String>) {
    let t = reasons::translate(en);
    if ja != t.text {
        problems.push(format!(
            "{context}: {en:?}\n    the Japanese output is {ja:?}, not {:?}",
            t.text
        ));
    }
    used.extend(t.templates.iter().copied());
    if !t.untranslated.is_empty() {
        problems.push(format!("{context}: {en:?}\n    left in English: {:?}", t.untranslated));
    } else if let Some(p) = prose(&without_kept(&t)) {
        problems.push(format!("{context}: {en:?}\n    English prose {p:?} in {:?}", t.text));
    } else if let Some(f) = t.fragments.iter().find(|f| prose(f).is_some()) {
        problems.push(format!(
            "{context}: {en:?}\n    a copied fragment reads as prose: {f:?}"
        ));
    }
}

/// Settings, baselines and paths the command line refuses, each with its message on standard
/// error: the arguments after `scan`, and files to write first.
fn refused() -> Vec<(Vec<String>, String)> {
    let d = common::tempdir("reasons-refused");
    let file = |name: &str, text: &str| common::write(&d, name, text).display().to_string();
    let config = |name: &str, text: &str| vec!["--config".to_string(), file(name, text)];
    let long_key = "k".repeat(129);
    let baseline = |name: &str, text: &str| vec!["--baseline".to_string(), file(name, text)];
    let cases = vec![
        (config("rule.toml", "[rules]\ndisable = [\"NOT-A-RULE\"]\n"), "mamori: "),
        (
            config("severity.toml", "[rules]\nseverity = { \"ECS.12\" = \"urgent\" }\n"),
            "mamori: ",
        ),
        (config("format.toml", "[output]\nformat = \"pdf\"\n"), "mamori: "),
        (config("unknown.toml", "[scan]\nunknown = \"warn\"\n"), "mamori: "),
        (
            config("files.toml", "[output]\nfiles = [\"mamori.sarif\"]\n"),
            "mamori: ",
        ),
        (
            config("empty-rules.toml", "[[suppress]]\nrules = []\nreason = \"x\"\n"),
            "mamori: ",
        ),
        (
            config("no-reason.toml", "[[suppress]]\nrules = [\"ECS.12\"]\n"),
            "mamori: ",
        ),
        (
            config(
                "until.toml",
                "[[suppress]]\nrules = [\"ECS.12\"]\nreason = \"x\"\nuntil = \"soon\"\n",
            ),
            "mamori: ",
        ),
        (
            config(
                "paths.toml",
                "[[suppress]]\nrules = [\"ECS.12\"]\nreason = \"x\"\npaths = [\"\"]\n",
            ),
            "mamori: ",
        ),
        (
            config(
                "resources.toml",
                "[[suppress]]\nrules = [\"ECS.12\"]\nreason = \"x\"\nresources = [\"a[b\"]\n",
            ),
            "mamori: ",
        ),
        (config("exclude.toml", "[scan]\nexclude = [\"\"]\n"), "mamori: "),
        (
            config("empty-key.toml", "[params]\nrequired_tag_keys = [\"\"]\n"),
            "mamori: ",
        ),
        (
            config("aws-key.toml", "[params]\nrequired_tag_keys = [\"aws:owner\"]\n"),
            "mamori: ",
        ),
        (
            config(
                "long-key.toml",
                &format!("[params]\nrequired_tag_keys = [\"{long_key}\"]\n"),
            ),
            "mamori: ",
        ),
        (
            config("latest.toml", "[params]\nfargate_latest_linux = \"\"\n"),
            "mamori: ",
        ),
        (
            config("retention.toml", "[params]\nlog_retention_min_days = 0\n"),
            "mamori: ",
        ),
        (baseline("not-json.json", "["), "mamori: "),
        (
            baseline("version.json", "{\"version\": 99, \"tool\": \"x\", \"findings\": []}"),
            "mamori: ",
        ),
        (
            vec!["--baseline".into(), d.join("missing.json").display().to_string()],
            "mamori: ",
        ),
        (
            vec!["-o".into(), d.join("no-such-dir/report.txt").display().to_string()],
            "mamori: ",
        ),
        (vec!["--exclude".into(), String::new()], "mamori: --exclude ``: "),
        (vec!["--var".into(), "no_value".into()], "mamori: "),
        (
            vec![
                "--aws".into(),
                "--tf-state".into(),
                d.join("missing.tfstate").display().to_string(),
            ],
            "mamori: ",
        ),
        (
            vec!["--var-file".into(), d.join("missing.tfvars").display().to_string()],
            "mamori: ",
        ),
    ];
    let cfn = |name: &str, text: &str| {
        let f = file(name, text);
        (vec!["--cfn-parameters".to_string(), f], "mamori: ".to_string())
    };
    let missing = d.join("no-params.json").display().to_string();
    let cases_cfn = vec![
        (vec!["--cfn-parameters".to_string(), missing], "mamori: ".to_string()),
        cfn("params-json.json", "[{"),
        cfn("params-item.json", "[1]"),
        cfn("params-key.json", "[{\"ParameterValue\": \"x\"}]"),
        cfn("params-no-value.json", "[{\"ParameterKey\": \"A\"}]"),
        cfn(
            "params-value.json",
            "[{\"ParameterKey\": \"A\", \"ParameterValue\": {}}]",
        ),
        cfn("params-shape.json", "{\"Env\": \"prod\"}"),
        cfn("params-pipeline.json", "{\"Parameters\": {\"A\": null}}"),
        cfn("params-line.txt", "A=1\nwords\n"),
        cfn("params-shorthand.txt", "ParameterKey=A,Value=1\n"),
    ];
    let params = file("params-ok.txt", "A=1\n");
    let target_missing = format!("{}={params}", d.join("no-template.yaml").display());
    let cases_target = vec![(
        vec!["--cfn-parameters".to_string(), target_missing],
        "mamori: ".to_string(),
    )];

    let mut cases: Vec<(Vec<String>, String)> = cases.into_iter().map(|(a, p)| (a, p.to_string())).collect();
    cases.extend(cases_cfn);
    cases.extend(cases_target);
    let many = file(
        "many-keys.toml",
        "[params]\nrequired_tag_keys = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]\n",
    );
    cases.push((
        vec!["--config".into(), many.clone()],
        format!("mamori: warning: {many}: "),
    ));
    let short = file("short-retention.toml", "[params]\nlog_retention_min_days = 90\n");
    cases.push((
        vec!["--config".into(), short.clone()],
        format!("mamori: warning: {short}: "),
    ));
    for (args, _) in &mut cases {
        args.insert(0, d.display().to_string());
        if !args.iter().any(|a| a == "--config") {
            args.push("--no-config".into());
        }
    }
    cases
}

#[test]
fn every_reason_note_and_error_the_scanner_writes_has_japanese() {
    let mut checked = BTreeSet::new();
    let mut used: BTreeSet<&'static str> = BTreeSet::new();
    let mut problems = Vec::new();
    for args in scans() {
        let en = scan_json(&args, "en");
        let ja = scan_json(&args, "ja");
        let (en_texts, ja_texts) = (texts(&en), texts(&ja));
        assert_eq!(en_texts.len(), ja_texts.len(), "{args:?}");
        for (e, j) in en_texts.iter().zip(&ja_texts) {
            if checked.insert(e.clone()) {
                check(e, j, &args[0], &mut used, &mut problems);
            }
        }
    }
    for (args, prefix) in refused() {
        let line = |lang: &str| {
            let mut all = vec!["scan".to_string()];
            all.extend(args.iter().cloned());
            all.extend(["--lang".to_string(), lang.to_string()]);
            let all: Vec<&str> = all.iter().map(String::as_str).collect();
            let o = run(&all);
            let err = String::from_utf8_lossy(&o.stderr).to_string();
            err.lines().next().unwrap_or_default().to_string()
        };
        let (en, ja) = (line("en"), line("ja"));
        let ja_prefix = prefix.replace("warning: ", "警告: ");
        let (Some(e), Some(j)) = (en.strip_prefix(prefix.as_str()), ja.strip_prefix(ja_prefix.as_str())) else {
            problems.push(format!("{args:?}: {en:?} / {ja:?} do not start with {prefix:?}"));
            continue;
        };
        checked.insert(e.to_string());
        check(e, j, "command line", &mut used, &mut problems);
    }
    assert!(problems.is_empty(), "texts without Japanese:\n{}", problems.join("\n"));
    // Every entry of the catalog is reached by an input, or is known not to be.
    let unused: Vec<&str> = reasons::CATALOG
        .iter()
        .map(|(en, _)| *en)
        .filter(|en| !used.contains(en) && !NOT_REACHED.contains(en))
        .collect();
    assert!(
        unused.is_empty(),
        "no input reaches these entries; add one:\n  {}",
        unused.join("\n  ")
    );
    let stale: Vec<&&str> = NOT_REACHED.iter().filter(|en| used.contains(**en)).collect();
    assert!(
        stale.is_empty(),
        "reached after all, remove from NOT_REACHED: {stale:?}"
    );
    eprintln!(
        "{} distinct texts checked, {} catalog entries used",
        checked.len(),
        used.len()
    );
    let _ = std::fs::remove_dir_all(common::tempdir("reasons-large"));
}

#[test]
fn the_prose_check_finds_english() {
    assert_eq!(prose("var.x has no default"), Some("has no".to_string()));
    assert_eq!(prose("パラメーター Version への Ref: Default がない"), None);
    assert_eq!(prose("Auto Scaling グループ"), None);
    let t = reasons::translate("the frobnicator is unknown: var.x is not declared");
    assert!(prose(&without_kept(&t)).is_some(), "{t:?}");
}

#[test]
fn notes_on_standard_error_speak_japanese() {
    let dir = inputs().join("suppressions");
    let o = mamori()
        .args(["scan", dir.to_str().unwrap(), "--no-config", "--lang", "ja"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("注記: ") && err.contains("抑制を無視した: 理由がない"),
        "{err}"
    );
    assert!(!err.contains("note:") && !err.contains("suppression ignored"), "{err}");
    let o = mamori()
        .args(["scan", dir.to_str().unwrap(), "--no-config", "--lang", "en"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("note: ") && err.contains("suppression ignored: has no reason"),
        "{err}"
    );
}
