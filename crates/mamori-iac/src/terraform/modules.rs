//! Module calls: a configuration is a root module and the tree of modules it calls.
//!
//! [`discover`] reads the folders a configuration calls before anything is evaluated (a module's
//! `source` is a literal): local paths (`./…`, `../…`) relative to the calling module's folder,
//! and registry or Git modules that `terraform init` downloaded, found through
//! `.terraform/modules/modules.json` in the root module's folder (its `Key` is the dotted chain
//! of call names, its `Dir` the folder relative to the root). A module that is not there, a call
//! that leads back to one of its callers, and a chain deeper than [`MAX_MODULE_DEPTH`] are not
//! followed: their outputs are unknown with the reason.
//!
//! Evaluation is lazy, as in Terraform's graph: `module.x.out` instantiates the call (once per
//! `count` index or `for_each` key), evaluates the output in the called module, whose variables
//! are the call's arguments evaluated in the caller. Every instance has its own address
//! (`module.ecs.module.service["api"].`), which prefixes the addresses of its resources.

use super::eval::{Eval, Module, Scope, Slot};
use super::resources::{Instance, instances};
use super::types;
use super::value::{Value, fmt_number};
use crate::Diagnostic;
use crate::source::SourceFile;
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Block, Body};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::rc::{Rc, Weak};

/// Deepest chain of module calls followed.
pub const MAX_MODULE_DEPTH: usize = 16;

/// Most module folders one configuration reads.
const MAX_DIRS: usize = 256;

/// Most module instances one configuration expands into.
const MAX_MODULE_INSTANCES: usize = 2048;

/// Most evaluation steps spent on one configuration, all its modules together.
const MAX_TREE_STEPS: u64 = 40_000_000;

/// A folder of the configuration, read and parsed.
pub struct DirSource {
    pub dir: PathBuf,
    pub files: Vec<SourceFile>,
    pub bodies: Vec<Body>,
    pub renamed: HashMap<String, String>,
    /// Each module call of the folder: the index of the folder it calls, or why it is not
    /// followed.
    pub calls: HashMap<String, Result<usize, String>>,
}

/// What [`discover`] found.
#[derive(Default)]
pub struct Discovery {
    /// The root module first, then every folder it calls, directly or not.
    pub dirs: Vec<DirSource>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A parsed configuration: its folders, borrowed by the modules evaluated from them.
pub struct Config<'a> {
    pub dirs: Vec<DirConfig<'a>>,
    /// The root module's folder as an absolute path (`path.cwd`, and `path.root` inside a
    /// called module).
    pub root_abs: PathBuf,
}

pub struct DirConfig<'a> {
    pub dir: PathBuf,
    pub files: Vec<(&'a SourceFile, Body)>,
    pub renamed: HashMap<String, String>,
    pub calls: HashMap<String, Result<usize, String>>,
}

/// Whether a module source is a local path, which Terraform reads in place.
pub fn is_local_source(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
}

