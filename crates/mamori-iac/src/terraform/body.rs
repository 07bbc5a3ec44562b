//! A block's body seen through evaluation: its arguments as values with their origins, and its
//! nested blocks with `dynamic` blocks expanded.

use super::eval::{Eval, Module, Scope, iteration};
use super::plan::Planned;
use super::value::Value;
use crate::source::SourceFile;
use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body, Structure};
use mamori_model::Origin;
use std::collections::BTreeMap;
use std::ops::Range;

/// Deepest nesting of blocks read.
const MAX_BLOCK_DEPTH: usize = 32;

/// Most blocks one `dynamic` block expands into.
const MAX_DYNAMIC: usize = 10_000;

/// One block (or a `dynamic` block's `content`, once per element) with the names it can see.
#[derive(Clone)]
pub struct View<'a> {
    pub file: &'a SourceFile,
    pub body: &'a Body,
    /// The byte range of the block.
    pub span: Range<usize>,
    pub scope: Scope,
    depth: usize,
    /// For a resource read from a plan's JSON: its planned values, in place of the block's
    /// arguments.
    pub plan: Option<Planned<'a>>,
}

/// An argument written in a block: its value and where the value expression is.
pub struct Field<'a> {
    pub value: Value,
    pub origin: Origin,
    pub expr: &'a Expression,
}

/// The nested blocks of one type.
pub enum Blocks<'a> {
    Known(Vec<View<'a>>),
    /// A `dynamic` block whose `for_each` cannot be resolved: how many blocks there are is not
    /// known.
    Unknown(String, Origin),
}

impl<'a> View<'a> {
    pub fn new(file: &'a SourceFile, block: &'a Block, scope: Scope) -> Self {
        let span = block.span().unwrap_or(0..0);
        View {
            file,
            body: &block.body,
            span,
            scope,
            depth: 0,
            plan: None,
        }
    }

    /// A view of a resource (or a nested block) read from a plan's JSON.
    ///
    /// Its origin is the `.tf` block that declares it when the configuration is beside the plan,
    /// else its object in the plan.
    pub fn planned(file: &'a SourceFile, body: &'a Body, planned: Planned<'a>) -> Self {
        let (file, span) = match &planned.declared {
            Some(d) => (d.file, d.span.0..d.span.1),
            None => (file, planned.values.span.start_byte..planned.values.span.end_byte),
        };
        View {
            file,
            body,
            span,
            scope: Vec::new(),
            depth: 0,
            plan: Some(planned),
        }
    }

    pub fn origin(&self) -> Origin {
        self.file.origin(self.span.start, self.span.end)
    }

    /// The origin of an expression of this file.
    pub fn origin_of(&self, e: &Expression) -> Origin {
        match e.span() {
            Some(r) => self.file.origin(r.start, r.end),
            None => self.origin(),
        }
    }

    /// An argument, evaluated; `None` when it is not written.
    pub fn attr(&self, m: &Module<'_>, name: &str) -> Option<Field<'a>> {
        if let Some(p) = &self.plan {
            return p.field(name, self.origin());
        }
        let a = self.body.get_attribute(name)?;
        let mut ev = Eval::for_argument(m, self.scope.clone(), &a.value);
        let value = ev.eval(&a.value);
        Some(Field {
            value,
            origin: self.origin_of(&a.value),
            expr: &a.value,
        })
    }

    /// The nested blocks of a type, static and `dynamic` ones in the order written.
    pub fn blocks(&self, m: &Module<'_>, name: &str) -> Blocks<'a> {
        if let Some(p) = &self.plan {
            return match p.blocks(name, self.origin()) {
                Ok(list) => Blocks::Known(list.into_iter().map(|b| View::planned(p.file, self.body, b)).collect()),
                Err((why, origin)) => Blocks::Unknown(why, origin),
            };
        }
        let mut out = Vec::new();
        if self.depth >= MAX_BLOCK_DEPTH {
            return Blocks::Unknown("blocks are nested too deeply".into(), self.origin());
        }
        for s in self.body.iter() {
            let Structure::Block(b) = s else { continue };
            let ident = b.ident.as_str();
            if ident == name {
                out.push(self.child(b, self.scope.clone()));
            } else if ident == "dynamic" && b.labels.first().is_some_and(|l| l.as_str() == name) {
                match self.dynamic(m, b, name) {
                    Ok(views) => out.extend(views),
                    Err(unknown) => return unknown,
                }
            }
        }
        Blocks::Known(out)
    }

    fn child(&self, b: &'a Block, scope: Scope) -> View<'a> {
        View {
            file: self.file,
            body: &b.body,
            span: b.span().unwrap_or_else(|| self.span.clone()),
            scope,
            depth: self.depth + 1,
            plan: None,
        }
    }

    /// Expands `dynamic "name" { for_each = …; iterator = …; content { … } }`.
    fn dynamic(&self, m: &Module<'_>, b: &'a Block, name: &str) -> Result<Vec<View<'a>>, Blocks<'a>> {
        let here = self.child(b, self.scope.clone());
        let Some(for_each) = here.attr(m, "for_each") else {
            let why = format!("dynamic \"{name}\" has no for_each");
            return Err(Blocks::Unknown(why, here.origin()));
        };
        let iterator = match b.body.get_attribute("iterator").map(|a| &a.value) {
            Some(Expression::Variable(id)) => id.as_str().to_string(),
            _ => name.to_string(),
        };
        let Some(content) = b.body.get_blocks("content").next() else {
            return Ok(Vec::new());
        };
        let pairs = match iteration(for_each.value) {
            Ok(p) if p.len() <= MAX_DYNAMIC => p,
            Ok(_) => {
                let why = format!("dynamic \"{name}\" expands into too many blocks");
                return Err(Blocks::Unknown(why, for_each.origin));
            }
            Err(p) => {
                let reason = p.unknown_reason().unwrap_or_default();
                let why = format!("the for_each of dynamic \"{name}\" is unknown: {reason}");
                return Err(Blocks::Unknown(why, for_each.origin));
            }
        };
        Ok(pairs
            .into_iter()
            .map(|(k, v)| {
                let mut scope = self.scope.clone();
                let it = BTreeMap::from([("key".to_string(), k), ("value".to_string(), v)]);
                scope.push((iterator.clone(), Value::Map(it)));
                self.child(content, scope)
            })
            .collect())
    }
}
