//! Pod Security Standards, Baseline, "HostProcess": `windowsOptions.hostProcess` of the pod and
//! of every container must be unset or `false` (PSA check `windowsHostProcess`).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Attr, Inventory, Severity, SourceKind, State, Text};

pub struct HostProcess;

pub static RULE: HostProcess = HostProcess;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-011",
    name: "k8s-windows-host-process",
    title_en: "Windows pods should not run HostProcess containers",
    title_ja: "Windows の HostProcess コンテナを実行しない",
    severity: Severity::High,
    controls: &["pss-baseline/host-process", "cis-k8s-1.12/5.2.10"],
    equivalents: &[("trivy", "AVD-KSV-0103")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

fn judge(j: &mut Judgement, a: &Attr<bool>, path: String, who: (&str, &str), what: &str) {
    match &a.state {
        State::Set(true) | State::Default(true) => j.fail(
            path,
            &a.origin,
            Text::new(
                format!(
                    "The {} of {what} runs as a Windows HostProcess container, directly on the node with its privileges (`hostProcess: true`)",
                    who.0
                ),
                format!(
                    "{what} の{}が Windows の HostProcess コンテナとして、ノードの権限でノード上で直接実行されます（`hostProcess: true`）",
                    who.1
                ),
            ),
        ),
        State::Unknown(r) => j.unknown(&a.origin, format!("`windowsOptions.hostProcess` is unknown: {r}")),
        _ => {}
    }
}

impl Rule for HostProcess {
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
            judge(
                &mut j,
                &pod.security_context.windows_host_process,
                "securityContext.windowsOptions.hostProcess".into(),
                ("pod spec", "Pod 仕様"),
                &what,
            );
            for c in pss::containers(pod, &mut j) {
                let (noun, noun_ja) = c.noun();
                judge(
                    &mut j,
                    &c.c.security_context.windows_host_process,
                    c.at("securityContext.windowsOptions.hostProcess"),
                    (&noun, &noun_ja),
                    &what,
                );
            }
            j.report(ctx, w);
        }
    }
}
