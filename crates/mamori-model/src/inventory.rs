//! All resources of one scan.

use crate::ec2::{Ec2SecurityGroup, Ec2SecurityGroupIngressRule};
use crate::ecr::{
    EcrLifecyclePolicy, EcrRegistryScanningConfiguration, EcrReplicationConfiguration, EcrRepository,
    EcrRepositoryPolicy, InspectorEnabler,
};
use crate::ecs::{EcsCluster, EcsService, EcsTaskSet};
use crate::ecs_task::{EcsCapacityProvider, EcsTaskDefinition};
use crate::eks::{EksAccessEntry, EksCluster, EksNodegroup, EksPodIdentityAssociation};
use crate::guardduty::GuardDutyDetector;
use crate::iam::{IamPolicy, IamRole, IamRolePolicy, IamRolePolicyAttachment};
use crate::k8s::{
    AwsAuthConfigMap, K8sNamespace, K8sNetworkPolicy, K8sRole, K8sRoleBinding, K8sServiceAccount, K8sWorkload,
};
use crate::kms::KmsKey;
use crate::logs::LogGroup;
use crate::resource::{Resource, ResourceMeta, SourceKind};
use crate::secretsmanager::SecretsManagerSecret;
use crate::ssm::SsmParameter;

/// The resources of a scan, from every source.
#[derive(Clone, Debug, Default)]
pub struct Inventory {
    resources: Vec<Resource>,
}

