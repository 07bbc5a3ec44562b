//! The terminal report: findings grouped by file, each with the offending source line and a
//! caret under the value, then a summary.

use crate::Report;
use crate::i18n::{Msg, severity_label, tr};
use mamori_model::{Finding, Severity};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Options of the text renderer.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextOptions {
    pub color: bool,
    /// Only the summary.
    pub quiet: bool,
    /// List the checks that could not be decided.
    pub show_unknown: bool,
    /// List the findings suppressions silenced.
    pub show_suppressed: bool,
}

struct Style(bool);

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn sev(&self, sev: Severity, label: &str) -> String {
        let code = match sev {
            Severity::Critical => "1;35",
            Severity::High => "1;31",
            Severity::Medium => "1;33",
            Severity::Low => "1;34",
            Severity::Info => "2",
        };
        self.paint(code, label)
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
}

pub fn render(r: &Report<'_>, opts: TextOptions) -> String {
    let st = Style(opts.color);
    let lang = r.lang;
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
            st.paint("1;31", tr(lang, Msg::Error)),
            crate::reasons::note(lang, &e.message)
        );
    }
    if !r.errors.is_empty() {
        out.push('\n');
    }

    if !opts.quiet {
        // Group by file; findings without a file (live resources) are grouped by ARN.
        let mut groups: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
        for f in r.findings {
            let key = match f.location() {
                Some(l) => l.path.to_string(),
                None => f.resource.address.clone(),
            };
            groups.entry(key).or_default().push(f);
        }
        for (file, findings) in &groups {
            let _ = writeln!(out, "{}", st.bold(file));
            for f in findings {
                finding(&mut out, r, &st, f);
            }
        }
        // Undecided checks that count as failures are always listed.
        if (opts.show_unknown || r.summary.unknown_fails) && !r.undecided.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                st.bold(&format!("{} ({})", tr(lang, Msg::Undecided), r.undecided.len()))
            );
            for u in r.undecided {
                let at = u
                    .origin
                    .location()
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| u.resource.address.clone());
                let _ = writeln!(out, "  {}  {}  {}", st.dim(u.rule_id), at, u.resource.address);
                let _ = writeln!(
                    out,
                    "      {}: {}",
                    tr(lang, Msg::Reason),
                    crate::reasons::reason(lang, &u.reason)
                );
            }
            out.push('\n');
        }
        if opts.show_suppressed && !r.suppressed.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                st.bold(&format!("{} ({})", tr(lang, Msg::Suppressed), r.suppressed.len()))
            );
            for x in r.suppressed {
                let f = &x.finding;
                let at = f
                    .location()
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| f.resource.address.clone());
                let _ = writeln!(out, "  {}  {}  {}", st.dim(f.rule_id), at, f.message.get(lang));
                let until =
                    x.by.until
                        .as_deref()
                        .map(|u| match lang {
                            mamori_model::Lang::En => format!(" (until {u})"),
                            mamori_model::Lang::Ja => format!("（{u} まで）"),
                        })
                        .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "      {}: {} {}{until}: {}",
                    tr(lang, Msg::SuppressedBy),
                    x.by.syntax,
                    x.by.at,
                    x.by.reason.as_deref().unwrap_or("-")
                );
            }
            out.push('\n');
        }
        if r.findings.is_empty() {
            let _ = writeln!(out, "{}\n", tr(lang, Msg::NoFindings));
        }
    }

    summary(&mut out, r, &st);
    out
}

