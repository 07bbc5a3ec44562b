//! Suppressions: findings a team has decided to live with, and who said so.
//!
//! Three places declare them:
//! - comments in the scanned files: `mamori:ignore RULE[,RULE…] reason="…" [until=YYYY-MM-DD]`
//!   (`#`, `//` and `/* */` in HCL, `#` in YAML); and, for migration, the comments of other
//!   scanners (`checkov:skip=`, `trivy:ignore:`, `kics-scan ignore-line` / `ignore-block`);
//! - a CloudFormation resource's `Metadata` (`mamori.ignore`, `checkov.skip`), read by the adapter;
//! - `[[suppress]]` entries of `mamori.toml`, by rule, path glob and resource address glob.
//!
//! A comment covers the line it ends, or the next line of code when it stands on its own line,
//! together with the block that line opens; on the first line of a resource, it covers every
//! finding of that resource, wherever the finding points (a `file()` it reads, say). Checkov's
//! comments, as in Checkov, cover the resource whose block holds them. A `mamori:ignore` without a
//! reason, naming an unknown rule, or past its `until` date silences nothing and is reported.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use mamori_iac::comments::{block_end, lex, lexer_for};
use mamori_model::resource::IgnoreSyntax;
use mamori_model::{Finding, Resource};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Date {
    /// `YYYY-MM-DD`, a real day.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let y: i32 = s[0..4].parse().ok()?;
        let m: u32 = s[5..7].parse().ok()?;
        let d: u32 = s[8..10].parse().ok()?;
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&d).then_some(Date { y, m, d })
    }

    /// Today in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// The day of a Unix time (UTC).
    pub fn from_unix(secs: i64) -> Date {
        Date::from_days(secs.div_euclid(86_400))
    }

    /// The day `days` after 1970-01-01.
    fn from_days(days: i64) -> Date {
        let (y, m, d) = mamori_model::date::civil_from_days(days);
        Date { y: y as i32, m, d }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// A path pattern of `mamori.toml`: a glob relative to the file's folder; one without `/` matches
/// a file or folder name at any depth, as in `.gitignore`. A folder matches everything under it.
#[derive(Debug)]
pub struct PathGlob {
    set: GlobSet,
}

pub fn path_glob(pattern: &str) -> Result<PathGlob, String> {
    let p = pattern.trim();
    let p = p.strip_prefix("./").unwrap_or(p);
    if p.is_empty() {
        return Err("an empty pattern".into());
    }
    let anchored = p.starts_with('/') || p.trim_end_matches('/').contains('/');
    let p = p.trim_start_matches('/').trim_end_matches('/');
    let pats = if anchored {
        [p.to_string(), format!("{p}/**")]
    } else {
        [format!("**/{p}"), format!("**/{p}/**")]
    };
    let mut b = GlobSetBuilder::new();
    for g in pats {
        b.add(
            GlobBuilder::new(&g)
                .literal_separator(true)
                .build()
                .map_err(|e| e.kind().to_string())?,
        );
    }
    Ok(PathGlob {
        set: b.build().map_err(|e| e.to_string())?,
    })
}

impl PathGlob {
    /// `rel` is relative to the pattern's folder, with `/` separators.
    pub fn is_match(&self, rel: &str) -> bool {
        self.set.is_match(rel)
    }
}

/// `path` (relative to `cwd`, or absolute) relative to `base`, with `/` separators; the whole
/// normalised path when it is not under `base`.
pub fn relative(path: &Path, base: &Path, cwd: &Path) -> String {
    let normal = |p: &Path| -> PathBuf {
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                c => out.push(c),
            }
        }
        out
    };
    let abs = normal(&cwd.join(path));
    let base = normal(&cwd.join(base));
    let rel = abs.strip_prefix(&base).map_or(abs.clone(), Path::to_path_buf);
    rel.to_string_lossy().replace('\\', "/")
}

/// A `[[suppress]]` entry of `mamori.toml`, checked.
#[derive(Debug)]
pub struct ConfigSuppression {
    pub rules: Vec<&'static str>,
    /// The rules as written.
    pub selectors: Vec<String>,
    pub paths: Vec<PathGlob>,
    pub resources: Vec<globset::GlobMatcher>,
    pub reason: String,
    pub until: Option<Date>,
    /// The entry's line in `mamori.toml`.
    pub line: u32,
}

