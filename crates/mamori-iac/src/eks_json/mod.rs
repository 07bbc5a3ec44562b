//! EKS API JSON: what `aws eks describe-cluster`, `describe-nodegroup`, `describe-access-entry`
//! and `describe-pod-identity-association` print (also as `--output yaml`), the bare objects a
//! `--query` prints, and the `--cli-input-json` documents of `create-cluster` and
//! `create-nodegroup`.
//!
//! Recognised by content: an EKS ARN (`arn:aws:eks:` and the China and GovCloud partitions),
//! or a request document whose every top-level key is a member of that request.

use crate::AdapterOutput;
use crate::api_json::{found, meta};
use crate::source::SourceFile;
use crate::tree::{Node, bool_attr, str_attr, str_list_attr};
use mamori_model::eks::{
    AccessPolicyAssociation, EksAccessEntry, EksCluster, EksNodegroup, EksPodIdentityAssociation, EncryptionConfig,
    KIND_EKS_ACCESS_ENTRY, KIND_EKS_CLUSTER, KIND_EKS_NODEGROUP, KIND_EKS_POD_IDENTITY_ASSOCIATION, RemoteAccess,
};
use mamori_model::resource::Tag;
use mamori_model::{Attr, Resource};

/// Whether the text may be EKS API output or input: worth parsing.
pub fn sniff(text: &str) -> bool {
    text.contains(":eks:") || text.contains("resourcesVpcConfig") || text.contains("nodegroupName")
}

/// Whether the text surely is EKS API output (it carries an EKS ARN), so that a parse failure
/// is an error rather than a note.
pub fn strong_sniff(text: &str) -> bool {
    ["arn:aws:eks:", "arn:aws-cn:eks:", "arn:aws-us-gov:eks:"]
        .iter()
        .any(|p| text.contains(p))
}

/// The members of `create-cluster` input, from the EKS API reference.
const CREATE_CLUSTER: &[&str] = &[
    "name",
    "version",
    "roleArn",
    "resourcesVpcConfig",
    "kubernetesNetworkConfig",
    "logging",
    "clientRequestToken",
    "tags",
    "encryptionConfig",
    "outpostConfig",
    "accessConfig",
    "bootstrapSelfManagedAddons",
    "upgradePolicy",
    "zonalShiftConfig",
    "remoteNetworkConfig",
    "computeConfig",
    "storageConfig",
    "deletionProtection",
    "controlPlaneScalingConfig",
];
/// The members of `create-nodegroup` input.
const CREATE_NODEGROUP: &[&str] = &[
    "clusterName",
    "nodegroupName",
    "scalingConfig",
    "diskSize",
    "subnets",
    "instanceTypes",
    "amiType",
    "remoteAccess",
    "nodeRole",
    "labels",
    "taints",
    "tags",
    "clientRequestToken",
    "launchTemplate",
    "updateConfig",
    "nodeRepairConfig",
    "capacityType",
    "version",
    "releaseVersion",
];

fn is_request(n: &Node, members: &[&str], required: &[&str]) -> bool {
    n.as_map().is_some_and(|m| {
        m.iter().all(|(k, _)| members.contains(&k.text.as_str())) && required.iter().all(|r| n.get(r).is_some())
    })
}

fn is_eks_arn(n: Option<&Node>, resource: &str) -> bool {
    n.and_then(Node::as_str)
        .is_some_and(|a| a.starts_with("arn:") && a.contains(":eks:") && a.contains(&format!(":{resource}/")))
}

/// Reads an EKS API document; `None` when the document is not one.
pub fn adapt(file: &SourceFile, doc: &Node) -> Option<AdapterOutput> {
    let mut out = AdapterOutput::default();
    match doc.as_seq() {
        Some(items) => {
            for i in items {
                object(file, i, &mut out.resources);
            }
        }
        None => {
            let wrapped = [
                ("cluster", "describe-cluster"),
                ("nodegroup", "describe-nodegroup"),
                ("accessEntry", "describe-access-entry"),
                ("association", "describe-pod-identity-association"),
            ];
            for (key, command) in wrapped {
                if let Some(o) = doc.get(key) {
                    let before = out.resources.len();
                    object(file, o, &mut out.resources);
                    for r in &mut out.resources[before..] {
                        set_source_type(r, command);
                    }
                }
            }
            if out.resources.is_empty() {
                object(file, doc, &mut out.resources);
            }
        }
    }
    found(out)
}

