//! The `mamori` command: parses arguments and wires the scanner's parts together.

mod config;
mod help_ja;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use mamori_iac::{FileStatus, Level, ScanOptions};
use mamori_model::{Inventory, Lang, Severity};
use mamori_report::{InputError, OutputKind, Report, RuleInfo, Summary, text::TextOptions};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Exit codes, a stable contract.
const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    name = "mamori",
    version,
    about = "Security posture scanner for AWS container platforms (ECS, Fargate, EKS, ECR) and their Kubernetes workloads"
)]
struct Cli {
    /// Language of messages and documents: en or ja. Defaults to the locale (LC_ALL, LC_MESSAGES, LANG), else English.
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,

    /// When to use colours in the terminal report.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan Terraform, CloudFormation and ECS API JSON for weaknesses.
    Scan(ScanArgs),
    /// List the rules.
    Rules {
        #[arg(long, short, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print a rule's document: what it checks, why it matters, and how to fix it.
    Explain {
        /// A rule id (MAM-ECS-001), rule name (ecs-cluster-container-insights) or control (ECS.12).
        rule: String,
    },
    /// Report, control by control, how the scanned configuration stands against a framework.
    Compliance(ComplianceArgs),
}

#[derive(clap::Args)]
struct ComplianceArgs {
    /// The framework whose controls are reported.
    #[arg(long, value_name = "FRAMEWORK", value_parser = clap::builder::PossibleValuesParser::new(
        mamori_rules::frameworks().iter().map(|f| f.id)))]
    framework: String,

    /// Files and folders to scan; `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ComplianceFormat::Text)]
    format: ComplianceFormat,

    /// Read settings from this file (else from the MAMORI_CONFIG environment variable) instead of
    /// the `mamori.toml` found in the folder of the first path or a folder above it.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Read no `mamori.toml` (nor `--config` / `MAMORI_CONFIG`): use the defaults.
    #[arg(long)]
    no_config: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ComplianceFormat {
    Text,
    Json,
    Markdown,
    Html,
}

#[derive(clap::Args)]
struct ScanArgs {
    /// Files and folders to scan; `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format of the report on standard output (or in `--output FILE`).
    #[arg(long, short, default_value = "text", value_parser = parse_kind, value_name = "FORMAT")]
    format: OutputKind,

    /// Write the report to FILE instead of standard output; or, as `FORMAT=FILE`, also write a
    /// report in FORMAT to FILE. Repeat it for several formats at once.
    #[arg(long, short, value_name = "[FORMAT=]FILE", action = clap::ArgAction::Append)]
    output: Vec<String>,

    /// The lowest severity reported and counted for the exit code.
    #[arg(long, value_enum, default_value_t = SeverityArg::Info)]
    severity: SeverityArg,

    /// Also list the checks that could not be decided because a value was unknown.
    #[arg(long)]
    show_unknown: bool,

    /// Print only the summary (text format).
    #[arg(long, short)]
    quiet: bool,

    /// Read settings from this file (else from the MAMORI_CONFIG environment variable) instead of
    /// the `mamori.toml` found in the folder of the first path or a folder above it.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Read no `mamori.toml` (nor `--config` / `MAMORI_CONFIG`): use the defaults.
    #[arg(long)]
    no_config: bool,
}

fn parse_kind(s: &str) -> Result<OutputKind, String> {
    OutputKind::parse(s).ok_or_else(|| {
        let names: Vec<&str> = OutputKind::ALL.iter().map(|k| k.name()).collect();
        format!("unknown format `{s}`; one of: {}", names.join(", "))
    })
}

/// Where each report goes: `None` is standard output.
fn destinations(args: &ScanArgs) -> Vec<(OutputKind, Option<PathBuf>)> {
    let mut main = (args.format, None);
    let mut extra = Vec::new();
    for o in &args.output {
        match o
            .split_once('=')
            .and_then(|(k, f)| OutputKind::parse(k).map(|k| (k, f)))
        {
            Some((kind, file)) => extra.push((kind, Some(PathBuf::from(file)))),
            None => main.1 = Some(PathBuf::from(o)),
        }
    }
    let mut all = vec![main];
    all.extend(extra);
    all
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeverityArg {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Low => Severity::Low,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::High => Severity::High,
            SeverityArg::Critical => Severity::Critical,
        }
    }
}

