//! EC2: the security groups the other services' resources use (ECS services and task sets,
//! EKS clusters, their cluster security groups and node groups' remote access groups), read
//! after them region by region, as `aws ec2 describe-security-groups` prints them.
//!
//! Only those groups: mamori judges container workloads, and the groups they use are where an
//! open port exposes them. Every group read is judged by every security group rule (SSH and RDP
//! open to the internet, EC2.13 and EC2.14, and the ports open on containers, EC2.18).

use super::{Cx, Unread, partition};
use crate::client::{CallError, EC2, Protocol, Reply, Request};
use crate::xml::Element;
use mamori_iac::ec2_json;
use mamori_model::ec2::KIND_SECURITY_GROUP;
use rayon::prelude::*;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// Group ids per request: EC2 takes at most 200 values in a filter.
const BATCH: usize = 200;

/// Reads the groups `ids` of a region, in batches, every page.
pub fn security_groups(cx: &Cx<'_>, region: &str, ids: &BTreeSet<String>) {
    let ids: Vec<&String> = ids.iter().collect();
    ids.par_chunks(BATCH).for_each(|batch| {
        let mut groups = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut params = vec![("Filter.1.Name".to_string(), "group-id".to_string())];
            for (i, id) in batch.iter().enumerate() {
                params.push((format!("Filter.1.Value.{}", i + 1), id.to_string()));
            }
            params.push(("MaxResults".into(), "1000".into()));
            if let Some(t) = &token {
                params.push(("NextToken".into(), t.clone()));
            }
            let reply = cx.call(&Request {
                service: &EC2,
                region: region.to_string(),
                operation: "DescribeSecurityGroups",
                protocol: Protocol::Query {
                    version: "2016-11-15",
                    params,
                },
            });
            match reply {
                Ok(Reply::Xml(e)) => {
                    groups.extend(describe_security_groups_json(&e, region));
                    token = e.child_text("nextToken").filter(|t| !t.is_empty()).map(str::to_string);
                }
                other => {
                    let e = match other {
                        Err(e) => e,
                        _ => CallError {
                            code: "malformed reply".into(),
                            message: "expected XML".into(),
                            attempts: 1,
                        },
                    };
                    let account = cx.account.get().map_or("", String::as_str);
                    let unread = batch
                        .iter()
                        .map(|id| Unread {
                            kind: KIND_SECURITY_GROUP,
                            address: group_arn(region, account, id),
                        })
                        .collect();
                    cx.gap(region, "ec2:DescribeSecurityGroups", e, unread);
                    return;
                }
            }
            if token.is_none() {
                break;
            }
        }
        cx.doc(
            region,
            "ec2:DescribeSecurityGroups".into(),
            json!({ "SecurityGroups": groups }),
            ec2_json::adapt,
        );
    });
}

/// A security group's ARN.
pub fn group_arn(region: &str, account: &str, id: &str) -> String {
    format!("arn:{}:ec2:{region}:{account}:security-group/{id}", partition(region))
}

/// The groups of a `DescribeSecurityGroups` reply as `aws ec2 describe-security-groups`
/// prints them (Pascal case, ports as numbers), each with its ARN.
pub fn describe_security_groups_json(e: &Element, region: &str) -> Vec<Value> {
    let Some(info) = e.find("securityGroupInfo") else {
        return Vec::new();
    };
    info.children_named("item")
        .filter_map(|g| {
            let mut m = Map::new();
            text(&mut m, g, "groupDescription", "Description");
            text(&mut m, g, "groupName", "GroupName");
            text(&mut m, g, "ownerId", "OwnerId");
            text(&mut m, g, "groupId", "GroupId");
            text(&mut m, g, "vpcId", "VpcId");
            m.insert("IpPermissions".into(), permissions(g.child("ipPermissions")));
            m.insert(
                "IpPermissionsEgress".into(),
                permissions(g.child("ipPermissionsEgress")),
            );
            if let Some(tags) = g.child("tagSet") {
                let list: Vec<Value> = tags
                    .children_named("item")
                    .map(|t| json!({"Key": t.child_text("key"), "Value": t.child_text("value")}))
                    .collect();
                m.insert("Tags".into(), Value::Array(list));
            }
            let id = m.get("GroupId")?.as_str()?.to_string();
            let arn = match g.child_text("securityGroupArn").filter(|a| !a.is_empty()) {
                Some(a) => a.to_string(),
                None => group_arn(region, m.get("OwnerId").and_then(Value::as_str).unwrap_or(""), &id),
            };
            m.insert("SecurityGroupArn".into(), json!(arn));
            Some(Value::Object(m))
        })
        .collect()
}

fn text(m: &mut Map<String, Value>, e: &Element, from: &str, to: &str) {
    if let Some(t) = e.child_text(from) {
        m.insert(to.into(), json!(t));
    }
}

