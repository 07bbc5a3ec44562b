//! ECS API JSON: what `aws ecs describe-clusters`, `describe-services` and `describe-task-sets`
//! print, and the `--cli-input-json` documents of `create-cluster`, `create-service` and
//! `create-task-set`. The same shapes in YAML (`--output yaml`) are read too.
//!
//! A bare object or a list of objects (as `--query 'services[0]'` prints) is recognised by the
//! fields it carries.

use crate::api_json::{found, meta};
use crate::source::SourceFile;
use crate::tree::{Node, bool_attr, enabled_attr, int_attr, str_attr, str_list_attr};
use crate::{AdapterOutput, doc, ecs_task};
use mamori_model::ecs::{
    AwsVpcConfiguration, CapacityProviderStrategyItem, ClusterSetting, EcsCluster, EcsService, EcsTaskSet,
    ExecuteCommandConfiguration, ExecuteCommandLogConfiguration, KIND_CLUSTER, KIND_SERVICE, KIND_TASK_SET,
};
use mamori_model::ecs_task::{KIND_CAPACITY_PROVIDER, KIND_TASK_DEFINITION};
use mamori_model::resource::Tag;
use mamori_model::{Attr, Resource};

/// Field names whose presence makes a file worth parsing as ECS API JSON.
const MARKERS: &[&str] = &[
    "containerDefinitions",
    "capacityProviderArn",
    "autoScalingGroupProvider",
    "clusterArn",
    "clusterName",
    "serviceArn",
    "serviceName",
    "taskSetArn",
    "taskSets",
    "taskDefinition",
];

pub fn sniff(text: &str) -> bool {
    MARKERS.iter().any(|m| text.contains(m))
}

/// Whether the text is surely ECS API output or input: it carries ECS ARN fields, or it is JSON
/// with the markers. (`serviceName` alone also appears in Kubernetes StatefulSets.)
pub fn strong_sniff(text: &str, is_json: bool) -> bool {
    [
        "clusterArn",
        "serviceArn",
        "taskSetArn",
        "taskDefinitionArn",
        "capacityProviderArn",
    ]
    .iter()
    .any(|m| text.contains(m))
        || (is_json && sniff(text))
}

/// The members of the `--cli-input-json` documents mamori reads, from the ECS API reference.
/// A document is taken for one of them only when every top-level key is a member, so that a
/// Helm `values.yaml` with a `clusterName:` key is not mistaken for `create-cluster` input.
const CREATE_CLUSTER: &[&str] = &[
    "clusterName",
    "tags",
    "settings",
    "configuration",
    "capacityProviders",
    "defaultCapacityProviderStrategy",
    "serviceConnectDefaults",
];
const CREATE_SERVICE: &[&str] = &[
    "cluster",
    "serviceName",
    "taskDefinition",
    "availabilityZoneRebalancing",
    "loadBalancers",
    "serviceRegistries",
    "desiredCount",
    "clientToken",
    "launchType",
    "capacityProviderStrategy",
    "platformVersion",
    "role",
    "deploymentConfiguration",
    "placementConstraints",
    "placementStrategy",
    "networkConfiguration",
    "healthCheckGracePeriodSeconds",
    "schedulingStrategy",
    "deploymentController",
    "tags",
    "enableECSManagedTags",
    "propagateTags",
    "enableExecuteCommand",
    "serviceConnectConfiguration",
    "volumeConfigurations",
    "vpcLatticeConfigurations",
];
const CREATE_TASK_SET: &[&str] = &[
    "service",
    "cluster",
    "externalId",
    "taskDefinition",
    "networkConfiguration",
    "loadBalancers",
    "serviceRegistries",
    "launchType",
    "capacityProviderStrategy",
    "platformVersion",
    "scale",
    "clientToken",
    "tags",
];

/// The members of `register-task-definition` input.
const REGISTER_TASK_DEFINITION: &[&str] = &[
    "family",
    "taskRoleArn",
    "executionRoleArn",
    "networkMode",
    "containerDefinitions",
    "volumes",
    "placementConstraints",
    "requiresCompatibilities",
    "cpu",
    "memory",
    "tags",
    "pidMode",
    "ipcMode",
    "proxyConfiguration",
    "inferenceAccelerators",
    "ephemeralStorage",
    "runtimePlatform",
    "enableFaultInjection",
];
const CREATE_CAPACITY_PROVIDER: &[&str] = &[
    "name",
    "cluster",
    "autoScalingGroupProvider",
    "managedInstancesProvider",
    "tags",
];

