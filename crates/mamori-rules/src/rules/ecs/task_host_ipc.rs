//! Beyond Security Hub: ECS task definitions should not share the host's IPC namespace.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::KIND_TASK_DEFINITION;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct TaskHostIpc;

pub static RULE: TaskHostIpc = TaskHostIpc;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-021",
    name: "ecs-task-host-ipc",
    title_en: "ECS task definitions should not share the host's IPC namespace",
    title_ja: "ECS タスク定義でホストの IPC 名前空間を共有しない",
    severity: Severity::High,
    // SC-39 (process isolation): sharing the host's IPC namespace removes the separation
    // between the containers' processes and the host's for shared memory, semaphores and
    // message queues.
    controls: &["nist-800-53/SC-39"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for TaskHostIpc {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            let name = &td.meta.name;
            let ipc = &td.ipc_mode;
            match &ipc.state {
                State::Set(v) | State::Default(v) if v.eq_ignore_ascii_case("host") => ctx.fail(
                    &td.meta,
                    "ipcMode",
                    &ipc.origin,
                    Text::new(
                        format!(
                            "ECS task definition `{name}` shares the host's IPC namespace (shared memory, semaphores, message queues) with its containers (`ipcMode` is `{v}`)"
                        ),
                        format!(
                            "ECS タスク定義 `{name}` のコンテナがホストの IPC 名前空間（共有メモリ、セマフォ、メッセージキュー）を共有しています（`ipcMode` が `{v}`）"
                        ),
                    ),
                ),
                State::Unknown(r) => ctx.undecided(&td.meta, &ipc.origin, format!("`ipcMode` is unknown: {r}")),
                _ => ctx.pass(&td.meta),
            }
        }
    }
}
