//! The resources around the containers: `aws_kms_key`, `aws_cloudwatch_log_group`,
//! `aws_guardduty_detector` and `aws_guardduty_detector_feature` (linked to its detector).

use super::body::View;
use super::eval::Module;
use super::resources::{block_list, boolean, first_block, integer, named_meta, reference, string};
use mamori_model::guardduty::{DetectorFeature, FeatureConfiguration, GuardDutyDetector, KIND_GUARDDUTY_DETECTOR};
use mamori_model::kms::{KIND_KMS_KEY, KmsKey};
use mamori_model::logs::{KIND_LOG_GROUP, LogGroup};
use mamori_model::{Attr, Resource, State};

/// The resource types read.
pub const TYPES: &[&str] = &[
    "aws_kms_key",
    "aws_cloudwatch_log_group",
    "aws_guardduty_detector",
    "aws_guardduty_detector_feature",
];

/// An `aws_guardduty_detector_feature`, kept until every detector is read: the detector it
/// names (`detector_id`) and the feature.
pub struct PendingFeature {
    detector: Attr<String>,
    feature: DetectorFeature,
}

/// Maps one instance of a resource block of [`TYPES`].
pub fn map(
    m: &Module<'_>,
    v: &View<'_>,
    rtype: &str,
    address: String,
    out: &mut Vec<Resource>,
    features: &mut Vec<PendingFeature>,
) {
    match rtype {
        "aws_kms_key" => out.push(Resource::KmsKey(kms_key(m, v, address))),
        "aws_cloudwatch_log_group" => out.push(Resource::LogGroup(log_group(m, v, address))),
        "aws_guardduty_detector" => out.push(Resource::GuardDutyDetector(detector(m, v, address))),
        _ => features.push(PendingFeature {
            detector: reference(v.attr(m, "detector_id"), v),
            feature: feature(m, v),
        }),
    }
}

/// Adds each `aws_guardduty_detector_feature` to the detector its `detector_id` refers to
/// (`aws_guardduty_detector.main.id`), after the detector's own features.
pub fn attach_features(out: &mut [Resource], features: Vec<PendingFeature>) {
    for p in features {
        let Some(target) = p.detector.value() else { continue };
        for r in out.iter_mut() {
            let Resource::GuardDutyDetector(d) = r else { continue };
            if d.meta.address != *target && d.detector_id.value() != Some(target) {
                continue;
            }
            match &mut d.features.state {
                State::Set(list) => list.push(p.feature.clone()),
                State::Unknown(_) => {}
                _ => d.features = Attr::set(vec![p.feature.clone()], p.feature.origin.clone()),
            }
        }
    }
}

fn kms_key(m: &Module<'_>, v: &View<'_>, address: String) -> KmsKey {
    let mut k = KmsKey::new(named_meta(m, v, KIND_KMS_KEY, "aws_kms_key", "", address));
    k.description = string(v.attr(m, "description"), v);
    k.key_spec = string(v.attr(m, "customer_master_key_spec"), v);
    k.key_usage = string(v.attr(m, "key_usage"), v);
    k.rotation_enabled = boolean(v.attr(m, "enable_key_rotation"), v);
    k.rotation_period_days = integer(v.attr(m, "rotation_period_in_days"), v);
    k.multi_region = boolean(v.attr(m, "multi_region"), v);
    // A key in a custom key store: CloudHSM, or an external key store when `xks_key_id` names
    // the external key. Otherwise KMS generates the material (`Origin: AWS_KMS`, the default).
    let store = string(v.attr(m, "custom_key_store_id"), v);
    if !store.is_absent() {
        let xks = string(v.attr(m, "xks_key_id"), v);
        k.key_origin = match (&store.state, xks.is_absent()) {
            (State::Unknown(_), _) => store,
            (_, true) => store.map(|_| "AWS_CLOUDHSM".to_string()),
            (_, false) => store.map(|_| "EXTERNAL_KEY_STORE".to_string()),
        };
    }
    k
}

fn log_group(m: &Module<'_>, v: &View<'_>, address: String) -> LogGroup {
    let mut g = LogGroup::new(named_meta(
        m,
        v,
        KIND_LOG_GROUP,
        "aws_cloudwatch_log_group",
        "name",
        address,
    ));
    g.name = string(v.attr(m, "name"), v);
    g.name_prefix = string(v.attr(m, "name_prefix"), v);
    // `retention_in_days = 0` is the provider's way of saying "never expire".
    g.retention_in_days = match integer(v.attr(m, "retention_in_days"), v) {
        Attr {
            state: State::Set(0),
            origin,
        } => Attr::absent(origin),
        a => a,
    };
    g.kms_key_id = reference(v.attr(m, "kms_key_id"), v);
    g.log_group_class = string(v.attr(m, "log_group_class"), v);
    g
}

