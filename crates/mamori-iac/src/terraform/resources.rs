//! From `resource` blocks to the model: instances for `count` and `for_each`, then one mapping
//! per resource type.

use super::body::{Blocks, Field, View};
use super::container_definitions::container_definitions;
use super::eval::{Eval, Module, Scope};
use super::modules::call_instances;
use super::value::{Value, fmt_number};
use crate::ecs_task;
use crate::source::SourceFile;
use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, Body};
use mamori_model::ecs::{
    AwsVpcConfiguration, CapacityProviderStrategyItem, ClusterSetting, EcsCluster, EcsService, EcsTaskSet,
    ExecuteCommandConfiguration, ExecuteCommandLogConfiguration, KIND_CLUSTER, KIND_SERVICE, KIND_TASK_SET,
};
use mamori_model::ecs_task::{
    AutoScalingGroupProvider, EcsCapacityProvider, EcsTaskDefinition, EfsVolumeConfiguration, KIND_CAPACITY_PROVIDER,
    KIND_TASK_DEFINITION, Volume,
};
use mamori_model::resource::Tag;
use mamori_model::{Attr, Origin, Resource, ResourceMeta, SourceKind, State};
use std::collections::BTreeMap;

/// Most instances one `count` or `for_each` expands into.
const MAX_INSTANCES: usize = 1024;

/// One instance of a resource block.
pub struct Instance {
    /// `type.name`, `type.name[0]`, `type.name["key"]`, or `type.name[*]` when the instances
    /// cannot be known.
    pub address: String,
    /// `count` or `each` for this instance.
    pub scope: Scope,
}

/// The instances a resource block declares.
pub fn instances(m: &Module<'_>, block: &Block, base: &str) -> Vec<Instance> {
    let mut ev = Eval::new(m, Vec::new());
    if let Some(a) = block.body.get_attribute("count") {
        let v = ev.eval(&a.value);
        return match v.to_index() {
            Ok(n) if n >= 0 && (n as usize) <= MAX_INSTANCES => (0..n)
                .map(|i| {
                    let count = BTreeMap::from([("index".to_string(), Value::Number(i as f64))]);
                    Instance {
                        address: format!("{base}[{i}]"),
                        scope: vec![("count".into(), Value::Map(count))],
                    }
                })
                .collect(),
            Ok(n) if n < 0 => Vec::new(),
            Ok(n) => unknown_instance(base, "count", format!("{n} instances are too many to read")),
            Err(p) => unknown_instance(base, "count", p.unknown_reason().unwrap_or_default()),
        };
    }
    if let Some(a) = block.body.get_attribute("for_each") {
        let v = ev.eval(&a.value);
        let pairs: Result<Vec<(String, Value)>, String> = match v {
            Value::Map(m) => Ok(m.into_iter().collect()),
            Value::List(items) => items
                .into_iter()
                .map(|i| match i {
                    Value::String(s) => Ok((s.clone(), Value::String(s))),
                    p if !p.is_known() => Err(p.unknown_reason().unwrap_or_default()),
                    p => Err(format!("for_each holds a {}, not a string", p.type_name())),
                })
                .collect(),
            Value::Null => Err("for_each is null".into()),
            p if !p.is_known() => Err(p.unknown_reason().unwrap_or_default()),
            p => Err(format!("for_each is a {}, not a map or a set", p.type_name())),
        };
        return match pairs {
            Ok(p) if p.len() <= MAX_INSTANCES => p
                .into_iter()
                .map(|(k, v)| {
                    let each =
                        BTreeMap::from([("key".to_string(), Value::String(k.clone())), ("value".to_string(), v)]);
                    Instance {
                        address: format!("{base}[{k:?}]"),
                        scope: vec![("each".into(), Value::Map(each))],
                    }
                })
                .collect(),
            Ok(p) => unknown_instance(base, "for_each", format!("{} instances are too many to read", p.len())),
            Err(reason) => unknown_instance(base, "for_each", reason),
        };
    }
    vec![Instance {
        address: base.to_string(),
        scope: Vec::new(),
    }]
}

