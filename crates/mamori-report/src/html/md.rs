//! A small, safe subset of Markdown for the rule documents shown in the HTML report: headings,
//! paragraphs, nested lists, tables, fenced code, inline code, bold and italic text, and links.
//! Every piece of text is HTML-escaped; no raw HTML is passed through, and only `http(s)` links
//! become anchors (anything else stays plain text).

use super::esc;

/// The sections of a rule document, by their `## ` heading.
pub(crate) struct Sections<'a> {
    sections: Vec<(&'a str, Vec<&'a str>)>,
}

impl<'a> Sections<'a> {
    pub(crate) fn parse(doc: &'a str) -> Sections<'a> {
        let mut sections: Vec<(&str, Vec<&str>)> = Vec::new();
        let mut in_fence = false;
        for line in doc.lines() {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if !in_fence && let Some(h) = line.strip_prefix("## ") {
                sections.push((h.trim(), Vec::new()));
            } else if let Some((_, body)) = sections.last_mut() {
                body.push(line);
            }
        }
        Sections { sections }
    }

    /// The body of the section whose heading is one of `names`, else of the `index`th section
    /// (0-based): documents are written in a fixed order.
    pub(crate) fn get(&self, names: &[&str], index: usize) -> Option<&[&'a str]> {
        self.sections
            .iter()
            .find(|(h, _)| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
            .or_else(|| self.sections.get(index))
            .map(|(_, body)| body.as_slice())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Bullet,
    Ordered,
}

/// A list item marker: indentation, kind, and where the item's text starts.
fn list_marker(line: &str) -> Option<(usize, ListKind, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    if rest.starts_with("- ") || rest.starts_with("* ") || rest.starts_with("+ ") {
        return Some((indent, ListKind::Bullet, indent + 2));
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && rest[digits..].starts_with(". ") {
        return Some((indent, ListKind::Ordered, indent + digits + 2));
    }
    None
}

fn is_table_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn table_cells(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    // A `|` inside a code span belongs to the cell.
    let mut cells = Vec::new();
    let (mut start, mut in_code) = (0, false);
    for (i, c) in t.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '|' if !in_code && !t[..i].ends_with('\\') => {
                cells.push(t[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    cells.push(t[start..].trim());
    cells
}

/// Renders a block of Markdown lines. `level` is the HTML heading level given to `###`.
pub(crate) fn render_blocks(lines: &[&str], level: usize, out: &mut String) {
    let mut i = 0;
    let mut para: Vec<&str> = Vec::new();
    // Open lists: (indent of their markers, kind).
    let mut lists: Vec<(usize, ListKind)> = Vec::new();
    let flush_para = |para: &mut Vec<&str>, out: &mut String| {
        if !para.is_empty() {
            out.push_str("<p>");
            out.push_str(&inline(&para.join(" ")));
            out.push_str("</p>\n");
            para.clear();
        }
    };
    let close_lists = |lists: &mut Vec<(usize, ListKind)>, down_to: usize, out: &mut String| {
        while lists.len() > down_to {
            let (_, kind) = lists.pop().unwrap_or((0, ListKind::Bullet));
            out.push_str(if kind == ListKind::Ordered {
                "</li></ol>\n"
            } else {
                "</li></ul>\n"
            });
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush_para(&mut para, out);
            // A list goes on past a blank line when the next line continues it.
            let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
            let continues = match (next, lists.first()) {
                (Some(n), Some(&(base, _))) => {
                    let ind = n.len() - n.trim_start_matches(' ').len();
                    ind > base || list_marker(n).is_some_and(|(ind, _, _)| ind >= base)
                }
                _ => false,
            };
            if !continues {
                close_lists(&mut lists, 0, out);
            }
            i += 1;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("```") {
            flush_para(&mut para, out);
            let indent = line.len() - line.trim_start().len();
            let lang: String = rest
                .trim()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            let mut code = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim_start().starts_with("```") {
                let l = lines[i];
                let cut = l.len() - l.trim_start().len();
                code.push(&l[cut.min(indent)..]);
                i += 1;
            }
            i += 1;
            if lang.is_empty() {
                out.push_str("<pre><code>");
            } else {
                out.push_str(&format!("<pre><code data-lang=\"{lang}\">"));
            }
            out.push_str(&esc(&code.join("\n")));
            out.push_str("</code></pre>\n");
            continue;
        }
        if lists.is_empty() && trimmed.starts_with('#') {
            let hashes = trimmed.chars().take_while(|c| *c == '#').count();
            if let Some(text) = trimmed[hashes..].strip_prefix(' ') {
                flush_para(&mut para, out);
                let h = (level + hashes.saturating_sub(3)).clamp(2, 6);
                out.push_str(&format!("<h{h}>{}</h{h}>\n", inline(text.trim())));
                i += 1;
                continue;
            }
        }
        if lists.is_empty() && trimmed.starts_with('|') && lines.get(i + 1).is_some_and(|l| is_table_separator(l)) {
            flush_para(&mut para, out);
            out.push_str("<div class=\"table\"><table>\n<thead><tr>");
            for c in table_cells(line) {
                out.push_str(&format!("<th>{}</th>", inline(c)));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            i += 2;
            while i < lines.len() && lines[i].trim().starts_with('|') {
                out.push_str("<tr>");
                for c in table_cells(lines[i]) {
                    out.push_str(&format!("<td>{}</td>", inline(c)));
                }
                out.push_str("</tr>\n");
                i += 1;
            }
            out.push_str("</tbody></table></div>\n");
            continue;
        }
        if let Some((indent, kind, text_at)) = list_marker(line) {
            flush_para(&mut para, out);
            // Close deeper lists, and a list of the other kind at the same depth.
            while let Some(&(ind, k)) = lists.last() {
                if ind > indent || (ind == indent && k != kind) {
                    let depth = lists.len() - 1;
                    close_lists(&mut lists, depth, out);
                } else {
                    break;
                }
            }
            match lists.last() {
                Some(&(ind, _)) if ind == indent => out.push_str("</li>\n<li>"),
                _ => {
                    out.push_str(if kind == ListKind::Ordered {
                        "<ol>\n<li>"
                    } else {
                        "<ul>\n<li>"
                    });
                    lists.push((indent, kind));
                }
            }
            // The item's text and the lines that continue it.
            let mut text = vec![line[text_at..].trim()];
            i += 1;
            while i < lines.len() {
                let l = lines[i];
                let t = l.trim();
                if t.is_empty() || list_marker(l).is_some() || t.starts_with("```") {
                    break;
                }
                let ind = l.len() - l.trim_start_matches(' ').len();
                if ind <= indent && (t.starts_with('#') || t.starts_with('|')) {
                    break;
                }
                text.push(t);
                i += 1;
            }
            out.push_str(&inline(&text.join(" ")));
            continue;
        }
        if !lists.is_empty() {
            let indent = line.len() - line.trim_start_matches(' ').len();
            if indent <= lists[0].0 {
                close_lists(&mut lists, 0, out);
            } else {
                // A paragraph inside a list item, after a blank line: it belongs to the item
                // whose text it lines up with, so deeper lists end first.
                while lists.len() > 1 && lists.last().is_some_and(|&(ind, _)| ind >= indent) {
                    let depth = lists.len() - 1;
                    close_lists(&mut lists, depth, out);
                }
                let mut text = vec![trimmed];
                i += 1;
                while i < lines.len() && !lines[i].trim().is_empty() && list_marker(lines[i]).is_none() {
                    text.push(lines[i].trim());
                    i += 1;
                }
                out.push_str(&format!("<p>{}</p>", inline(&text.join(" "))));
                continue;
            }
        }
        para.push(trimmed);
        i += 1;
    }
    flush_para(&mut para, out);
    close_lists(&mut lists, 0, out);
}

/// Inline Markdown: code spans, `**bold**`, `*italic*`, `[text](https://…)` and bare
/// `https://…` links. Everything else is escaped text.
pub(crate) fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let parts: Vec<&str> = s.split('`').collect();
    let last = parts.len() - 1;
    // Bold markers outside code spans; an unpaired last one stays literal.
    let bold_total: usize = parts.iter().step_by(2).map(|p| p.matches("**").count()).sum();
    let mut bold_left = bold_total - bold_total % 2;
    let mut bold_open = false;
    for (i, p) in parts.iter().enumerate() {
        if i % 2 == 1 && i < last {
            out.push_str("<code>");
            out.push_str(&esc(p));
            out.push_str("</code>");
            continue;
        }
        if i % 2 == 1 {
            // An unmatched backtick.
            out.push('`');
        }
        text_run(p, &mut out, &mut bold_left, &mut bold_open);
    }
    if bold_open {
        out.push_str("</strong>");
    }
    out
}

fn text_run(s: &str, out: &mut String, bold_left: &mut usize, bold_open: &mut bool) {
    let mut rest = s;
    while !rest.is_empty() {
        if rest.starts_with("**") && *bold_left > 0 {
            *bold_left -= 1;
            out.push_str(if *bold_open { "</strong>" } else { "<strong>" });
            *bold_open = !*bold_open;
            rest = &rest[2..];
            continue;
        }
        if let Some(after) = rest.strip_prefix('*')
            && !after.starts_with([' ', '*'])
            && let Some(end) = after.find('*')
            && end > 0
            && !after[..end].ends_with(' ')
        {
            out.push_str("<em>");
            out.push_str(&esc(&after[..end]));
            out.push_str("</em>");
            rest = &after[end + 1..];
            continue;
        }
        if rest.starts_with('[')
            && let Some(close) = rest.find("](")
            && let Some(end) = rest[close + 2..].find(')')
        {
            let text = &rest[1..close];
            let url = &rest[close + 2..close + 2 + end];
            if is_web_url(url) {
                out.push_str(&link(url, &esc(text)));
            } else {
                out.push_str(&esc(text));
            }
            rest = &rest[close + 3 + end..];
            continue;
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let mut end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
                .unwrap_or(rest.len());
            // Trailing punctuation ends the sentence, not the address.
            while end > 0 && rest[..end].ends_with(['.', ',', ';', ':', ')', '!', '?']) {
                end -= 1;
            }
            let url = &rest[..end];
            out.push_str(&link(url, &esc(url)));
            rest = &rest[end..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push_str(&esc(&rest[..c.len_utf8()]));
        rest = &rest[c.len_utf8()..];
    }
}

fn is_web_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://")) && !url.contains(char::is_whitespace)
}

/// A link the reader clicks: opens in a new tab, sends no referrer.
fn link(url: &str, text_html: &str) -> String {
    format!(
        "<a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">{text_html}</a>",
        esc(url)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(md: &str) -> String {
        let lines: Vec<&str> = md.lines().collect();
        let mut out = String::new();
        render_blocks(&lines, 4, &mut out);
        out
    }

    #[test]
    fn inline_subset() {
        assert_eq!(
            inline("a `<b>` **c** *d* e"),
            "a <code>&lt;b&gt;</code> <strong>c</strong> <em>d</em> e"
        );
        assert_eq!(
            inline("**bold `code` bold**"),
            "<strong>bold <code>code</code> bold</strong>"
        );
        assert_eq!(inline("2 ** 3 and `odd"), "2 ** 3 and `odd");
        assert_eq!(
            inline("see [the docs](https://example.com/a?b=1&c=2)."),
            "see <a href=\"https://example.com/a?b=1&amp;c=2\" target=\"_blank\" rel=\"noopener noreferrer\">the docs</a>."
        );
        assert_eq!(
            inline("API: https://docs.aws.amazon.com/x.html."),
            "API: <a href=\"https://docs.aws.amazon.com/x.html\" target=\"_blank\" rel=\"noopener noreferrer\">https://docs.aws.amazon.com/x.html</a>."
        );
        // No scheme other than http(s) becomes a link; no raw HTML passes.
        assert_eq!(inline("[x](javascript:alert(1))"), "x)");
        assert_eq!(
            inline("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(
            inline("[<b>](https://a.example/\"onmouseover=x)"),
            "<a href=\"https://a.example/&quot;onmouseover=x\" target=\"_blank\" rel=\"noopener noreferrer\">&lt;b&gt;</a>"
        );
    }

    #[test]
    fn blocks_subset() {
        let md = "Intro line one\nline two.\n\n### Terraform\n\n```hcl\nresource \"a\" \"b\" {\n  x = \"<y>\"\n}\n```\n\n1. First **step**\n   continues.\n   - nested `a`\n   - nested b\n2. Second\n\n| A | B |\n| --- | --- |\n| `x|y` | z |\n\nAfter.";
        let out = blocks(md);
        assert_eq!(
            out,
            "<p>Intro line one line two.</p>\n\
             <h4>Terraform</h4>\n\
             <pre><code data-lang=\"hcl\">resource &quot;a&quot; &quot;b&quot; {\n  x = &quot;&lt;y&gt;&quot;\n}</code></pre>\n\
             <ol>\n<li>First <strong>step</strong> continues.<ul>\n<li>nested <code>a</code></li>\n<li>nested b</li></ul>\n</li>\n<li>Second</li></ol>\n\
             <div class=\"table\"><table>\n<thead><tr><th>A</th><th>B</th></tr></thead>\n<tbody>\n<tr><td><code>x|y</code></td><td>z</td></tr>\n</tbody></table></div>\n\
             <p>After.</p>\n"
        );
    }

    #[test]
    fn list_with_paragraph_after_blank_line() {
        let out = blocks("- one\n\n  more about one\n- two\n\nend");
        assert_eq!(
            out,
            "<ul>\n<li>one<p>more about one</p></li>\n<li>two</li></ul>\n<p>end</p>\n"
        );
        // After a nested list, a paragraph lined up with the outer item's text belongs to it.
        let out = blocks("1. one\n   - a\n   - b\n\n   about one\n2. two");
        assert_eq!(
            out,
            "<ol>\n<li>one<ul>\n<li>a</li>\n<li>b</li></ul>\n<p>about one</p></li>\n<li>two</li></ol>\n"
        );
    }

    #[test]
    fn sections_by_heading_or_position() {
        let doc = "# X: t\n\n## What it checks\n\na\n\n## Why it matters\n\nb\n```\n## not a heading\n```\n\n## How to fix\n\nc\n";
        let s = Sections::parse(doc);
        assert_eq!(
            s.get(&["Why it matters"], 1).unwrap().join("|"),
            "|b|```|## not a heading|```|"
        );
        assert_eq!(s.get(&["なぜ危険か"], 2).unwrap().join("|"), "|c");
        assert!(s.get(&["nothing"], 7).is_none());
    }
}