fn main() -> ExitCode {
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let text_args: Vec<String> = raw.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    // `--help` speaks the language asked for, so the language is read before parsing.
    let mut cmd = Cli::command();
    if resolve_lang(help_ja::lang_flag(&text_args)) == Ok(Lang::Ja) {
        cmd = help_ja::localize(cmd);
    }
    let parsed = cmd.try_get_matches_from(&raw).and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { EXIT_CLEAN });
        }
    };
    let lang = match resolve_lang(cli.lang.as_deref()) {
        Ok(l) => l,
        Err(msg) => {
            eprintln!("mamori: {msg}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let code = match cli.command {
        Command::Scan(args) => scan(args, lang, cli.color),
        Command::Rules { format } => rules(format, lang),
        Command::Explain { rule } => explain(&rule, lang),
        Command::Compliance(args) => compliance(args, lang, cli.color),
    };
    ExitCode::from(code)
}

/// `--lang`, else the locale variables, else English.
fn resolve_lang(flag: Option<&str>) -> Result<Lang, String> {
    if let Some(f) = flag {
        return Lang::parse(f).ok_or_else(|| format!("unknown language `{f}`: use `en` or `ja`"));
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            return Ok(Lang::parse(&v).unwrap_or(Lang::En));
        }
    }
    Ok(Lang::En)
}

/// What scanning the inputs and running the rules gives, shared by `scan` and `compliance`.
struct Scanned {
    input: mamori_iac::ScanInput,
    inventory: Inventory,
    outcome: mamori_rules::Outcome,
    /// Input files that failed to parse, and files skipped for a reason worth knowing.
    errors: Vec<InputError>,
    notes: Vec<InputError>,
}

/// Loads the settings, reads the paths (`-` is standard input), builds the inventory and runs
/// the rules at or above `min_severity`. `chatty` prints where the settings came from and the
/// notes on standard error. `Err` is an exit code, the message already printed.
fn scan_pipeline(
    paths_in: &[PathBuf],
    config_path: Option<&std::path::Path>,
    no_config: bool,
    min_severity: Option<Severity>,
    chatty: bool,
) -> Result<Scanned, u8> {
    let from_env = std::env::var_os("MAMORI_CONFIG").map(PathBuf::from);
    let explicit = config_path.or(from_env.as_deref());
    let source = config::source(explicit, no_config, paths_in);
    let loaded = match config::load(source) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("mamori: {e}");
            return Err(EXIT_ERROR);
        }
    };
    if let Some(path) = &loaded.path {
        for w in &loaded.warnings {
            eprintln!("mamori: warning: {}: {w}", path.display());
        }
        if chatty {
            eprintln!("note: settings read from {}", path.display());
        }
    }
    let mut paths = Vec::new();
    let mut stdin = None;
    for p in paths_in {
        if p.as_os_str() == "-" {
            let mut s = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                eprintln!("mamori: cannot read standard input: {e}");
                return Err(EXIT_ERROR);
            }
            stdin = Some(s);
        } else {
            paths.push(p.clone());
        }
    }
    let input = match mamori_iac::scan(&ScanOptions { paths, stdin }) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("mamori: {e}");
            return Err(EXIT_ERROR);
        }
    };
    let mut inventory = Inventory::new();
    inventory.extend(input.resources.iter().cloned());
    let params = loaded.config.params;
    let outcome = mamori_rules::run(
        &inventory,
        &mamori_rules::all(),
        &params,
        &mamori_rules::RuleSelection { min_severity },
    );
    let diagnostics = |level: Level| -> Vec<InputError> {
        input
            .diagnostics
            .iter()
            .filter(|d| d.level == level)
            .map(|d| InputError {
                path: d.path.to_string(),
                line: d.line,
                col: d.col,
                message: d.message.clone(),
            })
            .collect()
    };
    let errors = diagnostics(Level::Error);
    let notes = diagnostics(Level::Note);
    if chatty {
        for n in &notes {
            eprintln!("note: {}:{}:{}: {}", n.path, n.line, n.col, n.message);
        }
    }
    Ok(Scanned {
        input,
        inventory,
        outcome,
        errors,
        notes,
    })
}

