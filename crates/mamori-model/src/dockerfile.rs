//! A Dockerfile (or Containerfile): its build stages and the instructions the rules judge.
//!
//! The reader (`mamori-iac`'s `dockerfile/`) keeps every instruction with its origin (the lines
//! it spans), its flags, and its arguments split as the builder splits them: shell words (quotes
//! removed) for the shell form, the strings of the array for the exec (JSON) form. A `RUN` is also
//! split into the simple commands a shell would run (`apt-get update && apt-get install -y curl`
//! is two), including the commands of its heredocs.
//!
//! The values of `ENV` and `ARG` are kept, because rules judge them (`NODE_TLS_REJECT_UNAUTHORIZED=0`),
//! but a rule never prints one: the reader hands the values of secret-looking variables to the
//! scan's list of sensitive texts, which no output shows.

use crate::attr::Attr;
use crate::resource::ResourceMeta;
use crate::span::Origin;

/// The kind of a Dockerfile resource.
pub const KIND_DOCKERFILE: &str = "Docker::Dockerfile";

/// The registry an image reference without a registry host is pulled from.
pub const DOCKER_HUB: &str = "docker.io";

/// A Dockerfile: the build arguments declared before the first `FROM`, and its stages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dockerfile {
    pub meta: ResourceMeta,
    /// `ARG`s before the first `FROM`: they may be used in `FROM` lines.
    pub global_args: Vec<Variable>,
    pub stages: Vec<Stage>,
}

impl Dockerfile {
    /// The stage whose image the build produces (the last one; `docker build --target` may pick
    /// another, which a file does not say).
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The stages of the final image's chain: the final stage, the stage it is built `FROM`,
    /// and so on, last first.
    pub fn final_chain(&self) -> Vec<&Stage> {
        let mut chain = Vec::new();
        let mut next = self.stages.last();
        while let Some(s) = next {
            if chain.iter().any(|c: &&Stage| c.index == s.index) {
                break;
            }
            chain.push(s);
            next = match &s.base {
                StageBase::Stage(i) if *i < s.index => self.stages.get(*i),
                _ => None,
            };
        }
        chain
    }

    /// Every instruction of every stage, in file order.
    pub fn instructions(&self) -> impl Iterator<Item = (&Stage, &Instruction)> {
        self.stages
            .iter()
            .flat_map(|s| s.instructions.iter().map(move |i| (s, i)))
    }
}

/// A build stage: a `FROM` and the instructions up to the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    /// 0-based position among the stages.
    pub index: usize,
    /// The `FROM` instruction.
    pub from: Instruction,
    /// The image reference as written (`node:${NODE_VERSION}-alpine`).
    pub image_written: String,
    /// The reference with build arguments replaced by their defaults; unknown when one has no
    /// default.
    pub image: Attr<String>,
    /// What the stage is built on.
    pub base: StageBase,
    /// `AS <name>`, lower case as the builder matches it.
    pub alias: Option<String>,
    /// `--platform=<value>`.
    pub platform: Option<String>,
    /// The instructions after `FROM`.
    pub instructions: Vec<Instruction>,
}

impl Stage {
    /// The last `USER` of this stage.
    pub fn last_user(&self) -> Option<&Instruction> {
        self.instructions.iter().rev().find(|i| matches!(i.body, Body::User(_)))
    }
}

/// What a stage is built on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageBase {
    /// An image from a registry.
    Image(ImageRef),
    /// An earlier stage, by index.
    Stage(usize),
    /// `scratch`: an empty file system.
    Scratch,
    /// The reference uses a build argument without a default; the reason says which.
    Unknown(String),
}

/// An image reference, split as the container tools split it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// The registry host (`docker.io` when none is written).
    pub registry: String,
    /// Whether the reference names its registry.
    pub registry_written: bool,
    /// The repository path (`library/nginx` for Docker Hub's official images).
    pub repository: String,
    pub tag: Option<String>,
    /// `sha256:…`
    pub digest: Option<String>,
}

