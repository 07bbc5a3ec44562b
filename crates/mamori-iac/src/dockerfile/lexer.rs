//! Dockerfile text to logical instructions, as BuildKit's parser reads it: parser directives at
//! the top (`# escape=`), comment lines (a `#` first on the line), line continuations (the
//! escape character last on a line; comment and empty lines inside a continuation are dropped),
//! and heredocs (`RUN <<EOF` … `EOF`) pulled into the instruction that opens them.
//!
//! Every character of an instruction keeps its byte offset in the file, so that a word found in
//! a joined line still points at the line it was written on.

/// A parser directive (`# syntax=…`, `# escape=…`, `# check=…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub line: u32,
}

/// A heredoc of an instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word.
    pub delimiter: String,
    /// `<<-`: leading tabs are stripped from the body.
    pub strip_tabs: bool,
    /// The body, as written, and the byte offset where it starts.
    pub body: String,
    pub body_start: usize,
    /// Whether the closing delimiter was found.
    pub closed: bool,
}

/// One instruction with its continuation lines joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logical {
    /// The keyword as written.
    pub keyword: String,
    /// The text after the keyword (and the whitespace after it), continuations joined.
    pub text: String,
    /// The file's byte offset of every byte of `text`, and one more for its end.
    pub offsets: Vec<usize>,
    /// The byte range of the whole instruction in the file (heredocs included).
    pub start: usize,
    pub end: usize,
    /// 1-based line of the keyword.
    pub line: u32,
    pub heredocs: Vec<Heredoc>,
}

impl Logical {
    /// The file offset of a byte index of `text` (the end offset for `i == text.len()`).
    pub fn offset(&self, i: usize) -> usize {
        self.offsets.get(i).copied().unwrap_or(self.end)
    }
}

/// A problem met while reading: the 1-based line and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: u32,
    pub message: String,
}

#[derive(Clone, Debug, Default)]
pub struct Lexed {
    pub directives: Vec<Directive>,
    pub escape: char,
    pub instructions: Vec<Logical>,
    pub problems: Vec<Problem>,
}

/// The physical lines: (start, end without the line break).
fn physical_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push((start, end));
            start = i + 1;
        }
    }
    if start < text.len() {
        let end = if text.ends_with('\r') {
            text.len() - 1
        } else {
            text.len()
        };
        out.push((start, end));
    }
    out
}

/// The name and value of a parser directive line (`# escape=\``), whatever its spacing.
pub fn directive(line: &str) -> Option<(String, String)> {
    let rest = line.trim().strip_prefix('#')?;
    let (name, value) = rest.split_once('=')?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let name = name.to_ascii_lowercase();
    if !matches!(name.as_str(), "syntax" | "escape" | "check") {
        return None;
    }
    Some((name, value.trim().to_string()))
}

/// Where a line continues: the byte index of the escape character when it ends the line (only
/// blanks after it).
fn continuation(line: &str, escape: char) -> Option<usize> {
    let t = line.trim_end_matches([' ', '\t']);
    t.ends_with(escape).then(|| t.len() - escape.len_utf8())
}

