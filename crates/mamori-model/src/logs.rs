//! Amazon CloudWatch Logs log groups.
//!
//! Field names follow `DescribeLogGroups` (`logGroups[]`), in snake case.

use crate::attr::Attr;
use crate::resource::ResourceMeta;

pub const KIND_LOG_GROUP: &str = "AWS::Logs::LogGroup";

/// The name prefixes of the log groups container platforms write: ECS task logs by the
/// console's convention (`/ecs/<family>`), ECS and EKS service logs (`/aws/ecs/…`, the EKS
/// control plane's `/aws/eks/<cluster>/cluster`) and Container Insights
/// (`/aws/containerinsights/<cluster>/…`).
pub const CONTAINER_LOG_GROUP_PREFIXES: &[&str] = &["/ecs/", "/aws/ecs/", "/aws/eks/", "/aws/containerinsights/"];

/// A log group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogGroup {
    pub meta: ResourceMeta,
    /// `logGroupName`. Terraform and CloudFormation may leave it to the service.
    pub name: Attr<String>,
    /// Terraform's `name_prefix`: the start of a name Terraform completes.
    pub name_prefix: Attr<String>,
    /// `retentionInDays`. Absent means the events never expire (Terraform's `0` too).
    pub retention_in_days: Attr<i64>,
    /// `kmsKeyId`: the KMS key that encrypts the group's events; absent means CloudWatch
    /// Logs' own encryption.
    pub kms_key_id: Attr<String>,
    /// `logGroupClass`: `STANDARD` (the default), `INFREQUENT_ACCESS` or `DELIVERY`.
    pub log_group_class: Attr<String>,
}

impl LogGroup {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        LogGroup {
            meta,
            name: Attr::absent(o.clone()),
            name_prefix: Attr::absent(o.clone()),
            retention_in_days: Attr::absent(o.clone()),
            kms_key_id: Attr::absent(o.clone()),
            log_group_class: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        self.log_group_class.or_default_to("STANDARD".to_string());
    }

    /// Whether the name (or Terraform's name prefix) marks a container platform's log group.
    pub fn has_container_name(&self) -> bool {
        let starts = |s: &str| CONTAINER_LOG_GROUP_PREFIXES.iter().any(|p| s.starts_with(p));
        self.name.value().is_some_and(|n| starts(n)) || self.name_prefix.value().is_some_and(|n| starts(n))
    }
}
