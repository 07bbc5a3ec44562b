//! The `mamori` command: parses arguments and wires the scanner's parts together.

mod baseline;
mod config;
mod help_ja;
mod init;
mod sensitive;
mod suppress;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use mamori_iac::{FileStatus, Level, ScanOptions};
use mamori_model::{Inventory, Lang, Severity};
use mamori_report::reasons::note;
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
    /// Scan Terraform, CloudFormation, ECS API JSON, Kubernetes manifests and Dockerfiles, and with
    /// --aws a live AWS account, for weaknesses.
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
    /// List every suppression (comments, CloudFormation Metadata, mamori.toml) with its reason,
    /// its expiry, whether it silenced anything, and who wrote it.
    Suppressions(SuppressionsArgs),
    /// List what a live AWS account holds (an asset inventory): counts by service, region,
    /// resource type and ECS launch type.
    Inventory(InventoryArgs),
    /// Write a commented mamori.toml with every setting and its default.
    Init {
        /// The folder to write mamori.toml in.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Replace an existing mamori.toml.
        #[arg(long)]
        force: bool,
    },
}

#[derive(clap::Args)]
struct SuppressionsArgs {
    /// Files and folders to scan; `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,

    /// Do not ask `git blame` who wrote each suppression.
    #[arg(long)]
    no_blame: bool,

    #[command(flatten)]
    settings: SettingsArgs,
}

/// Where settings come from and what is left out, shared by the commands that scan.
#[derive(clap::Args)]
struct SettingsArgs {
    /// Read settings from this file (else from the MAMORI_CONFIG environment variable) instead of
    /// the `mamori.toml` found in the folder of the first path or a folder above it.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Read no `mamori.toml` (nor `--config` / `MAMORI_CONFIG`): use the defaults.
    #[arg(long)]
    no_config: bool,

    /// Leave out files and folders matching GLOB while walking folders (relative to the current
    /// folder; a pattern without `/` matches a name at any depth). Repeatable; adds to `[scan] exclude`.
    #[arg(long, value_name = "GLOB", action = clap::ArgAction::Append)]
    exclude: Vec<String>,

    /// Ignore `mamori:ignore` comments and CloudFormation `Metadata` suppressions: only the
    /// `[[suppress]]` entries of mamori.toml count.
    #[arg(long)]
    no_inline_suppressions: bool,

    /// Whether Checkov, Trivy and KICS ignore comments silence the mamori rules that share their ids.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set)]
    honour_foreign_ignores: Option<bool>,

    /// The Pod Security Standards profile Kubernetes workloads are held to [default: restricted,
    /// or `[params] pss_profile` of mamori.toml]. A Namespace whose
    /// `pod-security.kubernetes.io/enforce` label is lower holds its workloads to its own level.
    #[arg(long, value_enum, value_name = "PROFILE")]
    pss_profile: Option<PssProfileArg>,

    /// Values for CloudFormation templates' parameters (and pseudo parameters such as
    /// `AWS::Region`): a file in the AWS CLI's `[{"ParameterKey": …, "ParameterValue": …}]` form,
    /// CodePipeline's `{"Parameters": {…}}` form, or `Key=Value` lines. `TEMPLATE=FILE` applies
    /// the file to that template only; otherwise to every template. Repeatable.
    #[arg(long, value_name = "[TEMPLATE=]FILE", action = clap::ArgAction::Append)]
    cfn_parameters: Vec<String>,
    /// Set a Terraform input variable of every root module scanned, as `terraform plan -var`.
    /// Repeatable. `--var` and `--var-file` override `TF_VAR_NAME`, `terraform.tfvars` and
    /// `*.auto.tfvars`, and each other in the order given.
    #[arg(long = "var", value_name = "NAME=VALUE", action = clap::ArgAction::Append)]
    var: Vec<String>,

    /// Read Terraform input variable values from FILE (`.tfvars`, or JSON `.tfvars.json`), as
    /// `terraform plan -var-file`. Repeatable; see `--var` for the order.
    #[arg(long = "var-file", value_name = "FILE", action = clap::ArgAction::Append)]
    var_file: Vec<PathBuf>,

    /// `--var` and `--var-file` in the order given, as (position, value), filled in from the
    /// parsed command line.
    #[arg(skip)]
    var_order: Vec<(usize, mamori_iac::terraform::inputs::CliInput)>,
}

impl SettingsArgs {
    /// Records the order of `--var` and `--var-file`, which clap keeps apart.
    fn order_vars(&mut self, m: &clap::ArgMatches) {
        let positions = |id: &str| -> Vec<usize> { m.indices_of(id).map(|i| i.collect()).unwrap_or_default() };
        let mut all = Vec::new();
        for (i, v) in positions("var").into_iter().zip(&self.var) {
            let input = mamori_iac::terraform::inputs::CliInput::parse_var(v).unwrap_or_else(|_| {
                // Refused later, with the message in the user's language.
                mamori_iac::terraform::inputs::CliInput::Var {
                    name: String::new(),
                    value: v.clone(),
                }
            });
            all.push((i, input));
        }
        for (i, f) in positions("var_file").into_iter().zip(&self.var_file) {
            all.push((i, mamori_iac::terraform::inputs::CliInput::File(f.clone())));
        }
        all.sort_by_key(|(i, _)| *i);
        self.var_order = all;
    }

