//! Words: the arguments of an instruction as the builder splits them, variable expansion with
//! the build's `ARG` and `ENV` values, and the simple commands of a shell script (`RUN`).

/// A word and the byte range of its raw text (quotes included) in the text it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawWord {
    /// Quotes and escapes removed; variables left as written.
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Splits instruction arguments on blanks, keeping quoted text together. The Dockerfile's escape
/// character escapes the next character (inside double quotes only `"`, `$` and itself).
pub fn words(text: &str, escape: char) -> Vec<RawWord> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if quote.is_none() && c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(RawWord {
                    text: std::mem::take(&mut cur),
                    start: s,
                    end: i,
                });
            }
            continue;
        }
        start.get_or_insert(i);
        match quote {
            Some('\'') => {
                if c == '\'' {
                    quote = None;
                } else {
                    cur.push(c);
                }
            }
            Some(_) => {
                if c == escape && it.peek().is_some_and(|(_, n)| *n == '"' || *n == '$' || *n == escape) {
                    cur.push(it.next().map_or(c, |(_, n)| n));
                } else if c == '"' {
                    quote = None;
                } else {
                    cur.push(c);
                }
            }
            None => {
                if c == escape {
                    match it.next() {
                        Some((_, n)) => cur.push(n),
                        None => cur.push(c),
                    }
                } else if c == '"' || c == '\'' {
                    quote = Some(c);
                } else {
                    cur.push(c);
                }
            }
        }
    }
    if let Some(s) = start {
        out.push(RawWord {
            text: cur,
            start: s,
            end: text.len(),
        });
    }
    out
}

/// Why a word's variables could not be replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpandError {
    /// A variable with no value in the file (declared without one, or not declared).
    Missing(String),
    /// A substitution mamori does not evaluate; the text says which.
    Unsupported(String),
}

/// Replaces the variables of a raw word (`$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`,
/// `${NAME:+word}`, `${NAME+word}`) with their values and removes quotes, as the builder does
/// for `FROM`, `USER` and `WORKDIR`. `lookup` gives a variable's value: `Some(None)` for a
/// variable declared without a value. Fails with the name of a variable whose value is not
/// known, or with the form it does not read.
pub fn expand(raw: &str, escape: char, lookup: &dyn Fn(&str) -> Option<Option<String>>) -> Result<String, ExpandError> {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if quote == Some('\'') {
            if c == '\'' {
                quote = None;
            } else {
                out.push(c);
            }
            i += 1;
            continue;
        }
        if c == escape && i + 1 < chars.len() {
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '"' {
            quote = if quote.is_some() { None } else { Some('"') };
            i += 1;
            continue;
        }
        if c == '\'' && quote.is_none() {
            quote = Some('\'');
            i += 1;
            continue;
        }
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        // A variable.
        let (name, op, word, next) = if chars.get(i + 1) == Some(&'{') {
            let Some(close) = chars[i + 2..].iter().position(|c| *c == '}').map(|p| p + i + 2) else {
                return Err(ExpandError::Unsupported(format!(
                    "the substitution in `{raw}` is not closed"
                )));
            };
            let inner: String = chars[i + 2..close].iter().collect();
            let name_len = inner
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(inner.len());
            let (name, rest) = inner.split_at(name_len);
            let (op, word) = if rest.is_empty() {
                ("", "")
            } else if let Some(w) = rest.strip_prefix(":-") {
                (":-", w)
            } else if let Some(w) = rest.strip_prefix(":+") {
                (":+", w)
            } else if let Some(w) = rest.strip_prefix('-') {
                ("-", w)
            } else if let Some(w) = rest.strip_prefix('+') {
                ("+", w)
            } else {
                return Err(ExpandError::Unsupported(format!(
                    "`${{{inner}}}` is a form of substitution mamori does not evaluate"
                )));
            };
            (name.to_string(), op, word.to_string(), close + 1)
        } else {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            if j == i + 1 {
                out.push('$');
                i += 1;
                continue;
            }
            (chars[i + 1..j].iter().collect(), "", String::new(), j)
        };
        if name.is_empty() {
            return Err(ExpandError::Unsupported(format!("`{raw}` names no variable")));
        }
        let value = lookup(&name);
        let piece = match (op, value) {
            ("", Some(Some(v))) => v,
            (":-", Some(Some(v))) if !v.is_empty() => v,
            ("-", Some(Some(v))) => v,
            (":-" | "-", _) => expand(&word, escape, lookup)?,
            (":+", Some(Some(v))) if !v.is_empty() => expand(&word, escape, lookup)?,
            ("+", Some(Some(_))) => expand(&word, escape, lookup)?,
            (":+" | "+", Some(Some(_)) | None) => String::new(),
            _ => return Err(ExpandError::Missing(name)),
        };
        out.push_str(&piece);
        i = next;
    }
    Ok(out)
}