/// One stand-in instance for a resource whose instances cannot be known.
fn unknown_instance(base: &str, what: &str, reason: String) -> Vec<Instance> {
    let v = Value::Unknown(format!("the {what} of {base} is unknown: {reason}"));
    let name = if what == "count" { "count" } else { "each" };
    vec![Instance {
        address: format!("{base}[*]"),
        scope: vec![(name.into(), v)],
    }]
}

/// Maps the resources of a module and of the modules it calls, directly or not.
pub fn map_module(m: &Module<'_>, files: &[(&SourceFile, Body)], out: &mut Vec<Resource>) {
    let first = out.len();
    let mut pending = Pending::default();
    map_tree(m, files, out, &mut pending, &Attr::absent(Origin::Synthetic));
    link(out, first, pending);
}

/// Maps resources read from a plan's JSON (each a view of its planned values, with its type and
/// address), with the same mapping as written configuration, and links them.
pub fn map_planned(m: &Module<'_>, resources: Vec<(View<'_>, String, String)>, out: &mut Vec<Resource>) {
    let first = out.len();
    let mut pending = Pending::default();
    for (view, rtype, address) in resources {
        map_instance(m, &view, &rtype, address, out, &mut pending);
    }
    link(out, first, pending);
}

/// The resource types mapped into the model.
pub fn is_mapped(rtype: &str) -> bool {
    matches!(
        rtype,
        "aws_ecs_cluster"
            | "aws_ecs_service"
            | "aws_ecs_task_set"
            | "aws_ecs_cluster_capacity_providers"
            | "aws_ecs_task_definition"
            | "aws_ecs_capacity_provider"
    ) || super::eks::TYPES.contains(&rtype)
        || super::iam::TYPES.contains(&rtype)
        || super::ecr::TYPES.contains(&rtype)
        || super::ec2::TYPES.contains(&rtype)
        || super::ops::TYPES.contains(&rtype)
        || super::secretsmanager::TYPES.contains(&rtype)
}

/// Links the resources of one configuration (`out[first..]`) once all are read.
fn link(out: &mut [Resource], first: usize, pending: Pending) {
    for (target, strategy) in pending.strategies {
        if strategy.is_absent() {
            continue;
        }
        for r in out[first..].iter_mut() {
            if let Resource::EcsCluster(c) = r
                && names_cluster(&target, c)
            {
                c.default_capacity_provider_strategy = strategy.clone();
            }
        }
    }
    link_clusters(&mut out[first..]);
    super::eks::attach_policies(&mut out[first..], pending.eks_policies);
    super::ecr::name_policies(&mut out[first..]);
    super::ops::attach_features(&mut out[first..], pending.guardduty_features);
}

/// Maps one instance of a resource.
fn map_instance(
    m: &Module<'_>,
    view: &View<'_>,
    rtype: &str,
    address: String,
    out: &mut Vec<Resource>,
    pending: &mut Pending,
) {
    match rtype {
        "aws_ecs_cluster" => out.push(Resource::EcsCluster(cluster(m, view, address))),
        "aws_ecs_service" => out.push(Resource::EcsService(service(m, view, address))),
        "aws_ecs_task_set" => out.push(Resource::EcsTaskSet(task_set(m, view, address))),
        "aws_ecs_task_definition" => out.push(Resource::EcsTaskDefinition(task_definition(m, view, address))),
        "aws_ecs_capacity_provider" => out.push(Resource::EcsCapacityProvider(capacity_provider(m, view, address))),
        t if super::eks::TYPES.contains(&t) => super::eks::map(m, view, rtype, address, out, &mut pending.eks_policies),
        t if super::ops::TYPES.contains(&t) => {
            super::ops::map(m, view, rtype, address, out, &mut pending.guardduty_features)
        }
        t if super::ecr::TYPES.contains(&t) => super::ecr::map(m, view, rtype, address, out),
        t if super::ec2::TYPES.contains(&t) => super::ec2::map(m, view, rtype, address, out),
        t if super::iam::TYPES.contains(&t) => super::iam::map(m, view, rtype, address, m.tree.files(), out),
        t if super::secretsmanager::TYPES.contains(&t) => out.push(super::secretsmanager::map(m, view, t, address)),
        "aws_ecs_cluster_capacity_providers" => {
            let target = view.attr(m, "cluster_name").map(|f| f.value);
            let strategy = strategy(m, view, "default_capacity_provider_strategy");
            if let Some(t) = target {
                pending.strategies.push((t, strategy));
            }
        }
        _ => {}
    }
}

