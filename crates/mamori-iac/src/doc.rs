//! A document tree that does not know its format: every node with its origin, and room for the
//! values an adapter could not resolve.
//!
//! A task definition reaches mamori as API JSON, as a CloudFormation value with intrinsic
//! functions, or as a Terraform value built by `jsonencode`, read from a heredoc or from another
//! file. Each adapter turns its own shape into a [`Doc`], and one reader
//! ([`crate::ecs_task`]) maps the document into the model, so the field mapping is written once.
//!
//! Keys are looked up without regard to case: the API spells them in camel case, CloudFormation
//! in Pascal case (with a few irregular capitals such as `EFSVolumeConfiguration`), and the
//! Terraform provider decodes `container_definitions` case-insensitively too.

use mamori_model::{Attr, Origin};

#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    pub value: DocValue,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DocValue {
    Null,
    Bool(bool),
    /// A number as written.
    Number(String),
    Str(String),
    List(Vec<Doc>),
    Map(Vec<(DocKey, Doc)>),
    /// A reference to another resource of the same scan (Terraform address or logical id),
    /// whose value is known only once deployed.
    Ref(String),
    /// A value the scanner cannot know; the text says why.
    Unknown(String),
    /// A CloudFormation dynamic reference (`{{resolve:service:…}}`): unknown, but known to be
    /// resolved by CloudFormation into the resource's properties.
    DynamicRef {
        service: String,
        reason: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct DocKey {
    pub text: String,
    pub origin: Origin,
}

impl Doc {
    pub fn new(value: DocValue, origin: Origin) -> Doc {
        Doc { value, origin }
    }

    /// An entry of a mapping, the key's case ignored; an exact match wins, then the last of
    /// repeated keys. An unknown value stands for each of its entries.
    pub fn get(&self, key: &str) -> Option<&Doc> {
        match &self.value {
            DocValue::Map(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| k.text == key)
                .or_else(|| entries.iter().rev().find(|(k, _)| k.text.eq_ignore_ascii_case(key)))
                .map(|(_, v)| v),
            DocValue::Unknown(_) => Some(self),
            _ => None,
        }
    }

    /// The service of a dynamic reference.
    pub fn dynamic_reference(&self) -> Option<String> {
        match &self.value {
            DocValue::DynamicRef { service, .. } => Some(service.clone()),
            _ => None,
        }
    }

    pub fn entries(&self) -> Option<&[(DocKey, Doc)]> {
        match &self.value {
            DocValue::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, DocValue::Map(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, DocValue::Null)
    }

    /// A scalar as text: strings, numbers as written, and booleans.
    pub fn text(&self) -> Option<String> {
        match &self.value {
            DocValue::Str(s) | DocValue::Number(s) => Some(s.clone()),
            DocValue::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The resource a reference names (its address or logical id), when the node is one.
    pub fn reference(&self) -> Option<String> {
        match &self.value {
            DocValue::Ref(r) => Some(r.clone()),
            _ => None,
        }
    }

    pub fn unknown_reason(&self) -> Option<String> {
        match &self.value {
            DocValue::Unknown(r) => Some(r.clone()),
            DocValue::Ref(r) => Some(format!("{r} is known only once deployed")),
            DocValue::DynamicRef { reason, .. } => Some(reason.clone()),
            _ => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match &self.value {
            DocValue::Null => "null",
            DocValue::Bool(_) => "boolean",
            DocValue::Number(_) => "number",
            DocValue::Str(_) => "string",
            DocValue::List(_) => "list",
            DocValue::Map(_) => "mapping",
            DocValue::Ref(_) | DocValue::Unknown(_) | DocValue::DynamicRef { .. } => "unknown value",
        }
    }

    /// The unknown attribute this unresolved node stands for.
    pub fn not_known<T>(self) -> Attr<T> {
        Attr::unknown(self.unknown_reason().unwrap_or_default(), self.origin)
    }

    fn not_a<T>(&self, expected: &str) -> Attr<T> {
        let why = self
            .unknown_reason()
            .unwrap_or_else(|| format!("expected {expected}, found a {}", self.type_name()));
        Attr::unknown(why, self.origin.clone())
    }
}

/// The node when it holds a value; the absent attribute otherwise (`parent` is the mapping that
/// omits it).
fn present<'d, T>(node: Option<&'d Doc>, parent: &Origin) -> Result<&'d Doc, Attr<T>> {
    match node {
        None => Err(Attr::absent(parent.clone())),
        Some(n) if n.is_null() => Err(Attr::absent(n.origin.clone())),
        Some(n) => Ok(n),
    }
}

/// A string; numbers and booleans are taken as their text, as AWS does for string fields.
pub fn str_attr(node: Option<&Doc>, parent: &Origin) -> Attr<String> {
    match present(node, parent) {
        Err(a) => a,
        Ok(n) => match n.text() {
            Some(s) => Attr::set(s, n.origin.clone()),
            None => n.not_a("a string"),
        },
    }
}

/// A string, or the address of the resource a reference names (a role, a cluster).
pub fn ref_attr(node: Option<&Doc>, parent: &Origin) -> Attr<String> {
    match node {
        Some(Doc {
            value: DocValue::Ref(r),
            origin,
        }) => Attr::set(r.clone(), origin.clone()),
        n => str_attr(n, parent),
    }
}

/// A boolean; the strings `true` and `false` are accepted.
pub fn bool_attr(node: Option<&Doc>, parent: &Origin) -> Attr<bool> {
    match present(node, parent) {
        Err(a) => a,
        Ok(n) => match &n.value {
            DocValue::Bool(b) => Attr::set(*b, n.origin.clone()),
            DocValue::Str(s) if s.eq_ignore_ascii_case("true") => Attr::set(true, n.origin.clone()),
            DocValue::Str(s) if s.eq_ignore_ascii_case("false") => Attr::set(false, n.origin.clone()),
            _ => n.not_a("a boolean"),
        },
    }
}

/// An `ENABLED` / `DISABLED` value read as a boolean.
pub fn enabled_attr(node: Option<&Doc>, parent: &Origin) -> Attr<bool> {
    let s = str_attr(node, parent);
    match s.explicit().map(|v| v.to_ascii_uppercase()) {
        Some(v) if v == "ENABLED" => Attr::set(true, s.origin),
        Some(v) if v == "DISABLED" => Attr::set(false, s.origin),
        Some(v) => Attr::unknown(format!("`{v}` is neither ENABLED nor DISABLED"), s.origin),
        None => s.map(|_| false),
    }
}

/// A list of strings, each with its own origin.
pub fn str_list_attr(node: Option<&Doc>, parent: &Origin) -> Attr<Vec<Attr<String>>> {
    match present(node, parent) {
        Err(a) => a,
        Ok(n) => match &n.value {
            DocValue::List(items) => Attr::set(
                items.iter().map(|i| str_attr(Some(i), &n.origin)).collect(),
                n.origin.clone(),
            ),
            _ => n.not_a("a list"),
        },
    }
}

/// A nested mapping read by `build`.
pub fn object<T>(node: Option<&Doc>, parent: &Origin, build: impl FnOnce(&Doc) -> T) -> Attr<T> {
    match present(node, parent) {
        Err(a) => a,
        Ok(n) if n.is_map() => Attr::set(build(n), n.origin.clone()),
        Ok(n) => n.not_a("a mapping"),
    }
}

/// A list of mappings, each read by `item`. An empty list counts as absent. An item that is
/// not a mapping is read as an unknown value, so that each of its fields is unknown.
pub fn list<T>(node: Option<&Doc>, parent: &Origin, item: impl Fn(&Doc) -> T) -> Attr<Vec<T>> {
    match present(node, parent) {
        Err(a) => a,
        Ok(n) => match &n.value {
            DocValue::List(items) if items.is_empty() => Attr::absent(n.origin.clone()),
            DocValue::List(items) => Attr::set(
                items
                    .iter()
                    .map(|i| match &i.value {
                        DocValue::Map(_) | DocValue::Unknown(_) => item(i),
                        _ => {
                            let why = i
                                .unknown_reason()
                                .unwrap_or_else(|| format!("expected a mapping, found a {}", i.type_name()));
                            item(&Doc::new(DocValue::Unknown(why), i.origin.clone()))
                        }
                    })
                    .collect(),
                n.origin.clone(),
            ),
            _ => n.not_a("a list"),
        },
    }
}

/// A mapping of strings to strings (`logConfiguration.options`, Terraform tags), as key/value
/// pairs in the order written.
pub fn string_map(node: Option<&Doc>, parent: &Origin) -> Attr<Vec<mamori_model::ecs_task::KeyValue>> {
    use mamori_model::ecs_task::KeyValue;
    match present(node, parent) {
        Err(a) => a,
        Ok(n) => match &n.value {
            DocValue::Map(entries) => Attr::set(
                entries
                    .iter()
                    .map(|(k, v)| KeyValue {
                        origin: k.origin.clone(),
                        name: Attr::set(k.text.clone(), k.origin.clone()),
                        value: str_attr(Some(v), &k.origin),
                        dynamic_reference: v.dynamic_reference(),
                        reference: v.reference(),
                    })
                    .collect(),
                n.origin.clone(),
            ),
            _ => n.not_a("a mapping"),
        },
    }
}

/// The origin of a mapping's value that is itself a mapping or a list: from its key to its end,
/// so that a field omitted inside it points at the key (`LogConfiguration:`), not at the first
/// line of its content.
pub fn from_key(key: &Origin, value: Doc) -> Doc {
    match (&value.value, key, &value.origin) {
        (DocValue::Map(_) | DocValue::List(_), Origin::Source(k), Origin::Source(v)) if k.path == v.path => {
            let mut span = v.span;
            span.start_line = k.span.start_line;
            span.start_col = k.span.start_col;
            span.start_byte = k.span.start_byte;
            Doc {
                origin: Origin::Source(mamori_model::Location {
                    path: v.path.clone(),
                    span,
                }),
                ..value
            }
        }
        _ => value,
    }
}

/// Converts a spanned YAML or JSON tree of one file.
pub fn from_tree(file: &crate::source::SourceFile, n: &crate::tree::Node) -> Doc {
    use crate::tree::NodeValue;
    let origin = file.origin_of(n.span);
    let value = match &n.value {
        NodeValue::Null => DocValue::Null,
        NodeValue::Bool(b) => DocValue::Bool(*b),
        NodeValue::Number(s) => DocValue::Number(s.clone()),
        NodeValue::String(s) => DocValue::Str(s.clone()),
        NodeValue::Seq(items) => DocValue::List(items.iter().map(|i| from_tree(file, i)).collect()),
        NodeValue::Map(entries) => DocValue::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = DocKey {
                        text: k.text.clone(),
                        origin: file.origin_of(k.span),
                    };
                    let value = from_key(&key.origin, from_tree(file, v));
                    (key, value)
                })
                .collect(),
        ),
        NodeValue::Tagged(tag, _) => DocValue::Unknown(format!("the tag {tag} is not evaluated here")),
    };
    Doc::new(value, origin)
}
