//! Plaintext credentials in container environment variables, found by the value's format (an
//! access key, a token, a private key…) or by a secret-looking name holding a literal value.
//! Goes beyond ECS.8, which only compares names with a fixed list (MAM-ECS-008).
//!
//! Messages name the container, the variable and the kind of credential; never the value.

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, KIND_TASK_DEFINITION};
use mamori_model::{Inventory, Origin, Severity, SourceKind, State, Text};

use super::ecs_environment_aws_secret_keys::SECRET_KEYS;

pub struct EnvironmentPlaintextSecret;

pub static RULE: EnvironmentPlaintextSecret = EnvironmentPlaintextSecret;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-018",
    name: "ecs-environment-plaintext-secret",
    title_en: "ECS container environment variables should not hold plaintext credentials",
    title_ja: "ECS コンテナの環境変数に平文の認証情報を置かない",
    severity: Severity::Critical,
    controls: &["nist-800-53/IA-5(7)"],
    equivalents: &[
        ("prowler", "ecs_task_definitions_no_environment_secrets"),
        ("trivy", "AVD-AWS-0036"),
    ],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for EnvironmentPlaintextSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        // The findings point at environment variables that may hold a credential.
        ctx.sensitive();
        for td in inv.ecs_task_definitions() {
            let name = td.meta.name.clone();
            each_container(ctx, td, |c, label| judge(&name, c, label));
        }
    }
}

/// What kind of credential a value was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    PrivateKey,
    AwsAccessKeyId,
    AwsSecretAccessKey,
    GitHubToken,
    SlackToken,
    StripeLiveKey,
    GoogleApiKey,
    NpmToken,
    GitLabToken,
    SendGridKey,
    TwilioKey,
    Jwt,
    UrlPassword,
    /// A CloudFormation dynamic reference to a secret, which CloudFormation resolves into the
    /// task definition, where anyone who can describe it reads the secret.
    DynamicReference,
    /// No known format, but the name says it is a secret and the value is a literal.
    SecretName,
}

impl Kind {
    fn en(self) -> &'static str {
        match self {
            Kind::PrivateKey => "a PEM private key",
            Kind::AwsAccessKeyId => "an AWS access key ID",
            Kind::AwsSecretAccessKey => "a 40-character key in the format of an AWS secret access key",
            Kind::GitHubToken => "a GitHub token",
            Kind::SlackToken => "a Slack token",
            Kind::StripeLiveKey => "a Stripe live key",
            Kind::GoogleApiKey => "a Google API key",
            Kind::NpmToken => "an npm access token",
            Kind::GitLabToken => "a GitLab personal access token",
            Kind::SendGridKey => "a SendGrid API key",
            Kind::TwilioKey => "a Twilio API key",
            Kind::Jwt => "a JSON Web Token",
            Kind::UrlPassword => "a URL with an embedded password",
            Kind::DynamicReference => {
                "a dynamic reference to a secret, which CloudFormation resolves into the task definition in plain text"
            }
            Kind::SecretName => "a literal value under a name that marks it as a secret",
        }
    }

    fn ja(self) -> &'static str {
        match self {
            Kind::PrivateKey => "PEM 形式の秘密鍵",
            Kind::AwsAccessKeyId => "AWS アクセスキー ID",
            Kind::AwsSecretAccessKey => "AWS シークレットアクセスキーの形式の 40 文字のキー",
            Kind::GitHubToken => "GitHub トークン",
            Kind::SlackToken => "Slack トークン",
            Kind::StripeLiveKey => "Stripe の本番用キー",
            Kind::GoogleApiKey => "Google API キー",
            Kind::NpmToken => "npm アクセストークン",
            Kind::GitLabToken => "GitLab パーソナルアクセストークン",
            Kind::SendGridKey => "SendGrid API キー",
            Kind::TwilioKey => "Twilio API キー",
            Kind::Jwt => "JSON Web Token",
            Kind::UrlPassword => "パスワードを埋め込んだ URL",
            Kind::DynamicReference => "CloudFormation がタスク定義に平文で書き込む、シークレットへの動的参照",
            Kind::SecretName => "シークレットを示す名前に設定されたリテラル値",
        }
    }
}