pub fn lex(text: &str) -> Lexed {
    let lines = physical_lines(text);
    let mut out = Lexed {
        escape: '\\',
        ..Default::default()
    };
    let mut i = 0;
    // Parser directives: only before any comment, blank line or instruction.
    while i < lines.len() {
        let (s, e) = lines[i];
        let Some((name, value)) = directive(&text[s..e]) else {
            break;
        };
        if out.directives.iter().any(|d| d.name == name) {
            out.problems.push(Problem {
                line: i as u32 + 1,
                message: format!("the parser directive `{name}` is given twice"),
            });
        }
        if name == "escape" {
            match value.as_str() {
                "\\" => out.escape = '\\',
                "`" => out.escape = '`',
                other => out.problems.push(Problem {
                    line: i as u32 + 1,
                    message: format!("invalid escape character `{other}`: it must be `\\` or a backtick"),
                }),
            }
        }
        out.directives.push(Directive {
            name,
            value,
            line: i as u32 + 1,
        });
        i += 1;
    }
    let escape = out.escape;
    while i < lines.len() {
        let (s, e) = lines[i];
        let line = &text[s..e];
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        let first_line = i;
        // Join the continuation lines.
        let mut joined = String::new();
        let mut offsets = Vec::new();
        let lead = line.len() - trimmed.len();
        let mut seg_start = s + lead;
        let mut seg_end = e;
        let mut last_end;
        loop {
            let seg = &text[seg_start..seg_end];
            let cont = continuation(seg, escape);
            let keep = match cont {
                Some(k) => &seg[..k],
                None => seg,
            };
            joined.push_str(keep);
            offsets.extend((0..keep.len()).map(|k| seg_start + k));
            last_end = seg_end;
            i += 1;
            if cont.is_none() {
                break;
            }
            // Skip comment and empty lines inside the continuation.
            while i < lines.len() {
                let (ns, ne) = lines[i];
                let t = text[ns..ne].trim_start();
                if t.is_empty() || t.starts_with('#') {
                    i += 1;
                } else {
                    break;
                }
            }
            if i >= lines.len() {
                break;
            }
            (seg_start, seg_end) = lines[i];
        }
        offsets.push(last_end);
        let kw_len = joined.find(char::is_whitespace).unwrap_or(joined.len());
        let keyword = joined[..kw_len].to_string();
        let rest_start = joined[kw_len..]
            .find(|c: char| !c.is_whitespace())
            .map_or(joined.len(), |k| kw_len + k);
        let rest = joined[rest_start..].to_string();
        let rest_offsets = offsets[rest_start..].to_vec();
        let mut logical = Logical {
            keyword,
            text: rest,
            offsets: rest_offsets,
            start: s + lead,
            end: last_end,
            line: first_line as u32 + 1,
            heredocs: Vec::new(),
        };
        if matches!(logical.keyword.to_ascii_uppercase().as_str(), "RUN" | "COPY" | "ADD") {
            for (delimiter, strip_tabs) in heredoc_markers(&logical.text) {
                let body_start = lines.get(i).map_or(text.len(), |l| l.0);
                let mut body_end = body_start;
                let mut closed = false;
                while i < lines.len() {
                    let (ns, ne) = lines[i];
                    let l = &text[ns..ne];
                    let l = if strip_tabs { l.trim_start_matches('\t') } else { l };
                    i += 1;
                    if l == delimiter {
                        closed = true;
                        logical.end = ne;
                        break;
                    }
                    body_end = ne;
                    logical.end = ne;
                }
                if !closed {
                    out.problems.push(Problem {
                        line: logical.line,
                        message: format!("the heredoc `<<{delimiter}` is not closed: no line `{delimiter}` follows"),
                    });
                }
                let body = if body_end > body_start {
                    text[body_start..body_end].to_string()
                } else {
                    String::new()
                };
                logical.heredocs.push(Heredoc {
                    delimiter,
                    strip_tabs,
                    body,
                    body_start,
                    closed,
                });
            }
        }
        out.instructions.push(logical);
    }
    out
}