fn scan(args: ScanArgs, lang: Lang, color: ColorChoice) -> u8 {
    let started = Instant::now();
    let threshold: Severity = args.severity.into();
    let chatty = args.format == OutputKind::Text && !args.quiet;
    let scanned = match scan_pipeline(
        &args.paths,
        args.config.as_deref(),
        args.no_config,
        Some(threshold),
        chatty,
    ) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Scanned {
        input,
        inventory: _,
        outcome,
        errors,
        notes,
    } = scanned;
    let resources = input.resources.len();
    let summary = Summary {
        files_scanned: input.count(|s| *s == FileStatus::Scanned),
        files_skipped: input.count(|s| matches!(s, FileStatus::Skipped(_))),
        files_failed: input.count(|s| *s == FileStatus::Failed),
        resources,
        rules_run: outcome.rules_run,
        checks_passed: outcome.passed,
        duration: started.elapsed(),
        threshold: Some(threshold),
    };
    // Files a configuration read (`file()`, `templatefile()`) are not among the scanned
    // sources; they are read once from disk when a finding points into them.
    let extra: std::cell::RefCell<std::collections::HashMap<String, Option<mamori_iac::SourceFile>>> =
        Default::default();
    let source_line = |path: &str, line: u32| -> Option<String> {
        let line_of = |f: &mamori_iac::SourceFile| -> Option<String> {
            let start = f.lines.line_start(line)?;
            let rest = &f.text[start..];
            Some(rest.split('\n').next().unwrap_or("").to_string())
        };
        if let Some(f) = input.sources.get(path) {
            return line_of(f);
        }
        let mut extra = extra.borrow_mut();
        let f = extra.entry(path.to_string()).or_insert_with(|| {
            std::fs::read_to_string(path)
                .ok()
                .map(|text| mamori_iac::SourceFile::new(path, text))
        });
        f.as_ref().and_then(line_of)
    };
    let rule_infos: Vec<RuleInfo> = mamori_rules::all()
        .into_iter()
        .map(|r| r.meta())
        .filter(|m| m.severity >= threshold)
        .map(|m| RuleInfo {
            id: m.id,
            name: m.name,
            title: m.title(),
            severity: m.severity,
            controls: m.controls.to_vec(),
            doc_en: mamori_rules::document(m.id, Lang::En),
            doc_ja: mamori_rules::has_documents(m.id)
                .1
                .then(|| mamori_rules::document(m.id, Lang::Ja))
                .flatten(),
        })
        .collect();
    let report = Report {
        findings: &outcome.findings,
        undecided: &outcome.undecided,
        errors: &errors,
        notes: &notes,
        summary,
        lang,
        source_line: &source_line,
        rules: &rule_infos,
        passes: &outcome.passes,
    };
    for (kind, path) in destinations(&args) {
        let to_terminal = path.is_none() && std::io::stdout().is_terminal();
        let use_color = kind == OutputKind::Text
            && match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            };
        let options = TextOptions {
            color: use_color,
            quiet: args.quiet,
            show_unknown: args.show_unknown,
        };
        let rendered = mamori_report::render(kind, &report, options);
        if let Err(e) = write_out(path.as_ref(), &rendered) {
            eprintln!("mamori: {e}");
            return EXIT_ERROR;
        }
    }
    if !errors.is_empty() {
        EXIT_ERROR
    } else if !outcome.findings.is_empty() {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// `mamori compliance`: every current control of the framework, in its order, with a status.
fn compliance(args: ComplianceArgs, lang: Lang, color: ColorChoice) -> u8 {
    use mamori_report::compliance::{self as comp, ComplianceReport, ControlInput, Evidence, MappedRule, Status};
    let Some(framework) = mamori_rules::framework(&args.framework) else {
        eprintln!("mamori: unknown framework `{}`", args.framework);
        return EXIT_ERROR;
    };
    let chatty = args.format == ComplianceFormat::Text;
    // Every rule runs, whatever its severity: a control is judged by all the rules mapped to it.
    let scanned = match scan_pipeline(&args.paths, args.config.as_deref(), args.no_config, None, chatty) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut kinds: Vec<&str> = scanned.inventory.resources().iter().map(|r| r.meta().kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let passed: Vec<&str> = scanned.outcome.passes.iter().map(|p| p.rule_id).collect();
    let evidence = Evidence {
        findings: &scanned.outcome.findings,
        undecided: &scanned.outcome.undecided,
        passed: &passed,
        kinds: &kinds,
    };
    let rules = mamori_rules::all();
    let controls = framework
        .current()
        .into_iter()
        .map(|ctl| {
            let mapped = rules
                .iter()
                .map(|r| r.meta())
                .filter(|m| m.controls.iter().any(|rc| framework.maps(rc, ctl)))
                .map(|m| MappedRule {
                    id: m.id,
                    resource_kinds: m.resource_kinds.to_vec(),
                })
                .collect();
            let input = ControlInput {
                id: ctl.id.to_string(),
                title: ctl.title(),
                assessment: ctl.assessment.map(|a| a.as_str()),
                rules: mapped,
            };
            comp::assess(input, &evidence)
        })
        .collect();
    let report = ComplianceReport {
        framework: framework.id,
        framework_title: framework.title(),
        controls,
        errors: &scanned.errors,
        lang,
    };
    let text = match args.format {
        ComplianceFormat::Text => {
            let use_color = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            comp::render_text(&report, use_color)
        }
        ComplianceFormat::Json => comp::render_json(&report),
        ComplianceFormat::Markdown => comp::render_markdown(&report),
        ComplianceFormat::Html => mamori_report::html::render_compliance(&report),
    };
    if let Err(e) = write_out(None, &text) {
        eprintln!("mamori: {e}");
        return EXIT_ERROR;
    }
    if !scanned.errors.is_empty() {
        EXIT_ERROR
    } else if report.controls.iter().any(|c| c.status == Status::Fail) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn write_out(path: Option<&PathBuf>, text: &str) -> Result<(), String> {
    match path {
        Some(p) => std::fs::write(p, text).map_err(|e| format!("cannot write {}: {e}", p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                // A closed pipe (`mamori scan | head`) is not an error.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
                _ => Ok(()),
            }
        }
    }
}

fn rules(format: ListFormat, lang: Lang) -> u8 {
    let rules = mamori_rules::all();
    let text = match format {
        ListFormat::Json => {
            let v: Vec<_> = rules
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({
                        "id": m.id,
                        "name": m.name,
                        "title": m.title().get(lang),
                        "severity": m.severity.as_str(),
                        "controls": m.controls,
                        "equivalents": m.equivalents.iter().map(|(tool, id)| serde_json::json!({"tool": tool, "id": id})).collect::<Vec<_>>(),
                        "resource_kinds": m.resource_kinds,
                        "sources": m.sources.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        ListFormat::Text => {
            let mut s = String::new();
            // The Security Hub control, or `-` for a rule that goes beyond Security Hub.
            let primary = |m: &mamori_rules::RuleMeta| -> String {
                let p: Vec<&str> = m
                    .controls
                    .iter()
                    .filter_map(|c| c.strip_prefix("aws-securityhub/"))
                    .collect();
                if p.is_empty() { "-".to_string() } else { p.join(",") }
            };
            let name_w = rules.iter().map(|r| r.meta().name.len()).max().unwrap_or(0);
            let ctl_w = rules.iter().map(|r| primary(r.meta()).len()).max().unwrap_or(0);
            for r in &rules {
                let m = r.meta();
                let sev = mamori_report::severity_label(lang, m.severity);
                let pad = " ".repeat(8usize.saturating_sub(mamori_report::text::display_width(sev)));
                s.push_str(&format!(
                    "{:<12} {sev}{pad} {:<name_w$} {:<ctl_w$} {}\n",
                    m.id,
                    m.name,
                    primary(m),
                    m.title().get(lang)
                ));
            }
            s
        }
    };
    match write_out(None, &text) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            eprintln!("mamori: {e}");
            EXIT_ERROR
        }
    }
}

fn explain(query: &str, lang: Lang) -> u8 {
    let found = mamori_rules::find(query);
    if found.is_empty() {
        let ids: Vec<&str> = mamori_rules::all().iter().map(|r| r.meta().id).collect();
        match lang {
            Lang::Ja => eprintln!(
                "mamori: ルール `{query}` は見つかりません。`mamori rules` で一覧を表示できます（{}）",
                ids.join(", ")
            ),
            Lang::En => eprintln!(
                "mamori: no rule matches `{query}`; `mamori rules` lists them ({})",
                ids.join(", ")
            ),
        }
        return EXIT_ERROR;
    }
    let mut s = String::new();
    for r in found {
        let m = r.meta();
        let (sev_l, ctl_l, eq_l, kinds_l) = match lang {
            Lang::En => ("Severity", "Controls", "Same check in", "Applies to"),
            Lang::Ja => ("重大度", "コントロール", "同等のチェック", "対象リソース"),
        };
        s.push_str(&format!("{} ({})\n", m.id, m.name));
        let sev = match lang {
            Lang::En => m.severity.as_str().to_string(),
            Lang::Ja => format!("{} ({})", mamori_report::severity_label(lang, m.severity), m.severity),
        };
        s.push_str(&format!("{sev_l}: {sev}\n"));
        s.push_str(&format!("{ctl_l}: {}\n", m.controls.join(", ")));
        if !m.equivalents.is_empty() {
            let eq: Vec<String> = m.equivalents.iter().map(|(t, id)| format!("{t} {id}")).collect();
            s.push_str(&format!("{eq_l}: {}\n", eq.join(", ")));
        }
        s.push_str(&format!("{kinds_l}: {}\n\n", m.resource_kinds.join(", ")));
        match mamori_rules::document(m.id, lang) {
            Some(doc) => s.push_str(doc.trim_end()),
            None => s.push_str(m.title().get(lang)),
        }
        s.push_str("\n\n");
    }
    match write_out(None, s.trim_end_matches('\n')) {
        Ok(()) => {
            println!();
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("mamori: {e}");
            EXIT_ERROR
        }
    }
}
