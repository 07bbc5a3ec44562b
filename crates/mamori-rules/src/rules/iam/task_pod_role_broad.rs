//! Beyond Security Hub: the IAM role an ECS task or a Kubernetes pod runs as (an ECS task role,
//! an IRSA role, an EKS Pod Identity role) should not be an administrator, nor allow every action
//! of a sensitive service, nor allow a sensitive action, on every resource.
//!
//! A statement fails when it allows (`Effect: Allow`), on every resource (`Resource: "*"`, or a
//! `NotResource`):
//! * every action (`*`): an administrator;
//! * every action of a sensitive service ([`SENSITIVE_SERVICES`]): `s3:*`, or a `NotAction` that
//!   leaves the service's actions in;
//! * a sensitive action ([`SENSITIVE_ACTIONS`]): a step to privilege escalation (`iam:PassRole`,
//!   `iam:PutRolePolicy`…), to reading every secret (`secretsmanager:GetSecretValue`,
//!   `ssm:GetParameter*`, `kms:Decrypt`, `s3:GetObject`), or to running commands elsewhere
//!   (`ssm:SendCommand`, `ecs:ExecuteCommand`).
//!
//! The role's permissions are gathered by [`crate::entitlements::role_permissions`]: a policy
//! attached by an ARN that is neither in the scan nor a well-known AWS managed policy makes the
//! check undecided when nothing else fails. Conditions and `Deny` statements are not weighed:
//! a statement's grant is judged as written.

use crate::entitlements::{self, Grant, every_resource, grants_whole_service, judge_grants, uses_text};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::iam::{KIND_IAM_ROLE, PolicyStatement};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct TaskPodRoleBroad;

pub static RULE: TaskPodRoleBroad = TaskPodRoleBroad;

static META: RuleMeta = RuleMeta {
    id: "MAM-IAM-001",
    name: "iam-task-pod-role-broad",
    title_en: "IAM roles of ECS tasks and pods should not hold administrator or service-wide permissions",
    title_ja: "ECS タスクや Pod の IAM ロールに管理者権限やサービス全体への権限を与えない",
    severity: Severity::High,
    controls: &["nist-800-53/AC-6"],
    equivalents: &[
        ("checkov", "CKV_AWS_62"),
        ("checkov", "CKV_AWS_63"),
        ("checkov", "CKV_AWS_274"),
        ("checkov", "CKV_AWS_286"),
        ("checkov", "CKV_AWS_287"),
        ("checkov", "CKV_AWS_288"),
        ("checkov", "CKV_AWS_355"),
        ("checkov", "CKV_AWS_356"),
        ("checkov", "CKV_AWS_107"),
        ("checkov", "CKV_AWS_108"),
        ("checkov", "CKV_AWS_110"),
        ("trivy", "AVD-AWS-0057"),
        ("trivy", "AVD-AWS-0345"),
        ("prowler", "iam_inline_policy_no_administrative_privileges"),
        ("prowler", "iam_aws_attached_policy_no_administrative_privileges"),
        ("prowler", "iam_customer_attached_policy_no_administrative_privileges"),
        ("prowler", "iam_policy_allows_privilege_escalation"),
        ("prowler", "iam_inline_policy_allows_privilege_escalation"),
        ("prowler", "iam_policy_no_full_access_to_kms"),
        ("prowler", "iam_inline_policy_no_full_access_to_kms"),
    ],
    resource_kinds: &[KIND_IAM_ROLE],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

/// Services whose every action, on every resource, a task or pod should not hold.
pub const SENSITIVE_SERVICES: &[&str] = &[
    "iam",
    "sts",
    "organizations",
    "kms",
    "secretsmanager",
    "ssm",
    "s3",
    "dynamodb",
    "rds",
    "sqs",
    "ec2",
    "ecs",
    "eks",
    "ecr",
    "lambda",
    "cloudformation",
    "cloudtrail",
];

/// Actions a task or pod should not hold on every resource.
pub const SENSITIVE_ACTIONS: &[&str] = &[
    // Privilege escalation: give oneself or another principal more.
    "iam:PassRole",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:AddUserToGroup",
    "sts:AssumeRole",
    // Reading every secret and every object.
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "kms:Decrypt",
    "s3:GetObject",
    // Running commands on other machines and containers.
    "ssm:SendCommand",
    "ssm:StartSession",
    "ecs:ExecuteCommand",
];

impl Rule for TaskPodRoleBroad {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for (role, uses) in entitlements::task_and_pod_roles(inv) {
            let (used_en, used_ja) = uses_text(&uses);
            let name = &role.meta.name;
            judge_grants(ctx, inv, role, |g| {
                Ok(assess(&g.statement)?.map(|broad| message(name, &used_en, &used_ja, g, &broad)))
            });
        }
    }
}