/// What is linked once every module of a configuration is read.
#[derive(Default)]
struct Pending {
    strategies: Vec<(Value, Attr<Vec<CapacityProviderStrategyItem>>)>,
    eks_policies: Vec<super::eks::PendingPolicy>,
    guardduty_features: Vec<super::ops::PendingFeature>,
}

/// Maps one module instance, then every instance of the modules it calls. A module without an
/// `aws` provider of its own gets its caller's default tags, as it uses its caller's provider.
fn map_tree(
    m: &Module<'_>,
    files: &[(&SourceFile, Body)],
    out: &mut Vec<Resource>,
    pending: &mut Pending,
    inherited_tags: &Attr<Vec<Tag>>,
) {
    let first = out.len();
    for (file, body) in files {
        for block in body.blocks() {
            if block.ident.as_str() != "resource" || block.labels.len() != 2 {
                continue;
            }
            let rtype = block.labels[0].as_str();
            if !is_mapped(rtype) {
                continue;
            }
            let base = format!("{}{rtype}.{}", m.tree.prefix, block.labels[1].as_str());
            for inst in instances(m, block, &base) {
                let view = View::new(file, block, inst.scope);
                map_instance(m, &view, rtype, inst.address, out, pending);
            }
        }
    }
    let defaults = default_tags(m, files).unwrap_or_else(|| inherited_tags.clone());
    if !defaults.is_absent() {
        for r in &mut out[first..] {
            let tags = match r {
                Resource::EcsCluster(c) => &mut c.tags,
                Resource::EcsService(s) => &mut s.tags,
                Resource::EcsTaskSet(t) => &mut t.tags,
                Resource::EcsTaskDefinition(t) => &mut t.tags,
                Resource::EcsCapacityProvider(c) => &mut c.tags,
                Resource::EksCluster(c) => &mut c.tags,
                Resource::EksNodegroup(n) => &mut n.tags,
                Resource::EksAccessEntry(e) => &mut e.tags,
                Resource::EksPodIdentityAssociation(a) => &mut a.tags,
                Resource::EcrRepository(r) => &mut r.tags,
                // Kubernetes objects are never read from Terraform.
                _ => continue,
            };
            merge_default_tags(tags, &defaults);
        }
    }
    for name in m.tree.call_names() {
        for child in call_instances(m, &name).modules() {
            map_tree(&child, child.tree.files(), out, pending, &defaults);
        }
    }
}

/// The `default_tags` of the module's default `aws` provider (the one without an `alias`), which
/// the provider adds to every resource that supports tags; `None` when the module declares no
/// such provider.
fn default_tags(m: &Module<'_>, files: &[(&SourceFile, Body)]) -> Option<Attr<Vec<Tag>>> {
    for (file, body) in files {
        for block in body.blocks() {
            if block.ident.as_str() != "provider"
                || block.labels.first().map(|l| l.as_str()) != Some("aws")
                || block.body.get_attribute("alias").is_some()
            {
                continue;
            }
            let provider = View::new(file, block, Vec::new());
            return Some(match first_block(provider.blocks(m, "default_tags")) {
                Ok(Some(d)) => tags(d.attr(m, "tags"), &d),
                Ok(None) => Attr::absent(provider.origin()),
                Err(a) => a,
            });
        }
    }
    None
}

/// Adds the provider's default tags to a resource's own; a key the resource sets wins. Unknown
/// default tags make a resource's tags unknown, since any key could be among them.
fn merge_default_tags(tags: &mut Attr<Vec<Tag>>, defaults: &Attr<Vec<Tag>>) {
    match (&mut tags.state, &defaults.state) {
        (_, State::Absent) => {}
        (State::Unknown(_), _) => {}
        (_, State::Unknown(r)) => {
            *tags = Attr::unknown(
                format!("the provider's default_tags are unknown: {r}"),
                defaults.origin.clone(),
            );
        }
        (State::Set(own), State::Set(d) | State::Default(d)) => {
            for t in d {
                let key = t.key.value();
                if !own.iter().any(|o| o.key.value() == key) {
                    own.push(t.clone());
                }
            }
        }
        // A resource without tags of its own still points at itself: that is where a missing
        // key is usually added.
        (State::Absent | State::Default(_), State::Set(d) | State::Default(d)) => {
            tags.state = State::Set(d.clone());
        }
    }
}

