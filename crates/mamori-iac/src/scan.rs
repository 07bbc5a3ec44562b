//! The IaC side of a scan: from paths to resources, diagnostics and per-file status.

use crate::discover::{self, FileClass};
use crate::source::SourceFile;
use crate::tree::{self, Node};
use crate::{
    AdapterOutput, Diagnostic, Level, cloudformation, dockerfile, ec2_json, ecr_json, ecs_json, eks_json, eksctl,
    guardduty_json, iam_json, kms_json, kubernetes, logs_json, secretsmanager_json, ssm_json, terraform,
};
use mamori_model::Resource;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are skipped with a note rather than read.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Tells whether a path met while walking a folder is left out (files named directly are not
/// asked).
pub type ExcludeFn = Arc<dyn Fn(&Path) -> bool + Send + Sync>;

#[derive(Clone, Default)]
pub struct ScanOptions {
    /// Files and folders to scan.
    pub paths: Vec<PathBuf>,
    /// The text of standard input, when `-` was given.
    pub stdin: Option<String>,
    /// Files and folders left out of a walk.
    pub exclude: Option<ExcludeFn>,
    /// Files of values for CloudFormation templates' parameters (`--cfn-parameters`).
    pub cfn_parameters: Vec<cloudformation::parameters::ParameterFile>,
    /// Values of Terraform input variables (`TF_VAR_…`, `--var-file`, `--var`), given to every
    /// Terraform root module.
    pub terraform_inputs: terraform::inputs::Inputs,
}

/// What became of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileStatus {
    /// Read by an adapter.
    Scanned,
    /// Not a kind of file mamori reads; the reason says what it was taken for.
    Skipped(String),
    /// A recognised file that could not be parsed; see the diagnostics.
    Failed,
}

/// Everything the IaC side read.
#[derive(Debug, Default)]
pub struct ScanInput {
    pub resources: Vec<Resource>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every file met, in path order, with what became of it.
    pub files: Vec<(Arc<str>, FileStatus)>,
    /// The text of every file an adapter read, for showing source lines.
    pub sources: HashMap<Arc<str>, SourceFile>,
    /// Texts the inputs hold as secrets (values of sensitive Terraform variables): no output may
    /// show them.
    pub sensitive: Vec<String>,
}

impl ScanInput {
    pub fn count(&self, pred: impl Fn(&FileStatus) -> bool) -> usize {
        self.files.iter().filter(|(_, s)| pred(s)).count()
    }
}

enum Unit {
    Document(PathBuf, FileClass),
    TerraformDir(PathBuf, Vec<PathBuf>, Vec<PathBuf>),
    /// A folder of Terraform files that another folder of the scan calls as a module: read
    /// through its callers (named here), not as a configuration of its own.
    TerraformModule(PathBuf, Vec<PathBuf>, Vec<PathBuf>, Vec<PathBuf>),
    Stdin(String),
    /// A Dockerfile by its name (`true`), or a file of another name that may be one by content.
    Dockerfile(PathBuf, bool),
    Skip(PathBuf, String),
    /// Skipped, with a note to the user (the diagnostic's message) saying what to do instead.
    SkipWithNote(PathBuf, String, String),
}

#[derive(Default)]
struct UnitResult {
    files: Vec<(Arc<str>, FileStatus)>,
    sources: Vec<SourceFile>,
    out: AdapterOutput,
    /// The templates a CloudFormation template's nested stacks read (its whole tree).
    cfn_nested: Vec<Arc<str>>,
}

