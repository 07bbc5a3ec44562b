//! Every CloudFormation template of the shared corpus, evaluated whole as the adapter evaluates
//! the resources it reads: every condition, every resource's `Condition` and `Properties`,
//! every output. What stays unknown must be an input the scanner cannot have (a parameter
//! without a value, a pseudo parameter, a value the deployed stack makes…), never a function it
//! fails to evaluate. The corpus is looked for at `../shared/corpus` beside the repository, or
//! at `$MAMORI_CORPUS` (as in `crates/mamori/tests/corpus.rs`).
//!
//! `cargo test -p mamori-iac --lib corpus -- --nocapture` prints the figures.

use super::intrinsics::{Evaluator, Truth};
use super::parameters::Inputs;
use super::value::{Kind, Val};
use super::{LANGUAGE_EXTENSIONS, foreach, transforms};
use crate::source::SourceFile;
use crate::tree::{Node, parse_json, parse_yaml};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    if let Ok(p) = std::env::var("MAMORI_CORPUS") {
        return PathBuf::from(p);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["json", "yaml", "yml", "template"].contains(&e))
        {
            out.push(p);
        }
    }
}

/// Inputs only a deployment (or the user) can give, by the text that names them in a reason.
const MISSING_INPUTS: &[(&str, &str)] = &[
    (
        "no Default, and no value in --cfn-parameters",
        "a parameter without a Default and without a value",
    ),
    (
        "pseudo parameter ",
        "a pseudo parameter not given (AWS::Region, AWS::AccountId…)",
    ),
    (
        "Systems Manager Parameter Store",
        "a parameter read from Parameter Store",
    ),
    (
        "dynamic reference {{resolve:",
        "a dynamic reference (SSM, Secrets Manager)",
    ),
    ("Fn::ImportValue", "another stack's output"),
    ("Fn::GetAZs", "the account's Availability Zones"),
    (
        "known only once the stack is deployed",
        "an attribute of a resource of the stack (ARN, id…)",
    ),
    ("the macro's output is known only at deployment", "a macro's output"),
    (
        "NoEcho, so its value is not read",
        "a NoEcho parameter's value (never read, so never printed)",
    ),
];

/// Faults of the templates as published, which CloudFormation rejects too.
const TEMPLATE_FAULTS: &[(&str, &str)] = &[(
    // `Fn::GetAtt::` (two colons) is no function.
    "awslabs__aws-cloudformation-templates/community/codestar/python-webservice-lambda/template.yml",
    "Fn::GetAtt: is not a CloudFormation intrinsic function",
)];

fn unknowns(v: &Val, out: &mut Vec<String>) {
    match &v.kind {
        Kind::Unknown(r) => out.push(r.clone()),
        Kind::List(items) => items.iter().for_each(|i| unknowns(i, out)),
        Kind::Map(entries) => entries.iter().for_each(|(_, v)| unknowns(v, out)),
        _ => {}
    }
}

/// Every reason a part of the template stays unknown, and every note of the loops' expansion.
fn evaluate(doc: &Node) -> Vec<String> {
    let inputs = Inputs::new();
    let mut out = Vec::new();
    let expanded;
    let doc = if transforms(doc).iter().any(|(t, _)| t == LANGUAGE_EXTENSIONS) {
        let mut ev = Evaluator::with_inputs(doc, &inputs);
        let x = foreach::expand(doc, &mut ev);
        out.extend(x.notes.into_iter().map(|(_, n)| n));
        expanded = x.doc;
        &expanded
    } else {
        doc
    };
    let mut ev = Evaluator::with_inputs(doc, &inputs);
    let section = |name: &str| doc.get(name).and_then(Node::as_map).unwrap_or(&[]);
    for (name, _) in section("Conditions") {
        if let Truth::Unknown(r) = ev.condition(&name.text) {
            out.push(r);
        }
    }
    for s in ["Resources", "Outputs"] {
        for (_, node) in section(s) {
            for part in ["Properties", "Value", "Condition"] {
                if let Some(p) = node.get(part) {
                    unknowns(&ev.resolve(p), &mut out);
                }
            }
        }
    }
    out
}

#[test]
fn every_template_of_the_corpus_evaluates_but_for_missing_inputs() {
    let dir = corpus();
    assert!(
        dir.is_dir(),
        "corpus not found at {} (set MAMORI_CORPUS)",
        dir.display()
    );
    let mut files = Vec::new();
    walk(&dir, &mut files);
    files.sort();
    let (mut templates, mut with_unknowns) = (0, 0);
    let mut missing: BTreeMap<&str, usize> = BTreeMap::new();
    let mut faults = Vec::new();
    let mut unparsed = Vec::new();
    for p in files {
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        if !super::sniff(&text) {
            continue;
        }
        let rel = p.strip_prefix(&dir).unwrap_or(&p).display().to_string();
        let f = SourceFile::new(rel.clone(), text);
        let docs: Vec<Node> = if p.extension().is_some_and(|e| e == "json") {
            match parse_json(&f) {
                Ok(d) => d.into_iter().collect(),
                Err(e) => {
                    unparsed.push(format!("{rel}: {e:?}"));
                    continue;
                }
            }
        } else {
            match parse_yaml(&f) {
                Ok(d) => d,
                Err(e) => {
                    // Helm and Go templates are not YAML until rendered.
                    if !f.text.contains("{{") {
                        unparsed.push(format!("{rel}: {e:?}"));
                    }
                    continue;
                }
            }
        };
        for doc in docs.iter().filter(|d| super::is_template(d)) {
            templates += 1;
            let reasons = evaluate(doc);
            if !reasons.is_empty() {
                with_unknowns += 1;
            }
            for r in reasons {
                match MISSING_INPUTS.iter().find(|(pat, _)| r.contains(pat)) {
                    Some((_, what)) => *missing.entry(what).or_default() += 1,
                    None if TEMPLATE_FAULTS
                        .iter()
                        .any(|(file, why)| rel == *file && r.contains(why)) => {}
                    None => faults.push(format!("{rel}: {r}")),
                }
            }
        }
    }
    println!("CloudFormation templates: {templates}; with a value left unknown: {with_unknowns}");
    for (what, n) in &missing {
        println!("{n:6}  {what}");
    }
    assert!(templates >= 150, "{templates} templates");
    assert!(
        unparsed.is_empty(),
        "templates that do not parse:\n{}",
        unparsed.join("\n")
    );
    assert!(
        faults.is_empty(),
        "unknown for a reason other than a missing input:\n{}",
        faults.join("\n")
    );
}