struct Hit {
    variable: String,
    /// The variable's key in the finding's attribute: its name, or `#n` when that is unknown.
    key: String,
    kind: Kind,
    origin: Origin,
}

fn judge(td: &str, c: &ContainerDefinition, label: &str) -> Verdict {
    let vars = match &c.environment.state {
        State::Set(v) | State::Default(v) => v,
        State::Absent => return Verdict::Pass,
        State::Unknown(r) => {
            return Verdict::Unknown(
                c.environment.origin.clone(),
                format!("the environment of container `{label}` is unknown: {r}"),
            );
        }
    };
    let mut hits: Vec<Hit> = Vec::new();
    let mut unknown: Option<(Origin, String)> = None;
    for (i, kv) in vars.iter().enumerate() {
        let (name, name_known) = match &kv.name.state {
            State::Set(n) | State::Default(n) => (n.clone(), true),
            _ => (format!("environment[{i}]"), false),
        };
        let key = if name_known { name.clone() } else { format!("#{}", i + 1) };
        match &kv.value.state {
            State::Set(v) | State::Default(v) => {
                let kind = if name_known {
                    recognise(&name, v)
                } else {
                    recognise_format(v)
                };
                match kind {
                    // At the name: the report quotes the source line it points at, and the name's
                    // line holds no value in YAML or in JSON laid out one key per line.
                    Some(kind) => hits.push(Hit {
                        variable: name,
                        key,
                        kind,
                        origin: kv.name.origin.clone(),
                    }),
                    None if !name_known => {
                        if let State::Unknown(r) = &kv.name.state {
                            unknown.get_or_insert_with(|| {
                                (
                                    kv.name.origin.clone(),
                                    format!("an environment variable name of container `{label}` is unknown: {r}"),
                                )
                            });
                        }
                    }
                    None => {}
                }
            }
            // `{{resolve:secretsmanager:…}}` is resolved by CloudFormation into the task
            // definition itself: the secret is then readable by anyone allowed to describe it.
            State::Unknown(_)
                if kv
                    .dynamic_reference
                    .as_deref()
                    .is_some_and(|s| s == "secretsmanager" || s == "ssm-secure") =>
            {
                hits.push(Hit {
                    variable: name,
                    key,
                    kind: Kind::DynamicReference,
                    origin: kv.name.origin.clone(),
                })
            }
            // An unresolved value matters only where a literal would be reported by its name;
            // a value's format cannot be judged without the value.
            State::Unknown(r) if !name_known || name_rule_applies(&name) => {
                unknown.get_or_insert_with(|| {
                    (
                        kv.value.origin.clone(),
                        format!("the value of `{name}` in container `{label}` is unknown: {r}"),
                    )
                });
            }
            _ => {}
        }
    }
    // One finding per variable, so that each credential is fixed (or accepted) on its own.
    if !hits.is_empty() {
        return Verdict::FailEach(
            hits.into_iter()
                .map(|h| {
                    let (var, en, ja) = (&h.variable, h.kind.en(), h.kind.ja());
                    (
                        format!("environment[{}]", h.key),
                        h.origin,
                        Text::new(
                            format!(
                                "Container `{label}` of ECS task definition `{td}` has a plaintext credential in its environment: `{var}` ({en}); move it to `secrets` (Secrets Manager or Parameter Store) and rotate it"
                            ),
                            format!(
                                "ECS タスク定義 `{td}` のコンテナ `{label}` の環境変数に平文の認証情報があります: `{var}`（{ja}）。`secrets`（Secrets Manager または Parameter Store）に移し、値をローテーションしてください"
                            ),
                        ),
                    )
                })
                .collect(),
        );
    }
    match unknown {
        Some((origin, why)) => Verdict::Unknown(origin, why),
        None => Verdict::Pass,
    }
}

/// The kind of credential `value` holds, given the variable's `name`.
pub(crate) fn recognise(name: &str, value: &str) -> Option<Kind> {
    if let Some(k) = recognise_format(value) {
        return Some(k);
    }
    let norm = normalise(name);
    if looks_secret(&norm) && is_aws_secret_key(value.trim()) {
        return Some(Kind::AwsSecretAccessKey);
    }
    if name_rule_applies(name) && !is_non_secret_value(value) {
        return Some(Kind::SecretName);
    }
    None
}

