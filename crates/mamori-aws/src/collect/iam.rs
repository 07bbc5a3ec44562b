//! IAM: the roles the other services' resources name (task and execution roles, cluster and
//! node roles, Pod Identity roles, access entry principals), with their trust policies; and STS
//! GetCallerIdentity for the account.

use super::{Cx, Unread, arn_account};
use crate::client::{CallError, IAM, Protocol, Reply, Request, STS};
use crate::xml::Element;
use mamori_iac::iam_json;
use mamori_model::iam::{KIND_IAM_POLICY, KIND_IAM_ROLE};
use rayon::prelude::*;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

fn query(
    cx: &Cx<'_>,
    service: &'static crate::client::Service,
    region: &str,
    operation: &'static str,
    version: &'static str,
    params: Vec<(String, String)>,
) -> Result<Element, CallError> {
    match cx.call(&Request {
        service,
        region: region.to_string(),
        operation,
        protocol: Protocol::Query { version, params },
    })? {
        Reply::Xml(e) => Ok(e),
        Reply::Json(_) => Err(CallError {
            code: "malformed reply".into(),
            message: "expected XML".into(),
            attempts: 1,
        }),
    }
}

/// The account the credentials belong to (STS GetCallerIdentity).
pub fn caller_account(cx: &Cx<'_>, region: &str) -> Result<String, CallError> {
    let e = query(cx, &STS, region, "GetCallerIdentity", "2011-06-15", Vec::new())?;
    e.find("Account")
        .map(|a| a.text.trim().to_string())
        .filter(|a| !a.is_empty())
        .ok_or_else(|| CallError {
            code: "malformed reply".into(),
            message: "GetCallerIdentity gave no Account".into(),
            attempts: 1,
        })
}

/// Reads the roles of the account among `roles` (roles of other accounts cannot be read with
/// this account's credentials and are left to their own scan), each with its inline policies
/// (`ListRolePolicies`, `GetRolePolicy`) and attached policies (`ListAttachedRolePolicies`),
/// as one `get-account-authorization-details` document; then the customer managed policies
/// they attach (`GetPolicy`, `GetPolicyVersion` of the default version). AWS managed policies
/// are judged from mamori's catalog.
pub fn roles(cx: &Cx<'_>, region: &str, account: Option<&str>, roles: &BTreeSet<String>) {
    let mine: Vec<&String> = roles
        .iter()
        .filter(|r| account.is_none_or(|a| arn_account(r) == Some(a)))
        .collect();
    let attached: Vec<Vec<String>> = mine.par_iter().map(|arn| role(cx, region, arn)).collect();
    let customer: BTreeSet<String> = attached
        .into_iter()
        .flatten()
        .filter(|p| arn_account(p).is_some_and(|a| a != "aws"))
        .collect();
    let policies: Vec<Value> = customer
        .par_iter()
        .filter_map(|arn| managed_policy(cx, region, arn))
        .collect();
    if !policies.is_empty() {
        cx.doc(
            region,
            "iam:GetPolicyVersion".into(),
            json!({ "Policies": policies }),
            iam_json::adapt,
        );
    }
}

fn role_gap(cx: &Cx<'_>, region: &str, call: &str, e: CallError, arn: &str) {
    cx.gap(
        region,
        call,
        e,
        vec![Unread {
            kind: KIND_IAM_ROLE,
            address: arn.to_string(),
        }],
    );
}

fn malformed(what: &str) -> CallError {
    CallError {
        code: "malformed reply".into(),
        message: what.into(),
        attempts: 1,
    }
}

/// Every page of an IAM `List*` call: the `member`s under `key`.
fn iam_pages(
    cx: &Cx<'_>,
    region: &str,
    operation: &'static str,
    params: &[(String, String)],
    key: &str,
) -> Result<Vec<Element>, CallError> {
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let mut p = params.to_vec();
        if let Some(m) = &marker {
            p.push(("Marker".into(), m.clone()));
        }
        let e = query(cx, &IAM, region, operation, "2010-05-08", p)?;
        if let Some(list) = e.find(key) {
            out.extend(list.children_named("member").cloned());
        }
        let more = e.find("IsTruncated").is_some_and(|t| t.text.trim() == "true");
        marker = e
            .find("Marker")
            .map(|m| m.text.trim().to_string())
            .filter(|m| !m.is_empty());
        if !more || marker.is_none() {
            return Ok(out);
        }
    }
}