/// A reference to a cluster instance whose key could not be known on one side
/// (`aws_ecs_cluster.this[0]` against a cluster read as `aws_ecs_cluster.this[*]`) is pointed at
/// that cluster when it is the only candidate.
fn link_clusters(out: &mut [Resource]) {
    let clusters: Vec<String> = out
        .iter()
        .filter_map(|r| match r {
            Resource::EcsCluster(c) => Some(c.meta.address.clone()),
            _ => None,
        })
        .collect();
    for r in out.iter_mut() {
        let cluster = match r {
            Resource::EcsService(s) => &mut s.cluster,
            Resource::EcsTaskSet(t) => &mut t.cluster,
            _ => continue,
        };
        let State::Set(target) = &cluster.state else { continue };
        if !is_cluster_address(target) || clusters.contains(target) {
            continue;
        }
        let candidates: Vec<&String> = clusters.iter().filter(|c| same_resource(target, c)).collect();
        if let [only] = candidates.as_slice() {
            cluster.state = State::Set((*only).clone());
        }
    }
}

/// Whether a `cluster_name` value designates a cluster: a reference to it, or its name.
fn names_cluster(target: &Value, c: &EcsCluster) -> bool {
    match target {
        Value::Computed { address, .. } => same_resource(address, &c.meta.address),
        Value::String(s) => c.cluster_name.explicit().is_some_and(|n| n == s),
        _ => false,
    }
}

/// Whether two addresses name the same instance; an address without an instance key, or with an
/// unknown one (`[*]`), matches every instance of its resource.
fn same_resource(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let split = |s: &str| match instance_key_start(s) {
        Some(i) => (s[..i].to_string(), Some(s[i..].to_string())),
        None => (s.to_string(), None),
    };
    let (ba, ka) = split(a);
    let (bb, kb) = split(b);
    let loose = |k: &Option<String>| k.as_deref().is_none_or(|k| k == "[*]");
    ba == bb && (loose(&ka) || loose(&kb))
}

/// Whether an address is that of an ECS cluster, in the root module or in a called one.
fn is_cluster_address(a: &str) -> bool {
    a.starts_with("aws_ecs_cluster.") || a.contains(".aws_ecs_cluster.")
}

/// Where the instance key of a resource address starts (`[0]` of `module.m["k"].t.n[0]`).
fn instance_key_start(a: &str) -> Option<usize> {
    if !a.ends_with(']') {
        return None;
    }
    let name_start = a.rfind("].").map_or(0, |i| i + 2);
    a[name_start..].find('[').map(|i| name_start + i)
}

fn meta(m: &Module<'_>, v: &View<'_>, kind: &'static str, source_type: &str, address: String) -> ResourceMeta {
    let name = match v.attr(m, "name").map(|f| f.value) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    };
    terraform_meta(v, kind, source_type, name, address)
}

/// The meta of a resource read from a Terraform block: named `name`, or its address when it has
/// none.
pub(super) fn terraform_meta(
    v: &View<'_>,
    kind: &'static str,
    source_type: &str,
    name: Option<String>,
    address: String,
) -> ResourceMeta {
    ResourceMeta {
        kind,
        source: SourceKind::Terraform,
        source_type: source_type.to_string(),
        name: name.unwrap_or_else(|| address.clone()),
        address,
        origin: v.origin(),
        ignores: Vec::new(),
        scope: None,
        plan: None,
    }
}

/// The meta of a resource named by the string argument `name_key` when it is written and not
/// empty, else by its address.
pub(super) fn named_meta(
    m: &Module<'_>,
    v: &View<'_>,
    kind: &'static str,
    source_type: &str,
    name_key: &str,
    address: String,
) -> ResourceMeta {
    let name = match v.attr(m, name_key).map(|f| f.value) {
        Some(Value::String(s)) if !s.is_empty() => Some(s),
        _ => None,
    };
    terraform_meta(v, kind, source_type, name, address)
}

