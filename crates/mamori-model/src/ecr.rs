//! Amazon ECR (private registry) and the Inspector setting that scans it: repositories with their
//! repository and lifecycle policies, the registry's scanning and replication configurations, and
//! whether Amazon Inspector scans ECR images.
//!
//! Field names follow the ECR API (`describe-repositories`, `get-repository-policy`,
//! `get-lifecycle-policy`, `get-registry-scanning-configuration`, `describe-registry`) in snake
//! case. Terraform declares a repository's policies as resources of their own
//! (`aws_ecr_repository_policy`, `aws_ecr_lifecycle_policy`) that name their repository; so does
//! the API, with one call per policy. Those are [`EcrRepositoryPolicy`] and [`EcrLifecyclePolicy`],
//! found for a repository with [`crate::Inventory::ecr_lifecycle_policies_for`].

use crate::attr::{Attr, State};
use crate::iam::PolicyDocument;
use crate::resource::{ResourceMeta, SourceKind, Tag};
use crate::span::Origin;

pub const KIND_ECR_REPOSITORY: &str = "AWS::ECR::Repository";
/// A repository policy declared apart from its repository (Terraform, `get-repository-policy`).
pub const KIND_ECR_REPOSITORY_POLICY: &str = "AWS::ECR::RepositoryPolicy";
/// A lifecycle policy declared apart from its repository (Terraform, `get-lifecycle-policy`).
pub const KIND_ECR_LIFECYCLE_POLICY: &str = "AWS::ECR::LifecyclePolicy";
pub const KIND_ECR_REGISTRY_SCANNING_CONFIGURATION: &str = "AWS::ECR::RegistryScanningConfiguration";
pub const KIND_ECR_REPLICATION_CONFIGURATION: &str = "AWS::ECR::ReplicationConfiguration";
/// Amazon Inspector's activation for an account (Terraform `aws_inspector2_enabler`, the API's
/// `batch-get-account-status`). CloudFormation has no resource type for it.
pub const KIND_INSPECTOR_ENABLER: &str = "AWS::Inspector2::Enabler";

/// The key AWS manages for ECR (`alias/aws/ecr`), used when `KMS` is chosen without a key.
pub const AWS_MANAGED_ECR_KEY_ALIAS: &str = "alias/aws/ecr";

/// A private repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcrRepository {
    pub meta: ResourceMeta,
    pub name: Attr<String>,
    /// `imageTagMutability`: `MUTABLE` (the default), `IMMUTABLE`, `IMMUTABLE_WITH_EXCLUSION`,
    /// `MUTABLE_WITH_EXCLUSION`.
    pub image_tag_mutability: Attr<String>,
    /// `imageTagMutabilityExclusionFilters[].filter`.
    pub tag_mutability_exclusion_filters: Attr<Vec<Attr<String>>>,
    /// `imageScanningConfiguration.scanOnPush`. Defaults to `false`.
    pub scan_on_push: Attr<bool>,
    /// `encryptionConfiguration.encryptionType`: `AES256` (the default), `KMS`, `KMS_DSSE`.
    pub encryption_type: Attr<String>,
    /// `encryptionConfiguration.kmsKey`: an ARN, alias, or the address of a key of the scan.
    /// Absent with `KMS` means the AWS-managed `aws/ecr` key.
    pub kms_key: Attr<String>,
    /// The repository policy written with the repository (CloudFormation
    /// `RepositoryPolicyText`). Terraform and the API give it as an [`EcrRepositoryPolicy`].
    pub policy: Attr<PolicyDocument>,
    /// The lifecycle policy text written with the repository (CloudFormation
    /// `LifecyclePolicy.LifecyclePolicyText`). Terraform and the API give it as an
    /// [`EcrLifecyclePolicy`]; the API's `describe-repositories` does not print it, so a
    /// repository read from it has an unknown lifecycle policy unless one names it.
    pub lifecycle_policy: Attr<String>,
    pub tags: Attr<Vec<Tag>>,
}

