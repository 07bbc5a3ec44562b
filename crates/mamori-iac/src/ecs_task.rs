//! Task definitions and capacity providers from a [`Doc`], for every source that spells them as
//! a document: the ECS API (camel case), CloudFormation (Pascal case) and Terraform's
//! `container_definitions` (camel case inside a JSON value).

use crate::doc::{Doc, DocValue, bool_attr, enabled_attr, list, object, ref_attr, str_attr, str_list_attr, string_map};
use mamori_model::ecs_task::{
    AutoScalingGroupProvider, ContainerDefinition, Device, EcsCapacityProvider, EcsTaskDefinition,
    EfsVolumeConfiguration, KeyValue, LogConfiguration, MountPoint, Volume,
};
use mamori_model::resource::Tag;
use mamori_model::{Attr, Origin, ResourceMeta};

/// A whole task definition: the `register-task-definition` input, a `describe-task-definition`
/// object, or a CloudFormation `Properties` mapping.
pub fn task_definition(meta: ResourceMeta, d: &Doc) -> EcsTaskDefinition {
    let o = &d.origin;
    let mut t = EcsTaskDefinition::new(meta);
    t.family = str_attr(d.get("family"), o);
    t.network_mode = str_attr(d.get("networkMode"), o);
    t.pid_mode = str_attr(d.get("pidMode"), o);
    t.ipc_mode = str_attr(d.get("ipcMode"), o);
    t.task_role_arn = ref_attr(d.get("taskRoleArn"), o);
    t.execution_role_arn = ref_attr(d.get("executionRoleArn"), o);
    t.requires_compatibilities = str_list_attr(d.get("requiresCompatibilities"), o);
    t.os_family = match d.get("runtimePlatform").filter(|rp| !rp.is_null()) {
        Some(rp) => str_attr(rp.get("operatingSystemFamily"), &rp.origin),
        None => Attr::absent(o.clone()),
    };
    t.volumes = volumes(d.get("volumes"), o);
    t.containers = containers(d.get("containerDefinitions"), o);
    t.tags = tags(d.get("tags"), o);
    t
}

/// `volumes` in the API's (and CloudFormation's) shape.
pub fn volumes(node: Option<&Doc>, parent: &Origin) -> Attr<Vec<Volume>> {
    list(node, parent, |v| Volume {
        origin: v.origin.clone(),
        name: str_attr(v.get("name"), &v.origin),
        host_source_path: match v.get("host") {
            Some(h) if !h.is_null() => str_attr(h.get("sourcePath"), &h.origin),
            _ => Attr::absent(v.origin.clone()),
        },
        efs: object(v.get("efsVolumeConfiguration"), &v.origin, |e| EfsVolumeConfiguration {
            file_system_id: str_attr(e.get("fileSystemId"), &e.origin),
            transit_encryption: enabled_attr(e.get("transitEncryption"), &e.origin),
            iam_authorization: match e.get("authorizationConfig") {
                Some(a) if !a.is_null() => enabled_attr(a.get("iam"), &a.origin),
                _ => Attr::absent(e.origin.clone()),
            },
        }),
    })
}

/// `containerDefinitions`.
pub fn containers(node: Option<&Doc>, parent: &Origin) -> Attr<Vec<ContainerDefinition>> {
    list(node, parent, container)
}

