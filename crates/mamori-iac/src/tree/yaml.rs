//! YAML into the spanned tree, with saphyr (start and end markers on every node).
//!
//! Scalars are loaded as written and typed here with the YAML 1.2 core schema, so that a value
//! such as `1.10` keeps its text. Local tags (`!Ref`, `!Sub`) become [`NodeValue::Tagged`].

use super::{Key, Node, NodeValue, ParseError};
use crate::source::SourceFile;
use mamori_model::Span;
use saphyr::{MarkedYaml, YamlData, YamlLoader};
use saphyr_parser::{Parser, ScalarStyle, Tag};

/// Parses every document of a YAML stream. Empty documents are left out.
///
/// A stream that the YAML 1.2 rules reject only for the indentation of a quoted scalar's
/// continuation lines or of a flow collection's items, which PyYAML and CloudFormation accept
/// (AWS's own sample templates have both), is read as they read it: see [`lenient`].
pub fn parse_yaml(file: &SourceFile) -> Result<Vec<Node>, ParseError> {
    match parse_strict(file) {
        Err(e) if is_indentation_error(&e) => lenient(file).ok_or(e),
        r => r,
    }
}

/// How many times the lenient reading may indent lines before it gives up.
const MAX_REINDENTS: usize = 256;

fn is_indentation_error(e: &ParseError) -> bool {
    matches!(
        e.message.as_str(),
        "invalid indentation" | "invalid indentation in quoted scalar" | "invalid indentation in flow construct"
    )
}

/// Reads a stream whose only fault is lines indented less than their construct requires: those
/// lines are indented further and the stream read again. Leading spaces of a quoted scalar's
/// continuation lines are folded away and spaces between flow items mean nothing, so the values
/// are those PyYAML reads; the spans are mapped back onto the text as written.
fn lenient(file: &SourceFile) -> Option<Vec<Node>> {
    let lines: Vec<&str> = file.text.split_inclusive('\n').collect();
    let mut pad = vec![0usize; lines.len() + 1];
    for _ in 0..MAX_REINDENTS {
        let mut text = String::with_capacity(file.text.len() + 64);
        for (i, l) in lines.iter().enumerate() {
            text.extend(std::iter::repeat_n(' ', pad[i]));
            text.push_str(l);
        }
        let patched = SourceFile::new(file.path.clone(), text);
        match parse_strict(&patched) {
            Ok(nodes) => {
                return Some(nodes.into_iter().map(|n| remap(n, file, &patched, &pad)).collect());
            }
            Err(e) if is_indentation_error(&e) => {
                let line = (e.line as usize).checked_sub(1)?;
                if e.message.ends_with("quoted scalar") {
                    if !indent_quoted(&patched, line, e.col, &mut pad) {
                        return None;
                    }
                } else {
                    *pad.get_mut(line)? += 1;
                }
            }
            Err(_) => return None,
        }
    }
    None
}

