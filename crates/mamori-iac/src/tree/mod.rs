//! A document tree with a span on every node, shared by the YAML and JSON readers.
//!
//! CloudFormation templates, AWS API JSON and (later) Kubernetes manifests are all trees of
//! maps, lists and scalars. Reading them into one spanned shape lets each adapter be written once
//! for both YAML and JSON.

mod json;
mod yaml;

pub use json::parse_json;
pub use yaml::parse_yaml;

use mamori_model::Span;

/// A node of a YAML or JSON document.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: NodeValue,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    /// A number, kept as written (`1.10` stays `1.10`).
    Number(String),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
    /// A YAML node with a local tag such as CloudFormation's `!Ref`; the tag keeps its `!`.
    Tagged(String, Box<Node>),
}

/// A mapping key with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub text: String,
    pub span: Span,
}

/// A failure to parse a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key and value of an entry of a mapping.
    pub fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        match &self.value {
            // The last of duplicated keys wins, as in most YAML and JSON readers.
            NodeValue::Map(entries) => entries.iter().rev().find(|(k, _)| k.text == key).map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            NodeValue::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            NodeValue::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as text: strings, numbers as written, and booleans.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            NodeValue::String(s) | NodeValue::Number(s) => Some(s.clone()),
            NodeValue::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            NodeValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, NodeValue::Map(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, NodeValue::Null)
    }

    /// A short name of the node's type for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "boolean",
            NodeValue::Number(_) => "number",
            NodeValue::String(_) => "string",
            NodeValue::Seq(_) => "list",
            NodeValue::Map(_) => "mapping",
            NodeValue::Tagged(..) => "tagged value",
        }
    }
}

mod attrs;
pub use attrs::{bool_attr, enabled_attr, int_attr, str_attr, str_list_attr};
