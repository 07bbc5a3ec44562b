//! Amazon EKS, the AWS side: clusters, managed node groups, access entries and Pod Identity
//! associations.
//!
//! Field names follow the EKS API (`describe-cluster`, `describe-nodegroup`), in snake case.
//! Every source spells them its own way (Terraform `vpc_config.endpoint_public_access`,
//! CloudFormation `ResourcesVpcConfig.EndpointPublicAccess`, eksctl
//! `vpc.clusterEndpoints.publicAccess`); adapters map them here.

use crate::attr::{Attr, State};
use crate::resource::{ResourceMeta, SourceKind, Tag};

pub const KIND_EKS_CLUSTER: &str = "AWS::EKS::Cluster";
pub const KIND_EKS_NODEGROUP: &str = "AWS::EKS::Nodegroup";
pub const KIND_EKS_ACCESS_ENTRY: &str = "AWS::EKS::AccessEntry";
pub const KIND_EKS_POD_IDENTITY_ASSOCIATION: &str = "AWS::EKS::PodIdentityAssociation";

/// The public endpoint's default allow-list when the public endpoint is on.
pub const ANYWHERE_V4: &str = "0.0.0.0/0";

/// An EKS cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EksCluster {
    pub meta: ResourceMeta,
    pub name: Attr<String>,
    /// The Kubernetes minor version (`1.31`). Omitted in IaC means the version EKS picks at
    /// creation; there is no default to apply.
    pub version: Attr<String>,
    /// `resourcesVpcConfig.endpointPublicAccess`. Defaults to `true`.
    pub endpoint_public_access: Attr<bool>,
    /// `resourcesVpcConfig.endpointPrivateAccess`. Defaults to `false`.
    pub endpoint_private_access: Attr<bool>,
    /// `resourcesVpcConfig.publicAccessCidrs`. Defaults to `["0.0.0.0/0"]` while the public
    /// endpoint is on.
    pub public_access_cidrs: Attr<Vec<Attr<String>>>,
    /// `resourcesVpcConfig.securityGroupIds`: the extra security groups of the control plane's
    /// network interfaces, as ids or references to groups of the same scan.
    pub security_group_ids: Attr<Vec<Attr<String>>>,
    /// `resourcesVpcConfig.clusterSecurityGroupId`: the group EKS creates (API output only).
    pub cluster_security_group_id: Attr<String>,
    /// `encryptionConfig`: envelope encryption of Kubernetes resources with a KMS key.
    pub encryption_config: Attr<Vec<EncryptionConfig>>,
    /// The control-plane log types turned on (`logging.clusterLogging[?enabled].types`), each
    /// with the text that turned it on. Absent when none is.
    pub enabled_log_types: Attr<Vec<Attr<String>>>,
    /// `accessConfig.authenticationMode`: `API`, `API_AND_CONFIG_MAP` or `CONFIG_MAP`. The
    /// default depends on the tool that creates the cluster (see `apply_defaults`).
    pub authentication_mode: Attr<String>,
    /// `accessConfig.bootstrapClusterCreatorAdminPermissions`. Not defaulted: the API says
    /// `true`, the Terraform provider `false` inside `access_config`.
    pub bootstrap_cluster_creator_admin_permissions: Attr<bool>,
    /// `deletionProtection`. Defaults to `false`.
    pub deletion_protection: Attr<bool>,
    /// `upgradePolicy.supportType`: `STANDARD` or `EXTENDED`. Defaults to `EXTENDED`.
    pub upgrade_support_type: Attr<String>,
    pub tags: Attr<Vec<Tag>>,
}

/// One entry of `encryptionConfig`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptionConfig {
    /// `resources`: `["secrets"]` is the only value EKS takes.
    pub resources: Attr<Vec<Attr<String>>>,
    /// `provider.keyArn`.
    pub key_arn: Attr<String>,
}

/// An EKS managed node group (or an eksctl self-managed node group, which `managed` tells).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EksNodegroup {
    pub meta: ResourceMeta,
    /// The cluster it belongs to: a name, or the address of a cluster in the same scan.
    pub cluster: Attr<String>,
    pub name: Attr<String>,
    /// The Kubernetes version of the nodes. Omitted means the cluster's version.
    pub version: Attr<String>,
    pub release_version: Attr<String>,
    pub ami_type: Attr<String>,
    /// `remoteAccess`: SSH to the nodes. Absent when not configured.
    pub remote_access: Attr<RemoteAccess>,
    /// Whether EKS manages the node group (`false` for eksctl `nodeGroups`, which are
    /// Auto Scaling groups eksctl creates itself).
    pub managed: bool,
    /// eksctl's `privateNetworking`: the nodes have no public address, and eksctl then opens
    /// SSH to the VPC only.
    pub private_networking: Attr<bool>,
    pub tags: Attr<Vec<Tag>>,
}

