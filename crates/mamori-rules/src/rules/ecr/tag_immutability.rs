//! ECR.2: ECR private repositories should have tag immutability configured.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecr::KIND_ECR_REPOSITORY;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct TagImmutability;

pub static RULE: TagImmutability = TagImmutability;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECR-002",
    name: "ecr-repository-tag-immutability",
    title_en: "ECR private repositories should make image tags immutable",
    title_ja: "ECR プライベートリポジトリでイメージタグを変更不可にする",
    severity: Severity::Medium,
    controls: &[
        "aws-securityhub/ECR.2",
        "nist-800-53/CA-9(1)",
        "nist-800-53/CM-2",
        "nist-800-53/CM-8(1)",
    ],
    equivalents: &[
        ("checkov", "CKV_AWS_51"),
        ("trivy", "AVD-AWS-0031"),
        ("prowler", "ecr_repositories_tag_immutability"),
    ],
    resource_kinds: &[KIND_ECR_REPOSITORY],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for TagImmutability {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for repo in inv.ecr_repositories() {
            let name = &repo.meta.name;
            let m = &repo.image_tag_mutability;
            match &m.state {
                // Tags are immutable; the exclusion filters name the tags a team chose to keep
                // movable (see the document).
                State::Set(v) | State::Default(v) if v == "IMMUTABLE" || v == "IMMUTABLE_WITH_EXCLUSION" => {
                    ctx.pass(&repo.meta)
                }
                State::Unknown(r) => {
                    ctx.undecided(&repo.meta, &m.origin, format!("`imageTagMutability` is unknown: {r}"))
                }
                State::Set(v) | State::Default(v) => ctx.fail(
                    &repo.meta,
                    "imageTagMutability",
                    &m.origin,
                    Text::new(
                        format!("ECR repository `{name}` lets image tags be overwritten (imageTagMutability is {v})"),
                        format!("ECR リポジトリ `{name}` ではイメージタグを上書きできます（imageTagMutability が {v}）"),
                    ),
                ),
                State::Absent => ctx.fail(
                    &repo.meta,
                    "imageTagMutability",
                    &m.origin,
                    Text::new(
                        format!("ECR repository `{name}` lets image tags be overwritten"),
                        format!("ECR リポジトリ `{name}` ではイメージタグを上書きできます"),
                    ),
                ),
            }
        }
    }
}
