//! Reading model values out of a manifest's tree.

use crate::source::SourceFile;
use crate::tree::{self, Node};
use mamori_model::k8s::{Entry, LabelSelector, ObjectMeta};
use mamori_model::{Attr, Origin, Span};

/// The file being read.
pub struct Ctx<'a> {
    pub file: &'a SourceFile,
}

/// A member of a mapping that should itself be a mapping.
pub enum Sub<'n> {
    /// Missing or null: the values under it are absent and point at the parent.
    Absent,
    Map(&'n Node),
    /// Something else: the values under it are unknown, for this reason, pointing at it.
    Bad(String, Origin),
}

impl<'a> Ctx<'a> {
    pub fn origin(&self, span: Span) -> Origin {
        self.file.origin_of(span)
    }

    pub fn str(&self, n: Option<&Node>, parent: Span) -> Attr<String> {
        tree::str_attr(self.file, n, parent)
    }

    pub fn bool(&self, n: Option<&Node>, parent: Span) -> Attr<bool> {
        tree::bool_attr(self.file, n, parent)
    }

    pub fn int(&self, n: Option<&Node>, parent: Span) -> Attr<i64> {
        tree::int_attr(self.file, n, parent)
    }

    pub fn str_list(&self, n: Option<&Node>, parent: Span) -> Attr<Vec<Attr<String>>> {
        tree::str_list_attr(self.file, n, parent)
    }

    /// A list of integers (`supplementalGroups`).
    pub fn int_list(&self, n: Option<&Node>, parent: Span) -> Attr<Vec<Attr<i64>>> {
        self.list(n, parent, |i| self.int(Some(i), i.span))
    }

    /// A list whose items are read with `item`.
    pub fn list<T>(&self, n: Option<&Node>, parent: Span, mut item: impl FnMut(&Node) -> T) -> Attr<Vec<T>> {
        match n {
            None => Attr::absent(self.origin(parent)),
            Some(n) if n.is_null() => Attr::absent(self.origin(n.span)),
            Some(n) => match n.as_seq() {
                Some(items) => Attr::set(items.iter().map(&mut item).collect(), self.origin(n.span)),
                None => Attr::unknown(
                    format!("expected a list, found a {}", n.type_name()),
                    self.origin(n.span),
                ),
            },
        }
    }

    /// A member that should be a mapping.
    pub fn sub<'n>(&self, n: Option<&'n Node>, what: &str) -> Sub<'n> {
        match n {
            None => Sub::Absent,
            Some(n) if n.is_null() => Sub::Absent,
            Some(n) if n.is_map() => Sub::Map(n),
            Some(n) => Sub::Bad(
                format!("`{what}` should be a mapping, found a {}", n.type_name()),
                self.origin(n.span),
            ),
        }
    }

    /// A value read from a member mapping: `read` on the mapping, absent (pointing at `parent`)
    /// when it is missing, unknown when it is not a mapping.
    pub fn under<T>(&self, n: Option<&Node>, what: &str, parent: Span, read: impl FnOnce(&Node) -> Attr<T>) -> Attr<T> {
        match self.sub(n, what) {
            Sub::Absent => Attr::absent(self.origin(parent)),
            Sub::Map(m) => read(m),
            Sub::Bad(why, o) => Attr::unknown(why, o),
        }
    }

    /// A mapping of strings (`labels`, `annotations`, `limits`).
    pub fn string_map(&self, n: Option<&Node>, parent: Span) -> Attr<Vec<Entry>> {
        match n {
            None => Attr::absent(self.origin(parent)),
            Some(n) if n.is_null() => Attr::absent(self.origin(n.span)),
            Some(n) => match n.as_map() {
                Some(entries) => Attr::set(
                    entries
                        .iter()
                        .map(|(k, v)| Entry {
                            origin: self.origin(join(k.span, v.span)),
                            key: k.text.clone(),
                            value: self.str(Some(v), k.span),
                        })
                        .collect(),
                    self.origin(n.span),
                ),
                None => Attr::unknown(
                    format!("expected a mapping, found a {}", n.type_name()),
                    self.origin(n.span),
                ),
            },
        }
    }

    /// `metadata` of an object (or of a pod template).
    pub fn object_meta(&self, n: Option<&Node>, parent: Span) -> ObjectMeta {
        match self.sub(n, "metadata") {
            Sub::Map(m) => ObjectMeta {
                name: self.str(m.get("name"), m.span),
                namespace: self.str(m.get("namespace"), m.span),
                labels: self.string_map(m.get("labels"), m.span),
                annotations: self.string_map(m.get("annotations"), m.span),
            },
            Sub::Absent => ObjectMeta::new(&self.origin(parent)),
            Sub::Bad(why, o) => ObjectMeta {
                name: Attr::unknown(why.clone(), o.clone()),
                namespace: Attr::unknown(why.clone(), o.clone()),
                labels: Attr::unknown(why.clone(), o.clone()),
                annotations: Attr::unknown(why, o),
            },
        }
    }

    /// A label selector.
    pub fn selector(&self, m: &Node) -> LabelSelector {
        LabelSelector {
            origin: self.origin(m.span),
            match_labels: self.string_map(m.get("matchLabels"), m.span),
            match_expressions: self.list(m.get("matchExpressions"), m.span, |_| ()).map(|v| v.len()),
        }
    }
}

