//! A template value after its intrinsic functions have been evaluated.
//!
//! Every value keeps a span: a literal keeps its own, and a value an intrinsic function produced
//! (a parameter default reached through `Ref`, a `Fn::FindInMap` entry, a `Fn::Sub` result) takes
//! the span of the function's node in the resource, so that a finding points at the resource's
//! line rather than at the `Parameters` or `Mappings` section.

use crate::tree::Key;
use mamori_model::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Val {
    pub kind: Kind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// A number, kept as written.
    Number(String),
    Str(String),
    List(Vec<Val>),
    Map(Vec<(Key, Val)>),
    /// `Ref: AWS::NoValue`: the property (or list item) is left out.
    NoValue,
    /// A value that exists only once the stack is deployed, produced by a resource of the same
    /// template (`Ref` to a resource, `Fn::GetAtt`). The logical id links references such as a
    /// service's `Cluster` to the cluster declared beside it.
    Computed {
        resource: String,
        attribute: Option<String>,
    },
    /// A value the scanner cannot know; the text says why.
    Unknown(String),
}

impl Val {
    pub fn new(kind: Kind, span: Span) -> Val {
        Val { kind, span }
    }

    pub fn unknown(reason: impl Into<String>, span: Span) -> Val {
        Val {
            kind: Kind::Unknown(reason.into()),
            span,
        }
    }

    pub fn str(s: impl Into<String>, span: Span) -> Val {
        Val {
            kind: Kind::Str(s.into()),
            span,
        }
    }

    /// A scalar as text: strings, numbers as written, booleans as `true` / `false`.
    pub fn text(&self) -> Option<String> {
        match &self.kind {
            Kind::Str(s) | Kind::Number(s) => Some(s.clone()),
            Kind::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Why the value is not known, for unknown and computed values.
    pub fn unknown_reason(&self) -> Option<String> {
        match &self.kind {
            Kind::Unknown(r) => Some(r.clone()),
            Kind::Computed {
                resource,
                attribute: None,
            } => Some(format!(
                "Ref to resource {resource}: known only once the stack is deployed"
            )),
            Kind::Computed {
                resource,
                attribute: Some(a),
            } => Some(format!(
                "Fn::GetAtt {resource}.{a}: known only once the stack is deployed"
            )),
            _ => None,
        }
    }

    pub fn is_no_value(&self) -> bool {
        matches!(self.kind, Kind::NoValue)
    }

    pub fn is_map(&self) -> bool {
        matches!(self.kind, Kind::Map(_))
    }

    /// An entry of a mapping. An unknown value stands for each of its entries, so that reading
    /// a field of an unresolved object gives an unknown field with the same reason.
    pub fn get(&self, key: &str) -> Option<&Val> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|(k, _)| k.text == key).map(|(_, v)| v),
            Kind::Unknown(_) => Some(self),
            _ => None,
        }
    }

    /// A short name of the value's type for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "boolean",
            Kind::Number(_) => "number",
            Kind::Str(_) => "string",
            Kind::List(_) => "list",
            Kind::Map(_) => "mapping",
            Kind::NoValue => "AWS::NoValue",
            Kind::Computed { .. } => "computed value",
            Kind::Unknown(_) => "unknown value",
        }
    }

    /// Gives the value, and everything inside it, one span.
    pub fn respan(mut self, span: Span) -> Val {
        self.set_span(span);
        self
    }

    fn set_span(&mut self, span: Span) {
        self.span = span;
        match &mut self.kind {
            Kind::List(items) => items.iter_mut().for_each(|i| i.set_span(span)),
            Kind::Map(entries) => entries.iter_mut().for_each(|(_, v)| v.set_span(span)),
            _ => {}
        }
    }

    /// Whether two values are equal, ignoring spans. `None` when either side is not known.
    /// Scalars compare by their text, as CloudFormation compares strings.
    pub fn same(&self, other: &Val) -> Option<bool> {
        match (&self.kind, &other.kind) {
            (Kind::Unknown(_) | Kind::Computed { .. }, _) | (_, Kind::Unknown(_) | Kind::Computed { .. }) => None,
            (Kind::List(a), Kind::List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut all = true;
                for (x, y) in a.iter().zip(b) {
                    match x.same(y) {
                        None => return None,
                        Some(false) => all = false,
                        Some(true) => {}
                    }
                }
                Some(all)
            }
            (Kind::Map(a), Kind::Map(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut all = true;
                for (k, x) in a {
                    match b.iter().find(|(kb, _)| kb.text == k.text) {
                        None => all = false,
                        Some((_, y)) => match x.same(y) {
                            None => return None,
                            Some(false) => all = false,
                            Some(true) => {}
                        },
                    }
                }
                Some(all)
            }
            (Kind::Null, Kind::Null) | (Kind::NoValue, Kind::NoValue) => Some(true),
            _ => match (self.text(), other.text()) {
                (Some(a), Some(b)) => Some(a == b),
                _ => Some(false),
            },
        }
    }

    /// Whether two values are the same value, spans aside (for an `Fn::If` whose branches agree).
    pub fn identical(&self, other: &Val) -> bool {
        match (&self.kind, &other.kind) {
            (Kind::List(a), Kind::List(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.identical(y)),
            (Kind::Map(a), Kind::Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, x), (kb, y))| ka.text == kb.text && x.identical(y))
            }
            (a, b) => a == b,
        }
    }
}
