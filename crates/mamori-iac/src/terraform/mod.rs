//! Terraform: `.tf` files of one folder (a module), with its variables, `terraform.tfvars` and
//! `*.auto.tfvars`, locals and the expressions between them, into the model.
//!
//! The files are parsed with hcl-edit, which keeps the byte range of every attribute, block and
//! expression. A small evaluator ([`eval`]) resolves what can be known without a provider —
//! variables, locals, functions, `count`, `for_each` and `dynamic` blocks — and keeps the rest as
//! unknown with the reason. The mapping ([`resources`]) turns resource blocks into the model, each
//! value pointing at the expression that set it.

mod body;
mod cidr;
mod container_definitions;
mod ec2;
mod ecr;
mod eks;
mod encoding;
mod eval;
mod functions;
mod iam;
pub mod inputs;
mod modules;
mod ops;
mod plan;
mod resources;
mod secretsmanager;
mod strings;
mod types;
mod value;

#[cfg(test)]
mod functions_tests;
#[cfg(test)]
mod inputs_tests;
#[cfg(test)]
mod tests;

use crate::source::SourceFile;
use crate::{AdapterOutput, Diagnostic};
use eval::{Eval, Module};
use hcl_edit::structure::Body;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;
use value::Value;

pub use plan::{PlanRead, adapt as adapt_plan, adapt_beside as adapt_plan_beside, is_plan, sniff as sniff_plan};

/// Whether Terraform loads a variable file by itself: `terraform.tfvars`, `*.auto.tfvars` and
/// their JSON forms, `terraform.tfvars.json` and `*.auto.tfvars.json`.
pub fn is_auto_loaded_var_file(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = name.strip_suffix(".json").unwrap_or(name);
    name == "terraform.tfvars" || name.ends_with(".auto.tfvars")
}

/// Whether text read from standard input looks like HCL rather than YAML or JSON.
pub fn looks_like_hcl(text: &str) -> bool {
    text.lines().map(str::trim_start).any(|l| {
        [
            "resource ",
            "variable ",
            "locals ",
            "locals{",
            "module ",
            "provider ",
            "data ",
            "terraform ",
            "output ",
        ]
        .iter()
        .any(|k| l.starts_with(k))
    })
}

/// Reads one module: its `.tf` files and the variable files Terraform loads automatically.
///
/// A file that does not parse gives an error diagnostic; the other files are still read.
pub fn load_module(dir: &Path, configs: &[SourceFile], vars: &[SourceFile]) -> AdapterOutput {
    load_config(dir, configs, vars, &inputs::Loaded::default()).out
}

/// Reads one configuration as [`load_module`] does, with the values the scan was given for input
/// variables (`TF_VAR_…`, `--var-file`, `--var`).
pub fn load_module_with(
    dir: &Path,
    configs: &[SourceFile],
    vars: &[SourceFile],
    given: &inputs::Loaded,
) -> AdapterOutput {
    load_config(dir, configs, vars, given).out
}

/// What [`load_config`] read.
#[derive(Default)]
pub struct Loaded {
    pub out: AdapterOutput,
    /// The files of the modules the configuration calls, read from their folders.
    pub module_files: Vec<SourceFile>,
}

