//! ECS.5: ECS containers should be limited to read-only access to their root filesystems.
//! Not applicable to Windows task definitions, where the parameter is not supported.

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{KIND_TASK_DEFINITION, OsFamily};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ContainerReadonlyRootFilesystem;

pub static RULE: ContainerReadonlyRootFilesystem = ContainerReadonlyRootFilesystem;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-007",
    name: "ecs-container-readonly-root-filesystem",
    title_en: "ECS containers should have read-only root filesystems",
    title_ja: "ECS コンテナのルートファイルシステムを読み取り専用にする",
    severity: Severity::High,
    controls: &[
        "aws-securityhub/ECS.5",
        "nist-800-53/AC-2(1)",
        "nist-800-53/AC-3",
        "nist-800-53/AC-3(15)",
        "nist-800-53/AC-3(7)",
        "nist-800-53/AC-5",
        "nist-800-53/AC-6",
    ],
    equivalents: &[
        ("checkov", "CKV_AWS_336"),
        ("prowler", "ecs_task_definitions_containers_readonly_access"),
    ],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ContainerReadonlyRootFilesystem {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            match td.os() {
                OsFamily::Windows => continue,
                OsFamily::Unknown(r) => {
                    ctx.undecided(
                        &td.meta,
                        &td.os_family.origin,
                        format!("the operating system family is unknown, so whether ECS.5 applies is not known: {r}"),
                    );
                    continue;
                }
                OsFamily::Linux | OsFamily::Unspecified => {}
            }
            let name = &td.meta.name;
            each_container(ctx, td, |c, label| {
                let ro = &c.readonly_root_filesystem;
                match &ro.state {
                    State::Set(true) | State::Default(true) => Verdict::Pass,
                    State::Set(false) => Verdict::fail(
                        "readonlyRootFilesystem",
                        &ro.origin,
                        Text::new(
                            format!(
                                "Container `{label}` of ECS task definition `{name}` has a writable root filesystem (`readonlyRootFilesystem` is false)"
                            ),
                            format!(
                                "ECS タスク定義 `{name}` のコンテナ `{label}` のルートファイルシステムが書き込み可能です（`readonlyRootFilesystem` が false）"
                            ),
                        ),
                    ),
                    State::Default(false) | State::Absent => Verdict::fail(
                        "readonlyRootFilesystem",
                        &ro.origin,
                        Text::new(
                            format!(
                                "Container `{label}` of ECS task definition `{name}` has a writable root filesystem (`readonlyRootFilesystem` is not set; the default is false)"
                            ),
                            format!(
                                "ECS タスク定義 `{name}` のコンテナ `{label}` のルートファイルシステムが書き込み可能です（`readonlyRootFilesystem` が未指定で、デフォルトは false）"
                            ),
                        ),
                    ),
                    State::Unknown(r) => Verdict::Unknown(
                        ro.origin.clone(),
                        format!("`readonlyRootFilesystem` of container `{label}` is unknown: {r}"),
                    ),
                }
            });
        }
    }
}
