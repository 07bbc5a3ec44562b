//! Beyond Security Hub: a task definition without a task role whose containers evidently call
//! AWS (static access keys in the environment, an AWS agent image, FireLens output to an AWS
//! service).

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, EcsTaskDefinition, KeyValue, KIND_TASK_DEFINITION};
use mamori_model::{Attr, Inventory, Origin, Severity, SourceKind, State, Text};

pub struct TaskRoleMissing;

pub static RULE: TaskRoleMissing = TaskRoleMissing;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-027",
    name: "ecs-task-role-missing",
    title_en: "ECS task definitions whose containers call AWS should have a task role",
    title_ja: "AWS を呼び出すコンテナを含む ECS タスク定義にはタスクロールを設定する",
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

/// Environment variables that hold static access keys.
const KEY_VARIABLES: &[&str] = &["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

/// Repository paths of AWS agents that call AWS APIs with the task's credentials, and what
/// they are.
const AGENTS: &[(&str, &str)] = &[
    ("amazon/aws-xray-daemon", "AWS X-Ray daemon"),
    ("xray/aws-xray-daemon", "AWS X-Ray daemon"),
    ("amazon/aws-otel-collector", "AWS Distro for OpenTelemetry collector"),
    ("aws-observability/aws-otel-collector", "AWS Distro for OpenTelemetry collector"),
    ("amazon/cloudwatch-agent", "CloudWatch agent"),
    ("cloudwatch-agent/cloudwatch-agent", "CloudWatch agent"),
    ("amazon/aws-for-fluent-bit", "AWS for Fluent Bit"),
    ("aws-observability/aws-for-fluent-bit", "AWS for Fluent Bit"),
];

/// Fluent Bit output plugins that write to an AWS service, and the service.
const FIRELENS_OUTPUTS: &[(&str, &str)] = &[
    ("cloudwatch", "CloudWatch Logs"),
    ("cloudwatch_logs", "CloudWatch Logs"),
    ("firehose", "Amazon Data Firehose"),
    ("kinesis_firehose", "Amazon Data Firehose"),
    ("kinesis", "Kinesis Data Streams"),
    ("kinesis_streams", "Kinesis Data Streams"),
    ("s3", "Amazon S3"),
    ("es", "Amazon OpenSearch Service"),
    ("opensearch", "Amazon OpenSearch Service"),
];

impl Rule for TaskRoleMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        // The findings point at environment variables that may hold a credential.
        ctx.sensitive();
        for td in inv.ecs_task_definitions() {
            judge(td, ctx);
        }
    }
}

fn judge(td: &EcsTaskDefinition, ctx: &mut Ctx<'_>) {
    let role = &td.task_role_arn;
    match &role.state {
        State::Set(r) | State::Default(r) if !r.trim().is_empty() => return ctx.pass(&td.meta),
        State::Unknown(why) => {
            // Only a container that calls AWS (or may) makes the unknown role matter.
            let matters = match td.containers.value() {
                Some(cs) => cs.iter().any(|c| !matches!(evidence(c), Found::Nothing)),
                None => td.containers.is_unknown(),
            };
            if matters {
                return ctx.undecided(&td.meta, &role.origin, format!("the task role is unknown: {why}"));
            }
            return ctx.pass(&td.meta);
        }
        _ => {}
    }
    let name = td.meta.name.clone();
    each_container(ctx, td, |c, label| match evidence(c) {
        Found::Nothing => Verdict::Pass,
        Found::Unknown(origin, why) => Verdict::Unknown(origin, why),
        Found::Calls(items) => {
            let en: Vec<&str> = items.iter().map(|(_, en, _)| en.as_str()).collect();
            let ja: Vec<&str> = items.iter().map(|(_, _, ja)| ja.as_str()).collect();
            // The finding is about the container that calls AWS without a role, whichever
            // evidence shows it: its attribute is the container itself.
            Verdict::fail(
                "",
                &items[0].0,
                Text::new(
                    format!(
                        "ECS task definition `{name}` has no task role, yet container `{label}` evidently calls AWS: {}",
                        en.join("; ")
                    ),
                    format!(
                        "ECS タスク定義 `{name}` にはタスクロールがありませんが、コンテナ `{label}` は AWS を呼び出しています: {}",
                        ja.join("。")
                    ),
                ),
            )
        }
    });
}

