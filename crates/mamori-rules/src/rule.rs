//! What a rule is and what it is given.

use mamori_model::finding::Undecided;
use mamori_model::{Finding, FindingResource, Inventory, Origin, ResourceMeta, Severity, SourceKind, Text};

/// A rule's fixed description.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable id, e.g. `MAM-ECS-001`.
    pub id: &'static str,
    /// Stable kebab-case name, e.g. `ecs-cluster-container-insights`.
    pub name: &'static str,
    pub title_en: &'static str,
    pub title_ja: &'static str,
    pub severity: Severity,
    /// Controls in the form `framework/control`, e.g. `aws-securityhub/ECS.12`.
    pub controls: &'static [&'static str],
    /// The same check in other scanners: (`checkov`, `CKV_AWS_65`), (`trivy`, `AVD-AWS-0034`)…
    pub equivalents: &'static [(&'static str, &'static str)],
    /// The resource types (AWS names) the rule judges.
    pub resource_kinds: &'static [&'static str],
    /// The source formats the rule has fixtures for.
    pub sources: &'static [SourceKind],
}

impl RuleMeta {
    pub fn title(&self) -> Text {
        Text::new(self.title_en, self.title_ja)
    }
}

/// Values rules depend on that change over time or between teams: the `[params]` table of
/// `mamori.toml`. Every field has a default, and an unknown key is an error.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    /// Tag keys every ECS service, cluster and task definition must carry (ECS.13, ECS.14,
    /// ECS.15), compared case-sensitively. The tagging rules are off while it is empty.
    pub required_tag_keys: Vec<String>,
    /// The latest Fargate platform version for Linux (ECS.10).
    pub fargate_latest_linux: String,
    /// The latest Fargate platform version for Windows (ECS.10).
    pub fargate_latest_windows: String,
    /// The oldest Kubernetes minor version EKS clusters and node groups may run (EKS.2, EKS.9),
    /// such as `"1.33"`. Unset, it is the oldest version under EKS standard support on the day
    /// of the scan, from the release calendar shipped with mamori.
    pub eks_oldest_supported_version: Option<String>,
    /// The Pod Security Standards profile every Kubernetes workload is held to: `restricted`
    /// (the default) or `baseline`. A Namespace of the scan whose
    /// `pod-security.kubernetes.io/enforce` label is lower holds its workloads to its own level.
    pub pss_profile: String,
    /// AWS accounts (12-digit ids) the team trusts with its data: ECR replication to any other
    /// account is reported. The replicating registry's own account is trusted when the scan
    /// knows it.
    pub trusted_accounts: Vec<String>,
    /// The KMS keys ECR repositories may be encrypted with (ECR.5's `kmsKeyArns`): key ARNs.
    /// Empty, any customer managed key passes.
    pub ecr_kms_key_arns: Vec<String>,
    /// The TCP ports a security group attached to ECS tasks or an EKS cluster may open to
    /// `0.0.0.0/0` or `::/0` (Security Hub EC2.18's `authorizedTcpPorts`, default 80 and 443).
    pub authorized_public_ports: Vec<u16>,
    /// Registries Dockerfile base images may come from (MAM-DKR-012): a host
    /// (`ghcr.io`), or a host and path prefix (`docker.io/library`). A reference without a host
    /// is on Docker Hub (`nginx` is `docker.io/library/nginx`). The rule is off while it is empty.
    pub trusted_registries: Vec<String>,
    /// The fewest days a container platform's CloudWatch log group may keep its events
    /// (CloudWatch.16's `minRetentionTime`, 365 by default). Never expiring passes.
    pub log_retention_min_days: i64,
}

impl Default for Params {
    fn default() -> Self {
        // The values Security Hub uses for ECS.10; no required tag keys.
        Params {
            required_tag_keys: Vec::new(),
            fargate_latest_linux: "1.4.0".into(),
            fargate_latest_windows: "1.0.0".into(),
            eks_oldest_supported_version: None,
            pss_profile: "restricted".into(),
            trusted_accounts: Vec::new(),
            ecr_kms_key_arns: Vec::new(),
            authorized_public_ports: vec![80, 443],
            trusted_registries: Vec::new(),
            log_retention_min_days: 365,
        }
    }
}

