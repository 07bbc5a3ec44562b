//! EKS resource blocks: `aws_eks_cluster`, `aws_eks_node_group`, `aws_eks_access_entry` (with
//! its `aws_eks_access_policy_association`s) and `aws_eks_pod_identity_association`.

use super::body::View;
use super::eval::Module;
use super::resources::{block_list, boolean, first_block, named_meta, reference, string, strings, tags};
use mamori_model::eks::{
    AccessPolicyAssociation, EksAccessEntry, EksCluster, EksNodegroup, EksPodIdentityAssociation, EncryptionConfig,
    KIND_EKS_ACCESS_ENTRY, KIND_EKS_CLUSTER, KIND_EKS_NODEGROUP, KIND_EKS_POD_IDENTITY_ASSOCIATION, RemoteAccess,
};
use mamori_model::{Attr, Resource, State};

/// The EKS resource types read.
pub const TYPES: &[&str] = &[
    "aws_eks_cluster",
    "aws_eks_node_group",
    "aws_eks_access_entry",
    "aws_eks_access_policy_association",
    "aws_eks_pod_identity_association",
];

/// An `aws_eks_access_policy_association`, kept until the entries are all read: the cluster
/// and principal it names, and the association.
pub struct PendingPolicy {
    cluster: Attr<String>,
    principal: Attr<String>,
    policy: AccessPolicyAssociation,
}

/// Maps one instance of an EKS resource block.
pub fn map(
    m: &Module<'_>,
    v: &View<'_>,
    rtype: &str,
    address: String,
    out: &mut Vec<Resource>,
    policies: &mut Vec<PendingPolicy>,
) {
    match rtype {
        "aws_eks_cluster" => out.push(Resource::EksCluster(cluster(m, v, address))),
        "aws_eks_node_group" => out.push(Resource::EksNodegroup(nodegroup(m, v, address))),
        "aws_eks_access_entry" => out.push(Resource::EksAccessEntry(access_entry(m, v, address))),
        "aws_eks_pod_identity_association" => {
            out.push(Resource::EksPodIdentityAssociation(pod_identity(m, v, address)))
        }
        _ => policies.push(PendingPolicy {
            cluster: reference(v.attr(m, "cluster_name"), v),
            principal: reference(v.attr(m, "principal_arn"), v),
            policy: policy(m, v),
        }),
    }
}

/// Gives each access entry the policy associations that name its cluster and principal.
pub fn attach_policies(out: &mut [Resource], policies: Vec<PendingPolicy>) {
    for p in policies {
        for r in out.iter_mut() {
            let Resource::EksAccessEntry(e) = r else { continue };
            let same =
                |a: &Attr<String>, b: &Attr<String>| matches!((a.value(), b.value()), (Some(x), Some(y)) if x == y);
            // A reference to the entry's own attribute (`aws_eks_access_entry.x.principal_arn`)
            // names the entry itself.
            let names_entry = p.principal.value().is_some_and(|pr| *pr == e.meta.address);
            if !(names_entry || (same(&p.cluster, &e.cluster) && same(&p.principal, &e.principal_arn))) {
                continue;
            }
            match &mut e.access_policies.state {
                State::Set(list) => list.push(p.policy.clone()),
                _ => e.access_policies = Attr::set(vec![p.policy.clone()], p.policy.policy_arn.origin.clone()),
            }
        }
    }
}

