//! Malformed input never panics: every fixture and example file, cut off at many points, goes
//! through the whole pipeline (sniffing, parsing, adapting) as standard input.

use mamori_iac::{ScanOptions, scan};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if ["tf", "tfvars", "json", "yaml", "yml"]
            .iter()
            .any(|x| p.extension().is_some_and(|e| e == *x))
        {
            out.push(p);
        }
    }
}

#[test]
fn truncated_inputs_do_not_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut all = Vec::new();
    files(&root.join("crates/mamori-rules/fixtures"), &mut all);
    files(&root.join("examples"), &mut all);
    assert!(all.len() > 30, "found only {} files", all.len());
    let mut runs = 0;
    for p in &all {
        let text = std::fs::read_to_string(p).unwrap();
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        // About 150 cut points per file, always on character boundaries.
        let step = (cuts.len() / 150).max(1);
        for &cut in cuts.iter().step_by(step) {
            let prefix = text[..cut].to_string();
            let result = std::panic::catch_unwind(|| {
                scan(&ScanOptions {
                    paths: Vec::new(),
                    stdin: Some(prefix.clone()),
                    ..Default::default()
                })
                .unwrap()
            });
            assert!(result.is_ok(), "{} cut at byte {cut} panicked", p.display());
            runs += 1;
        }
    }
    assert!(runs > 3000, "{runs}");
}
