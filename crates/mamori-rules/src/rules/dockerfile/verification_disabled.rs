//! A build should not turn off the checks that prove what it downloads is genuine: TLS
//! certificate verification (`curl -k`, `wget --no-check-certificate`, `pip --trusted-host`,
//! `NODE_TLS_REJECT_UNAUTHORIZED=0`, `GIT_SSL_NO_VERIFY`, `sslverify=0`…) and package signature
//! verification (`apk --allow-untrusted`, `apt-get --allow-unauthenticated`, `--nogpgcheck`,
//! `rpm --nosignature`…). One rule; the message says which check is off.

use crate::docker::{has_option, run_path, runs, stage_path};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::dockerfile::{Body, Command, KIND_DOCKERFILE, Variable};
use mamori_model::{Inventory, Origin, ResourceMeta, Severity, SourceKind, Text};

pub struct VerificationDisabled;

pub static RULE: VerificationDisabled = VerificationDisabled;

static META: RuleMeta = RuleMeta {
    id: "MAM-DKR-008",
    name: "dockerfile-verification-disabled",
    title_en: "Dockerfiles should not turn off TLS certificate or package signature verification",
    title_ja: "Dockerfile で TLS 証明書やパッケージ署名の検証を無効にしない",
    severity: Severity::High,
    controls: &["nist-800-53/SC-8", "nist-800-53/SI-7"],
    equivalents: &[
        ("checkov", "CKV2_DOCKER_2"),
        ("checkov", "CKV2_DOCKER_3"),
        ("checkov", "CKV2_DOCKER_4"),
        ("checkov", "CKV2_DOCKER_5"),
        ("checkov", "CKV2_DOCKER_6"),
        ("checkov", "CKV2_DOCKER_7"),
        ("checkov", "CKV2_DOCKER_8"),
        ("checkov", "CKV2_DOCKER_9"),
        ("checkov", "CKV2_DOCKER_10"),
        ("checkov", "CKV2_DOCKER_11"),
        ("checkov", "CKV2_DOCKER_12"),
        ("checkov", "CKV2_DOCKER_13"),
        ("checkov", "CKV2_DOCKER_14"),
        ("checkov", "CKV2_DOCKER_15"),
        ("checkov", "CKV2_DOCKER_16"),
    ],
    resource_kinds: &[KIND_DOCKERFILE],
    sources: &[SourceKind::Dockerfile],
};

/// What is turned off.
#[derive(Clone, Copy)]
enum Check {
    Tls,
    Signature,
}

impl Check {
    fn text(self) -> (&'static str, &'static str) {
        match self {
            Check::Tls => ("TLS certificate verification", "TLS 証明書の検証"),
            Check::Signature => ("package signature verification", "パッケージ署名の検証"),
        }
    }
}

/// A setting that turns a check off: its key in the attribute path, what is off, where.
struct Hit {
    key: String,
    check: Check,
    origin: Origin,
}

fn falsy(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "0" | "false" | "no" | "off")
}

/// A variable that turns a check off when it has this value.
fn variable(name: &str, value: &str) -> Option<Check> {
    let up = name.to_ascii_uppercase();
    match up.as_str() {
        "PYTHONHTTPSVERIFY" | "NODE_TLS_REJECT_UNAUTHORIZED" if value.trim() == "0" => Some(Check::Tls),
        "GIT_SSL_NO_VERIFY" | "PIP_TRUSTED_HOST" if !value.trim().is_empty() => Some(Check::Tls),
        "NPM_CONFIG_STRICT_SSL" | "YARN_STRICT_SSL" if falsy(value) => Some(Check::Tls),
        _ => None,
    }
}

/// `…sslverify=0`, `gpgcheck=false` written as one word (a `--setopt`, a line echoed into a
/// repository file).
fn setting_word(w: &str) -> Option<Check> {
    let l = w.to_ascii_lowercase();
    let value_after = |key: &str| {
        l.find(key).map(|i| &l[i + key.len()..]).and_then(|r| r.strip_prefix('=')).map(|v| v.split([' ', ',', ';']).next().unwrap_or(""))
    };
    if value_after("sslverify").is_some_and(falsy) {
        return Some(Check::Tls);
    }
    if value_after("gpgcheck").is_some_and(falsy) || value_after("repo_gpgcheck").is_some_and(falsy) {
        return Some(Check::Signature);
    }
    if (l.contains("allowunauthenticated") || l.contains("allowinsecurerepositories")) && l.ends_with("=true") {
        return Some(Check::Signature);
    }
    None
}