impl EcrRepository {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        EcrRepository {
            meta,
            name: Attr::absent(o.clone()),
            image_tag_mutability: Attr::absent(o.clone()),
            tag_mutability_exclusion_filters: Attr::absent(o.clone()),
            scan_on_push: Attr::absent(o.clone()),
            encryption_type: Attr::absent(o.clone()),
            kms_key: Attr::absent(o.clone()),
            policy: Attr::absent(o.clone()),
            lifecycle_policy: Attr::absent(o.clone()),
            tags: Attr::absent(o),
        }
    }

    /// `CreateRepository`'s defaults: mutable tags, no scan on push, AES-256.
    pub fn apply_defaults(&mut self) {
        self.image_tag_mutability.or_default_to("MUTABLE".to_string());
        self.scan_on_push.or_default_to(false);
        self.encryption_type.or_default_to("AES256".to_string());
    }

    /// Whether a reference (a Terraform address, a logical id, a repository name or ARN) names
    /// this repository.
    pub fn named_by(&self, reference: &str) -> bool {
        self.meta.address == reference
            || self.name.value().is_some_and(|n| {
                n == reference || (reference.starts_with("arn:") && reference.ends_with(&format!(":repository/{n}")))
            })
    }
}

/// A repository policy that names its repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcrRepositoryPolicy {
    pub meta: ResourceMeta,
    /// The repository: a name, or the address of a repository of the scan.
    pub repository: Attr<String>,
    /// `policyText`.
    pub policy: Attr<PolicyDocument>,
}

/// A lifecycle policy that names its repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcrLifecyclePolicy {
    pub meta: ResourceMeta,
    /// The repository: a name, or the address of a repository of the scan.
    pub repository: Attr<String>,
    /// `lifecyclePolicyText`.
    pub policy_text: Attr<String>,
}

/// `repositoryFilters[]` of a scanning rule (`filterType` `WILDCARD`) or of a replication rule
/// (`filterType` `PREFIX_MATCH`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepositoryFilter {
    pub origin: Origin,
    pub filter: Attr<String>,
    pub filter_type: Attr<String>,
}

impl RepositoryFilter {
    /// Whether the filter selects a repository name; `None` when the filter or its type is
    /// unknown. A `WILDCARD` filter without `*` matches every name that contains it; with `*`,
    /// the whole name must match, `*` standing for any run of characters (possibly empty). A
    /// `PREFIX_MATCH` filter matches names that start with it.
    pub fn matches(&self, name: &str) -> Option<bool> {
        let filter = self.filter.value()?;
        let kind = match &self.filter_type.state {
            State::Set(t) | State::Default(t) => t.as_str(),
            State::Absent => "WILDCARD",
            State::Unknown(_) => return None,
        };
        Some(match kind {
            "PREFIX_MATCH" => name.starts_with(filter.as_str()),
            _ if !filter.contains('*') => name.contains(filter.as_str()),
            _ => star_match(filter, name),
        })
    }
}

/// `*` matches any run of characters; every other character matches itself.
fn star_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for p in &parts[1..parts.len() - 1] {
        match rest.find(p) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    true
}

/// The registry's scanning configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcrRegistryScanningConfiguration {
    pub meta: ResourceMeta,
    /// `registryId`: the account, when the source says it.
    pub registry_id: Attr<String>,
    /// `scanType`: `BASIC` or `ENHANCED`.
    pub scan_type: Attr<String>,
    pub rules: Attr<Vec<ScanningRule>>,
}

/// `rules[]` of a registry scanning configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanningRule {
    pub origin: Origin,
    /// `scanFrequency`: `SCAN_ON_PUSH`, `CONTINUOUS_SCAN` or `MANUAL`.
    pub scan_frequency: Attr<String>,
    pub repository_filters: Attr<Vec<RepositoryFilter>>,
}

/// The registry's replication configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcrReplicationConfiguration {
    pub meta: ResourceMeta,
    /// `registryId` of the registry that replicates: its own account, when the source says it.
    pub registry_id: Attr<String>,
    pub rules: Attr<Vec<ReplicationRule>>,
}

/// `rules[]` of a replication configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicationRule {
    pub origin: Origin,
    pub destinations: Attr<Vec<ReplicationDestination>>,
    pub repository_filters: Attr<Vec<RepositoryFilter>>,
}

