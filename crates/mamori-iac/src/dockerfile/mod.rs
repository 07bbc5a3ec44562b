//! Dockerfiles and Containerfiles: one `Dockerfile` resource per file, with its stages and the
//! instructions the rules judge.
//!
//! The reader is written for mamori rather than taken from a crate: it follows BuildKit's parser
//! (parser directives, the `# escape=` character, continuation lines with comments between them,
//! heredocs, exec and shell forms) and keeps the byte offset of every word, so that a finding in
//! a joined `RUN` points at the line its command was written on. A file it cannot read in full
//! still gives the instructions it could read, with an error naming the line.

pub mod lexer;
pub mod words;

use crate::source::SourceFile;
use crate::{AdapterOutput, Diagnostic};
use lexer::Logical;
use mamori_model::dockerfile::{
    Body, Command, Dockerfile, ImageRef, Instruction, KIND_DOCKERFILE, Stage, StageBase, Variable, Word, is_scratch,
    is_secret_name,
};
use mamori_model::{Attr, Origin, Resource, ResourceMeta, SourceKind};
use std::collections::HashMap;
use std::path::Path;
use words::{ExpandError, RawWord};

/// Files of other names larger than this are not read to look for a Dockerfile.
pub const MAX_SNIFF_BYTES: u64 = 1024 * 1024;

/// The instructions of the Dockerfile reference.
pub const INSTRUCTIONS: &[&str] = &[
    "FROM",
    "RUN",
    "CMD",
    "LABEL",
    "MAINTAINER",
    "EXPOSE",
    "ENV",
    "ADD",
    "COPY",
    "ENTRYPOINT",
    "VOLUME",
    "USER",
    "WORKDIR",
    "ARG",
    "ONBUILD",
    "STOPSIGNAL",
    "HEALTHCHECK",
    "SHELL",
];

/// Whether a file's name says it is a Dockerfile: `Dockerfile`, `Containerfile`,
/// `Dockerfile.<x>`, `Containerfile.<x>`, `<x>.Dockerfile` or `<x>.dockerfile` (any case), but not
/// BuildKit's per-Dockerfile ignore file (`Dockerfile.dockerignore`) or a document about one.
pub fn is_dockerfile_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    // `dockerfile.go`, `Dockerfile.md`: source code or documents about Dockerfiles.
    if let Some((_, ext)) = lower.rsplit_once('.')
        && NOT_DOCKERFILE_EXTENSIONS.contains(&ext)
    {
        return false;
    }
    lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.starts_with("containerfile.")
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
}

/// Extensions of files that are something else (source code, documents, data, archives), even
/// when their name starts with `Dockerfile.`.
#[rustfmt::skip]
const NOT_DOCKERFILE_EXTENSIONS: &[&str] = &[
    "md", "markdown", "rst", "txt", "adoc", "html", "htm", "css", "js", "mjs", "cjs", "ts", "tsx", "jsx", "py", "rb",
    "go", "rs", "java", "kt", "c", "h", "cc", "cpp", "hpp", "cs", "php", "pl", "sh", "bash", "ps1", "bat", "cmd",
    "sql", "xml", "json", "yaml", "yml", "tf", "tfvars", "toml", "ini", "cfg", "lock", "sum", "mod", "csv", "tsv",
    "png", "jpg", "jpeg", "gif", "svg", "ico", "pdf", "zip", "gz", "tgz", "tar", "bz2", "xz", "jar", "war", "so",
    "dll", "exe", "bin", "pem", "crt", "key", "pub", "dockerignore", "gitignore", "swift", "scala", "proto", "graphql",
];

/// Whether a file of another name is worth reading to look for a Dockerfile inside: no
/// extension of a known other kind of file.
pub fn may_be_dockerfile(path: &Path) -> bool {
    #[rustfmt::skip]
    const ALSO_OTHER: &[&str] = &[
        "hcl", "tpl", "tmpl", "j2", "conf", "editorconfig", "gitattributes", "license", "properties", "gradle", "env",
        "example", "sample",
    ];
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => {
            let ext = ext.to_ascii_lowercase();
            !NOT_DOCKERFILE_EXTENSIONS.contains(&ext.as_str()) && !ALSO_OTHER.contains(&ext.as_str())
        }
        _ => !matches!(
            name.to_ascii_lowercase().as_str(),
            "license" | "makefile" | "readme" | "notice" | "authors"
        ),
    }
}

