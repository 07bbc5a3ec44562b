//! A Role or ClusterRole should not grant `create` on `serviceaccounts/token` (CIS EKS 4.1.12, CIS
//! Kubernetes 5.1.13).

use crate::rbac::{self, Grant, ItemVerdict};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{K8sRole, KIND_CLUSTER_ROLE, KIND_ROLE, PolicyRule};
use mamori_model::{Inventory, Severity, SourceKind};

pub struct RbacServiceAccountTokenCreate;

pub static RULE: RbacServiceAccountTokenCreate = RbacServiceAccountTokenCreate;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-110",
    name: "k8s-rbac-serviceaccount-token-create",
    title_en: "Roles should not let their holders create service account tokens",
    title_ja: "ロールでサービスアカウントトークンの作成を許可しない",
    severity: Severity::Medium,
    controls: &["cis-eks-1.8/4.1.12", "cis-k8s-1.12/5.1.13"],
    equivalents: &[],
    resource_kinds: &[KIND_ROLE, KIND_CLUSTER_ROLE],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for RbacServiceAccountTokenCreate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        rbac::each_role(inv, ctx, judge);
    }
}

fn judge(_role: &K8sRole, rule: &PolicyRule) -> ItemVerdict {
    let g = rbac::grants(rule, "", "serviceaccounts/token", &["create"]);
    let (via_en, via_ja) = rbac::via(&g);
    match g {
        Grant::Yes { .. } => Ok(Some((
            format!("lets its holders create service account tokens (`create` on `serviceaccounts/token`){via_en}, and so act as any service account it reaches"),
            format!("サービスアカウントトークンの作成（`serviceaccounts/token` への `create`）を許可している{via_ja}。届く範囲のどのサービスアカウントにもなりすませる"),
        ))),
        Grant::No => Ok(None),
        Grant::Unknown(why) => Err(why),
    }
}
