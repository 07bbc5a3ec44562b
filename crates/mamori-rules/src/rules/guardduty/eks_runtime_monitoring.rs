//! GuardDuty.7: GuardDuty EKS Runtime Monitoring should be enabled (with automated agent
//! management).

use crate::around::{each_running_detector, judge_setting};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::guardduty::{
    EKS_ADDON_MANAGEMENT, EKS_RUNTIME_MONITORING, KIND_GUARDDUTY_DETECTOR, RUNTIME_MONITORING, Setting,
};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct EksRuntimeMonitoring;

pub static RULE: EksRuntimeMonitoring = EksRuntimeMonitoring;

static META: RuleMeta = RuleMeta {
    id: "MAM-GD-002",
    name: "guardduty-eks-runtime-monitoring",
    title_en: "GuardDuty should monitor EKS runtime activity with its agent managed automatically",
    title_ja: "GuardDuty で EKS のランタイムモニタリングをエージェントの自動管理付きで有効にする",
    severity: Severity::High,
    controls: &["aws-securityhub/GuardDuty.7", "pci-dss-4.0.1/11.5.1"],
    equivalents: &[("prowler", "guardduty_eks_runtime_monitoring_enabled")],
    resource_kinds: &[KIND_GUARDDUTY_DETECTOR],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for EksRuntimeMonitoring {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        each_running_detector(inv, ctx, |ctx, d| {
            let name = &d.meta.name;
            // EKS Runtime Monitoring is either the older EKS_RUNTIME_MONITORING feature or
            // RUNTIME_MONITORING, which includes EKS; either needs EKS_ADDON_MANAGEMENT for the
            // agent to be managed automatically. RUNTIME_MONITORING is the one GuardDuty
            // recommends, and the one a finding names when neither feature is on.
            let features = [RUNTIME_MONITORING, EKS_RUNTIME_MONITORING];
            let on: Vec<(&str, Setting)> = features
                .iter()
                .filter(|f| matches!(d.feature_setting(f), Setting::On(_)))
                .map(|f| (*f, d.additional_setting(f, EKS_ADDON_MANAGEMENT)))
                .collect();
            if on.iter().any(|(_, s)| matches!(s, Setting::On(_))) {
                ctx.pass(&d.meta);
                return;
            }
            let unknown_feature = features.iter().find_map(|f| match d.feature_setting(f) {
                s @ Setting::Unknown(..) => Some((*f, s)),
                _ => None,
            });
            let (setting, attribute, message) = match (on.into_iter().next(), unknown_feature) {
                (_, Some((f, s))) => (s, format!("features[{f}].status"), Text::new("", "")),
                (Some((f, s)), None) => (
                    s,
                    format!("features[{f}].additionalConfiguration[{EKS_ADDON_MANAGEMENT}].status"),
                    Text::new(
                        format!("GuardDuty detector `{name}` turns on {f} without letting GuardDuty manage the EKS agent (`{EKS_ADDON_MANAGEMENT}` is not enabled)"),
                        format!("GuardDuty ディテクター `{name}` で {f} は有効ですが、EKS エージェントの自動管理（`{EKS_ADDON_MANAGEMENT}`）が有効になっていません"),
                    ),
                ),
                (None, None) => (
                    d.feature_setting(RUNTIME_MONITORING),
                    format!("features[{RUNTIME_MONITORING}].status"),
                    Text::new(
                        format!("GuardDuty detector `{name}` does not monitor EKS runtime activity (neither {RUNTIME_MONITORING} nor {EKS_RUNTIME_MONITORING} is enabled)"),
                        format!("GuardDuty ディテクター `{name}` で EKS のランタイムモニタリングが有効になっていません（{RUNTIME_MONITORING} も {EKS_RUNTIME_MONITORING} も無効）"),
                    ),
                ),
            };
            judge_setting(ctx, d, setting, &attribute, message);
        });
    }
}
