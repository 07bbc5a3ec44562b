//! The expression evaluator: variables, locals, operators, templates, `for` expressions, splats
//! and references, over hcl-edit's syntax tree.
//!
//! Whatever cannot be resolved becomes [`Value::Unknown`] with a reason, or
//! [`Value::Computed`] for an attribute of a managed resource. Nothing unknown ever turns into a
//! concrete value.

use super::functions;
use super::modules::Tree;
use super::value::{MAX_LEN, Value, fmt_number};
use crate::source::SourceFile;
use hcl_edit::expr::{BinaryOperator, Expression, ForExpr, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Directive, Element, Template};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Deepest nesting of expressions (and of locals referring to locals) evaluated.
pub const MAX_DEPTH: usize = 64;

/// Most evaluation steps spent on one module, so that no input can keep the scanner busy.
pub const MAX_STEPS: u64 = 5_000_000;

/// Names bound to values: `count`, `each`, a dynamic block's iterator, a `for` variable.
pub type Scope = Vec<(String, Value)>;

pub(super) enum Slot {
    Busy,
    Done(Value),
}

/// What expressions of one module can refer to.
#[derive(Default)]
pub struct Module<'a> {
    /// Every declared variable's value, already decided (tfvars, then default, else unknown).
    pub variables: HashMap<String, Value>,
    /// Every local's expression.
    pub locals: HashMap<String, &'a Expression>,
    /// Repeated object keys renamed for the parser, with their real names.
    pub renamed_keys: HashMap<String, String>,
    /// The module's folder, against which `file()` and `templatefile()` read relative paths.
    pub dir: PathBuf,
    /// The file each local is declared in, so that a value can point into it.
    pub local_files: HashMap<String, &'a SourceFile>,
    /// What the values of the variables declared `sensitive = true` hold, as text.
    pub sensitive: Vec<String>,
    local_values: RefCell<HashMap<String, Slot>>,
    steps: Cell<u64>,
    /// Where the module stands in its configuration: its address, its caller, the modules it
    /// calls, its outputs (see [`super::modules`]). Empty for a module read on its own.
    pub tree: Tree<'a>,
}

impl<'a> Module<'a> {
    pub fn new(
        variables: HashMap<String, Value>,
        locals: HashMap<String, &'a Expression>,
        renamed_keys: HashMap<String, String>,
    ) -> Self {
        Module {
            variables,
            locals,
            renamed_keys,
            ..Default::default()
        }
    }

    fn step(&self) -> bool {
        let n = self.steps.get() + 1;
        self.steps.set(n);
        n <= MAX_STEPS && self.tree.step()
    }
}

/// Evaluates expressions of one module under a scope.
pub struct Eval<'m, 'a> {
    pub module: &'m Module<'a>,
    scope: Scope,
    depth: usize,
    /// While rendering a template leniently: the reasons of the unknown interpolations, each
    /// written into the output as a [`placeholder`].
    lenient: Option<Vec<String>>,
    /// Whether a reference to a resource's argument stays a reference (its address) even when
    /// the configuration writes the argument: for an argument that is such a reference itself
    /// (`cluster = aws_ecs_cluster.main.name`), which links the two resources.
    keep_references: bool,
}

/// The text an unknown interpolation leaves in a leniently rendered template.
pub fn placeholder(n: usize) -> String {
    format!("\u{1}{n}\u{1}")
}

/// Separates the links of a reason chain: `local.image ← var.tag has no default …` reads "the
/// value of `local.image` comes from `var.tag`, which has no default".
pub const CHAIN: &str = " ← ";

/// Adds the name a value passed through in front of an unknown value's reason, so that the reason
/// reads as the chain of references from the one used to the cause.
pub fn via(v: Value, name: &str) -> Value {
    match v {
        Value::Unknown(r) if r.len() < 400 && !in_chain(&r, name) => Value::Unknown(format!("{name}{CHAIN}{r}")),
        v => v,
    }
}

/// Whether a reason chain already names `name`: as one of its links, or as the subject of its
/// cause (`var.x has no default …`, `local.a refers to itself …`).
fn in_chain(reason: &str, name: &str) -> bool {
    let mut links = reason.split(CHAIN).peekable();
    while let Some(link) = links.next() {
        let last = links.peek().is_none();
        if link == name || (last && link.strip_prefix(name).is_some_and(|r| r.starts_with(' '))) {
            return true;
        }
    }
    false
}

