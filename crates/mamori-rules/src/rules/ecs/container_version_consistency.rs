//! `versionConsistency: disabled` stops ECS from resolving an image tag to a digest when a
//! service deploys, so tasks of one deployment can run different images if the tag moves.
//! Beyond Security Hub.

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, KIND_TASK_DEFINITION};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

use super::ecs_container_image_not_pinned::{Pin, pin};

pub struct ContainerVersionConsistency;

pub static RULE: ContainerVersionConsistency = ContainerVersionConsistency;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-030",
    name: "ecs-container-version-consistency-disabled",
    title_en: "ECS containers should keep software version consistency enabled",
    title_ja: "ECS コンテナのソフトウェアバージョン一貫性（versionConsistency）を無効にしない",
    severity: Severity::Medium,
    controls: &["nist-800-53/CM-2", "nist-800-53/CM-3"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ContainerVersionConsistency {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            let name = td.meta.name.clone();
            each_container(ctx, td, |c, label| judge(&name, c, label));
        }
    }
}

fn judge(td: &str, c: &ContainerDefinition, label: &str) -> Verdict {
    let vc = &c.version_consistency;
    let value = match &vc.state {
        State::Set(v) | State::Default(v) => v,
        // The model defaults an omitted value to `enabled`; absent cannot be seen here.
        State::Absent => return Verdict::Pass,
        State::Unknown(r) => {
            return Verdict::Unknown(
                vc.origin.clone(),
                format!("`versionConsistency` of container `{label}` is unknown: {r}"),
            );
        }
    };
    if value.eq_ignore_ascii_case("enabled") {
        return Verdict::Pass;
    }
    if !value.eq_ignore_ascii_case("disabled") {
        return Verdict::Unknown(
            vc.origin.clone(),
            format!("`versionConsistency` of container `{label}` is `{value}`, neither `enabled` nor `disabled`"),
        );
    }
    // An image named by its digest cannot drift: there is no tag to resolve.
    match &c.image.state {
        State::Set(i) | State::Default(i) if pin(i) == Pin::Digest => Verdict::Pass,
        State::Unknown(r) => Verdict::Unknown(
            c.image.origin.clone(),
            format!(
                "container `{label}` turns `versionConsistency` off and its image is unknown (a digest would make it harmless): {r}"
            ),
        ),
        _ => Verdict::fail(
            "versionConsistency",
            &vc.origin,
            Text::new(
                format!(
                    "Container `{label}` of ECS task definition `{td}` sets `versionConsistency` to `disabled`: ECS does not resolve its image tag to a digest at deployment, so tasks of one deployment can run different images"
                ),
                format!(
                    "ECS タスク定義 `{td}` のコンテナ `{label}` で `versionConsistency` が `disabled` です。デプロイ時にイメージタグがダイジェストに解決されないため、同じデプロイのタスクが異なるイメージで動く可能性があります"
                ),
            ),
        ),
    }
}
