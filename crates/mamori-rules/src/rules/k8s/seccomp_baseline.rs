//! Pod Security Standards, Baseline, "Seccomp": `seccompProfile.type` of the pod and of every
//! container must be unset, `RuntimeDefault` or `Localhost` (PSA check `seccompProfile_baseline`,
//! policy version 1.19 and later).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Attr, Inventory, Severity, SourceKind, State, Text};

pub struct SeccompBaseline;

pub static RULE: SeccompBaseline = SeccompBaseline;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-009",
    name: "k8s-seccomp-not-unconfined",
    title_en: "Kubernetes workloads should not turn seccomp off",
    title_ja: "Kubernetes のワークロードで seccomp を無効にしない",
    severity: Severity::Medium,
    controls: &["pss-baseline/seccomp"],
    equivalents: &[("trivy", "AVD-KSV-0104")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

pub fn allowed(t: &str) -> bool {
    t == "RuntimeDefault" || t == "Localhost"
}

fn judge(j: &mut Judgement, a: &Attr<String>, path: String, who: (&str, &str), what: &str) {
    match &a.state {
        State::Set(t) | State::Default(t) if !allowed(t) => j.fail(
            path,
            &a.origin,
            Text::new(
                format!(
                    "The {} of {what} sets its seccomp profile to `{t}`, so its processes may make any system call",
                    who.0
                ),
                format!(
                    "{what} の{}が seccomp プロファイルを `{t}` にしており、プロセスがあらゆるシステムコールを呼び出せます",
                    who.1
                ),
            ),
        ),
        State::Unknown(r) => j.unknown(&a.origin, format!("`seccompProfile.type` is unknown: {r}")),
        _ => {}
    }
}

impl Rule for SeccompBaseline {
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
                &pod.security_context.seccomp_profile_type,
                "securityContext.seccompProfile.type".into(),
                ("pod spec", "Pod 仕様"),
                &what,
            );
            for c in pss::containers(pod, &mut j) {
                let (noun, noun_ja) = c.noun();
                judge(
                    &mut j,
                    &c.c.security_context.seccomp_profile_type,
                    c.at("securityContext.seccompProfile.type"),
                    (&noun, &noun_ja),
                    &what,
                );
            }
            j.report(ctx, w);
        }
    }
}