impl ImageRef {
    /// Splits `[registry/]path[:tag][@digest]`. The first component is a registry when it holds
    /// a `.` or a `:`, or is `localhost`. `None` for an empty or malformed reference.
    pub fn parse(reference: &str) -> Option<ImageRef> {
        let reference = reference.trim();
        if reference.is_empty() || reference.chars().any(char::is_whitespace) {
            return None;
        }
        let (rest, digest) = match reference.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (reference, None),
        };
        let (registry, path) = match rest.split_once('/') {
            Some((first, after)) if first.contains('.') || first.contains(':') || first == "localhost" => {
                (Some(first.to_string()), after)
            }
            _ => (None, rest),
        };
        // A tag follows the last `:` after the last `/`.
        let last_slash = path.rfind('/').map_or(0, |i| i + 1);
        let (repo, tag) = match path[last_slash..].rfind(':') {
            Some(i) => (&path[..last_slash + i], Some(path[last_slash + i + 1..].to_string())),
            None => (path, None),
        };
        if repo.is_empty() || tag.as_deref() == Some("") || digest.as_deref() == Some("") {
            return None;
        }
        let registry_written = registry.is_some();
        let registry = registry.unwrap_or_else(|| DOCKER_HUB.to_string());
        let registry = if registry == "index.docker.io" || registry == "registry-1.docker.io" {
            DOCKER_HUB.to_string()
        } else {
            registry
        };
        let repository = if registry == DOCKER_HUB && !repo.contains('/') {
            format!("library/{repo}")
        } else {
            repo.to_string()
        };
        Some(ImageRef {
            registry,
            registry_written,
            repository,
            tag,
            digest,
        })
    }

    /// `registry/repository`, as a trusted-registry entry is matched against.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.registry, self.repository)
    }
}

/// One instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// The keyword in upper case (`RUN`).
    pub keyword: String,
    /// The lines the instruction spans, continuation lines and heredocs included.
    pub origin: Origin,
    /// `--name=value` flags (`--from=build`, `--platform=linux/amd64`); a flag without `=` has
    /// an empty value.
    pub flags: Vec<(String, String)>,
    /// The arguments after the flags.
    pub args: Vec<Word>,
    /// Whether the arguments were written as a JSON array (exec form).
    pub exec_form: bool,
    pub body: Body,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A word of an instruction or of a shell command, with the origin of its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word with quotes and escapes removed.
    pub text: String,
    pub origin: Origin,
}

/// What the rules read of an instruction, by keyword.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// `RUN`: the simple commands of the shell form or the heredocs, or the one command of the
    /// exec form.
    Run(Vec<Command>),
    /// `USER user[:group]`.
    User(Attr<String>),
    /// `EXPOSE`: each port as written (`22`, `22/tcp`, `8000-8010`).
    Expose(Vec<Word>),
    /// `WORKDIR`, with variables replaced (unknown when one has no value).
    Workdir(Attr<String>),
    /// `ENV`: its variables.
    Env(Vec<Variable>),
    /// `ARG`: its variables (the value is the default, absent without one).
    Arg(Vec<Variable>),
    /// `HEALTHCHECK NONE` (`none`) or `HEALTHCHECK [options] CMD …`.
    Healthcheck { none: bool },
    /// `ADD`: the sources (the last argument is the destination); heredoc sources are left out.
    Add { sources: Vec<Word> },
    /// `COPY`: the sources and `--from`.
    Copy { from: Option<String>, sources: Vec<Word> },
    /// Any other instruction.
    Other,
}

/// A simple command: the words between `&&`, `||`, `;`, `|`, `&` and line ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<Word>,
}

impl Command {
    /// The command's program: the first word after variable assignments (`FOO=1 curl …`),
    /// without its directory (`/usr/bin/curl` is `curl`).
    pub fn program(&self) -> Option<&str> {
        self.program_index()
            .map(|i| self.words[i].text.rsplit('/').next().unwrap_or(""))
    }

