//! `mamori.toml`: the project's settings for a scan.
//!
//! The file is the one named by `--config` (or `MAMORI_CONFIG`), else the first `mamori.toml`
//! found in the folder of the first scanned path or any folder above it (the current folder for
//! standard input). `--no-config` reads none. Each top-level table is one section: `[scan]`,
//! `[rules]`, `[output]`, `[params]` and the `[[suppress]]` entries. An unknown key anywhere is an
//! error, so that a typo never silently turns a setting off; so is a rule, control, severity or
//! format mamori does not know.

use mamori_model::Severity;
use mamori_report::OutputKind;
use mamori_rules::Params;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const FILE_NAME: &str = "mamori.toml";

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub scan: ScanSection,
    #[serde(default)]
    pub rules: RulesSection,
    #[serde(default)]
    pub output: OutputSection,
    /// `[params]`: rule parameters.
    #[serde(default)]
    pub params: Params,
    /// `[[suppress]]`: findings silenced by rule, path and resource, with a reason.
    #[serde(default)]
    pub suppress: Vec<SuppressEntry>,
}

/// `[scan]`: what is read and reported.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScanSection {
    /// Paths never scanned: globs relative to the folder of `mamori.toml`; a pattern without `/`
    /// matches a file or folder name at any depth.
    pub exclude: Vec<String>,
    /// The lowest severity reported, as `--severity`.
    pub min_severity: Option<Spanned<String>>,
    /// Whether `mamori:ignore` comments and annotations in the scanned files count.
    pub inline_suppressions: bool,
    /// Whether other scanners' ignore comments count, for the rules that name their ids.
    pub honour_foreign_ignores: bool,
    /// Whether checks left undecided by an unknown value count as failures: `ignore` or `fail`,
    /// as `--unknown`.
    pub unknown: Option<Spanned<String>>,
}

impl Default for ScanSection {
    fn default() -> Self {
        ScanSection {
            exclude: Vec::new(),
            min_severity: None,
            inline_suppressions: true,
            honour_foreign_ignores: true,
            unknown: None,
        }
    }
}

/// `[rules]`: which rules run, and at what severity.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RulesSection {
    /// When not empty, only these rules run (ids, names or controls).
    pub enable: Vec<Spanned<String>>,
    /// Rules that never run (ids, names or controls).
    pub disable: Vec<Spanned<String>>,
    /// A severity per rule (id, name or control), replacing the rule's own.
    pub severity: std::collections::BTreeMap<String, Spanned<String>>,
}

/// `[output]`: the reports written when the command line names none.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputSection {
    /// The format on standard output when `--format` is not given.
    pub format: Option<Spanned<String>>,
    /// Reports also written, as `FORMAT=FILE` (paths relative to the folder of `mamori.toml`),
    /// when the command line has no `-o FORMAT=FILE`.
    pub files: Vec<Spanned<String>>,
}

/// One `[[suppress]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuppressEntry {
    /// Rule ids, names or controls.
    pub rules: Vec<Spanned<String>>,
    /// Path globs (as `[scan] exclude`); any path when empty.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Resource address globs (`aws_ecs_service.legacy_*`, `LegacyService`, an ARN); any when empty.
    #[serde(default)]
    pub resources: Vec<String>,
    pub reason: Option<String>,
    /// The last day the entry holds, `YYYY-MM-DD` (a TOML date or a string).
    pub until: Option<Spanned<toml::Value>>,
    /// Where the entry starts, filled in after parsing.
    #[serde(skip)]
    pub line: u32,
}

/// The settings, checked and resolved against the rules mamori has.
#[derive(Debug, Default)]
pub struct Resolved {
    pub selection: mamori_rules::RuleSelection,
    pub min_severity: Option<Severity>,
    /// `[scan] unknown`: `Some(true)` for `fail`.
    pub unknown_fails: Option<bool>,
    pub format: Option<OutputKind>,
    /// `(format, file)`, the file relative to the configuration's folder.
    pub files: Vec<(OutputKind, PathBuf)>,
    pub suppress: Vec<crate::suppress::ConfigSuppression>,
}

/// Where the configuration comes from.
pub enum Source {
    /// `--no-config`: the defaults.
    Defaults,
    /// `--config PATH` or `MAMORI_CONFIG`: this file, which must exist.
    File(PathBuf),
    /// The nearest `mamori.toml` at or above this folder, if any.
    Discover(PathBuf),
}

