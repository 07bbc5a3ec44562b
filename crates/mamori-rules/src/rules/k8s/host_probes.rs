//! Pod Security Standards, Baseline, "Host Probes / Lifecycle Hooks": the `host` of the
//! `httpGet` and `tcpSocket` handlers of every container's probes and lifecycle hooks must be
//! unset or empty (PSA check `hostProbesAndHostLifecycle`, policy version 1.34 and later).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct HostProbes;

pub static RULE: HostProbes = HostProbes;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-012",
    name: "k8s-probe-lifecycle-host",
    title_en: "Kubernetes probes and lifecycle hooks should not target another host",
    title_ja: "Kubernetes のプローブとライフサイクルフックで別のホストを指定しない",
    severity: Severity::Medium,
    controls: &["pss-baseline/host-probes-lifecycle"],
    equivalents: &[],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for HostProbes {
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
                for (path, host) in &c.c.probe_hosts {
                    match &host.state {
                        State::Set(h) | State::Default(h) if !h.is_empty() => j.fail(
                            c.at(path),
                            &host.origin,
                            Text::new(
                                format!(
                                    "The {noun} of {what} has the kubelet send `{path}` to `{h}` instead of the pod, which lets it probe hosts the pod cannot reach"
                                ),
                                format!(
                                    "{what} の{noun_ja}が `{path}` で Pod ではなく `{h}` を指定しており、Pod から届かないホストを kubelet に探らせることができます"
                                ),
                            ),
                        ),
                        State::Unknown(r) => j.unknown(&host.origin, format!("`{path}` of the {noun} is unknown: {r}")),
                        _ => {}
                    }
                }
            }
            j.report(ctx, w);
        }
    }
}