fn container(c: &Doc) -> ContainerDefinition {
    let o = &c.origin;
    let mut x = ContainerDefinition::new(o.clone());
    x.name = str_attr(c.get("name"), o);
    x.image = str_attr(c.get("image"), o);
    x.privileged = bool_attr(c.get("privileged"), o);
    x.user = str_attr(c.get("user"), o);
    x.readonly_root_filesystem = bool_attr(c.get("readonlyRootFilesystem"), o);
    x.environment = name_values(c.get("environment"), o, "value");
    x.secrets = name_values(c.get("secrets"), o, "valueFrom");
    x.log_configuration = object(c.get("logConfiguration"), o, |l| LogConfiguration {
        log_driver: str_attr(l.get("logDriver"), &l.origin),
        options: string_map(l.get("options"), &l.origin),
    });
    let linux = c.get("linuxParameters").filter(|l| !l.is_null());
    let caps = linux.and_then(|l| l.get("capabilities")).filter(|c| !c.is_null());
    let lo = linux.map_or(o, |l| &l.origin);
    let co = caps.map_or(lo, |c| &c.origin);
    x.capabilities_add = match caps {
        Some(caps) => str_list_attr(caps.get("add"), co),
        None => absent_or_unknown(linux, lo),
    };
    x.capabilities_drop = match caps {
        Some(caps) => str_list_attr(caps.get("drop"), co),
        None => absent_or_unknown(linux, lo),
    };
    x.devices = match linux {
        Some(l) => list(l.get("devices"), lo, |d| Device {
            origin: d.origin.clone(),
            host_path: str_attr(d.get("hostPath"), &d.origin),
            container_path: str_attr(d.get("containerPath"), &d.origin),
        }),
        None => Attr::absent(o.clone()),
    };
    x.mount_points = list(c.get("mountPoints"), o, |m| MountPoint {
        origin: m.origin.clone(),
        source_volume: str_attr(m.get("sourceVolume"), &m.origin),
        container_path: str_attr(m.get("containerPath"), &m.origin),
        read_only: bool_attr(m.get("readOnly"), &m.origin),
    });
    x.docker_security_options = str_list_attr(c.get("dockerSecurityOptions"), o);
    x.version_consistency = str_attr(c.get("versionConsistency"), o);
    x.firelens = match c.get("firelensConfiguration") {
        None => Attr::absent(o.clone()),
        Some(f) if f.is_null() => Attr::absent(f.origin.clone()),
        Some(f) if f.unknown_reason().is_some() => f.clone().not_known(),
        Some(f) => Attr::set(true, f.origin.clone()),
    };
    x
}

/// `linuxParameters` that is unknown makes the capabilities unknown; otherwise they are absent.
fn absent_or_unknown<T>(linux: Option<&Doc>, origin: &Origin) -> Attr<T> {
    match linux {
        Some(l) if l.unknown_reason().is_some() => l.clone().not_known(),
        _ => Attr::absent(origin.clone()),
    }
}

/// `environment` (`name`/`value`) and `secrets` (`name`/`valueFrom`).
fn name_values(node: Option<&Doc>, parent: &Origin, value_key: &str) -> Attr<Vec<KeyValue>> {
    list(node, parent, |e| KeyValue {
        origin: e.origin.clone(),
        name: str_attr(e.get("name"), &e.origin),
        // `valueFrom` may be a reference to a secret of the scan: keep its address.
        value: if value_key == "valueFrom" {
            ref_attr(e.get(value_key), &e.origin)
        } else {
            str_attr(e.get(value_key), &e.origin)
        },
        dynamic_reference: e.get(value_key).and_then(Doc::dynamic_reference),
        reference: e.get(value_key).and_then(Doc::reference),
    })
}

/// Tags as the API (`key`/`value`) and CloudFormation (`Key`/`Value`) write them.
pub fn tags(node: Option<&Doc>, parent: &Origin) -> Attr<Vec<Tag>> {
    list(node, parent, |t| Tag {
        key: str_attr(t.get("key"), &t.origin),
        value: str_attr(t.get("value"), &t.origin),
    })
}

/// A capacity provider: the `describe-capacity-providers` object, the `create-capacity-provider`
/// input, or CloudFormation `Properties`.
pub fn capacity_provider(meta: ResourceMeta, d: &Doc) -> EcsCapacityProvider {
    let o = &d.origin;
    let mut c = EcsCapacityProvider::new(meta);
    c.name = str_attr(d.get("name"), o);
    c.auto_scaling_group = object(d.get("autoScalingGroupProvider"), o, |a| AutoScalingGroupProvider {
        auto_scaling_group_arn: ref_attr(a.get("autoScalingGroupArn"), &a.origin),
        managed_termination_protection: str_attr(a.get("managedTerminationProtection"), &a.origin),
        managed_scaling_status: match a.get("managedScaling") {
            Some(m) if !m.is_null() => str_attr(m.get("status"), &m.origin),
            _ => Attr::absent(a.origin.clone()),
        },
    });
    c.tags = tags(d.get("tags"), o);
    c
}

/// Whether a value is a list of objects that look like container definitions: used to
/// recognise documents by content.
pub fn looks_like_containers(d: &Doc) -> bool {
    match &d.value {
        DocValue::List(items) => {
            !items.is_empty()
                && items
                    .iter()
                    .all(|i| i.is_map() && (i.get("image").is_some() || i.get("name").is_some()))
        }
        _ => false,
    }
}
