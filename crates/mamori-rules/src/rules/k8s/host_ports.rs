//! Pod Security Standards, Baseline, "Host Ports": `ports[*].hostPort` of every container must
//! be undefined or `0` (PSA check `hostPorts`).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct HostPorts;

pub static RULE: HostPorts = HostPorts;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-005",
    name: "k8s-host-ports",
    title_en: "Kubernetes containers should not bind host ports",
    title_ja: "Kubernetes のコンテナでホストポートを使わない",
    severity: Severity::Medium,
    controls: &["pss-baseline/host-ports", "cis-k8s-1.12/5.2.12"],
    equivalents: &[("checkov", "CKV_K8S_26"), ("trivy", "AVD-KSV-0024")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for HostPorts {
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
                let (noun, noun_ja) = c.noun();
                let ports = match &c.c.ports.state {
                    State::Set(p) | State::Default(p) => p,
                    State::Unknown(r) => {
                        j.unknown(&c.c.ports.origin, format!("the ports of the {noun} are unknown: {r}"));
                        continue;
                    }
                    State::Absent => continue,
                };
                for (i, p) in ports.iter().enumerate() {
                    match &p.host_port.state {
                        State::Set(hp) | State::Default(hp) if *hp != 0 => j.fail(
                            c.at(&format!("ports[{}].hostPort", p.label(i))),
                            &p.host_port.origin,
                            Text::new(
                                format!("The {noun} of {what} binds port {hp} of the node (`hostPort: {hp}`)"),
                                format!("{what} の{noun_ja}がノードのポート {hp} を使っています（`hostPort: {hp}`）"),
                            ),
                        ),
                        State::Unknown(r) => j.unknown(&p.host_port.origin, format!("a `hostPort` of the {noun} is unknown: {r}")),
                        _ => {}
                    }
                }
            }
            j.report(ctx, w);
        }
    }
}
