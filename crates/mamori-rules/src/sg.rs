//! Judging security group permissions: which sources are the whole internet, which ports a
//! permission admits, and which groups ECS tasks and EKS clusters use.

use mamori_model::ec2::{Ec2SecurityGroup, Ec2SecurityGroupIngressRule, IpPermission, Protocol, is_anywhere};
use mamori_model::inventory::same_scope;
use mamori_model::{Attr, Inventory, Origin, ResourceMeta, SourceKind, State};

/// Whether a permission admits what a rule forbids, given its protocol and port range:
/// `Some((en, ja))` describes what it admits, for the message; `None` is fine.
pub type Judge<'a> = &'a dyn Fn(Protocol, u16, u16) -> Option<(String, String)>;

/// The port range of a TCP or UDP permission (`-1` reads as the widest), `None` when a bound is
/// not written: EC2 requires a port range for TCP and UDP, so such a permission is refused and
/// admits nothing. `Err` says why the range cannot be read.
fn ports(p: &IpPermission) -> Result<Option<(u16, u16)>, String> {
    let bound = |a: &Attr<i64>, name: &str, widest: u16| -> Result<Option<u16>, String> {
        match &a.state {
            State::Set(v) | State::Default(v) if *v < 0 => Ok(Some(widest)),
            State::Set(v) | State::Default(v) => Ok(Some((*v).min(65535) as u16)),
            State::Absent => Ok(None),
            State::Unknown(r) => Err(format!("`{name}` is unknown: {r}")),
        }
    };
    let from = bound(&p.from_port, "fromPort", 0)?;
    let to = bound(&p.to_port, "toPort", 65535)?;
    Ok(from.zip(to))
}

/// What a permission's protocol and ports admit, judged by `judge`.
fn admits(p: &IpPermission, judge: Judge<'_>) -> Result<Option<(String, String)>, String> {
    let proto = match &p.ip_protocol.state {
        State::Set(s) | State::Default(s) => match Protocol::parse(s) {
            Some(x) => x,
            None => return Err(format!("`ipProtocol` is unknown: `{s}` is not a known name")),
        },
        // EC2 requires a protocol: a permission without one is refused, and admits nothing.
        State::Absent => return Ok(None),
        State::Unknown(r) => return Err(format!("`ipProtocol` is unknown: {r}")),
    };
    match proto {
        Protocol::Tcp | Protocol::Udp => match ports(p)? {
            Some((from, to)) => Ok(judge(proto, from, to)),
            None => Ok(None),
        },
        _ => Ok(judge(proto, 0, 65535)),
    }
}

/// One source of a permission open to the whole internet.
pub struct OpenSource<'a> {
    /// The CIDR, as written.
    pub cidr: &'a str,
    pub ipv6: bool,
    pub origin: &'a Origin,
}

/// The outcome of judging one permission.
#[derive(Default)]
pub struct Judged<'a> {
    /// Sources open to the internet on what the rule forbids, with what they admit (English,
    /// Japanese) for the message.
    pub open: Vec<(OpenSource<'a>, (String, String))>,
    /// Checks that could not be decided: where, and why.
    pub unknown: Vec<(Origin, String)>,
}