/// Indents the continuation lines of the quoted scalar that starts at `line` (0-based) and
/// `col` (1-based, in characters) of `patched` one column past the indentation of its first
/// line. Whether any line moved.
fn indent_quoted(patched: &SourceFile, line: usize, col: u32, pad: &mut [usize]) -> bool {
    let text = &*patched.text;
    let Some(line_start) = patched.lines.line_start(line as u32 + 1) else {
        return false;
    };
    let first = &text[line_start..];
    let Some((quote_at, quote)) = first.char_indices().nth(col.saturating_sub(1) as usize) else {
        return false;
    };
    if quote != '\'' && quote != '"' {
        return false;
    }
    let required = first.len() - first.trim_start_matches(' ').len() + 1;
    // The end of the scalar: the closing quote (`''` and `\"` are not one).
    let body = &first[quote_at + 1..];
    let mut end = None;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => {
                if quote == '\'' && chars.peek().map(|(_, n)| *n) == Some('\'') {
                    chars.next();
                } else {
                    end = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(end) = end else { return false };
    let mut moved = false;
    // Each line the scalar goes on to, up to its closing quote.
    for (n, l) in body[..=end].split('\n').enumerate().skip(1) {
        let indent = l.len() - l.trim_start_matches(' ').len();
        if !l.trim().is_empty()
            && indent < required
            && let Some(p) = pad.get_mut(line + n)
        {
            *p += required - indent;
            moved = true;
        }
    }
    moved
}

/// A node read from the indented text, its spans on the text as written.
fn remap(node: Node, file: &SourceFile, patched: &SourceFile, pad: &[usize]) -> Node {
    let span = remap_span(node.span, file, patched, pad);
    let value = match node.value {
        NodeValue::Seq(items) => NodeValue::Seq(items.into_iter().map(|i| remap(i, file, patched, pad)).collect()),
        NodeValue::Map(entries) => NodeValue::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    (
                        Key {
                            text: k.text,
                            span: remap_span(k.span, file, patched, pad),
                        },
                        remap(v, file, patched, pad),
                    )
                })
                .collect(),
        ),
        NodeValue::Tagged(t, inner) => NodeValue::Tagged(t, Box::new(remap(*inner, file, patched, pad))),
        v => v,
    };
    Node { value, span }
}

fn remap_span(span: Span, file: &SourceFile, patched: &SourceFile, pad: &[usize]) -> Span {
    if span == Span::default() {
        return span;
    }
    let byte = |b: usize| -> usize {
        let (line, _) = patched.lines.line_col(&patched.text, b);
        let line = line as usize;
        let start = patched.lines.line_start(line as u32).unwrap_or(0);
        let col = (b - start).saturating_sub(pad.get(line - 1).copied().unwrap_or(0));
        let orig = file.lines.line_start(line as u32).unwrap_or(0) + col;
        orig.min(file.text.len())
    };
    file.span(byte(span.start_byte), byte(span.end_byte))
}

fn parse_strict(file: &SourceFile) -> Result<Vec<Node>, ParseError> {
    let text = &*file.text;
    let mut parser = Parser::new_from_str(text);
    let mut loader: YamlLoader<'_, MarkedYaml<'_>> = YamlLoader::default();
    loader.early_parse(false);
    // Most YAML consumers (PyYAML, CloudFormation's own parser) keep the last of duplicated keys
    // rather than rejecting the document; do the same.
    loader.allow_duplicate_keys(true);
    let res = parser.load(&mut loader, true);
    let err = match res {
        Err(e) => Some(e),
        Ok(()) => loader.error().cloned(),
    };
    if let Some(e) = err {
        let m = e.marker();
        return Err(ParseError {
            line: m.line() as u32,
            col: m.col() as u32 + 1,
            message: e.info().to_string(),
        });
    }
    let docs = loader.into_documents();
    Ok(docs
        .iter()
        .filter(|d| !matches!(d.data, YamlData::BadValue))
        .map(|d| convert(file, d))
        .filter(|n| !n.is_null())
        .collect())
}

fn span_of(file: &SourceFile, s: &saphyr_parser::Span) -> Span {
    let start = file.lines.char_to_byte(s.start.index());
    let end = file.lines.char_to_byte(s.end.index()).max(start);
    // saphyr's end marker of a block collection can sit at the start of the next line; trim the
    // span back over trailing whitespace so that it ends on the collection's last character.
    let text = &file.text[start..end];
    let trimmed = text.trim_end();
    file.span(start, start + trimmed.len())
}

