//! Comments in the formats that have them (HCL, YAML, Dockerfiles), read line by line for the suppression
//! comments other parts of mamori look for: which lines hold code, the text of each comment, and
//! where the block a line opens ends. Text inside strings, heredocs and YAML block scalars is
//! never taken for a comment.

/// Comment syntax of a file, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lexer {
    Hcl,
    Yaml,
    /// A `#` first on a line; parser directives and heredoc bodies are not comments.
    Dockerfile,
}

pub fn lexer(path: &str) -> Option<Lexer> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".tf") || lower.ends_with(".tfvars") || lower.ends_with(".hcl") {
        Some(Lexer::Hcl)
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".template") {
        Some(Lexer::Yaml)
    } else if crate::dockerfile::is_dockerfile_name(std::path::Path::new(path)) {
        Some(Lexer::Dockerfile)
    } else {
        None
    }
}

/// The comment syntax of a file by its name, else by its content (a Dockerfile of another name).
pub fn lexer_for(path: &str, text: &str) -> Option<Lexer> {
    lexer(path).or_else(|| crate::dockerfile::sniff(text).then_some(Lexer::Dockerfile))
}

/// A Dockerfile's lines: an instruction's lines (continuations and heredocs) are code, and the
/// first one knows where the instruction ends.
fn lex_dockerfile(text: &str) -> Vec<LineInfo> {
    let lexed = crate::dockerfile::lexer::lex(text);
    let raw: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<LineInfo> = raw.iter().map(|_| LineInfo::default()).collect();
    let line_of = |byte: usize| text[..byte.min(text.len())].matches('\n').count();
    let mut in_instruction = vec![false; raw.len()];
    for i in &lexed.instructions {
        let (first, last) = (line_of(i.start), line_of(i.end));
        let end = last.min(raw.len().saturating_sub(1));
        for flag in in_instruction.iter_mut().take(end + 1).skip(first) {
            *flag = true;
        }
        // Comment lines inside a continuation stay comments; heredoc bodies do not.
        let body_from = i.heredocs.first().map(|h| line_of(h.body_start));
        for (l, code) in in_instruction.iter_mut().enumerate().take(last + 1).skip(first) {
            let t = raw[l].trim_start();
            if (t.starts_with('#') || t.trim().is_empty()) && body_from.is_none_or(|b| l < b) && l != first {
                *code = false;
            }
        }
        out[first].block_end = last as u32 + 1;
    }
    let directives: Vec<usize> = lexed.directives.iter().map(|d| d.line as usize - 1).collect();
    for (l, line) in raw.iter().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        out[l].code = in_instruction[l];
        if !in_instruction[l]
            && !directives.contains(&l)
            && let Some(c) = line.trim_start().strip_prefix('#')
            && !c.trim().is_empty()
        {
            out[l].comment = Some(c.trim().to_string());
        }
    }
    out
}

/// One line of a file as the lexer saw it: whether it holds code, its comment text, and how much
/// it opens blocks (`{`/`[`/`(` minus closers, outside strings and comments).
#[derive(Default, Clone)]
pub struct LineInfo {
    pub code: bool,
    pub comment: Option<String>,
    depth: i32,
    /// Leading spaces (YAML).
    indent: usize,
    /// Dockerfile: the last line (1-based) of the instruction this line starts.
    block_end: u32,
}

/// Splits a file into lines with their comments; text inside strings, heredocs and YAML block
/// scalars is never taken for a comment.
pub fn lex(text: &str, lx: Lexer) -> Vec<LineInfo> {
    if lx == Lexer::Dockerfile {
        return lex_dockerfile(text);
    }
    let mut out = Vec::new();
    let mut in_block_comment = false;
    let mut heredoc: Option<String> = None;
    let mut yaml_scalar: Option<usize> = None;
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let mut info = LineInfo {
            indent: line.len() - line.trim_start_matches(' ').len(),
            ..Default::default()
        };
        if let Some(end) = &heredoc {
            if line.trim() == end {
                heredoc = None;
            }
            info.code = true;
            out.push(info);
            continue;
        }
        if let Some(base) = yaml_scalar {
            if line.trim().is_empty() || info.indent > base {
                info.code = !line.trim().is_empty();
                out.push(info);
                continue;
            }
            yaml_scalar = None;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut quote: Option<char> = None;
        let mut comment = String::new();
        let mut code = String::new();
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            if in_block_comment {
                if c == '*' && next == Some('/') {
                    in_block_comment = false;
                    i += 2;
                    comment.push(' ');
                } else {
                    comment.push(c);
                    i += 1;
                }
                continue;
            }
            if let Some(q) = quote {
                code.push(c);
                if c == '\\' && q == '"' {
                    if let Some(n) = next {
                        code.push(n);
                    }
                    i += 2;
                    continue;
                }
                if c == q {
                    quote = None;
                }
                i += 1;
                continue;
            }
            match (lx, c) {
                (_, '"') => quote = Some('"'),
                (Lexer::Yaml, '\'') => quote = Some('\''),
                (Lexer::Hcl, '#') => {
                    comment.extend(&chars[i + 1..]);
                    break;
                }
                (Lexer::Hcl, '/') if next == Some('/') => {
                    comment.extend(&chars[i + 2..]);
                    break;
                }
                (Lexer::Hcl, '/') if next == Some('*') => {
                    in_block_comment = true;
                    i += 2;
                    continue;
                }
                (Lexer::Yaml, '#') if i == 0 || chars[i - 1].is_whitespace() => {
                    comment.extend(&chars[i + 1..]);
                    break;
                }
                (_, '{' | '[' | '(') => info.depth += 1,
                (_, '}' | ']' | ')') => info.depth -= 1,
                _ => {}
            }
            code.push(c);
            i += 1;
        }
        let code = code.trim();
        info.code = !code.is_empty();
        if lx == Lexer::Hcl
            && let Some(pos) = code.find("<<")
        {
            let marker = code[pos + 2..].trim_start_matches('-');
            let ident: String = marker
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !ident.is_empty() {
                heredoc = Some(ident);
            }
        }
        if lx == Lexer::Yaml {
            // `key: |`, `- >-`, `key: |2`: the lines below, more indented, are text.
            let mut tokens = code.rsplitn(2, char::is_whitespace);
            let last = tokens.next().unwrap_or("");
            let before = tokens.next().unwrap_or("").trim_end();
            let indicator = last.len() <= 3
                && (last.starts_with('|') || last.starts_with('>'))
                && last[1..].chars().all(|c| c == '-' || c == '+' || c.is_ascii_digit());
            if indicator && (before.ends_with(':') || before == "-") {
                yaml_scalar = Some(info.indent);
            }
        }
        if !comment.trim().is_empty() {
            info.comment = Some(comment.trim().to_string());
        }
        out.push(info);
    }
    out
}

