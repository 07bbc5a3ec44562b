//! Pod Security Standards, Baseline, "Sysctls": `spec.securityContext.sysctls[*].name` may only
//! name the safe, namespaced sysctls (PSA check `sysctls`, its list as of policy version 1.32).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct Sysctls;

pub static RULE: Sysctls = Sysctls;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-010",
    name: "k8s-unsafe-sysctls",
    title_en: "Pods should set only safe sysctls",
    title_ja: "Pod で設定する sysctl は安全なものに限る",
    severity: Severity::Medium,
    controls: &["pss-baseline/sysctls"],
    equivalents: &[("trivy", "AVD-KSV-0026")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

/// The sysctls Baseline allows: the 1.0 set, `ip_local_reserved_ports` (1.27), the TCP
/// keep-alive and FIN timers (1.29), and the TCP buffer sizes (1.32).
const SAFE: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];

impl Rule for Sysctls {
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
            let sysctls = &pod.security_context.sysctls;
            match &sysctls.state {
                State::Set(list) | State::Default(list) => {
                    for (i, s) in list.iter().enumerate() {
                        match &s.name.state {
                            State::Set(n) | State::Default(n) if !SAFE.contains(&n.as_str()) => j.fail(
                                format!("securityContext.sysctls[{n}]"),
                                &s.name.origin,
                                Text::new(
                                    format!(
                                        "{what} sets the sysctl `{n}`, which is not one of the namespaced sysctls Baseline considers safe"
                                    ),
                                    format!(
                                        "{what} が sysctl `{n}` を設定しています。Baseline が安全とみなす、名前空間に閉じた sysctl ではありません"
                                    ),
                                ),
                            ),
                            State::Unknown(r) => j.unknown(&s.name.origin, format!("the name of sysctl #{} is unknown: {r}", i + 1)),
                            _ => {}
                        }
                    }
                }
                State::Unknown(r) => j.unknown(&sysctls.origin, format!("the sysctls are unknown: {r}")),
                State::Absent => {}
            }
            j.report(ctx, w);
        }
    }
}
