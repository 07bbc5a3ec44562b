//! `container_definitions` of `aws_ecs_task_definition` as a document whose every node points at
//! the text that wrote it.
//!
//! The argument is a JSON string, written in one of several ways, each located differently:
//!
//! - `jsonencode([...])`: the argument is evaluated as a value and walked together with the HCL
//!   expression, so a container's `privileged = true` points at that HCL line;
//! - a heredoc (or quoted string) of JSON: the rendered text is parsed and each line is mapped
//!   back to the heredoc's line; interpolations that cannot be resolved leave only the JSON
//!   strings they are part of unknown, not the whole document;
//! - `file("…")`: the file is parsed with its own spans, so findings point into it;
//! - `templatefile("…", {…})`: rendered, then mapped line by line onto the template file;
//! - `local.name`: followed to the local's expression, in the file that declares it.
//!
//! Anything else is evaluated, and its nodes all point at the argument.

use super::body::{Field, View};
use super::eval::{Eval, Module, Scope};
use super::functions::{read_module_file, render_template};
use super::value::{Value, fmt_number};
use crate::doc::{Doc, DocKey, DocValue};
use crate::source::SourceFile;
use crate::tree::{Node, NodeValue, parse_json};
use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::template::Template;
use mamori_model::{Origin, Span};
use std::collections::BTreeMap;

/// Deepest chain of locals followed.
const MAX_FOLLOW: usize = 16;

/// The origin of an expression of a file.
fn origin_of(file: &SourceFile, e: &Expression, fallback: &Origin) -> Origin {
    match e.span() {
        Some(r) => file.origin(r.start, r.end),
        None => fallback.clone(),
    }
}

/// An expression with the file it is written in and the names it sees.
struct Written<'a> {
    expr: &'a Expression,
    file: &'a SourceFile,
    /// Whether the expression belongs to a local (which sees no `count` or `each`).
    in_local: bool,
}

/// Follows parentheses and `local.name` references to the expression that writes the value.
fn unwrap<'a, 'm: 'a>(m: &Module<'m>, mut w: Written<'a>) -> Written<'a> {
    for _ in 0..MAX_FOLLOW {
        match w.expr {
            Expression::Parenthesis(p) => w.expr = p.inner(),
            Expression::Traversal(t) => {
                let (Expression::Variable(root), [op]) = (&t.expr, t.operators.as_slice()) else {
                    return w;
                };
                let TraversalOperator::GetAttr(name) = op.value() else {
                    return w;
                };
                if root.as_str() != "local" {
                    return w;
                }
                match (m.locals.get(name.as_str()), m.local_files.get(name.as_str())) {
                    (Some(e), Some(f)) => {
                        w = Written {
                            expr: e,
                            file: f,
                            in_local: true,
                        }
                    }
                    _ => return w,
                }
            }
            _ => return w,
        }
    }
    w
}

/// The expression that writes a value, past parentheses and `local.name` references, with the
/// file it is written in.
pub(super) fn follow<'a, 'm: 'a>(
    m: &Module<'m>,
    expr: &'a Expression,
    file: &'a SourceFile,
) -> (&'a Expression, &'a SourceFile) {
    let w = unwrap(
        m,
        Written {
            expr,
            file,
            in_local: false,
        },
    );
    (w.expr, w.file)
}

/// `container_definitions` as a document.
pub fn container_definitions(m: &Module<'_>, v: &View<'_>, f: &Field<'_>) -> Doc {
    json_argument(m, v, f, "container_definitions")
}

