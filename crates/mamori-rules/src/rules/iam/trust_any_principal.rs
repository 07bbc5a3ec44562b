//! Beyond Security Hub: a role's trust policy should not let any principal of any account assume
//! it. A statement fails when it allows (`Effect: Allow`) an `sts:AssumeRole*` action to
//! `Principal: "*"`, to `{"AWS": "*"}`, or to everyone but a few (`NotPrincipal`), without a
//! condition that narrows who may assume it to known accounts, organisations or principals
//! ([`NARROWING_KEYS`] with `StringEquals`, `StringLike`, `ArnEquals` or `ArnLike`, and a value
//! that is not only wildcards).
//!
//! Judged on every role of the scan, whatever uses it.

use crate::trust;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::iam::{Condition, KIND_IAM_ROLE, PolicyStatement};
use mamori_model::{Inventory, Origin, Severity, SourceKind, State, Text};

pub struct TrustAnyPrincipal;

pub static RULE: TrustAnyPrincipal = TrustAnyPrincipal;

static META: RuleMeta = RuleMeta {
    id: "MAM-IAM-003",
    name: "iam-role-trust-any-principal",
    title_en: "IAM role trust policies should not let any principal assume the role",
    title_ja: "IAM ロールの信頼ポリシーで任意のプリンシパルにロールの引き受けを許可しない",
    severity: Severity::Critical,
    controls: &["nist-800-53/AC-3", "nist-800-53/AC-6"],
    equivalents: &[("checkov", "CKV_AWS_60")],
    resource_kinds: &[KIND_IAM_ROLE],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

/// Condition keys that narrow who may assume a role to known accounts, organisations or
/// principals.
pub const NARROWING_KEYS: &[&str] = &[
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalServiceName",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceOwner",
    "aws:userid",
    "sts:ExternalId",
];

const ASSUME: &[&str] = &["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"];

impl Rule for TrustAnyPrincipal {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for role in inv.iam_roles() {
            let policy = match &role.assume_role_policy.state {
                State::Set(p) | State::Default(p) => p,
                State::Unknown(r) => {
                    ctx.undecided(
                        &role.meta,
                        &role.assume_role_policy.origin,
                        format!("the trust policy is unknown: {r}"),
                    );
                    continue;
                }
                State::Absent => continue,
            };
            let statements = match &policy.statements.state {
                State::Set(s) | State::Default(s) => s,
                State::Unknown(r) => {
                    ctx.undecided(
                        &role.meta,
                        &policy.statements.origin,
                        format!("`assumeRolePolicyDocument.statement` is unknown: {r}"),
                    );
                    continue;
                }
                State::Absent => continue,
            };
            let name = &role.meta.name;
            let mut fails: Vec<(String, Origin, Text)> = Vec::new();
            let mut unknown: Option<(Origin, String)> = None;
            for (i, st) in statements.iter().enumerate() {
                let label = st.label(i);
                match judge(st) {
                    Ok(None) => {}
                    Ok(Some((origin, everyone_but))) => {
                        let (en, ja) = if everyone_but {
                            (
                                "every principal it does not list (`NotPrincipal`)",
                                "列挙したもの以外のすべてのプリンシパル（`NotPrincipal`）",
                            )
                        } else {
                            ("any principal of any AWS account", "任意の AWS アカウントの任意のプリンシパル")
                        };
                        fails.push((
                            trust::statement_path(&label),
                            origin,
                            Text::new(
                                format!(
                                    "IAM role `{name}` can be assumed by {en}: statement {label} of its trust policy has no condition that narrows it to known accounts or principals"
                                ),
                                format!(
                                    "IAM ロール `{name}` を{ja}が引き受けられる。信頼ポリシーのステートメント {label} に、既知のアカウントやプリンシパルに絞り込む条件がない"
                                ),
                            ),
                        ));
                    }
                    Err(o) => {
                        unknown.get_or_insert((o, format!("statement {label} cannot be read")));
                    }
                }
            }
            if !fails.is_empty() {
                for (attr, origin, text) in fails {
                    ctx.fail(&role.meta, attr, &origin, text);
                }
            } else if let Some((o, why)) = unknown {
                ctx.undecided(&role.meta, &o, why);
            } else {
                ctx.pass(&role.meta);
            }
        }
    }
}

/// `Ok(Some((where, everyone_but)))` when the statement lets anyone assume the role; `Err` with
/// the unknown value's place when that cannot be told.
fn judge(st: &PolicyStatement) -> Result<Option<(Origin, bool)>, Origin> {
    match st.allows() {
        Some(true) => {}
        Some(false) => return Ok(None),
        None => return Err(st.effect.origin.clone()),
    }
    let mut assumes = Some(false);
    for a in ASSUME {
        match st.covers_action(a) {
            Some(true) => {
                assumes = Some(true);
                break;
            }
            Some(false) => {}
            None => assumes = None,
        }
    }
    match assumes {
        Some(false) => return Ok(None),
        None => return Err(st.actions.origin.clone()),
        Some(true) => {}
    }
    let principals = match &st.principals.state {
        State::Set(p) | State::Default(p) => p,
        State::Absent => return Ok(None),
        State::Unknown(_) => return Err(st.principals.origin.clone()),
    };
    let open = if st.not_principal {
        Some((st.principals.origin.clone(), true))
    } else {
        let mut found = None;
        for p in principals {
            let any = p.kind == "*" || (p.kind.eq_ignore_ascii_case("AWS") && p.value.value().is_some_and(|v| v.trim() == "*"));
            if any {
                found = Some((p.origin.clone(), false));
                break;
            }
            if p.kind.eq_ignore_ascii_case("AWS") && p.value.is_unknown() {
                return Err(p.origin.clone());
            }
        }
        found
    };
    let Some(open) = open else {
        return Ok(None);
    };
    let conditions = match &st.conditions.state {
        State::Set(c) | State::Default(c) => c.as_slice(),
        State::Absent => &[],
        State::Unknown(_) => return Err(st.conditions.origin.clone()),
    };
    for c in conditions {
        match narrows(c) {
            Some(true) => return Ok(None),
            Some(false) => {}
            None => return Err(c.origin.clone()),
        }
    }
    Ok(Some(open))
}

/// Whether a condition narrows who may assume the role; `None` when it cannot be told.
fn narrows(c: &Condition) -> Option<bool> {
    let key = c.key.value()?.to_ascii_lowercase();
    if !NARROWING_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&key)) {
        return Some(false);
    }
    let op = c.base_operator()?;
    if !matches!(op.as_str(), "StringEquals" | "StringLike" | "ArnEquals" | "ArnLike" | "StringEqualsIgnoreCase") {
        return Some(false);
    }
    let values = c.values.value()?;
    let mut any = false;
    for v in values {
        let text = v.value()?;
        if !text.trim().chars().all(|ch| ch == '*' || ch == '?') {
            any = true;
        }
    }
    Some(any)
}
