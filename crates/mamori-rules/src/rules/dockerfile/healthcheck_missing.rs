//! The image should say how to tell it is healthy: a `HEALTHCHECK` in the final stage or a stage
//! it is built on (`HEALTHCHECK NONE` turns the base image's off).

use crate::docker::stage_path;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::dockerfile::{Body, KIND_DOCKERFILE};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct HealthcheckMissing;

pub static RULE: HealthcheckMissing = HealthcheckMissing;

static META: RuleMeta = RuleMeta {
    id: "MAM-DKR-011",
    name: "dockerfile-healthcheck-missing",
    title_en: "Dockerfile images should define a HEALTHCHECK",
    title_ja: "Dockerfile のイメージに HEALTHCHECK を定義する",
    severity: Severity::Low,
    controls: &["nist-800-53/CM-6"],
    equivalents: &[
        ("checkov", "CKV_DOCKER_2"),
        ("trivy", "AVD-DS-0026"),
        ("hadolint", "DL3057"),
    ],
    resource_kinds: &[KIND_DOCKERFILE],
    sources: &[SourceKind::Dockerfile],
};

impl Rule for HealthcheckMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for d in inv.dockerfiles() {
            let chain = d.final_chain();
            let Some(last) = chain.first() else { continue };
            // The last HEALTHCHECK of the chain wins.
            let hc = chain.iter().find_map(|s| {
                s.instructions
                    .iter()
                    .rev()
                    .find_map(|i| match i.body {
                        Body::Healthcheck { none } => Some((*s, i, none)),
                        _ => None,
                    })
            });
            match hc {
                Some((_, _, false)) => ctx.pass(&d.meta),
                Some((s, i, true)) => ctx.fail(
                    &d.meta,
                    format!("{}.healthcheck", stage_path(s)),
                    &i.origin,
                    Text::new(
                        format!("`HEALTHCHECK NONE` turns off the health check of the image built from `{}`", d.meta.name),
                        format!("`HEALTHCHECK NONE` で `{}` から作るイメージのヘルスチェックが無効になっています", d.meta.name),
                    ),
                ),
                None => ctx.fail(
                    &d.meta,
                    format!("{}.healthcheck", stage_path(last)),
                    &last.from.origin,
                    Text::new(
                        format!("the image built from `{}` defines no HEALTHCHECK", d.meta.name),
                        format!("`{}` から作るイメージに HEALTHCHECK がありません", d.meta.name),
                    ),
                ),
            }
        }
    }
}