/// Scans the paths (and standard input). An error is returned only when a named path does not
/// exist or cannot be listed; problems inside files are diagnostics.
pub fn scan(opts: &ScanOptions) -> Result<ScanInput, String> {
    let cfn_parameters = cloudformation::parameters::ParameterSet::load(&opts.cfn_parameters)?;
    let (tf_inputs, tf_input_result) = load_terraform_inputs(&opts.terraform_inputs)?;
    let paths = discover::walk(&opts.paths, opts.exclude.as_ref())?;
    let mut units = Vec::new();
    let mut tf_dirs: BTreeMap<PathBuf, (Vec<PathBuf>, Vec<PathBuf>)> = BTreeMap::new();
    let mut charts = HelmCharts::default();
    let patches = kustomize_patches(&paths);
    for p in paths {
        let class = discover::classify(&p);
        if matches!(class, FileClass::Json | FileClass::Yaml) {
            if let Some(k) = patches.get(&normalise(&p)) {
                units.push(Unit::Skip(
                    p,
                    format!(
                        "a Kustomize patch listed in {}, not a complete object: run `kubectl kustomize` and pipe the output into `mamori scan -` to scan the patched objects",
                        discover::display_path(k)
                    ),
                ));
                continue;
            }
            if let Some(chart) = charts.template_of(&p) {
                units.push(Unit::Skip(
                    p,
                    format!(
                        "a template of the Helm chart in {}: render it with `helm template` and pipe the output into `mamori scan -`",
                        discover::display_path(&chart)
                    ),
                ));
                continue;
            }
            if is_kustomization(&p) {
                units.push(Unit::SkipWithNote(
                    p,
                    "a Kustomize kustomization".into(),
                    "Kustomize kustomization: the manifests it lists are scanned as written, without its patches; to scan what Kustomize builds, run `kubectl kustomize <folder> | mamori scan -`".into(),
                ));
                continue;
            }
        }
        match class {
            FileClass::TerraformConfig => {
                let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
                tf_dirs.entry(dir).or_default().0.push(p);
            }
            FileClass::TerraformVars | FileClass::TerraformJson if tf_input_result.names(&p) => {
                // Read once for every module, as `--var-file`.
            }
            FileClass::TerraformVars | FileClass::TerraformJson if terraform::is_auto_loaded_var_file(&p) => {
                let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
                tf_dirs.entry(dir).or_default().1.push(p);
            }
            FileClass::TerraformVars => {
                units.push(Unit::Skip(
                    p,
                    "Terraform variable file that Terraform does not load automatically".into(),
                ));
            }
            FileClass::TerraformJson if p.to_string_lossy().to_ascii_lowercase().ends_with(".tfvars.json") => {
                units.push(Unit::Skip(
                    p,
                    "Terraform variable file that Terraform does not load automatically".into(),
                ));
            }
            FileClass::TerraformJson => {
                units.push(Unit::Skip(p, "Terraform JSON syntax is not read yet".into()));
            }
            c @ (FileClass::Json | FileClass::Yaml) => units.push(Unit::Document(p, c)),
            FileClass::Dockerfile => units.push(Unit::Dockerfile(p, true)),
            FileClass::Other if dockerfile::may_be_dockerfile(&p) => units.push(Unit::Dockerfile(p, false)),
            FileClass::Other => units.push(Unit::Skip(p, NOT_A_KIND.into())),
        }
    }
    let children = terraform_children(&tf_dirs);
    for (dir, (configs, vars)) in tf_dirs {
        if let Some(callers) = children.get(&dir).filter(|_| !configs.is_empty()) {
            units.push(Unit::TerraformModule(dir, configs, vars, callers.clone()));
        } else if configs.is_empty() {
            for v in vars {
                units.push(Unit::Skip(
                    v,
                    "variable file in a folder without Terraform configuration".into(),
                ));
            }
        } else {
            units.push(Unit::TerraformDir(dir, configs, vars));
        }
    }
    if let Some(text) = &opts.stdin {
        units.push(Unit::Stdin(text.clone()));
    }

    let mut results: Vec<UnitResult> = units
        .into_par_iter()
        .map(|u| run_unit(u, &cfn_parameters, &tf_inputs))
        .collect();
    read_nested_through_parents(&mut results);
    let mut input = ScanInput::default();
    let results = std::iter::once(tf_input_result.result).chain(results);
    let mut declared = std::collections::HashSet::new();
    for chart in charts.found() {
        input.diagnostics.push(Diagnostic::note(
            discover::display_path(&chart.join("templates")).into(),
            0,
            0,
            "Helm chart templates are not valid manifests until rendered, so they are skipped: run `helm template <release> <chart> | mamori scan -` to scan what the chart deploys",
        ));
    }
    for r in results {
        input.files.extend(r.files);
        for s in r.sources {
            input.sources.insert(s.path.clone(), s);
        }
        input.resources.extend(r.out.resources);
        input.diagnostics.extend(r.out.diagnostics);
        input.sensitive.extend(r.out.sensitive);
        declared.extend(r.out.terraform_variables);
    }
    // Terraform refuses a -var for a variable the root module does not declare; a scan holds
    // many modules, so only a name none of them declares is noted (most likely a typo).
    for c in &opts.terraform_inputs.cli {
        if let terraform::inputs::CliInput::Var { name, .. } = c
            && !declared.contains(name)
        {
            input.diagnostics.push(Diagnostic::note(
                "--var".into(),
                0,
                0,
                format!("no Terraform module scanned declares var.{name}: the value is not used"),
            ));
        }
    }
    input.sensitive.sort();
    input.sensitive.dedup();
    // A module's files are read by every configuration that calls it: each once here, failed
    // when any reading failed.
    input.files.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then((b.1 == FileStatus::Failed).cmp(&(a.1 == FileStatus::Failed)))
    });
    input.files.dedup_by(|a, b| a.0 == b.0);
    input
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    input.diagnostics.dedup();
    Ok(input)
}

