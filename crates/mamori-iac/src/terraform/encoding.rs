//! Terraform's encoding functions, as its own implementations write and read: YAML
//! (`yamlencode`, `yamldecode`), Base64, URL query encoding, CSV, and the escapes of `jsonencode`.

use super::value::{MAX_LEN, Value, fmt_number};
use saphyr::{ScalarStyle, Yaml, YamlLoader};
use std::collections::BTreeMap;

/// A result whose error side is the value to return instead (unknown, or an error).
type R<T> = Result<T, Value>;

fn error(s: impl Into<String>) -> Value {
    Value::Error(s.into())
}

/// JSON text as `jsonencode` writes it: Go's encoder escapes `<`, `>`, `&`, U+2028 and U+2029.
pub fn json_text(j: &serde_json::Value) -> String {
    let s = serde_json::to_string(j).unwrap_or_default();
    if !s.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// YAML

/// `yamlencode`: YAML 1.2 block style, with every string and key double-quoted, as Terraform's
/// encoder writes it (its long strings are not folded here).
pub fn yaml_encode(v: &Value) -> R<String> {
    if let Some(p) = v.deep_pending() {
        return Err(p);
    }
    let mut out = String::new();
    match v {
        Value::List(items) if !items.is_empty() => yaml_block(v, 0, &mut out)?,
        Value::Map(m) if !m.is_empty() => yaml_block(v, 0, &mut out)?,
        v => {
            out.push_str(&yaml_inline(v));
            out.push('\n');
        }
    }
    if out.len() > MAX_LEN {
        return Err(error("the string is too long"));
    }
    Ok(out)
}

fn yaml_quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A scalar or an empty collection, on one line.
fn yaml_inline(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => fmt_number(*n),
        Value::String(s) => yaml_quote(s),
        Value::List(_) => "[]".into(),
        Value::Map(_) => "{}".into(),
        _ => "null".into(),
    }
}

fn is_block(v: &Value) -> bool {
    match v {
        Value::List(items) => !items.is_empty(),
        Value::Map(m) => !m.is_empty(),
        _ => false,
    }
}

/// A non-empty collection as block lines indented by `indent` spaces.
fn yaml_block(v: &Value, indent: usize, out: &mut String) -> R<()> {
    if indent > 256 || out.len() > MAX_LEN {
        return Err(error("the value is too deep or too large to encode"));
    }
    let pad = " ".repeat(indent);
    match v {
        Value::Map(m) => {
            for (k, item) in m {
                out.push_str(&pad);
                out.push_str(&yaml_quote(k));
                out.push(':');
                match item {
                    Value::Map(_) if is_block(item) => {
                        out.push('\n');
                        yaml_block(item, indent + 2, out)?;
                    }
                    // A sequence under a key is not indented further.
                    Value::List(_) if is_block(item) => {
                        out.push('\n');
                        yaml_block(item, indent, out)?;
                    }
                    _ => {
                        out.push(' ');
                        out.push_str(&yaml_inline(item));
                        out.push('\n');
                    }
                }
            }
        }
        Value::List(items) => {
            for item in items {
                if is_block(item) {
                    // The item's first line starts after the dash.
                    let mut inner = String::new();
                    yaml_block(item, indent + 2, &mut inner)?;
                    out.push_str(&pad);
                    out.push_str("- ");
                    out.push_str(&inner[indent + 2..]);
                } else {
                    out.push_str(&pad);
                    out.push_str("- ");
                    out.push_str(&yaml_inline(item));
                    out.push('\n');
                }
            }
        }
        v => {
            out.push_str(&pad);
            out.push_str(&yaml_inline(v));
            out.push('\n');
        }
    }
    Ok(())
}

/// `yamldecode`: one YAML document into a value, with the YAML 1.2 core schema. Anchors and
/// aliases are followed and merge keys (`<<`) applied; tags other than the core schema's are
/// refused, as Terraform refuses them.
pub fn yaml_decode(s: &str) -> R<Value> {
    let mut parser = saphyr_parser::Parser::new_from_str(s);
    let mut loader: YamlLoader<'_, Yaml<'_>> = YamlLoader::default();
    loader.early_parse(false);
    let res = parser.load(&mut loader, true);
    if let Some(e) = res.err().or_else(|| loader.error().cloned()) {
        return Err(error(format!("invalid YAML: {}", e.info())));
    }
    let docs = loader.into_documents();
    match docs.as_slice() {
        [] => Ok(Value::Null),
        [d] => yaml_value(d, 0),
        _ => Err(error("yamldecode() takes a single YAML document")),
    }
}

