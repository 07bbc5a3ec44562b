//! EC2 API JSON for security groups: what `aws ec2 describe-security-groups` prints
//! (`SecurityGroups[]` with `IpPermissions[]`) and what `aws ec2 describe-security-group-rules`
//! prints (`SecurityGroupRules[]`, of which the inbound ones are read), also as `--output yaml`
//! and as the bare lists or objects a `--query` prints. Keys are in EC2's Pascal case.
//!
//! Recognised by content: a group has `GroupId` and `IpPermissions`; a rule has
//! `SecurityGroupRuleId` and `IsEgress`.

use crate::AdapterOutput;
use crate::source::SourceFile;
use crate::tree::{Node, bool_attr, int_attr, str_attr};
use mamori_model::ec2::{
    Ec2SecurityGroup, Ec2SecurityGroupIngressRule, IpPermission, KIND_SECURITY_GROUP, KIND_SECURITY_GROUP_INGRESS,
};
use mamori_model::resource::Tag;
use mamori_model::{Attr, Resource, ResourceMeta, SourceKind};

/// Whether the text may be EC2 security group output: worth parsing.
pub fn sniff(text: &str) -> bool {
    text.contains("IpPermissions") || text.contains("SecurityGroupRuleId")
}

/// Whether the text surely is such output, so that a parse failure is an error.
pub fn strong_sniff(text: &str) -> bool {
    (text.contains("\"IpPermissions\"") && text.contains("\"GroupId\""))
        || (text.contains("\"SecurityGroupRuleId\"") && text.contains("\"IsEgress\""))
}

fn is_group(n: &Node) -> bool {
    n.get("GroupId").is_some() && n.get("IpPermissions").is_some()
}

fn is_rule(n: &Node) -> bool {
    n.get("SecurityGroupRuleId").is_some() && n.get("IsEgress").is_some()
}

/// Reads an EC2 security group document; `None` when the document is not one.
pub fn adapt(file: &SourceFile, doc: &Node) -> Option<AdapterOutput> {
    let mut out = AdapterOutput::default();
    let mut read = |items: &[Node]| {
        for i in items {
            object(file, i, &mut out.resources);
        }
    };
    if let Some(items) = doc.as_seq() {
        read(items);
    } else if let Some(items) = doc.get("SecurityGroups").and_then(Node::as_seq) {
        read(items);
    } else if let Some(items) = doc.get("SecurityGroupRules").and_then(Node::as_seq) {
        read(items);
    } else {
        read(std::slice::from_ref(doc));
    }
    // An empty `SecurityGroups` list is still a security group document.
    let empty_list = ["SecurityGroups", "SecurityGroupRules"]
        .iter()
        .any(|k| doc.get(k).and_then(Node::as_seq).is_some_and(<[Node]>::is_empty));
    if out.resources.is_empty() && !empty_list {
        return None;
    }
    Some(out)
}

fn object(file: &SourceFile, n: &Node, out: &mut Vec<Resource>) {
    if is_group(n) {
        out.push(Resource::Ec2SecurityGroup(group(file, n)));
    } else if is_rule(n) {
        // Outbound rules do not expose anything.
        if bool_attr(file, n.get("IsEgress"), n.span).value() != Some(&true) {
            out.push(Resource::Ec2SecurityGroupIngressRule(rule(file, n)));
        }
    }
}

fn meta(
    file: &SourceFile,
    n: &Node,
    kind: &'static str,
    source_type: &str,
    id_key: &str,
    arn_key: &str,
) -> ResourceMeta {
    let id = n.get(id_key).and_then(Node::scalar_text);
    let arn = n.get(arn_key).and_then(Node::as_str).map(str::to_string);
    let name = n
        .get("GroupName")
        .filter(|_| kind == KIND_SECURITY_GROUP)
        .and_then(Node::scalar_text)
        .or_else(|| id.clone())
        .unwrap_or_else(|| "(unnamed)".to_string());
    ResourceMeta {
        kind,
        source: SourceKind::AwsApiJson,
        source_type: source_type.to_string(),
        address: arn.or(id).unwrap_or_else(|| name.clone()),
        name,
        origin: file.origin_of(n.span),
        ignores: Vec::new(),
        scope: None,
        plan: None,
    }
}

