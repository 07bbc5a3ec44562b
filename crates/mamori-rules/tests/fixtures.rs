//! Walks every rule's fixtures: `fixtures/<RULE-ID>/fail*` must yield exactly the findings listed
//! in the sidecar `<name>.expect`, and `fixtures/<RULE-ID>/pass*` must yield none while the rule
//! still judged a resource. Each rule needs a failing and a passing fixture in every source
//! format it declares.
//!
//! A line of an `.expect` file is one finding: where it points (the line number, or `file:line`
//! for a folder), a space, and the finding's attribute path (`containerDefinitions[web].privileged`).
//! The attribute is written in the API's camelCase whatever the fixture's source, so a path
//! that came out in Terraform's or CloudFormation's spelling fails here.
//!
//! A rule's fixtures run with the rule parameters of `fixtures/<RULE-ID>/mamori.toml` (its
//! `[params]` table, as in a project's `mamori.toml`) when there is one, else the defaults.

use mamori_iac::{Level, ScanOptions};
use mamori_model::{Inventory, SourceKind};
use mamori_rules::{Params, Rule, RuleSelection};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

struct Run {
    lines: Vec<String>,
    /// Attributes that are not paths in the API's spelling.
    malformed: Vec<String>,
    passed: usize,
    undecided: Vec<String>,
    errors: Vec<String>,
    sources: BTreeSet<&'static str>,
}

/// The `[params]` table of a fixture folder's `mamori.toml`, with the same rules as the CLI's:
/// unknown keys are errors.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureConfig {
    #[serde(default)]
    params: Params,
}

fn params(dir: &Path) -> Result<Params, String> {
    let path = dir.join("mamori.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(Params::default());
    };
    let mut c: FixtureConfig = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    c.params.validate().map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(c.params)
}

fn run(rule: &'static dyn Rule, entry: &Path, params: &Params) -> Run {
    let input = mamori_iac::scan(&ScanOptions {
        paths: vec![entry.to_path_buf()],
        stdin: None,
        ..Default::default()
    })
    .unwrap();
    let errors = input
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .map(|d| format!("{}:{}: {}", d.path, d.line, d.message))
        .collect();
    let mut inv = Inventory::new();
    inv.extend(input.resources.iter().cloned());
    let sources = inv
        .resources()
        .iter()
        .filter(|r| rule.meta().resource_kinds.contains(&r.meta().kind))
        .map(|r| r.meta().source.as_str())
        .collect();
    let out = mamori_rules::run(&inv, &[rule], params, &RuleSelection::default());
    let prefix = format!("{}/", entry.display());
    let lines = out
        .findings
        .iter()
        .map(|f| {
            let loc = f.location().expect("a fixture finding has a location");
            let at = match loc.path.strip_prefix(&prefix) {
                Some(rel) => format!("{rel}:{}", loc.span.start_line),
                None => loc.span.start_line.to_string(),
            };
            format!("{at} {}", f.attribute)
        })
        .collect();
    let malformed = out
        .findings
        .iter()
        .filter(|f| !is_api_path(&f.attribute))
        .map(|f| f.attribute.clone())
        .collect();
    let undecided = out
        .undecided
        .iter()
        .map(|u| format!("{}: {}", u.resource.address, u.reason))
        .collect();
    Run {
        lines,
        malformed,
        passed: out.passed,
        undecided,
        errors,
        sources,
    }
}

/// Whether `path` is an attribute path as `Finding::attribute` describes it: members in the
/// API's camelCase (`logConfiguration`, not `log_configuration` or `LogConfiguration`) joined by
/// `.`, each optionally followed by list keys in brackets (`[web]`, `[SYS_ADMIN]`, `[#2]`).
fn is_api_path(path: &str) -> bool {
    let mut rest = path;
    loop {
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let (member, after) = rest.split_at(end);
        let mut chars = member.chars();
        if !chars.next().is_some_and(|c| c.is_ascii_lowercase()) || !chars.all(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        rest = after;
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else {
                return false;
            };
            if close == 0 {
                return false;
            }
            rest = &inner[close + 1..];
        }
        match rest.strip_prefix('.') {
            Some(next) => rest = next,
            None => return rest.is_empty(),
        }
    }
}

