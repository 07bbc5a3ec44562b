//! GuardDuty.5: GuardDuty EKS Audit Log Monitoring should be enabled.

use crate::around::{each_running_detector, judge_setting};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::guardduty::{EKS_AUDIT_LOGS, KIND_GUARDDUTY_DETECTOR, Setting};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct EksAuditLogs;

pub static RULE: EksAuditLogs = EksAuditLogs;

static META: RuleMeta = RuleMeta {
    id: "MAM-GD-001",
    name: "guardduty-eks-audit-log-monitoring",
    title_en: "GuardDuty should monitor EKS audit logs",
    title_ja: "GuardDuty で EKS 監査ログのモニタリングを有効にする",
    severity: Severity::High,
    controls: &["aws-securityhub/GuardDuty.5"],
    equivalents: &[("prowler", "guardduty_eks_audit_log_enabled")],
    resource_kinds: &[KIND_GUARDDUTY_DETECTOR],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for EksAuditLogs {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        each_running_detector(inv, ctx, |ctx, d| {
            let name = &d.meta.name;
            let message = Text::new(
                format!("GuardDuty detector `{name}` does not monitor EKS audit logs (`EKS_AUDIT_LOGS` is not enabled)"),
                format!("GuardDuty ディテクター `{name}` で EKS 監査ログのモニタリング（`EKS_AUDIT_LOGS`）が有効になっていません"),
            );
            // The feature decides when it is written or read; else the older data source
            // (`dataSources.kubernetes.auditLogs`), which CreateDetector enables by default.
            if d.feature(EKS_AUDIT_LOGS).is_some() {
                let s = d.feature_setting(EKS_AUDIT_LOGS);
                judge_setting(ctx, d, s, "features[EKS_AUDIT_LOGS].status", message);
                return;
            }
            let a = &d.kubernetes_audit_logs;
            let setting = match &a.state {
                State::Set(true) | State::Default(true) => Setting::On(a.origin.clone()),
                State::Unknown(r) => Setting::Unknown(a.origin.clone(), r.clone()),
                _ => Setting::Off(a.origin.clone()),
            };
            let attribute = if a.explicit().is_some() {
                "dataSources.kubernetes.auditLogs.enable"
            } else {
                "features[EKS_AUDIT_LOGS].status"
            };
            judge_setting(ctx, d, setting, attribute, message);
        });
    }
}