/// Judges a permission: every source that is the whole internet (`/0`) on a protocol and port
/// range `judge` objects to. An unknown CIDR, protocol or port range that could hide such a
/// source is undecided.
pub fn judge_permission<'a>(p: &'a IpPermission, judge: Judge<'_>) -> Judged<'a> {
    let mut out = Judged::default();
    let mut open = Vec::new();
    let mut unknown_sources = Vec::new();
    for (list, ipv6) in [(&p.ipv4_ranges, false), (&p.ipv6_ranges, true)] {
        match &list.state {
            State::Set(items) | State::Default(items) => {
                for c in items {
                    match &c.state {
                        State::Set(v) | State::Default(v) if is_anywhere(v) => open.push(OpenSource {
                            cidr: v,
                            ipv6,
                            origin: &c.origin,
                        }),
                        State::Unknown(r) => {
                            let member = if ipv6 { "cidrIpv6" } else { "cidrIp" };
                            unknown_sources.push((c.origin.clone(), format!("`{member}` is unknown: {r}")))
                        }
                        _ => {}
                    }
                }
            }
            State::Unknown(r) => {
                let member = if ipv6 { "ipv6Ranges" } else { "ipRanges" };
                unknown_sources.push((list.origin.clone(), format!("`{member}` is unknown: {r}")))
            }
            State::Absent => {}
        }
    }
    if open.is_empty() && unknown_sources.is_empty() {
        return out;
    }
    match admits(p, judge) {
        Ok(None) => {}
        Ok(Some(what)) => {
            out.open = open.into_iter().map(|o| (o, what.clone())).collect();
            out.unknown = unknown_sources;
        }
        Err(why) => {
            out.unknown = open.iter().map(|o| (o.origin.clone(), why.clone())).collect();
            out.unknown.extend(unknown_sources);
        }
    }
    out
}

/// `tcp 22`, `tcp 0-65535`, `every protocol and port` for messages.
pub fn describe(proto: Protocol, from: u16, to: u16) -> String {
    match proto {
        Protocol::All => "every protocol and port".to_string(),
        Protocol::Icmp => "ICMP".to_string(),
        Protocol::Other => "a whole IP protocol".to_string(),
        _ if from == to => format!("{} {from}", proto.as_str()),
        _ => format!("{} {from}-{to}", proto.as_str()),
    }
}

/// The same in Japanese.
pub fn describe_ja(proto: Protocol, from: u16, to: u16) -> String {
    match proto {
        Protocol::All => "すべてのプロトコルとポート".to_string(),
        Protocol::Icmp => "ICMP".to_string(),
        Protocol::Other => "IP プロトコル全体".to_string(),
        _ if from == to => format!("{} {from}", proto.as_str()),
        _ => format!("{} {from}-{to}", proto.as_str()),
    }
}

/// The attribute path of an open source inside a group's permission:
/// `ipPermissions[tcp/22].ipRanges[0.0.0.0/0].cidrIp`.
pub fn group_path(p: &IpPermission, index: usize, o: &OpenSource<'_>) -> String {
    let (list, member) = if o.ipv6 {
        ("ipv6Ranges", "cidrIpv6")
    } else {
        ("ipRanges", "cidrIp")
    };
    format!("ipPermissions[{}].{list}[{}].{member}", p.label(index), o.cidr)
}

