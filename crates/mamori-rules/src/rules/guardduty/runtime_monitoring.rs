//! GuardDuty.11: GuardDuty Runtime Monitoring should be enabled.

use crate::around::{each_running_detector, judge_setting};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::guardduty::{KIND_GUARDDUTY_DETECTOR, RUNTIME_MONITORING};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct RuntimeMonitoring;

pub static RULE: RuntimeMonitoring = RuntimeMonitoring;

static META: RuleMeta = RuleMeta {
    id: "MAM-GD-003",
    name: "guardduty-runtime-monitoring",
    title_en: "GuardDuty Runtime Monitoring should be enabled",
    title_ja: "GuardDuty のランタイムモニタリングを有効にする",
    severity: Severity::High,
    controls: &["aws-securityhub/GuardDuty.11"],
    equivalents: &[("prowler", "guardduty_runtime_monitoring_enabled")],
    resource_kinds: &[KIND_GUARDDUTY_DETECTOR],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for RuntimeMonitoring {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        each_running_detector(inv, ctx, |ctx, d| {
            let name = &d.meta.name;
            // CreateDetector enables every optional feature but RUNTIME_MONITORING: left out,
            // it is off.
            judge_setting(
                ctx,
                d,
                d.feature_setting(RUNTIME_MONITORING),
                "features[RUNTIME_MONITORING].status",
                Text::new(
                    format!("GuardDuty detector `{name}` does not enable Runtime Monitoring (`RUNTIME_MONITORING`)"),
                    format!("GuardDuty ディテクター `{name}` でランタイムモニタリング（`RUNTIME_MONITORING`）が有効になっていません"),
                ),
            );
        });
    }
}