fn group(file: &SourceFile, n: &Node) -> Ec2SecurityGroup {
    let mut g = Ec2SecurityGroup::new(meta(
        file,
        n,
        KIND_SECURITY_GROUP,
        "describe-security-groups",
        "GroupId",
        "SecurityGroupArn",
    ));
    // EC2 reports every inbound rule of the group here, also those made apart from it.
    g.lists_every_rule = true;
    g.group_name = str_attr(file, n.get("GroupName"), n.span);
    g.group_id = str_attr(file, n.get("GroupId"), n.span);
    g.vpc_id = str_attr(file, n.get("VpcId"), n.span);
    g.ip_permissions = match n.get("IpPermissions") {
        None => Attr::absent(file.origin_of(n.span)),
        Some(v) if v.is_null() => Attr::absent(file.origin_of(v.span)),
        Some(v) => match v.as_seq() {
            Some([]) => Attr::absent(file.origin_of(v.span)),
            Some(items) => Attr::set(
                items.iter().map(|p| permission(file, p)).collect(),
                file.origin_of(v.span),
            ),
            None => Attr::unknown(
                format!("`IpPermissions` should be a list, found a {}", v.type_name()),
                file.origin_of(v.span),
            ),
        },
    };
    g.tags = tags(file, n);
    g
}

/// One `IpPermissions` item.
fn permission(file: &SourceFile, n: &Node) -> IpPermission {
    let mut p = IpPermission::new(file.origin_of(n.span));
    p.ip_protocol = str_attr(file, n.get("IpProtocol"), n.span);
    p.from_port = int_attr(file, n.get("FromPort"), n.span);
    p.to_port = int_attr(file, n.get("ToPort"), n.span);
    p.ipv4_ranges = members(file, n, "IpRanges", "CidrIp");
    p.ipv6_ranges = members(file, n, "Ipv6Ranges", "CidrIpv6");
    p.prefix_list_ids = members(file, n, "PrefixListIds", "PrefixListId");
    p.source_groups = members(file, n, "UserIdGroupPairs", "GroupId");
    p
}

/// `key[].member`, each pointing at its own value.
fn members(file: &SourceFile, n: &Node, key: &str, member: &str) -> Attr<Vec<Attr<String>>> {
    match n.get(key) {
        None => Attr::absent(file.origin_of(n.span)),
        Some(v) if v.is_null() => Attr::absent(file.origin_of(v.span)),
        Some(v) => match v.as_seq() {
            Some(items) => Attr::set(
                items.iter().map(|i| str_attr(file, i.get(member), i.span)).collect(),
                file.origin_of(v.span),
            ),
            None => Attr::unknown(
                format!("`{key}` should be a list, found a {}", v.type_name()),
                file.origin_of(v.span),
            ),
        },
    }
}

/// One inbound entry of `describe-security-group-rules`.
fn rule(file: &SourceFile, n: &Node) -> Ec2SecurityGroupIngressRule {
    let mut r = Ec2SecurityGroupIngressRule::new(meta(
        file,
        n,
        KIND_SECURITY_GROUP_INGRESS,
        "describe-security-group-rules",
        "SecurityGroupRuleId",
        "SecurityGroupRuleArn",
    ));
    r.reported_by_ec2 = true;
    r.group = str_attr(file, n.get("GroupId"), n.span);
    let one = |key: &str| -> Attr<Vec<Attr<String>>> {
        let a = str_attr(file, n.get(key), n.span);
        if a.is_absent() {
            a.map(|_| Vec::new())
        } else {
            let origin = a.origin.clone();
            Attr::set(vec![a], origin)
        }
    };
    let p = &mut r.permission;
    p.ip_protocol = str_attr(file, n.get("IpProtocol"), n.span);
    p.from_port = int_attr(file, n.get("FromPort"), n.span);
    p.to_port = int_attr(file, n.get("ToPort"), n.span);
    p.ipv4_ranges = one("CidrIpv4");
    p.ipv6_ranges = one("CidrIpv6");
    p.prefix_list_ids = one("PrefixListId");
    p.source_groups = match n.get("ReferencedGroupInfo") {
        Some(g) if !g.is_null() => {
            let a = str_attr(file, g.get("GroupId"), g.span);
            let origin = a.origin.clone();
            Attr::set(vec![a], origin)
        }
        _ => Attr::absent(file.origin_of(n.span)),
    };
    r.tags = tags(file, n);
    r
}