/// What a suppression covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Lines of the file the comment is in.
    Lines { from: u32, to: u32 },
    /// Every finding of the resources declared by one block of the comment's file (several
    /// addresses when the block has `count` or `for_each`).
    Resource { addresses: Vec<String>, from: u32, to: u32 },
    /// Findings matched by a `mamori.toml` entry.
    Config,
}

/// One suppression, wherever it was declared.
#[derive(Clone, Debug)]
pub struct Directive {
    pub syntax: IgnoreSyntax,
    /// The file (or `mamori.toml`) and line that declare it.
    pub path: String,
    pub line: u32,
    /// The rules, controls or foreign ids as written.
    pub targets: Vec<String>,
    /// The mamori rules it covers.
    pub rules: Vec<&'static str>,
    pub reason: Option<String>,
    pub until: Option<Date>,
    pub scope: Scope,
    /// Why it silences nothing, when it is not valid.
    pub problem: Option<String>,
    /// How many findings it silenced.
    pub used: usize,
    /// Index into the config entries, for `Scope::Config`.
    config_index: Option<usize>,
}

impl Directive {
    pub fn expired(&self, today: Date) -> bool {
        self.until.is_some_and(|u| u < today)
    }

    /// Whether the directive silences findings.
    pub fn in_force(&self, today: Date) -> bool {
        self.problem.is_none() && !self.expired(today)
    }

    pub fn is_foreign(&self) -> bool {
        self.syntax != IgnoreSyntax::Mamori
    }

    pub fn syntax_name(&self) -> &'static str {
        syntax_name(self.syntax)
    }
}

pub fn syntax_name(s: IgnoreSyntax) -> &'static str {
    match s {
        IgnoreSyntax::Mamori => "mamori",
        IgnoreSyntax::Checkov => "checkov",
        IgnoreSyntax::Trivy => "trivy",
        IgnoreSyntax::Kics => "kics",
    }
}

/// A silenced finding and what silenced it.
#[derive(Clone, Debug)]
pub struct Silenced {
    pub finding: Finding,
    /// Index into [`Outcome::directives`].
    pub by: usize,
}

/// What applying the suppressions gave.
#[derive(Debug, Default)]
pub struct Outcome {
    pub kept: Vec<Finding>,
    pub silenced: Vec<Silenced>,
    pub directives: Vec<Directive>,
}

/// How suppressions are applied.
pub struct Options<'a> {
    /// Comments and `Metadata` count (`--no-inline-suppressions` turns them off).
    pub inline: bool,
    /// Other scanners' comments count.
    pub foreign: bool,
    pub config: &'a [ConfigSuppression],
    /// The folder of `mamori.toml`, for its path globs, and the file itself.
    pub config_dir: PathBuf,
    pub config_file: String,
    pub cwd: PathBuf,
    pub today: Date,
}

/// The rules a target names: mamori rules by id, name or control; other tools' ids through the
/// rules that declare them as equivalents.
fn resolve(syntax: IgnoreSyntax, target: &str) -> Vec<&'static str> {
    let rules = mamori_rules::all();
    match syntax {
        IgnoreSyntax::Mamori => mamori_rules::find(target).iter().map(|r| r.meta().id).collect(),
        IgnoreSyntax::Kics => rules
            .iter()
            .filter(|r| r.meta().equivalents.iter().any(|(tool, _)| *tool == "kics"))
            .map(|r| r.meta().id)
            .collect(),
        other => {
            let tool = syntax_name(other);
            rules
                .iter()
                .filter(|r| {
                    r.meta().equivalents.iter().any(|(t, id)| {
                        *t == tool
                            && (id.eq_ignore_ascii_case(target)
                                || (other == IgnoreSyntax::Trivy && trivy_key(id) == trivy_key(target)))
                    })
                })
                .map(|r| r.meta().id)
                .collect()
        }
    }
}

/// A Trivy check id without its spelling: `AVD-KSV-0017`, `KSV-0017`, `KSV017` and `ksv17` are
/// the same check (Trivy has printed each form over the years, and ignore comments use them all).
fn trivy_key(id: &str) -> String {
    let up = id.trim().to_ascii_uppercase();
    let up = up.strip_prefix("AVD-").unwrap_or(&up);
    let prefix: String = up.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let rest = up[prefix.len()..].trim_start_matches('-');
    if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_digit()) {
        return up.to_string();
    }
    format!("{prefix}-{}", rest.trim_start_matches('0'))
}