/// Whether every key of a mapping is one of `members` and the `required` keys are present.
fn is_request(n: &Node, members: &[&str], required: &[&str]) -> bool {
    n.as_map().is_some_and(|m| {
        m.iter().all(|(k, _)| members.contains(&k.text.as_str())) && required.iter().all(|r| n.get(r).is_some())
    })
}

/// Reads an ECS API document; `None` when the document is not one.
pub fn adapt(file: &SourceFile, doc: &Node) -> Option<AdapterOutput> {
    let mut out = AdapterOutput::default();
    // `describe-*` output: a list under its key, each item carrying its ARN.
    let items = |key: &str, arn: &str| -> Vec<&Node> {
        doc.get(key)
            .and_then(Node::as_seq)
            .map(|l| l.iter().filter(|i| i.get(arn).is_some()).collect())
            .unwrap_or_default()
    };
    if let Some(list) = doc.as_seq() {
        for item in list {
            object(file, item, &mut out.resources);
        }
    } else if doc.is_map() {
        for c in items("clusters", "clusterArn") {
            out.resources.push(cluster(file, c, "describe-clusters"));
        }
        for s in items("services", "serviceArn") {
            service(file, s, "describe-services", &mut out.resources);
        }
        for t in items("taskSets", "taskSetArn") {
            out.resources.push(task_set(file, t, "describe-task-sets"));
        }
        for c in items("capacityProviders", "capacityProviderArn") {
            out.resources
                .push(capacity_provider(file, c, "describe-capacity-providers"));
        }
        // `describe-task-definition` (and `register-task-definition` output): one object,
        // with the tags beside it when asked for (`--include TAGS`).
        if let Some(td) = doc
            .get("taskDefinition")
            .filter(|t| t.get("taskDefinitionArn").is_some())
        {
            out.resources
                .push(task_definition(file, td, doc.get("tags"), "describe-task-definition"));
        }
        if out.resources.is_empty() {
            // `create-*` and `update-*` output wraps one object: {"cluster": {...}}.
            if let Some(c) = doc.get("cluster").filter(|c| c.get("clusterArn").is_some()) {
                out.resources.push(cluster(file, c, "create-cluster output"));
            } else if let Some(s) = doc.get("service").filter(|s| s.get("serviceArn").is_some()) {
                service(file, s, "create-service output", &mut out.resources);
            } else if let Some(t) = doc.get("taskSet").filter(|t| t.get("taskSetArn").is_some()) {
                out.resources.push(task_set(file, t, "create-task-set output"));
            } else if let Some(c) = doc
                .get("capacityProvider")
                .filter(|c| c.get("capacityProviderArn").is_some())
            {
                out.resources
                    .push(capacity_provider(file, c, "create-capacity-provider output"));
            } else {
                object(file, doc, &mut out.resources);
            }
        }
    }
    found(out)
}

/// A bare API object (as `--query 'services[0]'` prints) or a `--cli-input-json` document.
fn object(file: &SourceFile, n: &Node, out: &mut Vec<Resource>) {
    if n.get("taskDefinitionArn").is_some() && n.get("containerDefinitions").is_some() {
        out.push(task_definition(file, n, None, "describe-task-definition"));
    } else if n.get("capacityProviderArn").is_some() {
        out.push(capacity_provider(file, n, "describe-capacity-providers"));
    } else if is_request(n, REGISTER_TASK_DEFINITION, &["family", "containerDefinitions"]) {
        out.push(task_definition(file, n, None, "register-task-definition"));
    } else if is_request(n, CREATE_CAPACITY_PROVIDER, &["name", "autoScalingGroupProvider"]) {
        out.push(capacity_provider(file, n, "create-capacity-provider"));
    } else if n.get("taskSetArn").is_some() {
        out.push(task_set(file, n, "describe-task-sets"));
    } else if n.get("serviceArn").is_some() {
        service(file, n, "describe-services", out);
    } else if n.get("clusterArn").is_some() && n.get("clusterName").is_some() {
        out.push(cluster(file, n, "describe-clusters"));
    } else if is_request(n, CREATE_SERVICE, &["serviceName"]) {
        service(file, n, "create-service", out);
    } else if is_request(n, CREATE_TASK_SET, &["service", "cluster", "taskDefinition"]) {
        out.push(task_set(file, n, "create-task-set"));
    } else if is_request(n, CREATE_CLUSTER, &["clusterName"]) {
        out.push(cluster(file, n, "create-cluster"));
    }
}

