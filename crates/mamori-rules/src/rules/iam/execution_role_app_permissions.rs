//! Beyond Security Hub: an ECS task execution role is for the ECS agent, not the application. It
//! should hold what the agent needs to start the task — pull the image from ECR, write the
//! container logs to CloudWatch Logs, read the task's own secrets — and nothing more: the
//! application's permissions belong to the task role (`taskRoleArn`), which only the
//! containers use.
//!
//! A statement of an execution role fails when it allows an action of any service other than
//! [`EXECUTION_SERVICES`] (`s3:*`, `dynamodb:PutItem`, `*`…), an action of those services that
//! writes or manages rather than pulls, logs or reads ([`BEYOND_EXECUTION`]: `ecr:PutImage`,
//! `secretsmanager:PutSecretValue`, `kms:Encrypt`…), or uses `NotAction`.

use crate::entitlements::{self, judge_grants, service_of, uses_text};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::iam::{KIND_IAM_ROLE, PolicyStatement, wildcard_match};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ExecutionRoleAppPermissions;

pub static RULE: ExecutionRoleAppPermissions = ExecutionRoleAppPermissions;

static META: RuleMeta = RuleMeta {
    id: "MAM-IAM-002",
    name: "ecs-execution-role-app-permissions",
    title_en: "ECS task execution roles should hold only what starting the task needs",
    title_ja: "ECS タスク実行ロールにはタスクの起動に必要な権限だけを与える",
    severity: Severity::Medium,
    controls: &["nist-800-53/AC-6"],
    equivalents: &[],
    resource_kinds: &[KIND_IAM_ROLE],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

/// The services an execution role calls: ECR (pull), CloudWatch Logs (the `awslogs` driver),
/// Secrets Manager, Systems Manager Parameter Store and KMS (the task's `secrets`).
pub const EXECUTION_SERVICES: &[&str] = &["ecr", "logs", "secretsmanager", "ssm", "kms"];

/// Actions of those services that an execution role never needs: pushing or managing images,
/// managing or reading log groups, writing or managing secrets and parameters, running
/// commands, encrypting or managing keys.
pub const BEYOND_EXECUTION: &[&str] = &[
    "ecr:PutImage",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
    "ecr:BatchDeleteImage",
    "ecr:DeleteRepository",
    "ecr:DeleteRepositoryPolicy",
    "ecr:SetRepositoryPolicy",
    "ecr:PutLifecyclePolicy",
    "ecr:PutImageTagMutability",
    "ecr:PutRegistryPolicy",
    "logs:DeleteLogGroup",
    "logs:DeleteLogStream",
    "logs:PutRetentionPolicy",
    "logs:DeleteRetentionPolicy",
    "logs:PutResourcePolicy",
    "logs:PutSubscriptionFilter",
    "logs:AssociateKmsKey",
    "logs:DisassociateKmsKey",
    "logs:GetLogEvents",
    "logs:FilterLogEvents",
    "logs:StartQuery",
    "logs:CreateExportTask",
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecret",
    "secretsmanager:CreateSecret",
    "secretsmanager:DeleteSecret",
    "secretsmanager:PutResourcePolicy",
    "secretsmanager:RotateSecret",
    "ssm:PutParameter",
    "ssm:DeleteParameter",
    "ssm:DeleteParameters",
    "ssm:SendCommand",
    "ssm:StartSession",
    "ssm:StartAutomationExecution",
    "kms:Encrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:CreateGrant",
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
    "kms:DisableKey",
    "kms:CreateKey",
];

impl Rule for ExecutionRoleAppPermissions {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for (role, uses) in entitlements::execution_roles(inv) {
            let (used_en, used_ja) = uses_text(&uses);
            let name = &role.meta.name;
            judge_grants(ctx, inv, role, |g| {
                let found = beyond(&g.statement)?;
                if found.is_empty() {
                    return Ok(None);
                }
                let shown: Vec<String> = found.iter().take(5).map(|a| format!("`{a}`")).collect();
                let more = found.len().saturating_sub(5);
                let (list_en, list_ja) = match more {
                    0 => (shown.join(", "), shown.join("、")),
                    n => (
                        format!("{} and {n} more", shown.join(", ")),
                        format!("{} ほか {n} 件", shown.join("、")),
                    ),
                };
                let (from_en, from_ja) = match g.managed {
                    Some(m) => (
                        format!("AWS managed policy `{}`", m.name),
                        format!("AWS 管理ポリシー `{}`", m.name),
                    ),
                    None => (format!("policy `{}`", g.policy), format!("ポリシー `{}`", g.policy)),
                };
                Ok(Some(Text::new(
                    format!(
                        "IAM role `{name}`{used_en} holds application permissions beyond pulling images, writing logs and reading the task's secrets: {from_en} allows {list_en}"
                    ),
                    format!(
                        "IAM ロール `{name}`{used_ja}に、イメージの pull・ログの書き込み・タスクのシークレットの読み取りを超えるアプリケーション用の権限がある。{from_ja} が {list_ja} を許可している"
                    ),
                )))
            });
        }
    }
}

/// The actions a statement allows beyond what an execution role needs; `Err` when an action
/// that could be is unknown and none is found.
fn beyond(st: &PolicyStatement) -> Result<Vec<String>, ()> {
    match st.allows() {
        Some(true) => {}
        Some(false) => return Ok(Vec::new()),
        None => return Err(()),
    }
    if let Some(not) = st.not_actions.value() {
        let listed: Vec<String> = not.iter().filter_map(|a| a.value().cloned()).collect();
        return Ok(vec![format!("NotAction [{}]", listed.join(", "))]);
    }
    let actions = match &st.actions.state {
        State::Set(a) | State::Default(a) => a,
        State::Absent => return Ok(Vec::new()),
        State::Unknown(_) => return Err(()),
    };
    let mut found = Vec::new();
    let mut unknown = false;
    for a in actions {
        let Some(v) = a.value() else {
            unknown |= a.is_unknown();
            continue;
        };
        let lower = v.trim().to_ascii_lowercase();
        let service = service_of(&lower);
        let outside = !EXECUTION_SERVICES.contains(&service.as_str());
        let writes = BEYOND_EXECUTION
            .iter()
            .any(|b| wildcard_match(&lower, &b.to_ascii_lowercase()));
        if outside || writes {
            found.push(v.trim().to_string());
        }
    }
    if found.is_empty() && unknown {
        return Err(());
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori_model::{Attr, Origin};

    fn st(actions: &[&str]) -> PolicyStatement {
        let o = Origin::Synthetic;
        let mut s = PolicyStatement::new(o.clone());
        s.effect = Attr::set("Allow".into(), o.clone());
        s.actions = Attr::set(actions.iter().map(|a| Attr::set(a.to_string(), o.clone())).collect(), o);
        s
    }

    #[test]
    fn what_an_execution_role_may_hold() {
        let ok = st(&[
            "ecr:GetAuthorizationToken",
            "ecr:BatchGetImage",
            "ecr:Get*",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "secretsmanager:GetSecretValue",
            "ssm:GetParameters",
            "kms:Decrypt",
        ]);
        assert_eq!(beyond(&ok), Ok(Vec::new()));
        assert_eq!(beyond(&st(&["s3:GetObject", "logs:*"])), Ok(vec!["s3:GetObject".to_string(), "logs:*".to_string()]));
        assert_eq!(beyond(&st(&["*"])), Ok(vec!["*".to_string()]));
        assert_eq!(beyond(&st(&["ecr:*"])), Ok(vec!["ecr:*".to_string()]));
    }
}
