//! The resources of the model and what every resource carries.

use crate::attr::Attr;
use crate::dockerfile::Dockerfile;
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
use crate::secretsmanager::SecretsManagerSecret;
use crate::span::Origin;
use crate::ssm::SsmParameter;
use serde::Serialize;

/// Which kind of input a resource was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Terraform,
    CloudFormation,
    /// JSON printed by the AWS CLI (`describe-*`) or taken by it (`--cli-input-json`).
    AwsApiJson,
    /// A live AWS account read through its APIs.
    AwsLive,
    /// An eksctl `ClusterConfig` file (`apiVersion: eksctl.io/v1alpha5`).
    Eksctl,
    /// Kubernetes manifests (YAML or JSON; `kubectl get -o yaml` lists too).
    Kubernetes,
    /// A Dockerfile or Containerfile.
    Dockerfile,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Terraform => "terraform",
            SourceKind::CloudFormation => "cloudformation",
            SourceKind::AwsApiJson => "aws-api-json",
            SourceKind::AwsLive => "aws-live",
            SourceKind::Eksctl => "eksctl",
            SourceKind::Kubernetes => "kubernetes",
            SourceKind::Dockerfile => "dockerfile",
        }
    }
}

/// What every resource carries besides its own fields.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResourceMeta {
    /// The resource's type in AWS's own naming, the same for every source
    /// (`AWS::ECS::Cluster`); Kubernetes objects are `Kubernetes::<kind>` (`Kubernetes::Pod`).
    pub kind: &'static str,
    pub source: SourceKind,
    /// The type as the source spells it (`aws_ecs_cluster`, `AWS::ECS::Cluster`,
    /// `describe-clusters`).
    pub source_type: String,
    /// A human name: the resource's own name when known, else its address.
    pub name: String,
    /// Terraform address, CloudFormation logical id, or ARN.
    pub address: String,
    /// The block, document or API object that declares the resource.
    pub origin: Origin,
    /// Suppressions the resource's own definition declares (CloudFormation `Metadata`); comments
    /// are read from the source text, not here.
    pub ignores: Vec<Ignore>,
    /// What a Terraform address is relative to: the folder of the root module whose evaluation
    /// declared the resource. A module's resources are read once for every configuration that
    /// calls it, at addresses (`module.ecs.aws_ecs_cluster.this`) that only mean something within
    /// that configuration. `None`: the folder (Terraform) or file (CloudFormation) of `origin`.
    pub scope: Option<String>,
    /// For a Terraform resource read from a plan's JSON: the plan file. Its origins point into
    /// the configuration's `.tf` files when they are beside the plan, else into the plan.
    pub plan: Option<std::sync::Arc<str>>,
}

/// Which tool's syntax a suppression is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IgnoreSyntax {
    /// `mamori:ignore`, `Metadata.mamori.ignore`, the `mamori.io/ignore` annotation.
    Mamori,
    /// Checkov's `checkov:skip=` comment or `Metadata.checkov.skip`.
    Checkov,
    /// Trivy's `trivy:ignore:` comment.
    Trivy,
    /// KICS's `kics-scan ignore-line` / `ignore-block` comments.
    Kics,
}

/// A suppression declared with a resource: the rule, control or foreign check id it names, the
/// reason and the last day it holds, as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ignore {
    pub syntax: IgnoreSyntax,
    pub target: String,
    pub reason: Option<String>,
    pub until: Option<String>,
    pub origin: Origin,
}

/// A key/value tag.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tag {
    pub key: Attr<String>,
    pub value: Attr<String>,
}