fn cluster(file: &SourceFile, n: &Node, source_type: &str) -> Resource {
    let name = str_attr(file, n.get("clusterName"), n.span);
    let mut c = EcsCluster::new(meta(file, n, KIND_CLUSTER, source_type, &name, "clusterArn"));
    c.cluster_name = name;
    c.settings = list(file, n, "settings", |s| ClusterSetting {
        name: str_attr(file, s.get("name"), s.span),
        value: str_attr(file, s.get("value"), s.span),
    });
    // `describe-clusters` prints `settings` only when asked (`--include SETTINGS`); its absence
    // in API output says nothing about the cluster.
    if n.get("settings").is_none() && n.get("clusterArn").is_some() {
        c.settings = Attr::unknown(
            "the describe-clusters output has no `settings`; run it with `--include SETTINGS`",
            file.origin_of(n.span),
        );
    }
    if let Some(ec) = n
        .get("configuration")
        .and_then(|c| c.get("executeCommandConfiguration"))
    {
        let log = ec.get("logConfiguration").map(|l| ExecuteCommandLogConfiguration {
            cloud_watch_log_group_name: str_attr(file, l.get("cloudWatchLogGroupName"), l.span),
            cloud_watch_encryption_enabled: bool_attr(file, l.get("cloudWatchEncryptionEnabled"), l.span),
            s3_bucket_name: str_attr(file, l.get("s3BucketName"), l.span),
            s3_encryption_enabled: bool_attr(file, l.get("s3EncryptionEnabled"), l.span),
            s3_key_prefix: str_attr(file, l.get("s3KeyPrefix"), l.span),
        });
        let log_attr = match (log, ec.get("logConfiguration")) {
            (Some(l), Some(node)) => Attr::set(l, file.origin_of(node.span)),
            _ => Attr::absent(file.origin_of(ec.span)),
        };
        c.execute_command = Attr::set(
            ExecuteCommandConfiguration {
                kms_key_id: str_attr(file, ec.get("kmsKeyId"), ec.span),
                logging: str_attr(file, ec.get("logging"), ec.span),
                log_configuration: log_attr,
            },
            file.origin_of(ec.span),
        );
    }
    c.default_capacity_provider_strategy = strategy(file, n, "defaultCapacityProviderStrategy");
    c.tags = tags(file, n);
    Resource::EcsCluster(c)
}

fn service(file: &SourceFile, n: &Node, source_type: &str, out: &mut Vec<Resource>) {
    let name = str_attr(file, n.get("serviceName"), n.span);
    let mut s = EcsService::new(meta(file, n, KIND_SERVICE, source_type, &name, "serviceArn"));
    s.service_name = name;
    s.cluster = str_attr(file, n.get("clusterArn").or_else(|| n.get("cluster")), n.span);
    s.task_definition = str_attr(file, n.get("taskDefinition"), n.span);
    s.launch_type = str_attr(file, n.get("launchType"), n.span);
    s.capacity_provider_strategy = strategy(file, n, "capacityProviderStrategy");
    s.platform_version = str_attr(file, n.get("platformVersion"), n.span);
    s.platform_family = str_attr(file, n.get("platformFamily"), n.span);
    s.network = network(file, n);
    s.enable_execute_command = bool_attr(file, n.get("enableExecuteCommand"), n.span);
    s.deployment_controller = match n.get("deploymentController") {
        Some(dc) => str_attr(file, dc.get("type"), dc.span),
        None => Attr::absent(file.origin_of(n.span)),
    };
    s.tags = tags(file, n);
    let cluster = s.cluster.clone();
    let service_ref = s.meta.address.clone();
    out.push(Resource::EcsService(s));
    // describe-services prints the task sets of services with an EXTERNAL controller.
    if let Some(sets) = n.get("taskSets").and_then(Node::as_seq) {
        for t in sets {
            let mut ts = task_set_of(file, t, "describe-services");
            if ts.service.is_absent() {
                ts.service = Attr::set(service_ref.clone(), file.origin_of(t.span));
            }
            if ts.cluster.is_absent() {
                ts.cluster = cluster.clone();
            }
            out.push(Resource::EcsTaskSet(ts));
        }
    }
}

fn task_set(file: &SourceFile, n: &Node, source_type: &str) -> Resource {
    Resource::EcsTaskSet(task_set_of(file, n, source_type))
}

