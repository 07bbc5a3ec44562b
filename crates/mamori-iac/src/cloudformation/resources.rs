//! ECS resources of a template into the model, from their evaluated properties.
//!
//! An explicit property is `Set` at its value's node; an omitted one is `Absent` at the mapping
//! that omits it (the `Properties` mapping, a nested property's mapping, or the whole resource
//! when it has no `Properties`); an unresolved one is `Unknown` at its value's node.

use super::intrinsics::dynamic_reference;
use super::value::{Kind, Val};
use crate::doc::{Doc, DocKey, DocValue};
use crate::ecs_task;
use crate::source::SourceFile;
use mamori_model::ecs::{
    AwsVpcConfiguration, CapacityProviderStrategyItem, ClusterSetting, EcsCluster, EcsService, EcsTaskSet,
    ExecuteCommandConfiguration, ExecuteCommandLogConfiguration, KIND_CLUSTER, KIND_SERVICE, KIND_TASK_SET,
};
use mamori_model::ecs_task::{EcsCapacityProvider, EcsTaskDefinition, KIND_CAPACITY_PROVIDER, KIND_TASK_DEFINITION};
use mamori_model::resource::Tag;
use mamori_model::{Attr, ResourceMeta, SourceKind, Span};

/// One resource of the template, its properties evaluated.
pub struct Decl<'a> {
    pub file: &'a SourceFile,
    pub logical_id: &'a str,
    pub type_name: &'a str,
    /// From the logical id to the end of the resource's definition.
    pub span: Span,
    /// The evaluated `Properties`: a mapping or an unknown value; `None` when there are none.
    pub props: Option<Val>,
    /// Suppressions in the resource's `Metadata`.
    pub ignores: Vec<mamori_model::resource::Ignore>,
}

impl Decl<'_> {
    /// Where an omitted property points: the `Properties` mapping, or the resource.
    pub(super) fn parent(&self) -> Span {
        self.props.as_ref().map_or(self.span, |p| p.span)
    }

    pub(super) fn prop(&self, key: &str) -> Option<&Val> {
        self.props.as_ref().and_then(|p| p.get(key))
    }

    /// The properties as a format-free document; an omitted `Properties` is an empty mapping at
    /// the resource.
    fn doc(&self) -> Doc {
        let empty = || Doc::new(DocValue::Map(Vec::new()), self.file.origin_of(self.span));
        self.props
            .as_ref()
            .and_then(|p| to_doc(self.file, p))
            .unwrap_or_else(empty)
    }

    pub(super) fn meta(&self, kind: &'static str, name: &Attr<String>) -> ResourceMeta {
        ResourceMeta {
            kind,
            source: SourceKind::CloudFormation,
            source_type: self.type_name.to_string(),
            name: name.explicit().cloned().unwrap_or_else(|| self.logical_id.to_string()),
            address: self.logical_id.to_string(),
            origin: self.file.origin_of(self.span),
            ignores: self.ignores.clone(),
            scope: None,
            plan: None,
        }
    }
}

pub fn cluster(d: &Decl<'_>) -> EcsCluster {
    let f = d.file;
    let parent = d.parent();
    let name = str_attr(f, d.prop("ClusterName"), parent);
    let mut c = EcsCluster::new(d.meta(KIND_CLUSTER, &name));
    c.cluster_name = name;
    c.settings = settings(f, d.prop("ClusterSettings"), parent);
    c.execute_command = flat(f, d.prop("Configuration"), parent, |conf| {
        object(f, conf.get("ExecuteCommandConfiguration"), conf.span, |ec| {
            ExecuteCommandConfiguration {
                kms_key_id: str_attr(f, ec.get("KmsKeyId"), ec.span),
                logging: str_attr(f, ec.get("Logging"), ec.span),
                log_configuration: object(f, ec.get("LogConfiguration"), ec.span, |l| {
                    ExecuteCommandLogConfiguration {
                        cloud_watch_log_group_name: str_attr(f, l.get("CloudWatchLogGroupName"), l.span),
                        cloud_watch_encryption_enabled: bool_attr(f, l.get("CloudWatchEncryptionEnabled"), l.span),
                        s3_bucket_name: str_attr(f, l.get("S3BucketName"), l.span),
                        s3_encryption_enabled: bool_attr(f, l.get("S3EncryptionEnabled"), l.span),
                        s3_key_prefix: str_attr(f, l.get("S3KeyPrefix"), l.span),
                    }
                }),
            }
        })
    });
    c.default_capacity_provider_strategy = strategy(f, d.prop("DefaultCapacityProviderStrategy"), parent);
    c.tags = tags(f, d.prop("Tags"), parent);
    c
}

