//! The JSON report, a documented contract (`"version": 1`; see the README).

use crate::Report;
use crate::reasons::{note, reason};
use mamori_model::finding::Undecided;
use mamori_model::{Finding, Origin, Severity};
use serde_json::{Value, json};

/// The version of the JSON contract. It changes only when a field is removed or changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

pub fn render(r: &Report<'_>) -> String {
    let mut s = serde_json::to_string_pretty(&value(r)).unwrap_or_default();
    s.push('\n');
    s
}

pub fn value(r: &Report<'_>) -> Value {
    let lang = r.lang;
    let mut by_sev = serde_json::Map::new();
    for sev in Severity::ALL {
        by_sev.insert(sev.as_str().to_string(), json!(r.count(sev)));
    }
    let s = &r.summary;
    let mut out = json!({
        "version": SCHEMA_VERSION,
        "tool": { "name": "mamori", "version": env!("CARGO_PKG_VERSION") },
        "lang": lang.code(),
        "findings": r.findings.iter().map(|f| finding(f, lang)).collect::<Vec<_>>(),
        "suppressed": r.suppressed.iter().map(|x| {
            let mut v = finding(&x.finding, lang);
            v["suppression"] = json!({
                "syntax": x.by.syntax,
                "in_source": x.by.in_source,
                "reason": x.by.reason,
                "until": x.by.until,
                "at": x.by.at,
            });
            v
        }).collect::<Vec<_>>(),
        "undecided": r.undecided.iter().map(|u| undecided(u, lang)).collect::<Vec<_>>(),
        "errors": r.errors.iter().map(|e| json!({
            "file": e.path, "line": e.line, "column": e.col, "message": note(lang, &e.message),
        })).collect::<Vec<_>>(),
        "notes": r.notes.iter().map(|e| json!({
            "file": e.path, "line": e.line, "column": e.col, "message": note(lang, &e.message),
        })).collect::<Vec<_>>(),
        "summary": {
            "files_scanned": s.files_scanned,
            "files_skipped": s.files_skipped,
            "files_failed": s.files_failed,
            "resources": s.resources,
            "rules_run": s.rules_run,
            "checks_passed": s.checks_passed,
            "findings": r.findings.len(),
            "by_severity": by_sev,
            "undecided": r.undecided.len(),
            "unknown": if s.unknown_fails { "fail" } else { "ignore" },
            "suppressed": s.suppressed,
            "suppressed_by_other_scanners_comments": s.suppressed_foreign,
            "other_scanners_comments_honoured": s.foreign_ignores,
            "baselined": s.baselined,
            "severity_threshold": s.threshold.unwrap_or(Severity::Info).as_str(),
            "duration_ms": s.duration.as_millis() as u64,
        },
    });
    if let Some(a) = &s.aws {
        out["summary"]["aws"] = json!({
            "account": a.account,
            "regions": a.regions,
            "requests": a.requests,
            "retries": a.retries,
            "unread": a.unread.iter().map(|u| json!({
                "region": u.region,
                "call": u.call,
                "reason": reason(lang, &u.reason),
                "resources": u.resources,
            })).collect::<Vec<_>>(),
        });
    }
    out
}

/// A finding's or undecided check's resource; the live fields only when set.
fn resource(r: &mamori_model::FindingResource) -> Value {
    let mut v = json!({
        "kind": r.kind,
        "name": r.name,
        "address": r.address,
        "source": r.source,
        "source_type": r.source_type,
    });
    for (k, x) in [
        ("region", &r.region),
        ("account", &r.account),
        ("cloudformation_stack", &r.cloudformation_stack),
        ("cloudformation_logical_id", &r.cloudformation_logical_id),
        ("terraform_address", &r.terraform_address),
    ] {
        if let Some(x) = x {
            v[k] = json!(x);
        }
    }
    v
}

fn location(o: &Origin) -> Value {
    match o.location() {
        Some(l) => json!({
            "path": &*l.path,
            "start_line": l.span.start_line,
            "start_column": l.span.start_col,
            "end_line": l.span.end_line,
            "end_column": l.span.end_col,
        }),
        None => Value::Null,
    }
}

fn finding(f: &Finding, lang: mamori_model::Lang) -> Value {
    let mut v = json!({
        "rule": f.rule_id,
        "rule_name": f.rule_name,
        "title": f.title.get(lang),
        "severity": f.severity.as_str(),
        "message": f.message.get(lang),
        "controls": f.controls,
        "resource": resource(&f.resource),
        "attribute": f.attribute,
        "location": location(&f.origin),
    });
    plan(&mut v, &f.resource, &f.origin);
    v
}

/// For a resource read from a Terraform plan: the plan, and what the location points at
/// (`attribute` or `resource` in the configuration's `.tf` files, else `plan`).
fn plan(v: &mut Value, r: &mamori_model::FindingResource, o: &Origin) {
    if let Some(p) = &r.plan {
        v["plan"] = json!({ "path": &*p.path, "points_at": p.points_at(o) });
    }
}

fn undecided(u: &Undecided, lang: mamori_model::Lang) -> Value {
    let mut v = json!({
        "rule": u.rule_id,
        "resource": resource(&u.resource),
        "reason": reason(lang, &u.reason),
        "location": location(&u.origin),
    });
    plan(&mut v, &u.resource, &u.origin);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::junit::tests::{report, sample};
    use mamori_model::Lang;

    #[test]
    fn every_severity_is_listed_and_counted() {
        let data = sample();
        let line = |_: &str, _: u32| None;
        let v = value(&report(&data, Lang::En, &line));
        let sev: Vec<&str> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["severity"].as_str().unwrap())
            .collect();
        for s in ["critical", "high", "medium", "low", "info"] {
            let n = sev.iter().filter(|x| **x == s).count();
            assert!(n > 0, "{s}");
            assert_eq!(v["summary"]["by_severity"][s], n, "{s}");
        }
        assert_eq!(v["summary"]["findings"], data.findings.len());
        assert_eq!(v["version"], SCHEMA_VERSION);
    }

    #[test]
    fn each_finding_names_its_attribute() {
        let data = sample();
        let line = |_: &str, _: u32| None;
        for lang in [Lang::En, Lang::Ja] {
            let v = value(&report(&data, lang, &line));
            let attributes: Vec<&str> = v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["attribute"].as_str().unwrap())
                .collect();
            let want: Vec<&str> = data.findings.iter().map(|f| f.attribute.as_str()).collect();
            assert_eq!(attributes, want);
            // The two findings of one rule on one resource are told apart by their attribute.
            assert_eq!(attributes[1], "containerDefinitions[one].privileged");
            assert_eq!(attributes[2], "containerDefinitions[two].privileged");
        }
    }
}
