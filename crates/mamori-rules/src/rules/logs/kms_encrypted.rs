//! Container log groups should be encrypted with a KMS key.

use crate::around::is_container_log_group;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::logs::KIND_LOG_GROUP;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct KmsEncrypted;

pub static RULE: KmsEncrypted = KmsEncrypted;

static META: RuleMeta = RuleMeta {
    id: "MAM-LOGS-002",
    name: "container-log-group-kms",
    title_en: "Container log groups should be encrypted with a KMS key",
    title_ja: "コンテナのロググループを KMS キーで暗号化する",
    severity: Severity::Low,
    controls: &["nist-800-53/SC-28"],
    equivalents: &[
        ("checkov", "CKV_AWS_158"),
        ("trivy", "AVD-AWS-0017"),
        ("prowler", "cloudwatch_log_group_kms_encryption_enabled"),
    ],
    resource_kinds: &[KIND_LOG_GROUP],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for KmsEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for g in inv.log_groups() {
            if !is_container_log_group(inv, g) {
                continue;
            }
            let name = &g.meta.name;
            match &g.kms_key_id.state {
                State::Set(k) | State::Default(k) if !k.trim().is_empty() => ctx.pass(&g.meta),
                State::Unknown(r) => ctx.undecided(
                    &g.meta,
                    &g.kms_key_id.origin,
                    format!("the KMS key of the log group is unknown: {r}"),
                ),
                _ => ctx.fail(
                    &g.meta,
                    "kmsKeyId",
                    &g.kms_key_id.origin,
                    Text::new(
                        format!("log group `{name}` is not encrypted with a KMS key"),
                        format!("ロググループ `{name}` が KMS キーで暗号化されていません"),
                    ),
                ),
            }
        }
    }
}
