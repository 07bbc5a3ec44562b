//! Pod Security Standards, Baseline, "/proc Mount Type": `securityContext.procMount` of every
//! container must be unset or `Default` (PSA checks `procMount` and, for Restricted,
//! `procMount_restricted`). From policy version 1.35 Baseline lets pods in their own user
//! namespace (`hostUsers: false`) use any value; Restricted does not.

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ProcMount;

pub static RULE: ProcMount = ProcMount;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-008",
    name: "k8s-proc-mount-type",
    title_en: "Kubernetes containers should keep the default /proc mount",
    title_ja: "Kubernetes のコンテナの /proc マウントはデフォルトのままにする",
    severity: Severity::Medium,
    controls: &["pss-baseline/proc-mount-type"],
    equivalents: &[("trivy", "AVD-KSV-0027")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for ProcMount {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for w in inv.k8s_workloads() {
            let Some(pod) = pss::pod(inv, ctx, w, PssLevel::Baseline) else {
                continue;
            };
            // Baseline relaxes the check for user-namespace pods; Restricted keeps it.
            if pod.user_namespace() && pss::level_of(inv, ctx, w) < PssLevel::Restricted {
                ctx.pass(&w.meta);
                continue;
            }
            let what = pss::what(w);
            let mut j = Judgement::default();
            for c in pss::containers(pod, &mut j) {
                let (noun, noun_ja) = c.noun();
                let pm = &c.c.security_context.proc_mount;
                match &pm.state {
                    State::Set(v) | State::Default(v) if v != "Default" => j.fail(
                        c.at("securityContext.procMount"),
                        &pm.origin,
                        Text::new(
                            format!(
                                "The {noun} of {what} mounts /proc with `procMount: {v}`, without the masks that hide the node's kernel interfaces"
                            ),
                            format!(
                                "{what} の{noun_ja}が `procMount: {v}` で /proc をマウントし、ノードのカーネルインターフェースを隠すマスクが外れます"
                            ),
                        ),
                    ),
                    State::Unknown(r) => j.unknown(&pm.origin, format!("`procMount` of the {noun} is unknown: {r}")),
                    _ => {}
                }
            }
            j.report(ctx, w);
        }
    }
}
