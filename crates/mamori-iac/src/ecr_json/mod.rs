//! ECR API JSON, and Inspector's account status: what the AWS CLI prints for
//! `aws ecr describe-repositories` (`{"repositories": [...]}`, also `create-repository`'s
//! `{"repository": {...}}`), `get-repository-policy` and `get-lifecycle-policy`
//! (`{"registryId", "repositoryName", "policyText" | "lifecyclePolicyText"}`),
//! `get-registry-scanning-configuration` (`{"registryId", "scanningConfiguration"}`),
//! `describe-registry` (`{"registryId", "replicationConfiguration"}`), and
//! `aws inspector2 batch-get-account-status` (`{"accounts": [{"accountId", "resourceState"}]}`).
//!
//! Recognised by content: an ECR repository ARN, or the members each response is made of.

use crate::AdapterOutput;
use crate::api_json::{found, meta};
use crate::doc::from_tree;
use crate::iam_policy;
use crate::source::SourceFile;
use crate::tree::{Node, bool_attr, str_attr};
use mamori_model::ecr::{
    EcrLifecyclePolicy, EcrRegistryScanningConfiguration, EcrReplicationConfiguration, EcrRepository,
    EcrRepositoryPolicy, InspectorEnabler, KIND_ECR_LIFECYCLE_POLICY, KIND_ECR_REGISTRY_SCANNING_CONFIGURATION,
    KIND_ECR_REPLICATION_CONFIGURATION, KIND_ECR_REPOSITORY, KIND_ECR_REPOSITORY_POLICY, KIND_INSPECTOR_ENABLER,
    ReplicationDestination, ReplicationRule, RepositoryFilter, ScanningRule,
};
use mamori_model::resource::Tag;
use mamori_model::{Attr, Resource, Span};

/// Why a repository read from `describe-repositories` has an unknown lifecycle policy.
pub const LIFECYCLE_NOT_PRINTED: &str = "describe-repositories does not print the lifecycle policy; add the output of `aws ecr get-lifecycle-policy` for the repository";

/// Whether the text may be ECR API output (or Inspector's account status): worth parsing.
pub fn sniff(text: &str) -> bool {
    [
        "repositoryArn",
        "lifecyclePolicyText",
        "policyText",
        "scanningConfiguration",
        "replicationConfiguration",
        "resourceState",
    ]
    .iter()
    .any(|m| text.contains(m))
}

/// Whether the text surely is ECR API output (it carries an ECR repository ARN).
pub fn strong_sniff(text: &str) -> bool {
    ["arn:aws:ecr:", "arn:aws-cn:ecr:", "arn:aws-us-gov:ecr:"]
        .iter()
        .any(|p| text.contains(p))
}

/// Reads an ECR (or Inspector account status) document; `None` when the document is not one.
pub fn adapt(file: &SourceFile, doc: &Node) -> Option<AdapterOutput> {
    let mut out = AdapterOutput::default();
    let res = &mut out.resources;
    if let Some(items) = doc.get("repositories").and_then(Node::as_seq) {
        for r in items {
            if is_repository(r) {
                res.push(Resource::EcrRepository(repository(file, r, "describe-repositories")));
            }
        }
    } else if let Some(r) = doc.get("repository").filter(|r| is_repository(r)) {
        res.push(Resource::EcrRepository(repository(file, r, "create-repository")));
    } else if is_repository(doc) {
        res.push(Resource::EcrRepository(repository(file, doc, "describe-repositories")));
    } else if doc.get("repositoryName").is_some() && doc.get("policyText").is_some() {
        res.push(Resource::EcrRepositoryPolicy(repository_policy(file, doc)));
    } else if doc.get("repositoryName").is_some() && doc.get("lifecyclePolicyText").is_some() {
        res.push(Resource::EcrLifecyclePolicy(lifecycle_policy(file, doc)));
    } else if let Some(c) = doc.get("scanningConfiguration").filter(|c| c.is_map()) {
        res.push(Resource::EcrRegistryScanningConfiguration(scanning(file, doc, c)));
    } else if let Some(c) = doc.get("replicationConfiguration").filter(|c| c.is_map()) {
        res.push(Resource::EcrReplicationConfiguration(replication(file, doc, c)));
    } else if let Some(accounts) = doc.get("accounts").and_then(Node::as_seq) {
        for a in accounts {
            if a.get("accountId").is_some() && a.get("resourceState").is_some() {
                res.push(Resource::InspectorEnabler(account_status(file, a)));
            }
        }
    }
    found(out)
}

fn is_repository(n: &Node) -> bool {
    n.get("repositoryArn")
        .and_then(Node::as_str)
        .is_some_and(|a| a.starts_with("arn:") && a.contains(":ecr:") && a.contains(":repository/"))
}

