//! Security groups: `aws_security_group` with its `ingress` blocks (static, `dynamic`, or the
//! attribute form `ingress = [{ … }]`), and the inbound rules written as resources of their own,
//! `aws_security_group_rule` (`type = "ingress"`) and `aws_vpc_security_group_ingress_rule`.
//! Egress is not read.

use super::body::{Field, View};
use super::eval::Module;
use super::resources::{block_list, boolean, integer, list_of, named_meta, one, reference, string, strings, tags};
use super::value::{Value, fmt_number};
use hcl_edit::expr::{Expression, ObjectKey};
use mamori_model::ec2::{
    Ec2SecurityGroup, Ec2SecurityGroupIngressRule, IpPermission, KIND_SECURITY_GROUP, KIND_SECURITY_GROUP_INGRESS,
};
use mamori_model::{Attr, Origin, Resource};

/// The EC2 resource types read.
pub const TYPES: &[&str] = &[
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
];

/// Maps one instance of a security group resource block.
pub fn map(m: &Module<'_>, v: &View<'_>, rtype: &str, address: String, out: &mut Vec<Resource>) {
    match rtype {
        "aws_security_group" => out.push(Resource::Ec2SecurityGroup(group(m, v, address))),
        "aws_security_group_rule" => {
            if let Some(r) = group_rule(m, v, address) {
                out.push(Resource::Ec2SecurityGroupIngressRule(r));
            }
        }
        _ => out.push(Resource::Ec2SecurityGroupIngressRule(vpc_ingress_rule(m, v, address))),
    }
}

fn group(m: &Module<'_>, v: &View<'_>, address: String) -> Ec2SecurityGroup {
    let mut g = Ec2SecurityGroup::new(named_meta(
        m,
        v,
        KIND_SECURITY_GROUP,
        "aws_security_group",
        "name",
        address,
    ));
    g.group_name = string(v.attr(m, "name"), v);
    g.vpc_id = reference(v.attr(m, "vpc_id"), v);
    g.ip_permissions = match v.attr(m, "ingress") {
        // `ingress = [ { … } ]`: the attributes-as-blocks form (and a plan's planned values).
        Some(f) if v.plan.is_none() => attribute_permissions(&f, v),
        _ => block_list(v.blocks(m, "ingress"), v, |b| inline_permission(m, b)),
    };
    g.tags = tags(v.attr(m, "tags"), v);
    g
}

/// An `ingress` block of `aws_security_group` (or an `ingress` object of a plan).
fn inline_permission(m: &Module<'_>, b: &View<'_>) -> IpPermission {
    let mut p = IpPermission::new(b.origin());
    p.ip_protocol = string(b.attr(m, "protocol"), b);
    p.from_port = integer(b.attr(m, "from_port"), b);
    p.to_port = integer(b.attr(m, "to_port"), b);
    p.ipv4_ranges = strings(b.attr(m, "cidr_blocks"), b);
    p.ipv6_ranges = strings(b.attr(m, "ipv6_cidr_blocks"), b);
    p.prefix_list_ids = strings(b.attr(m, "prefix_list_ids"), b);
    p.source_groups = references(b.attr(m, "security_groups"), b);
    p.self_referencing = boolean(b.attr(m, "self"), b);
    p
}

/// `ingress = [ { … }, … ]` written as an argument: each object's members point at their own
/// expressions when the list is written out, else at the argument.
fn attribute_permissions(f: &Field<'_>, v: &View<'_>) -> Attr<Vec<IpPermission>> {
    let items = match &f.value {
        Value::Null => return Attr::absent(f.origin.clone()),
        Value::List(items) if items.is_empty() => return Attr::absent(f.origin.clone()),
        Value::List(items) => items,
        x if !x.is_known() => return Attr::unknown(x.unknown_reason().unwrap_or_default(), f.origin.clone()),
        x => {
            return Attr::unknown(
                format!("`ingress` should be a list, found a {}", x.type_name()),
                f.origin.clone(),
            );
        }
    };
    let exprs: Option<Vec<&Expression>> = match f.expr {
        Expression::Array(a) if a.len() == items.len() => Some(a.iter().collect()),
        _ => None,
    };
    let perms = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let expr = exprs.as_ref().map(|e| e[i]);
            let item_origin = expr.map_or_else(|| f.origin.clone(), |e| v.origin_of(e));
            let member = |key: &str| -> (Option<Value>, Origin) {
                let value = match item {
                    Value::Map(m) => m.get(key).cloned(),
                    x if !x.is_known() => Some(x.clone()),
                    _ => Some(Value::Error(format!("expected a map, found a {}", item.type_name()))),
                };
                let origin = match expr {
                    Some(Expression::Object(o)) => o
                        .iter()
                        .find(|(k, _)| match k {
                            ObjectKey::Ident(id) => id.as_str() == key,
                            ObjectKey::Expression(Expression::String(s)) => s.value().as_str() == key,
                            _ => false,
                        })
                        .map_or_else(|| item_origin.clone(), |(_, ov)| v.origin_of(ov.expr())),
                    _ => item_origin.clone(),
                };
                (value, origin)
            };
            let mut p = IpPermission::new(item_origin.clone());
            p.ip_protocol = scalar_member(member("protocol"), &item_origin, |x| Ok(x.to_string()));
            p.from_port = scalar_member(member("from_port"), &item_origin, parse_port);
            p.to_port = scalar_member(member("to_port"), &item_origin, parse_port);
            p.ipv4_ranges = list_member(member("cidr_blocks"), &item_origin);
            p.ipv6_ranges = list_member(member("ipv6_cidr_blocks"), &item_origin);
            p.prefix_list_ids = list_member(member("prefix_list_ids"), &item_origin);
            p.source_groups = list_member(member("security_groups"), &item_origin);
            p.self_referencing = scalar_member(member("self"), &item_origin, |x| match x {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(format!("expected a bool, found \"{x}\"")),
            });
            p
        })
        .collect();
    Attr::set(perms, f.origin.clone())
}