/// Reads one role; the ARNs of the policies attached to it.
fn role(cx: &Cx<'_>, region: &str, arn: &str) -> Vec<String> {
    let name = arn.rsplit('/').next().unwrap_or(arn);
    let by_name = vec![("RoleName".to_string(), name.to_string())];
    let mut v = match query(cx, &IAM, region, "GetRole", "2010-05-08", by_name.clone()) {
        Ok(e) => match get_role_json(&e) {
            Some(v) => v,
            None => {
                role_gap(cx, region, "iam:GetRole", malformed("GetRole gave no Role"), arn);
                return Vec::new();
            }
        },
        Err(e) => {
            role_gap(cx, region, "iam:GetRole", e, arn);
            return Vec::new();
        }
    };
    let (inline, attached) = rayon::join(
        || inline_policies(cx, region, name),
        || {
            iam_pages(cx, region, "ListAttachedRolePolicies", &by_name, "AttachedPolicies")
                .map_err(|e| ("iam:ListAttachedRolePolicies", e))
        },
    );
    let (inline, attached) = match (inline, attached) {
        (Ok(i), Ok(a)) => (i, a),
        (Err((call, e)), _) | (_, Err((call, e))) => {
            // The role without its policies would look as if it had none: its trust policy is
            // still judged, and every check on it that passes is undecided.
            role_gap(cx, region, call, e, arn);
            cx.doc(region, "iam:GetRole".into(), v, iam_json::adapt);
            return Vec::new();
        }
    };
    let attached: Vec<Value> = attached
        .iter()
        .map(|p| json!({"PolicyName": p.child_text("PolicyName"), "PolicyArn": p.child_text("PolicyArn")}))
        .collect();
    let arns = attached
        .iter()
        .filter_map(|p| p["PolicyArn"].as_str().map(str::to_string))
        .collect();
    let mut role = v["Role"].take();
    if let Some(m) = role.as_object_mut() {
        m.insert("RolePolicyList".into(), Value::Array(inline));
        m.insert("AttachedManagedPolicies".into(), Value::Array(attached));
    }
    cx.doc(
        region,
        "iam:GetRole".into(),
        json!({ "RoleDetailList": [role] }),
        iam_json::adapt,
    );
    arns
}

/// The role's inline policies as `get-account-authorization-details` lists them, documents
/// URL-decoded and parsed.
fn inline_policies(cx: &Cx<'_>, region: &str, role: &str) -> Result<Vec<Value>, (&'static str, CallError)> {
    let by_name = vec![("RoleName".to_string(), role.to_string())];
    let names =
        iam_pages(cx, region, "ListRolePolicies", &by_name, "PolicyNames").map_err(|e| ("iam:ListRolePolicies", e))?;
    names
        .par_iter()
        .map(|n| {
            let mut params = by_name.clone();
            params.push(("PolicyName".into(), n.text.trim().to_string()));
            let e =
                query(cx, &IAM, region, "GetRolePolicy", "2010-05-08", params).map_err(|e| ("iam:GetRolePolicy", e))?;
            let document = e
                .find("PolicyDocument")
                .map(|d| decode_document(&d.text))
                .ok_or(("iam:GetRolePolicy", malformed("GetRolePolicy gave no PolicyDocument")))?;
            Ok(json!({"PolicyName": n.text.trim(), "PolicyDocument": document}))
        })
        .collect()
}

