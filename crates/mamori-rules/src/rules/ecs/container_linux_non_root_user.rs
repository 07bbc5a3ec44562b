//! ECS.20: ECS task definitions should configure non-root users in Linux container definitions.
//!
//! Judged when the operating system family is Linux or not declared, as AWS does. AWS counts
//! `root` and `0` as root; mamori also fails a `user:group` value whose user part is `root` or
//! `0` (`0:0`, `root:wheel`), and says so in the message.

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{KIND_TASK_DEFINITION, OsFamily};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ContainerLinuxNonRootUser;

pub static RULE: ContainerLinuxNonRootUser = ContainerLinuxNonRootUser;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-016",
    name: "ecs-container-linux-non-root-user",
    title_en: "Linux containers in ECS task definitions should run as a non-root user",
    title_ja: "ECS タスク定義の Linux コンテナを root 以外のユーザーで実行する",
    severity: Severity::Medium,
    controls: &["aws-securityhub/ECS.20"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

fn is_root(user: &str) -> bool {
    user == "root" || user == "0"
}

impl Rule for ContainerLinuxNonRootUser {
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
                        format!("the operating system family is unknown, so whether ECS.20 applies is not known: {r}"),
                    );
                    continue;
                }
                OsFamily::Linux | OsFamily::Unspecified => {}
            }
            let name = &td.meta.name;
            each_container(ctx, td, |c, label| {
                let user = &c.user;
                let no_user = || {
                    Verdict::fail(
                        "user",
                        &user.origin,
                        Text::new(
                            format!(
                                "Container `{label}` of ECS task definition `{name}` sets no `user`, so it runs as the image's default user, which is root unless the image's `USER` says otherwise"
                            ),
                            format!(
                                "ECS タスク定義 `{name}` のコンテナ `{label}` に `user` が指定されていないため、イメージの既定のユーザーで実行されます（イメージの `USER` で変えていなければ root）"
                            ),
                        ),
                    )
                };
                match &user.state {
                    State::Absent => no_user(),
                    State::Set(u) | State::Default(u) if u.trim().is_empty() => no_user(),
                    State::Set(u) | State::Default(u) if is_root(u) => Verdict::fail(
                        "user",
                        &user.origin,
                        Text::new(
                            format!("Container `{label}` of ECS task definition `{name}` runs as root (`user` is `{u}`)"),
                            format!("ECS タスク定義 `{name}` のコンテナ `{label}` が root ユーザーで実行されます（`user` が `{u}`）"),
                        ),
                    ),
                    State::Set(u) | State::Default(u) if u.split(':').next().is_some_and(is_root) => Verdict::fail(
                        "user",
                        &user.origin,
                        Text::new(
                            format!(
                                "Container `{label}` of ECS task definition `{name}` runs as root (`user` is `{u}`) (stricter than AWS: the user part before `:` is root)"
                            ),
                            format!(
                                "ECS タスク定義 `{name}` のコンテナ `{label}` が root ユーザーで実行されます（`user` が `{u}`）（AWS より厳しい判定: `:` より前のユーザー部分が root）"
                            ),
                        ),
                    ),
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
