//! EKS resources of a template: `AWS::EKS::Cluster`, `AWS::EKS::Nodegroup`,
//! `AWS::EKS::AccessEntry` and `AWS::EKS::PodIdentityAssociation`.

use super::resources::{Decl, bool_attr, flat, list, object, ref_attr, str_attr, str_list_attr, tags};
use super::value::{Kind, Val};
use crate::source::SourceFile;
use mamori_model::eks::{
    AccessPolicyAssociation, EksAccessEntry, EksCluster, EksNodegroup, EksPodIdentityAssociation, EncryptionConfig,
    KIND_EKS_ACCESS_ENTRY, KIND_EKS_CLUSTER, KIND_EKS_NODEGROUP, KIND_EKS_POD_IDENTITY_ASSOCIATION, RemoteAccess,
};
use mamori_model::resource::Tag;
use mamori_model::{Attr, Resource, Span};

pub const CLUSTER: &str = "AWS::EKS::Cluster";
pub const NODEGROUP: &str = "AWS::EKS::Nodegroup";
pub const ACCESS_ENTRY: &str = "AWS::EKS::AccessEntry";
pub const POD_IDENTITY: &str = "AWS::EKS::PodIdentityAssociation";

/// The EKS resource types read.
pub const TYPES: &[&str] = &[CLUSTER, NODEGROUP, ACCESS_ENTRY, POD_IDENTITY];

pub fn resource(d: &Decl<'_>) -> Resource {
    match d.type_name {
        CLUSTER => Resource::EksCluster(cluster(d)),
        NODEGROUP => Resource::EksNodegroup(nodegroup(d)),
        ACCESS_ENTRY => Resource::EksAccessEntry(access_entry(d)),
        _ => Resource::EksPodIdentityAssociation(pod_identity(d)),
    }
}

fn cluster(d: &Decl<'_>) -> EksCluster {
    let f = d.file;
    let parent = d.parent();
    let name = str_attr(f, d.prop("Name"), parent);
    let mut c = EksCluster::new(d.meta(KIND_EKS_CLUSTER, &name));
    c.name = name;
    c.version = str_attr(f, d.prop("Version"), parent);
    let vpc = d.prop("ResourcesVpcConfig");
    let inner = |key: &str| -> (Option<&Val>, Span) {
        match vpc {
            Some(v) if v.is_map() => (v.get(key), v.span),
            // Not a mapping (or unknown): every field reads from it, and is unknown.
            Some(v) => (Some(v), v.span),
            None => (None, parent),
        }
    };
    let (v, p) = inner("EndpointPublicAccess");
    c.endpoint_public_access = bool_attr(f, v, p);
    let (v, p) = inner("EndpointPrivateAccess");
    c.endpoint_private_access = bool_attr(f, v, p);
    let (v, p) = inner("PublicAccessCidrs");
    c.public_access_cidrs = str_list_attr(f, v, p);
    let (v, p) = inner("SecurityGroupIds");
    c.security_group_ids = super::ec2::ref_list_attr(f, v, p);
    c.encryption_config = list(f, d.prop("EncryptionConfig"), parent, |e| EncryptionConfig {
        resources: str_list_attr(f, e.get("Resources"), e.span),
        key_arn: flat(f, e.get("Provider"), e.span, |p| ref_attr(f, p.get("KeyArn"), p.span)),
    });
    c.enabled_log_types = flat(f, d.prop("Logging"), parent, |l| {
        flat(f, l.get("ClusterLogging"), l.span, |cl| {
            list(f, cl.get("EnabledTypes"), cl.span, |t| {
                str_attr(f, t.get("Type"), t.span)
            })
        })
    });
    let access = d.prop("AccessConfig");
    c.authentication_mode = flat(f, access, parent, |a| str_attr(f, a.get("AuthenticationMode"), a.span));
    c.bootstrap_cluster_creator_admin_permissions = flat(f, access, parent, |a| {
        bool_attr(f, a.get("BootstrapClusterCreatorAdminPermissions"), a.span)
    });
    c.deletion_protection = bool_attr(f, d.prop("DeletionProtection"), parent);
    c.upgrade_support_type = flat(f, d.prop("UpgradePolicy"), parent, |u| {
        str_attr(f, u.get("SupportType"), u.span)
    });
    c.tags = tags(f, d.prop("Tags"), parent);
    c
}

fn nodegroup(d: &Decl<'_>) -> EksNodegroup {
    let f = d.file;
    let parent = d.parent();
    let name = str_attr(f, d.prop("NodegroupName"), parent);
    let mut n = EksNodegroup::new(d.meta(KIND_EKS_NODEGROUP, &name));
    n.name = name;
    n.cluster = ref_attr(f, d.prop("ClusterName"), parent);
    n.version = str_attr(f, d.prop("Version"), parent);
    n.release_version = str_attr(f, d.prop("ReleaseVersion"), parent);
    n.ami_type = str_attr(f, d.prop("AmiType"), parent);
    n.remote_access = object(f, d.prop("RemoteAccess"), parent, |r| RemoteAccess {
        ec2_ssh_key: str_attr(f, r.get("Ec2SshKey"), r.span),
        source_security_groups: super::ec2::ref_list_attr(f, r.get("SourceSecurityGroups"), r.span),
    });
    // A node group's Tags are a mapping of keys to values, unlike the cluster's list.
    n.tags = map_or_list_tags(f, d.prop("Tags"), parent);
    n
}

