//! A Terraform plan as JSON (`terraform show -json plan.out > plan.json`).
//!
//! A plan holds what Terraform itself evaluated: every module instance expanded, variables from
//! every source applied, data sources read. Its resources are read from `planned_values`
//! (`root_module` and its `child_modules`, at their full addresses) and mapped with the same
//! mapping as written configuration ([`super::resources`]): each resource is seen through a
//! [`Planned`] view that answers for its arguments and nested blocks.
//!
//! * A value the plan marks in `resource_changes[].change.after_unknown` is unknown ("known
//!   after apply"). When the configuration (`configuration`) shows it is a reference to another
//!   resource, followed through module variables and outputs, it keeps that resource's address,
//!   so that a service still links to its cluster.
//! * A value the plan marks sensitive (`sensitive_values`, else `after_sensitive`) is not read:
//!   it is unknown with a reason that does not hold it, and the plan's text kept for showing
//!   lines has every sensitive value (and sensitive variables and outputs) masked.
//! * Findings point back into the configuration when its `.tf` files are beside the plan (the
//!   plan file's folder, and the modules it calls, local or listed in
//!   `.terraform/modules/modules.json`). The plan has no line numbers, so each planned resource
//!   is matched to the block that declares it: its address without instance keys gives the
//!   module path (`module.ecs.module.service["api"]` → calls `ecs`, then `service`) and the
//!   `resource "type" "name"` block in that module's folder. A value points at the attribute
//!   that writes it in that block (nested blocks matched in order, a `dynamic` block's
//!   `content`), else at the resource block (a value the provider computes or defaults).
//! * Without a `.tf` file declaring the resource, findings point at the plan's own lines: a value
//!   at its place in `planned_values`, a value that is unknown or omitted at the resource's
//!   object. `ResourceMeta::plan` names the plan either way, and the JSON report says which
//!   applies (`plan.points_at`).

use super::body::{Field, View};
use super::eval::Module;
use super::modules;
use super::resources::{is_mapped, map_planned};
use super::value::Value;
use crate::AdapterOutput;
use crate::source::SourceFile;
use crate::tree::{Node, NodeValue};
use hcl_edit::Span as _;
use hcl_edit::expr::{Array, Expression, Object, ObjectKey, ObjectValue};
use hcl_edit::structure::{Block, Body, Structure};
use mamori_model::Origin;
use std::collections::HashMap;
use std::path::Path;

/// Whether a text may be a plan's JSON, before parsing it.
pub fn sniff(text: &str) -> bool {
    text.contains("\"format_version\"")
        && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\""))
}

/// Whether a parsed document is a plan's JSON.
pub fn is_plan(doc: &Node) -> bool {
    doc.get("format_version").is_some()
        && (doc.get("planned_values").is_some() || doc.get("resource_changes").is_some())
}

/// Expressions built from the planned values, for the mapping code that reads an argument's
/// expression as well as its value.
pub struct PlanExprs {
    by_span: HashMap<(usize, usize), Expression>,
    null: Expression,
}

impl PlanExprs {
    fn new() -> Self {
        PlanExprs {
            by_span: HashMap::new(),
            null: Expression::null(),
        }
    }

    fn add(&mut self, n: &Node) -> Expression {
        let e = match &n.value {
            NodeValue::Null | NodeValue::Tagged(..) => Expression::null(),
            NodeValue::Bool(b) => Expression::from(*b),
            NodeValue::Number(s) => Expression::from(s.parse::<f64>().unwrap_or(0.0)),
            NodeValue::String(s) => Expression::from(s.clone()),
            NodeValue::Seq(items) => {
                Expression::from(Array::from(items.iter().map(|i| self.add(i)).collect::<Vec<_>>()))
            }
            NodeValue::Map(kv) => {
                let mut o = Object::new();
                for (k, v) in kv {
                    let value = self.add(v);
                    o.insert(
                        ObjectKey::from(Expression::from(k.text.clone())),
                        ObjectValue::new(value),
                    );
                }
                Expression::from(o)
            }
        };
        self.by_span.insert((n.span.start_byte, n.span.end_byte), e.clone());
        e
    }

    fn get(&self, n: &Node) -> &Expression {
        self.by_span
            .get(&(n.span.start_byte, n.span.end_byte))
            .unwrap_or(&self.null)
    }
}

/// The block of the configuration that declares a planned resource, or one of its nested
/// blocks.
#[derive(Clone, Copy)]
pub struct Declared<'a> {
    pub file: &'a SourceFile,
    /// The block's body; `None` when only an enclosing block is known (a nested block the
    /// configuration does not write one for one).
    body: Option<&'a Body>,
    pub span: (usize, usize),
}

