//! A Role or ClusterRole should not let its holders read Secrets: `get`, `list` or `watch` on
//! `secrets` of the core API group, wildcards included (CIS EKS 4.1.2, CIS Kubernetes 5.1.2). A rule
//! item limited to named Secrets (`resourceNames`) passes.

use crate::rbac::{self, Grant, ItemVerdict};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{K8sRole, KIND_CLUSTER_ROLE, KIND_ROLE, PolicyRule};
use mamori_model::{Inventory, Severity, SourceKind};

pub struct RbacSecretsAccess;

pub static RULE: RbacSecretsAccess = RbacSecretsAccess;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-102",
    name: "k8s-rbac-secrets-read",
    title_en: "Roles should not let their holders read Secrets",
    title_ja: "ロールで Secret の読み取りを許可しない",
    severity: Severity::High,
    controls: &["cis-eks-1.8/4.1.2", "cis-k8s-1.12/5.1.2"],
    equivalents: &[("trivy", "AVD-KSV-0041"), ("trivy", "AVD-KSV-0113")],
    resource_kinds: &[KIND_ROLE, KIND_CLUSTER_ROLE],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for RbacSecretsAccess {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        rbac::each_role(inv, ctx, judge);
    }
}

fn judge(_role: &K8sRole, rule: &PolicyRule) -> ItemVerdict {
    // A rule limited to named Secrets (`resourceNames`) is the least privilege CIS asks for.
    let verbs: Vec<(&str, Grant)> = ["get", "list", "watch"]
        .into_iter()
        .map(|v| (v, rbac::grants(rule, "", "secrets", &[v])))
        .collect();
    let granted: Vec<&str> = verbs.iter().filter(|(_, g)| matches!(g, Grant::Yes { .. })).map(|(v, _)| *v).collect();
    if granted.is_empty() {
        return rbac::first_grant(verbs).map(|_| None);
    }
    match rbac::named_only(rule) {
        Some(true) => return Ok(None),
        Some(false) => {}
        None => {
            return Err(format!(
                "`resourceNames` is unknown: {}",
                rule.resource_names.unknown_reason().unwrap_or_default()
            ));
        }
    }
    let wildcard = verbs.iter().any(|(_, g)| *g == Grant::Yes { wildcard: true });
    let (via_en, via_ja) = rbac::via(&Grant::Yes { wildcard });
    let list = granted.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
    Ok(Some((
        format!("lets its holders read every Secret it reaches ({list}){via_en}"),
        format!("届く範囲のすべての Secret の読み取り（{list}）を許可している{via_ja}"),
    )))
}