fn cluster(m: &Module<'_>, v: &View<'_>, address: String) -> EcsCluster {
    let mut c = EcsCluster::new(meta(m, v, KIND_CLUSTER, "aws_ecs_cluster", address));
    c.cluster_name = string(v.attr(m, "name"), v);
    c.settings = block_list(v.blocks(m, "setting"), v, |s| ClusterSetting {
        name: string(s.attr(m, "name"), s),
        value: string(s.attr(m, "value"), s),
    });
    c.execute_command = execute_command(m, v);
    // Older provider versions took the strategy inside the cluster.
    c.default_capacity_provider_strategy = strategy(m, v, "default_capacity_provider_strategy");
    c.tags = tags(v.attr(m, "tags"), v);
    c
}

fn execute_command(m: &Module<'_>, v: &View<'_>) -> Attr<ExecuteCommandConfiguration> {
    let conf = match first_block(v.blocks(m, "configuration")) {
        Ok(Some(c)) => c,
        Ok(None) => return Attr::absent(v.origin()),
        Err(a) => return a,
    };
    let ecc = match first_block(conf.blocks(m, "execute_command_configuration")) {
        Ok(Some(c)) => c,
        Ok(None) => return Attr::absent(conf.origin()),
        Err(a) => return a,
    };
    let log_configuration = match first_block(ecc.blocks(m, "log_configuration")) {
        Ok(Some(l)) => Attr::set(
            ExecuteCommandLogConfiguration {
                cloud_watch_log_group_name: reference(l.attr(m, "cloud_watch_log_group_name"), &l),
                cloud_watch_encryption_enabled: boolean(l.attr(m, "cloud_watch_encryption_enabled"), &l),
                s3_bucket_name: reference(l.attr(m, "s3_bucket_name"), &l),
                s3_encryption_enabled: boolean(l.attr(m, "s3_bucket_encryption_enabled"), &l),
                s3_key_prefix: string(l.attr(m, "s3_key_prefix"), &l),
            },
            l.origin(),
        ),
        Ok(None) => Attr::absent(ecc.origin()),
        Err(a) => a,
    };
    Attr::set(
        ExecuteCommandConfiguration {
            // A reference to a key, log group or bucket of the same configuration keeps its
            // address: what matters is that one is named.
            kms_key_id: reference(ecc.attr(m, "kms_key_id"), &ecc),
            logging: string(ecc.attr(m, "logging"), &ecc),
            log_configuration,
        },
        ecc.origin(),
    )
}

fn service(m: &Module<'_>, v: &View<'_>, address: String) -> EcsService {
    let mut s = EcsService::new(meta(m, v, KIND_SERVICE, "aws_ecs_service", address));
    s.service_name = string(v.attr(m, "name"), v);
    s.cluster = reference(v.attr(m, "cluster"), v);
    s.task_definition = reference(v.attr(m, "task_definition"), v);
    s.launch_type = string(v.attr(m, "launch_type"), v);
    s.capacity_provider_strategy = strategy(m, v, "capacity_provider_strategy");
    s.platform_version = string(v.attr(m, "platform_version"), v);
    s.network = network(m, v);
    s.enable_execute_command = boolean(v.attr(m, "enable_execute_command"), v);
    s.deployment_controller = match first_block(v.blocks(m, "deployment_controller")) {
        Ok(Some(dc)) => string(dc.attr(m, "type"), &dc),
        Ok(None) => Attr::absent(v.origin()),
        Err(a) => a,
    };
    s.tags = tags(v.attr(m, "tags"), v);
    s
}

fn task_set(m: &Module<'_>, v: &View<'_>, address: String) -> EcsTaskSet {
    let mut t = EcsTaskSet::new(meta(m, v, KIND_TASK_SET, "aws_ecs_task_set", address));
    t.service = reference(v.attr(m, "service"), v);
    t.cluster = reference(v.attr(m, "cluster"), v);
    t.task_definition = reference(v.attr(m, "task_definition"), v);
    t.launch_type = string(v.attr(m, "launch_type"), v);
    t.capacity_provider_strategy = strategy(m, v, "capacity_provider_strategy");
    t.platform_version = string(v.attr(m, "platform_version"), v);
    t.network = network(m, v);
    t.tags = tags(v.attr(m, "tags"), v);
    t
}