/// A customer managed policy with its default version, as `get-account-authorization-details`
/// lists it; `None` (and a gap) when it cannot be read.
fn managed_policy(cx: &Cx<'_>, region: &str, arn: &str) -> Option<Value> {
    let gap = |call: &str, e: CallError| {
        cx.gap(
            region,
            call,
            e,
            vec![Unread {
                kind: KIND_IAM_POLICY,
                address: arn.to_string(),
            }],
        )
    };
    let by_arn = vec![("PolicyArn".to_string(), arn.to_string())];
    let policy = match query(cx, &IAM, region, "GetPolicy", "2010-05-08", by_arn.clone()) {
        Ok(e) => e,
        Err(e) => {
            gap("iam:GetPolicy", e);
            return None;
        }
    };
    let Some(p) = policy.find("Policy") else {
        gap("iam:GetPolicy", malformed("GetPolicy gave no Policy"));
        return None;
    };
    let Some(version) = p.child_text("DefaultVersionId").map(str::to_string) else {
        gap("iam:GetPolicy", malformed("GetPolicy gave no DefaultVersionId"));
        return None;
    };
    let mut params = by_arn;
    params.push(("VersionId".into(), version.clone()));
    let document = match query(cx, &IAM, region, "GetPolicyVersion", "2010-05-08", params) {
        Ok(e) => match e.find("Document") {
            Some(d) => decode_document(&d.text),
            None => {
                gap("iam:GetPolicyVersion", malformed("GetPolicyVersion gave no Document"));
                return None;
            }
        },
        Err(e) => {
            gap("iam:GetPolicyVersion", e);
            return None;
        }
    };
    Some(json!({
        "PolicyName": p.child_text("PolicyName"),
        "Path": p.child_text("Path"),
        "Arn": arn,
        "DefaultVersionId": version,
        "PolicyVersionList": [{"Document": document, "VersionId": version, "IsDefaultVersion": true}],
    }))
}

/// A policy document as the API returns it (URL-encoded JSON), decoded and parsed; the text
/// when it does not parse, for the reader to say so.
fn decode_document(text: &str) -> Value {
    let text = percent_decode(text.trim());
    serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text))
}

/// The GetRole reply as `aws iam get-role` prints it: the trust policy URL-decoded and parsed.
pub fn get_role_json(e: &Element) -> Option<Value> {
    let role = e.find("Role")?;
    let mut m = Map::new();
    for key in ["Path", "RoleName", "RoleId", "Arn", "CreateDate", "Description"] {
        if let Some(t) = role.child_text(key) {
            m.insert(key.into(), json!(t));
        }
    }
    if let Some(n) = role
        .child_text("MaxSessionDuration")
        .and_then(|t| t.parse::<u64>().ok())
    {
        m.insert("MaxSessionDuration".into(), json!(n));
    }
    if let Some(p) = role.child_text("AssumeRolePolicyDocument") {
        m.insert("AssumeRolePolicyDocument".into(), decode_document(p));
    }
    if let Some(tags) = role.child("Tags") {
        let list: Vec<Value> = tags
            .children_named("member")
            .map(|t| json!({"Key": t.child_text("Key"), "Value": t.child_text("Value")}))
            .collect();
        m.insert("Tags".into(), Value::Array(list));
    }
    m.get("Arn")?;
    Some(json!({ "Role": m }))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_role_reply_becomes_cli_output() {
        let xml = r#"<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role>
          <Path>/</Path><RoleName>app</RoleName><RoleId>AROA</RoleId><Arn>arn:aws:iam::123456789012:role/app</Arn>
          <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ecs-tasks.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D</AssumeRolePolicyDocument>
          <MaxSessionDuration>3600</MaxSessionDuration>
          <Tags><member><Key>team</Key><Value>core</Value></member></Tags>
        </Role></GetRoleResult></GetRoleResponse>"#;
        let v = get_role_json(&crate::xml::parse(xml).unwrap()).unwrap();
        assert_eq!(v["Role"]["Arn"], "arn:aws:iam::123456789012:role/app");
        assert_eq!(
            v["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
            "ecs-tasks.amazonaws.com"
        );
        assert_eq!(v["Role"]["Tags"][0]["Key"], "team");
        assert_eq!(v["Role"]["MaxSessionDuration"], 3600);
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
