//! Kubernetes manifests, YAML (one or many documents) and JSON, into the model.
//!
//! A document is a Kubernetes object when it carries an `apiVersion` and a `kind`. The objects
//! the model reads are the workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
//! CronJob, ReplicationController), Namespaces, ServiceAccounts, Roles and ClusterRoles, their
//! bindings, NetworkPolicies, and the `kube-system/aws-auth` ConfigMap of EKS. A `kind: List`
//! (what `kubectl get -o yaml` prints) is read item by item. Each kind is matched together with
//! its API group, so that a custom resource that reuses a name (`Cluster`, `Policy`) or an
//! eksctl `ClusterConfig` is not taken for one of them.
//!
//! Suppressions can be declared on an object with the annotation `mamori.io/ignore`
//! (`RULE[,RULE]: reason [until=YYYY-MM-DD]`, several separated by new lines or `;`), and
//! Checkov's `checkov.io/skip<n>: CKV_K8S_<n>=reason` annotations are read too.

mod aws_auth;
mod ignores;
mod objects;
mod read;
mod workload;

use crate::source::SourceFile;
use crate::tree::Node;
use crate::{AdapterOutput, Diagnostic};
use mamori_model::k8s::*;
use mamori_model::{Resource, ResourceMeta, SourceKind};
use read::Ctx;

/// Whether the text may hold Kubernetes objects: worth parsing.
pub fn sniff(text: &str) -> bool {
    text.contains("apiVersion") && text.contains("kind")
}

/// The kinds the model reads, with the API groups they are served from (`""` is the core group,
/// `apiVersion: v1`).
const KINDS: &[(&str, &[&str], &str)] = &[
    ("Pod", &[""], KIND_POD),
    ("Deployment", &["apps", "extensions"], KIND_DEPLOYMENT),
    ("StatefulSet", &["apps"], KIND_STATEFUL_SET),
    ("DaemonSet", &["apps", "extensions"], KIND_DAEMON_SET),
    ("ReplicaSet", &["apps", "extensions"], KIND_REPLICA_SET),
    ("Job", &["batch"], KIND_JOB),
    ("CronJob", &["batch"], KIND_CRON_JOB),
    ("ReplicationController", &[""], KIND_REPLICATION_CONTROLLER),
    ("Namespace", &[""], KIND_NAMESPACE),
    ("ServiceAccount", &[""], KIND_SERVICE_ACCOUNT),
    ("Role", &["rbac.authorization.k8s.io"], KIND_ROLE),
    ("ClusterRole", &["rbac.authorization.k8s.io"], KIND_CLUSTER_ROLE),
    ("RoleBinding", &["rbac.authorization.k8s.io"], KIND_ROLE_BINDING),
    (
        "ClusterRoleBinding",
        &["rbac.authorization.k8s.io"],
        KIND_CLUSTER_ROLE_BINDING,
    ),
    (
        "NetworkPolicy",
        &["networking.k8s.io", "extensions"],
        KIND_NETWORK_POLICY,
    ),
    ("ConfigMap", &[""], KIND_AWS_AUTH),
];

/// Text whose presence makes a Kubernetes manifest that fails to parse an error: it may declare
/// an object the rules judge.
pub fn names_modelled_kinds(text: &str) -> bool {
    text.contains("apiVersion")
        && KINDS
            .iter()
            .filter(|(k, ..)| *k != "ConfigMap")
            .any(|(k, ..)| text.contains(&format!("kind: {k}")) || text.contains(&format!("\"kind\": \"{k}\"")))
}

/// The `apiVersion` and `kind` of a document that is a Kubernetes object.
fn type_of(doc: &Node) -> Option<(&str, &str)> {
    let api = doc.get("apiVersion")?.as_str()?;
    let kind = doc.get("kind")?.as_str()?;
    (!api.is_empty() && !kind.is_empty()).then_some((api, kind))
}

/// Whether a document is a Kubernetes object of any kind (or a `List` of them).
pub fn is_object(doc: &Node) -> bool {
    type_of(doc).is_some()
}

