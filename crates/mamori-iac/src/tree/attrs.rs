//! Reading model attributes out of tree nodes.
//!
//! Used by adapters whose values are plain YAML or JSON scalars. An adapter with expressions of
//! its own (CloudFormation's intrinsic functions) resolves them first.

use super::{Node, NodeValue};
use crate::source::SourceFile;
use mamori_model::{Attr, Span};

/// A string value. Numbers and booleans are taken as their text, as AWS does for string fields.
/// `parent` is the span of the object the key belongs to, used when the key is absent.
pub fn str_attr(file: &SourceFile, node: Option<&Node>, parent: Span) -> Attr<String> {
    match node {
        None => Attr::absent(file.origin_of(parent)),
        Some(n) if n.is_null() => Attr::absent(file.origin_of(n.span)),
        Some(n) => match n.scalar_text() {
            Some(s) => Attr::set(s, file.origin_of(n.span)),
            None => Attr::unknown(
                format!("expected a string, found a {}", n.type_name()),
                file.origin_of(n.span),
            ),
        },
    }
}

/// A boolean value. The strings `"true"` and `"false"` are accepted, as the AWS CLI does.
pub fn bool_attr(file: &SourceFile, node: Option<&Node>, parent: Span) -> Attr<bool> {
    match node {
        None => Attr::absent(file.origin_of(parent)),
        Some(n) if n.is_null() => Attr::absent(file.origin_of(n.span)),
        Some(n) => match &n.value {
            NodeValue::Bool(b) => Attr::set(*b, file.origin_of(n.span)),
            NodeValue::String(s) if s.eq_ignore_ascii_case("true") => Attr::set(true, file.origin_of(n.span)),
            NodeValue::String(s) if s.eq_ignore_ascii_case("false") => Attr::set(false, file.origin_of(n.span)),
            _ => Attr::unknown(
                format!("expected a boolean, found a {}", n.type_name()),
                file.origin_of(n.span),
            ),
        },
    }
}

/// An `ENABLED` / `DISABLED` enum read as a boolean (`assignPublicIp`, `transitEncryption`).
pub fn enabled_attr(file: &SourceFile, node: Option<&Node>, parent: Span) -> Attr<bool> {
    let s = str_attr(file, node, parent);
    match s.explicit().map(|v| v.to_ascii_uppercase()) {
        Some(v) if v == "ENABLED" => Attr::set(true, s.origin),
        Some(v) if v == "DISABLED" => Attr::set(false, s.origin),
        Some(v) => Attr::unknown(format!("`{v}` is neither ENABLED nor DISABLED"), s.origin),
        None => s.map(|_| false),
    }
}

pub fn int_attr(file: &SourceFile, node: Option<&Node>, parent: Span) -> Attr<i64> {
    let s = str_attr(file, node, parent);
    match s.explicit().map(|v| v.parse::<i64>()) {
        Some(Ok(i)) => Attr::set(i, s.origin),
        Some(Err(_)) => Attr::unknown("expected a whole number", s.origin),
        None => s.map(|_| 0),
    }
}

/// A list of strings, each with its own origin.
pub fn str_list_attr(file: &SourceFile, node: Option<&Node>, parent: Span) -> Attr<Vec<Attr<String>>> {
    match node {
        None => Attr::absent(file.origin_of(parent)),
        Some(n) if n.is_null() => Attr::absent(file.origin_of(n.span)),
        Some(n) => match n.as_seq() {
            Some(items) => Attr::set(
                items.iter().map(|i| str_attr(file, Some(i), n.span)).collect(),
                file.origin_of(n.span),
            ),
            None => Attr::unknown(
                format!("expected a list, found a {}", n.type_name()),
                file.origin_of(n.span),
            ),
        },
    }
}