impl Params {
    /// The Pod Security Standards level workloads are held to by default (a valid
    /// `pss_profile`; Restricted if it is not).
    pub fn pss_level(&self) -> mamori_model::k8s::PssLevel {
        match mamori_model::k8s::PssLevel::parse(&self.pss_profile) {
            Some(mamori_model::k8s::PssLevel::Baseline) => mamori_model::k8s::PssLevel::Baseline,
            _ => mamori_model::k8s::PssLevel::Restricted,
        }
    }
}

/// The values Security Hub's `minRetentionTime` (CloudWatch.16) accepts.
pub const SECURITY_HUB_MIN_RETENTION_DAYS: [i64; 6] = [365, 400, 545, 731, 1827, 3653];

/// Security Hub's `requiredTagKeys` takes at most this many keys.
pub const SECURITY_HUB_MAX_TAG_KEYS: usize = 6;

impl Params {
    /// Checks values that deserialise but cannot be meant, and removes repeated tag keys.
    /// Returns warnings for values mamori accepts but Security Hub would not.
    pub fn validate(&mut self) -> Result<Vec<String>, String> {
        let mut seen = Vec::new();
        for k in &self.required_tag_keys {
            if k.trim().is_empty() {
                return Err("`required_tag_keys` holds an empty key".into());
            }
            if k.chars().count() > 128 {
                return Err(format!("tag key `{k}` is longer than the 128 characters AWS allows"));
            }
            if k.to_ascii_lowercase().starts_with("aws:") {
                return Err(format!(
                    "tag key `{k}` begins with `aws:`: such keys are reserved for AWS and never required"
                ));
            }
            if !seen.contains(k) {
                seen.push(k.clone());
            }
        }
        self.required_tag_keys = seen;
        for (name, v) in [
            ("fargate_latest_linux", &self.fargate_latest_linux),
            ("fargate_latest_windows", &self.fargate_latest_windows),
        ] {
            if v.trim().is_empty() {
                return Err(format!("`{name}` is empty"));
            }
        }
        if let Some(v) = &self.eks_oldest_supported_version {
            match mamori_model::eks::parse_minor_version(v) {
                Some((1, _)) if v.trim().split('.').count() == 2 => {}
                _ => {
                    return Err(format!(
                        "`eks_oldest_supported_version` is `{v}`; write a Kubernetes minor version such as \"1.33\""
                    ));
                }
            }
        }
        match mamori_model::k8s::PssLevel::parse(&self.pss_profile) {
            Some(l @ (mamori_model::k8s::PssLevel::Baseline | mamori_model::k8s::PssLevel::Restricted)) => {
                self.pss_profile = l.as_str().to_string();
            }
            _ => {
                return Err(format!(
                    "`pss_profile` is `{}`: it must be `restricted` or `baseline`",
                    self.pss_profile
                ));
            }
        }
        for a in &self.trusted_accounts {
            if a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "`trusted_accounts` holds `{a}`: write each AWS account as its 12-digit id, such as \"123456789012\""
                ));
            }
        }
        for k in &self.ecr_kms_key_arns {
            if !(k.starts_with("arn:") && k.contains(":kms:") && k.contains(":key/")) {
                return Err(format!(
                    "`ecr_kms_key_arns` holds `{k}`: write each key as its ARN (arn:aws:kms:<region>:<account>:key/<id>)"
                ));
            }
        }
        if self.authorized_public_ports.contains(&0) {
            return Err("`authorized_public_ports` holds port 0; ports run from 1 to 65535".into());
        }
        self.authorized_public_ports.sort_unstable();
        self.authorized_public_ports.dedup();
        let mut registries: Vec<String> = Vec::new();
        for r in &self.trusted_registries {
            let r = r.trim().trim_end_matches('/').to_ascii_lowercase();
            if r.is_empty() || r.contains("://") || r.chars().any(char::is_whitespace) {
                return Err(format!(
                    "`trusted_registries` holds `{r}`: write a registry host such as \"ghcr.io\", or a host and path such as \"docker.io/library\", without a scheme"
                ));
            }
            if !registries.contains(&r) {
                registries.push(r);
            }
        }
        self.trusted_registries = registries;
        if self.log_retention_min_days < 1 {
            return Err(format!(
                "`log_retention_min_days` is {}: it must be a number of days, 1 or more",
                self.log_retention_min_days
            ));
        }
        let mut warnings = Vec::new();
        if !SECURITY_HUB_MIN_RETENTION_DAYS.contains(&self.log_retention_min_days) {
            warnings.push(format!(
                "`log_retention_min_days` is {}; Security Hub's minRetentionTime takes one of {SECURITY_HUB_MIN_RETENTION_DAYS:?}, mamori uses the value given",
                self.log_retention_min_days
            ));
        }
        if self.ecr_kms_key_arns.len() > 10 {
            warnings.push(format!(
                "`ecr_kms_key_arns` lists {} keys; Security Hub's kmsKeyArns takes at most 10, mamori checks them all",
                self.ecr_kms_key_arns.len()
            ));
        }
        if self.required_tag_keys.len() > SECURITY_HUB_MAX_TAG_KEYS {
            warnings.push(format!(
                "`required_tag_keys` lists {} keys; Security Hub's requiredTagKeys takes at most {SECURITY_HUB_MAX_TAG_KEYS}, mamori checks them all",
                self.required_tag_keys.len()
            ));
        }
        Ok(warnings)
    }
}