/// What a container shows about calling AWS.
enum Found {
    Nothing,
    /// Each piece of evidence: where, and what (English, Japanese).
    Calls(Vec<(Origin, String, String)>),
    /// No evidence, but a value that could hold some is unknown.
    Unknown(Origin, String),
}

fn evidence(c: &ContainerDefinition) -> Found {
    let mut calls = Vec::new();
    let mut unknown: Option<(Origin, String)> = None;
    let mut note_unknown = |o: &Origin, why: String| {
        if unknown.is_none() {
            unknown = Some((o.clone(), why));
        }
    };

    for (list, as_secret) in [(&c.environment, false), (&c.secrets, true)] {
        match key_variables(list) {
            Ok(found) if found.is_empty() => {}
            Ok(found) => {
                let origin = found[0].0.clone();
                let vars: Vec<String> = found.iter().map(|(_, v)| format!("`{v}`")).collect();
                let (en, ja) = if as_secret {
                    (
                        format!(
                            "it receives {} as secrets (static access keys in place of a role)",
                            vars.join(" and ")
                        ),
                        format!(
                            "シークレットとして {} を受け取っています（ロールの代わりに固定のアクセスキーを使用）",
                            vars.join(" と ")
                        ),
                    )
                } else {
                    (
                        format!("it sets {} (static access keys in place of a role)", vars.join(" and ")),
                        format!(
                            "{} を設定しています（ロールの代わりに固定のアクセスキーを使用）",
                            vars.join(" と ")
                        ),
                    )
                };
                calls.push((origin, en, ja));
            }
            Err((o, why)) => note_unknown(&o, why),
        }
    }

    match &c.image.state {
        State::Set(image) | State::Default(image) => {
            if let Some((path, agent)) = agent_image(image) {
                calls.push((
                    c.image.origin.clone(),
                    format!("it runs the {agent} image (`{path}`)"),
                    format!("{agent} のイメージ（`{path}`）を実行しています"),
                ));
            }
        }
        State::Unknown(r) => note_unknown(&c.image.origin, format!("the image is unknown: {r}")),
        State::Absent => {}
    }

    match firelens_output(c) {
        Ok(Some((origin, plugin, service))) => calls.push((
            origin,
            format!("it sends its logs through FireLens to {service} (output `{plugin}`)"),
            format!("FireLens 経由でログを {service} に送っています（出力 `{plugin}`）"),
        )),
        Ok(None) => {}
        Err((o, why)) => note_unknown(&o, why),
    }

    if !calls.is_empty() {
        Found::Calls(calls)
    } else if let Some((o, why)) = unknown {
        Found::Unknown(o, why)
    } else {
        Found::Nothing
    }
}

/// The static-key variables of `environment` or `secrets`, with the place of each name.
#[allow(clippy::type_complexity)]
fn key_variables(list: &Attr<Vec<KeyValue>>) -> Result<Vec<(Origin, String)>, (Origin, String)> {
    let items = match &list.state {
        State::Set(items) | State::Default(items) => items,
        State::Absent => return Ok(Vec::new()),
        State::Unknown(r) => return Err((list.origin.clone(), format!("the variables are unknown: {r}"))),
    };
    let mut found = Vec::new();
    let mut unknown = None;
    for kv in items {
        match &kv.name.state {
            State::Set(n) | State::Default(n) => {
                if KEY_VARIABLES.contains(&n.as_str()) {
                    found.push((kv.name.origin.clone(), n.clone()));
                }
            }
            State::Unknown(r) => {
                if unknown.is_none() {
                    unknown = Some((kv.name.origin.clone(), format!("a variable name is unknown: {r}")));
                }
            }
            State::Absent => {}
        }
    }
    match unknown {
        Some(u) if found.is_empty() => Err(u),
        _ => Ok(found),
    }
}

/// The repository path of an image reference: without the registry host, the tag and the
/// digest, in lower case (`public.ecr.aws/xray/aws-xray-daemon:3.3.7` → `xray/aws-xray-daemon`).
fn repository_path(image: &str) -> String {
    let no_digest = image.trim().split('@').next().unwrap_or("");
    let no_tag = match (no_digest.rfind(':'), no_digest.rfind('/')) {
        (Some(c), Some(s)) if c > s => &no_digest[..c],
        (Some(c), None) => &no_digest[..c],
        _ => no_digest,
    };
    let path = match no_tag.split_once('/') {
        Some((host, rest)) if host.contains('.') || host.contains(':') || host == "localhost" => rest,
        _ => no_tag,
    };
    path.to_ascii_lowercase()
}