/// An `AWS::ECS::ClusterCapacityProviderAssociations`: the cluster it names and the default
/// strategy it gives that cluster.
pub fn association(d: &Decl<'_>) -> (Attr<String>, Attr<Vec<CapacityProviderStrategyItem>>) {
    let parent = d.parent();
    (
        ref_attr(d.file, d.prop("Cluster"), parent),
        strategy(d.file, d.prop("DefaultCapacityProviderStrategy"), parent),
    )
}

pub fn task_definition(d: &Decl<'_>) -> EcsTaskDefinition {
    let props = d.doc();
    let family = str_attr(d.file, d.prop("Family"), d.parent());
    ecs_task::task_definition(d.meta(KIND_TASK_DEFINITION, &family), &props)
}

pub fn capacity_provider(d: &Decl<'_>) -> EcsCapacityProvider {
    let props = d.doc();
    let name = str_attr(d.file, d.prop("Name"), d.parent());
    ecs_task::capacity_provider(d.meta(KIND_CAPACITY_PROVIDER, &name), &props)
}

pub fn service(d: &Decl<'_>) -> EcsService {
    let f = d.file;
    let parent = d.parent();
    let name = str_attr(f, d.prop("ServiceName"), parent);
    let mut s = EcsService::new(d.meta(KIND_SERVICE, &name));
    s.service_name = name;
    s.cluster = ref_attr(f, d.prop("Cluster"), parent);
    s.task_definition = ref_attr(f, d.prop("TaskDefinition"), parent);
    s.launch_type = str_attr(f, d.prop("LaunchType"), parent);
    s.capacity_provider_strategy = strategy(f, d.prop("CapacityProviderStrategy"), parent);
    s.platform_version = str_attr(f, d.prop("PlatformVersion"), parent);
    s.network = network(
        f,
        d.prop("NetworkConfiguration"),
        parent,
        "AwsvpcConfiguration",
        "AwsVpcConfiguration",
    );
    s.enable_execute_command = bool_attr(f, d.prop("EnableExecuteCommand"), parent);
    s.deployment_controller = flat(f, d.prop("DeploymentController"), parent, |dc| {
        str_attr(f, dc.get("Type"), dc.span)
    });
    s.tags = tags(f, d.prop("Tags"), parent);
    s
}

pub fn task_set(d: &Decl<'_>) -> EcsTaskSet {
    let f = d.file;
    let parent = d.parent();
    let mut t = EcsTaskSet::new(d.meta(KIND_TASK_SET, &Attr::absent(f.origin_of(parent))));
    t.service = ref_attr(f, d.prop("Service"), parent);
    t.cluster = ref_attr(f, d.prop("Cluster"), parent);
    t.task_definition = ref_attr(f, d.prop("TaskDefinition"), parent);
    t.launch_type = str_attr(f, d.prop("LaunchType"), parent);
    t.capacity_provider_strategy = strategy(f, d.prop("CapacityProviderStrategy"), parent);
    t.platform_version = str_attr(f, d.prop("PlatformVersion"), parent);
    // The task set's reference spells it `AwsVpcConfiguration`, the service's `AwsvpcConfiguration`.
    t.network = network(
        f,
        d.prop("NetworkConfiguration"),
        parent,
        "AwsVpcConfiguration",
        "AwsvpcConfiguration",
    );
    t.tags = tags(f, d.prop("Tags"), parent);
    t
}

/// The service a dynamic reference reads: `secretsmanager` in `{{resolve:secretsmanager:…}}`.
fn dynamic_reference_service(s: &str) -> String {
    s.split("{{resolve:")
        .nth(1)
        .and_then(|r| r.split(':').next())
        .unwrap_or("")
        .to_string()
}

/// An evaluated value as a document; `AWS::NoValue` leaves the value out (`None`).
pub(super) fn to_doc(f: &SourceFile, v: &Val) -> Option<Doc> {
    let origin = f.origin_of(v.span);
    let value = match &v.kind {
        Kind::NoValue => return None,
        Kind::Null => DocValue::Null,
        Kind::Bool(b) => DocValue::Bool(*b),
        Kind::Number(n) => DocValue::Number(n.clone()),
        Kind::Str(s) => match dynamic_reference(s) {
            Some(reason) => DocValue::DynamicRef {
                service: dynamic_reference_service(s),
                reason,
            },
            None => DocValue::Str(s.clone()),
        },
        Kind::List(items) => DocValue::List(items.iter().filter_map(|i| to_doc(f, i)).collect()),
        Kind::Map(entries) => DocValue::Map(
            entries
                .iter()
                .filter_map(|(k, v)| {
                    let key = DocKey {
                        text: k.text.clone(),
                        origin: f.origin_of(k.span),
                    };
                    to_doc(f, v).map(|d| {
                        let d = crate::doc::from_key(&key.origin, d);
                        (key, d)
                    })
                })
                .collect(),
        ),
        Kind::Computed { resource, .. } => DocValue::Ref(resource.clone()),
        // The evaluator leaves a dynamic reference unknown with the reference in its reason.
        Kind::Unknown(r) => match r.strip_prefix("dynamic reference ") {
            Some(rest) if rest.starts_with("{{resolve:") => DocValue::DynamicRef {
                service: dynamic_reference_service(rest),
                reason: r.clone(),
            },
            _ => DocValue::Unknown(r.clone()),
        },
    };
    Some(Doc::new(value, origin))
}