impl<'a> Declared<'a> {
    fn new(file: &'a SourceFile, block: &'a Block) -> Self {
        let span = block.span().unwrap_or(0..0);
        Declared {
            file,
            body: Some(&block.body),
            span: (span.start, span.end),
        }
    }

    /// Where the block writes an argument, when it does.
    fn argument(&self, name: &str) -> Option<Origin> {
        let a = self.body?.get_attribute(name)?;
        let r = a.value.span()?;
        Some(self.file.origin(r.start, r.end))
    }

    /// The `i`-th of `n` nested blocks of a type, as the plan lists them: the `i`-th static
    /// block when the configuration writes exactly `n` and no `dynamic` one, the `content` of
    /// the one `dynamic` block when it writes only that; else this block, without arguments.
    fn nested(&self, name: &str, i: usize, n: usize) -> Declared<'a> {
        let enclosing = Declared { body: None, ..*self };
        let Some(body) = self.body else { return enclosing };
        let blocks = || {
            body.iter().filter_map(|s| match s {
                Structure::Block(b) => Some(b),
                _ => None,
            })
        };
        let statics: Vec<&Block> = blocks().filter(|b| b.ident.as_str() == name).collect();
        let dynamics: Vec<&Block> = blocks()
            .filter(|b| b.ident.as_str() == "dynamic" && b.labels.first().is_some_and(|l| l.as_str() == name))
            .collect();
        match (statics.as_slice(), dynamics.as_slice()) {
            (s, []) if s.len() == n && i < n => Declared::new(self.file, s[i]),
            ([], [d]) => match d.body.get_blocks("content").next() {
                Some(c) => Declared::new(self.file, c),
                None => enclosing,
            },
            _ => enclosing,
        }
    }
}

/// A resource, or one of its nested blocks, as the plan gives it.
#[derive(Clone)]
pub struct Planned<'a> {
    pub file: &'a SourceFile,
    pub values: &'a Node,
    /// The same place in `after_unknown`.
    pub unknown: Option<&'a Node>,
    /// The same place in `sensitive_values` (or `after_sensitive`).
    pub sensitive: Option<&'a Node>,
    exprs: &'a PlanExprs,
    /// The address of the place, for reasons (`aws_ecs_service.web.network_configuration[0]`).
    path: String,
    /// Arguments of the resource that refer to another resource, with the value that names it.
    refs: Option<&'a HashMap<String, Value>>,
    /// The `.tf` block that declares it, when the configuration is beside the plan.
    pub declared: Option<Declared<'a>>,
}

fn member<'n>(n: Option<&'n Node>, key: &str) -> Option<&'n Node> {
    n.and_then(|n| n.get(key))
}

fn item(n: Option<&Node>, i: usize) -> Option<&Node> {
    n.and_then(|n| n.as_seq()).and_then(|s| s.get(i))
}

fn is_true(n: Option<&Node>) -> bool {
    n.and_then(Node::as_bool) == Some(true)
}

fn sensitive_reason(what: &str) -> String {
    format!("{what} is sensitive in the plan, so it is not read")
}

fn unknown_reason(what: &str) -> String {
    format!("{what} is known only after apply")
}

/// A planned value, with what the plan does not know or hides left unknown.
fn convert(node: Option<&Node>, unknown: Option<&Node>, sensitive: Option<&Node>, what: &str) -> Value {
    if is_true(sensitive) {
        return Value::Unknown(sensitive_reason(what));
    }
    if is_true(unknown) {
        return Value::Unknown(unknown_reason(what));
    }
    let Some(node) = node else {
        return match unknown {
            Some(_) => Value::Unknown(unknown_reason(what)),
            None => Value::Null,
        };
    };
    match &node.value {
        NodeValue::Null | NodeValue::Tagged(..) => Value::Null,
        NodeValue::Bool(b) => Value::Bool(*b),
        NodeValue::Number(s) => s.parse::<f64>().map_or(Value::Null, Value::Number),
        NodeValue::String(s) => Value::String(s.clone()),
        NodeValue::Seq(items) => Value::List(
            items
                .iter()
                .enumerate()
                .map(|(i, n)| convert(Some(n), item(unknown, i), item(sensitive, i), &format!("{what}[{i}]")))
                .collect(),
        ),
        NodeValue::Map(kv) => {
            let mut out: std::collections::BTreeMap<String, Value> = kv
                .iter()
                .map(|(k, n)| {
                    let v = convert(
                        Some(n),
                        member(unknown, &k.text),
                        member(sensitive, &k.text),
                        &format!("{what}.{}", k.text),
                    );
                    (k.text.clone(), v)
                })
                .collect();
            // Keys the plan does not know yet are left out of the values.
            for (k, u) in unknown.and_then(Node::as_map).unwrap_or(&[]) {
                if is_true(Some(u)) && !out.contains_key(&k.text) {
                    out.insert(
                        k.text.clone(),
                        Value::Unknown(unknown_reason(&format!("{what}.{}", k.text))),
                    );
                }
            }
            Value::Map(out)
        }
    }
}

