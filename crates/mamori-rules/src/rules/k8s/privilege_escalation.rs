//! Pod Security Standards, Restricted, "Privilege Escalation": every container must set
//! `securityContext.allowPrivilegeEscalation: false` (PSA check `allowPrivilegeEscalation`);
//! pods that declare `os.name: windows` are exempt (policy version 1.25 and later).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct PrivilegeEscalation;

pub static RULE: PrivilegeEscalation = PrivilegeEscalation;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-014",
    name: "k8s-allow-privilege-escalation",
    title_en: "Kubernetes containers should set allowPrivilegeEscalation to false",
    title_ja: "Kubernetes のコンテナで allowPrivilegeEscalation を false にする",
    severity: Severity::Medium,
    controls: &[
        "pss-restricted/privilege-escalation",
        "cis-eks-1.8/4.2.5",
        "cis-k8s-1.12/5.2.6",
    ],
    equivalents: &[("checkov", "CKV_K8S_20"), ("trivy", "AVD-KSV-0001")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for PrivilegeEscalation {
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
                let a = &c.c.security_context.allow_privilege_escalation;
                let path = c.at("securityContext.allowPrivilegeEscalation");
                match &a.state {
                    State::Set(false) | State::Default(false) => {}
                    State::Set(true) | State::Default(true) => j.fail(
                        path,
                        &a.origin,
                        Text::new(
                            format!(
                                "The {noun} of {what} lets its processes gain more privileges than their parent, through setuid binaries or file capabilities (`allowPrivilegeEscalation: true`)"
                            ),
                            format!(
                                "{what} の{noun_ja}で、プロセスが setuid バイナリやファイルケーパビリティによって親より強い権限を得られます（`allowPrivilegeEscalation: true`）"
                            ),
                        ),
                    ),
                    State::Absent => j.fail(
                        path,
                        &a.origin,
                        Text::new(
                            format!(
                                "The {noun} of {what} does not set `allowPrivilegeEscalation: false`, so its processes may gain more privileges than their parent (setuid binaries, file capabilities)"
                            ),
                            format!(
                                "{what} の{noun_ja}に `allowPrivilegeEscalation: false` がなく、プロセスが親より強い権限を得られます（setuid バイナリやファイルケーパビリティ）"
                            ),
                        ),
                    ),
                    State::Unknown(r) => j.unknown(&a.origin, format!("`allowPrivilegeEscalation` of the {noun} is unknown: {r}")),
                }
            }
            j.report(ctx, w);
        }
    }
}