/// `remoteAccess` of a node group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteAccess {
    /// `ec2SshKey`: the EC2 key pair name (eksctl: the key it imports or names).
    pub ec2_ssh_key: Attr<String>,
    /// `sourceSecurityGroups`: who may reach port 22. Without them EKS opens port 22 to the
    /// internet.
    pub source_security_groups: Attr<Vec<Attr<String>>>,
}

/// An access entry: an IAM principal let into the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EksAccessEntry {
    pub meta: ResourceMeta,
    pub cluster: Attr<String>,
    pub principal_arn: Attr<String>,
    /// `type`: `STANDARD` (the default), `EC2_LINUX`, `EC2_WINDOWS`, `FARGATE_LINUX`, `EC2`,
    /// `HYBRID_LINUX`, `HYPERPOD_LINUX`.
    pub entry_type: Attr<String>,
    pub kubernetes_groups: Attr<Vec<Attr<String>>>,
    /// Access policies associated with the entry (CloudFormation `AccessPolicies`, Terraform
    /// `aws_eks_access_policy_association`, eksctl `accessPolicies`).
    pub access_policies: Attr<Vec<AccessPolicyAssociation>>,
    pub tags: Attr<Vec<Tag>>,
}

/// An access policy associated with an access entry, and its scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessPolicyAssociation {
    pub policy_arn: Attr<String>,
    /// `accessScope.type`: `cluster` or `namespace`.
    pub scope_type: Attr<String>,
    pub namespaces: Attr<Vec<Attr<String>>>,
}

/// An EKS Pod Identity association: a service account's IAM role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EksPodIdentityAssociation {
    pub meta: ResourceMeta,
    pub cluster: Attr<String>,
    pub namespace: Attr<String>,
    pub service_account: Attr<String>,
    pub role_arn: Attr<String>,
    pub tags: Attr<Vec<Tag>>,
}

impl EksCluster {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        EksCluster {
            meta,
            name: Attr::absent(o.clone()),
            version: Attr::absent(o.clone()),
            endpoint_public_access: Attr::absent(o.clone()),
            endpoint_private_access: Attr::absent(o.clone()),
            public_access_cidrs: Attr::absent(o.clone()),
            security_group_ids: Attr::absent(o.clone()),
            cluster_security_group_id: Attr::absent(o.clone()),
            encryption_config: Attr::absent(o.clone()),
            enabled_log_types: Attr::absent(o.clone()),
            authentication_mode: Attr::absent(o.clone()),
            bootstrap_cluster_creator_admin_permissions: Attr::absent(o.clone()),
            deletion_protection: Attr::absent(o.clone()),
            upgrade_support_type: Attr::absent(o.clone()),
            tags: Attr::absent(o),
        }
    }

    /// The defaults of `CreateCluster`, and eksctl's own where eksctl decides differently.
    pub fn apply_defaults(&mut self) {
        // VpcConfigRequest: endpointPublicAccess true, endpointPrivateAccess false; eksctl
        // documents the same (public=true, private=false).
        self.endpoint_public_access.or_default_to(true);
        self.endpoint_private_access.or_default_to(false);
        // "The default value is 0.0.0.0/0" — and it only means something while the public
        // endpoint may be on. The default points where the CIDRs would be written.
        if !matches!(
            self.endpoint_public_access.state,
            State::Set(false) | State::Default(false)
        ) && self.public_access_cidrs.is_absent()
        {
            let origin = self.public_access_cidrs.origin.clone();
            self.public_access_cidrs.state = State::Default(vec![Attr {
                state: State::Default(ANYWHERE_V4.to_string()),
                origin,
            }]);
        }
        // CreateAccessConfigRequest: "If you create a cluster by using the EKS API, AWS SDKs, or
        // AWS CloudFormation, the default is CONFIG_MAP" (the console picks
        // API_AND_CONFIG_MAP). Terraform sends nothing when `access_config` is omitted, so the
        // API's default holds. eksctl fills in API_AND_CONFIG_MAP itself.
        let mode = if self.meta.source == SourceKind::Eksctl {
            "API_AND_CONFIG_MAP"
        } else {
            "CONFIG_MAP"
        };
        self.authentication_mode.or_default_to(mode.to_string());
        self.deletion_protection.or_default_to(false);
        // UpgradePolicyRequest: "The default value is EXTENDED."
        self.upgrade_support_type.or_default_to("EXTENDED".to_string());
    }

    /// The audit log type is on.
    pub fn logs(&self, log_type: &str) -> bool {
        self.enabled_log_types
            .value()
            .is_some_and(|ts| ts.iter().any(|t| t.value().is_some_and(|v| v == log_type)))
    }
}

