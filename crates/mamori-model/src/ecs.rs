//! Amazon ECS: clusters, services and task sets.
//!
//! Field names follow the ECS API (`describe-*` output), in snake case.

use crate::attr::{Attr, State};
use crate::resource::{ResourceMeta, Tag};

pub const KIND_CLUSTER: &str = "AWS::ECS::Cluster";
pub const KIND_SERVICE: &str = "AWS::ECS::Service";
pub const KIND_TASK_SET: &str = "AWS::ECS::TaskSet";

/// An ECS cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcsCluster {
    pub meta: ResourceMeta,
    pub cluster_name: Attr<String>,
    /// `settings` (`containerInsights`). Absent when the cluster declares none.
    pub settings: Attr<Vec<ClusterSetting>>,
    /// `configuration.executeCommandConfiguration`.
    pub execute_command: Attr<ExecuteCommandConfiguration>,
    /// `defaultCapacityProviderStrategy`, used by services that name neither a launch type
    /// nor a strategy of their own.
    pub default_capacity_provider_strategy: Attr<Vec<CapacityProviderStrategyItem>>,
    pub tags: Attr<Vec<Tag>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterSetting {
    pub name: Attr<String>,
    pub value: Attr<String>,
}

/// `executeCommandConfiguration` of a cluster (ECS Exec).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecuteCommandConfiguration {
    pub kms_key_id: Attr<String>,
    /// `NONE`, `DEFAULT` or `OVERRIDE`.
    pub logging: Attr<String>,
    pub log_configuration: Attr<ExecuteCommandLogConfiguration>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecuteCommandLogConfiguration {
    pub cloud_watch_log_group_name: Attr<String>,
    pub cloud_watch_encryption_enabled: Attr<bool>,
    pub s3_bucket_name: Attr<String>,
    pub s3_encryption_enabled: Attr<bool>,
    pub s3_key_prefix: Attr<String>,
}

/// One entry of a capacity provider strategy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapacityProviderStrategyItem {
    pub capacity_provider: Attr<String>,
    pub weight: Attr<i64>,
    pub base: Attr<i64>,
}

/// `networkConfiguration.awsvpcConfiguration` of a service or task set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AwsVpcConfiguration {
    pub subnets: Attr<Vec<Attr<String>>>,
    pub security_groups: Attr<Vec<Attr<String>>>,
    /// `assignPublicIp`: `true` for `ENABLED`. Terraform spells it as a bool, CloudFormation and
    /// the API as the strings `ENABLED` / `DISABLED`; adapters normalise to a bool.
    pub assign_public_ip: Attr<bool>,
}

/// The compute a service or task set runs on, from its launch type or capacity providers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Compute {
    Fargate,
    /// `EC2`, `EXTERNAL`, `MANAGED_INSTANCES`, or an Auto Scaling group capacity provider.
    NotFargate(String),
    /// Neither a launch type nor a strategy: the cluster's default capacity provider strategy
    /// decides, or EC2 when the cluster has none.
    ClusterDefault,
    Unknown(String),
}

/// Decides the compute from a launch type and a capacity provider strategy.
/// `FARGATE` and `FARGATE_SPOT` capacity providers are Fargate.
pub fn compute_of(launch_type: &Attr<String>, strategy: &Attr<Vec<CapacityProviderStrategyItem>>) -> Compute {
    match &launch_type.state {
        State::Set(lt) | State::Default(lt) => {
            return if lt.eq_ignore_ascii_case("FARGATE") {
                Compute::Fargate
            } else {
                Compute::NotFargate(lt.clone())
            };
        }
        State::Unknown(r) => return Compute::Unknown(r.clone()),
        State::Absent => {}
    }
    match &strategy.state {
        State::Set(items) | State::Default(items) if !items.is_empty() => {
            let mut unknown = None;
            for item in items {
                match &item.capacity_provider.state {
                    State::Set(p) | State::Default(p) => {
                        if is_fargate_provider(p) {
                            return Compute::Fargate;
                        }
                    }
                    State::Unknown(r) => unknown = Some(r.clone()),
                    State::Absent => {}
                }
            }
            match unknown {
                Some(r) => Compute::Unknown(r),
                None => Compute::NotFargate("capacity provider".to_string()),
            }
        }
        State::Unknown(r) => Compute::Unknown(r.clone()),
        _ => Compute::ClusterDefault,
    }
}

pub fn is_fargate_provider(name: &str) -> bool {
    name.eq_ignore_ascii_case("FARGATE") || name.eq_ignore_ascii_case("FARGATE_SPOT")
}