impl Inventory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a resource, filling in the service defaults for what it omits.
    pub fn push(&mut self, mut r: Resource) {
        r.apply_defaults();
        self.resources.push(r);
    }

    pub fn extend(&mut self, rs: impl IntoIterator<Item = Resource>) {
        for r in rs {
            self.push(r);
        }
    }

    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    pub fn len(&self) -> usize {
        self.resources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    pub fn dockerfiles(&self) -> impl Iterator<Item = &crate::dockerfile::Dockerfile> {
        self.resources.iter().filter_map(|r| match r {
            Resource::Dockerfile(d) => Some(d.as_ref()),
            _ => None,
        })
    }

    pub fn ecs_clusters(&self) -> impl Iterator<Item = &EcsCluster> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcsCluster(c) => Some(c),
            _ => None,
        })
    }

    pub fn ecs_services(&self) -> impl Iterator<Item = &EcsService> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcsService(s) => Some(s),
            _ => None,
        })
    }

    pub fn ecs_task_sets(&self) -> impl Iterator<Item = &EcsTaskSet> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcsTaskSet(t) => Some(t),
            _ => None,
        })
    }

    pub fn ecs_task_definitions(&self) -> impl Iterator<Item = &EcsTaskDefinition> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcsTaskDefinition(t) => Some(t),
            _ => None,
        })
    }

    pub fn ecs_capacity_providers(&self) -> impl Iterator<Item = &EcsCapacityProvider> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcsCapacityProvider(c) => Some(c),
            _ => None,
        })
    }

    /// The cluster a service or task set (`from`) names, when it is in the same scan: matched by
    /// Terraform address (`aws_ecs_cluster.main`), logical id, cluster name, or ARN, within
    /// `from`'s scope (see [`same_scope`]).
    pub fn find_cluster(&self, reference: &str, from: &ResourceMeta) -> Option<&EcsCluster> {
        pick(
            self.ecs_clusters().filter(|c| {
                c.meta.address == reference
                    || c.cluster_name.value().is_some_and(|n| n == reference)
                    || reference.ends_with(&format!(":cluster/{}", c.meta.name))
            }),
            |c| &c.meta,
            from,
        )
    }

    pub fn eks_clusters(&self) -> impl Iterator<Item = &EksCluster> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EksCluster(c) => Some(c),
            _ => None,
        })
    }

    pub fn eks_nodegroups(&self) -> impl Iterator<Item = &EksNodegroup> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EksNodegroup(n) => Some(n),
            _ => None,
        })
    }

    pub fn eks_access_entries(&self) -> impl Iterator<Item = &EksAccessEntry> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EksAccessEntry(e) => Some(e),
            _ => None,
        })
    }

    pub fn eks_pod_identity_associations(&self) -> impl Iterator<Item = &EksPodIdentityAssociation> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EksPodIdentityAssociation(a) => Some(a),
            _ => None,
        })
    }

    /// Pods and workload controllers.
    pub fn k8s_workloads(&self) -> impl Iterator<Item = &K8sWorkload> {
        self.resources.iter().filter_map(|r| match r {
            Resource::K8sWorkload(w) => Some(&**w),
            _ => None,
        })
    }

    pub fn k8s_namespaces(&self) -> impl Iterator<Item = &K8sNamespace> {
        self.resources.iter().filter_map(|r| match r {
            Resource::K8sNamespace(n) => Some(n),
            _ => None,
        })
    }

    /// The Namespace object with this name, when the scan declares one.
    pub fn k8s_namespace(&self, name: &str) -> Option<&K8sNamespace> {
        self.k8s_namespaces()
            .find(|n| n.metadata.name.value().is_some_and(|v| v == name))
    }

    pub fn k8s_service_accounts(&self) -> impl Iterator<Item = &K8sServiceAccount> {
        self.resources.iter().filter_map(|r| match r {
            Resource::K8sServiceAccount(s) => Some(s),
            _ => None,
        })
    }

    /// Roles and ClusterRoles.
    pub fn k8s_roles(&self) -> impl Iterator<Item = &K8sRole> {
        self.resources.iter().filter_map(|r| match r {
            Resource::K8sRole(x) => Some(x),
            _ => None,
        })
    }

    /// RoleBindings and ClusterRoleBindings.
    pub fn k8s_role_bindings(&self) -> impl Iterator<Item = &K8sRoleBinding> {
        self.resources.iter().filter_map(|r| match r {
            Resource::K8sRoleBinding(x) => Some(x),
            _ => None,
        })
    }

    pub fn k8s_network_policies(&self) -> impl Iterator<Item = &K8sNetworkPolicy> {
        self.resources.iter().filter_map(|r| match r {
            Resource::K8sNetworkPolicy(x) => Some(x),
            _ => None,
        })
    }

    pub fn aws_auth_config_maps(&self) -> impl Iterator<Item = &AwsAuthConfigMap> {
        self.resources.iter().filter_map(|r| match r {
            Resource::AwsAuthConfigMap(x) => Some(x),
            _ => None,
        })
    }

    pub fn iam_roles(&self) -> impl Iterator<Item = &IamRole> {
        self.resources.iter().filter_map(|r| match r {
            Resource::IamRole(x) => Some(x),
            _ => None,
        })
    }

    pub fn kms_keys(&self) -> impl Iterator<Item = &KmsKey> {
        self.resources.iter().filter_map(|r| match r {
            Resource::KmsKey(x) => Some(x),
            _ => None,
        })
    }

    pub fn log_groups(&self) -> impl Iterator<Item = &LogGroup> {
        self.resources.iter().filter_map(|r| match r {
            Resource::LogGroup(x) => Some(x),
            _ => None,
        })
    }

    pub fn guardduty_detectors(&self) -> impl Iterator<Item = &GuardDutyDetector> {
        self.resources.iter().filter_map(|r| match r {
            Resource::GuardDutyDetector(x) => Some(x),
            _ => None,
        })
    }

    pub fn iam_policies(&self) -> impl Iterator<Item = &IamPolicy> {
        self.resources.iter().filter_map(|r| match r {
            Resource::IamPolicy(x) => Some(x),
            _ => None,
        })
    }

    pub fn iam_role_policies(&self) -> impl Iterator<Item = &IamRolePolicy> {
        self.resources.iter().filter_map(|r| match r {
            Resource::IamRolePolicy(x) => Some(x),
            _ => None,
        })
    }

    pub fn iam_role_policy_attachments(&self) -> impl Iterator<Item = &IamRolePolicyAttachment> {
        self.resources.iter().filter_map(|r| match r {
            Resource::IamRolePolicyAttachment(x) => Some(x),
            _ => None,
        })
    }

    /// The customer-managed policy a reference names, when it is in the same scan: by
    /// Terraform address or logical id (within `from`'s scope), or by ARN.
    pub fn find_iam_policy(&self, reference: &str, from: &ResourceMeta) -> Option<&IamPolicy> {
        if reference.starts_with("arn:") {
            return pick(
                self.iam_policies().filter(|p| p.named_by_arn(reference)),
                |p| &p.meta,
                from,
            )
            .or_else(|| self.iam_policies().find(|p| p.named_by_arn(reference)));
        }
        pick(
            self.iam_policies().filter(|p| p.meta.address == reference),
            |p| &p.meta,
            from,
        )
    }

    /// Whether a reference from `from` (a role name, an ARN, a Terraform address or a logical
    /// id) names `role`.
    pub fn names_iam_role(&self, reference: &str, from: &ResourceMeta, role: &IamRole) -> bool {
        if reference.starts_with("arn:") {
            return role.named_by_arn(reference);
        }
        same_scope(from, &role.meta)
            && (role.meta.address == reference || role.name.value().is_some_and(|n| n == reference))
    }

    /// The IAM role a reference names, when it is in the same scan: by Terraform address or
    /// logical id (within `from`'s scope), or by ARN (the role's name and path).
    pub fn find_iam_role(&self, reference: &str, from: &ResourceMeta) -> Option<&IamRole> {
        if reference.starts_with("arn:") {
            return self.iam_roles().find(|r| r.named_by_arn(reference));
        }
        pick(
            self.iam_roles().filter(|r| r.meta.address == reference),
            |r| &r.meta,
            from,
        )
    }

    pub fn ec2_security_groups(&self) -> impl Iterator<Item = &Ec2SecurityGroup> {
        self.resources.iter().filter_map(|r| match r {
            Resource::Ec2SecurityGroup(x) => Some(x),
            _ => None,
        })
    }

    pub fn ec2_security_group_ingress_rules(&self) -> impl Iterator<Item = &Ec2SecurityGroupIngressRule> {
        self.resources.iter().filter_map(|r| match r {
            Resource::Ec2SecurityGroupIngressRule(x) => Some(x),
            _ => None,
        })
    }

    /// The security group a reference names, when it is in the same scan: by Terraform address
    /// or logical id (within `from`'s scope), or by group id (`sg-…`), ARN or group name.
    pub fn find_security_group(&self, reference: &str, from: &ResourceMeta) -> Option<&Ec2SecurityGroup> {
        pick(
            self.ec2_security_groups().filter(|g| g.named_by(reference)),
            |g| &g.meta,
            from,
        )
    }

    pub fn secrets_manager_secrets(&self) -> impl Iterator<Item = &SecretsManagerSecret> {
        self.resources.iter().filter_map(|r| match r {
            Resource::SecretsManagerSecret(x) => Some(x),
            _ => None,
        })
    }

    /// The Secrets Manager secret a reference names, when it is in the same scan: by Terraform
    /// address or logical id (within `from`'s scope), or by a full or partial secret ARN.
    pub fn find_secret(&self, reference: &str, from: &ResourceMeta) -> Option<&SecretsManagerSecret> {
        if reference.starts_with("arn:") {
            return pick(
                self.secrets_manager_secrets().filter(|s| s.named_by_arn(reference)),
                |s| &s.meta,
                from,
            );
        }
        pick(
            self.secrets_manager_secrets().filter(|s| s.meta.address == reference),
            |s| &s.meta,
            from,
        )
    }

    pub fn ssm_parameters(&self) -> impl Iterator<Item = &SsmParameter> {
        self.resources.iter().filter_map(|r| match r {
            Resource::SsmParameter(x) => Some(x),
            _ => None,
        })
    }

    /// The Parameter Store parameter a `valueFrom` names, when it is in the same scan: by
    /// Terraform address or logical id (within `from`'s scope), by name, or by ARN.
    pub fn find_ssm_parameter(&self, reference: &str, from: &ResourceMeta) -> Option<&SsmParameter> {
        pick(
            self.ssm_parameters()
                .filter(|p| p.meta.address == reference || p.named_by(reference)),
            |p| &p.meta,
            from,
        )
    }

    /// The EKS cluster a node group, access entry or association names, when it is in the same
    /// scan: by Terraform address or logical id, by cluster name, or by ARN.
    pub fn find_eks_cluster(&self, reference: &str, from: &ResourceMeta) -> Option<&EksCluster> {
        pick(
            self.eks_clusters().filter(|c| {
                c.meta.address == reference
                    || c.name.value().is_some_and(|n| n == reference)
                    || reference.ends_with(&format!(":cluster/{}", c.meta.name))
            }),
            |c| &c.meta,
            from,
        )
    }
}

