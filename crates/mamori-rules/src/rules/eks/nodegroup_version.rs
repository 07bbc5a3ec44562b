//! EKS.9: EKS node groups should run on a supported Kubernetes version. A node group that gives
//! no version of its own runs its cluster's.

use crate::eks_versions::{self, VersionVerdict};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::eks::KIND_EKS_NODEGROUP;
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct NodegroupVersion;

pub static RULE: NodegroupVersion = NodegroupVersion;

static META: RuleMeta = RuleMeta {
    id: "MAM-EKS-006",
    name: "eks-nodegroup-supported-version",
    title_en: "EKS node groups should run a Kubernetes version under standard support",
    title_ja: "EKS ノードグループでは標準サポート中の Kubernetes バージョンを使う",
    severity: Severity::High,
    controls: &["aws-securityhub/EKS.9"],
    equivalents: &[],
    resource_kinds: &[KIND_EKS_NODEGROUP],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
        SourceKind::Eksctl,
    ],
};

impl Rule for NodegroupVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        let today = eks_versions::today();
        let floor = eks_versions::floor(ctx.params.eks_oldest_supported_version.as_deref(), today);
        let min = eks_versions::fmt_version(floor.version);
        for n in inv.eks_nodegroups() {
            let name = &n.meta.name;
            // Without a version of its own the node group runs its cluster's.
            let cluster = if n.version.is_absent() {
                n.cluster.value().and_then(|c| inv.find_eks_cluster(c, &n.meta))
            } else {
                None
            };
            let version = cluster.map_or(&n.version, |c| &c.version);
            match eks_versions::judge(version, floor.version) {
                VersionVerdict::Supported => ctx.pass(&n.meta),
                VersionVerdict::Undecided(why) => ctx.undecided(&n.meta, &version.origin, why),
                VersionVerdict::Below(v) => {
                    let (status, status_ja) = eks_versions::status_of(&v, today);
                    let sep = |s: &str| if s.is_empty() { String::new() } else { format!("; {s}") };
                    let sep_ja = |s: &str| if s.is_empty() { String::new() } else { format!("。{s}") };
                    let (whose, whose_ja) = match cluster {
                        Some(c) => (
                            format!(" (its cluster `{}`'s version, as it sets none of its own)", c.meta.name),
                            format!("（自身のバージョン指定がないため、クラスター `{}` のバージョン）", c.meta.name),
                        ),
                        None => (String::new(), String::new()),
                    };
                    // A version taken from the cluster is fixed on the node group itself.
                    let origin = if cluster.is_some() { &n.meta.origin } else { &n.version.origin };
                    ctx.fail(
                        &n.meta,
                        "version",
                        origin,
                        Text::new(
                            format!(
                                "EKS node group `{name}` runs Kubernetes {v}{whose}, older than {min}, {}{}",
                                floor.why_en,
                                sep(&status)
                            ),
                            format!(
                                "EKS ノードグループ `{name}` の Kubernetes バージョン {v}{whose_ja} は下限の {min} より古いバージョンです（下限は {}）{}",
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