fn run_unit(
    unit: Unit,
    cfn_parameters: &cloudformation::parameters::ParameterSet,
    tf_inputs: &terraform::inputs::Loaded,
) -> UnitResult {
    match unit {
        Unit::Skip(p, why) => UnitResult {
            files: vec![(discover::display_path(&p).into(), FileStatus::Skipped(why))],
            ..Default::default()
        },
        Unit::SkipWithNote(p, why, note) => {
            let name: Arc<str> = discover::display_path(&p).into();
            let mut r = UnitResult {
                files: vec![(name.clone(), FileStatus::Skipped(why))],
                ..Default::default()
            };
            r.out.diagnostics.push(Diagnostic::note(name, 0, 0, note));
            r
        }
        Unit::Document(p, class) => {
            let name: Arc<str> = discover::display_path(&p).into();
            match read(&p) {
                Ok(text) => document(name, text, Some(class), cfn_parameters, Some(&p)),
                Err(e) => UnitResult {
                    files: vec![(name, FileStatus::Skipped(e))],
                    ..Default::default()
                },
            }
        }
        Unit::Dockerfile(p, by_name) => {
            let name: Arc<str> = discover::display_path(&p).into();
            // A file of another name is read for a look at its content only when it is small.
            let large = std::fs::metadata(&p).map_or(true, |m| m.len() > dockerfile::MAX_SNIFF_BYTES);
            if !by_name && large {
                return UnitResult {
                    files: vec![(name, FileStatus::Skipped(NOT_A_KIND.into()))],
                    ..Default::default()
                };
            }
            match read(&p) {
                Ok(text) => dockerfile_unit(name, text, by_name),
                Err(e) if by_name => unreadable(name, e),
                Err(_) => UnitResult {
                    files: vec![(name, FileStatus::Skipped(NOT_A_KIND.into()))],
                    ..Default::default()
                },
            }
        }
        Unit::Stdin(text) => {
            if dockerfile::sniff(&text) {
                dockerfile_unit("-".into(), text, true)
            } else if terraform::looks_like_hcl(&text) {
                let file = SourceFile::new("-", text);
                terraform_dir(Path::new("."), vec![file], Vec::new(), tf_inputs)
            } else {
                document("-".into(), text, None, cfn_parameters, None)
            }
        }
        Unit::TerraformModule(dir, configs, vars, callers) => terraform_module(&dir, configs, vars, &callers),
        Unit::TerraformDir(dir, configs, vars) => {
            let mut failed = Vec::new();
            let mut read_all = |paths: Vec<PathBuf>| -> Vec<SourceFile> {
                let mut v = Vec::new();
                for p in paths {
                    let name: Arc<str> = discover::display_path(&p).into();
                    match read(&p) {
                        Ok(text) => v.push(SourceFile::new(name, text)),
                        Err(e) => failed.push((name, e)),
                    }
                }
                v
            };
            let configs = read_all(configs);
            let vars = read_all(vars);
            let mut r = terraform_dir(&dir, configs, vars, tf_inputs);
            for (name, e) in failed {
                let u = unreadable(name, e);
                r.files.extend(u.files);
                r.out.diagnostics.extend(u.out.diagnostics);
            }
            r
        }
    }
}

/// Which folders of Terraform files the others call as modules (`source = "./…"` or `"../…"`),
/// with their callers. Such a folder is read only through the configurations that call it. A
/// folder that no folder reached from an uncalled one calls (modules that only call each other)
/// is read on its own all the same.
fn terraform_children(tf_dirs: &BTreeMap<PathBuf, (Vec<PathBuf>, Vec<PathBuf>)>) -> HashMap<PathBuf, Vec<PathBuf>> {
    let by_norm: HashMap<PathBuf, &PathBuf> = tf_dirs
        .iter()
        .filter(|(_, (c, _))| !c.is_empty())
        .map(|(d, _)| (terraform::normalise_path(d), d))
        .collect();
    let edges: Vec<(PathBuf, Vec<PathBuf>)> = tf_dirs
        .par_iter()
        .filter(|(_, (c, _))| !c.is_empty())
        .map(|(dir, (configs, _))| {
            let files: Vec<SourceFile> = configs
                .iter()
                .filter_map(|p| read(p).ok().map(|t| SourceFile::new(discover::display_path(p), t)))
                .collect();
            let called = terraform::local_module_calls(&files)
                .into_iter()
                .filter_map(|src| by_norm.get(&terraform::normalise_path(&dir.join(src))))
                .filter(|d| **d != dir)
                .map(|d| (*d).clone())
                .collect();
            (dir.clone(), called)
        })
        .collect();
    let mut callers: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    for (from, to) in &edges {
        for t in to {
            let c = callers.entry(t.clone()).or_default();
            if !c.contains(from) {
                c.push(from.clone());
            }
        }
    }
    // Folders reached from a root (a folder no one calls) are modules; the rest are roots.
    let mut reached: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut todo: Vec<&PathBuf> = edges
        .iter()
        .filter(|(d, _)| !callers.contains_key(d))
        .map(|(d, _)| d)
        .collect();
    while let Some(d) = todo.pop() {
        for (from, to) in &edges {
            if from == d {
                for t in to {
                    if reached.insert(t.clone()) {
                        todo.push(t);
                    }
                }
            }
        }
    }
    callers.retain(|d, _| reached.contains(d));
    callers
}

/// Templates of the scan that other templates of the scan deploy as nested stacks are read
/// through those parents only, as a Terraform module folder is read through its callers: their
/// own reading is replaced by a note (its errors are kept). A template is a root when no template
/// of the scan followed it; what a root's tree followed, and what those templates follow in turn
/// (beyond the depth a tree follows), is read through the root. Templates that only deploy each
/// other (a cycle no root reaches) are read on their own.
fn read_nested_through_parents(results: &mut [UnitResult]) {
    let key = |n: &str| normalise(Path::new(n));
    // What each template unit followed.
    let trees: HashMap<PathBuf, &Vec<Arc<str>>> = results
        .iter()
        .filter_map(|r| match r.files.as_slice() {
            [(name, _)] if !r.cfn_nested.is_empty() => Some((key(name), &r.cfn_nested)),
            _ => None,
        })
        .collect();
    let followed: std::collections::HashSet<PathBuf> = trees.values().flat_map(|t| t.iter().map(|n| key(n))).collect();
    let mut roots: Vec<(&PathBuf, Arc<str>)> = results
        .iter()
        .filter_map(|r| match r.files.as_slice() {
            [(name, _)] if !r.cfn_nested.is_empty() && !followed.contains(&key(name)) => Some(name.clone()),
            _ => None,
        })
        .filter_map(|name| trees.get_key_value(&key(&name)).map(|(k, _)| (k, name)))
        .collect();
    roots.sort_by(|a, b| a.1.cmp(&b.1));
    let mut through: HashMap<PathBuf, Vec<Arc<str>>> = HashMap::new();
    for (root, name) in roots {
        let mut todo = vec![root.clone()];
        let mut seen = std::collections::HashSet::from([root.clone()]);
        while let Some(t) = todo.pop() {
            for n in trees.get(&t).map(|v| v.as_slice()).unwrap_or(&[]) {
                let k = key(n);
                if seen.insert(k.clone()) {
                    let by = through.entry(k.clone()).or_default();
                    if !by.contains(&name) {
                        by.push(name.clone());
                    }
                    todo.push(k);
                }
            }
        }
    }
    for r in results.iter_mut() {
        let [(name, _)] = r.files.as_slice() else { continue };
        let Some(by) = through.get(&key(name)) else {
            continue;
        };
        let shown = match by.len() {
            1 => by[0].to_string(),
            n => format!("{} and {} more", by[0], n - 1),
        };
        let name = name.clone();
        r.out.resources.clear();
        r.out.diagnostics.retain(|d| d.level == Level::Error);
        r.out.diagnostics.push(Diagnostic::note(
            name,
            0,
            0,
            format!(
                "this template is deployed as a nested stack in the stacks of {shown}: its resources are read through them, at their addresses and with the Parameters passed down, not as a template of its own"
            ),
        ));
    }
}