fn access_entry(d: &Decl<'_>) -> EksAccessEntry {
    let f = d.file;
    let parent = d.parent();
    let principal = ref_attr(f, d.prop("PrincipalArn"), parent);
    let mut e = EksAccessEntry::new(d.meta(KIND_EKS_ACCESS_ENTRY, &principal));
    e.principal_arn = principal;
    e.cluster = ref_attr(f, d.prop("ClusterName"), parent);
    e.entry_type = str_attr(f, d.prop("Type"), parent);
    e.kubernetes_groups = str_list_attr(f, d.prop("KubernetesGroups"), parent);
    e.access_policies = list(f, d.prop("AccessPolicies"), parent, |p| {
        let scope = p.get("AccessScope");
        AccessPolicyAssociation {
            policy_arn: str_attr(f, p.get("PolicyArn"), p.span),
            scope_type: flat(f, scope, p.span, |s| str_attr(f, s.get("Type"), s.span)),
            namespaces: flat(f, scope, p.span, |s| str_list_attr(f, s.get("Namespaces"), s.span)),
        }
    });
    e.tags = tags(f, d.prop("Tags"), parent);
    e
}

fn pod_identity(d: &Decl<'_>) -> EksPodIdentityAssociation {
    let f = d.file;
    let parent = d.parent();
    let sa = str_attr(f, d.prop("ServiceAccount"), parent);
    let mut a = EksPodIdentityAssociation::new(d.meta(KIND_EKS_POD_IDENTITY_ASSOCIATION, &sa));
    a.service_account = sa;
    a.cluster = ref_attr(f, d.prop("ClusterName"), parent);
    a.namespace = str_attr(f, d.prop("Namespace"), parent);
    a.role_arn = ref_attr(f, d.prop("RoleArn"), parent);
    a.tags = tags(f, d.prop("Tags"), parent);
    a
}

/// Tags written as a mapping (`Key: value`), or as the usual list of `Key`/`Value` pairs.
fn map_or_list_tags(f: &SourceFile, v: Option<&Val>, parent: Span) -> Attr<Vec<Tag>> {
    match v {
        Some(Val {
            kind: Kind::Map(entries),
            span,
        }) => Attr::set(
            entries
                .iter()
                .map(|(k, val)| Tag {
                    key: Attr::set(k.text.clone(), f.origin_of(k.span)),
                    value: str_attr(f, Some(val), k.span),
                })
                .collect(),
            f.origin_of(*span),
        ),
        _ => tags(f, v, parent),
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;
    use crate::tree::parse_yaml;
    use mamori_model::Resource;

    fn line<T>(a: &mamori_model::Attr<T>) -> u32 {
        a.origin.location().unwrap().span.start_line
    }

    #[test]
    fn cluster_and_nodegroup_properties_with_their_lines() {
        let text = "Resources:\n  Cluster:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: prod\n      Version: \"1.33\"\n      RoleArn: arn:aws:iam::123456789012:role/eks\n      ResourcesVpcConfig:\n        SubnetIds: [subnet-1, subnet-2]\n        EndpointPrivateAccess: true\n      Logging:\n        ClusterLogging:\n          EnabledTypes:\n            - Type: api\n            - Type: audit\n      EncryptionConfig:\n        - Resources: [secrets]\n          Provider:\n            KeyArn: !GetAtt Key.Arn\n  Nodes:\n    Type: AWS::EKS::Nodegroup\n    Properties:\n      ClusterName: !Ref Cluster\n      NodeRole: arn:aws:iam::123456789012:role/node\n      Subnets: [subnet-1]\n      RemoteAccess:\n        Ec2SshKey: ops\n      Tags:\n        team: platform\n";
        let f = SourceFile::new("t.yaml", text);
        let doc = parse_yaml(&f).unwrap().remove(0);
        let out = super::super::adapt(&f, &doc);
        let Resource::EksCluster(c) = &out.resources[0] else {
            panic!("{:?}", out.resources)
        };
        assert_eq!(c.version.value().unwrap(), "1.33");
        assert!(c.endpoint_public_access.is_absent());
        assert_eq!(
            line(&c.endpoint_public_access),
            9,
            "an omitted field points at its mapping"
        );
        assert_eq!(line(&c.endpoint_private_access), 10);
        assert!(c.logs("audit") && !c.logs("scheduler"));
        let enc = &c.encryption_config.value().unwrap()[0];
        assert!(enc.key_arn.is_unknown(), "a key outside the template is not known");
        let Resource::EksNodegroup(n) = &out.resources[1] else {
            panic!()
        };
        assert_eq!(n.cluster.value().unwrap(), "Cluster");
        let ra = n.remote_access.value().unwrap();
        assert_eq!(line(&ra.ec2_ssh_key), 27);
        assert!(ra.source_security_groups.is_absent());
        assert_eq!(n.tags.value().unwrap()[0].key.value().unwrap(), "team");
    }
}