/// What a comment says, if it is a suppression.
struct Parsed {
    syntax: IgnoreSyntax,
    targets: Vec<String>,
    reason: Option<String>,
    until: Option<String>,
    /// KICS: the line below only (`ignore-line`) or its block (`ignore-block`).
    line_only: bool,
    problem: Option<String>,
}

fn parse_comment(c: &str) -> Vec<Parsed> {
    let mut out = Vec::new();
    if let Some(pos) = c.find("mamori:ignore") {
        out.push(parse_mamori(&c[pos + "mamori:ignore".len()..]));
    }
    for (pos, _) in c.match_indices("checkov:skip=") {
        let rest = &c[pos + "checkov:skip=".len()..];
        let (id, reason) = match rest.split_once(':') {
            Some((id, r)) => (id.trim(), Some(r.trim().to_string())),
            None => (rest.split_whitespace().next().unwrap_or(""), None),
        };
        out.push(Parsed {
            syntax: IgnoreSyntax::Checkov,
            targets: vec![id.to_string()],
            reason: reason.filter(|r| !r.is_empty()),
            until: None,
            line_only: false,
            problem: None,
        });
    }
    for (pos, _) in c.match_indices("trivy:ignore:") {
        let rest = c[pos + "trivy:ignore:".len()..].split_whitespace().next().unwrap_or("");
        let mut parts = rest.split(':');
        let id = parts.next().unwrap_or("").to_string();
        let mut until = None;
        while let Some(p) = parts.next() {
            if p == "exp" {
                until = parts.next().map(str::to_string);
            }
        }
        out.push(Parsed {
            syntax: IgnoreSyntax::Trivy,
            targets: vec![id],
            reason: None,
            until,
            line_only: false,
            problem: None,
        });
    }
    if let Some(pos) = c
        .find("kics-scan ignore-line")
        .or_else(|| c.find("kics-scan ignore-block"))
    {
        out.push(Parsed {
            syntax: IgnoreSyntax::Kics,
            targets: vec![c[pos..].split_whitespace().take(2).collect::<Vec<_>>().join(" ")],
            reason: None,
            until: None,
            line_only: c[pos..].starts_with("kics-scan ignore-line"),
            problem: None,
        });
    }
    out
}

/// `RULE[,RULE…] reason="…" until=YYYY-MM-DD`, in any order after the rules.
fn parse_mamori(rest: &str) -> Parsed {
    let mut p = Parsed {
        syntax: IgnoreSyntax::Mamori,
        targets: Vec::new(),
        reason: None,
        until: None,
        line_only: false,
        problem: None,
    };
    let rest = rest.trim_end().trim_end_matches("*/").trim();
    let (targets, mut rest) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], rest[i..].trim_start()),
        None => (rest, ""),
    };
    p.targets = targets
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    if p.targets.is_empty() {
        p.problem = Some("names no rule".into());
    }
    while !rest.is_empty() {
        let Some(eq) = rest.find('=') else {
            p.problem = Some(format!(
                "cannot read `{rest}`: expected reason=\"…\" or until=YYYY-MM-DD"
            ));
            break;
        };
        let key = rest[..eq].trim().to_string();
        let after = &rest[eq + 1..];
        let (value, remaining) = if let Some(q) = after.strip_prefix('"') {
            match q.find('"') {
                Some(end) => (q[..end].to_string(), &q[end + 1..]),
                None => (q.to_string(), ""),
            }
        } else {
            match after.find(char::is_whitespace) {
                Some(i) => (after[..i].to_string(), &after[i..]),
                None => (after.to_string(), ""),
            }
        };
        match key.as_str() {
            "reason" => p.reason = Some(value.trim().to_string()).filter(|r| !r.is_empty()),
            "until" => p.until = Some(value),
            other => {
                p.problem = Some(format!("unknown key `{other}`: expected reason or until"));
            }
        }
        rest = remaining.trim_start();
    }
    p
}

