//! An IAM role for service accounts (IRSA) should trust one service account: a trust statement
//! that lets an EKS OIDC provider assume the role (`sts:AssumeRoleWithWebIdentity`) must restrict
//! the token's `sub` claim (`<provider>:sub`) with `StringEquals` or `StringLike`, and that claim
//! must not be matched with wildcards. Without it, any pod of the cluster can request a token and
//! assume the role.
//!
//! A statement is an EKS web identity statement when its `Federated` principal or a condition key
//! names an EKS OIDC provider (`oidc.eks.`), a condition value names a service account
//! (`system:serviceaccount:`), or the role is the one a ServiceAccount of the scan names in its
//! `eks.amazonaws.com/role-arn` annotation. Other web identity roles (GitHub Actions, Cognito) are
//! not judged.

use crate::trust;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::iam::{IamRole, KIND_IAM_ROLE, PolicyStatement};
use mamori_model::{Inventory, Origin, Severity, SourceKind, State, Text};

pub struct IrsaTrust;

pub static RULE: IrsaTrust = IrsaTrust;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-119",
    name: "eks-irsa-trust-scoped",
    title_en: "IAM roles for service accounts should trust one service account",
    title_ja: "IRSA の IAM ロールは特定のサービスアカウントだけを信頼する",
    severity: Severity::High,
    controls: &["cis-eks-1.8/5.2.1", "nist-800-53/AC-6"],
    equivalents: &[],
    resource_kinds: &[KIND_IAM_ROLE],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation],
};

const WEB_IDENTITY: &str = "sts:AssumeRoleWithWebIdentity";
const SA_PREFIX: &str = "system:serviceaccount:";

impl Rule for IrsaTrust {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for role in inv.iam_roles() {
            let accounts = trust::irsa_accounts(inv, role);
            judge_role(ctx, role, &accounts.iter().map(|a| trust::account_name(a)).collect::<Vec<_>>());
        }
    }
}

/// Whether a statement is about an EKS cluster's service accounts.
fn is_eks(st: &PolicyStatement) -> bool {
    let provider = st
        .principals_of("Federated")
        .any(|p| p.value.value().is_some_and(|v| v.contains("oidc.eks.")));
    let conditions = st.conditions.value().into_iter().flatten();
    let named = conditions.clone().any(|c| {
        c.key.value().is_some_and(|k| k.contains("oidc.eks."))
            || c.values
                .value()
                .into_iter()
                .flatten()
                .any(|v| v.value().is_some_and(|v| v.starts_with(SA_PREFIX)))
    });
    provider || named
}