/// Every resource the model knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resource {
    EcsCluster(EcsCluster),
    EcsService(EcsService),
    EcsTaskSet(EcsTaskSet),
    EcsTaskDefinition(EcsTaskDefinition),
    EcsCapacityProvider(EcsCapacityProvider),
    EksCluster(EksCluster),
    EksNodegroup(EksNodegroup),
    EksAccessEntry(EksAccessEntry),
    EksPodIdentityAssociation(EksPodIdentityAssociation),
    /// A Pod or a workload controller (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
    /// CronJob, ReplicationController).
    K8sWorkload(Box<K8sWorkload>),
    K8sNamespace(K8sNamespace),
    K8sServiceAccount(K8sServiceAccount),
    /// A Role or a ClusterRole.
    K8sRole(K8sRole),
    /// A RoleBinding or a ClusterRoleBinding.
    K8sRoleBinding(K8sRoleBinding),
    K8sNetworkPolicy(K8sNetworkPolicy),
    /// The `kube-system/aws-auth` ConfigMap of EKS.
    AwsAuthConfigMap(AwsAuthConfigMap),
    /// An IAM role, with its trust policy.
    IamRole(IamRole),
    EcrRepository(EcrRepository),
    EcrRepositoryPolicy(EcrRepositoryPolicy),
    EcrLifecyclePolicy(EcrLifecyclePolicy),
    EcrRegistryScanningConfiguration(EcrRegistryScanningConfiguration),
    EcrReplicationConfiguration(EcrReplicationConfiguration),
    /// Amazon Inspector's activation, which says whether ECR images are scanned.
    InspectorEnabler(InspectorEnabler),
    /// An EC2 security group with the inbound permissions written inside it.
    Ec2SecurityGroup(Ec2SecurityGroup),
    /// An inbound security group rule declared apart from its group.
    Ec2SecurityGroupIngressRule(Ec2SecurityGroupIngressRule),
    /// A Dockerfile with its build stages.
    Dockerfile(Box<Dockerfile>),
    KmsKey(KmsKey),
    LogGroup(LogGroup),
    GuardDutyDetector(GuardDutyDetector),
    /// A customer-managed IAM policy.
    IamPolicy(IamPolicy),
    /// An inline policy declared as a resource of its own.
    IamRolePolicy(IamRolePolicy),
    /// A managed policy attached to roles by a resource of its own.
    IamRolePolicyAttachment(IamRolePolicyAttachment),
    /// A Secrets Manager secret (the KMS key that encrypts it).
    SecretsManagerSecret(SecretsManagerSecret),
    /// A Parameter Store parameter (its type and KMS key).
    SsmParameter(SsmParameter),
}

impl Resource {
    pub fn meta_mut(&mut self) -> &mut ResourceMeta {
        match self {
            Resource::EcsCluster(r) => &mut r.meta,
            Resource::EcsService(r) => &mut r.meta,
            Resource::EcsTaskSet(r) => &mut r.meta,
            Resource::EcsTaskDefinition(r) => &mut r.meta,
            Resource::EcsCapacityProvider(r) => &mut r.meta,
            Resource::EksCluster(r) => &mut r.meta,
            Resource::EksNodegroup(r) => &mut r.meta,
            Resource::EksAccessEntry(r) => &mut r.meta,
            Resource::EksPodIdentityAssociation(r) => &mut r.meta,
            Resource::K8sWorkload(r) => &mut r.meta,
            Resource::K8sNamespace(r) => &mut r.meta,
            Resource::K8sServiceAccount(r) => &mut r.meta,
            Resource::K8sRole(r) => &mut r.meta,
            Resource::K8sRoleBinding(r) => &mut r.meta,
            Resource::K8sNetworkPolicy(r) => &mut r.meta,
            Resource::AwsAuthConfigMap(r) => &mut r.meta,
            Resource::IamRole(r) => &mut r.meta,
            Resource::EcrRepository(r) => &mut r.meta,
            Resource::EcrRepositoryPolicy(r) => &mut r.meta,
            Resource::EcrLifecyclePolicy(r) => &mut r.meta,
            Resource::EcrRegistryScanningConfiguration(r) => &mut r.meta,
            Resource::EcrReplicationConfiguration(r) => &mut r.meta,
            Resource::InspectorEnabler(r) => &mut r.meta,
            Resource::Ec2SecurityGroup(r) => &mut r.meta,
            Resource::Ec2SecurityGroupIngressRule(r) => &mut r.meta,
            Resource::Dockerfile(r) => &mut r.meta,
            Resource::KmsKey(r) => &mut r.meta,
            Resource::LogGroup(r) => &mut r.meta,
            Resource::GuardDutyDetector(r) => &mut r.meta,
            Resource::IamPolicy(r) => &mut r.meta,
            Resource::IamRolePolicy(r) => &mut r.meta,
            Resource::IamRolePolicyAttachment(r) => &mut r.meta,
            Resource::SecretsManagerSecret(r) => &mut r.meta,
            Resource::SsmParameter(r) => &mut r.meta,
        }
    }

