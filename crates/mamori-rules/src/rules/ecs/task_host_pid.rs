//! ECS.3: ECS task definitions should not share the host's process namespace.
//!
//! `pidMode` is a task-level field. A `pidMode` key written inside a container definition is not
//! an ECS parameter (the service ignores it), so it is not read as the task's mode.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::KIND_TASK_DEFINITION;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct TaskHostPid;

pub static RULE: TaskHostPid = TaskHostPid;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-005",
    name: "ecs-task-host-pid",
    title_en: "ECS task definitions should not share the host's process namespace",
    title_ja: "ECS タスク定義でホストのプロセス名前空間を共有しない",
    severity: Severity::High,
    controls: &["aws-securityhub/ECS.3", "nist-800-53/CA-9(1)", "nist-800-53/CM-2"],
    equivalents: &[
        ("checkov", "CKV_AWS_335"),
        ("prowler", "ecs_task_definitions_host_namespace_not_shared"),
    ],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for TaskHostPid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            let name = &td.meta.name;
            let pid = &td.pid_mode;
            match &pid.state {
                State::Set(v) | State::Default(v) if v.eq_ignore_ascii_case("host") => ctx.fail(
                    &td.meta,
                    "pidMode",
                    &pid.origin,
                    Text::new(
                        format!(
                            "ECS task definition `{name}` shares the host's process ID namespace with its containers (`pidMode` is `{v}`)"
                        ),
                        format!(
                            "ECS タスク定義 `{name}` のコンテナがホストのプロセス ID 名前空間を共有しています（`pidMode` が `{v}`）"
                        ),
                    ),
                ),
                State::Unknown(r) => ctx.undecided(&td.meta, &pid.origin, format!("`pidMode` is unknown: {r}")),
                _ => ctx.pass(&td.meta),
            }
        }
    }
}
