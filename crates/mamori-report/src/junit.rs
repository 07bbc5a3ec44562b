//! The JUnit XML report, for CI systems that show test results: one test suite per rule that
//! ran, one test case per rule and resource. A finding is a failed test case, a check that could
//! not be decided is skipped (a failure of type `undecided` with `--unknown fail`), a passing
//! check is a test case without children, and files that could not be read are errors of the
//! suite `mamori/input`. Source text is never included.

use crate::Report;
use crate::i18n::{Msg, tr};
use mamori_model::Origin;
use mamori_model::finding::FindingResource;
use std::collections::HashMap;
use std::fmt::Write as _;

/// The name of the suite holding files that could not be read.
pub const INPUT_SUITE: &str = "mamori/input";

enum Outcome {
    Pass,
    Failure {
        message: String,
        severity: &'static str,
        text: String,
    },
    Skipped {
        message: String,
    },
    Error {
        message: String,
        text: String,
    },
}

struct Case {
    classname: String,
    name: String,
    /// Appended to the name when another case of the suite has the same name.
    at: Option<String>,
    file: Option<String>,
    line: Option<u32>,
    outcome: Outcome,
}

struct Suite {
    name: String,
    cases: Vec<Case>,
}

impl Suite {
    fn failures(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failure { .. }))
    }
    fn errors(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Error { .. }))
    }
    fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped { .. }))
    }
    fn count(&self, p: impl Fn(&Outcome) -> bool) -> usize {
        self.cases.iter().filter(|c| p(&c.outcome)).count()
    }
}

fn case_name(res: &FindingResource) -> String {
    if res.kind.is_empty() {
        res.address.clone()
    } else {
        format!("{} ({})", res.address, res.kind)
    }
}

fn place(origin: &Origin) -> (Option<String>, Option<u32>, Option<String>) {
    match origin {
        Origin::Source(l) => (Some(l.path.to_string()), Some(l.span.start_line), Some(l.to_string())),
        Origin::Api { arn } => (None, None, Some(arn.clone())),
        Origin::Synthetic => (None, None, None),
    }
}

fn suites(r: &Report<'_>) -> Vec<Suite> {
    let lang = r.lang;
    let mut suites: Vec<Suite> = r
        .rules
        .iter()
        .map(|rule| Suite {
            name: format!("{} {}", rule.id, rule.title.get(lang)),
            cases: Vec::new(),
        })
        .collect();
    let mut index: HashMap<&str, usize> = r.rules.iter().enumerate().map(|(i, rule)| (rule.id, i)).collect();
    let mut suite_of = |id: &'static str, title: Option<&str>, suites: &mut Vec<Suite>| -> usize {
        *index.entry(id).or_insert_with(|| {
            suites.push(Suite {
                name: match title {
                    Some(t) => format!("{id} {t}"),
                    None => id.to_string(),
                },
                cases: Vec::new(),
            });
            suites.len() - 1
        })
    };

    for f in r.findings {
        let i = suite_of(f.rule_id, Some(f.title.get(lang)), &mut suites);
        let (file, line, at) = place(&f.origin);
        let mut text = f.message.get(lang).to_string();
        if let Some(at) = &at {
            let _ = write!(text, "\n{at}");
        }
        if !f.controls.is_empty() {
            let _ = write!(text, "\n{}: {}", tr(lang, Msg::Controls), f.controls.join(", "));
        }
        suites[i].cases.push(Case {
            classname: f.rule_id.to_string(),
            name: case_name(&f.resource),
            at,
            file,
            line,
            outcome: Outcome::Failure {
                message: f.message.get(lang).to_string(),
                severity: f.severity.as_str(),
                text,
            },
        });
    }
    for u in r.undecided {
        let i = suite_of(u.rule_id, None, &mut suites);
        let (file, line, at) = place(&u.origin);
        suites[i].cases.push(Case {
            classname: u.rule_id.to_string(),
            name: case_name(&u.resource),
            at,
            file,
            line,
            outcome: if r.summary.unknown_fails {
                let message = crate::reasons::reason(lang, &u.reason).into_owned();
                let mut text = message.clone();
                if let Some(at) = place(&u.origin).2 {
                    let _ = write!(text, "\n{at}");
                }
                Outcome::Failure {
                    message,
                    severity: "undecided",
                    text,
                }
            } else {
                Outcome::Skipped {
                    message: crate::reasons::reason(lang, &u.reason).into_owned(),
                }
            },
        });
    }
    for p in r.passes {
        let i = suite_of(p.rule_id, None, &mut suites);
        let (file, line, at) = place(&p.origin);
        suites[i].cases.push(Case {
            classname: p.rule_id.to_string(),
            name: case_name(&p.resource),
            at,
            file,
            line,
            outcome: Outcome::Pass,
        });
    }
    for s in &mut suites {
        // A resource's checks together, in a stable order.
        s.cases.sort_by(|a, b| a.name.cmp(&b.name));
        unique_names(&mut s.cases);
    }

    if !r.errors.is_empty() {
        let cases = r
            .errors
            .iter()
            .map(|e| {
                let at = if e.line > 0 {
                    format!("{}:{}:{}", e.path, e.line, e.col)
                } else {
                    e.path.clone()
                };
                let message = crate::reasons::note(lang, &e.message);
                Case {
                    classname: INPUT_SUITE.to_string(),
                    name: e.path.clone(),
                    at: Some(at.clone()),
                    file: Some(e.path.clone()),
                    line: (e.line > 0).then_some(e.line),
                    outcome: Outcome::Error {
                        message: message.to_string(),
                        text: format!("{message}\n{at}"),
                    },
                }
            })
            .collect::<Vec<_>>();
        let mut suite = Suite {
            name: INPUT_SUITE.to_string(),
            cases,
        };
        unique_names(&mut suite.cases);
        suites.push(suite);
    }
    suites
}