/// Reads a configuration: the root module in `dir` (its `.tf` files, the variable files Terraform
/// loads automatically, and the values the scan was given for its input variables) and the
/// modules it calls (see [`modules`]).
///
/// A file that does not parse gives an error diagnostic; the other files are still read.
pub fn load_config(dir: &Path, configs: &[SourceFile], vars: &[SourceFile], given: &inputs::Loaded) -> Loaded {
    let mut out = AdapterOutput::default();
    let mut renamed = HashMap::new();
    let (json_vars, vars): (Vec<SourceFile>, Vec<SourceFile>) =
        vars.iter().cloned().partition(|f| inputs::is_json(&f.path));
    let vars = &vars[..];
    let cli_hcl: Vec<SourceFile> = given
        .cli
        .iter()
        .filter_map(|c| match c {
            inputs::LoadedInput::File(f) if !inputs::is_json(&f.path) => Some(f.clone()),
            _ => None,
        })
        .collect();
    let all: Vec<SourceFile> = configs.iter().chain(vars).chain(&cli_hcl).cloned().collect();
    let mut parse_all = |files: &[SourceFile]| -> Vec<Option<Body>> {
        files
            .iter()
            .map(|f| parse(f, &all, &mut renamed, &mut out.diagnostics))
            .collect()
    };
    let parsed = parse_all(configs);
    let parsed_vars = parse_all(vars);
    let (root_files, root_bodies): (Vec<SourceFile>, Vec<Body>) = configs
        .iter()
        .zip(parsed)
        .filter_map(|(f, b)| b.map(|b| (f.clone(), b)))
        .unzip();
    let tfvars: Vec<(&SourceFile, Body)> = vars
        .iter()
        .zip(parsed_vars)
        .filter_map(|(f, b)| b.map(|b| (f, b)))
        .collect();
    // The files of `--var-file` were checked once for the whole scan: their diagnostics are not
    // repeated for every module.
    let cli_bodies: Vec<Option<Body>> = cli_hcl
        .iter()
        .map(|f| parse(f, &all, &mut renamed, &mut Vec::new()))
        .collect();
    let mut var_files: Vec<inputs::VarFile<'_>> = tfvars.iter().map(|(f, b)| inputs::VarFile::Hcl(f, b)).collect();
    for f in &json_vars {
        match inputs::json_values(&f.text) {
            Ok(values) => var_files.push(inputs::VarFile::Json(f, values)),
            Err(e) => out.diagnostics.push(json_error(f, e)),
        }
    }
    let mut hcl = cli_hcl.iter().zip(&cli_bodies);
    let mut cli = Vec::new();
    for c in &given.cli {
        match c {
            inputs::LoadedInput::Var { name, value } => cli.push(inputs::CliValue::Var(name.clone(), value.clone())),
            inputs::LoadedInput::File(f) if inputs::is_json(&f.path) => {
                if let Ok(values) = inputs::json_values(&f.text) {
                    cli.push(inputs::CliValue::File(inputs::VarFile::Json(f, values)));
                }
            }
            inputs::LoadedInput::File(_) => {
                if let Some((f, Some(b))) = hcl.next() {
                    cli.push(inputs::CliValue::File(inputs::VarFile::Hcl(f, b)));
                }
            }
        }
    }
    let discovery = modules::discover(modules::DirSource {
        dir: dir.to_path_buf(),
        files: root_files,
        bodies: root_bodies,
        renamed: renamed.clone(),
        calls: HashMap::new(),
    });
    out.diagnostics.extend(discovery.diagnostics);
    let store: Vec<Vec<SourceFile>> = discovery.dirs.iter().map(|d| d.files.clone()).collect();
    let config = modules::Config {
        dirs: discovery
            .dirs
            .into_iter()
            .zip(&store)
            .map(|(d, files)| modules::DirConfig {
                dir: d.dir,
                files: files.iter().zip(d.bodies).collect(),
                renamed: d.renamed,
                calls: d.calls,
            })
            .collect(),
        root_abs: std::path::absolute(dir).unwrap_or_default(),
    };
    let root_files = &config.dirs[0].files;
    let mut module = build_module_given(root_files, &given.env, &var_files, &cli, renamed);
    out.sensitive = module.sensitive.clone();
    out.terraform_variables = module.variables.keys().cloned().collect();
    module.dir = dir.to_path_buf();
    module.tree = modules::Tree::root(&config);
    let module = Rc::new(module);
    *module.tree.me.borrow_mut() = Rc::downgrade(&module);
    resources::map_module(&module, root_files, &mut out.resources);
    // Addresses mean something within the configuration: the root module's folder.
    let scope = configs.first().map(|f| match f.path.rfind('/') {
        Some(i) => f.path[..i].to_string(),
        None => String::new(),
    });
    for r in &mut out.resources {
        r.meta_mut().scope = scope.clone();
    }
    drop(module);
    Loaded {
        out,
        module_files: store.into_iter().skip(1).flatten().collect(),
    }
}

