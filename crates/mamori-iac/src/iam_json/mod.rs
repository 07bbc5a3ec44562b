//! IAM API JSON: what `aws iam get-account-authorization-details` prints (`RoleDetailList[]`
//! with each role's trust policy, `RolePolicyList[]` and `AttachedManagedPolicies[]`, and
//! `Policies[]` with their `PolicyVersionList[]`, of which the default version is read), the
//! `Role` of `aws iam get-role`, and `aws iam get-role-policy` output (`RoleName`, `PolicyName`,
//! `PolicyDocument`). Policy documents are accepted as JSON objects (as the CLI prints them) and
//! as URL-encoded strings (as the API returns them).
//!
//! Recognised by content: `RoleDetailList` or `Policies` with IAM ARNs, a `Role` object with an
//! IAM role ARN, or a role policy document naming its role.

use crate::AdapterOutput;
use crate::api_json::{found, meta};
use crate::iam_policy;
use crate::source::SourceFile;
use crate::tree::{Node, str_attr};
use mamori_model::iam::{
    IamPolicy, IamRole, IamRolePolicy, InlinePolicy, KIND_IAM_POLICY, KIND_IAM_ROLE, KIND_IAM_ROLE_POLICY,
    PolicyDocument,
};
use mamori_model::{Attr, Resource, Span};

/// Whether the text may be IAM API output: worth parsing.
pub fn sniff(text: &str) -> bool {
    text.contains("RoleDetailList")
        || text.contains("PolicyVersionList")
        || (text.contains("AssumeRolePolicyDocument") && text.contains(":iam::"))
        || (text.contains("PolicyDocument") && text.contains("RoleName"))
}

/// Whether the text surely is IAM API output, so that a parse failure is an error.
pub fn strong_sniff(text: &str) -> bool {
    text.contains("RoleDetailList") || (text.contains("AssumeRolePolicyDocument") && text.contains(":role/"))
}

fn is_iam_arn(n: Option<&Node>, what: &str) -> bool {
    n.and_then(Node::as_str)
        .is_some_and(|a| a.starts_with("arn:") && a.contains(":iam::") && a.contains(&format!(":{what}/")))
}

/// Reads an IAM API document; `None` when the document is not one.
pub fn adapt(file: &SourceFile, doc: &Node) -> Option<AdapterOutput> {
    let mut out = AdapterOutput::default();
    let details = doc.get("RoleDetailList").is_some() || doc.get("Policies").and_then(Node::as_seq).is_some();
    if details {
        for r in doc.get("RoleDetailList").and_then(Node::as_seq).unwrap_or_default() {
            if is_iam_arn(r.get("Arn"), "role") {
                out.resources
                    .push(Resource::IamRole(role(file, r, "get-account-authorization-details")));
            }
        }
        for p in doc.get("Policies").and_then(Node::as_seq).unwrap_or_default() {
            if is_iam_arn(p.get("Arn"), "policy") {
                out.resources.push(Resource::IamPolicy(policy(file, p)));
            }
        }
    } else if let Some(r) = doc.get("Role").filter(|r| is_iam_arn(r.get("Arn"), "role")) {
        out.resources.push(Resource::IamRole(role(file, r, "get-role")));
    } else if doc.get("RoleName").is_some() && doc.get("PolicyName").is_some() && doc.get("PolicyDocument").is_some() {
        out.resources.push(Resource::IamRolePolicy(role_policy(file, doc)));
    }
    found(out)
}

/// A policy document node: a JSON object, or a string (URL-encoded or not).
fn document(file: &SourceFile, n: Option<&Node>, parent: Span) -> Attr<PolicyDocument> {
    match n {
        None => Attr::absent(file.origin_of(parent)),
        Some(n) if n.is_null() => Attr::absent(file.origin_of(n.span)),
        Some(n) => iam_policy::document(&crate::doc::from_tree(file, n)),
    }
}

fn role(file: &SourceFile, n: &Node, command: &str) -> IamRole {
    let name = str_attr(file, n.get("RoleName"), n.span);
    let mut r = IamRole::new(meta(file, n, KIND_IAM_ROLE, command, &name, "Arn"));
    r.name = name;
    r.path = str_attr(file, n.get("Path"), n.span);
    r.assume_role_policy = document(file, n.get("AssumeRolePolicyDocument"), n.span);
    // `get-role` does not list the role's policies: they stay absent, not empty.
    if let Some(list) = n.get("RolePolicyList") {
        r.inline_policies = match list.as_seq() {
            Some(items) => Attr::set(
                items
                    .iter()
                    .map(|p| InlinePolicy {
                        origin: file.origin_of(p.span),
                        name: str_attr(file, p.get("PolicyName"), p.span),
                        document: document(file, p.get("PolicyDocument"), p.span),
                    })
                    .collect(),
                file.origin_of(list.span),
            ),
            None => Attr::unknown(
                format!("expected a list, found a {}", list.type_name()),
                file.origin_of(list.span),
            ),
        };
    }
    if let Some(list) = n.get("AttachedManagedPolicies") {
        r.managed_policy_arns = match list.as_seq() {
            Some(items) => Attr::set(
                items
                    .iter()
                    .map(|p| str_attr(file, p.get("PolicyArn"), p.span))
                    .collect(),
                file.origin_of(list.span),
            ),
            None => Attr::unknown(
                format!("expected a list, found a {}", list.type_name()),
                file.origin_of(list.span),
            ),
        };
    }
    if let Some(b) = n.get("PermissionsBoundary") {
        r.permissions_boundary = str_attr(file, b.get("PermissionsBoundaryArn"), b.span);
    }
    r
}

