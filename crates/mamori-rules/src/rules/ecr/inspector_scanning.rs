//! Amazon Inspector should scan ECR images where the scan uses them (enhanced scanning).
//!
//! The rule judges only what the scan holds: a registry scanning configuration (`BASIC` is off,
//! `ENHANCED` is on), an `aws_inspector2_enabler` (on when `resource_types` lists `ECR`), or
//! Inspector's account status (`resourceState.ecr.status`). Any of them that turns enhanced
//! scanning on is enough. With no such evidence, or no ECR image in use, nothing is reported.

use crate::ecr::ecr_in_use;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecr::{KIND_ECR_REGISTRY_SCANNING_CONFIGURATION, KIND_INSPECTOR_ENABLER};
use mamori_model::inventory::same_scope;
use mamori_model::{Inventory, ResourceMeta, Severity, SourceKind, State, Text};

pub struct InspectorScanning;

pub static RULE: InspectorScanning = InspectorScanning;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECR-007",
    name: "ecr-inspector-enhanced-scanning",
    title_en: "Amazon Inspector should scan the ECR images in use (enhanced scanning)",
    title_ja: "使っている ECR イメージを Amazon Inspector でスキャンする（拡張スキャン）",
    severity: Severity::Medium,
    controls: &["nist-800-53/RA-5", "nist-800-53/SI-2"],
    equivalents: &[],
    resource_kinds: &[KIND_ECR_REGISTRY_SCANNING_CONFIGURATION, KIND_INSPECTOR_ENABLER],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for InspectorScanning {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        let configs: Vec<_> = inv.ecr_registry_scanning_configurations().collect();
        let enablers: Vec<_> = inv.inspector_enablers().collect();
        // Evidence that enhanced scanning is on, in the scope of a resource.
        let on = |from: &ResourceMeta| {
            configs
                .iter()
                .any(|c| same_scope(from, &c.meta) && c.scan_type.value().is_some_and(|t| t == "ENHANCED"))
                || enablers
                    .iter()
                    .any(|e| same_scope(from, &e.meta) && e.ecr_enabled.value() == Some(&true))
        };
        for c in &configs {
            let Some((used, used_ja)) = ecr_in_use(inv, &c.meta) else {
                continue;
            };
            match &c.scan_type.state {
                _ if on(&c.meta) => ctx.pass(&c.meta),
                State::Unknown(r) => ctx.undecided(
                    &c.meta,
                    &c.scan_type.origin,
                    format!("`scanningConfiguration.scanType` is unknown: {r}"),
                ),
                State::Set(t) | State::Default(t) => ctx.fail(
                    &c.meta,
                    "scanningConfiguration.scanType",
                    &c.scan_type.origin,
                    Text::new(
                        format!("the ECR registry uses {t} scanning, so Amazon Inspector does not scan its images, yet {used}"),
                        format!("ECR レジストリのスキャンが {t} のため Amazon Inspector がイメージをスキャンしません（{used_ja}）"),
                    ),
                ),
                State::Absent => ctx.pass(&c.meta),
            }
        }
        for e in &enablers {
            let Some((used, used_ja)) = ecr_in_use(inv, &e.meta) else {
                continue;
            };
            let account = e.account_id.value().map_or_else(|| "the account".to_string(), |a| format!("account {a}"));
            let account_ja = e.account_id.value().map_or_else(|| "アカウント".to_string(), |a| format!("アカウント {a}"));
            match &e.ecr_enabled.state {
                _ if on(&e.meta) => ctx.pass(&e.meta),
                State::Unknown(r) => ctx.undecided(&e.meta, &e.ecr_enabled.origin, format!("`{}` is unknown: {r}", e.attribute)),
                _ => ctx.fail(
                    &e.meta,
                    e.attribute.clone(),
                    &e.ecr_enabled.origin,
                    Text::new(
                        format!("Amazon Inspector does not scan ECR images in {account}, yet {used}"),
                        format!("{account_ja} で Amazon Inspector が ECR イメージをスキャンしません（{used_ja}）"),
                    ),
                ),
            }
        }
    }
}
