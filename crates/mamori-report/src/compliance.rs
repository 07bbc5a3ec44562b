//! The compliance report: one status per control of a framework, in the framework's order.
//!
//! A control **fails** when a rule mapped to it has findings; **passes** when its rules judged at
//! least one resource and none failed or was undecided; is **unknown** when its rules could not
//! decide (a value was unknown) or judged nothing; and is **not covered** when no rule maps to it.

use crate::InputError;
use crate::i18n::{Msg, tr};
use crate::text::display_width;
use mamori_model::finding::Undecided;
use mamori_model::{Finding, Lang, Text};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// A control's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Fail,
    Pass,
    Unknown,
    NotCovered,
}

impl Status {
    /// The name in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::Pass => "pass",
            Status::Unknown => "unknown",
            Status::NotCovered => "not-covered",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        tr(
            lang,
            match self {
                Status::Fail => Msg::StatusFail,
                Status::Pass => Msg::StatusPass,
                Status::Unknown => Msg::StatusUnknown,
                Status::NotCovered => Msg::StatusNotCovered,
            },
        )
    }
}

/// Why a control is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownReason {
    /// A rule could not decide: a value it needs is unknown.
    Undecided,
    /// The scan held no resource of the kinds the rules judge.
    NoResource,
    /// Resources of those kinds were scanned, but the rules judged none of them (not
    /// applicable to them, or turned off by the settings).
    NotJudged,
}

impl UnknownReason {
    pub fn as_str(self) -> &'static str {
        match self {
            UnknownReason::Undecided => "undecided",
            UnknownReason::NoResource => "no-resource",
            UnknownReason::NotJudged => "not-judged",
        }
    }

    pub fn text(self, lang: Lang) -> &'static str {
        tr(
            lang,
            match self {
                UnknownReason::Undecided => Msg::ReasonUndecided,
                UnknownReason::NoResource => Msg::ReasonNoResource,
                UnknownReason::NotJudged => Msg::ReasonNotJudged,
            },
        )
    }
}

/// A rule mapped to a control.
#[derive(Clone, Debug)]
pub struct MappedRule {
    pub id: &'static str,
    /// The resource types (AWS names) the rule judges.
    pub resource_kinds: Vec<&'static str>,
}

/// A control to assess, with the rules that map to it.
#[derive(Clone, Debug)]
pub struct ControlInput {
    pub id: String,
    pub title: Text,
    /// CIS's `automated` or `manual`.
    pub assessment: Option<&'static str>,
    pub rules: Vec<MappedRule>,
}

/// What the scan found: the rules' results and the kinds of resource scanned.
pub struct Evidence<'a> {
    pub findings: &'a [Finding],
    pub undecided: &'a [Undecided],
    /// The rule of every check that passed, one entry per (rule, resource).
    pub passed: &'a [&'a str],
    /// The resource types (AWS names) the scan held.
    pub kinds: &'a [&'a str],
}

/// A control's result.
#[derive(Clone, Debug)]
pub struct ControlResult<'a> {
    pub id: String,
    pub title: Text,
    pub assessment: Option<&'static str>,
    pub status: Status,
    /// Set when the status is `Unknown`.
    pub reason: Option<UnknownReason>,
    pub rules: Vec<&'static str>,
    pub findings: Vec<&'a Finding>,
    pub undecided: Vec<&'a Undecided>,
    /// How many (rule, resource) checks passed.
    pub passed: usize,
    /// For `NoResource`: the kinds the rules judge, none of which was scanned.
    pub missing_kinds: Vec<&'static str>,
}