#[test]
fn attribute_paths_are_recognised() {
    for good in [
        "tags",
        "settings.containerInsights",
        "containerDefinitions[web].linuxParameters.capabilities.add[SYS_ADMIN]",
        "containerDefinitions[#2].mountPoints[docker-sock]",
        "volumes[data].efsVolumeConfiguration.transitEncryption",
        "containerDefinitions[app].linuxParameters.devices[/dev/fuse]",
        "containerDefinitions[app]",
    ] {
        assert!(is_api_path(good), "{good}");
    }
    for bad in [
        "",
        "log_configuration",
        "LogConfiguration",
        "settings..containerInsights",
        "containerDefinitions[]",
        "containerDefinitions[web",
        "containerDefinitions[web]x",
        "tags.",
    ] {
        assert!(!is_api_path(bad), "{bad}");
    }
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            (n.starts_with("fail") || n.starts_with("pass")) && !n.ends_with(".expect")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_rule_passes_and_fails_its_fixtures_in_every_source() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut problems = Vec::new();
    for rule in mamori_rules::all() {
        let m = rule.meta();
        let dir = root.join(m.id);
        if !dir.is_dir() {
            problems.push(format!("{}: no fixtures folder {}", m.id, dir.display()));
            continue;
        }
        let params = match params(&dir) {
            Ok(p) => p,
            Err(e) => {
                problems.push(format!("{}: {e}", m.id));
                continue;
            }
        };
        let mut failing_sources = BTreeSet::new();
        let mut passing_sources = BTreeSet::new();
        for entry in entries(&dir) {
            let name = entry.file_name().unwrap().to_string_lossy().to_string();
            let r = run(rule, &entry, &params);
            let what = format!("{}/{name}", m.id);
            if !r.errors.is_empty() {
                problems.push(format!("{what}: input errors {:?}", r.errors));
            }
            if !r.malformed.is_empty() {
                problems.push(format!(
                    "{what}: attributes not in the API's spelling {:?}",
                    r.malformed
                ));
            }
            if r.sources.is_empty() {
                problems.push(format!("{what}: no resource the rule judges was read"));
            }
            if name.starts_with("fail") {
                let expect_path = dir.join(format!("{name}.expect"));
                let expected: Vec<String> = std::fs::read_to_string(&expect_path)
                    .unwrap_or_else(|_| panic!("{what}: missing {}", expect_path.display()))
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(|l| match l.split_once(char::is_whitespace) {
                        Some((at, attribute)) => format!("{at} {}", attribute.trim()),
                        None => l.to_string(),
                    })
                    .collect();
                if expected.is_empty() {
                    problems.push(format!("{what}: the .expect file lists no finding"));
                }
                for l in &expected {
                    if l.split_whitespace().count() < 2 {
                        problems.push(format!("{what}: `{l}` in the .expect file names no attribute"));
                    }
                }
                let mut got = r.lines.clone();
                got.sort();
                let mut want = expected.clone();
                want.sort();
                if got != want {
                    problems.push(format!("{what}: expected findings at {want:?}, got {got:?}"));
                } else {
                    failing_sources.extend(r.sources.iter().copied());
                }
            } else {
                if !r.lines.is_empty() {
                    problems.push(format!("{what}: expected no finding, got {:?}", r.lines));
                } else if r.passed == 0 {
                    problems.push(format!("{what}: no check passed, so the fixture proves nothing"));
                } else {
                    passing_sources.extend(r.sources.iter().copied());
                }
                if !r.undecided.is_empty() {
                    problems.push(format!("{what}: undecided checks {:?}", r.undecided));
                }
            }
        }
        for s in m.sources {
            let s: &SourceKind = s;
            if !failing_sources.contains(s.as_str()) {
                problems.push(format!("{}: no failing fixture in {}", m.id, s.as_str()));
            }
            if !passing_sources.contains(s.as_str()) {
                problems.push(format!("{}: no passing fixture in {}", m.id, s.as_str()));
            }
        }
    }
    assert!(problems.is_empty(), "fixture problems:\n  {}", problems.join("\n  "));
}

#[test]
fn every_rule_has_both_documents() {
    for rule in mamori_rules::all() {
        let id = rule.meta().id;
        assert_eq!(
            mamori_rules::has_documents(id),
            (true, true),
            "{id} needs docs/{id}.en.md and docs/{id}.ja.md"
        );
        for lang in [mamori_model::Lang::En, mamori_model::Lang::Ja] {
            let doc = mamori_rules::document(id, lang).unwrap();
            assert!(
                doc.starts_with(&format!("# {id}")),
                "{id} {lang:?} document must start with `# {id}`"
            );
        }
    }
}

