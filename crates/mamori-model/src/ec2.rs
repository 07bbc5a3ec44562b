//! Amazon EC2 security groups: the network boundary around ECS tasks and EKS clusters.
//!
//! Field names follow the EC2 API (`describe-security-groups`, `describe-security-group-rules`),
//! in snake case. Terraform spells a permission as an `ingress` block, an
//! `aws_security_group_rule` or an `aws_vpc_security_group_ingress_rule`; CloudFormation as a
//! `SecurityGroupIngress` item or an `AWS::EC2::SecurityGroupIngress`; adapters map them all
//! here. Only ingress is read: egress does not expose a task.

use crate::attr::Attr;
use crate::resource::{ResourceMeta, Tag};
use crate::span::Origin;

pub const KIND_SECURITY_GROUP: &str = "AWS::EC2::SecurityGroup";
/// An inbound rule declared apart from its group (`AWS::EC2::SecurityGroupIngress`,
/// `aws_security_group_rule`, `aws_vpc_security_group_ingress_rule`, one entry of
/// `describe-security-group-rules`).
pub const KIND_SECURITY_GROUP_INGRESS: &str = "AWS::EC2::SecurityGroupIngress";

/// Every IPv4 address.
pub const ANYWHERE_V4: &str = "0.0.0.0/0";
/// Every IPv6 address.
pub const ANYWHERE_V6: &str = "::/0";

/// A security group and the inbound permissions declared inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ec2SecurityGroup {
    pub meta: ResourceMeta,
    /// `groupName`.
    pub group_name: Attr<String>,
    /// `groupId` (`sg-…`): known in API output only; IaC learns it at apply.
    pub group_id: Attr<String>,
    pub vpc_id: Attr<String>,
    /// `ipPermissions`: the inbound permissions written inside the group. Absent when none is.
    pub ip_permissions: Attr<Vec<IpPermission>>,
    pub tags: Attr<Vec<Tag>>,
    /// Whether `ip_permissions` holds every inbound rule of the group, however each was made (what
    /// EC2 reports), rather than only those declared inside it (what a template declares).
    pub lists_every_rule: bool,
}

/// One inbound permission: a protocol, a port range and the sources it admits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpPermission {
    /// The block, list item or object that declares the permission.
    pub origin: Origin,
    /// `ipProtocol` as written: `-1` (or `all`) for every protocol, a name (`tcp`, `udp`,
    /// `icmp`, `icmpv6`) or a protocol number.
    pub ip_protocol: Attr<String>,
    /// `fromPort` / `toPort`: the port range for TCP and UDP (ICMP type and code for ICMP).
    /// Ignored for protocol `-1`, which admits every port.
    pub from_port: Attr<i64>,
    pub to_port: Attr<i64>,
    /// `ipRanges[].cidrIp`.
    pub ipv4_ranges: Attr<Vec<Attr<String>>>,
    /// `ipv6Ranges[].cidrIpv6`.
    pub ipv6_ranges: Attr<Vec<Attr<String>>>,
    /// `prefixListIds[].prefixListId`.
    pub prefix_list_ids: Attr<Vec<Attr<String>>>,
    /// `userIdGroupPairs[].groupId`: other security groups admitted (Terraform's
    /// `security_groups`, `source_security_group_id`, `referenced_security_group_id`).
    pub source_groups: Attr<Vec<Attr<String>>>,
    /// Terraform's `self = true`: the group admits its own members.
    pub self_referencing: Attr<bool>,
}

/// An inbound rule declared as a resource of its own, linked to its group by reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ec2SecurityGroupIngressRule {
    pub meta: ResourceMeta,
    /// The group the rule belongs to: a Terraform address, a logical id, a group id (`sg-…`) or,
    /// for CloudFormation's `GroupName`, a group name.
    pub group: Attr<String>,
    pub permission: IpPermission,
    pub tags: Attr<Vec<Tag>>,
    /// Whether the rule is one of its group's own inbound rules as EC2 reports them (and so also
    /// among the permissions of a group that lists every rule), rather than a rule a template adds
    /// to its group.
    pub reported_by_ec2: bool,
}

/// What a permission's protocol admits, for judging ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `-1`: every protocol and every port.
    All,
    Tcp,
    Udp,
    /// ICMP or ICMPv6: no ports; the range holds a type and a code.
    Icmp,
    /// Any other IP protocol (a number such as 50 for ESP): no ports, all of its traffic.
    Other,
}

impl Protocol {
    /// Reads `ipProtocol` as EC2 accepts it: a name in any case, or a number.
    pub fn parse(s: &str) -> Option<Protocol> {
        let p = s.trim().to_ascii_lowercase();
        Some(match p.as_str() {
            "-1" | "all" => Protocol::All,
            "tcp" | "6" => Protocol::Tcp,
            "udp" | "17" => Protocol::Udp,
            "icmp" | "1" | "icmpv6" | "58" => Protocol::Icmp,
            _ if p.parse::<u16>().is_ok_and(|n| n <= 255) => Protocol::Other,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::All => "all",
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Icmp => "icmp",
            Protocol::Other => "ip",
        }
    }
}

/// Whether a CIDR admits every address of its family: a `/0` (`0.0.0.0/0`, `::/0`, or any
/// other address written with a zero prefix length, which AWS normalises to the same).
pub fn is_anywhere(cidr: &str) -> bool {
    let c = cidr.trim();
    c.rsplit_once('/').is_some_and(|(_, len)| len.trim() == "0")
}

impl IpPermission {
    pub fn new(origin: Origin) -> Self {
        IpPermission {
            ip_protocol: Attr::absent(origin.clone()),
            from_port: Attr::absent(origin.clone()),
            to_port: Attr::absent(origin.clone()),
            ipv4_ranges: Attr::absent(origin.clone()),
            ipv6_ranges: Attr::absent(origin.clone()),
            prefix_list_ids: Attr::absent(origin.clone()),
            source_groups: Attr::absent(origin.clone()),
            self_referencing: Attr::absent(origin.clone()),
            origin,
        }
    }