/// A list of mappings, each read by `item`; an empty list is absent.
fn list<T>(file: &SourceFile, n: Option<&Node>, parent: Span, item: impl Fn(&Node) -> T) -> Attr<Vec<T>> {
    match n {
        None => Attr::absent(file.origin_of(parent)),
        Some(n) if n.is_null() => Attr::absent(file.origin_of(n.span)),
        Some(n) => match n.as_seq() {
            Some([]) => Attr::absent(file.origin_of(n.span)),
            Some(items) => Attr::set(items.iter().map(item).collect(), file.origin_of(n.span)),
            None => Attr::unknown(
                format!("expected a list, found a {}", n.type_name()),
                file.origin_of(n.span),
            ),
        },
    }
}

fn repository(file: &SourceFile, n: &Node, source_type: &str) -> EcrRepository {
    let name = str_attr(file, n.get("repositoryName"), n.span);
    let mut r = EcrRepository::new(meta(file, n, KIND_ECR_REPOSITORY, source_type, &name, "repositoryArn"));
    r.name = name;
    r.image_tag_mutability = str_attr(file, n.get("imageTagMutability"), n.span);
    r.tag_mutability_exclusion_filters = list(file, n.get("imageTagMutabilityExclusionFilters"), n.span, |x| {
        str_attr(file, x.get("filter"), x.span)
    });
    let (scan, scan_span) = match n.get("imageScanningConfiguration") {
        Some(s) => (s.get("scanOnPush"), s.span),
        None => (None, n.span),
    };
    r.scan_on_push = bool_attr(file, scan, scan_span);
    let (enc, enc_span) = match n.get("encryptionConfiguration") {
        Some(e) => (Some(e), e.span),
        None => (None, n.span),
    };
    r.encryption_type = str_attr(file, enc.and_then(|e| e.get("encryptionType")), enc_span);
    r.kms_key = str_attr(file, enc.and_then(|e| e.get("kmsKey")), enc_span);
    // The CLI never prints `lifecyclePolicyText` with a repository; the live collector does,
    // `null` when `GetLifecyclePolicy` answered that the repository has none.
    r.lifecycle_policy = match n.get("lifecyclePolicyText") {
        Some(p) => str_attr(file, Some(p), n.span),
        None => Attr::unknown(LIFECYCLE_NOT_PRINTED, file.origin_of(n.span)),
    };
    r.tags = list(file, n.get("tags"), n.span, |t| Tag {
        key: str_attr(file, t.get("Key"), t.span),
        value: str_attr(file, t.get("Value"), t.span),
    });
    r
}

fn named(
    file: &SourceFile,
    n: &Node,
    kind: &'static str,
    source_type: &str,
) -> (mamori_model::ResourceMeta, Attr<String>) {
    let name = str_attr(file, n.get("repositoryName"), n.span);
    let mut m = meta(file, n, kind, source_type, &name, "");
    if let (Some(id), Some(r)) = (n.get("registryId").and_then(Node::as_str), name.value()) {
        m.address = format!("{id}/{r}");
    }
    (m, name)
}

fn repository_policy(file: &SourceFile, n: &Node) -> EcrRepositoryPolicy {
    let (meta, name) = named(file, n, KIND_ECR_REPOSITORY_POLICY, "get-repository-policy");
    let policy = match n.get("policyText") {
        Some(p) => iam_policy::document(&from_tree(file, p)),
        None => Attr::absent(file.origin_of(n.span)),
    };
    EcrRepositoryPolicy {
        meta,
        repository: name,
        policy,
    }
}

fn lifecycle_policy(file: &SourceFile, n: &Node) -> EcrLifecyclePolicy {
    let (meta, name) = named(file, n, KIND_ECR_LIFECYCLE_POLICY, "get-lifecycle-policy");
    EcrLifecyclePolicy {
        meta,
        repository: name,
        policy_text: str_attr(file, n.get("lifecyclePolicyText"), n.span),
    }
}

fn registry_meta(
    file: &SourceFile,
    n: &Node,
    kind: &'static str,
    source_type: &str,
) -> (mamori_model::ResourceMeta, Attr<String>) {
    let id = str_attr(file, n.get("registryId"), n.span);
    let mut m = meta(file, n, kind, source_type, &id, "");
    if id.value().is_none() {
        m.name = "registry".into();
        m.address = "registry".into();
    }
    (m, id)
}

fn filters(file: &SourceFile, r: &Node) -> Attr<Vec<RepositoryFilter>> {
    list(file, r.get("repositoryFilters"), r.span, |f| RepositoryFilter {
        origin: file.origin_of(f.span),
        filter: str_attr(file, f.get("filter"), f.span),
        filter_type: str_attr(file, f.get("filterType"), f.span),
    })
}

