//! eksctl `ClusterConfig` files (`apiVersion: eksctl.io/v1alpha5`, `kind: ClusterConfig`): the
//! cluster, its managed and self-managed node groups, access entries and Pod Identity
//! associations.
//!
//! eksctl decides some values differently from the EKS API; those defaults are applied in the
//! model (`EksCluster::apply_defaults`) for resources whose source is eksctl. What eksctl itself
//! fills in from other fields (SSH turned on by naming a key, `enableTypes: ["*"]` for every log
//! type, secrets encryption from `secretsEncryption.keyARN`) is read here, since it is what the
//! file says.

use crate::AdapterOutput;
use crate::source::SourceFile;
use crate::tree::{Node, bool_attr, str_attr, str_list_attr};
use mamori_model::eks::{
    AccessPolicyAssociation, EksAccessEntry, EksCluster, EksNodegroup, EksPodIdentityAssociation, EncryptionConfig,
    KIND_EKS_ACCESS_ENTRY, KIND_EKS_CLUSTER, KIND_EKS_NODEGROUP, KIND_EKS_POD_IDENTITY_ASSOCIATION, RemoteAccess,
};
use mamori_model::resource::Tag;
use mamori_model::{Attr, Resource, ResourceMeta, SourceKind};

/// Whether the text may be an eksctl configuration: worth parsing.
pub fn sniff(text: &str) -> bool {
    text.contains("eksctl.io/")
}

/// Whether a parsed document is an eksctl `ClusterConfig`.
pub fn is_cluster_config(doc: &Node) -> bool {
    doc.get("apiVersion")
        .and_then(Node::as_str)
        .is_some_and(|v| v.trim().starts_with("eksctl.io/"))
        && doc.get("kind").and_then(Node::as_str) == Some("ClusterConfig")
}

/// The control-plane log types `"*"` and `"all"` stand for.
pub const ALL_LOG_TYPES: &[&str] = &["api", "audit", "authenticator", "controllerManager", "scheduler"];