/// The AWS agent an image is, matched by repository path; a registry mirror or pull-through
/// cache prefix in front of the path (`…/ecr-public/xray/aws-xray-daemon`) still matches.
fn agent_image(image: &str) -> Option<(String, &'static str)> {
    let path = repository_path(image);
    AGENTS
        .iter()
        .find(|(known, _)| path == *known || path.ends_with(&format!("/{known}")))
        .map(|(_, agent)| (path.clone(), *agent))
}

/// A FireLens log configuration whose Fluent Bit output plugin (`Name`) writes to an AWS
/// service. `es` and `opensearch` count only with `AWS_Auth` on: without it they may write to
/// any Elasticsearch or OpenSearch endpoint.
#[allow(clippy::type_complexity)]
fn firelens_output(c: &ContainerDefinition) -> Result<Option<(Origin, String, &'static str)>, (Origin, String)> {
    let lc = match &c.log_configuration.state {
        State::Set(l) | State::Default(l) => l,
        State::Absent => return Ok(None),
        State::Unknown(r) => {
            return Err((
                c.log_configuration.origin.clone(),
                format!("the log configuration is unknown: {r}"),
            ));
        }
    };
    match &lc.log_driver.state {
        State::Set(d) | State::Default(d) if d.eq_ignore_ascii_case("awsfirelens") => {}
        State::Unknown(r) => return Err((lc.log_driver.origin.clone(), format!("the log driver is unknown: {r}"))),
        _ => return Ok(None),
    }
    let options = match &lc.options.state {
        State::Set(o) | State::Default(o) => o,
        State::Absent => return Ok(None),
        State::Unknown(r) => return Err((lc.options.origin.clone(), format!("the FireLens options are unknown: {r}"))),
    };
    let option = |key: &str| {
        options
            .iter()
            .rev()
            .find(|kv| kv.name.value().is_some_and(|n| n.eq_ignore_ascii_case(key)))
    };
    let Some(name) = option("Name") else {
        return Ok(None);
    };
    let plugin = match &name.value.state {
        State::Set(v) | State::Default(v) => v.trim().to_ascii_lowercase(),
        State::Unknown(r) => {
            return Err((name.value.origin.clone(), format!("the FireLens output `Name` is unknown: {r}")));
        }
        State::Absent => return Ok(None),
    };
    let Some((_, service)) = FIRELENS_OUTPUTS.iter().find(|(p, _)| *p == plugin) else {
        return Ok(None);
    };
    if plugin == "es" || plugin == "opensearch" {
        match option("AWS_Auth").map(|kv| &kv.value.state) {
            Some(State::Set(v) | State::Default(v)) if v.eq_ignore_ascii_case("on") => {}
            Some(State::Unknown(r)) => {
                return Err((name.value.origin.clone(), format!("the FireLens option `AWS_Auth` is unknown: {r}")));
            }
            _ => return Ok(None),
        }
    }
    Ok(Some((name.value.origin.clone(), plugin, service)))
}

#[cfg(test)]
mod tests {
    use super::{agent_image, repository_path};

    #[test]
    fn repository_paths_drop_registry_tag_and_digest() {
        assert_eq!(repository_path("amazon/aws-xray-daemon"), "amazon/aws-xray-daemon");
        assert_eq!(repository_path("public.ecr.aws/xray/aws-xray-daemon:3.3.7"), "xray/aws-xray-daemon");
        assert_eq!(
            repository_path("docker.io/amazon/cloudwatch-agent@sha256:0123abcd"),
            "amazon/cloudwatch-agent"
        );
        assert_eq!(repository_path("localhost:5000/amazon/aws-for-fluent-bit:stable"), "amazon/aws-for-fluent-bit");
        assert_eq!(repository_path("nginx:1.27"), "nginx");
    }

    #[test]
    fn agents_match_by_path_with_or_without_a_mirror_prefix() {
        assert!(agent_image("public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0").is_some());
        assert!(agent_image("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/ecr-public/xray/aws-xray-daemon:3.3.7").is_some());
        assert!(agent_image("mirror.example.com/amazon/aws-for-fluent-bit:2.32.4").is_some());
        assert!(agent_image("amazon/aws-xray-daemon-extended:1").is_none());
        assert!(agent_image("example/my-amazon/aws-xray-daemon").is_none());
        assert!(agent_image("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:aws-xray-daemon").is_none());
    }
}
