//! ECS.9: every container of a task definition should have a logging configuration with a log
//! driver.

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, KIND_TASK_DEFINITION};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ContainerLogging;

pub static RULE: ContainerLogging = ContainerLogging;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-009",
    name: "ecs-container-logging",
    title_en: "ECS task definitions should have a logging configuration",
    title_ja: "ECS タスク定義ではログ設定を行う",
    severity: Severity::High,
    controls: &[
        "aws-securityhub/ECS.9",
        "nist-800-53/AC-4(26)",
        "nist-800-53/AU-10",
        "nist-800-53/AU-12",
        "nist-800-53/AU-2",
        "nist-800-53/AU-3",
        "nist-800-53/AU-6(3)",
        "nist-800-53/AU-6(4)",
        "nist-800-53/CA-7",
        "nist-800-53/SC-7(9)",
        "nist-800-53/SI-7(8)",
    ],
    equivalents: &[("prowler", "ecs_task_definitions_logging_enabled")],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ContainerLogging {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            let name = td.meta.name.clone();
            each_container(ctx, td, |c, label| judge(&name, c, label));
        }
    }
}

fn judge(td: &str, c: &ContainerDefinition, label: &str) -> Verdict {
    let lc = &c.log_configuration;
    let log = match &lc.state {
        State::Set(l) | State::Default(l) => l,
        State::Absent => {
            return Verdict::fail(
                "logConfiguration.logDriver",
                &lc.origin,
                Text::new(
                    format!(
                        "Container `{label}` of ECS task definition `{td}` has no `logConfiguration`, so its standard output and error are not shipped to a log service"
                    ),
                    format!(
                        "ECS タスク定義 `{td}` のコンテナ `{label}` に `logConfiguration` がないため、標準出力と標準エラー出力がログサービスに送られません"
                    ),
                ),
            );
        }
        State::Unknown(r) => {
            return Verdict::Unknown(
                lc.origin.clone(),
                format!("the log configuration of container `{label}` is unknown: {r}"),
            );
        }
    };
    let driver = &log.log_driver;
    match &driver.state {
        State::Set(d) | State::Default(d) if !d.trim().is_empty() => Verdict::Pass,
        State::Unknown(r) => Verdict::Unknown(
            driver.origin.clone(),
            format!("the log driver of container `{label}` is unknown: {r}"),
        ),
        _ => Verdict::fail(
            "logConfiguration.logDriver",
            &driver.origin,
            Text::new(
                format!(
                    "Container `{label}` of ECS task definition `{td}` has a `logConfiguration` without a `logDriver`"
                ),
                format!("ECS タスク定義 `{td}` のコンテナ `{label}` の `logConfiguration` に `logDriver` がありません"),
            ),
        ),
    }
}