fn task_definition(m: &Module<'_>, v: &View<'_>, address: String) -> EcsTaskDefinition {
    let family = string(v.attr(m, "family"), v);
    let mut meta = meta(m, v, KIND_TASK_DEFINITION, "aws_ecs_task_definition", address);
    if let Some(f) = family.explicit() {
        meta.name = f.clone();
    }
    let mut t = EcsTaskDefinition::new(meta);
    t.family = family;
    t.network_mode = string(v.attr(m, "network_mode"), v);
    t.pid_mode = string(v.attr(m, "pid_mode"), v);
    t.ipc_mode = string(v.attr(m, "ipc_mode"), v);
    t.task_role_arn = reference(v.attr(m, "task_role_arn"), v);
    t.execution_role_arn = reference(v.attr(m, "execution_role_arn"), v);
    t.requires_compatibilities = strings(v.attr(m, "requires_compatibilities"), v);
    t.os_family = match first_block(v.blocks(m, "runtime_platform")) {
        Ok(Some(rp)) => string(rp.attr(m, "operating_system_family"), &rp),
        Ok(None) => Attr::absent(v.origin()),
        Err(a) => a,
    };
    t.volumes = block_list(v.blocks(m, "volume"), v, |b| Volume {
        origin: b.origin(),
        name: string(b.attr(m, "name"), b),
        host_source_path: string(b.attr(m, "host_path"), b),
        efs: match first_block(b.blocks(m, "efs_volume_configuration")) {
            Ok(Some(e)) => Attr::set(
                EfsVolumeConfiguration {
                    file_system_id: reference(e.attr(m, "file_system_id"), &e),
                    transit_encryption: enabled(string(e.attr(m, "transit_encryption"), &e)),
                    iam_authorization: match first_block(e.blocks(m, "authorization_config")) {
                        Ok(Some(a)) => enabled(string(a.attr(m, "iam"), &a)),
                        Ok(None) => Attr::absent(e.origin()),
                        Err(a) => a,
                    },
                },
                e.origin(),
            ),
            Ok(None) => Attr::absent(b.origin()),
            Err(a) => a,
        },
    });
    t.containers = match v.attr(m, "container_definitions") {
        Some(f) => {
            let doc = container_definitions(m, v, &f);
            ecs_task::containers(Some(&doc), &f.origin)
        }
        None => Attr::absent(v.origin()),
    };
    t.tags = tags(v.attr(m, "tags"), v);
    t
}

fn capacity_provider(m: &Module<'_>, v: &View<'_>, address: String) -> EcsCapacityProvider {
    let mut c = EcsCapacityProvider::new(meta(m, v, KIND_CAPACITY_PROVIDER, "aws_ecs_capacity_provider", address));
    c.name = string(v.attr(m, "name"), v);
    c.auto_scaling_group = match first_block(v.blocks(m, "auto_scaling_group_provider")) {
        Ok(Some(a)) => Attr::set(
            AutoScalingGroupProvider {
                auto_scaling_group_arn: reference(a.attr(m, "auto_scaling_group_arn"), &a),
                managed_termination_protection: string(a.attr(m, "managed_termination_protection"), &a),
                managed_scaling_status: match first_block(a.blocks(m, "managed_scaling")) {
                    Ok(Some(ms)) => string(ms.attr(m, "status"), &ms),
                    Ok(None) => Attr::absent(a.origin()),
                    Err(x) => x,
                },
            },
            a.origin(),
        ),
        Ok(None) => Attr::absent(v.origin()),
        Err(a) => a,
    };
    c.tags = tags(v.attr(m, "tags"), v);
    c
}

/// An `ENABLED` / `DISABLED` string as a bool.
fn enabled(s: Attr<String>) -> Attr<bool> {
    match s.explicit().map(|v| v.to_ascii_uppercase()) {
        Some(v) if v == "ENABLED" => Attr::set(true, s.origin),
        Some(v) if v == "DISABLED" => Attr::set(false, s.origin),
        Some(v) => Attr::unknown(format!("`{v}` is neither ENABLED nor DISABLED"), s.origin),
        None => s.map(|_| false),
    }
}