/// The last line (1-based) of the block that line `l` opens; `l` when it opens none.
pub fn block_end(lines: &[LineInfo], l: u32, lx: Lexer) -> u32 {
    let idx = (l - 1) as usize;
    let Some(first) = lines.get(idx) else { return l };
    match lx {
        Lexer::Hcl => {
            let mut depth = first.depth;
            if depth <= 0 {
                return l;
            }
            for (j, info) in lines.iter().enumerate().skip(idx + 1) {
                depth += info.depth;
                if depth <= 0 {
                    return j as u32 + 1;
                }
            }
            lines.len() as u32
        }
        Lexer::Dockerfile => first.block_end.max(l),
        Lexer::Yaml => {
            let mut end = l;
            for (j, info) in lines.iter().enumerate().skip(idx + 1) {
                if !info.code {
                    continue;
                }
                if info.indent <= first.indent {
                    break;
                }
                end = j as u32 + 1;
            }
            end
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_found_outside_strings_heredocs_and_block_scalars() {
        let hcl =
            "a = \"# mamori:ignore X\" # real\nb = <<EOF\n# not a comment\nEOF\n/* block\n comment */ c = 1 // tail\n";
        let l = lex(hcl, Lexer::Hcl);
        assert_eq!(l[0].comment.as_deref(), Some("real"));
        assert!(l[1].code && l[2].comment.is_none() && l[3].comment.is_none());
        assert_eq!(l[4].comment.as_deref(), Some("block"));
        assert!(l[5].comment.as_deref().unwrap().contains("tail"));
        assert!(l[5].code);
        let yaml = "a: 'x # y'\nscript: |\n  # shell comment\n  echo hi\nb: c # yes\nurl: http://x#frag\n";
        let l = lex(yaml, Lexer::Yaml);
        assert!(l[0].comment.is_none());
        assert!(l[2].comment.is_none());
        assert_eq!(l[4].comment.as_deref(), Some("yes"));
        assert!(l[5].comment.is_none());
    }

    #[test]
    fn dockerfile_comments_are_whole_lines_outside_heredocs_and_directives() {
        let t = "# escape=\\\n# mamori:ignore MAM-DKR-003 reason=\"x\"\nFROM a\nRUN echo hi \\\n  # inside\n  && echo # not a comment\nRUN <<EOF\n# shell comment\nEOF\nUSER 1000\n";
        let l = lex(t, Lexer::Dockerfile);
        assert!(l[0].comment.is_none(), "a parser directive");
        assert_eq!(l[1].comment.as_deref(), Some("mamori:ignore MAM-DKR-003 reason=\"x\""));
        assert!(!l[1].code && l[2].code && l[3].code);
        assert_eq!(l[4].comment.as_deref(), Some("inside"));
        assert!(l[5].code && l[5].comment.is_none());
        assert!(l[7].code && l[7].comment.is_none());
        assert_eq!(block_end(&l, 4, Lexer::Dockerfile), 6);
        assert_eq!(block_end(&l, 7, Lexer::Dockerfile), 9);
        assert_eq!(block_end(&l, 10, Lexer::Dockerfile), 10);
        assert_eq!(lexer("build/Dockerfile.prod"), Some(Lexer::Dockerfile));
        assert_eq!(
            lexer_for("build/image", "FROM alpine:3.20\nUSER 1\n"),
            Some(Lexer::Dockerfile)
        );
        assert_eq!(lexer_for("notes", "hello"), None);
    }

    #[test]
    fn blocks_end_where_brackets_or_indentation_close() {
        let hcl = "resource \"x\" \"y\" {\n  a = {\n    b = 1\n  }\n}\nz = 1\n";
        let l = lex(hcl, Lexer::Hcl);
        assert_eq!(block_end(&l, 1, Lexer::Hcl), 5);
        assert_eq!(block_end(&l, 2, Lexer::Hcl), 4);
        assert_eq!(block_end(&l, 6, Lexer::Hcl), 6);
        let yaml = "Containers:\n  - Name: web\n    # note\n    Privileged: true\n  - Name: db\n";
        let l = lex(yaml, Lexer::Yaml);
        assert_eq!(block_end(&l, 2, Lexer::Yaml), 4);
        assert_eq!(block_end(&l, 1, Lexer::Yaml), 5);
    }
}
