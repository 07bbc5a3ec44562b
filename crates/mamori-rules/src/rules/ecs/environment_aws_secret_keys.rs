//! ECS.8: secrets should not be passed as container environment variables. AWS judges the
//! variable *names* only, against a fixed list; the values are never read (MAM-ECS-018 reads
//! them).

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, KIND_TASK_DEFINITION};
use mamori_model::{Inventory, Origin, Severity, SourceKind, State, Text};

pub struct EnvironmentAwsSecretKeys;

pub static RULE: EnvironmentAwsSecretKeys = EnvironmentAwsSecretKeys;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-008",
    name: "ecs-environment-aws-secret-keys",
    title_en: "ECS task definitions should not pass secrets as container environment variables",
    title_ja: "ECS タスク定義でシークレットをコンテナの環境変数として渡さない",
    severity: Severity::High,
    controls: &[
        "aws-securityhub/ECS.8",
        "nist-800-53/CA-9(1)",
        "nist-800-53/CM-2",
        "pci-dss-4.0.1/8.6.2",
    ],
    equivalents: &[("prowler", "ecs_task_definitions_no_environment_secrets")],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

/// The `secretKeys` of the AWS Config rule `ecs-no-environment-secrets`, fixed by Security Hub.
/// Environment variable names are case-sensitive, and so is the comparison.
pub(crate) const SECRET_KEYS: &[&str] = &["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"];

impl Rule for EnvironmentAwsSecretKeys {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        // The findings point at environment variables that may hold a credential.
        ctx.sensitive();
        for td in inv.ecs_task_definitions() {
            let name = td.meta.name.clone();
            each_container(ctx, td, |c, label| judge(&name, c, label));
        }
    }
}

fn judge(td: &str, c: &ContainerDefinition, label: &str) -> Verdict {
    let vars = match &c.environment.state {
        State::Set(v) | State::Default(v) => v,
        State::Absent => return Verdict::Pass,
        State::Unknown(r) => {
            return Verdict::Unknown(
                c.environment.origin.clone(),
                format!("the environment of container `{label}` is unknown: {r}"),
            );
        }
    };
    let mut found: Vec<(&str, &Origin)> = Vec::new();
    let mut unknown = None;
    for kv in vars {
        match &kv.name.state {
            State::Set(n) | State::Default(n) => {
                if SECRET_KEYS.contains(&n.as_str()) && !found.iter().any(|(f, _)| f == n) {
                    found.push((n, &kv.name.origin));
                }
            }
            State::Unknown(r) => {
                unknown.get_or_insert_with(|| {
                    (
                        kv.name.origin.clone(),
                        format!("an environment variable name of container `{label}` is unknown: {r}"),
                    )
                });
            }
            State::Absent => {}
        }
    }
    // One finding per name, so that each variable is fixed (or accepted) on its own.
    if !found.is_empty() {
        return Verdict::FailEach(
            found
                .into_iter()
                .map(|(n, origin)| {
                    (
                        format!("environment[{n}]"),
                        origin.clone(),
                        Text::new(
                            format!(
                                "Container `{label}` of ECS task definition `{td}` sets the environment variable `{n}` in plain text; give AWS access through the task IAM role and other credentials through `secrets`"
                            ),
                            format!(
                                "ECS タスク定義 `{td}` のコンテナ `{label}` が環境変数 `{n}` を平文で設定しています。AWS へのアクセスはタスク IAM ロールで、その他の認証情報は `secrets` で渡してください"
                            ),
                        ),
                    )
                })
                .collect(),
        );
    }
    match unknown {
        Some((origin, why)) => Verdict::Unknown(origin, why),
        None => Verdict::Pass,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori_model::Attr;
    use mamori_model::ecs_task::KeyValue;

    fn container(vars: &[(&str, &str)]) -> ContainerDefinition {
        let mut c = ContainerDefinition::new(Origin::Synthetic);
        c.environment = Attr::set(
            vars.iter()
                .map(|(n, v)| KeyValue {
                    origin: Origin::Synthetic,
                    name: Attr::set(n.to_string(), Origin::Synthetic),
                    value: Attr::set(v.to_string(), Origin::Synthetic),
                    dynamic_reference: None,
                    reference: None,
                })
                .collect(),
            Origin::Synthetic,
        );
        c
    }

    #[test]
    fn names_are_compared_exactly_and_values_never_shown() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let v = judge("td", &container(&[("AWS_SECRET_ACCESS_KEY", secret)]), "app");
        let Verdict::FailEach(fails) = v else {
            panic!("expected a failure")
        };
        let [(attribute, _, text)] = &fails[..] else {
            panic!("expected one finding, got {}", fails.len())
        };
        assert_eq!(attribute, "environment[AWS_SECRET_ACCESS_KEY]");
        assert!(text.en.contains("`AWS_SECRET_ACCESS_KEY`"));
        assert!(!text.en.contains(secret) && !text.ja.contains(secret));

        // Other spellings are not the names AWS lists.
        assert!(matches!(
            judge(
                "td",
                &container(&[("aws_secret_access_key", "x"), ("AWS_REGION", "x")]),
                "app"
            ),
            Verdict::Pass
        ));
    }

    #[test]
    fn each_name_is_one_finding_however_often_it_is_set() {
        let c = container(&[
            ("AWS_ACCESS_KEY_ID", "a"),
            ("ECS_ENGINE_AUTH_DATA", "b"),
            ("AWS_ACCESS_KEY_ID", "c"),
        ]);
        let Verdict::FailEach(fails) = judge("td", &c, "app") else {
            panic!()
        };
        let attributes: Vec<&str> = fails.iter().map(|(a, _, _)| a.as_str()).collect();
        assert_eq!(
            attributes,
            ["environment[AWS_ACCESS_KEY_ID]", "environment[ECS_ENGINE_AUTH_DATA]"]
        );
        assert!(fails[1].2.en.contains("`ECS_ENGINE_AUTH_DATA`"));
        assert!(!fails[1].2.en.contains("`AWS_ACCESS_KEY_ID`"));
    }
}