fn network(m: &Module<'_>, v: &View<'_>) -> Attr<AwsVpcConfiguration> {
    match first_block(v.blocks(m, "network_configuration")) {
        Ok(Some(n)) => Attr::set(
            AwsVpcConfiguration {
                subnets: strings(n.attr(m, "subnets"), &n),
                security_groups: super::ec2::references(n.attr(m, "security_groups"), &n),
                assign_public_ip: boolean(n.attr(m, "assign_public_ip"), &n),
            },
            n.origin(),
        ),
        Ok(None) => Attr::absent(v.origin()),
        Err(a) => a,
    }
}

fn strategy(m: &Module<'_>, v: &View<'_>, name: &str) -> Attr<Vec<CapacityProviderStrategyItem>> {
    block_list(v.blocks(m, name), v, |b| CapacityProviderStrategyItem {
        capacity_provider: string(b.attr(m, "capacity_provider"), b),
        weight: integer(b.attr(m, "weight"), b),
        base: integer(b.attr(m, "base"), b),
    })
}

/// The first block of a type (for blocks Terraform allows once).
pub(super) fn first_block<'a, T>(b: Blocks<'a>) -> Result<Option<View<'a>>, Attr<T>> {
    match b {
        Blocks::Known(v) => Ok(v.into_iter().next()),
        Blocks::Unknown(reason, origin) => Err(Attr::unknown(reason, origin)),
    }
}

/// Repeated blocks as a list; none written is absent.
pub(super) fn block_list<T>(b: Blocks<'_>, parent: &View<'_>, f: impl Fn(&View<'_>) -> T) -> Attr<Vec<T>> {
    match b {
        Blocks::Known(views) if views.is_empty() => Attr::absent(parent.origin()),
        Blocks::Known(views) => {
            let origin = views[0].origin();
            Attr::set(views.iter().map(f).collect(), origin)
        }
        Blocks::Unknown(reason, origin) => Attr::unknown(reason, origin),
    }
}

/// A scalar as a string, as Terraform converts numbers and bools for string arguments.
fn scalar(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(fmt_number(*n)),
        Value::Bool(b) => Ok(b.to_string()),
        Value::List(_) | Value::Map(_) => Err(format!("expected a string, found a {}", v.type_name())),
        p => Err(p.unknown_reason().unwrap_or_default()),
    }
}

/// Reads a field: absent when not written (or null), unknown when unresolved.
fn field<T>(f: Option<Field<'_>>, parent: &View<'_>, conv: impl FnOnce(&Value) -> Result<T, String>) -> Attr<T> {
    match f {
        None => Attr::absent(parent.origin()),
        Some(Field {
            value: Value::Null,
            origin,
            ..
        }) => Attr::absent(origin),
        Some(Field { value, origin, .. }) => match conv(&value) {
            Ok(x) => Attr::set(x, origin),
            Err(reason) => Attr::unknown(reason, origin),
        },
    }
}

pub(super) fn string(f: Option<Field<'_>>, parent: &View<'_>) -> Attr<String> {
    field(f, parent, scalar)
}

/// A bool; the strings `"true"` and `"false"` are accepted, as Terraform converts them.
pub(super) fn boolean(f: Option<Field<'_>>, parent: &View<'_>) -> Attr<bool> {
    field(f, parent, |v| match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        Value::String(s) => Err(format!("expected a bool, found the string \"{s}\"")),
        v if v.is_known() => Err(format!("expected a bool, found a {}", v.type_name())),
        p => Err(p.unknown_reason().unwrap_or_default()),
    })
}

pub(super) fn integer(f: Option<Field<'_>>, parent: &View<'_>) -> Attr<i64> {
    field(f, parent, |v| match v {
        v if !v.is_known() => Err(v.unknown_reason().unwrap_or_default()),
        v => v
            .to_index()
            .map_err(|_| format!("expected a whole number, found a {}", v.type_name())),
    })
}

/// A reference to another resource is kept as that resource's address (`aws_ecs_cluster.main`),
/// so that the resources can be linked; anything else is read as a string.
pub(super) fn reference(f: Option<Field<'_>>, parent: &View<'_>) -> Attr<String> {
    field(f, parent, |v| match v {
        Value::Computed { address, .. } => Ok(address.clone()),
        v => scalar(v),
    })
}