/// An argument that holds a JSON document (`container_definitions`, `assume_role_policy`), as a
/// document located as described above; `what` names the argument in reasons.
pub fn json_argument(m: &Module<'_>, v: &View<'_>, f: &Field<'_>, what: &str) -> Doc {
    // A plan's value is the JSON text itself, or unknown.
    if v.plan.is_some() && !f.value.is_known() {
        return unknown(&f.value, f.origin.clone());
    }
    let w = unwrap(
        m,
        Written {
            expr: f.expr,
            file: v.file,
            in_local: false,
        },
    );
    let scope: Scope = if w.in_local { Vec::new() } else { v.scope.clone() };
    let mut ev = Eval::new(m, scope);
    let here = origin_of(w.file, w.expr, &f.origin);
    match w.expr {
        Expression::FuncCall(call) if !call.name.is_namespaced() => {
            let args: Vec<&Expression> = call.args.iter().collect();
            match (call.name.name.as_str(), args.as_slice()) {
                ("jsonencode", [arg]) => {
                    let value = ev.eval(arg);
                    return value_doc(m, &value, Some((arg, w.file)), &here);
                }
                ("file", [path]) => {
                    let path = match ev.eval(path).to_str() {
                        Ok(p) => p,
                        Err(p) => return unknown(&p, here),
                    };
                    return match read_module_file(&m.dir, &path) {
                        Ok((full, text)) => {
                            let file = SourceFile::new(display_path(&full), text);
                            json_doc(&file, &[], &|s| file.origin_of(s), here, what)
                        }
                        Err(e) => unknown(&e, here),
                    };
                }
                ("templatefile", [path, vars]) => {
                    let path = match ev.eval(path).to_str() {
                        Ok(p) => p,
                        Err(p) => return unknown(&p, here),
                    };
                    let vars: BTreeMap<String, Value> = match ev.eval(vars) {
                        Value::Map(m) => m,
                        p if !p.is_known() => return unknown(&p, here),
                        _ => return unknown(&Value::Error("templatefile() variables must be a map".into()), here),
                    };
                    let (full, text) = match read_module_file(&m.dir, &path) {
                        Ok(x) => x,
                        Err(e) => return unknown(&e, here),
                    };
                    let template = SourceFile::new(display_path(&full), text.clone());
                    return match render_template(&mut ev, &path, &text, vars, true) {
                        Ok((rendered, reasons)) => {
                            let map = LineMap::new(&template, 1, content_lines(&text), &rendered);
                            let rendered = SourceFile::new(template.path.clone(), quote_placeholders(&rendered));
                            json_doc(&rendered, &reasons, &|s| map.origin(s), here, what)
                        }
                        Err(e) => unknown(&e, here),
                    };
                }
                _ => {}
            }
        }
        Expression::HeredocTemplate(h) => {
            // The content lies between the `<<EOT` line and the closing marker's line.
            let (first, lines) = match &here {
                Origin::Source(l) => (
                    l.span.start_line + 1,
                    l.span.end_line.saturating_sub(l.span.start_line + 1),
                ),
                _ => (1, 0),
            };
            return rendered_doc(&mut ev, &h.template, w.file, first, lines as usize, here, what);
        }
        Expression::StringTemplate(t) => {
            let first = match &here {
                Origin::Source(l) => l.span.start_line,
                _ => 1,
            };
            return rendered_doc(&mut ev, t, w.file, first, 1, here, what);
        }
        _ => {}
    }
    match ev.eval(w.expr) {
        Value::String(text) => {
            let parsed = SourceFile::new(w.file.path.clone(), text);
            json_doc(&parsed, &[], &|_| here.clone(), here.clone(), what)
        }
        p if !p.is_known() => unknown(&p, here),
        p => unknown(
            &Value::Error(format!("{what} should be a JSON string, found a {}", p.type_name())),
            here,
        ),
    }
}

/// A template written in the configuration (a heredoc or a quoted string), rendered leniently
/// and mapped back onto its lines.
fn rendered_doc(
    ev: &mut Eval<'_, '_>,
    t: &Template,
    file: &SourceFile,
    first_line: u32,
    source_lines: usize,
    here: Origin,
    what: &str,
) -> Doc {
    match ev.render_lenient(t) {
        Ok((rendered, reasons)) => {
            let map = LineMap::new(file, first_line, source_lines, &rendered);
            let parsed = SourceFile::new(file.path.clone(), quote_placeholders(&rendered));
            json_doc(&parsed, &reasons, &|s| map.origin(s), here, what)
        }
        Err(p) => unknown(&p, here),
    }
}

/// The path of a file read by the configuration, without `.` components.
fn display_path(p: &std::path::Path) -> String {
    let clean: std::path::PathBuf = p
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    clean.to_string_lossy().into_owned()
}

fn unknown(v: &Value, origin: Origin) -> Doc {
    let why = v.unknown_reason().unwrap_or_else(|| "the value is not known".into());
    Doc::new(DocValue::Unknown(why), origin)
}

/// Parses rendered JSON. Strings holding a placeholder of an unknown interpolation become
/// unknown values with that interpolation's reason.
fn json_doc(parsed: &SourceFile, reasons: &[String], map: &dyn Fn(Span) -> Origin, here: Origin, what: &str) -> Doc {
    match parse_json(parsed) {
        Ok(Some(node)) => node_doc(&node, reasons, map),
        Ok(None) => Doc::new(DocValue::Unknown(format!("{what} is empty")), here),
        Err(e) => Doc::new(
            DocValue::Unknown(format!(
                "{what} is not valid JSON (line {}, column {}: {})",
                e.line, e.col, e.message
            )),
            here,
        ),
    }
}