    /// The Terraform inputs of a scan: `TF_VAR_…` from the environment, `--var-file` and `--var`.
    fn terraform_inputs(&self) -> Result<mamori_iac::terraform::inputs::Inputs, String> {
        use mamori_iac::terraform::inputs::{CliInput, Inputs};
        let mut cli = Vec::new();
        for (_, c) in &self.var_order {
            match c {
                CliInput::Var { name, value } if name.is_empty() => {
                    return Err(CliInput::parse_var(value).err().unwrap_or_default());
                }
                c => cli.push(c.clone()),
            }
        }
        Ok(Inputs {
            env: Inputs::env_from(std::env::vars()),
            cli,
        })
    }
}

/// `--unknown`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum UnknownArg {
    Ignore,
    Fail,
}

impl UnknownArg {
    /// Whether undecided checks fail: the flag, else the configuration, else not.
    fn fails(flag: Option<UnknownArg>, configured: Option<bool>) -> bool {
        flag.map_or(configured.unwrap_or(false), |u| u == UnknownArg::Fail)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum PssProfileArg {
    Baseline,
    Restricted,
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

    /// Write the report to FILE instead of standard output; or, as `FORMAT=FILE`, also write a
    /// report in FORMAT to FILE. Repeat it for several formats at once.
    #[arg(long, short, value_name = "[FORMAT=]FILE", action = clap::ArgAction::Append)]
    output: Vec<String>,

    /// What controls left unknown by undecided checks do: `ignore`, or `fail` (the exit code is
    /// 1) [default: ignore, or `[scan] unknown` of mamori.toml].
    #[arg(long, value_enum, value_name = "POLICY")]
    unknown: Option<UnknownArg>,

    #[command(flatten)]
    settings: SettingsArgs,

    #[command(flatten)]
    aws: AwsArgs,

    /// Whether paths were given (with --aws and no paths, only the account is judged).
    #[arg(skip)]
    paths_given: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ComplianceFormat {
    Text,
    Json,
    Markdown,
    Html,
}

/// Reading a live AWS account.
#[derive(clap::Args, Clone, Default)]
struct AwsArgs {
    /// Read the live AWS account through its read-only APIs (Describe*, List*, Get*), with the
    /// standard credential chain.
    #[arg(long)]
    aws: bool,

    /// A region to read; repeat it for several, or give `all` for every region enabled for the
    /// account [default: AWS_REGION, else the profile's region].
    #[arg(long, value_name = "REGION", action = clap::ArgAction::Append, requires = "aws")]
    region: Vec<String>,

    /// The profile of the AWS config and credentials files (SSO, credential_process and role
    /// profiles work) [default: AWS_PROFILE, else `default`].
    #[arg(long, value_name = "NAME", requires = "aws")]
    profile: Option<String>,

    /// AWS requests in flight at most, across regions and services.
    #[arg(long, value_name = "N", default_value_t = mamori_aws::DEFAULT_CONCURRENCY as u64, value_parser = clap::value_parser!(u64).range(1..=256))]
    aws_concurrency: u64,

    /// Send every AWS request to this endpoint (an emulator such as moto) [default:
    /// AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL, else the service's own].
    #[arg(long, value_name = "URL", requires = "aws")]
    endpoint_url: Option<String>,

    /// Seconds one AWS request may take before it is retried.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    aws_timeout: u64,
}

impl AwsArgs {
    fn options(&self) -> mamori_aws::Options {
        mamori_aws::Options {
            regions: self.region.clone(),
            profile: self.profile.clone(),
            concurrency: self.aws_concurrency as usize,
            endpoint_url: self.endpoint_url.clone(),
            timeout: std::time::Duration::from_secs(self.aws_timeout),
            progress: std::io::stderr().is_terminal() && std::env::var_os("CI").is_none(),
        }
    }
}

#[derive(clap::Args)]
struct InventoryArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,

    #[command(flatten)]
    aws: AwsArgs,
}

#[derive(clap::Args)]
struct ScanArgs {
    /// Files and folders to scan; `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format of the report on standard output (or in `--output FILE`) [default: text, or
    /// `[output] format` of mamori.toml].
    #[arg(long, short, value_parser = KindParser, value_name = "FORMAT")]
    format: Option<OutputKind>,

    /// Write the report to FILE instead of standard output; or, as `FORMAT=FILE`, also write a
    /// report in FORMAT to FILE. Repeat it for several formats at once.
    #[arg(long, short, value_name = "[FORMAT=]FILE", action = clap::ArgAction::Append)]
    output: Vec<String>,

    /// The lowest severity reported and counted for the exit code [default: info, or
    /// `[scan] min_severity` of mamori.toml].
    #[arg(long, value_enum)]
    severity: Option<SeverityArg>,

    /// Also list the checks that could not be decided because a value was unknown.
    #[arg(long)]
    show_unknown: bool,

    /// What checks left undecided by an unknown value do: `ignore` (listed with --show-unknown
    /// only) or `fail` (always listed, reported as failures, and the exit code is 1) [default:
    /// ignore, or `[scan] unknown` of mamori.toml].
    #[arg(long, value_enum, value_name = "POLICY")]
    unknown: Option<UnknownArg>,

    /// Also list the findings that suppressions silenced, with who silenced them and why.
    #[arg(long)]
    show_suppressed: bool,

    /// Print only the summary (text format).
    #[arg(long, short)]
    quiet: bool,

    /// Report only findings this baseline file does not hold (written by `--baseline-write`).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,

    /// Record this scan's findings in FILE as the baseline; they are then treated as known.
    #[arg(long, value_name = "FILE")]
    baseline_write: Option<PathBuf>,

    #[command(flatten)]
    settings: SettingsArgs,

    #[command(flatten)]
    aws: AwsArgs,

    /// A Terraform state file (format version 4) whose resources' ARNs link live findings to
    /// their Terraform addresses.
    #[arg(long, value_name = "FILE", requires = "aws")]
    tf_state: Option<PathBuf>,

    /// Whether paths were given (with --aws and no paths, only the account is scanned).
    #[arg(skip)]
    paths_given: bool,
}

fn parse_kind(s: &str) -> Result<OutputKind, String> {
    OutputKind::parse(s).ok_or_else(|| {
        let names: Vec<&str> = OutputKind::ALL.iter().map(|k| k.name()).collect();
        format!("unknown format `{s}`; one of: {}", names.join(", "))
    })
}

/// Parses `--format` with `parse_kind` and tells `--help` every format's name.
#[derive(Clone)]
struct KindParser;

impl clap::builder::TypedValueParser for KindParser {
    type Value = OutputKind;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<OutputKind, clap::Error> {
        let parse: fn(&str) -> Result<OutputKind, String> = parse_kind;
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            OutputKind::ALL
                .iter()
                .map(|k| clap::builder::PossibleValue::new(k.name())),
        ))
    }
}

