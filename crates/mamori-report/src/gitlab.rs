//! GitLab's SAST report, the JSON a job hands over as `artifacts:reports:sast` so that merge
//! requests and the security dashboard show its findings. It follows version 15.2.1 of GitLab's
//! `sast-report-format` schema.
//!
//! * `scan` names mamori as analyzer and scanner, with the time the scan started and ended
//!   (UTC, to the second) and `status` `failure` when an input file could not be parsed; the
//!   unreadable files and the notes are listed in `scan.messages`.
//! * One vulnerability per finding. Its `id` is a UUID derived from the finding's fingerprint
//!   (`crate::sarif::fingerprint`), so it is the same in every run and every language.
//!   `description` is the message followed by the rule document's "why it matters" section,
//!   `solution` its "how to fix" section; both stay in Markdown, which GitLab renders.
//!   `identifiers` start with the rule (linked to its document) and go on with one identifier
//!   per control, typed by framework (`aws_securityhub`, `nist_800_53`…).
//! * `location` is the file and lines of the finding. A finding read from the AWS API has no
//!   file: its `location.file` is the resource's ARN. GitLab tells vulnerabilities apart by
//!   their first identifier and their file and lines, so without it every finding of a rule on
//!   live resources would collapse into one.
//!
//! No source text is ever included (`raw_source_code_extract` is not written), so a finding that
//! may hold a secret cannot leak it here.

use crate::i18n::{Msg, tr};
use crate::sarif::{Fnv1a, fingerprint_bits};
use crate::{InputError, Report, RuleInfo};
use mamori_model::{Finding, Lang, Origin, Severity};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// The version of GitLab's report schema the output follows.
pub const SCHEMA_VERSION: &str = "15.2.1";

/// Limits of the schema, in characters.
const NAME_MAX: usize = 255;
const DESCRIPTION_MAX: usize = 1_048_576;
const SOLUTION_MAX: usize = 7_000;

/// Where the rule documents live in the repository, for links to them.
const DOCS_DIR: &str = "crates/mamori-rules/docs";

/// The headings of a rule document's sections, in both languages.
const WHY: &[&str] = &["Why it matters", "なぜ危険か"];
const FIX: &[&str] = &["How to fix", "修正方法"];

pub fn render(r: &Report<'_>) -> String {
    let mut s = serde_json::to_string_pretty(&value(r)).unwrap_or_default();
    s.push('\n');
    s
}

/// The report, ending now: the scan started `summary.duration` earlier.
pub fn value(r: &Report<'_>) -> Value {
    value_at(r, SystemTime::now())
}

fn value_at(r: &Report<'_>, end: SystemTime) -> Value {
    let start = end.checked_sub(r.summary.duration).unwrap_or(end);
    let tool = json!({
        "id": "mamori",
        "name": "mamori",
        "url": env!("CARGO_PKG_REPOSITORY"),
        "version": env!("CARGO_PKG_VERSION"),
        "vendor": { "name": "mamori" },
    });
    let mut scan = Map::new();
    scan.insert("analyzer".into(), tool.clone());
    scan.insert("scanner".into(), tool);
    scan.insert("type".into(), json!("sast"));
    scan.insert("start_time".into(), json!(utc(start)));
    scan.insert("end_time".into(), json!(utc(end)));
    scan.insert(
        "status".into(),
        json!(if r.errors.is_empty() { "success" } else { "failure" }),
    );
    let mut messages: Vec<Value> = r.errors.iter().map(|e| message(e, "warn", r.lang)).collect();
    messages.extend(r.notes.iter().map(|e| message(e, "info", r.lang)));
    if !messages.is_empty() {
        scan.insert("messages".into(), Value::Array(messages));
    }

    let rules: HashMap<&str, &RuleInfo> = r.rules.iter().map(|ri| (ri.id, ri)).collect();
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let vulnerabilities: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            let bits = fingerprint_bits(f);
            let n = seen.entry(bits).or_insert(0);
            *n += 1;
            vulnerability(f, rules.get(f.rule_id).copied(), r.lang, uuid(bits, *n))
        })
        .collect();

    json!({
        "version": SCHEMA_VERSION,
        "scan": scan,
        "vulnerabilities": vulnerabilities,
    })
}

