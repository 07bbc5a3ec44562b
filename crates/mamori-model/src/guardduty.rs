//! Amazon GuardDuty detectors and their protection plans (features).
//!
//! Field names follow the GuardDuty API (`GetDetector`: `status`, `features[]` with `name`,
//! `status` and `additionalConfiguration[]`, the older `dataSources`).

use crate::attr::{Attr, State};
use crate::resource::{ResourceMeta, SourceKind};
use crate::span::Origin;

pub const KIND_GUARDDUTY_DETECTOR: &str = "AWS::GuardDuty::Detector";

pub const EKS_AUDIT_LOGS: &str = "EKS_AUDIT_LOGS";
pub const EKS_RUNTIME_MONITORING: &str = "EKS_RUNTIME_MONITORING";
pub const RUNTIME_MONITORING: &str = "RUNTIME_MONITORING";
pub const EKS_ADDON_MANAGEMENT: &str = "EKS_ADDON_MANAGEMENT";
pub const ECS_FARGATE_AGENT_MANAGEMENT: &str = "ECS_FARGATE_AGENT_MANAGEMENT";

/// A GuardDuty detector: GuardDuty in one account and Region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuardDutyDetector {
    pub meta: ResourceMeta,
    pub detector_id: Attr<String>,
    /// `status` is `ENABLED` (Terraform `enable`, CloudFormation `Enable`). Terraform's
    /// default is `true`.
    pub enabled: Attr<bool>,
    /// `findingPublishingFrequency`.
    pub finding_publishing_frequency: Attr<String>,
    /// `features[]`, with the `aws_guardduty_detector_feature` resources that name the
    /// detector in Terraform.
    pub features: Attr<Vec<DetectorFeature>>,
    /// The older `dataSources.kubernetes.auditLogs.enable` (API output:
    /// `DataSources.Kubernetes.AuditLogs.Status`).
    pub kubernetes_audit_logs: Attr<bool>,
}

/// One protection plan of a detector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DetectorFeature {
    pub origin: Origin,
    pub name: Attr<String>,
    /// `ENABLED` or `DISABLED`.
    pub status: Attr<String>,
    pub additional_configuration: Attr<Vec<FeatureConfiguration>>,
}

/// An additional configuration of a feature (the automated agent management of Runtime
/// Monitoring for one resource type).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeatureConfiguration {
    pub origin: Origin,
    pub name: Attr<String>,
    pub status: Attr<String>,
}

/// What a detector says about one feature or additional configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Setting {
    /// `ENABLED` (or `true`), written or defaulted, at this origin.
    On(Origin),
    /// Disabled, or not configured, at this origin.
    Off(Origin),
    /// Unknown: where, and why.
    Unknown(Origin, String),
}

fn status_of(a: &Attr<String>, default_origin: &Origin) -> Setting {
    match &a.state {
        State::Set(s) | State::Default(s) if s.eq_ignore_ascii_case("ENABLED") => Setting::On(a.origin.clone()),
        State::Set(_) | State::Default(_) => Setting::Off(a.origin.clone()),
        State::Absent => Setting::Off(default_origin.clone()),
        State::Unknown(r) => Setting::Unknown(a.origin.clone(), r.clone()),
    }
}

impl GuardDutyDetector {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        GuardDutyDetector {
            meta,
            detector_id: Attr::absent(o.clone()),
            enabled: Attr::absent(o.clone()),
            finding_publishing_frequency: Attr::absent(o.clone()),
            features: Attr::absent(o.clone()),
            kubernetes_audit_logs: Attr::absent(o),
        }
    }

    /// `CreateDetector`'s defaults: "When you don't specify any features, with an exception to
    /// RUNTIME_MONITORING, all the optional features are enabled by default", and a feature
    /// left out of the request is enabled too. A template or configuration that names neither
    /// `EKS_AUDIT_LOGS` nor the Kubernetes data source gets EKS Audit Log Monitoring. API output
    /// lists what the detector has: nothing is defaulted there.
    pub fn apply_defaults(&mut self) {
        if !matches!(self.meta.source, SourceKind::Terraform | SourceKind::CloudFormation) {
            return;
        }
        self.enabled.or_default_to(true);
        if self.feature(EKS_AUDIT_LOGS).is_none() {
            self.kubernetes_audit_logs.or_default_to(true);
        }
    }

    /// The feature of this name, the last one written when a name repeats (a Terraform
    /// feature resource overrides the detector's own).
    pub fn feature(&self, name: &str) -> Option<&DetectorFeature> {
        self.features
            .value()?
            .iter()
            .rev()
            .find(|f| f.name.value().is_some_and(|n| n == name))
    }

    /// Whether the features list cannot be read, and why.
    pub fn features_unknown(&self) -> Option<(&Origin, &str)> {
        if let Some(r) = self.features.unknown_reason() {
            return Some((&self.features.origin, r));
        }
        self.features
            .value()?
            .iter()
            .find_map(|f| f.name.unknown_reason().map(|r| (&f.name.origin, r)))
    }

    /// The status of a feature; an absent one is off, at the detector.
    pub fn feature_setting(&self, name: &str) -> Setting {
        match self.feature(name) {
            Some(f) => status_of(&f.status, &f.origin),
            None => Setting::Off(self.features.origin.clone()),
        }
    }

    /// The status of an additional configuration of a feature; absent is off, at the feature.
    pub fn additional_setting(&self, feature: &str, name: &str) -> Setting {
        let Some(f) = self.feature(feature) else {
            return Setting::Off(self.features.origin.clone());
        };
        match &f.additional_configuration.state {
            State::Set(list) | State::Default(list) => {
                match list.iter().rev().find(|c| c.name.value().is_some_and(|n| n == name)) {
                    Some(c) => status_of(&c.status, &c.origin),
                    None => match list.iter().find_map(|c| c.name.unknown_reason().map(|r| (c, r))) {
                        Some((c, r)) => Setting::Unknown(c.name.origin.clone(), r.to_string()),
                        None => Setting::Off(f.additional_configuration.origin.clone()),
                    },
                }
            }
            State::Absent => Setting::Off(f.origin.clone()),
            State::Unknown(r) => Setting::Unknown(f.additional_configuration.origin.clone(), r.clone()),
        }
    }
}
