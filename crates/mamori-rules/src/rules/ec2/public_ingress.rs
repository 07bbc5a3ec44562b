//! Security groups of ECS tasks and EKS clusters should open to the internet only the TCP ports
//! the team authorises (Security Hub EC2.18, `authorizedTcpPorts` 80 and 443 by default).

use crate::sg::{self, Reach, describe, describe_ja};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ec2::{KIND_SECURITY_GROUP, KIND_SECURITY_GROUP_INGRESS, Protocol};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct PublicIngress;

pub static RULE: PublicIngress = PublicIngress;

static META: RuleMeta = RuleMeta {
    id: "MAM-EC2-001",
    name: "ec2-container-security-group-public-ingress",
    title_en: "Security groups of ECS tasks and EKS clusters should open only authorised ports to the internet",
    title_ja: "ECS タスクと EKS クラスターのセキュリティグループは、許可したポートだけをインターネットに開く",
    severity: Severity::High,
    controls: &["aws-securityhub/EC2.18", "nist-800-53/AC-4", "nist-800-53/SC-7"],
    equivalents: &[
        ("checkov", "CKV_AWS_277"),
        ("prowler", "ec2_securitygroup_allow_ingress_from_internet_to_any_port"),
    ],
    resource_kinds: &[KIND_SECURITY_GROUP, KIND_SECURITY_GROUP_INGRESS],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for PublicIngress {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        let authorized = ctx.params.authorized_public_ports.clone();
        let list = if authorized.is_empty() {
            "none".to_string()
        } else {
            authorized.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
        };
        let list_ja = if authorized.is_empty() { "なし".to_string() } else { list.clone() };
        let judge = |proto: Protocol, from: u16, to: u16| -> Option<(String, String)> {
            let ok = match proto {
                // ICMP carries no ports; Security Hub judges TCP and UDP.
                Protocol::Icmp => true,
                Protocol::Tcp => (from..=to).all(|p| authorized.contains(&p)),
                // No UDP port is authorised (Security Hub's authorizedUdpPorts has no default).
                Protocol::Udp | Protocol::All | Protocol::Other => false,
            };
            (!ok).then(|| (describe(proto, from, to), describe_ja(proto, from, to)))
        };
        sg::check(inv, ctx, Reach::Containers, &judge, &|name, cidr, (what, what_ja)| {
            Text::new(
                format!(
                    "security group `{name}`, used by ECS tasks or an EKS cluster, admits {what} from {cidr}; only TCP ports {list} may be open to the internet"
                ),
                format!(
                    "ECS タスクまたは EKS クラスターが使うセキュリティグループ `{name}` が {cidr} から {what_ja} への通信を許可しています。インターネットに開いてよいのは TCP ポート {list_ja} だけです"
                ),
            )
        });
    }
}