fn judge_role(ctx: &mut Ctx<'_>, role: &IamRole, accounts: &[String]) {
    let linked = !accounts.is_empty();
    let policy = match &role.assume_role_policy.state {
        State::Set(p) | State::Default(p) => p,
        State::Unknown(r) => {
            if linked {
                ctx.undecided(
                    &role.meta,
                    &role.assume_role_policy.origin,
                    format!("the trust policy is unknown: {r}"),
                );
            }
            return;
        }
        State::Absent => return,
    };
    let statements = match &policy.statements.state {
        State::Set(s) | State::Default(s) => s,
        State::Unknown(r) => {
            if linked {
                ctx.undecided(&role.meta, &policy.statements.origin, format!("`assumeRolePolicyDocument.statement` is unknown: {r}"));
            }
            return;
        }
        State::Absent => return,
    };
    let name = &role.meta.name;
    let used_by = if linked {
        let list = accounts.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>();
        (
            format!(" (the role of service account {})", list.join(", ")),
            format!("（サービスアカウント {} のロール）", list.join("、")),
        )
    } else {
        (String::new(), String::new())
    };
    let mut judged = false;
    let mut fails: Vec<(String, Origin, Text)> = Vec::new();
    let mut unknown: Option<(Origin, String)> = None;
    for (i, st) in statements.iter().enumerate() {
        let label = st.label(i);
        let path = trust::statement_path(&label);
        match (st.allows(), st.covers_action(WEB_IDENTITY)) {
            (Some(false), _) | (_, Some(false)) => continue,
            (None, _) | (_, None) => {
                if linked || is_eks(st) {
                    unknown.get_or_insert((st.origin.clone(), format!("statement {label} cannot be read")));
                }
                continue;
            }
            (Some(true), Some(true)) => {}
        }
        if !(linked || is_eks(st)) || st.not_principal {
            continue;
        }
        judged = true;
        let conditions = match &st.conditions.state {
            State::Set(c) | State::Default(c) => c.as_slice(),
            State::Absent => &[],
            State::Unknown(r) => {
                unknown.get_or_insert((st.conditions.origin.clone(), format!("`{path}.condition` is unknown: {r}")));
                continue;
            }
        };
        let mut sub = Vec::new();
        let mut unclear = false;
        for c in conditions {
            let op = c.base_operator();
            let positive = matches!(op.as_deref(), Some("StringEquals" | "StringLike"));
            match c.key_ends_with(":sub") {
                Some(true) if positive => sub.push(c),
                Some(_) => {}
                None => unclear = true,
            }
            if c.operator.is_unknown() {
                unclear = true;
            }
        }
        if sub.is_empty() {
            if unclear {
                unknown.get_or_insert((st.origin.clone(), format!("a condition of statement {label} cannot be read")));
                continue;
            }
            fails.push((
                path,
                st.origin.clone(),
                Text::new(
                    format!(
                        "IAM role `{name}`{} trusts its OIDC provider without a `:sub` condition (statement {label}): any pod of the cluster can request a token and assume it",
                        used_by.0
                    ),
                    format!(
                        "IAM ロール `{name}`{}の信頼ポリシー（ステートメント {label}）に `:sub` の条件がない。クラスター内のどの Pod でもトークンを取得してこのロールを引き受けられる",
                        used_by.1
                    ),
                ),
            ));
            continue;
        }
        for c in sub {
            if c.base_operator().as_deref() != Some("StringLike") {
                continue;
            }
            let key = c
                .key
                .value()
                .cloned()
                .unwrap_or_else(|| format!("<provider>{}", c.key_suffix.clone().unwrap_or_default()));
            let op = c.operator.value().cloned().unwrap_or_default();
            let values = match &c.values.state {
                State::Set(v) | State::Default(v) => v,
                State::Absent => continue,
                State::Unknown(r) => {
                    unknown.get_or_insert((c.values.origin.clone(), format!("`{path}.condition[{op}][{key}]` is unknown: {r}")));
                    continue;
                }
            };
            for v in values {
                let Some(text) = v.value() else {
                    if let Some(r) = v.unknown_reason() {
                        unknown.get_or_insert((v.origin.clone(), format!("`{path}.condition[{op}][{key}]` is unknown: {r}")));
                    }
                    continue;
                };
                if !text.contains(['*', '?']) {
                    continue;
                }
                // The attribute names the claim, not the provider's URL: a finding stays the same
                // finding whether the provider is written out or only known after apply.
                let claim = key.rsplit_once(':').map_or("sub", |(_, c)| c);
                fails.push((
                    format!("{path}.condition[{op}][<provider>:{claim}]"),
                    v.origin.clone(),
                    Text::new(
                        format!(
                            "IAM role `{name}`{} matches the `:sub` claim with the pattern `{text}` (statement {label}): every service account it matches can assume the role",
                            used_by.0
                        ),
                        format!(
                            "IAM ロール `{name}`{}の信頼ポリシー（ステートメント {label}）が `:sub` をパターン `{text}` で照合している。一致するすべてのサービスアカウントがこのロールを引き受けられる",
                            used_by.1
                        ),
                    ),
                ));
            }
        }
    }
    if !fails.is_empty() {
        for (attr, origin, text) in fails {
            ctx.fail(&role.meta, attr, &origin, text);
        }
    } else if let Some((o, why)) = unknown {
        ctx.undecided(&role.meta, &o, why);
    } else if judged {
        ctx.pass(&role.meta);
    }
}