/// Where each report goes: `None` is standard output. `FORMAT=FILE` outputs come from the
/// command line, or from the configuration when the command line names none.
fn destinations<K: Copy>(
    format: K,
    outputs: &[String],
    parse: impl Fn(&str) -> Option<K>,
    configured: Vec<(K, PathBuf)>,
) -> Vec<(K, Option<PathBuf>)> {
    let mut main = (format, None);
    let mut extra = Vec::new();
    for o in outputs {
        match o.split_once('=').and_then(|(k, f)| parse(k).map(|k| (k, f))) {
            Some((kind, file)) => extra.push((kind, Some(PathBuf::from(file)))),
            None => main.1 = Some(PathBuf::from(o)),
        }
    }
    if extra.is_empty() {
        extra = configured.into_iter().map(|(k, f)| (k, Some(f))).collect();
    }
    let mut all = vec![main];
    all.extend(extra);
    all
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
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
    let parsed = cmd.try_get_matches_from(&raw).and_then(|m| {
        let mut cli = Cli::from_arg_matches(&m)?;
        if let Some((_, sub)) = m.subcommand() {
            match &mut cli.command {
                Command::Scan(a) => {
                    a.settings.order_vars(sub);
                    a.paths_given = sub.value_source("paths") == Some(clap::parser::ValueSource::CommandLine);
                }
                Command::Compliance(a) => {
                    a.settings.order_vars(sub);
                    a.paths_given = sub.value_source("paths") == Some(clap::parser::ValueSource::CommandLine);
                }
                Command::Suppressions(a) => a.settings.order_vars(sub),
                _ => {}
            }
        }
        Ok(cli)
    });
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
            // Said in the language of the locale, the one asked for being unknown.
            match (resolve_lang(None), cli.lang.as_deref()) {
                (Ok(Lang::Ja), Some(f)) => {
                    eprintln!("mamori: 言語 `{f}` は使えません。`en` か `ja` を指定してください")
                }
                _ => eprintln!("mamori: {msg}"),
            }
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let code = match cli.command {
        Command::Scan(args) => scan(args, lang, cli.color),
        Command::Rules { format } => rules(format, lang),
        Command::Explain { rule } => explain(&rule, lang),
        Command::Compliance(args) => compliance(args, lang, cli.color),
        Command::Suppressions(args) => suppressions(args, lang),
        Command::Inventory(args) => inventory(args, lang),
        Command::Init { dir, force } => init::run(&dir, force, lang),
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

/// What scanning the inputs and running the rules gives, shared by the commands that scan.
struct Scanned {
    input: mamori_iac::ScanInput,
    inventory: Inventory,
    /// Its findings are those no suppression silenced.
    outcome: mamori_rules::Outcome,
    /// Input files that failed to parse, and files skipped for a reason worth knowing.
    errors: Vec<InputError>,
    notes: Vec<InputError>,
    silenced: Vec<mamori_report::SuppressedFinding>,
    directives: Vec<suppress::Directive>,
    /// Whether other scanners' comments were met, and whether they counted.
    foreign_seen: bool,
    foreign_on: bool,
    resolved: config::Resolved,
    /// The folder of the `mamori.toml` read (the current folder when none was).
    config_dir: PathBuf,
}

/// How a command scans.
struct PipelineArgs<'a> {
    paths: &'a [PathBuf],
    settings: &'a SettingsArgs,
    /// `--severity`, when given.
    min_severity: Option<Severity>,
    /// Run every rule whatever its severity (compliance, audits).
    every_severity: bool,
    /// Print where the settings came from and the notes on standard error.
    chatty: bool,
    /// The language of those messages.
    lang: Lang,
    /// What a live AWS scan read, judged with the paths' resources.
    live: Option<&'a Live>,
}

/// What a live AWS scan read, and where its resources came from.
struct Live {
    collected: mamori_aws::Collected,
    links: std::collections::HashMap<String, mamori_aws::links::Link>,
}

impl Live {
    /// Reads the account (and the Terraform state that links it to source). `Err`: the message,
    /// already in the user's language, to print.
    fn read(aws: &AwsArgs, tf_state: Option<&PathBuf>, lang: Lang) -> Result<Live, String> {
        let state = match tf_state {
            None => Default::default(),
            Some(p) => std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read the Terraform state {}: {e}", p.display()))
                .and_then(|t| {
                    mamori_aws::links::terraform_state(&t)
                        .map_err(|e| format!("cannot read the Terraform state {}: {e}", p.display()))
                })
                .map_err(|e| note(lang, &e).into_owned())?,
        };
        let collected = mamori_aws::collect(&aws.options()).map_err(|e| note(lang, &e).into_owned())?;
        let links = mamori_aws::links::links(&collected.resources, &state);
        Ok(Live { collected, links })
    }

    fn summary(&self) -> mamori_report::AwsSummary {
        let c = &self.collected;
        mamori_report::AwsSummary {
            account: c.account.clone(),
            regions: c.regions.clone(),
            requests: c.requests,
            retries: c.retries,
            unread: c
                .gaps
                .iter()
                .map(|g| mamori_report::UnreadCall {
                    region: g.region.clone(),
                    call: g.call.clone(),
                    reason: mamori_aws::gap_reason(g),
                    resources: g.unread.iter().fold(Vec::new(), |mut v, u| {
                        if !v.contains(&u.address) {
                            v.push(u.address.clone());
                        }
                        v
                    }),
                })
                .collect(),
        }
    }
}

/// Loads the settings, reads the paths (`-` is standard input), builds the inventory, runs the
/// rules and applies the suppressions. `Err` is an exit code, the message already printed.
fn scan_pipeline(a: PipelineArgs<'_>) -> Result<Scanned, u8> {
    let settings = a.settings;
    let from_env = std::env::var_os("MAMORI_CONFIG").map(PathBuf::from);
    let explicit = settings.config.as_deref().or(from_env.as_deref());
    let source = config::source(explicit, settings.no_config, a.paths);
    let lang = a.lang;
    let mut loaded = match config::load(source) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("mamori: {}", note(lang, &e));
            return Err(EXIT_ERROR);
        }
    };
    if let Some(p) = settings.pss_profile {
        loaded.config.params.pss_profile = match p {
            PssProfileArg::Baseline => "baseline",
            PssProfileArg::Restricted => "restricted",
        }
        .to_string();
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let config_dir = loaded
        .path
        .as_ref()
        .and_then(|p| p.parent())
        .map_or_else(|| cwd.clone(), |d| cwd.join(d));
    if let Some(path) = &loaded.path {
        for w in &loaded.warnings {
            match lang {
                Lang::En => eprintln!("mamori: warning: {}: {w}", path.display()),
                Lang::Ja => eprintln!("mamori: 警告: {}: {}", path.display(), note(lang, w)),
            }
        }
        if a.chatty {
            match lang {
                Lang::En => eprintln!("note: settings read from {}", path.display()),
                Lang::Ja => eprintln!("注記: 設定を {} から読み込みました", path.display()),
            }
        }
    }
    let mut excludes = Vec::new();
    for (base, pats) in [
        (config_dir.clone(), &loaded.config.scan.exclude),
        (cwd.clone(), &settings.exclude),
    ] {
        for p in pats {
            match suppress::path_glob(p) {
                Ok(g) => excludes.push((base.clone(), g)),
                Err(e) => {
                    eprintln!("mamori: --exclude `{p}`: {}", note(lang, &e));
                    return Err(EXIT_ERROR);
                }
            }
        }
    }
    let exclude: Option<mamori_iac::scan::ExcludeFn> = (!excludes.is_empty()).then(|| {
        let cwd = cwd.clone();
        std::sync::Arc::new(move |p: &std::path::Path| {
            excludes
                .iter()
                .any(|(base, g)| g.is_match(&suppress::relative(p, base, &cwd)))
        }) as mamori_iac::scan::ExcludeFn
    });
    let mut paths = Vec::new();
    let mut stdin = None;
    for p in a.paths {
        if p.as_os_str() == "-" {
            let mut s = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                match lang {
                    Lang::En => eprintln!("mamori: cannot read standard input: {e}"),
                    Lang::Ja => eprintln!("mamori: 標準入力を読み込めません: {e}"),
                }
                return Err(EXIT_ERROR);
            }
            stdin = Some(s);
        } else {
            paths.push(p.clone());
        }
    }
    let cfn_parameters = settings
        .cfn_parameters
        .iter()
        .map(|a| mamori_iac::cloudformation::parameters::ParameterFile::from_arg(a))
        .collect();
    let terraform_inputs = match settings.terraform_inputs() {
        Ok(i) => i,
        Err(e) => {
            eprintln!("mamori: {}", note(lang, &e));
            return Err(EXIT_ERROR);
        }
    };
    let input = match mamori_iac::scan(&ScanOptions {
        paths,
        stdin,
        exclude,
        cfn_parameters,
        terraform_inputs,
    }) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("mamori: {}", note(lang, &e));
            return Err(EXIT_ERROR);
        }
    };
    let mut inventory = Inventory::new();
    inventory.extend(input.resources.iter().cloned());
    if let Some(live) = a.live {
        inventory.extend(live.collected.resources.iter().cloned());
    }
    let resolved = loaded.resolved;
    let mut selection = resolved.selection.clone();
    selection.min_severity = if a.every_severity {
        None
    } else {
        Some(a.min_severity.or(resolved.min_severity).unwrap_or(Severity::Info))
    };
    let mut outcome = mamori_rules::run(&inventory, &mamori_rules::all(), &loaded.config.params, &selection);
    if let Some(live) = a.live {
        // Fail closed: what the account did not let us read is undecided, never passing.
        let unread = mamori_aws::unread_checks(&live.collected.gaps);
        mamori_rules::fail_closed(&mut outcome, &mamori_rules::all(), &selection, &unread);
        for r in outcome
            .findings
            .iter_mut()
            .map(|f| &mut f.resource)
            .chain(outcome.undecided.iter_mut().map(|u| &mut u.resource))
            .chain(outcome.passes.iter_mut().map(|p| &mut p.resource))
        {
            mamori_aws::links::annotate(r, &live.links);
        }
    }

    let foreign_on = settings
        .honour_foreign_ignores
        .unwrap_or(loaded.config.scan.honour_foreign_ignores);
    let opts = suppress::Options {
        inline: !settings.no_inline_suppressions && loaded.config.scan.inline_suppressions,
        foreign: foreign_on,
        config: &resolved.suppress,
        config_dir: config_dir.clone(),
        config_file: loaded
            .path
            .as_ref()
            .map_or_else(|| config::FILE_NAME.to_string(), |p| p.display().to_string()),
        cwd: cwd.clone(),
        today: suppress::Date::today(),
    };
    let sources: Vec<(&str, &str)> = input.sources.iter().map(|(k, v)| (&**k, &*v.text)).collect();
    let foreign_seen = opts.inline
        && suppress::inline_directives(&sources, &input.resources, opts.today)
            .iter()
            .any(suppress::Directive::is_foreign);
    let applied = suppress::apply(std::mem::take(&mut outcome.findings), &opts, &sources, &input.resources);
    outcome.findings = applied.kept;
    let silenced = applied
        .silenced
        .into_iter()
        .map(|x| {
            let d = &applied.directives[x.by];
            mamori_report::SuppressedFinding {
                finding: x.finding,
                by: mamori_report::Suppression {
                    syntax: d.syntax_name(),
                    in_source: d.scope != suppress::Scope::Config,
                    reason: d.reason.clone(),
                    until: d.until.map(|u| u.to_string()),
                    at: format!("{}:{}", d.path, d.line),
                },
            }
        })
        .collect();

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
    let mut notes = diagnostics(Level::Note);
    for d in &applied.directives {
        let message = if let Some(problem) = &d.problem {
            format!("suppression ignored: {problem}")
        } else if d.expired(opts.today) {
            format!(
                "suppression of {} expired on {}: its findings are reported again",
                d.targets.join(","),
                d.until.map(|u| u.to_string()).unwrap_or_default()
            )
        } else {
            continue;
        };
        notes.push(InputError {
            path: d.path.clone(),
            line: d.line,
            col: 1,
            message,
        });
    }
    let mut errors = errors;
    let mut silenced: Vec<mamori_report::SuppressedFinding> = silenced;
    if !input.sensitive.is_empty() {
        let secrets = &input.sensitive;
        outcome.findings.iter_mut().for_each(|f| sensitive::finding(f, secrets));
        silenced
            .iter_mut()
            .for_each(|x| sensitive::finding(&mut x.finding, secrets));
        outcome
            .undecided
            .iter_mut()
            .for_each(|u| sensitive::undecided(u, secrets));
        errors
            .iter_mut()
            .chain(notes.iter_mut())
            .for_each(|e| sensitive::input_error(e, secrets));
    }
    if a.chatty {
        let label = match lang {
            Lang::En => "note",
            Lang::Ja => "注記",
        };
        for n in &notes {
            eprintln!("{label}: {}:{}:{}: {}", n.path, n.line, n.col, note(lang, &n.message));
        }
    }
    Ok(Scanned {
        input,
        inventory,
        outcome,
        errors,
        notes,
        silenced,
        directives: applied.directives,
        foreign_seen,
        foreign_on,
        resolved,
        config_dir,
    })
}

