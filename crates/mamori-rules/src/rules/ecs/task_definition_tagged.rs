//! ECS.15: ECS task definitions should be tagged. Off until `required_tag_keys` names the keys to require.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::KIND_TASK_DEFINITION;
use mamori_model::{Inventory, Severity, SourceKind};

pub struct TaskDefinitionTagged;

pub static RULE: TaskDefinitionTagged = TaskDefinitionTagged;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-012",
    name: "ecs-task-definition-tagged",
    title_en: "ECS task definitions should be tagged",
    title_ja: "ECS タスク定義にタグを付ける",
    severity: Severity::Low,
    controls: &["aws-securityhub/ECS.15"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for TaskDefinitionTagged {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for r in inv.ecs_task_definitions() {
            crate::checks::required_tags(ctx, &r.meta, &r.tags, "task definition", "タスク定義");
        }
    }
}