/// Whether a literal under this name is reported for its name alone: the name looks secret,
/// does not name a reference (`…_ARN`, `…_FILE`…), and is not one of the names ECS.8 already
/// reports (MAM-ECS-008), which are reported here only for a recognised value.
fn name_rule_applies(name: &str) -> bool {
    let norm = normalise(name);
    looks_secret(&norm) && !names_a_reference(&norm) && !SECRET_KEYS.contains(&name)
}

/// Upper case with words split by `_`: `dbPassword` and `db-password` become `DB_PASSWORD`.
fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for ch in name.chars() {
        if ch.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
        match ch {
            '-' | '.' | ' ' => out.push('_'),
            c => out.push(c.to_ascii_uppercase()),
        }
    }
    out
}

const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "CREDENTIAL",
    "ACCESS_KEY",
];

/// Suffixes of names that hold where a secret is, or something about it, not the secret.
const REFERENCE_SUFFIXES: &[&str] = &[
    "_ARN",
    "_PATH",
    "_NAME",
    "_FILE",
    "_ID",
    "_URL",
    "_URI",
    "_ENDPOINT",
    "_TYPE",
    "_REGION",
];

fn looks_secret(norm: &str) -> bool {
    SECRET_WORDS.iter().any(|w| norm.contains(w))
}

fn names_a_reference(norm: &str) -> bool {
    REFERENCE_SUFFIXES.iter().any(|s| norm.ends_with(s))
}

/// Values that are not a secret whatever the name says: empty, a boolean, a number, an ARN.
fn is_non_secret_value(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false") {
        return true;
    }
    if v.starts_with("arn:aws") {
        return true;
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|b| *b == b'.').count() <= 1
        && digits.bytes().any(|b| b.is_ascii_digit())
}

/// 40 characters of the base64 alphabet with upper case, lower case and digits (so that a hex
/// digest is not taken for one).
fn is_aws_secret_key(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 40
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'/' || *c == b'+')
        && b.iter().any(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase)
        && b.iter().any(u8::is_ascii_digit)
}

/// A credential recognised by its format anywhere in the value.
pub(crate) fn recognise_format(value: &str) -> Option<Kind> {
    let v = value.as_bytes();
    if has_private_key(value) {
        return Some(Kind::PrivateKey);
    }
    let upper_digit = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    if ["AKIA", "ASIA", "ABIA", "ACCA"]
        .iter()
        .any(|p| token_runs(v, p, upper_digit).any(|(_, n)| n == 16))
    {
        return Some(Kind::AwsAccessKeyId);
    }
    if ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]
        .iter()
        .any(|p| token_runs(v, p, alnum).any(|(_, n)| n >= 36))
        || token_runs(v, "github_pat_", |b| alnum(b) || b == b'_').any(|(_, n)| n >= 20)
    {
        return Some(Kind::GitHubToken);
    }
    if ["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"]
        .iter()
        .any(|p| token_runs(v, p, |b| alnum(b) || b == b'-').any(|(_, n)| n >= 10))
    {
        return Some(Kind::SlackToken);
    }
    if ["sk_live_", "rk_live_"]
        .iter()
        .any(|p| token_runs(v, p, alnum).any(|(_, n)| n >= 16))
    {
        return Some(Kind::StripeLiveKey);
    }
    if token_runs(v, "AIza", url_safe).any(|(_, n)| n == 35) {
        return Some(Kind::GoogleApiKey);
    }
    if token_runs(v, "npm_", alnum).any(|(_, n)| n == 36) {
        return Some(Kind::NpmToken);
    }
    if token_runs(v, "glpat-", url_safe).any(|(_, n)| n >= 20) {
        return Some(Kind::GitLabToken);
    }
    if token_runs(v, "SG.", url_safe).any(|(at, n)| n == 22 && dot_run(v, at + n, url_safe) == Some(43)) {
        return Some(Kind::SendGridKey);
    }
    let lower_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    if token_runs(v, "SK", lower_hex).any(|(at, n)| n == 32 && !v.get(at + n).copied().is_some_and(alnum)) {
        return Some(Kind::TwilioKey);
    }
    if is_jwt(v) {
        return Some(Kind::Jwt);
    }
    if has_url_password(v) {
        return Some(Kind::UrlPassword);
    }
    None
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn url_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Every place `prefix` starts a token (not glued to a preceding letter or digit), with the
/// position after the prefix and the length of the run of `body` bytes there.
fn token_runs<'a>(
    v: &'a [u8],
    prefix: &'a str,
    body: impl Fn(u8) -> bool + 'a,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let p = prefix.as_bytes();
    (0..v.len().saturating_sub(p.len() - 1))
        .filter(move |&i| v[i..].starts_with(p) && (i == 0 || !alnum(v[i - 1])))
        .map(move |i| {
            let at = i + p.len();
            (at, v[at..].iter().take_while(|b| body(**b)).count())
        })
}