/// A folder read as a module of the configurations that call it: its files are parsed (so
/// that an error in them is reported once) but it declares nothing by itself.
fn terraform_module(dir: &Path, configs: Vec<PathBuf>, vars: Vec<PathBuf>, callers: &[PathBuf]) -> UnitResult {
    let mut r = UnitResult::default();
    let mut first: Option<Arc<str>> = None;
    for p in configs {
        let name: Arc<str> = discover::display_path(&p).into();
        first.get_or_insert_with(|| name.clone());
        match read(&p) {
            Ok(text) => {
                let file = SourceFile::new(name.clone(), text);
                let ok = terraform::parses(&file);
                // The callers' reading reports the error with its position.
                r.files
                    .push((name, if ok { FileStatus::Scanned } else { FileStatus::Failed }));
                r.sources.push(file);
            }
            Err(e) => {
                let u = unreadable(name, e);
                r.files.extend(u.files);
                r.out.diagnostics.extend(u.out.diagnostics);
            }
        }
    }
    for v in vars {
        r.files.push((
            discover::display_path(&v).into(),
            FileStatus::Skipped(
                "variable file of a folder read as a module: Terraform reads a module's inputs from its caller".into(),
            ),
        ));
    }
    let mut names: Vec<String> = callers.iter().map(|c| discover::display_path(c)).collect();
    names.sort();
    let shown = match names.len() {
        1 => names[0].clone(),
        n => format!("{} and {} more", names[0], n - 1),
    };
    if let Some(path) = first {
        r.out.diagnostics.push(Diagnostic::note(
            path,
            0,
            0,
            format!(
                "the folder {} is a Terraform module called by {shown}: its resources are read through its callers, at their addresses, not as a configuration of its own",
                discover::display_path(dir)
            ),
        ));
    }
    r
}

fn terraform_dir(
    dir: &Path,
    configs: Vec<SourceFile>,
    vars: Vec<SourceFile>,
    tf_inputs: &terraform::inputs::Loaded,
) -> UnitResult {
    let loaded = terraform::load_config(dir, &configs, &vars, tf_inputs);
    let out = loaded.out;
    let mut r = UnitResult::default();
    for f in loaded.module_files.iter() {
        let failed = out
            .diagnostics
            .iter()
            .any(|d| d.level == Level::Error && d.path == f.path);
        r.files.push((
            f.path.clone(),
            if failed {
                FileStatus::Failed
            } else {
                FileStatus::Scanned
            },
        ));
    }
    r.sources.extend(loaded.module_files);
    for f in configs.iter().chain(vars.iter()) {
        let failed = out
            .diagnostics
            .iter()
            .any(|d| d.level == Level::Error && d.path == f.path);
        r.files.push((
            f.path.clone(),
            if failed {
                FileStatus::Failed
            } else {
                FileStatus::Scanned
            },
        ));
    }
    r.sources.extend(configs.into_iter().chain(vars));
    r.out = out;
    r
}

/// The files of `--var-file`, read once for the whole scan.
struct TerraformInputFiles {
    /// Their paths, as the walk would meet them.
    paths: Vec<PathBuf>,
    /// Their status and diagnostics.
    result: UnitResult,
}

impl TerraformInputFiles {
    /// Whether a path met in the walk is one of them.
    fn names(&self, p: &Path) -> bool {
        !self.paths.is_empty() && self.paths.contains(&same_file(p))
    }
}

