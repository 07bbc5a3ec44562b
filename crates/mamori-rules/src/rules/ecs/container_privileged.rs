//! ECS.4: ECS containers should run as non-privileged.
//!
//! Reads `privileged` (not the misspelt `privilege`, which ECS ignores) in every container.

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::KIND_TASK_DEFINITION;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ContainerPrivileged;

pub static RULE: ContainerPrivileged = ContainerPrivileged;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-006",
    name: "ecs-container-privileged",
    title_en: "ECS containers should not run privileged",
    title_ja: "ECS コンテナを特権モードで実行しない",
    severity: Severity::High,
    controls: &[
        "aws-securityhub/ECS.4",
        "nist-800-53/AC-2(1)",
        "nist-800-53/AC-3",
        "nist-800-53/AC-3(15)",
        "nist-800-53/AC-3(7)",
        "nist-800-53/AC-5",
        "nist-800-53/AC-6",
    ],
    equivalents: &[
        ("checkov", "CKV_AWS_334"),
        ("prowler", "ecs_task_definitions_no_privileged_containers"),
    ],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ContainerPrivileged {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            let name = &td.meta.name;
            each_container(ctx, td, |c, label| {
                let p = &c.privileged;
                match &p.state {
                    State::Set(true) | State::Default(true) => Verdict::fail(
                        "privileged",
                        &p.origin,
                        Text::new(
                            format!(
                                "Container `{label}` of ECS task definition `{name}` runs privileged, with root access to the host's devices and kernel (`privileged` is true)"
                            ),
                            format!(
                                "ECS タスク定義 `{name}` のコンテナ `{label}` が特権モードで実行され、ホストのデバイスやカーネルに root 権限でアクセスできます（`privileged` が true）"
                            ),
                        ),
                    ),
                    State::Unknown(r) => Verdict::Unknown(
                        p.origin.clone(),
                        format!("`privileged` of container `{label}` is unknown: {r}"),
                    ),
                    _ => Verdict::Pass,
                }
            });
        }
    }
}