/// A list of strings; each element points at its own expression when the list is written out.
pub(super) fn strings(f: Option<Field<'_>>, parent: &View<'_>) -> Attr<Vec<Attr<String>>> {
    list_of(f, parent, scalar)
}

/// A list whose elements are read by `conv`; each element points at its own expression when the
/// list is written out, and a null element is absent.
pub(super) fn list_of(
    f: Option<Field<'_>>,
    parent: &View<'_>,
    conv: impl Fn(&Value) -> Result<String, String>,
) -> Attr<Vec<Attr<String>>> {
    let Some(f) = f else {
        return Attr::absent(parent.origin());
    };
    let items = match f.value {
        Value::Null => return Attr::absent(f.origin),
        Value::List(items) => items,
        v if !v.is_known() => return Attr::unknown(v.unknown_reason().unwrap_or_default(), f.origin),
        v => return Attr::unknown(format!("expected a list, found a {}", v.type_name()), f.origin),
    };
    let exprs: Option<Vec<&Expression>> = match f.expr {
        Expression::Array(a) if a.len() == items.len() => Some(a.iter().collect()),
        _ => None,
    };
    let attrs = items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let origin = exprs
                .as_ref()
                .map_or_else(|| f.origin.clone(), |e| parent.origin_of(e[i]));
            match v {
                Value::Null => Attr::absent(origin),
                v => match conv(v) {
                    Ok(s) => Attr::set(s, origin),
                    Err(r) => Attr::unknown(r, origin),
                },
            }
        })
        .collect();
    Attr::set(attrs, f.origin)
}

/// One value as a list of one (absent stays absent).
pub(super) fn one(a: Attr<String>) -> Attr<Vec<Attr<String>>> {
    match a.state {
        mamori_model::State::Absent => Attr::absent(a.origin),
        _ => {
            let origin = a.origin.clone();
            Attr::set(vec![a], origin)
        }
    }
}

/// A name Terraform generates when none is written (`name_prefix`, or nothing).
pub(super) fn generated(name: Attr<String>) -> Attr<String> {
    match name.state {
        mamori_model::State::Absent => Attr::unknown("the name is generated by Terraform", name.origin),
        _ => name,
    }
}

/// A tag map; keys and values point at their own text when the map is written out.
pub(super) fn tags(f: Option<Field<'_>>, parent: &View<'_>) -> Attr<Vec<Tag>> {
    let Some(f) = f else {
        return Attr::absent(parent.origin());
    };
    let m = match f.value {
        Value::Null => return Attr::absent(f.origin),
        Value::Map(m) => m,
        v if !v.is_known() => return Attr::unknown(v.unknown_reason().unwrap_or_default(), f.origin),
        v => return Attr::unknown(format!("expected a map, found a {}", v.type_name()), f.origin),
    };
    let written = |key: &str| -> Option<(Origin, Origin)> {
        let Expression::Object(o) = f.expr else { return None };
        o.iter().find_map(|(k, v)| {
            let (name, span) = match k {
                ObjectKey::Ident(i) => (i.as_str().to_string(), i.span()),
                ObjectKey::Expression(Expression::String(s)) => (s.value().clone(), s.span()),
                ObjectKey::Expression(Expression::Variable(i)) => (i.as_str().to_string(), i.span()),
                ObjectKey::Expression(_) => return None,
            };
            let span = span?;
            (name == key).then(|| (parent.file.origin(span.start, span.end), parent.origin_of(v.expr())))
        })
    };
    let tags = m
        .into_iter()
        .map(|(k, v)| {
            let (ko, vo) = written(&k).unwrap_or_else(|| (f.origin.clone(), f.origin.clone()));
            let value = match &v {
                Value::Null => Attr::absent(vo),
                v => match scalar(v) {
                    Ok(s) => Attr::set(s, vo),
                    Err(r) => Attr::unknown(r, vo),
                },
            };
            Tag {
                key: Attr::set(k, ko),
                value,
            }
        })
        .collect();
    Attr::set(tags, f.origin)
}