fn network(f: &SourceFile, v: Option<&Val>, parent: Span, key: &str, alt: &str) -> Attr<AwsVpcConfiguration> {
    flat(f, v, parent, |nc| {
        object(f, nc.get(key).or_else(|| nc.get(alt)), nc.span, |vpc| {
            AwsVpcConfiguration {
                subnets: str_list_attr(f, vpc.get("Subnets"), vpc.span),
                security_groups: super::ec2::ref_list_attr(f, vpc.get("SecurityGroups"), vpc.span),
                assign_public_ip: enabled_attr(f, vpc.get("AssignPublicIp"), vpc.span),
            }
        })
    })
}

/// `ClusterSettings`. When an entry or its name cannot be resolved the whole list is unknown:
/// that entry might be the very setting a rule looks for.
fn settings(f: &SourceFile, v: Option<&Val>, parent: Span) -> Attr<Vec<ClusterSetting>> {
    if let Some(Val {
        kind: Kind::List(items),
        ..
    }) = v
    {
        for item in items {
            let name = item.get("Name");
            let why =
                match (&item.kind, name) {
                    (Kind::Map(_), Some(n)) => n.unknown_reason(),
                    (Kind::Map(_), None) => None,
                    _ => Some(item.unknown_reason().unwrap_or_else(|| {
                        format!("a cluster setting should be a mapping, found a {}", item.type_name())
                    })),
                };
            if let Some(why) = why {
                return Attr::unknown(why, f.origin_of(item.span));
            }
        }
    }
    list(f, v, parent, |s| ClusterSetting {
        name: str_attr(f, s.get("Name"), s.span),
        value: str_attr(f, s.get("Value"), s.span),
    })
}

fn strategy(f: &SourceFile, v: Option<&Val>, parent: Span) -> Attr<Vec<CapacityProviderStrategyItem>> {
    list(f, v, parent, |i| CapacityProviderStrategyItem {
        capacity_provider: str_attr(f, i.get("CapacityProvider"), i.span),
        weight: int_attr(f, i.get("Weight"), i.span),
        base: int_attr(f, i.get("Base"), i.span),
    })
}

pub(super) fn tags(f: &SourceFile, v: Option<&Val>, parent: Span) -> Attr<Vec<Tag>> {
    list(f, v, parent, |t| Tag {
        key: str_attr(f, t.get("Key"), t.span),
        value: str_attr(f, t.get("Value"), t.span),
    })
}

/// The value when it is there; otherwise the absent attribute for an omitted value,
/// `AWS::NoValue`, or null.
pub(super) fn present<'v, T>(f: &SourceFile, v: Option<&'v Val>, parent: Span) -> Result<&'v Val, Attr<T>> {
    match v {
        None => Err(Attr::absent(f.origin_of(parent))),
        Some(v) if v.is_no_value() => Err(Attr::absent(f.origin_of(parent))),
        Some(v) if matches!(v.kind, Kind::Null) => Err(Attr::absent(f.origin_of(v.span))),
        Some(v) => Ok(v),
    }
}

fn unknown<T>(f: &SourceFile, v: &Val, expected: &str) -> Attr<T> {
    let why = v
        .unknown_reason()
        .unwrap_or_else(|| format!("expected {expected}, found a {}", v.type_name()));
    Attr::unknown(why, f.origin_of(v.span))
}

/// A string. Numbers and booleans are taken as their text.
pub fn str_attr(f: &SourceFile, v: Option<&Val>, parent: Span) -> Attr<String> {
    let v = match present(f, v, parent) {
        Ok(v) => v,
        Err(a) => return a,
    };
    match v.text() {
        // A dynamic reference that arrived through a parameter default or a join.
        Some(t) => match dynamic_reference(&t) {
            Some(why) => Attr::unknown(why, f.origin_of(v.span)),
            None => Attr::set(t, f.origin_of(v.span)),
        },
        None => unknown(f, v, "a string"),
    }
}

