//! AWS IAM: roles and the policy documents they carry.
//!
//! A policy document is modelled once, for every use (a role's trust policy today; identity and
//! resource policies later): its statements with their effect, principals, actions, resources
//! and conditions, each value with its origin. Field names follow the IAM policy grammar
//! (`Statement`, `Effect`, `Principal`, `Condition`…), in snake case. Adapters read a document
//! from JSON (a CloudFormation `AssumeRolePolicyDocument`, a Terraform `jsonencode(…)` or heredoc)
//! or from a Terraform `aws_iam_policy_document` data source, and map it here.

use crate::attr::{Attr, State};
use crate::resource::ResourceMeta;
use crate::span::Origin;

pub const KIND_IAM_ROLE: &str = "AWS::IAM::Role";

/// The service principal EKS Pod Identity assumes roles as.
pub const POD_IDENTITY_SERVICE: &str = "pods.eks.amazonaws.com";

/// An IAM role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IamRole {
    pub meta: ResourceMeta,
    /// `RoleName`; unknown or absent when IAM generates it (`name_prefix`, no `RoleName`).
    pub name: Attr<String>,
    /// `Path`: `/` unless set.
    pub path: Attr<String>,
    /// `AssumeRolePolicyDocument`: who may assume the role.
    pub assume_role_policy: Attr<PolicyDocument>,
    /// The inline policies the role's own definition declares (Terraform `inline_policy`
    /// blocks, CloudFormation `Policies`, the API's `RolePolicyList`). Absent when none is
    /// written: policies may still be attached by other resources of the scan.
    pub inline_policies: Attr<Vec<InlinePolicy>>,
    /// The managed policies the role's own definition attaches, by ARN (Terraform
    /// `managed_policy_arns`, CloudFormation `ManagedPolicyArns`, the API's
    /// `AttachedManagedPolicies[].PolicyArn`); a reference keeps the policy's address.
    pub managed_policy_arns: Attr<Vec<Attr<String>>>,
    /// `PermissionsBoundary`: the ARN of the managed policy that caps the role's permissions.
    pub permissions_boundary: Attr<String>,
}

/// An inline policy: its name and document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlinePolicy {
    pub origin: Origin,
    pub name: Attr<String>,
    pub document: Attr<PolicyDocument>,
}

impl IamRole {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        IamRole {
            meta,
            name: Attr::absent(o.clone()),
            path: Attr::absent(o.clone()),
            assume_role_policy: Attr::absent(o.clone()),
            inline_policies: Attr::absent(o.clone()),
            managed_policy_arns: Attr::absent(o.clone()),
            permissions_boundary: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        self.path.or_default_to("/".to_string());
    }

    /// Whether an ARN (`arn:aws:iam::123456789012:role/team/app`) names this role: its name, and
    /// its path when the path is known. The account is not compared: a template rarely knows it.
    pub fn named_by_arn(&self, arn: &str) -> bool {
        let Some(name) = self.name.value() else {
            return false;
        };
        let Some((_, after)) = arn.split_once(":role/") else {
            return false;
        };
        let (path, last) = match after.rfind('/') {
            Some(i) => (&after[..=i], &after[i + 1..]),
            None => ("", after),
        };
        if last != name {
            return false;
        }
        match self.path.value() {
            Some(p) => {
                let p = p.trim_start_matches('/');
                path == p
            }
            None => true,
        }
    }
}

pub const KIND_IAM_POLICY: &str = "AWS::IAM::ManagedPolicy";
pub const KIND_IAM_ROLE_POLICY: &str = "AWS::IAM::RolePolicy";
/// Not a CloudFormation type: Terraform's `aws_iam_role_policy_attachment` and
/// `aws_iam_policy_attachment`, named in AWS's style.
pub const KIND_IAM_ROLE_POLICY_ATTACHMENT: &str = "AWS::IAM::RolePolicyAttachment";

/// A customer-managed policy (Terraform `aws_iam_policy`, CloudFormation
/// `AWS::IAM::ManagedPolicy`, the API's `Policies[]` with their default version).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IamPolicy {
    pub meta: ResourceMeta,
    /// `PolicyName` (`ManagedPolicyName`); unknown when generated.
    pub name: Attr<String>,
    /// `Path`: `/` unless set.
    pub path: Attr<String>,
    /// The ARN, when the source gives it (API output).
    pub arn: Attr<String>,
    /// The document (the default version's, from the API).
    pub document: Attr<PolicyDocument>,
    /// The roles the policy's own definition attaches it to (CloudFormation `Roles`).
    pub roles: Attr<Vec<Attr<String>>>,
}

