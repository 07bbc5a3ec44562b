//! A Role or ClusterRole should not grant any verb on `nodes/proxy` (CIS EKS 4.1.10, CIS
//! Kubernetes 5.1.10).

use crate::rbac::{self, Grant, ItemVerdict};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{K8sRole, KIND_CLUSTER_ROLE, KIND_ROLE, PolicyRule};
use mamori_model::{Inventory, Severity, SourceKind};

pub struct RbacNodesProxy;

pub static RULE: RbacNodesProxy = RbacNodesProxy;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-107",
    name: "k8s-rbac-nodes-proxy",
    title_en: "Roles should not grant access to the proxy subresource of nodes",
    title_ja: "ロールでノードの proxy サブリソースへのアクセスを許可しない",
    severity: Severity::High,
    controls: &["cis-eks-1.8/4.1.10", "cis-k8s-1.12/5.1.10"],
    equivalents: &[("trivy", "AVD-KSV-0047")],
    resource_kinds: &[KIND_ROLE, KIND_CLUSTER_ROLE],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for RbacNodesProxy {
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
    let g = rbac::grants(rule, "", "nodes/proxy", &[]);
    let (via_en, via_ja) = rbac::via(&g);
    match g {
        Grant::Yes { .. } => Ok(Some((
            format!("grants access to `nodes/proxy`{via_en}: the kubelet API of every node, which runs commands in any pod and bypasses admission and audit"),
            format!("`nodes/proxy` へのアクセスを許可している{via_ja}。各ノードの kubelet API に届き、アドミッションや監査を通らずに任意の Pod でコマンドを実行できる"),
        ))),
        Grant::No => Ok(None),
        Grant::Unknown(why) => Err(why),
    }
}