/// EC2's `Tags` list of `Key`/`Value` pairs.
fn tags(file: &SourceFile, n: &Node) -> Attr<Vec<Tag>> {
    match n.get("Tags") {
        None => Attr::absent(file.origin_of(n.span)),
        Some(t) if t.is_null() => Attr::absent(file.origin_of(t.span)),
        Some(t) => match t.as_seq() {
            Some([]) => Attr::absent(file.origin_of(t.span)),
            Some(items) => Attr::set(
                items
                    .iter()
                    .map(|i| Tag {
                        key: str_attr(file, i.get("Key"), i.span),
                        value: str_attr(file, i.get("Value"), i.span),
                    })
                    .collect(),
                file.origin_of(t.span),
            ),
            None => Attr::unknown(
                format!("`Tags` should be a list, found a {}", t.type_name()),
                file.origin_of(t.span),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Resource> {
        crate::api_json::read("sg.json", text, adapt)
    }

    fn line<T>(a: &Attr<T>) -> u32 {
        a.origin.location().unwrap().span.start_line
    }

    #[test]
    fn describe_security_groups() {
        let text = r#"{
  "SecurityGroups": [
    {
      "GroupName": "web",
      "GroupId": "sg-0123",
      "VpcId": "vpc-1",
      "IpPermissions": [
        {
          "IpProtocol": "tcp",
          "FromPort": 22,
          "ToPort": 22,
          "IpRanges": [{ "CidrIp": "0.0.0.0/0" }],
          "Ipv6Ranges": [],
          "UserIdGroupPairs": [{ "GroupId": "sg-9", "UserId": "123456789012" }]
        },
        { "IpProtocol": "-1", "Ipv6Ranges": [{ "CidrIpv6": "::/0" }] }
      ],
      "IpPermissionsEgress": []
    }
  ]
}"#;
        let rs = read(text);
        let Resource::Ec2SecurityGroup(g) = &rs[0] else {
            panic!("{rs:?}")
        };
        assert_eq!(g.meta.address, "sg-0123");
        assert_eq!(g.meta.name, "web");
        let ps = g.ip_permissions.value().unwrap();
        assert_eq!(ps[0].label(0), "tcp/22");
        let cidr = &ps[0].ipv4_ranges.value().unwrap()[0];
        assert_eq!(cidr.value().unwrap(), "0.0.0.0/0");
        assert_eq!(line(cidr), 12);
        assert_eq!(ps[0].source_groups.value().unwrap()[0].value().unwrap(), "sg-9");
        assert_eq!(ps[1].label(1), "all");
        assert!(ps[1].from_port.is_absent());
    }

    #[test]
    fn describe_security_group_rules_reads_inbound_only() {
        let text = r#"{"SecurityGroupRules": [
  {"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-0123", "IsEgress": false, "IpProtocol": "tcp",
   "FromPort": 3389, "ToPort": 3389, "CidrIpv4": "0.0.0.0/0"},
  {"SecurityGroupRuleId": "sgr-2", "GroupId": "sg-0123", "IsEgress": true, "IpProtocol": "-1",
   "FromPort": -1, "ToPort": -1, "CidrIpv4": "0.0.0.0/0"}
]}"#;
        let rs = read(text);
        assert_eq!(rs.len(), 1);
        let Resource::Ec2SecurityGroupIngressRule(r) = &rs[0] else {
            panic!()
        };
        assert_eq!(r.group.value().unwrap(), "sg-0123");
        assert_eq!(r.meta.address, "sgr-1");
        assert_eq!(r.permission.label(0), "tcp/3389");
        assert!(read(r#"{"Clusters": []}"#).is_empty());
    }
}