/// The attribute path of an open source of a rule declared on its own (the
/// `SecurityGroupRule` API's members): `cidrIpv4`, `cidrIpv6`.
pub fn rule_path(o: &OpenSource<'_>) -> &'static str {
    if o.ipv6 { "cidrIpv6" } else { "cidrIpv4" }
}

/// Whether a rule EC2 reported is also among the permissions of its group in the scan, as EC2
/// reported them too (every rule of a group is one of its permissions there): judged once, with
/// the group.
pub fn repeats_group(inv: &Inventory, r: &Ec2SecurityGroupIngressRule) -> bool {
    r.reported_by_ec2
        && r.group.value().is_some_and(|g| {
            inv.find_security_group(g, &r.meta)
                .is_some_and(|sg| sg.lists_every_rule)
        })
}

/// The security groups ECS tasks and EKS clusters use, by reference.
pub struct Attachments {
    refs: Vec<(String, ResourceMeta)>,
}

impl Attachments {
    pub fn of(inv: &Inventory) -> Self {
        let mut refs = Vec::new();
        let mut list = |a: &Attr<Vec<Attr<String>>>, meta: &ResourceMeta| {
            if let Some(items) = a.value() {
                for i in items {
                    if let Some(v) = i.value() {
                        refs.push((v.clone(), meta.clone()));
                    }
                }
            }
        };
        for s in inv.ecs_services() {
            if let Some(n) = s.network.value() {
                list(&n.security_groups, &s.meta);
            }
        }
        for t in inv.ecs_task_sets() {
            if let Some(n) = t.network.value() {
                list(&n.security_groups, &t.meta);
            }
        }
        for c in inv.eks_clusters() {
            list(&c.security_group_ids, &c.meta);
        }
        for c in inv.eks_clusters() {
            if let Some(id) = c.cluster_security_group_id.value() {
                refs.push((id.clone(), c.meta.clone()));
            }
        }
        Attachments { refs }
    }

    /// The resources that use a group of the scan.
    pub fn users_of(&self, g: &Ec2SecurityGroup) -> Vec<&ResourceMeta> {
        self.refs
            .iter()
            .filter(|(r, m)| g.named_by(r) && same_scope(m, &g.meta))
            .map(|(_, m)| m)
            .collect()
    }

    /// The resources that use the group a rule declared on its own belongs to: through the group
    /// when it is in the scan, else by the group id both name. A rule added to the security group
    /// EKS creates for a cluster names the cluster's attribute
    /// (`aws_eks_cluster.main.vpc_config[0].cluster_security_group_id`,
    /// `!GetAtt Cluster.ClusterSecurityGroupId`), which keeps the cluster's address.
    pub fn users_of_rule<'i>(&'i self, inv: &'i Inventory, r: &Ec2SecurityGroupIngressRule) -> Vec<&'i ResourceMeta> {
        let Some(group) = r.group.value() else {
            return Vec::new();
        };
        if let Some(g) = inv.find_security_group(group, &r.meta) {
            return self.users_of(g);
        }
        if matches!(r.meta.source, SourceKind::Terraform | SourceKind::CloudFormation)
            && let Some(c) = inv
                .eks_clusters()
                .find(|c| c.meta.address == *group && same_scope(&r.meta, &c.meta))
        {
            return vec![&c.meta];
        }
        self.refs
            .iter()
            .filter(|(x, m)| x == group && same_scope(m, &r.meta))
            .map(|(_, m)| m)
            .collect()
    }
}

/// Words a finding: `(group or rule name, CIDR, (what it admits in English, in Japanese))`.
pub type Message<'a> = &'a dyn Fn(&str, &str, &(String, String)) -> mamori_model::Text;

/// Which groups a rule judges.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every security group and inbound rule of the scan.
    All,
    /// Only those used by ECS services and task sets or EKS clusters of the scan; a group whose
    /// users are unknown is left alone.
    Containers,
}

/// Runs a permission check over the security groups and the rules declared apart from them:
/// a finding for each source open to the internet on what `judge` objects to, at that source's
/// CIDR. `message(name, cidr, (what_en, what_ja))` words it.
pub fn check(inv: &Inventory, ctx: &mut crate::Ctx<'_>, reach: Reach, judge: Judge<'_>, message: Message<'_>) {
    let users = Attachments::of(inv);
    for g in inv.ec2_security_groups() {
        if reach == Reach::Containers && users.users_of(g).is_empty() {
            continue;
        }
        let perms = match &g.ip_permissions.state {
            State::Set(p) | State::Default(p) => p,
            State::Absent => {
                ctx.pass(&g.meta);
                continue;
            }
            State::Unknown(r) => {
                ctx.undecided(
                    &g.meta,
                    &g.ip_permissions.origin,
                    format!("`ipPermissions` is unknown: {r}"),
                );
                continue;
            }
        };
        let mut clean = true;
        for (i, p) in perms.iter().enumerate() {
            let j = judge_permission(p, judge);
            for (o, what) in &j.open {
                clean = false;
                ctx.fail(
                    &g.meta,
                    group_path(p, i, o),
                    o.origin,
                    message(&g.meta.name, o.cidr, what),
                );
            }
            for (origin, why) in j.unknown {
                clean = false;
                ctx.undecided(&g.meta, &origin, why);
            }
        }
        if clean {
            ctx.pass(&g.meta);
        }
    }
    for r in inv.ec2_security_group_ingress_rules() {
        if repeats_group(inv, r) || (reach == Reach::Containers && users.users_of_rule(inv, r).is_empty()) {
            continue;
        }
        let j = judge_permission(&r.permission, judge);
        let clean = j.open.is_empty() && j.unknown.is_empty();
        for (o, what) in &j.open {
            ctx.fail(&r.meta, rule_path(o), o.origin, message(&r.meta.name, o.cidr, what));
        }
        for (origin, why) in j.unknown {
            ctx.undecided(&r.meta, &origin, why);
        }
        if clean {
            ctx.pass(&r.meta);
        }
    }
}

