//! `Fn::ForEach` of the `AWS::LanguageExtensions` transform, expanded as CloudFormation expands
//! it before anything else is evaluated.
//!
//! `'Fn::ForEach::Name': [Identifier, Collection, {OutputKey: OutputValue}]` in the
//! `Conditions`, `Resources` (resource properties included) or `Outputs` section is replaced by
//! one `OutputKey: OutputValue` entry for each item of the collection. In the fragment, the
//! identifier is replaced where CloudFormation replaces it: `${Identifier}` in every mapping key
//! and in `Fn::Sub` strings, `&{Identifier}` in the same places with the item's non-alphanumeric
//! characters left out (so that a logical id can be made of `10.0.1.0/24`), and
//! `Ref: Identifier`, which becomes the item. Other strings are left as written. Loops nest.
//!
//! The generated entries keep the spans of the fragment they came from: a finding about a
//! generated resource points at the line of the fragment that wrote the value, and its address
//! is the generated logical id (`SubnetA`, `Subnet10001024`).

use super::intrinsics::{Evaluator, MAX_DEPTH};
use super::value::Kind;
use crate::tree::{Key, Node, NodeValue};
use mamori_model::Span;

/// The prefix of a loop's key.
pub const PREFIX: &str = "Fn::ForEach::";

/// The sections a loop may stand in.
const SECTIONS: &[&str] = &["Conditions", "Resources", "Outputs"];

/// How many entries one template's loops may generate (CloudFormation allows 500 resources).
const MAX_GENERATED: usize = 10_000;

/// A template with its loops expanded, and what could not be expanded.
pub struct Expansion {
    pub doc: Node,
    /// Each with the span of the loop's key.
    pub notes: Vec<(Span, String)>,
}

/// Expands every loop of the template. `ev` evaluates the collections (parameters, mappings).
pub fn expand(doc: &Node, ev: &mut Evaluator<'_>) -> Expansion {
    let mut x = Expander {
        ev,
        notes: Vec::new(),
        generated: 0,
    };
    let doc = match &doc.value {
        NodeValue::Map(entries) => Node {
            value: NodeValue::Map(
                entries
                    .iter()
                    .map(|(k, v)| {
                        if SECTIONS.contains(&k.text.as_str()) {
                            (k.clone(), x.walk(v, &[], 0))
                        } else {
                            (k.clone(), v.clone())
                        }
                    })
                    .collect(),
            ),
            span: doc.span,
        },
        _ => doc.clone(),
    };
    Expansion { doc, notes: x.notes }
}

/// The loop variables in scope: identifier and item.
type Params = [(String, String)];

struct Expander<'e, 'a> {
    ev: &'e mut Evaluator<'a>,
    notes: Vec<(Span, String)>,
    generated: usize,
}

impl Expander<'_, '_> {
    fn walk(&mut self, node: &Node, params: &Params, depth: usize) -> Node {
        if depth >= MAX_DEPTH {
            return node.clone();
        }
        let value = match &node.value {
            NodeValue::Map(entries) => {
                if !params.is_empty()
                    && let [(k, arg)] = entries.as_slice()
                {
                    if k.text == "Ref"
                        && let Some(item) = arg.as_str().and_then(|a| lookup(params, a))
                    {
                        return Node {
                            value: NodeValue::String(item.to_string()),
                            span: node.span,
                        };
                    }
                    if k.text == "Fn::Sub" {
                        return Node {
                            value: NodeValue::Map(vec![(k.clone(), self.sub(arg, params, depth))]),
                            span: node.span,
                        };
                    }
                }
                NodeValue::Map(self.entries(entries, params, depth))
            }
            NodeValue::Seq(items) => NodeValue::Seq(items.iter().map(|i| self.walk(i, params, depth + 1)).collect()),
            NodeValue::Tagged(tag, inner) if !params.is_empty() && tag == "!Ref" => {
                match inner.as_str().and_then(|a| lookup(params, a)) {
                    Some(item) => NodeValue::String(item.to_string()),
                    None => NodeValue::Tagged(tag.clone(), Box::new(self.walk(inner, params, depth + 1))),
                }
            }
            NodeValue::Tagged(tag, inner) if !params.is_empty() && tag == "!Sub" => {
                NodeValue::Tagged(tag.clone(), Box::new(self.sub(inner, params, depth)))
            }
            NodeValue::Tagged(tag, inner) => {
                NodeValue::Tagged(tag.clone(), Box::new(self.walk(inner, params, depth + 1)))
            }
            other => other.clone(),
        };
        Node { value, span: node.span }
    }

