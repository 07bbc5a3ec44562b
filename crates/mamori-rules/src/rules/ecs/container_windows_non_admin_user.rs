//! ECS.21: ECS task definitions should configure non-administrator users in Windows container
//! definitions.
//!
//! Judged when the operating system family is a `WINDOWS_SERVER_*` value or not declared, as AWS
//! does: a task definition without `runtimePlatform` is judged by both ECS.20 (MAM-ECS-016) and
//! ECS.21, because nothing in it says which one it is.

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{KIND_TASK_DEFINITION, OsFamily};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ContainerWindowsNonAdminUser;

pub static RULE: ContainerWindowsNonAdminUser = ContainerWindowsNonAdminUser;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-017",
    name: "ecs-container-windows-non-admin-user",
    title_en: "Windows containers in ECS task definitions should run as a non-administrator user",
    title_ja: "ECS タスク定義の Windows コンテナを管理者以外のユーザーで実行する",
    severity: Severity::Medium,
    controls: &["aws-securityhub/ECS.21"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ContainerWindowsNonAdminUser {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            let undeclared = match td.os() {
                OsFamily::Linux => continue,
                OsFamily::Unknown(r) => {
                    ctx.undecided(
                        &td.meta,
                        &td.os_family.origin,
                        format!("the operating system family is unknown, so whether ECS.21 applies is not known: {r}"),
                    );
                    continue;
                }
                OsFamily::Windows => false,
                OsFamily::Unspecified => true,
            };
            let (note_en, note_ja) = if undeclared {
                (
                    "; the task definition declares no operating system family, so it is judged as a Windows task definition too, as AWS does",
                    "。タスク定義に OS ファミリーの指定がないため、AWS と同じく Windows のタスク定義としても判定しています",
                )
            } else {
                ("", "")
            };
            let name = &td.meta.name;
            each_container(ctx, td, |c, label| {
                let user = &c.user;
                let no_user = || {
                    Verdict::fail(
                        "user",
                        &user.origin,
                        Text::new(
                            format!(
                                "Container `{label}` of ECS task definition `{name}` sets no `user`, so it runs as the image's default user (ContainerAdministrator in Windows Server Core images){note_en}"
                            ),
                            format!(
                                "ECS タスク定義 `{name}` のコンテナ `{label}` に `user` が指定されていないため、イメージの既定のユーザー（Windows Server Core のイメージでは ContainerAdministrator）で実行されます{note_ja}"
                            ),
                        ),
                    )
                };
                match &user.state {
                    State::Absent => no_user(),
                    State::Set(u) | State::Default(u) if u.trim().is_empty() => no_user(),
                    State::Set(u) | State::Default(u) if u.eq_ignore_ascii_case("containeradministrator") => {
                        Verdict::fail(
                            "user",
                            &user.origin,
                            Text::new(
                                format!(
                                    "Container `{label}` of ECS task definition `{name}` runs as the container's administrator account (`user` is `{u}`){note_en}"
                                ),
                                format!(
                                    "ECS タスク定義 `{name}` のコンテナ `{label}` がコンテナの管理者アカウントで実行されます（`user` が `{u}`）{note_ja}"
                                ),
                            ),
                        )
                    }
                    State::Set(_) | State::Default(_) => Verdict::Pass,
                    State::Unknown(r) => Verdict::Unknown(
                        user.origin.clone(),
                        format!("`user` of container `{label}` is unknown: {r}"),
                    ),
                }
            });
        }
    }
}
