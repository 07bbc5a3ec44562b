//! Pod Security Standards, Restricted, "Seccomp": `seccompProfile.type` must be `RuntimeDefault`
//! or `Localhost`, set on the pod or on every container; a container may leave it unset when
//! the pod sets it (PSA check `seccompProfile_restricted`). Pods that declare
//! `os.name: windows` are exempt (policy version 1.25 and later).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Attr, Inventory, Severity, SourceKind, State, Text};

pub struct SeccompRestricted;

pub static RULE: SeccompRestricted = SeccompRestricted;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-017",
    name: "k8s-seccomp-required",
    title_en: "Kubernetes workloads should run with the RuntimeDefault or a Localhost seccomp profile",
    title_ja: "Kubernetes のワークロードを seccomp プロファイル RuntimeDefault または Localhost で実行する",
    severity: Severity::Low,
    controls: &["pss-restricted/seccomp", "cis-k8s-1.12/5.6.2"],
    equivalents: &[("trivy", "AVD-KSV-0030")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

fn allowed(t: &str) -> bool {
    t == "RuntimeDefault" || t == "Localhost"
}

fn invalid(j: &mut Judgement, a: &Attr<String>, path: String, who: (&str, &str), what: &str) {
    if let State::Set(t) | State::Default(t) = &a.state
        && !allowed(t)
    {
        j.fail(
            path,
            &a.origin,
            Text::new(
                format!(
                    "The {} of {what} sets its seccomp profile to `{t}`; Restricted requires `RuntimeDefault` or `Localhost`",
                    who.0
                ),
                format!(
                    "{what} の{}が seccomp プロファイルを `{t}` にしています。Restricted では `RuntimeDefault` か `Localhost` が必要です",
                    who.1
                ),
            ),
        );
    }
}

impl Rule for SeccompRestricted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for w in inv.k8s_workloads() {
            let Some(pod) = pss::pod(inv, ctx, w, PssLevel::Restricted) else {
                continue;
            };
            if pod.is_windows() {
                ctx.pass(&w.meta);
                continue;
            }
            let what = pss::what(w);
            let mut j = Judgement::default();
            let pod_type = &pod.security_context.seccomp_profile_type;
            invalid(
                &mut j,
                pod_type,
                "securityContext.seccompProfile.type".into(),
                ("pod spec", "Pod 仕様"),
                &what,
            );
            if let Some(r) = pod_type.unknown_reason() {
                j.unknown(&pod_type.origin, format!("the pod's `seccompProfile.type` is unknown: {r}"));
            }
            let pod_ok = pod_type.value().is_some_and(|t| allowed(t));
            let mut implicit = Vec::new();
            for c in pss::containers(pod, &mut j) {
                let (noun, noun_ja) = c.noun();
                let a = &c.c.security_context.seccomp_profile_type;
                invalid(
                    &mut j,
                    a,
                    c.at("securityContext.seccompProfile.type"),
                    (&noun, &noun_ja),
                    &what,
                );
                match &a.state {
                    State::Absent if !pod_ok => implicit.push(c.label.clone()),
                    State::Unknown(r) => j.unknown(&a.origin, format!("`seccompProfile.type` of the {noun} is unknown: {r}")),
                    _ => {}
                }
            }
            // Containers left to a pod-level profile the pod does not set: one finding at the
            // pod, where one line fixes them all.
            if !implicit.is_empty() && pod_type.is_absent() {
                let list = implicit.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>();
                j.fail(
                    "securityContext.seccompProfile.type",
                    &pod_type.origin,
                    Text::new(
                        format!(
                            "{what} sets no seccomp profile: neither the pod nor container{} {} set `seccompProfile.type` to `RuntimeDefault` or `Localhost`",
                            if list.len() == 1 { "" } else { "s" },
                            list.join(", ")
                        ),
                        format!(
                            "{what} に seccomp プロファイルがありません。Pod にもコンテナ {} にも `seccompProfile.type`（`RuntimeDefault` または `Localhost`）がありません",
                            list.join("、")
                        ),
                    ),
                );
            }
            j.report(ctx, w);
        }
    }
}