/// The length of the run of `body` bytes after a `.` at `at`.
fn dot_run(v: &[u8], at: usize, body: impl Fn(u8) -> bool) -> Option<usize> {
    if v.get(at) != Some(&b'.') {
        return None;
    }
    Some(v[at + 1..].iter().take_while(|b| body(**b)).count())
}

/// `-----BEGIN … PRIVATE KEY-----` (RSA, EC, OPENSSH, encrypted PKCS#8, PGP blocks).
fn has_private_key(value: &str) -> bool {
    value.match_indices("-----BEGIN ").any(|(i, m)| {
        let rest = &value[i + m.len()..];
        rest.find("-----")
            .is_some_and(|end| end <= 40 && rest[..end].contains("PRIVATE KEY"))
    })
}

/// Three base64url parts separated by dots, the first two being JSON objects (`eyJ` is how
/// `{"` begins in base64).
fn is_jwt(v: &[u8]) -> bool {
    token_runs(v, "eyJ", url_safe).any(|(at, n)| {
        if n < 10 {
            return false;
        }
        let p2 = at + n + 1;
        if v.get(at + n) != Some(&b'.') || !v[p2..].starts_with(b"eyJ") {
            return false;
        }
        let n2 = v[p2 + 3..].iter().take_while(|b| url_safe(**b)).count();
        n2 >= 10 && dot_run(v, p2 + 3 + n2, url_safe).is_some_and(|n3| n3 >= 10)
    })
}

