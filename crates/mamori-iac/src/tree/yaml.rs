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
pub fn parse_yaml(file: &SourceFile) -> Result<Vec<Node>, ParseError> {
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
