//! CloudWatch.16: CloudWatch log groups should be retained for a specified time period, for the
//! log groups of container platforms.

use crate::around::is_container_log_group;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::logs::KIND_LOG_GROUP;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct Retention;

pub static RULE: Retention = Retention;

static META: RuleMeta = RuleMeta {
    id: "MAM-LOGS-001",
    name: "container-log-group-retention",
    title_en: "Container log groups should keep their events for at least the minimum retention",
    title_ja: "コンテナのロググループで最低限の保持期間を満たす",
    severity: Severity::Medium,
    controls: &[
        "aws-securityhub/CloudWatch.16",
        "nist-800-53/AU-10",
        "nist-800-53/AU-11",
        "nist-800-53/AU-6(3)",
        "nist-800-53/AU-6(4)",
        "nist-800-53/CA-7",
        "nist-800-53/SI-12",
    ],
    equivalents: &[
        ("checkov", "CKV_AWS_338"),
        ("prowler", "cloudwatch_log_group_retention_policy_specific_days_enabled"),
    ],
    resource_kinds: &[KIND_LOG_GROUP],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for Retention {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        let min = ctx.params.log_retention_min_days;
        for g in inv.log_groups() {
            if !is_container_log_group(inv, g) {
                continue;
            }
            let name = &g.meta.name;
            match &g.retention_in_days.state {
                // Never expire: CloudWatch.16's Config rule counts it as compliant.
                State::Absent => ctx.pass(&g.meta),
                State::Set(d) | State::Default(d) if *d >= min => ctx.pass(&g.meta),
                State::Set(d) | State::Default(d) => ctx.fail(
                    &g.meta,
                    "retentionInDays",
                    &g.retention_in_days.origin,
                    Text::new(
                        format!("log group `{name}` keeps its events for {d} days, fewer than the {min} required"),
                        format!("ロググループ `{name}` のイベント保持期間が {d} 日で、求められる {min} 日に足りません"),
                    ),
                ),
                State::Unknown(r) => ctx.undecided(
                    &g.meta,
                    &g.retention_in_days.origin,
                    format!("the retention of the log group is unknown: {r}"),
                ),
            }
        }
    }
}
