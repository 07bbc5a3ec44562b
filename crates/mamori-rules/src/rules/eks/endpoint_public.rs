//! EKS.1: EKS cluster endpoints should not be publicly accessible.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::eks::KIND_EKS_CLUSTER;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct EndpointPublic;

pub static RULE: EndpointPublic = EndpointPublic;

static META: RuleMeta = RuleMeta {
    id: "MAM-EKS-001",
    name: "eks-cluster-endpoint-public",
    title_en: "EKS cluster endpoints should not be publicly accessible",
    title_ja: "EKS クラスターの API エンドポイントをパブリックに公開しない",
    severity: Severity::High,
    controls: &[
        "aws-securityhub/EKS.1",
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
        ("checkov", "CKV_AWS_39"),
        ("trivy", "AVD-AWS-0040"),
        ("prowler", "eks_cluster_not_publicly_accessible"),
    ],
    resource_kinds: &[KIND_EKS_CLUSTER],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
        SourceKind::Eksctl,
    ],
};

impl Rule for EndpointPublic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for c in inv.eks_clusters() {
            let name = &c.meta.name;
            let a = &c.endpoint_public_access;
            match &a.state {
                State::Set(false) | State::Default(false) => ctx.pass(&c.meta),
                State::Set(true) | State::Default(true) => {
                    let default = matches!(a.state, State::Default(_));
                    let (how, how_ja) = if default {
                        (
                            "the public endpoint is on by default",
                            "パブリックエンドポイントはデフォルトで有効です",
                        )
                    } else {
                        ("`endpointPublicAccess` is true", "`endpointPublicAccess` が true")
                    };
                    ctx.fail(
                        &c.meta,
                        "resourcesVpcConfig.endpointPublicAccess",
                        &a.origin,
                        Text::new(
                            format!("EKS cluster `{name}` exposes its Kubernetes API server endpoint publicly ({how})"),
                            format!("EKS クラスター `{name}` の Kubernetes API サーバーのエンドポイントがパブリックに公開されています（{how_ja}）"),
                        ),
                    );
                }
                State::Unknown(r) => ctx.undecided(&c.meta, &a.origin, format!("`endpointPublicAccess` is unknown: {r}")),
                State::Absent => ctx.pass(&c.meta),
            }
        }
    }
}