/// Whether a text is a Dockerfile by its content: its first instruction is `FROM` or `ARG`,
/// every instruction is one of the Dockerfile reference, and there is a `FROM`.
pub fn sniff(text: &str) -> bool {
    // Cheap rejections first: a Dockerfile names FROM near its start.
    let head: String = text.chars().take(4096).collect();
    if !head.to_ascii_uppercase().contains("FROM") {
        return false;
    }
    let lexed = lexer::lex(text);
    let kws: Vec<String> = lexed
        .instructions
        .iter()
        .map(|i| i.keyword.to_ascii_uppercase())
        .collect();
    matches!(kws.first().map(String::as_str), Some("FROM" | "ARG"))
        && kws.iter().any(|k| k == "FROM")
        && kws.iter().all(|k| INSTRUCTIONS.contains(&k.as_str()))
        && lexed.instructions.iter().all(|i| {
            // `FROM` takes an image; a sentence that starts with "From" has more words.
            !i.keyword.eq_ignore_ascii_case("FROM") || {
                let w = words::words(&i.text, lexed.escape);
                let w: Vec<_> = w.iter().filter(|w| !w.text.starts_with("--")).collect();
                w.len() == 1 || (w.len() == 3 && w[1].text.eq_ignore_ascii_case("AS"))
            }
        })
}

/// Whether the text looks like a template (Jinja, Go) rather than a Dockerfile.
pub fn is_template(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

/// Reads one Dockerfile.
pub fn adapt(file: &SourceFile) -> AdapterOutput {
    let mut out = AdapterOutput::default();
    let lexed = lexer::lex(&file.text);
    for p in &lexed.problems {
        out.diagnostics
            .push(Diagnostic::error(file.path.clone(), p.line, 1, p.message.clone()));
    }
    let mut r = Reader {
        file,
        escape: lexed.escape,
        out: &mut out,
        global_args: Vec::new(),
        stages: Vec::new(),
    };
    for l in &lexed.instructions {
        r.instruction(l);
    }
    let Reader {
        global_args, stages, ..
    } = r;
    if stages.is_empty() {
        out.diagnostics.push(Diagnostic::error(
            file.path.clone(),
            lexed.instructions.first().map_or(1, |i| i.line),
            1,
            "no FROM instruction: a Dockerfile starts its first build stage with FROM",
        ));
        return out;
    }
    let path = file.path.to_string();
    let d = Dockerfile {
        meta: ResourceMeta {
            kind: KIND_DOCKERFILE,
            source: SourceKind::Dockerfile,
            source_type: "Dockerfile".into(),
            name: path.clone(),
            address: path,
            origin: file.origin(0, file.text.len()),
            ignores: Vec::new(),
            scope: None,
            plan: None,
        },
        global_args,
        stages,
    };
    // The values of secret-looking variables are never shown.
    let vars = d
        .global_args
        .iter()
        .chain(d.instructions().flat_map(|(_, i)| match &i.body {
            Body::Env(v) | Body::Arg(v) => v.as_slice(),
            _ => &[],
        }));
    for v in vars {
        if is_secret_name(&v.name)
            && let Some(value) = v.value.value()
            && !value.is_empty()
        {
            out.sensitive.push(value.clone());
        }
    }
    out.resources.push(Resource::Dockerfile(Box::new(d)));
    out
}

struct Reader<'a> {
    file: &'a SourceFile,
    escape: char,
    out: &'a mut AdapterOutput,
    global_args: Vec<Variable>,
    stages: Vec<Stage>,
}

/// A stage's variables while it is read: name → value (`None`: declared without one).
type Scope = HashMap<String, Option<String>>;

