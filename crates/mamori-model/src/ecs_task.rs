//! Amazon ECS task definitions and capacity providers.
//!
//! Field names follow the ECS API (`describe-task-definition` output), in snake case. Every
//! source spells them differently (Terraform's `container_definitions` keeps the API's camel
//! case inside a JSON string, CloudFormation uses Pascal case); adapters normalise them here.

use crate::attr::{Attr, State};
use crate::resource::{ResourceMeta, Tag};
use crate::span::Origin;

pub const KIND_TASK_DEFINITION: &str = "AWS::ECS::TaskDefinition";
pub const KIND_CAPACITY_PROVIDER: &str = "AWS::ECS::CapacityProvider";

/// An ECS task definition (one revision, or one declared in infrastructure as code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcsTaskDefinition {
    pub meta: ResourceMeta,
    pub family: Attr<String>,
    /// `bridge`, `host`, `awsvpc` or `none`.
    pub network_mode: Attr<String>,
    /// `host` or `task`.
    pub pid_mode: Attr<String>,
    /// `host`, `task` or `none`.
    pub ipc_mode: Attr<String>,
    /// An ARN, a role name, or a reference to a role in the same scan.
    pub task_role_arn: Attr<String>,
    pub execution_role_arn: Attr<String>,
    /// `EC2`, `FARGATE`, `EXTERNAL`, `MANAGED_INSTANCES`.
    pub requires_compatibilities: Attr<Vec<Attr<String>>>,
    /// `runtimePlatform.operatingSystemFamily`: `LINUX` or a `WINDOWS_SERVER_*` value.
    pub os_family: Attr<String>,
    pub volumes: Attr<Vec<Volume>>,
    pub containers: Attr<Vec<ContainerDefinition>>,
    pub tags: Attr<Vec<Tag>>,
}

/// One entry of `volumes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Volume {
    pub origin: Origin,
    pub name: Attr<String>,
    /// `host.sourcePath`: a bind mount of a path of the container instance.
    pub host_source_path: Attr<String>,
    /// `efsVolumeConfiguration`; absent for other volume types.
    pub efs: Attr<EfsVolumeConfiguration>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EfsVolumeConfiguration {
    pub file_system_id: Attr<String>,
    /// `transitEncryption`: `true` for `ENABLED`. The default is `DISABLED`.
    pub transit_encryption: Attr<bool>,
    /// `authorizationConfig.iam`: `true` for `ENABLED`.
    pub iam_authorization: Attr<bool>,
}

/// One entry of `containerDefinitions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerDefinition {
    /// The container's object in the source.
    pub origin: Origin,
    pub name: Attr<String>,
    pub image: Attr<String>,
    pub privileged: Attr<bool>,
    /// `user`: `user`, `user:group`, `uid`, `uid:gid`, `user:gid` or `uid:group`.
    pub user: Attr<String>,
    pub readonly_root_filesystem: Attr<bool>,
    pub environment: Attr<Vec<KeyValue>>,
    /// `secrets`: values taken from Secrets Manager or Parameter Store (`value` holds `valueFrom`).
    pub secrets: Attr<Vec<KeyValue>>,
    pub log_configuration: Attr<LogConfiguration>,
    /// `linuxParameters.capabilities.add`.
    pub capabilities_add: Attr<Vec<Attr<String>>>,
    /// `linuxParameters.capabilities.drop`.
    pub capabilities_drop: Attr<Vec<Attr<String>>>,
    /// `linuxParameters.devices`.
    pub devices: Attr<Vec<Device>>,
    pub mount_points: Attr<Vec<MountPoint>>,
    /// `dockerSecurityOptions`: `no-new-privileges`, `apparmor:…`, `label:…`, `credentialspec:…`.
    pub docker_security_options: Attr<Vec<Attr<String>>>,
    /// `versionConsistency`: `enabled` (the default) or `disabled`.
    pub version_consistency: Attr<String>,
    /// Whether the container sends its logs through FireLens (`firelensConfiguration` present).
    pub firelens: Attr<bool>,
}

/// A name and a value (`environment`, `secrets`, log options).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    pub origin: Origin,
    pub name: Attr<String>,
    pub value: Attr<String>,
    /// When the value is a CloudFormation dynamic reference (`{{resolve:secretsmanager:…}}`),
    /// the service it reads: `secretsmanager`, `ssm` or `ssm-secure`. The value is unknown to
    /// the scanner, but CloudFormation writes it into the resource in plain text.
    pub dynamic_reference: Option<String>,
    /// When the value is a reference to another resource's attribute known only once deployed
    /// (Terraform `aws_cloudwatch_log_group.app.name` without a written name, CloudFormation
    /// `!Ref LogGroup`), that resource's address or logical id: it links a log option to its
    /// log group.
    pub reference: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogConfiguration {
    /// `awslogs`, `awsfirelens`, `splunk`, `fluentd`, …
    pub log_driver: Attr<String>,
    pub options: Attr<Vec<KeyValue>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    pub origin: Origin,
    pub host_path: Attr<String>,
    pub container_path: Attr<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountPoint {
    pub origin: Origin,
    pub source_volume: Attr<String>,
    pub container_path: Attr<String>,
    /// `readOnly`; defaults to `false`.
    pub read_only: Attr<bool>,
}

/// The operating system a task definition runs on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OsFamily {
    Linux,
    Windows,
    /// Not declared: Linux unless the task is placed on Windows instances.
    Unspecified,
    Unknown(String),
}

