//! SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! One run. The driver describes every rule that ran (its document is the help text); each
//! finding is a result with a physical location (file and region) when it came from a file and
//! a logical location (the resource address) always. Source text is never quoted: results
//! carry no snippet, so a finding that may hold a secret cannot leak it here.
//!
//! With `--unknown fail`, each check left undecided by an unknown value is a result too, of
//! `kind: "review"` (the tool could not tell whether the rule is broken; SARIF then requires
//! `level: "none"`), its message the reason, with `properties.undecided: true`.
//!
//! `properties.attribute` is the finding's attribute path (`containerDefinitions[web].privileged`).
//! `partialFingerprints["mamori/v2"]` is the 64-bit FNV-1a hash (hex) of the rule id, the
//! resource address and the attribute path, each followed by a NUL byte. It leaves out line
//! numbers, the message and the report's language, so an alert keeps its identity when lines
//! move above it, when the offending value changes (a `1.3.0` platform version becomes `1.2.0`)
//! or when the report is written in Japanese. (`mamori/v1` hashed the English message in place
//! of the attribute.)

use crate::{InputError, Report, RuleInfo};
use mamori_model::finding::Undecided;
use mamori_model::{Finding, Lang, Origin, Severity};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// The schema the output declares.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(r: &Report<'_>) -> String {
    let mut s = serde_json::to_string_pretty(&value(r)).unwrap_or_default();
    s.push('\n');
    s
}

/// A rule as the driver lists it, whether it came from the report's rules or only from a finding.
struct RuleRef<'a> {
    id: &'a str,
    name: &'a str,
    title: &'a str,
    severity: Severity,
    controls: &'a [&'static str],
    doc: Option<&'a str>,
}

pub fn value(r: &Report<'_>) -> Value {
    let lang = r.lang;
    let mut rules: Vec<RuleRef<'_>> = r.rules.iter().map(|ri| rule_ref(ri, lang)).collect();
    // A finding whose rule is not among the report's rules still needs a descriptor.
    for f in r.findings.iter().chain(r.suppressed.iter().map(|x| &x.finding)) {
        if !rules.iter().any(|x| x.id == f.rule_id) {
            rules.push(RuleRef {
                id: f.rule_id,
                name: f.rule_name,
                title: f.title.get(lang),
                severity: f.severity,
                controls: &f.controls,
                doc: None,
            });
        }
    }
    let undecided: &[Undecided] = if r.summary.unknown_fails { r.undecided } else { &[] };
    for u in undecided {
        if !rules.iter().any(|x| x.id == u.rule_id) {
            rules.push(RuleRef {
                id: u.rule_id,
                name: u.rule_id,
                title: u.rule_id,
                severity: Severity::Info,
                controls: &[],
                doc: None,
            });
        }
    }
    let index: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, x)| (x.id, i)).collect();

    let mut notifications: Vec<Value> = r.errors.iter().map(|e| notification(e, "error", lang)).collect();
    notifications.extend(r.notes.iter().map(|e| notification(e, "note", lang)));
    let mut invocation = Map::new();
    invocation.insert("executionSuccessful".into(), json!(r.errors.is_empty()));
    if !notifications.is_empty() {
        invocation.insert("toolExecutionNotifications".into(), Value::Array(notifications));
    }

    let version = env!("CARGO_PKG_VERSION");
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "mamori",
                    "version": version,
                    "semanticVersion": version,
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules.iter().map(rule).collect::<Vec<_>>(),
                }
            },
            "invocations": [invocation],
            "language": lang.code(),
            // mamori counts columns in characters, not UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "results": r.findings.iter().map(|f| result(f, lang, index[f.rule_id]))
                .chain(r.suppressed.iter().map(|x| {
                    let mut v = result(&x.finding, lang, index[x.finding.rule_id]);
                    let mut s = Map::new();
                    s.insert("kind".into(), json!(if x.by.in_source { "inSource" } else { "external" }));
                    s.insert("status".into(), json!("accepted"));
                    if let Some(reason) = &x.by.reason {
                        s.insert("justification".into(), json!(reason));
                    }
                    s.insert("properties".into(), json!({ "syntax": x.by.syntax, "at": x.by.at, "until": x.by.until }));
                    v["suppressions"] = json!([Value::Object(s)]);
                    v
                }))
                .chain(undecided.iter().map(|u| review(u, lang, index[u.rule_id])))
                .collect::<Vec<_>>(),
        }],
    })
}

