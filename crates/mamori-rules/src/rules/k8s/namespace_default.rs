//! User objects should not be placed in the `default` namespace (CIS EKS 4.5.2, CIS Kubernetes
//! 5.6.4): workloads, ServiceAccounts (other than `default` itself), Roles and RoleBindings whose
//! `metadata.namespace` is written as `default`. An object without a namespace is not judged: it
//! goes wherever `kubectl apply -n` (or the kubeconfig context) sends it.

use crate::rbac;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{DEFAULT_NAMESPACE, KIND_ROLE, KIND_ROLE_BINDING, KIND_SERVICE_ACCOUNT, ObjectMeta, WORKLOAD_KINDS};
use mamori_model::{Inventory, ResourceMeta, Severity, SourceKind, Text};

pub struct DefaultNamespace;

pub static RULE: DefaultNamespace = DefaultNamespace;

static KINDS: [&str; 11] = [
    KIND_SERVICE_ACCOUNT,
    KIND_ROLE,
    KIND_ROLE_BINDING,
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
    id: "MAM-K8S-115",
    name: "k8s-default-namespace",
    title_en: "Objects should not be placed in the default namespace",
    title_ja: "オブジェクトを default 名前空間に置かない",
    severity: Severity::Low,
    controls: &["cis-eks-1.8/4.5.2", "cis-k8s-1.12/5.6.4"],
    equivalents: &[("checkov", "CKV_K8S_21"), ("trivy", "AVD-KSV-0110")],
    resource_kinds: &KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for DefaultNamespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for w in inv.k8s_workloads() {
            judge(ctx, &w.meta, &w.metadata, &crate::pss::what(w));
        }
        for s in inv.k8s_service_accounts() {
            if s.metadata.name.value().is_some_and(|n| n == "default") {
                continue;
            }
            judge(ctx, &s.meta, &s.metadata, &format!("ServiceAccount `{}`", s.meta.name));
        }
        for r in inv.k8s_roles().filter(|r| !r.cluster_scoped) {
            if rbac::is_builtin(&r.metadata, false) {
                continue;
            }
            judge(ctx, &r.meta, &r.metadata, &format!("Role `{}`", r.meta.name));
        }
        for b in inv.k8s_role_bindings().filter(|b| !b.cluster_scoped) {
            if rbac::is_builtin(&b.metadata, false) {
                continue;
            }
            judge(ctx, &b.meta, &b.metadata, &format!("RoleBinding `{}`", b.meta.name));
        }
    }
}

fn judge(ctx: &mut Ctx<'_>, meta: &ResourceMeta, m: &ObjectMeta, what: &str) {
    let ns = &m.namespace;
    if let Some(r) = ns.unknown_reason() {
        ctx.undecided(meta, &ns.origin, format!("`metadata.namespace` is unknown: {r}"));
        return;
    }
    match ns.explicit() {
        Some(n) if n == DEFAULT_NAMESPACE => ctx.fail(
            meta,
            "metadata.namespace",
            &ns.origin,
            Text::new(
                format!(
                    "{what} is placed in the `default` namespace, where it shares policies, quotas and access with everything else put there"
                ),
                format!(
                    "{what} が `default` 名前空間に置かれている。そこに置かれたほかのすべてのものとポリシー・クォータ・アクセス権を共有する"
                ),
            ),
        ),
        Some(_) => ctx.pass(meta),
        None => {}
    }
}