fn message(e: &InputError, level: &str, lang: Lang) -> Value {
    let at = if e.line > 0 {
        format!("{}:{}:{}", e.path, e.line, e.col)
    } else {
        e.path.clone()
    };
    json!({ "level": level, "value": format!("{at}: {}", crate::reasons::note(lang, &e.message)) })
}

fn vulnerability(f: &Finding, rule: Option<&RuleInfo>, lang: Lang, id: String) -> Value {
    let doc = rule.and_then(|ri| ri.doc(lang));
    let shortened = format!("{} `mamori explain {}`", tr(lang, Msg::Shortened), f.rule_id);
    let mut description = f.message.get(lang).to_string();
    if let Some(why) = doc.and_then(|d| section(d, WHY)) {
        description.push_str("\n\n");
        description.push_str(why);
    }
    let mut v = Map::new();
    v.insert("id".into(), json!(id));
    v.insert("name".into(), json!(clip(f.title.get(lang), NAME_MAX)));
    v.insert(
        "description".into(),
        json!(fit(&description, DESCRIPTION_MAX, &shortened)),
    );
    v.insert("severity".into(), json!(severity(f.severity)));
    if let Some(fix) = doc.and_then(|d| section(d, FIX)) {
        v.insert("solution".into(), json!(fit(fix, SOLUTION_MAX, &shortened)));
    }
    v.insert("location".into(), location(f));
    v.insert("identifiers".into(), identifiers(f, rule, lang));
    Value::Object(v)
}

/// GitLab's severity names.
pub fn severity(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

fn location(f: &Finding) -> Value {
    let mut m = Map::new();
    match &f.origin {
        Origin::Source(l) => {
            m.insert("file".into(), json!(repo_path(&l.path)));
            let (start, end) = (l.span.start_line, l.span.end_line);
            if start > 0 {
                m.insert("start_line".into(), json!(start));
                if end >= start {
                    m.insert("end_line".into(), json!(end));
                }
            }
        }
        Origin::Api { arn } => {
            m.insert("file".into(), json!(arn));
        }
        Origin::Synthetic => {
            if !f.resource.address.is_empty() {
                m.insert("file".into(), json!(f.resource.address));
            }
        }
    }
    Value::Object(m)
}

/// A path as GitLab expects one inside the repository: forward slashes, no leading `./`.
fn repo_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    let mut rest = p.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    rest.to_string()
}

fn identifiers(f: &Finding, rule: Option<&RuleInfo>, lang: Lang) -> Value {
    let mut rule_id = Map::new();
    rule_id.insert("type".into(), json!("mamori"));
    rule_id.insert("name".into(), json!(f.rule_id));
    rule_id.insert("value".into(), json!(f.rule_id));
    if let Some(url) = rule.and_then(|ri| doc_url(ri, lang)) {
        rule_id.insert("url".into(), json!(url));
    }
    let mut all = vec![Value::Object(rule_id)];
    all.extend(f.controls.iter().filter_map(|c| control(c)));
    Value::Array(all)
}

/// The rule's document in the repository, in the report's language when it is written.
fn doc_url(ri: &RuleInfo, lang: Lang) -> Option<String> {
    let code = match lang {
        Lang::Ja if ri.doc_ja.is_some() => "ja",
        _ if ri.doc_en.is_some() => "en",
        _ => return None,
    };
    Some(format!(
        "{}/blob/main/{DOCS_DIR}/{}.{code}.md",
        env!("CARGO_PKG_REPOSITORY"),
        ri.id
    ))
}

/// A control (`aws-securityhub/ECS.12`) as an identifier typed by its framework.
fn control(c: &str) -> Option<Value> {
    let (framework, id) = c.split_once('/')?;
    if framework.is_empty() || id.is_empty() {
        return None;
    }
    let (label, url) = match framework {
        "aws-securityhub" => ("AWS Security Hub", securityhub_url(id)),
        "nist-800-53" => ("NIST SP 800-53", None),
        "pci-dss-4.0.1" => ("PCI DSS v4.0.1", None),
        other => (other, None),
    };
    let kind: String = framework
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut m = Map::new();
    m.insert("type".into(), json!(kind));
    m.insert("name".into(), json!(format!("{label} {id}")));
    m.insert("value".into(), json!(id));
    if let Some(url) = url {
        m.insert("url".into(), json!(url));
    }
    Some(Value::Object(m))
}