fn task_set_of(file: &SourceFile, n: &Node, source_type: &str) -> EcsTaskSet {
    let id = str_attr(file, n.get("id"), n.span);
    let mut t = EcsTaskSet::new(meta(file, n, KIND_TASK_SET, source_type, &id, "taskSetArn"));
    t.service = str_attr(file, n.get("serviceArn").or_else(|| n.get("service")), n.span);
    t.cluster = str_attr(file, n.get("clusterArn").or_else(|| n.get("cluster")), n.span);
    t.task_definition = str_attr(file, n.get("taskDefinition"), n.span);
    t.launch_type = str_attr(file, n.get("launchType"), n.span);
    t.capacity_provider_strategy = strategy(file, n, "capacityProviderStrategy");
    t.platform_version = str_attr(file, n.get("platformVersion"), n.span);
    t.platform_family = str_attr(file, n.get("platformFamily"), n.span);
    t.network = network(file, n);
    t.tags = tags(file, n);
    t
}

/// A task definition; `tags` are the ones `describe-task-definition --include TAGS` prints
/// beside it.
fn task_definition(file: &SourceFile, n: &Node, tags: Option<&Node>, source_type: &str) -> Resource {
    let family = str_attr(file, n.get("family"), n.span);
    let revision = n.get("revision").and_then(Node::scalar_text);
    let name = match (family.value(), revision) {
        (Some(f), Some(r)) => Attr::set(format!("{f}:{r}"), family.origin.clone()),
        _ => family,
    };
    let meta = meta(file, n, KIND_TASK_DEFINITION, source_type, &name, "taskDefinitionArn");
    let d = doc::from_tree(file, n);
    let mut td = ecs_task::task_definition(meta, &d);
    if let Some(t) = tags {
        td.tags = ecs_task::tags(Some(&doc::from_tree(file, t)), &d.origin);
    } else if n.get("taskDefinitionArn").is_some() && n.get("tags").is_none() {
        td.tags = Attr::unknown(
            "the describe-task-definition output has no `tags`; run it with `--include TAGS`",
            file.origin_of(n.span),
        );
    }
    Resource::EcsTaskDefinition(td)
}

fn capacity_provider(file: &SourceFile, n: &Node, source_type: &str) -> Resource {
    let name = str_attr(file, n.get("name"), n.span);
    let meta = meta(
        file,
        n,
        KIND_CAPACITY_PROVIDER,
        source_type,
        &name,
        "capacityProviderArn",
    );
    Resource::EcsCapacityProvider(ecs_task::capacity_provider(meta, &doc::from_tree(file, n)))
}

fn network(file: &SourceFile, n: &Node) -> Attr<AwsVpcConfiguration> {
    let Some(nc) = n.get("networkConfiguration") else {
        return Attr::absent(file.origin_of(n.span));
    };
    let Some(vpc) = nc.get("awsvpcConfiguration") else {
        return Attr::absent(file.origin_of(nc.span));
    };
    Attr::set(
        AwsVpcConfiguration {
            subnets: str_list_attr(file, vpc.get("subnets"), vpc.span),
            security_groups: str_list_attr(file, vpc.get("securityGroups"), vpc.span),
            assign_public_ip: enabled_attr(file, vpc.get("assignPublicIp"), vpc.span),
        },
        file.origin_of(vpc.span),
    )
}

fn strategy(file: &SourceFile, n: &Node, key: &str) -> Attr<Vec<CapacityProviderStrategyItem>> {
    list(file, n, key, |i| CapacityProviderStrategyItem {
        capacity_provider: str_attr(file, i.get("capacityProvider"), i.span),
        weight: int_attr(file, i.get("weight"), i.span),
        base: int_attr(file, i.get("base"), i.span),
    })
}

/// Tags. `describe-*` output (an object carrying its ARN) prints them only when run with
/// `--include TAGS`; their absence there says nothing about the resource.
fn tags(file: &SourceFile, n: &Node) -> Attr<Vec<Tag>> {
    let described = ["clusterArn", "serviceArn", "taskSetArn", "capacityProviderArn"]
        .iter()
        .any(|k| n.get(k).is_some());
    if described && n.get("tags").is_none() {
        let command = if n.get("taskSetArn").is_some() {
            "describe-task-sets"
        } else if n.get("serviceArn").is_some() {
            "describe-services"
        } else if n.get("capacityProviderArn").is_some() {
            "describe-capacity-providers"
        } else {
            "describe-clusters"
        };
        return Attr::unknown(
            format!("the {command} output has no `tags`; run it with `--include TAGS`"),
            file.origin_of(n.span),
        );
    }
    list(file, n, "tags", |t| Tag {
        key: str_attr(file, t.get("key"), t.span),
        value: str_attr(file, t.get("value"), t.span),
    })
}