impl EcsTaskDefinition {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        EcsTaskDefinition {
            meta,
            family: Attr::absent(o.clone()),
            network_mode: Attr::absent(o.clone()),
            pid_mode: Attr::absent(o.clone()),
            ipc_mode: Attr::absent(o.clone()),
            task_role_arn: Attr::absent(o.clone()),
            execution_role_arn: Attr::absent(o.clone()),
            requires_compatibilities: Attr::absent(o.clone()),
            os_family: Attr::absent(o.clone()),
            volumes: Attr::absent(o.clone()),
            containers: Attr::absent(o.clone()),
            tags: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        if let State::Set(volumes) = &mut self.volumes.state {
            for v in volumes {
                if let State::Set(efs) = &mut v.efs.state {
                    // "If this parameter is omitted, the default value of DISABLED is used."
                    efs.transit_encryption.or_default_to(false);
                    efs.iam_authorization.or_default_to(false);
                }
            }
        }
        if let State::Set(containers) = &mut self.containers.state {
            for c in containers {
                c.apply_defaults();
            }
        }
    }

    /// The operating system family, from `runtimePlatform.operatingSystemFamily`.
    pub fn os(&self) -> OsFamily {
        match &self.os_family.state {
            State::Set(f) | State::Default(f) => {
                if f.to_ascii_uppercase().starts_with("WINDOWS") {
                    OsFamily::Windows
                } else {
                    OsFamily::Linux
                }
            }
            State::Absent => OsFamily::Unspecified,
            State::Unknown(r) => OsFamily::Unknown(r.clone()),
        }
    }

    /// Whether the task definition declares Fargate (and only Fargate) compatibility.
    /// `None` when the list cannot be read.
    pub fn fargate_only(&self) -> Option<bool> {
        match &self.requires_compatibilities.state {
            State::Set(items) | State::Default(items) => {
                let mut names = Vec::new();
                for i in items {
                    match &i.state {
                        State::Set(s) | State::Default(s) => names.push(s.to_ascii_uppercase()),
                        State::Unknown(_) => return None,
                        State::Absent => {}
                    }
                }
                Some(!names.is_empty() && names.iter().all(|n| n == "FARGATE"))
            }
            State::Absent => Some(false),
            State::Unknown(_) => None,
        }
    }

    /// The volume a mount point names.
    pub fn volume(&self, name: &str) -> Option<&Volume> {
        self.volumes
            .value()?
            .iter()
            .find(|v| v.name.value().is_some_and(|n| n == name))
    }
}

impl ContainerDefinition {
    pub fn new(origin: Origin) -> Self {
        let o = origin.clone();
        ContainerDefinition {
            origin,
            name: Attr::absent(o.clone()),
            image: Attr::absent(o.clone()),
            privileged: Attr::absent(o.clone()),
            user: Attr::absent(o.clone()),
            readonly_root_filesystem: Attr::absent(o.clone()),
            environment: Attr::absent(o.clone()),
            secrets: Attr::absent(o.clone()),
            log_configuration: Attr::absent(o.clone()),
            capabilities_add: Attr::absent(o.clone()),
            capabilities_drop: Attr::absent(o.clone()),
            devices: Attr::absent(o.clone()),
            mount_points: Attr::absent(o.clone()),
            docker_security_options: Attr::absent(o.clone()),
            version_consistency: Attr::absent(o.clone()),
            firelens: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        self.privileged.or_default_to(false);
        self.readonly_root_filesystem.or_default_to(false);
        self.version_consistency.or_default_to("enabled".to_string());
        self.firelens.or_default_to(false);
        if let State::Set(mounts) = &mut self.mount_points.state {
            for m in mounts {
                m.read_only.or_default_to(false);
            }
        }
    }

    /// A name for messages: the container's name, or its position.
    pub fn label(&self, index: usize) -> String {
        crate::attr::item_label(&self.name, index)
    }
}

/// An ECS capacity provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcsCapacityProvider {
    pub meta: ResourceMeta,
    pub name: Attr<String>,
    /// `autoScalingGroupProvider`; absent for Fargate and managed-instances providers.
    pub auto_scaling_group: Attr<AutoScalingGroupProvider>,
    pub tags: Attr<Vec<Tag>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AutoScalingGroupProvider {
    pub auto_scaling_group_arn: Attr<String>,
    /// `managedTerminationProtection`: `ENABLED` or `DISABLED` (the default).
    pub managed_termination_protection: Attr<String>,
    /// `managedScaling.status`: `ENABLED` or `DISABLED`.
    pub managed_scaling_status: Attr<String>,
}

impl EcsCapacityProvider {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        EcsCapacityProvider {
            meta,
            name: Attr::absent(o.clone()),
            auto_scaling_group: Attr::absent(o.clone()),
            tags: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        if let State::Set(asg) = &mut self.auto_scaling_group.state {
            asg.managed_termination_protection.or_default_to("DISABLED".to_string());
        }
    }
}
