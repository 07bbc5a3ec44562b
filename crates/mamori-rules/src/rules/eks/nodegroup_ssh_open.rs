//! EKS node groups with SSH access should name who may connect (Checkov CKV_AWS_100): a key
//! without source security groups opens port 22 to the internet.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::eks::KIND_EKS_NODEGROUP;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct NodegroupSshOpen;

pub static RULE: NodegroupSshOpen = NodegroupSshOpen;

static META: RuleMeta = RuleMeta {
    id: "MAM-EKS-010",
    name: "eks-nodegroup-ssh-open",
    title_en: "EKS node groups should not open SSH to the internet",
    title_ja: "EKS ノードグループの SSH をインターネットに開放しない",
    severity: Severity::High,
    controls: &["nist-800-53/SC-7"],
    equivalents: &[("checkov", "CKV_AWS_100")],
    resource_kinds: &[KIND_EKS_NODEGROUP],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
        SourceKind::Eksctl,
    ],
};

impl Rule for NodegroupSshOpen {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for n in inv.eks_nodegroups() {
            let name = &n.meta.name;
            let ra = match &n.remote_access.state {
                State::Set(r) | State::Default(r) => r,
                State::Absent => {
                    ctx.pass(&n.meta);
                    continue;
                }
                State::Unknown(r) => {
                    ctx.undecided(&n.meta, &n.remote_access.origin, format!("`remoteAccess` is unknown: {r}"));
                    continue;
                }
            };
            match &ra.ec2_ssh_key.state {
                // Without a key there is no SSH access to open.
                State::Absent => {
                    ctx.pass(&n.meta);
                    continue;
                }
                State::Unknown(_) | State::Set(_) | State::Default(_) => {}
            }
            let sgs = &ra.source_security_groups;
            let none = match &sgs.state {
                State::Set(v) | State::Default(v) => v.is_empty(),
                State::Absent => true,
                State::Unknown(r) => {
                    ctx.undecided(&n.meta, &sgs.origin, format!("`sourceSecurityGroups` is unknown: {r}"));
                    continue;
                }
            };
            if !none {
                ctx.pass(&n.meta);
                continue;
            }
            // eksctl opens SSH only to the VPC for node groups on private subnets.
            if !n.managed || n.meta.source == SourceKind::Eksctl {
                match &n.private_networking.state {
                    State::Set(true) | State::Default(true) => {
                        ctx.pass(&n.meta);
                        continue;
                    }
                    State::Unknown(r) => {
                        ctx.undecided(&n.meta, &n.private_networking.origin, format!("`privateNetworking` is unknown: {r}"));
                        continue;
                    }
                    _ => {}
                }
            }
            if let State::Unknown(r) = &ra.ec2_ssh_key.state {
                ctx.undecided(&n.meta, &ra.ec2_ssh_key.origin, format!("`ec2SshKey` is unknown: {r}"));
                continue;
            }
            ctx.fail(
                &n.meta,
                "remoteAccess.sourceSecurityGroups",
                &ra.ec2_ssh_key.origin,
                Text::new(
                    format!("EKS node group `{name}` allows SSH with a key but names no source security group, so port 22 of its nodes is open to the internet (0.0.0.0/0)"),
                    format!("EKS ノードグループ `{name}` は SSH キーを設定していますが接続元のセキュリティグループを指定していないため、ノードの 22 番ポートがインターネット（0.0.0.0/0）に開放されます"),
                ),
            );
        }
    }
}