pub fn adapt(file: &SourceFile, doc: &Node) -> AdapterOutput {
    let mut out = AdapterOutput::default();
    let md = doc.get("metadata");
    let md_span = md.map_or(doc.span, |m| m.span);
    let name = str_attr(file, md.and_then(|m| m.get("name")), md_span);
    let cluster_name = name.value().cloned().unwrap_or_else(|| "(unnamed)".to_string());
    let meta = |kind: &'static str, source_type: &str, name: String, address: String, n: &Node| ResourceMeta {
        kind,
        source: SourceKind::Eksctl,
        source_type: source_type.to_string(),
        name,
        address,
        origin: file.origin_of(n.span),
        ignores: Vec::new(),
        scope: None,
        plan: None,
    };

    let mut c = EksCluster::new(meta(
        KIND_EKS_CLUSTER,
        "ClusterConfig",
        cluster_name.clone(),
        cluster_name.clone(),
        doc,
    ));
    c.name = name.clone();
    c.version = str_attr(file, md.and_then(|m| m.get("version")), md_span);
    c.tags = tag_map(file, md.and_then(|m| m.get("tags")), md_span);
    let vpc = doc.get("vpc");
    let endpoints = vpc.and_then(|v| v.get("clusterEndpoints"));
    let ep_span = endpoints.or(vpc).map_or(doc.span, |n| n.span);
    c.endpoint_public_access = bool_attr(file, endpoints.and_then(|e| e.get("publicAccess")), ep_span);
    c.endpoint_private_access = bool_attr(file, endpoints.and_then(|e| e.get("privateAccess")), ep_span);
    c.public_access_cidrs = str_list_attr(
        file,
        vpc.and_then(|v| v.get("publicAccessCIDRs")),
        vpc.map_or(doc.span, |v| v.span),
    );
    // `secretsEncryption.keyARN`: eksctl encrypts the `secrets` resource with that key.
    c.encryption_config = match doc.get("secretsEncryption") {
        Some(se) if !se.is_null() => {
            let key = str_attr(file, se.get("keyARN"), se.span);
            let origin = file.origin_of(se.span);
            if key.is_absent() {
                Attr::absent(origin)
            } else {
                Attr::set(
                    vec![EncryptionConfig {
                        resources: Attr::set(vec![Attr::set("secrets".to_string(), origin.clone())], origin.clone()),
                        key_arn: key,
                    }],
                    origin,
                )
            }
        }
        _ => Attr::absent(file.origin_of(doc.span)),
    };
    c.enabled_log_types = log_types(file, doc);
    let access = doc.get("accessConfig");
    let access_span = access.map_or(doc.span, |a| a.span);
    c.authentication_mode = str_attr(file, access.and_then(|a| a.get("authenticationMode")), access_span);
    c.bootstrap_cluster_creator_admin_permissions = bool_attr(
        file,
        access.and_then(|a| a.get("bootstrapClusterCreatorAdminPermissions")),
        access_span,
    );
    out.resources.push(Resource::EksCluster(c));

    let cluster_ref = || Attr::set(cluster_name.clone(), name.origin.clone());
    for (key, managed) in [("managedNodeGroups", true), ("nodeGroups", false)] {
        for (i, ng) in doc
            .get(key)
            .and_then(Node::as_seq)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let ng_name = str_attr(file, ng.get("name"), ng.span);
            let label = ng_name.value().cloned().unwrap_or_else(|| format!("#{}", i + 1));
            let mut n = EksNodegroup::new(meta(
                KIND_EKS_NODEGROUP,
                key,
                label.clone(),
                format!("{cluster_name}/{key}[{label}]"),
                ng,
            ));
            n.managed = managed;
            n.name = ng_name;
            n.cluster = cluster_ref();
            n.release_version = str_attr(file, ng.get("releaseVersion"), ng.span);
            n.ami_type = str_attr(file, ng.get("amiFamily"), ng.span);
            n.private_networking = bool_attr(file, ng.get("privateNetworking"), ng.span);
            n.remote_access = ssh(file, ng);
            n.tags = tag_map(file, ng.get("tags"), ng.span);
            out.resources.push(Resource::EksNodegroup(n));
        }
    }

    let entries = access.and_then(|a| a.get("accessEntries")).and_then(Node::as_seq);
    for e in entries.unwrap_or_default() {
        let principal = str_attr(file, e.get("principalARN"), e.span);
        let label = principal.value().cloned().unwrap_or_else(|| "(unnamed)".into());
        let mut a = EksAccessEntry::new(meta(
            KIND_EKS_ACCESS_ENTRY,
            "accessConfig.accessEntries",
            label.clone(),
            format!("{cluster_name}/accessEntries[{label}]"),
            e,
        ));
        a.principal_arn = principal;
        a.cluster = cluster_ref();
        a.entry_type = str_attr(file, e.get("type"), e.span);
        a.kubernetes_groups = str_list_attr(file, e.get("kubernetesGroups"), e.span);
        a.access_policies = match e.get("accessPolicies").and_then(Node::as_seq) {
            Some(ps) if !ps.is_empty() => Attr::set(
                ps.iter()
                    .map(|p| {
                        let scope = p.get("accessScope");
                        let scope_span = scope.map_or(p.span, |s| s.span);
                        AccessPolicyAssociation {
                            policy_arn: str_attr(file, p.get("policyARN"), p.span),
                            scope_type: str_attr(file, scope.and_then(|s| s.get("type")), scope_span),
                            namespaces: str_list_attr(file, scope.and_then(|s| s.get("namespaces")), scope_span),
                        }
                    })
                    .collect(),
                file.origin_of(e.span),
            ),
            _ => Attr::absent(file.origin_of(e.span)),
        };
        out.resources.push(Resource::EksAccessEntry(a));
    }

    let assocs = doc
        .get("iam")
        .and_then(|i| i.get("podIdentityAssociations"))
        .and_then(Node::as_seq);
    for p in assocs.unwrap_or_default() {
        let ns = str_attr(file, p.get("namespace"), p.span);
        let sa = str_attr(file, p.get("serviceAccountName"), p.span);
        let label = format!(
            "{}/{}",
            ns.value().map_or("?", String::as_str),
            sa.value().map_or("?", String::as_str)
        );
        let mut a = EksPodIdentityAssociation::new(meta(
            KIND_EKS_POD_IDENTITY_ASSOCIATION,
            "iam.podIdentityAssociations",
            label.clone(),
            format!("{cluster_name}/podIdentityAssociations[{label}]"),
            p,
        ));
        a.cluster = cluster_ref();
        a.namespace = ns;
        a.service_account = sa;
        a.role_arn = str_attr(file, p.get("roleARN"), p.span);
        a.tags = tag_map(file, p.get("tags"), p.span);
        out.resources.push(Resource::EksPodIdentityAssociation(a));
    }
    out
}

/// `cloudWatch.clusterLogging.enableTypes`, with `"*"` and `"all"` standing for every type.
fn log_types(file: &SourceFile, doc: &Node) -> Attr<Vec<Attr<String>>> {
    let logging = doc.get("cloudWatch").and_then(|c| c.get("clusterLogging"));
    let parent = logging.map_or(doc.span, |l| l.span);
    let listed = str_list_attr(file, logging.and_then(|l| l.get("enableTypes")), parent);
    let Some(items) = listed.explicit() else { return listed };
    let mut types = Vec::new();
    for t in items {
        match t.value() {
            Some(v) if v == "*" || v.eq_ignore_ascii_case("all") => {
                types.extend(ALL_LOG_TYPES.iter().map(|a| Attr::set(a.to_string(), t.origin.clone())))
            }
            _ => types.push(t.clone()),
        }
    }
    if types.is_empty() {
        Attr::absent(listed.origin)
    } else {
        Attr::set(types, listed.origin)
    }
}

