//! ECR replication should send images only to trusted accounts.
//!
//! A destination is trusted when it is the registry's own account (written as the deploying
//! account, or equal to the registry id the API prints) or one of `[params] trusted_accounts`.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecr::KIND_ECR_REPLICATION_CONFIGURATION;
use mamori_model::attr::item_label;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ReplicationTrusted;

pub static RULE: ReplicationTrusted = ReplicationTrusted;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECR-006",
    name: "ecr-replication-to-trusted-accounts",
    title_en: "ECR replication should copy images only to trusted accounts",
    title_ja: "ECR のレプリケーション先は信頼するアカウントに限る",
    severity: Severity::Medium,
    controls: &["nist-800-53/AC-4", "nist-800-53/AC-21"],
    equivalents: &[],
    resource_kinds: &[KIND_ECR_REPLICATION_CONFIGURATION],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for ReplicationTrusted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for c in inv.ecr_replication_configurations() {
            let rules = match &c.rules.state {
                State::Set(r) | State::Default(r) => r.as_slice(),
                State::Absent => &[],
                State::Unknown(r) => {
                    ctx.undecided(&c.meta, &c.rules.origin, format!("`replicationConfiguration.rules` is unknown: {r}"));
                    continue;
                }
            };
            let own = c.registry_id.value();
            let mut failed = false;
            let mut unknown = None;
            for (i, rule) in rules.iter().enumerate() {
                let destinations = match &rule.destinations.state {
                    State::Set(d) | State::Default(d) => d.as_slice(),
                    State::Absent => &[],
                    State::Unknown(r) => {
                        unknown.get_or_insert((rule.destinations.origin.clone(), format!("`replicationConfiguration.rules[#{}].destinations` is unknown: {r}", i + 1)));
                        continue;
                    }
                };
                for (j, d) in destinations.iter().enumerate() {
                    if d.own_account {
                        continue;
                    }
                    let account = match &d.registry_id.state {
                        State::Set(a) | State::Default(a) => a,
                        State::Absent => continue,
                        State::Unknown(r) => {
                            unknown.get_or_insert((d.registry_id.origin.clone(), format!("`replicationConfiguration.rules[#{}].destinations[#{}].registryId` is unknown: {r}", i + 1, j + 1)));
                            continue;
                        }
                    };
                    if own == Some(account) || ctx.params.trusted_accounts.contains(account) {
                        continue;
                    }
                    failed = true;
                    let region = item_label(&d.region, j);
                    let region_text = d.region.value().cloned().unwrap_or_else(|| "an unknown region".into());
                    ctx.fail(
                        &c.meta,
                        format!("replicationConfiguration.rules[#{}].destinations[{region}/{account}].registryId", i + 1),
                        &d.registry_id.origin,
                        Text::new(
                            format!("ECR replication copies images to account {account} ({region_text}), which is not in trusted_accounts"),
                            format!("ECR のレプリケーションがアカウント {account}（{region_text}）にイメージをコピーしますが、このアカウントは trusted_accounts にありません"),
                        ),
                    );
                }
            }
            if failed {
                continue;
            }
            match unknown {
                Some((o, why)) => ctx.undecided(&c.meta, &o, why),
                None => ctx.pass(&c.meta),
            }
        }
    }
}