/// An ECS service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcsService {
    pub meta: ResourceMeta,
    pub service_name: Attr<String>,
    /// The cluster it runs in: a name, an ARN, or a reference to a cluster in the same scan.
    pub cluster: Attr<String>,
    pub task_definition: Attr<String>,
    /// `EC2`, `FARGATE`, `EXTERNAL` or `MANAGED_INSTANCES`.
    pub launch_type: Attr<String>,
    pub capacity_provider_strategy: Attr<Vec<CapacityProviderStrategyItem>>,
    /// Fargate platform version. Omitted means `LATEST`.
    pub platform_version: Attr<String>,
    /// `LINUX` or a `WINDOWS_SERVER_*` family, where the source says (API output does).
    pub platform_family: Attr<String>,
    /// `networkConfiguration.awsvpcConfiguration`; absent without one.
    pub network: Attr<AwsVpcConfiguration>,
    /// `enableExecuteCommand` (ECS Exec). Defaults to false.
    pub enable_execute_command: Attr<bool>,
    /// `deploymentController.type`: `ECS`, `CODE_DEPLOY` or `EXTERNAL`.
    pub deployment_controller: Attr<String>,
    pub tags: Attr<Vec<Tag>>,
}

/// An ECS task set (a service with an `EXTERNAL` or `CODE_DEPLOY` deployment controller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcsTaskSet {
    pub meta: ResourceMeta,
    pub service: Attr<String>,
    pub cluster: Attr<String>,
    pub task_definition: Attr<String>,
    pub launch_type: Attr<String>,
    pub capacity_provider_strategy: Attr<Vec<CapacityProviderStrategyItem>>,
    pub platform_version: Attr<String>,
    pub platform_family: Attr<String>,
    pub network: Attr<AwsVpcConfiguration>,
    pub tags: Attr<Vec<Tag>>,
}

fn network_defaults(network: &mut Attr<AwsVpcConfiguration>) {
    if let State::Set(n) = &mut network.state {
        // The API's default for assignPublicIp is DISABLED.
        n.assign_public_ip.or_default_to(false);
    }
}

impl EcsCluster {
    pub fn new(meta: ResourceMeta) -> Self {
        let origin = meta.origin.clone();
        EcsCluster {
            meta,
            cluster_name: Attr::absent(origin.clone()),
            settings: Attr::absent(origin.clone()),
            execute_command: Attr::absent(origin.clone()),
            default_capacity_provider_strategy: Attr::absent(origin.clone()),
            tags: Attr::absent(origin),
        }
    }

    pub fn apply_defaults(&mut self) {
        if let State::Set(ec) = &mut self.execute_command.state {
            ec.logging.or_default_to("DEFAULT".to_string());
        }
    }

    /// The `containerInsights` setting, if the cluster declares one.
    pub fn setting(&self, name: &str) -> Option<&ClusterSetting> {
        self.settings
            .value()?
            .iter()
            .find(|s| s.name.value().is_some_and(|n| n == name))
    }
}

impl EcsService {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        EcsService {
            meta,
            service_name: Attr::absent(o.clone()),
            cluster: Attr::absent(o.clone()),
            task_definition: Attr::absent(o.clone()),
            launch_type: Attr::absent(o.clone()),
            capacity_provider_strategy: Attr::absent(o.clone()),
            platform_version: Attr::absent(o.clone()),
            platform_family: Attr::absent(o.clone()),
            network: Attr::absent(o.clone()),
            enable_execute_command: Attr::absent(o.clone()),
            deployment_controller: Attr::absent(o.clone()),
            tags: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        self.enable_execute_command.or_default_to(false);
        self.deployment_controller.or_default_to("ECS".to_string());
        network_defaults(&mut self.network);
        // "If one isn't specified, the LATEST platform version is used." It only matters on
        // Fargate, and rules that judge it check the compute first.
        self.platform_version.or_default_to("LATEST".to_string());
    }

    pub fn compute(&self) -> Compute {
        compute_of(&self.launch_type, &self.capacity_provider_strategy)
    }
}

impl EcsTaskSet {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        EcsTaskSet {
            meta,
            service: Attr::absent(o.clone()),
            cluster: Attr::absent(o.clone()),
            task_definition: Attr::absent(o.clone()),
            launch_type: Attr::absent(o.clone()),
            capacity_provider_strategy: Attr::absent(o.clone()),
            platform_version: Attr::absent(o.clone()),
            platform_family: Attr::absent(o.clone()),
            network: Attr::absent(o.clone()),
            tags: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        network_defaults(&mut self.network);
        // "If one isn't specified, the LATEST platform version is used." It only matters on
        // Fargate, and rules that judge it check the compute first.
        self.platform_version.or_default_to("LATEST".to_string());
    }

    pub fn compute(&self) -> Compute {
        compute_of(&self.launch_type, &self.capacity_provider_strategy)
    }
}