impl IamPolicy {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        IamPolicy {
            meta,
            name: Attr::absent(o.clone()),
            path: Attr::absent(o.clone()),
            arn: Attr::absent(o.clone()),
            document: Attr::absent(o.clone()),
            roles: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        self.path.or_default_to("/".to_string());
    }

    /// Whether an ARN (`arn:aws:iam::123456789012:policy/team/app`) names this policy: its ARN
    /// when known, else its name and path. AWS managed policies (account `aws`) never do.
    pub fn named_by_arn(&self, arn: &str) -> bool {
        if let Some(own) = self.arn.value() {
            return own == arn;
        }
        if arn.contains(":iam::aws:") {
            return false;
        }
        let Some(name) = self.name.value() else {
            return false;
        };
        let Some((_, after)) = arn.split_once(":policy/") else {
            return false;
        };
        let (path, last) = match after.rfind('/') {
            Some(i) => (&after[..=i], &after[i + 1..]),
            None => ("", after),
        };
        last == name && self.path.value().is_none_or(|p| p.trim_start_matches('/') == path)
    }
}

/// An inline policy declared as a resource of its own: Terraform `aws_iam_role_policy` (one
/// role), CloudFormation `AWS::IAM::Policy` (`Roles`) and `AWS::IAM::RolePolicy` (`RoleName`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IamRolePolicy {
    pub meta: ResourceMeta,
    pub name: Attr<String>,
    /// The roles it is embedded in: names, ARNs or references (addresses, logical ids).
    pub roles: Attr<Vec<Attr<String>>>,
    pub document: Attr<PolicyDocument>,
}

impl IamRolePolicy {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        IamRolePolicy {
            meta,
            name: Attr::absent(o.clone()),
            roles: Attr::absent(o.clone()),
            document: Attr::absent(o),
        }
    }
}

/// A managed policy attached to roles by a resource of its own: Terraform
/// `aws_iam_role_policy_attachment` (`role`) and `aws_iam_policy_attachment` (`roles`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IamRolePolicyAttachment {
    pub meta: ResourceMeta,
    pub roles: Attr<Vec<Attr<String>>>,
    /// The policy's ARN, or the address of a policy of the scan.
    pub policy_arn: Attr<String>,
}

impl IamRolePolicyAttachment {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        IamRolePolicyAttachment {
            meta,
            roles: Attr::absent(o.clone()),
            policy_arn: Attr::absent(o),
        }
    }
}

/// A policy document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyDocument {
    /// The document (or the argument that holds it).
    pub origin: Origin,
    pub version: Attr<String>,
    /// `Statement`, always as a list (a single statement object is one item).
    pub statements: Attr<Vec<PolicyStatement>>,
}

/// One statement of a policy document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyStatement {
    pub origin: Origin,
    pub sid: Attr<String>,
    /// `Allow` or `Deny`.
    pub effect: Attr<String>,
    /// `Principal`, or `NotPrincipal` when `not_principal` is true: one item per value.
    pub principals: Attr<Vec<Principal>>,
    pub not_principal: bool,
    /// `Action`, one item per value (a single string is one item).
    pub actions: Attr<Vec<Attr<String>>>,
    pub not_actions: Attr<Vec<Attr<String>>>,
    pub resources: Attr<Vec<Attr<String>>>,
    pub not_resources: Attr<Vec<Attr<String>>>,
    /// `Condition`: one item per operator and key.
    pub conditions: Attr<Vec<Condition>>,
}

impl PolicyStatement {
    pub fn new(origin: Origin) -> Self {
        PolicyStatement {
            sid: Attr::absent(origin.clone()),
            effect: Attr::absent(origin.clone()),
            principals: Attr::absent(origin.clone()),
            not_principal: false,
            actions: Attr::absent(origin.clone()),
            not_actions: Attr::absent(origin.clone()),
            resources: Attr::absent(origin.clone()),
            not_resources: Attr::absent(origin.clone()),
            conditions: Attr::absent(origin.clone()),
            origin,
        }
    }

    /// The statement's label in attribute paths: its `Sid`, else `#n` (1-based).
    pub fn label(&self, index: usize) -> String {
        match self.sid.value().filter(|s| !s.is_empty()) {
            Some(s) => s.clone(),
            None => format!("#{}", index + 1),
        }
    }

    /// Whether the statement allows (`Effect: Allow`): `None` when the effect is unknown.
    pub fn allows(&self) -> Option<bool> {
        match &self.effect.state {
            State::Set(e) | State::Default(e) => Some(e.eq_ignore_ascii_case("Allow")),
            State::Absent => Some(false),
            State::Unknown(_) => None,
        }
    }