/// A resource read from a live account is pointed at by its ARN (the attribute path says
/// where inside); the readers' positions in the API replies mean nothing to a user.
fn live_origin(resource: &ResourceMeta, origin: &Origin) -> Origin {
    if resource.source == SourceKind::AwsLive {
        resource.origin.clone()
    } else {
        origin.clone()
    }
}

/// A rule: a check over the whole inventory.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>);
}

/// What a rule reports into.
pub struct Ctx<'a> {
    meta: &'static RuleMeta,
    pub params: &'a Params,
    pub(crate) findings: Vec<Finding>,
    pub(crate) undecided: Vec<Undecided>,
    pub(crate) passed: Vec<mamori_model::finding::Pass>,
    sensitive: bool,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(meta: &'static RuleMeta, params: &'a Params) -> Self {
        Ctx {
            meta,
            params,
            findings: Vec::new(),
            undecided: Vec::new(),
            passed: Vec::new(),
            sensitive: false,
        }
    }

    /// The resource fails the check. `attribute` is the path of the attribute at fault, in the
    /// ECS API's camelCase spelling (see [`Finding::attribute`]); `origin` is the offending value
    /// (or the block that omitted it) and `message` names the resource and the value.
    pub fn fail(&mut self, resource: &ResourceMeta, attribute: impl Into<String>, origin: &Origin, message: Text) {
        self.findings.push(Finding {
            rule_id: self.meta.id,
            rule_name: self.meta.name,
            severity: self.meta.severity,
            title: self.meta.title(),
            message,
            controls: self.meta.controls.to_vec(),
            resource: FindingResource::from(resource),
            attribute: attribute.into(),
            origin: live_origin(resource, origin),
            sensitive: self.sensitive,
        });
    }

    /// The rule's findings point at text that may hold a secret: outputs will not quote the
    /// source line of any finding reported after this call.
    pub fn sensitive(&mut self) {
        self.sensitive = true;
    }

    /// The check could not be decided because a value it needs is unknown.
    pub fn undecided(&mut self, resource: &ResourceMeta, origin: &Origin, reason: impl Into<String>) {
        self.undecided.push(Undecided {
            rule_id: self.meta.id,
            resource: FindingResource::from(resource),
            reason: reason.into(),
            origin: live_origin(resource, origin),
        });
    }

    /// The resource passes the check.
    pub fn pass(&mut self, resource: &ResourceMeta) {
        self.passed.push(mamori_model::finding::Pass {
            rule_id: self.meta.id,
            resource: FindingResource::from(resource),
            origin: resource.origin.clone(),
        });
    }
}
