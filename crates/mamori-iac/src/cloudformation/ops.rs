//! The resources around the containers in a template: `AWS::KMS::Key`, `AWS::Logs::LogGroup`
//! and `AWS::GuardDuty::Detector`.

use super::resources::{Decl, bool_attr, flat, int_attr, list, ref_attr, str_attr};
use mamori_model::guardduty::{DetectorFeature, FeatureConfiguration, GuardDutyDetector, KIND_GUARDDUTY_DETECTOR};
use mamori_model::kms::{KIND_KMS_KEY, KmsKey};
use mamori_model::logs::{KIND_LOG_GROUP, LogGroup};
use mamori_model::{Attr, Resource};

pub const KMS_KEY: &str = "AWS::KMS::Key";
pub const LOG_GROUP: &str = "AWS::Logs::LogGroup";
pub const DETECTOR: &str = "AWS::GuardDuty::Detector";

/// The resource types read.
pub const TYPES: &[&str] = &[KMS_KEY, LOG_GROUP, DETECTOR];

pub fn resource(d: &Decl<'_>) -> Resource {
    match d.type_name {
        KMS_KEY => Resource::KmsKey(kms_key(d)),
        LOG_GROUP => Resource::LogGroup(log_group(d)),
        _ => Resource::GuardDutyDetector(detector(d)),
    }
}

fn kms_key(d: &Decl<'_>) -> KmsKey {
    let f = d.file;
    let parent = d.parent();
    let mut k = KmsKey::new(d.meta(KIND_KMS_KEY, &Attr::absent(f.origin_of(parent))));
    k.description = str_attr(f, d.prop("Description"), parent);
    k.key_spec = str_attr(f, d.prop("KeySpec"), parent);
    k.key_usage = str_attr(f, d.prop("KeyUsage"), parent);
    k.rotation_enabled = bool_attr(f, d.prop("EnableKeyRotation"), parent);
    k.rotation_period_days = int_attr(f, d.prop("RotationPeriodInDays"), parent);
    k.multi_region = bool_attr(f, d.prop("MultiRegion"), parent);
    k.key_origin = str_attr(f, d.prop("Origin"), parent);
    k
}

fn log_group(d: &Decl<'_>) -> LogGroup {
    let f = d.file;
    let parent = d.parent();
    let name = str_attr(f, d.prop("LogGroupName"), parent);
    let mut g = LogGroup::new(d.meta(KIND_LOG_GROUP, &name));
    g.name = name;
    g.retention_in_days = int_attr(f, d.prop("RetentionInDays"), parent);
    g.kms_key_id = ref_attr(f, d.prop("KmsKeyId"), parent);
    g.log_group_class = str_attr(f, d.prop("LogGroupClass"), parent);
    g
}

fn detector(d: &Decl<'_>) -> GuardDutyDetector {
    let f = d.file;
    let parent = d.parent();
    let mut g = GuardDutyDetector::new(d.meta(KIND_GUARDDUTY_DETECTOR, &Attr::absent(f.origin_of(parent))));
    g.enabled = bool_attr(f, d.prop("Enable"), parent);
    g.finding_publishing_frequency = str_attr(f, d.prop("FindingPublishingFrequency"), parent);
    g.kubernetes_audit_logs = flat(f, d.prop("DataSources"), parent, |ds| {
        flat(f, ds.get("Kubernetes"), ds.span, |k| {
            flat(f, k.get("AuditLogs"), k.span, |a| bool_attr(f, a.get("Enable"), a.span))
        })
    });
    g.features = list(f, d.prop("Features"), parent, |x| DetectorFeature {
        origin: f.origin_of(x.span),
        name: str_attr(f, x.get("Name"), x.span),
        status: str_attr(f, x.get("Status"), x.span),
        additional_configuration: list(f, x.get("AdditionalConfiguration"), x.span, |c| FeatureConfiguration {
            origin: f.origin_of(c.span),
            name: str_attr(f, c.get("Name"), c.span),
            status: str_attr(f, c.get("Status"), c.span),
        }),
    });
    g
}