impl<'a> Planned<'a> {
    /// An argument: `None` when the plan neither gives it nor marks it unknown.
    pub fn field(&self, name: &str, fallback: Origin) -> Option<Field<'a>> {
        // `tags_all` holds the provider's default tags too, as the resource will have them.
        let key = if name == "tags" && self.values.get("tags_all").is_some_and(|n| !n.is_null()) {
            "tags_all"
        } else {
            name
        };
        let node = self.values.get(key);
        let unknown = member(self.unknown, key);
        if node.is_none() && unknown.is_none() {
            return None;
        }
        let what = format!("{}.{name}", self.path);
        let mut value = convert(node, unknown, member(self.sensitive, key), &what);
        if is_true(unknown)
            && let Some(r) = self.refs.and_then(|r| r.get(name))
        {
            value = r.clone();
        }
        let origin = match &self.declared {
            // The fallback is the declaring block.
            Some(d) => d.argument(name).unwrap_or(fallback),
            None => node.map_or(fallback, |n| self.file.origin_of(n.span)),
        };
        Some(Field {
            value,
            origin,
            expr: node.map_or(&self.exprs.null, |n| self.exprs.get(n)),
        })
    }

    /// The nested blocks of a type.
    pub fn blocks(&self, name: &str, fallback: Origin) -> Result<Vec<Planned<'a>>, (String, Origin)> {
        let what = format!("{}.{name}", self.path);
        let sensitive = member(self.sensitive, name);
        let unknown = member(self.unknown, name);
        if is_true(sensitive) {
            return Err((sensitive_reason(&what), fallback));
        }
        if is_true(unknown) {
            return Err((unknown_reason(&what), fallback));
        }
        let block = |values: &'a Node,
                     unknown: Option<&'a Node>,
                     sensitive: Option<&'a Node>,
                     path: String,
                     (i, n): (usize, usize)| Planned {
            file: self.file,
            values,
            unknown,
            sensitive,
            exprs: self.exprs,
            path,
            refs: None,
            declared: self.declared.map(|d| d.nested(name, i, n)),
        };
        Ok(match self.values.get(name).map(|n| &n.value) {
            Some(NodeValue::Seq(items)) => items
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let at = (i, items.len());
                    block(n, item(unknown, i), item(sensitive, i), format!("{what}[{i}]"), at)
                })
                .collect(),
            Some(NodeValue::Map(_)) => {
                let n = self.values.get(name).unwrap_or(self.values);
                vec![block(n, unknown, sensitive, what, (0, 1))]
            }
            _ => Vec::new(),
        })
    }
}

/// A resource instance of the plan.
struct Item<'a> {
    address: String,
    rtype: String,
    name: String,
    /// The address of its module instance (`module.ecs.module.service["api"]`), empty for the
    /// root module.
    module: String,
    values: &'a Node,
    unknown: Option<&'a Node>,
    sensitive: Option<&'a Node>,
}

/// What [`adapt_beside`] read.
pub struct PlanRead {
    pub out: AdapterOutput,
    /// The plan's text with its sensitive values masked, to be kept for showing lines.
    pub shown: SourceFile,
    /// The `.tf` files of the configuration beside the plan that findings point into.
    pub configuration: Vec<SourceFile>,
}

/// Reads a plan's JSON. Returns what it declares and the plan's text with its sensitive values
/// masked, to be kept for showing lines.
pub fn adapt(file: &SourceFile, doc: &Node) -> Option<(AdapterOutput, SourceFile)> {
    adapt_beside(file, doc, None).map(|r| (r.out, r.shown))
}