fn set_source_type(r: &mut Resource, command: &str) {
    let meta = match r {
        Resource::EksCluster(c) => &mut c.meta,
        Resource::EksNodegroup(n) => &mut n.meta,
        Resource::EksAccessEntry(e) => &mut e.meta,
        Resource::EksPodIdentityAssociation(a) => &mut a.meta,
        _ => return,
    };
    if !meta.source_type.starts_with("create-") {
        meta.source_type = command.to_string();
    }
}

/// One API object, told by its ARN, or a request document.
fn object(file: &SourceFile, n: &Node, out: &mut Vec<Resource>) {
    if is_eks_arn(n.get("arn"), "cluster") && n.get("name").is_some() {
        out.push(Resource::EksCluster(cluster(file, n, "describe-cluster", "arn")));
    } else if is_eks_arn(n.get("nodegroupArn"), "nodegroup") {
        out.push(Resource::EksNodegroup(nodegroup(
            file,
            n,
            "describe-nodegroup",
            "nodegroupArn",
        )));
    } else if is_eks_arn(n.get("accessEntryArn"), "access-entry") {
        out.push(Resource::EksAccessEntry(access_entry(file, n)));
    } else if is_eks_arn(n.get("associationArn"), "podidentityassociation") {
        out.push(Resource::EksPodIdentityAssociation(pod_identity(file, n)));
    } else if is_request(n, CREATE_CLUSTER, &["name", "roleArn", "resourcesVpcConfig"]) {
        out.push(Resource::EksCluster(cluster(file, n, "create-cluster", "")));
    } else if is_request(n, CREATE_NODEGROUP, &["clusterName", "nodegroupName", "nodeRole"]) {
        out.push(Resource::EksNodegroup(nodegroup(file, n, "create-nodegroup", "")));
    }
}

fn cluster(file: &SourceFile, n: &Node, source_type: &str, arn_key: &str) -> EksCluster {
    let name = str_attr(file, n.get("name"), n.span);
    let mut c = EksCluster::new(meta(file, n, KIND_EKS_CLUSTER, source_type, &name, arn_key));
    c.name = name;
    c.version = str_attr(file, n.get("version"), n.span);
    let (vpc, vpc_span) = match n.get("resourcesVpcConfig") {
        Some(v) => (Some(v), v.span),
        None => (None, n.span),
    };
    let field = |k: &str| vpc.and_then(|v| v.get(k));
    c.endpoint_public_access = bool_attr(file, field("endpointPublicAccess"), vpc_span);
    c.endpoint_private_access = bool_attr(file, field("endpointPrivateAccess"), vpc_span);
    c.public_access_cidrs = str_list_attr(file, field("publicAccessCidrs"), vpc_span);
    c.security_group_ids = str_list_attr(file, field("securityGroupIds"), vpc_span);
    c.cluster_security_group_id = str_attr(file, field("clusterSecurityGroupId"), vpc_span);
    c.encryption_config = list(file, n, "encryptionConfig", |e| EncryptionConfig {
        resources: str_list_attr(file, e.get("resources"), e.span),
        key_arn: match e.get("provider") {
            Some(p) => str_attr(file, p.get("keyArn"), p.span),
            None => Attr::absent(file.origin_of(e.span)),
        },
    });
    c.enabled_log_types = log_types(file, n);
    let (access, access_span) = match n.get("accessConfig") {
        Some(a) => (Some(a), a.span),
        None => (None, n.span),
    };
    c.authentication_mode = str_attr(file, access.and_then(|a| a.get("authenticationMode")), access_span);
    c.bootstrap_cluster_creator_admin_permissions = bool_attr(
        file,
        access.and_then(|a| a.get("bootstrapClusterCreatorAdminPermissions")),
        access_span,
    );
    c.deletion_protection = bool_attr(file, n.get("deletionProtection"), n.span);
    c.upgrade_support_type = match n.get("upgradePolicy") {
        Some(u) => str_attr(file, u.get("supportType"), u.span),
        None => Attr::absent(file.origin_of(n.span)),
    };
    c.tags = tags(file, n);
    c
}

