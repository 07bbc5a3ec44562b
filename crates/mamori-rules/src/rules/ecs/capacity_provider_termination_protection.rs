//! ECS.19: ECS capacity providers should have managed termination protection enabled.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{EcsCapacityProvider, KIND_CAPACITY_PROVIDER};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct CapacityProviderTerminationProtection;

pub static RULE: CapacityProviderTerminationProtection = CapacityProviderTerminationProtection;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-015",
    name: "ecs-capacity-provider-termination-protection",
    title_en: "ECS capacity providers should have managed termination protection enabled",
    title_ja: "ECS キャパシティープロバイダーではマネージド型終了保護を有効にする",
    severity: Severity::Medium,
    controls: &["aws-securityhub/ECS.19"],
    equivalents: &[],
    resource_kinds: &[KIND_CAPACITY_PROVIDER],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for CapacityProviderTerminationProtection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for cp in inv.ecs_capacity_providers() {
            judge(cp, ctx);
        }
    }
}

fn judge(cp: &EcsCapacityProvider, ctx: &mut Ctx<'_>) {
    let name = &cp.meta.name;
    let asg = match &cp.auto_scaling_group.state {
        State::Set(a) | State::Default(a) => a,
        // Fargate and managed-instances providers have no Auto Scaling group to protect.
        State::Absent => return,
        State::Unknown(r) => {
            return ctx.undecided(
                &cp.meta,
                &cp.auto_scaling_group.origin,
                format!("the Auto Scaling group provider is unknown: {r}"),
            );
        }
    };
    let mtp = &asg.managed_termination_protection;
    let (value, omitted) = match &mtp.state {
        State::Set(v) => (v.as_str(), false),
        State::Default(v) => (v.as_str(), true),
        State::Absent => ("DISABLED", true),
        State::Unknown(r) => {
            return ctx.undecided(
                &cp.meta,
                &mtp.origin,
                format!("`managedTerminationProtection` is unknown: {r}"),
            );
        }
    };
    if value.eq_ignore_ascii_case("ENABLED") {
        return ctx.pass(&cp.meta);
    }
    let (what, what_ja) = if omitted {
        (
            "`managedTerminationProtection` is not set, so it is DISABLED".to_string(),
            "`managedTerminationProtection` が未指定のため DISABLED".to_string(),
        )
    } else {
        (
            format!("`managedTerminationProtection` is `{value}`"),
            format!("`managedTerminationProtection` が `{value}`"),
        )
    };
    let scaling_on = asg
        .managed_scaling_status
        .value()
        .is_some_and(|s| s.eq_ignore_ascii_case("ENABLED"));
    let scaling_unknown = asg.managed_scaling_status.is_unknown();
    let (also, also_ja) = if scaling_on || scaling_unknown {
        (String::new(), String::new())
    } else {
        (
            "; managed scaling is not ENABLED either, and the protection works only with it".to_string(),
            "。保護はマネージドスケーリングと組み合わせないと機能しませんが、マネージドスケーリングも ENABLED になっていません"
                .to_string(),
        )
    };
    ctx.fail(
        &cp.meta,
        "autoScalingGroupProvider.managedTerminationProtection",
        &mtp.origin,
        Text::new(
            format!(
                "ECS capacity provider `{name}` does not protect instances that run tasks from scale-in ({what}){also}"
            ),
            format!(
                "ECS キャパシティープロバイダー `{name}` では、タスクが動いているインスタンスがスケールインから保護されません（{what_ja}）{also_ja}"
            ),
        ),
    );
}