/// The control's entry in the Security Hub user guide (`ECS.12` → `ecs-controls.html#ecs-12`).
fn securityhub_url(id: &str) -> Option<String> {
    let (service, number) = id.split_once('.')?;
    let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric());
    if !ok(service) || !ok(number) {
        return None;
    }
    let service = service.to_ascii_lowercase();
    Some(format!(
        "https://docs.aws.amazon.com/securityhub/latest/userguide/{service}-controls.html#{service}-{number}"
    ))
}

/// A UUID (version 8, RFC 9562) from a finding's fingerprint: the fingerprint's 64 bits, then
/// an FNV-1a hash of the fingerprint and of `occurrence` (the how-manieth finding with that
/// fingerprint this is), with the version and variant bits set.
fn uuid(fingerprint: u64, occurrence: u32) -> String {
    let mut h = Fnv1a::new();
    h.write(b"mamori/gitlab-sast\0");
    h.write(&fingerprint.to_be_bytes());
    h.write(&occurrence.to_be_bytes());
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&fingerprint.to_be_bytes());
    b[8..].copy_from_slice(&h.0.to_be_bytes());
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The body of the document section under `## <heading>` (one of `headings`), trimmed. Lines
/// inside code fences are never taken for headings.
fn section<'a>(doc: &'a str, headings: &[&str]) -> Option<&'a str> {
    let mut in_fence = false;
    let mut start = None;
    let mut offset = 0;
    for line in doc.split_inclusive('\n') {
        let text = line.trim_end();
        if is_fence(text) {
            in_fence = !in_fence;
        } else if !in_fence && let Some(h) = text.strip_prefix("## ") {
            if let Some(s) = start {
                let body = doc[s..offset].trim();
                return (!body.is_empty()).then_some(body);
            }
            if headings.contains(&h.trim()) {
                start = Some(offset + line.len());
            }
        }
        offset += line.len();
    }
    let body = doc[start?..].trim();
    (!body.is_empty()).then_some(body)
}

fn is_fence(line: &str) -> bool {
    let l = line.trim_start();
    l.starts_with("```") || l.starts_with("~~~")
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Markdown `text` in at most `max` characters. When it is longer, whole lines are kept while
/// they fit (a first line that is too long alone is cut), an open code fence is closed, and
/// `note` follows in a paragraph of its own.
fn fit(text: &str, max: usize, note: &str) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    // Room for the closing fence ("\n```") and the note ("\n\n" + note).
    let budget = max.saturating_sub(4 + 2 + note.chars().count());
    let mut out = String::new();
    let mut used = 0;
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let n = line.chars().count();
        if used + n > budget {
            if out.is_empty() {
                out = line.chars().take(budget).collect();
            }
            break;
        }
        if is_fence(line.trim_end()) {
            in_fence = !in_fence;
        }
        out.push_str(line);
        used += n;
    }
    let mut out = out.trim_end().to_string();
    if in_fence {
        out.push_str("\n```");
    }
    out.push_str("\n\n");
    out.push_str(note);
    clip(&out, max)
}

