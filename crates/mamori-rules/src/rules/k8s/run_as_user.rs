//! Pod Security Standards, Restricted, "Running as Non-root user": `runAsUser` of the pod and of
//! every container must not be `0` (PSA check `runAsUser`, policy version 1.23 and later). From
//! policy version 1.35, pods in their own user namespace (`hostUsers: false`) are exempt.

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Attr, Inventory, Severity, SourceKind, State, Text};

pub struct RunAsUser;

pub static RULE: RunAsUser = RunAsUser;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-016",
    name: "k8s-run-as-user-root",
    title_en: "Kubernetes containers should not run as user ID 0",
    title_ja: "Kubernetes のコンテナをユーザー ID 0 で実行しない",
    severity: Severity::Medium,
    controls: &["pss-restricted/running-as-non-root-user", "cis-k8s-1.12/5.2.7"],
    equivalents: &[("trivy", "AVD-KSV-0105")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

fn judge(j: &mut Judgement, a: &Attr<i64>, path: String, who: (&str, &str), what: &str) {
    match &a.state {
        State::Set(0) | State::Default(0) => j.fail(
            path,
            &a.origin,
            Text::new(
                format!("The {} of {what} runs as root (`runAsUser: 0`)", who.0),
                format!("{what} の{}が root で実行されます（`runAsUser: 0`）", who.1),
            ),
        ),
        State::Unknown(r) => j.unknown(&a.origin, format!("`runAsUser` is unknown: {r}")),
        _ => {}
    }
}

impl Rule for RunAsUser {
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
            judge(
                &mut j,
                &pod.security_context.run_as_user,
                "securityContext.runAsUser".into(),
                ("pod spec", "Pod 仕様"),
                &what,
            );
            for c in pss::containers(pod, &mut j) {
                let (noun, noun_ja) = c.noun();
                judge(
                    &mut j,
                    &c.c.security_context.run_as_user,
                    c.at("securityContext.runAsUser"),
                    (&noun, &noun_ja),
                    &what,
                );
            }
            j.report(ctx, w);
        }
    }
}