fn scanning(file: &SourceFile, n: &Node, c: &Node) -> EcrRegistryScanningConfiguration {
    let (meta, registry_id) = registry_meta(
        file,
        n,
        KIND_ECR_REGISTRY_SCANNING_CONFIGURATION,
        "get-registry-scanning-configuration",
    );
    EcrRegistryScanningConfiguration {
        meta,
        registry_id,
        scan_type: str_attr(file, c.get("scanType"), c.span),
        rules: list(file, c.get("rules"), c.span, |r| ScanningRule {
            origin: file.origin_of(r.span),
            scan_frequency: str_attr(file, r.get("scanFrequency"), r.span),
            repository_filters: filters(file, r),
        }),
    }
}

fn replication(file: &SourceFile, n: &Node, c: &Node) -> EcrReplicationConfiguration {
    let (meta, registry_id) = registry_meta(file, n, KIND_ECR_REPLICATION_CONFIGURATION, "describe-registry");
    EcrReplicationConfiguration {
        meta,
        registry_id,
        rules: list(file, c.get("rules"), c.span, |r| ReplicationRule {
            origin: file.origin_of(r.span),
            destinations: list(file, r.get("destinations"), r.span, |d| ReplicationDestination {
                origin: file.origin_of(d.span),
                region: str_attr(file, d.get("region"), d.span),
                registry_id: str_attr(file, d.get("registryId"), d.span),
                own_account: false,
            }),
            repository_filters: filters(file, r),
        }),
    }
}

fn account_status(file: &SourceFile, a: &Node) -> InspectorEnabler {
    let id = str_attr(file, a.get("accountId"), a.span);
    let meta = meta(file, a, KIND_INSPECTOR_ENABLER, "batch-get-account-status", &id, "");
    let mut e = InspectorEnabler::new(meta);
    e.account_id = id;
    let state = a.get("resourceState");
    let ecr = state.and_then(|s| s.get("ecr"));
    let parent = ecr.or(state).map_or(a.span, |n| n.span);
    let status = str_attr(file, ecr.and_then(|e| e.get("status")), parent);
    // ENABLING and ENABLED are on; DISABLING, DISABLED, SUSPENDING and SUSPENDED are off.
    e.ecr_enabled = match status.value().map(String::as_str) {
        Some(s) => Attr::set(matches!(s, "ENABLED" | "ENABLING"), status.origin),
        None => status.map(|_| false),
    };
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Resource> {
        crate::api_json::read("out.json", text, adapt)
    }

    #[test]
    fn each_response_shape() {
        let rs = read(
            r#"{"repositories": [{"repositoryArn": "arn:aws:ecr:us-east-1:123456789012:repository/myapp",
  "registryId": "123456789012", "repositoryName": "myapp", "imageTagMutability": "MUTABLE",
  "imageScanningConfiguration": {"scanOnPush": false}, "encryptionConfiguration": {"encryptionType": "AES256"}}]}"#,
        );
        let Resource::EcrRepository(r) = &rs[0] else {
            panic!("{rs:?}")
        };
        assert_eq!(r.scan_on_push.value(), Some(&false));
        assert!(r.lifecycle_policy.is_unknown());
        // Read live, a repository says it has no lifecycle policy.
        let rs = read(
            r#"{"repositories": [{"repositoryArn": "arn:aws:ecr:us-east-1:123456789012:repository/myapp",
  "registryId": "123456789012", "repositoryName": "myapp", "lifecyclePolicyText": null}]}"#,
        );
        let Resource::EcrRepository(r) = &rs[0] else {
            panic!("{rs:?}")
        };
        assert!(r.lifecycle_policy.is_absent());
        let rs = read(
            r#"{"registryId": "123456789012", "repositoryName": "myapp",
  "policyText": "{\"Statement\": [{\"Sid\": \"Pull\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"ecr:BatchGetImage\"}]}"}"#,
        );
        let Resource::EcrRepositoryPolicy(p) = &rs[0] else {
            panic!("{rs:?}")
        };
        assert_eq!(
            p.policy.value().unwrap().statements.value().unwrap()[0].label(0),
            "Pull"
        );
        let rs = read(r#"{"registryId": "123456789012", "scanningConfiguration": {"scanType": "BASIC", "rules": []}}"#);
        assert!(
            matches!(&rs[0], Resource::EcrRegistryScanningConfiguration(c) if c.scan_type.value().unwrap() == "BASIC")
        );
        let rs = read(
            r#"{"registryId": "123456789012", "replicationConfiguration": {"rules": [{"destinations": [{"region": "us-east-1", "registryId": "999888777666"}]}]}}"#,
        );
        assert!(matches!(&rs[0], Resource::EcrReplicationConfiguration(_)));
        let rs = read(
            r#"{"accounts": [{"accountId": "123456789012", "resourceState": {"ec2": {"status": "ENABLED"}, "ecr": {"status": "DISABLED"}}, "state": {"status": "ENABLED"}}], "failedAccounts": []}"#,
        );
        let Resource::InspectorEnabler(e) = &rs[0] else {
            panic!("{rs:?}")
        };
        assert_eq!(e.ecr_enabled.value(), Some(&false));
    }
}
