//! A repository policy should not let anyone pull or push (`Principal: "*"`).
//!
//! A statement is public when it allows, names every principal (`"*"` or `{"AWS": "*"}`), and no
//! condition narrows who may use it to an account, organisation, VPC endpoint or network.

use crate::ecr::statement_path;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecr::{KIND_ECR_REPOSITORY, KIND_ECR_REPOSITORY_POLICY};
use mamori_model::iam::{Condition, PolicyDocument, PolicyStatement};
use mamori_model::{Attr, Inventory, ResourceMeta, Severity, SourceKind, State, Text};

pub struct PublicPolicy;

pub static RULE: PublicPolicy = PublicPolicy;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECR-005",
    name: "ecr-repository-policy-not-public",
    title_en: "ECR repository policies should not let anyone pull or push images",
    title_ja: "ECR リポジトリポリシーで誰でもイメージをプル・プッシュできるようにしない",
    severity: Severity::Critical,
    controls: &["nist-800-53/AC-3", "nist-800-53/AC-21"],
    equivalents: &[
        ("checkov", "CKV_AWS_32"),
        ("trivy", "AVD-AWS-0032"),
        ("prowler", "ecr_repositories_not_publicly_accessible"),
    ],
    resource_kinds: &[KIND_ECR_REPOSITORY, KIND_ECR_REPOSITORY_POLICY],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

/// Condition keys that tie a statement to known callers (an account, an organisation, a VPC,
/// a network, a principal).
const NARROWING_KEYS: &[&str] = &[
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourcearn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:userid",
];

const PULL: &[&str] = &["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const PUSH: &[&str] = &[
    "ecr:PutImage",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
];

/// Whether a condition narrows the callers: a narrowing key, an operator that requires a match
/// (not a `…Not…` or `Null` operator), and no value that is `*` alone.
fn narrows(c: &Condition) -> bool {
    let Some(key) = c.key.value() else { return false };
    if !NARROWING_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
        return false;
    }
    let Some(op) = c.base_operator() else { return false };
    if op.contains("Not") || op == "Null" {
        return false;
    }
    !c.values.value().is_some_and(|vs| vs.iter().any(|v| v.value().is_some_and(|v| v == "*")))
}

/// Whether a statement grants to everyone: `Some(origin of the principal)`, `None` when not, or
/// the reason it cannot be told.
fn public(s: &PolicyStatement) -> Result<Option<mamori_model::Origin>, (&'static str, String)> {
    match s.allows() {
        Some(true) => {}
        Some(false) => return Ok(None),
        None => return Err(("effect", s.effect.unknown_reason().unwrap_or_default().to_string())),
    }
    if s.not_principal {
        return Ok(None);
    }
    let principals = match &s.principals.state {
        State::Set(p) | State::Default(p) => p,
        State::Absent => return Ok(None),
        State::Unknown(r) => return Err(("principal", r.clone())),
    };
    let mut everyone = None;
    for p in principals {
        let all = p.kind == "*" || (p.kind.eq_ignore_ascii_case("AWS") && p.value.value().is_some_and(|v| v == "*"));
        if all {
            everyone = Some(p.origin.clone());
        } else if p.kind.eq_ignore_ascii_case("AWS") && p.value.is_unknown() {
            return Err(("principal", p.value.unknown_reason().unwrap_or_default().to_string()));
        }
    }
    let Some(origin) = everyone else { return Ok(None) };
    match &s.conditions.state {
        State::Set(cs) | State::Default(cs) if cs.iter().any(narrows) => Ok(None),
        State::Unknown(r) => Err(("condition", r.clone())),
        _ => Ok(Some(origin)),
    }
}

/// Which of pull and push a statement allows, in English and Japanese.
fn access(s: &PolicyStatement) -> (&'static str, &'static str) {
    let any = |actions: &[&str]| actions.iter().any(|a| s.covers_action(a) != Some(false));
    match (any(PULL), any(PUSH)) {
        (true, true) => ("pull and push images", "イメージのプルとプッシュ"),
        (true, false) => ("pull images", "イメージのプル"),
        (false, true) => ("push images", "イメージのプッシュ"),
        (false, false) => ("call the repository's API", "リポジトリの API 呼び出し"),
    }
}

fn judge(ctx: &mut Ctx<'_>, meta: &ResourceMeta, repo: &str, policy: &Attr<PolicyDocument>) {
    let doc = match &policy.state {
        State::Set(d) | State::Default(d) => d,
        State::Absent => return,
        State::Unknown(r) => {
            ctx.undecided(meta, &policy.origin, format!("`policyText` is unknown: {r}"));
            return;
        }
    };
    let statements = match &doc.statements.state {
        State::Set(s) | State::Default(s) => s.as_slice(),
        State::Absent => &[],
        State::Unknown(r) => {
            ctx.undecided(meta, &doc.statements.origin, format!("`policyText.statement` is unknown: {r}"));
            return;
        }
    };
    let mut failed = false;
    let mut unknown = None;
    for (i, s) in statements.iter().enumerate() {
        let label = s.label(i);
        match public(s) {
            Ok(Some(origin)) => {
                failed = true;
                let (what, what_ja) = access(s);
                ctx.fail(
                    meta,
                    statement_path(&label),
                    &origin,
                    Text::new(
                        format!("statement `{label}` of the policy of ECR repository `{repo}` lets anyone {what}: its principal is \"*\" and no condition narrows it"),
                        format!("ECR リポジトリ `{repo}` のポリシーのステートメント `{label}` により、誰でも{what_ja}ができます（プリンシパルが \"*\" で、対象を絞る条件がありません）"),
                    ),
                );
            }
            Ok(None) => {}
            Err((member, why)) => {
                let path = statement_path(&label);
                unknown = unknown.or(Some((s.origin.clone(), format!("`{path}.{member}` is unknown: {why}"))));
            }
        }
    }
    if failed {
        return;
    }
    match unknown {
        Some((o, why)) => ctx.undecided(meta, &o, why),
        None => ctx.pass(meta),
    }
}

impl Rule for PublicPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for repo in inv.ecr_repositories() {
            judge(ctx, &repo.meta, &repo.meta.name, &repo.policy);
        }
        // A policy declared apart from its repository is a resource of its own: its findings
        // name it, so that a suppression written on it applies.
        for p in inv.ecr_repository_policies() {
            let repo = match p.repository.value() {
                Some(r) => inv
                    .find_ecr_repository(r, &p.meta)
                    .map_or_else(|| r.clone(), |x| x.meta.name.clone()),
                None => p.meta.name.clone(),
            };
            judge(ctx, &p.meta, &repo, &p.policy);
        }
    }
}