fn node_doc(n: &Node, reasons: &[String], map: &dyn Fn(Span) -> Origin) -> Doc {
    let origin = map(n.span);
    let value = match &n.value {
        NodeValue::Null => DocValue::Null,
        NodeValue::Bool(b) => DocValue::Bool(*b),
        NodeValue::Number(s) => DocValue::Number(s.clone()),
        NodeValue::String(s) => match placeholder_reason(s, reasons) {
            Some(why) => DocValue::Unknown(why),
            None => DocValue::Str(s.clone()),
        },
        NodeValue::Seq(items) => DocValue::List(items.iter().map(|i| node_doc(i, reasons, map)).collect()),
        NodeValue::Map(entries) => DocValue::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = DocKey {
                        text: k.text.clone(),
                        origin: map(k.span),
                    };
                    (key, node_doc(v, reasons, map))
                })
                .collect(),
        ),
        NodeValue::Tagged(..) => DocValue::Unknown("unexpected tagged value".into()),
    };
    Doc::new(value, origin)
}

/// The reason of the first placeholder in a string, if it holds one.
fn placeholder_reason(s: &str, reasons: &[String]) -> Option<String> {
    let start = s.find('\u{1}')?;
    let rest = &s[start + 1..];
    let end = rest.find('\u{1}')?;
    let n: usize = rest[..end].parse().ok()?;
    let why = reasons.get(n).cloned().unwrap_or_default();
    if start == 0 && end + 2 == s.len() {
        Some(why)
    } else {
        Some(format!("part of the value is unknown: {why}"))
    }
}

/// Wraps placeholders that stand outside a JSON string in quotes (`"cpu": ${var.cpu}`), so that
/// the text still parses and the value reads as unknown.
fn quote_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut in_placeholder = false;
    for c in text.chars() {
        if c == '\u{1}' && !in_string {
            if in_placeholder {
                out.push(c);
                out.push('"');
            } else {
                out.push('"');
                out.push(c);
            }
            in_placeholder = !in_placeholder;
            continue;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' && !in_placeholder {
            in_string = true;
        }
        out.push(c);
    }
    out
}

/// The number of lines of a text, not counting the empty one after a final newline.
fn content_lines(text: &str) -> usize {
    let n = text.split('\n').count();
    if text.ends_with('\n') { n - 1 } else { n }
}

/// Maps positions in rendered template text back onto the lines of the template.
///
/// When the rendered text has as many lines as the template, line *n* of the output came from
/// line *n* of the template; a column is exact when the template line ends with the rendered
/// line (only indentation was removed), and otherwise the line's first non-blank character.
/// When directives changed the number of lines, every position maps to the template's first
/// line.
struct LineMap<'a> {
    file: &'a SourceFile,
    first_line: u32,
    rendered: Vec<&'a str>,
    exact: bool,
}

impl<'a> LineMap<'a> {
    /// `source_lines` is how many lines the template has from `first_line` on.
    fn new(file: &'a SourceFile, first_line: u32, source_lines: usize, rendered: &'a str) -> LineMap<'a> {
        LineMap {
            file,
            first_line,
            exact: content_lines(rendered) == source_lines,
            rendered: rendered.split('\n').collect(),
        }
    }

    fn source_line(&self, line: u32) -> &str {
        let Some(start) = self.file.lines.line_start(line) else {
            return "";
        };
        let rest = &self.file.text[start..];
        rest.split('\n').next().unwrap_or("").trim_end_matches('\r')
    }

    /// The byte offset in the template of a 1-based (line, column) of the rendered text.
    fn byte(&self, line: u32, col: u32) -> usize {
        if !self.exact {
            let start = self.file.lines.line_start(self.first_line).unwrap_or(0);
            let indent = self.source_line(self.first_line).len() - self.source_line(self.first_line).trim_start().len();
            return start + indent;
        }
        let file_line = self.first_line + line - 1;
        let start = self.file.lines.line_start(file_line).unwrap_or(self.file.text.len());
        let src = self.source_line(file_line);
        let rendered = self.rendered.get(line as usize - 1).copied().unwrap_or("");
        let char_col = match src.strip_suffix(rendered) {
            Some(indent) => indent.chars().count() + col as usize - 1,
            None => src.chars().take_while(|c| c.is_whitespace()).count(),
        };
        start + src.char_indices().nth(char_col).map_or(src.len(), |(b, _)| b)
    }

    fn origin(&self, s: Span) -> Origin {
        let start = self.byte(s.start_line, s.start_col);
        let end = self.byte(s.end_line, s.end_col).max(start);
        self.file.origin(start, end)
    }
}

