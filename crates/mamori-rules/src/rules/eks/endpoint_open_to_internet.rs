//! CIS EKS 5.4.1: the public endpoint, where it is on, should not accept the whole internet.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::eks::KIND_EKS_CLUSTER;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct EndpointOpenToInternet;

pub static RULE: EndpointOpenToInternet = EndpointOpenToInternet;

static META: RuleMeta = RuleMeta {
    id: "MAM-EKS-007",
    name: "eks-cluster-endpoint-open-to-internet",
    title_en: "EKS public endpoints should not be open to 0.0.0.0/0",
    title_ja: "EKS のパブリックエンドポイントを 0.0.0.0/0 に開放しない",
    severity: Severity::High,
    controls: &["cis-eks-1.8/5.4.1"],
    equivalents: &[("checkov", "CKV_AWS_38"), ("trivy", "AVD-AWS-0041")],
    resource_kinds: &[KIND_EKS_CLUSTER],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
        SourceKind::Eksctl,
    ],
};

/// CIDRs that let in every address.
fn is_anywhere(cidr: &str) -> bool {
    matches!(cidr.trim(), "0.0.0.0/0" | "::/0")
}

impl Rule for EndpointOpenToInternet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for c in inv.eks_clusters() {
            let name = &c.meta.name;
            match &c.endpoint_public_access.state {
                // Without a public endpoint the allow-list lets nobody in.
                State::Set(false) | State::Default(false) | State::Absent => {
                    ctx.pass(&c.meta);
                    continue;
                }
                State::Unknown(r) => {
                    ctx.undecided(
                        &c.meta,
                        &c.endpoint_public_access.origin,
                        format!("`endpointPublicAccess` is unknown: {r}"),
                    );
                    continue;
                }
                State::Set(true) | State::Default(true) => {}
            }
            let cidrs = match &c.public_access_cidrs.state {
                State::Set(v) | State::Default(v) => v,
                State::Unknown(r) => {
                    ctx.undecided(
                        &c.meta,
                        &c.public_access_cidrs.origin,
                        format!("`publicAccessCidrs` is unknown: {r}"),
                    );
                    continue;
                }
                // An explicitly empty list: EKS fills in 0.0.0.0/0.
                State::Absent => &Vec::new(),
            };
            let mut failed = false;
            let mut unknown = None;
            for cidr in cidrs {
                match &cidr.state {
                    State::Set(v) | State::Default(v) if is_anywhere(v) => {
                        failed = true;
                        let implicit = matches!(cidr.state, State::Default(_));
                        let (how, how_ja) = if implicit {
                            ("no `publicAccessCidrs` is given, and EKS then allows 0.0.0.0/0", "`publicAccessCidrs` の指定がなく、EKS のデフォルトの 0.0.0.0/0 が適用されます")
                        } else {
                            ("`publicAccessCidrs` lets in every address", "`publicAccessCidrs` がすべてのアドレスを許可しています")
                        };
                        ctx.fail(
                            &c.meta,
                            format!("resourcesVpcConfig.publicAccessCidrs[{}]", v.trim()),
                            &cidr.origin,
                            Text::new(
                                format!("EKS cluster `{name}` accepts requests to its public endpoint from anywhere (`{v}`): {how}"),
                                format!("EKS クラスター `{name}` のパブリックエンドポイントがどこからでも接続を受け付けます（`{v}`）。{how_ja}"),
                            ),
                        );
                    }
                    State::Unknown(r) => unknown = Some((cidr.origin.clone(), r.clone())),
                    _ => {}
                }
            }
            if cidrs.is_empty() {
                failed = true;
                ctx.fail(
                    &c.meta,
                    "resourcesVpcConfig.publicAccessCidrs[0.0.0.0/0]",
                    &c.public_access_cidrs.origin,
                    Text::new(
                        format!("EKS cluster `{name}` gives an empty `publicAccessCidrs`, and EKS then accepts requests to its public endpoint from anywhere (0.0.0.0/0)"),
                        format!("EKS クラスター `{name}` の `publicAccessCidrs` が空のため、EKS のデフォルトによりパブリックエンドポイントがどこからでも接続を受け付けます（0.0.0.0/0）"),
                    ),
                );
            }
            if !failed {
                match unknown {
                    Some((o, r)) => ctx.undecided(&c.meta, &o, format!("a public access CIDR is unknown: {r}")),
                    None => ctx.pass(&c.meta),
                }
            }
        }
    }
}