fn use_color(color: ColorChoice, to_terminal: bool) -> bool {
    match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn scan(args: ScanArgs, lang: Lang, color: ColorChoice) -> u8 {
    let started = Instant::now();
    // The format decides how chatty the scan is, so the configuration's is needed first: it is
    // known only after loading; text unless one of them says otherwise.
    let chatty_format = args.format.unwrap_or(OutputKind::Text) == OutputKind::Text;
    let live = if args.aws.aws {
        match Live::read(&args.aws, args.tf_state.as_ref(), lang) {
            Ok(l) => Some(l),
            Err(e) => {
                eprintln!("mamori: {e}");
                return EXIT_ERROR;
            }
        }
    } else {
        None
    };
    // With --aws and no paths, only the account is scanned.
    let paths: &[PathBuf] = if live.is_some() && !args.paths_given {
        &[]
    } else {
        &args.paths
    };
    let scanned = match scan_pipeline(PipelineArgs {
        paths,
        settings: &args.settings,
        min_severity: args.severity.map(Severity::from),
        every_severity: false,
        chatty: chatty_format && !args.quiet,
        lang,
        live: live.as_ref(),
    }) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Scanned {
        input,
        inventory: _,
        mut outcome,
        errors,
        notes,
        silenced,
        directives: _,
        foreign_seen,
        foreign_on,
        resolved,
        config_dir,
    } = scanned;
    let threshold = args
        .severity
        .map(Severity::from)
        .or(resolved.min_severity)
        .unwrap_or(Severity::Info);
    let format = args.format.or(resolved.format).unwrap_or(OutputKind::Text);

    // Baselines: write this scan's findings, then leave out the known ones.
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut baselined = 0;
    if let Some(path) = &args.baseline_write {
        let base = path.parent().map_or_else(|| cwd.clone(), |d| cwd.join(d));
        let keyer = baseline::Keyer { base: &base, cwd: &cwd };
        let all: Vec<&mamori_model::Finding> = outcome.findings.iter().collect();
        if let Err(e) = write_out(Some(path), &baseline::write(&all, &keyer)) {
            eprintln!("mamori: {}", note(lang, &e));
            return EXIT_ERROR;
        }
        if chatty_format && !args.quiet {
            match lang {
                Lang::En => eprintln!(
                    "note: {} findings recorded in the baseline {}",
                    all.len(),
                    path.display()
                ),
                Lang::Ja => eprintln!(
                    "注記: {} 件の検出をベースライン {} に記録しました",
                    all.len(),
                    path.display()
                ),
            }
        }
    }
    let known_from = args.baseline.as_ref().or(args.baseline_write.as_ref());
    if let Some(path) = known_from {
        let known = if args.baseline.is_some() {
            match std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))
                .and_then(|t| baseline::read(&t).map_err(|e| format!("{}: {e}", path.display())))
            {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("mamori: {}", note(lang, &e));
                    return EXIT_ERROR;
                }
            }
        } else {
            Default::default()
        };
        let base = path.parent().map_or_else(|| cwd.clone(), |d| cwd.join(d));
        let keyer = baseline::Keyer { base: &base, cwd: &cwd };
        let before = outcome.findings.len();
        if args.baseline_write.is_some() {
            // Everything just recorded is known.
            outcome.findings.clear();
        } else {
            outcome.findings.retain(|f| !known.contains(&keyer.entry(f).key));
        }
        baselined = before - outcome.findings.len();
    }

    let resources = input.resources.len() + live.as_ref().map_or(0, |l| l.collected.resources.len());
    let summary = Summary {
        files_scanned: input.count(|s| *s == FileStatus::Scanned),
        files_skipped: input.count(|s| matches!(s, FileStatus::Skipped(_))),
        files_failed: input.count(|s| *s == FileStatus::Failed),
        resources,
        rules_run: outcome.rules_run,
        checks_passed: outcome.passed,
        duration: started.elapsed(),
        threshold: Some(threshold),
        suppressed: silenced.len(),
        suppressed_foreign: silenced.iter().filter(|x| x.by.syntax != "mamori").count(),
        foreign_ignores: foreign_seen.then_some(foreign_on),
        baselined,
        unknown_fails: UnknownArg::fails(args.unknown, resolved.unknown_fails),
        aws: live.as_ref().map(Live::summary),
    };
    let unknown_fails = summary.unknown_fails;
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
        .filter(|m| resolved.selection.runs(m))
        .map(|m| (m, resolved.selection.severity_of(m)))
        .filter(|(_, sev)| *sev >= threshold)
        .map(|(m, severity)| RuleInfo {
            id: m.id,
            name: m.name,
            title: m.title(),
            severity,
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
        suppressed: &silenced,
    };
    let configured: Vec<(OutputKind, PathBuf)> = resolved.files.iter().map(|(k, f)| (*k, config_dir.join(f))).collect();
    for (kind, path) in destinations(format, &args.output, OutputKind::parse, configured) {
        let to_terminal = path.is_none() && std::io::stdout().is_terminal();
        let options = TextOptions {
            color: kind == OutputKind::Text && use_color(color, to_terminal),
            quiet: args.quiet,
            show_unknown: args.show_unknown,
            show_suppressed: args.show_suppressed,
        };
        let rendered = mamori_report::render(kind, &report, options);
        if let Err(e) = write_out(path.as_ref(), &rendered) {
            eprintln!("mamori: {}", note(lang, &e));
            return EXIT_ERROR;
        }
    }
    if !errors.is_empty() {
        EXIT_ERROR
    } else if !outcome.findings.is_empty() || (unknown_fails && !outcome.undecided.is_empty()) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// `mamori inventory --aws`: what the account holds, counted.
fn inventory(args: InventoryArgs, lang: Lang) -> u8 {
    if !args.aws.aws {
        eprintln!(
            "mamori: {}",
            note(lang, "the inventory lists a live AWS account: give --aws")
        );
        return EXIT_ERROR;
    }
    let live = match Live::read(&args.aws, None, lang) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("mamori: {e}");
            return EXIT_ERROR;
        }
    };
    let c = &live.collected;
    let rows = mamori_aws::inventory::rows(&c.resources);
    let text = match args.format {
        ListFormat::Text => mamori_aws::inventory::text(&rows, c.account.as_deref(), lang == Lang::Ja),
        ListFormat::Json => {
            let mut v = mamori_aws::inventory::json(&rows, c.account.as_deref(), &c.regions);
            let s = live.summary();
            v["unread"] = serde_json::json!(
                s.unread
                    .iter()
                    .map(|u| serde_json::json!({
                        "region": u.region,
                        "call": u.call,
                        "reason": mamori_report::reasons::reason(lang, &u.reason),
                        "resources": u.resources,
                    }))
                    .collect::<Vec<_>>()
            );
            v["requests"] = serde_json::json!(c.requests);
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
    };
    print!("{text}");
    if args.format == ListFormat::Text && !c.gaps.is_empty() {
        for g in &c.gaps {
            eprintln!(
                "mamori: {}",
                mamori_report::reasons::reason(lang, &mamori_aws::gap_reason(g))
            );
        }
    }
    EXIT_CLEAN
}

