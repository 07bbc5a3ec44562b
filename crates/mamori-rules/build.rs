//! Registers every rule and rule document found on disk, so that adding a rule is one `.rs`
//! file under `src/rules/<service>/` and two documents under `docs/`, with nothing to list by
//! hand.
//!
//! Each rule file must define `pub static RULE: <type implementing Rule>`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let rules_dir = Path::new(&root).join("src/rules");
    let docs_dir = Path::new(&root).join("docs");
    println!("cargo:rerun-if-changed={}", rules_dir.display());
    println!("cargo:rerun-if-changed={}", docs_dir.display());

    let mut files = Vec::new();
    for service in std::fs::read_dir(&rules_dir).unwrap().flatten() {
        if !service.path().is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", service.path().display());
        for f in std::fs::read_dir(service.path()).unwrap().flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "rs") {
                files.push(p);
            }
        }
    }
    files.sort();

    let mut out = String::new();
    let mut names = Vec::new();
    for p in &files {
        let service = p.parent().unwrap().file_name().unwrap().to_string_lossy().to_string();
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let module = format!("{service}_{stem}");
        writeln!(out, "#[path = {:?}]\nmod {module};", p.display().to_string()).unwrap();
        names.push(module);
    }
    writeln!(out, "/// Every rule, in file order.").unwrap();
    writeln!(out, "pub static ALL: &[&dyn crate::Rule] = &[").unwrap();
    for m in &names {
        writeln!(out, "    &{m}::RULE,").unwrap();
    }
    writeln!(out, "];").unwrap();

    let mut docs = Vec::new();
    if let Ok(rd) = std::fs::read_dir(&docs_dir) {
        for f in rd.flatten() {
            let p = f.path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if let Some(id) = name.strip_suffix(".en.md") {
                docs.push((id.to_string(), p.clone(), p.with_file_name(format!("{id}.ja.md"))));
            }
        }
    }
    docs.sort();
    writeln!(out, "/// The documents of each rule: (id, English, Japanese).").unwrap();
    writeln!(out, "pub static DOCS: &[(&str, &str, Option<&str>)] = &[").unwrap();
    for (id, en, ja) in &docs {
        let ja = if ja.exists() {
            format!("Some(include_str!({:?}))", ja.display().to_string())
        } else {
            "None".into()
        };
        writeln!(out, "    ({id:?}, include_str!({:?}), {ja}),", en.display().to_string()).unwrap();
    }
    writeln!(out, "];").unwrap();

    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("registry.rs");
    std::fs::write(dest, out).unwrap();
}