/// Names that occur more than once in a suite get their location appended, then a number if
/// that is not enough.
fn unique_names(cases: &mut [Case]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in cases.iter() {
        *seen.entry(c.name.clone()).or_default() += 1;
    }
    for c in cases.iter_mut() {
        if seen[&c.name] > 1
            && let Some(at) = &c.at
        {
            c.name = format!("{} @ {at}", c.name);
        }
    }
    let mut used: HashMap<String, usize> = HashMap::new();
    for c in cases.iter_mut() {
        let n = used.entry(c.name.clone()).or_default();
        *n += 1;
        if *n > 1 {
            c.name = format!("{} #{n}", c.name);
        }
    }
}

pub fn render(r: &Report<'_>) -> String {
    let suites = suites(r);
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(Suite::failures).sum();
    let errors: usize = suites.iter().map(Suite::errors).sum();
    let skipped: usize = suites.iter().map(Suite::skipped).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"mamori\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{:.3}\">",
        r.summary.duration.as_secs_f64()
    );
    for s in &suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            attr(&s.name),
            s.cases.len(),
            s.failures(),
            s.errors(),
            s.skipped()
        );
        for c in &s.cases {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                attr(&c.classname),
                attr(&c.name)
            );
            if let Some(file) = &c.file {
                let _ = write!(out, " file=\"{}\"", attr(file));
            }
            if let Some(line) = c.line {
                let _ = write!(out, " line=\"{line}\"");
            }
            match &c.outcome {
                Outcome::Pass => out.push_str("/>\n"),
                Outcome::Failure {
                    message,
                    severity,
                    text,
                } => {
                    let _ = writeln!(
                        out,
                        ">\n      <failure message=\"{}\" type=\"{severity}\">{}</failure>\n    </testcase>",
                        attr(message),
                        body(text)
                    );
                }
                Outcome::Skipped { message } => {
                    let _ = writeln!(
                        out,
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                        attr(message)
                    );
                }
                Outcome::Error { message, text } => {
                    let _ = writeln!(
                        out,
                        ">\n      <error message=\"{}\" type=\"input\">{}</error>\n    </testcase>",
                        attr(message),
                        body(text)
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Characters XML 1.0 cannot hold at all are dropped.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n') || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
}

fn escape(s: &str, in_attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| allowed(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // An attribute's value is normalised on reading: keep its line breaks and tabs.
            '\n' if in_attr => out.push_str("&#10;"),
            '\t' if in_attr => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

fn attr(s: &str) -> String {
    escape(s, true)
}

fn body(s: &str) -> String {
    escape(s, false)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{InputError, RuleInfo, Summary};
    use mamori_model::finding::{Pass, Undecided};
    use mamori_model::span::{Location, Span};
    use mamori_model::{Finding, Lang, Severity, Text};

    pub(crate) fn resource(address: &str) -> FindingResource {
        FindingResource {
            kind: "AWS::ECS::Service".into(),
            name: address.rsplit('.').next().unwrap_or(address).into(),
            address: address.into(),
            source: "terraform".into(),
            source_type: "aws_ecs_service".into(),
            scope: None,
            plan: None,
        }
    }

    pub(crate) fn at(path: &str, line: u32, col: u32) -> Origin {
        Origin::Source(Location {
            path: path.into(),
            span: Span {
                start_line: line,
                start_col: col,
                end_line: line,
                end_col: col + 5,
                ..Span::default()
            },
        })
    }

    pub(crate) fn finding(id: &'static str, sev: Severity, address: &str, message: &str, origin: Origin) -> Finding {
        Finding {
            rule_id: id,
            rule_name: "a-rule",
            severity: sev,
            title: Text::new(format!("Title of {id}"), format!("{id} の題")),
            message: Text::new(message, format!("日本語: {message}")),
            controls: vec!["aws-securityhub/ECS.2", "nist-800-53/AC-3"],
            resource: resource(address),
            attribute: "networkConfiguration.awsvpcConfiguration.assignPublicIp".into(),
            origin,
            sensitive: false,
        }
    }

    /// `f` about another attribute of its resource.
    pub(crate) fn about(attribute: &str, f: Finding) -> Finding {
        Finding {
            attribute: attribute.into(),
            ..f
        }
    }

    pub(crate) fn rule(id: &'static str, sev: Severity) -> RuleInfo {
        RuleInfo {
            id,
            name: "a-rule",
            title: Text::new(format!("Title of {id}"), format!("{id} の題")),
            severity: sev,
            controls: vec!["aws-securityhub/ECS.2"],
            doc_en: None,
            doc_ja: None,
        }
    }

    pub(crate) struct Sample {
        pub rules: Vec<RuleInfo>,
        pub findings: Vec<Finding>,
        pub undecided: Vec<Undecided>,
        pub passes: Vec<Pass>,
        pub errors: Vec<InputError>,
    }

    /// Findings of every severity; MAM-T-002 fails twice on one resource (two containers).
    pub(crate) fn sample() -> Sample {
        let rules = vec![
            rule("MAM-T-001", Severity::Critical),
            rule("MAM-T-002", Severity::High),
            rule("MAM-T-003", Severity::Medium),
            rule("MAM-T-004", Severity::Low),
            rule("MAM-T-005", Severity::Info),
        ];
        let findings = vec![
            finding(
                "MAM-T-001",
                Severity::Critical,
                "aws_ecs_service.a",
                "bad <&\"'> value",
                at("main.tf", 3, 5),
            ),
            about(
                "containerDefinitions[one].privileged",
                finding(
                    "MAM-T-002",
                    Severity::High,
                    "aws_ecs_service.a",
                    "container one",
                    at("main.tf", 10, 7),
                ),
            ),
            about(
                "containerDefinitions[two].privileged",
                finding(
                    "MAM-T-002",
                    Severity::High,
                    "aws_ecs_service.a",
                    "container two",
                    at("main.tf", 20, 7),
                ),
            ),
            finding(
                "MAM-T-003",
                Severity::Medium,
                "aws_ecs_service.b",
                "line one\nline | two",
                at("b.tf", 1, 1),
            ),
            finding(
                "MAM-T-004",
                Severity::Low,
                "aws_ecs_service.c",
                "low one",
                at("c.tf", 2, 3),
            ),
            finding(
                "MAM-T-005",
                Severity::Info,
                "arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web",
                "from the API",
                Origin::Api {
                    arn: "arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web".into(),
                },
            ),
        ];
        let undecided = vec![Undecided {
            rule_id: "MAM-T-003",
            resource: resource("aws_ecs_service.u"),
            reason: "var.x is unknown".into(),
            origin: at("u.tf", 4, 1),
        }];
        let passes = vec![
            Pass {
                rule_id: "MAM-T-001",
                resource: resource("aws_ecs_service.ok"),
                origin: at("ok.tf", 1, 1),
            },
            Pass {
                rule_id: "MAM-T-004",
                resource: resource("aws_ecs_service.ok"),
                origin: at("ok.tf", 1, 1),
            },
        ];
        let errors = vec![InputError {
            path: "broken.tf".into(),
            line: 7,
            col: 2,
            message: "unexpected \u{1}token <eof>".into(),
        }];
        Sample {
            rules,
            findings,
            undecided,
            passes,
            errors,
        }
    }

    pub(crate) fn report<'a>(
        data: &'a Sample,
        lang: Lang,
        line: &'a dyn Fn(&str, u32) -> Option<String>,
    ) -> Report<'a> {
        Report {
            findings: &data.findings,
            undecided: &data.undecided,
            errors: &data.errors,
            notes: &[],
            summary: Summary::default(),
            lang,
            source_line: line,
            rules: &data.rules,
            passes: &data.passes,
            suppressed: &[],
        }
    }

    #[test]
    fn counts_escaping_and_unique_names() {
        let data = sample();
        let line = |_: &str, _: u32| Some("SECRET_SOURCE_TEXT".to_string());
        let out = render(&report(&data, Lang::En, &line));
        assert!(out.starts_with("<?xml"));
        // 6 findings + 1 undecided + 2 passes + 1 input error.
        assert!(
            out.contains(r#"<testsuites name="mamori" tests="10" failures="6" errors="1" skipped="1""#),
            "{out}"
        );
        assert_eq!(out.matches("<testcase ").count(), 10);
        assert_eq!(out.matches("<failure ").count(), 6);
        assert_eq!(out.matches("<skipped ").count(), 1);
        assert_eq!(out.matches("<error ").count(), 1);
        assert_eq!(out.matches("<testsuite ").count(), 6);
        assert!(
            out.contains(
                r#"<testsuite name="MAM-T-002 Title of MAM-T-002" tests="2" failures="2" errors="0" skipped="0">"#
            ),
            "{out}"
        );
        assert!(out.contains(r#"<testsuite name="MAM-T-001 Title of MAM-T-001" tests="2" failures="1""#));
        assert!(out.contains(r#"<testsuite name="mamori/input" tests="1" failures="0" errors="1""#));
        // Escaping in attributes and text; control characters dropped.
        assert!(
            out.contains(r#"message="bad &lt;&amp;&quot;&apos;&gt; value" type="critical">"#),
            "{out}"
        );
        assert!(out.contains(">bad &lt;&amp;&quot;&apos;&gt; value\nmain.tf:3:5\ncontrols: aws-securityhub/ECS.2, nist-800-53/AC-3</failure>"));
        assert!(out.contains(r#"message="line one&#10;line | two""#));
        assert!(
            out.contains(r#"message="unexpected token &lt;eof&gt;" type="input">"#),
            "{out}"
        );
        assert!(!out.contains('\u{1}'));
        // Two failures of one rule on one resource: the location keeps names unique.
        assert!(
            out.contains(r#"name="aws_ecs_service.a (AWS::ECS::Service) @ main.tf:10:7" file="main.tf" line="10""#)
        );
        assert!(out.contains(r#"name="aws_ecs_service.a (AWS::ECS::Service) @ main.tf:20:7""#));
        assert!(out.contains(
            r#"<testcase classname="MAM-T-001" name="aws_ecs_service.a (AWS::ECS::Service)" file="main.tf" line="3">"#
        ));
        // A pass has no children and names the resource's file; an undecided check is skipped
        // with its reason.
        assert!(out.contains(
            r#"<testcase classname="MAM-T-004" name="aws_ecs_service.ok (AWS::ECS::Service)" file="ok.tf" line="1"/>"#
        ));
        assert!(out.contains(r#"<skipped message="var.x is unknown"/>"#));
        // A finding from the API names its ARN.
        assert!(out.contains("from the API\narn:aws:ecs:ap-northeast-1:123456789012:service/prod/web\n"));
        assert!(!out.contains("SECRET_SOURCE_TEXT"));
        // Balanced elements.
        assert_eq!(out.matches("<testsuite ").count(), out.matches("</testsuite>").count());
        assert_eq!(out.matches("</testcase>").count(), 8);
    }

    #[test]
    fn japanese_messages() {
        let data = sample();
        let line = |_: &str, _: u32| None;
        let out = render(&report(&data, Lang::Ja, &line));
        assert!(out.contains(r#"<testsuite name="MAM-T-001 MAM-T-001 の題""#), "{out}");
        assert!(out.contains("コントロール: aws-securityhub/ECS.2"));
        assert!(out.contains(r#"message="日本語: container one""#));
    }

    #[test]
    fn escaping() {
        assert_eq!(
            attr("a<b>&\"'\tc\nd\u{7}\u{FFFF}"),
            "a&lt;b&gt;&amp;&quot;&apos;&#9;c&#10;d"
        );
        assert_eq!(body("a\tb\nc\r\u{0}"), "a\tb\nc");
    }
}