fn parse_port(s: &str) -> Result<i64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.fract() == 0.0)
        .map(|n| n as i64)
        .ok_or_else(|| "expected a whole number".to_string())
}

fn value_text(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(fmt_number(*n)),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Computed { address, .. } => Ok(address.clone()),
        x if !x.is_known() => Err(x.unknown_reason().unwrap_or_default()),
        x => Err(format!("expected a string, found a {}", x.type_name())),
    }
}

fn scalar_member<T>(
    (value, origin): (Option<Value>, Origin),
    item_origin: &Origin,
    conv: impl Fn(&str) -> Result<T, String>,
) -> Attr<T> {
    match value {
        None | Some(Value::Null) => Attr::absent(item_origin.clone()),
        Some(v) => match value_text(&v).and_then(|t| conv(&t)) {
            Ok(x) => Attr::set(x, origin),
            Err(why) => Attr::unknown(why, origin),
        },
    }
}

fn list_member((value, origin): (Option<Value>, Origin), item_origin: &Origin) -> Attr<Vec<Attr<String>>> {
    match value {
        None | Some(Value::Null) => Attr::absent(item_origin.clone()),
        Some(Value::List(items)) => Attr::set(
            items
                .iter()
                .map(|i| match value_text(i) {
                    Ok(s) => Attr::set(s, origin.clone()),
                    Err(why) => Attr::unknown(why, origin.clone()),
                })
                .collect(),
            origin,
        ),
        Some(v) if !v.is_known() => Attr::unknown(v.unknown_reason().unwrap_or_default(), origin),
        Some(v) => Attr::unknown(format!("expected a list, found a {}", v.type_name()), origin),
    }
}

/// An `aws_security_group_rule`; `None` for an egress rule.
fn group_rule(m: &Module<'_>, v: &View<'_>, address: String) -> Option<Ec2SecurityGroupIngressRule> {
    let kind = string(v.attr(m, "type"), v);
    if kind.value().is_some_and(|t| t != "ingress") {
        return None;
    }
    let mut r = Ec2SecurityGroupIngressRule::new(named_meta(
        m,
        v,
        KIND_SECURITY_GROUP_INGRESS,
        "aws_security_group_rule",
        "name",
        address,
    ));
    r.group = reference(v.attr(m, "security_group_id"), v);
    let p = &mut r.permission;
    p.ip_protocol = match &kind.state {
        // Whether the rule is inbound at all is unknown: so is what it admits.
        mamori_model::State::Unknown(why) => Attr::unknown(format!("`type` is unknown: {why}"), kind.origin.clone()),
        _ => string(v.attr(m, "protocol"), v),
    };
    p.from_port = integer(v.attr(m, "from_port"), v);
    p.to_port = integer(v.attr(m, "to_port"), v);
    p.ipv4_ranges = strings(v.attr(m, "cidr_blocks"), v);
    p.ipv6_ranges = strings(v.attr(m, "ipv6_cidr_blocks"), v);
    p.prefix_list_ids = strings(v.attr(m, "prefix_list_ids"), v);
    p.source_groups = one(reference(v.attr(m, "source_security_group_id"), v));
    p.self_referencing = boolean(v.attr(m, "self"), v);
    Some(r)
}

