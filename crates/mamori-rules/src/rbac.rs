//! What the RBAC rules share: which Roles and bindings are the user's, how a rule item of a Role
//! grants a permission (Kubernetes' own matching, wildcards included), and how a role's
//! judgement becomes findings.
//!
//! * A Role or ClusterRole is judged once per rule, whether or not a binding of the scan uses
//!   it (a role is a grant waiting to be bound; bindings often live in another repository). Each
//!   rule item (`rules[#n]`, by position, as items have no name) that grants the permission is
//!   one finding, pointing at the item; the message names the bindings of the scan that use the
//!   role.
//! * Built-in objects are not the user's and are not judged: names starting with `system:`,
//!   objects labelled `kubernetes.io/bootstrapping: rbac-defaults` (what `kubectl get` prints
//!   for the defaults), and the default ClusterRoles `cluster-admin`, `admin`, `edit` and
//!   `view`.
//! * An aggregated ClusterRole (`aggregationRule`) is not judged on its `rules`: the controller
//!   manager overwrites them with those of the ClusterRoles its selectors match, which are
//!   judged themselves.

use crate::Ctx;
use mamori_model::k8s::{K8sRole, K8sRoleBinding, ObjectMeta, PolicyRule, Subject};
use mamori_model::{Attr, Inventory, Origin, State, Text};

/// The label Kubernetes puts on its default roles and bindings.
const BOOTSTRAPPING_LABEL: &str = "kubernetes.io/bootstrapping";

/// The default user-facing ClusterRoles.
const DEFAULT_CLUSTER_ROLES: &[&str] = &["cluster-admin", "admin", "edit", "view"];

/// Whether an RBAC object is one of Kubernetes' own.
pub fn is_builtin(m: &ObjectMeta, cluster_scoped: bool) -> bool {
    let name = m.name.value().map_or("", String::as_str);
    name.starts_with("system:")
        || m.label(BOOTSTRAPPING_LABEL)
            .and_then(|e| e.value.value())
            .is_some_and(|v| v == "rbac-defaults")
        || (cluster_scoped && DEFAULT_CLUSTER_ROLES.contains(&name))
}

/// Whether a rule item grants a permission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Grant {
    No,
    /// Granted; `wildcard` when only a `*` grants it.
    Yes {
        wildcard: bool,
    },
    Unknown(String),
}

/// How one list of a rule item matches: `Some(wildcard)` when an item matches.
fn list_match(
    list: &Attr<Vec<Attr<String>>>,
    field: &str,
    exact: impl Fn(&str) -> bool,
    wild: impl Fn(&str) -> bool,
) -> Result<Option<bool>, String> {
    match &list.state {
        State::Set(items) | State::Default(items) => {
            let mut found = None;
            let mut unknown = None;
            for i in items {
                match &i.state {
                    State::Set(v) | State::Default(v) => {
                        if exact(v) {
                            return Ok(Some(false));
                        }
                        if wild(v) {
                            found = Some(true);
                        }
                    }
                    State::Unknown(r) => unknown = Some(r.clone()),
                    State::Absent => {}
                }
            }
            match (found, unknown) {
                (Some(w), _) => Ok(Some(w)),
                (None, Some(r)) => Err(format!("an item of `{field}` is unknown: {r}")),
                (None, None) => Ok(None),
            }
        }
        State::Absent => Ok(None),
        State::Unknown(r) => Err(format!("`{field}` is unknown: {r}")),
    }
}

/// Whether a rule item grants one of `verbs` on `resource` (`secrets`, `nodes/proxy`) of API
/// group `group` (`""` is the core group), as the RBAC authorizer decides: `*` in `apiGroups`,
/// `resources` or `verbs` matches everything, `*/<subresource>` matches that subresource of any
/// resource. No `verbs` asked for means any verb. An empty list in the item matches nothing.
/// `resourceNames` is not considered here.
pub fn grants(rule: &PolicyRule, group: &str, resource: &str, verbs: &[&str]) -> Grant {
    let sub = resource.split_once('/').map(|(_, s)| s);
    let results = [
        list_match(&rule.api_groups, "apiGroups", |g| g == group, |g| g == "*"),
        list_match(
            &rule.resources,
            "resources",
            |r| r == resource,
            |r| r == "*" || sub.is_some_and(|s| r.strip_prefix("*/") == Some(s)),
        ),
        list_match(
            &rule.verbs,
            "verbs",
            |v| {
                if verbs.is_empty() {
                    !v.is_empty() && v != "*"
                } else {
                    verbs.contains(&v)
                }
            },
            |v| v == "*",
        ),
    ];
    let mut wildcard = false;
    let mut unknown = None;
    for r in results {
        match r {
            Ok(None) => return Grant::No,
            Ok(Some(w)) => wildcard |= w,
            Err(why) => unknown = unknown.or(Some(why)),
        }
    }
    match unknown {
        Some(why) => Grant::Unknown(why),
        None => Grant::Yes { wildcard },
    }
}

