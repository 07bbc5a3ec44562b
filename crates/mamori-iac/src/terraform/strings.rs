//! Terraform's string functions that need more than a line: regular expressions (RE2 syntax,
//! which the `regex` crate follows), characters as Terraform counts them (grapheme clusters),
//! `trim`, `chomp`, `indent`, `title`.

use super::value::{MAX_LEN, Value};
use std::collections::BTreeMap;

type R<T> = Result<T, Value>;

fn error(s: impl Into<String>) -> Value {
    Value::Error(s.into())
}

/// Largest compiled regular expression, so that a pattern cannot exhaust memory.
const MAX_REGEX: usize = 1 << 20;

fn compile(pattern: &str) -> R<regex::Regex> {
    regex::RegexBuilder::new(pattern)
        .size_limit(MAX_REGEX)
        .build()
        .map_err(|e| {
            let detail = e.to_string();
            let detail = detail.lines().last().unwrap_or("").trim();
            let detail = detail.strip_prefix("error: ").unwrap_or(detail).to_string();
            error(format!("invalid regular expression: {detail}"))
        })
}

/// What one match gives: the whole match without capture groups, a list of the groups, or a
/// map of the named groups.
fn captures(re: &regex::Regex, caps: &regex::Captures<'_>) -> R<Value> {
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    if names.is_empty() {
        return Ok(Value::str(caps.get(0).map_or("", |m| m.as_str())));
    }
    let group = |i: usize| caps.get(i).map_or(Value::str(""), |m| Value::str(m.as_str()));
    let named = names.iter().filter(|n| n.is_some()).count();
    if named == 0 {
        return Ok(Value::List((1..=names.len()).map(group).collect()));
    }
    if named != names.len() {
        return Err(error("a pattern cannot mix named and unnamed capture groups"));
    }
    let mut m = BTreeMap::new();
    for (i, name) in names.iter().enumerate() {
        if let Some(name) = name {
            m.insert(name.to_string(), group(i + 1));
        }
    }
    Ok(Value::Map(m))
}

/// `regex(pattern, string)`: the first match; an error when there is none.
pub fn regex(pattern: &str, s: &str) -> R<Value> {
    let re = compile(pattern)?;
    match re.captures(s) {
        Some(c) => captures(&re, &c),
        None => Err(error("the pattern does not match the string")),
    }
}

/// `regexall(pattern, string)`: every match.
pub fn regexall(pattern: &str, s: &str) -> R<Value> {
    let re = compile(pattern)?;
    let mut out = Vec::new();
    for c in re.captures_iter(s) {
        out.push(captures(&re, &c)?);
        if out.len() > MAX_LEN {
            return Err(error("the list is too long"));
        }
    }
    Ok(Value::List(out))
}

/// `replace(string, "/pattern/", replacement)`: `$1` and `${name}` in the replacement name
/// capture groups, as in Go.
pub fn replace_regex(s: &str, pattern: &str, to: &str) -> R<Value> {
    let re = compile(pattern)?;
    let out = re.replace_all(s, to);
    if out.len() > MAX_LEN {
        return Err(error("the string is too long"));
    }
    Ok(Value::String(out.into_owned()))
}

/// Whether a character continues the grapheme cluster before it: combining marks, variation
/// selectors, emoji modifiers and tags, the zero width joiner.
fn extends(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
        | 0x0483..=0x0489
        | 0x0591..=0x05BD
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E
        | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF
        | 0x200C..=0x200D
        | 0x20D0..=0x20FF
        | 0x3099..=0x309A
        | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F
        | 0x1F3FB..=0x1F3FF
        | 0xE0020..=0xE007F
        | 0xE0100..=0xE01EF)
}

