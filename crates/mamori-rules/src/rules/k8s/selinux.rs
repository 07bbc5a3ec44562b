//! Pod Security Standards, Baseline, "SELinux": `seLinuxOptions.type` of the pod and of every
//! container may only be empty, `container_t`, `container_init_t`, `container_kvm_t` or
//! `container_engine_t`; `seLinuxOptions.user` and `.role` must be unset or empty (PSA check
//! `seLinuxOptions`).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, SeLinuxOptions, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct SeLinux;

pub static RULE: SeLinux = SeLinux;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-007",
    name: "k8s-selinux",
    title_en: "Kubernetes workloads should keep to the allowed SELinux types, with no custom user or role",
    title_ja: "Kubernetes のワークロードの SELinux は許可された type のみとし、user や role を指定しない",
    severity: Severity::Medium,
    controls: &["pss-baseline/selinux"],
    equivalents: &[("trivy", "AVD-KSV-0025")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

/// The types Baseline allows (`container_engine_t` since policy version 1.31).
const ALLOWED_TYPES: &[&str] = &["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

fn judge(j: &mut Judgement, o: &SeLinuxOptions, prefix: &str, who: (&str, &str), what: &str) {
    let path = |f: &str| format!("{prefix}securityContext.seLinuxOptions.{f}");
    match &o.type_.state {
        State::Set(t) | State::Default(t) if !ALLOWED_TYPES.contains(&t.as_str()) => j.fail(
            path("type"),
            &o.type_.origin,
            Text::new(
                format!(
                    "The {} of {what} runs with the SELinux type `{t}`; Baseline allows only container_t, container_init_t, container_kvm_t and container_engine_t",
                    who.0
                ),
                format!(
                    "{what} の{}が SELinux の type `{t}` で実行されます。Baseline が認めるのは container_t、container_init_t、container_kvm_t、container_engine_t だけです",
                    who.1
                ),
            ),
        ),
        State::Unknown(r) => j.unknown(&o.type_.origin, format!("`seLinuxOptions.type` is unknown: {r}")),
        _ => {}
    }
    for (field, attr) in [("user", &o.user), ("role", &o.role)] {
        match &attr.state {
            State::Set(v) | State::Default(v) if !v.is_empty() => j.fail(
                path(field),
                &attr.origin,
                Text::new(
                    format!("The {} of {what} sets a custom SELinux {field} (`{v}`)", who.0),
                    format!("{what} の{}が SELinux の {field} を独自に指定しています（`{v}`）", who.1),
                ),
            ),
            State::Unknown(r) => j.unknown(&attr.origin, format!("`seLinuxOptions.{field}` is unknown: {r}")),
            _ => {}
        }
    }
}

impl Rule for SeLinux {
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
                &pod.security_context.se_linux_options,
                "",
                ("pod spec", "Pod 仕様"),
                &what,
            );
            for c in pss::containers(pod, &mut j) {
                let (noun, noun_ja) = c.noun();
                judge(
                    &mut j,
                    &c.c.security_context.se_linux_options,
                    &format!("{}.", c.path),
                    (&noun, &noun_ja),
                    &what,
                );
            }
            j.report(ctx, w);
        }
    }
}