/// Reads the files of `--var-file`. A file that cannot be read is an error of the command line,
/// as for Terraform; one that does not parse is an error diagnostic, and its values are not
/// used.
fn load_terraform_inputs(
    inputs: &terraform::inputs::Inputs,
) -> Result<(terraform::inputs::Loaded, TerraformInputFiles), String> {
    use terraform::inputs::{CliInput, LoadedInput};
    let mut loaded = terraform::inputs::Loaded {
        env: inputs.env.clone(),
        cli: Vec::new(),
    };
    let mut files = TerraformInputFiles {
        paths: Vec::new(),
        result: UnitResult::default(),
    };
    for c in &inputs.cli {
        match c {
            CliInput::Var { name, value } => loaded.cli.push(LoadedInput::Var {
                name: name.clone(),
                value: value.clone(),
            }),
            CliInput::File(p) => {
                let name: Arc<str> = discover::display_path(p).into();
                let text = read(p).map_err(|e| format!("cannot read the variable file {name}: {e}"))?;
                let f = SourceFile::new(name.clone(), text);
                let diagnostics = terraform::check_var_file(&f);
                let failed = diagnostics.iter().any(|d| d.level == Level::Error);
                files.paths.push(same_file(p));
                if !files.result.files.iter().any(|(n, _)| *n == name) {
                    let status = if failed {
                        FileStatus::Failed
                    } else {
                        FileStatus::Scanned
                    };
                    files.result.files.push((name, status));
                    files.result.out.diagnostics.extend(diagnostics);
                    files.result.sources.push(f.clone());
                }
                if !failed {
                    loaded.cli.push(LoadedInput::File(f));
                }
            }
        }
    }
    Ok((loaded, files))
}

/// A path that names the same file whichever way it was written.
fn same_file(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| normalise(p))
}

pub(crate) fn read(p: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(p).map_err(|e| e.to_string())?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!("larger than {} MiB; not read", MAX_FILE_BYTES / 1024 / 1024));
    }
    let bytes = std::fs::read(p).map_err(|e| e.to_string())?;
    decode(bytes).ok_or_else(|| "not UTF-8 or UTF-16 text".to_string())
}

/// UTF-8 (with or without a byte order mark), or UTF-16 with a byte order mark.
fn decode(bytes: Vec<u8>) -> Option<String> {
    let utf16 = |be: bool| -> Option<String> {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).ok()
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, ..] => utf16(false),
        [0xFE, 0xFF, ..] => utf16(true),
        [0xEF, 0xBB, 0xBF, ..] => String::from_utf8(bytes[3..].to_vec()).ok(),
        _ => String::from_utf8(bytes).ok(),
    }
}

/// Whether a document that failed to parse would have held something the rules judge.
fn relevant(text: &str, is_json: bool) -> bool {
    cloudformation::names_modelled_types(text)
        || terraform::sniff_plan(text)
        || ecs_json::strong_sniff(text, is_json)
        || eks_json::strong_sniff(text)
        || ecr_json::strong_sniff(text)
        || ec2_json::strong_sniff(text)
        || kms_json::strong_sniff(text)
        || logs_json::strong_sniff(text)
        || guardduty_json::strong_sniff(text)
        || iam_json::strong_sniff(text)
        || eksctl::sniff(text)
        || kubernetes::names_modelled_kinds(text)
}

fn unreadable(name: Arc<str>, why: String) -> UnitResult {
    let mut r = UnitResult::default();
    r.out
        .diagnostics
        .push(Diagnostic::error(name.clone(), 0, 0, format!("cannot read: {why}")));
    r.files.push((name, FileStatus::Failed));
    r
}

/// How sure the text sniff is that a document is one mamori reads.
#[derive(PartialEq, Eq)]
enum Sniff {
    No,
    /// Looks like one: a parse failure is reported as an error.
    Yes,
}

/// A cheap look at the text before parsing, so that thousands of unrelated YAML files (such as
/// Kubernetes manifests) are not parsed for nothing.
fn sniff(text: &str) -> Sniff {
    if cloudformation::sniff(text)
        || terraform::sniff_plan(text)
        || ecs_json::sniff(text)
        || eks_json::sniff(text)
        || ecr_json::sniff(text)
        || ec2_json::sniff(text)
        || iam_json::sniff(text)
        || kms_json::sniff(text)
        || logs_json::sniff(text)
        || guardduty_json::sniff(text)
        || secretsmanager_json::sniff(text)
        || ssm_json::sniff(text)
        || eksctl::sniff(text)
        || kubernetes::sniff(text)
    {
        Sniff::Yes
    } else {
        Sniff::No
    }
}

/// The readers of AWS CLI output (`describe-*`, `get-*`…), tried in this order on a document that
/// is neither a template nor a Kubernetes object; the first that recognises it reads it.
const API_READERS: &[fn(&SourceFile, &Node) -> Option<AdapterOutput>] = &[
    ecs_json::adapt,
    eks_json::adapt,
    kms_json::adapt,
    logs_json::adapt,
    guardduty_json::adapt,
    ecr_json::adapt,
    ec2_json::adapt,
    iam_json::adapt,
    secretsmanager_json::adapt,
    ssm_json::adapt,
];