fn rule_ref<'a>(ri: &'a RuleInfo, lang: Lang) -> RuleRef<'a> {
    RuleRef {
        id: ri.id,
        name: ri.name,
        title: ri.title.get(lang),
        severity: ri.severity,
        controls: &ri.controls,
        doc: ri.doc(lang),
    }
}

fn rule(x: &RuleRef<'_>) -> Value {
    let full = x.doc.and_then(first_paragraph).unwrap_or_else(|| x.title.to_string());
    let help = x.doc.unwrap_or(x.title);
    let mut tags = vec!["security"];
    tags.extend(x.controls.iter().copied());
    json!({
        "id": x.id,
        "name": x.name,
        "shortDescription": { "text": x.title },
        "fullDescription": { "text": full },
        "help": { "text": help, "markdown": help },
        "defaultConfiguration": { "level": level(x.severity) },
        "properties": {
            "security-severity": security_severity(x.severity),
            "tags": tags,
            "controls": x.controls,
            "precision": "high",
        },
    })
}

fn result(f: &Finding, lang: Lang, rule_index: usize) -> Value {
    let address = &f.resource.address;
    let logical = json!({ "name": address, "kind": "resource", "fullyQualifiedName": address });
    let mut loc = Map::new();
    if let Origin::Source(l) = &f.origin {
        let mut phys = Map::new();
        phys.insert("artifactLocation".into(), json!({ "uri": path_to_uri(&l.path) }));
        if let Some(region) = region(l.span.start_line, l.span.start_col, l.span.end_line, l.span.end_col) {
            phys.insert("region".into(), region);
        }
        loc.insert("physicalLocation".into(), Value::Object(phys));
    }
    loc.insert("logicalLocations".into(), json!([logical]));
    let mut result = json!({
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": f.message.get(lang) },
        "locations": [loc],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint(f) },
        "properties": live(json!({
            "attribute": f.attribute,
            "controls": f.controls,
            "resourceKind": f.resource.kind,
            "source": f.resource.source,
        }), &f.resource),
    });
    // A resource read from a Terraform plan: the plan, and what the location points at.
    if let Some(p) = &f.resource.plan {
        result["properties"]["plan"] = json!({ "path": &*p.path, "pointsAt": p.points_at(&f.origin) });
    }
    result
}

/// A live resource's region, account and source links, as properties.
fn live(mut props: Value, r: &mamori_model::FindingResource) -> Value {
    for (k, x) in [
        ("region", &r.region),
        ("account", &r.account),
        ("cloudformationStack", &r.cloudformation_stack),
        ("cloudformationLogicalId", &r.cloudformation_logical_id),
        ("terraformAddress", &r.terraform_address),
    ] {
        if let Some(x) = x {
            props[k] = json!(x);
        }
    }
    props
}

/// A check left undecided, as a result to review: SARIF's `kind: "review"` with `level: "none"`.
fn review(u: &Undecided, lang: Lang, rule_index: usize) -> Value {
    let address = &u.resource.address;
    let logical = json!({ "name": address, "kind": "resource", "fullyQualifiedName": address });
    let mut loc = Map::new();
    if let Origin::Source(l) = &u.origin {
        let mut phys = Map::new();
        phys.insert("artifactLocation".into(), json!({ "uri": path_to_uri(&l.path) }));
        if let Some(region) = region(l.span.start_line, l.span.start_col, l.span.end_line, l.span.end_col) {
            phys.insert("region".into(), region);
        }
        loc.insert("physicalLocation".into(), Value::Object(phys));
    }
    loc.insert("logicalLocations".into(), json!([logical]));
    json!({
        "ruleId": u.rule_id,
        "ruleIndex": rule_index,
        "kind": "review",
        "level": "none",
        "message": { "text": crate::reasons::reason(lang, &u.reason) },
        "locations": [loc],
        "partialFingerprints": {
            FINGERPRINT_KEY: format!("{:016x}", fnv1a([u.rule_id, address.as_str(), UNDECIDED_ATTRIBUTE])),
        },
        "properties": live(json!({
            "undecided": true,
            "resourceKind": u.resource.kind,
            "source": u.resource.source,
        }), &u.resource),
    })
}

/// What stands for the attribute in the fingerprint of an undecided check, which has none.
const UNDECIDED_ATTRIBUTE: &str = "(undecided)";