/// Reads a plan's JSON, with the configuration in `dir` (the plan file's folder) when its `.tf`
/// files are there: findings then point at the `.tf` lines.
pub fn adapt_beside(file: &SourceFile, doc: &Node, dir: Option<&Path>) -> Option<PlanRead> {
    if !is_plan(doc) {
        return None;
    }
    let mut changes: HashMap<&str, &Node> = HashMap::new();
    for rc in doc.get("resource_changes").and_then(Node::as_seq).unwrap_or(&[]) {
        if rc.get("deposed").is_some() {
            continue;
        }
        if let (Some(a), Some(c)) = (rc.get("address").and_then(Node::as_str), rc.get("change")) {
            changes.insert(a, c);
        }
    }
    let mut items = Vec::new();
    match doc.get("planned_values").and_then(|p| p.get("root_module")) {
        Some(root) => walk(root, "", &changes, &mut items, 0),
        None => {
            // An older or partial plan: the changes' `after` values.
            for rc in doc.get("resource_changes").and_then(Node::as_seq).unwrap_or(&[]) {
                let s = |k: &str| rc.get(k).and_then(Node::as_str).unwrap_or("").to_string();
                let (Some(change), true) = (rc.get("change"), s("mode") == "managed") else {
                    continue;
                };
                let Some(after) = change.get("after").filter(|a| a.is_map()) else {
                    continue;
                };
                if !is_mapped(&s("type")) || rc.get("deposed").is_some() {
                    continue;
                }
                items.push(Item {
                    address: s("address"),
                    rtype: s("type"),
                    name: s("name"),
                    module: s("module_address"),
                    values: after,
                    unknown: change.get("after_unknown"),
                    sensitive: change.get("after_sensitive"),
                });
            }
        }
    }
    let mut exprs = PlanExprs::new();
    for it in &items {
        exprs.add(it.values);
    }
    let config = doc.get("configuration").and_then(|c| c.get("root_module"));
    let refs: Vec<HashMap<String, Value>> = items.iter().map(|it| references(config, it)).collect();
    let module = Module::new(HashMap::new(), HashMap::new(), HashMap::new());
    let body = Body::new();
    let configuration = dir.and_then(modules::read_configuration);
    let mut used = vec![false; configuration.as_ref().map_or(0, |c| c.dirs.len())];
    let declared: Vec<Option<Declared<'_>>> = items
        .iter()
        .map(|it| {
            let c = configuration.as_ref()?;
            let (i, d) = declaring_block(c, it)?;
            used[i] = true;
            Some(d)
        })
        .collect();
    let views = items
        .iter()
        .zip(&refs)
        .zip(declared)
        .map(|((it, refs), declared)| {
            let p = Planned {
                file,
                values: it.values,
                unknown: it.unknown,
                sensitive: it.sensitive,
                exprs: &exprs,
                path: it.address.clone(),
                refs: Some(refs),
                declared,
            };
            (View::planned(file, &body, p), it.rtype.clone(), it.address.clone())
        })
        .collect();
    let mut out = AdapterOutput::default();
    map_planned(&module, views, &mut out.resources);
    // Addresses mean something within the plan.
    for r in &mut out.resources {
        r.meta_mut().scope = Some(file.path.to_string());
        r.meta_mut().plan = Some(file.path.clone());
    }
    let configuration = configuration
        .map(|c| {
            c.dirs
                .into_iter()
                .zip(used)
                .filter(|(_, used)| *used)
                .flat_map(|(d, _)| d.files)
                .collect()
        })
        .unwrap_or_default();
    Some(PlanRead {
        out,
        shown: masked(file, doc),
        configuration,
    })
}

/// The `resource` block that declares a planned resource instance, in the folder of its module
/// (found by following the module calls its address names, without instance keys), with the
/// index of that folder.
fn declaring_block<'c>(c: &'c modules::Discovery, it: &Item<'_>) -> Option<(usize, Declared<'c>)> {
    let mut at = 0;
    if !it.module.is_empty() {
        for pair in segments(&it.module).chunks(2) {
            let [_, call] = pair else { return None };
            at = *c.dirs.get(at)?.calls.get(bare(call))?.as_ref().ok()?;
        }
    }
    let dir = c.dirs.get(at)?;
    dir.files.iter().zip(&dir.bodies).find_map(|(file, body)| {
        body.blocks()
            .find(|b| {
                b.ident.as_str() == "resource"
                    && b.labels.len() == 2
                    && b.labels[0].as_str() == it.rtype
                    && b.labels[1].as_str() == it.name
            })
            .map(|b| (at, Declared::new(file, b)))
    })
}

/// Most module levels of a plan read.
const MAX_PLAN_DEPTH: usize = 64;