impl EksNodegroup {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        EksNodegroup {
            meta,
            cluster: Attr::absent(o.clone()),
            name: Attr::absent(o.clone()),
            version: Attr::absent(o.clone()),
            release_version: Attr::absent(o.clone()),
            ami_type: Attr::absent(o.clone()),
            remote_access: Attr::absent(o.clone()),
            managed: true,
            private_networking: Attr::absent(o.clone()),
            tags: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        if self.meta.source == SourceKind::Eksctl {
            self.private_networking.or_default_to(false);
        }
    }
}

impl EksAccessEntry {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        EksAccessEntry {
            meta,
            cluster: Attr::absent(o.clone()),
            principal_arn: Attr::absent(o.clone()),
            entry_type: Attr::absent(o.clone()),
            kubernetes_groups: Attr::absent(o.clone()),
            access_policies: Attr::absent(o.clone()),
            tags: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        // CreateAccessEntry: "If you don't specify a type, the default is STANDARD."
        self.entry_type.or_default_to("STANDARD".to_string());
    }
}

impl EksPodIdentityAssociation {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        EksPodIdentityAssociation {
            meta,
            cluster: Attr::absent(o.clone()),
            namespace: Attr::absent(o.clone()),
            service_account: Attr::absent(o.clone()),
            role_arn: Attr::absent(o.clone()),
            tags: Attr::absent(o),
        }
    }
}

/// A Kubernetes minor version written as `1.31` (a patch, `1.31.2`, or a leading `v` is
/// tolerated); `None` when it is not one.
pub fn parse_minor_version(v: &str) -> Option<(u32, u32)> {
    let v = v.trim().trim_start_matches(['v', 'V']);
    let mut parts = v.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    if parts.next().is_some_and(|p| p.parse::<u32>().is_err()) {
        return None;
    }
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Origin;

    fn meta(source: SourceKind) -> ResourceMeta {
        ResourceMeta {
            kind: KIND_EKS_CLUSTER,
            source,
            source_type: "t".into(),
            name: "c".into(),
            address: "c".into(),
            origin: Origin::Synthetic,
            ignores: Vec::new(),
            scope: None,
            plan: None,
        }
    }

    #[test]
    fn api_defaults_and_eksctl_authentication_mode() {
        let mut c = EksCluster::new(meta(SourceKind::CloudFormation));
        c.apply_defaults();
        assert_eq!(c.endpoint_public_access.value(), Some(&true));
        assert_eq!(c.endpoint_private_access.value(), Some(&false));
        let cidrs = c.public_access_cidrs.value().unwrap();
        assert_eq!(cidrs[0].value().map(String::as_str), Some(ANYWHERE_V4));
        assert_eq!(c.authentication_mode.value().map(String::as_str), Some("CONFIG_MAP"));
        assert_eq!(c.deletion_protection.value(), Some(&false));
        assert!(c.bootstrap_cluster_creator_admin_permissions.is_absent());

        let mut e = EksCluster::new(meta(SourceKind::Eksctl));
        e.apply_defaults();
        assert_eq!(
            e.authentication_mode.value().map(String::as_str),
            Some("API_AND_CONFIG_MAP")
        );

        // A private-only cluster gets no default allow-list.
        let mut p = EksCluster::new(meta(SourceKind::Terraform));
        p.endpoint_public_access = Attr::set(false, Origin::Synthetic);
        p.apply_defaults();
        assert!(p.public_access_cidrs.is_absent());
    }

    #[test]
    fn minor_versions() {
        assert_eq!(parse_minor_version("1.31"), Some((1, 31)));
        assert_eq!(parse_minor_version("v1.29.3"), Some((1, 29)));
        assert_eq!(parse_minor_version(" 1.30 "), Some((1, 30)));
        assert_eq!(parse_minor_version("latest"), None);
        assert_eq!(parse_minor_version("1"), None);
        assert_eq!(parse_minor_version("1.x"), None);
    }
}
