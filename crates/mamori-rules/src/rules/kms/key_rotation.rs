//! KMS.4: AWS KMS key rotation should be enabled.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::kms::{KIND_KMS_KEY, SYMMETRIC_DEFAULT};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct KeyRotation;

pub static RULE: KeyRotation = KeyRotation;

static META: RuleMeta = RuleMeta {
    id: "MAM-KMS-001",
    name: "kms-key-rotation",
    title_en: "Customer managed KMS keys should rotate their key material automatically",
    title_ja: "カスタマー管理の KMS キーで鍵マテリアルの自動ローテーションを有効にする",
    severity: Severity::Medium,
    controls: &[
        "aws-securityhub/KMS.4",
        "nist-800-53/SC-12",
        "nist-800-53/SC-12(2)",
        "nist-800-53/SC-28(3)",
        "pci-dss-4.0.1/3.7.4",
    ],
    equivalents: &[
        ("checkov", "CKV_AWS_7"),
        ("trivy", "AVD-AWS-0065"),
        ("prowler", "kms_cmk_rotation_enabled"),
    ],
    resource_kinds: &[KIND_KMS_KEY],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for KeyRotation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for k in inv.kms_keys() {
            // KMS rotates only symmetric encryption keys whose material it generated, and only
            // customer managed ones can be configured (AWS managed keys rotate every year on
            // their own). Asymmetric, HMAC, imported and custom key store keys are out of scope.
            let mut unknown = None;
            let mut in_scope = true;
            for (a, want, what) in [
                (&k.key_manager, "CUSTOMER", "KeyManager"),
                (&k.key_spec, SYMMETRIC_DEFAULT, "KeySpec"),
                (&k.key_usage, "ENCRYPT_DECRYPT", "KeyUsage"),
                (&k.key_origin, "AWS_KMS", "Origin"),
            ] {
                match &a.state {
                    State::Set(v) | State::Default(v) if v != want => in_scope = false,
                    State::Unknown(r) => unknown = unknown.or(Some((a.origin.clone(), format!("`{what}` is unknown: {r}")))),
                    _ => {}
                }
            }
            if !in_scope {
                continue;
            }
            if let Some((o, why)) = unknown {
                ctx.undecided(&k.meta, &o, why);
                continue;
            }
            let name = &k.meta.name;
            match &k.rotation_enabled.state {
                State::Set(true) | State::Default(true) => ctx.pass(&k.meta),
                State::Unknown(r) => ctx.undecided(
                    &k.meta,
                    &k.rotation_enabled.origin,
                    format!("whether the key rotates is unknown: {r}"),
                ),
                _ => ctx.fail(
                    &k.meta,
                    "keyRotationEnabled",
                    &k.rotation_enabled.origin,
                    Text::new(
                        format!("KMS key `{name}` does not rotate its key material automatically"),
                        format!("KMS キー `{name}` で鍵マテリアルの自動ローテーションが有効になっていません"),
                    ),
                ),
            }
        }
    }
}
