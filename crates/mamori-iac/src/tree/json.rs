//! JSON into the spanned tree, with jsonc-parser (byte ranges on every node).

use super::{Key, Node, NodeValue, ParseError};
use crate::source::SourceFile;
use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

/// Parses a JSON document. Comments are tolerated; other JSON5 leniencies are not.
pub fn parse_json(file: &SourceFile) -> Result<Option<Node>, ParseError> {
    let opts = ParseOptions {
        allow_comments: true,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        ..ParseOptions::default()
    };
    let text = &*file.text;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let offset = file.text.len() - text.len();
    match parse_to_ast(text, &CollectOptions::default(), &opts) {
        Ok(res) => Ok(res.value.map(|v| convert(file, offset, v))),
        Err(e) => {
            let (line, col) = file.lines.line_col(&file.text, e.range().start + offset);
            Err(ParseError {
                line,
                col,
                message: e.kind().to_string(),
            })
        }
    }
}

fn convert(file: &SourceFile, off: usize, v: Value<'_>) -> Node {
    let (value, range) = match v {
        Value::StringLit(s) => (NodeValue::String(s.value.into_owned()), s.range),
        Value::NumberLit(n) => (NodeValue::Number(n.value.to_string()), n.range),
        Value::BooleanLit(b) => (NodeValue::Bool(b.value), b.range),
        Value::NullKeyword(n) => (NodeValue::Null, n.range),
        Value::Array(a) => {
            let items = a.elements.into_iter().map(|e| convert(file, off, e)).collect();
            (NodeValue::Seq(items), a.range)
        }
        Value::Object(o) => {
            let mut entries = Vec::with_capacity(o.properties.len());
            for p in o.properties {
                let (text, r) = match p.name {
                    ObjectPropName::String(s) => (s.value.into_owned(), s.range),
                    ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                };
                let key = Key {
                    text,
                    span: file.span(r.start + off, r.end + off),
                };
                entries.push((key, convert(file, off, p.value)));
            }
            (NodeValue::Map(entries), o.range)
        }
    };
    Node {
        value,
        span: file.span(range.start + off, range.end + off),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_keys_and_values() {
        let f = SourceFile::new("t.json", "{\n  \"a\": [1, true],\n  \"b\": \"x\"\n}");
        let n = parse_json(&f).unwrap().unwrap();
        let (k, v) = n.entry("b").unwrap();
        assert_eq!(k.span.start_line, 3);
        assert_eq!(v.as_str(), Some("x"));
        assert_eq!(v.span.start_col, 8);
        assert_eq!(
            n.get("a").unwrap().as_seq().unwrap()[0].value,
            NodeValue::Number("1".into())
        );
    }

    #[test]
    fn error_has_line_and_column() {
        let f = SourceFile::new("t.json", "{\n  \"a\": 1,\n  \"b\" 2\n}");
        let e = parse_json(&f).unwrap_err();
        assert_eq!(e.line, 3);
    }
}
