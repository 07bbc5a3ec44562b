//! The `aws-auth` ConfigMap should not map IAM roles or users to the `system:masters` group (CIS
//! Kubernetes 5.1.7): its members bypass RBAC entirely. Each mapping (`mapRoles`, `mapUsers`)
//! that lists the group is one finding, pointing at the group inside the ConfigMap's YAML string.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{AwsAuthMapping, KIND_AWS_AUTH};
use mamori_model::{Attr, Inventory, Origin, Severity, SourceKind, State, Text};

pub struct AwsAuthSystemMasters;

pub static RULE: AwsAuthSystemMasters = AwsAuthSystemMasters;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-117",
    name: "eks-aws-auth-system-masters",
    title_en: "The aws-auth ConfigMap should not map IAM identities to system:masters",
    title_ja: "aws-auth ConfigMap で IAM の ID を system:masters に割り当てない",
    severity: Severity::High,
    controls: &["cis-k8s-1.12/5.1.7", "nist-800-53/AC-6"],
    equivalents: &[],
    resource_kinds: &[KIND_AWS_AUTH],
    sources: &[SourceKind::Kubernetes],
};

const MASTERS: &str = "system:masters";

impl Rule for AwsAuthSystemMasters {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for cm in inv.aws_auth_config_maps() {
            let mut fails: Vec<(String, Origin, Text)> = Vec::new();
            let mut unknown: Option<(Origin, String)> = None;
            for (field, list, what_en, what_ja) in [
                ("mapRoles", &cm.map_roles, "IAM role", "IAM ロール"),
                ("mapUsers", &cm.map_users, "IAM user", "IAM ユーザー"),
            ] {
                judge(field, list, what_en, what_ja, &mut fails, &mut unknown);
            }
            if fails.is_empty() {
                match unknown {
                    Some((o, why)) => ctx.undecided(&cm.meta, &o, why),
                    None => ctx.pass(&cm.meta),
                }
                continue;
            }
            for (attr, origin, text) in fails {
                ctx.fail(&cm.meta, attr, &origin, text);
            }
        }
    }
}

fn judge(
    field: &str,
    list: &Attr<Vec<AwsAuthMapping>>,
    what_en: &str,
    what_ja: &str,
    fails: &mut Vec<(String, Origin, Text)>,
    unknown: &mut Option<(Origin, String)>,
) {
    let mappings = match &list.state {
        State::Set(m) | State::Default(m) => m,
        State::Absent => return,
        State::Unknown(r) => {
            unknown.get_or_insert((list.origin.clone(), format!("`{field}` is unknown: {r}")));
            return;
        }
    };
    for (i, m) in mappings.iter().enumerate() {
        let groups = match &m.groups.state {
            State::Set(g) | State::Default(g) => g,
            State::Absent => continue,
            State::Unknown(r) => {
                unknown.get_or_insert((m.groups.origin.clone(), format!("`{field}[#{}].groups` is unknown: {r}", i + 1)));
                continue;
            }
        };
        for g in groups {
            if g.value().map(String::as_str) != Some(MASTERS) {
                if let Some(r) = g.unknown_reason() {
                    unknown.get_or_insert((g.origin.clone(), format!("`{field}[#{}].groups` is unknown: {r}", i + 1)));
                }
                continue;
            }
            let arn = m.arn.value().cloned();
            let key = arn.clone().unwrap_or_else(|| format!("#{}", i + 1));
            let who = arn.unwrap_or_else(|| format!("#{}", i + 1));
            fails.push((
                format!("data.{field}[{key}].groups[{MASTERS}]"),
                g.origin.clone(),
                Text::new(
                    format!(
                        "The aws-auth ConfigMap puts {what_en} `{who}` in `system:masters`: whoever can assume it has unrestricted access to the cluster that no RBAC change can take away"
                    ),
                    format!(
                        "aws-auth ConfigMap が{what_ja} `{who}` を `system:masters` に入れている。これを引き受けられる者は誰でもクラスターへの無制限のアクセスを持ち、RBAC では取り上げられない"
                    ),
                ),
            ));
        }
    }
}
