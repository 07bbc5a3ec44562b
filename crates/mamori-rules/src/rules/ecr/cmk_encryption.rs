//! ECR.5: ECR repositories should be encrypted with customer managed AWS KMS keys.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecr::{AWS_MANAGED_ECR_KEY_ALIAS, KIND_ECR_REPOSITORY};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct CmkEncryption;

pub static RULE: CmkEncryption = CmkEncryption;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECR-004",
    name: "ecr-repository-cmk-encryption",
    title_en: "ECR repositories should be encrypted with a customer managed KMS key",
    title_ja: "ECR リポジトリをカスタマー管理の KMS キーで暗号化する",
    severity: Severity::Medium,
    controls: &[
        "aws-securityhub/ECR.5",
        "nist-800-53/SC-12(2)",
        "nist-800-53/CM-3(6)",
        "nist-800-53/SC-13",
        "nist-800-53/SC-28",
        "nist-800-53/SC-28(1)",
        "nist-800-53/SC-7(10)",
        "nist-800-53/CA-9(1)",
        "nist-800-53/SI-7(6)",
        "nist-800-53/AU-9",
    ],
    equivalents: &[("checkov", "CKV_AWS_136"), ("trivy", "AVD-AWS-0033")],
    resource_kinds: &[KIND_ECR_REPOSITORY],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

/// Whether a key names the AWS-managed `aws/ecr` key by alias or alias ARN.
fn aws_managed(key: &str) -> bool {
    key == AWS_MANAGED_ECR_KEY_ALIAS || key.ends_with(":alias/aws/ecr")
}

impl Rule for CmkEncryption {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for repo in inv.ecr_repositories() {
            let name = &repo.meta.name;
            let t = &repo.encryption_type;
            let kms = match &t.state {
                State::Unknown(r) => {
                    ctx.undecided(&repo.meta, &t.origin, format!("`encryptionConfiguration.encryptionType` is unknown: {r}"));
                    continue;
                }
                State::Set(v) | State::Default(v) => v.clone(),
                State::Absent => "AES256".to_string(),
            };
            if kms != "KMS" && kms != "KMS_DSSE" {
                ctx.fail(
                    &repo.meta,
                    "encryptionConfiguration.encryptionType",
                    &t.origin,
                    Text::new(
                        format!("ECR repository `{name}` is encrypted with {kms}, not with a customer managed KMS key"),
                        format!("ECR リポジトリ `{name}` は {kms} で暗号化されており、カスタマー管理の KMS キーを使っていません"),
                    ),
                );
                continue;
            }
            let k = &repo.kms_key;
            // An empty key (a plan prints `""` for a key left to ECR) is no key.
            let no_key = k.value().is_some_and(|v| v.is_empty());
            match &k.state {
                _ if no_key => ctx.fail(
                    &repo.meta,
                    "encryptionConfiguration.kmsKey",
                    &k.origin,
                    Text::new(
                        format!("ECR repository `{name}` uses {kms} without a key, so it is encrypted with the AWS managed key aws/ecr"),
                        format!("ECR リポジトリ `{name}` は {kms} を指定していますがキーがないため、AWS 管理キー aws/ecr で暗号化されます"),
                    ),
                ),
                State::Unknown(r) => {
                    ctx.undecided(&repo.meta, &k.origin, format!("`encryptionConfiguration.kmsKey` is unknown: {r}"))
                }
                State::Absent => ctx.fail(
                    &repo.meta,
                    "encryptionConfiguration.kmsKey",
                    &k.origin,
                    Text::new(
                        format!("ECR repository `{name}` uses {kms} without a key, so it is encrypted with the AWS managed key aws/ecr"),
                        format!("ECR リポジトリ `{name}` は {kms} を指定していますがキーがないため、AWS 管理キー aws/ecr で暗号化されます"),
                    ),
                ),
                State::Set(key) | State::Default(key) if aws_managed(key) => ctx.fail(
                    &repo.meta,
                    "encryptionConfiguration.kmsKey",
                    &k.origin,
                    Text::new(
                        format!("ECR repository `{name}` is encrypted with the AWS managed key aws/ecr, not a customer managed key"),
                        format!("ECR リポジトリ `{name}` はカスタマー管理キーではなく AWS 管理キー aws/ecr で暗号化されています"),
                    ),
                ),
                State::Set(key) | State::Default(key) => {
                    let allowed = &ctx.params.ecr_kms_key_arns;
                    if allowed.is_empty() || allowed.iter().any(|a| a == key) {
                        ctx.pass(&repo.meta);
                    } else if key.starts_with("arn:") && key.contains(":key/") {
                        let list = allowed.join(", ");
                        ctx.fail(
                            &repo.meta,
                            "encryptionConfiguration.kmsKey",
                            &k.origin,
                            Text::new(
                                format!("ECR repository `{name}` is encrypted with key `{key}`, which is not one of ecr_kms_key_arns ({list})"),
                                format!("ECR リポジトリ `{name}` の暗号化キー `{key}` は ecr_kms_key_arns（{list}）に含まれていません"),
                            ),
                        );
                    } else {
                        ctx.undecided(
                            &repo.meta,
                            &k.origin,
                            format!("the key ARN of `{key}` is known only once deployed, so it cannot be compared with ecr_kms_key_arns"),
                        );
                    }
                }
            }
        }
    }
}
