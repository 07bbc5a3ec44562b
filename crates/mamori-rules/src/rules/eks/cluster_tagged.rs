//! EKS.6: EKS clusters should be tagged. Off until `required_tag_keys` names the keys to require.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::eks::KIND_EKS_CLUSTER;
use mamori_model::{Inventory, Severity, SourceKind};

pub struct ClusterTagged;

pub static RULE: ClusterTagged = ClusterTagged;

static META: RuleMeta = RuleMeta {
    id: "MAM-EKS-004",
    name: "eks-cluster-tagged",
    title_en: "EKS clusters should be tagged",
    title_ja: "EKS クラスターにタグを付ける",
    severity: Severity::Low,
    controls: &["aws-securityhub/EKS.6"],
    equivalents: &[],
    resource_kinds: &[KIND_EKS_CLUSTER],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
        SourceKind::Eksctl,
    ],
};

impl Rule for ClusterTagged {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for c in inv.eks_clusters() {
            crate::checks::required_tags_of(ctx, &c.meta, &c.tags, "EKS", "cluster", "クラスター");
        }
    }
}