    pub fn meta(&self) -> &ResourceMeta {
        match self {
            Resource::EcsCluster(r) => &r.meta,
            Resource::EcsService(r) => &r.meta,
            Resource::EcsTaskSet(r) => &r.meta,
            Resource::EcsTaskDefinition(r) => &r.meta,
            Resource::EcsCapacityProvider(r) => &r.meta,
            Resource::EksCluster(r) => &r.meta,
            Resource::EksNodegroup(r) => &r.meta,
            Resource::EksAccessEntry(r) => &r.meta,
            Resource::EksPodIdentityAssociation(r) => &r.meta,
            Resource::K8sWorkload(r) => &r.meta,
            Resource::K8sNamespace(r) => &r.meta,
            Resource::K8sServiceAccount(r) => &r.meta,
            Resource::K8sRole(r) => &r.meta,
            Resource::K8sRoleBinding(r) => &r.meta,
            Resource::K8sNetworkPolicy(r) => &r.meta,
            Resource::AwsAuthConfigMap(r) => &r.meta,
            Resource::IamRole(r) => &r.meta,
            Resource::EcrRepository(r) => &r.meta,
            Resource::EcrRepositoryPolicy(r) => &r.meta,
            Resource::EcrLifecyclePolicy(r) => &r.meta,
            Resource::EcrRegistryScanningConfiguration(r) => &r.meta,
            Resource::EcrReplicationConfiguration(r) => &r.meta,
            Resource::InspectorEnabler(r) => &r.meta,
            Resource::Ec2SecurityGroup(r) => &r.meta,
            Resource::Ec2SecurityGroupIngressRule(r) => &r.meta,
            Resource::Dockerfile(r) => &r.meta,
            Resource::KmsKey(r) => &r.meta,
            Resource::LogGroup(r) => &r.meta,
            Resource::GuardDutyDetector(r) => &r.meta,
            Resource::IamPolicy(r) => &r.meta,
            Resource::IamRolePolicy(r) => &r.meta,
            Resource::IamRolePolicyAttachment(r) => &r.meta,
            Resource::SecretsManagerSecret(r) => &r.meta,
            Resource::SsmParameter(r) => &r.meta,
        }
    }

    /// Fills in the documented service defaults for omitted values. Every adapter's output goes
    /// through this once, so defaults are decided in one place for all sources.
    pub fn apply_defaults(&mut self) {
        match self {
            Resource::EcsCluster(r) => r.apply_defaults(),
            Resource::EcsService(r) => r.apply_defaults(),
            Resource::EcsTaskSet(r) => r.apply_defaults(),
            Resource::EcsTaskDefinition(r) => r.apply_defaults(),
            Resource::EcsCapacityProvider(r) => r.apply_defaults(),
            Resource::EksCluster(r) => r.apply_defaults(),
            Resource::EksNodegroup(r) => r.apply_defaults(),
            Resource::EksAccessEntry(r) => r.apply_defaults(),
            Resource::EksPodIdentityAssociation(_) => {}
            Resource::K8sWorkload(r) => r.apply_defaults(),
            Resource::K8sNamespace(r) => r.apply_defaults(),
            Resource::K8sServiceAccount(r) => r.apply_defaults(),
            Resource::K8sRole(r) => r.apply_defaults(),
            Resource::K8sRoleBinding(r) => r.apply_defaults(),
            Resource::K8sNetworkPolicy(r) => r.apply_defaults(),
            Resource::AwsAuthConfigMap(r) => r.apply_defaults(),
            Resource::IamRole(r) => r.apply_defaults(),
            Resource::EcrRepository(r) => r.apply_defaults(),
            Resource::EcrRegistryScanningConfiguration(r) => r.apply_defaults(),
            Resource::InspectorEnabler(r) => r.apply_defaults(),
            Resource::EcrRepositoryPolicy(_)
            | Resource::EcrLifecyclePolicy(_)
            | Resource::EcrReplicationConfiguration(_) => {}
            // EC2 has no default for what a permission omits: an omitted source admits nobody.
            Resource::Ec2SecurityGroup(_) | Resource::Ec2SecurityGroupIngressRule(_) => {}
            Resource::Dockerfile(_) => {}
            Resource::KmsKey(r) => r.apply_defaults(),
            Resource::LogGroup(r) => r.apply_defaults(),
            Resource::GuardDutyDetector(r) => r.apply_defaults(),
            Resource::IamPolicy(r) => r.apply_defaults(),
            Resource::IamRolePolicy(_) | Resource::IamRolePolicyAttachment(_) => {}
            Resource::SecretsManagerSecret(_) | Resource::SsmParameter(_) => {}
        }
    }
}