/// A Terraform value as a document. Where the value follows the expression that wrote it (an
/// object or tuple constructor, a local), each node points at its own expression; elsewhere at
/// the nearest expression that does.
pub fn value_doc(m: &Module<'_>, v: &Value, written: Option<(&Expression, &SourceFile)>, fallback: &Origin) -> Doc {
    let written = written.map(|(e, f)| {
        let w = unwrap(
            m,
            Written {
                expr: e,
                file: f,
                in_local: false,
            },
        );
        (w.expr, w.file)
    });
    let origin = written.map_or_else(|| fallback.clone(), |(e, f)| origin_of(f, e, fallback));
    let value = match v {
        Value::Null => DocValue::Null,
        Value::Bool(b) => DocValue::Bool(*b),
        Value::Number(n) => DocValue::Number(fmt_number(*n)),
        Value::String(s) => DocValue::Str(s.clone()),
        Value::List(items) => {
            let exprs: Option<Vec<&Expression>> = match written {
                Some((Expression::Array(a), _)) if a.len() == items.len() => Some(a.iter().collect()),
                _ => None,
            };
            let file = written.map(|(_, f)| f);
            DocValue::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let sub = exprs.as_ref().zip(file).map(|(e, f)| (e[i], f));
                        value_doc(m, item, sub, &origin)
                    })
                    .collect(),
            )
        }
        Value::Map(entries) => {
            let object = match written {
                Some((Expression::Object(o), f)) => Some((o, f)),
                _ => None,
            };
            DocValue::Map(
                entries
                    .iter()
                    .map(|(k, item)| {
                        let found = object.and_then(|(o, f)| {
                            o.iter().find_map(|(key, val)| {
                                let (name, span) = match key {
                                    ObjectKey::Ident(i) => (i.as_str().to_string(), i.span()),
                                    ObjectKey::Expression(Expression::String(s)) => (s.value().clone(), s.span()),
                                    ObjectKey::Expression(Expression::Variable(i)) => {
                                        (i.as_str().to_string(), i.span())
                                    }
                                    ObjectKey::Expression(_) => return None,
                                };
                                let name = m.renamed_keys.get(&name).cloned().unwrap_or(name);
                                (name == *k).then(|| {
                                    let key_origin = span.map_or_else(|| origin.clone(), |r| f.origin(r.start, r.end));
                                    (key_origin, val.expr(), f)
                                })
                            })
                        });
                        match found {
                            Some((key_origin, e, f)) => (
                                DocKey {
                                    text: k.clone(),
                                    origin: key_origin,
                                },
                                value_doc(m, item, Some((e, f)), &origin),
                            ),
                            None => (
                                DocKey {
                                    text: k.clone(),
                                    origin: origin.clone(),
                                },
                                value_doc(m, item, None, &origin),
                            ),
                        }
                    })
                    .collect(),
            )
        }
        Value::Computed { address, .. } => DocValue::Ref(address.clone()),
        p => DocValue::Unknown(p.unknown_reason().unwrap_or_default()),
    };
    Doc::new(value, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_outside_strings_are_quoted() {
        let p = super::super::eval::placeholder(0);
        let text = format!("{{\"cpu\": {p}, \"image\": \"repo:{p}\"}}");
        let q = quote_placeholders(&text);
        assert_eq!(q, format!("{{\"cpu\": \"{p}\", \"image\": \"repo:{p}\"}}"));
    }

    #[test]
    fn a_placeholder_names_its_reason() {
        let reasons = vec!["var.image has no default".to_string()];
        let p = super::super::eval::placeholder(0);
        assert_eq!(
            placeholder_reason(&p, &reasons).as_deref(),
            Some("var.image has no default")
        );
        assert_eq!(
            placeholder_reason(&format!("{p}:latest"), &reasons).as_deref(),
            Some("part of the value is unknown: var.image has no default")
        );
        assert_eq!(placeholder_reason("nginx:1.27", &reasons), None);
    }
}
