//! A Role or ClusterRole should not grant `bind` or `escalate` on roles, or `impersonate` on users,
//! groups, service accounts or UIDs (CIS EKS 4.1.8, CIS Kubernetes 5.1.8). `bind` limited to named
//! roles by `resourceNames` passes: it can only hand out those roles.

use crate::rbac::{self, Grant, ItemVerdict};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{K8sRole, KIND_CLUSTER_ROLE, KIND_ROLE, PolicyRule};
use mamori_model::{Inventory, Severity, SourceKind};

pub struct RbacBindEscalateImpersonate;

pub static RULE: RbacBindEscalateImpersonate = RbacBindEscalateImpersonate;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-105",
    name: "k8s-rbac-bind-escalate-impersonate",
    title_en: "Roles should not grant bind, escalate or impersonate",
    title_ja: "ロールで bind・escalate・impersonate を許可しない",
    severity: Severity::High,
    controls: &["cis-eks-1.8/4.1.8", "cis-k8s-1.12/5.1.8"],
    equivalents: &[("checkov", "CKV_K8S_157"), ("checkov", "CKV_K8S_158")],
    resource_kinds: &[KIND_ROLE, KIND_CLUSTER_ROLE],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for RbacBindEscalateImpersonate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        rbac::each_role(inv, ctx, judge);
    }
}

fn judge(role: &K8sRole, rule: &PolicyRule) -> ItemVerdict {
    let rbac_group = "rbac.authorization.k8s.io";
    let checks: [(&str, &str, &str); 8] = [
        ("bind", rbac_group, "roles"),
        ("bind", rbac_group, "clusterroles"),
        ("escalate", rbac_group, "roles"),
        ("escalate", rbac_group, "clusterroles"),
        ("impersonate", "", "users"),
        ("impersonate", "", "groups"),
        ("impersonate", "", "serviceaccounts"),
        ("impersonate", "authentication.k8s.io", "uids"),
    ];
    let mut found: Vec<String> = Vec::new();
    let mut wildcard = false;
    let mut unknown = None;
    // `bind` limited to named roles (`resourceNames`) can only hand out those roles.
    let named = rbac::named_only(rule);
    for (verb, group, resource) in checks {
        if verb == "bind" && named == Some(true) {
            continue;
        }
        // ClusterRoles, users, groups and UIDs are cluster-scoped: only a ClusterRole grants them.
        if !role.cluster_scoped && !matches!(resource, "roles" | "serviceaccounts") {
            continue;
        }
        match rbac::grants(rule, group, resource, &[verb]) {
            Grant::Yes { wildcard: w } => {
                wildcard |= w;
                let v = format!("`{verb}`");
                if !found.contains(&v) {
                    found.push(v);
                }
            }
            Grant::Unknown(why) => unknown = unknown.or(Some(why)),
            Grant::No => {}
        }
    }
    if found.is_empty() {
        return match unknown {
            Some(why) => Err(why),
            None => Ok(None),
        };
    }
    let (via_en, via_ja) = rbac::via(&Grant::Yes { wildcard });
    let list = found.join(", ");
    Ok(Some((
        format!("grants {list}{via_en}, which lets its holders raise their own permissions beyond what they hold"),
        format!("{list} を許可している{via_ja}。保持者が自分の権限を現在より広げられる"),
    )))
}
