//! CIS EKS 5.4.2: the cluster's private endpoint should be on.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::eks::KIND_EKS_CLUSTER;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct PrivateEndpoint;

pub static RULE: PrivateEndpoint = PrivateEndpoint;

static META: RuleMeta = RuleMeta {
    id: "MAM-EKS-008",
    name: "eks-cluster-private-endpoint",
    title_en: "EKS clusters should have the private endpoint turned on",
    title_ja: "EKS クラスターのプライベートエンドポイントを有効にする",
    severity: Severity::Medium,
    controls: &["cis-eks-1.8/5.4.2"],
    equivalents: &[("prowler", "eks_cluster_private_nodes_enabled")],
    resource_kinds: &[KIND_EKS_CLUSTER],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
        SourceKind::Eksctl,
    ],
};

impl Rule for PrivateEndpoint {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for c in inv.eks_clusters() {
            let name = &c.meta.name;
            let a = &c.endpoint_private_access;
            match &a.state {
                State::Set(true) | State::Default(true) => ctx.pass(&c.meta),
                State::Set(false) | State::Default(false) | State::Absent => {
                    let (how, how_ja) = if a.explicit().is_some() {
                        ("`endpointPrivateAccess` is false", "`endpointPrivateAccess` が false")
                    } else {
                        ("the private endpoint is off by default", "プライベートエンドポイントはデフォルトで無効です")
                    };
                    ctx.fail(
                        &c.meta,
                        "resourcesVpcConfig.endpointPrivateAccess",
                        &a.origin,
                        Text::new(
                            format!("EKS cluster `{name}` has no private API server endpoint ({how}): its nodes and the kubectl users inside the VPC reach the API through the public endpoint"),
                            format!("EKS クラスター `{name}` にプライベートの API サーバーエンドポイントがありません（{how_ja}）。ノードや VPC 内の kubectl 利用者もパブリックエンドポイント経由で API にアクセスします"),
                        ),
                    );
                }
                State::Unknown(r) => ctx.undecided(&c.meta, &a.origin, format!("`endpointPrivateAccess` is unknown: {r}")),
            }
        }
    }
}
