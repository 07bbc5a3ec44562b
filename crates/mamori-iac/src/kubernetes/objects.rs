//! ServiceAccounts, RBAC and NetworkPolicies.

use super::read::{Ctx, Sub};
use crate::tree::Node;
use mamori_model::k8s::*;
use mamori_model::{Attr, ResourceMeta};

pub fn service_account(cx: &Ctx<'_>, node: &Node, meta: ResourceMeta, metadata: ObjectMeta) -> K8sServiceAccount {
    let mut sa = K8sServiceAccount::new(meta);
    sa.metadata = metadata;
    sa.automount_service_account_token = cx.bool(node.get("automountServiceAccountToken"), node.span);
    sa
}

pub fn role(cx: &Ctx<'_>, node: &Node, meta: ResourceMeta, metadata: ObjectMeta, cluster: bool) -> K8sRole {
    let mut r = K8sRole::new(meta, cluster);
    r.metadata = metadata;
    r.rules = cx.list(node.get("rules"), node.span, |rule| {
        let o = cx.origin(rule.span);
        if !rule.is_map() {
            let why = format!("a rule should be a mapping, found a {}", rule.type_name());
            let u = || Attr::unknown(why.clone(), o.clone());
            return PolicyRule {
                origin: o.clone(),
                api_groups: u(),
                resources: u(),
                verbs: u(),
                resource_names: u(),
                non_resource_urls: u(),
            };
        }
        PolicyRule {
            origin: o,
            api_groups: cx.str_list(rule.get("apiGroups"), rule.span),
            resources: cx.str_list(rule.get("resources"), rule.span),
            verbs: cx.str_list(rule.get("verbs"), rule.span),
            resource_names: cx.str_list(rule.get("resourceNames"), rule.span),
            non_resource_urls: cx.str_list(rule.get("nonResourceURLs"), rule.span),
        }
    });
    if cluster {
        r.aggregation_selectors = cx.under(node.get("aggregationRule"), "aggregationRule", node.span, |a| {
            cx.list(a.get("clusterRoleSelectors"), a.span, |s| cx.selector(s))
        });
    }
    r
}

pub fn role_binding(
    cx: &Ctx<'_>,
    node: &Node,
    meta: ResourceMeta,
    metadata: ObjectMeta,
    cluster: bool,
) -> K8sRoleBinding {
    let mut b = K8sRoleBinding::new(meta, cluster);
    b.metadata = metadata;
    match cx.sub(node.get("roleRef"), "roleRef") {
        Sub::Map(r) => {
            b.role_kind = cx.str(r.get("kind"), r.span);
            b.role_name = cx.str(r.get("name"), r.span);
        }
        Sub::Absent => {}
        Sub::Bad(why, o) => {
            b.role_kind = Attr::unknown(why.clone(), o.clone());
            b.role_name = Attr::unknown(why, o);
        }
    }
    b.subjects = cx.list(node.get("subjects"), node.span, |s| Subject {
        origin: cx.origin(s.span),
        kind: cx.str(s.get("kind"), s.span),
        name: cx.str(s.get("name"), s.span),
        namespace: cx.str(s.get("namespace"), s.span),
    });
    b
}

pub fn network_policy(cx: &Ctx<'_>, node: &Node, meta: ResourceMeta, metadata: ObjectMeta) -> K8sNetworkPolicy {
    let mut p = K8sNetworkPolicy::new(meta);
    p.metadata = metadata;
    let Sub::Map(spec) = cx.sub(node.get("spec"), "spec") else {
        return p;
    };
    p.pod_selector = cx.under(spec.get("podSelector"), "podSelector", spec.span, |s| {
        Attr::set(cx.selector(s), cx.origin(s.span))
    });
    // `podSelector: {}` is an empty mapping (selects every pod), not a missing one.
    if let Some(s) = spec.get("podSelector").filter(|s| s.is_null()) {
        p.pod_selector = Attr::set(cx.selector(s), cx.origin(s.span));
    }
    p.policy_types = cx.str_list(spec.get("policyTypes"), spec.span);
    p.ingress_rules = cx.list(spec.get("ingress"), spec.span, |_| ()).map(|v| v.len());
    p.egress_rules = cx.list(spec.get("egress"), spec.span, |_| ()).map(|v| v.len());
    p
}
