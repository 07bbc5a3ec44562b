//! A Role or ClusterRole should not use the wildcard `*` in `apiGroups`, `resources` or `verbs`
//! (CIS EKS 4.1.3, CIS Kubernetes 5.1.3): a wildcard grants whatever the API server serves, now
//! and later, custom resources and subresources included. `*/<subresource>` counts too.

use crate::rbac::{self, ItemVerdict};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{K8sRole, KIND_CLUSTER_ROLE, KIND_ROLE, PolicyRule};
use mamori_model::{Attr, Inventory, Severity, SourceKind, State};

pub struct RbacWildcards;

pub static RULE: RbacWildcards = RbacWildcards;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-103",
    name: "k8s-rbac-wildcards",
    title_en: "Roles should not use wildcards in API groups, resources or verbs",
    title_ja: "ロールの API グループ・リソース・動詞にワイルドカードを使わない",
    severity: Severity::Medium,
    controls: &["cis-eks-1.8/4.1.3", "cis-k8s-1.12/5.1.3"],
    equivalents: &[
        ("checkov", "CKV_K8S_49"),
        ("trivy", "AVD-KSV-0044"),
        ("trivy", "AVD-KSV-0045"),
        ("trivy", "AVD-KSV-0046"),
    ],
    resource_kinds: &[KIND_ROLE, KIND_CLUSTER_ROLE],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for RbacWildcards {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        rbac::each_role(inv, ctx, judge);
    }
}

/// Whether a list holds a wildcard: `Ok(true)`, `Ok(false)`, or why it cannot be told.
fn has_wildcard(list: &Attr<Vec<Attr<String>>>, field: &str, partial: bool) -> Result<bool, String> {
    match &list.state {
        State::Set(items) | State::Default(items) => {
            let mut unknown = None;
            for i in items {
                match &i.state {
                    State::Set(v) | State::Default(v) if v == "*" || (partial && v.contains('*')) => return Ok(true),
                    State::Unknown(r) => unknown = Some(format!("an item of `{field}` is unknown: {r}")),
                    _ => {}
                }
            }
            match unknown {
                Some(why) => Err(why),
                None => Ok(false),
            }
        }
        State::Absent => Ok(false),
        State::Unknown(r) => Err(format!("`{field}` is unknown: {r}")),
    }
}

fn judge(_role: &K8sRole, rule: &PolicyRule) -> ItemVerdict {
    let mut fields = Vec::new();
    let mut unknown = None;
    for (list, field, partial) in [
        (&rule.api_groups, "apiGroups", false),
        (&rule.resources, "resources", true),
        (&rule.verbs, "verbs", false),
    ] {
        match has_wildcard(list, field, partial) {
            Ok(true) => fields.push(format!("`{field}`")),
            Ok(false) => {}
            Err(why) => unknown = unknown.or(Some(why)),
        }
    }
    if fields.is_empty() {
        return match unknown {
            Some(why) => Err(why),
            None => Ok(None),
        };
    }
    let list = fields.join(", ");
    let list_ja = fields.join("・");
    Ok(Some((
        format!("uses the wildcard `*` in {list}, which grants whatever the API server serves, including resources added later"),
        format!("{list_ja} でワイルドカード `*` を使っている。API サーバーが提供するすべて（後から追加されるリソースを含む）を許可することになる"),
    )))
}