/// What a statement grants too broadly.
enum Broad {
    Administrator,
    Services(Vec<&'static str>),
    Actions(Vec<&'static str>),
}

/// `Ok(None)`: nothing too broad; `Err`: a value that decides it is unknown.
fn assess(st: &PolicyStatement) -> Result<Option<Broad>, ()> {
    match st.allows() {
        Some(true) => {}
        Some(false) => return Ok(None),
        None => return Err(()),
    }
    let every = every_resource(st);
    if every == Some(false) {
        return Ok(None);
    }
    let broad = (|| {
        let star = st
            .actions
            .value()
            .is_some_and(|a| a.iter().any(|x| x.value().is_some_and(|v| v.trim() == "*")));
        if star {
            return Ok(Some(Broad::Administrator));
        }
        let mut services = Vec::new();
        for s in SENSITIVE_SERVICES {
            match grants_whole_service(st, s) {
                Some(true) => services.push(*s),
                Some(false) => {}
                None => return Err(()),
            }
        }
        if !services.is_empty() {
            return Ok(Some(Broad::Services(services)));
        }
        let mut actions = Vec::new();
        for a in SENSITIVE_ACTIONS {
            match st.covers_action(a) {
                Some(true) => actions.push(*a),
                Some(false) => {}
                None => return Err(()),
            }
        }
        Ok((!actions.is_empty()).then_some(Broad::Actions(actions)))
    })()?;
    match (every, broad) {
        (_, None) => Ok(None),
        (None, Some(_)) => Err(()),
        (_, b) => Ok(b),
    }
}

/// At most five items, then how many more.
fn listed(items: &[&str]) -> (String, String) {
    let shown: Vec<String> = items.iter().take(5).map(|i| format!("`{i}`")).collect();
    match items.len().saturating_sub(5) {
        0 => (shown.join(", "), shown.join("、")),
        n => (
            format!("{} and {n} more", shown.join(", ")),
            format!("{} ほか {n} 件", shown.join("、")),
        ),
    }
}

fn message(name: &str, used_en: &str, used_ja: &str, g: &Grant, broad: &Broad) -> Text {
    let (from_en, from_ja) = match g.managed {
        // An administrator policy needs no summary: the message says what it grants.
        Some(m) if matches!(broad, Broad::Administrator) => (
            format!("AWS managed policy `{}`", m.name),
            format!("AWS 管理ポリシー `{}`", m.name),
        ),
        Some(m) => (
            format!("AWS managed policy `{}` ({})", m.name, m.summary_en),
            format!("AWS 管理ポリシー `{}`（{}）", m.name, m.summary_ja),
        ),
        None => (format!("policy `{}`", g.policy), format!("ポリシー `{}`", g.policy)),
    };
    match broad {
        Broad::Administrator => Text::new(
            format!("IAM role `{name}`{used_en} is an administrator: {from_en} allows every action on every resource"),
            format!("IAM ロール `{name}`{used_ja}は管理者権限を持つ。{from_ja} がすべてのリソースに対するすべての操作を許可している"),
        ),
        Broad::Services(s) => {
            let (en, ja) = listed(&s.iter().map(|x| format!("{x}:*")).collect::<Vec<_>>().iter().map(|x| x.as_str()).collect::<Vec<_>>());
            Text::new(
                format!("IAM role `{name}`{used_en} may use every action of a sensitive service on every resource: {from_en} allows {en}"),
                format!("IAM ロール `{name}`{used_ja}は重要なサービスのすべての操作をすべてのリソースに対して実行できる。{from_ja} が {ja} を許可している"),
            )
        }
        Broad::Actions(a) => {
            let (en, ja) = listed(a);
            Text::new(
                format!("IAM role `{name}`{used_en} may call sensitive actions on every resource: {from_en} allows {en} with `Resource: \"*\"`"),
                format!("IAM ロール `{name}`{used_ja}はすべてのリソースに対して重要な操作を実行できる。{from_ja} が `Resource: \"*\"` で {ja} を許可している"),
            )
        }
    }
}