/// A configuration and the file it was read from.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    pub resolved: Resolved,
    /// `None` when no file was read.
    pub path: Option<PathBuf>,
    /// Settings mamori accepts but that are worth a second look.
    pub warnings: Vec<String>,
}

/// The source for a scan of `paths` (the first decides where discovery starts).
pub fn source(explicit: Option<&Path>, no_config: bool, paths: &[PathBuf]) -> Source {
    if no_config {
        return Source::Defaults;
    }
    if let Some(p) = explicit.filter(|p| !p.as_os_str().is_empty()) {
        return Source::File(p.to_path_buf());
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let start = match paths.first() {
        Some(p) if p.as_os_str() != "-" => {
            let abs = if p.is_absolute() { p.clone() } else { cwd.join(p) };
            if abs.is_dir() {
                abs
            } else {
                abs.parent().map_or(cwd, Path::to_path_buf)
            }
        }
        _ => cwd,
    };
    Source::Discover(start)
}

/// The nearest `mamori.toml` in `start` or a folder above it, up to the filesystem root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

/// Reads the configuration from its source.
pub fn load(source: Source) -> Result<Loaded, String> {
    let path = match source {
        Source::Defaults => return Ok(Loaded::default()),
        Source::File(p) => p,
        Source::Discover(start) => match discover(&start) {
            Some(p) => p,
            None => return Ok(Loaded::default()),
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (config, resolved, warnings) = parse(&text).map_err(|e| format!("{}{e}", path.display()))?;
    Ok(Loaded {
        config,
        resolved,
        path: Some(path),
        warnings,
    })
}

/// Parses and checks the text of a `mamori.toml`. An error starts with `:line:col: ` when it has
/// a place, so that the caller can put the path in front.
pub fn parse(text: &str) -> Result<(Config, Resolved, Vec<String>), String> {
    let mut config: Config = toml::from_str(text).map_err(|e| {
        let msg = e.message().trim_end().to_string();
        match e.span() {
            Some(span) => {
                let (line, col) = line_col(text, span.start);
                format!(":{line}:{col}: {msg}")
            }
            None => format!(": {msg}"),
        }
    })?;
    let warnings = config.params.validate().map_err(|e| format!(": [params] {e}"))?;
    let resolved = resolve(&mut config, text)?;
    Ok((config, resolved, warnings))
}

/// An error at a span of the text: `:line:col: message`.
fn at(text: &str, span: std::ops::Range<usize>, msg: String) -> String {
    let (line, col) = line_col(text, span.start);
    format!(":{line}:{col}: {msg}")
}

/// The rule ids a selector (rule id, rule name or control) names; an error when none.
fn rule_ids(text: &str, sel: &Spanned<String>, key: &str) -> Result<Vec<&'static str>, String> {
    let found = mamori_rules::find(sel.get_ref());
    if found.is_empty() {
        return Err(at(
            text,
            sel.span(),
            format!(
                "{key}: `{}` is no rule id, rule name or control mamori knows (`mamori rules` lists them)",
                sel.get_ref()
            ),
        ));
    }
    Ok(found.iter().map(|r| r.meta().id).collect())
}

fn severity(text: &str, v: &Spanned<String>, key: &str) -> Result<Severity, String> {
    Severity::parse(v.get_ref()).ok_or_else(|| {
        at(
            text,
            v.span(),
            format!(
                "{key}: `{}` is no severity (info, low, medium, high, critical)",
                v.get_ref()
            ),
        )
    })
}

fn kind(text: &str, v: &Spanned<String>, key: &str) -> Result<OutputKind, String> {
    OutputKind::parse(v.get_ref()).ok_or_else(|| {
        let names: Vec<&str> = OutputKind::ALL.iter().map(|k| k.name()).collect();
        at(
            text,
            v.span(),
            format!("{key}: `{}` is no format ({})", v.get_ref(), names.join(", ")),
        )
    })
}

/// Checks every name in the file against the rules, severities and formats mamori has.
fn resolve(config: &mut Config, text: &str) -> Result<Resolved, String> {
    let mut r = Resolved::default();
    if !config.rules.enable.is_empty() {
        let mut only = Vec::new();
        for sel in &config.rules.enable {
            only.extend(rule_ids(text, sel, "[rules] enable")?);
        }
        r.selection.only = Some(only);
    }
    for sel in &config.rules.disable {
        r.selection.disabled.extend(rule_ids(text, sel, "[rules] disable")?);
    }
    for (name, sev) in &config.rules.severity {
        let key = Spanned::new(sev.span(), name.clone());
        let s = severity(text, sev, "[rules] severity")?;
        for id in rule_ids(text, &key, "[rules] severity")? {
            r.selection.severity.push((id, s));
        }
    }
    if let Some(m) = &config.scan.min_severity {
        r.min_severity = Some(severity(text, m, "[scan] min_severity")?);
    }
    if let Some(u) = &config.scan.unknown {
        r.unknown_fails = Some(match u.get_ref().as_str() {
            "ignore" => false,
            "fail" => true,
            other => {
                return Err(at(
                    text,
                    u.span(),
                    format!("[scan] unknown: `{other}` is neither `ignore` nor `fail`"),
                ));
            }
        });
    }
    if let Some(f) = &config.output.format {
        r.format = Some(kind(text, f, "[output] format")?);
    }
    for f in &config.output.files {
        let Some((k, file)) = f.get_ref().split_once('=').filter(|(_, file)| !file.trim().is_empty()) else {
            return Err(at(
                text,
                f.span(),
                format!("[output] files: `{}` is not `FORMAT=FILE`", f.get_ref()),
            ));
        };
        let k = kind(text, &Spanned::new(f.span(), k.to_string()), "[output] files")?;
        r.files.push((k, PathBuf::from(file.trim())));
    }
    for entry in &mut config.suppress {
        // The entry's `[[suppress]]` header: the last one before its first key.
        let first = entry.rules.first().map_or(text.len(), |s| s.span().start);
        let header = text[..first.min(text.len())].rfind("[[suppress]]").unwrap_or(first);
        entry.line = line_col(text, header).0 as u32;
        if entry.rules.is_empty() {
            return Err(format!(":{}: [[suppress]] `rules` is empty", entry.line));
        }
        let mut ids = Vec::new();
        for sel in &entry.rules {
            ids.extend(rule_ids(text, sel, "[[suppress]] rules")?);
        }
        let reason = entry.reason.as_deref().map(str::trim).unwrap_or("");
        if reason.is_empty() {
            return Err(format!(
                ":{}: [[suppress]] needs a `reason`: say why these findings may be ignored",
                entry.line
            ));
        }
        let until = match &entry.until {
            None => None,
            Some(v) => {
                let s = match v.get_ref() {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Datetime(d) => d.to_string(),
                    other => format!("{other:?}"),
                };
                Some(crate::suppress::Date::parse(&s).ok_or_else(|| {
                    at(
                        text,
                        v.span(),
                        format!("[[suppress]] until: `{s}` is not a date (YYYY-MM-DD)"),
                    )
                })?)
            }
        };
        let paths = entry
            .paths
            .iter()
            .map(|p| {
                crate::suppress::path_glob(p).map_err(|e| format!(":{}: [[suppress]] paths: `{p}`: {e}", entry.line))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let resources = entry
            .resources
            .iter()
            .map(|p| {
                globset::GlobBuilder::new(p)
                    .literal_separator(false)
                    .build()
                    .map(|g| g.compile_matcher())
                    .map_err(|e| format!(":{}: [[suppress]] resources: `{p}`: {e}", entry.line))
            })
            .collect::<Result<Vec<_>, _>>()?;
        r.suppress.push(crate::suppress::ConfigSuppression {
            rules: ids,
            selectors: entry.rules.iter().map(|s| s.get_ref().clone()).collect(),
            paths,
            resources,
            reason: reason.to_string(),
            until,
            line: entry.line,
        });
    }
    for p in &config.scan.exclude {
        crate::suppress::path_glob(p).map_err(|e| format!(": [scan] exclude: `{p}`: {e}"))?;
    }
    Ok(r)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let (c, _, w) = parse("").unwrap();
        assert!(c.params.required_tag_keys.is_empty());
        assert_eq!(c.params.fargate_latest_linux, "1.4.0");
        assert!(w.is_empty());
    }

    #[test]
    fn params_are_read_and_repeated_keys_removed() {
        let (c, _, _) = parse(
            "[params]\nrequired_tag_keys = [\"Owner\", \"CostCenter\", \"Owner\"]\nfargate_latest_linux = \"1.5.0\"\n",
        )
        .unwrap();
        assert_eq!(c.params.required_tag_keys, ["Owner", "CostCenter"]);
        assert_eq!(c.params.fargate_latest_linux, "1.5.0");
        assert_eq!(c.params.fargate_latest_windows, "1.0.0");
    }

    #[test]
    fn the_log_retention_minimum_is_validated() {
        let (c, _, warnings) = parse("[params]\nlog_retention_min_days = 731\n").unwrap();
        assert_eq!(c.params.log_retention_min_days, 731);
        assert!(warnings.is_empty(), "{warnings:?}");
        let (_, _, warnings) = parse("[params]\nlog_retention_min_days = 90\n").unwrap();
        assert!(warnings.iter().any(|w| w.contains("minRetentionTime")), "{warnings:?}");
        for bad in ["0", "-30"] {
            let e = parse(&format!("[params]\nlog_retention_min_days = {bad}\n")).unwrap_err();
            assert!(e.contains("log_retention_min_days"), "{bad}: {e}");
        }
    }

    #[test]
    fn the_eks_version_floor_is_validated() {
        let (c, _, _) = parse("[params]\neks_oldest_supported_version = \"1.33\"\n").unwrap();
        assert_eq!(c.params.eks_oldest_supported_version.as_deref(), Some("1.33"));
        for bad in ["latest", "1", "1.33.2", "2.0"] {
            let e = parse(&format!("[params]\neks_oldest_supported_version = \"{bad}\"\n")).unwrap_err();
            assert!(e.contains("eks_oldest_supported_version"), "{bad}: {e}");
        }
    }

    #[test]
    fn trusted_accounts_and_ecr_keys_are_validated() {
        let (c, _, _) = parse(
            "[params]\ntrusted_accounts = [\"111122223333\"]\necr_kms_key_arns = [\"arn:aws:kms:us-east-1:111122223333:key/abcd\"]\n",
        )
        .unwrap();
        assert_eq!(c.params.trusted_accounts, ["111122223333"]);
        assert_eq!(c.params.ecr_kms_key_arns.len(), 1);
        for bad in ["12345", "11112222333a", "arn:aws:iam::111122223333:root"] {
            let e = parse(&format!("[params]\ntrusted_accounts = [\"{bad}\"]\n")).unwrap_err();
            assert!(e.contains("trusted_accounts"), "{bad}: {e}");
        }
        for bad in ["alias/ecr", "1234abcd-12ab-34cd-56ef-1234567890ab"] {
            let e = parse(&format!("[params]\necr_kms_key_arns = [\"{bad}\"]\n")).unwrap_err();
            assert!(e.contains("ecr_kms_key_arns"), "{bad}: {e}");
        }
    }

    #[test]
    fn unknown_keys_at_any_level_name_the_key_and_its_line() {
        let e = parse("[params]\nrequired_tag_keys = []\nrequired_tags = [\"Owner\"]\n").unwrap_err();
        assert!(e.starts_with(":3:1: "), "{e}");
        assert!(e.contains("`required_tags`"), "{e}");
        let e = parse("[rulez]\noff = []\n").unwrap_err();
        assert!(e.contains("`rulez`"), "{e}");
        let e = parse("[rules]\noff = []\n").unwrap_err();
        assert!(e.starts_with(":2:1: ") && e.contains("`off`"), "{e}");
        let e = parse("[[suppress]]\nrules = [\"ECS.12\"]\nreason = \"x\"\npath = [\"a\"]\n").unwrap_err();
        assert!(e.starts_with(":4:1: ") && e.contains("`path`"), "{e}");
    }

    #[test]
    fn rules_severities_formats_and_suppressions_resolve_against_what_mamori_has() {
        let text = r#"[scan]
min_severity = "medium"
exclude = ["vendor", "gen/*.yaml"]
[rules]
disable = ["ECS.12", "ecs-container-privileged"]
severity = { "MAM-ECS-029" = "critical" }
[output]
format = "sarif"
files = ["junit=out/junit.xml", "markdown = summary.md"]
[[suppress]]
rules = ["MAM-ECS-025"]
resources = ["aws_ecs_task_definition.legacy_*"]
reason = "tracked in INFRA-9"
until = "2027-02-28"
"#;
        let (c, r, _) = parse(text).unwrap();
        assert_eq!(r.min_severity, Some(Severity::Medium));
        assert_eq!(r.unknown_fails, None);
        assert_eq!(
            parse("[scan]\nunknown = \"fail\"\n").unwrap().1.unknown_fails,
            Some(true)
        );
        assert_eq!(
            parse("[scan]\nunknown = \"ignore\"\n").unwrap().1.unknown_fails,
            Some(false)
        );
        assert_eq!(c.scan.exclude, ["vendor", "gen/*.yaml"]);
        assert_eq!(r.selection.disabled, ["MAM-ECS-001", "MAM-ECS-006"]);
        assert_eq!(r.selection.severity, [("MAM-ECS-029", Severity::Critical)]);
        assert_eq!(r.format, Some(OutputKind::Sarif));
        assert_eq!(
            r.files,
            [
                (OutputKind::Junit, PathBuf::from("out/junit.xml")),
                (OutputKind::Markdown, PathBuf::from("summary.md"))
            ]
        );
        assert_eq!(r.suppress.len(), 1);
        assert_eq!(r.suppress[0].rules, ["MAM-ECS-025"]);
        assert_eq!(r.suppress[0].line, 10);
        assert_eq!(
            r.suppress[0].until.map(|d| d.to_string()).as_deref(),
            Some("2027-02-28")
        );
        assert!(c.scan.inline_suppressions && c.scan.honour_foreign_ignores);
    }

    #[test]
    fn unknown_names_are_errors_at_their_place() {
        for (text, line, word) in [
            ("[rules]\ndisable = [\"MAM-ECS-999\"]\n", 2, "MAM-ECS-999"),
            ("[rules]\nenable = [\"ECS.99\"]\n", 2, "ECS.99"),
            ("[rules]\nseverity = { \"MAM-ECS-001\" = \"urgent\" }\n", 2, "urgent"),
            ("[scan]\nmin_severity = \"severe\"\n", 2, "severe"),
            ("[scan]\nunknown = \"warn\"\n", 2, "warn"),
            ("[output]\nformat = \"pdf\"\n", 2, "pdf"),
            ("[output]\nfiles = [\"report.sarif\"]\n", 2, "FORMAT=FILE"),
            (
                "\n[[suppress]]\nrules = [\"ECS.12\"]\nreason = \"r\"\nuntil = \"2027-02-30\"\n",
                5,
                "2027-02-30",
            ),
            ("[[suppress]]\nrules = []\nreason = \"r\"\n", 1, "empty"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.starts_with(&format!(":{line}:")), "{text}: {e}");
            assert!(e.contains(word), "{text}: {e}");
        }
        assert!(parse("[scan]\nexclude = [\"a/[\"]\n").is_err());
    }

    #[test]
    fn wrong_types_and_reserved_keys_are_errors() {
        assert!(parse("[params]\nrequired_tag_keys = \"Owner\"\n").is_err());
        let e = parse("[params]\nrequired_tag_keys = [\"aws:cloudformation:stack-name\"]\n").unwrap_err();
        assert!(e.contains("aws:"), "{e}");
        assert!(parse("[params]\nrequired_tag_keys = [\"\"]\n").is_err());
        assert!(parse("[params\n").is_err());
    }

    #[test]
    fn trusted_registries_are_hosts_or_host_paths() {
        let (c, _, _) =
            parse("[params]\ntrusted_registries = [\"GHCR.io/\", \"docker.io/library\", \"ghcr.io\"]\n").unwrap();
        assert_eq!(c.params.trusted_registries, ["ghcr.io", "docker.io/library"]);
        let e = parse("[params]\ntrusted_registries = [\"https://ghcr.io\"]\n").unwrap_err();
        assert!(e.contains("trusted_registries"), "{e}");
        assert!(parse("[params]\ntrusted_registries = [\" \"]\n").is_err());
    }

    #[test]
    fn more_keys_than_security_hub_takes_is_a_warning() {
        let (c, _, w) =
            parse("[params]\nrequired_tag_keys = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]\n").unwrap();
        assert_eq!(c.params.required_tag_keys.len(), 7);
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn discovery_walks_up_and_stops_at_the_root() {
        let root = std::env::temp_dir().join(format!("mamori-config-{}", std::process::id()));
        let deep = root.join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(root.join("a").join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(root.join("a").join(FILE_NAME)));
        assert_eq!(discover(&root), None);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn discovery_starts_at_the_folder_of_a_file() {
        let d = std::env::temp_dir();
        let f = d.join("some-file.tf");
        match source(None, false, std::slice::from_ref(&f)) {
            Source::Discover(start) => assert_eq!(start, d),
            _ => panic!("expected discovery"),
        }
        assert!(matches!(source(Some(&f), true, &[]), Source::Defaults));
        assert!(matches!(source(Some(&f), false, &[]), Source::File(_)));
    }
}
