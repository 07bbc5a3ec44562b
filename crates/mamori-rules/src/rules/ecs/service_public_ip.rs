//! ECS.2: ECS services should not have public IP addresses assigned to them automatically.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs::KIND_SERVICE;
use mamori_model::{Inventory, Severity, SourceKind};

pub struct ServicePublicIp;

pub static RULE: ServicePublicIp = ServicePublicIp;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-003",
    name: "ecs-service-public-ip",
    title_en: "ECS services should not assign public IP addresses automatically",
    title_ja: "ECS サービスでパブリック IP アドレスを自動割り当てしない",
    severity: Severity::High,
    controls: &[
        "aws-securityhub/ECS.2",
        "nist-800-53/AC-21",
        "nist-800-53/AC-3",
        "nist-800-53/AC-3(7)",
        "nist-800-53/AC-4",
        "nist-800-53/AC-4(21)",
        "nist-800-53/AC-6",
        "nist-800-53/SC-7",
        "nist-800-53/SC-7(11)",
        "nist-800-53/SC-7(16)",
        "nist-800-53/SC-7(20)",
        "nist-800-53/SC-7(21)",
        "nist-800-53/SC-7(3)",
        "nist-800-53/SC-7(4)",
        "nist-800-53/SC-7(9)",
        "pci-dss-4.0.1/1.4.4",
    ],
    equivalents: &[
        ("checkov", "CKV_AWS_333"),
        ("prowler", "ecs_service_no_assign_public_ip"),
        ("kics", "bafe7989-3c4b-47f0-910b-e6e1cba7f146"),
        ("kics", "c0c26068-fdf0-40e5-9b3b-fc8a5f585d2e"),
    ],
    resource_kinds: &[KIND_SERVICE],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ServicePublicIp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for s in inv.ecs_services() {
            crate::checks::public_ip(ctx, &s.meta, &s.network, "service", "サービス");
        }
    }
}
