//! Suppressions declared in an object's annotations.
//!
//! - `mamori.io/ignore`: entries separated by new lines or `;`, each `RULE[,RULE…]: reason`
//!   with an optional ` until=YYYY-MM-DD`. An entry without a reason keeps `reason: None`, and
//!   the suppression engine reports it instead of honouring it.
//! - Checkov's `checkov.io/skip<n>: CKV_K8S_<n>=reason` (any key that starts with
//!   `checkov.io/skip`).

use super::read::{join, literal_block_lines};
use crate::source::SourceFile;
use crate::tree::Node;
use mamori_model::resource::{Ignore, IgnoreSyntax};
use mamori_model::{Origin, Span};

pub const MAMORI_ANNOTATION: &str = "mamori.io/ignore";
pub const CHECKOV_PREFIX: &str = "checkov.io/skip";

pub fn annotations(file: &SourceFile, metadata: &Node) -> Vec<Ignore> {
    let Some(entries) = metadata.get("annotations").and_then(Node::as_map) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in entries {
        let Some(text) = v.scalar_text() else { continue };
        let whole = file.origin_of(join(k.span, v.span));
        if k.text == MAMORI_ANNOTATION {
            // Each line of a literal block points at its own line; otherwise at the annotation.
            let pieces: Vec<(String, Origin)> = match literal_block_lines(file, v) {
                Some(lines) => lines
                    .into_iter()
                    .map(|(l, s): (String, Span)| (l, file.origin_of(s)))
                    .collect(),
                None => text.lines().map(|l| (l.to_string(), whole.clone())).collect(),
            };
            for (line, origin) in pieces {
                for entry in line.split(';') {
                    mamori_entry(entry, &origin, &mut out);
                }
            }
        } else if k.text.starts_with(CHECKOV_PREFIX) {
            let (id, reason) = match text.split_once('=') {
                Some((id, r)) => (id.trim().to_string(), Some(r.trim().to_string())),
                None => (text.trim().to_string(), None),
            };
            if id.is_empty() {
                continue;
            }
            out.push(Ignore {
                syntax: IgnoreSyntax::Checkov,
                target: id,
                reason: reason.filter(|r| !r.is_empty()),
                until: None,
                origin: whole,
            });
        }
    }
    out
}

/// One `RULE[,RULE…]: reason [until=YYYY-MM-DD]` entry; one `Ignore` per rule.
fn mamori_entry(entry: &str, origin: &Origin, out: &mut Vec<Ignore>) {
    let entry = entry.trim();
    if entry.is_empty() {
        return;
    }
    let (targets, rest) = match entry.split_once(':') {
        Some((t, r)) => (t, r.trim()),
        None => (entry, ""),
    };
    // `until=` may close the entry; what is left is the reason.
    let (reason, until) = match rest.rfind("until=") {
        Some(pos) if pos == 0 || rest[..pos].ends_with(char::is_whitespace) => {
            let date = rest[pos + "until=".len()..].trim();
            (rest[..pos].trim(), Some(date.to_string()))
        }
        _ => (rest, None),
    };
    let reason = reason.trim().trim_matches('"').trim();
    for target in targets.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        out.push(Ignore {
            syntax: IgnoreSyntax::Mamori,
            target: target.to_string(),
            reason: (!reason.is_empty()).then(|| reason.to_string()),
            until: until.clone(),
            origin: origin.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::parse_yaml;

    fn ignores(yaml: &str) -> Vec<Ignore> {
        let f = SourceFile::new("t.yaml", yaml);
        let doc = parse_yaml(&f).unwrap().remove(0);
        annotations(&f, doc.get("metadata").unwrap())
    }

    #[test]
    fn entries_rules_reasons_and_dates() {
        let got = ignores(
            "metadata:\n  annotations:\n    mamori.io/ignore: |\n      MAM-K8S-001,MAM-K8S-002: node agent needs the host network until=2030-01-31\n      MAM-K8S-004\n    checkov.io/skip1: CKV_K8S_20=runs as root by design\n",
        );
        let seen: Vec<(&str, Option<&str>, Option<&str>, u32)> = got
            .iter()
            .map(|i| {
                (
                    i.target.as_str(),
                    i.reason.as_deref(),
                    i.until.as_deref(),
                    i.origin.location().unwrap().span.start_line,
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "MAM-K8S-001",
                    Some("node agent needs the host network"),
                    Some("2030-01-31"),
                    4
                ),
                (
                    "MAM-K8S-002",
                    Some("node agent needs the host network"),
                    Some("2030-01-31"),
                    4
                ),
                ("MAM-K8S-004", None, None, 5),
                ("CKV_K8S_20", Some("runs as root by design"), None, 6),
            ]
        );
        assert_eq!(got[3].syntax, IgnoreSyntax::Checkov);
    }

    #[test]
    fn semicolons_separate_entries_on_one_line() {
        let got =
            ignores("metadata:\n  annotations:\n    mamori.io/ignore: \"MAM-K8S-005: legacy; MAM-K8S-006: tested\"\n");
        let t: Vec<(&str, Option<&str>)> = got.iter().map(|i| (i.target.as_str(), i.reason.as_deref())).collect();
        assert_eq!(t, [("MAM-K8S-005", Some("legacy")), ("MAM-K8S-006", Some("tested"))]);
        assert!(got.iter().all(|i| i.origin.location().unwrap().span.start_line == 3));
    }
}