/// The local module sources (`./…`, `../…`) the files of a folder call, as written; files that
/// do not parse are passed over.
pub fn local_module_calls(configs: &[SourceFile]) -> Vec<String> {
    let bodies: Vec<Body> = configs
        .iter()
        .filter_map(|f| hcl_edit::parser::parse_body(&f.text).ok())
        .collect();
    modules::local_calls(&bodies)
}

/// Whether a `.tf` file parses as Terraform reads it (a repeated object key is no error).
pub fn parses(f: &SourceFile) -> bool {
    parse(f, std::slice::from_ref(f), &mut HashMap::new(), &mut Vec::new()).is_some()
}

/// A path with `.` and `..` resolved lexically.
pub fn normalise_path(p: &Path) -> std::path::PathBuf {
    modules::normalise(p)
}

/// The error diagnostic of a JSON variable file that cannot be read.
fn json_error(f: &SourceFile, message: String) -> Diagnostic {
    let (line, col) = serde_json::from_str::<serde_json::Value>(&f.text)
        .err()
        .map_or((1, 1), |e| (e.line() as u32, e.column() as u32));
    Diagnostic::error(f.path.clone(), line, col, message)
}

/// Checks a variable file named by `--var-file` once for the whole scan: its errors, and the
/// notes about repeated keys.
pub fn check_var_file(f: &SourceFile) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if inputs::is_json(&f.path) {
        if let Err(e) = inputs::json_values(&f.text) {
            diagnostics.push(json_error(f, e));
        }
    } else {
        parse(f, std::slice::from_ref(f), &mut HashMap::new(), &mut diagnostics);
    }
    diagnostics
}

/// Parses a file. An object constructor that repeats a key is valid in Terraform (the last value
/// wins) but rejected by the parser: each repeated key is renamed in a copy of the text to a name
/// of the same length found nowhere else, and `renamed` maps it back, so that spans stay exact and
/// evaluation still lets the last value win.
fn parse(
    f: &SourceFile,
    all: &[SourceFile],
    renamed: &mut HashMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Body> {
    let mut text: Option<String> = None;
    for _ in 0..MAX_KEY_RENAMES {
        let current = text.as_deref().unwrap_or(&f.text);
        let e = match hcl_edit::parser::parse_body(current) {
            Ok(b) => return Some(b),
            Err(e) => e,
        };
        let offset = e.location().offset();
        if e.message().contains("redefined object key")
            && let Some((start, end, key)) = object_key_at(current, offset)
            && let Some(name) = unused_name(end - start, all, renamed)
        {
            let (line, col) = f.lines.line_col(&f.text, offset);
            diagnostics.push(Diagnostic::note(
                f.path.clone(),
                line,
                col,
                format!("the object key `{key}` is repeated; Terraform keeps the last value"),
            ));
            let mut t = current.to_string();
            t.replace_range(start..end, &name);
            renamed.insert(name, key);
            text = Some(t);
            continue;
        }
        let (line, col) = f.lines.line_col(&f.text, offset);
        let message = e.message().lines().next().unwrap_or("").trim().to_string();
        diagnostics.push(Diagnostic::error(
            f.path.clone(),
            line,
            col,
            format!("invalid HCL: {message}"),
        ));
        return None;
    }
    let message = "invalid HCL: too many repeated object keys";
    diagnostics.push(Diagnostic::error(f.path.clone(), 1, 1, message));
    None
}

/// Most repeated object keys renamed in one file.
const MAX_KEY_RENAMES: usize = 64;

/// The object key (a name, or the text of a quoted key) that starts at `offset`: its byte range
/// and its text.
fn object_key_at(text: &str, offset: usize) -> Option<(usize, usize, String)> {
    let rest = text.get(offset..)?;
    if let Some(quoted) = rest.strip_prefix('"') {
        let len = quoted.find(['"', '\\', '$', '%', '\n'])?;
        if len == 0 || !quoted[len..].starts_with('"') {
            return None;
        }
        return Some((offset + 1, offset + 1 + len, quoted[..len].to_string()));
    }
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    if len == 0 {
        return None;
    }
    Some((offset, offset + len, rest[..len].to_string()))
}

/// A name of `len` bytes that appears in no configuration file and is not used yet.
fn unused_name(len: usize, all: &[SourceFile], renamed: &HashMap<String, String>) -> Option<String> {
    (0..10_000u32)
        .map(|n| format!("_{n:x}"))
        .filter(|s| s.len() <= len)
        .map(|s| format!("{s}{}", "_".repeat(len - s.len())))
        .find(|s| !renamed.contains_key(s) && !all.iter().any(|f| f.text.contains(s.as_str())))
}

/// Collects the variables (with their values decided) and the locals of a module, given only
/// the module's own variable files.
#[cfg(test)]
fn build_module<'a>(
    files: &'a [(&SourceFile, Body)],
    tfvars: &[(&SourceFile, Body)],
    renamed_keys: HashMap<String, String>,
) -> Module<'a> {
    let var_files: Vec<inputs::VarFile<'_>> = tfvars.iter().map(|(f, b)| inputs::VarFile::Hcl(f, b)).collect();
    build_module_given(files, &[], &var_files, &[], renamed_keys)
}