/// `yyyy-mm-ddThh:mm:ss` in UTC, as the schema asks.
fn utc(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (y, m, d) = mamori_model::date::civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::junit::tests::{Sample, at, finding, report, sample};
    use mamori_model::finding::Pass;
    use std::time::Duration;

    const DOC_EN: &str = "# MAM-T-001: Title\n\n## What it checks\n\nmamori reads things.\n\n\
        ## Why it matters\n\nAn attacker **could** get in.\n\n## How to fix\n\n### Terraform\n\n\
        ```hcl\n## not a heading: a comment in a fence\nresource \"x\" \"y\" {}\n```\n\n\
        ## Edge cases\n\nNone.\n";
    const DOC_JA: &str = "# MAM-T-001: 題名\n\n## 検査内容\n\n読みます。\n\n## なぜ危険か\n\n\
        侵入されます。\n\n## 修正方法\n\n設定を直します。\n\n## 判定の細則\n\nなし。\n";

    /// The sample, with documents for MAM-T-001.
    fn documented() -> Sample {
        let mut data = sample();
        data.rules[0].doc_en = Some(DOC_EN);
        data.rules[0].doc_ja = Some(DOC_JA);
        data
    }

    fn render_at(data: &Sample, lang: Lang, duration: Duration) -> Value {
        let line = |_: &str, _: u32| Some("  password = \"hunter2\"".to_string());
        let mut r = report(data, lang, &line);
        r.summary.duration = duration;
        value_at(&r, UNIX_EPOCH + Duration::from_secs(1_700_000_000))
    }

    fn render(data: &Sample, lang: Lang) -> Value {
        render_at(data, lang, Duration::from_millis(2_500))
    }

    fn strs<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
        v["vulnerabilities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[key].as_str().unwrap())
            .collect()
    }

    #[test]
    fn one_vulnerability_per_finding() {
        let data = documented();
        let v = render(&data, Lang::En);
        assert_eq!(v["version"], "15.2.1");
        let vulns = v["vulnerabilities"].as_array().unwrap();
        assert_eq!(vulns.len(), data.findings.len());
        assert_eq!(
            strs(&v, "severity"),
            ["Critical", "High", "High", "Medium", "Low", "Info"]
        );
        assert_eq!(strs(&v, "name")[0], "Title of MAM-T-001");

        let first = &vulns[0];
        assert_eq!(
            first["description"],
            "bad <&\"'> value\n\nAn attacker **could** get in."
        );
        // The fix section, up to the next section: a `##` line inside a fence does not end it.
        assert_eq!(
            first["solution"],
            "### Terraform\n\n```hcl\n## not a heading: a comment in a fence\nresource \"x\" \"y\" {}\n```"
        );
        assert_eq!(
            first["location"],
            json!({ "file": "main.tf", "start_line": 3, "end_line": 3 })
        );
        assert_eq!(
            first["identifiers"],
            json!([
                {
                    "type": "mamori",
                    "name": "MAM-T-001",
                    "value": "MAM-T-001",
                    "url": format!("{}/blob/main/crates/mamori-rules/docs/MAM-T-001.en.md", env!("CARGO_PKG_REPOSITORY")),
                },
                {
                    "type": "aws_securityhub",
                    "name": "AWS Security Hub ECS.2",
                    "value": "ECS.2",
                    "url": "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-2",
                },
                { "type": "nist_800_53", "name": "NIST SP 800-53 AC-3", "value": "AC-3" },
            ])
        );

        // A rule without a document: the message alone, no solution, no link.
        let second = &vulns[1];
        assert_eq!(second["description"], "container one");
        assert!(second.get("solution").is_none());
        assert!(second["identifiers"][0].get("url").is_none());
        assert_eq!(second["location"]["start_line"], 10);

        // A finding from the AWS API is located by its ARN, without lines.
        assert_eq!(
            vulns[5]["location"],
            json!({ "file": "arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web" })
        );
    }

    #[test]
    fn a_resource_without_a_file_or_arn_is_located_by_its_address() {
        let mut data = sample();
        data.findings = vec![finding(
            "MAM-T-001",
            Severity::High,
            "aws_ecs_service.a",
            "m",
            Origin::Synthetic,
        )];
        let v = render(&data, Lang::En);
        assert_eq!(
            v["vulnerabilities"][0]["location"],
            json!({ "file": "aws_ecs_service.a" })
        );
    }

    #[test]
    fn paths_are_relative_to_the_repository() {
        assert_eq!(repo_path("./examples/main.tf"), "examples/main.tf");
        assert_eq!(repo_path("././a.tf"), "a.tf");
        assert_eq!(repo_path("dir\\sub\\a.tf"), "dir/sub/a.tf");
        assert_eq!(repo_path("../up.tf"), "../up.tf");
        let mut data = sample();
        data.findings = vec![finding(
            "MAM-T-001",
            Severity::High,
            "aws_ecs_service.a",
            "m",
            at("./infra/main.tf", 7, 1),
        )];
        let v = render(&data, Lang::En);
        assert_eq!(v["vulnerabilities"][0]["location"]["file"], "infra/main.tf");
    }

    #[test]
    fn japanese_report() {
        let data = documented();
        let v = render(&data, Lang::Ja);
        let first = &v["vulnerabilities"][0];
        assert_eq!(first["name"], "MAM-T-001 の題");
        assert_eq!(first["description"], "日本語: bad <&\"'> value\n\n侵入されます。");
        assert_eq!(first["solution"], "設定を直します。");
        assert_eq!(
            first["identifiers"][0]["url"],
            format!(
                "{}/blob/main/crates/mamori-rules/docs/MAM-T-001.ja.md",
                env!("CARGO_PKG_REPOSITORY")
            )
        );
        // Severity names are GitLab's, whatever the language.
        assert_eq!(strs(&v, "severity"), strs(&render(&data, Lang::En), "severity"));
        // Without a Japanese document, the English one and its link.
        let mut en_only = documented();
        en_only.rules[0].doc_ja = None;
        let v = render(&en_only, Lang::Ja);
        assert_eq!(
            v["vulnerabilities"][0]["solution"].as_str().unwrap(),
            section(DOC_EN, FIX).unwrap()
        );
        assert!(
            v["vulnerabilities"][0]["identifiers"][0]["url"]
                .as_str()
                .unwrap()
                .ends_with("/MAM-T-001.en.md")
        );
    }

    fn is_uuid_v8(s: &str) -> bool {
        let groups: Vec<&str> = s.split('-').collect();
        groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
            && s.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
            && groups[2].starts_with('8')
            && groups[3].starts_with(['8', '9', 'a', 'b'])
    }

    #[test]
    fn ids_are_uuids_stable_across_runs_languages_and_moved_lines() {
        let data = sample();
        let en = render(&data, Lang::En);
        let ids = strs(&en, "id");
        for id in &ids {
            assert!(is_uuid_v8(id), "{id}");
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        assert_eq!(ids, strs(&render(&data, Lang::En), "id"));
        assert_eq!(ids, strs(&render(&data, Lang::Ja), "id"));
        // The first 64 bits are the finding's fingerprint (but for the version nibble).
        let fp = crate::sarif::fingerprint(&data.findings[0]);
        let hex = ids[0].replace('-', "");
        assert_eq!(hex[..12], fp[..12]);
        assert_eq!(hex[13..16], fp[13..16]);

        let mut moved = sample();
        moved.findings[0].origin = at("main.tf", 40, 5);
        assert_eq!(strs(&render(&moved, Lang::En), "id")[0], ids[0]);

        // The same finding twice gets two ids; the first keeps its own.
        let mut twice = sample();
        let dup = twice.findings[0].clone();
        twice.findings.push(dup);
        let twice = render(&twice, Lang::En);
        let ids2 = strs(&twice, "id");
        assert_eq!(ids2[0], ids[0]);
        assert_ne!(ids2[6], ids2[0]);
        assert!(is_uuid_v8(ids2[6]));
    }

    #[test]
    fn scan_times_status_and_messages() {
        let data = sample();
        let v = render_at(&data, Lang::En, Duration::from_secs(90));
        let scan = &v["scan"];
        // 1_700_000_000 is 2023-11-14T22:13:20 UTC.
        assert_eq!(scan["end_time"], "2023-11-14T22:13:20");
        assert_eq!(scan["start_time"], "2023-11-14T22:11:50");
        assert_eq!(scan["type"], "sast");
        assert_eq!(scan["status"], "failure");
        assert_eq!(
            scan["messages"],
            json!([{ "level": "warn", "value": "broken.tf:7:2: unexpected \u{1}token <eof>" }])
        );
        for who in ["analyzer", "scanner"] {
            assert_eq!(scan[who]["id"], "mamori");
            assert_eq!(scan[who]["name"], "mamori");
            assert_eq!(scan[who]["version"], env!("CARGO_PKG_VERSION"));
            assert_eq!(scan[who]["vendor"]["name"], "mamori");
        }

        let mut clean = sample();
        clean.errors.clear();
        let v = render(&clean, Lang::En);
        assert_eq!(v["scan"]["status"], "success");
        assert!(v["scan"].get("messages").is_none());

        // Notes are information, not failures.
        let line = |_: &str, _: u32| None;
        let notes = [InputError {
            path: "chart/templates/x.yaml".into(),
            line: 0,
            col: 0,
            message: "not YAML; names nothing mamori reads".into(),
        }];
        let mut r = report(&clean, Lang::En, &line);
        r.notes = &notes;
        let v = value(&r);
        assert_eq!(v["scan"]["status"], "success");
        assert_eq!(
            v["scan"]["messages"],
            json!([{ "level": "info", "value": "chart/templates/x.yaml: not YAML; names nothing mamori reads" }])
        );
    }

    #[test]
    fn utc_timestamps() {
        let at = |s: u64| utc(UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01T00:00:00");
        assert_eq!(at(951_782_399), "2000-02-28T23:59:59");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00");
        assert_eq!(at(1_709_251_199), "2024-02-29T23:59:59");
        assert_eq!(at(1_735_689_600), "2025-01-01T00:00:00");
        assert_eq!(at(4_107_542_400), "2100-03-01T00:00:00");
    }

    #[test]
    fn source_text_is_never_included() {
        let mut data = documented();
        for f in &mut data.findings {
            f.sensitive = true;
        }
        let out = serde_json::to_string(&render(&data, Lang::En)).unwrap();
        assert!(!out.contains("hunter2"));
        assert!(!out.contains("raw_source_code_extract"));
    }

    /// A fix section longer than the schema allows, cut inside a code fence.
    fn long_doc() -> &'static str {
        let mut doc = String::from("# MAM-T-001\n\n## How to fix\n\nIntro.\n\n```sh\n");
        for i in 0..400 {
            doc.push_str(&format!("aws ecs update-service --service web-{i:03}\n"));
        }
        doc.push_str("```\n\n## Edge cases\n\nNone.\n");
        Box::leak(doc.into_boxed_str())
    }

    #[test]
    fn long_sections_are_cut_to_the_limit() {
        let mut data = sample();
        data.rules[0].doc_en = Some(long_doc());
        data.rules[0].doc_ja = Some(long_doc());
        for (lang, note) in [
            (
                Lang::En,
                "Shortened to fit the format's length limit; the full text: `mamori explain MAM-T-001`",
            ),
            (
                Lang::Ja,
                "形式の文字数の上限に合わせて省略しました。全文: `mamori explain MAM-T-001`",
            ),
        ] {
            let v = render(&data, lang);
            let solution = v["vulnerabilities"][0]["solution"].as_str().unwrap();
            let n = solution.chars().count();
            assert!(n <= SOLUTION_MAX && n > SOLUTION_MAX - 100, "{n}");
            assert!(solution.starts_with("Intro.\n\n```sh\naws ecs update-service --service web-000\n"));
            assert!(solution.ends_with(&format!("\n```\n\n{note}")), "{solution}");
            // Whole lines only, and the fence is closed.
            assert_eq!(solution.matches("```").count(), 2);
            let body = solution.split("\n```\n\n").next().unwrap();
            assert!(body.lines().last().unwrap().ends_with(|c: char| c.is_ascii_digit()));
        }
        // One line longer than the limit is cut inside the line.
        let long_line = "x".repeat(20);
        // (15 characters, less 4 kept for a closing fence and 3 for the note.)
        assert_eq!(fit(&long_line, 15, "N"), "xxxxxxxx\n\nN");
        assert_eq!(fit("short", 15, "N"), "short");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("題名です", 4), "題名です");
    }

    #[test]
    fn sections_by_heading() {
        assert_eq!(section(DOC_EN, WHY), Some("An attacker **could** get in."));
        assert_eq!(section(DOC_JA, FIX), Some("設定を直します。"));
        assert_eq!(section("# T\n\n## How to fix\n\n", FIX), None);
        assert_eq!(section("# T\n\n## How to fix\nLast.", FIX), Some("Last."));
        assert_eq!(section("# T\n\n## What it checks\n\nx\n", FIX), None);
    }

    #[test]
    fn controls_become_identifiers() {
        assert_eq!(
            control("pci-dss-4.0.1/2.2.5"),
            Some(json!({ "type": "pci_dss_4_0_1", "name": "PCI DSS v4.0.1 2.2.5", "value": "2.2.5" }))
        );
        assert_eq!(
            control("cis-eks-1.8/4.1.1"),
            Some(json!({ "type": "cis_eks_1_8", "name": "cis-eks-1.8 4.1.1", "value": "4.1.1" }))
        );
        assert_eq!(
            securityhub_url("EKS.1").as_deref(),
            Some("https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-1")
        );
        assert_eq!(securityhub_url("ECS"), None);
        assert_eq!(control("no-slash"), None);
        assert_eq!(control("aws-securityhub/"), None);
    }

    // Validation against our transcription of the schema's requirements.

    fn validator() -> jsonschema::Validator {
        let schema: Value =
            serde_json::from_str(include_str!("../tests/schemas/gitlab-sast-15.2.1-requirements.json")).unwrap();
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
    fn output_meets_the_schema_requirements() {
        let v = validator();
        let none: Vec<String> = Vec::new();
        for lang in [Lang::En, Lang::Ja] {
            let doc = render(&documented(), lang);
            assert_eq!(doc["scan"]["status"], "failure");
            assert_eq!(errors_of(&v, &doc), none);
            let mut long = sample();
            long.rules[0].doc_en = Some(long_doc());
            long.rules[0].doc_ja = Some(long_doc());
            assert_eq!(errors_of(&v, &render(&long, lang)), none);
        }
        let empty = Sample {
            rules: Vec::new(),
            findings: Vec::new(),
            undecided: Vec::new(),
            passes: Vec::<Pass>::new(),
            errors: Vec::new(),
        };
        let doc = render(&empty, Lang::En);
        assert_eq!(doc["vulnerabilities"], json!([]));
        assert_eq!(doc["scan"]["status"], "success");
        assert_eq!(errors_of(&v, &doc), none);
        // The real clock, too.
        let line = |_: &str, _: u32| None;
        let live = value(&report(&documented(), Lang::En, &line));
        assert_eq!(errors_of(&v, &live), none);
        assert!(live["scan"]["start_time"].as_str() <= live["scan"]["end_time"].as_str());
    }

    #[test]
    fn the_requirements_reject_what_gitlab_would() {
        let v = validator();
        let good = render(&documented(), Lang::En);
        assert!(errors_of(&v, &good).is_empty());
        let bad = |f: &dyn Fn(&mut Value)| {
            let mut doc = good.clone();
            f(&mut doc);
            errors_of(&v, &doc)
        };
        type Break<'a> = &'a dyn Fn(&mut Value);
        let cases: [(&str, Break); 13] = [
            ("severity casing", &|d| {
                d["vulnerabilities"][0]["severity"] = json!("critical")
            }),
            ("no id", &|d| {
                d["vulnerabilities"][0].as_object_mut().unwrap().remove("id");
            }),
            ("empty id", &|d| d["vulnerabilities"][0]["id"] = json!("")),
            ("long name", &|d| {
                d["vulnerabilities"][0]["name"] = json!("n".repeat(256))
            }),
            ("long solution", &|d| {
                d["vulnerabilities"][0]["solution"] = json!("題".repeat(7001))
            }),
            ("no identifiers", &|d| {
                d["vulnerabilities"][0]["identifiers"] = json!([])
            }),
            ("identifier url", &|d| {
                d["vulnerabilities"][0]["identifiers"][0]["url"] = json!("github.com/x")
            }),
            ("line as text", &|d| {
                d["vulnerabilities"][0]["location"]["start_line"] = json!("3")
            }),
            ("time with zone", &|d| {
                d["scan"]["end_time"] = json!("2023-11-14T22:13:20Z")
            }),
            ("status", &|d| d["scan"]["status"] = json!("failed")),
            ("version", &|d| d["version"] = json!("15.2")),
            ("no vendor", &|d| {
                d["scan"]["analyzer"].as_object_mut().unwrap().remove("vendor");
            }),
            ("unknown field", &|d| {
                d["vulnerabilities"][0]["confidence"] = json!("High")
            }),
        ];
        for (what, f) in cases {
            assert!(!bad(f).is_empty(), "accepted: {what}");
        }
        // The limits count characters, not bytes: 7000 Japanese characters are allowed.
        assert!(bad(&|d| d["vulnerabilities"][0]["solution"] = json!("題".repeat(7000))).is_empty());
    }

    #[test]
    fn every_severity_maps_to_a_gitlab_name() {
        let names: Vec<&str> = Severity::ALL.iter().map(|s| severity(*s)).collect();
        assert_eq!(names, ["Critical", "High", "Medium", "Low", "Info"]);
    }
}