/// `destinations[]` of a replication rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicationDestination {
    pub origin: Origin,
    pub region: Attr<String>,
    pub registry_id: Attr<String>,
    /// The source writes the deploying account itself (CloudFormation `AWS::AccountId`,
    /// Terraform `data.aws_caller_identity.<name>.account_id`), whose number is not known.
    pub own_account: bool,
}

/// Whether Amazon Inspector scans ECR images in an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InspectorEnabler {
    pub meta: ResourceMeta,
    /// The account (`accountId`; Terraform `account_ids`, one resource per listed account).
    pub account_id: Attr<String>,
    /// ECR scanning on: `resourceState.ecr.status` is `ENABLED` or `ENABLING`; Terraform:
    /// `resource_types` lists `ECR`. The origin is the status or the list.
    pub ecr_enabled: Attr<bool>,
    /// The attribute path that holds the setting, in the source's API (`resourceTypes`, or
    /// `accounts[<id>].resourceState.ecr.status`).
    pub attribute: String,
}

impl InspectorEnabler {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        let attribute = if meta.source == SourceKind::Terraform {
            "resourceTypes".to_string()
        } else {
            "resourceState.ecr.status".to_string()
        };
        InspectorEnabler {
            meta,
            account_id: Attr::absent(o.clone()),
            ecr_enabled: Attr::absent(o),
            attribute,
        }
    }
}

impl EcrRegistryScanningConfiguration {
    pub fn apply_defaults(&mut self) {
        // PutRegistryScanningConfiguration: "If you don't specify a scan type, the default is
        // BASIC." (Terraform and CloudFormation require it.)
        self.scan_type.or_default_to("BASIC".to_string());
    }
}

impl InspectorEnabler {
    pub fn apply_defaults(&mut self) {}
}

/// Whether an image reference names a private ECR registry
/// (`<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/…`).
pub fn is_ecr_image(image: &str) -> bool {
    let Some((host, _)) = image.split_once('/') else {
        return false;
    };
    let mut labels = host.split('.');
    let account = labels.next().unwrap_or_default();
    account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && labels.next() == Some("dkr")
        && matches!(labels.next(), Some("ecr" | "ecr-fips"))
        && labels.next().is_some_and(|r| !r.is_empty())
        && (host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(f: &str) -> RepositoryFilter {
        RepositoryFilter {
            origin: Origin::Synthetic,
            filter: Attr::set(f.into(), Origin::Synthetic),
            filter_type: Attr::set("WILDCARD".into(), Origin::Synthetic),
        }
    }

    #[test]
    fn wildcard_filters_match_as_the_ecr_user_guide_shows() {
        // The table of "Filters to choose which repositories are scanned in Amazon ECR".
        let names = ["prod", "repo-prod", "prod-repo", "repo-prod-repo", "prodrepo"];
        let table = [
            ("prod", [true, true, true, true, true]),
            ("*prod", [true, true, false, false, false]),
            ("prod*", [true, false, true, false, true]),
            ("*prod*", [true, true, true, true, true]),
            ("prod*repo", [false, false, true, false, true]),
        ];
        for (f, expected) in table {
            for (n, e) in names.iter().zip(expected) {
                assert_eq!(filter(f).matches(n), Some(e), "{f} on {n}");
            }
        }
        let mut p = filter("prod/");
        p.filter_type = Attr::set("PREFIX_MATCH".into(), Origin::Synthetic);
        assert_eq!(p.matches("prod/api"), Some(true));
        assert_eq!(p.matches("team/prod/api"), Some(false));
    }

    #[test]
    fn ecr_image_references() {
        assert!(is_ecr_image("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1"));
        assert!(is_ecr_image(
            "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/app@sha256:ab"
        ));
        assert!(is_ecr_image("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app"));
        assert!(!is_ecr_image("public.ecr.aws/nginx/nginx:1"));
        assert!(!is_ecr_image("nginx:latest"));
        assert!(!is_ecr_image("12345678901.dkr.ecr.us-east-1.amazonaws.com/app"));
    }
}