fn document(
    name: Arc<str>,
    text: String,
    class: Option<FileClass>,
    cfn_parameters: &cloudformation::parameters::ParameterSet,
    path: Option<&Path>,
) -> UnitResult {
    let mut r = UnitResult::default();
    if sniff(&text) == Sniff::No {
        r.files.push((name, FileStatus::Skipped(NOT_READ.into())));
        return r;
    }
    let file = SourceFile::new(name.clone(), text);
    let is_json = match class {
        Some(FileClass::Json) => true,
        Some(_) => false,
        None => matches!(file.text.trim_start().chars().next(), Some('{') | Some('[')),
    };
    let docs: Result<Vec<Node>, tree::ParseError> = if is_json {
        tree::parse_json(&file).map(|d| d.into_iter().collect())
    } else {
        tree::parse_yaml(&file)
    };
    let docs = match docs {
        Ok(d) => d,
        Err(e) => {
            if file.text.contains("{{") {
                if kubernetes::sniff(&file.text) {
                    r.out.diagnostics.push(Diagnostic::note(
                        name.clone(),
                        e.line,
                        e.col,
                        "a template (Helm or Go) that is not valid YAML until rendered, skipped: render it (`helm template …`) and pipe the output into `mamori scan -`",
                    ));
                }
                r.files.push((
                    name,
                    FileStatus::Skipped("a template (Helm or Go) that is not valid until rendered".into()),
                ));
                return r;
            }
            let kind = if is_json { "JSON" } else { "YAML" };
            let message = format!("invalid {kind}: {}", e.message);
            if relevant(&file.text, is_json) {
                r.out
                    .diagnostics
                    .push(Diagnostic::error(name.clone(), e.line, e.col, message));
                r.files.push((name, FileStatus::Failed));
                r.sources.push(file);
            } else {
                r.out.diagnostics.push(Diagnostic::note(
                    name.clone(),
                    e.line,
                    e.col,
                    format!("{message}; skipped, as it declares no resource mamori judges"),
                ));
                r.files.push((
                    name,
                    FileStatus::Skipped(format!("{kind} that does not parse, with nothing mamori judges")),
                ));
            }
            return r;
        }
    };
    let mut recognised = false;
    let mut kubernetes_objects = false;
    // What is kept for showing lines, when it differs from the file (a plan's sensitive values
    // are masked).
    let mut shown: Option<SourceFile> = None;
    for doc in &docs {
        if terraform::is_plan(doc) {
            // The configuration beside the plan, for pointing findings at its `.tf` lines.
            let dir = path.map(|p| p.parent().unwrap_or(Path::new("")));
            let dir = dir.map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d });
            if let Some(read) = terraform::adapt_plan_beside(&file, doc, dir) {
                recognised = true;
                r.out.resources.extend(read.out.resources);
                r.out.diagnostics.extend(read.out.diagnostics);
                r.sources.extend(read.configuration);
                shown = Some(read.shown);
            }
        } else if eksctl::is_cluster_config(doc) {
            recognised = true;
            let out = eksctl::adapt(&file, doc);
            r.out.resources.extend(out.resources);
            r.out.diagnostics.extend(out.diagnostics);
        } else if cloudformation::is_template(doc) {
            recognised = true;
            let (out, nested) = cloudformation::adapt_at(&file, doc, &cfn_parameters.for_template(path), path);
            r.out.resources.extend(out.resources);
            r.out.diagnostics.extend(out.diagnostics);
            r.cfn_nested.extend(nested.iter().map(|f| f.path.clone()));
            r.sources.extend(nested);
        } else if let Some(out) = kubernetes::adapt(&file, doc) {
            recognised = true;
            r.out.resources.extend(out.resources);
            r.out.diagnostics.extend(out.diagnostics);
        } else if kubernetes::is_object(doc) {
            // A Kubernetes object of a kind the model does not read (a Service, a custom
            // resource): never taken for ECS API JSON.
            kubernetes_objects = true;
        } else if let Some(out) = API_READERS.iter().find_map(|adapt| adapt(&file, doc)) {
            recognised = true;
            r.out.resources.extend(out.resources);
            r.out.diagnostics.extend(out.diagnostics);
        }
    }
    if recognised {
        r.files.push((name, FileStatus::Scanned));
        r.sources.push(shown.unwrap_or(file));
    } else if kubernetes_objects {
        r.files.push((
            name,
            FileStatus::Skipped("Kubernetes objects of kinds mamori does not read".into()),
        ));
    } else {
        r.files.push((name, FileStatus::Skipped(NOT_READ.into())));
    }
    r
}

const NOT_A_KIND: &str = "not a file kind mamori reads";

/// Reads a Dockerfile: one named so, or a file whose content is one. A template (Jinja, Go) that
/// does not read as a Dockerfile is skipped with a note.
fn dockerfile_unit(name: Arc<str>, text: String, by_name: bool) -> UnitResult {
    let mut r = UnitResult::default();
    if !by_name && (text.len() as u64 > dockerfile::MAX_SNIFF_BYTES || !dockerfile::sniff(&text)) {
        r.files.push((name, FileStatus::Skipped(NOT_A_KIND.into())));
        return r;
    }
    let file = SourceFile::new(name.clone(), text);
    let out = dockerfile::adapt(&file);
    let failed = out.diagnostics.iter().any(|d| d.level == Level::Error);
    if failed && dockerfile::is_template(&file.text) {
        r.out.diagnostics.push(Diagnostic::note(
            name.clone(),
            0,
            0,
            "a Dockerfile template (Jinja or Go) that is not a Dockerfile until rendered, skipped: render it and scan the result",
        ));
        r.files.push((
            name,
            FileStatus::Skipped("a Dockerfile template that is not valid until rendered".into()),
        ));
        return r;
    }
    r.files.push((
        name,
        if failed {
            FileStatus::Failed
        } else {
            FileStatus::Scanned
        },
    ));
    r.out = out;
    r.sources.push(file);
    r
}

const NOT_READ: &str = "not a CloudFormation template, AWS API document or Kubernetes manifest";

/// `kustomization.yaml`, `kustomization.yml` or `Kustomization`: read by Kustomize, not applied.
fn is_kustomization(p: &Path) -> bool {
    matches!(
        p.file_name().and_then(|n| n.to_str()),
        Some("kustomization.yaml" | "kustomization.yml" | "Kustomization")
    )
}

