//! A Role or ClusterRole should not let its holders create, change or delete
//! `validatingwebhookconfigurations` or `mutatingwebhookconfigurations` (CIS EKS 4.1.11, CIS
//! Kubernetes 5.1.12).

use crate::rbac::{self, ItemVerdict};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{K8sRole, KIND_CLUSTER_ROLE, KIND_ROLE, PolicyRule};
use mamori_model::{Inventory, Severity, SourceKind};

pub struct RbacWebhookConfigurations;

pub static RULE: RbacWebhookConfigurations = RbacWebhookConfigurations;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-109",
    name: "k8s-rbac-webhook-configurations",
    title_en: "Roles should not let their holders change admission webhook configurations",
    title_ja: "ロールでアドミッション Webhook の設定変更を許可しない",
    severity: Severity::High,
    controls: &["cis-eks-1.8/4.1.11", "cis-k8s-1.12/5.1.12"],
    equivalents: &[("checkov", "CKV_K8S_155"), ("trivy", "AVD-KSV-0114")],
    resource_kinds: &[KIND_ROLE, KIND_CLUSTER_ROLE],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for RbacWebhookConfigurations {
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
    let write = ["create", "update", "patch", "delete", "deletecollection"];
    let g = rbac::first_grant(
        ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]
            .map(|r| (r, rbac::grants(rule, "admissionregistration.k8s.io", r, &write))),
    )?;
    let Some((resource, g)) = g else {
        return Ok(None);
    };
    let (via_en, via_ja) = rbac::via(&g);
    Ok(Some((
        format!("lets its holders change admission webhooks (`{resource}`){via_en}: a mutating webhook sees and can rewrite every object created, Secrets included, and removing a validating one lifts a policy"),
        format!("アドミッション Webhook の変更（`{resource}`）を許可している{via_ja}。Mutating Webhook は作成されるすべてのオブジェクト（Secret を含む）を読み書きでき、Validating Webhook を消せばポリシーが外れる"),
    )))
}
