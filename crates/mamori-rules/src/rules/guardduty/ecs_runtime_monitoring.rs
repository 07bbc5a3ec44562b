//! GuardDuty.12: GuardDuty ECS Runtime Monitoring should be enabled (the automated agent for
//! ECS on Fargate).

use crate::around::{each_running_detector, judge_setting};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::guardduty::{ECS_FARGATE_AGENT_MANAGEMENT, KIND_GUARDDUTY_DETECTOR, RUNTIME_MONITORING, Setting};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct EcsRuntimeMonitoring;

pub static RULE: EcsRuntimeMonitoring = EcsRuntimeMonitoring;

static META: RuleMeta = RuleMeta {
    id: "MAM-GD-004",
    name: "guardduty-ecs-runtime-monitoring",
    title_en: "GuardDuty should monitor ECS on Fargate at runtime with its agent managed automatically",
    title_ja: "GuardDuty で ECS（Fargate）のランタイムモニタリングをエージェントの自動管理付きで有効にする",
    severity: Severity::Medium,
    controls: &["aws-securityhub/GuardDuty.12"],
    equivalents: &[],
    resource_kinds: &[KIND_GUARDDUTY_DETECTOR],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for EcsRuntimeMonitoring {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        each_running_detector(inv, ctx, |ctx, d| {
            let name = &d.meta.name;
            // Fargate tasks get the GuardDuty agent only through RUNTIME_MONITORING's
            // ECS_FARGATE_AGENT_MANAGEMENT: GuardDuty then adds it to every new task.
            match d.feature_setting(RUNTIME_MONITORING) {
                Setting::On(_) => judge_setting(
                    ctx,
                    d,
                    d.additional_setting(RUNTIME_MONITORING, ECS_FARGATE_AGENT_MANAGEMENT),
                    "features[RUNTIME_MONITORING].additionalConfiguration[ECS_FARGATE_AGENT_MANAGEMENT].status",
                    Text::new(
                        format!("GuardDuty detector `{name}` runs Runtime Monitoring without managing the agent of ECS on Fargate (`ECS_FARGATE_AGENT_MANAGEMENT` is not enabled)"),
                        format!("GuardDuty ディテクター `{name}` でランタイムモニタリングは有効ですが、ECS（Fargate）のエージェント自動管理（`ECS_FARGATE_AGENT_MANAGEMENT`）が有効になっていません"),
                    ),
                ),
                s => judge_setting(
                    ctx,
                    d,
                    s,
                    "features[RUNTIME_MONITORING].status",
                    Text::new(
                        format!("GuardDuty detector `{name}` does not monitor ECS on Fargate at runtime (`RUNTIME_MONITORING` is not enabled)"),
                        format!("GuardDuty ディテクター `{name}` で ECS（Fargate）のランタイムモニタリングが有効になっていません（`RUNTIME_MONITORING` が無効）"),
                    ),
                ),
            }
        });
    }
}
