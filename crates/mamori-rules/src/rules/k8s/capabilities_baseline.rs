//! Pod Security Standards, Baseline, "Capabilities": `securityContext.capabilities.add` of every
//! container may only hold capabilities of the default set (PSA check `capabilities_baseline`).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct CapabilitiesBaseline;

pub static RULE: CapabilitiesBaseline = CapabilitiesBaseline;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-003",
    name: "k8s-capabilities-baseline",
    title_en: "Kubernetes containers should add only capabilities of the default set",
    title_ja: "Kubernetes のコンテナに追加するケーパビリティはデフォルトの集合の範囲に限る",
    severity: Severity::High,
    controls: &["pss-baseline/capabilities"],
    equivalents: &[("trivy", "AVD-KSV-0022"), ("trivy", "AVD-KSV-0005")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

/// The capabilities a container runtime grants by default, which Baseline lets a container add
/// back; spelt exactly as Pod Security Admission compares them.
const DEFAULT_SET: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

impl Rule for CapabilitiesBaseline {
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
                let add = &c.c.security_context.capabilities_add;
                let (noun, noun_ja) = c.noun();
                let items = match &add.state {
                    State::Set(v) | State::Default(v) => v,
                    State::Unknown(r) => {
                        j.unknown(&add.origin, format!("the added capabilities of the {noun} are unknown: {r}"));
                        continue;
                    }
                    State::Absent => continue,
                };
                for cap in items {
                    match &cap.state {
                        State::Set(name) | State::Default(name) if !DEFAULT_SET.contains(&name.as_str()) => {
                            j.fail(
                                c.at(&format!("securityContext.capabilities.add[{}]", pss::cap_key(name))),
                                &cap.origin,
                                Text::new(
                                    format!(
                                        "The {noun} of {what} adds the capability `{name}`, which is outside the runtime's default set that Baseline allows"
                                    ),
                                    format!(
                                        "{what} の{noun_ja}がケーパビリティ `{name}` を追加しています。Baseline が認めるランタイムのデフォルトの集合に含まれません"
                                    ),
                                ),
                            )
                        }
                        State::Unknown(r) => j.unknown(&cap.origin, format!("a capability of the {noun} is unknown: {r}")),
                        _ => {}
                    }
                }
            }
            j.report(ctx, w);
        }
    }
}