#[test]
fn ids_names_and_controls_are_well_formed() {
    let mut ids = BTreeSet::new();
    let mut names = BTreeSet::new();
    for rule in mamori_rules::all() {
        let m = rule.meta();
        assert!(ids.insert(m.id), "duplicate id {}", m.id);
        assert!(names.insert(m.name), "duplicate name {}", m.name);
        assert!(
            m.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            m.name
        );
        assert!(!m.controls.is_empty(), "{} maps to no control", m.id);
        for c in m.controls {
            let (fw, id) = c
                .split_once('/')
                .unwrap_or_else(|| panic!("{}: control {c} lacks a framework", m.id));
            assert!(
                [
                    "aws-securityhub",
                    "nist-800-53",
                    "pci-dss-4.0.1",
                    "cis-eks-1.8",
                    "cis-k8s-1.12",
                    "pss-baseline",
                    "pss-restricted"
                ]
                .contains(&fw),
                "{}: unknown framework in {c}",
                m.id
            );
            assert!(!id.is_empty());
        }
        assert!(
            !m.title_ja.is_empty() && m.title_ja != m.title_en,
            "{} lacks a Japanese title",
            m.id
        );
    }
}

#[test]
fn find_by_id_name_control_and_equivalent() {
    assert_eq!(mamori_rules::find("mam-ecs-001")[0].meta().id, "MAM-ECS-001");
    assert_eq!(mamori_rules::find("ecs-service-public-ip")[0].meta().id, "MAM-ECS-003");
    assert_eq!(mamori_rules::find("ECS.16")[0].meta().id, "MAM-ECS-004");
    assert_eq!(mamori_rules::find("aws-securityhub/ECS.10")[0].meta().id, "MAM-ECS-002");
    assert_eq!(mamori_rules::find("CKV_AWS_65")[0].meta().id, "MAM-ECS-001");
    assert!(mamori_rules::find("ECS.1").is_empty(), "ECS.1 must not match ECS.12");
}

#[test]
fn kics_query_ids_resolve_to_their_rules() {
    // KICS query ids (Terraform and CloudFormation queries of Checkmarx/kics) and the rule each
    // one names, so that `mamori explain <id>` finds it.
    let expected = [
        ("97cb0688-369a-4d26-b1f7-86c4c91231bc", "MAM-ECS-001"),
        ("ab759fde-e1e8-4b0e-ad73-ba856e490ed8", "MAM-ECS-001"),
        ("bafe7989-3c4b-47f0-910b-e6e1cba7f146", "MAM-ECS-003"),
        ("c0c26068-fdf0-40e5-9b3b-fc8a5f585d2e", "MAM-ECS-003"),
    ];
    for (query, rule) in expected {
        for q in [query.to_string(), query.to_ascii_uppercase(), format!(" {query} ")] {
            let found: Vec<_> = mamori_rules::find(&q).iter().map(|r| r.meta().id).collect();
            assert_eq!(found, [rule], "{q:?}");
        }
    }
    // A `kics-scan ignore-line` / `ignore-block` comment names no query, so it silences every
    // rule with a KICS equivalent: the set stays exactly the rules mapped on purpose.
    let with_kics: BTreeSet<&str> = mamori_rules::all()
        .iter()
        .filter(|r| r.meta().equivalents.iter().any(|(tool, _)| *tool == "kics"))
        .map(|r| r.meta().id)
        .collect();
    assert_eq!(with_kics, BTreeSet::from(["MAM-ECS-001", "MAM-ECS-003"]));
}

#[test]
fn equivalents_are_well_formed() {
    let uuid = |s: &str| {
        let parts: Vec<&str> = s.split('-').collect();
        parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
            && parts
                .iter()
                .all(|p| p.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)))
    };
    for rule in mamori_rules::all() {
        let m = rule.meta();
        let mut seen = BTreeSet::new();
        for (tool, id) in m.equivalents {
            assert!(
                ["checkov", "trivy", "prowler", "kics", "hadolint"].contains(tool),
                "{}: unknown tool {tool}",
                m.id
            );
            assert!(seen.insert((*tool, *id)), "{}: {tool} {id} is listed twice", m.id);
            assert_eq!(id.trim(), *id, "{}: {tool} id {id:?} has spaces", m.id);
            match *tool {
                "kics" => assert!(uuid(id), "{}: KICS query id {id} is not a lower-case UUID", m.id),
                "checkov" => assert!(id.starts_with("CKV_") || id.starts_with("CKV2_"), "{}: {id}", m.id),
                "hadolint" => assert!(
                    id.strip_prefix("DL")
                        .is_some_and(|n| n.len() == 4 && n.chars().all(|c| c.is_ascii_digit())),
                    "{}: {id}",
                    m.id
                ),
                "trivy" => assert!(id.starts_with("AVD-"), "{}: {id}", m.id),
                _ => assert!(!id.is_empty(), "{}: empty {tool} id", m.id),
            }
        }
    }
}