/// Decides a control's status from its rules' results.
pub fn assess<'a>(control: ControlInput, ev: &Evidence<'a>) -> ControlResult<'a> {
    let ids: Vec<&'static str> = control.rules.iter().map(|r| r.id).collect();
    let findings: Vec<&Finding> = ev.findings.iter().filter(|f| ids.contains(&f.rule_id)).collect();
    let undecided: Vec<&Undecided> = ev.undecided.iter().filter(|u| ids.contains(&u.rule_id)).collect();
    let passed = ev.passed.iter().filter(|p| ids.contains(p)).count();
    let mut kinds: Vec<&'static str> = control
        .rules
        .iter()
        .flat_map(|r| r.resource_kinds.iter().copied())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let (status, reason) = if ids.is_empty() {
        (Status::NotCovered, None)
    } else if !findings.is_empty() {
        (Status::Fail, None)
    } else if !undecided.is_empty() {
        (Status::Unknown, Some(UnknownReason::Undecided))
    } else if passed > 0 {
        (Status::Pass, None)
    } else if kinds.iter().any(|k| ev.kinds.contains(k)) {
        (Status::Unknown, Some(UnknownReason::NotJudged))
    } else {
        (Status::Unknown, Some(UnknownReason::NoResource))
    };
    ControlResult {
        id: control.id,
        title: control.title,
        assessment: control.assessment,
        status,
        reason,
        rules: ids,
        findings,
        undecided,
        passed,
        missing_kinds: if reason == Some(UnknownReason::NoResource) {
            kinds
        } else {
            Vec::new()
        },
    }
}

/// Everything the compliance renderers need.
pub struct ComplianceReport<'a> {
    pub framework: &'a str,
    pub framework_title: Text,
    pub controls: Vec<ControlResult<'a>>,
    /// Input files that failed to parse.
    pub errors: &'a [InputError],
    pub lang: Lang,
}

/// Counts by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    pub fail: usize,
    pub pass: usize,
    pub unknown: usize,
    pub not_covered: usize,
}

impl Counts {
    /// The share of controls at least one rule maps to, in whole percent (rounded down).
    pub fn coverage_percent(&self) -> usize {
        (self.total - self.not_covered)
            .checked_mul(100)
            .and_then(|n| n.checked_div(self.total))
            .unwrap_or(0)
    }
}

impl ComplianceReport<'_> {
    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            total: self.controls.len(),
            ..Default::default()
        };
        for r in &self.controls {
            match r.status {
                Status::Fail => c.fail += 1,
                Status::Pass => c.pass += 1,
                Status::Unknown => c.unknown += 1,
                Status::NotCovered => c.not_covered += 1,
            }
        }
        c
    }
}

fn location(f: &Finding) -> String {
    match f.location() {
        Some(l) => format!("{}:{}", l.path, l.span.start_line),
        None => f.resource.address.clone(),
    }
}

fn summary_line(r: &ComplianceReport<'_>) -> String {
    let c = r.counts();
    let l = r.lang;
    format!(
        "{} {}: {} {}, {} {}, {} {}, {} {}; {} {}% ({}/{})",
        c.total,
        tr(l, Msg::Controls),
        c.fail,
        Status::Fail.label(l),
        c.pass,
        Status::Pass.label(l),
        c.unknown,
        Status::Unknown.label(l),
        c.not_covered,
        Status::NotCovered.label(l),
        tr(l, Msg::Coverage),
        c.coverage_percent(),
        c.total - c.not_covered,
        c.total,
    )
}

/// The heading a control is grouped under: the text before its first `.` or `-` (`ECS`, `AC`,
/// or a CIS section number); none for the Pod Security Standards, whose ids are lower-case
/// names (`host-namespaces`), not numbered sections.
pub(crate) fn group(id: &str) -> Option<&str> {
    if id.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    id.find(['.', '-']).map(|i| &id[..i])
}

fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