/// The `source` of a `module` block, when it is a literal string.
pub fn module_source(block: &Block) -> Option<String> {
    match &block.body.get_attribute("source")?.value {
        Expression::String(s) => Some(s.value().to_string()),
        Expression::StringTemplate(t) => {
            let mut out = String::new();
            for el in t.iter() {
                match el {
                    hcl_edit::template::Element::Literal(l) => out.push_str(l.value()),
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// The local module sources the files call, as written.
pub fn local_calls(bodies: &[Body]) -> Vec<String> {
    bodies
        .iter()
        .flat_map(|b| b.blocks())
        .filter(|b| b.ident.as_str() == "module")
        .filter_map(module_source)
        .filter(|s| is_local_source(s))
        .collect()
}

/// A path with `.` and `..` resolved lexically (a `..` that cannot go up is kept).
pub fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_up = matches!(out.components().next_back(), Some(Component::ParentDir) | None);
                if last_is_up || !out.pop() {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// `rel` joined to `dir`, its `.` and `..` resolved against `dir`'s last components, `dir` itself
/// kept as written, so that a module's files are named as a walk from the same root names them.
fn join_tail(dir: &Path, rel: &str) -> PathBuf {
    let mut out = dir.to_path_buf();
    for c in Path::new(rel).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// An entry of `.terraform/modules/modules.json`.
struct Installed {
    key: String,
    source: String,
    dir: String,
}

fn read_manifest(root: &Path) -> Vec<Installed> {
    let path = root.join(".terraform").join("modules").join("modules.json");
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    let field = |m: &serde_json::Value, k: &str| m.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
    json.get("Modules")
        .and_then(|m| m.as_array())
        .map(|mods| {
            mods.iter()
                .map(|m| Installed {
                    key: field(m, "Key"),
                    source: field(m, "Source"),
                    dir: field(m, "Dir"),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The `.tf` files of a folder (not of its subfolders), sorted.
fn tf_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file() && crate::discover::classify(p) == crate::discover::FileClass::TerraformConfig)
        .collect();
    out.sort();
    out
}

fn read_text(p: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(p).map_err(|e| e.to_string())?;
    if meta.len() > crate::scan::MAX_FILE_BYTES {
        return Err(format!(
            "larger than {} MiB; not read",
            crate::scan::MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    String::from_utf8(std::fs::read(p).map_err(|e| e.to_string())?).map_err(|_| "not UTF-8 text".to_string())
}

/// Reads the folders a root module calls, directly or not.
pub fn discover(root: DirSource) -> Discovery {
    let mut d = Discovery::default();
    let manifest = read_manifest(&root.dir);
    let root_dir = root.dir.clone();
    d.dirs.push(root);
    let mut missing: Vec<(String, crate::Diagnostic)> = Vec::new();
    visit(
        &mut d,
        0,
        "",
        &mut vec![normalise(&root_dir)],
        &manifest,
        &root_dir,
        &mut missing,
    );
    if let Some((_, first)) = missing.first() {
        let names: Vec<&str> = missing.iter().map(|(n, _)| n.as_str()).collect();
        let message = if names.len() == 1 {
            format!(
                "module {} is not downloaded, so the resources it declares are not scanned: run `terraform init` in this folder",
                names[0]
            )
        } else {
            format!(
                "{} modules are not downloaded ({}), so the resources they declare are not scanned: run `terraform init` in this folder",
                names.len(),
                names.join(", ")
            )
        };
        d.diagnostics
            .push(Diagnostic::note(first.path.clone(), first.line, first.col, message));
    }
    d
}

fn visit(
    d: &mut Discovery,
    index: usize,
    key: &str,
    chain: &mut Vec<PathBuf>,
    manifest: &[Installed],
    root_dir: &Path,
    missing: &mut Vec<(String, Diagnostic)>,
) {
    // The calls of this folder, in the order written.
    let mut calls: Vec<(String, String, SourceFile, usize)> = Vec::new();
    {
        let dir = &d.dirs[index];
        for (file, body) in dir.files.iter().zip(&dir.bodies) {
            for b in body.blocks() {
                if b.ident.as_str() != "module" || b.labels.len() != 1 {
                    continue;
                }
                let name = b.labels[0].as_str().to_string();
                let source = module_source(b).unwrap_or_default();
                let offset = hcl_edit::Span::span(b).map_or(0, |r| r.start);
                calls.push((name, source, file.clone(), offset));
            }
        }
    }
    let dir = d.dirs[index].dir.clone();
    for (name, source, file, offset) in calls {
        let call_key = if key.is_empty() {
            name.clone()
        } else {
            format!("{key}.{name}")
        };
        let target = if source.is_empty() {
            Err(format!("module \"{name}\" has no literal source: not followed"))
        } else if chain.len() > MAX_MODULE_DEPTH {
            Err(format!(
                "module \"{name}\" is nested more than {MAX_MODULE_DEPTH} modules deep: not followed"
            ))
        } else if is_local_source(&source) {
            Ok(join_tail(&dir, &source))
        } else {
            let plain = |s: &str| s.strip_prefix("registry.terraform.io/").unwrap_or(s).to_string();
            let entry = manifest.iter().find(|m| m.key == call_key).or_else(|| {
                // A folder reached first through another call: the same call name and source.
                manifest.iter().find(|m| {
                    (m.key == name || m.key.ends_with(&format!(".{name}"))) && plain(&m.source) == plain(&source)
                })
            });
            match entry {
                Some(m) if !tf_files(&root_dir.join(&m.dir)).is_empty() => Ok(join_tail(root_dir, &m.dir)),
                _ => {
                    let (line, col) = file.lines.line_col(&file.text, offset);
                    missing.push((name.clone(), Diagnostic::note(file.path.clone(), line, col, "")));
                    Err(format!(
                        "module \"{name}\" (source \"{source}\") is not downloaded: run terraform init"
                    ))
                }
            }
        };
        let resolved = match target.map(|t| (normalise(&t), t)) {
            Err(e) => Err(e),
            Ok((path, _)) if chain.contains(&path) => Err(format!(
                "module \"{name}\" (source \"{source}\") calls a module that calls it: not followed"
            )),
            Ok((path, shown)) => match d.dirs.iter().position(|x| normalise(&x.dir) == path) {
                Some(i) => Ok(i),
                None if d.dirs.len() >= MAX_DIRS => Err(format!(
                    "module \"{name}\" is not followed: the configuration calls more than {MAX_DIRS} module folders"
                )),
                None => match read_dir(&shown) {
                    Ok(mut src) => {
                        d.diagnostics.append(&mut src.1);
                        d.dirs.push(src.0);
                        let i = d.dirs.len() - 1;
                        chain.push(path);
                        visit(d, i, &call_key, chain, manifest, root_dir, missing);
                        chain.pop();
                        Ok(i)
                    }
                    Err(e) => Err(format!("module \"{name}\" (source \"{source}\") {e}: not followed")),
                },
            },
        };
        d.dirs[index].calls.insert(name, resolved);
    }
}

/// Reads the configuration in a folder (its `.tf` files and the modules they call) without
/// evaluating it: for mapping a plan's resources back to the blocks that declare them. `None`
/// when the folder holds no `.tf` file. Diagnostics are dropped: the folder's own scan reports
/// them.
pub fn read_configuration(dir: &Path) -> Option<Discovery> {
    let (root, _) = read_dir(dir).ok()?;
    let mut d = discover(root);
    d.diagnostics.clear();
    Some(d)
}

/// Reads and parses the `.tf` files of a called module's folder.
fn read_dir(path: &Path) -> Result<(DirSource, Vec<Diagnostic>), String> {
    let paths = tf_files(path);
    if paths.is_empty() {
        return Err(format!("holds no .tf file in {}", crate::discover::display_path(path)));
    }
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    for p in paths {
        let name: std::sync::Arc<str> = crate::discover::display_path(&p).into();
        match read_text(&p) {
            Ok(text) => files.push(SourceFile::new(name, text)),
            Err(e) => diagnostics.push(Diagnostic::error(name, 0, 0, format!("cannot read: {e}"))),
        }
    }
    let mut renamed = HashMap::new();
    let mut kept = Vec::new();
    let mut bodies = Vec::new();
    for f in &files {
        if let Some(b) = super::parse(f, &files, &mut renamed, &mut diagnostics) {
            kept.push(f.clone());
            bodies.push(b);
        }
    }
    Ok((
        DirSource {
            dir: path.to_path_buf(),
            files: kept,
            bodies,
            renamed,
            calls: HashMap::new(),
        },
        diagnostics,
    ))
}

// ---------------------------------------------------------------------------------------------
// The tree of module instances

/// The call that instantiated a module: the calling module, the `module` block and the
/// instance's `count` or `each`.
pub struct Caller<'a> {
    pub parent: Weak<Module<'a>>,
    pub name: String,
    pub block: &'a Block,
    pub scope: Scope,
}

/// Shared by every module of a configuration.
#[derive(Default)]
pub struct Shared {
    steps: Cell<u64>,
    instances: Cell<usize>,
    root_abs: PathBuf,
}

/// The instances of one module call.
pub enum Instances<'a> {
    /// No `count` or `for_each`.
    One(Rc<Module<'a>>),
    Count(Vec<Rc<Module<'a>>>),
    ForEach(Vec<(String, Rc<Module<'a>>)>),
    /// The instances cannot be known: why. `stand_in` is read with `count` or `each` unknown,
    /// so that what does not depend on them is still judged.
    Unknown {
        why: Value,
        stand_in: Option<Rc<Module<'a>>>,
    },
}

impl<'a> Instances<'a> {
    /// Every instance to read.
    pub fn modules(&self) -> Vec<Rc<Module<'a>>> {
        match self {
            Instances::One(m) => vec![m.clone()],
            Instances::Count(v) => v.clone(),
            Instances::ForEach(v) => v.iter().map(|(_, m)| m.clone()).collect(),
            Instances::Unknown { stand_in, .. } => stand_in.iter().cloned().collect(),
        }
    }
}

/// The instance keys of a resource with `count` or `for_each`.
pub enum Keys {
    Count(usize),
    /// Each key with its `each.value`.
    ForEach(Vec<(String, Value)>),
}

impl Keys {
    /// Whether an instance key exists; an error like Terraform's otherwise.
    pub fn check(&self, k: &Value, address: &str) -> Result<(), Value> {
        let ok = match (self, k) {
            (Keys::Count(n), Value::Number(i)) => i.fract() == 0.0 && *i >= 0.0 && (*i as usize) < *n,
            (Keys::ForEach(keys), Value::String(s)) => keys.iter().any(|(k, _)| k == s),
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(Value::Error(format!("{address} is not an instance of the resource")))
        }
    }

    /// The resource as a value: a list (count) or a map (for_each) of its instances.
    pub fn all(&self, address: &str) -> Option<Value> {
        let inst = |suffix: String| Value::Computed {
            address: format!("{address}{suffix}"),
            attr: String::new(),
        };
        Some(match self {
            Keys::Count(n) => Value::List((0..*n).map(|i| inst(format!("[{i}]"))).collect()),
            Keys::ForEach(keys) => Value::Map(
                keys.iter()
                    .map(|(k, _)| (k.clone(), inst(format!("[{k:?}]"))))
                    .collect(),
            ),
        })
    }
}

/// Where a module stands in its configuration.
#[derive(Default)]
pub struct Tree<'a> {
    /// The module's address followed by a dot (`module.ecs.module.service["api"].`); empty for
    /// the root module.
    pub prefix: String,
    pub config: Option<&'a Config<'a>>,
    /// The module's folder in `config`.
    pub index: usize,
    pub caller: Option<Caller<'a>>,
    /// How many calls deep the module is.
    pub depth: usize,
    pub me: RefCell<Weak<Module<'a>>>,
    pub shared: Rc<Shared>,
    variables: HashMap<String, &'a Block>,
    outputs: HashMap<String, &'a Block>,
    calls: HashMap<String, &'a Block>,
    resources: HashMap<String, &'a Block>,
    var_values: RefCell<HashMap<String, Slot>>,
    output_values: RefCell<HashMap<String, Slot>>,
    children: RefCell<HashMap<String, Option<Rc<Instances<'a>>>>>,
    keys: RefCell<HashMap<String, Option<Rc<Keys>>>>,
}

impl<'a> Tree<'a> {
    /// Reads the declarations of a module's files.
    pub fn new(files: &'a [(&'a SourceFile, Body)]) -> Tree<'a> {
        let mut t = Tree::default();
        for (_, body) in files {
            for b in body.blocks() {
                let label = |i: usize| b.labels.get(i).map(|l| l.as_str().to_string());
                match (b.ident.as_str(), label(0), label(1)) {
                    ("variable", Some(n), None) => {
                        t.variables.insert(n, b);
                    }
                    ("output", Some(n), None) => {
                        t.outputs.insert(n, b);
                    }
                    ("module", Some(n), None) => {
                        t.calls.insert(n, b);
                    }
                    ("resource", Some(ty), Some(n)) => {
                        t.resources.insert(format!("{ty}.{n}"), b);
                    }
                    _ => {}
                }
            }
        }
        t
    }

    /// The tree of a root module of a configuration.
    pub fn root(config: &'a Config<'a>) -> Tree<'a> {
        let mut t = Tree::new(&config.dirs[0].files);
        t.config = Some(config);
        t.shared = Rc::new(Shared {
            root_abs: config.root_abs.clone(),
            ..Default::default()
        });
        t
    }

    /// `path.root` and `path.cwd`: the root module's folder, `.` for `path.root` in the root
    /// module itself (relative paths are read against the module's folder).
    pub fn root_path(&self, which: &str) -> Value {
        if which == "root" && self.caller.is_none() || self.shared.root_abs.as_os_str().is_empty() {
            return Value::str(".");
        }
        Value::str(self.shared.root_abs.to_string_lossy())
    }

    /// Counts an evaluation step against the configuration's budget.
    pub fn step(&self) -> bool {
        let n = self.shared.steps.get() + 1;
        self.shared.steps.set(n);
        n <= MAX_TREE_STEPS
    }

    /// The files of the module.
    pub fn files(&self) -> &'a [(&'a SourceFile, Body)] {
        match self.config {
            Some(c) => &c.dirs[self.index].files,
            None => &[],
        }
    }

    /// The names of the module's calls, sorted.
    pub fn call_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.calls.keys().cloned().collect();
        v.sort();
        v
    }

    /// The module's address, without the final dot (`module.ecs`); empty for the root.
    pub fn address(&self) -> &str {
        self.prefix.strip_suffix('.').unwrap_or(&self.prefix)
    }
}

/// Builds the module of a folder of the configuration, called by `parent`.
fn child<'a>(parent: &Module<'a>, config: &'a Config<'a>, index: usize, call: &str, inst: Instance) -> Rc<Module<'a>> {
    let dir = &config.dirs[index];
    let mut locals = HashMap::new();
    let mut local_files = HashMap::new();
    for (file, body) in &dir.files {
        for b in body.blocks().filter(|b| b.ident.as_str() == "locals") {
            for a in b.body.attributes() {
                locals.insert(a.key.as_str().to_string(), &a.value);
                local_files.insert(a.key.as_str().to_string(), *file);
            }
        }
    }
    let mut m = Module::new(HashMap::new(), locals, dir.renamed.clone());
    m.local_files = local_files;
    m.dir = dir.dir.clone();
    let mut tree = Tree::new(&dir.files);
    tree.config = Some(config);
    tree.index = index;
    tree.depth = parent.tree.depth + 1;
    tree.shared = parent.tree.shared.clone();
    tree.prefix = format!("{}{}.", parent.tree.prefix, inst.address);
    tree.caller = Some(Caller {
        parent: parent.tree.me.borrow().clone(),
        name: call.to_string(),
        block: parent.tree.calls[call],
        scope: inst.scope,
    });
    m.tree = tree;
    let rc = Rc::new(m);
    *rc.tree.me.borrow_mut() = Rc::downgrade(&rc);
    rc
}

/// The instances of a module call of `m`, made once.
pub fn call_instances<'a>(m: &Module<'a>, name: &str) -> Rc<Instances<'a>> {
    if let Some(slot) = m.tree.children.borrow().get(name) {
        return match slot {
            Some(i) => i.clone(),
            None => Rc::new(Instances::Unknown {
                why: Value::Unknown(format!("module.{name} depends on itself through a cycle")),
                stand_in: None,
            }),
        };
    }
    m.tree.children.borrow_mut().insert(name.to_string(), None);
    let made = Rc::new(make_instances(m, name));
    m.tree
        .children
        .borrow_mut()
        .insert(name.to_string(), Some(made.clone()));
    made
}

fn make_instances<'a>(m: &Module<'a>, name: &str) -> Instances<'a> {
    let unknown = |why: Value| Instances::Unknown { why, stand_in: None };
    let Some(block) = m.tree.calls.get(name).copied() else {
        return unknown(Value::Error(format!("module.{name} is not declared")));
    };
    let Some(config) = m.tree.config else {
        return unknown(Value::Unknown(format!(
            "module.{name} is not read: the module is read on its own"
        )));
    };
    let index = match config.dirs[m.tree.index].calls.get(name) {
        Some(Ok(i)) => *i,
        Some(Err(why)) => return unknown(Value::Unknown(why.clone())),
        None => return unknown(Value::Unknown(format!("module.{name} is not read"))),
    };
    let list = instances(m, block, &format!("module.{name}"));
    let total = m.tree.shared.instances.get() + list.len();
    if total > MAX_MODULE_INSTANCES {
        return unknown(Value::Unknown(format!(
            "module.{name} is not read: the configuration has more than {MAX_MODULE_INSTANCES} module instances"
        )));
    }
    m.tree.shared.instances.set(total);
    let has = |k: &str| block.body.get_attribute(k).is_some();
    let mut made: Vec<(String, Rc<Module<'a>>)> = Vec::new();
    let mut stand_in_why = None;
    for inst in list {
        if inst.address.ends_with("[*]") {
            stand_in_why = inst.scope.first().map(|(_, v)| v.clone());
        }
        let key = match inst.scope.first() {
            Some((_, Value::Map(each))) => match each.get("key") {
                Some(Value::String(k)) => k.clone(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        made.push((key, child(m, config, index, name, inst)));
    }
    if let Some(why) = stand_in_why {
        return Instances::Unknown {
            why,
            stand_in: made.pop().map(|(_, m)| m),
        };
    }
    if has("count") {
        Instances::Count(made.into_iter().map(|(_, m)| m).collect())
    } else if has("for_each") {
        Instances::ForEach(made)
    } else {
        match made.pop() {
            Some((_, m)) => Instances::One(m),
            None => unknown(Value::Error(format!("module.{name} has no instance"))),
        }
    }
}

impl<'m, 'a> Eval<'m, 'a> {
    /// `var.name` of a called module: the call's argument, evaluated in the caller, else the
    /// variable's default, converted to its type.
    pub fn input_variable(&mut self, name: &str) -> Value {
        let m = self.module;
        let (Some(caller), Some(decl)) = (&m.tree.caller, m.tree.variables.get(name).copied()) else {
            return Value::Error(format!("var.{name} is not declared"));
        };
        match m.tree.var_values.borrow().get(name) {
            Some(Slot::Done(v)) => return v.clone(),
            Some(Slot::Busy) => {
                return Value::Unknown(format!("var.{name} refers to itself through a cycle"));
            }
            None => {}
        }
        m.tree.var_values.borrow_mut().insert(name.to_string(), Slot::Busy);
        let given = match (caller.block.body.get_attribute(name), caller.parent.upgrade()) {
            (Some(a), Some(parent)) => {
                let mut ev = self.nested(&parent, caller.scope.clone());
                Some(ev.eval(&a.value))
            }
            _ => None,
        };
        let bare = Module::new(HashMap::new(), HashMap::new(), m.renamed_keys.clone());
        let mut ev = Eval::new(&bare, Vec::new());
        let attr = |k: &str| decl.body.get_attribute(k).map(|a| &a.value);
        let nullable = attr("nullable").map(|e| ev.eval(e)) != Some(Value::Bool(false));
        let value = match given {
            Some(Value::Null) if !nullable => None,
            v => v,
        };
        let value = value
            .or_else(|| attr("default").map(|e| ev.eval(e)))
            .unwrap_or_else(|| {
                Value::Unknown(format!(
                    "var.{name} has no default and module \"{}\" does not set it",
                    caller.name
                ))
            });
        let value = match attr("type") {
            Some(t) => {
                let ty = types::parse(t, &mut ev, 0);
                types::convert(value, &ty)
            }
            None => value,
        };
        m.tree
            .var_values
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(value.clone()));
        value
    }

    /// `module.name…`: the outputs of a module call. Returns the value and how many traversal
    /// operators after `module` it used.
    pub fn module_ref(&mut self, name: &str, ops: &[hcl_edit::Decorated<TraversalOperator>]) -> (Value, usize) {
        let insts = call_instances(self.module, name);
        let op = |i: usize| ops.get(i).map(|o| o.value());
        let index = match (&*insts, op(1)) {
            (Instances::Count(_) | Instances::ForEach(_), Some(TraversalOperator::Index(e))) => Some(self.eval(e)),
            (Instances::Count(_) | Instances::ForEach(_), Some(TraversalOperator::LegacyIndex(i))) => {
                Some(Value::Number(*i.value() as f64))
            }
            _ => None,
        };
        let (child, at) = match (&*insts, index) {
            (Instances::Unknown { why, .. }, _) => return (why.clone(), 1),
            (Instances::One(child), _) => (child.clone(), 1),
            (_, Some(k)) => {
                if let Some(p) = k.pending() {
                    return (p, 2);
                }
                let found = match (&*insts, &k) {
                    (Instances::Count(v), Value::Number(i)) if i.fract() == 0.0 && *i >= 0.0 => {
                        v.get(*i as usize).cloned()
                    }
                    (Instances::ForEach(v), Value::String(s)) => {
                        v.iter().find(|(key, _)| key == s).map(|(_, m)| m.clone())
                    }
                    _ => None,
                };
                match found {
                    Some(child) => (child, 2),
                    None => {
                        let shown = match &k {
                            Value::Number(n) => fmt_number(*n),
                            other => format!("{:?}", other.to_str().unwrap_or_default()),
                        };
                        let why = format!("module.{name}[{shown}] is not an instance of the module");
                        return (Value::Error(why), 2);
                    }
                }
            }
            (Instances::Count(list), None) => {
                let v = list.iter().map(|c| self.outputs(c)).collect();
                return (Value::List(v), 1);
            }
            (Instances::ForEach(list), None) => {
                let v = list.iter().map(|(k, c)| (k.clone(), self.outputs(c))).collect();
                return (Value::Map(v), 1);
            }
        };
        match op(at) {
            Some(TraversalOperator::GetAttr(out)) => (self.output(&child, out.as_str()), at + 1),
            _ => (self.outputs(&child), at),
        }
    }

    /// Every output of a module instance, as an object.
    fn outputs(&mut self, child: &Rc<Module<'a>>) -> Value {
        let mut names: Vec<&String> = child.tree.outputs.keys().collect();
        names.sort();
        let mut out = BTreeMap::new();
        for n in names {
            let v = self.output(child, n);
            out.insert(n.clone(), v);
        }
        Value::Map(out)
    }

    /// One output of a module instance, evaluated once.
    fn output(&mut self, child: &Rc<Module<'a>>, name: &str) -> Value {
        match child.tree.output_values.borrow().get(name) {
            Some(Slot::Done(v)) => return v.clone(),
            Some(Slot::Busy) => {
                return Value::Unknown(format!(
                    "{}.{name} refers to itself through a cycle",
                    child.tree.address()
                ));
            }
            None => {}
        }
        let Some(block) = child.tree.outputs.get(name).copied() else {
            return Value::Error(format!("{} has no output \"{name}\"", child.tree.address()));
        };
        child
            .tree
            .output_values
            .borrow_mut()
            .insert(name.to_string(), Slot::Busy);
        let v = match block.body.get_attribute("value") {
            Some(a) => {
                let mut ev = self.nested(child, Vec::new());
                ev.eval(&a.value)
            }
            None => Value::Error(format!("output \"{name}\" has no value")),
        };
        child
            .tree
            .output_values
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(v.clone()));
        v
    }

    /// The instance keys of a resource of the module with `count` or `for_each`, when they are
    /// known; `None` for a resource without them, not declared, or with unknown instances.
    pub fn resource_keys(&mut self, rtype: &str, rname: &str) -> Option<Rc<Keys>> {
        let id = format!("{rtype}.{rname}");
        if let Some(k) = self.module.tree.keys.borrow().get(&id) {
            return k.clone();
        }
        // While the keys are worked out, a reference back to the resource finds none.
        self.module.tree.keys.borrow_mut().insert(id.clone(), None);
        let block = self.module.tree.resources.get(&id).copied()?;
        let keys = if let Some(a) = block.body.get_attribute("count") {
            let mut ev = self.nested(self.module, Vec::new());
            match ev.eval(&a.value).to_index() {
                Ok(n) if n >= 0 => Some(Keys::Count(n as usize)),
                _ => None,
            }
        } else if let Some(a) = block.body.get_attribute("for_each") {
            let mut ev = self.nested(self.module, Vec::new());
            match ev.eval(&a.value) {
                Value::Map(m) => Some(Keys::ForEach(m.into_iter().collect())),
                Value::List(items) => items
                    .into_iter()
                    .map(|i| match i {
                        Value::String(s) => Some((s.clone(), Value::String(s))),
                        _ => None,
                    })
                    .collect::<Option<Vec<(String, Value)>>>()
                    .map(|mut k| {
                        k.sort_by(|a, b| a.0.cmp(&b.0));
                        k.dedup_by(|a, b| a.0 == b.0);
                        Keys::ForEach(k)
                    }),
                _ => None,
            }
        } else {
            None
        };
        let keys = keys.map(Rc::new);
        self.module.tree.keys.borrow_mut().insert(id, keys.clone());
        keys
    }
}

impl<'m, 'a> Eval<'m, 'a> {
    /// An argument of a resource of this module as Terraform knows it at plan time: the value
    /// written in the resource's configuration, for the instance `key` (a `count` index or a
    /// `for_each` key), when it is known (a collection may hold unknown elements). `None` for an
    /// attribute the configuration does not write (computed by the provider) or that is not
    /// known.
    pub fn configured_attr(&mut self, rtype: &str, rname: &str, key: Option<&Value>, attr: &str) -> Option<Value> {
        let block = self.module.tree.resources.get(&format!("{rtype}.{rname}")).copied()?;
        let arg = block.body.get_attribute(attr)?;
        let has = |k: &str| block.body.get_attribute(k).is_some();
        let scope: Scope = match key {
            Some(k @ Value::Number(_)) if has("count") => {
                vec![(
                    "count".into(),
                    Value::Map(BTreeMap::from([("index".to_string(), k.clone())])),
                )]
            }
            Some(Value::String(k)) if has("for_each") => {
                let value = match self.resource_keys(rtype, rname).as_deref() {
                    Some(Keys::ForEach(keys)) => keys.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone()),
                    _ => None,
                }
                .unwrap_or_else(|| Value::Unknown(format!("each.value of {rtype}.{rname} is unknown")));
                let each = BTreeMap::from([
                    ("key".to_string(), Value::String(k.clone())),
                    ("value".to_string(), value),
                ]);
                vec![("each".into(), Value::Map(each))]
            }
            None if !has("count") && !has("for_each") => Vec::new(),
            _ => return None,
        };
        let mut ev = self.nested(self.module, scope);
        // A collection is known even when some of its elements are not (those stay unknown).
        let v = ev.eval(&arg.value);
        (v.is_known() && v != Value::Null).then_some(v)
    }
}