/// The types of every `logging.clusterLogging` entry that is enabled.
fn log_types(file: &SourceFile, n: &Node) -> Attr<Vec<Attr<String>>> {
    let Some(logging) = n.get("logging") else {
        return Attr::absent(file.origin_of(n.span));
    };
    let Some(entries) = logging.get("clusterLogging").and_then(Node::as_seq) else {
        return Attr::absent(file.origin_of(logging.span));
    };
    let mut types = Vec::new();
    for e in entries {
        match bool_attr(file, e.get("enabled"), e.span).value() {
            Some(true) => {}
            Some(false) => continue,
            None => {
                return Attr::unknown(
                    "a clusterLogging entry does not say whether it is enabled",
                    file.origin_of(e.span),
                );
            }
        }
        if let Some(ts) = e.get("types").and_then(Node::as_seq) {
            types.extend(ts.iter().map(|t| str_attr(file, Some(t), e.span)));
        }
    }
    if types.is_empty() {
        Attr::absent(file.origin_of(logging.span))
    } else {
        Attr::set(types, file.origin_of(logging.span))
    }
}

fn nodegroup(file: &SourceFile, n: &Node, source_type: &str, arn_key: &str) -> EksNodegroup {
    let name = str_attr(file, n.get("nodegroupName"), n.span);
    let mut g = EksNodegroup::new(meta(file, n, KIND_EKS_NODEGROUP, source_type, &name, arn_key));
    g.name = name;
    g.cluster = str_attr(file, n.get("clusterName"), n.span);
    g.version = str_attr(file, n.get("version"), n.span);
    g.release_version = str_attr(file, n.get("releaseVersion"), n.span);
    g.ami_type = str_attr(file, n.get("amiType"), n.span);
    g.remote_access = match n.get("remoteAccess") {
        Some(r) if !r.is_null() => Attr::set(
            RemoteAccess {
                ec2_ssh_key: str_attr(file, r.get("ec2SshKey"), r.span),
                source_security_groups: str_list_attr(file, r.get("sourceSecurityGroups"), r.span),
            },
            file.origin_of(r.span),
        ),
        _ => Attr::absent(file.origin_of(n.span)),
    };
    g.tags = tags(file, n);
    g
}

fn access_entry(file: &SourceFile, n: &Node) -> EksAccessEntry {
    let principal = str_attr(file, n.get("principalArn"), n.span);
    let mut e = EksAccessEntry::new(meta(
        file,
        n,
        KIND_EKS_ACCESS_ENTRY,
        "describe-access-entry",
        &principal,
        "accessEntryArn",
    ));
    e.principal_arn = principal;
    e.cluster = str_attr(file, n.get("clusterName"), n.span);
    e.entry_type = str_attr(file, n.get("type"), n.span);
    e.kubernetes_groups = str_list_attr(file, n.get("kubernetesGroups"), n.span);
    // `list-associated-access-policies` prints the policies separately.
    e.access_policies = list(file, n, "associatedAccessPolicies", |p| AccessPolicyAssociation {
        policy_arn: str_attr(file, p.get("policyArn"), p.span),
        scope_type: str_attr(file, p.get("accessScope").and_then(|s| s.get("type")), p.span),
        namespaces: str_list_attr(file, p.get("accessScope").and_then(|s| s.get("namespaces")), p.span),
    });
    e.tags = tags(file, n);
    e
}

