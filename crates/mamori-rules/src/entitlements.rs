//! What the IAM rules share: a role's effective permission statements gathered from everything
//! that grants them (with where each comes from), the catalog of well-known AWS managed
//! policies, and which roles tasks and pods run as.
//!
//! A role's permissions come from its own inline policies and attached managed policies, from
//! `aws_iam_role_policy` / `AWS::IAM::Policy` resources that name it, from attachments
//! (`aws_iam_role_policy_attachment`, `aws_iam_policy_attachment`) and from customer-managed
//! policies that list it (`AWS::IAM::ManagedPolicy.Roles`). An attached policy is read from the
//! scan when it is declared there, else from the catalog (`data/aws-managed-policies.toml`) when
//! AWS manages it; a policy found in neither leaves that part of the role unknown, so a check
//! that finds nothing wrong in the rest is undecided, never passed.

use crate::trust;
use mamori_model::iam::{IamRole, PolicyDocument, PolicyStatement};
use mamori_model::{Attr, Inventory, Origin, ResourceMeta, State, inventory::same_scope};
use serde::Deserialize;
use std::sync::OnceLock;

/// The catalog of well-known AWS managed policies.
#[derive(Debug, Deserialize)]
pub struct Catalog {
    /// The day the catalog was checked against AWS's managed policy reference.
    pub date: String,
    pub policy: Vec<ManagedPolicy>,
}

/// A well-known AWS managed policy.
#[derive(Debug, Deserialize)]
pub struct ManagedPolicy {
    pub name: String,
    /// `/` or `/service-role/`.
    pub path: String,
    pub summary_en: String,
    pub summary_ja: String,
    statement: Vec<CatalogStatement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogStatement {
    #[serde(default)]
    actions: Vec<String>,
    #[serde(default)]
    not_actions: Vec<String>,
    /// The resources, `*` unless listed.
    #[serde(default)]
    resources: Vec<String>,
}

pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        toml::from_str(include_str!("../data/aws-managed-policies.toml")).expect("the managed policy catalog parses")
    })
}

/// The AWS managed policy an ARN (`arn:aws:iam::aws:policy/service-role/…`, any partition) names,
/// when the catalog knows it.
pub fn aws_managed(arn: &str) -> Option<&'static ManagedPolicy> {
    let rest = arn.strip_prefix("arn:")?;
    let (_, rest) = rest.split_once(':')?;
    let rest = rest.strip_prefix("iam::aws:policy")?;
    catalog()
        .policy
        .iter()
        .find(|p| rest.len() == p.path.len() + p.name.len() && rest.starts_with(&p.path) && rest.ends_with(&p.name))
}

/// One statement that grants the role something, and where it comes from.
#[derive(Clone, Debug)]
pub struct Grant {
    /// The attribute path a finding about it names: the statement of a policy
    /// (`rolePolicyList[app].policyDocument.statement[#1]`), or an AWS managed policy as a whole
    /// (`attachedManagedPolicies[AdministratorAccess]`).
    pub path: String,
    pub statement: PolicyStatement,
    /// The statement, or where an AWS managed policy is attached.
    pub origin: Origin,
    /// The policy's name for messages.
    pub policy: String,
    /// The statement's `Sid`, else `#n`.
    pub label: String,
    /// The catalog entry when the grant is an AWS managed policy's.
    pub managed: Option<&'static ManagedPolicy>,
}

/// A role's permissions: what is granted, and the parts that cannot be known.
#[derive(Debug, Default)]
pub struct Permissions {
    pub grants: Vec<Grant>,
    pub unknown: Vec<(Origin, String)>,
}

impl Permissions {
    fn unknown(&mut self, origin: &Origin, why: String) {
        self.unknown.push((origin.clone(), why));
    }

    fn document(&mut self, doc: &Attr<PolicyDocument>, prefix: &str, policy: &str) {
        let d = match &doc.state {
            State::Set(d) | State::Default(d) => d,
            State::Absent => return,
            State::Unknown(r) => return self.unknown(&doc.origin, format!("policy `{policy}` is unknown: {r}")),
        };
        match &d.statements.state {
            State::Set(sts) | State::Default(sts) => {
                for (i, st) in sts.iter().enumerate() {
                    self.grants.push(Grant {
                        path: format!("{prefix}.policyDocument.statement[{}]", st.label(i)),
                        statement: st.clone(),
                        origin: st.origin.clone(),
                        policy: policy.to_string(),
                        label: st.label(i),
                        managed: None,
                    });
                }
            }
            State::Absent => {}
            State::Unknown(r) => self.unknown(&d.statements.origin, format!("policy `{policy}` is unknown: {r}")),
        }
    }

