//! ECR: repositories with their repository and lifecycle policies, the registry's scanning and
//! replication configuration; and Inspector's account status (whether it scans ECR images),
//! the last two in regions that hold repositories.
//!
//! A repository without a lifecycle policy answers `GetLifecyclePolicy` with
//! `LifecyclePolicyNotFoundException`. `describe-repositories` does not print the lifecycle
//! policy, so a CLI dump of it leaves ECR.3 undecided; live, the collector knows there is none
//! and says so in the repository's document (`"lifecyclePolicyText": null`), which the reader
//! takes as absent: ECR.3 fails, as it does for Terraform without `aws_ecr_lifecycle_policy`.
//! A repository without a policy (`RepositoryPolicyNotFoundException`) has nothing to judge.
//! Any other failure is a gap: the repository's checks are undecided.

use super::{Cx, ServiceCollector, Unread, partition};
use crate::client::{CallError, ECR, INSPECTOR2, Protocol, Request};
use mamori_iac::ecr_json;
use mamori_model::ecr::{
    KIND_ECR_LIFECYCLE_POLICY, KIND_ECR_REGISTRY_SCANNING_CONFIGURATION, KIND_ECR_REPLICATION_CONFIGURATION,
    KIND_ECR_REPOSITORY, KIND_ECR_REPOSITORY_POLICY, KIND_INSPECTOR_ENABLER,
};
use rayon::prelude::*;
use serde_json::{Value, json};

pub struct Ecr;

const TARGET: &str = "AmazonEC2ContainerRegistry_V20150921";

fn call(cx: &Cx<'_>, region: &str, operation: &'static str, body: Value) -> Result<Value, CallError> {
    cx.call(&Request {
        service: &ECR,
        region: region.to_string(),
        operation,
        protocol: Protocol::Json11 { target: TARGET, body },
    })
    .map(|r| r.json())
}

/// The address mamori gives the registry of an account in a region (the registry has no ARN):
/// `arn:aws:ecr:<region>:<account>:registry`.
pub fn registry_address(cx: &Cx<'_>, region: &str) -> String {
    let account = cx.account.get().map_or("", String::as_str);
    format!("arn:{}:ecr:{region}:{account}:registry", partition(region))
}

impl ServiceCollector for Ecr {
    fn name(&self) -> &'static str {
        "ecr"
    }

    /// The registry's settings and Inspector's status matter where images are kept: they are
    /// read in a region that has repositories (or whose repositories could not be listed), so
    /// that `--region all` does not judge the scanning of every empty registry.
    fn collect(&self, cx: &Cx<'_>, region: &str) {
        if repositories(cx, region) != Some(0) {
            rayon::join(|| registry(cx, region), || inspector(cx, region));
        }
    }
}

/// Reads the repositories of a region: how many there are, `None` when they cannot be listed.
fn repositories(cx: &Cx<'_>, region: &str) -> Option<usize> {
    let mut repos: Vec<Value> = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut body = json!({"maxResults": 1000});
        if let Some(t) = &token {
            body["nextToken"] = json!(t);
        }
        match call(cx, region, "DescribeRepositories", body) {
            Ok(v) => {
                if let Some(items) = v.get("repositories").and_then(Value::as_array) {
                    repos.extend(items.iter().cloned());
                }
                token = v.get("nextToken").and_then(Value::as_str).map(str::to_string);
            }
            Err(e) => {
                let what = format!("ECR repositories in {region}");
                let unread = [
                    KIND_ECR_REPOSITORY,
                    KIND_ECR_REPOSITORY_POLICY,
                    KIND_ECR_LIFECYCLE_POLICY,
                ]
                .map(|kind| Unread {
                    kind,
                    address: what.clone(),
                })
                .to_vec();
                cx.gap(region, "ecr:DescribeRepositories", e, unread);
                return None;
            }
        }
        if token.as_deref().is_none_or(str::is_empty) {
            break;
        }
    }
    repos.par_iter_mut().for_each(|r| {
        let (Some(name), Some(arn), registry) = (
            r.get("repositoryName").and_then(Value::as_str).map(str::to_string),
            r.get("repositoryArn").and_then(Value::as_str).map(str::to_string),
            r.get("registryId").and_then(Value::as_str).map(str::to_string),
        ) else {
            return;
        };
        let mut body = json!({"repositoryName": name});
        if let Some(id) = &registry {
            body["registryId"] = json!(id);
        }
        rayon::join(
            || match call(cx, region, "GetRepositoryPolicy", body.clone()) {
                Ok(v) => cx.doc_at(
                    region,
                    "ecr:GetRepositoryPolicy".into(),
                    v,
                    ecr_json::adapt,
                    arn.clone(),
                ),
                Err(e) if e.code == "RepositoryPolicyNotFoundException" => {}
                Err(e) => cx.gap(
                    region,
                    "ecr:GetRepositoryPolicy",
                    e,
                    vec![Unread {
                        kind: KIND_ECR_REPOSITORY_POLICY,
                        address: arn.clone(),
                    }],
                ),
            },
            || lifecycle(cx, region, r, &arn, body.clone()),
        );
    });
    let n = repos.len();
    if n > 0 {
        cx.doc(
            region,
            "ecr:DescribeRepositories".into(),
            json!({ "repositories": repos }),
            ecr_json::adapt,
        );
    }
    Some(n)
}

