//! Pod Security Standards, Baseline, "Privileged Containers": `securityContext.privileged` of
//! every container (init, regular, ephemeral) must be unset or `false` (PSA check `privileged`).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct PrivilegedContainers;

pub static RULE: PrivilegedContainers = PrivilegedContainers;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-002",
    name: "k8s-privileged-containers",
    title_en: "Kubernetes containers should not run privileged",
    title_ja: "Kubernetes のコンテナを特権モードで実行しない",
    severity: Severity::High,
    controls: &[
        "pss-baseline/privileged-containers",
        "cis-eks-1.8/4.2.1",
        "cis-k8s-1.12/5.2.2",
    ],
    equivalents: &[("checkov", "CKV_K8S_16"), ("trivy", "AVD-KSV-0017")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for PrivilegedContainers {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for w in inv.k8s_workloads() {
            let Some(pod) = pss::pod(inv, ctx, w, PssLevel::Baseline) else {
                continue;
            };
            let what = pss::what(w);
            let mut j = Judgement::default();
            for c in pss::containers(pod, &mut j) {
                let p = &c.c.security_context.privileged;
                let (noun, noun_ja) = c.noun();
                match &p.state {
                    State::Set(true) | State::Default(true) => j.fail(
                        c.at("securityContext.privileged"),
                        &p.origin,
                        Text::new(
                            format!(
                                "The {noun} of {what} runs privileged, with every capability and the node's devices (`privileged: true`)"
                            ),
                            format!(
                                "{what} の{noun_ja}が特権モードで実行され、すべてのケーパビリティとノードのデバイスを使えます（`privileged: true`）"
                            ),
                        ),
                    ),
                    State::Unknown(r) => j.unknown(&p.origin, format!("`privileged` of the {noun} is unknown: {r}")),
                    _ => {}
                }
            }
            j.report(ctx, w);
        }
    }
}