    /// A managed policy attached by ARN or reference (`at`), from `from`.
    fn attached(&mut self, inv: &Inventory, at: &Attr<String>, from: &ResourceMeta) {
        let reference = match &at.state {
            State::Set(r) | State::Default(r) => r,
            State::Absent => return,
            State::Unknown(r) => return self.unknown(&at.origin, format!("an attached policy is unknown: {r}")),
        };
        if let Some(p) = inv.find_iam_policy(reference, from) {
            let name = p.name.value().cloned().unwrap_or_else(|| p.meta.name.clone());
            return self.document(&p.document, &format!("attachedManagedPolicies[{name}]"), &name);
        }
        if let Some(m) = aws_managed(reference) {
            for (i, s) in m.statement.iter().enumerate() {
                let mut st = PolicyStatement::new(at.origin.clone());
                let list = |items: &[String]| -> Attr<Vec<Attr<String>>> {
                    if items.is_empty() {
                        Attr::absent(at.origin.clone())
                    } else {
                        Attr::set(
                            items.iter().map(|a| Attr::set(a.clone(), at.origin.clone())).collect(),
                            at.origin.clone(),
                        )
                    }
                };
                st.effect = Attr::set("Allow".into(), at.origin.clone());
                st.actions = list(&s.actions);
                st.not_actions = list(&s.not_actions);
                st.resources = if s.resources.is_empty() {
                    list(&["*".to_string()])
                } else {
                    list(&s.resources)
                };
                self.grants.push(Grant {
                    path: format!("attachedManagedPolicies[{}]", m.name),
                    statement: st,
                    origin: at.origin.clone(),
                    policy: m.name.clone(),
                    label: format!("#{}", i + 1),
                    managed: Some(m),
                });
            }
            return;
        }
        self.unknown(
            &at.origin,
            format!(
                "policy `{reference}` is neither a well-known AWS managed policy (catalog of {}) nor a policy of the scan",
                catalog().date
            ),
        );
    }
}

/// Whether a list of role references (from `from`) names `role`: `Some(true)` when one does,
/// `None` when one of the same scope is unknown and none does.
fn names_role(inv: &Inventory, roles: &Attr<Vec<Attr<String>>>, from: &ResourceMeta, role: &IamRole) -> Option<bool> {
    let near = same_scope(from, &role.meta);
    match &roles.state {
        State::Set(items) | State::Default(items) => {
            let mut unknown = false;
            for r in items {
                match &r.state {
                    State::Set(v) | State::Default(v) => {
                        if inv.names_iam_role(v, from, role) {
                            return Some(true);
                        }
                    }
                    State::Unknown(_) => unknown |= near,
                    State::Absent => {}
                }
            }
            if unknown { None } else { Some(false) }
        }
        State::Unknown(_) if near => None,
        _ => Some(false),
    }
}

/// Everything that grants `role` a permission in the scan.
pub fn role_permissions(inv: &Inventory, role: &IamRole) -> Permissions {
    let mut p = Permissions::default();
    let role_name = &role.meta.name;
    match &role.inline_policies.state {
        State::Set(list) | State::Default(list) => {
            for (i, ip) in list.iter().enumerate() {
                let label = mamori_model::attr::item_label(&ip.name, i);
                p.document(&ip.document, &format!("rolePolicyList[{label}]"), &label);
            }
        }
        State::Absent => {}
        State::Unknown(r) => p.unknown(
            &role.inline_policies.origin,
            format!("the policies of role `{role_name}` are unknown: {r}"),
        ),
    }
    match &role.managed_policy_arns.state {
        State::Set(list) | State::Default(list) => {
            for a in list {
                p.attached(inv, a, &role.meta);
            }
        }
        State::Absent => {}
        State::Unknown(r) => p.unknown(
            &role.managed_policy_arns.origin,
            format!("the policies of role `{role_name}` are unknown: {r}"),
        ),
    }
    for rp in inv.iam_role_policies() {
        match names_role(inv, &rp.roles, &rp.meta, role) {
            Some(true) => {
                let name = rp.name.value().cloned().unwrap_or_else(|| rp.meta.name.clone());
                p.document(&rp.document, &format!("rolePolicyList[{name}]"), &name);
            }
            Some(false) => {}
            None => p.unknown(
                &rp.roles.origin,
                format!("the roles of `{}` are unknown", rp.meta.address),
            ),
        }
    }
    for a in inv.iam_role_policy_attachments() {
        match names_role(inv, &a.roles, &a.meta, role) {
            Some(true) => p.attached(inv, &a.policy_arn, &a.meta),
            Some(false) => {}
            None => p.unknown(
                &a.roles.origin,
                format!("the roles of `{}` are unknown", a.meta.address),
            ),
        }
    }
    for mp in inv.iam_policies() {
        match names_role(inv, &mp.roles, &mp.meta, role) {
            Some(true) => {
                let name = mp.name.value().cloned().unwrap_or_else(|| mp.meta.name.clone());
                p.document(&mp.document, &format!("attachedManagedPolicies[{name}]"), &name);
            }
            Some(false) => {}
            None => p.unknown(
                &mp.roles.origin,
                format!("the roles of `{}` are unknown", mp.meta.address),
            ),
        }
    }
    p
}

