//! The `kube-system/aws-auth` ConfigMap: `mapRoles`, `mapUsers` and `mapAccounts` are YAML held
//! in strings. Written as literal blocks (`mapRoles: |`), their values are located line by line
//! inside the string; written otherwise, every value points at the key.

use super::read::{Ctx, join, literal_block_lines};
use crate::source::SourceFile;
use crate::tree::{self, Node};
use mamori_model::k8s::{AwsAuthConfigMap, AwsAuthMapping, ObjectMeta};
use mamori_model::{Attr, Origin, ResourceMeta, Span, State};

pub fn config_map(cx: &Ctx<'_>, node: &Node, meta: ResourceMeta, metadata: ObjectMeta) -> AwsAuthConfigMap {
    let mut m = AwsAuthConfigMap::new(meta);
    m.metadata = metadata;
    let Some(data) = node.get("data").filter(|d| d.is_map()) else {
        return m;
    };
    m.map_roles = mappings(cx, data, "mapRoles", "rolearn");
    m.map_users = mappings(cx, data, "mapUsers", "userarn");
    m.map_accounts = match embedded(cx, data, "mapAccounts") {
        Embedded::Absent(o) => Attr::absent(o),
        Embedded::Bad(why, o) => Attr::unknown(why, o),
        Embedded::Doc(doc, at) => match doc.as_seq() {
            Some(items) => Attr::set(
                items
                    .iter()
                    .map(|i| at.attr(tree::str_attr(&at.inner, Some(i), i.span)))
                    .collect(),
                at.origin(doc.span),
            ),
            None => Attr::unknown("`mapAccounts` should hold a YAML list", at.whole.clone()),
        },
    };
    m
}

/// An embedded document and where its values are in the outer file.
struct Placement<'a> {
    outer: &'a SourceFile,
    /// The string, as a file of its own.
    inner: SourceFile,
    /// The outer span of each line of the string, when it is a literal block.
    lines: Option<Vec<(String, Span)>>,
    /// The key and value, for strings that cannot be mapped line by line.
    whole: Origin,
}

impl Placement<'_> {
    /// The outer origin of a span of the embedded document.
    fn origin(&self, span: Span) -> Origin {
        let Some(lines) = &self.lines else {
            return self.whole.clone();
        };
        let map = |line: u32, byte: usize| -> Option<usize> {
            let (_, outer) = lines.get(line.checked_sub(1)? as usize)?;
            let col = byte.checked_sub(self.inner.lines.line_start(line)?)?;
            Some(outer.start_byte + col)
        };
        match (map(span.start_line, span.start_byte), map(span.end_line, span.end_byte)) {
            (Some(s), Some(e)) => self.outer.origin(s, e.max(s)),
            _ => self.whole.clone(),
        }
    }

    /// A value read from the embedded document, moved onto the outer file.
    fn attr<T>(&self, a: Attr<T>) -> Attr<T> {
        let origin = match &a.origin {
            Origin::Source(l) => self.origin(l.span),
            o => o.clone(),
        };
        Attr { origin, ..a }
    }

    fn list(&self, a: Attr<Vec<Attr<String>>>) -> Attr<Vec<Attr<String>>> {
        let a = self.attr(a);
        let state = match a.state {
            State::Set(v) => State::Set(v.into_iter().map(|i| self.attr(i)).collect()),
            s => s,
        };
        Attr { state, ..a }
    }
}

enum Embedded<'a> {
    Absent(Origin),
    Bad(String, Origin),
    Doc(Node, Placement<'a>),
}

/// Parses the YAML held in `data.<key>`.
fn embedded<'a>(cx: &Ctx<'a>, data: &Node, key: &str) -> Embedded<'a> {
    let Some((k, v)) = data.entry(key) else {
        return Embedded::Absent(cx.origin(data.span));
    };
    let whole = cx.origin(join(k.span, v.span));
    let Some(text) = v.as_str() else {
        if v.is_null() {
            return Embedded::Absent(whole);
        }
        return Embedded::Bad(format!("`{key}` should be a string of YAML"), whole);
    };
    let inner = SourceFile::new(cx.file.path.clone(), text.to_string());
    match tree::parse_yaml(&inner) {
        Ok(mut docs) => {
            if docs.is_empty() {
                return Embedded::Absent(whole);
            }
            let doc = docs.remove(0);
            let at = Placement {
                outer: cx.file,
                inner,
                lines: literal_block_lines(cx.file, v),
                whole,
            };
            Embedded::Doc(doc, at)
        }
        Err(e) => Embedded::Bad(format!("`{key}` does not parse as YAML: {}", e.message), whole),
    }
}

fn mappings(cx: &Ctx<'_>, data: &Node, key: &str, arn_key: &str) -> Attr<Vec<AwsAuthMapping>> {
    match embedded(cx, data, key) {
        Embedded::Absent(o) => Attr::absent(o),
        Embedded::Bad(why, o) => Attr::unknown(why, o),
        Embedded::Doc(doc, at) => {
            let Some(items) = doc.as_seq() else {
                return Attr::unknown(format!("`{key}` should hold a YAML list"), at.whole.clone());
            };
            let f = &at.inner;
            let list = items
                .iter()
                .map(|i| AwsAuthMapping {
                    origin: at.origin(i.span),
                    arn: at.attr(tree::str_attr(f, i.get(arn_key), i.span)),
                    username: at.attr(tree::str_attr(f, i.get("username"), i.span)),
                    groups: at.list(tree::str_list_attr(f, i.get("groups"), i.span)),
                })
                .collect();
            Attr::set(list, at.origin(doc.span))
        }
    }
}
