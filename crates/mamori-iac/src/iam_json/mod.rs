//! IAM API JSON: what `aws iam get-role` prints (`{"Role": {…}}`), a role and its trust policy.
//! The CLI prints `AssumeRolePolicyDocument` as a JSON object (the API returns it URL-encoded);
//! a string holding the JSON is read too.

use crate::source::SourceFile;
use crate::tree::{Node, str_attr};
use crate::{AdapterOutput, doc, iam_policy};
use mamori_model::iam::{IamRole, KIND_IAM_ROLE};
use mamori_model::{Attr, ResourceMeta};

/// Whether the text may be `get-role` output.
pub fn sniff(text: &str) -> bool {
    text.contains("\"Role\"") && text.contains("AssumeRolePolicyDocument")
}

/// Reads a `get-role` document; `None` when the document is not one.
pub fn adapt(file: &SourceFile, d: &Node) -> Option<AdapterOutput> {
    let role = d.get("Role")?;
    let arn = role.get("Arn").and_then(Node::as_str)?;
    if !(arn.starts_with("arn:") && arn.contains(":iam::") && arn.contains(":role/")) {
        return None;
    }
    let name = str_attr(file, role.get("RoleName"), role.span);
    let meta = ResourceMeta {
        kind: KIND_IAM_ROLE,
        source: mamori_model::SourceKind::AwsApiJson,
        source_type: "get-role".to_string(),
        name: name.value().cloned().unwrap_or_else(|| arn.to_string()),
        address: arn.to_string(),
        origin: file.origin_of(role.span),
        ignores: Vec::new(),
        scope: None,
        plan: None,
    };
    let mut r = IamRole::new(meta);
    r.name = name;
    r.path = str_attr(file, role.get("Path"), role.span);
    r.assume_role_policy = match role.get("AssumeRolePolicyDocument") {
        Some(p) => iam_policy::document(&doc::from_tree(file, p)),
        None => Attr::absent(file.origin_of(role.span)),
    };
    Some(AdapterOutput {
        resources: vec![mamori_model::Resource::IamRole(r)],
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::parse_json;
    use mamori_model::Resource;

    #[test]
    fn get_role_output_with_its_trust_policy() {
        let f = SourceFile::new(
            "r.json",
            r#"{"Role": {"Path": "/", "RoleName": "app", "RoleId": "AROA1",
              "Arn": "arn:aws:iam::123456789012:role/app",
              "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}}}"#,
        );
        let d = parse_json(&f).unwrap().unwrap();
        let out = adapt(&f, &d).unwrap();
        let Resource::IamRole(r) = &out.resources[0] else {
            panic!()
        };
        assert_eq!(r.meta.address, "arn:aws:iam::123456789012:role/app");
        assert_eq!(r.name.value().unwrap(), "app");
        let p = r.assume_role_policy.value().unwrap();
        assert_eq!(p.statements.value().unwrap().len(), 1);
        // Not a role.
        let f = SourceFile::new("x.json", r#"{"Role": {"Arn": "arn:aws:iam::1:user/u"}}"#);
        let d = parse_json(&f).unwrap().unwrap();
        assert!(adapt(&f, &d).is_none());
    }
}
