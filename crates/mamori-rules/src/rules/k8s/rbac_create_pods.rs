//! A Role or ClusterRole should not let its holders create pods: `create` on `pods`, wildcards
//! included (CIS EKS 4.1.4, CIS Kubernetes 5.1.4).

use crate::rbac::{self, Grant, ItemVerdict};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{K8sRole, KIND_CLUSTER_ROLE, KIND_ROLE, PolicyRule};
use mamori_model::{Inventory, Severity, SourceKind};

pub struct RbacCreatePods;

pub static RULE: RbacCreatePods = RbacCreatePods;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-104",
    name: "k8s-rbac-create-pods",
    title_en: "Roles should not let their holders create pods",
    title_ja: "ロールで Pod の作成を許可しない",
    severity: Severity::Medium,
    controls: &["cis-eks-1.8/4.1.4", "cis-k8s-1.12/5.1.4"],
    equivalents: &[],
    resource_kinds: &[KIND_ROLE, KIND_CLUSTER_ROLE],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for RbacCreatePods {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        rbac::each_role(inv, ctx, judge);
    }
}

fn judge(_role: &K8sRole, rule: &PolicyRule) -> ItemVerdict {
    let g = rbac::grants(rule, "", "pods", &["create"]);
    let (via_en, via_ja) = rbac::via(&g);
    match g {
        Grant::Yes { .. } => Ok(Some((
            format!("lets its holders create pods (`create` on `pods`){via_en}, and so run any image with any service account of the namespace"),
            format!("Pod の作成（`pods` への `create`）を許可している{via_ja}。名前空間のどのサービスアカウントでも任意のイメージを実行できる"),
        ))),
        Grant::No => Ok(None),
        Grant::Unknown(why) => Err(why),
    }
}
