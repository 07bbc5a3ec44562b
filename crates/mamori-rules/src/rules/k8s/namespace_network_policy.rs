//! Every namespace should have at least one NetworkPolicy (CIS EKS 4.3.2, CIS Kubernetes 5.3.2).
//!
//! The namespaces judged are the Namespace objects of the scan, and the namespaces that workloads
//! name explicitly in `metadata.namespace`, except Kubernetes' own (`kube-system`,
//! `kube-public`, `kube-node-lease`). They are judged only when the scan holds at least one
//! Namespace or NetworkPolicy: a folder of Deployments alone says nothing about the network
//! policies of the cluster, which usually live elsewhere. Every Namespace object is judged (the
//! scan is one cluster: a NetworkPolicy anywhere in it counts); a namespace only named by
//! workloads is judged once, at the first workload that names it.

use crate::workload::SYSTEM_NAMESPACES;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{KIND_NAMESPACE, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct NamespaceNetworkPolicy;

pub static RULE: NamespaceNetworkPolicy = NamespaceNetworkPolicy;

static KINDS: [&str; 9] = [
    KIND_NAMESPACE,
    WORKLOAD_KINDS[0],
    WORKLOAD_KINDS[1],
    WORKLOAD_KINDS[2],
    WORKLOAD_KINDS[3],
    WORKLOAD_KINDS[4],
    WORKLOAD_KINDS[5],
    WORKLOAD_KINDS[6],
    WORKLOAD_KINDS[7],
];

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-114",
    name: "k8s-namespace-network-policy",
    title_en: "Every namespace should have a NetworkPolicy",
    title_ja: "すべての名前空間に NetworkPolicy を定義する",
    severity: Severity::Medium,
    controls: &["cis-eks-1.8/4.3.2", "cis-k8s-1.12/5.3.2"],
    equivalents: &[],
    resource_kinds: &KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for NamespaceNetworkPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        if inv.k8s_namespaces().next().is_none() && inv.k8s_network_policies().next().is_none() {
            return;
        }
        let fenced = |ns: &str| {
            inv.k8s_network_policies()
                .any(|p| p.metadata.namespace_or_default() == ns)
        };
        let mut seen: Vec<String> = Vec::new();
        for n in inv.k8s_namespaces() {
            let name = match &n.metadata.name.state {
                State::Set(v) | State::Default(v) => v.clone(),
                State::Unknown(r) => {
                    ctx.undecided(&n.meta, &n.metadata.name.origin, format!("`metadata.name` is unknown: {r}"));
                    continue;
                }
                State::Absent => continue,
            };
            if SYSTEM_NAMESPACES.contains(&name.as_str()) {
                continue;
            }
            seen.push(name.clone());
            if fenced(&name) {
                ctx.pass(&n.meta);
                continue;
            }
            ctx.fail(
                &n.meta,
                "metadata.name",
                &n.metadata.name.origin,
                message(&format!("Namespace `{name}`"), &format!("名前空間 `{name}`")),
            );
        }
        for w in inv.k8s_workloads() {
            // Only a namespace written in the manifest: without one, it is the namespace
            // `kubectl apply -n` chooses.
            let Some(name) = w.metadata.namespace.explicit() else {
                continue;
            };
            if SYSTEM_NAMESPACES.contains(&name.as_str()) || seen.contains(name) {
                continue;
            }
            seen.push(name.clone());
            if fenced(name) {
                ctx.pass(&w.meta);
                continue;
            }
            let what = crate::pss::what(w);
            ctx.fail(
                &w.meta,
                "metadata.namespace",
                &w.metadata.namespace.origin,
                message(
                    &format!("Namespace `{name}` (where {what} runs)"),
                    &format!("{what} が動く名前空間 `{name}`"),
                ),
            );
        }
    }
}

fn message(en: &str, ja: &str) -> Text {
    Text::new(
        format!(
            "{en} has no NetworkPolicy in the scan: every pod in it accepts traffic from any pod of the cluster and may reach any destination"
        ),
        format!(
            "{ja} にはスキャン内に NetworkPolicy がない。その中のすべての Pod がクラスター内のどの Pod からの通信も受け入れ、どこへでも通信できる"
        ),
    )
}
