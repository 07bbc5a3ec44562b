//! The collector: one module per service, each fetching API replies and handing them, as the
//! documents the AWS CLI prints, to the readers that read users' CLI dumps.

pub mod ec2;
pub mod ecr;
pub mod ecs;
pub mod eks;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod logs;

use crate::client::{CallError, Client, Reply, Request};
use mamori_iac::tree::Node;
use mamori_iac::{AdapterOutput, SourceFile};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

/// A reader of API JSON (one of `mamori_iac`'s `*_json::adapt`).
pub type ReadFn = fn(&SourceFile, &Node) -> Option<AdapterOutput>;

/// One API reply, in the shape the CLI prints, and the reader that reads it.
pub struct Doc {
    pub region: String,
    /// `ecs:DescribeServices`: names the document in diagnostics.
    pub call: String,
    pub value: Value,
    pub read: ReadFn,
    /// The address of what the reader gives without an ARN of its own (a repository's policy
    /// is addressed by the repository's ARN, a registry setting by the registry's).
    pub address: Option<String>,
}

/// Resources the collector could not read: a kind and an ARN, or a kind and a description of
/// the collection that could not be listed (`services of arn:…:cluster/prod`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unread {
    pub kind: &'static str,
    pub address: String,
}

/// A call that failed after retries.
#[derive(Clone, Debug)]
pub struct Gap {
    pub region: String,
    /// `ecs:DescribeServices`.
    pub call: String,
    pub error: CallError,
    /// What could not be read because of it.
    pub unread: Vec<Unread>,
}

/// A service's part of the collection. Adding a service is a module that implements this and
/// a line in [`COLLECTORS`].
pub trait ServiceCollector: Sync {
    /// The IAM action prefix (`ecs`): `--services` names and the inventory's service column.
    fn name(&self) -> &'static str;
    /// Reads the service in one region.
    fn collect(&self, cx: &Cx<'_>, region: &str);
}

/// The regional collectors, run for every region in parallel.
pub const COLLECTORS: &[&dyn ServiceCollector] = &[&ecs::Ecs, &eks::Eks, &ecr::Ecr, &kms::Kms, &guardduty::GuardDuty];

/// What collectors share: the client and what they found.
pub struct Cx<'a> {
    pub client: &'a Client,
    pub docs: Mutex<Vec<Doc>>,
    pub gaps: Mutex<Vec<Gap>>,
    /// Called after every call (the progress bar).
    pub on_call: &'a (dyn Fn() + Sync),
    /// The account the credentials belong to, once STS has said it.
    pub account: std::sync::OnceLock<String>,
}

impl<'a> Cx<'a> {
    pub fn new(client: &'a Client, on_call: &'a (dyn Fn() + Sync)) -> Self {
        Cx {
            client,
            docs: Mutex::new(Vec::new()),
            gaps: Mutex::new(Vec::new()),
            on_call,
            account: std::sync::OnceLock::new(),
        }
    }

    pub fn call(&self, req: &Request) -> Result<Reply, CallError> {
        let r = self.client.call(req);
        (self.on_call)();
        r
    }

    pub fn doc(&self, region: &str, call: String, value: Value, read: ReadFn) {
        lock(&self.docs).push(Doc {
            region: region.to_string(),
            call,
            value,
            read,
            address: None,
        });
    }

    /// A document whose resources, when the reader gives them no ARN, are addressed `address`.
    pub fn doc_at(&self, region: &str, call: String, value: Value, read: ReadFn, address: String) {
        lock(&self.docs).push(Doc {
            region: region.to_string(),
            call,
            value,
            read,
            address: Some(address),
        });
    }

    pub fn gap(&self, region: &str, call: &str, error: CallError, unread: Vec<Unread>) {
        lock(&self.gaps).push(Gap {
            region: region.to_string(),
            call: call.to_string(),
            error,
            unread,
        });
    }

    /// The IAM role ARNs the documents read so far name (task and execution roles, cluster
    /// and node roles, Pod Identity roles, access entry principals).
    pub fn referenced_roles(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for d in lock(&self.docs).iter() {
            roles_in(&d.value, &mut out);
        }
        out
    }

    /// The security group ids the documents read so far name, by region.
    pub fn referenced_security_groups(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for d in lock(&self.docs).iter() {
            ec2::groups_in(&d.value, out.entry(d.region.clone()).or_default());
        }
        out.retain(|_, ids| !ids.is_empty());
        out
    }
}

/// The partition of a region.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn roles_in(v: &Value, out: &mut BTreeSet<String>) {
    const KEYS: &[&str] = &["taskRoleArn", "executionRoleArn", "roleArn", "nodeRole", "principalArn"];
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if let (true, Some(s)) = (KEYS.contains(&k.as_str()), x.as_str())
                    && is_role_arn(s)
                {
                    out.insert(s.to_string());
                }
                roles_in(x, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| roles_in(i, out)),
        _ => {}
    }
}

pub fn is_role_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    parts.len() == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[5].starts_with("role/")
}

/// The account of an ARN (`arn:partition:service:region:account:…`).
pub fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

/// The region of an ARN; `None` for global resources (IAM).
pub fn arn_region(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_found_under_their_keys_only() {
        let v = serde_json::json!({
            "taskDefinition": {"taskRoleArn": "arn:aws:iam::123456789012:role/app",
                               "executionRoleArn": "arn:aws:iam::123456789012:role/service-role/exec"},
            "cluster": {"roleArn": "arn:aws:iam::123456789012:role/eks"},
            "other": {"policyArn": "arn:aws:iam::123456789012:role/not-a-reference",
                      "principalArn": "arn:aws:iam::123456789012:user/u"}
        });
        let mut out = BTreeSet::new();
        roles_in(&v, &mut out);
        assert_eq!(
            out.into_iter().collect::<Vec<_>>(),
            [
                "arn:aws:iam::123456789012:role/app",
                "arn:aws:iam::123456789012:role/eks",
                "arn:aws:iam::123456789012:role/service-role/exec"
            ]
        );
        assert_eq!(arn_account("arn:aws:iam::123456789012:role/app"), Some("123456789012"));
        assert_eq!(arn_region("arn:aws:iam::123456789012:role/app"), None);
        assert_eq!(arn_region("arn:aws:ecs:eu-west-1:1:cluster/a"), Some("eu-west-1"));
    }
}
