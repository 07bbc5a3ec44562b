//! The `cluster-admin` ClusterRole should be bound only where it is required (CIS EKS 4.1.1, CIS
//! Kubernetes 5.1.1): a ClusterRoleBinding or RoleBinding whose `roleRef` is the ClusterRole
//! `cluster-admin` fails for each subject other than the groups `system:masters` and
//! `system:nodes`. A RoleBinding grants it within its namespace only, and is reported as such.

use crate::rbac;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{KIND_CLUSTER_ROLE_BINDING, KIND_ROLE_BINDING};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct RbacClusterAdminBinding;

pub static RULE: RbacClusterAdminBinding = RbacClusterAdminBinding;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-101",
    name: "k8s-rbac-cluster-admin-binding",
    title_en: "The cluster-admin role should be bound only where required",
    title_ja: "cluster-admin ロールは必要な場合にだけバインドする",
    severity: Severity::High,
    controls: &["cis-eks-1.8/4.1.1", "cis-k8s-1.12/5.1.1"],
    equivalents: &[("trivy", "AVD-KSV-0111")],
    resource_kinds: &[KIND_ROLE_BINDING, KIND_CLUSTER_ROLE_BINDING],
    sources: &[SourceKind::Kubernetes],
};

/// The groups CIS accepts as holders of `cluster-admin`.
const ACCEPTED_GROUPS: &[&str] = &["system:masters", "system:nodes"];

impl Rule for RbacClusterAdminBinding {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for b in inv.k8s_role_bindings() {
            if rbac::is_builtin(&b.metadata, b.cluster_scoped) {
                continue;
            }
            let (kind, name) = (&b.role_kind, &b.role_name);
            let admin = match (&kind.state, &name.state) {
                (State::Unknown(r), _) => {
                    ctx.undecided(&b.meta, &kind.origin, format!("`roleRef.kind` is unknown: {r}"));
                    continue;
                }
                (_, State::Unknown(r)) => {
                    ctx.undecided(&b.meta, &name.origin, format!("`roleRef.name` is unknown: {r}"));
                    continue;
                }
                _ => kind.value().is_some_and(|k| k == "ClusterRole") && name.value().is_some_and(|n| n == "cluster-admin"),
            };
            if !admin {
                ctx.pass(&b.meta);
                continue;
            }
            let subjects = match rbac::subjects(b) {
                Ok(s) => s,
                Err((o, why)) => {
                    ctx.undecided(&b.meta, &o, why);
                    continue;
                }
            };
            let noun = rbac::binding_noun(b);
            let (scope_en, scope_ja) = if b.cluster_scoped {
                ("over the whole cluster".to_string(), "クラスター全体".to_string())
            } else {
                let ns = b.metadata.namespace_or_default();
                (format!("over namespace `{ns}`"), format!("名前空間 `{ns}` の中"))
            };
            let mut failed = false;
            let mut unknown = None;
            for (i, s) in subjects.iter().enumerate() {
                let (Some(k), Some(n)) = (s.kind.value(), s.name.value()) else {
                    unknown.get_or_insert((s.origin.clone(), format!("subject #{} has no known kind and name", i + 1)));
                    continue;
                };
                if k == "Group" && ACCEPTED_GROUPS.contains(&n.as_str()) {
                    continue;
                }
                failed = true;
                let key = rbac::subject_key(s, b, i);
                let who = key.split_once('/').map_or(n.as_str(), |(_, w)| w);
                ctx.fail(
                    &b.meta,
                    format!("subjects[{key}]"),
                    &s.origin,
                    Text::new(
                        format!("{noun} gives {k} `{who}` full control {scope_en} through `cluster-admin`"),
                        format!("{noun} が {k} `{who}` に `cluster-admin` を付与し、{scope_ja}を完全に操作できるようにしている"),
                    ),
                );
            }
            if !failed {
                match unknown {
                    Some((o, why)) => ctx.undecided(&b.meta, &o, why),
                    None => ctx.pass(&b.meta),
                }
            }
        }
    }
}