/// The model kind of an object, when the model reads it.
fn modelled(api: &str, kind: &str) -> Option<&'static str> {
    let group = match api.rsplit_once('/') {
        Some((g, _)) => g,
        None => "",
    };
    KINDS
        .iter()
        .find(|(k, groups, _)| *k == kind && groups.contains(&group))
        .map(|(.., m)| *m)
}

/// Reads the Kubernetes objects of one document. `None` when the document is not a Kubernetes
/// object the model reads (nor a list holding one).
pub fn adapt(file: &SourceFile, doc: &Node) -> Option<AdapterOutput> {
    let (api, kind) = type_of(doc)?;
    let mut out = AdapterOutput::default();
    if kind == "List" || (kind.ends_with("List") && doc.get("items").is_some()) {
        let items = doc.get("items")?.as_seq()?;
        let mut any = false;
        for item in items {
            if let Some((api, kind)) = type_of(item)
                && let Some(model) = modelled(api, kind)
                && object(file, item, api, kind, model, &mut out)
            {
                any = true;
            }
        }
        return any.then_some(out);
    }
    let model = modelled(api, kind)?;
    object(file, doc, api, kind, model, &mut out).then_some(out)
}

/// Reads one object into `out`. False when it is not one the model reads after all (a
/// ConfigMap other than `aws-auth`).
fn object(file: &SourceFile, node: &Node, api: &str, kind: &str, model: &'static str, out: &mut AdapterOutput) -> bool {
    let cx = Ctx { file };
    if !node.is_map() {
        return false;
    }
    let metadata_node = node.get("metadata");
    let metadata = cx.object_meta(metadata_node, node.span);
    let name = metadata.name.explicit().cloned();
    let namespace = metadata.namespace.explicit().cloned();
    if model == KIND_AWS_AUTH && (name.as_deref() != Some("aws-auth") || namespace.as_deref() != Some("kube-system")) {
        return false;
    }
    let cluster_scoped = matches!(model, KIND_NAMESPACE | KIND_CLUSTER_ROLE | KIND_CLUSTER_ROLE_BINDING);
    let shown_name = name
        .clone()
        .unwrap_or_else(|| format!("{}:{}", file.path, node.span.start_line));
    let address = if cluster_scoped {
        format!("{kind}/{shown_name}")
    } else {
        format!(
            "{kind}/{}/{shown_name}",
            namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE)
        )
    };
    let meta = ResourceMeta {
        kind: model,
        source: SourceKind::Kubernetes,
        source_type: format!("{api}/{kind}"),
        name: shown_name,
        address,
        origin: file.origin_of(node.span),
        ignores: metadata_node.map(|m| ignores::annotations(file, m)).unwrap_or_default(),
        scope: None,
        plan: None,
    };
    if let Some(problem) = metadata_node.filter(|m| !m.is_map() && !m.is_null()) {
        out.diagnostics.push(Diagnostic::note(
            file.path.clone(),
            problem.span.start_line,
            problem.span.start_col,
            format!(
                "`metadata` of this {kind} should be a mapping, found a {}",
                problem.type_name()
            ),
        ));
    }
    let resource = match model {
        KIND_NAMESPACE => {
            let mut n = K8sNamespace::new(meta);
            n.metadata = metadata;
            Resource::K8sNamespace(n)
        }
        KIND_SERVICE_ACCOUNT => Resource::K8sServiceAccount(objects::service_account(&cx, node, meta, metadata)),
        KIND_ROLE | KIND_CLUSTER_ROLE => {
            Resource::K8sRole(objects::role(&cx, node, meta, metadata, model == KIND_CLUSTER_ROLE))
        }
        KIND_ROLE_BINDING | KIND_CLUSTER_ROLE_BINDING => Resource::K8sRoleBinding(objects::role_binding(
            &cx,
            node,
            meta,
            metadata,
            model == KIND_CLUSTER_ROLE_BINDING,
        )),
        KIND_NETWORK_POLICY => Resource::K8sNetworkPolicy(objects::network_policy(&cx, node, meta, metadata)),
        KIND_AWS_AUTH => Resource::AwsAuthConfigMap(aws_auth::config_map(&cx, node, meta, metadata)),
        _ => Resource::K8sWorkload(Box::new(workload::workload(&cx, node, meta, metadata, kind))),
    };
    out.resources.push(resource);
    true
}

#[cfg(test)]
mod tests;