    /// The index of the program word.
    pub fn program_index(&self) -> Option<usize> {
        self.words.iter().position(|w| !is_assignment(&w.text))
    }

    /// The command a wrapper runs: `sudo -u app apt-get install x` is `apt-get install x`, and so
    /// for `env`, `nice`, `nohup`, `time`, `exec`, `command`, `doas` and `stdbuf` (their options
    /// and `env`'s assignments skipped). A command without a wrapper is itself.
    pub fn unwrapped(&self) -> Command {
        let mut start = self.program_index().unwrap_or(self.words.len());
        while let Some(w) = self.words.get(start) {
            let prog = w.text.rsplit('/').next().unwrap_or("");
            // Options that take a value, by wrapper.
            let valued: &[&str] = match prog {
                "sudo" => &["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"],
                "doas" => &["-u", "-C"],
                "env" => &["-u", "-C", "-S"],
                "nice" => &["-n"],
                "stdbuf" => &["-i", "-o", "-e"],
                "nohup" | "time" | "exec" | "command" => &[],
                _ => break,
            };
            let mut i = start + 1;
            while let Some(w) = self.words.get(i) {
                let t = w.text.as_str();
                if t == "--" {
                    i += 1;
                    break;
                }
                if valued.contains(&t) {
                    i += 2;
                } else if t.starts_with('-') || (prog == "env" && is_assignment(t)) {
                    i += 1;
                } else {
                    break;
                }
            }
            if i >= self.words.len() {
                break;
            }
            start = i;
        }
        Command {
            words: self.words[start.min(self.words.len())..].to_vec(),
        }
    }

    /// The variable assignments in front of the program (`PYTHONHTTPSVERIFY=0 pip …`), and those
    /// of `export`/`env` commands.
    pub fn assignments(&self) -> Vec<(&str, &str, &Word)> {
        let mut out: Vec<(&str, &str, &Word)> = Vec::new();
        let end = self.program_index().unwrap_or(self.words.len());
        let prog = self.program();
        let from_args = matches!(prog, Some("export" | "env"));
        for (i, w) in self.words.iter().enumerate() {
            if (i < end || (from_args && i > end))
                && is_assignment(&w.text)
                && let Some((k, v)) = w.text.split_once('=')
            {
                out.push((k, v, w));
            }
        }
        out
    }
}

/// `NAME=value` with a shell variable name.
fn is_assignment(w: &str) -> bool {
    match w.split_once('=') {
        Some((k, _)) => {
            !k.is_empty()
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !k.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}

/// A variable of `ENV` or `ARG`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    /// The value (an `ARG`'s default; absent when it has none). Never printed by a rule.
    pub value: Attr<String>,
    /// The origin of the name.
    pub origin: Origin,
}

/// Whether a `FROM` reference is `scratch`, the empty image (any case).
pub fn is_scratch(reference: &str) -> bool {
    reference.eq_ignore_ascii_case("scratch")
}

/// Variable names that hold a credential by their own definition (Trivy's DS-0031 list): matched
/// whole, also after a `VITE_` or `REACT_APP_` prefix (front-end builds publish such variables).
pub const KNOWN_SECRET_NAMES: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AZURE_CLIENT_ID",
    "AZURE_CLIENT_SECRET",
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "GH_ENTERPRISE_TOKEN",
    "GITHUB_ENTERPRISE_TOKEN",
    "OPENAI_API_KEY",
    "HF_TOKEN",
    "DIGITALOCEAN_ACCESS_TOKEN",
    "DOCKERHUB_PASSWORD",
    "FIREBASE_TOKEN",
    "CI_DEPLOY_PASSWORD",
    "GOOGLE_API_KEY",
    "LANGSMITH_API_KEY",
    "LANGCHAIN_API_KEY",
    "HEROKU_API_KEY",
];

