//! A Role or ClusterRole should not grant `update` or `patch` on
//! `certificatesigningrequests/approval` (CIS Kubernetes 5.1.11).

use crate::rbac::{self, Grant, ItemVerdict};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{K8sRole, KIND_CLUSTER_ROLE, KIND_ROLE, PolicyRule};
use mamori_model::{Inventory, Severity, SourceKind};

pub struct RbacCsrApproval;

pub static RULE: RbacCsrApproval = RbacCsrApproval;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-108",
    name: "k8s-rbac-csr-approval",
    title_en: "Roles should not let their holders approve certificate signing requests",
    title_ja: "ロールで証明書署名要求（CSR）の承認を許可しない",
    severity: Severity::High,
    controls: &["cis-k8s-1.12/5.1.11"],
    equivalents: &[("checkov", "CKV_K8S_156")],
    resource_kinds: &[KIND_ROLE, KIND_CLUSTER_ROLE],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for RbacCsrApproval {
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
    let g = rbac::grants(
        rule,
        "certificates.k8s.io",
        "certificatesigningrequests/approval",
        &["update", "patch"],
    );
    let (via_en, via_ja) = rbac::via(&g);
    match g {
        Grant::Yes { .. } => Ok(Some((
            format!("lets its holders approve certificate signing requests (`update` on `certificatesigningrequests/approval`){via_en}, and so issue client certificates for any user or group"),
            format!("証明書署名要求の承認（`certificatesigningrequests/approval` への `update`）を許可している{via_ja}。任意のユーザーやグループのクライアント証明書を発行できる"),
        ))),
        Grant::No => Ok(None),
        Grant::Unknown(why) => Err(why),
    }
}