/// The patch files the kustomizations among `paths` list (`patches[].path`,
/// `patchesStrategicMerge[]`, `patchesJson6902[].path`), each with its kustomization. A patch
/// holds only the fields it changes, so judging it as an object would report every setting it
/// leaves to the base.
fn kustomize_patches(paths: &[PathBuf]) -> HashMap<PathBuf, PathBuf> {
    let mut out = HashMap::new();
    for k in paths.iter().filter(|p| is_kustomization(p)) {
        let Ok(text) = read(k) else { continue };
        let Ok(docs) = tree::parse_yaml(&SourceFile::new("kustomization", text)) else {
            continue;
        };
        let Some(doc) = docs.first() else { continue };
        let dir = k.parent().unwrap_or(Path::new(""));
        let mut add = |rel: &str| {
            // Inline patches and URLs are not files of the scan.
            if !rel.contains('\n') && !rel.contains("://") {
                out.insert(normalise(&dir.join(rel.trim())), k.clone());
            }
        };
        for key in ["patches", "patchesJson6902"] {
            for item in doc.get(key).and_then(Node::as_seq).unwrap_or(&[]) {
                if let Some(path) = item.get("path").and_then(Node::as_str) {
                    add(path);
                }
            }
        }
        for item in doc.get("patchesStrategicMerge").and_then(Node::as_seq).unwrap_or(&[]) {
            if let Some(path) = item.as_str() {
                add(path);
            }
        }
    }
    out
}

/// A path with `.` and `..` resolved lexically, for comparing paths met in different ways.
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Helm charts met while classifying files: a file under a `templates/` folder whose parent
/// holds a `Chart.yaml` is a chart template.
#[derive(Default)]
struct HelmCharts {
    /// Folders already asked, and whether each is a chart.
    known: HashMap<PathBuf, bool>,
}

impl HelmCharts {
    /// The chart folder when `p` is one of its templates.
    fn template_of(&mut self, p: &Path) -> Option<PathBuf> {
        let mut dir = p.parent();
        while let Some(d) = dir {
            if d.file_name().is_some_and(|n| n == "templates")
                && let Some(chart) = d.parent()
            {
                let is_chart = *self
                    .known
                    .entry(chart.to_path_buf())
                    .or_insert_with(|| chart.join("Chart.yaml").is_file() || chart.join("Chart.yml").is_file());
                if is_chart {
                    return Some(chart.to_path_buf());
                }
            }
            dir = d.parent();
        }
        None
    }