/// A reference to another resource: a `Ref` or `Fn::GetAtt` of a resource of the template
/// gives its logical id, anything else its string value.
pub fn ref_attr(f: &SourceFile, v: Option<&Val>, parent: Span) -> Attr<String> {
    match v {
        Some(Val {
            kind: Kind::Computed { resource, .. },
            span,
        }) => Attr::set(resource.clone(), f.origin_of(*span)),
        _ => str_attr(f, v, parent),
    }
}

/// A boolean; the strings `true` and `false` count, as CloudFormation accepts them.
pub fn bool_attr(f: &SourceFile, v: Option<&Val>, parent: Span) -> Attr<bool> {
    let v = match present(f, v, parent) {
        Ok(v) => v,
        Err(a) => return a,
    };
    match &v.kind {
        Kind::Bool(b) => Attr::set(*b, f.origin_of(v.span)),
        Kind::Str(s) if s.eq_ignore_ascii_case("true") => Attr::set(true, f.origin_of(v.span)),
        Kind::Str(s) if s.eq_ignore_ascii_case("false") => Attr::set(false, f.origin_of(v.span)),
        _ => unknown(f, v, "a boolean"),
    }
}

/// An `ENABLED` / `DISABLED` string read as a boolean.
pub fn enabled_attr(f: &SourceFile, v: Option<&Val>, parent: Span) -> Attr<bool> {
    let s = str_attr(f, v, parent);
    match s.explicit().map(|t| t.to_ascii_uppercase()) {
        Some(t) if t == "ENABLED" => Attr::set(true, s.origin),
        Some(t) if t == "DISABLED" => Attr::set(false, s.origin),
        Some(_) => {
            let t = s.explicit().cloned().unwrap_or_default();
            Attr::unknown(format!("`{t}` is neither ENABLED nor DISABLED"), s.origin)
        }
        None => s.map(|_| false),
    }
}

pub fn int_attr(f: &SourceFile, v: Option<&Val>, parent: Span) -> Attr<i64> {
    let s = str_attr(f, v, parent);
    match s.explicit().map(|t| t.trim().parse::<i64>()) {
        Some(Ok(i)) => Attr::set(i, s.origin),
        Some(Err(_)) => Attr::unknown("expected a whole number", s.origin),
        None => s.map(|_| 0),
    }
}

/// A list of strings, each with its own origin.
pub fn str_list_attr(f: &SourceFile, v: Option<&Val>, parent: Span) -> Attr<Vec<Attr<String>>> {
    let v = match present(f, v, parent) {
        Ok(v) => v,
        Err(a) => return a,
    };
    match &v.kind {
        Kind::List(items) => Attr::set(
            items.iter().map(|i| str_attr(f, Some(i), v.span)).collect(),
            f.origin_of(v.span),
        ),
        _ => unknown(f, v, "a list"),
    }
}

/// A nested mapping read by `build`.
pub(super) fn object<T>(f: &SourceFile, v: Option<&Val>, parent: Span, build: impl FnOnce(&Val) -> T) -> Attr<T> {
    flat(f, v, parent, |m| Attr::set(build(m), f.origin_of(m.span)))
}

/// A value read from inside a nested mapping by `read`, which decides its state.
pub(super) fn flat<T>(f: &SourceFile, v: Option<&Val>, parent: Span, read: impl FnOnce(&Val) -> Attr<T>) -> Attr<T> {
    let v = match present(f, v, parent) {
        Ok(v) => v,
        Err(a) => return a,
    };
    if v.is_map() {
        read(v)
    } else {
        unknown(f, v, "a mapping")
    }
}

/// A list of mappings, each read by `item`; an empty list counts as absent. An item that cannot
/// be resolved reads as unknown in every field.
pub(super) fn list<T>(f: &SourceFile, v: Option<&Val>, parent: Span, item: impl Fn(&Val) -> T) -> Attr<Vec<T>> {
    let v = match present(f, v, parent) {
        Ok(v) => v,
        Err(a) => return a,
    };
    match &v.kind {
        Kind::List(items) if items.is_empty() => Attr::absent(f.origin_of(v.span)),
        Kind::List(items) => Attr::set(
            items
                .iter()
                .map(|i| match &i.kind {
                    Kind::Map(_) | Kind::Unknown(_) => item(i),
                    _ => {
                        let why = i
                            .unknown_reason()
                            .unwrap_or_else(|| format!("expected a mapping, found a {}", i.type_name()));
                        item(&Val::unknown(why, i.span))
                    }
                })
                .collect(),
            f.origin_of(v.span),
        ),
        _ => unknown(f, v, "a list"),
    }
}