fn yaml_value(y: &Yaml<'_>, depth: usize) -> R<Value> {
    if depth > 128 {
        return Err(error("the value is too deep or too large to encode"));
    }
    Ok(match y {
        Yaml::Representation(v, style, tag) => yaml_scalar(v, *style, tag.as_deref())?,
        Yaml::Value(s) => scalar_value(s),
        Yaml::Sequence(items) => Value::List(items.iter().map(|i| yaml_value(i, depth + 1)).collect::<R<Vec<_>>>()?),
        Yaml::Mapping(m) => {
            let mut out = BTreeMap::new();
            let mut merged = BTreeMap::new();
            for (k, v) in m.iter() {
                let key = match yaml_value(k, depth + 1)? {
                    Value::Null => "null".to_string(),
                    k => k.to_str().map_err(|_| error("a YAML mapping key must be a scalar"))?,
                };
                let value = yaml_value(v, depth + 1)?;
                if key == "<<" && matches!(k, Yaml::Representation(_, ScalarStyle::Plain, None)) {
                    let sources = match value {
                        Value::List(items) => items,
                        v => vec![v],
                    };
                    // Earlier sources win over later ones; the mapping's own keys over both.
                    for src in sources.into_iter().rev() {
                        match src {
                            Value::Map(src) => merged.extend(src),
                            _ => return Err(error("a merge key (<<) must name a mapping")),
                        }
                    }
                    continue;
                }
                out.insert(key, value);
            }
            for (k, v) in merged {
                out.entry(k).or_insert(v);
            }
            Value::Map(out)
        }
        Yaml::Tagged(tag, _) => {
            return Err(error(format!("unsupported YAML tag {}{}", tag.handle, tag.suffix)));
        }
        Yaml::Alias(_) | Yaml::BadValue => {
            return Err(error("a YAML alias refers to an anchor that is not defined before it"));
        }
    })
}

fn scalar_value(s: &saphyr::Scalar<'_>) -> Value {
    match s {
        saphyr::Scalar::Null => Value::Null,
        saphyr::Scalar::Boolean(b) => Value::Bool(*b),
        saphyr::Scalar::Integer(i) => Value::Number(*i as f64),
        saphyr::Scalar::FloatingPoint(f) => Value::Number(f.0),
        saphyr::Scalar::String(s) => Value::String(s.to_string()),
    }
}

fn yaml_scalar(v: &str, style: ScalarStyle, tag: Option<&saphyr_parser::Tag>) -> R<Value> {
    if let Some(tag) = tag {
        if !tag.is_yaml_core_schema() {
            return Err(error(format!("unsupported YAML tag {}{}", tag.handle, tag.suffix)));
        }
        return match tag.suffix.as_str() {
            "str" => Ok(Value::String(v.to_string())),
            "null" | "bool" | "int" | "float" => match (tag.suffix.as_str(), core_scalar(v)) {
                ("null", Value::Null) => Ok(Value::Null),
                ("bool", b @ Value::Bool(_)) => Ok(b),
                ("int" | "float", n @ Value::Number(_)) => Ok(n),
                _ => Err(error(format!("`{v}` is not a valid !!{}", tag.suffix))),
            },
            other => Err(error(format!("unsupported YAML tag !!{other}"))),
        };
    }
    if style != ScalarStyle::Plain {
        return Ok(Value::String(v.to_string()));
    }
    Ok(core_scalar(v))
}