/// The characters of a string as Terraform counts them: grapheme clusters (combining marks,
/// variation selectors, emoji modifiers and joined emoji stay with the character they follow;
/// `\r\n` is one).
pub fn graphemes(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        let join = match prev {
            None => false,
            Some('\u{200D}') => true,
            Some('\r') => c == '\n',
            Some(_) => extends(c),
        };
        if !join && i > start {
            out.push(&s[start..i]);
            start = i;
        }
        prev = Some(c);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// `trim(string, chars)`: every character of `chars` removed from both ends.
pub fn trim(s: &str, cutset: &str) -> String {
    s.trim_matches(|c| cutset.contains(c)).to_string()
}

/// `chomp(string)`: newlines (`\n`, `\r\n`) removed from the end.
pub fn chomp(s: &str) -> String {
    s.trim_end_matches(['\n', '\r']).to_string()
}

/// `indent(spaces, string)`: every line but the first indented.
pub fn indent(n: usize, s: &str) -> R<String> {
    if n.saturating_mul(s.matches('\n').count()).saturating_add(s.len()) > MAX_LEN {
        return Err(error("the string is too long"));
    }
    Ok(s.replace('\n', &format!("\n{}", " ".repeat(n))))
}

/// Whether a character separates words for Go's `strings.Title`: any ASCII character but
/// letters, digits and `_`; beyond ASCII, spaces only.
fn separates(c: char) -> bool {
    if c.is_ascii() {
        !(c.is_ascii_alphanumeric() || c == '_')
    } else {
        !c.is_alphanumeric() && c.is_whitespace()
    }
}

/// `title(string)`: the first letter of each word in upper case, as Go's `strings.Title`.
pub fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    for c in s.chars() {
        if separates(prev) {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::str(v)
    }

    #[test]
    fn regex_as_the_documentation_shows() {
        assert_eq!(
            regex("[a-z]+", "53453453.345345aaabbbccc23454").unwrap(),
            s("aaabbbccc")
        );
        assert_eq!(
            regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01").unwrap(),
            Value::List(vec![s("2019"), s("02"), s("01")])
        );
        assert_eq!(
            regex(
                "^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?",
                "https://terraform.io/docs/"
            )
            .unwrap(),
            Value::Map(
                [("authority", s("terraform.io")), ("scheme", s("https"))]
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect()
            )
        );
        assert!(regex("[a-z]+", "53453453.34534523454").unwrap_err().is_error());
        assert!(regex("(?P<a>x)(y)", "xy").is_err());
        assert!(regex("(", "x").is_err());
    }

    #[test]
    fn regexall_as_the_documentation_shows() {
        assert_eq!(
            regexall("[a-z]+", "1234abcd5678efgh9").unwrap(),
            Value::List(vec![s("abcd"), s("efgh")])
        );
        assert_eq!(regexall("[a-z]+", "123456789").unwrap(), Value::List(vec![]));
    }

    #[test]
    fn replace_with_a_pattern_as_the_documentation_shows() {
        assert_eq!(
            replace_regex("hello world", "w.*d", "everybody").unwrap(),
            s("hello everybody")
        );
        assert_eq!(
            replace_regex("2019-02-01", "(\\d+)-(\\d+)-(\\d+)", "$3/$2/$1").unwrap(),
            s("01/02/2019")
        );
    }

    #[test]
    fn characters_are_counted_as_terraform_counts_them() {
        assert_eq!(graphemes("hello").len(), 5);
        assert_eq!(graphemes("👾🕹️").len(), 2);
        assert_eq!(graphemes("🤔🤷").len(), 2);
        assert_eq!(graphemes("e\u{301}x").len(), 2);
        assert_eq!(graphemes("a\r\nb").len(), 3);
        assert_eq!(graphemes("👩\u{200D}👩\u{200D}👧").len(), 1);
        assert_eq!(graphemes("").len(), 0);
    }

    #[test]
    fn trim_chomp_indent_title_as_the_documentation_shows() {
        assert_eq!(trim("?!hello?!", "!?"), "hello");
        assert_eq!(trim("foobar", "far"), "oob");
        assert_eq!(trim("   hello! world.!  ", "! "), "hello! world.");
        assert_eq!(chomp("hello\n"), "hello");
        assert_eq!(chomp("hello\r\n"), "hello");
        assert_eq!(chomp("hello\n\n"), "hello");
        assert_eq!(
            indent(2, "[\n  foo,\n  bar,\n]\n").unwrap(),
            "[\n    foo,\n    bar,\n  ]\n  "
        );
        assert_eq!(title("hello world"), "Hello World");
        assert_eq!(title("snake_case-and o'neil"), "Snake_case-And O'Neil");
    }
}
