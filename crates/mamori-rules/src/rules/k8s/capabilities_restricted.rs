//! Pod Security Standards, Restricted, "Capabilities": every container must drop `ALL`
//! capabilities and may add back only `NET_BIND_SERVICE` (PSA check `capabilities_restricted`).
//! Pods that declare `os.name: windows` are exempt (policy version 1.25 and later).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct CapabilitiesRestricted;

pub static RULE: CapabilitiesRestricted = CapabilitiesRestricted;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-018",
    name: "k8s-capabilities-drop-all",
    title_en: "Kubernetes containers should drop ALL capabilities and add back at most NET_BIND_SERVICE",
    title_ja: "Kubernetes のコンテナですべてのケーパビリティを削除し、追加は NET_BIND_SERVICE のみとする",
    severity: Severity::Medium,
    controls: &["pss-restricted/capabilities", "cis-k8s-1.12/5.2.8"],
    equivalents: &[("trivy", "AVD-KSV-0106"), ("trivy", "AVD-KSV-0003")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for CapabilitiesRestricted {
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
            for c in pss::containers(pod, &mut j) {
                let (noun, noun_ja) = c.noun();
                let sc = &c.c.security_context;
                let drop = &sc.capabilities_drop;
                match &drop.state {
                    State::Unknown(r) => j.unknown(&drop.origin, format!("the dropped capabilities of the {noun} are unknown: {r}")),
                    state => {
                        let items = match state {
                            State::Set(v) | State::Default(v) => v.as_slice(),
                            _ => &[],
                        };
                        let all = items.iter().any(|i| i.value().is_some_and(|v| v == "ALL"));
                        if let Some(u) = items.iter().find(|i| i.is_unknown()).filter(|_| !all) {
                            j.unknown(&u.origin, format!("a dropped capability of the {noun} is unknown"));
                        } else if !all {
                            j.fail(
                                c.at("securityContext.capabilities.drop"),
                                &drop.origin,
                                Text::new(
                                    format!(
                                        "The {noun} of {what} does not drop `ALL` capabilities, so it keeps the runtime's default set (NET_RAW, SETUID, DAC_OVERRIDE…)"
                                    ),
                                    format!(
                                        "{what} の{noun_ja}が `ALL` のケーパビリティを削除しておらず、ランタイムのデフォルトの集合（NET_RAW、SETUID、DAC_OVERRIDE など）が残ります"
                                    ),
                                ),
                            );
                        }
                    }
                }
                let add = &sc.capabilities_add;
                match &add.state {
                    State::Set(items) | State::Default(items) => {
                        for cap in items {
                            match &cap.state {
                                State::Set(name) | State::Default(name) if name != "NET_BIND_SERVICE" => j.fail(
                                    c.at(&format!("securityContext.capabilities.add[{}]", pss::cap_key(name))),
                                    &cap.origin,
                                    Text::new(
                                        format!(
                                            "The {noun} of {what} adds the capability `{name}`; Restricted allows adding back only `NET_BIND_SERVICE`"
                                        ),
                                        format!(
                                            "{what} の{noun_ja}がケーパビリティ `{name}` を追加しています。Restricted で追加できるのは `NET_BIND_SERVICE` だけです"
                                        ),
                                    ),
                                ),
                                State::Unknown(r) => j.unknown(&cap.origin, format!("an added capability of the {noun} is unknown: {r}")),
                                _ => {}
                            }
                        }
                    }
                    State::Unknown(r) => j.unknown(&add.origin, format!("the added capabilities of the {noun} are unknown: {r}")),
                    State::Absent => {}
                }
            }
            j.report(ctx, w);
        }
    }
}