    /// The charts found, in path order.
    fn found(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self.known.iter().filter(|(_, c)| **c).map(|(p, _)| p.clone()).collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("mamori-scan-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn status(input: &ScanInput, suffix: &str) -> FileStatus {
        input.files.iter().find(|(p, _)| p.ends_with(suffix)).unwrap().1.clone()
    }

    #[test]
    fn a_folder_called_as_a_module_is_read_through_its_callers_only() {
        let d = tmp("tfmodules");
        let svc = "variable \"name\" {}\nresource \"aws_ecs_cluster\" \"this\" {\n  name = var.name\n}\n";
        for (path, text) in [
            ("modules/svc/main.tf", svc),
            (
                "examples/a/main.tf",
                "module \"svc\" {\n  source = \"../../modules/svc\"\n  name = \"a\"\n}\n",
            ),
            (
                "examples/b/main.tf",
                "module \"svc\" {\n  source = \"../../modules/svc\"\n  name = \"b\"\n}\n",
            ),
            // Two folders that only call each other are read on their own.
            (
                "loop/x/main.tf",
                "module \"y\" {\n  source = \"../y\"\n}\nresource \"aws_ecs_cluster\" \"x\" {\n  name = \"x\"\n}\n",
            ),
            ("loop/y/main.tf", "module \"x\" {\n  source = \"../x\"\n}\n"),
        ] {
            let p = d.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let input = scan(&ScanOptions {
            paths: vec![d.clone()],
            ..Default::default()
        })
        .unwrap();
        let mut found: Vec<(String, String)> = input
            .resources
            .iter()
            .map(|r| {
                let m = r.meta();
                let scope = m.scope.clone().unwrap_or_default();
                let scope = scope[scope.rfind("tfmodules").unwrap() + 10..].to_string();
                (scope, m.address.clone())
            })
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                ("examples/a".to_string(), "module.svc.aws_ecs_cluster.this".to_string()),
                ("examples/b".to_string(), "module.svc.aws_ecs_cluster.this".to_string()),
                ("loop/x".to_string(), "aws_ecs_cluster.x".to_string()),
                ("loop/y".to_string(), "module.x.aws_ecs_cluster.x".to_string()),
            ]
        );
        // The module's file is listed once, scanned, and a note says how it was read.
        assert_eq!(status(&input, "modules/svc/main.tf"), FileStatus::Scanned);
        assert_eq!(
            input
                .files
                .iter()
                .filter(|(p, _)| p.ends_with("modules/svc/main.tf"))
                .count(),
            1
        );
        let notes: Vec<&str> = input
            .diagnostics
            .iter()
            .filter(|d| d.path.ends_with("modules/svc/main.tf"))
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].contains("is a Terraform module called by") && notes[0].contains("and 1 more"),
            "{notes:?}"
        );
        assert!(input.sources.keys().any(|p| p.ends_with("modules/svc/main.tf")));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "{\"clusterName\": \"x\"}";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(le).as_deref(), Some(text));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(be).as_deref(), Some(text));
        assert_eq!(decode(vec![0xEF, 0xBB, 0xBF, b'a']).as_deref(), Some("a"));
        assert_eq!(decode(vec![0xC3, 0x28]), None);
    }

    #[test]
    fn unparseable_file_is_an_error_only_when_it_declares_a_modelled_resource() {
        let d = tmp("relevance");
        // A template with an ECS cluster that does not parse: an error.
        std::fs::write(
            d.join("ecs.yaml"),
            "Resources:\n  C:\n    Type: AWS::ECS::Cluster\n   Properties: [\n",
        )
        .unwrap();
        // A template with nothing mamori judges that does not parse: skipped with a note.
        std::fs::write(
            d.join("sns.yaml"),
            "Resources:\n  T:\n    Type: AWS::SNS::Topic\n   Properties: [\n",
        )
        .unwrap();
        // A Kubernetes StatefulSet mentions serviceName but is not ECS.
        std::fs::write(
            d.join("sts.yaml"),
            "kind: StatefulSet\nspec:\n  serviceName: web\n  a: [\n",
        )
        .unwrap();
        let input = scan(&ScanOptions {
            paths: vec![d.clone()],
            stdin: None,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(status(&input, "ecs.yaml"), FileStatus::Failed);
        assert!(matches!(status(&input, "sns.yaml"), FileStatus::Skipped(_)));
        assert!(matches!(status(&input, "sts.yaml"), FileStatus::Skipped(_)));
        let errors: Vec<_> = input.diagnostics.iter().filter(|d| d.level == Level::Error).collect();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].path.ends_with("ecs.yaml") && errors[0].line == 4,
            "{errors:?}"
        );
        let notes: Vec<_> = input.diagnostics.iter().filter(|d| d.level == Level::Note).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].path.ends_with("sns.yaml") && notes[1].path.ends_with("sts.yaml"));
    }

    #[test]
    fn skipped_folders_and_gitignore() {
        let d = tmp("walk");
        for sub in [".terraform", "node_modules", ".git", "kept"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
            std::fs::write(d.join(sub).join("c.json"), "{\"clusterName\": \"x\"}").unwrap();
        }
        let input = scan(&ScanOptions {
            paths: vec![d.clone()],
            stdin: None,
            ..Default::default()
        })
        .unwrap();
        let names: Vec<&str> = input.files.iter().map(|(p, _)| &**p).collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(names[0].ends_with("kept/c.json"));
    }

    #[test]
    fn kubernetes_manifests_helm_charts_and_kustomizations() {
        let d = tmp("k8s");
        let chart = d.join("chart");
        std::fs::create_dir_all(chart.join("templates/tests")).unwrap();
        std::fs::write(chart.join("Chart.yaml"), "apiVersion: v2\nname: web\nversion: 0.1.0\n").unwrap();
        // Parses, but is a template all the same.
        std::fs::write(
            chart.join("templates/pod.yaml"),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: []\n",
        )
        .unwrap();
        std::fs::write(
            chart.join("templates/tests/t.yaml"),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n",
        )
        .unwrap();
        std::fs::write(chart.join("values.yaml"), "replicaCount: 1\n").unwrap();
        std::fs::write(
            d.join("kustomization.yaml"),
            "resources:\n  - pod.yaml\npatches:\n  - path: ./patches/../patch.yaml\n  - patch: |-\n      - op: remove\n",
        )
        .unwrap();
        // A patch holds only what it changes: not judged as an object.
        std::fs::write(
            d.join("patch.yaml"),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: true\n",
        )
        .unwrap();
        std::fs::write(
            d.join("pod.yaml"),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: []\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
        )
        .unwrap();
        std::fs::write(
            d.join("svc.yaml"),
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
        )
        .unwrap();
        // A StatefulSet has `serviceName`, an ECS marker: still Kubernetes.
        std::fs::write(
            d.join("sts.json"),
            r#"{"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {"serviceName": "db", "template": {"spec": {"containers": []}}}}"#,
        )
        .unwrap();
        let input = scan(&ScanOptions {
            paths: vec![d.clone()],
            stdin: Some("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(status(&input, "k8s/pod.yaml"), FileStatus::Scanned);
        assert_eq!(status(&input, "sts.json"), FileStatus::Scanned);
        assert_eq!(status(&input, "-"), FileStatus::Scanned);
        for skipped in [
            "templates/pod.yaml",
            "templates/tests/t.yaml",
            "kustomization.yaml",
            "svc.yaml",
        ] {
            assert!(matches!(status(&input, skipped), FileStatus::Skipped(_)), "{skipped}");
        }
        let kinds: Vec<&str> = input.resources.iter().map(|r| r.meta().kind).collect();
        assert_eq!(kinds.len(), 3, "{kinds:?}");
        assert!(input.diagnostics.iter().all(|d| d.level == Level::Note));
        let notes: Vec<&str> = input.diagnostics.iter().map(|d| &*d.path).collect();
        assert_eq!(
            notes.len(),
            2,
            "one note for the chart, one for the kustomization: {notes:?}"
        );
        assert!(input.diagnostics.iter().any(|d| d.message.contains("helm template")));
        assert!(
            input
                .diagnostics
                .iter()
                .any(|d| d.message.contains("kubectl kustomize"))
        );
    }

    #[test]
    fn duplicated_yaml_keys_keep_the_last_value() {
        let f = SourceFile::new("t.yaml", "a: 1\na: 2\n");
        let docs = tree::parse_yaml(&f).unwrap();
        assert_eq!(docs[0].get("a").unwrap().scalar_text().as_deref(), Some("2"));
    }
}