fn convert(file: &SourceFile, y: &MarkedYaml<'_>) -> Node {
    let span = span_of(file, &y.span);
    let value = match &y.data {
        YamlData::Representation(v, style, tag) => scalar(v, *style, tag.as_deref()),
        YamlData::Value(s) => scalar_value(s),
        YamlData::Sequence(items) => NodeValue::Seq(items.iter().map(|i| convert(file, i)).collect()),
        YamlData::Mapping(map) => NodeValue::Map(
            map.iter()
                .map(|(k, v)| {
                    let key_node = convert(file, k);
                    let text = key_node.scalar_text().unwrap_or_default();
                    (
                        Key {
                            text,
                            span: key_node.span,
                        },
                        convert(file, v),
                    )
                })
                .collect(),
        ),
        YamlData::Tagged(tag, inner) => {
            let mut inner = convert(file, inner);
            if inner.span == Span::default() {
                inner.span = span;
            }
            NodeValue::Tagged(tag_name(tag), Box::new(inner))
        }
        YamlData::Alias(_) | YamlData::BadValue => NodeValue::Null,
    };
    let value = match value {
        // A tagged scalar: the inner value shares the node's span.
        NodeValue::Tagged(t, mut inner) if inner.span == Span::default() => {
            inner.span = span;
            NodeValue::Tagged(t, inner)
        }
        v => v,
    };
    Node { value, span }
}

fn tag_name(tag: &Tag) -> String {
    format!("{}{}", tag.handle, tag.suffix)
}

fn scalar(v: &str, style: ScalarStyle, tag: Option<&Tag>) -> NodeValue {
    if let Some(tag) = tag {
        if tag.is_yaml_core_schema() {
            return match tag.suffix.as_str() {
                "str" | "binary" => NodeValue::String(v.to_string()),
                _ => plain(v),
            };
        }
        let inner = if style == ScalarStyle::Plain {
            plain(v)
        } else {
            NodeValue::String(v.to_string())
        };
        // The span of the inner scalar is filled by the caller.
        return NodeValue::Tagged(
            tag_name(tag),
            Box::new(Node {
                value: inner,
                span: Span::default(),
            }),
        );
    }
    if style == ScalarStyle::Plain {
        plain(v)
    } else {
        NodeValue::String(v.to_string())
    }
}

fn scalar_value(s: &saphyr::Scalar<'_>) -> NodeValue {
    match s {
        saphyr::Scalar::Null => NodeValue::Null,
        saphyr::Scalar::Boolean(b) => NodeValue::Bool(*b),
        saphyr::Scalar::Integer(i) => NodeValue::Number(i.to_string()),
        saphyr::Scalar::FloatingPoint(f) => NodeValue::Number(f.to_string()),
        saphyr::Scalar::String(s) => NodeValue::String(s.to_string()),
    }
}

/// Types a plain scalar by the YAML 1.2 core schema.
fn plain(v: &str) -> NodeValue {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return NodeValue::Null,
        "true" | "True" | "TRUE" => return NodeValue::Bool(true),
        "false" | "False" | "FALSE" => return NodeValue::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "-.inf" | ".nan" | ".NaN" | ".NAN" => {
            return NodeValue::Number(v.to_string());
        }
        _ => {}
    }
    if is_number(v) {
        NodeValue::Number(v.to_string())
    } else {
        NodeValue::String(v.to_string())
    }
}