fn finding(out: &mut String, r: &Report<'_>, st: &Style, f: &Finding) {
    let lang = r.lang;
    let sev = severity_label(lang, f.severity);
    let label = format!("{sev}{}", " ".repeat(8usize.saturating_sub(display_width(sev))));
    let _ = writeln!(
        out,
        "  {} {}  {}",
        st.sev(f.severity, &label),
        st.bold(f.rule_id),
        f.title.get(lang)
    );
    let _ = writeln!(out, "           {}", f.message.get(lang));
    match f.location() {
        Some(loc) => {
            let s = loc.span;
            // A plan's resource shown at a `.tf` line: which plan it was read from.
            let plan = match &f.resource.plan {
                Some(p) if *p.path != *loc.path => format!("  ({}: {})", tr(lang, Msg::Plan), p.path),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "           {} {}  {}",
                st.dim("-->"),
                loc,
                st.dim(&format!("{}{plan}", f.resource.address))
            );
            if f.sensitive {
                let _ = writeln!(out, "           {}", st.dim(tr(lang, Msg::SourceHidden)));
            } else if let Some(line) = (r.source_line)(&loc.path, s.start_line) {
                let line = line.trim_end_matches(['\r', '\n']);
                let num = s.start_line.to_string();
                let pad = " ".repeat(num.len());
                let width = line.chars().count() as u32;
                let start = s.start_col.max(1);
                let end = if s.end_line == s.start_line && s.end_col > start {
                    s.end_col
                } else {
                    width + 1
                };
                let carets = "^".repeat((end.saturating_sub(start)).clamp(1, 120) as usize);
                let lead: String = line
                    .chars()
                    .take(start as usize - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "           {pad} {}", st.dim("|"));
                let _ = writeln!(out, "           {} {} {}", st.dim(&num), st.dim("|"), line);
                let _ = writeln!(
                    out,
                    "           {pad} {} {lead}{}",
                    st.dim("|"),
                    st.sev(f.severity, &carets)
                );
            }
        }
        None => {
            let _ = writeln!(out, "           {} {}", st.dim("-->"), f.resource.address);
        }
    }
    if let Some(line) = live_line(lang, &f.resource) {
        let _ = writeln!(out, "           {}", st.dim(&line));
    }
    let _ = writeln!(
        out,
        "           {}: {}",
        st.dim(tr(lang, Msg::Controls)),
        group_controls(&f.controls)
    );
    out.push('\n');
}

/// Where a live resource is and where it came from: region, account, CloudFormation stack and
/// logical id, Terraform address.
fn live_line(lang: mamori_model::Lang, r: &mamori_model::FindingResource) -> Option<String> {
    let ja = lang == mamori_model::Lang::Ja;
    let mut parts = Vec::new();
    if let Some(x) = &r.region {
        parts.push(if ja {
            format!("リージョン {x}")
        } else {
            format!("region {x}")
        });
    }
    if let Some(x) = &r.account {
        parts.push(if ja {
            format!("アカウント {x}")
        } else {
            format!("account {x}")
        });
    }
    if let Some(x) = &r.cloudformation_stack {
        let id = r.cloudformation_logical_id.as_deref().unwrap_or("?");
        parts.push(if ja {
            format!("CloudFormation スタック {x} の {id}")
        } else {
            format!("CloudFormation stack {x}, logical id {id}")
        });
    }
    if let Some(x) = &r.terraform_address {
        parts.push(format!("Terraform {x}"));
    }
    (!parts.is_empty()).then(|| parts.join(list_separator(lang)))
}

/// The live scan's lines of the summary: the account read, and the calls that failed.
fn aws_summary(out: &mut String, lang: mamori_model::Lang, a: &crate::AwsSummary) {
    let ja = lang == mamori_model::Lang::Ja;
    let account = a.account.as_deref().unwrap_or("?");
    let regions = a.regions.join(", ");
    let _ = if ja {
        writeln!(
            out,
            "  AWS: アカウント {account}、リージョン {regions}、リクエスト {} 件（再試行 {} 件）",
            a.requests, a.retries
        )
    } else {
        writeln!(
            out,
            "  AWS: account {account}, regions {regions}, {} requests ({} retried)",
            a.requests, a.retries
        )
    };
    if a.unread.is_empty() {
        return;
    }
    let _ = if ja {
        writeln!(
            out,
            "  読み取れなかったもの: API 呼び出し {} 件が失敗（該当するチェックは未判定）",
            a.unread.len()
        )
    } else {
        writeln!(
            out,
            "  Not read: {} API calls failed (their checks are undecided)",
            a.unread.len()
        )
    };
    for u in &a.unread {
        let _ = writeln!(out, "    {}", crate::reasons::reason(lang, &u.reason));
        for r in &u.resources {
            let _ = writeln!(out, "      {r}");
        }
    }
}

