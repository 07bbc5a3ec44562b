//! Containers with a log driver should pin the log delivery `mode` to `non-blocking`, so that a
//! log destination that stops accepting logs cannot stall the application. Beyond Security Hub;
//! Prowler's `ecs_task_definitions_logging_block_mode`.
//!
//! Since 25 June 2025 ECS uses `non-blocking` when neither the container's `mode` option nor
//! the `defaultLogDriverMode` account setting says otherwise. The account setting is outside
//! what mamori reads, so an omitted `mode` is reported as not pinned: the mode then depends on
//! the account and Region the task runs in.

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, KIND_TASK_DEFINITION};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct AwslogsBlockingMode;

pub static RULE: AwslogsBlockingMode = AwslogsBlockingMode;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-029",
    name: "ecs-awslogs-blocking-mode",
    title_en: "ECS containers should set the log delivery mode to non-blocking",
    title_ja: "ECS コンテナのログ配信モードを non-blocking に指定する",
    severity: Severity::Low,
    controls: &["nist-800-53/AU-5"],
    equivalents: &[("prowler", "ecs_task_definitions_logging_block_mode")],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for AwslogsBlockingMode {
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
    let log = match &c.log_configuration.state {
        State::Set(l) | State::Default(l) => l,
        // No logging configuration: MAM-ECS-009's finding, nothing to deliver here.
        State::Absent => return Verdict::NotApplicable,
        State::Unknown(r) => {
            return Verdict::Unknown(
                c.log_configuration.origin.clone(),
                format!("the log configuration of container `{label}` is unknown: {r}"),
            );
        }
    };
    // `mode` applies to every log driver; only a configuration without a driver is left out.
    if log.log_driver.is_absent() {
        return Verdict::NotApplicable;
    }
    let options = match &log.options.state {
        State::Set(o) | State::Default(o) => o.as_slice(),
        State::Absent => &[],
        State::Unknown(r) => {
            return Verdict::Unknown(
                log.options.origin.clone(),
                format!("the log options of container `{label}` are unknown: {r}"),
            );
        }
    };
    let Some(mode) = options
        .iter()
        .rev()
        .find(|kv| kv.name.value().is_some_and(|n| n == "mode"))
    else {
        return Verdict::fail(
            "logConfiguration.options.mode",
            &log.options.origin,
            Text::new(
                format!(
                    "Container `{label}` of ECS task definition `{td}` does not set the log option `mode`, so whether a stalled log destination blocks the application depends on the account setting `defaultLogDriverMode` of the Region it runs in; set `mode` to `non-blocking`"
                ),
                format!(
                    "ECS タスク定義 `{td}` のコンテナ `{label}` でログオプション `mode` が指定されていません。ログの送信先が詰まったときにアプリケーションが停止するかどうかは、実行するリージョンのアカウント設定 `defaultLogDriverMode` 次第になります。`mode` に `non-blocking` を指定してください"
                ),
            ),
        );
    };
    match &mode.value.state {
        State::Set(m) | State::Default(m) if m == "non-blocking" => Verdict::Pass,
        State::Set(m) | State::Default(m) if m == "blocking" => Verdict::fail(
            "logConfiguration.options.mode",
            &mode.value.origin,
            Text::new(
                format!(
                    "Container `{label}` of ECS task definition `{td}` uses the `blocking` log delivery mode: when its logs cannot be delivered, writes to standard output and error stop the application"
                ),
                format!(
                    "ECS タスク定義 `{td}` のコンテナ `{label}` はログ配信モード `blocking` を使っています。ログを送れないとき、標準出力・標準エラー出力への書き込みでアプリケーションが止まります"
                ),
            ),
        ),
        State::Set(m) | State::Default(m) => Verdict::fail(
            "logConfiguration.options.mode",
            &mode.value.origin,
            Text::new(
                format!(
                    "Container `{label}` of ECS task definition `{td}` sets the log option `mode` to `{m}`, which is neither `blocking` nor `non-blocking`"
                ),
                format!(
                    "ECS タスク定義 `{td}` のコンテナ `{label}` のログオプション `mode` が `{m}` で、`blocking` でも `non-blocking` でもありません"
                ),
            ),
        ),
        State::Unknown(r) => Verdict::Unknown(
            mode.value.origin.clone(),
            format!("the log option `mode` of container `{label}` is unknown: {r}"),
        ),
        State::Absent => Verdict::fail(
            "logConfiguration.options.mode",
            &mode.origin,
            Text::new(
                format!("Container `{label}` of ECS task definition `{td}` gives the log option `mode` no value"),
                format!("ECS タスク定義 `{td}` のコンテナ `{label}` のログオプション `mode` に値がありません"),
            ),
        ),
    }
}
