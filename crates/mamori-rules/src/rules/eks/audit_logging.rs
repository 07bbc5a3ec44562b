//! EKS.8: EKS clusters should have audit logging enabled.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::eks::KIND_EKS_CLUSTER;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct AuditLogging;

pub static RULE: AuditLogging = AuditLogging;

static META: RuleMeta = RuleMeta {
    id: "MAM-EKS-005",
    name: "eks-cluster-audit-logging",
    title_en: "EKS clusters should send audit logs to CloudWatch Logs",
    title_ja: "EKS クラスターの監査ログを CloudWatch Logs に送る",
    severity: Severity::Medium,
    controls: &["aws-securityhub/EKS.8", "cis-eks-1.8/2.1.1"],
    equivalents: &[
        ("checkov", "CKV_AWS_37"),
        ("trivy", "AVD-AWS-0038"),
        ("prowler", "eks_control_plane_logging_all_types_enabled"),
    ],
    resource_kinds: &[KIND_EKS_CLUSTER],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
        SourceKind::Eksctl,
    ],
};

impl Rule for AuditLogging {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for c in inv.eks_clusters() {
            let name = &c.meta.name;
            let types = match &c.enabled_log_types.state {
                State::Set(v) | State::Default(v) => v.as_slice(),
                State::Absent => &[],
                State::Unknown(r) => {
                    ctx.undecided(
                        &c.meta,
                        &c.enabled_log_types.origin,
                        format!("the enabled log types are unknown: {r}"),
                    );
                    continue;
                }
            };
            if c.logs("audit") {
                ctx.pass(&c.meta);
                continue;
            }
            if let Some(t) = types.iter().find(|t| t.is_unknown()) {
                ctx.undecided(
                    &c.meta,
                    &t.origin,
                    format!("a log type is unknown: {}", t.unknown_reason().unwrap_or("")),
                );
                continue;
            }
            let on: Vec<String> = types.iter().filter_map(|t| t.value().cloned()).collect();
            let (how, how_ja) = if on.is_empty() {
                ("no control-plane log type is enabled".to_string(), "コントロールプレーンのログが一つも有効になっていません".to_string())
            } else {
                let list = on.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
                (format!("only {list} enabled"), format!("有効なのは {list} のみ"))
            };
            ctx.fail(
                &c.meta,
                "logging.clusterLogging",
                &c.enabled_log_types.origin,
                Text::new(
                    format!("EKS cluster `{name}` does not send Kubernetes audit logs to CloudWatch Logs ({how})"),
                    format!("EKS クラスター `{name}` の Kubernetes 監査ログが CloudWatch Logs に送られていません（{how_ja}）"),
                ),
            );
        }
    }
}