/// `scheme://user:password@host` with a non-empty password that is not a template
/// placeholder (`${…}`, `{{…}}`, `<…>`, `%s`, `****`).
fn has_url_password(v: &[u8]) -> bool {
    let s = v;
    let mut from = 0;
    while let Some(off) = find(&s[from..], b"://") {
        let i = from + off;
        from = i + 3;
        let scheme_len = s[..i]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
            .count();
        if scheme_len == 0 || !s[i - scheme_len].is_ascii_alphabetic() {
            continue;
        }
        let rest = &s[i + 3..];
        let end = rest
            .iter()
            .position(|b| matches!(b, b'/' | b'?' | b'#' | b'"' | b'\'' | b',' | b';') || b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let authority = &rest[..end];
        let Some(at) = authority.iter().rposition(|b| *b == b'@') else {
            continue;
        };
        let userinfo = &authority[..at];
        let Some(colon) = userinfo.iter().position(|b| *b == b':') else {
            continue;
        };
        let password = &userinfo[colon + 1..];
        let placeholder = password.is_empty()
            || matches!(password[0], b'$' | b'{' | b'<' | b'%')
            || password.iter().all(|b| *b == b'*');
        if !placeholder {
            return true;
        }
    }
    false
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori_model::Attr;
    use mamori_model::ecs_task::KeyValue;

    fn container(vars: &[(&str, &str)]) -> ContainerDefinition {
        let mut c = ContainerDefinition::new(Origin::Synthetic);
        c.environment = Attr::set(
            vars.iter()
                .map(|(n, v)| KeyValue {
                    origin: Origin::Synthetic,
                    name: Attr::set(n.to_string(), Origin::Synthetic),
                    value: Attr::set(v.to_string(), Origin::Synthetic),
                    dynamic_reference: None,
                    reference: None,
                })
                .collect(),
            Origin::Synthetic,
        );
        c
    }

    // Built at run time so that the source holds no literal credential.
    fn fake(prefix: &str, body: &str, n: usize) -> String {
        format!("{prefix}{}", &body.repeat(n / body.len() + 1)[..n])
    }

    #[test]
    fn the_message_names_the_variable_and_kind_but_never_the_value() {
        let cases = [
            ("GITHUB_TOKEN", fake("ghp_", "a1B2c3", 36)),
            ("DB_PASSWORD", "Tr0ub4dor&3-horse".to_string()),
            (
                "DATABASE_URL",
                format!("postgres://app:{}@db.internal:5432/app", "s3cr3t-pw"),
            ),
            (
                "DEPLOY_KEY",
                format!("-----BEGIN RSA PRIVATE KEY-----\\n{}", fake("", "MIIEow", 64)),
            ),
        ];
        for (name, value) in &cases {
            let v = judge("web-api:3", &container(&[("LOG_LEVEL", "info"), (name, value)]), "app");
            let Verdict::FailEach(fails) = v else {
                panic!("{name} should fail")
            };
            let [(attribute, _, text)] = &fails[..] else {
                panic!("{name} should fail once")
            };
            assert_eq!(attribute, &format!("environment[{name}]"));
            assert!(text.en.contains(&format!("`{name}`")), "{}", text.en);
            assert!(text.ja.contains(&format!("`{name}`")), "{}", text.ja);
            for part in [value.as_str(), "s3cr3t-pw", "Tr0ub4dor"] {
                assert!(!text.en.contains(part), "{} shows the value", text.en);
                assert!(!text.ja.contains(part), "{} shows the value", text.ja);
            }
        }
    }

    #[test]
    fn formats_are_recognised_whatever_the_name() {
        let k = |v: &str| recognise("SETTING", v);
        assert_eq!(k(&fake("AKIA", "Z7Q2", 16)), Some(Kind::AwsAccessKeyId));
        assert_eq!(k(&fake("ASIA", "Z7Q2", 16)), Some(Kind::AwsAccessKeyId));
        assert_eq!(k(&fake("AKIA", "Z7Q2", 17)), None, "too long for a key id");
        assert_eq!(k(&fake("AKIA", "Z7Q2", 15)), None, "too short for a key id");
        assert_eq!(k(&fake("xAKIA", "Z7Q2", 16)), None, "glued to a preceding letter");
        assert_eq!(k(&fake("gho_", "Ab9", 36)), Some(Kind::GitHubToken));
        assert_eq!(k(&fake("github_pat_", "Ab9_", 82)), Some(Kind::GitHubToken));
        assert_eq!(k(&fake("xoxb-", "12-ab", 40)), Some(Kind::SlackToken));
        assert_eq!(k(&fake("sk_live_", "4eC39H", 24)), Some(Kind::StripeLiveKey));
        assert_eq!(k(&fake("sk_test_", "4eC39H", 24)), None, "test keys are not live keys");
        assert_eq!(k(&fake("AIza", "SyD-_9", 35)), Some(Kind::GoogleApiKey));
        assert_eq!(k(&fake("npm_", "aB3", 36)), Some(Kind::NpmToken));
        assert_eq!(k(&fake("glpat-", "xY_-9", 20)), Some(Kind::GitLabToken));
        let sg = format!("{}.{}", fake("SG.", "aB_-1", 22), fake("", "Zy9-_", 43));
        assert_eq!(k(&sg), Some(Kind::SendGridKey));
        assert_eq!(k(&fake("SK", "0a9f", 32)), Some(Kind::TwilioKey));
        assert_eq!(k(&fake("SK", "0A9F", 32)), None, "Twilio keys are lower-case hex");
        let jwt = format!(
            "{}.{}.{}",
            fake("eyJ", "hbGci", 20),
            fake("eyJ", "zdWIi", 30),
            fake("", "SflKx_-", 43)
        );
        assert_eq!(k(&jwt), Some(Kind::Jwt));
        assert_eq!(k("eyJhbGciOiJIUzI1NiJ9"), None, "one part is not a token");
        assert_eq!(k("-----BEGIN OPENSSH PRIVATE KEY-----"), Some(Kind::PrivateKey));
        assert_eq!(k("-----BEGIN PRIVATE KEY-----"), Some(Kind::PrivateKey));
        assert_eq!(k("-----BEGIN CERTIFICATE-----"), None, "a certificate is public");
        assert_eq!(k("redis://:hunter2@cache.internal:6379/0"), Some(Kind::UrlPassword));
        assert_eq!(k("amqp://guest:guest@mq:5672/"), Some(Kind::UrlPassword));
        assert_eq!(
            k("https://api.example.com/v1?user=a:b@c"),
            None,
            "the @ is in the query"
        );
        assert_eq!(k("postgres://app@db.internal/app"), None, "no password");
        assert_eq!(k("postgres://app:${DB_PASSWORD}@db/app"), None, "a placeholder");
        assert_eq!(k("postgres://app:****@db/app"), None, "a mask");
    }

    #[test]
    fn names_decide_only_for_literals_that_could_be_secrets() {
        let k = recognise;
        assert_eq!(k("DB_PASSWORD", "changeme"), Some(Kind::SecretName));
        assert_eq!(k("dbPassword", "changeme"), Some(Kind::SecretName));
        assert_eq!(k("stripe-api-key", "abc"), Some(Kind::SecretName));
        assert_eq!(k("JWT_SECRET", "0"), None, "a number");
        assert_eq!(k("REQUIRE_TOKEN", "true"), None, "a boolean");
        assert_eq!(k("DB_PASSWORD", "  "), None, "empty");
        assert_eq!(
            k(
                "DB_PASSWORD",
                "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf"
            ),
            None,
            "an ARN names where the secret is"
        );
        for name in [
            "DB_PASSWORD_SECRET_ARN",
            "TOKEN_FILE",
            "DB_PASSWORD_SECRET_NAME",
            "OAUTH_TOKEN_URL",
            "secretArn",
        ] {
            assert_eq!(k(name, "/prod/db/password"), None, "{name} names a reference");
        }
        assert_eq!(k("LOG_LEVEL", "debug"), None);
        // The names ECS.8 reports are reported here only for a recognised value.
        assert_eq!(k("AWS_SECRET_ACCESS_KEY", "changeme"), None);
        assert_eq!(
            k("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            Some(Kind::AwsSecretAccessKey)
        );
        assert_eq!(
            k("AWS_ACCESS_KEY_ID", &fake("AKIA", "IOSFODNN7", 16)),
            Some(Kind::AwsAccessKeyId)
        );
        // A 40-character key is taken for an AWS secret only under a secret-looking name, and a
        // hex digest is not one.
        assert_eq!(k("BUILD_SHA", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), None);
        assert_eq!(
            k("GIT_SECRET_SHA", "0123456789abcdef0123456789abcdef01234567"),
            Some(Kind::SecretName)
        );
    }

    #[test]
    fn each_credential_is_a_finding_named_by_its_variable() {
        let mut c = container(&[
            ("DB_PASSWORD", "Tr0ub4dor&3-horse"),
            ("LOG_LEVEL", "info"),
            ("X", "placeholder"),
        ]);
        // A variable whose name cannot be read is named by its position.
        if let State::Set(vars) = &mut c.environment.state {
            vars[2].name = Attr::unknown("var.name has no value", Origin::Synthetic);
            vars[2].value = Attr::set(fake("ghp_", "a1B2c3", 36), Origin::Synthetic);
        }
        let Verdict::FailEach(fails) = judge("td", &c, "app") else {
            panic!("expected failures")
        };
        let attributes: Vec<&str> = fails.iter().map(|(a, _, _)| a.as_str()).collect();
        assert_eq!(attributes, ["environment[DB_PASSWORD]", "environment[#3]"]);
        assert!(!fails[0].2.en.contains("environment[2]"));
        assert!(fails[1].2.en.contains("GitHub token"), "{}", fails[1].2.en);
    }

    #[test]
    fn unknown_values_are_undecided_only_under_secret_names() {
        let mut c = container(&[("DB_PASSWORD", "x"), ("LOG_LEVEL", "x")]);
        if let State::Set(vars) = &mut c.environment.state {
            vars[0].value = Attr::unknown("var.db_password has no value", Origin::Synthetic);
            vars[1].value = Attr::unknown("var.log_level has no value", Origin::Synthetic);
        }
        assert!(matches!(judge("td", &c, "app"), Verdict::Unknown(..)));
        if let State::Set(vars) = &mut c.environment.state {
            vars[0].name = Attr::set("LOG_FORMAT".into(), Origin::Synthetic);
        }
        assert!(matches!(judge("td", &c, "app"), Verdict::Pass));
    }
}