impl<'m, 'a> Eval<'m, 'a> {
    pub fn new(module: &'m Module<'a>, scope: Scope) -> Self {
        Eval {
            module,
            scope,
            depth: 0,
            lenient: None,
            keep_references: false,
        }
    }

    /// An evaluator for an argument that may be a reference to another resource: a direct
    /// reference keeps the address (see `keep_references`).
    pub fn for_argument(module: &'m Module<'a>, scope: Scope, expr: &Expression) -> Self {
        let mut ev = Eval::new(module, scope);
        ev.keep_references = is_resource_reference(expr);
        ev
    }

    /// Evaluates an expression.
    pub fn eval(&mut self, expr: &Expression) -> Value {
        if self.depth >= MAX_DEPTH {
            return Value::Unknown(format!(
                "the expression is nested more than {MAX_DEPTH} levels deep and is not evaluated"
            ));
        }
        if !self.module.step() {
            return Value::Unknown("the module needs too much evaluation and is not evaluated".into());
        }
        self.depth += 1;
        let v = self.eval_inner(expr);
        self.depth -= 1;
        v
    }

    fn eval_inner(&mut self, expr: &Expression) -> Value {
        match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => Value::Number(n.value().as_f64().unwrap_or(0.0)),
            Expression::String(s) => Value::String(s.value().clone()),
            Expression::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for e in items.iter() {
                    let v = self.eval(e);
                    if v.is_error() {
                        return v;
                    }
                    out.push(v);
                }
                Value::List(out)
            }
            Expression::Object(obj) => {
                let mut out = BTreeMap::new();
                for (k, v) in obj.iter() {
                    let key = match k {
                        ObjectKey::Ident(id) => self.key_name(id.as_str()),
                        ObjectKey::Expression(Expression::String(s)) => self.key_name(s.value()),
                        ObjectKey::Expression(e) => match self.object_key(e) {
                            Ok(k) => k,
                            Err(p) => return p,
                        },
                    };
                    let v = self.eval(v.expr());
                    if v.is_error() {
                        return v;
                    }
                    out.insert(key, v);
                }
                Value::Map(out)
            }
            Expression::StringTemplate(t) => self.template(t),
            Expression::HeredocTemplate(h) => self.template(&h.template),
            Expression::Parenthesis(p) => self.eval(p.inner()),
            Expression::Variable(id) => self.root(id.as_str(), &[]).0,
            Expression::Conditional(c) => {
                let cond = self.eval(&c.cond_expr);
                match cond.to_bool() {
                    Ok(true) => self.eval(&c.true_expr),
                    Ok(false) => self.eval(&c.false_expr),
                    Err(Value::Unknown(r)) => Value::Unknown(format!("the condition is unknown: {r}")),
                    Err(p) => p,
                }
            }
            Expression::FuncCall(call) => functions::call(self, call),
            Expression::Traversal(t) => {
                let (base, used) = match &t.expr {
                    Expression::Variable(id) => self.root(id.as_str(), &t.operators),
                    e => (self.eval(e), 0),
                };
                let ops: Vec<&TraversalOperator> = t.operators.iter().skip(used).map(|o| o.value()).collect();
                self.traverse(base, &ops)
            }
            Expression::UnaryOp(op) => {
                let v = self.eval(&op.expr);
                match op.operator.value() {
                    UnaryOperator::Neg => v.to_number().map_or_else(|e| e, |n| Value::Number(-n)),
                    UnaryOperator::Not => v.to_bool().map_or_else(|e| e, |b| Value::Bool(!b)),
                }
            }
            Expression::BinaryOp(op) => self.binary(&op.lhs_expr, *op.operator.value(), &op.rhs_expr),
            Expression::ForExpr(f) => self.for_expr(f),
        }
    }

    /// The real name of an object key the parser saw renamed.
    fn key_name(&self, k: &str) -> String {
        self.module
            .renamed_keys
            .get(k)
            .map_or_else(|| k.to_string(), Clone::clone)
    }

    /// An object key written as an expression: `(var.k) = …`, `"a" = …`, `k = …` in a map.
    fn object_key(&mut self, e: &Expression) -> Result<String, Value> {
        // A bare name as a key is the name itself, not a reference.
        if let Expression::Variable(id) = e {
            return Ok(id.as_str().to_string());
        }
        let inner = match e {
            Expression::Parenthesis(p) => p.inner(),
            e => e,
        };
        self.eval(inner).to_str()
    }

    /// A new evaluator of another module (a caller or a called module), one level deeper.
    pub(super) fn nested<'n>(&self, module: &'n Module<'a>, scope: Scope) -> Eval<'n, 'a> {
        Eval {
            module,
            scope,
            depth: self.depth + 1,
            lenient: None,
            keep_references: false,
        }
    }

    fn lookup(&self, name: &str) -> Option<&Value> {
        self.scope.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Binds a name for the duration of `f`.
    pub fn with<T>(&mut self, bindings: Vec<(String, Value)>, f: impl FnOnce(&mut Self) -> T) -> T {
        let n = self.scope.len();
        self.scope.extend(bindings);
        let r = f(self);
        self.scope.truncate(n);
        r
    }

    /// Resolves the start of a reference. Returns the value and how many of the following
    /// traversal operators it used (`var.x` uses one, `data.t.n` two).
    fn root(&mut self, name: &str, ops: &[hcl_edit::Decorated<TraversalOperator>]) -> (Value, usize) {
        if let Some(v) = self.lookup(name) {
            return (v.clone(), 0);
        }
        let attr = |i: usize| match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str().to_string()),
            _ => None,
        };
        match name {
            "var" => match attr(0) {
                Some(n) => match self.module.variables.get(&n) {
                    Some(v) => (v.clone(), 1),
                    None => (self.input_variable(&n), 1),
                },
                None => (Value::Error("`var` must be followed by a variable name".into()), 0),
            },
            "local" => match attr(0) {
                Some(n) => (self.local(&n), 1),
                None => (Value::Error("`local` must be followed by a name".into()), 0),
            },
            "count" => (Value::Error("count.index is used in a block without count".into()), 0),
            "each" => (Value::Error("each is used in a block without for_each".into()), 0),
            // Relative paths are read against the module's folder, which is where Terraform
            // runs for a root module.
            "path" if attr(0).as_deref() == Some("module") => (Value::str("."), 1),
            "path" if matches!(attr(0).as_deref(), Some("root" | "cwd")) => {
                (self.module.tree.root_path(attr(0).as_deref().unwrap_or("")), 1)
            }
            "path" | "terraform" | "self" => {
                let what = attr(0).map_or(name.to_string(), |a| format!("{name}.{a}"));
                (
                    Value::Unknown(format!("{what} is not evaluated")),
                    attr(0).map_or(0, |_| 1),
                )
            }
            "data" => match (attr(0), attr(1)) {
                (Some(t), Some(n)) => (Value::Unknown(format!("data.{t}.{n} is read from the provider")), 2),
                _ => (Value::Unknown("a data source is read from the provider".into()), 0),
            },
            "module" => match attr(0) {
                Some(m) => self.module_ref(&m, ops),
                None => (Value::Error("`module` must be followed by a module name".into()), 0),
            },
            _ => match attr(0) {
                Some(rname) => self.resource_ref(name, &rname, ops),
                None => (Value::Error(format!("`{name}` is not a known name")), 0),
            },
        }
    }

    /// A reference to a managed resource: `type.name`, `type.name[0]`, `type.name["k"]`,
    /// followed by an attribute.
    fn resource_ref(
        &mut self,
        rtype: &str,
        rname: &str,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
    ) -> (Value, usize) {
        let mut address = format!("{}{rtype}.{rname}", self.module.tree.prefix);
        let mut used = 1;
        let keys = self.resource_keys(rtype, rname);
        match ops.get(1).map(|o| o.value()) {
            Some(TraversalOperator::Index(e)) => {
                let k = self.eval(e);
                if let (Some(keys), true) = (&keys, k.is_known()) {
                    let at = format!("{address}[{}]", k.to_str().unwrap_or_default());
                    if let Err(e) = keys.check(&k, &at) {
                        return (e, 2);
                    }
                }
                match k {
                    Value::Number(n) => address.push_str(&format!("[{}]", fmt_number(n))),
                    Value::String(s) => address.push_str(&format!("[{s:?}]")),
                    p => {
                        let reason = p.unknown_reason().unwrap_or_default();
                        return (
                            Value::Unknown(format!("{address}[…] with an unresolved key: {reason}")),
                            2,
                        );
                    }
                }
                used = 2;
            }
            Some(TraversalOperator::LegacyIndex(i)) => {
                if let Some(Err(e)) = keys
                    .as_ref()
                    .map(|k| k.check(&Value::Number(*i.value() as f64), &address))
                {
                    return (e, 2);
                }
                address.push_str(&format!("[{}]", i.value()));
                used = 2;
            }
            Some(TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_)) => {
                if let Some(all) = keys.as_ref().and_then(|k| k.all(&address)) {
                    // The splat and what follows apply to every instance.
                    return (all, 1);
                }
                return (
                    Value::Unknown(format!("{address}[*] is known only after apply")),
                    ops.len(),
                );
            }
            _ => {
                if let Some(all) = keys.as_ref().and_then(|k| k.all(&address)) {
                    // A resource with `count` or `for_each` is a list or a map of its instances.
                    return (all, 1);
                }
            }
        }
        match ops.get(used).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(a)) => {
                // An argument the configuration writes is known at plan time.
                let key = match ops.get(1).map(|o| o.value()) {
                    Some(TraversalOperator::Index(e)) if used == 2 => Some(self.eval(e)),
                    Some(TraversalOperator::LegacyIndex(i)) if used == 2 => Some(Value::Number(*i.value() as f64)),
                    _ => None,
                };
                if !self.keep_references
                    && let Some(v) = self.configured_attr(rtype, rname, key.as_ref(), a.as_str())
                {
                    return (v, used + 1);
                }
                (
                    Value::Computed {
                        address,
                        attr: a.as_str().to_string(),
                    },
                    used + 1,
                )
            }
            _ => (
                Value::Computed {
                    address,
                    attr: String::new(),
                },
                used,
            ),
        }
    }

    /// A local's value, evaluated once; a local that depends on itself is unknown.
    fn local(&mut self, name: &str) -> Value {
        match self.module.local_values.borrow().get(name) {
            Some(Slot::Done(v)) => return v.clone(),
            Some(Slot::Busy) => {
                return Value::Unknown(format!("local.{name} refers to itself through a cycle"));
            }
            None => {}
        }
        let Some(expr) = self.module.locals.get(name).copied() else {
            return Value::Error(format!("local.{name} is not declared"));
        };
        self.module
            .local_values
            .borrow_mut()
            .insert(name.to_string(), Slot::Busy);
        // Locals see neither count nor each: evaluate in an empty scope, one level deeper.
        let mut inner = Eval {
            module: self.module,
            scope: Vec::new(),
            depth: self.depth + 1,
            lenient: None,
            keep_references: false,
        };
        let v = via(inner.eval(expr), &format!("local.{name}"));
        self.module
            .local_values
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(v.clone()));
        v
    }

    fn traverse(&mut self, mut v: Value, ops: &[&TraversalOperator]) -> Value {
        let mut i = 0;
        while i < ops.len() {
            if let Value::Computed { address, attr } = &v {
                // An attribute read from an instance is that attribute; anything read from a
                // computed attribute is still that attribute.
                if let (true, TraversalOperator::GetAttr(a)) = (attr.is_empty(), ops[i]) {
                    v = Value::Computed {
                        address: address.clone(),
                        attr: a.as_str().to_string(),
                    };
                    i += 1;
                    continue;
                }
                return v;
            }
            if let Some(p) = v.pending() {
                return p;
            }
            match ops[i] {
                TraversalOperator::GetAttr(a) => v = get_attr(v, a.as_str()),
                TraversalOperator::Index(e) => {
                    let k = self.eval(e);
                    v = index(v, &k);
                }
                TraversalOperator::LegacyIndex(n) => v = index(v, &Value::Number(*n.value() as f64)),
                TraversalOperator::AttrSplat(_) => {
                    // `.*` applies the attribute accesses that follow to every element.
                    let mut j = i + 1;
                    while j < ops.len()
                        && matches!(
                            ops[j],
                            TraversalOperator::GetAttr(_) | TraversalOperator::LegacyIndex(_)
                        )
                    {
                        j += 1;
                    }
                    v = self.splat(v, &ops[i + 1..j]);
                    i = j;
                    continue;
                }
                TraversalOperator::FullSplat(_) => return self.splat(v, &ops[i + 1..]),
            }
            i += 1;
        }
        v
    }

    fn splat(&mut self, v: Value, ops: &[&TraversalOperator]) -> Value {
        let items = match v {
            Value::Null => return Value::List(Vec::new()),
            Value::List(items) => items,
            v if !v.is_known() => return v.pending().unwrap_or(v),
            v => vec![v],
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let r = self.traverse(item, ops);
            if r.is_error() {
                return r;
            }
            out.push(r);
        }
        Value::List(out)
    }

    fn binary(&mut self, lhs: &Expression, op: BinaryOperator, rhs: &Expression) -> Value {
        use BinaryOperator as B;
        let a = self.eval(lhs);
        // `&&` and `||` stop early once the left side decides.
        match (op, a.to_bool()) {
            (B::And, Ok(false)) => return Value::Bool(false),
            (B::Or, Ok(true)) => return Value::Bool(true),
            _ => {}
        }
        let b = self.eval(rhs);
        match op {
            B::Eq => a.equals(&b),
            B::NotEq => match a.equals(&b) {
                Value::Bool(x) => Value::Bool(!x),
                p => p,
            },
            B::And | B::Or => {
                let want = op == B::Or;
                match (a.to_bool(), b.to_bool()) {
                    (_, Ok(x)) if x == want => Value::Bool(want),
                    (Ok(_), Ok(_)) => Value::Bool(!want),
                    (Err(p), _) | (_, Err(p)) => p,
                }
            }
            _ => {
                let (x, y) = match (a.to_number(), b.to_number()) {
                    (Ok(x), Ok(y)) => (x, y),
                    (Err(p), _) | (_, Err(p)) => return p,
                };
                match op {
                    B::Plus => Value::Number(x + y),
                    B::Minus => Value::Number(x - y),
                    B::Mul => Value::Number(x * y),
                    B::Div if y == 0.0 => Value::Error("division by zero".into()),
                    B::Div => Value::Number(x / y),
                    B::Mod if y == 0.0 => Value::Error("modulo by zero".into()),
                    B::Mod => Value::Number(x % y),
                    B::Less => Value::Bool(x < y),
                    B::LessEq => Value::Bool(x <= y),
                    B::Greater => Value::Bool(x > y),
                    B::GreaterEq => Value::Bool(x >= y),
                    B::Eq | B::NotEq | B::And | B::Or => Value::Null,
                }
            }
        }
    }

    fn for_expr(&mut self, f: &ForExpr) -> Value {
        let coll = self.eval(&f.intro.collection_expr);
        let pairs = match iteration(coll) {
            Ok(p) => p,
            Err(p) => return p,
        };
        let key_var = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let value_var = f.intro.value_var.as_str().to_string();
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        for (k, v) in pairs {
            let mut bind = vec![(value_var.clone(), v)];
            if let Some(kv) = &key_var {
                bind.push((kv.clone(), k));
            }
            let r = self.with(bind, |ev| {
                if let Some(c) = &f.cond {
                    match ev.eval(&c.expr).to_bool() {
                        Ok(false) => return Ok(None),
                        Ok(true) => {}
                        Err(p) => return Err(p),
                    }
                }
                let key = match &f.key_expr {
                    Some(ke) => Some(ev.eval(ke).to_str()?),
                    None => None,
                };
                let val = ev.eval(&f.value_expr);
                if val.is_error() {
                    return Err(val);
                }
                Ok(Some((key, val)))
            });
            match r {
                Ok(None) => {}
                Ok(Some((None, val))) => list.push(val),
                Ok(Some((Some(key), val))) => {
                    if f.grouping {
                        match map.entry(key).or_insert_with(|| Value::List(Vec::new())) {
                            Value::List(g) => g.push(val),
                            _ => return Value::Error("grouping failed".into()),
                        }
                    } else {
                        match map.entry(key) {
                            std::collections::btree_map::Entry::Occupied(e) => {
                                return Value::Error(format!(
                                    "the key \"{}\" is produced twice; add `...` to group values",
                                    e.key()
                                ));
                            }
                            std::collections::btree_map::Entry::Vacant(e) => {
                                e.insert(val);
                            }
                        }
                    }
                }
                Err(p) => return p,
            }
            if list.len() + map.len() > MAX_LEN {
                return Value::Error("the collection is too large".into());
            }
        }
        if f.key_expr.is_some() {
            Value::Map(map)
        } else {
            Value::List(list)
        }
    }

    /// Renders a template, writing a [`placeholder`] for each interpolation that cannot be
    /// known instead of giving up on the whole text. Returns the text and the reasons.
    pub fn render_lenient(&mut self, t: &Template) -> Result<(String, Vec<String>), Value> {
        let saved = self.lenient.replace(Vec::new());
        let mut r = Render::default();
        let res = self.render(t, &mut r);
        let reasons = std::mem::replace(&mut self.lenient, saved).unwrap_or_default();
        res.map(|()| (r.out, reasons))
    }

    /// Renders a whole template to a string.
    pub fn template_value(&mut self, t: &Template) -> Result<String, Value> {
        match self.template(t) {
            Value::String(s) => Ok(s),
            v => v.to_str(),
        }
    }

    /// Renders a template. A template that is a single interpolation returns its value as is.
    fn template(&mut self, t: &Template) -> Value {
        if let Some(Element::Interpolation(i)) = t.as_single_element() {
            return self.eval(&i.expr);
        }
        let mut r = Render::default();
        match self.render(t, &mut r) {
            Ok(()) => Value::String(r.out),
            Err(p) => p,
        }
    }

    fn render(&mut self, t: &Template, r: &mut Render) -> Result<(), Value> {
        if self.depth >= MAX_DEPTH {
            return Err(Value::Unknown("the template is nested too deeply".into()));
        }
        self.depth += 1;
        let res = self.render_elements(t, r);
        self.depth -= 1;
        res
    }

    /// Evaluates an expression inside a template without lenient rendering: only the text the
    /// template itself writes may hold placeholders, never a value an expression computes
    /// (`%{ if "${var.env}" == "prod" }` must stay unknown, not compare a placeholder).
    fn eval_strict(&mut self, e: &Expression) -> Value {
        let saved = self.lenient.take();
        let v = self.eval(e);
        self.lenient = saved;
        v
    }

    fn render_elements(&mut self, t: &Template, r: &mut Render) -> Result<(), Value> {
        for el in t.iter() {
            match el {
                Element::Literal(s) => r.literal(s.value())?,
                Element::Interpolation(i) => {
                    if i.strip.strip_start() {
                        r.strip_before();
                    }
                    let s = match (self.eval_strict(&i.expr).to_str(), &mut self.lenient) {
                        (Ok(s), _) => s,
                        (Err(p), Some(reasons)) if !p.is_error() => {
                            reasons.push(p.unknown_reason().unwrap_or_default());
                            placeholder(reasons.len() - 1)
                        }
                        (Err(p), _) => return Err(p),
                    };
                    r.push(&s)?;
                    r.strip_next = i.strip.strip_end();
                }
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => {
                        if d.if_expr.strip.strip_start() {
                            r.strip_before();
                        }
                        let cond = self.eval_strict(&d.if_expr.cond_expr).to_bool()?;
                        if cond {
                            r.strip_next = d.if_expr.strip.strip_end();
                            self.render(&d.if_expr.template, r)?;
                            let closing = match &d.else_expr {
                                Some(e) => e.strip.strip_start(),
                                None => d.endif_expr.strip.strip_start(),
                            };
                            if closing {
                                r.strip_before();
                            }
                        } else if let Some(e) = &d.else_expr {
                            r.strip_next = e.strip.strip_end();
                            self.render(&e.template, r)?;
                            if d.endif_expr.strip.strip_start() {
                                r.strip_before();
                            }
                        }
                        r.last_literal = None;
                        r.strip_next = d.endif_expr.strip.strip_end();
                    }
                    Directive::For(d) => {
                        let fe = &d.for_expr;
                        if fe.strip.strip_start() {
                            r.strip_before();
                        }
                        let coll = self.eval_strict(&fe.collection_expr);
                        let key_var = fe.key_var.as_ref().map(|k| k.as_str().to_string());
                        let value_var = fe.value_var.as_str().to_string();
                        for (k, v) in iteration(coll)? {
                            let mut bind = vec![(value_var.clone(), v)];
                            if let Some(kv) = &key_var {
                                bind.push((kv.clone(), k));
                            }
                            r.strip_next = fe.strip.strip_end();
                            self.with(bind, |ev| ev.render(&fe.template, r))?;
                            if d.endfor_expr.strip.strip_start() {
                                r.strip_before();
                            }
                            r.last_literal = None;
                        }
                        r.strip_next = d.endfor_expr.strip.strip_end();
                    }
                },
            }
        }
        Ok(())
    }
}