/// A plain scalar typed by the YAML 1.2 core schema.
fn core_scalar(v: &str) -> Value {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let number = if let Some(hex) = v.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok().map(|i| i as f64)
    } else if let Some(oct) = v.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok().map(|i| i as f64)
    } else if v.bytes().any(|b| b.is_ascii_digit()) && !v.contains(['_', 'x', 'X', 'n', 'N', 'i', 'I']) {
        v.parse::<f64>().ok().filter(|n| n.is_finite())
    } else {
        None
    };
    match number {
        Some(n) => Value::Number(n),
        None => Value::String(v.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------
// Base64, URLs, CSV

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard Base64 (RFC 4648 section 4), with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard Base64, as Go's decoder reads it: padding required, line breaks ignored.
pub fn base64_decode(s: &str) -> R<Vec<u8>> {
    let bad = || error("the string is not valid Base64");
    let chars: Vec<u8> = s.bytes().filter(|b| *b != b'\n' && *b != b'\r').collect();
    if !chars.len().is_multiple_of(4) {
        return Err(bad());
    }
    let mut out = Vec::with_capacity(chars.len() / 4 * 3);
    for (ci, chunk) in chars.chunks(4).enumerate() {
        let last = ci == chars.len() / 4 - 1;
        let mut n = 0u32;
        let mut pad = 0;
        for (i, &c) in chunk.iter().enumerate() {
            let v = match c {
                b'=' if last && i >= 2 => {
                    pad += 1;
                    0
                }
                _ if pad > 0 => return Err(bad()),
                c => B64.iter().position(|&x| x == c).ok_or_else(bad)? as u32,
            };
            n = (n << 6) | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Ok(out)
}

/// `urlencode`: as Go's `url.QueryEscape`: letters, digits and `-_.~` kept, spaces as `+`,
/// every other byte of the UTF-8 text as `%XX`.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `csvdecode`: RFC 4180 text whose first line names the columns, into a list of maps of
/// strings. Every row must have as many fields as the header.
pub fn csv_decode(s: &str) -> R<Value> {
    let rows = csv_rows(s)?;
    let mut rows = rows.into_iter();
    let Some(header) = rows.next() else {
        return Err(error("csvdecode() needs a header line"));
    };
    let mut out = Vec::new();
    for (i, row) in rows.enumerate() {
        if row.len() != header.len() {
            return Err(error(format!(
                "line {} of the CSV has {} fields, not {}",
                i + 2,
                row.len(),
                header.len()
            )));
        }
        out.push(Value::Map(
            header.iter().cloned().zip(row.into_iter().map(Value::String)).collect(),
        ));
    }
    Ok(Value::List(out))
}

fn csv_rows(s: &str) -> R<Vec<Vec<String>>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                any = false;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(error("the CSV has an unclosed quote"));
    }
    if any {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(items: &[(&str, Value)]) -> Value {
        Value::Map(items.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    fn s(v: &str) -> Value {
        Value::str(v)
    }

    fn n(v: f64) -> Value {
        Value::Number(v)
    }

    #[test]
    fn yamlencode_writes_what_terraforms_documentation_shows() {
        assert_eq!(
            yaml_encode(&map(&[("a", s("b")), ("c", s("d"))])).unwrap(),
            "\"a\": \"b\"\n\"c\": \"d\"\n"
        );
        assert_eq!(
            yaml_encode(&map(&[
                ("foo", Value::List(vec![n(1.0), n(2.0), n(3.0)])),
                ("bar", s("baz"))
            ]))
            .unwrap(),
            "\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n"
        );
        let nested = map(&[
            (
                "foo",
                Value::List(vec![n(1.0), map(&[("a", s("b")), ("c", s("d"))]), n(3.0)]),
            ),
            ("bar", s("baz")),
        ]);
        assert_eq!(
            yaml_encode(&nested).unwrap(),
            "\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n"
        );
    }

    #[test]
    fn yamlencode_nests_and_writes_scalars_and_empty_collections() {
        let v = map(&[
            ("m", map(&[("x", map(&[("y", Value::Bool(true))]))])),
            (
                "l",
                Value::List(vec![Value::List(vec![n(1.5), Value::Null]), Value::List(vec![])]),
            ),
            ("e", Value::Map(BTreeMap::new())),
            ("s", s("line\n\"two\"")),
        ]);
        assert_eq!(
            yaml_encode(&v).unwrap(),
            "\"e\": {}\n\"l\":\n- - 1.5\n  - null\n- []\n\"m\":\n  \"x\":\n    \"y\": true\n\"s\": \"line\\n\\\"two\\\"\"\n"
        );
        assert_eq!(yaml_encode(&s("x")).unwrap(), "\"x\"\n");
        // What it writes reads back.
        assert_eq!(yaml_decode(&yaml_encode(&v).unwrap()).unwrap(), v);
    }

    #[test]
    fn yamldecode_reads_what_terraforms_documentation_shows() {
        assert_eq!(yaml_decode("hello: world").unwrap(), map(&[("hello", s("world"))]));
        assert_eq!(yaml_decode("true").unwrap(), Value::Bool(true));
        let list = Value::List(vec![n(1.0), n(2.0), n(3.0)]);
        assert_eq!(
            yaml_decode("{a: &foo [1, 2, 3], b: *foo}").unwrap(),
            map(&[("a", list.clone()), ("b", list)])
        );
        assert!(yaml_decode("{a: &foo [1, *foo, 3]}").unwrap_err().is_error());
        match yaml_decode("{a: !not-supported foo}") {
            Err(Value::Error(e)) => assert_eq!(e, "unsupported YAML tag !not-supported"),
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn yamldecode_follows_the_core_schema_and_merge_keys() {
        let v = yaml_decode(
            "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\nplain: [yes, 0x10, 1e3, '1', ~, !!str 5, 1.10]\n",
        )
        .unwrap();
        assert_eq!(
            v,
            map(&[
                ("base", map(&[("x", n(1.0)), ("y", n(2.0))])),
                ("derived", map(&[("x", n(1.0)), ("y", n(3.0))])),
                (
                    "plain",
                    Value::List(vec![s("yes"), n(16.0), n(1000.0), s("1"), Value::Null, s("5"), n(1.1)])
                ),
            ])
        );
        assert!(yaml_decode("a: 1\n---\nb: 2\n").is_err());
        assert!(yaml_decode("a: [1").is_err());
        assert_eq!(yaml_decode("").unwrap(), Value::Null);
    }

    #[test]
    fn base64_round_trips_as_the_documentation_shows() {
        assert_eq!(base64_encode(b"Hello World"), "SGVsbG8gV29ybGQ=");
        assert_eq!(base64_decode("SGVsbG8gV29ybGQ=").unwrap(), b"Hello World");
        for t in ["", "a", "ab", "abc", "abcd", "☃ snow"] {
            assert_eq!(base64_decode(&base64_encode(t.as_bytes())).unwrap(), t.as_bytes());
        }
        assert_eq!(base64_encode(b"ab"), "YWI=");
        assert_eq!(base64_decode("YW\nI=").unwrap(), b"ab");
        for bad in ["YWI", "Y=WI", "YW==YWI=", "*WI="] {
            assert!(base64_decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urlencode_escapes_as_the_documentation_shows() {
        assert_eq!(url_encode("Hello World!"), "Hello+World%21");
        assert_eq!(url_encode("☃"), "%E2%98%83");
        assert_eq!(
            url_encode("foo:bar@localhost?foo=bar&bar=baz"),
            "foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz"
        );
    }

    #[test]
    fn csvdecode_reads_as_the_documentation_shows() {
        assert_eq!(
            csv_decode("a,b,c\n1,2,3\n4,5,6").unwrap(),
            Value::List(vec![
                map(&[("a", s("1")), ("b", s("2")), ("c", s("3"))]),
                map(&[("a", s("4")), ("b", s("5")), ("c", s("6"))]),
            ])
        );
        assert_eq!(
            csv_decode("name,note\r\n\"Doe, J\",\"say \"\"hi\"\"\"\r\n").unwrap(),
            Value::List(vec![map(&[("name", s("Doe, J")), ("note", s("say \"hi\""))])])
        );
        assert!(csv_decode("a,b\n1\n").is_err());
        assert!(csv_decode("a\n\"open\n").is_err());
    }

    #[test]
    fn jsonencode_escapes_html_characters_as_go_does() {
        let j = serde_json::json!({"a": "<b> & \u{2028}"});
        assert_eq!(json_text(&j), "{\"a\":\"\\u003cb\\u003e \\u0026 \\u2028\"}");
    }
}
