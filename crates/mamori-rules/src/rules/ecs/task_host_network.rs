//! ECS.17: ECS task definitions should not use host network mode.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::KIND_TASK_DEFINITION;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct TaskHostNetwork;

pub static RULE: TaskHostNetwork = TaskHostNetwork;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-013",
    name: "ecs-task-host-network",
    title_en: "ECS task definitions should not use the host network mode",
    title_ja: "ECS タスク定義で host ネットワークモードを使用しない",
    severity: Severity::Medium,
    controls: &[
        "aws-securityhub/ECS.17",
        "nist-800-53/AC-2(1)",
        "nist-800-53/AC-3",
        "nist-800-53/AC-3(7)",
        "nist-800-53/AC-3(15)",
        "nist-800-53/AC-5",
        "nist-800-53/AC-6",
    ],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for TaskHostNetwork {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            let name = &td.meta.name;
            let mode = &td.network_mode;
            match &mode.state {
                State::Set(v) | State::Default(v) if v.eq_ignore_ascii_case("host") => ctx.fail(
                    &td.meta,
                    "networkMode",
                    &mode.origin,
                    Text::new(
                        format!(
                            "ECS task definition `{name}` uses the host network mode: its containers share the network stack of the instance they run on (`networkMode` is `{v}`)"
                        ),
                        format!(
                            "ECS タスク定義 `{name}` が host ネットワークモードを使用しており、コンテナが実行先インスタンスのネットワークスタックを共有します（`networkMode` が `{v}`）"
                        ),
                    ),
                ),
                State::Unknown(r) => {
                    ctx.undecided(&td.meta, &mode.origin, format!("`networkMode` is unknown: {r}"))
                }
                // Omitted: `bridge` on Linux, the Windows default network elsewhere.
                _ => ctx.pass(&td.meta),
            }
        }
    }
}