fn is_number(v: &str) -> bool {
    let b = v.as_bytes();
    if let Some(hex) = v.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = v.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c));
    }
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - digits_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - f;
    }
    if digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Node {
        parse_yaml(&SourceFile::new("t.yaml", s)).unwrap().remove(0)
    }

    #[test]
    fn scalars_keep_their_text_and_type() {
        let n = parse("a: 1.10\nb: 'true'\nc: true\nd: ~\ne: 1.4.0\n");
        assert_eq!(n.get("a").unwrap().value, NodeValue::Number("1.10".into()));
        assert_eq!(n.get("b").unwrap().value, NodeValue::String("true".into()));
        assert_eq!(n.get("c").unwrap().value, NodeValue::Bool(true));
        assert!(n.get("d").unwrap().is_null());
        assert_eq!(n.get("e").unwrap().as_str(), Some("1.4.0"));
    }

    #[test]
    fn local_tags_are_kept_with_spans() {
        let n = parse("A:\n  B: !Ref Param\n  C: !Join\n    - ''\n    - [a, b]\n");
        let b = n.get("A").unwrap().get("B").unwrap();
        match &b.value {
            NodeValue::Tagged(t, inner) => {
                assert_eq!(t, "!Ref");
                assert_eq!(inner.as_str(), Some("Param"));
                assert_eq!(inner.span.start_line, 2);
            }
            other => panic!("{other:?}"),
        }
        let c = n.get("A").unwrap().get("C").unwrap();
        assert!(matches!(&c.value, NodeValue::Tagged(t, i) if t == "!Join" && i.as_seq().is_some()));
    }

    #[test]
    fn key_and_value_lines() {
        let n = parse("x:\n  y:\n    z: 3\n");
        let (k, v) = n.get("x").unwrap().get("y").unwrap().entry("z").unwrap();
        assert_eq!((k.span.start_line, k.span.start_col), (3, 5));
        assert_eq!((v.span.start_line, v.span.start_col), (3, 8));
    }

    #[test]
    fn errors_have_positions() {
        let e = parse_yaml(&SourceFile::new("t.yaml", "a: [1, 2\nb: 3\n")).unwrap_err();
        assert!(e.line >= 1, "{e:?}");
    }

    #[test]
    fn under_indented_quoted_scalars_and_flow_items_read_as_pyyaml_reads_them() {
        // As in AWS's sample templates: a quoted scalar's continuation at the key's indentation
        // or at column 0, a flow sequence closed at its key's indentation.
        let text = "Outputs:\n  A:\n    Value: 'first line\n    second line'\n    Other: \"x\n\"\n  B:\n    k: [\n        \"a\",\n        \"b\"\n    ]\n    after: z\n";
        let n = parse(text);
        let a = n.get("Outputs").unwrap().get("A").unwrap();
        assert_eq!(a.get("Value").unwrap().as_str(), Some("first line second line"));
        assert_eq!(a.get("Other").unwrap().as_str(), Some("x "));
        let b = n.get("Outputs").unwrap().get("B").unwrap();
        let k: Vec<&str> = b
            .get("k")
            .unwrap()
            .as_seq()
            .unwrap()
            .iter()
            .filter_map(Node::as_str)
            .collect();
        assert_eq!(k, ["a", "b"]);
        // Spans are on the text as written.
        let (key, after) = b.entry("after").unwrap();
        assert_eq!((key.span.start_line, key.span.start_col), (12, 5));
        assert_eq!(&text[after.span.start_byte..after.span.end_byte], "z");
        let v = a.get("Value").unwrap();
        assert_eq!((v.span.start_line, v.span.start_col, v.span.end_line), (3, 12, 4));
        assert_eq!(
            &text[v.span.start_byte..v.span.end_byte],
            "'first line\n    second line'"
        );
        // Other faults are still errors.
        assert!(parse_yaml(&SourceFile::new("t.yaml", "a: 'open\nb: [1\n")).is_err());
        let e = parse_yaml(&SourceFile::new("t.yaml", "a:\n  b: 1\n c: 2\n")).unwrap_err();
        assert!(e.line >= 1);
    }

    #[test]
    fn multi_documents() {
        let docs = parse_yaml(&SourceFile::new("t.yaml", "a: 1\n---\nb: 2\n---\n")).unwrap();
        assert_eq!(docs.len(), 2);
    }
}

#[cfg(test)]
mod alias_tests {
    use super::*;

    #[test]
    fn aliases_resolve_to_their_anchor() {
        let docs = parse_yaml(&SourceFile::new("t.yaml", "a: &x {k: v}\nb: *x\n")).unwrap();
        assert_eq!(docs[0].get("b").unwrap().get("k").unwrap().as_str(), Some("v"));
    }
}