impl Reader<'_> {
    fn error(&mut self, line: u32, message: String) {
        self.out
            .diagnostics
            .push(Diagnostic::error(self.file.path.clone(), line, 1, message));
    }

    fn origin(&self, l: &Logical, start: usize, end: usize) -> Origin {
        let s = l.offset(start);
        let e = if end > start { l.offset(end - 1) + 1 } else { s };
        self.file.origin(s, e.max(s))
    }

    fn word(&self, l: &Logical, w: &RawWord) -> Word {
        Word {
            text: w.text.clone(),
            origin: self.origin(l, w.start, w.end),
        }
    }

    fn instruction(&mut self, l: &Logical) {
        let keyword = l.keyword.to_ascii_uppercase();
        if !INSTRUCTIONS.contains(&keyword.as_str()) {
            self.error(l.line, format!("unknown instruction `{}`", l.keyword));
            return;
        }
        let all = words::words(&l.text, self.escape);
        let takes_flags = matches!(keyword.as_str(), "FROM" | "RUN" | "COPY" | "ADD" | "HEALTHCHECK");
        let mut flags = Vec::new();
        let mut rest_at = 0;
        let mut n_flags = 0;
        if takes_flags {
            for w in &all {
                let Some(f) = w.text.strip_prefix("--") else { break };
                let (name, value) = f.split_once('=').unwrap_or((f, ""));
                flags.push((name.to_string(), value.to_string()));
                rest_at = w.end;
                n_flags += 1;
            }
        }
        let rest_start = l.text[rest_at..]
            .find(|c: char| !c.is_whitespace())
            .map_or(l.text.len(), |k| rest_at + k);
        let rest = &l.text[rest_start..];
        let exec = exec_form(rest);
        let args: Vec<Word> = match &exec {
            Some(items) => items
                .iter()
                .map(|t| Word {
                    text: t.clone(),
                    origin: self.origin(l, rest_start, l.text.len()),
                })
                .collect(),
            None => all[n_flags..].iter().map(|w| self.word(l, w)).collect(),
        };
        let origin = self.file.origin(l.start, l.end);
        let mut ins = Instruction {
            keyword: keyword.clone(),
            origin,
            flags,
            args,
            exec_form: exec.is_some(),
            body: Body::Other,
        };
        if keyword == "FROM" {
            self.from(l, ins);
            return;
        }
        if self.stages.is_empty() {
            if keyword == "ARG" {
                let vars = self.variables(l, &all, false);
                self.global_args.extend(vars);
            } else {
                self.error(
                    l.line,
                    format!("`{keyword}` comes before the first FROM: only ARG may precede it"),
                );
            }
            return;
        }
        ins.body = match keyword.as_str() {
            "RUN" => Body::Run(self.run(l, &ins, rest_start)),
            "USER" => {
                let scope = self.scope();
                let raw = all.first().map(|w| (w.start, w.end));
                match raw {
                    Some((s, e)) => Body::User(self.expanded(l, s, e, &scope, "USER")),
                    None => Body::User(Attr::absent(ins.origin.clone())),
                }
            }
            "WORKDIR" => {
                let scope = self.scope();
                match (all.first(), all.last()) {
                    (Some(f), Some(last)) => Body::Workdir(self.expanded(l, f.start, last.end, &scope, "WORKDIR")),
                    _ => Body::Other,
                }
            }
            "EXPOSE" => Body::Expose(ins.args.clone()),
            "ENV" => Body::Env(self.variables(l, &all, true)),
            "ARG" => Body::Arg(self.variables(l, &all, false)),
            "HEALTHCHECK" => Body::Healthcheck {
                none: ins.args.first().is_some_and(|w| w.text.eq_ignore_ascii_case("NONE")),
            },
            "ADD" => Body::Add {
                sources: sources(&ins.args),
            },
            "COPY" => Body::Copy {
                from: ins.flag("from").map(|f| f.to_ascii_lowercase()),
                sources: sources(&ins.args),
            },
            _ => Body::Other,
        };
        if let Some(stage) = self.stages.last_mut() {
            stage.instructions.push(ins);
        }
    }

    /// The variables in scope at this point of the current stage: ENV of the stages it is built
    /// on and its own, ARGs declared in it (a global ARG only when re-declared).
    fn scope(&self) -> Scope {
        let mut scope = Scope::new();
        let Some(stage) = self.stages.last() else { return scope };
        let mut chain = vec![stage];
        let mut cur = stage;
        while let StageBase::Stage(i) = cur.base {
            match self.stages.get(i) {
                Some(s) if s.index < cur.index => {
                    chain.push(s);
                    cur = s;
                }
                _ => break,
            }
        }
        for (n, s) in chain.iter().rev().enumerate() {
            let own = n == chain.len() - 1;
            for i in &s.instructions {
                match &i.body {
                    Body::Env(vs) => {
                        for v in vs {
                            scope.insert(v.name.clone(), v.value.value().cloned());
                        }
                    }
                    Body::Arg(vs) if own => {
                        for v in vs {
                            let value = v.value.value().cloned().or_else(|| {
                                self.global_args
                                    .iter()
                                    .rev()
                                    .find(|g| g.name == v.name)
                                    .and_then(|g| g.value.value().cloned())
                            });
                            scope.insert(v.name.clone(), value);
                        }
                    }
                    _ => {}
                }
            }
        }
        scope
    }

    /// The text from `start` to `end` of an instruction, with variables replaced.
    fn expanded(&self, l: &Logical, start: usize, end: usize, scope: &Scope, what: &str) -> Attr<String> {
        let origin = self.origin(l, start, end);
        let raw = &l.text[start..end];
        let lookup = |n: &str| scope.get(n).cloned();
        match words::expand(raw, self.escape, &lookup) {
            Ok(v) => Attr::set(v, origin),
            Err(ExpandError::Unsupported(e)) => Attr::unknown(format!("`{what}` is `{raw}`: {e}"), origin),
            Err(ExpandError::Missing(name)) => Attr::unknown(
                format!(
                    "`{what}` uses the variable `{name}`, which has no value in the Dockerfile (it may be given with --build-arg)"
                ),
                origin,
            ),
        }
    }

    fn from(&mut self, l: &Logical, ins: Instruction) {
        let index = self.stages.len();
        let args = &ins.args;
        let (written, alias) = match args.as_slice() {
            [image] => (Some(image), None),
            [image, kw, name] if kw.text.eq_ignore_ascii_case("AS") => {
                (Some(image), Some(name.text.to_ascii_lowercase()))
            }
            _ => (None, None),
        };
        let Some(written) = written else {
            self.error(l.line, "FROM takes an image and an optional `AS <name>`".into());
            return;
        };
        if let Some(a) = &alias
            && self.stages.iter().any(|s| s.alias.as_deref() == Some(a))
        {
            self.error(l.line, format!("the stage name `{a}` is used twice"));
        }
        let all = words::words(&l.text, self.escape);
        let raw = all.iter().find(|w| !w.text.starts_with("--")).cloned();
        let globals: Scope = self
            .global_args
            .iter()
            .map(|v| (v.name.clone(), v.value.value().cloned()))
            .collect();
        let image = match &raw {
            Some(w) => {
                let origin = self.origin(l, w.start, w.end);
                let lookup = |n: &str| globals.get(n).cloned();
                match words::expand(&l.text[w.start..w.end], self.escape, &lookup) {
                    Ok(v) => Attr::set(v, origin),
                    Err(ExpandError::Unsupported(e)) => {
                        Attr::unknown(format!("the image `{}` of FROM: {e}", written.text), origin)
                    }
                    Err(ExpandError::Missing(name)) => Attr::unknown(
                        format!(
                            "the image `{}` of FROM uses the build argument `{name}`, which has no default before the first FROM (it may be given with --build-arg)",
                            written.text
                        ),
                        origin,
                    ),
                }
            }
            None => {
                self.error(l.line, "FROM takes an image and an optional `AS <name>`".into());
                return;
            }
        };
        let base = match image.value() {
            Some(v) => {
                let lower = v.to_ascii_lowercase();
                if let Some(s) = self.stages.iter().find(|s| s.alias.as_deref() == Some(lower.as_str())) {
                    StageBase::Stage(s.index)
                } else if is_scratch(v) {
                    StageBase::Scratch
                } else {
                    match ImageRef::parse(v) {
                        Some(r) => StageBase::Image(r),
                        None => StageBase::Unknown(format!("`{v}` is not an image reference")),
                    }
                }
            }
            None => StageBase::Unknown(image.unknown_reason().unwrap_or_default().to_string()),
        };
        let platform = ins.flag("platform").map(str::to_string);
        let image_written = written.text.clone();
        self.stages.push(Stage {
            index,
            from: ins,
            image_written,
            image,
            base,
            alias,
            platform,
            instructions: Vec::new(),
        });
    }

    /// `ENV k=v …` (or the old `ENV k v`) and `ARG k[=v] …`.
    fn variables(&self, l: &Logical, all: &[RawWord], env: bool) -> Vec<Variable> {
        let mut out = Vec::new();
        if env && all.first().is_some_and(|w| !w.text.contains('=')) {
            // `ENV NAME the rest of the line`
            let name = &all[0];
            let value = match all.get(1) {
                Some(first) => {
                    let last = all.last().map_or(first.end, |w| w.end);
                    Attr::set(
                        all[1..].iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "),
                        self.origin(l, first.start, last),
                    )
                }
                None => Attr::set(String::new(), self.origin(l, name.start, name.end)),
            };
            out.push(Variable {
                name: name.text.clone(),
                value,
                origin: self.origin(l, name.start, name.end),
            });
            return out;
        }
        for w in all {
            let origin = self.origin(l, w.start, w.end);
            match w.text.split_once('=') {
                Some((k, v)) => out.push(Variable {
                    name: k.to_string(),
                    value: Attr::set(v.to_string(), origin.clone()),
                    origin,
                }),
                None => out.push(Variable {
                    name: w.text.clone(),
                    value: Attr::absent(origin.clone()),
                    origin,
                }),
            }
        }
        out
    }

    /// The simple commands of a `RUN`.
    fn run(&self, l: &Logical, ins: &Instruction, rest_start: usize) -> Vec<Command> {
        if ins.exec_form {
            let words = ins.args.clone();
            // `["sh", "-c", "script"]` runs the script.
            let shells = ["sh", "bash", "ash", "dash", "zsh", "/bin/sh", "/bin/bash"];
            if words.len() >= 3 && shells.contains(&words[0].text.as_str()) && words[1].text == "-c" {
                return words::shell_commands(&words[2].text)
                    .into_iter()
                    .map(|c| Command {
                        words: c
                            .into_iter()
                            .map(|w| Word {
                                text: w.text,
                                origin: words[2].origin.clone(),
                            })
                            .collect(),
                    })
                    .collect();
            }
            return vec![Command { words }];
        }
        let text = &l.text[rest_start..];
        let mut cmds: Vec<Command> = Vec::new();
        let mut feeds_shell = false;
        for c in words::shell_commands(text) {
            let ws: Vec<Word> = c
                .iter()
                .filter(|w| !is_heredoc_marker(&w.text))
                .map(|w| Word {
                    text: w.text.clone(),
                    origin: self.origin(l, rest_start + w.start, rest_start + w.end),
                })
                .collect();
            let had_marker = c.iter().any(|w| is_heredoc_marker(&w.text));
            if had_marker {
                let prog = ws.first().map(|w| w.text.rsplit('/').next().unwrap_or("").to_string());
                if prog
                    .as_deref()
                    .is_none_or(|p| matches!(p, "sh" | "bash" | "ash" | "dash" | "zsh"))
                {
                    feeds_shell = true;
                }
            }
            if !ws.is_empty() {
                cmds.push(Command { words: ws });
            }
        }
        if feeds_shell {
            for h in &l.heredocs {
                for c in words::shell_commands(&h.body) {
                    cmds.push(Command {
                        words: c
                            .iter()
                            .map(|w| Word {
                                text: w.text.clone(),
                                origin: self.file.origin(
                                    h.body_start + w.start,
                                    (h.body_start + w.end).max(h.body_start + w.start),
                                ),
                            })
                            .collect(),
                    });
                }
            }
        }
        cmds
    }
}

/// `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'` (quotes already removed), also with a file
/// descriptor in front (`3<<EOF`).
fn is_heredoc_marker(w: &str) -> bool {
    let w = w.trim_start_matches(|c: char| c.is_ascii_digit());
    w.starts_with("<<") && !w.starts_with("<<<") && w.len() > 2
}

/// The sources of `ADD`/`COPY`: every argument but the destination, heredocs left out.
fn sources(args: &[Word]) -> Vec<Word> {
    match args.split_last() {
        Some((_, srcs)) => srcs.iter().filter(|w| !is_heredoc_marker(&w.text)).cloned().collect(),
        None => Vec::new(),
    }
}

/// The strings of the exec (JSON) form, when the text is a JSON array of strings.
fn exec_form(rest: &str) -> Option<Vec<String>> {
    let t = rest.trim();
    if !t.starts_with('[') {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(t).ok()?;
    v.as_array()?.iter().map(|x| x.as_str().map(str::to_string)).collect()
}

#[cfg(test)]
mod tests;