fn summary(out: &mut String, r: &Report<'_>, st: &Style) {
    let lang = r.lang;
    let sep = list_separator(lang);
    let s = &r.summary;
    let _ = writeln!(out, "{}", st.bold(tr(lang, Msg::Summary)));
    let _ = writeln!(
        out,
        "  {}: {} {}{sep}{} {}{sep}{} {}",
        tr(lang, Msg::Files),
        s.files_scanned,
        tr(lang, Msg::Scanned),
        s.files_skipped,
        tr(lang, Msg::Skipped),
        s.files_failed,
        tr(lang, Msg::Failed)
    );
    let _ = writeln!(out, "  {}: {}", tr(lang, Msg::Resources), s.resources);
    if let Some(a) = &s.aws {
        aws_summary(out, lang, a);
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .map(|sev| {
            let n = r.count(*sev);
            let txt = format!("{n} {}", severity_label(lang, *sev));
            if n > 0 { st.sev(*sev, &txt) } else { txt }
        })
        .collect();
    let _ = writeln!(
        out,
        "  {}: {} ({})",
        tr(lang, Msg::Findings),
        r.findings.len(),
        counts.join(sep)
    );
    if let Some(t) = s.threshold.filter(|t| *t != Severity::Info) {
        let _ = writeln!(out, "  {}: {}", tr(lang, Msg::Threshold), severity_label(lang, t));
    }
    if !r.undecided.is_empty() {
        let hint = if s.unknown_fails {
            Msg::UndecidedFail
        } else {
            Msg::UndecidedHint
        };
        let _ = writeln!(
            out,
            "  {}: {} ({})",
            tr(lang, Msg::Undecided),
            r.undecided.len(),
            tr(lang, hint)
        );
    }
    if s.suppressed > 0 {
        let _ = writeln!(
            out,
            "  {}: {} ({})",
            tr(lang, Msg::Suppressed),
            s.suppressed,
            tr(lang, Msg::SuppressedHint)
        );
    }
    if let Some(on) = s.foreign_ignores {
        let state = tr(lang, if on { Msg::On } else { Msg::Off });
        let used = if on && s.suppressed_foreign > 0 {
            match lang {
                mamori_model::Lang::En => format!(" ({} {})", s.suppressed_foreign, tr(lang, Msg::Suppressed)),
                mamori_model::Lang::Ja => format!("（{} 件を抑制）", s.suppressed_foreign),
            }
        } else {
            String::new()
        };
        let _ = writeln!(out, "  {}: {state}{used}", tr(lang, Msg::ForeignIgnores));
    }
    if s.baselined > 0 {
        let _ = writeln!(out, "  {}: {}", tr(lang, Msg::Baselined), s.baselined);
    }
    let _ = writeln!(out, "  {}: {}", tr(lang, Msg::Time), fmt_duration(s.duration));
}

fn fmt_duration(d: std::time::Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

fn list_separator(lang: mamori_model::Lang) -> &'static str {
    match lang {
        mamori_model::Lang::En => ", ",
        mamori_model::Lang::Ja => "、",
    }
}

/// Columns a string takes in a terminal: East Asian wide characters take two.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = (0x1100..=0x115F).contains(&c)
                || (0x2E80..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFE30..=0xFE4F).contains(&c)
                || (0xFF00..=0xFF60).contains(&c)
                || (0xFFE0..=0xFFE6).contains(&c);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// `a/X, a/Y, b/Z` as `a/X,Y b/Z`: one entry per framework, in the order first seen.
fn group_controls(controls: &[&str]) -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for c in controls {
        let (fw, id) = c.split_once('/').unwrap_or(("", c));
        match groups.iter_mut().find(|(f, _)| *f == fw) {
            Some((_, ids)) => ids.push(id),
            None => groups.push((fw, vec![id])),
        }
    }
    groups
        .iter()
        .map(|(fw, ids)| {
            if fw.is_empty() {
                ids.join(",")
            } else {
                format!("{fw}/{}", ids.join(","))
            }
        })
        .collect::<Vec<_>>()
        .join("  ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori_model::Lang;

    #[test]
    fn controls_are_grouped_by_framework() {
        let c = [
            "aws-securityhub/ECS.2",
            "nist-800-53/AC-3",
            "nist-800-53/SC-7(3)",
            "pci-dss-4.0.1/1.4.4",
        ];
        assert_eq!(
            group_controls(&c),
            "aws-securityhub/ECS.2  nist-800-53/AC-3,SC-7(3)  pci-dss-4.0.1/1.4.4"
        );
    }

    fn opts() -> TextOptions {
        TextOptions {
            color: false,
            quiet: false,
            show_unknown: false,
            show_suppressed: false,
        }
    }

    #[test]
    fn every_severity_is_shown_and_counted() {
        use crate::junit::tests::{report, sample};
        let data = sample();
        let line = |_: &str, l: u32| Some(format!("source line {l}"));
        let out = render(&report(&data, Lang::En, &line), opts());
        for sev in ["critical", "high", "medium", "low", "info"] {
            assert!(out.contains(&format!("  {sev:<8} MAM-T-")), "{sev}: {out}");
        }
        let counts = data.findings.iter().fold([0usize; 5], |mut c, f| {
            c[4 - f.severity as usize] += 1;
            c
        });
        assert!(
            out.contains(&format!(
                "findings: {} ({} critical, {} high, {} medium, {} low, {} info)",
                data.findings.len(),
                counts[0],
                counts[1],
                counts[2],
                counts[3],
                counts[4]
            )),
            "{out}"
        );
        // Quiet: the summary only.
        let quiet = render(&report(&data, Lang::En, &line), TextOptions { quiet: true, ..opts() });
        assert!(quiet.starts_with("error: ") || quiet.starts_with("Summary"), "{quiet}");
        assert!(!quiet.contains("MAM-T-001"));
        let ja = render(&report(&data, Lang::Ja, &line), opts());
        assert!(ja.contains("緊急") && ja.contains("サマリー"), "{ja}");
    }

    #[test]
    fn suppressions_baselines_and_foreign_comments_are_summarised() {
        use crate::junit::tests::{report, sample};
        let data = sample();
        let line = |_: &str, _: u32| None;
        let suppressed = vec![crate::SuppressedFinding {
            finding: data.findings[0].clone(),
            by: crate::Suppression {
                syntax: "checkov",
                in_source: true,
                reason: Some("legacy".into()),
                until: None,
                at: "main.tf:2".into(),
            },
        }];
        let mut r = report(&data, Lang::En, &line);
        r.suppressed = &suppressed;
        r.summary.suppressed = 1;
        r.summary.suppressed_foreign = 1;
        r.summary.foreign_ignores = Some(true);
        r.summary.baselined = 4;
        let out = render(
            &r,
            TextOptions {
                show_suppressed: true,
                ..opts()
            },
        );
        assert!(out.contains("suppressed (1)\n  MAM-T-001"), "{out}");
        assert!(out.contains("suppressed by: checkov main.tf:2: legacy"), "{out}");
        assert!(
            out.contains("  suppressed: 1 (list them with --show-suppressed"),
            "{out}"
        );
        assert!(
            out.contains("  other scanners' ignore comments: honoured (1 suppressed)"),
            "{out}"
        );
        assert!(out.contains("  known findings hidden by the baseline: 4"), "{out}");
        let plain = render(&r, opts());
        assert!(!plain.contains("suppressed by:"));
    }

    #[test]
    fn suppressed_findings_are_listed_in_the_report_language() {
        use crate::junit::tests::{at, finding, report, sample};
        use crate::{SuppressedFinding, Suppression};
        use mamori_model::{Lang, Severity};
        let data = sample();
        let silenced = [SuppressedFinding {
            finding: finding(
                "MAM-T-001",
                Severity::High,
                "aws_ecs_service.s",
                "silenced",
                at("s.tf", 2, 1),
            ),
            by: Suppression {
                syntax: "mamori",
                in_source: true,
                reason: Some("demo".into()),
                until: Some("2027-06-30".into()),
                at: "s.tf:1".into(),
            },
        }];
        let line = |_: &str, _: u32| None;
        let options = TextOptions {
            show_suppressed: true,
            ..Default::default()
        };
        for (lang, want, not) in [
            (Lang::En, "mamori s.tf:1 (until 2027-06-30): demo", "まで"),
            (Lang::Ja, "mamori s.tf:1（2027-06-30 まで）: demo", "until"),
        ] {
            let mut r = report(&data, lang, &line);
            r.suppressed = &silenced;
            let out = render(&r, options);
            assert!(out.contains(want) && !out.contains(not), "{out}");
        }
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("中"), 2);
        assert_eq!(display_width("high"), 4);
    }
}