/// A list of objects under `key`; an empty list counts as absent.
fn list<T>(file: &SourceFile, n: &Node, key: &str, f: impl Fn(&Node) -> T) -> Attr<Vec<T>> {
    match n.get(key) {
        None => Attr::absent(file.origin_of(n.span)),
        Some(v) if v.is_null() => Attr::absent(file.origin_of(v.span)),
        Some(v) => match v.as_seq() {
            Some([]) => Attr::absent(file.origin_of(v.span)),
            Some(items) => Attr::set(items.iter().map(&f).collect(), file.origin_of(v.span)),
            None => Attr::unknown(
                format!("`{key}` should be a list, found a {}", v.type_name()),
                file.origin_of(v.span),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{parse_json, parse_yaml};

    fn kinds(text: &str, yaml: bool) -> Vec<String> {
        let f = SourceFile::new(if yaml { "t.yaml" } else { "t.json" }, text);
        let doc = if yaml {
            parse_yaml(&f).unwrap().remove(0)
        } else {
            parse_json(&f).unwrap().unwrap()
        };
        adapt(&f, &doc)
            .map(|o| o.resources.iter().map(|r| r.meta().source_type.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn request_documents_are_recognised_by_their_members() {
        assert_eq!(
            kinds(r#"{"clusterName": "a", "settings": []}"#, false),
            ["create-cluster"]
        );
        assert_eq!(
            kinds(
                r#"{"serviceName": "a", "cluster": "c", "launchType": "FARGATE"}"#,
                false
            ),
            ["create-service"]
        );
        assert_eq!(
            kinds(
                r#"{"service": "s", "cluster": "c", "taskDefinition": "t:1", "externalId": "x"}"#,
                false
            ),
            ["create-task-set"]
        );
    }

    #[test]
    fn look_alikes_are_not_ecs_documents() {
        // Helm values of an EKS add-on.
        assert!(kinds("clusterName: prod\nregion: us-east-1\nimage:\n  tag: v1\n", true).is_empty());
        // A StatefulSet spec.
        assert!(kinds("serviceName: web\nreplicas: 2\n", true).is_empty());
        // A list named `clusters` whose items are not ECS clusters.
        assert!(kinds(r#"{"clusters": [{"name": "a"}]}"#, false).is_empty());
    }

    #[test]
    fn describe_output_and_bare_objects() {
        let svc = r#"{"services": [{"serviceArn": "arn:aws:ecs:us-east-1:1:service/c/s", "serviceName": "s",
            "taskSets": [{"taskSetArn": "arn:aws:ecs:us-east-1:1:task-set/c/s/x", "id": "x"}]}]}"#;
        assert_eq!(kinds(svc, false), ["describe-services", "describe-services"]);
        let bare = r#"[{"clusterArn": "arn:aws:ecs:us-east-1:1:cluster/c", "clusterName": "c"}]"#;
        assert_eq!(kinds(bare, false), ["describe-clusters"]);
        let wrapped = r#"{"service": {"serviceArn": "arn:aws:ecs:us-east-1:1:service/c/s", "serviceName": "s"}}"#;
        assert_eq!(kinds(wrapped, false), ["create-service output"]);
    }

    #[test]
    fn describe_output_without_tags_leaves_them_unknown() {
        let f = SourceFile::new(
            "c.json",
            r#"{"clusters": [{"clusterArn": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/a", "clusterName": "a"},
                {"clusterArn": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/b", "clusterName": "b", "tags": []}]}"#,
        );
        let doc = parse_json(&f).unwrap().unwrap();
        let out = adapt(&f, &doc).unwrap();
        let tags: Vec<_> = out
            .resources
            .iter()
            .map(|r| match r {
                Resource::EcsCluster(c) => c.tags.clone(),
                _ => unreachable!(),
            })
            .collect();
        assert!(tags[0].unknown_reason().unwrap().contains("--include TAGS"));
        // Run with --include TAGS, an empty list means the cluster has none.
        assert!(tags[1].is_absent());
        // A create-cluster request without tags has none.
        let req = SourceFile::new("r.json", r#"{"clusterName": "a"}"#);
        let doc = parse_json(&req).unwrap().unwrap();
        match &adapt(&req, &doc).unwrap().resources[0] {
            Resource::EcsCluster(c) => assert!(c.tags.is_absent()),
            _ => unreachable!(),
        }
    }
}
