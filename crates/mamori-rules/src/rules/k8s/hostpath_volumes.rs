//! Pod Security Standards, Baseline, "HostPath Volumes": `spec.volumes[*].hostPath` must be
//! undefined (PSA check `hostPathVolumes`).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct HostPathVolumes;

pub static RULE: HostPathVolumes = HostPathVolumes;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-004",
    name: "k8s-hostpath-volumes",
    title_en: "Pods should not mount hostPath volumes",
    title_ja: "Pod で hostPath ボリュームをマウントしない",
    severity: Severity::High,
    controls: &["pss-baseline/hostpath-volumes", "cis-k8s-1.12/5.2.11"],
    equivalents: &[("trivy", "AVD-KSV-0023")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for HostPathVolumes {
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
            let volumes = match &pod.volumes.state {
                State::Set(v) | State::Default(v) => v.as_slice(),
                State::Unknown(r) => {
                    j.unknown(&pod.volumes.origin, format!("the volumes are unknown: {r}"));
                    &[]
                }
                State::Absent => &[],
            };
            for (i, v) in volumes.iter().enumerate() {
                let Some((_, origin)) = v.sources.iter().find(|(k, _)| k == "hostPath") else {
                    continue;
                };
                let label = v.label(i);
                let path = match v.host_path.value() {
                    Some(p) => format!(" `{p}`"),
                    None => String::new(),
                };
                j.fail(
                    format!("volumes[{label}].hostPath"),
                    origin,
                    Text::new(
                        format!("Volume `{label}` of {what} mounts the node's path{path} (`hostPath`)"),
                        format!("{what} のボリューム `{label}` がノードのパス{path}をマウントしています（`hostPath`）"),
                    ),
                );
            }
            j.report(ctx, w);
        }
    }
}