/// Every resource declared by the block spanning `from..=to` (all instances of a `count` or
/// `for_each` block share it).
fn block_scope(here: &[(u32, u32, String)], from: u32, to: u32) -> Scope {
    Scope::Resource {
        addresses: here
            .iter()
            .filter(|(s, e, _)| *s == from && *e == to)
            .map(|(_, _, a)| a.clone())
            .collect(),
        from,
        to,
    }
}

/// The resources declared in one file: (first line, last line, address).
fn resource_blocks(resources: &[Resource]) -> HashMap<String, Vec<(u32, u32, String)>> {
    let mut by_file: HashMap<String, Vec<(u32, u32, String)>> = HashMap::new();
    for r in resources {
        let m = r.meta();
        if let Some(loc) = m.origin.location() {
            by_file.entry(loc.path.to_string()).or_default().push((
                loc.span.start_line,
                loc.span.end_line.max(loc.span.start_line),
                m.address.clone(),
            ));
        }
    }
    by_file
}

fn directive(p: Parsed, path: &str, line: u32, scope: Scope, today: Date) -> Directive {
    let mut problem = p.problem;
    let mut rules = Vec::new();
    for t in &p.targets {
        let found = resolve(p.syntax, t);
        if found.is_empty() && p.syntax == IgnoreSyntax::Mamori && problem.is_none() {
            problem = Some(format!("`{t}` is no rule id, rule name or control mamori knows"));
        }
        for id in found {
            if !rules.contains(&id) {
                rules.push(id);
            }
        }
    }
    let until = match &p.until {
        Some(u) => match Date::parse(u) {
            Some(d) => Some(d),
            None => {
                problem.get_or_insert_with(|| format!("`until={u}` is not a date (YYYY-MM-DD)"));
                None
            }
        },
        None => None,
    };
    if p.syntax == IgnoreSyntax::Mamori && p.reason.is_none() && problem.is_none() {
        problem = Some("has no reason: add reason=\"…\" saying why the finding may stay".into());
    }
    let _ = today;
    Directive {
        syntax: p.syntax,
        path: path.to_string(),
        line,
        targets: p.targets,
        rules,
        reason: p.reason,
        until,
        scope,
        problem,
        used: 0,
        config_index: None,
    }
}

/// Every suppression written in the scanned files and in resources' `Metadata`.
pub fn inline_directives(sources: &[(&str, &str)], resources: &[Resource], today: Date) -> Vec<Directive> {
    let blocks = resource_blocks(resources);
    let mut out = Vec::new();
    for (path, text) in sources {
        if !text.contains("mamori:ignore")
            && !text.contains("checkov:skip=")
            && !text.contains("trivy:ignore:")
            && !text.contains("kics-scan ignore-")
        {
            continue;
        }
        let Some(lx) = lexer_for(path, text) else { continue };
        let lines = lex(text, lx);
        let here: &[(u32, u32, String)] = blocks.get(*path).map_or(&[], Vec::as_slice);
        for (i, info) in lines.iter().enumerate() {
            let Some(comment) = &info.comment else { continue };
            let line = i as u32 + 1;
            for p in parse_comment(comment) {
                // The line of code the comment is about: its own, or the next one.
                let target = if info.code {
                    line
                } else {
                    lines
                        .iter()
                        .enumerate()
                        .skip(i + 1)
                        .find(|(_, l)| l.code)
                        .map_or(line, |(j, _)| j as u32 + 1)
                };
                let scope = if p.syntax == IgnoreSyntax::Checkov {
                    // Anywhere inside a resource's block: that resource (the innermost).
                    match here
                        .iter()
                        .filter(|(s, e, _)| *s <= line && line <= *e)
                        .min_by_key(|(s, e, _)| e - s)
                        .or_else(|| here.iter().find(|(s, _, _)| *s == target))
                    {
                        Some((s, e, _)) => block_scope(here, *s, *e),
                        None => continue,
                    }
                } else if p.line_only {
                    // KICS reports a setting a resource lacks at the resource's first line, where
                    // mamori points at the value that is wrong: a line skipped there is the resource.
                    let next = if info.code { line + 1 } else { target };
                    match here.iter().find(|(s, _, _)| *s == next) {
                        Some((s, e, _)) => block_scope(here, *s, *e),
                        None => Scope::Lines { from: next, to: next },
                    }
                } else {
                    match here.iter().find(|(s, _, _)| *s == target) {
                        Some((s, e, _)) => block_scope(here, *s, *e),
                        None => Scope::Lines {
                            from: target,
                            to: block_end(&lines, target, lx),
                        },
                    }
                };
                let d = directive(p, path, line, scope, today);
                // Another tool's comment about a check mamori does not have is none of its business.
                if d.is_foreign() && d.rules.is_empty() {
                    continue;
                }
                out.push(d);
            }
        }
    }
    for r in resources {
        let m = r.meta();
        let Some(loc) = m.origin.location() else { continue };
        for ig in &m.ignores {
            let (line, path) = match ig.origin.location() {
                Some(l) => (l.span.start_line, l.path.to_string()),
                None => (loc.span.start_line, loc.path.to_string()),
            };
            let p = Parsed {
                syntax: ig.syntax,
                targets: vec![ig.target.clone()].into_iter().filter(|t| !t.is_empty()).collect(),
                reason: ig.reason.clone(),
                until: ig.until.clone(),
                line_only: false,
                problem: ig.target.is_empty().then(|| "names no rule".to_string()),
            };
            let scope = Scope::Resource {
                addresses: vec![m.address.clone()],
                from: loc.span.start_line,
                to: loc.span.end_line,
            };
            let d = directive(p, &path, line, scope, today);
            if d.is_foreign() && d.rules.is_empty() {
                continue;
            }
            out.push(d);
        }
    }
    out
}