impl Inventory {
    pub fn ecr_repositories(&self) -> impl Iterator<Item = &EcrRepository> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcrRepository(x) => Some(x),
            _ => None,
        })
    }

    pub fn ecr_repository_policies(&self) -> impl Iterator<Item = &EcrRepositoryPolicy> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcrRepositoryPolicy(x) => Some(x),
            _ => None,
        })
    }

    pub fn ecr_lifecycle_policies(&self) -> impl Iterator<Item = &EcrLifecyclePolicy> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcrLifecyclePolicy(x) => Some(x),
            _ => None,
        })
    }

    pub fn ecr_registry_scanning_configurations(&self) -> impl Iterator<Item = &EcrRegistryScanningConfiguration> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcrRegistryScanningConfiguration(x) => Some(x),
            _ => None,
        })
    }

    pub fn ecr_replication_configurations(&self) -> impl Iterator<Item = &EcrReplicationConfiguration> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcrReplicationConfiguration(x) => Some(x),
            _ => None,
        })
    }

    pub fn inspector_enablers(&self) -> impl Iterator<Item = &InspectorEnabler> {
        self.resources.iter().filter_map(|r| match r {
            Resource::InspectorEnabler(x) => Some(x),
            _ => None,
        })
    }

    /// The ECR repository a reference names, when it is in the same scan: by Terraform address
    /// or logical id (within `from`'s scope), by repository name, or by ARN.
    pub fn find_ecr_repository(&self, reference: &str, from: &ResourceMeta) -> Option<&EcrRepository> {
        pick(
            self.ecr_repositories().filter(|r| r.named_by(reference)),
            |r| &r.meta,
            from,
        )
    }

    /// The lifecycle policies of the scan that name `repo` (in its scope), and those whose
    /// repository is unknown (which may name it).
    pub fn ecr_lifecycle_policies_for<'a>(
        &'a self,
        repo: &'a EcrRepository,
    ) -> (Vec<&'a EcrLifecyclePolicy>, Vec<&'a EcrLifecyclePolicy>) {
        let mut named = Vec::new();
        let mut unknown = Vec::new();
        for p in self.ecr_lifecycle_policies() {
            if !same_scope(&p.meta, &repo.meta) {
                continue;
            }
            match p.repository.value() {
                Some(r) if repo.named_by(r) => named.push(p),
                Some(_) => {}
                None if p.repository.is_unknown() => unknown.push(p),
                None => {}
            }
        }
        (named, unknown)
    }
}

