//! What the Kubernetes rules outside the Pod Security Standards share about workloads: their pod
//! spec whatever the profile, and the service account a pod runs as.
//!
//! The Pod Security Standards rules hold workloads to a profile ([`crate::pss`]); the rules here
//! (service accounts, namespaces, secrets, hygiene) judge every workload, and reuse the
//! container walk and the [`crate::pss::Judgement`] of those rules.

use crate::Ctx;
use mamori_model::k8s::{K8sServiceAccount, K8sWorkload, PodSpec};
use mamori_model::{Inventory, State};

/// The pod spec of a workload: `None` when it has none, or when it cannot be read (then the
/// check is undecided).
pub fn pod<'a>(ctx: &mut Ctx<'_>, w: &'a K8sWorkload) -> Option<&'a PodSpec> {
    match &w.pod.state {
        State::Set(p) | State::Default(p) => Some(p),
        State::Unknown(r) => {
            ctx.undecided(&w.meta, &w.pod.origin, format!("the pod spec is unknown: {r}"));
            None
        }
        State::Absent => None,
    }
}

/// The ServiceAccount object of the scan a pod runs as (`serviceAccountName`, `default` when
/// unset), in the workload's namespace.
pub fn service_account<'a>(inv: &'a Inventory, w: &K8sWorkload, pod: &PodSpec) -> Option<&'a K8sServiceAccount> {
    let name = pod.service_account_name.value()?;
    let ns = w.metadata.namespace_or_default();
    inv.k8s_service_accounts()
        .find(|s| s.metadata.name.value() == Some(name) && s.metadata.namespace_or_default() == ns)
}

/// Namespaces Kubernetes creates for itself.
pub const SYSTEM_NAMESPACES: &[&str] = &["kube-system", "kube-public", "kube-node-lease"];
