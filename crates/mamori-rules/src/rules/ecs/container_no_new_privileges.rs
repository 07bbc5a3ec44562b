//! Beyond Security Hub: Linux containers that can run on EC2 should set `no-new-privileges`, so
//! that no process in them gains privileges through setuid or setgid programs or file
//! capabilities.

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, KIND_TASK_DEFINITION, OsFamily};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ContainerNoNewPrivileges;

pub static RULE: ContainerNoNewPrivileges = ContainerNoNewPrivileges;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-031",
    name: "ecs-container-no-new-privileges",
    title_en: "ECS containers on EC2 should set no-new-privileges",
    title_ja: "EC2 上の ECS コンテナでは no-new-privileges を設定する",
    severity: Severity::Medium,
    controls: &["nist-800-53/AC-6"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ContainerNoNewPrivileges {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            match td.fargate_only() {
                // Fargate does not accept `dockerSecurityOptions`.
                Some(true) => continue,
                Some(false) => {}
                None => {
                    ctx.undecided(
                        &td.meta,
                        &td.requires_compatibilities.origin,
                        "whether the task definition runs only on Fargate is unknown (`requiresCompatibilities` cannot be read)",
                    );
                    continue;
                }
            }
            match td.os() {
                // `no-new-privileges` is a Linux kernel feature.
                OsFamily::Windows => continue,
                OsFamily::Unknown(r) => {
                    ctx.undecided(
                        &td.meta,
                        &td.os_family.origin,
                        format!("the operating system family is unknown: {r}"),
                    );
                    continue;
                }
                OsFamily::Linux | OsFamily::Unspecified => {}
            }
            let name = &td.meta.name;
            each_container(ctx, td, |c, label| judge(c, label, name));
        }
    }
}

/// `Some(true)` for `no-new-privileges` (or `no-new-privileges:true`), `Some(false)` for
/// `no-new-privileges:false`, `None` for any other option.
fn no_new_privileges(option: &str) -> Option<bool> {
    let o = option.trim().to_ascii_lowercase();
    let rest = o.strip_prefix("no-new-privileges")?;
    match rest.trim_start_matches(['=', ':']) {
        "" | "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

fn judge(c: &ContainerDefinition, label: &str, name: &str) -> Verdict {
    let opts = &c.docker_security_options;
    let fail = |origin: &mamori_model::Origin, what_en: &str, what_ja: &str| {
        Verdict::fail(
            "dockerSecurityOptions[no-new-privileges]",
            origin,
            Text::new(
                format!(
                    "Container `{label}` of ECS task definition `{name}` {what_en}, so a process in it can gain privileges through a setuid program or file capabilities; add `no-new-privileges` to `dockerSecurityOptions`"
                ),
                format!(
                    "ECS タスク定義 `{name}` のコンテナ `{label}` {what_ja}。setuid プログラムやファイルケーパビリティを通じてプロセスが権限を得られるため、`dockerSecurityOptions` に `no-new-privileges` を追加してください"
                ),
            ),
        )
    };
    let items = match &opts.state {
        State::Set(items) | State::Default(items) => items,
        State::Absent => {
            return fail(
                &opts.origin,
                "sets no `dockerSecurityOptions`",
                "には `dockerSecurityOptions` が設定されていません",
            );
        }
        State::Unknown(r) => {
            return Verdict::Unknown(
                opts.origin.clone(),
                format!("the Docker security options of container `{label}` are unknown: {r}"),
            );
        }
    };
    let mut unknown = None;
    let mut disabled = None;
    for i in items {
        match &i.state {
            State::Set(s) | State::Default(s) => match no_new_privileges(s) {
                Some(true) => return Verdict::Pass,
                Some(false) => disabled = disabled.or(Some(i)),
                None => {}
            },
            State::Unknown(r) => {
                unknown.get_or_insert_with(|| {
                    (
                        i.origin.clone(),
                        format!("a Docker security option of container `{label}` is unknown: {r}"),
                    )
                });
            }
            State::Absent => {}
        }
    }
    if let Some((o, why)) = unknown {
        return Verdict::Unknown(o, why);
    }
    match disabled {
        Some(i) => fail(
            &i.origin,
            "turns `no-new-privileges` off",
            "では `no-new-privileges` が無効にされています",
        ),
        None => fail(
            &opts.origin,
            "does not set `no-new-privileges` in `dockerSecurityOptions`",
            "の `dockerSecurityOptions` に `no-new-privileges` がありません",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_spellings() {
        assert_eq!(no_new_privileges("no-new-privileges"), Some(true));
        assert_eq!(no_new_privileges("No-New-Privileges:true"), Some(true));
        assert_eq!(no_new_privileges("no-new-privileges=true"), Some(true));
        assert_eq!(no_new_privileges("no-new-privileges:false"), Some(false));
        assert_eq!(no_new_privileges("apparmor:docker-default"), None);
        assert_eq!(no_new_privileges("label:type:container_t"), None);
    }
}