/// Whether a reference from `from` can mean `to`: a Terraform address or a CloudFormation logical
/// id means a resource of the same configuration (the root module's folder, see
/// [`ResourceMeta::scope`]) or template (file); two folders of one
/// repository often declare the same `aws_ecs_cluster.main`. API output names resources by ARN or
/// by name, which hold across files.
pub fn same_scope(from: &ResourceMeta, to: &ResourceMeta) -> bool {
    let file = |m: &ResourceMeta| m.origin.location().map(|l| l.path.to_string());
    let folder = |m: &ResourceMeta| {
        file(m).map(|p| match p.rfind('/') {
            Some(i) => p[..i].to_string(),
            None => String::new(),
        })
    };
    match from.source {
        // A module's resources are scoped by the root module that called them; two roots that
        // call the same module folder each have their own instances of its resources.
        SourceKind::Terraform => {
            let scope = |m: &ResourceMeta| m.scope.clone().or_else(|| folder(m));
            to.source == SourceKind::Terraform && scope(from) == scope(to)
        }
        // A nested stack's resources are scoped by the root template that deploys them.
        SourceKind::CloudFormation => {
            let scope = |m: &ResourceMeta| m.scope.clone().or_else(|| file(m));
            to.source == SourceKind::CloudFormation && scope(from) == scope(to)
        }
        _ => true,
    }
}

/// The first candidate in `from`'s scope; for a reference that holds across files (API output),
/// one in the same file first.
fn pick<'a, T>(
    candidates: impl Iterator<Item = &'a T>,
    meta: impl Fn(&T) -> &ResourceMeta,
    from: &ResourceMeta,
) -> Option<&'a T> {
    let same_file = |m: &ResourceMeta| m.origin.location().map(|l| &l.path) == from.origin.location().map(|l| &l.path);
    let mut fallback = None;
    for c in candidates {
        let m = meta(c);
        if !same_scope(from, m) {
            continue;
        }
        if same_file(m) {
            return Some(c);
        }
        fallback.get_or_insert(c);
    }
    fallback
}
