//! ECR.3: ECR repositories should have at least one lifecycle policy configured.
//!
//! The lifecycle policy is written with the repository (CloudFormation `LifecyclePolicy`) or
//! apart from it (Terraform `aws_ecr_lifecycle_policy`, `get-lifecycle-policy` output), naming
//! the repository. A separate policy whose repository reference cannot be resolved may be the
//! repository's own: the check is then undecided, not failed.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecr::KIND_ECR_REPOSITORY;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct LifecyclePolicy;

pub static RULE: LifecyclePolicy = LifecyclePolicy;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECR-003",
    name: "ecr-repository-lifecycle-policy",
    title_en: "ECR repositories should have a lifecycle policy",
    title_ja: "ECR リポジトリにライフサイクルポリシーを設定する",
    severity: Severity::Medium,
    controls: &[
        "aws-securityhub/ECR.3",
        "nist-800-53/CA-9(1)",
        "nist-800-53/CM-2",
        "nist-800-53/CM-2(2)",
    ],
    equivalents: &[("prowler", "ecr_repositories_lifecycle_policy_enabled")],
    resource_kinds: &[KIND_ECR_REPOSITORY],
    // `describe-repositories` does not print the lifecycle policy: a repository read from it
    // passes when a `get-lifecycle-policy` output names it and is undecided otherwise.
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation],
};

impl Rule for LifecyclePolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for repo in inv.ecr_repositories() {
            let name = &repo.meta.name;
            let (named, unknown) = inv.ecr_lifecycle_policies_for(repo);
            if matches!(repo.lifecycle_policy.state, State::Set(_) | State::Default(_)) || !named.is_empty() {
                ctx.pass(&repo.meta);
            } else if let Some(r) = repo.lifecycle_policy.unknown_reason() {
                ctx.undecided(&repo.meta, &repo.lifecycle_policy.origin, format!("`lifecyclePolicyText` is unknown: {r}"));
            } else if let Some(p) = unknown.first() {
                ctx.undecided(
                    &repo.meta,
                    &p.repository.origin,
                    format!(
                        "the repository of lifecycle policy `{}` is unknown: {}",
                        p.meta.address,
                        p.repository.unknown_reason().unwrap_or_default()
                    ),
                );
            } else {
                ctx.fail(
                    &repo.meta,
                    "lifecyclePolicyText",
                    &repo.lifecycle_policy.origin,
                    Text::new(
                        format!("ECR repository `{name}` has no lifecycle policy, so old and untagged images are never expired"),
                        format!("ECR リポジトリ `{name}` にライフサイクルポリシーがなく、古いイメージやタグなしイメージがいつまでも残ります"),
                    ),
                );
            }
        }
    }
}