/// A span from a key to the end of its value.
pub fn join(key: Span, value: Span) -> Span {
    if value.end_byte < key.start_byte {
        return key;
    }
    Span {
        start_line: key.start_line,
        start_col: key.start_col,
        start_byte: key.start_byte,
        end_line: value.end_line,
        end_col: value.end_col,
        end_byte: value.end_byte,
    }
}

/// The lines of a string written as a YAML literal block scalar (`key: |`), each with the span
/// it has in the file, so that YAML or text held in the string can be located line by line.
/// `None` when the string is written otherwise (quoted, folded, or in JSON): its content cannot
/// be mapped back onto the file line by line.
pub fn literal_block_lines(file: &SourceFile, value: &Node) -> Option<Vec<(String, Span)>> {
    let text = value.as_str()?;
    // The node's span starts at the content; the indicator (`|`, `|-`, `|2`…) ends the text
    // before it.
    let before = file.text.get(..value.span.start_byte)?.trim_end();
    let indicator = before.rsplit(char::is_whitespace).next()?;
    if !indicator.starts_with('|')
        || !indicator[1..]
            .chars()
            .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
    {
        return None;
    }
    // The content starts on the line after the indicator.
    let (indicator_line, _) = file.lines.line_col(&file.text, before.len().saturating_sub(1));
    let first_line = indicator_line + 1;
    let mut lines = Vec::new();
    let mut indent: Option<usize> = None;
    let content: Vec<&str> = text.split('\n').collect();
    // A literal block keeps a final newline (unless `|-`): the last piece is then empty.
    let count = if text.ends_with('\n') {
        content.len() - 1
    } else {
        content.len()
    };
    for (i, inner) in content.iter().take(count).enumerate() {
        let line_no = first_line + i as u32;
        let line_start = file.lines.line_start(line_no)?;
        let line_end = file.text[line_start..]
            .find('\n')
            .map_or(file.text.len(), |e| line_start + e);
        let raw = file.text[line_start..line_end].trim_end_matches('\r');
        if inner.is_empty() {
            lines.push((String::new(), file.span(line_start, line_start)));
            continue;
        }
        let ind = *indent.get_or_insert_with(|| raw.len() - raw.trim_start_matches(' ').len());
        if raw.get(ind..) != Some(*inner) {
            return None;
        }
        let s = line_start + ind;
        lines.push((inner.to_string(), file.span(s, s + inner.len())));
    }
    Some(lines)
}
