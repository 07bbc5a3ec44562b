//! ECS.16: ECS task sets should not automatically assign public IP addresses.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs::KIND_TASK_SET;
use mamori_model::{Inventory, Severity, SourceKind};

pub struct TaskSetPublicIp;

pub static RULE: TaskSetPublicIp = TaskSetPublicIp;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-004",
    name: "ecs-task-set-public-ip",
    title_en: "ECS task sets should not assign public IP addresses automatically",
    title_ja: "ECS タスクセットでパブリック IP アドレスを自動割り当てしない",
    severity: Severity::High,
    controls: &["aws-securityhub/ECS.16", "pci-dss-4.0.1/1.4.4"],
    equivalents: &[("prowler", "ecs_task_set_no_assign_public_ip")],
    resource_kinds: &[KIND_TASK_SET],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for TaskSetPublicIp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for t in inv.ecs_task_sets() {
            crate::checks::public_ip(ctx, &t.meta, &t.network, "task set", "タスクセット");
        }
    }
}
