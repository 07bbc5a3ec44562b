//! Bindings should not name the group `system:masters` (CIS Kubernetes 5.1.7): its members hold
//! unrestricted access that no RBAC change can take away (the API server lets them through before
//! RBAC is asked), so relying on the group for anything hides who really holds the cluster.

use crate::rbac;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{KIND_CLUSTER_ROLE_BINDING, KIND_ROLE_BINDING};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct RbacSystemMastersBinding;

pub static RULE: RbacSystemMastersBinding = RbacSystemMastersBinding;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-111",
    name: "k8s-rbac-system-masters-binding",
    title_en: "Bindings should not use the system:masters group",
    title_ja: "バインディングで system:masters グループを使わない",
    severity: Severity::High,
    controls: &["cis-k8s-1.12/5.1.7"],
    equivalents: &[],
    resource_kinds: &[KIND_ROLE_BINDING, KIND_CLUSTER_ROLE_BINDING],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for RbacSystemMastersBinding {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for b in inv.k8s_role_bindings() {
            if rbac::is_builtin(&b.metadata, b.cluster_scoped) {
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
            let mut failed = false;
            let mut unknown = None;
            for (i, s) in subjects.iter().enumerate() {
                let (Some(k), Some(n)) = (s.kind.value(), s.name.value()) else {
                    unknown.get_or_insert((s.origin.clone(), format!("subject #{} has no known kind and name", i + 1)));
                    continue;
                };
                if k != "Group" || n != "system:masters" {
                    continue;
                }
                failed = true;
                let key = rbac::subject_key(s, b, i);
                ctx.fail(
                    &b.meta,
                    format!("subjects[{key}]"),
                    &s.origin,
                    Text::new(
                        format!(
                            "{noun} names the group `system:masters`, whose members bypass RBAC entirely and cannot be restricted by any binding"
                        ),
                        format!(
                            "{noun} が `system:masters` グループを指定している。このグループのメンバーは RBAC を経由せずにすべてを許可され、どのバインディングでも制限できない"
                        ),
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
