//! CIS EKS 4.1.7: manage cluster access with access entries, not only the `aws-auth` ConfigMap.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::eks::KIND_EKS_CLUSTER;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct AuthenticationMode;

pub static RULE: AuthenticationMode = AuthenticationMode;

static META: RuleMeta = RuleMeta {
    id: "MAM-EKS-009",
    name: "eks-cluster-access-entries",
    title_en: "EKS clusters should manage access with access entries, not only the aws-auth ConfigMap",
    title_ja: "EKS クラスターのアクセス管理に aws-auth ConfigMap だけでなくアクセスエントリーを使う",
    severity: Severity::Medium,
    controls: &["cis-eks-1.8/4.1.7"],
    equivalents: &[],
    resource_kinds: &[KIND_EKS_CLUSTER],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
        SourceKind::Eksctl,
    ],
};

impl Rule for AuthenticationMode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for c in inv.eks_clusters() {
            let name = &c.meta.name;
            let a = &c.authentication_mode;
            match &a.state {
                State::Set(m) | State::Default(m) if m.eq_ignore_ascii_case("CONFIG_MAP") => {
                    let (how, how_ja) = if a.explicit().is_some() {
                        ("`authenticationMode` is CONFIG_MAP", "`authenticationMode` が CONFIG_MAP")
                    } else {
                        (
                            "no `authenticationMode` is given, and the API then uses CONFIG_MAP",
                            "`authenticationMode` の指定がなく、API のデフォルトの CONFIG_MAP が適用されます",
                        )
                    };
                    ctx.fail(
                        &c.meta,
                        "accessConfig.authenticationMode",
                        &a.origin,
                        Text::new(
                            format!("EKS cluster `{name}` lets IAM principals in only through the aws-auth ConfigMap ({how}); access entries cannot be used"),
                            format!("EKS クラスター `{name}` では IAM プリンシパルのアクセスを aws-auth ConfigMap でしか管理できません（{how_ja}）。アクセスエントリーを使えません"),
                        ),
                    );
                }
                State::Set(_) | State::Default(_) | State::Absent => ctx.pass(&c.meta),
                State::Unknown(r) => ctx.undecided(&c.meta, &a.origin, format!("`authenticationMode` is unknown: {r}")),
            }
        }
    }
}