/// `mamori compliance`: every current control of the framework, in its order, with a status.
fn compliance(args: ComplianceArgs, lang: Lang, color: ColorChoice) -> u8 {
    use mamori_report::compliance::{self as comp, ComplianceReport, ControlInput, Evidence, MappedRule, Status};
    let Some(framework) = mamori_rules::framework(&args.framework) else {
        match lang {
            Lang::En => eprintln!("mamori: unknown framework `{}`", args.framework),
            Lang::Ja => eprintln!("mamori: フレームワーク `{}` はありません", args.framework),
        }
        return EXIT_ERROR;
    };
    let chatty = args.format == ComplianceFormat::Text;
    let live = if args.aws.aws {
        match Live::read(&args.aws, None, lang) {
            Ok(l) => Some(l),
            Err(e) => {
                eprintln!("mamori: {e}");
                return EXIT_ERROR;
            }
        }
    } else {
        None
    };
    let paths: &[PathBuf] = if live.is_some() && !args.paths_given {
        &[]
    } else {
        &args.paths
    };
    // Every rule runs, whatever its severity: a control is judged by all the rules mapped to it.
    let scanned = match scan_pipeline(PipelineArgs {
        paths,
        settings: &args.settings,
        min_severity: None,
        every_severity: true,
        chatty,
        lang,
        live: live.as_ref(),
    }) {
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
                .filter(|m| scanned.resolved.selection.runs(m))
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
    let parse = |s: &str| ComplianceFormat::from_str(s, true).ok();
    for (kind, path) in destinations(args.format, &args.output, parse, Vec::new()) {
        let to_terminal = path.is_none() && std::io::stdout().is_terminal();
        let text = match kind {
            ComplianceFormat::Text => comp::render_text(&report, use_color(color, to_terminal)),
            ComplianceFormat::Json => comp::render_json(&report),
            ComplianceFormat::Markdown => comp::render_markdown(&report),
            ComplianceFormat::Html => mamori_report::html::render_compliance(&report),
        };
        if let Err(e) = write_out(path.as_ref(), &text) {
            eprintln!("mamori: {}", note(lang, &e));
            return EXIT_ERROR;
        }
    }
    let unknown_fails = UnknownArg::fails(args.unknown, scanned.resolved.unknown_fails);
    if !scanned.errors.is_empty() {
        EXIT_ERROR
    } else if report
        .controls
        .iter()
        .any(|c| c.status == Status::Fail || (unknown_fails && c.status == Status::Unknown && !c.undecided.is_empty()))
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Who last changed a line, from `git blame`: `author <mail>, YYYY-MM-DD`. `None` outside a
/// git work tree or when git is missing.
fn blame(path: &str, line: u32, lang: Lang) -> Option<String> {
    let p = std::path::Path::new(path);
    let dir = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["blame", "--porcelain", "-L", &format!("{line},{line}"), "--"])
        .arg(p.file_name()?)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k).map(|v| v.trim().to_string()))
    };
    let author = field("author ")?;
    if author == "Not Committed Yet" {
        return Some(
            match lang {
                Lang::En => "(not committed yet)",
                Lang::Ja => "（未コミット）",
            }
            .into(),
        );
    }
    let mail = field("author-mail ").unwrap_or_default();
    let date = field("author-time ")
        .and_then(|t| t.parse::<i64>().ok())
        .map(|t| suppress::Date::from_unix(t).to_string())
        .unwrap_or_default();
    Some(format!("{author} {mail}, {date}"))
}

