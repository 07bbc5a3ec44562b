//! Security groups of a template: `AWS::EC2::SecurityGroup` with its `SecurityGroupIngress`
//! list, and `AWS::EC2::SecurityGroupIngress`, an inbound rule of its own that names its group
//! by `GroupId` (a `Ref` or `Fn::GetAtt …GroupId` of a group of the template, or an `sg-…` id)
//! or by `GroupName`. Egress is not read.

use super::resources::{Decl, int_attr, list, present, ref_attr, str_attr, tags};
use super::value::{Kind, Val};
use crate::source::SourceFile;
use mamori_model::ec2::{
    Ec2SecurityGroup, Ec2SecurityGroupIngressRule, IpPermission, KIND_SECURITY_GROUP, KIND_SECURITY_GROUP_INGRESS,
};
use mamori_model::{Attr, Resource, Span};

pub const SECURITY_GROUP: &str = "AWS::EC2::SecurityGroup";
pub const SECURITY_GROUP_INGRESS: &str = "AWS::EC2::SecurityGroupIngress";

/// The EC2 resource types read.
pub const TYPES: &[&str] = &[SECURITY_GROUP, SECURITY_GROUP_INGRESS];

pub fn resource(d: &Decl<'_>) -> Resource {
    match d.type_name {
        SECURITY_GROUP => Resource::Ec2SecurityGroup(group(d)),
        _ => Resource::Ec2SecurityGroupIngressRule(ingress(d)),
    }
}

fn group(d: &Decl<'_>) -> Ec2SecurityGroup {
    let f = d.file;
    let parent = d.parent();
    let name = str_attr(f, d.prop("GroupName"), parent);
    let mut g = Ec2SecurityGroup::new(d.meta(KIND_SECURITY_GROUP, &name));
    g.group_name = name;
    g.vpc_id = ref_attr(f, d.prop("VpcId"), parent);
    g.ip_permissions = list(f, d.prop("SecurityGroupIngress"), parent, |i| permission(f, i, i.span));
    g.tags = tags(f, d.prop("Tags"), parent);
    g
}

fn ingress(d: &Decl<'_>) -> Ec2SecurityGroupIngressRule {
    let f = d.file;
    let parent = d.parent();
    let mut r =
        Ec2SecurityGroupIngressRule::new(d.meta(KIND_SECURITY_GROUP_INGRESS, &Attr::absent(f.origin_of(parent))));
    r.group = match d.prop("GroupId") {
        Some(v) if !v.is_no_value() => ref_attr(f, Some(v), parent),
        _ => ref_attr(f, d.prop("GroupName"), parent),
    };
    let origin = f.origin_of(parent);
    r.permission = match &d.props {
        Some(p) => permission(f, p, parent),
        None => IpPermission::new(origin),
    };
    r
}

/// One permission: a `SecurityGroupIngress` item, or the properties of an
/// `AWS::EC2::SecurityGroupIngress`, which spell it the same way.
fn permission(f: &SourceFile, v: &Val, span: Span) -> IpPermission {
    let mut p = IpPermission::new(f.origin_of(span));
    p.ip_protocol = str_attr(f, v.get("IpProtocol"), span);
    p.from_port = int_attr(f, v.get("FromPort"), span);
    p.to_port = int_attr(f, v.get("ToPort"), span);
    p.ipv4_ranges = one(str_attr(f, v.get("CidrIp"), span));
    p.ipv6_ranges = one(str_attr(f, v.get("CidrIpv6"), span));
    p.prefix_list_ids = one(ref_attr(f, v.get("SourcePrefixListId"), span));
    p.source_groups = match v.get("SourceSecurityGroupId") {
        Some(x) if !x.is_no_value() => one(ref_attr(f, Some(x), span)),
        _ => one(ref_attr(f, v.get("SourceSecurityGroupName"), span)),
    };
    p
}

/// A single value as a list of one (absent stays absent).
fn one(a: Attr<String>) -> Attr<Vec<Attr<String>>> {
    match a.state {
        mamori_model::State::Absent => Attr::absent(a.origin),
        _ => {
            let origin = a.origin.clone();
            Attr::set(vec![a], origin)
        }
    }
}

/// A list of references to other resources (`SecurityGroups`, `SecurityGroupIds`): a `Ref` or
/// `Fn::GetAtt` of a resource of the template gives its logical id, anything else its text.
pub fn ref_list_attr(f: &SourceFile, v: Option<&Val>, parent: Span) -> Attr<Vec<Attr<String>>> {
    let v = match present(f, v, parent) {
        Ok(v) => v,
        Err(a) => return a,
    };
    match &v.kind {
        Kind::List(items) => Attr::set(
            items
                .iter()
                .filter(|i| !i.is_no_value())
                .map(|i| ref_attr(f, Some(i), v.span))
                .collect(),
            f.origin_of(v.span),
        ),
        _ => Attr::unknown(
            v.unknown_reason()
                .unwrap_or_else(|| format!("expected a list, found a {}", v.type_name())),
            f.origin_of(v.span),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;
    use crate::tree::parse_yaml;
    use mamori_model::Resource;

    #[test]
    fn groups_and_separate_rules() {
        let text = "Resources:\n  Web:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 8080\n          ToPort: 8080\n          CidrIp: 0.0.0.0/0\n  Ssh:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      GroupName: default\n      IpProtocol: tcp\n      FromPort: 22\n      ToPort: 22\n      CidrIpv6: ::/0\n  Service:\n    Type: AWS::ECS::Service\n    Properties:\n      NetworkConfiguration:\n        AwsvpcConfiguration:\n          SecurityGroups: [!GetAtt Web.GroupId, sg-0123]\n";
        let f = SourceFile::new("t.yaml", text);
        let doc = parse_yaml(&f).unwrap().remove(0);
        let out = super::super::adapt(&f, &doc);
        let Resource::Ec2SecurityGroup(g) = &out.resources[0] else {
            panic!("{:?}", out.resources)
        };
        let p = &g.ip_permissions.value().unwrap()[0];
        assert_eq!(p.label(0), "tcp/8080");
        let cidr = &p.ipv4_ranges.value().unwrap()[0];
        assert_eq!(cidr.origin.location().unwrap().span.start_line, 10);
        let Resource::Ec2SecurityGroupIngressRule(r) = &out.resources[1] else {
            panic!()
        };
        assert_eq!(r.group.value().unwrap(), "default", "a group named by GroupName");
        assert_eq!(r.permission.ipv6_ranges.value().unwrap()[0].value().unwrap(), "::/0");
        let Resource::EcsService(s) = &out.resources[2] else {
            panic!()
        };
        let sgs = s.network.value().unwrap().security_groups.value().unwrap();
        assert_eq!(sgs[0].value().unwrap(), "Web", "a GetAtt keeps the logical id");
        assert_eq!(sgs[1].value().unwrap(), "sg-0123");
    }
}