fn notification(e: &InputError, level: &str, lang: Lang) -> Value {
    let mut phys = Map::new();
    phys.insert("artifactLocation".into(), json!({ "uri": path_to_uri(&e.path) }));
    if let Some(region) = region(e.line, e.col, 0, 0) {
        phys.insert("region".into(), region);
    }
    json!({
        "level": level,
        "message": { "text": crate::reasons::note(lang, &e.message) },
        "locations": [{ "physicalLocation": phys }],
    })
}

/// A region from 1-based lines and columns (the end column exclusive, as in SARIF). Unknown
/// parts (0) are left out; no region at all without a start line.
fn region(start_line: u32, start_col: u32, end_line: u32, end_col: u32) -> Option<Value> {
    if start_line == 0 {
        return None;
    }
    let mut m = Map::new();
    m.insert("startLine".into(), json!(start_line));
    if start_col > 0 {
        m.insert("startColumn".into(), json!(start_col));
    }
    if end_line >= start_line {
        m.insert("endLine".into(), json!(end_line));
        if end_col > 0 && (end_line > start_line || end_col >= start_col) {
            m.insert("endColumn".into(), json!(end_col));
        }
    }
    Some(Value::Object(m))
}

/// Critical and high are errors, medium a warning, low and info notes.
pub fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// A score inside GitHub's band for the severity (critical > 9.0, high 7.0–8.9, medium
/// 4.0–6.9, low 0.1–3.9).
pub fn security_severity(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

/// The key of the fingerprint in `partialFingerprints`; its version changes with the algorithm.
pub const FINGERPRINT_KEY: &str = "mamori/v2";

/// The stable identity of a finding: FNV-1a (64-bit) over the rule id, the resource address
/// and the attribute path, each followed by a NUL byte.
pub fn fingerprint(f: &Finding) -> String {
    format!("{:016x}", fingerprint_bits(f))
}

/// The fingerprint as a number.
pub(crate) fn fingerprint_bits(f: &Finding) -> u64 {
    fnv1a([f.rule_id, f.resource.address.as_str(), f.attribute.as_str()])
}

/// FNV-1a (64-bit) over the parts, each followed by a NUL byte: the hash every stable
/// identifier of mamori is made of (SARIF fingerprints, GitLab ids, baseline keys).
pub fn fnv1a<'a>(parts: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut h = Fnv1a::new();
    for part in parts {
        h.write(part.as_bytes());
        h.write(&[0]);
    }
    h.0
}

/// 64-bit FNV-1a.
pub(crate) struct Fnv1a(pub(crate) u64);

impl Fnv1a {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    pub(crate) fn new() -> Fnv1a {
        Fnv1a(Self::OFFSET)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }
}

/// The first paragraph of a rule document's first section ("What it checks" / "検査内容"),
/// its lines joined, bold markers removed.
fn first_paragraph(doc: &str) -> Option<String> {
    let mut lines = doc.lines().skip_while(|l| !l.starts_with("## "));
    lines.next()?;
    let para: Vec<&str> = lines
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::trim)
        .collect();
    if para.is_empty() {
        return None;
    }
    // Japanese lines join without a space; others with one.
    let mut out = String::new();
    for l in para {
        let cjk_edge = out.chars().last().is_some_and(is_wide) || l.chars().next().is_some_and(is_wide);
        if !out.is_empty() && !cjk_edge {
            out.push(' ');
        }
        out.push_str(l);
    }
    Some(out.replace("**", ""))
}

fn is_wide(c: char) -> bool {
    crate::text::display_width(c.encode_utf8(&mut [0; 4])) == 2
}