/// Whether a TCP or UDP range (or every port, for protocol `-1`) reaches `port`.
pub fn reaches(proto: Protocol, from: u16, to: u16, port: u16) -> bool {
    match proto {
        Protocol::All => true,
        Protocol::Tcp | Protocol::Udp => from <= port && port <= to,
        Protocol::Icmp | Protocol::Other => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn perm(proto: &str, from: Option<i64>, to: Option<i64>, v4: &[&str]) -> IpPermission {
        let o = Origin::Synthetic;
        let mut p = IpPermission::new(o.clone());
        p.ip_protocol = Attr::set(proto.to_string(), o.clone());
        if let Some(f) = from {
            p.from_port = Attr::set(f, o.clone());
        }
        if let Some(t) = to {
            p.to_port = Attr::set(t, o.clone());
        }
        p.ipv4_ranges = Attr::set(v4.iter().map(|c| Attr::set(c.to_string(), o.clone())).collect(), o);
        p
    }

    fn ssh(proto: Protocol, from: u16, to: u16) -> Option<(String, String)> {
        reaches(proto, from, to, 22).then(|| (describe(proto, from, to), describe_ja(proto, from, to)))
    }

    fn open(p: &IpPermission) -> (usize, usize) {
        let j = judge_permission(p, &ssh);
        (j.open.len(), j.unknown.len())
    }

    #[test]
    fn ports_and_protocols_as_ec2_reads_them() {
        assert_eq!(open(&perm("tcp", Some(22), Some(22), &["0.0.0.0/0"])), (1, 0));
        assert_eq!(
            open(&perm("tcp", Some(20), Some(25), &["10.0.0.0/8", "0.0.0.0/0"])),
            (1, 0)
        );
        assert_eq!(open(&perm("6", Some(23), Some(443), &["0.0.0.0/0"])), (0, 0));
        // Protocol -1 ignores the range written; so does a protocol number such as 50, but it is
        // not TCP, so it never carries SSH.
        assert_eq!(open(&perm("-1", Some(0), Some(0), &["0.0.0.0/0"])), (1, 0));
        assert_eq!(open(&perm("50", None, None, &["0.0.0.0/0"])), (0, 0));
        assert_eq!(open(&perm("icmp", Some(-1), Some(-1), &["0.0.0.0/0"])), (0, 0));
        // A port of -1 is the whole range; a TCP permission without a range is refused by EC2.
        assert_eq!(open(&perm("udp", Some(-1), Some(-1), &["0.0.0.0/0"])), (1, 0));
        assert_eq!(open(&perm("tcp", None, None, &["0.0.0.0/0"])), (0, 0));
        // Only the whole internet counts; a private range on port 22 is fine.
        assert_eq!(open(&perm("tcp", Some(22), Some(22), &["10.0.0.0/8"])), (0, 0));
    }

    #[test]
    fn unknown_values_leave_the_check_undecided() {
        let mut p = perm("tcp", Some(22), Some(22), &[]);
        p.ipv4_ranges = Attr::set(vec![Attr::unknown("var.cidr", Origin::Synthetic)], Origin::Synthetic);
        assert_eq!(open(&p), (0, 1));
        let mut p = perm("tcp", Some(22), Some(22), &["0.0.0.0/0"]);
        p.from_port = Attr::unknown("var.port", Origin::Synthetic);
        assert_eq!(open(&p), (0, 1));
        // An unknown source on a port the rule does not care about decides nothing.
        let mut p = perm("tcp", Some(443), Some(443), &[]);
        p.ipv4_ranges = Attr::unknown("var.cidrs", Origin::Synthetic);
        assert_eq!(open(&p), (0, 0));
    }
}
