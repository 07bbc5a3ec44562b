//! ECS.18: ECS task definitions should use in-transit encryption for EFS volumes.
//!
//! Every EFS volume is judged, not only the first one (Checkov's CKV_AWS_97 stops after the
//! first EFS volume it meets).

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::KIND_TASK_DEFINITION;
use mamori_model::{Inventory, Origin, Severity, SourceKind, State, Text};

pub struct EfsTransitEncryption;

pub static RULE: EfsTransitEncryption = EfsTransitEncryption;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-014",
    name: "ecs-efs-transit-encryption",
    title_en: "ECS task definitions should encrypt EFS volumes in transit",
    title_ja: "ECS タスク定義の EFS ボリュームでは転送中の暗号化を有効にする",
    severity: Severity::Medium,
    controls: &["aws-securityhub/ECS.18"],
    equivalents: &[("checkov", "CKV_AWS_97"), ("trivy", "AVD-AWS-0035")],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for EfsTransitEncryption {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            let name = &td.meta.name;
            let volumes = match &td.volumes.state {
                State::Set(v) | State::Default(v) => v,
                // No volume, so no EFS volume: the control does not apply.
                State::Absent => continue,
                State::Unknown(r) => {
                    ctx.undecided(&td.meta, &td.volumes.origin, format!("the volumes are unknown: {r}"));
                    continue;
                }
            };
            let mut failed = false;
            let mut judged = false;
            let mut unknown: Option<(Origin, String)> = None;
            for (i, v) in volumes.iter().enumerate() {
                let label = match v.name.value() {
                    Some(n) => n.clone(),
                    None => format!("#{}", i + 1),
                };
                let efs = match &v.efs.state {
                    State::Set(e) | State::Default(e) => e,
                    // Not an EFS volume: not judged.
                    State::Absent => continue,
                    State::Unknown(r) => {
                        unknown.get_or_insert_with(|| {
                            (
                                v.efs.origin.clone(),
                                format!("whether volume `{label}` is an EFS volume is unknown: {r}"),
                            )
                        });
                        continue;
                    }
                };
                let te = &efs.transit_encryption;
                let attribute = format!("volumes[{label}].efsVolumeConfiguration.transitEncryption");
                match &te.state {
                    State::Set(true) | State::Default(true) => judged = true,
                    State::Set(false) => {
                        failed = true;
                        ctx.fail(
                            &td.meta,
                            &attribute,
                            &te.origin,
                            Text::new(
                                format!(
                                    "ECS task definition `{name}` mounts EFS volume `{label}` without encryption in transit (`transitEncryption` is DISABLED)"
                                ),
                                format!(
                                    "ECS タスク定義 `{name}` の EFS ボリューム `{label}` は転送中の暗号化なしでマウントされます（`transitEncryption` が DISABLED）"
                                ),
                            ),
                        );
                    }
                    State::Default(false) | State::Absent => {
                        failed = true;
                        ctx.fail(
                            &td.meta,
                            &attribute,
                            &te.origin,
                            Text::new(
                                format!(
                                    "ECS task definition `{name}` mounts EFS volume `{label}` without encryption in transit (`transitEncryption` is omitted, and the default is DISABLED)"
                                ),
                                format!(
                                    "ECS タスク定義 `{name}` の EFS ボリューム `{label}` は転送中の暗号化なしでマウントされます（`transitEncryption` が未指定で、デフォルトは DISABLED）"
                                ),
                            ),
                        );
                    }
                    State::Unknown(r) => {
                        unknown.get_or_insert_with(|| {
                            (
                                te.origin.clone(),
                                format!("`transitEncryption` of EFS volume `{label}` is unknown: {r}"),
                            )
                        });
                    }
                }
            }
            if failed {
                continue;
            }
            match unknown {
                Some((origin, why)) => ctx.undecided(&td.meta, &origin, why),
                None if judged => ctx.pass(&td.meta),
                // No EFS volume among the volumes: the control does not apply.
                None => {}
            }
        }
    }
}
