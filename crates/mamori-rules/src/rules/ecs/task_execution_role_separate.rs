//! Beyond Security Hub (Checkov CKV_AWS_249): a task definition's task role and task execution
//! role should be different roles.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{EcsTaskDefinition, KIND_TASK_DEFINITION};
use mamori_model::{Attr, Inventory, Severity, SourceKind, State, Text};

pub struct TaskExecutionRoleSeparate;

pub static RULE: TaskExecutionRoleSeparate = TaskExecutionRoleSeparate;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-026",
    name: "ecs-task-execution-role-separate",
    title_en: "ECS task definitions should not use the task execution role as the task role",
    title_ja: "ECS タスク定義ではタスクロールとタスク実行ロールに別々のロールを使う",
    severity: Severity::Medium,
    controls: &["nist-800-53/AC-6"],
    equivalents: &[("checkov", "CKV_AWS_249")],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for TaskExecutionRoleSeparate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            judge(td, ctx);
        }
    }
}

/// A role that is written: `None` when absent (or empty), `Err` with the reason when unknown.
fn role(a: &Attr<String>) -> Result<Option<&str>, &str> {
    match &a.state {
        State::Set(v) | State::Default(v) if !v.trim().is_empty() => Ok(Some(v.trim())),
        State::Unknown(r) => Err(r),
        _ => Ok(None),
    }
}

/// Whether two role values name the same role: the same text (an ARN, a name, or the address
/// or logical id of a role in the same scan), or a role name and an ARN of a role with that name.
fn same_role(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let name_of_arn = |arn: &str| -> Option<String> {
        let rest = arn.strip_prefix("arn:")?;
        let (_, resource) = rest.split_once(":role/")?;
        resource.rsplit('/').next().map(str::to_string)
    };
    let bare = |s: &str| !s.contains(':') && !s.contains('/');
    (bare(a) && name_of_arn(b).as_deref() == Some(a)) || (bare(b) && name_of_arn(a).as_deref() == Some(b))
}

fn judge(td: &EcsTaskDefinition, ctx: &mut Ctx<'_>) {
    let (task, exec) = (&td.task_role_arn, &td.execution_role_arn);
    let (t, e) = match (role(task), role(exec)) {
        // Without one of the two roles there is nothing to share.
        (Ok(None), _) | (_, Ok(None)) => return ctx.pass(&td.meta),
        (Err(r), _) => return ctx.undecided(&td.meta, &task.origin, format!("the task role is unknown: {r}")),
        (_, Err(r)) => {
            return ctx.undecided(&td.meta, &exec.origin, format!("the task execution role is unknown: {r}"));
        }
        (Ok(Some(t)), Ok(Some(e))) => (t, e),
    };
    if !same_role(t, e) {
        return ctx.pass(&td.meta);
    }
    let name = &td.meta.name;
    ctx.fail(
        &td.meta,
        "taskRoleArn",
        &task.origin,
        Text::new(
            format!(
                "ECS task definition `{name}` uses the same role `{t}` as task role and task execution role, so its containers get the permissions meant for the ECS agent"
            ),
            format!(
                "ECS タスク定義 `{name}` はタスクロールとタスク実行ロールに同じロール `{t}` を使っており、ECS エージェント向けの権限がコンテナにも渡ります"
            ),
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::same_role;

    #[test]
    fn roles_are_the_same_by_text_or_by_name_and_arn() {
        assert!(same_role("aws_iam_role.ecs", "aws_iam_role.ecs"));
        assert!(!same_role("aws_iam_role.task", "aws_iam_role.execution"));
        assert!(same_role("ecsTaskRole", "arn:aws:iam::123456789012:role/ecsTaskRole"));
        assert!(same_role("arn:aws:iam::123456789012:role/service/app", "app"));
        assert!(!same_role("arn:aws:iam::123456789012:role/app", "arn:aws:iam::123456789012:role/app-exec"));
        assert!(!same_role("app", "arn:aws:iam::123456789012:role/other/app-x"));
    }
}