    /// The argument of `Fn::Sub` with the loop variables replaced in its string.
    fn sub(&mut self, arg: &Node, params: &Params, depth: usize) -> Node {
        match &arg.value {
            NodeValue::String(s) => Node {
                value: NodeValue::String(replace(s, params)),
                span: arg.span,
            },
            NodeValue::Seq(items) => Node {
                value: NodeValue::Seq(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| match (&item.value, i) {
                            (NodeValue::String(s), 0) => Node {
                                value: NodeValue::String(replace(s, params)),
                                span: item.span,
                            },
                            _ => self.walk(item, params, depth + 1),
                        })
                        .collect(),
                ),
                span: arg.span,
            },
            _ => self.walk(arg, params, depth + 1),
        }
    }

    /// A mapping's entries: loops expanded in place, keys with the loop variables replaced.
    fn entries(&mut self, entries: &[(Key, Node)], params: &Params, depth: usize) -> Vec<(Key, Node)> {
        let mut out: Vec<(Key, Node)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            if k.text.starts_with(PREFIX) {
                for (gk, gv) in self.expand_loop(k, v, params, depth) {
                    if out.iter().any(|(o, _)| o.text == gk.text)
                        || entries
                            .iter()
                            .any(|(o, _)| o.text == gk.text && !o.text.starts_with(PREFIX))
                    {
                        self.notes.push((
                            k.span,
                            format!(
                                "{} makes `{}` twice, which CloudFormation rejects; the second is left out",
                                k.text, gk.text
                            ),
                        ));
                        continue;
                    }
                    out.push((gk, gv));
                }
            } else {
                let key = if params.is_empty() {
                    k.clone()
                } else {
                    Key {
                        text: replace(&k.text, params),
                        span: k.span,
                    }
                };
                out.push((key, self.walk(v, params, depth + 1)));
            }
        }
        out
    }

    /// One loop's generated entries.
    fn expand_loop(&mut self, key: &Key, v: &Node, params: &Params, depth: usize) -> Vec<(Key, Node)> {
        let name = key.text.as_str();
        let Some([identifier, collection, fragment]) = v.as_seq() else {
            self.notes.push((
                key.span,
                format!("{name} expects [Identifier, Collection, {{OutputKey: OutputValue}}]; it is not expanded"),
            ));
            return Vec::new();
        };
        let (Some(identifier), Some(_)) = (identifier.as_str(), fragment.as_map()) else {
            self.notes.push((
                key.span,
                format!("{name} expects [Identifier, Collection, {{OutputKey: OutputValue}}]; it is not expanded"),
            ));
            return Vec::new();
        };
        let collection = self.walk(collection, params, depth + 1);
        let resolved = self.ev.resolve(&collection);
        let items = match resolved.kind {
            Kind::List(items) => items,
            _ => {
                let why = resolved
                    .unknown_reason()
                    .unwrap_or_else(|| format!("it is a {}, not a list", resolved.type_name()));
                self.notes.push((
                    key.span,
                    format!("{name} is not expanded, as its collection is unknown: {why}"),
                ));
                return Vec::new();
            }
        };
        let mut texts = Vec::with_capacity(items.len());
        for item in &items {
            match item.text() {
                Some(t) => texts.push(t),
                None => {
                    let why = item
                        .unknown_reason()
                        .unwrap_or_else(|| format!("an item is a {}, not a string", item.type_name()));
                    self.notes.push((
                        key.span,
                        format!("{name} is not expanded, as its collection is unknown: {why}"),
                    ));
                    return Vec::new();
                }
            }
        }
        let mut out = Vec::new();
        for item in texts {
            let entries = fragment.as_map().unwrap_or(&[]);
            if self.generated + entries.len() > MAX_GENERATED {
                self.notes.push((
                    key.span,
                    format!("{name} makes more than {MAX_GENERATED} entries; the rest are not scanned"),
                ));
                break;
            }
            self.generated += entries.len();
            let mut inner: Vec<(String, String)> = params.iter().filter(|(id, _)| id != identifier).cloned().collect();
            inner.push((identifier.to_string(), item));
            out.extend(self.entries(entries, &inner, depth + 1));
        }
        out
    }
}

fn lookup<'p>(params: &'p Params, name: &str) -> Option<&'p str> {
    params.iter().rev().find(|(id, _)| id == name).map(|(_, v)| v.as_str())
}

/// `${Identifier}` replaced by the item and `&{Identifier}` by the item without its
/// non-alphanumeric characters.
fn replace(s: &str, params: &Params) -> String {
    let mut out = s.to_string();
    for (id, item) in params {
        if out.contains(id.as_str()) {
            out = out.replace(&format!("${{{id}}}"), item);
            let alnum: String = item.chars().filter(char::is_ascii_alphanumeric).collect();
            out = out.replace(&format!("&{{{id}}}"), &alnum);
        }
    }
    out
}

#[cfg(test)]
mod tests;