fn detector(m: &Module<'_>, v: &View<'_>, address: String) -> GuardDutyDetector {
    let mut d = GuardDutyDetector::new(named_meta(
        m,
        v,
        KIND_GUARDDUTY_DETECTOR,
        "aws_guardduty_detector",
        "",
        address,
    ));
    d.enabled = boolean(v.attr(m, "enable"), v);
    d.finding_publishing_frequency = string(v.attr(m, "finding_publishing_frequency"), v);
    d.kubernetes_audit_logs = nested_enable(m, v, &["datasources", "kubernetes", "audit_logs"]);
    d
}

fn feature(m: &Module<'_>, v: &View<'_>) -> DetectorFeature {
    DetectorFeature {
        origin: v.origin(),
        name: string(v.attr(m, "name"), v),
        status: string(v.attr(m, "status"), v),
        additional_configuration: block_list(v.blocks(m, "additional_configuration"), v, |c| FeatureConfiguration {
            origin: c.origin(),
            name: string(c.attr(m, "name"), c),
            status: string(c.attr(m, "status"), c),
        }),
    }
}

/// The `enable` argument of a block nested in blocks Terraform allows once each
/// (`datasources { kubernetes { audit_logs { enable } } }`).
fn nested_enable(m: &Module<'_>, v: &View<'_>, path: &[&str]) -> Attr<bool> {
    let mut cur = v.clone();
    for name in path {
        match first_block(cur.blocks(m, name)) {
            Ok(Some(b)) => cur = b,
            Ok(None) => return Attr::absent(cur.origin()),
            Err(a) => return a,
        }
    }
    boolean(cur.attr(m, "enable"), &cur)
}

#[cfg(test)]
mod tests {
    use super::super::load_module;
    use crate::source::SourceFile;
    use mamori_model::guardduty::{RUNTIME_MONITORING, Setting};
    use mamori_model::{Resource, State};
    use std::path::Path;

    const MAIN: &str = r#"
resource "aws_kms_key" "hsm" {
  custom_key_store_id = "cks-1"
}

resource "aws_cloudwatch_log_group" "web" {
  name              = "/ecs/web"
  retention_in_days = 0
  kms_key_id        = aws_kms_key.hsm.arn
}

resource "aws_guardduty_detector" "main" {
  count  = 1
  enable = true

  datasources {
    kubernetes {
      audit_logs {
        enable = false
      }
    }
  }
}

resource "aws_guardduty_detector_feature" "rm" {
  detector_id = aws_guardduty_detector.main[0].id
  name        = "RUNTIME_MONITORING"
  status      = "ENABLED"
}
"#;

    #[test]
    fn keys_log_groups_and_detectors_with_their_features() {
        let out = load_module(Path::new("."), &[SourceFile::new("main.tf", MAIN)], &[]);
        let mut key = None;
        let mut group = None;
        let mut detector = None;
        for r in &out.resources {
            match r {
                Resource::KmsKey(k) => key = Some(k),
                Resource::LogGroup(g) => group = Some(g),
                Resource::GuardDutyDetector(d) => detector = Some(d),
                _ => {}
            }
        }
        let (key, group, detector) = (key.unwrap(), group.unwrap(), detector.unwrap());
        assert_eq!(key.key_origin.value().map(String::as_str), Some("AWS_CLOUDHSM"));
        // 0 is "never expire", at the value that says so.
        assert!(group.retention_in_days.is_absent());
        assert_eq!(group.retention_in_days.origin.location().unwrap().span.start_line, 8);
        assert_eq!(group.kms_key_id.value().map(String::as_str), Some("aws_kms_key.hsm"));
        assert_eq!(detector.meta.address, "aws_guardduty_detector.main[0]");
        assert!(matches!(detector.kubernetes_audit_logs.state, State::Set(false)));
        assert_eq!(
            detector
                .kubernetes_audit_logs
                .origin
                .location()
                .unwrap()
                .span
                .start_line,
            19
        );
        match detector.feature_setting(RUNTIME_MONITORING) {
            Setting::On(o) => assert_eq!(o.location().unwrap().span.start_line, 28),
            s => panic!("{s:?}"),
        }
    }
}
