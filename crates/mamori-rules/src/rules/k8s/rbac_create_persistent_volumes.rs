//! A Role or ClusterRole should not let its holders create PersistentVolumes (CIS EKS 4.1.9, CIS
//! Kubernetes 5.1.9).

use crate::rbac::{self, Grant, ItemVerdict};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{K8sRole, KIND_CLUSTER_ROLE, KIND_ROLE, PolicyRule};
use mamori_model::{Inventory, Severity, SourceKind};

pub struct RbacCreatePersistentVolumes;

pub static RULE: RbacCreatePersistentVolumes = RbacCreatePersistentVolumes;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-106",
    name: "k8s-rbac-create-persistentvolumes",
    title_en: "Roles should not let their holders create PersistentVolumes",
    title_ja: "ロールで PersistentVolume の作成を許可しない",
    severity: Severity::Medium,
    controls: &["cis-eks-1.8/4.1.9", "cis-k8s-1.12/5.1.9"],
    equivalents: &[],
    resource_kinds: &[KIND_ROLE, KIND_CLUSTER_ROLE],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for RbacCreatePersistentVolumes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        rbac::each_role(inv, ctx, judge);
    }
}

fn judge(role: &K8sRole, rule: &PolicyRule) -> ItemVerdict {
    // The resource is cluster-scoped: a namespaced Role cannot grant it.
    if !role.cluster_scoped {
        return Ok(None);
    }
    let g = rbac::grants(rule, "", "persistentvolumes", &["create"]);
    let (via_en, via_ja) = rbac::via(&g);
    match g {
        Grant::Yes { .. } => Ok(Some((
            format!("lets its holders create PersistentVolumes (`create` on `persistentvolumes`){via_en}, which can mount a node's directories through `hostPath`"),
            format!("PersistentVolume の作成（`persistentvolumes` への `create`）を許可している{via_ja}。`hostPath` でノードのディレクトリをマウントできる"),
        ))),
        Grant::No => Ok(None),
        Grant::Unknown(why) => Err(why),
    }
}
