//! Beyond Security Hub: Linux containers should drop every capability (`drop: ["ALL"]`) and add
//! back only what they need, as the Kubernetes Pod Security Standards' restricted profile asks.

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, KIND_TASK_DEFINITION, OsFamily};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ContainerCapabilitiesNotDropped;

pub static RULE: ContainerCapabilitiesNotDropped = ContainerCapabilitiesNotDropped;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-020",
    name: "ecs-container-capabilities-not-dropped",
    title_en: "ECS containers should drop all Linux capabilities and add back only those they need",
    title_ja: "ECS コンテナでは Linux ケーパビリティをすべて削除し、必要なものだけを追加する",
    severity: Severity::Low,
    controls: &["nist-800-53/AC-6"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ContainerCapabilitiesNotDropped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            match td.os() {
                // Windows containers have no Linux capabilities.
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

fn is_all(s: &str) -> bool {
    let u = s.trim().to_ascii_uppercase();
    u == "ALL" || u == "CAP_ALL"
}

fn judge(c: &ContainerDefinition, label: &str, name: &str) -> Verdict {
    let drop = &c.capabilities_drop;
    let advice_en = "drop `ALL` and add back only the capabilities the process needs (for example `NET_BIND_SERVICE` to listen on a port below 1024)";
    let advice_ja = "`ALL` を削除したうえで、プロセスに必要なケーパビリティだけを追加し直してください（例: 1024 未満のポートで待ち受けるなら `NET_BIND_SERVICE`）";
    let items = match &drop.state {
        State::Set(items) | State::Default(items) => items,
        State::Absent => {
            return Verdict::fail(
                "linuxParameters.capabilities.drop",
                &drop.origin,
                Text::new(
                    format!(
                        "Container `{label}` of ECS task definition `{name}` drops no Linux capability and keeps the runtime's default set; {advice_en}"
                    ),
                    format!(
                        "ECS タスク定義 `{name}` のコンテナ `{label}` は Linux ケーパビリティを削除しておらず、ランタイムのデフォルトのセットをそのまま持っています。{advice_ja}"
                    ),
                ),
            );
        }
        State::Unknown(r) => {
            return Verdict::Unknown(
                drop.origin.clone(),
                format!("the capabilities container `{label}` drops are unknown: {r}"),
            );
        }
    };
    if items.iter().any(|i| i.value().is_some_and(|s| is_all(s))) {
        return Verdict::Pass;
    }
    if let Some(i) = items.iter().find(|i| i.is_unknown()) {
        return Verdict::Unknown(
            i.origin.clone(),
            format!(
                "a capability container `{label}` drops is unknown: {}",
                i.unknown_reason().unwrap_or_default()
            ),
        );
    }
    let listed: Vec<String> = items
        .iter()
        .filter_map(|i| i.value())
        .map(|s| format!("`{}`", s.trim()))
        .collect();
    let (what_en, what_ja) = if listed.is_empty() {
        (
            "has an empty `capabilities.drop` list".to_string(),
            "の `capabilities.drop` は空です".to_string(),
        )
    } else {
        let l = listed.join(", ");
        let l_ja = listed.join("、");
        (
            format!("drops only {l}, not `ALL`"),
            format!("が削除しているのは {l_ja} だけで、`ALL` ではありません"),
        )
    };
    Verdict::fail(
        "linuxParameters.capabilities.drop",
        &drop.origin,
        Text::new(
            format!("Container `{label}` of ECS task definition `{name}` {what_en}; {advice_en}"),
            format!("ECS タスク定義 `{name}` のコンテナ `{label}` {what_ja}。{advice_ja}"),
        ),
    )
}
