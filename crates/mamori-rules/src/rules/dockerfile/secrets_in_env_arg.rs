//! Credentials should not be passed through `ENV` or `ARG`. An `ENV` value is stored in the
//! image's configuration, and an `ARG` value in the build history of every layer built after it
//! (`docker history` shows both), so anyone who can pull the image reads them. Build secrets go
//! through `RUN --mount=type=secret`, runtime secrets through the platform (ECS `secrets`,
//! Kubernetes Secrets).
//!
//! The name decides: a known credential variable (`AWS_SECRET_ACCESS_KEY`, `GITHUB_TOKEN`…) or
//! one ending in `_PASSWORD`, `_SECRET`, `_TOKEN`, `_API_KEY`, `_PRIVATE_KEY`… The value is
//! never printed.

use crate::docker::{each_dockerfile, stage_path};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::dockerfile::{Body, KIND_DOCKERFILE, Variable, is_secret_name};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct SecretsInEnvArg;

pub static RULE: SecretsInEnvArg = SecretsInEnvArg;

static META: RuleMeta = RuleMeta {
    id: "MAM-DKR-007",
    name: "dockerfile-secrets-in-env-arg",
    title_en: "Dockerfiles should not pass credentials through ENV or ARG",
    title_ja: "Dockerfile で認証情報を ENV や ARG で渡さない",
    severity: Severity::High,
    controls: &["nist-800-53/IA-5(7)"],
    equivalents: &[("trivy", "AVD-DS-0031")],
    resource_kinds: &[KIND_DOCKERFILE],
    sources: &[SourceKind::Dockerfile],
};

/// Whether a value is written in the file: not empty and not only a reference to a variable.
fn literal(v: &Variable) -> bool {
    v.value.value().is_some_and(|t| {
        let t = t.trim();
        let reference = t
            .strip_prefix('$')
            .is_some_and(|name| name.chars().all(|c| c.is_ascii_alphanumeric() || "_{}".contains(c)));
        !t.is_empty() && !reference
    })
}

impl Rule for SecretsInEnvArg {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        ctx.sensitive();
        each_dockerfile(inv, ctx, |d, j| {
            let chain: Vec<usize> = d.final_chain().iter().map(|s| s.index).collect();
            let name = &d.meta.name;
            for v in d.global_args.iter().filter(|v| is_secret_name(&v.name) && literal(v)) {
                j.fail(
                    format!("arg[{}]", v.name),
                    &v.origin,
                    Text::new(
                        format!("the build argument `{}` of `{name}` has a credential written in the Dockerfile as its default", v.name),
                        format!("`{name}` のビルド引数 `{}` の既定値として、認証情報が Dockerfile に書かれています", v.name),
                    ),
                );
            }
            for s in &d.stages {
                let in_image = chain.contains(&s.index);
                for i in &s.instructions {
                    let (vars, env) = match &i.body {
                        Body::Env(v) => (v, true),
                        Body::Arg(v) => (v, false),
                        _ => continue,
                    };
                    for v in vars.iter().filter(|v| is_secret_name(&v.name)) {
                        let set = v.value.value().is_some_and(|t| !t.trim().is_empty());
                        let (en, ja) = match (env, in_image) {
                            (true, true) if set => (
                                format!("ENV `{}` puts a credential into the configuration of the image built from `{name}`, which everyone who can pull it reads", v.name),
                                format!("ENV `{}` で認証情報が `{name}` から作るイメージの設定に入り、イメージを取得できる人は誰でも読めます", v.name),
                            ),
                            (false, true) => (
                                format!("ARG `{}` passes a credential to the build of `{name}`: build arguments are kept in the image's history", v.name),
                                format!("ARG `{}` で `{name}` のビルドに認証情報を渡しています。ビルド引数はイメージの履歴に残ります", v.name),
                            ),
                            _ if literal(v) => (
                                format!("`{}` of `{name}` has a credential written in the Dockerfile", v.name),
                                format!("`{name}` の `{}` に認証情報が Dockerfile に書かれています", v.name),
                            ),
                            _ => continue,
                        };
                        let kind = if env { "env" } else { "arg" };
                        j.fail(format!("{}.{kind}[{}]", stage_path(s), v.name), &v.origin, Text::new(en, ja));
                    }
                }
            }
        });
    }
}