fn walk<'a>(module: &'a Node, address: &str, changes: &HashMap<&str, &'a Node>, out: &mut Vec<Item<'a>>, depth: usize) {
    if depth > MAX_PLAN_DEPTH {
        return;
    }
    for r in module.get("resources").and_then(Node::as_seq).unwrap_or(&[]) {
        let s = |k: &str| r.get(k).and_then(Node::as_str).unwrap_or("").to_string();
        let (Some(values), true) = (r.get("values"), s("mode") == "managed") else {
            continue;
        };
        if !is_mapped(&s("type")) {
            continue;
        }
        let change = changes.get(s("address").as_str());
        out.push(Item {
            address: s("address"),
            rtype: s("type"),
            name: s("name"),
            module: address.to_string(),
            values,
            unknown: change.and_then(|c| c.get("after_unknown")),
            sensitive: r
                .get("sensitive_values")
                .or_else(|| change.and_then(|c| c.get("after_sensitive"))),
        });
    }
    for c in module.get("child_modules").and_then(Node::as_seq).unwrap_or(&[]) {
        let a = c.get("address").and_then(Node::as_str).unwrap_or("");
        walk(c, a, changes, out, depth + 1);
    }
}

// ---------------------------------------------------------------------------------------------
// References, from the plan's `configuration`

/// Splits an address at its dots, not at dots inside an instance key.
fn segments(a: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut depth, mut quoted) = (0, 0, false);
    for (i, c) in a.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth -= 1,
            '.' if !quoted && depth == 0 => {
                out.push(&a[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&a[start..]);
    out
}

/// A segment without its instance key (`service["api"]` → `service`).
fn bare(seg: &str) -> &str {
    seg.split('[').next().unwrap_or(seg)
}

/// The configuration of a module instance (`module.a["k"].module.b`), from the root module's.
fn module_config<'a>(root: &'a Node, module: &str) -> Option<&'a Node> {
    let mut at = root;
    if module.is_empty() {
        return Some(at);
    }
    let segs = segments(module);
    for pair in segs.chunks(2) {
        let [_, name] = pair else { return None };
        at = at.get("module_calls")?.get(bare(name))?.get("module")?;
    }
    Some(at)
}

/// The references an expression of the configuration lists.
fn refs_of(expr: Option<&Node>) -> Vec<String> {
    expr.and_then(|e| e.get("references"))
        .and_then(Node::as_seq)
        .unwrap_or(&[])
        .iter()
        .filter_map(|r| r.as_str().map(str::to_string))
        .collect()
}