/// An `aws_vpc_security_group_ingress_rule`: one source per rule.
fn vpc_ingress_rule(m: &Module<'_>, v: &View<'_>, address: String) -> Ec2SecurityGroupIngressRule {
    let mut r = Ec2SecurityGroupIngressRule::new(named_meta(
        m,
        v,
        KIND_SECURITY_GROUP_INGRESS,
        "aws_vpc_security_group_ingress_rule",
        "name",
        address,
    ));
    r.group = reference(v.attr(m, "security_group_id"), v);
    let p = &mut r.permission;
    p.ip_protocol = string(v.attr(m, "ip_protocol"), v);
    p.from_port = integer(v.attr(m, "from_port"), v);
    p.to_port = integer(v.attr(m, "to_port"), v);
    p.ipv4_ranges = one(string(v.attr(m, "cidr_ipv4"), v));
    p.ipv6_ranges = one(string(v.attr(m, "cidr_ipv6"), v));
    p.prefix_list_ids = one(reference(v.attr(m, "prefix_list_id"), v));
    p.source_groups = one(reference(v.attr(m, "referenced_security_group_id"), v));
    r.tags = tags(v.attr(m, "tags"), v);
    r
}

/// A list of references to other resources (security groups): each element is the referenced
/// resource's address when it is a reference (`aws_security_group.web.id`), else its text.
pub(super) fn references(f: Option<Field<'_>>, parent: &View<'_>) -> Attr<Vec<Attr<String>>> {
    list_of(f, parent, value_text)
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;
    use mamori_model::{Attr, Resource};
    use std::path::Path;

    fn line<T>(a: &Attr<T>) -> u32 {
        a.origin.location().unwrap().span.start_line
    }

    #[test]
    fn groups_and_rules_in_every_form() {
        let text = r#"variable "office" {}

resource "aws_security_group" "web" {
  name = "web"
  ingress = [
    {
      from_port        = 22
      to_port          = 22
      protocol         = "tcp"
      cidr_blocks      = [var.office, "0.0.0.0/0"]
      ipv6_cidr_blocks = []
      prefix_list_ids  = []
      security_groups  = []
      self             = false
      description      = ""
    }
  ]
}

resource "aws_security_group" "app" {
  name = "app"
  dynamic "ingress" {
    for_each = { http = 80, https = 443 }
    content {
      from_port       = ingress.value
      to_port         = ingress.value
      protocol        = "tcp"
      security_groups = [aws_security_group.web.id]
    }
  }
}

resource "aws_security_group_rule" "out" {
  type              = "egress"
  security_group_id = aws_security_group.app.id
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "all_v6" {
  security_group_id = aws_security_group.app.id
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0"
}
"#;
        let f = SourceFile::new("main.tf", text);
        let out = super::super::load_module(Path::new("."), &[f], &[]);
        assert_eq!(
            out.resources.len(),
            3,
            "the egress rule is not read: {:?}",
            out.resources
        );
        let Resource::Ec2SecurityGroup(web) = &out.resources[0] else {
            panic!()
        };
        let p = &web.ip_permissions.value().unwrap()[0];
        assert_eq!(p.label(0), "tcp/22");
        let cidrs = p.ipv4_ranges.value().unwrap();
        assert!(cidrs[0].is_unknown(), "a variable without a value is unknown");
        assert_eq!(cidrs[1].value().unwrap(), "0.0.0.0/0");
        assert_eq!(line(&cidrs[1]), 10);
        let Resource::Ec2SecurityGroup(app) = &out.resources[1] else {
            panic!()
        };
        let ps = app.ip_permissions.value().unwrap();
        assert_eq!(
            ps.iter().enumerate().map(|(i, p)| p.label(i)).collect::<Vec<_>>(),
            ["tcp/80", "tcp/443"]
        );
        assert_eq!(
            ps[0].source_groups.value().unwrap()[0].value().unwrap(),
            "aws_security_group.web"
        );
        let Resource::Ec2SecurityGroupIngressRule(r) = &out.resources[2] else {
            panic!()
        };
        assert_eq!(r.group.value().unwrap(), "aws_security_group.app");
        assert_eq!(r.permission.label(0), "all");
        assert_eq!(line(&r.permission.ipv6_ranges.value().unwrap()[0]), 45);
    }

    #[test]
    fn a_service_keeps_its_group_through_flatten_and_concat() {
        // The shape of terraform-aws-modules/ecs's service module.
        let text = r#"variable "security_group_ids" {
  default = []
}

resource "aws_security_group" "this" {
  count = 1
  name  = "api"
}

resource "aws_ecs_service" "this" {
  name = "api"
  network_configuration {
    subnets         = ["subnet-1"]
    security_groups = flatten(concat([try(aws_security_group.this[0].id, [])], var.security_group_ids))
  }
}
"#;
        let f = SourceFile::new("main.tf", text);
        let out = super::super::load_module(Path::new("."), &[f], &[]);
        let s = out
            .resources
            .iter()
            .find_map(|r| match r {
                Resource::EcsService(s) => Some(s),
                _ => None,
            })
            .unwrap();
        let sgs = s
            .network
            .value()
            .unwrap()
            .security_groups
            .value()
            .expect("the list is known");
        assert_eq!(sgs.len(), 1);
        assert_eq!(sgs[0].value().unwrap(), "aws_security_group.this[0]");
    }
}