fn cluster(m: &Module<'_>, v: &View<'_>, address: String) -> EksCluster {
    let mut c = EksCluster::new(named_meta(m, v, KIND_EKS_CLUSTER, "aws_eks_cluster", "name", address));
    c.name = string(v.attr(m, "name"), v);
    c.version = string(v.attr(m, "version"), v);
    // `vpc_config` is required; a configuration without it fails to plan, and its settings
    // then read as omitted at the resource.
    match first_block(v.blocks(m, "vpc_config")) {
        Ok(Some(vpc)) => {
            c.endpoint_public_access = boolean(vpc.attr(m, "endpoint_public_access"), &vpc);
            c.endpoint_private_access = boolean(vpc.attr(m, "endpoint_private_access"), &vpc);
            c.public_access_cidrs = strings(vpc.attr(m, "public_access_cidrs"), &vpc);
            c.security_group_ids = super::ec2::references(vpc.attr(m, "security_group_ids"), &vpc);
        }
        Ok(None) => {}
        Err(unknown) => {
            let unknown: Attr<()> = unknown;
            let why = unknown.unknown_reason().unwrap_or_default().to_string();
            c.endpoint_public_access = Attr::unknown(why.clone(), unknown.origin.clone());
            c.endpoint_private_access = Attr::unknown(why.clone(), unknown.origin.clone());
            c.security_group_ids = Attr::unknown(why.clone(), unknown.origin.clone());
            c.public_access_cidrs = Attr::unknown(why, unknown.origin);
        }
    }
    c.encryption_config = block_list(v.blocks(m, "encryption_config"), v, |e| EncryptionConfig {
        resources: strings(e.attr(m, "resources"), e),
        key_arn: match first_block(e.blocks(m, "provider")) {
            Ok(Some(p)) => reference(p.attr(m, "key_arn"), &p),
            Ok(None) => Attr::absent(e.origin()),
            Err(a) => a,
        },
    });
    c.enabled_log_types = strings(v.attr(m, "enabled_cluster_log_types"), v);
    match first_block(v.blocks(m, "access_config")) {
        Ok(Some(a)) => {
            c.authentication_mode = string(a.attr(m, "authentication_mode"), &a);
            c.bootstrap_cluster_creator_admin_permissions =
                boolean(a.attr(m, "bootstrap_cluster_creator_admin_permissions"), &a);
        }
        Ok(None) => {}
        Err(a) => {
            let a: Attr<String> = a;
            c.bootstrap_cluster_creator_admin_permissions =
                Attr::unknown(a.unknown_reason().unwrap_or_default().to_string(), a.origin.clone());
            c.authentication_mode = a;
        }
    }
    c.deletion_protection = boolean(v.attr(m, "deletion_protection"), v);
    c.upgrade_support_type = match first_block(v.blocks(m, "upgrade_policy")) {
        Ok(Some(u)) => string(u.attr(m, "support_type"), &u),
        Ok(None) => Attr::absent(v.origin()),
        Err(a) => a,
    };
    c.tags = tags(v.attr(m, "tags"), v);
    c
}

fn nodegroup(m: &Module<'_>, v: &View<'_>, address: String) -> EksNodegroup {
    let mut n = EksNodegroup::new(named_meta(
        m,
        v,
        KIND_EKS_NODEGROUP,
        "aws_eks_node_group",
        "node_group_name",
        address,
    ));
    n.cluster = reference(v.attr(m, "cluster_name"), v);
    n.name = string(v.attr(m, "node_group_name"), v);
    n.version = string(v.attr(m, "version"), v);
    n.release_version = string(v.attr(m, "release_version"), v);
    n.ami_type = string(v.attr(m, "ami_type"), v);
    n.remote_access = match first_block(v.blocks(m, "remote_access")) {
        Ok(Some(r)) => Attr::set(
            RemoteAccess {
                ec2_ssh_key: reference(r.attr(m, "ec2_ssh_key"), &r),
                source_security_groups: super::ec2::references(r.attr(m, "source_security_group_ids"), &r),
            },
            r.origin(),
        ),
        Ok(None) => Attr::absent(v.origin()),
        Err(a) => a,
    };
    n.tags = tags(v.attr(m, "tags"), v);
    n
}

fn access_entry(m: &Module<'_>, v: &View<'_>, address: String) -> EksAccessEntry {
    let mut e = EksAccessEntry::new(named_meta(
        m,
        v,
        KIND_EKS_ACCESS_ENTRY,
        "aws_eks_access_entry",
        "principal_arn",
        address,
    ));
    e.cluster = reference(v.attr(m, "cluster_name"), v);
    e.principal_arn = reference(v.attr(m, "principal_arn"), v);
    e.entry_type = string(v.attr(m, "type"), v);
    e.kubernetes_groups = strings(v.attr(m, "kubernetes_groups"), v);
    e.tags = tags(v.attr(m, "tags"), v);
    e
}