/// Splits a shell script into simple commands: words separated by blanks, commands by `&&`,
/// `||`, `|`, `;`, `&`, parentheses and line ends. Quotes group words; `\` escapes; `#` at the
/// start of a word starts a comment; `$(…)` and backticks stay inside their word.
pub fn shell_commands(text: &str) -> Vec<Vec<RawWord>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut cmds: Vec<Vec<RawWord>> = Vec::new();
    let mut cmd: Vec<RawWord> = Vec::new();
    let mut cur = String::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |(b, _)| *b);
    macro_rules! end_word {
        ($at:expr) => {
            if let Some(s) = start.take() {
                cmd.push(RawWord {
                    text: std::mem::take(&mut cur),
                    start: s,
                    end: $at,
                });
            }
        };
    }
    macro_rules! end_cmd {
        () => {
            if !cmd.is_empty() {
                cmds.push(std::mem::take(&mut cmd));
            }
        };
    }
    while i < chars.len() {
        let (b, c) = chars[i];
        let next = chars.get(i + 1).map(|x| x.1);
        match c {
            '\\' => {
                match next {
                    Some('\n') => {}
                    Some(n) => {
                        start.get_or_insert(b);
                        cur.push(n);
                    }
                    None => {
                        start.get_or_insert(b);
                        cur.push(c);
                    }
                }
                i += 2;
                continue;
            }
            '\'' => {
                start.get_or_insert(b);
                let mut j = i + 1;
                while j < chars.len() && chars[j].1 != '\'' {
                    cur.push(chars[j].1);
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            '"' => {
                start.get_or_insert(b);
                let mut j = i + 1;
                while j < chars.len() && chars[j].1 != '"' {
                    if chars[j].1 == '\\'
                        && let Some((_, n)) = chars.get(j + 1)
                        && matches!(n, '"' | '\\' | '$' | '`')
                    {
                        cur.push(*n);
                        j += 2;
                        continue;
                    }
                    cur.push(chars[j].1);
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            '$' if next == Some('(') => {
                start.get_or_insert(b);
                cur.push('$');
                let mut depth = 0;
                let mut j = i + 1;
                while j < chars.len() {
                    let ch = chars[j].1;
                    cur.push(ch);
                    if ch == '(' {
                        depth += 1;
                    } else if ch == ')' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            '`' => {
                start.get_or_insert(b);
                cur.push('`');
                let mut j = i + 1;
                while j < chars.len() && chars[j].1 != '`' {
                    cur.push(chars[j].1);
                    j += 1;
                }
                cur.push('`');
                i = j + 1;
                continue;
            }
            '#' if start.is_none() => {
                while i < chars.len() && chars[i].1 != '\n' {
                    i += 1;
                }
                continue;
            }
            c if c.is_whitespace() && c != '\n' => {
                end_word!(b);
            }
            '\n' | ';' | '(' | ')' => {
                end_word!(b);
                end_cmd!();
            }
            '|' => {
                end_word!(b);
                end_cmd!();
                if next == Some('|') {
                    i += 1;
                }
            }
            '&' => {
                let after_redirect = cur.ends_with('>') || cur.ends_with('<');
                if after_redirect || next == Some('>') {
                    start.get_or_insert(b);
                    cur.push('&');
                } else {
                    end_word!(b);
                    end_cmd!();
                    if next == Some('&') {
                        i += 1;
                    }
                }
            }
            _ => {
                start.get_or_insert(b);
                cur.push(c);
            }
        }
        i += 1;
    }
    end_word!(end_of(chars.len()));
    end_cmd!();
    cmds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(ws: &[RawWord]) -> Vec<&str> {
        ws.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn instruction_words() {
        let w = words(r#"A="a b" B=c\ d 'e f' "g\"h""#, '\\');
        assert_eq!(texts(&w), ["A=a b", "B=c d", "e f", "g\"h"]);
        assert_eq!(w[0].start, 0);
        assert_eq!(w[0].end, 7);
        let w = words("C:\\dir `\"x`\"", '`');
        assert_eq!(texts(&w), ["C:\\dir", "\"x\""]);
    }

    #[test]
    fn variables_expand_with_defaults() {
        let lookup = |n: &str| match n {
            "TAG" => Some(Some("1.2".to_string())),
            "EMPTY" => Some(Some(String::new())),
            "NODEF" => Some(None),
            _ => None,
        };
        assert_eq!(expand("node:${TAG}-alpine", '\\', &lookup).unwrap(), "node:1.2-alpine");
        assert_eq!(expand("x:$TAG", '\\', &lookup).unwrap(), "x:1.2");
        assert_eq!(expand("x:${EMPTY:-2}", '\\', &lookup).unwrap(), "x:2");
        assert_eq!(expand("x:${MISSING:-3}", '\\', &lookup).unwrap(), "x:3");
        assert_eq!(expand("x${TAG:+-y}", '\\', &lookup).unwrap(), "x-y");
        assert_eq!(expand("'$TAG'", '\\', &lookup).unwrap(), "$TAG");
        assert_eq!(expand("\\$TAG", '\\', &lookup).unwrap(), "$TAG");
        assert_eq!(
            expand("x:$NODEF", '\\', &lookup).unwrap_err(),
            ExpandError::Missing("NODEF".into())
        );
        assert_eq!(
            expand("x:$UNDECLARED", '\\', &lookup).unwrap_err(),
            ExpandError::Missing("UNDECLARED".into())
        );
        assert!(matches!(
            expand("${TAG%%.*}", '\\', &lookup),
            Err(ExpandError::Unsupported(_))
        ));
    }

    #[test]
    fn shell_scripts_split_into_commands() {
        let c = shell_commands("apt-get update && apt-get install -y curl; echo 'a && b' | tee x 2>&1 || true");
        let t: Vec<Vec<&str>> = c.iter().map(|w| texts(w)).collect();
        assert_eq!(
            t,
            [
                vec!["apt-get", "update"],
                vec!["apt-get", "install", "-y", "curl"],
                vec!["echo", "a && b"],
                vec!["tee", "x", "2>&1"],
                vec!["true"],
            ]
        );
        let c = shell_commands("# comment\nset -e\n(cd /x && make) \\\n  && curl -k \"$(cat url)\" # trailing\n");
        let t: Vec<Vec<&str>> = c.iter().map(|w| texts(w)).collect();
        assert_eq!(
            t,
            [
                vec!["set", "-e"],
                vec!["cd", "/x"],
                vec!["make"],
                vec!["curl", "-k", "$(cat url)"]
            ]
        );
    }
}