/// Whether an item restricts itself to named objects (`resourceNames`); `None` when unknown.
pub fn named_only(rule: &PolicyRule) -> Option<bool> {
    match &rule.resource_names.state {
        State::Set(n) | State::Default(n) => Some(!n.is_empty()),
        State::Absent => Some(false),
        State::Unknown(_) => None,
    }
}

/// "ClusterRole `reader`" or "Role `shop/reader`".
pub fn role_noun(r: &K8sRole) -> String {
    if r.cluster_scoped {
        format!("ClusterRole `{}`", r.meta.name)
    } else {
        format!("Role `{}/{}`", r.metadata.namespace_or_default(), r.meta.name)
    }
}

/// "ClusterRoleBinding `ops`" or "RoleBinding `shop/ops`".
pub fn binding_noun(b: &K8sRoleBinding) -> String {
    if b.cluster_scoped {
        format!("ClusterRoleBinding `{}`", b.meta.name)
    } else {
        format!("RoleBinding `{}/{}`", b.metadata.namespace_or_default(), b.meta.name)
    }
}

/// The bindings of the scan that grant a role.
pub fn bindings_of<'a>(inv: &'a Inventory, r: &K8sRole) -> Vec<&'a K8sRoleBinding> {
    let name = r.metadata.name.value();
    inv.k8s_role_bindings()
        .filter(|b| {
            let kind = b.role_kind.value().map(String::as_str);
            let same_name = b.role_name.value().is_some() && b.role_name.value() == name;
            if r.cluster_scoped {
                same_name && kind == Some("ClusterRole")
            } else {
                same_name
                    && kind == Some("Role")
                    && !b.cluster_scoped
                    && b.metadata.namespace_or_default() == r.metadata.namespace_or_default()
            }
        })
        .collect()
}

/// What the message says about who holds the role: the bindings of the scan, or none yet.
fn holders(inv: &Inventory, r: &K8sRole) -> (String, String) {
    let bs = bindings_of(inv, r);
    if bs.is_empty() {
        return (
            "; no binding in the scan grants it yet, but any later binding will".into(),
            "。スキャン対象にこのロールを付与するバインディングはまだないが、後から付与されればそのまま有効になる"
                .into(),
        );
    }
    let names: Vec<String> = bs.iter().map(|b| binding_noun(b)).collect();
    (
        format!("; granted by {}", names.join(", ")),
        format!("。付与しているバインディング: {}", names.join("、")),
    )
}

/// What a rule found in one rule item: the grant in words (English, Japanese), or nothing.
pub type ItemVerdict = Result<Option<(String, String)>, String>;

/// Judges every Role and ClusterRole of the user, item by item: `judge` says what an item of the
/// role grants that the rule is about. (A namespaced Role cannot grant cluster-scoped resources
/// such as nodes or webhook configurations: rules about those judge ClusterRoles' items only.) One finding per item that grants it, at `rules[#n]`; an undecided
/// check when an item cannot be read and none grants it; a pass otherwise.
pub fn each_role(inv: &Inventory, ctx: &mut Ctx<'_>, judge: impl Fn(&K8sRole, &PolicyRule) -> ItemVerdict) {
    for r in inv.k8s_roles() {
        if is_builtin(&r.metadata, r.cluster_scoped) || r.aggregation_selectors.value().is_some() {
            continue;
        }
        let items = match &r.rules.state {
            State::Set(items) | State::Default(items) => items.as_slice(),
            State::Absent => &[],
            State::Unknown(why) => {
                ctx.undecided(&r.meta, &r.rules.origin, format!("the rules are unknown: {why}"));
                continue;
            }
        };
        let mut fails: Vec<(usize, &Origin, (String, String))> = Vec::new();
        let mut unknown: Option<(&Origin, String)> = None;
        for (i, item) in items.iter().enumerate() {
            match judge(r, item) {
                Ok(Some(what)) => fails.push((i, &item.origin, what)),
                Ok(None) => {}
                Err(why) => {
                    unknown.get_or_insert((&item.origin, format!("rule #{} cannot be judged: {why}", i + 1)));
                }
            }
        }
        if fails.is_empty() {
            match unknown {
                Some((o, why)) => ctx.undecided(&r.meta, o, why),
                None => ctx.pass(&r.meta),
            }
            continue;
        }
        let noun = role_noun(r);
        let (held_en, held_ja) = holders(inv, r);
        for (i, origin, (en, ja)) in fails {
            let n = i + 1;
            ctx.fail(
                &r.meta,
                format!("rules[#{n}]"),
                origin,
                Text::new(
                    format!("{noun} {en} (rule #{n}){held_en}"),
                    format!("{noun} のルール #{n} は{ja}{held_ja}"),
                ),
            );
        }
    }
}

