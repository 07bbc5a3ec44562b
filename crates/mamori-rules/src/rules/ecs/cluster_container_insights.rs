//! ECS.12: ECS clusters should use Container Insights.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs::KIND_CLUSTER;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ClusterContainerInsights;

pub static RULE: ClusterContainerInsights = ClusterContainerInsights;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-001",
    name: "ecs-cluster-container-insights",
    title_en: "ECS clusters should use Container Insights",
    title_ja: "ECS クラスターでは Container Insights を有効にする",
    severity: Severity::Medium,
    controls: &[
        "aws-securityhub/ECS.12",
        "nist-800-53/AU-6(3)",
        "nist-800-53/AU-6(4)",
        "nist-800-53/CA-7",
        "nist-800-53/SI-2",
    ],
    equivalents: &[
        ("checkov", "CKV_AWS_65"),
        ("trivy", "AVD-AWS-0034"),
        ("prowler", "ecs_cluster_container_insights_enabled"),
        ("kics", "97cb0688-369a-4d26-b1f7-86c4c91231bc"),
        ("kics", "ab759fde-e1e8-4b0e-ad73-ba856e490ed8"),
    ],
    resource_kinds: &[KIND_CLUSTER],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

const SETTING: &str = "containerInsights";

impl Rule for ClusterContainerInsights {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for c in inv.ecs_clusters() {
            let name = &c.meta.name;
            let settings = match &c.settings.state {
                State::Unknown(r) => {
                    ctx.undecided(
                        &c.meta,
                        &c.settings.origin,
                        format!("cluster settings are unknown: {r}"),
                    );
                    continue;
                }
                State::Set(s) | State::Default(s) => s.as_slice(),
                State::Absent => &[],
            };
            // A setting whose name cannot be resolved might be the one we look for.
            let unresolved_name = settings.iter().find(|s| s.name.is_unknown());
            match settings.iter().find(|s| s.name.value().is_some_and(|n| n == SETTING)) {
                Some(s) => match &s.value.state {
                    State::Set(v) | State::Default(v) => {
                        if v.eq_ignore_ascii_case("enabled") || v.eq_ignore_ascii_case("enhanced") {
                            ctx.pass(&c.meta);
                        } else {
                            ctx.fail(
                                &c.meta,
                                "settings.containerInsights",
                                &s.value.origin,
                                Text::new(
                                    format!("ECS cluster `{name}` has Container Insights turned off (`{SETTING}` is `{v}`)"),
                                    format!("ECS クラスター `{name}` の Container Insights が無効です（`{SETTING}` が `{v}`）"),
                                ),
                            );
                        }
                    }
                    State::Unknown(r) => ctx.undecided(&c.meta, &s.value.origin, format!("`{SETTING}` value is unknown: {r}")),
                    State::Absent => ctx.fail(
                        &c.meta,
                        "settings.containerInsights",
                        &s.value.origin,
                        Text::new(
                            format!("ECS cluster `{name}` declares `{SETTING}` without a value"),
                            format!("ECS クラスター `{name}` の `{SETTING}` に値が指定されていません"),
                        ),
                    ),
                },
                None => match unresolved_name {
                    Some(s) => ctx.undecided(
                        &c.meta,
                        &s.name.origin,
                        format!("a cluster setting's name is unknown: {}", s.name.unknown_reason().unwrap_or("")),
                    ),
                    None => ctx.fail(
                        &c.meta,
                        "settings.containerInsights",
                        &c.settings.origin,
                        Text::new(
                            format!("ECS cluster `{name}` does not turn on Container Insights (no `{SETTING}` setting)"),
                            format!("ECS クラスター `{name}` で Container Insights が有効になっていません（`{SETTING}` の設定がありません）"),
                        ),
                    ),
                },
            }
        }
    }
}