/// The `mamori.toml` entries as directives.
fn config_directives(opts: &Options<'_>) -> Vec<Directive> {
    opts.config
        .iter()
        .enumerate()
        .map(|(i, c)| Directive {
            syntax: IgnoreSyntax::Mamori,
            path: opts.config_file.clone(),
            line: c.line,
            targets: c.selectors.clone(),
            rules: c.rules.clone(),
            reason: Some(c.reason.clone()),
            until: c.until,
            scope: Scope::Config,
            problem: None,
            used: 0,
            config_index: Some(i),
        })
        .collect()
}

/// Every suppression that applies to a scan, before it is applied.
pub fn directives(opts: &Options<'_>, sources: &[(&str, &str)], resources: &[Resource]) -> Vec<Directive> {
    let mut all = if opts.inline {
        inline_directives(sources, resources, opts.today)
    } else {
        Vec::new()
    };
    if !opts.foreign {
        all.retain(|d| !d.is_foreign());
    }
    all.extend(config_directives(opts));
    all
}

/// Splits findings into those reported and those silenced.
pub fn apply(findings: Vec<Finding>, opts: &Options<'_>, sources: &[(&str, &str)], resources: &[Resource]) -> Outcome {
    let mut directives = directives(opts, sources, resources);
    // Files that declare each address: a resource comment covers findings in its own file, and
    // findings in files that declare no resource of that address (a `file()` it reads).
    let mut declared: HashMap<&str, HashSet<&str>> = HashMap::new();
    for r in resources {
        if let Some(l) = r.meta().origin.location() {
            declared.entry(r.meta().address.as_str()).or_default().insert(&l.path);
        }
    }
    let mut out = Outcome::default();
    for f in findings {
        let loc = f.location();
        let mut by = None;
        for (i, d) in directives.iter_mut().enumerate() {
            if !d.in_force(opts.today) || !d.rules.contains(&f.rule_id) {
                continue;
            }
            let hit = match &d.scope {
                Scope::Lines { from, to } => {
                    loc.is_some_and(|l| *l.path == *d.path && (*from..=*to).contains(&l.span.start_line))
                }
                Scope::Resource { addresses, .. } => {
                    addresses.contains(&f.resource.address)
                        && loc.is_some_and(|l| {
                            *l.path == *d.path
                                || declared
                                    .get(f.resource.address.as_str())
                                    .is_none_or(|files| !files.contains(&*l.path))
                        })
                }
                Scope::Config => {
                    let c = &opts.config[d.config_index.unwrap_or_default()];
                    let path_ok = c.paths.is_empty()
                        || loc.is_some_and(|l| {
                            let rel = relative(Path::new(&*l.path), &opts.config_dir, &opts.cwd);
                            c.paths.iter().any(|g| g.is_match(&rel))
                        });
                    let res_ok = c.resources.is_empty()
                        || c.resources
                            .iter()
                            .any(|g| g.is_match(&f.resource.address) || g.is_match(&f.resource.name));
                    path_ok && res_ok
                }
            };
            if hit {
                d.used += 1;
                by.get_or_insert(i);
            }
        }
        match by {
            Some(by) => out.silenced.push(Silenced { finding: f, by }),
            None => out.kept.push(f),
        }
    }
    out.directives = directives;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivy_ids_in_every_spelling() {
        for id in ["AVD-KSV-0017", "KSV-0017", "KSV017", "ksv17"] {
            assert_eq!(trivy_key(id), "KSV-17", "{id}");
            assert_eq!(resolve(IgnoreSyntax::Trivy, id), ["MAM-K8S-002"], "{id}");
        }
        assert_eq!(trivy_key("AVD-AWS-0034"), trivy_key("AWS-0034"));
        assert_ne!(trivy_key("KSV017"), trivy_key("KSV0170"));
        assert!(resolve(IgnoreSyntax::Trivy, "KSV999").is_empty());
    }

    #[test]
    fn dates_parse_strictly_and_today_is_sane() {
        assert_eq!(Date::parse("2027-02-28"), Some(Date { y: 2027, m: 2, d: 28 }));
        assert_eq!(
            Date::parse("2028-02-29").map(|d| d.to_string()).as_deref(),
            Some("2028-02-29")
        );
        assert_eq!(Date::parse("2027-02-29"), None);
        assert_eq!(Date::parse("2027-13-01"), None);
        assert_eq!(Date::parse("2027-1-01"), None);
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(19_723).to_string(), "2024-01-01");
        assert!(Date::today() > Date { y: 2024, m: 1, d: 1 });
    }

    #[test]
    fn path_globs_are_anchored_only_when_they_have_a_slash() {
        let g = path_glob("vendor").unwrap();
        assert!(g.is_match("vendor/a.tf"));
        assert!(g.is_match("x/vendor/b/a.tf"));
        assert!(!g.is_match("vendors/a.tf"));
        let g = path_glob("modules/*.tf").unwrap();
        assert!(g.is_match("modules/a.tf"));
        assert!(!g.is_match("x/modules/a.tf"));
        assert!(!g.is_match("modules/sub/a.tf"));
        let g = path_glob("*.generated.yaml").unwrap();
        assert!(g.is_match("deep/down/x.generated.yaml"));
        assert!(path_glob("  ").is_err());
        assert!(path_glob("a/[").is_err());
    }

    #[test]
    fn relative_paths() {
        let cwd = Path::new("/w/repo");
        assert_eq!(
            relative(Path::new("infra/a.tf"), Path::new("/w/repo"), cwd),
            "infra/a.tf"
        );
        assert_eq!(relative(Path::new("./infra/../b.tf"), Path::new("."), cwd), "b.tf");
        assert_eq!(
            relative(Path::new("/elsewhere/c.tf"), Path::new("/w/repo"), cwd),
            "/elsewhere/c.tf"
        );
    }

    #[test]
    fn mamori_comments_parse_targets_reason_and_until() {
        let p = parse_mamori(" MAM-ECS-001,ECS.2 reason=\"dev only\" until=2027-01-31");
        assert_eq!(p.targets, ["MAM-ECS-001", "ECS.2"]);
        assert_eq!(p.reason.as_deref(), Some("dev only"));
        assert_eq!(p.until.as_deref(), Some("2027-01-31"));
        assert!(p.problem.is_none());
        let p = parse_mamori(" ECS.2 reason=short */");
        assert_eq!(p.reason.as_deref(), Some("short"));
        assert!(parse_mamori(" ECS.2 because=x").problem.is_some());
        assert!(parse_mamori("").problem.is_some());
        let p = parse_comment("checkov:skip=CKV_AWS_65:insights cost too much");
        assert_eq!(p[0].targets, ["CKV_AWS_65"]);
        assert_eq!(p[0].reason.as_deref(), Some("insights cost too much"));
        let p = parse_comment("trivy:ignore:AVD-AWS-0034:exp:2026-01-01");
        assert_eq!(p[0].targets, ["AVD-AWS-0034"]);
        assert_eq!(p[0].until.as_deref(), Some("2026-01-01"));
        assert!(parse_comment("kics-scan ignore-line")[0].line_only);
        assert!(parse_comment("just a comment").is_empty());
    }
}
