//! The HTML report: one self-contained page (inline style sheet and script, nothing loaded from
//! anywhere) that works opened from disk. A summary of counts, the findings with filters by
//! severity, service, control and file, each finding opening onto its source line and its rule's
//! "why it matters" and "how to fix"; a compliance summary of the controls the scan touched;
//! then the undecided checks and the files that could not be read.
//!
//! Every value from a scanned file is HTML-escaped. The script reads its data from escaped
//! attributes, never from embedded JSON, and a Content Security Policy lets only the page's own
//! style sheet and script run (see `csp.rs`).

mod csp;
mod md;

use crate::compliance::{self, ComplianceReport, Status};
use crate::i18n::{Msg, severity_label, tr};
use crate::{InputError, Report, RuleInfo};
use mamori_model::{Finding, Lang, Origin, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

const STYLE: &str = include_str!("html/page.css");
const REPORT_SCRIPT: &str = include_str!("html/report.js");
const COMPLIANCE_SCRIPT: &str = include_str!("html/compliance.js");
/// The mark in the header: a shield, drawn inline (no font or image to load).
const SHIELD: &str = "<svg viewBox=\"0 0 24 24\" width=\"26\" height=\"26\" fill=\"none\" stroke=\"currentColor\" \
    stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"><path d=\"M12 2.5 4.5 5.5v5.7c0 4.6 3.1 8.6 7.5 10.3 \
    4.4-1.7 7.5-5.7 7.5-10.3V5.5z\"/><path d=\"m8.6 12.2 2.4 2.4 4.6-4.8\"/></svg>";

/// Escapes text for HTML content and quoted attribute values. Control characters other than
/// tab and line feed are dropped.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A message: the values it quotes in backticks become `<code>`, everything else is text.
fn message(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let last = parts.len() - 1;
    let mut out = String::with_capacity(s.len() + 16);
    for (i, p) in parts.iter().enumerate() {
        if i % 2 == 1 && i < last {
            out.push_str("<code>");
            out.push_str(&esc(p));
            out.push_str("</code>");
        } else {
            if i % 2 == 1 {
                out.push('`');
            }
            out.push_str(&esc(p));
        }
    }
    out
}

/// The service a resource type belongs to, for the service filter: `AWS::ECS::Service` is ECS,
/// `AWS::EKS::Cluster` EKS; Kubernetes kinds (`Deployment`, `apps/v1/Deployment`) are Kubernetes.
pub fn service_of(kind: &str) -> &str {
    let mut parts = kind.split("::");
    match (parts.next(), parts.next()) {
        (Some("AWS"), Some(service)) if !service.is_empty() => service,
        (Some(first), Some(_)) if first.eq_ignore_ascii_case("k8s") || first.eq_ignore_ascii_case("kubernetes") => {
            "Kubernetes"
        }
        (Some(first), Some(_)) => first,
        (Some(""), None) | (None, _) => "-",
        (Some(_), None) => "Kubernetes",
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The framework of a control id: `aws-securityhub` of `aws-securityhub/ECS.2`.
fn framework_of(control: &str) -> &str {
    control.split_once('/').map_or(control, |(f, _)| f)
}

/// Orders control ids as people read them: `AC-3` before `AC-21`, `ECS.2` before `ECS.10`.
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, xa), (db, xb)) in ca.iter().zip(cb.iter()) {
        let ord = if *da && *db {
            let (ta, tb) = (xa.trim_start_matches('0'), xb.trim_start_matches('0'));
            ta.len().cmp(&tb.len()).then(ta.cmp(tb))
        } else {
            xa.cmp(xb)
        };
        if ord.is_ne() {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then(a.cmp(b))
}

fn page(lang: Lang, title: &str, body: &str, script: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + script.len() + 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"generator\" content=\"mamori {}\">\n\
         <link rel=\"icon\" href=\"data:,\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.code(),
        esc(&csp::policy(STYLE, script)),
        env!("CARGO_PKG_VERSION"),
        esc(title),
    );
    out.push_str(body);
    let _ = write!(out, "<script>{script}</script>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, title: &str, sub: &[String]) {
    let _ = write!(
        out,
        "<header class=\"top\"><div class=\"wrap brand\"><span class=\"mark\" aria-hidden=\"true\">{SHIELD}</span>\
         <div><h1>{}</h1><p class=\"sub\">",
        esc(title)
    );
    for s in sub {
        let _ = write!(out, "<span>{}</span>", esc(s));
    }
    out.push_str("</p></div></div></header>\n");
}

fn footer(out: &mut String, lang: Lang) {
    let _ = writeln!(
        out,
        "<footer>{} mamori {}</footer>",
        tr(lang, Msg::GeneratedBy),
        env!("CARGO_PKG_VERSION")
    );
}

/// A thin bar of parts, each `(css class, count)`, drawn in SVG (no style attribute needed).
fn bar(parts: &[(String, usize)], label: &str) -> String {
    let total: usize = parts.iter().map(|(_, n)| n).sum();
    let mut out = format!(
        "<svg class=\"bar\" viewBox=\"0 0 1000 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{}\">",
        esc(label)
    );
    // Each part from its share of the running total, so the parts fill the bar exactly.
    let mut before = 0usize;
    for (class, n) in parts {
        let (Some(x), Some(end)) = (
            (before * 1000).checked_div(total),
            ((before + n) * 1000).checked_div(total),
        ) else {
            break;
        };
        before += n;
        if *n > 0 {
            let _ = write!(
                out,
                "<rect class=\"{class} tone-fill\" x=\"{x}\" y=\"0\" width=\"{}\" height=\"10\"/>",
                (end - x).max(1)
            );
        }
    }
    out.push_str("</svg>");
    out
}

fn where_of(origin: &Origin) -> (String, String) {
    match origin {
        Origin::Source(l) => (format!("{}:{}", l.path, l.span.start_line), l.to_string()),
        Origin::Api { arn } => (arn.clone(), arn.clone()),
        Origin::Synthetic => ("—".to_string(), String::new()),
    }
}

fn error_table(out: &mut String, lang: Lang, errors: &[InputError]) {
    let _ = writeln!(
        out,
        "<div class=\"table\"><table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
        tr(lang, Msg::Location),
        tr(lang, Msg::Message)
    );
    for e in errors {
        let at = if e.line > 0 {
            format!("{}:{}:{}", e.path, e.line, e.col)
        } else {
            e.path.clone()
        };
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td></tr>",
            esc(&at),
            esc(&crate::reasons::note(lang, &e.message))
        );
    }
    out.push_str("</tbody></table></div>\n");
}

fn collapsed_section(out: &mut String, id: &str, title: &str, n: usize, inner: impl FnOnce(&mut String)) {
    let _ = writeln!(
        out,
        "<details class=\"card section\" id=\"{id}\"><summary><h2>{}<span class=\"count\">{n}</span></h2></summary>",
        esc(title)
    );
    inner(out);
    out.push_str("</details>\n");
}

/// The scan report.
pub fn render(r: &Report<'_>) -> String {
    let lang = r.lang;
    let mut out = String::new();
    let mut sub = vec![format!("mamori {}", env!("CARGO_PKG_VERSION"))];
    if let Some(t) = r.summary.threshold.filter(|t| *t > Severity::Info) {
        sub.push(format!("{}: {}", tr(lang, Msg::Threshold), severity_label(lang, t)));
    }
    header(&mut out, tr(lang, Msg::ReportTitle), &sub);
    out.push_str("<main class=\"wrap\">\n");
    overview(&mut out, r);
    findings_section(&mut out, r);
    compliance_summary(&mut out, r);
    if !r.undecided.is_empty() {
        collapsed_section(
            &mut out,
            "undecided",
            &capitalize(tr(lang, Msg::Undecided)),
            r.undecided.len(),
            |out| {
                let _ = writeln!(
                    out,
                    "<p class=\"hint\">{}</p>\n<div class=\"table\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                    capitalize(tr(lang, Msg::ReasonUndecided)),
                    tr(lang, Msg::Rule),
                    tr(lang, Msg::Resource),
                    tr(lang, Msg::Location),
                    capitalize(tr(lang, Msg::Reason))
                );
                for u in r.undecided {
                    let (_, full) = where_of(&u.origin);
                    let _ = writeln!(
                        out,
                        "<tr><td><code>{}</code></td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
                        esc(u.rule_id),
                        esc(&u.resource.address),
                        esc(&full),
                        message(&crate::reasons::reason(lang, &u.reason))
                    );
                }
                out.push_str("</tbody></table></div>\n");
            },
        );
    }
    if !r.errors.is_empty() {
        collapsed_section(&mut out, "errors", tr(lang, Msg::InputErrors), r.errors.len(), |out| {
            error_table(out, lang, r.errors)
        });
    }
    if !r.notes.is_empty() {
        collapsed_section(&mut out, "notes", tr(lang, Msg::SkippedNotes), r.notes.len(), |out| {
            error_table(out, lang, r.notes)
        });
    }
    out.push_str("</main>\n");
    footer(&mut out, lang);
    docs(&mut out, r);
    page(lang, tr(lang, Msg::ReportTitle), &out, REPORT_SCRIPT)
}

fn overview(out: &mut String, r: &Report<'_>) {
    let lang = r.lang;
    out.push_str("<section class=\"overview\">\n<div class=\"tiles\">\n");
    let _ = writeln!(
        out,
        "<div class=\"tile\" id=\"total\"><span class=\"num\">{}</span><span class=\"lbl\">{}</span></div>",
        r.findings.len(),
        capitalize(tr(lang, Msg::Findings))
    );
    for sev in Severity::ALL {
        let n = r.count(sev);
        let _ = writeln!(
            out,
            "<div class=\"tile sev-{s}{}\" id=\"tile-{s}\"><span class=\"num\">{n}</span><span class=\"lbl\">{}</span></div>",
            if n == 0 { " zero" } else { "" },
            capitalize(severity_label(lang, sev)),
            s = sev.as_str(),
        );
    }
    out.push_str("</div>\n");
    let parts: Vec<(String, usize)> = Severity::ALL
        .iter()
        .map(|s| (format!("sev-{}", s.as_str()), r.count(*s)))
        .collect();
    out.push_str(&bar(&parts, tr(lang, Msg::Severity)));
    out.push_str("\n<dl class=\"stats\">\n");
    let s = &r.summary;
    let stats: [(&str, Msg, String); 6] = [
        ("files", Msg::FilesScanned, s.files_scanned.to_string()),
        ("resources", Msg::Resources, s.resources.to_string()),
        ("rules", Msg::RulesRun, s.rules_run.to_string()),
        ("passed", Msg::ChecksPassed, s.checks_passed.to_string()),
        ("undecided", Msg::Undecided, r.undecided.len().to_string()),
        ("errors", Msg::InputErrors, r.errors.len().to_string()),
    ];
    for (id, label, value) in stats {
        let _ = writeln!(
            out,
            "<div><dt>{}</dt><dd id=\"stat-{id}\">{value}</dd></div>",
            capitalize(tr(lang, label))
        );
    }
    out.push_str("</dl>\n</section>\n");
}

/// Findings, highest severity first; the scan's order within a severity.
fn sorted(findings: &[Finding]) -> Vec<&Finding> {
    let mut v: Vec<&Finding> = findings.iter().collect();
    v.sort_by_key(|f| std::cmp::Reverse(f.severity));
    v
}

fn file_of(f: &Finding) -> String {
    f.location().map(|l| l.path.to_string()).unwrap_or_default()
}

fn findings_section(out: &mut String, r: &Report<'_>) {
    let lang = r.lang;
    let total = r.findings.len();
    let fmt = tr(lang, Msg::ShownFindings);
    let _ = writeln!(
        out,
        "<section class=\"card\" id=\"findings\">\n<div class=\"section-head\"><h2>{}</h2>\
         <p class=\"shown\" id=\"shown\" data-fmt=\"{}\" aria-live=\"polite\">{}</p></div>",
        capitalize(tr(lang, Msg::Findings)),
        esc(fmt),
        esc(&fmt
            .replace("{shown}", &total.to_string())
            .replace("{total}", &total.to_string()))
    );
    if r.findings.is_empty() {
        let _ = writeln!(out, "<p class=\"empty\">{}</p>\n</section>", tr(lang, Msg::NoFindings));
        return;
    }

    // Filters, each option with its count.
    let mut services: BTreeMap<&str, usize> = BTreeMap::new();
    let mut frameworks: BTreeMap<&str, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    let mut files: BTreeMap<String, usize> = BTreeMap::new();
    for f in r.findings {
        *services.entry(service_of(&f.resource.kind)).or_default() += 1;
        let mut seen = BTreeSet::new();
        for c in &f.controls {
            let fw = frameworks.entry(framework_of(c)).or_default();
            if seen.insert(framework_of(c)) {
                fw.0 += 1;
            }
            *fw.1.entry(c).or_default() += 1;
        }
        *files.entry(file_of(f)).or_default() += 1;
    }
    out.push_str("<form class=\"filters\" id=\"filters\" autocomplete=\"off\">\n");
    let _ = write!(out, "<fieldset><legend>{}</legend>", tr(lang, Msg::Severity));
    for sev in Severity::ALL {
        let _ = write!(
            out,
            "<label class=\"chk sev-{s}\"><input type=\"checkbox\" name=\"sev\" value=\"{s}\" checked>{} <span class=\"n\">{}</span></label>",
            capitalize(severity_label(lang, sev)),
            r.count(sev),
            s = sev.as_str()
        );
    }
    out.push_str("</fieldset>\n");
    let _ = write!(
        out,
        "<label class=\"sel\"><span>{}</span><select id=\"f-service\"><option value=\"\">{}</option>",
        tr(lang, Msg::Service),
        tr(lang, Msg::AllServices)
    );
    for (s, n) in &services {
        let _ = write!(out, "<option value=\"{0}\">{0} ({n})</option>", esc(s));
    }
    out.push_str("</select></label>\n");
    let _ = write!(
        out,
        "<label class=\"sel\"><span>{}</span><select id=\"f-control\"><option value=\"\">{}</option>",
        tr(lang, Msg::Control),
        tr(lang, Msg::AllControls)
    );
    for (fw, (n, controls)) in &frameworks {
        let _ = write!(
            out,
            "<optgroup label=\"{0}\"><option value=\"fw:{0}\">{0}: {1} ({n})</option>",
            esc(fw),
            tr(lang, Msg::WholeFramework)
        );
        let mut ids: Vec<(&&str, &usize)> = controls.iter().collect();
        ids.sort_by(|a, b| natural_cmp(a.0, b.0));
        for (c, n) in ids {
            let _ = write!(out, "<option value=\"ctl:{}\">{} ({n})</option>", esc(c), esc(c));
        }
        out.push_str("</optgroup>");
    }
    out.push_str("</select></label>\n");
    let _ = write!(
        out,
        "<label class=\"sel\"><span>{}</span><select id=\"f-file\"><option value=\"\">{}</option>",
        tr(lang, Msg::File),
        tr(lang, Msg::AllFiles)
    );
    for (path, n) in &files {
        let label = if path.is_empty() {
            tr(lang, Msg::FromApi).to_string()
        } else {
            esc(path)
        };
        let _ = write!(out, "<option value=\"f:{}\">{label} ({n})</option>", esc(path));
    }
    out.push_str("</select></label>\n");
    let _ = writeln!(
        out,
        "<button type=\"button\" class=\"btn\" data-reset>{}</button>\n</form>",
        tr(lang, Msg::ResetFilters)
    );

    out.push_str("<div class=\"list\" id=\"list\">\n");
    for f in sorted(r.findings) {
        finding(out, r, f);
    }
    out.push_str("</div>\n");
    let _ = writeln!(
        out,
        "<div class=\"nomatch\" id=\"nomatch\" hidden><p>{}</p><button type=\"button\" class=\"btn\" data-reset>{}</button></div>\n</section>",
        tr(lang, Msg::NoFindingMatches),
        tr(lang, Msg::ResetFilters)
    );
}

/// Control ids grouped by framework for one line: `aws-securityhub ECS.2 · nist-800-53 AC-3, SC-7`.
fn controls_line(controls: &[&str]) -> String {
    let mut by_fw: Vec<(&str, Vec<&str>)> = Vec::new();
    for c in controls {
        let (fw, id) = c.split_once('/').unwrap_or(("", c));
        match by_fw.iter_mut().find(|(f, _)| *f == fw) {
            Some((_, ids)) => ids.push(id),
            None => by_fw.push((fw, vec![id])),
        }
    }
    by_fw
        .iter()
        .map(|(fw, ids)| match fw {
            &"" => ids.join(", "),
            fw => format!("{fw} {}", ids.join(", ")),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn finding(out: &mut String, r: &Report<'_>, f: &Finding) {
    let lang = r.lang;
    let sev = f.severity.as_str();
    let service = service_of(&f.resource.kind);
    let (short, full) = where_of(&f.origin);
    let _ = write!(
        out,
        "<details class=\"finding sev-{sev}\" data-sev=\"{sev}\" data-rule=\"{}\" data-service=\"{}\" data-controls=\"{}\" data-file=\"{}\">\n\
         <summary><span class=\"sev-badge\">{}</span><span class=\"fmain\">\
         <span class=\"line1\"><code class=\"rule-id\">{}</code><span class=\"ftitle\">{}</span></span>\
         <span class=\"msg\">{}</span>\
         <span class=\"meta\"><span class=\"loc\" title=\"{}\">{}</span><span class=\"res\">{}</span><span class=\"tag\">{}</span><span class=\"ctls\">{}</span></span>\
         </span></summary>\n",
        esc(f.rule_id),
        esc(service),
        esc(&f.controls.join(" ")),
        esc(&file_of(f)),
        esc(severity_label(lang, f.severity)),
        esc(f.rule_id),
        esc(f.title.get(lang)),
        message(f.message.get(lang)),
        esc(&full),
        esc(&short),
        esc(&f.resource.address),
        esc(service),
        esc(&controls_line(&f.controls)),
    );
    out.push_str("<div class=\"fbody\">\n<dl class=\"facts\">");
    let _ = write!(
        out,
        "<dt>{}</dt><dd><code>{}</code> <span class=\"loc\">{}</span></dd>",
        tr(lang, Msg::Resource),
        esc(&f.resource.address),
        esc(&f.resource.kind)
    );
    if !full.is_empty() {
        let _ = write!(
            out,
            "<dt>{}</dt><dd><code>{}</code></dd>",
            tr(lang, Msg::Location),
            esc(&full)
        );
    }
    if !f.controls.is_empty() {
        let _ = write!(
            out,
            "<dt>{}</dt><dd class=\"chips\">",
            capitalize(tr(lang, Msg::Controls))
        );
        for c in &f.controls {
            let _ = write!(out, "<code>{}</code>", esc(c));
        }
        out.push_str("</dd>");
    }
    out.push_str("</dl>\n");
    if let Some(l) = f.location() {
        if f.sensitive {
            let _ = writeln!(out, "<p class=\"hidden-src\">{}</p>", tr(lang, Msg::SourceHidden));
        } else if let Some(line) = (r.source_line)(&l.path, l.span.start_line) {
            let _ = writeln!(
                out,
                "<div class=\"src\"><h3>{}</h3><pre><code><span class=\"ln\">{}</span>{}</code></pre></div>",
                tr(lang, Msg::Source),
                l.span.start_line,
                esc(line.trim_end())
            );
        }
    }
    out.push_str("<div class=\"doc\"></div>\n</div>\n</details>\n");
}

/// The why-it-matters and how-to-fix of every rule with a finding, once each, as templates the
/// script copies into a finding when it is opened.
fn docs(out: &mut String, r: &Report<'_>) {
    let lang = r.lang;
    let ids: BTreeSet<&str> = r.findings.iter().map(|f| f.rule_id).collect();
    for id in ids {
        let _ = write!(out, "<template id=\"doc-{}\">", esc(id));
        let doc = r.rules.iter().find(|x| x.id == id).and_then(|x: &RuleInfo| x.doc(lang));
        let sections = doc.map(md::Sections::parse);
        let why = sections
            .as_ref()
            .and_then(|s| s.get(&["Why it matters", "なぜ危険か"], 1));
        let fix = sections.as_ref().and_then(|s| s.get(&["How to fix", "修正方法"], 2));
        if let Some(why) = why {
            let _ = writeln!(
                out,
                "<section class=\"doc-why\"><h3>{}</h3>",
                tr(lang, Msg::WhyItMatters)
            );
            md::render_blocks(why, 4, out);
            out.push_str("</section>");
        }
        if let Some(fix) = fix {
            let _ = writeln!(
                out,
                "<section class=\"doc-fix\"><h3>{}</h3>",
                tr(lang, Msg::ExplainHint)
            );
            md::render_blocks(fix, 4, out);
            out.push_str("</section>");
        }
        let _ = writeln!(
            out,
            "<p class=\"explain\">{}: <code>mamori explain {}</code></p></template>",
            tr(lang, if doc.is_some() { Msg::Details } else { Msg::ExplainHint }),
            esc(id)
        );
    }
}

/// A control touched by the scan, and what decided its status.
struct Touched<'a> {
    status: Status,
    findings: usize,
    rules: BTreeSet<&'a str>,
}

/// Every control that a finding, an undecided check or a passing check of the scan maps to, by
/// framework. Fail: a finding maps to it. Unknown: no finding, but a check of a mapped rule
/// could not be decided. Pass: only passing checks. The same order of precedence as
/// `mamori compliance`.
fn touched<'a>(r: &'a Report<'a>) -> BTreeMap<&'a str, Vec<(&'a str, Touched<'a>)>> {
    let controls_of = |id: &str| -> Vec<&'a str> {
        r.rules
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.controls.clone())
            .unwrap_or_default()
    };
    let mut map: BTreeMap<&str, Touched> = BTreeMap::new();
    let mut entry = |c: &'a str, rule: &'a str, status: Status, finding: bool| {
        let t = map.entry(c).or_insert(Touched {
            status,
            findings: 0,
            rules: BTreeSet::new(),
        });
        t.rules.insert(rule);
        if finding {
            t.findings += 1;
        }
        let rank = |s: Status| match s {
            Status::Fail => 3,
            Status::Unknown => 2,
            Status::Pass => 1,
            Status::NotCovered => 0,
        };
        if rank(status) > rank(t.status) {
            t.status = status;
        }
    };
    for f in r.findings {
        for c in &f.controls {
            entry(c, f.rule_id, Status::Fail, true);
        }
    }
    for u in r.undecided {
        for c in controls_of(u.rule_id) {
            entry(c, u.rule_id, Status::Unknown, false);
        }
    }
    for p in r.passes {
        for c in controls_of(p.rule_id) {
            entry(c, p.rule_id, Status::Pass, false);
        }
    }
    let mut by_fw: BTreeMap<&str, Vec<(&str, Touched)>> = BTreeMap::new();
    for (c, t) in map {
        by_fw.entry(framework_of(c)).or_default().push((c, t));
    }
    for controls in by_fw.values_mut() {
        controls.sort_by(|a, b| natural_cmp(a.0, b.0));
    }
    by_fw
}

const STATUSES: [Status; 4] = [Status::Fail, Status::Pass, Status::Unknown, Status::NotCovered];

fn compliance_summary(out: &mut String, r: &Report<'_>) {
    let lang = r.lang;
    let by_fw = touched(r);
    let _ = writeln!(
        out,
        "<section class=\"card\" id=\"compliance\">\n<h2>{}</h2>\n<p class=\"hint\">{}</p>",
        tr(lang, Msg::ComplianceSummary),
        message(tr(lang, Msg::ComplianceHint))
    );
    if by_fw.is_empty() {
        let _ = writeln!(out, "<p class=\"empty\">{}</p>\n</section>", tr(lang, Msg::NoControls));
        return;
    }
    out.push_str("<div class=\"frameworks\">\n");
    for (fw, controls) in &by_fw {
        let count = |s: Status| controls.iter().filter(|(_, t)| t.status == s).count();
        let _ = write!(
            out,
            "<details class=\"fw\" data-framework=\"{}\"><summary><span class=\"fw-name\">{}</span><span class=\"pills\">",
            esc(fw),
            esc(fw)
        );
        for s in &STATUSES[..3] {
            let n = count(*s);
            if n > 0 {
                let _ = write!(
                    out,
                    "<span class=\"pill st-{}\">{n} {}</span>",
                    s.as_str(),
                    s.label(lang)
                );
            }
        }
        out.push_str("</span>");
        let parts: Vec<(String, usize)> = STATUSES[..3]
            .iter()
            .map(|s| (format!("st-{}", s.as_str()), count(*s)))
            .collect();
        out.push_str(&bar(&parts, fw));
        let _ = writeln!(
            out,
            "</summary>\n<div class=\"table\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            tr(lang, Msg::Control),
            tr(lang, Msg::Status),
            capitalize(tr(lang, Msg::Findings)),
            tr(lang, Msg::Rules)
        );
        for (c, t) in controls {
            let id = c.split_once('/').map_or(*c, |(_, id)| id);
            let show = if t.findings > 0 {
                format!(
                    "{} <button type=\"button\" class=\"linkbtn\" data-show-control=\"{}\">{}</button>",
                    t.findings,
                    esc(c),
                    tr(lang, Msg::ShowFindings)
                )
            } else {
                "0".to_string()
            };
            let rules: Vec<String> = t.rules.iter().map(|x| format!("<code>{}</code>", esc(x))).collect();
            let _ = writeln!(
                out,
                "<tr data-control=\"{}\" data-status=\"{}\"><td><code>{}</code></td><td><span class=\"status st-{}\">{}</span></td><td>{show}</td><td class=\"rules\">{}</td></tr>",
                esc(c),
                t.status.as_str(),
                esc(id),
                t.status.as_str(),
                t.status.label(lang),
                rules.join(" ")
            );
        }
        out.push_str("</tbody></table></div>\n</details>\n");
    }
    out.push_str("</div>\n</section>\n");
}

/// The compliance report: every control of one framework with its status, the findings of the
/// failing ones, and a filter by status.
pub fn render_compliance(r: &ComplianceReport<'_>) -> String {
    let lang = r.lang;
    let n = r.counts();
    let mut out = String::new();
    let title = tr(lang, Msg::ComplianceReportTitle);
    header(
        &mut out,
        title,
        &[
            r.framework_title.get(lang).to_string(),
            format!("mamori {}", env!("CARGO_PKG_VERSION")),
        ],
    );
    out.push_str("<main class=\"wrap\">\n<section class=\"overview\">\n<div class=\"tiles\">\n");
    let count_of = |s: Status| match s {
        Status::Fail => n.fail,
        Status::Pass => n.pass,
        Status::Unknown => n.unknown,
        Status::NotCovered => n.not_covered,
    };
    let _ = writeln!(
        out,
        "<div class=\"tile\" id=\"total\"><span class=\"num\">{}</span><span class=\"lbl\">{}</span></div>",
        n.total,
        capitalize(tr(lang, Msg::Controls))
    );
    for s in STATUSES {
        let c = count_of(s);
        let _ = writeln!(
            out,
            "<div class=\"tile st-{st}{}\" id=\"tile-{st}\"><span class=\"num\">{c}</span><span class=\"lbl\">{}</span></div>",
            if c == 0 { " zero" } else { "" },
            s.label(lang),
            st = s.as_str()
        );
    }
    let _ = writeln!(
        out,
        "<div class=\"tile\" id=\"coverage\"><span class=\"num\">{}%</span><span class=\"lbl\">{} ({}/{})</span></div>\n</div>",
        n.coverage_percent(),
        capitalize(tr(lang, Msg::Coverage)),
        n.total - n.not_covered,
        n.total
    );
    let parts: Vec<(String, usize)> = STATUSES
        .iter()
        .map(|s| (format!("st-{}", s.as_str()), count_of(*s)))
        .collect();
    out.push_str(&bar(&parts, tr(lang, Msg::Status)));
    out.push_str("\n</section>\n");
    if !r.errors.is_empty() {
        collapsed_section(&mut out, "errors", tr(lang, Msg::InputErrors), r.errors.len(), |out| {
            error_table(out, lang, r.errors)
        });
    }

    let fmt = tr(lang, Msg::ShownControls);
    let _ = writeln!(
        out,
        "<section class=\"card\" id=\"framework\">\n<div class=\"section-head\"><h2>{}</h2>\
         <p class=\"shown\" id=\"shown\" data-fmt=\"{}\" aria-live=\"polite\">{}</p></div>",
        esc(r.framework_title.get(lang)),
        esc(fmt),
        esc(&fmt
            .replace("{shown}", &n.total.to_string())
            .replace("{total}", &n.total.to_string()))
    );
    let _ = write!(
        out,
        "<form class=\"filters\" id=\"filters\" autocomplete=\"off\"><fieldset><legend>{}</legend>",
        tr(lang, Msg::Status)
    );
    for s in STATUSES {
        let _ = write!(
            out,
            "<label class=\"chk st-{st}\"><input type=\"checkbox\" name=\"status\" value=\"{st}\" checked>{} <span class=\"n\">{}</span></label>",
            s.label(lang),
            count_of(s),
            st = s.as_str()
        );
    }
    let _ = writeln!(
        out,
        "</fieldset><button type=\"button\" class=\"btn\" data-reset>{}</button></form>",
        tr(lang, Msg::ResetFilters)
    );
    let _ = writeln!(
        out,
        "<div class=\"table\"><table id=\"controls\"><colgroup><col class=\"c-id\"><col class=\"c-title\"><col class=\"c-status\"><col class=\"c-rules\"><col></colgroup>\
         <thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>",
        tr(lang, Msg::Control),
        tr(lang, Msg::Title),
        tr(lang, Msg::Status),
        tr(lang, Msg::Rules),
        tr(lang, Msg::Details)
    );
    let mut current: Option<Option<&str>> = None;
    for c in &r.controls {
        let g = compliance::group(&c.id);
        if current != Some(g) {
            if current.is_some() {
                out.push_str("</tbody>\n");
            }
            out.push_str("<tbody>");
            if let Some(g) = g {
                let heading = if g.chars().all(|ch| ch.is_ascii_digit()) {
                    format!("{} {g}", tr(lang, Msg::Section))
                } else {
                    g.to_string()
                };
                let _ = write!(
                    out,
                    "<tr class=\"grp-head\"><th colspan=\"5\">{}</th></tr>",
                    esc(&heading)
                );
            }
            out.push('\n');
            current = Some(g);
        }
        control_row(&mut out, lang, c);
    }
    if current.is_some() {
        out.push_str("</tbody>\n");
    }
    let _ = writeln!(
        out,
        "</table></div>\n<div class=\"nomatch\" id=\"nomatch\" hidden><p>{}</p><button type=\"button\" class=\"btn\" data-reset>{}</button></div>\n</section>\n</main>",
        tr(lang, Msg::NoControlMatches),
        tr(lang, Msg::ResetFilters)
    );
    footer(&mut out, lang);
    page(
        lang,
        &format!("{title} — {}", r.framework_title.get(lang)),
        &out,
        COMPLIANCE_SCRIPT,
    )
}

fn control_row(out: &mut String, lang: Lang, c: &compliance::ControlResult<'_>) {
    let st = c.status.as_str();
    let mut title = esc(c.title.get(lang));
    if let Some(a) = c.assessment {
        let _ = write!(
            title,
            " <span class=\"assess\">({})</span>",
            tr(lang, if a == "manual" { Msg::Manual } else { Msg::Automated })
        );
    }
    let rules: Vec<String> = c.rules.iter().map(|x| format!("<code>{}</code>", esc(x))).collect();
    let _ = write!(
        out,
        "<tr class=\"ctl\" data-status=\"{st}\" data-control=\"{}\"><td><code>{}</code></td><td>{title}</td>\
         <td><span class=\"status st-{st}\">{}</span></td><td class=\"rules\">{}</td><td>",
        esc(&c.id),
        esc(&c.id),
        c.status.label(lang),
        rules.join(" ")
    );
    if !c.findings.is_empty() {
        out.push_str("<ul class=\"hits\">");
        for f in &c.findings {
            let (short, _) = where_of(&f.origin);
            let _ = write!(
                out,
                "<li><span><span class=\"sev-badge sev-{}\">{}</span><code>{}</code> <code>{}</code> <span class=\"loc\">{}</span></span><span class=\"msg\">{}</span></li>",
                f.severity.as_str(),
                esc(severity_label(lang, f.severity)),
                esc(f.rule_id),
                esc(&f.resource.address),
                esc(&short),
                message(f.message.get(lang))
            );
        }
        out.push_str("</ul>");
    }
    if let Some(reason) = c.reason {
        let mut why = reason.text(lang).to_string();
        if !c.missing_kinds.is_empty() {
            let _ = write!(why, " ({})", c.missing_kinds.join(", "));
        }
        let _ = write!(out, "<p class=\"why\">{}</p>", esc(&capitalize(&why)));
        if !c.undecided.is_empty() {
            out.push_str("<ul class=\"hits\">");
            for u in &c.undecided {
                let (short, _) = where_of(&u.origin);
                let _ = write!(
                    out,
                    "<li><span><code>{}</code> <code>{}</code> <span class=\"loc\">{}</span></span><span class=\"msg\">{}</span></li>",
                    esc(u.rule_id),
                    esc(&u.resource.address),
                    esc(&short),
                    message(&crate::reasons::reason(lang, &u.reason))
                );
            }
            out.push_str("</ul>");
        }
    }
    out.push_str("</td></tr>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::{ControlInput, Evidence, MappedRule, assess};
    use crate::junit::tests::{Sample, at, finding, report, rule, sample};
    use mamori_model::Text;

    const HOSTILE: &str = "</script><img src=x onerror=alert(1)>";

    const DOC: &str = "# MAM-T-001: Title\n\n## What it checks\n\nchecks.\n\n## Why it matters\n\n\
        An **open** door <b>now</b>.\n\n## How to fix\n\n1. Close it: `x = <y>`\n\n```hcl\na = \"<b>\"\n```\n\n\
        ## Edge cases\n\nnone\n\n## References\n\n- Guide: https://docs.aws.amazon.com/guide.html\n";

    fn line_of(path: &str, line: u32) -> Option<String> {
        Some(format!("line {line} of {path}"))
    }

    fn render_sample(data: &Sample, lang: Lang) -> String {
        render(&report(data, lang, &line_of))
    }

    /// The text between `open` and the next `close`.
    fn between<'a>(s: &'a str, open: &str, close: &str) -> &'a str {
        let start = s.find(open).unwrap_or_else(|| panic!("{open} in output")) + open.len();
        let end = s[start..].find(close).unwrap_or_else(|| panic!("{close} after {open}")) + start;
        &s[start..end]
    }

    #[test]
    fn every_severity_counts_and_sections() {
        let data = sample();
        let out = render_sample(&data, Lang::En);
        assert!(out.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"), "{out}");
        assert!(out.ends_with("</body>\n</html>\n"));
        assert!(out.contains(
            "<div class=\"tile\" id=\"total\"><span class=\"num\">6</span><span class=\"lbl\">Findings</span>"
        ));
        for (sev, n, label) in [
            ("critical", 1, "Critical"),
            ("high", 2, "High"),
            ("medium", 1, "Medium"),
            ("low", 1, "Low"),
            ("info", 1, "Info"),
        ] {
            assert!(
                out.contains(&format!(
                    "<div class=\"tile sev-{sev}\" id=\"tile-{sev}\"><span class=\"num\">{n}</span><span class=\"lbl\">{label}</span></div>"
                )),
                "{sev} tile"
            );
            assert!(
                out.contains(&format!(
                    "<input type=\"checkbox\" name=\"sev\" value=\"{sev}\" checked>{label} <span class=\"n\">{n}</span>"
                )),
                "{sev} filter"
            );
            assert_eq!(out.matches(&format!("data-sev=\"{sev}\"")).count(), n, "{sev} rows");
        }
        assert_eq!(out.matches("<details class=\"finding ").count(), 6);
        assert!(out.contains(
            "data-fmt=\"Showing {shown} of {total} findings\" aria-live=\"polite\">Showing 6 of 6 findings</p>"
        ));
        // Highest severity first; the scan's order within one.
        let order: Vec<usize> = ["MAM-T-001", "MAM-T-002", "MAM-T-003", "MAM-T-004", "MAM-T-005"]
            .iter()
            .map(|id| out.find(&format!("data-rule=\"{id}\"")).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        // One row: severity, rule and title, message with its code spans, place, resource,
        // service, controls.
        assert!(out.contains(
            "<details class=\"finding sev-high\" data-sev=\"high\" data-rule=\"MAM-T-002\" data-service=\"ECS\" \
             data-controls=\"aws-securityhub/ECS.2 nist-800-53/AC-3\" data-file=\"main.tf\">"
        ));
        assert!(out.contains("<span class=\"line1\"><code class=\"rule-id\">MAM-T-002</code><span class=\"ftitle\">Title of MAM-T-002</span></span><span class=\"msg\">container one</span>"));
        assert!(out.contains(
            "<span class=\"loc\" title=\"main.tf:10:7\">main.tf:10</span><span class=\"res\">aws_ecs_service.a</span>\
             <span class=\"tag\">ECS</span><span class=\"ctls\">aws-securityhub ECS.2 · nist-800-53 AC-3</span>"
        ));
        // A finding from the API: its ARN, no file.
        let arn = "arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web";
        assert!(out.contains(&format!("<span class=\"loc\" title=\"{arn}\">{arn}</span>")));
        assert!(out.contains("data-file=\"\""));
        // The source line of a finding, with its number.
        assert!(out.contains("<pre><code><span class=\"ln\">3</span>line 3 of main.tf</code></pre>"));
        // Filters: services, frameworks and controls, files, each with a count.
        assert!(out.contains("<option value=\"ECS\">ECS (6)</option>"));
        assert!(out.contains("<optgroup label=\"aws-securityhub\"><option value=\"fw:aws-securityhub\">aws-securityhub: every control (6)</option><option value=\"ctl:aws-securityhub/ECS.2\">aws-securityhub/ECS.2 (6)</option></optgroup>"));
        assert!(out.contains("<option value=\"f:main.tf\">main.tf (3)</option>"));
        assert!(out.contains("<option value=\"f:\">AWS API (no file) (1)</option>"));
        // Summary figures, undecided checks and input errors.
        assert!(out.contains("<dd id=\"stat-undecided\">1</dd>"));
        assert!(out.contains("<dd id=\"stat-errors\">1</dd>"));
        assert!(out.contains("<details class=\"card section\" id=\"undecided\"><summary><h2>Undecided checks<span class=\"count\">1</span></h2></summary>"));
        assert!(out.contains("<td><code>MAM-T-003</code></td><td><code>aws_ecs_service.u</code></td><td><code>u.tf:4:1</code></td><td>var.x is unknown</td>"));
        assert!(out.contains("<tr><td><code>broken.tf:7:2</code></td><td>unexpected token &lt;eof&gt;</td></tr>"));
        // A rule without a document points to `mamori explain`.
        assert!(out.contains("<template id=\"doc-MAM-T-004\"><p class=\"explain\">How to fix: <code>mamori explain MAM-T-004</code></p></template>"));
    }

    #[test]
    fn compliance_summary_of_the_controls_touched() {
        let data = sample();
        let out = render_sample(&data, Lang::En);
        let summary = between(&out, "<section class=\"card\" id=\"compliance\">", "</section>");
        // ECS.2 has findings; AC-3 too (through the findings' controls).
        assert!(summary.contains("<tr data-control=\"aws-securityhub/ECS.2\" data-status=\"fail\"><td><code>ECS.2</code></td><td><span class=\"status st-fail\">FAIL</span></td><td>6 <button type=\"button\" class=\"linkbtn\" data-show-control=\"aws-securityhub/ECS.2\">Show findings</button></td>"), "{summary}");
        assert!(summary.contains("<span class=\"pill st-fail\">1 FAIL</span>"));
        assert!(summary.contains("data-control=\"nist-800-53/AC-3\" data-status=\"fail\""));
        assert!(!summary.contains("st-pass"), "{summary}");

        // Without findings: a passing check passes its controls; an undecided one makes them unknown.
        let mut only = sample();
        only.findings.clear();
        only.rules[0].controls = vec!["aws-securityhub/ECS.2", "cis-eks-1.8/5.1.1"];
        only.rules[2].controls = vec!["pss-baseline/privileged"];
        let out = render_sample(&only, Lang::En);
        assert!(out.contains("data-control=\"aws-securityhub/ECS.2\" data-status=\"pass\""));
        assert!(out.contains("data-control=\"cis-eks-1.8/5.1.1\" data-status=\"pass\""));
        assert!(
            out.contains("data-control=\"pss-baseline/privileged\" data-status=\"unknown\""),
            "{out}"
        );
        assert!(out.contains("<p class=\"empty\">No findings.</p>"));
        assert!(!out.contains("id=\"filters\""));
        // Frameworks in order, each with its counts.
        let fws: Vec<&str> = out
            .match_indices("<details class=\"fw\" data-framework=\"")
            .map(|(i, m)| {
                let s = &out[i + m.len()..];
                &s[..s.find('"').unwrap()]
            })
            .collect();
        assert_eq!(fws, ["aws-securityhub", "cis-eks-1.8", "pss-baseline"]);
    }

    #[test]
    fn rule_document_why_and_how() {
        let mut data = sample();
        data.rules[0].doc_en = Some(DOC);
        let out = render_sample(&data, Lang::En);
        let tpl = between(&out, "<template id=\"doc-MAM-T-001\">", "</template>");
        assert!(tpl.starts_with("<section class=\"doc-why\"><h3>Why it matters</h3>\n<p>An <strong>open</strong> door &lt;b&gt;now&lt;/b&gt;.</p>\n</section>"), "{tpl}");
        assert!(tpl.contains("<section class=\"doc-fix\"><h3>How to fix</h3>\n<ol>\n<li>Close it: <code>x = &lt;y&gt;</code></li></ol>\n<pre><code data-lang=\"hcl\">a = &quot;&lt;b&gt;&quot;</code></pre>\n</section>"), "{tpl}");
        // Only those two sections.
        assert!(!tpl.contains("checks.") && !tpl.contains("none") && !tpl.contains("Guide"));
        assert!(tpl.ends_with("<p class=\"explain\">Details: <code>mamori explain MAM-T-001</code></p>"));
        // Written once however many findings the rule has.
        let mut twice = sample();
        twice.findings.push(twice.findings[0].clone());
        let out = render_sample(&twice, Lang::En);
        assert_eq!(out.matches("<template id=\"doc-MAM-T-001\">").count(), 1);
        assert_eq!(out.matches("data-rule=\"MAM-T-001\"").count(), 2);
    }

    #[test]
    fn hostile_values_are_inert() {
        let mut data = sample();
        let path = format!("x\"onmouseover=\"alert(1){HOSTILE}.tf");
        data.findings
            .push(finding("MAM-T-009", Severity::High, HOSTILE, HOSTILE, at(&path, 2, 1)));
        data.findings[0].message = Text::new(format!("value `{HOSTILE}` and {HOSTILE}"), HOSTILE);
        data.undecided[0].reason = HOSTILE.into();
        data.errors[0].message = HOSTILE.into();
        let hostile_line = |_: &str, _: u32| Some(HOSTILE.to_string());
        let out = render(&report(&data, Lang::En, &hostile_line));
        // The page's own script element is the only one; no element or attribute is injected.
        assert_eq!(out.matches("<script").count(), 1);
        assert_eq!(out.matches("</script>").count(), 1);
        assert!(!out.contains("<img"), "{out}");
        assert!(!out.contains("\"onmouseover"));
        let escaped = "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;";
        assert!(out.contains(&format!(
            "<span class=\"msg\">value <code>{escaped}</code> and {escaped}</span>"
        )));
        assert!(out.contains(&format!("data-file=\"x&quot;onmouseover=&quot;alert(1){escaped}.tf\"")));
        assert!(out.contains(&format!(
            "<option value=\"f:x&quot;onmouseover=&quot;alert(1){escaped}.tf\">"
        )));
        assert!(out.contains(&format!("<span class=\"ln\">2</span>{escaped}</code>")));
        assert!(out.contains(&format!("<td>{escaped}</td></tr>")));
        // The script is the constant one, and the policy names it.
        let script = between(&out, "<script>", "</script>");
        assert_eq!(script, REPORT_SCRIPT);
        let policy = between(&out, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\">");
        assert!(
            policy.starts_with("default-src &#39;none&#39;; img-src data:; style-src &#39;sha256-"),
            "{policy}"
        );
        let hash = mamori_model::encoding::base64(&csp::sha256(script.as_bytes()));
        assert!(
            policy.contains(&format!("script-src &#39;sha256-{hash}&#39;")),
            "{policy}"
        );
        let style = between(&out, "<style>", "</style>");
        let hash = mamori_model::encoding::base64(&csp::sha256(style.as_bytes()));
        assert!(
            policy.contains(&format!("style-src &#39;sha256-{hash}&#39;")),
            "{policy}"
        );
    }

    /// Every `src`, `href` and `url(` of a page: only the icon (`data:`) and links a reader clicks.
    fn assert_self_contained(out: &str) {
        assert_eq!(
            out.matches("src=\"").count() + out.matches("src='").count(),
            0,
            "no src attribute"
        );
        assert!(
            !out.contains("url(") && !out.contains("@import"),
            "the style sheet loads nothing"
        );
        for (i, _) in out.match_indices("href=") {
            let value = &out[i + 5..];
            let before = &out[..i];
            let tag = &before[before.rfind('<').unwrap()..];
            if value.starts_with("\"data:,\"") {
                assert!(tag.starts_with("<link rel=\"icon\" "), "{tag}");
            } else {
                assert!(value.starts_with("\"https://"), "{}", &value[..40.min(value.len())]);
                assert!(tag.starts_with("<a "), "a web address only in a link: {tag}");
            }
        }
        for tag in [
            "<iframe", "<object", "<embed", "<img", "<video", "<audio", "<source", "<base",
        ] {
            assert!(!out.contains(tag), "{tag}");
        }
        assert_eq!(out.matches("<link ").count(), 1);
    }

    #[test]
    fn self_contained() {
        let mut data = sample();
        data.rules[0].doc_en = Some(DOC);
        let out = render_sample(&data, Lang::En);
        assert_self_contained(&out);
        // A link in a section shown becomes an anchor a reader clicks.
        let mut linked = sample();
        linked.rules[0].doc_en = Some(
            "# X\n\n## What it checks\n\na\n\n## Why it matters\n\nSee https://docs.aws.amazon.com/x.html.\n\n## How to fix\n\nb\n",
        );
        let out = render_sample(&linked, Lang::En);
        assert!(out.contains("See <a href=\"https://docs.aws.amazon.com/x.html\" target=\"_blank\" rel=\"noopener noreferrer\">https://docs.aws.amazon.com/x.html</a>."));
        assert_self_contained(&out);
        assert_self_contained(&render_compliance(&compliance_sample(Lang::En)));
    }

    #[test]
    fn sensitive_source_lines_are_absent() {
        let mut data = sample();
        let mut secret = finding(
            "MAM-T-002",
            Severity::High,
            "aws_ecs_task_definition.t",
            "has `DB_PASSWORD`",
            at("secret.tf", 9, 3),
        );
        secret.sensitive = true;
        data.findings.push(secret);
        let out = render_sample(&data, Lang::En);
        assert!(!out.contains("line 9 of secret.tf"), "{out}");
        assert!(out.contains("line 3 of main.tf"));
        let row = between(&out, "data-file=\"secret.tf\"", "</details>");
        assert!(row.contains("<p class=\"hidden-src\">(the source line is not shown: it may hold a secret)</p>"));
        assert!(!row.contains("class=\"src\""));
        // The message names the variable.
        assert!(row.contains("has <code>DB_PASSWORD</code>"));
    }

    #[test]
    fn japanese_labels() {
        let data = sample();
        let out = render_sample(&data, Lang::Ja);
        assert!(out.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">\n"));
        assert!(out.contains("<title>mamori セキュリティスキャン</title>"));
        assert!(out.contains("<h2>検出</h2>"));
        assert!(out.contains(
            "data-fmt=\"{total} 件中 {shown} 件の検出を表示\" aria-live=\"polite\">6 件中 6 件の検出を表示</p>"
        ));
        assert!(out.contains("<span class=\"num\">1</span><span class=\"lbl\">緊急</span>"));
        assert!(out.contains("value=\"critical\" checked>緊急 <span class=\"n\">1</span>"));
        assert!(out.contains("<span class=\"sev-badge\">高</span>"));
        assert!(out.contains("<span class=\"msg\">日本語: container one</span>"));
        assert!(out.contains("<span class=\"ftitle\">MAM-T-002 の題</span>"));
        assert!(out.contains("<option value=\"\">すべてのサービス</option>"));
        assert!(out.contains("<option value=\"\">すべてのコントロール</option>"));
        assert!(out.contains("<option value=\"\">すべてのファイル</option>"));
        assert!(out.contains("AWS API（ファイルなし） (1)"));
        assert!(out.contains(">絞り込みを解除</button>"));
        assert!(out.contains("<p>この条件に一致する検出はありません。</p>"));
        assert!(out.contains("<h2>コンプライアンスの概要</h2>"));
        assert!(out.contains("<span class=\"status st-fail\">不合格</span>"));
        assert!(out.contains("<h2>判定不能のチェック<span class=\"count\">1</span></h2>"));
        assert!(out.contains("<h2>入力エラー<span class=\"count\">1</span></h2>"));
        assert!(out.contains("<dt>スキャンしたファイル</dt>"));
        assert!(out.contains("<dt>合格したチェック</dt>"));
        // A rule's Japanese document is used, English when there is none.
        let mut docs = sample();
        docs.rules[0].doc_en = Some(DOC);
        docs.rules[0].doc_ja = Some("# X\n\n## 検査内容\n\na\n\n## なぜ危険か\n\n危ない。\n\n## 修正方法\n\n直す。\n");
        docs.rules[1].doc_en = Some(DOC);
        let out = render_sample(&docs, Lang::Ja);
        assert!(out.contains("<template id=\"doc-MAM-T-001\"><section class=\"doc-why\"><h3>なぜ危険か</h3>\n<p>危ない。</p>\n</section><section class=\"doc-fix\"><h3>修正方法</h3>\n<p>直す。</p>\n</section><p class=\"explain\">詳細: <code>mamori explain MAM-T-001</code></p></template>"), "{out}");
        assert!(between(&out, "<template id=\"doc-MAM-T-002\">", "</template>").contains("<strong>open</strong>"));
    }

    #[test]
    fn services_and_control_order() {
        assert_eq!(service_of("AWS::ECS::Service"), "ECS");
        assert_eq!(service_of("AWS::EKS::Cluster"), "EKS");
        assert_eq!(service_of("AWS::ECR::Repository"), "ECR");
        assert_eq!(service_of("Deployment"), "Kubernetes");
        assert_eq!(service_of("apps/v1/Deployment"), "Kubernetes");
        assert_eq!(service_of("Kubernetes::Pod"), "Kubernetes");
        assert_eq!(service_of(""), "-");
        let mut ids = vec![
            "AC-21", "AC-3(7)", "AC-3", "SC-7(11)", "SC-7(3)", "ECS.10", "ECS.2", "AC-3(15)",
        ];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            [
                "AC-3", "AC-3(7)", "AC-3(15)", "AC-21", "ECS.2", "ECS.10", "SC-7(3)", "SC-7(11)"
            ]
        );
    }

    fn compliance_sample(lang: Lang) -> ComplianceReport<'static> {
        let data: &'static Sample = Box::leak(Box::new(sample()));
        let passed: &'static [&'static str] = &["MAM-T-900"];
        // The findings of MAM-T-001 and MAM-T-002 only, so that MAM-T-003 is undecided.
        let ev = Evidence {
            findings: &data.findings[..3],
            undecided: &data.undecided,
            passed,
            kinds: &["AWS::ECS::Service"],
        };
        let control = |id: &str, rules: &[&'static str], assessment: Option<&'static str>| ControlInput {
            id: id.into(),
            title: Text::new(format!("Title {id} <i>"), format!("題 {id}")),
            assessment,
            rules: rules
                .iter()
                .map(|r| MappedRule {
                    id: r,
                    resource_kinds: vec!["AWS::ECS::Service"],
                })
                .collect(),
        };
        let controls = vec![
            assess(control("ECS.2", &["MAM-T-001", "MAM-T-002"], None), &ev),
            assess(control("ECS.3", &["MAM-T-003"], None), &ev),
            assess(control("ECS.4", &["MAM-T-900"], None), &ev),
            assess(control("EKS.1", &[], None), &ev),
            assess(control("5.1.1", &["MAM-T-404"], Some("manual")), &ev),
        ];
        ComplianceReport {
            framework: "aws-fsbp",
            framework_title: Text::new("AWS FSBP <x>", "AWS 基礎的なベストプラクティス"),
            controls,
            errors: &data.errors,
            lang,
        }
    }

    #[test]
    fn compliance_page() {
        let out = render_compliance(&compliance_sample(Lang::En));
        assert!(out.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"));
        assert!(out.contains("<title>mamori compliance report — AWS FSBP &lt;x&gt;</title>"));
        for (st, n, label) in [
            ("fail", 1, "FAIL"),
            ("pass", 1, "PASS"),
            ("unknown", 2, "UNKNOWN"),
            ("not-covered", 1, "NOT COVERED"),
        ] {
            assert!(
                out.contains(&format!(
                    "id=\"tile-{st}\"><span class=\"num\">{n}</span><span class=\"lbl\">{label}</span>"
                )),
                "{st} tile"
            );
            assert!(
                out.contains(&format!(
                    "name=\"status\" value=\"{st}\" checked>{label} <span class=\"n\">{n}</span>"
                )),
                "{st} filter"
            );
            assert_eq!(
                out.matches(&format!("<tr class=\"ctl\" data-status=\"{st}\"")).count(),
                n,
                "{st} rows"
            );
        }
        assert!(out.contains("<span class=\"num\">80%</span><span class=\"lbl\">Coverage (4/5)</span>"));
        assert!(out.contains(
            "data-fmt=\"Showing {shown} of {total} controls\" aria-live=\"polite\">Showing 5 of 5 controls</p>"
        ));
        // Grouped under headings, in the framework's order.
        assert!(out.contains("<tbody><tr class=\"grp-head\"><th colspan=\"5\">ECS</th></tr>\n<tr class=\"ctl\" data-status=\"fail\" data-control=\"ECS.2\">"));
        assert!(out.contains("<tbody><tr class=\"grp-head\"><th colspan=\"5\">Section 5</th></tr>"));
        assert!(out.contains("<td>Title 5.1.1 &lt;i&gt; <span class=\"assess\">(manual)</span></td>"));
        // The findings of a failing control, escaped.
        let ecs2 = between(&out, "data-control=\"ECS.2\">", "</tr>");
        assert_eq!(ecs2.matches("<li>").count(), 3, "{ecs2}");
        assert!(ecs2.contains("<span class=\"sev-badge sev-critical\">critical</span><code>MAM-T-001</code> <code>aws_ecs_service.a</code> <span class=\"loc\">main.tf:3</span></span><span class=\"msg\">bad &lt;&amp;&quot;&#39;&gt; value</span>"));
        // Why a control is unknown, with the undecided checks.
        let ecs3 = between(&out, "data-control=\"ECS.3\">", "</tr>");
        assert!(ecs3.contains("<p class=\"why\">The rules could not decide: a value they need is unknown</p>"));
        assert!(ecs3.contains("<code>MAM-T-003</code> <code>aws_ecs_service.u</code> <span class=\"loc\">u.tf:4</span></span><span class=\"msg\">var.x is unknown</span>"));
        assert!(out.contains("<p>No control matches these filters.</p>"));
        assert!(out.contains("<tr><td><code>broken.tf:7:2</code></td><td>unexpected token &lt;eof&gt;</td></tr>"));
        assert_eq!(between(&out, "<script>", "</script>"), COMPLIANCE_SCRIPT);

        let ja = render_compliance(&compliance_sample(Lang::Ja));
        assert!(ja.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">\n"));
        assert!(ja.contains("<title>mamori コンプライアンスレポート — AWS 基礎的なベストプラクティス</title>"));
        assert!(ja.contains("name=\"status\" value=\"fail\" checked>不合格 <span class=\"n\">1</span>"));
        assert!(ja.contains("<span class=\"lbl\">カバー率 (4/5)</span>"));
        assert!(ja.contains("data-fmt=\"{total} 件中 {shown} 件のコントロールを表示\""));
        assert!(ja.contains("<td>題 5.1.1 <span class=\"assess\">(手動)</span></td>"));
        assert!(ja.contains("<p>この条件に一致するコントロールはありません。</p>"));
        assert!(ja.contains("<span class=\"sev-badge sev-critical\">緊急</span>"));
    }

    #[test]
    fn escaping() {
        assert_eq!(esc("a<b>&\"'\tc\nd\u{1}\u{7f}"), "a&lt;b&gt;&amp;&quot;&#39;\tc\nd");
        assert_eq!(message("x `<y>` `odd"), "x <code>&lt;y&gt;</code> `odd");
        assert_eq!(
            controls_line(&["aws-securityhub/ECS.2", "nist-800-53/AC-3", "nist-800-53/SC-7", "bare"]),
            "aws-securityhub ECS.2 · nist-800-53 AC-3, SC-7 · bare"
        );
    }

    #[test]
    fn bars_fill_their_width() {
        let parts = [("a".to_string(), 1), ("b".to_string(), 0), ("c".to_string(), 2)];
        let svg = bar(&parts, "<label>");
        assert!(svg.contains("aria-label=\"&lt;label&gt;\""));
        assert!(svg.contains("<rect class=\"a tone-fill\" x=\"0\" y=\"0\" width=\"333\" height=\"10\"/><rect class=\"c tone-fill\" x=\"333\" y=\"0\" width=\"667\" height=\"10\"/></svg>"), "{svg}");
        assert!(!bar(&[("a".to_string(), 0)], "x").contains("<rect"));
    }

    #[test]
    fn no_findings() {
        let data = Sample {
            rules: vec![rule("MAM-T-001", Severity::High)],
            findings: vec![],
            undecided: vec![],
            passes: vec![],
            errors: vec![],
        };
        let out = render_sample(&data, Lang::En);
        assert!(out.contains("<p class=\"empty\">No findings.</p>"));
        assert!(out.contains("<p class=\"empty\">No control was touched by this scan.</p>"));
        assert!(!out.contains("id=\"undecided\"") && !out.contains("id=\"errors\""));
        assert!(!out.contains("<template"));
    }
}
