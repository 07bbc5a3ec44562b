//! The `aws-auth` ConfigMap should not map whole AWS accounts (`mapAccounts`): every IAM role and
//! user of a listed account can then authenticate to the cluster, under a user name derived from
//! its ARN. Each account is one finding.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::KIND_AWS_AUTH;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct AwsAuthMapAccounts;

pub static RULE: AwsAuthMapAccounts = AwsAuthMapAccounts;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-118",
    name: "eks-aws-auth-map-accounts",
    title_en: "The aws-auth ConfigMap should not map whole AWS accounts",
    title_ja: "aws-auth ConfigMap で AWS アカウント全体を割り当てない",
    severity: Severity::Medium,
    controls: &["nist-800-53/AC-6"],
    equivalents: &[],
    resource_kinds: &[KIND_AWS_AUTH],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for AwsAuthMapAccounts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for cm in inv.aws_auth_config_maps() {
            let accounts = match &cm.map_accounts.state {
                State::Set(a) | State::Default(a) => a,
                State::Absent => {
                    ctx.pass(&cm.meta);
                    continue;
                }
                State::Unknown(r) => {
                    ctx.undecided(&cm.meta, &cm.map_accounts.origin, format!("`mapAccounts` is unknown: {r}"));
                    continue;
                }
            };
            if accounts.is_empty() {
                ctx.pass(&cm.meta);
                continue;
            }
            for (i, a) in accounts.iter().enumerate() {
                let id = a.value().cloned().unwrap_or_else(|| format!("#{}", i + 1));
                ctx.fail(
                    &cm.meta,
                    format!("data.mapAccounts[{id}]"),
                    &a.origin,
                    Text::new(
                        format!(
                            "The aws-auth ConfigMap maps AWS account `{id}`: every IAM role and user of that account can authenticate to the cluster, each under a user name taken from its ARN"
                        ),
                        format!(
                            "aws-auth ConfigMap が AWS アカウント `{id}` を割り当てている。そのアカウントのすべての IAM ロールとユーザーが、ARN から作られたユーザー名でクラスターに認証できる"
                        ),
                    ),
                );
            }
        }
    }
}