fn pod_identity(file: &SourceFile, n: &Node) -> EksPodIdentityAssociation {
    let sa = str_attr(file, n.get("serviceAccount"), n.span);
    let mut a = EksPodIdentityAssociation::new(meta(
        file,
        n,
        KIND_EKS_POD_IDENTITY_ASSOCIATION,
        "describe-pod-identity-association",
        &sa,
        "associationArn",
    ));
    a.service_account = sa;
    a.cluster = str_attr(file, n.get("clusterName"), n.span);
    a.namespace = str_attr(file, n.get("namespace"), n.span);
    a.role_arn = str_attr(file, n.get("roleArn"), n.span);
    a.tags = tags(file, n);
    a
}

/// EKS tags are a mapping of keys to values. The API prints them with every describe call, so
/// their absence means the resource has none.
pub(crate) fn tags(file: &SourceFile, n: &Node) -> Attr<Vec<Tag>> {
    match n.get("tags") {
        None => Attr::absent(file.origin_of(n.span)),
        Some(t) if t.is_null() => Attr::absent(file.origin_of(t.span)),
        Some(t) => match t.as_map() {
            Some([]) => Attr::absent(file.origin_of(t.span)),
            Some(entries) => Attr::set(
                entries
                    .iter()
                    .map(|(k, v)| Tag {
                        key: Attr::set(k.text.clone(), file.origin_of(k.span)),
                        value: str_attr(file, Some(v), k.span),
                    })
                    .collect(),
                file.origin_of(t.span),
            ),
            None => Attr::unknown(
                format!("`tags` should be a mapping, found a {}", t.type_name()),
                file.origin_of(t.span),
            ),
        },
    }
}

/// A list of objects under `key`; an empty list counts as absent.
pub(crate) fn list<T>(file: &SourceFile, n: &Node, key: &str, f: impl Fn(&Node) -> T) -> Attr<Vec<T>> {
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

    fn read(text: &str) -> Vec<Resource> {
        crate::api_json::read("t.json", text, adapt)
    }

    #[test]
    fn describe_cluster_reads_logging_and_endpoints() {
        let rs = read(
            r#"{"cluster": {"name": "prod", "arn": "arn:aws:eks:ap-northeast-1:123456789012:cluster/prod",
              "version": "1.33",
              "resourcesVpcConfig": {"endpointPublicAccess": true, "endpointPrivateAccess": false,
                                     "publicAccessCidrs": ["0.0.0.0/0"]},
              "logging": {"clusterLogging": [{"types": ["api", "audit"], "enabled": false},
                                             {"types": ["authenticator"], "enabled": true}]},
              "tags": {"team": "platform"}}}"#,
        );
        let Resource::EksCluster(c) = &rs[0] else { panic!() };
        assert_eq!(c.meta.source_type, "describe-cluster");
        assert_eq!(c.endpoint_public_access.value(), Some(&true));
        assert!(!c.logs("audit") && c.logs("authenticator"));
        assert_eq!(c.tags.value().unwrap()[0].key.value().unwrap(), "team");
    }

    #[test]
    fn requests_and_look_alikes() {
        let rs =
            read(r#"{"name": "c", "roleArn": "arn:aws:iam::1:role/r", "resourcesVpcConfig": {"subnetIds": ["s"]}}"#);
        assert!(matches!(&rs[0], Resource::EksCluster(c) if c.meta.source_type == "create-cluster"));
        let rs = read(
            r#"{"clusterName": "c", "nodegroupName": "n", "nodeRole": "arn:aws:iam::1:role/r", "subnets": ["s"]}"#,
        );
        assert!(matches!(&rs[0], Resource::EksNodegroup(n) if n.meta.source_type == "create-nodegroup"));
        // A Helm values file with a `name` is not a cluster.
        assert!(read(r#"{"name": "c", "replicas": 2}"#).is_empty());
        // An ECS cluster is not an EKS one.
        assert!(
            read(r#"{"cluster": {"clusterArn": "arn:aws:ecs:us-east-1:1:cluster/c", "clusterName": "c"}}"#).is_empty()
        );
    }
}