/// Collects the variables (with their values decided) and the locals of a module: values from
/// the environment (`TF_VAR_…`), the module's variable files and the command line, in
/// Terraform's order of precedence (see [`inputs`]).
fn build_module_given<'a>(
    files: &'a [(&SourceFile, Body)],
    env: &[(String, String)],
    var_files: &[inputs::VarFile<'_>],
    cli: &[inputs::CliValue<'_>],
    renamed_keys: HashMap<String, String>,
) -> Module<'a> {
    // Defaults, types and variable files hold constant expressions: they are evaluated without
    // access to the module.
    let bare = Module::new(HashMap::new(), HashMap::new(), renamed_keys.clone());
    let mut ev = Eval::new(&bare, Vec::new());
    let given = inputs::Given::collect(env, var_files, cli, &mut ev);
    let mut sensitive = Vec::new();
    let mut variables = HashMap::new();
    let mut locals = HashMap::new();
    let mut local_files = HashMap::new();
    for (file, body) in files {
        for block in body.blocks() {
            match (block.ident.as_str(), block.labels.as_slice()) {
                ("variable", [label]) => {
                    let name = label.as_str();
                    let attr = |k: &str| block.body.get_attribute(k).map(|a| &a.value);
                    let nullable = attr("nullable").map(|e| ev.eval(e)) != Some(Value::Bool(false));
                    let value = match given.get(name, attr("type"), &mut ev) {
                        Some(Value::Null) if !nullable => None,
                        v => v,
                    };
                    let value = value
                        .or_else(|| attr("default").map(|e| ev.eval(e)))
                        .unwrap_or_else(|| inputs::missing(name));
                    let value = match attr("type") {
                        Some(t) => {
                            let ty = types::parse(t, &mut ev, 0);
                            types::convert(value, &ty)
                        }
                        None => value,
                    };
                    if attr("sensitive").map(|e| ev.eval(e)) == Some(Value::Bool(true)) {
                        inputs::leaves(&value, &mut sensitive);
                    }
                    variables.insert(name.to_string(), value);
                }
                ("locals", []) => {
                    for a in block.body.attributes() {
                        locals.insert(a.key.as_str().to_string(), &a.value);
                        local_files.insert(a.key.as_str().to_string(), *file);
                    }
                }
                _ => {}
            }
        }
    }
    let mut m = Module::new(variables, locals, renamed_keys);
    m.local_files = local_files;
    m.sensitive = sensitive;
    m.tree = modules::Tree::new(files);
    m
}
