//! What rules report.

use crate::resource::ResourceMeta;
use crate::span::{Location, Origin};
use crate::text::Text;
use serde::Serialize;
use std::fmt;

/// Severity, ordered from `Info` (lowest) to `Critical` (highest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s.to_ascii_lowercase().as_str() {
            "info" => Severity::Info,
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The resource a finding is about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct FindingResource {
    /// AWS's type name, e.g. `AWS::ECS::Cluster`.
    pub kind: String,
    pub name: String,
    /// Terraform address, CloudFormation logical id, or ARN.
    pub address: String,
    /// `terraform`, `cloudformation`, `aws-api-json` or `aws-live`.
    pub source: String,
    /// The type as the source spells it.
    pub source_type: String,
    /// The configuration the address is relative to (see [`ResourceMeta::scope`]); not part of
    /// the JSON report.
    #[serde(skip)]
    pub scope: Option<String>,
    /// A resource read from a live account (`aws-live`): the region of its ARN (`None` for
    /// global resources such as IAM roles) and its account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Where a live resource came from, when it says so: the CloudFormation stack and logical
    /// id of its `aws:cloudformation:*` tags, and its address in a Terraform state (`--tf-state`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloudformation_stack: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloudformation_logical_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terraform_address: Option<String>,
    /// For a resource read from a Terraform plan's JSON: the plan and the resource's block; not
    /// part of the JSON report's `resource` (see [`PlanRef::points_at`]).
    #[serde(skip)]
    pub plan: Option<PlanRef>,
}

/// A resource read from a Terraform plan's JSON: the plan file, and where the resource's block
/// is (in a `.tf` file when the configuration is beside the plan, else in the plan).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PlanRef {
    pub path: std::sync::Arc<str>,
    pub block: Origin,
}

impl PlanRef {
    /// What a location of this resource points at: `plan` (the plan's JSON, as no `.tf` file
    /// declares the resource), `resource` (the block declaring it in a `.tf` file, as the value
    /// is not written there) or `attribute` (the `.tf` text that writes the value, or the nested
    /// block that omits it).
    pub fn points_at(&self, o: &Origin) -> &'static str {
        match o.location() {
            Some(l) if *l.path == *self.path => "plan",
            _ if *o == self.block => "resource",
            _ => "attribute",
        }
    }
}

impl From<&ResourceMeta> for FindingResource {
    fn from(m: &ResourceMeta) -> Self {
        FindingResource {
            kind: m.kind.to_string(),
            name: m.name.clone(),
            address: m.address.clone(),
            source: m.source.as_str().to_string(),
            source_type: m.source_type.clone(),
            scope: m.scope.clone(),
            region: live_arn_part(m, 3),
            account: live_arn_part(m, 4),
            plan: m.plan.clone().map(|path| PlanRef {
                path,
                block: m.origin.clone(),
            }),
            ..Default::default()
        }
    }
}

/// Part `i` of the ARN of a resource read from a live account (3: region, 4: account).
fn live_arn_part(m: &ResourceMeta, i: usize) -> Option<String> {
    if m.source != crate::SourceKind::AwsLive || !m.address.starts_with("arn:") {
        return None;
    }
    m.address
        .split(':')
        .nth(i)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
}

/// Where a finding points.
pub type FindingLocation = Location;

/// One failed check on one resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule_id: &'static str,
    pub rule_name: &'static str,
    pub severity: Severity,
    pub title: Text,
    /// Names the resource and the offending value.
    pub message: Text,
    /// Control ids such as `aws-securityhub/ECS.12`.
    pub controls: Vec<&'static str>,
    pub resource: FindingResource,
    /// The attribute of the resource the finding is about, as a path in the ECS API's camelCase
    /// spelling, the same whatever the source: `settings.containerInsights`,
    /// `networkConfiguration.awsvpcConfiguration.assignPublicIp`,
    /// `containerDefinitions[web].linuxParameters.capabilities.add[SYS_ADMIN]`.
    ///
    /// Members are joined with `.`. An item of a list is named in brackets by its natural key,
    /// never by its position or line: a container by its `name`, a volume and a mount point by
    /// the volume's name, an environment variable by its name, a capability by its name (upper
    /// case, without `CAP_`), a device by its host path, a `dockerSecurityOptions` entry by the
    /// option. An item whose key cannot be read is named `#n`, its 1-based position. A missing
    /// setting is named by the path it would have. Together with the rule id and the resource
    /// address it identifies a finding across reformatting and moved blocks.
    pub attribute: String,
    /// The offending value, or the block that omitted it.
    pub origin: Origin,
    /// The text around the finding may hold a secret (a credential in an environment
    /// variable): outputs must not quote the source line.
    pub sensitive: bool,
}

impl Finding {
    pub fn location(&self) -> Option<&Location> {
        self.origin.location()
    }
}

/// A check a resource passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pass {
    pub rule_id: &'static str,
    pub resource: FindingResource,
    /// The resource's block, document or ARN.
    pub origin: Origin,
}

/// A check the scanner could not decide, because a value it needs is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undecided {
    pub rule_id: &'static str,
    pub resource: FindingResource,
    pub reason: String,
    pub origin: Origin,
}