fn policy(m: &Module<'_>, v: &View<'_>) -> AccessPolicyAssociation {
    let scope = first_block(v.blocks(m, "access_scope"));
    let (scope_type, namespaces) = match scope {
        Ok(Some(s)) => (string(s.attr(m, "type"), &s), strings(s.attr(m, "namespaces"), &s)),
        Ok(None) => (Attr::absent(v.origin()), Attr::absent(v.origin())),
        Err(a) => {
            let a: Attr<String> = a;
            let ns = Attr::unknown(a.unknown_reason().unwrap_or_default().to_string(), a.origin.clone());
            (a, ns)
        }
    };
    AccessPolicyAssociation {
        policy_arn: string(v.attr(m, "policy_arn"), v),
        scope_type,
        namespaces,
    }
}

fn pod_identity(m: &Module<'_>, v: &View<'_>, address: String) -> EksPodIdentityAssociation {
    let mut a = EksPodIdentityAssociation::new(named_meta(
        m,
        v,
        KIND_EKS_POD_IDENTITY_ASSOCIATION,
        "aws_eks_pod_identity_association",
        "service_account",
        address,
    ));
    a.cluster = reference(v.attr(m, "cluster_name"), v);
    a.namespace = string(v.attr(m, "namespace"), v);
    a.service_account = string(v.attr(m, "service_account"), v);
    a.role_arn = reference(v.attr(m, "role_arn"), v);
    a.tags = tags(v.attr(m, "tags"), v);
    a
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;
    use mamori_model::Resource;
    use std::path::Path;

    fn line<T>(a: &mamori_model::Attr<T>) -> u32 {
        a.origin.location().unwrap().span.start_line
    }

    #[test]
    fn eks_blocks_with_their_lines() {
        let text = r#"variable "cidrs" {}

resource "aws_eks_cluster" "main" {
  name     = "prod"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  version  = "1.33"

  vpc_config {
    subnet_ids          = ["subnet-1", "subnet-2"]
    public_access_cidrs = var.cidrs
  }

  enabled_cluster_log_types = ["api", "audit"]

  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_node_group" "web" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "web"
  node_role_arn   = "arn:aws:iam::123456789012:role/node"
  subnet_ids      = ["subnet-1"]

  remote_access {
    ec2_ssh_key = "ops"
  }
}

resource "aws_eks_access_entry" "dev" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = "arn:aws:iam::123456789012:role/dev"
}

resource "aws_eks_access_policy_association" "dev_view" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_eks_access_entry.dev.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope {
    type       = "namespace"
    namespaces = ["dev"]
  }
}
"#;
        let f = SourceFile::new("main.tf", text);
        let out = super::super::load_module(Path::new("."), &[f], &[]);
        let Resource::EksCluster(c) = &out.resources[0] else {
            panic!("{:?}", out.resources)
        };
        assert_eq!(c.name.value().unwrap(), "prod");
        assert!(c.endpoint_public_access.is_absent());
        assert_eq!(line(&c.endpoint_public_access), 8);
        assert!(
            c.public_access_cidrs.is_unknown(),
            "a variable without a value is unknown"
        );
        assert_eq!(line(&c.public_access_cidrs), 10);
        assert!(c.logs("audit"));
        assert_eq!(c.authentication_mode.value().unwrap(), "API");
        let Resource::EksNodegroup(n) = &out.resources[1] else {
            panic!()
        };
        assert_eq!(n.cluster.value().unwrap(), "aws_eks_cluster.main");
        assert_eq!(n.name.value().unwrap(), "web");
        assert_eq!(line(&n.remote_access.value().unwrap().ec2_ssh_key), 27);
        let Resource::EksAccessEntry(e) = &out.resources[2] else {
            panic!()
        };
        let p = &e.access_policies.value().expect("the association is attached")[0];
        assert_eq!(p.scope_type.value().unwrap(), "namespace");
    }
}
