//! EKS.3: EKS clusters should use encrypted Kubernetes secrets.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::eks::KIND_EKS_CLUSTER;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct SecretsEncrypted;

pub static RULE: SecretsEncrypted = SecretsEncrypted;

static META: RuleMeta = RuleMeta {
    id: "MAM-EKS-003",
    name: "eks-cluster-secrets-encrypted",
    title_en: "EKS clusters should encrypt Kubernetes secrets with a KMS key",
    title_ja: "EKS クラスターで Kubernetes のシークレットを KMS キーで暗号化する",
    severity: Severity::Medium,
    controls: &["aws-securityhub/EKS.3", "cis-eks-1.8/5.3.1"],
    equivalents: &[
        ("checkov", "CKV_AWS_58"),
        ("trivy", "AVD-AWS-0039"),
        ("prowler", "eks_cluster_kms_cmk_encryption_in_secrets_enabled"),
    ],
    resource_kinds: &[KIND_EKS_CLUSTER],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
        SourceKind::Eksctl,
    ],
};

impl Rule for SecretsEncrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for c in inv.eks_clusters() {
            let name = &c.meta.name;
            let configs = match &c.encryption_config.state {
                State::Set(v) | State::Default(v) => v.as_slice(),
                State::Absent => &[],
                State::Unknown(r) => {
                    ctx.undecided(
                        &c.meta,
                        &c.encryption_config.origin,
                        format!("`encryptionConfig` is unknown: {r}"),
                    );
                    continue;
                }
            };
            let mut unknown = None;
            let mut encrypted = false;
            for e in configs {
                match &e.resources.state {
                    State::Set(rs) | State::Default(rs) => {
                        for r in rs {
                            match &r.state {
                                State::Set(v) | State::Default(v) if v == "secrets" => encrypted = true,
                                State::Unknown(why) => unknown = Some((r.origin.clone(), why.clone())),
                                _ => {}
                            }
                        }
                    }
                    State::Unknown(why) => unknown = Some((e.resources.origin.clone(), why.clone())),
                    State::Absent => {}
                }
            }
            if encrypted {
                ctx.pass(&c.meta);
            } else if let Some((o, why)) = unknown {
                ctx.undecided(&c.meta, &o, format!("the resources of `encryptionConfig` are unknown: {why}"));
            } else {
                let (how, how_ja) = if configs.is_empty() {
                    ("it has no `encryptionConfig`", "`encryptionConfig` がありません")
                } else {
                    ("no `encryptionConfig` entry lists `secrets`", "`secrets` を含む `encryptionConfig` がありません")
                };
                ctx.fail(
                    &c.meta,
                    "encryptionConfig",
                    &c.encryption_config.origin,
                    Text::new(
                        format!("EKS cluster `{name}` does not encrypt Kubernetes secrets with a KMS key ({how})"),
                        format!("EKS クラスター `{name}` で Kubernetes のシークレットが KMS キーで暗号化されていません（{how_ja}）"),
                    ),
                );
            }
        }
    }
}
