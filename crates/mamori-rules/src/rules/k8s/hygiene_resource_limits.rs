//! Containers should declare CPU and memory limits (`resources.limits.cpu`,
//! `resources.limits.memory`), in init and regular containers (ephemeral containers take no
//! resources). Each missing limit is one finding. Not a Pod Security Standards control.

use crate::pss::{self, Judgement};
use crate::workload;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{ContainerKind, WORKLOAD_KINDS, entry};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ResourceLimits;

pub static RULE: ResourceLimits = ResourceLimits;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-121",
    name: "k8s-container-resource-limits",
    title_en: "Containers should have CPU and memory limits",
    title_ja: "コンテナに CPU とメモリの上限を設定する",
    severity: Severity::Low,
    controls: &["nist-800-53/SC-6"],
    equivalents: &[
        ("checkov", "CKV_K8S_11"),
        ("checkov", "CKV_K8S_13"),
        ("trivy", "AVD-KSV-0011"),
        ("trivy", "AVD-KSV-0018"),
    ],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for ResourceLimits {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for w in inv.k8s_workloads() {
            let Some(pod) = workload::pod(ctx, w) else {
                continue;
            };
            let what = pss::what(w);
            let mut j = Judgement::default();
            for c in pss::containers(pod, &mut j) {
                if c.c.kind == ContainerKind::Ephemeral {
                    continue;
                }
                let limits = &c.c.resources.limits;
                if let State::Unknown(r) = &limits.state {
                    j.unknown(&limits.origin, format!("`resources.limits` of container `{}` is unknown: {r}", c.label));
                    continue;
                }
                let (noun, noun_ja) = c.noun();
                for (key, ja) in [("cpu", "CPU"), ("memory", "メモリ")] {
                    if entry(limits, key).is_some() {
                        continue;
                    }
                    j.fail(
                        c.at(&format!("resources.limits.{key}")),
                        &limits.origin,
                        Text::new(
                            format!(
                                "The {noun} of {what} has no {key} limit: it can take all the node's {key} from its neighbours"
                            ),
                            format!(
                                "{what} の{noun_ja}に{ja}の上限がない。ノードの{ja}を使い切り、同じノードのほかの Pod を圧迫できる"
                            ),
                        ),
                    );
                }
            }
            j.report(ctx, w);
        }
    }
}