fn permissions(list: Option<&Element>) -> Value {
    let items = list.into_iter().flat_map(|l| l.children_named("item"));
    Value::Array(
        items
            .map(|p| {
                let mut m = Map::new();
                text(&mut m, p, "ipProtocol", "IpProtocol");
                for (from, to) in [("fromPort", "FromPort"), ("toPort", "ToPort")] {
                    if let Some(n) = p.child_text(from).and_then(|t| t.trim().parse::<i64>().ok()) {
                        m.insert(to.into(), json!(n));
                    }
                }
                let sub = |key: &str, fields: &[(&str, &str)]| -> Value {
                    let items = p.child(key).into_iter().flat_map(|l| l.children_named("item"));
                    Value::Array(
                        items
                            .map(|i| {
                                let mut o = Map::new();
                                for (f, t) in fields {
                                    text(&mut o, i, f, t);
                                }
                                Value::Object(o)
                            })
                            .collect(),
                    )
                };
                m.insert(
                    "IpRanges".into(),
                    sub("ipRanges", &[("cidrIp", "CidrIp"), ("description", "Description")]),
                );
                m.insert(
                    "Ipv6Ranges".into(),
                    sub(
                        "ipv6Ranges",
                        &[("cidrIpv6", "CidrIpv6"), ("description", "Description")],
                    ),
                );
                m.insert(
                    "PrefixListIds".into(),
                    sub(
                        "prefixListIds",
                        &[("prefixListId", "PrefixListId"), ("description", "Description")],
                    ),
                );
                m.insert(
                    "UserIdGroupPairs".into(),
                    sub(
                        "groups",
                        &[
                            ("groupId", "GroupId"),
                            ("userId", "UserId"),
                            ("groupName", "GroupName"),
                            ("description", "Description"),
                        ],
                    ),
                );
                Value::Object(m)
            })
            .collect(),
    )
}

/// The security group ids a document names: `securityGroups` (ECS `awsvpcConfiguration`),
/// `securityGroupIds` and `clusterSecurityGroupId` (EKS `resourcesVpcConfig`),
/// `remoteAccessSecurityGroup` (an EKS node group's `resources`).
pub fn groups_in(v: &Value, out: &mut BTreeSet<String>) {
    const KEYS: &[&str] = &[
        "securityGroups",
        "securityGroupIds",
        "clusterSecurityGroupId",
        "remoteAccessSecurityGroup",
    ];
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if KEYS.contains(&k.as_str()) {
                    let ids: Vec<&Value> = match x {
                        Value::Array(items) => items.iter().collect(),
                        one => vec![one],
                    };
                    for id in ids.into_iter().filter_map(Value::as_str) {
                        if id.starts_with("sg-") {
                            out.insert(id.to_string());
                        }
                    }
                }
                groups_in(x, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| groups_in(i, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_describe_security_groups_reply_becomes_cli_output() {
        let xml = r#"<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
          <requestId>r</requestId><securityGroupInfo><item>
            <ownerId>123456789012</ownerId><groupId>sg-1</groupId><groupName>web</groupName>
            <groupDescription>web &amp; ssh</groupDescription><vpcId>vpc-1</vpcId>
            <ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort>
              <groups><item><userId>123456789012</userId><groupId>sg-2</groupId></item></groups>
              <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp><description>anyone</description></item></ipRanges>
              <ipv6Ranges><item><cidrIpv6>::/0</cidrIpv6></item></ipv6Ranges><prefixListIds/></item>
              <item><ipProtocol>-1</ipProtocol><groups/><ipRanges/><ipv6Ranges/><prefixListIds/></item>
            </ipPermissions>
            <ipPermissionsEgress/>
            <tagSet><item><key>Name</key><value>web</value></item></tagSet>
          </item></securityGroupInfo></DescribeSecurityGroupsResponse>"#;
        let groups = describe_security_groups_json(&crate::xml::parse(xml).unwrap(), "us-east-1");
        assert_eq!(groups.len(), 1);
        let g = &groups[0];
        assert_eq!(g["GroupId"], "sg-1");
        assert_eq!(g["Description"], "web & ssh");
        assert_eq!(
            g["SecurityGroupArn"],
            "arn:aws:ec2:us-east-1:123456789012:security-group/sg-1"
        );
        let p = &g["IpPermissions"][0];
        assert_eq!((p["FromPort"].clone(), p["ToPort"].clone()), (json!(22), json!(22)));
        assert_eq!(p["IpRanges"], json!([{"CidrIp": "0.0.0.0/0", "Description": "anyone"}]));
        assert_eq!(p["Ipv6Ranges"][0]["CidrIpv6"], "::/0");
        assert_eq!(p["UserIdGroupPairs"][0]["GroupId"], "sg-2");
        assert_eq!(
            g["IpPermissions"][1],
            json!({"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [],
            "PrefixListIds": [], "UserIdGroupPairs": []})
        );
        assert_eq!(g["IpPermissionsEgress"], json!([]));
        assert_eq!(g["Tags"], json!([{"Key": "Name", "Value": "web"}]));

        // The reader reads it: the SSH permission open to the internet.
        let file = mamori_iac::SourceFile::new("x.json", json!({ "SecurityGroups": groups }).to_string());
        let node = mamori_iac::tree::parse_json(&file).unwrap().unwrap();
        let out = ec2_json::adapt(&file, &node).unwrap();
        let mamori_model::Resource::Ec2SecurityGroup(sg) = &out.resources[0] else {
            panic!("{:?}", out.resources)
        };
        assert_eq!(
            sg.meta.address,
            "arn:aws:ec2:us-east-1:123456789012:security-group/sg-1"
        );
        assert_eq!(sg.ip_permissions.value().unwrap()[0].from_port.value(), Some(&22));
    }

    #[test]
    fn groups_are_found_under_their_keys_only() {
        let v = json!({
            "services": [{"networkConfiguration": {"awsvpcConfiguration": {"securityGroups": ["sg-a", "sg-b"]}}}],
            "cluster": {"resourcesVpcConfig": {"securityGroupIds": ["sg-c"], "clusterSecurityGroupId": "sg-d"}},
            "nodegroup": {"resources": {"remoteAccessSecurityGroup": "sg-e"}},
            "other": {"groupId": "sg-f", "securityGroups": ["not-a-group"]}
        });
        let mut out = BTreeSet::new();
        groups_in(&v, &mut out);
        assert_eq!(
            out.into_iter().collect::<Vec<_>>(),
            ["sg-a", "sg-b", "sg-c", "sg-d", "sg-e"]
        );
    }
}