/// The terminal report.
pub fn render_text(r: &ComplianceReport<'_>, color: bool) -> String {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let l = r.lang;
    let mut out = String::new();
    for e in r.errors {
        let at = if e.line > 0 {
            format!("{}:{}:{}", e.path, e.line, e.col)
        } else {
            e.path.clone()
        };
        let _ = writeln!(
            out,
            "{}: {at}: {}",
            paint("1;31", tr(l, Msg::Error)),
            crate::reasons::note(l, &e.message)
        );
    }
    if !r.errors.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}\n", paint("1", r.framework_title.get(l)));
    let id_w = r.controls.iter().map(|c| display_width(&c.id)).max().unwrap_or(0);
    let st_w = [Status::Fail, Status::Pass, Status::Unknown, Status::NotCovered]
        .iter()
        .map(|s| display_width(s.label(l)))
        .max()
        .unwrap_or(0);
    let indent = " ".repeat(2 + id_w + 2 + st_w + 2);
    let mut current: Option<&str> = None;
    for c in &r.controls {
        let g = group(&c.id);
        if g.is_some() && g != current {
            let heading = match g {
                Some(g) if g.chars().all(|ch| ch.is_ascii_digit()) => format!("{} {g}", tr(l, Msg::Section)),
                Some(g) => g.to_string(),
                None => String::new(),
            };
            let _ = writeln!(out, "{}", paint("1", &heading));
            current = g;
        }
        let code = match c.status {
            Status::Fail => "1;31",
            Status::Pass => "32",
            Status::Unknown => "33",
            Status::NotCovered => "2",
        };
        let mut title = c.title.get(l).to_string();
        if let Some(a) = c.assessment {
            title.push_str(&format!(
                " ({})",
                tr(l, if a == "manual" { Msg::Manual } else { Msg::Automated })
            ));
        }
        let rules = if c.rules.is_empty() {
            String::new()
        } else {
            format!("  {}", paint("2", &c.rules.join(", ")))
        };
        let _ = writeln!(
            out,
            "  {}  {}  {title}{rules}",
            pad(&c.id, id_w),
            paint(code, &pad(c.status.label(l), st_w)),
        );
        for f in &c.findings {
            let _ = writeln!(
                out,
                "{indent}{} {} {}",
                f.rule_id,
                f.resource.address,
                paint("2", &location(f))
            );
        }
        if let Some(reason) = c.reason {
            let mut why = reason.text(l).to_string();
            if !c.missing_kinds.is_empty() {
                why.push_str(&format!(" ({})", c.missing_kinds.join(", ")));
            }
            let _ = writeln!(out, "{indent}{}", paint("2", &why));
            for u in &c.undecided {
                let at = u
                    .origin
                    .location()
                    .map(|l| format!(" {}:{}", l.path, l.span.start_line));
                let _ = writeln!(
                    out,
                    "{indent}{} {}{}: {}",
                    u.rule_id,
                    u.resource.address,
                    paint("2", at.as_deref().unwrap_or("")),
                    crate::reasons::reason(l, &u.reason)
                );
            }
        }
    }
    let _ = writeln!(out, "\n{}: {}", paint("1", tr(l, Msg::Summary)), summary_line(r));
    out
}