    /// Whether the statement covers an action (`sts:AssumeRoleWithWebIdentity`), with IAM's
    /// wildcards and without regard to case; `None` when an action that could match is unknown.
    pub fn covers_action(&self, action: &str) -> Option<bool> {
        if let Some(not) = self.not_actions.value() {
            // `NotAction` covers every action it does not list.
            let listed = matches_any(not, action)?;
            return Some(!listed);
        }
        match &self.actions.state {
            State::Set(a) | State::Default(a) => matches_any(a, action),
            State::Absent => Some(false),
            State::Unknown(_) => None,
        }
    }

    /// The principal values of one type (`Service`, `Federated`, `AWS`), unless the statement
    /// uses `NotPrincipal`.
    pub fn principals_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Principal> {
        self.principals
            .value()
            .into_iter()
            .flatten()
            .filter(move |p| !self.not_principal && p.kind.eq_ignore_ascii_case(kind))
    }
}

/// Whether a list of action patterns matches an action; `None` when an unknown item could.
fn matches_any(patterns: &[Attr<String>], action: &str) -> Option<bool> {
    let mut unknown = false;
    for p in patterns {
        match p.value() {
            Some(p) if wildcard_match(&p.to_ascii_lowercase(), &action.to_ascii_lowercase()) => return Some(true),
            Some(_) => {}
            None => unknown |= p.is_unknown(),
        }
    }
    if unknown { None } else { Some(false) }
}

/// IAM's glob: `*` matches any run of characters, `?` any one character.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// One principal of a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub origin: Origin,
    /// `AWS`, `Service`, `Federated` or `CanonicalUser`; `*` for `"Principal": "*"`.
    pub kind: String,
    /// The ARN, service name or provider; a reference keeps the referenced resource's address.
    pub value: Attr<String>,
}

/// One condition of a statement: an operator, a key and its values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub origin: Origin,
    /// `StringEquals`, `StringLike`, `ForAnyValue:StringLike`, `StringEqualsIfExists`…
    pub operator: Attr<String>,
    /// The condition key (`oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub`, `aws:SourceAccount`).
    pub key: Attr<String>,
    /// When the key is unknown because its start is computed at apply time (a provider URL in
    /// `"${…}:sub"`), the literal text that ends it (`:sub`).
    pub key_suffix: Option<String>,
    pub values: Attr<Vec<Attr<String>>>,
}

impl Condition {
    /// Whether the key ends with a suffix (case-insensitively), from its text or from the
    /// literal end of a partly unknown key; `None` when that cannot be told.
    pub fn key_ends_with(&self, suffix: &str) -> Option<bool> {
        let suffix = suffix.to_ascii_lowercase();
        match (self.key.value(), &self.key_suffix) {
            (Some(k), _) => Some(k.to_ascii_lowercase().ends_with(&suffix)),
            (None, Some(s)) if s.len() >= suffix.len() => Some(s.to_ascii_lowercase().ends_with(&suffix)),
            _ => None,
        }
    }

    /// The operator without its set prefix (`ForAnyValue:`) and `IfExists` suffix.
    pub fn base_operator(&self) -> Option<String> {
        let op = self.operator.value()?;
        let op = op.rsplit(':').next().unwrap_or(op);
        Some(op.strip_suffix("IfExists").unwrap_or(op).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_iam() {
        assert!(wildcard_match("sts:*", "sts:assumerolewithwebidentity"));
        assert!(wildcard_match("*", "anything"));
        assert!(wildcard_match(
            "sts:assumerole?ithwebidentity",
            "sts:assumerolewithwebidentity"
        ));
        assert!(!wildcard_match("sts:assumerole", "sts:assumerolewithwebidentity"));
        assert!(wildcard_match(
            "system:serviceaccount:*:app",
            "system:serviceaccount:ns:app"
        ));
    }

    #[test]
    fn a_role_is_named_by_its_arn() {
        let meta = ResourceMeta {
            kind: KIND_IAM_ROLE,
            source: crate::SourceKind::Terraform,
            source_type: "aws_iam_role".into(),
            name: "app".into(),
            address: "aws_iam_role.app".into(),
            origin: Origin::Synthetic,
            ignores: Vec::new(),
            scope: None,
            plan: None,
        };
        let mut r = IamRole::new(meta);
        r.name = Attr::set("app".into(), Origin::Synthetic);
        r.apply_defaults();
        assert!(r.named_by_arn("arn:aws:iam::123456789012:role/app"));
        assert!(!r.named_by_arn("arn:aws:iam::123456789012:role/team/app"));
        assert!(!r.named_by_arn("arn:aws:iam::123456789012:role/apps"));
        r.path = Attr::set("/team/".into(), Origin::Synthetic);
        assert!(r.named_by_arn("arn:aws:iam::123456789012:role/team/app"));
    }
}