fn policy(file: &SourceFile, n: &Node) -> IamPolicy {
    let name = str_attr(file, n.get("PolicyName"), n.span);
    let mut p = IamPolicy::new(meta(
        file,
        n,
        KIND_IAM_POLICY,
        "get-account-authorization-details",
        &name,
        "Arn",
    ));
    p.name = name;
    p.path = str_attr(file, n.get("Path"), n.span);
    p.arn = str_attr(file, n.get("Arn"), n.span);
    let versions = n.get("PolicyVersionList").and_then(Node::as_seq).unwrap_or_default();
    let default = versions
        .iter()
        .find(|v| v.get("IsDefaultVersion").and_then(Node::as_bool) == Some(true));
    p.document = match default {
        Some(v) => document(file, v.get("Document"), v.span),
        None => Attr::unknown(
            "the policy's default version is not in the output",
            file.origin_of(n.get("PolicyVersionList").map_or(n.span, |l| l.span)),
        ),
    };
    p
}

fn role_policy(file: &SourceFile, n: &Node) -> IamRolePolicy {
    let name = str_attr(file, n.get("PolicyName"), n.span);
    let mut p = IamRolePolicy::new(meta(file, n, KIND_IAM_ROLE_POLICY, "get-role-policy", &name, "Arn"));
    p.name = name;
    let role = str_attr(file, n.get("RoleName"), n.span);
    p.roles = Attr::set(vec![role.clone()], role.origin);
    p.document = document(file, n.get("PolicyDocument"), n.span);
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori_model::State;

    fn read(text: &str) -> Vec<Resource> {
        crate::api_json::read("iam.json", text, adapt)
    }

    fn line<T>(a: &Attr<T>) -> u32 {
        a.origin.location().unwrap().span.start_line
    }

    #[test]
    fn account_authorization_details_with_both_document_forms() {
        let rs = read(
            r#"{
  "RoleDetailList": [
    {
      "Path": "/",
      "RoleName": "app",
      "Arn": "arn:aws:iam::123456789012:role/app",
      "AssumeRolePolicyDocument": "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ecs-tasks.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D",
      "RolePolicyList": [
        {
          "PolicyName": "data",
          "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
        }
      ],
      "AttachedManagedPolicies": [
        {"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}
      ],
      "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/boundary"}
    }
  ],
  "Policies": [
    {
      "PolicyName": "boundary",
      "Arn": "arn:aws:iam::123456789012:policy/boundary",
      "Path": "/",
      "PolicyVersionList": [
        {"Document": {"Statement": []}, "VersionId": "v1", "IsDefaultVersion": false},
        {"Document": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}, "VersionId": "v2", "IsDefaultVersion": true}
      ]
    }
  ]
}"#,
        );
        assert_eq!(rs.len(), 2);
        let Resource::IamRole(r) = &rs[0] else { panic!() };
        assert_eq!(r.meta.address, "arn:aws:iam::123456789012:role/app");
        let trust = r.assume_role_policy.value().unwrap().statements.value().unwrap();
        assert_eq!(trust[0].principals_of("Service").count(), 1);
        let inline = r.inline_policies.value().unwrap();
        assert_eq!(inline[0].name.value().unwrap(), "data");
        let st = &inline[0].document.value().unwrap().statements.value().unwrap()[0];
        assert_eq!(line(&st.effect), 11);
        let arns = r.managed_policy_arns.value().unwrap();
        assert_eq!(arns[0].value().unwrap(), "arn:aws:iam::aws:policy/AdministratorAccess");
        assert_eq!(
            r.permissions_boundary.value().unwrap(),
            "arn:aws:iam::123456789012:policy/boundary"
        );
        let Resource::IamPolicy(p) = &rs[1] else { panic!() };
        assert!(p.named_by_arn("arn:aws:iam::123456789012:policy/boundary"));
        let st = &p.document.value().unwrap().statements.value().unwrap()[0];
        assert_eq!(st.covers_action("s3:GetObject"), Some(true));
        assert_eq!(line(&st.effect), 27);
    }

    #[test]
    fn get_role_leaves_policies_absent_and_get_role_policy_names_its_role() {
        let rs = read(
            r#"{"Role": {"RoleName": "web", "Path": "/", "Arn": "arn:aws:iam::123456789012:role/web",
  "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}}}"#,
        );
        let Resource::IamRole(r) = &rs[0] else { panic!() };
        assert_eq!(r.meta.source_type, "get-role");
        assert!(matches!(r.inline_policies.state, State::Absent));
        assert!(matches!(r.managed_policy_arns.state, State::Absent));
        let rs = read(
            r#"{"RoleName": "web", "PolicyName": "p", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}}"#,
        );
        let Resource::IamRolePolicy(p) = &rs[0] else { panic!() };
        assert_eq!(p.roles.value().unwrap()[0].value().unwrap(), "web");
        assert!(read(r#"{"Role": {"RoleName": "x"}}"#).is_empty());
    }
}