/// Whether a statement applies to every resource: `Resource: "*"`, or `NotResource` (every
/// resource but those listed). `None` when a resource is unknown.
pub fn every_resource(st: &PolicyStatement) -> Option<bool> {
    if matches!(st.not_resources.state, State::Set(_) | State::Default(_)) {
        return Some(true);
    }
    match &st.resources.state {
        State::Set(rs) | State::Default(rs) => {
            let mut unknown = false;
            for r in rs {
                match r.value() {
                    Some(v) if v.trim() == "*" => return Some(true),
                    Some(_) => {}
                    None => unknown |= r.is_unknown(),
                }
            }
            if unknown { None } else { Some(false) }
        }
        State::Absent => Some(false),
        State::Unknown(_) => None,
    }
}

/// The service part of an action pattern (`s3` of `s3:Get*`), lower case; the whole pattern when
/// it has no colon (`*`).
pub fn service_of(pattern: &str) -> String {
    pattern.split(':').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// Whether a statement allows every action of a service (`s3:*`, `*`, or a `NotAction` that
/// excludes none of the service's actions). `None` when an action is unknown.
pub fn grants_whole_service(st: &PolicyStatement, service: &str) -> Option<bool> {
    let service = service.to_ascii_lowercase();
    if let Some(not) = st.not_actions.value() {
        for p in not {
            match p.value() {
                Some(v) if mamori_model::iam::wildcard_match(&service_of(v), &service) => return Some(false),
                Some(_) => {}
                None if p.is_unknown() => return None,
                None => {}
            }
        }
        return Some(true);
    }
    let actions = match &st.actions.state {
        State::Set(a) | State::Default(a) => a,
        State::Absent => return Some(false),
        State::Unknown(_) => return None,
    };
    let mut unknown = false;
    for p in actions {
        match p.value() {
            Some(v) => {
                let v = v.trim().to_ascii_lowercase();
                let (svc, action) = v.split_once(':').unwrap_or((v.as_str(), "*"));
                if !v.contains('?')
                    && mamori_model::iam::wildcard_match(svc, &service)
                    && !action.is_empty()
                    && action.chars().all(|c| c == '*')
                {
                    return Some(true);
                }
            }
            None => unknown |= p.is_unknown(),
        }
    }
    if unknown { None } else { Some(false) }
}

/// How a task or pod uses a role, for messages (English, Japanese).
pub type Use = (String, String);

/// The roles tasks and pods run as: ECS task roles (`taskRoleArn`), IRSA roles (a
/// ServiceAccount's `eks.amazonaws.com/role-arn`) and EKS Pod Identity roles, each with its uses.
pub fn task_and_pod_roles(inv: &Inventory) -> Vec<(&IamRole, Vec<Use>)> {
    let mut out: Vec<(&IamRole, Vec<Use>)> = Vec::new();
    for role in inv.iam_roles() {
        let mut uses = Vec::new();
        for td in inv.ecs_task_definitions() {
            if td
                .task_role_arn
                .value()
                .and_then(|r| inv.find_iam_role(r, &td.meta))
                .is_some_and(|r| r.meta == role.meta)
            {
                uses.push((
                    format!("the task role of task definition `{}`", td.meta.name),
                    format!("タスク定義 `{}` のタスクロール", td.meta.name),
                ));
            }
        }
        for sa in trust::irsa_accounts(inv, role) {
            let name = trust::account_name(sa);
            uses.push((
                format!("the IRSA role of service account `{name}`"),
                format!("サービスアカウント `{name}` の IRSA ロール"),
            ));
        }
        for a in trust::pod_identity_associations(inv, role) {
            let name = format!(
                "{}/{}",
                a.namespace.value().map_or("?", |s| s.as_str()),
                a.service_account.value().map_or("?", |s| s.as_str())
            );
            uses.push((
                format!("the Pod Identity role of service account `{name}`"),
                format!("サービスアカウント `{name}` の Pod Identity ロール"),
            ));
        }
        if !uses.is_empty() {
            out.push((role, uses));
        }
    }
    out
}

/// The roles ECS task definitions name as their execution role (`executionRoleArn`), each with
/// the task definitions that do.
pub fn execution_roles(inv: &Inventory) -> Vec<(&IamRole, Vec<Use>)> {
    let mut out: Vec<(&IamRole, Vec<Use>)> = Vec::new();
    for role in inv.iam_roles() {
        let uses: Vec<Use> = inv
            .ecs_task_definitions()
            .filter(|td| {
                td.execution_role_arn
                    .value()
                    .and_then(|r| inv.find_iam_role(r, &td.meta))
                    .is_some_and(|r| r.meta == role.meta)
            })
            .map(|td| {
                (
                    format!("the execution role of task definition `{}`", td.meta.name),
                    format!("タスク定義 `{}` のタスク実行ロール", td.meta.name),
                )
            })
            .collect();
        if !uses.is_empty() {
            out.push((role, uses));
        }
    }
    out
}

/// Judges every grant of a role's permissions with `judge`: `Ok(Some(message))` when the grant
/// fails, `Ok(None)` when it is fine, `Err` when a value that decides it cannot be read. The role
/// fails once at each attribute path (with the first failure there); with no failure, it is
/// undecided when a policy or a statement could not be read, and else it passes.
pub fn judge_grants(
    ctx: &mut crate::Ctx<'_>,
    inv: &Inventory,
    role: &IamRole,
    mut judge: impl FnMut(&Grant) -> Result<Option<mamori_model::Text>, ()>,
) {
    let perms = role_permissions(inv, role);
    let mut fails: std::collections::BTreeMap<String, (Origin, mamori_model::Text)> = std::collections::BTreeMap::new();
    let mut unknown = perms.unknown.first().cloned();
    for g in &perms.grants {
        match judge(g) {
            Ok(None) => {}
            Ok(Some(message)) => {
                fails
                    .entry(g.path.clone())
                    .or_insert_with(|| (g.origin.clone(), message));
            }
            Err(()) => {
                unknown.get_or_insert((
                    g.origin.clone(),
                    format!("statement {} of policy `{}` cannot be read", g.label, g.policy),
                ));
            }
        }
    }
    if !fails.is_empty() {
        for (path, (origin, text)) in fails {
            ctx.fail(&role.meta, path, &origin, text);
        }
    } else if let Some((o, why)) = unknown {
        ctx.undecided(&role.meta, &o, why);
    } else {
        ctx.pass(&role.meta);
    }
}

/// "` (the task role of …; …)`" after a role's name, in both languages.
pub fn uses_text(uses: &[Use]) -> (String, String) {
    let en: Vec<&str> = uses.iter().map(|u| u.0.as_str()).collect();
    let ja: Vec<&str> = uses.iter().map(|u| u.1.as_str()).collect();
    (format!(" ({})", en.join("; ")), format!("（{}）", ja.join("、")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_parses_and_names_policies_by_arn() {
        assert!(catalog().date.starts_with("20"));
        assert!(catalog().policy.len() >= 15);
        assert_eq!(
            aws_managed("arn:aws:iam::aws:policy/AdministratorAccess").unwrap().name,
            "AdministratorAccess"
        );
        assert!(aws_managed("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy").is_some());
        // The execution policy lives under `service-role/`: without it, no such policy exists.
        assert!(aws_managed("arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy").is_none());
        assert!(aws_managed("arn:aws-cn:iam::aws:policy/AmazonS3FullAccess").is_some());
        assert!(aws_managed("arn:aws:iam::123456789012:policy/AdministratorAccess").is_none());
    }

    fn statement(actions: &[&str], not_actions: &[&str], resources: &[&str]) -> PolicyStatement {
        let o = Origin::Synthetic;
        let list = |v: &[&str]| {
            if v.is_empty() {
                Attr::absent(o.clone())
            } else {
                Attr::set(
                    v.iter().map(|a| Attr::set(a.to_string(), o.clone())).collect(),
                    o.clone(),
                )
            }
        };
        let mut st = PolicyStatement::new(o.clone());
        st.effect = Attr::set("Allow".into(), o.clone());
        st.actions = list(actions);
        st.not_actions = list(not_actions);
        st.resources = list(resources);
        st
    }

    #[test]
    fn whole_services_and_every_resource() {
        let st = statement(&["s3:*", "sqs:SendMessage"], &[], &["*"]);
        assert_eq!(grants_whole_service(&st, "s3"), Some(true));
        assert_eq!(grants_whole_service(&st, "sqs"), Some(false));
        assert_eq!(every_resource(&st), Some(true));
        let st = statement(&["*"], &[], &["arn:aws:s3:::b/*"]);
        assert_eq!(grants_whole_service(&st, "iam"), Some(true));
        assert_eq!(every_resource(&st), Some(false));
        let st = statement(&[], &["iam:*", "organizations:*"], &["*"]);
        assert_eq!(grants_whole_service(&st, "iam"), Some(false));
        assert_eq!(grants_whole_service(&st, "kms"), Some(true));
        let st = statement(&["s3:Get*"], &[], &["*"]);
        assert_eq!(grants_whole_service(&st, "s3"), Some(false));
    }
}