/// Follows references from a module instance to the resource they name, through module
/// variables (to the caller's argument) and module outputs.
fn resolve(root: &Node, module: &str, refs: &[String], depth: usize) -> Option<(String, String)> {
    if depth > 16 {
        return None;
    }
    let prefix = |a: &str| {
        if module.is_empty() {
            a.to_string()
        } else {
            format!("{module}.{a}")
        }
    };
    let reserved = [
        "var",
        "local",
        "module",
        "data",
        "path",
        "count",
        "each",
        "self",
        "terraform",
    ];
    for r in refs {
        let segs = segments(r);
        if segs.len() >= 2 && !reserved.contains(&bare(segs[0])) {
            let attr = segs.get(2).map(|a| bare(a).to_string()).unwrap_or_default();
            return Some((prefix(&format!("{}.{}", segs[0], segs[1])), attr));
        }
    }
    for r in refs {
        let segs = segments(r);
        match segs.as_slice() {
            ["var", name, ..] if !module.is_empty() => {
                let msegs = segments(module);
                let parent = msegs[..msegs.len().saturating_sub(2)].join(".");
                let call = bare(msegs.last()?);
                let args = module_config(root, &parent)?
                    .get("module_calls")?
                    .get(call)?
                    .get("expressions")?;
                if let Some(found) = resolve(root, &parent, &refs_of(args.get(name)), depth + 1) {
                    return Some(found);
                }
            }
            ["module", call, out, ..] => {
                let child = prefix(&format!("module.{call}"));
                let output = module_config(root, &child)?.get("outputs")?.get(out)?.get("expression");
                if let Some(found) = resolve(root, &child, &refs_of(output), depth + 1) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

/// The arguments of a resource that name another resource, each as a reference to it.
fn references(root: Option<&Node>, it: &Item<'_>) -> HashMap<String, Value> {
    let mut out = HashMap::new();
    let Some(root) = root else { return out };
    let Some(module) = module_config(root, &it.module) else {
        return out;
    };
    let rel = format!("{}.{}", it.rtype, it.name);
    let Some(res) = module
        .get("resources")
        .and_then(Node::as_seq)
        .unwrap_or(&[])
        .iter()
        .find(|r| r.get("address").and_then(Node::as_str) == Some(rel.as_str()))
    else {
        return out;
    };
    for (k, expr) in res.get("expressions").and_then(Node::as_map).unwrap_or(&[]) {
        if let Some((address, attr)) = resolve(root, &it.module, &refs_of(Some(expr)), 0) {
            out.insert(k.text.clone(), Value::Computed { address, attr });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Masking

/// The plan's text with every sensitive value replaced by `*` byte for byte, so that lines,
/// columns and offsets still hold.
fn masked(file: &SourceFile, doc: &Node) -> SourceFile {
    let mut ranges = Vec::new();
    let resources = |module: &Node, ranges: &mut Vec<(usize, usize)>| {
        collect_modules(module, ranges, 0);
    };
    for section in ["planned_values", "prior_state"] {
        let root = match section {
            "prior_state" => doc.get(section).and_then(|p| p.get("values")),
            _ => doc.get(section),
        };
        if let Some(root) = root {
            if let Some(m) = root.get("root_module") {
                resources(m, &mut ranges);
            }
            for (_, o) in root.get("outputs").and_then(Node::as_map).unwrap_or(&[]) {
                if is_true(o.get("sensitive"))
                    && let Some(v) = o.get("value")
                {
                    ranges.push((v.span.start_byte, v.span.end_byte));
                }
            }
        }
    }
    for list in ["resource_changes", "resource_drift"] {
        for rc in doc.get(list).and_then(Node::as_seq).unwrap_or(&[]) {
            if let Some(c) = rc.get("change") {
                mask(c.get("after"), c.get("after_sensitive"), &mut ranges);
                mask(c.get("before"), c.get("before_sensitive"), &mut ranges);
            }
        }
    }
    for (_, c) in doc.get("output_changes").and_then(Node::as_map).unwrap_or(&[]) {
        mask(c.get("after"), c.get("after_sensitive"), &mut ranges);
        mask(c.get("before"), c.get("before_sensitive"), &mut ranges);
    }
    // Variables the root module declares sensitive.
    let declared = doc
        .get("configuration")
        .and_then(|c| c.get("root_module"))
        .and_then(|r| r.get("variables"));
    for (k, v) in doc.get("variables").and_then(Node::as_map).unwrap_or(&[]) {
        if is_true(declared.and_then(|d| d.get(&k.text)).and_then(|d| d.get("sensitive")))
            && let Some(value) = v.get("value")
        {
            ranges.push((value.span.start_byte, value.span.end_byte));
        }
    }
    if ranges.is_empty() {
        return file.clone();
    }
    let mut bytes = file.text.as_bytes().to_vec();
    for (start, end) in ranges {
        for b in bytes.iter_mut().take(end.min(file.text.len())).skip(start) {
            if *b != b'\n' && *b != b'\r' {
                *b = b'*';
            }
        }
    }
    SourceFile::new(file.path.clone(), String::from_utf8(bytes).unwrap_or_default())
}

fn collect_modules(module: &Node, ranges: &mut Vec<(usize, usize)>, depth: usize) {
    if depth > MAX_PLAN_DEPTH {
        return;
    }
    for r in module.get("resources").and_then(Node::as_seq).unwrap_or(&[]) {
        mask(r.get("values"), r.get("sensitive_values"), ranges);
    }
    for c in module.get("child_modules").and_then(Node::as_seq).unwrap_or(&[]) {
        collect_modules(c, ranges, depth + 1);
    }
}

/// The byte ranges of the values a sensitivity mask marks.
fn mask(values: Option<&Node>, sensitive: Option<&Node>, ranges: &mut Vec<(usize, usize)>) {
    let (Some(v), Some(s)) = (values, sensitive) else {
        return;
    };
    if is_true(Some(s)) {
        ranges.push((v.span.start_byte, v.span.end_byte));
        return;
    }
    match (&v.value, &s.value) {
        (NodeValue::Map(kv), NodeValue::Map(_)) => {
            for (k, n) in kv {
                mask(Some(n), s.get(&k.text), ranges);
            }
        }
        (NodeValue::Seq(items), NodeValue::Seq(masks)) => {
            for (n, m) in items.iter().zip(masks) {
                mask(Some(n), Some(m), ranges);
            }
        }
        _ => {}
    }
}