/// `mamori suppressions`: every suppression, whether it holds, what it silenced, who wrote it.
/// Exits 1 when one is invalid, expired, unused or gives no reason.
fn suppressions(args: SuppressionsArgs, lang: Lang) -> u8 {
    let scanned = match scan_pipeline(PipelineArgs {
        paths: &args.paths,
        settings: &args.settings,
        min_severity: None,
        every_severity: true,
        chatty: false,
        lang,
        live: None,
    }) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let today = suppress::Date::today();
    let ja = lang == Lang::Ja;
    struct Row {
        d: suppress::Directive,
        status: &'static str,
        detail: String,
        author: Option<String>,
    }
    let mut rows = Vec::new();
    for d in scanned.directives {
        let (status, detail) = if let Some(p) = &d.problem {
            ("invalid", note(lang, p).into_owned())
        } else if d.expired(today) {
            (
                "expired",
                format!(
                    "{} {}",
                    if ja { "期限切れ:" } else { "expired on" },
                    d.until.map(|u| u.to_string()).unwrap_or_default()
                ),
            )
        } else if d.used == 0 {
            (
                "unused",
                if ja {
                    "抑制した検出がありません"
                } else {
                    "silences no finding"
                }
                .to_string(),
            )
        } else if d.reason.is_none() {
            (
                "no-reason",
                if ja {
                    "理由がありません"
                } else {
                    "gives no reason"
                }
                .to_string(),
            )
        } else {
            let n = d.used;
            (
                "active",
                if ja {
                    format!("{n} 件を抑制")
                } else {
                    format!("silences {n} finding{}", if n == 1 { "" } else { "s" })
                },
            )
        };
        let author = if args.no_blame {
            None
        } else {
            blame(&d.path, d.line, lang)
        };
        rows.push(Row {
            d,
            status,
            detail,
            author,
        });
    }
    let problems = rows.iter().filter(|r| r.status != "active").count();
    let text = match args.format {
        ListFormat::Json => {
            let v: Vec<_> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "path": r.d.path,
                        "line": r.d.line,
                        "syntax": r.d.syntax_name(),
                        "where": if r.d.scope == suppress::Scope::Config { "config" } else { "source" },
                        "targets": r.d.targets,
                        "rules": r.d.rules,
                        "reason": r.d.reason,
                        "until": r.d.until.map(|u| u.to_string()),
                        "status": r.status,
                        "detail": r.detail,
                        "silenced": r.d.used,
                        "author": r.author,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({
                "version": 1,
                "suppressions": v,
                "summary": { "total": rows.len(), "problems": problems },
            }))
            .unwrap_or_default()
                + "\n"
        }
        ListFormat::Text => {
            let mut s = String::new();
            for r in &rows {
                s.push_str(&format!(
                    "{}:{}  [{}] {}  {}\n",
                    r.d.path,
                    r.d.line,
                    r.status,
                    r.d.targets.join(","),
                    r.detail
                ));
                let (reason_l, until_l, by_l, via_l) = if ja {
                    ("理由", "期限", "作成者", "書式")
                } else {
                    ("reason", "until", "by", "syntax")
                };
                s.push_str(&format!("    {reason_l}: {}\n", r.d.reason.as_deref().unwrap_or("-")));
                if let Some(u) = r.d.until {
                    s.push_str(&format!("    {until_l}: {u}\n"));
                }
                s.push_str(&format!("    {via_l}: {}\n", r.d.syntax_name()));
                if let Some(a) = &r.author {
                    s.push_str(&format!("    {by_l}: {a}\n"));
                }
            }
            if ja {
                s.push_str(&format!("抑制 {} 件、要対応 {problems} 件\n", rows.len()));
            } else {
                s.push_str(&format!("{} suppressions, {problems} needing attention\n", rows.len()));
            }
            s
        }
    };
    if let Err(e) = write_out(None, &text) {
        eprintln!("mamori: {}", note(lang, &e));
        return EXIT_ERROR;
    }
    if !scanned.errors.is_empty() {
        EXIT_ERROR
    } else if problems > 0 {
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
            eprintln!("mamori: {}", note(lang, &e));
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
            // Like `write_out`, a reader that stopped reading (`| head`) is not an error.
            let _ = writeln!(std::io::stdout());
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("mamori: {}", note(lang, &e));
            EXIT_ERROR
        }
    }
}