    /// How a permission is named in attribute paths: its protocol and ports (`tcp/22`,
    /// `tcp/8000-8100`, `all`), the key EC2 itself groups permissions by, so that a finding keeps
    /// its identity when permissions are reordered. `#n` (1-based) when they cannot be read.
    pub fn label(&self, index: usize) -> String {
        let fallback = || format!("#{}", index + 1);
        let Some(p) = self.ip_protocol.value() else {
            return fallback();
        };
        match Protocol::parse(p) {
            Some(Protocol::All) => "all".to_string(),
            Some(_) => {
                let proto = p.trim().to_ascii_lowercase();
                match (self.from_port.value(), self.to_port.value()) {
                    (Some(f), Some(t)) if f == t => format!("{proto}/{f}"),
                    (Some(f), Some(t)) => format!("{proto}/{f}-{t}"),
                    (Some(f), None) => format!("{proto}/{f}"),
                    _ => proto,
                }
            }
            None => fallback(),
        }
    }
}

impl Ec2SecurityGroup {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        Ec2SecurityGroup {
            meta,
            group_name: Attr::absent(o.clone()),
            group_id: Attr::absent(o.clone()),
            vpc_id: Attr::absent(o.clone()),
            ip_permissions: Attr::absent(o.clone()),
            tags: Attr::absent(o),
            lists_every_rule: false,
        }
    }

    /// Whether a reference (a Terraform address, a logical id, a group id, or a group name)
    /// designates this group.
    pub fn named_by(&self, reference: &str) -> bool {
        same_address(&self.meta.address, reference)
            || self.group_id.value().is_some_and(|id| id == reference)
            || self
                .group_id
                .value()
                .is_some_and(|id| reference.ends_with(&format!(":security-group/{id}")))
            || self.group_name.explicit().is_some_and(|n| n == reference)
    }
}

impl Ec2SecurityGroupIngressRule {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        Ec2SecurityGroupIngressRule {
            group: Attr::absent(o.clone()),
            permission: IpPermission::new(o.clone()),
            tags: Attr::absent(o),
            reported_by_ec2: false,
            meta,
        }
    }
}

/// Whether two Terraform addresses (or logical ids) name the same resource instance; an address
/// without an instance key, or with an unknown one (`[*]`), matches every instance.
pub fn same_address(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let base = |s: &str| -> (String, Option<String>) {
        if !s.ends_with(']') {
            return (s.to_string(), None);
        }
        let name_start = s.rfind("].").map_or(0, |i| i + 2);
        match s[name_start..].find('[') {
            Some(i) => (s[..name_start + i].to_string(), Some(s[name_start + i..].to_string())),
            None => (s.to_string(), None),
        }
    };
    let (ba, ka) = base(a);
    let (bb, kb) = base(b);
    let loose = |k: &Option<String>| k.as_deref().is_none_or(|k| k == "[*]");
    ba == bb && (loose(&ka) || loose(&kb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_and_labels() {
        assert_eq!(Protocol::parse("-1"), Some(Protocol::All));
        assert_eq!(Protocol::parse("TCP"), Some(Protocol::Tcp));
        assert_eq!(Protocol::parse("17"), Some(Protocol::Udp));
        assert_eq!(Protocol::parse("icmpv6"), Some(Protocol::Icmp));
        assert_eq!(Protocol::parse("50"), Some(Protocol::Other));
        assert_eq!(Protocol::parse("esp"), None);
        let mut p = IpPermission::new(Origin::Synthetic);
        assert_eq!(p.label(1), "#2");
        p.ip_protocol = Attr::set("tcp".into(), Origin::Synthetic);
        p.from_port = Attr::set(22, Origin::Synthetic);
        p.to_port = Attr::set(22, Origin::Synthetic);
        assert_eq!(p.label(0), "tcp/22");
        p.to_port = Attr::set(25, Origin::Synthetic);
        assert_eq!(p.label(0), "tcp/22-25");
        p.ip_protocol = Attr::set("-1".into(), Origin::Synthetic);
        assert_eq!(p.label(0), "all");
    }

    #[test]
    fn anywhere_and_addresses() {
        assert!(is_anywhere("0.0.0.0/0"));
        assert!(is_anywhere("::/0"));
        assert!(is_anywhere("10.0.0.0/0"));
        assert!(!is_anywhere("10.0.0.0/8"));
        assert!(!is_anywhere("0.0.0.0/00x"));
        assert!(same_address("aws_security_group.web[0]", "aws_security_group.web[*]"));
        assert!(same_address("aws_security_group.web", "aws_security_group.web[\"a\"]"));
        assert!(!same_address("aws_security_group.web[0]", "aws_security_group.web[1]"));
        assert!(!same_address("aws_security_group.web", "aws_security_group.db"));
    }
}
