//! ECS.14: ECS clusters should be tagged. Off until `required_tag_keys` names the keys to require.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs::KIND_CLUSTER;
use mamori_model::{Inventory, Severity, SourceKind};

pub struct ClusterTagged;

pub static RULE: ClusterTagged = ClusterTagged;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-011",
    name: "ecs-cluster-tagged",
    title_en: "ECS clusters should be tagged",
    title_ja: "ECS クラスターにタグを付ける",
    severity: Severity::Low,
    controls: &["aws-securityhub/ECS.14"],
    equivalents: &[],
    resource_kinds: &[KIND_CLUSTER],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ClusterTagged {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for r in inv.ecs_clusters() {
            crate::checks::required_tags(ctx, &r.meta, &r.tags, "cluster", "クラスター");
        }
    }
}
