//! EKS clusters should have deletion protection turned on (Prowler
//! `eks_cluster_deletion_protection_enabled`).

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::eks::KIND_EKS_CLUSTER;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct DeletionProtection;

pub static RULE: DeletionProtection = DeletionProtection;

static META: RuleMeta = RuleMeta {
    id: "MAM-EKS-011",
    name: "eks-cluster-deletion-protection",
    title_en: "EKS clusters should have deletion protection turned on",
    title_ja: "EKS クラスターの削除保護を有効にする",
    severity: Severity::Low,
    controls: &["nist-800-53/CM-3"],
    equivalents: &[("prowler", "eks_cluster_deletion_protection_enabled")],
    resource_kinds: &[KIND_EKS_CLUSTER],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for DeletionProtection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for c in inv.eks_clusters() {
            let name = &c.meta.name;
            let a = &c.deletion_protection;
            // eksctl's ClusterConfig has no field for it: the setting is made after creation,
            // and an eksctl file cannot say either way.
            if c.meta.source == SourceKind::Eksctl && a.explicit().is_none() {
                continue;
            }
            match &a.state {
                State::Set(true) | State::Default(true) => ctx.pass(&c.meta),
                State::Set(false) | State::Default(false) | State::Absent => {
                    let (how, how_ja) = if a.explicit().is_some() {
                        ("`deletionProtection` is false", "`deletionProtection` が false")
                    } else {
                        ("it is off by default", "デフォルトでは無効です")
                    };
                    ctx.fail(
                        &c.meta,
                        "deletionProtection",
                        &a.origin,
                        Text::new(
                            format!("EKS cluster `{name}` can be deleted by a single call: deletion protection is off ({how})"),
                            format!("EKS クラスター `{name}` は API 呼び出し一つで削除できます。削除保護が無効です（{how_ja}）"),
                        ),
                    );
                }
                State::Unknown(r) => ctx.undecided(&c.meta, &a.origin, format!("`deletionProtection` is unknown: {r}")),
            }
        }
    }
}
