//! IAM: the roles the other services' resources name (task and execution roles, cluster and
//! node roles, Pod Identity roles, access entry principals), with their trust policies; and STS
//! GetCallerIdentity for the account.

use super::{Cx, Unread, arn_account};
use crate::client::{CallError, IAM, Protocol, Reply, Request, STS};
use crate::xml::Element;
use mamori_iac::iam_json;
use mamori_model::iam::KIND_IAM_ROLE;
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
/// this account's credentials and are left to their own scan).
pub fn roles(cx: &Cx<'_>, region: &str, account: Option<&str>, roles: &BTreeSet<String>) {
    let mine: Vec<&String> = roles
        .iter()
        .filter(|r| account.is_none_or(|a| arn_account(r) == Some(a)))
        .collect();
    mine.par_iter().for_each(|arn| {
        let name = arn.rsplit('/').next().unwrap_or(arn);
        let params = vec![("RoleName".to_string(), name.to_string())];
        match query(cx, &IAM, region, "GetRole", "2010-05-08", params) {
            Ok(e) => match get_role_json(&e) {
                Some(v) => cx.doc(region, "iam:GetRole".into(), v, iam_json::adapt),
                None => cx.gap(
                    region,
                    "iam:GetRole",
                    CallError {
                        code: "malformed reply".into(),
                        message: "GetRole gave no Role".into(),
                        attempts: 1,
                    },
                    vec![Unread {
                        kind: KIND_IAM_ROLE,
                        address: arn.to_string(),
                    }],
                ),
            },
            Err(e) => cx.gap(
                region,
                "iam:GetRole",
                e,
                vec![Unread {
                    kind: KIND_IAM_ROLE,
                    address: arn.to_string(),
                }],
            ),
        }
    });
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
        let text = percent_decode(p);
        let v = serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text));
        m.insert("AssumeRolePolicyDocument".into(), v);
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