/// A file path as a URI reference: forward slashes, relative paths kept relative, absolute
/// ones as `file://` URIs, and every byte outside the unreserved set and `/` percent-encoded.
pub fn path_to_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let (prefix, rest) = if p.starts_with('/') {
        ("file://", p.as_str())
    } else if p.len() >= 3 && p.as_bytes()[0].is_ascii_alphabetic() && &p.as_bytes()[1..3] == b":/" {
        // A Windows drive: `C:/x` → `file:///C:/x`.
        let (drive, rest) = p.split_at(2);
        return format!("file:///{drive}{}", encode(rest));
    } else {
        ("", p.as_str())
    };
    format!("{prefix}{}", encode(rest))
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Summary;
    use mamori_model::finding::FindingResource;
    use mamori_model::span::{Location, Span};
    use mamori_model::{Text, finding::Pass, finding::Undecided};
    use std::sync::Arc;

    const DOC_EN: &str = "# MAM-T-001: Title\n\n## What it checks\n\nmamori reads the **public-IP**\nswitch of every service.\n\nMore.\n\n## Why it matters\n\nBecause.\n";
    const DOC_JA: &str = "# MAM-T-001: 題名\n\n## 検査内容\n\nmamori は\nサービスを読みます。\n\n## なぜ危険か\n";

    fn finding(id: &'static str, sev: Severity, line: u32, origin: Option<&str>) -> Finding {
        let origin = match origin {
            Some(path) => Origin::Source(Location {
                path: Arc::from(path),
                span: Span {
                    start_line: line,
                    start_col: 5,
                    end_line: line,
                    end_col: 12,
                    ..Span::default()
                },
            }),
            None => Origin::Api {
                arn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod".into(),
            },
        };
        Finding {
            rule_id: id,
            rule_name: "test-rule",
            severity: sev,
            title: Text::new(format!("{id} title"), format!("{id} 題名")),
            message: Text::new(format!("{id} fails on web"), format!("{id} は web で失敗")),
            controls: vec!["aws-securityhub/ECS.2", "nist-800-53/AC-3"],
            resource: FindingResource {
                kind: "AWS::ECS::Service".into(),
                name: "web".into(),
                address: "aws_ecs_service.web".into(),
                source: "terraform".into(),
                source_type: "aws_ecs_service".into(),
                scope: None,
                ..Default::default()
            },
            attribute: "networkConfiguration.awsvpcConfiguration.assignPublicIp".into(),
            origin,
            sensitive: false,
        }
    }

    fn rule_info(id: &'static str, sev: Severity) -> RuleInfo {
        RuleInfo {
            id,
            name: "test-rule",
            title: Text::new(format!("{id} title"), format!("{id} 題名")),
            severity: sev,
            controls: vec!["aws-securityhub/ECS.2", "nist-800-53/AC-3"],
            doc_en: Some(DOC_EN),
            doc_ja: Some(DOC_JA),
        }
    }

    fn sample() -> (Vec<Finding>, Vec<RuleInfo>, Vec<InputError>) {
        let mut secret = finding("MAM-T-005", Severity::Low, 9, Some("dir with space/secret#1.tf"));
        secret.sensitive = true;
        let findings = vec![
            finding("MAM-T-001", Severity::Critical, 3, Some("examples/terraform/main.tf")),
            finding("MAM-T-002", Severity::High, 4, Some("examples/terraform/main.tf")),
            finding("MAM-T-003", Severity::Medium, 5, Some("/abs/cfn.yaml")),
            finding("MAM-T-004", Severity::Low, 6, None),
            secret,
        ];
        let rules = vec![
            rule_info("MAM-T-001", Severity::Critical),
            rule_info("MAM-T-002", Severity::High),
            rule_info("MAM-T-003", Severity::Medium),
            rule_info("MAM-T-004", Severity::Low),
            rule_info("MAM-T-006", Severity::Info),
        ];
        let errors = vec![InputError {
            path: "broken.tf".into(),
            line: 2,
            col: 1,
            message: "unexpected token".into(),
        }];
        (findings, rules, errors)
    }

    fn render_with(findings: &[Finding], rules: &[RuleInfo], errors: &[InputError], lang: Lang) -> Value {
        let source_line = |_: &str, _: u32| Some("  password = \"hunter2\"".to_string());
        let passes: Vec<Pass> = Vec::new();
        let r = Report {
            findings,
            undecided: &[],
            errors,
            notes: &[],
            summary: Summary::default(),
            lang,
            source_line: &source_line,
            rules,
            passes: &passes,
            suppressed: &[],
        };
        serde_json::from_str(&render(&r)).unwrap()
    }

    #[test]
    fn rules_results_and_locations() {
        let (f, rules, errors) = sample();
        let v = render_with(&f, &rules, &errors, Lang::En);
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "mamori");
        assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
        let drules = driver["rules"].as_array().unwrap();
        // The five rules that ran, and MAM-T-005 that only a finding names.
        assert_eq!(drules.len(), 6);
        let levels: Vec<&str> = drules
            .iter()
            .map(|r| r["defaultConfiguration"]["level"].as_str().unwrap())
            .collect();
        assert_eq!(levels, ["error", "error", "warning", "note", "note", "note"]);
        let sev: Vec<&str> = drules
            .iter()
            .map(|r| r["properties"]["security-severity"].as_str().unwrap())
            .collect();
        assert_eq!(sev, ["9.5", "8.0", "5.5", "3.0", "0.0", "3.0"]);
        let r0 = &drules[0];
        assert_eq!(r0["shortDescription"]["text"], "MAM-T-001 title");
        assert_eq!(
            r0["fullDescription"]["text"],
            "mamori reads the public-IP switch of every service."
        );
        assert_eq!(r0["help"]["markdown"], DOC_EN);
        assert_eq!(r0["help"]["text"], DOC_EN);
        assert_eq!(
            r0["properties"]["tags"],
            json!(["security", "aws-securityhub/ECS.2", "nist-800-53/AC-3"])
        );
        assert_eq!(r0["properties"]["precision"], "high");
        // The descriptor made from a finding falls back to the title.
        assert_eq!(drules[5]["fullDescription"]["text"], "MAM-T-005 title");

        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 5);
        for res in results {
            let idx = res["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(drules[idx]["id"], res["ruleId"]);
        }
        let levels: Vec<&str> = results.iter().map(|r| r["level"].as_str().unwrap()).collect();
        assert_eq!(levels, ["error", "error", "warning", "note", "note"]);
        let first = &results[0];
        assert_eq!(first["message"]["text"], "MAM-T-001 fails on web");
        let phys = &first["locations"][0]["physicalLocation"];
        assert_eq!(phys["artifactLocation"]["uri"], "examples/terraform/main.tf");
        assert_eq!(
            phys["region"],
            json!({"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 12})
        );
        assert_eq!(
            first["locations"][0]["logicalLocations"][0],
            json!({"name": "aws_ecs_service.web", "kind": "resource", "fullyQualifiedName": "aws_ecs_service.web"})
        );
        assert_eq!(first["properties"]["resourceKind"], "AWS::ECS::Service");
        assert_eq!(
            first["properties"]["attribute"],
            "networkConfiguration.awsvpcConfiguration.assignPublicIp"
        );
        assert_eq!(first["partialFingerprints"]["mamori/v2"], fingerprint(&f[0]).as_str());
        assert_eq!(first["properties"]["source"], "terraform");
        assert_eq!(
            results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///abs/cfn.yaml"
        );
        // A finding from the API has a logical location only.
        let api = &results[3]["locations"][0];
        assert!(api.get("physicalLocation").is_none());
        assert_eq!(api["logicalLocations"][0]["kind"], "resource");
        assert_eq!(
            results[4]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "dir%20with%20space/secret%231.tf"
        );

        let inv = &run["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        let n = &inv["toolExecutionNotifications"][0];
        assert_eq!(n["level"], "error");
        assert_eq!(n["message"]["text"], "unexpected token");
        assert_eq!(
            n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "broken.tf"
        );
        assert_eq!(n["locations"][0]["physicalLocation"]["region"]["startLine"], 2);

        let clean = render_with(&[], &rules, &[], Lang::En);
        assert_eq!(clean["runs"][0]["invocations"][0]["executionSuccessful"], true);
        assert_eq!(clean["runs"][0]["results"].as_array().unwrap().len(), 0);
    }

    #[test]
    fn source_text_is_never_quoted() {
        let (f, rules, errors) = sample();
        let out = serde_json::to_string(&render_with(&f, &rules, &errors, Lang::En)).unwrap();
        assert!(!out.contains("hunter2"));
        assert!(!out.contains("snippet"));
    }

    #[test]
    fn japanese_report_and_language_independent_fingerprints() {
        let (f, rules, errors) = sample();
        let en = render_with(&f, &rules, &errors, Lang::En);
        let ja = render_with(&f, &rules, &errors, Lang::Ja);
        let run = &ja["runs"][0];
        assert_eq!(run["language"], "ja");
        let r0 = &run["tool"]["driver"]["rules"][0];
        assert_eq!(r0["shortDescription"]["text"], "MAM-T-001 題名");
        assert_eq!(r0["fullDescription"]["text"], "mamori はサービスを読みます。");
        assert_eq!(r0["help"]["markdown"], DOC_JA);
        assert_eq!(run["results"][0]["message"]["text"], "MAM-T-001 は web で失敗");
        for i in 0..5 {
            assert_eq!(
                en["runs"][0]["results"][i]["partialFingerprints"],
                ja["runs"][0]["results"][i]["partialFingerprints"]
            );
        }
    }

    #[test]
    fn fingerprints_ignore_lines_and_values_and_tell_findings_apart() {
        let a = finding("MAM-T-001", Severity::High, 3, Some("main.tf"));
        // Lines moved above it, or the block moved to another file.
        let moved = finding("MAM-T-001", Severity::High, 40, Some("main.tf"));
        let other_file = finding("MAM-T-001", Severity::High, 3, Some("network.tf"));
        assert_eq!(fingerprint(&a), fingerprint(&moved));
        assert_eq!(fingerprint(&a), fingerprint(&other_file));
        // The same attribute with another value, so another message.
        let mut changed = a.clone();
        changed.message = Text::new("MAM-T-001 fails on web with 1.2.0", "別の値");
        assert_eq!(fingerprint(&a), fingerprint(&changed));
        // Another attribute of the same resource, another rule, another resource.
        let mut other_attribute = a.clone();
        other_attribute.attribute = "platformVersion".into();
        assert_ne!(fingerprint(&a), fingerprint(&other_attribute));
        let other = finding("MAM-T-002", Severity::High, 3, Some("main.tf"));
        assert_ne!(fingerprint(&a), fingerprint(&other));
        let mut other_resource = a.clone();
        other_resource.resource.address = "aws_ecs_service.api".into();
        assert_ne!(fingerprint(&a), fingerprint(&other_resource));
        // The parts are kept apart: moving text between them changes the hash.
        let mut shifted = a.clone();
        shifted.resource.address = "aws_ecs_service.webnetwork".into();
        shifted.attribute = "Configuration.awsvpcConfiguration.assignPublicIp".into();
        assert_ne!(fingerprint(&a), fingerprint(&shifted));
        assert_eq!(fingerprint(&a).len(), 16);
        // FNV-1a of "MAM-T-001\0aws_ecs_service.web\0networkConfiguration.awsvpcConfiguration.assignPublicIp\0",
        // computed outside mamori: a change here changes every alert's identity.
        assert_eq!(fingerprint(&a), "50e8bb4c8bbd0caf");
        // FNV-1a's published test vectors.
        let mut h = Fnv1a::new();
        assert_eq!(h.0, 0xcbf29ce484222325);
        h.write(b"a");
        assert_eq!(h.0, 0xaf63dc4c8601ec8c);
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_to_uri("examples/a b.tf"), "examples/a%20b.tf");
        assert_eq!(path_to_uri("dir\\main.tf"), "dir/main.tf");
        assert_eq!(path_to_uri("/tmp/x.tf"), "file:///tmp/x.tf");
        assert_eq!(path_to_uri("C:\\work\\x.tf"), "file:///C:/work/x.tf");
        assert_eq!(path_to_uri("日本.tf"), "%E6%97%A5%E6%9C%AC.tf");
        assert_eq!(path_to_uri("a:b/c?.tf"), "a%3Ab/c%3F.tf");
    }

    fn validator() -> jsonschema::Validator {
        let mut schema: Value = serde_json::from_str(include_str!("../tests/schemas/sarif-2.1.0-rtm.5.json")).unwrap();
        // The schema's `language` patterns have a stray `]` that the meta-schema's strict
        // `regex` format check rejects; they are replaced here, in memory, by the pattern meant.
        let mut fixed = 0;
        for def in ["run", "toolComponent"] {
            let pattern = &mut schema["definitions"][def]["properties"]["language"]["pattern"];
            if pattern == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" {
                *pattern = json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                fixed += 1;
            }
        }
        assert_eq!(fixed, 2, "the vendored schema changed");
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
    fn output_is_valid_sarif_2_1_0() {
        let v = validator();
        let (f, rules, errors) = sample();
        for lang in [Lang::En, Lang::Ja] {
            let doc = render_with(&f, &rules, &errors, lang);
            assert_eq!(errors_of(&v, &doc), Vec::<String>::new());
        }
        let clean = render_with(&[], &[], &[], Lang::En);
        assert_eq!(errors_of(&v, &clean), Vec::<String>::new());
    }

    #[test]
    fn suppressed_findings_are_results_with_suppressions_and_stay_valid() {
        let (f, rules, errors) = sample();
        let suppressed = vec![
            crate::SuppressedFinding {
                finding: f[0].clone(),
                by: crate::Suppression {
                    syntax: "mamori",
                    in_source: true,
                    reason: Some("dev only".into()),
                    until: Some("2099-01-01".into()),
                    at: "main.tf:2".into(),
                },
            },
            crate::SuppressedFinding {
                finding: f[1].clone(),
                by: crate::Suppression {
                    syntax: "checkov",
                    in_source: false,
                    reason: None,
                    until: None,
                    at: "mamori.toml:7".into(),
                },
            },
        ];
        let source_line = |_: &str, _: u32| None;
        let r = Report {
            findings: &f[2..],
            undecided: &[],
            errors: &errors,
            notes: &[],
            summary: Summary::default(),
            lang: Lang::En,
            source_line: &source_line,
            rules: &rules,
            passes: &[],
            suppressed: &suppressed,
        };
        let doc: Value = serde_json::from_str(&render(&r)).unwrap();
        assert_eq!(errors_of(&validator(), &doc), Vec::<String>::new());
        let results = doc["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), f.len());
        let with: Vec<&Value> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
        assert_eq!(with.len(), 2);
        assert_eq!(with[0]["suppressions"][0]["kind"], "inSource");
        assert_eq!(with[0]["suppressions"][0]["justification"], "dev only");
        assert_eq!(with[0]["suppressions"][0]["status"], "accepted");
        assert_eq!(with[1]["suppressions"][0]["kind"], "external");
        assert!(with[1]["suppressions"][0].get("justification").is_none());
    }

    #[test]
    fn undecided_checks_to_review_stay_valid_sarif() {
        let (f, rules, errors) = sample();
        let undecided = vec![
            Undecided {
                rule_id: "MAM-T-003",
                resource: f[2].resource.clone(),
                reason: "platform version is unknown: local.v ← var.pv has no default".into(),
                origin: f[2].origin.clone(),
            },
            // A rule the report does not describe, from the API: a descriptor is added.
            Undecided {
                rule_id: "MAM-T-009",
                resource: f[3].resource.clone(),
                reason: "the value is not known".into(),
                origin: f[3].origin.clone(),
            },
        ];
        let source_line = |_: &str, _: u32| None;
        let r = Report {
            findings: &f,
            undecided: &undecided,
            errors: &errors,
            notes: &[],
            summary: Summary {
                unknown_fails: true,
                ..Summary::default()
            },
            lang: Lang::Ja,
            source_line: &source_line,
            rules: &rules,
            passes: &[],
            suppressed: &[],
        };
        let doc: Value = serde_json::from_str(&render(&r)).unwrap();
        assert_eq!(errors_of(&validator(), &doc), Vec::<String>::new());
        let run = &doc["runs"][0];
        let reviews: Vec<&Value> = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] == "review")
            .collect();
        assert_eq!(reviews.len(), 2);
        for r in &reviews {
            // SARIF 2.1.0 §3.27.10: a result whose kind is not `fail` has the level `none`.
            assert_eq!(r["level"], "none");
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(run["tool"]["driver"]["rules"][i]["id"], r["ruleId"]);
        }
        assert_eq!(
            reviews[0]["message"]["text"],
            "プラットフォームバージョンが不明: local.v ← var.pv has no default"
        );
        assert!(reviews[1]["locations"][0].get("physicalLocation").is_none());
    }

    #[test]
    fn the_schema_rejects_invalid_documents() {
        let v = validator();
        let (f, rules, errors) = sample();
        let good = render_with(&f, &rules, &errors, Lang::En);
        let mut bad = good.clone();
        bad["version"] = json!("2.0.0");
        assert!(!errors_of(&v, &bad).is_empty());
        let mut bad = good.clone();
        bad["runs"][0]["results"][0]["level"] = json!("critical");
        assert!(!errors_of(&v, &bad).is_empty());
        let mut bad = good.clone();
        bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = json!(0);
        assert!(!errors_of(&v, &bad).is_empty());
        let mut bad = good;
        bad["runs"][0]["tool"]["driver"].as_object_mut().unwrap().remove("name");
        assert!(!errors_of(&v, &bad).is_empty());
    }
}
