//! EKS.2: EKS clusters should run on a supported Kubernetes version (standard support).

use crate::eks_versions::{self, VersionVerdict};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::eks::KIND_EKS_CLUSTER;
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct ClusterVersion;

pub static RULE: ClusterVersion = ClusterVersion;

static META: RuleMeta = RuleMeta {
    id: "MAM-EKS-002",
    name: "eks-cluster-supported-version",
    title_en: "EKS clusters should run a Kubernetes version under standard support",
    title_ja: "EKS クラスターでは標準サポート中の Kubernetes バージョンを使う",
    severity: Severity::High,
    controls: &[
        "aws-securityhub/EKS.2",
        "nist-800-53/CA-9(1)",
        "nist-800-53/CM-2",
        "nist-800-53/SI-2",
        "nist-800-53/SI-2(2)",
        "nist-800-53/SI-2(4)",
        "nist-800-53/SI-2(5)",
    ],
    equivalents: &[
        ("checkov", "CKV_AWS_339"),
        ("prowler", "eks_cluster_uses_a_supported_version"),
    ],
    resource_kinds: &[KIND_EKS_CLUSTER],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
        SourceKind::Eksctl,
    ],
};

impl Rule for ClusterVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        let today = eks_versions::today();
        let floor = eks_versions::floor(ctx.params.eks_oldest_supported_version.as_deref(), today);
        let min = eks_versions::fmt_version(floor.version);
        for c in inv.eks_clusters() {
            let name = &c.meta.name;
            match eks_versions::judge(&c.version, floor.version) {
                VersionVerdict::Supported => ctx.pass(&c.meta),
                VersionVerdict::Undecided(why) => ctx.undecided(&c.meta, &c.version.origin, why),
                VersionVerdict::Below(v) => {
                    let (status, status_ja) = eks_versions::status_of(&v, today);
                    let sep = |s: &str| if s.is_empty() { String::new() } else { format!("; {s}") };
                    let sep_ja = |s: &str| if s.is_empty() { String::new() } else { format!("。{s}") };
                    ctx.fail(
                        &c.meta,
                        "version",
                        &c.version.origin,
                        Text::new(
                            format!(
                                "EKS cluster `{name}` runs Kubernetes {v}, older than {min}, {}{}",
                                floor.why_en,
                                sep(&status)
                            ),
                            format!(
                                "EKS クラスター `{name}` の Kubernetes バージョン {v} は下限の {min} より古いバージョンです（下限は {}）{}",
                                floor.why_ja,
                                sep_ja(&status_ja)
                            ),
                        ),
                    );
                }
            }
        }
    }
}
