//! Pod Security Standards, Baseline, "AppArmor": the AppArmor profile must not be overridden
//! with anything but the runtime's default or a profile loaded on the node (PSA check
//! `appArmorProfile`): the legacy annotation
//! `container.apparmor.security.beta.kubernetes.io/<container>` may be empty, `runtime/default`
//! or `localhost/<profile>`; `appArmorProfile.type` of the pod and of every container may be
//! `RuntimeDefault` or `Localhost`.

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{APPARMOR_ANNOTATION_PREFIX, PssLevel, WORKLOAD_KINDS};
use mamori_model::{Attr, Inventory, Severity, SourceKind, State, Text};

pub struct AppArmor;

pub static RULE: AppArmor = AppArmor;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-006",
    name: "k8s-apparmor",
    title_en: "AppArmor should not be turned off for Kubernetes containers",
    title_ja: "Kubernetes のコンテナで AppArmor を無効にしない",
    severity: Severity::Medium,
    controls: &["pss-baseline/apparmor"],
    equivalents: &[("trivy", "AVD-KSV-0002")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

fn field_allowed(t: &str) -> bool {
    t == "RuntimeDefault" || t == "Localhost"
}

fn annotation_allowed(v: &str) -> bool {
    v.is_empty() || v == "runtime/default" || v.starts_with("localhost/")
}

/// Judges an `appArmorProfile.type` at `path`.
fn field(j: &mut Judgement, a: &Attr<String>, path: String, who: (&str, &str), what: &str) {
    match &a.state {
        State::Set(t) | State::Default(t) if !field_allowed(t) => j.fail(
            path,
            &a.origin,
            Text::new(
                format!(
                    "The {} of {what} sets its AppArmor profile to `{t}`; only `RuntimeDefault` and `Localhost` keep it confined",
                    who.0
                ),
                format!(
                    "{what} の{}が AppArmor プロファイルを `{t}` にしています。制限を保てるのは `RuntimeDefault` と `Localhost` だけです",
                    who.1
                ),
            ),
        ),
        State::Unknown(r) => j.unknown(&a.origin, format!("`appArmorProfile.type` is unknown: {r}")),
        _ => {}
    }
}

impl Rule for AppArmor {
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
            // The legacy annotations, on the pods' metadata.
            if let Some(entries) = w.pod_metadata.annotations.value() {
                for e in entries {
                    let Some(container) = e.key.strip_prefix(APPARMOR_ANNOTATION_PREFIX) else {
                        continue;
                    };
                    match &e.value.state {
                        State::Set(v) | State::Default(v) if !annotation_allowed(v) => j.fail_object(
                            w.annotation_attribute(&e.key),
                            &e.value.origin,
                            Text::new(
                                format!(
                                    "{what} sets the AppArmor profile of container `{container}` to `{v}` through its annotation; only `runtime/default` and `localhost/<profile>` keep it confined"
                                ),
                                format!(
                                    "{what} がアノテーションでコンテナ `{container}` の AppArmor プロファイルを `{v}` にしています。制限を保てるのは `runtime/default` と `localhost/<プロファイル>` だけです"
                                ),
                            ),
                        ),
                        State::Unknown(r) => j.unknown(&e.value.origin, format!("annotation `{}` is unknown: {r}", e.key)),
                        _ => {}
                    }
                }
            } else if let Some(r) = w.pod_metadata.annotations.unknown_reason() {
                j.unknown(&w.pod_metadata.annotations.origin, format!("the annotations are unknown: {r}"));
            }
            field(
                &mut j,
                &pod.security_context.apparmor_profile_type,
                "securityContext.appArmorProfile.type".into(),
                ("pod spec", "Pod 仕様"),
                &what,
            );
            for c in pss::containers(pod, &mut j) {
                let (noun, noun_ja) = c.noun();
                field(
                    &mut j,
                    &c.c.security_context.apparmor_profile_type,
                    c.at("securityContext.appArmorProfile.type"),
                    (&noun, &noun_ja),
                    &what,
                );
            }
            j.report(ctx, w);
        }
    }
}
