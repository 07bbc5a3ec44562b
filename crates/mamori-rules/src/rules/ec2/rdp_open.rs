//! No security group should admit RDP (port 3389) from the whole internet (Security Hub EC2.14).

use crate::sg::{self, Reach, describe, describe_ja, reaches};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ec2::{KIND_SECURITY_GROUP, KIND_SECURITY_GROUP_INGRESS, Protocol};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct RdpOpen;

pub static RULE: RdpOpen = RdpOpen;

static META: RuleMeta = RuleMeta {
    id: "MAM-EC2-003",
    name: "ec2-security-group-rdp-open",
    title_en: "Security groups should not admit RDP (port 3389) from the internet",
    title_ja: "セキュリティグループでインターネットからの RDP（3389 番ポート）を許可しない",
    severity: Severity::High,
    controls: &["aws-securityhub/EC2.14", "pci-dss-4.0.1/1.3.1"],
    equivalents: &[
        ("checkov", "CKV_AWS_25"),
        ("trivy", "AVD-AWS-0107"),
        ("prowler", "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389"),
    ],
    resource_kinds: &[KIND_SECURITY_GROUP, KIND_SECURITY_GROUP_INGRESS],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for RdpOpen {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        let judge = |proto: Protocol, from: u16, to: u16| -> Option<(String, String)> {
            reaches(proto, from, to, 3389).then(|| (describe(proto, from, to), describe_ja(proto, from, to)))
        };
        sg::check(inv, ctx, Reach::All, &judge, &|name, cidr, (what, what_ja)| {
            Text::new(
                format!("security group `{name}` admits {what} from {cidr}, so RDP (port 3389) is open to the internet"),
                format!(
                    "セキュリティグループ `{name}` が {cidr} から {what_ja} への通信を許可しているため、RDP（3389 番ポート）がインターネットに開いています"
                ),
            )
        });
    }
}
