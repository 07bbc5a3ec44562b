//! Terraform: `.tf` files of one folder (a module), with its variables, `terraform.tfvars` and
//! `*.auto.tfvars`, locals and the expressions between them, into the model.
//!
//! The files are parsed with hcl-edit, which keeps the byte range of every attribute, block and
//! expression. A small evaluator ([`eval`]) resolves what can be known without a provider —
//! variables, locals, functions, `count`, `for_each` and `dynamic` blocks — and keeps the rest as
//! unknown with the reason. The mapping ([`resources`]) turns resource blocks into the model, each
//! value pointing at the expression that set it.

mod body;
mod container_definitions;
mod eks;
mod eval;
mod functions;
mod modules;
mod plan;
mod resources;
mod types;
mod value;

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

pub use plan::{adapt as adapt_plan, is_plan, sniff as sniff_plan};

/// Whether Terraform loads a variable file by itself: `terraform.tfvars` and `*.auto.tfvars`.
pub fn is_auto_loaded_var_file(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
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
    load_config(dir, configs, vars).out
}

/// What [`load_config`] read.
#[derive(Default)]
pub struct Loaded {
    pub out: AdapterOutput,
    /// The files of the modules the configuration calls, read from their folders.
    pub module_files: Vec<SourceFile>,
}

/// Reads a configuration: the root module in `dir` (its `.tf` files and the variable files
/// Terraform loads automatically) and the modules it calls (see [`modules`]).
///
/// A file that does not parse gives an error diagnostic; the other files are still read.
pub fn load_config(dir: &Path, configs: &[SourceFile], vars: &[SourceFile]) -> Loaded {
    let mut out = AdapterOutput::default();
    let mut renamed = HashMap::new();
    let all: Vec<SourceFile> = configs.iter().chain(vars).cloned().collect();
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
    let mut module = build_module(root_files, &tfvars, renamed);
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

fn file_name(f: &SourceFile) -> String {
    Path::new(&*f.path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string()
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

/// Collects the variables (with their values decided) and the locals of a module.
fn build_module<'a>(
    files: &'a [(&SourceFile, Body)],
    tfvars: &[(&SourceFile, Body)],
    renamed_keys: HashMap<String, String>,
) -> Module<'a> {
    // Defaults, types and variable files hold constant expressions: they are evaluated without
    // access to the module.
    let bare = Module::new(HashMap::new(), HashMap::new(), renamed_keys.clone());
    let mut ev = Eval::new(&bare, Vec::new());
    // terraform.tfvars first, then *.auto.tfvars in lexical order: later files win.
    let mut ordered: Vec<&(&SourceFile, Body)> = tfvars.iter().collect();
    ordered.sort_by_key(|(f, _)| {
        let name = file_name(f);
        (name != "terraform.tfvars", name)
    });
    let mut given: HashMap<String, Value> = HashMap::new();
    for (_, body) in ordered {
        for a in body.attributes() {
            given.insert(a.key.as_str().to_string(), ev.eval(&a.value));
        }
    }
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
                    let value = match given.get(name) {
                        Some(Value::Null) if !nullable => None,
                        Some(v) => Some(v.clone()),
                        None => None,
                    };
                    let value = value
                        .or_else(|| attr("default").map(|e| ev.eval(e)))
                        .unwrap_or_else(|| {
                            Value::Unknown(format!(
                                "var.{name} has no default and no value in terraform.tfvars or *.auto.tfvars"
                            ))
                        });
                    let value = match attr("type") {
                        Some(t) => {
                            let ty = types::parse(t, &mut ev, 0);
                            types::convert(value, &ty)
                        }
                        None => value,
                    };
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
    m.tree = modules::Tree::new(files);
    m
}