fn command_hits(whole: &Command, prefix: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    for (k, v, w) in whole.assignments() {
        if let Some(check) = variable(k, v) {
            let key = format!("{prefix}[{k}]");
            if !out.iter().any(|h: &Hit| h.key == key) {
                out.push(Hit {
                    key,
                    check,
                    origin: w.origin.clone(),
                });
            }
        }
    }
    // The command behind `sudo`, `env` and the like.
    let c = &whole.unwrapped();
    let prog = c.program().unwrap_or("").to_string();
    let push = |out: &mut Vec<Hit>, key: String, check: Check, at: usize| {
        let key = format!("{prefix}[{key}]");
        let origin = c.words[at].origin.clone();
        if !out.iter().any(|h: &Hit| h.key == key || h.origin == origin) {
            out.push(Hit { key, check, origin });
        }
    };
    let opt = |long: &[&str], short: Option<char>| has_option(c, long, short);
    let found: Option<(usize, Check)> = match prog.as_str() {
        "curl" => opt(&["--insecure"], Some('k')).map(|i| (i, Check::Tls)),
        "wget" => opt(&["--no-check-certificate"], None).map(|i| (i, Check::Tls)),
        "apk" => opt(&["--allow-untrusted"], None).map(|i| (i, Check::Signature)),
        "apt-get" | "apt" | "aptitude" => opt(
            &["--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories"],
            None,
        )
        .map(|i| (i, Check::Signature)),
        "yum" | "dnf" | "microdnf" | "tdnf" => opt(&["--nogpgcheck"], None).map(|i| (i, Check::Signature)),
        "rpm" => opt(&["--nosignature", "--nodigest", "--noverify", "--nofiledigest"], None).map(|i| (i, Check::Signature)),
        p if p.starts_with("pip") => opt(&["--trusted-host"], None).map(|i| (i, Check::Tls)),
        p if p.starts_with("python") && c.words.iter().any(|w| w.text == "pip") => {
            opt(&["--trusted-host"], None).map(|i| (i, Check::Tls))
        }
        _ => None,
    };
    if let Some((i, check)) = found {
        // An option is named by its own spelling: `-k` whether it came alone or as `-fsSLk`.
        let t = c.words[i].text.as_str();
        let option = if t.starts_with("--") {
            t.split('=').next().unwrap_or(t).to_string()
        } else {
            "-k".to_string()
        };
        push(&mut out, format!("{prog} {option}"), check, i);
    }
    if matches!(prog.as_str(), "npm" | "yarn" | "pnpm") {
        let t: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).collect();
        let set = t
            .windows(2)
            .position(|p| p[0].eq_ignore_ascii_case("strict-ssl") && falsy(p[1]));
        let flag = t.iter().position(|w| {
            w.strip_prefix("--strict-ssl=").is_some_and(falsy) || w.eq_ignore_ascii_case("--no-strict-ssl")
        });
        if let Some(i) = set.or(flag) {
            push(&mut out, format!("{prog} strict-ssl"), Check::Tls, i);
        }
    }
    if prog == "git" {
        let inline = c.words.iter().position(|w| {
            w.text
                .to_ascii_lowercase()
                .strip_prefix("http.sslverify=")
                .is_some_and(falsy)
        });
        let config = c
            .words
            .windows(2)
            .position(|p| p[0].text.eq_ignore_ascii_case("http.sslverify") && falsy(&p[1].text));
        if let Some(i) = inline.or(config) {
            push(&mut out, "git http.sslVerify".to_string(), Check::Tls, i);
        }
    }
    for (i, w) in c.words.iter().enumerate() {
        if let Some(check) = setting_word(&w.text) {
            let key = w.text.rsplit('=').nth(1).unwrap_or(&w.text).rsplit(['.', ' ']).next().unwrap_or("").to_string();
            push(&mut out, key.to_ascii_lowercase(), check, i);
        }
    }
    out
}

fn variable_hits(prefix: String, vs: &[Variable], out: &mut Vec<Hit>) {
    for v in vs {
        if let Some(value) = v.value.value()
            && let Some(check) = variable(&v.name, value)
        {
            out.push(Hit {
                key: format!("{prefix}[{}]", v.name),
                check,
                origin: v.origin.clone(),
            });
        }
    }
}

impl Rule for VerificationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        // Settings in ENV and ARG lines are reported last, once the source lines are hidden:
        // those lines may also hold secrets.
        let mut later: Vec<(&ResourceMeta, Hit)> = Vec::new();
        for d in inv.dockerfiles() {
            let mut var_hits: Vec<Hit> = Vec::new();
            variable_hits("arg".into(), &d.global_args, &mut var_hits);
            let mut failed = false;
            for s in &d.stages {
                for i in &s.instructions {
                    match &i.body {
                        Body::Env(v) => variable_hits(format!("{}.env", stage_path(s)), v, &mut var_hits),
                        Body::Arg(v) => variable_hits(format!("{}.arg", stage_path(s)), v, &mut var_hits),
                        _ => {}
                    }
                }
                for (n, _, cmds) in runs(s) {
                    let prefix = run_path(s, n);
                    let mut seen: Vec<String> = Vec::new();
                    for h in cmds.iter().flat_map(|c| command_hits(c, &prefix)) {
                        if seen.contains(&h.key) {
                            continue;
                        }
                        seen.push(h.key.clone());
                        let what = &h.key[prefix.len() + 1..h.key.len() - 1];
                        let (en, ja) = h.check.text();
                        failed = true;
                        ctx.fail(
                            &d.meta,
                            h.key.clone(),
                            &h.origin,
                            Text::new(
                                format!("`{what}` in a RUN turns off {en}: the build may fetch and install tampered content"),
                                format!("RUN の `{what}` で{ja}が無効になっています。改ざんされた内容を取得してインストールするおそれがあります"),
                            ),
                        );
                    }
                }
            }
            if !failed && var_hits.is_empty() {
                ctx.pass(&d.meta);
            }
            later.extend(var_hits.into_iter().map(|h| (&d.meta, h)));
        }
        if later.is_empty() {
            return;
        }
        ctx.sensitive();
        for (meta, h) in later {
            let (en, ja) = h.check.text();
            let name = h.key.rsplit('[').next().unwrap_or("").trim_end_matches(']').to_string();
            ctx.fail(
                meta,
                h.key.clone(),
                &h.origin,
                Text::new(
                    format!("the variable `{name}` turns off {en} for the build and the running container"),
                    format!("変数 `{name}` でビルドと実行中のコンテナの{ja}が無効になっています"),
                ),
            );
        }
    }
}