/// A node group's `ssh`, as eksctl reads it: a key (`publicKeyName`, `publicKeyPath` or
/// `publicKey`) turns SSH on unless `allow: false`; `allow: true` without a key uses
/// `~/.ssh/id_rsa.pub`.
fn ssh(file: &SourceFile, ng: &Node) -> Attr<RemoteAccess> {
    let Some(s) = ng.get("ssh").filter(|s| !s.is_null()) else {
        return Attr::absent(file.origin_of(ng.span));
    };
    let allow = bool_attr(file, s.get("allow"), s.span);
    let key = ["publicKeyName", "publicKeyPath", "publicKey"]
        .iter()
        .find_map(|k| s.get(k).filter(|n| !n.is_null()).map(|n| (*k, n)));
    let on = match (allow.explicit(), &key) {
        (Some(false), _) => false,
        (Some(true), _) => true,
        (None, Some(_)) => true,
        (None, None) => false,
    };
    if allow.is_unknown() {
        return Attr::unknown(allow.unknown_reason().unwrap_or_default().to_string(), allow.origin);
    }
    if !on {
        return Attr::absent(file.origin_of(s.span));
    }
    let ec2_ssh_key = match key {
        // A key name names the EC2 key pair; a public key (never printed) is imported by eksctl.
        Some(("publicKeyName", n)) => str_attr(file, Some(n), s.span),
        Some((k, n)) => Attr::set(format!("({k})"), file.origin_of(n.span)),
        None => Attr::set("(~/.ssh/id_rsa.pub)".to_string(), allow.origin.clone()),
    };
    Attr::set(
        RemoteAccess {
            ec2_ssh_key,
            source_security_groups: match s.get("sourceSecurityGroupIds") {
                Some(n) => str_list_attr(file, Some(n), s.span),
                None => Attr::absent(file.origin_of(s.span)),
            },
        },
        file.origin_of(s.span),
    )
}

/// Tags written as a mapping.
fn tag_map(file: &SourceFile, n: Option<&Node>, parent: mamori_model::Span) -> Attr<Vec<Tag>> {
    match n {
        None => Attr::absent(file.origin_of(parent)),
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
                format!("tags should be a mapping, found a {}", t.type_name()),
                file.origin_of(t.span),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::parse_yaml;

    fn read(text: &str) -> Vec<Resource> {
        let f = SourceFile::new("cluster.yaml", text);
        let doc = parse_yaml(&f).unwrap().remove(0);
        assert!(is_cluster_config(&doc));
        adapt(&f, &doc).resources
    }

    #[test]
    fn cluster_node_groups_and_ssh() {
        let rs = read(
            "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod\n  region: ap-northeast-1\n  version: \"1.33\"\ncloudWatch:\n  clusterLogging:\n    enableTypes: [\"*\"]\nmanagedNodeGroups:\n  - name: web\n    ssh:\n      publicKeyName: ops\n  - name: batch\n    ssh:\n      allow: false\n      publicKeyName: ops\nnodeGroups:\n  - name: legacy\n    ssh:\n      allow: true\n      sourceSecurityGroupIds: [sg-1]\n",
        );
        let Resource::EksCluster(c) = &rs[0] else { panic!() };
        assert_eq!(c.version.value().unwrap(), "1.33");
        assert!(ALL_LOG_TYPES.iter().all(|t| c.logs(t)));
        let ngs: Vec<&EksNodegroup> = rs
            .iter()
            .filter_map(|r| match r {
                Resource::EksNodegroup(n) => Some(n),
                _ => None,
            })
            .collect();
        assert_eq!(ngs.len(), 3);
        let web = ngs[0].remote_access.value().unwrap();
        assert_eq!(web.ec2_ssh_key.value().unwrap(), "ops");
        assert!(web.source_security_groups.is_absent());
        assert!(ngs[1].remote_access.is_absent(), "allow: false wins over a key");
        assert!(!ngs[2].managed);
        assert_eq!(
            ngs[2]
                .remote_access
                .value()
                .unwrap()
                .source_security_groups
                .value()
                .unwrap()
                .len(),
            1
        );
        assert_eq!(ngs[0].cluster.value().unwrap(), "prod");
    }
}