/// Whether an expression is a reference to a managed resource (`aws_ecs_cluster.main.name`,
/// `aws_ecs_cluster.this[0].arn`), and nothing else.
pub fn is_resource_reference(expr: &Expression) -> bool {
    let expr = match expr {
        Expression::Parenthesis(p) => p.inner(),
        e => e,
    };
    let Expression::Traversal(t) = expr else { return false };
    let Expression::Variable(root) = &t.expr else {
        return false;
    };
    !matches!(
        root.as_str(),
        "var" | "local" | "module" | "data" | "path" | "count" | "each" | "self" | "terraform"
    ) && matches!(
        t.operators.first().map(|o| o.value()),
        Some(TraversalOperator::GetAttr(_))
    )
}

/// The pairs a `for` iterates: index and element of a list, key and value of a map.
pub fn iteration(coll: Value) -> Result<Vec<(Value, Value)>, Value> {
    match coll {
        Value::List(items) => Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Value::Number(i as f64), v))
            .collect()),
        Value::Map(m) => Ok(m.into_iter().map(|(k, v)| (Value::String(k), v)).collect()),
        Value::Null => Err(Value::Error("cannot iterate over a null value".into())),
        v if !v.is_known() => Err(v.pending().unwrap_or(v)),
        v => Err(Value::Error(format!("cannot iterate over a {}", v.type_name()))),
    }
}

