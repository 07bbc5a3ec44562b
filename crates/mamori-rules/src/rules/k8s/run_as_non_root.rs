//! Pod Security Standards, Restricted, "Running as Non-root": `runAsNonRoot` must be `true` on
//! the pod, or on every container; an explicit `false` anywhere fails (PSA check
//! `runAsNonRoot`). From policy version 1.35, pods in their own user namespace
//! (`hostUsers: false`) may leave it unset.

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct RunAsNonRoot;

pub static RULE: RunAsNonRoot = RunAsNonRoot;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-015",
    name: "k8s-run-as-non-root",
    title_en: "Kubernetes containers should be required to run as non-root",
    title_ja: "Kubernetes のコンテナに root 以外での実行を求める",
    severity: Severity::Medium,
    controls: &["pss-restricted/running-as-non-root", "cis-k8s-1.12/5.2.7"],
    equivalents: &[("trivy", "AVD-KSV-0012")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for RunAsNonRoot {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for w in inv.k8s_workloads() {
            let Some(pod) = pss::pod(inv, ctx, w, PssLevel::Restricted) else {
                continue;
            };
            if pod.user_namespace() {
                ctx.pass(&w.meta);
                continue;
            }
            let what = pss::what(w);
            let mut j = Judgement::default();
            let pod_value = &pod.security_context.run_as_non_root;
            match &pod_value.state {
                State::Set(false) | State::Default(false) => j.fail(
                    "securityContext.runAsNonRoot",
                    &pod_value.origin,
                    Text::new(
                        format!("{what} lets its containers run as root (`runAsNonRoot: false` in the pod's security context)"),
                        format!("{what} がコンテナの root での実行を許しています（Pod のセキュリティコンテキストで `runAsNonRoot: false`）"),
                    ),
                ),
                State::Unknown(r) => j.unknown(&pod_value.origin, format!("the pod's `runAsNonRoot` is unknown: {r}")),
                _ => {}
            }
            let pod_true = pod_value.value() == Some(&true);
            let mut implicit = Vec::new();
            for c in pss::containers(pod, &mut j) {
                let (noun, noun_ja) = c.noun();
                let a = &c.c.security_context.run_as_non_root;
                match &a.state {
                    State::Set(false) | State::Default(false) => j.fail(
                        c.at("securityContext.runAsNonRoot"),
                        &a.origin,
                        Text::new(
                            format!("The {noun} of {what} may run as root (`runAsNonRoot: false`)"),
                            format!("{what} の{noun_ja}が root で実行される可能性があります（`runAsNonRoot: false`）"),
                        ),
                    ),
                    State::Absent if !pod_true => implicit.push(c.label.clone()),
                    State::Unknown(r) => j.unknown(&a.origin, format!("`runAsNonRoot` of the {noun} is unknown: {r}")),
                    _ => {}
                }
            }
            // Containers that rely on a pod-level setting the pod does not make: one finding
            // at the pod, where one line fixes them all.
            if !implicit.is_empty() && pod_value.is_absent() {
                let list = implicit.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>();
                j.fail(
                    "securityContext.runAsNonRoot",
                    &pod_value.origin,
                    Text::new(
                        format!(
                            "{what} does not require its containers to run as non-root: neither the pod nor container{} {} set `runAsNonRoot: true`",
                            if list.len() == 1 { "" } else { "s" },
                            list.join(", ")
                        ),
                        format!(
                            "{what} はコンテナに root 以外での実行を求めていません。Pod にもコンテナ {} にも `runAsNonRoot: true` がありません",
                            list.join("、")
                        ),
                    ),
                );
            }
            j.report(ctx, w);
        }
    }
}