/// The heredoc markers of an instruction's text, in order: `<<EOF`, `<<-EOF`, `<<"EOF"`,
/// `<<'EOF'`, outside quotes (`<<<` is a here-string, not a heredoc).
pub fn heredoc_markers(text: &str) -> Vec<(String, bool)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if c == b'\'' || c == b'"' {
            quote = Some(c);
            i += 1;
            continue;
        }
        if c == b'<' && b.get(i + 1) == Some(&b'<') && b.get(i + 2) != Some(&b'<') && (i == 0 || b[i - 1] != b'<') {
            let mut j = i + 2;
            let strip = b.get(j) == Some(&b'-');
            if strip {
                j += 1;
            }
            let q = match b.get(j) {
                Some(&q @ (b'\'' | b'"')) => {
                    j += 1;
                    Some(q)
                }
                _ => None,
            };
            let start = j;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-' || b[j] == b'.') {
                j += 1;
            }
            // `$((1<<2))` is a shift, not a heredoc: an unquoted delimiter starts with a letter.
            let word_start = b.get(start).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_');
            if j > start && (q.is_some() || word_start) && q.is_none_or(|q| b.get(j) == Some(&q)) {
                out.push((text[start..j].to_string(), strip));
                i = if q.is_some() { j + 1 } else { j };
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuations_comments_and_offsets() {
        let t = "# syntax=docker/dockerfile:1\nFROM alpine\n# a comment\nRUN apk add \\\n  # inside\n\n  curl && \\\n  echo done\nUSER app\n";
        let l = lex(t);
        assert_eq!(l.directives.len(), 1);
        assert_eq!(l.instructions.len(), 3);
        let run = &l.instructions[1];
        assert_eq!(run.keyword, "RUN");
        assert_eq!(run.text, "apk add   curl &&   echo done");
        assert_eq!(run.line, 4);
        let curl = run.text.find("curl").unwrap();
        assert_eq!(&t[run.offset(curl)..run.offset(curl) + 4], "curl");
        assert_eq!(l.instructions[2].line, 9);
    }

    #[test]
    fn the_escape_directive_changes_the_continuation_character() {
        let t = "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n  C:\\\nUSER ContainerUser\n";
        let l = lex(t);
        assert_eq!(l.escape, '`');
        assert_eq!(l.instructions.len(), 3);
        assert_eq!(l.instructions[1].text, "dir   C:\\");
    }

    #[test]
    fn directives_end_at_the_first_comment_or_blank_line() {
        let l = lex("# note\n# escape=`\nFROM x\nRUN a \\\nb\n");
        assert_eq!(l.escape, '\\');
        assert!(l.directives.is_empty());
        assert_eq!(l.instructions[1].text, "a b");
    }

    #[test]
    fn heredocs_belong_to_their_instruction() {
        let t =
            "FROM alpine\nRUN <<EOF\napk update\nFROM fake\nEOF\nCOPY <<-'A' <<B /x\n\tone\n\tA\ntwo\nB\nUSER 1000\n";
        let l = lex(t);
        let names: Vec<_> = l.instructions.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(names, ["FROM", "RUN", "COPY", "USER"]);
        assert_eq!(l.instructions[1].heredocs[0].body, "apk update\nFROM fake");
        assert_eq!(l.instructions[2].heredocs.len(), 2);
        assert!(l.instructions[2].heredocs[0].strip_tabs);
        assert_eq!(l.instructions[2].heredocs[1].body, "two");
        assert!(l.problems.is_empty());
    }

    #[test]
    fn an_unclosed_heredoc_is_a_problem() {
        let l = lex("FROM alpine\nRUN <<EOF\necho hi\n");
        assert_eq!(l.problems.len(), 1);
        assert_eq!(l.problems[0].line, 2);
        assert!(!l.instructions[1].heredocs[0].closed);
    }

    #[test]
    fn shifts_are_not_heredocs() {
        let l = lex("FROM a\nRUN echo $((1<<2)) && cat <<'9' > x\nbody\n9\nUSER 1\n");
        assert_eq!(l.instructions.len(), 3);
        assert_eq!(l.instructions[1].heredocs.len(), 1);
        assert_eq!(l.instructions[1].heredocs[0].delimiter, "9");
    }

    #[test]
    fn crlf_and_here_strings() {
        let l = lex("FROM a\r\nRUN cat <<< \"x\" \\\r\n && echo\r\n");
        assert_eq!(l.instructions[1].text, "cat <<< \"x\"  && echo");
        assert!(l.instructions[1].heredocs.is_empty());
    }
}