/// The JSON report: `{framework, framework_title, controls: [...], summary, errors}`.
pub fn render_json(r: &ComplianceReport<'_>) -> String {
    let l = r.lang;
    let loc = |o: &mamori_model::Origin| match o.location() {
        Some(l) => json!({"path": l.path.to_string(), "line": l.span.start_line, "column": l.span.start_col}),
        None => Value::Null,
    };
    let controls: Vec<Value> = r
        .controls
        .iter()
        .map(|c| {
            let mut v = json!({
                "id": c.id,
                "title": c.title.get(l),
                "status": c.status.as_str(),
                "rules": c.rules,
                "findings": c.findings.iter().map(|f| json!({
                    "rule": f.rule_id,
                    "severity": f.severity.as_str(),
                    "resource": {"kind": f.resource.kind, "name": f.resource.name, "address": f.resource.address},
                    "location": loc(&f.origin),
                    "message": f.message.get(l),
                })).collect::<Vec<_>>(),
            });
            if let Some(a) = c.assessment {
                v["type"] = json!(a);
            }
            if let Some(reason) = c.reason {
                v["reason"] = json!(reason.as_str());
                v["undecided"] = c
                    .undecided
                    .iter()
                    .map(|u| {
                        json!({
                            "rule": u.rule_id,
                            "resource": {"kind": u.resource.kind, "name": u.resource.name, "address": u.resource.address},
                            "location": loc(&u.origin),
                            "reason": crate::reasons::reason(l, &u.reason),
                        })
                    })
                    .collect();
                if !c.missing_kinds.is_empty() {
                    v["missing_kinds"] = json!(c.missing_kinds);
                }
            }
            v
        })
        .collect();
    let n = r.counts();
    let doc = json!({
        "version": crate::json::SCHEMA_VERSION,
        "tool": { "name": "mamori", "version": env!("CARGO_PKG_VERSION") },
        "framework": r.framework,
        "framework_title": r.framework_title.get(l),
        "controls": controls,
        "summary": {
            "controls": n.total,
            "fail": n.fail,
            "pass": n.pass,
            "unknown": n.unknown,
            "not_covered": n.not_covered,
            "coverage_percent": n.coverage_percent(),
        },
        "errors": r.errors.iter().map(|e| json!({"path": e.path, "line": e.line, "column": e.col, "message": crate::reasons::note(l, &e.message)})).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// A Markdown table, for a pull-request comment.
pub fn render_markdown(r: &ComplianceReport<'_>) -> String {
    let l = r.lang;
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::new();
    let _ = writeln!(out, "### {}\n", cell(r.framework_title.get(l)));
    let _ = writeln!(out, "{}\n", summary_line(r));
    let [h_ctl, h_title, h_status, h_rules, h_detail] =
        [Msg::Control, Msg::Title, Msg::Status, Msg::Rules, Msg::Details].map(|m| tr(l, m));
    let _ = writeln!(out, "| {h_ctl} | {h_title} | {h_status} | {h_rules} | {h_detail} |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    for c in &r.controls {
        let icon = match c.status {
            Status::Fail => "❌",
            Status::Pass => "✅",
            Status::Unknown => "❔",
            Status::NotCovered => "➖",
        };
        let mut details: Vec<String> = c
            .findings
            .iter()
            .map(|f| {
                format!(
                    "`{}` `{}` `{}`",
                    f.rule_id,
                    cell(&f.resource.address),
                    cell(&location(f))
                )
            })
            .collect();
        if let Some(reason) = c.reason {
            let mut why = reason.text(l).to_string();
            if !c.missing_kinds.is_empty() {
                why.push_str(&format!(" ({})", c.missing_kinds.join(", ")));
            }
            details.push(cell(&why));
        }
        let rules: Vec<String> = c.rules.iter().map(|r| format!("`{r}`")).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {icon} {} | {} | {} |",
            cell(&c.id),
            cell(c.title.get(l)),
            c.status.label(l),
            rules.join(" "),
            details.join("<br>")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori_model::{FindingResource, Origin, Severity};

    #[test]
    fn groups_by_section_except_pod_security_standards() {
        assert_eq!(group("ECS.12"), Some("ECS"));
        assert_eq!(group("AC-3(7)"), Some("AC"));
        assert_eq!(group("4.2.1"), Some("4"));
        assert_eq!(group("host-namespaces"), None);
        assert_eq!(group("seccomp"), None);
    }

    fn resource(kind: &str) -> FindingResource {
        FindingResource {
            kind: kind.into(),
            name: "web".into(),
            address: "aws_ecs_service.web".into(),
            source: "terraform".into(),
            source_type: "aws_ecs_service".into(),
            scope: None,
            plan: None,
        }
    }

    fn control(rules: &[&'static str]) -> ControlInput {
        ControlInput {
            id: "ECS.2".into(),
            title: Text::new("t", "タ"),
            assessment: None,
            rules: rules
                .iter()
                .map(|id| MappedRule {
                    id,
                    resource_kinds: vec!["AWS::ECS::Service"],
                })
                .collect(),
        }
    }

    fn finding(rule: &'static str) -> Finding {
        Finding {
            rule_id: rule,
            rule_name: "n",
            severity: Severity::High,
            title: Text::new("t", "タ"),
            message: Text::new("m", "メ"),
            controls: vec![],
            resource: resource("AWS::ECS::Service"),
            attribute: "networkConfiguration.awsvpcConfiguration.assignPublicIp".into(),
            origin: Origin::Synthetic,
            sensitive: false,
        }
    }

    fn undecided(rule: &'static str) -> Undecided {
        Undecided {
            rule_id: rule,
            resource: resource("AWS::ECS::Service"),
            reason: "var.x has no value".into(),
            origin: Origin::Synthetic,
        }
    }

    fn pass(rule: &'static str) -> &'static str {
        rule
    }

    fn ev<'a>(f: &'a [Finding], u: &'a [Undecided], p: &'a [&'a str], kinds: &'a [&'a str]) -> Evidence<'a> {
        Evidence {
            findings: f,
            undecided: u,
            passed: p,
            kinds,
        }
    }

    const SVC: &[&str] = &["AWS::ECS::Service"];

    #[test]
    fn no_rule_is_not_covered() {
        let (f, p) = ([finding("A")], [pass("A")]);
        let r = assess(control(&[]), &ev(&f, &[], &p, SVC));
        assert_eq!((r.status, r.reason), (Status::NotCovered, None));
    }

    #[test]
    fn a_finding_fails_even_beside_passes_and_undecided() {
        let (f, u, p) = ([finding("A"), finding("OTHER")], [undecided("B")], [pass("A")]);
        let r = assess(control(&["A", "B"]), &ev(&f, &u, &p, SVC));
        assert_eq!(r.status, Status::Fail);
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.rules, vec!["A", "B"]);
    }

    #[test]
    fn passes_only_when_nothing_failed_or_was_undecided() {
        let (f, u, p) = ([finding("OTHER")], [undecided("B")], [pass("A")]);
        let r = assess(control(&["A"]), &ev(&f, &[], &p, SVC));
        assert_eq!((r.status, r.passed), (Status::Pass, 1));
        let r = assess(control(&["A", "B"]), &ev(&[], &u, &p, SVC));
        assert_eq!((r.status, r.reason), (Status::Unknown, Some(UnknownReason::Undecided)));
        assert_eq!(r.undecided.len(), 1);
    }

    #[test]
    fn nothing_judged_is_unknown_and_says_why() {
        let r = assess(control(&["A"]), &ev(&[], &[], &[], &["AWS::ECS::Cluster"]));
        assert_eq!((r.status, r.reason), (Status::Unknown, Some(UnknownReason::NoResource)));
        assert_eq!(r.missing_kinds, vec!["AWS::ECS::Service"]);
        let r = assess(control(&["A"]), &ev(&[], &[], &[], SVC));
        assert_eq!((r.status, r.reason), (Status::Unknown, Some(UnknownReason::NotJudged)));
        assert!(r.missing_kinds.is_empty());
    }

    #[test]
    fn undecided_reasons_and_errors_follow_the_language() {
        let mut u = undecided("B");
        u.reason = "the task role is unknown: data.aws_iam_role.app is read from the provider".into();
        let u = [u];
        let errors = [InputError {
            path: "task.json".into(),
            line: 2,
            col: 1,
            message: "cannot read: stream did not contain valid UTF-8".into(),
        }];
        for lang in [Lang::En, Lang::Ja] {
            let report = ComplianceReport {
                framework: "aws-fsbp",
                framework_title: Text::new("FSBP", "FSBP（基礎）"),
                controls: vec![assess(control(&["B"]), &ev(&[], &u, &[], SVC))],
                errors: &errors,
                lang,
            };
            let (reason, error) = match lang {
                Lang::En => (u[0].reason.as_str(), errors[0].message.as_str()),
                Lang::Ja => (
                    "タスクロールが不明: data.aws_iam_role.app は実行時にプロバイダーから読み取られる",
                    "読み込めない: stream did not contain valid UTF-8",
                ),
            };
            let text = render_text(&report, false);
            assert!(text.contains(reason) && text.contains(error), "{text}");
            let v: Value = serde_json::from_str(&render_json(&report)).unwrap();
            assert_eq!(v["controls"][0]["undecided"][0]["reason"], reason);
            assert_eq!(v["errors"][0]["message"], error);
        }
    }

    #[test]
    fn counts_and_coverage() {
        let f = [finding("A")];
        let p = [pass("B")];
        let e = ev(&f, &[], &p, SVC);
        let report = ComplianceReport {
            framework: "aws-fsbp",
            framework_title: Text::new("FSBP", "FSBP（基礎）"),
            controls: vec![
                assess(control(&["A"]), &e),
                assess(control(&["B"]), &e),
                assess(control(&["C"]), &e),
                assess(control(&[]), &e),
            ],
            errors: &[],
            lang: Lang::En,
        };
        let n = report.counts();
        assert_eq!((n.fail, n.pass, n.unknown, n.not_covered), (1, 1, 1, 1));
        assert_eq!(n.coverage_percent(), 75);
        let v: Value = serde_json::from_str(&render_json(&report)).unwrap();
        assert_eq!(v["controls"][0]["status"], "fail");
        assert_eq!(v["controls"][2]["reason"], "not-judged");
        assert_eq!(v["summary"]["coverage_percent"], 75);
        let md = render_markdown(&report);
        assert!(md.contains("| ECS.2 | t | ❌ FAIL | `A` |"), "{md}");
        let text = render_text(&report, false);
        assert!(text.contains("ECS\n  ECS.2  FAIL"), "{text}");
        assert_eq!(Counts::default().coverage_percent(), 0);
    }
}