/// The repository's lifecycle policy: a document of its own when there is one; when there is
/// none, `"lifecyclePolicyText": null` in the repository's document.
fn lifecycle(cx: &Cx<'_>, region: &str, repo: &mut Value, arn: &str, body: Value) {
    match call(cx, region, "GetLifecyclePolicy", body) {
        Ok(v) => cx.doc_at(
            region,
            "ecr:GetLifecyclePolicy".into(),
            v,
            ecr_json::adapt,
            arn.to_string(),
        ),
        Err(e) if e.code == "LifecyclePolicyNotFoundException" => {
            if let Some(m) = repo.as_object_mut() {
                m.insert("lifecyclePolicyText".into(), Value::Null);
            }
        }
        // Without the answer ECR.3 cannot be judged, and neither, fail closed, is the rest of
        // the repository.
        Err(e) => cx.gap(
            region,
            "ecr:GetLifecyclePolicy",
            e,
            vec![Unread {
                kind: KIND_ECR_REPOSITORY,
                address: arn.to_string(),
            }],
        ),
    }
}

fn registry(cx: &Cx<'_>, region: &str) {
    let address = registry_address(cx, region);
    for (operation, kind) in [
        (
            "GetRegistryScanningConfiguration",
            KIND_ECR_REGISTRY_SCANNING_CONFIGURATION,
        ),
        ("DescribeRegistry", KIND_ECR_REPLICATION_CONFIGURATION),
    ] {
        let name = format!("ecr:{operation}");
        match call(cx, region, operation, json!({})) {
            Ok(v) => cx.doc_at(region, name, v, ecr_json::adapt, address.clone()),
            Err(e) => cx.gap(
                region,
                &name,
                e,
                vec![Unread {
                    kind,
                    address: address.clone(),
                }],
            ),
        }
    }
}

/// The address mamori gives Inspector's status for an account in a region:
/// `arn:aws:inspector2:<region>:<account>:account-status`.
pub fn inspector_address(cx: &Cx<'_>, region: &str) -> String {
    let account = cx.account.get().map_or("", String::as_str);
    format!("arn:{}:inspector2:{region}:{account}:account-status", partition(region))
}

/// Inspector's status for the account: whether it scans ECR images.
fn inspector(cx: &Cx<'_>, region: &str) {
    let Some(account) = cx.account.get() else { return };
    let address = inspector_address(cx, region);
    let req = Request {
        service: &INSPECTOR2,
        region: region.to_string(),
        operation: "BatchGetAccountStatus",
        protocol: Protocol::RestPost {
            path: vec!["status".into(), "batch".into(), "get".into()],
            body: json!({ "accountIds": [account] }),
        },
    };
    match cx.call(&req) {
        Ok(r) => cx.doc_at(
            region,
            "inspector2:BatchGetAccountStatus".into(),
            r.json(),
            ecr_json::adapt,
            address,
        ),
        Err(e) => cx.gap(
            region,
            "inspector2:BatchGetAccountStatus",
            e,
            vec![Unread {
                kind: KIND_INSPECTOR_ENABLER,
                address,
            }],
        ),
    }
}