/// A subject's key in attribute paths: `Group/ops`, `User/alice`, `ServiceAccount/ci/deployer`.
pub fn subject_key(s: &Subject, binding: &K8sRoleBinding, index: usize) -> String {
    let kind = s.kind.value().map_or("?", String::as_str);
    let Some(name) = s.name.value() else {
        return format!("#{}", index + 1);
    };
    if kind == "ServiceAccount" {
        let ns = s
            .namespace
            .value()
            .map_or_else(|| binding.metadata.namespace_or_default().to_string(), Clone::clone);
        format!("{kind}/{ns}/{name}")
    } else {
        format!("{kind}/{name}")
    }
}

/// The subjects of a binding, or the reason they cannot be read.
pub fn subjects(b: &K8sRoleBinding) -> Result<&[Subject], (Origin, String)> {
    match &b.subjects.state {
        State::Set(s) | State::Default(s) => Ok(s),
        State::Absent => Ok(&[]),
        State::Unknown(why) => Err((b.subjects.origin.clone(), format!("the subjects are unknown: {why}"))),
    }
}

/// How a grant reads in a message: "through the wildcard `*`" when only a wildcard grants it.
pub fn via(g: &Grant) -> (&'static str, &'static str) {
    match g {
        Grant::Yes { wildcard: true } => (" through a wildcard `*`", "（ワイルドカード `*` による）"),
        _ => ("", ""),
    }
}

/// Combines the grants of several permissions: the first granted, else the first unknown.
pub fn first_grant<'a>(grants: impl IntoIterator<Item = (&'a str, Grant)>) -> Result<Option<(&'a str, Grant)>, String> {
    let mut unknown = None;
    for (what, g) in grants {
        match g {
            Grant::Yes { .. } => return Ok(Some((what, g))),
            Grant::Unknown(why) => unknown = unknown.or(Some(why)),
            Grant::No => {}
        }
    }
    match unknown {
        Some(why) => Err(why),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Attr<Vec<Attr<String>>> {
        Attr::set(
            items
                .iter()
                .map(|s| Attr::set(s.to_string(), Origin::Synthetic))
                .collect(),
            Origin::Synthetic,
        )
    }

    fn rule(groups: &[&str], resources: &[&str], verbs: &[&str]) -> PolicyRule {
        PolicyRule {
            origin: Origin::Synthetic,
            api_groups: list(groups),
            resources: list(resources),
            verbs: list(verbs),
            resource_names: Attr::absent(Origin::Synthetic),
            non_resource_urls: Attr::absent(Origin::Synthetic),
        }
    }

    #[test]
    fn grants_follow_the_rbac_authorizer() {
        let r = rule(&[""], &["secrets"], &["get", "list"]);
        assert_eq!(grants(&r, "", "secrets", &["get"]), Grant::Yes { wildcard: false });
        assert_eq!(grants(&r, "", "secrets", &["watch"]), Grant::No);
        assert_eq!(grants(&r, "apps", "secrets", &["get"]), Grant::No);
        let all = rule(&["*"], &["*"], &["*"]);
        assert_eq!(grants(&all, "", "nodes/proxy", &["get"]), Grant::Yes { wildcard: true });
        let sub = rule(&[""], &["*/proxy"], &["get"]);
        assert_eq!(grants(&sub, "", "nodes/proxy", &["get"]), Grant::Yes { wildcard: true });
        assert_eq!(grants(&sub, "", "nodes", &["get"]), Grant::No);
        // `nodes` does not grant its subresource.
        assert_eq!(
            grants(&rule(&[""], &["nodes"], &["get"]), "", "nodes/proxy", &["get"]),
            Grant::No
        );
        // Any verb at all, for rules about every verb.
        assert_eq!(
            grants(&rule(&[""], &["nodes/proxy"], &["get"]), "", "nodes/proxy", &[]),
            Grant::Yes { wildcard: false }
        );
        assert_eq!(
            grants(&rule(&[""], &["nodes/proxy"], &[]), "", "nodes/proxy", &[]),
            Grant::No
        );
        let mut u = rule(&[""], &["secrets"], &["get"]);
        u.verbs = Attr::unknown("var", Origin::Synthetic);
        assert!(matches!(grants(&u, "", "secrets", &["get"]), Grant::Unknown(_)));
        assert_eq!(grants(&u, "", "pods", &["get"]), Grant::No, "a known mismatch decides");
    }
}
