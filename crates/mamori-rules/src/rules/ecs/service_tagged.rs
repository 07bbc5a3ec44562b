//! ECS.13: ECS services should be tagged. Off until `required_tag_keys` names the keys to require.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs::KIND_SERVICE;
use mamori_model::{Inventory, Severity, SourceKind};

pub struct ServiceTagged;

pub static RULE: ServiceTagged = ServiceTagged;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-010",
    name: "ecs-service-tagged",
    title_en: "ECS services should be tagged",
    title_ja: "ECS サービスにタグを付ける",
    severity: Severity::Low,
    controls: &["aws-securityhub/ECS.13"],
    equivalents: &[],
    resource_kinds: &[KIND_SERVICE],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ServiceTagged {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for r in inv.ecs_services() {
            crate::checks::required_tags(ctx, &r.meta, &r.tags, "service", "サービス");
        }
    }
}