/// The last parts of a name that say it holds a credential (`DB_PASSWORD`, `STRIPE_SECRET_KEY`,
/// `NPM_TOKEN`). A name that goes on after them (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_ARN`)
/// names where a credential is, not the credential.
pub const SECRET_NAME_ENDINGS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASS",
    "PWD",
    "SECRET",
    "SECRET_KEY",
    "SECRET_ACCESS_KEY",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "ACCESS_KEY_ID",
    "CLIENT_SECRET",
    "CREDENTIALS",
    "AUTH",
];

/// Whether a variable's name says it holds a credential: a name of [`KNOWN_SECRET_NAMES`], or one
/// whose last `_`-separated parts are one of [`SECRET_NAME_ENDINGS`] (`PWD`, the shell's working
/// directory, is not one on its own).
pub fn is_secret_name(name: &str) -> bool {
    let up = name.trim().to_ascii_uppercase().replace('-', "_");
    let bare = up
        .strip_prefix("VITE_")
        .or_else(|| up.strip_prefix("REACT_APP_"))
        .unwrap_or(&up);
    if KNOWN_SECRET_NAMES.contains(&bare) {
        return true;
    }
    if up == "PWD" || up == "OLDPWD" {
        return false;
    }
    SECRET_NAME_ENDINGS
        .iter()
        .any(|e| up == *e || up.ends_with(&format!("_{e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references_split_like_docker() {
        let r = ImageRef::parse("nginx").unwrap();
        assert_eq!(
            (r.registry.as_str(), r.repository.as_str(), r.tag, r.digest),
            ("docker.io", "library/nginx", None, None)
        );
        let r = ImageRef::parse("localhost:5000/team/app:1.2@sha256:abc").unwrap();
        assert_eq!(r.registry, "localhost:5000");
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        let r = ImageRef::parse("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:v3").unwrap();
        assert_eq!(r.registry, "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com");
        assert_eq!(r.full_name(), "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web");
        let r = ImageRef::parse("bitnami/redis:latest").unwrap();
        assert_eq!(r.full_name(), "docker.io/bitnami/redis");
        assert!(ImageRef::parse("").is_none());
        assert!(ImageRef::parse("nginx:").is_none());
    }

    #[test]
    fn commands_know_their_program_and_assignments() {
        let w = |t: &str| Word {
            text: t.into(),
            origin: Origin::Synthetic,
        };
        let c = Command {
            words: vec![w("PYTHONHTTPSVERIFY=0"), w("/usr/bin/pip"), w("install"), w("x=1")],
        };
        assert_eq!(c.program(), Some("pip"));
        let a: Vec<_> = c.assignments().iter().map(|(k, v, _)| (*k, *v)).collect();
        assert_eq!(a, [("PYTHONHTTPSVERIFY", "0")]);
        let c = Command {
            words: vec![w("export"), w("GIT_SSL_NO_VERIFY=1")],
        };
        assert_eq!(c.assignments().len(), 1);
        let c = Command {
            words: vec![
                w("sudo"),
                w("-u"),
                w("app"),
                w("-E"),
                w("env"),
                w("A=1"),
                w("apt-get"),
                w("install"),
            ],
        };
        assert_eq!(c.unwrapped().program(), Some("apt-get"));
        let c = Command { words: vec![w("sudo")] };
        assert_eq!(c.unwrapped().program(), Some("sudo"));
    }

    #[test]
    fn secret_names() {
        for n in [
            "DB_PASSWORD",
            "github_token",
            "VITE_OPENAI_API_KEY",
            "STRIPE_SECRET_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "TOKEN",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in [
            "PASSWORD_FILE",
            "TOKEN_URL",
            "DB_SECRET_ARN",
            "PWD",
            "PATH",
            "NODE_ENV",
            "KEYBOARD",
            "PASSENGER",
        ] {
            assert!(!is_secret_name(n), "{n}");
        }
    }
}
