//! A Dockerfile's image should not run as root: the final stage (or a stage it is built on)
//! must set a `USER` other than `root`, `0` or Windows' `ContainerAdministrator`.

use crate::docker::stage_path;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::dockerfile::{Body, KIND_DOCKERFILE};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct RunsAsRoot;

pub static RULE: RunsAsRoot = RunsAsRoot;

static META: RuleMeta = RuleMeta {
    id: "MAM-DKR-001",
    name: "dockerfile-runs-as-root",
    title_en: "Dockerfile images should run as a non-root user",
    title_ja: "Dockerfile のイメージは root 以外のユーザーで実行する",
    severity: Severity::Medium,
    controls: &["nist-800-53/AC-6"],
    equivalents: &[
        ("checkov", "CKV_DOCKER_3"),
        ("checkov", "CKV_DOCKER_8"),
        ("trivy", "AVD-DS-0002"),
        ("hadolint", "DL3002"),
    ],
    resource_kinds: &[KIND_DOCKERFILE],
    sources: &[SourceKind::Dockerfile],
};

/// Whether a `USER` value names the superuser: `root` or UID `0`, with or without a group, or
/// Windows' `ContainerAdministrator`.
pub fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    name == "root" || name == "0" || name.eq_ignore_ascii_case("ContainerAdministrator")
}

impl Rule for RunsAsRoot {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for d in inv.dockerfiles() {
            let chain = d.final_chain();
            let Some(last) = chain.first() else { continue };
            let user = chain
                .iter()
                .find_map(|s| s.last_user().map(|u| (*s, u)));
            let Some((stage, ins)) = user else {
                ctx.fail(
                    &d.meta,
                    format!("{}.user", stage_path(last)),
                    &last.from.origin,
                    Text::new(
                        format!(
                            "the final stage of `{}` sets no USER: the container runs as root unless its base image or the platform says otherwise",
                            d.meta.name
                        ),
                        format!(
                            "`{}` の最終ステージに USER がありません。ベースイメージや実行基盤で指定しない限り、コンテナは root で動きます",
                            d.meta.name
                        ),
                    ),
                );
                continue;
            };
            let Body::User(u) = &ins.body else { continue };
            match &u.state {
                State::Set(v) | State::Default(v) if is_root(v) => ctx.fail(
                    &d.meta,
                    format!("{}.user", stage_path(stage)),
                    &u.origin,
                    Text::new(
                        format!("the last USER of the final image of `{}` is `{v}`: the container runs as root", d.meta.name),
                        format!("`{}` の最終イメージで最後の USER が `{v}` です。コンテナは root で動きます", d.meta.name),
                    ),
                ),
                State::Unknown(r) => ctx.undecided(&d.meta, &u.origin, format!("the user of the final image is unknown: {r}")),
                _ => ctx.pass(&d.meta),
            }
        }
    }
}