pub fn get_attr(v: Value, name: &str) -> Value {
    match v {
        Value::Map(mut m) => m
            .remove(name)
            .unwrap_or_else(|| Value::Error(format!("there is no attribute \"{name}\""))),
        Value::Null => Value::Error(format!("cannot read \"{name}\" of a null value")),
        v if !v.is_known() => v.pending().unwrap_or(v),
        v => Value::Error(format!("cannot read \"{name}\" of a {}", v.type_name())),
    }
}

pub fn index(v: Value, k: &Value) -> Value {
    if let Some(p) = v.pending().or_else(|| k.pending()) {
        return p;
    }
    match v {
        Value::List(mut items) => match k.to_index() {
            Ok(i) if i >= 0 && (i as usize) < items.len() => items.swap_remove(i as usize),
            Ok(i) => Value::Error(format!("index {i} is out of range")),
            Err(e) => e,
        },
        Value::Map(mut m) => match k.to_str() {
            Ok(key) => m
                .remove(&key)
                .unwrap_or_else(|| Value::Error(format!("there is no key \"{key}\""))),
            Err(e) => e,
        },
        Value::Null => Value::Error("cannot index a null value".into()),
        v => Value::Error(format!("cannot index a {}", v.type_name())),
    }
}

/// Template output with whitespace stripping (`~`).
#[derive(Default)]
struct Render {
    out: String,
    /// Where the literal just written starts, while it is the last thing written.
    last_literal: Option<usize>,
    /// Whether the next literal loses its leading whitespace.
    strip_next: bool,
}

impl Render {
    fn literal(&mut self, s: &str) -> Result<(), Value> {
        let s = if std::mem::take(&mut self.strip_next) {
            s.trim_start()
        } else {
            s
        };
        if self.out.len() + s.len() > MAX_LEN {
            return Err(Value::Error("the string is too long".into()));
        }
        self.last_literal = Some(self.out.len());
        self.out.push_str(s);
        Ok(())
    }

    fn push(&mut self, s: &str) -> Result<(), Value> {
        if self.out.len() + s.len() > MAX_LEN {
            return Err(Value::Error("the string is too long".into()));
        }
        self.out.push_str(s);
        self.last_literal = None;
        self.strip_next = false;
        Ok(())
    }

    /// Strips trailing whitespace of the literal just written.
    fn strip_before(&mut self) {
        if let Some(start) = self.last_literal.take() {
            let kept = self.out[start..].trim_end().len();
            self.out.truncate(start + kept);
        }
    }
}
