//! Pod Security Standards, Restricted, "Volume Types": a pod may only use the volume sources
//! `configMap`, `csi`, `downwardAPI`, `emptyDir`, `ephemeral`, `image`,
//! `persistentVolumeClaim`, `projected` and `secret` (PSA check `restrictedVolumes`).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct VolumeTypes;

pub static RULE: VolumeTypes = VolumeTypes;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-013",
    name: "k8s-restricted-volume-types",
    title_en: "Pods should use only the volume types the Restricted profile allows",
    title_ja: "Pod では Restricted プロファイルが認める種類のボリュームだけを使う",
    severity: Severity::Low,
    controls: &["pss-restricted/volume-types"],
    equivalents: &[("trivy", "AVD-KSV-0028")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

/// The volume sources Restricted forbids: every in-tree source that is not a projection of
/// Kubernetes data or a claim. (Keys that are no volume source are ignored, as the API server
/// drops them.)
const FORBIDDEN: &[&str] = &[
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "portworxVolume",
    "photonPersistentDisk",
    "scaleIO",
    "storageos",
];

impl Rule for VolumeTypes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for w in inv.k8s_workloads() {
            let Some(pod) = pss::pod(inv, ctx, w, PssLevel::Restricted) else {
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
                if let Some(r) = v.name.unknown_reason().filter(|_| v.sources.is_empty()) {
                    j.unknown(&v.origin, format!("volume #{} cannot be read: {r}", i + 1));
                    continue;
                }
                let label = v.label(i);
                for (source, origin) in v.sources.iter().filter(|(k, _)| FORBIDDEN.contains(&k.as_str())) {
                    j.fail(
                        format!("volumes[{label}].{source}"),
                        origin,
                        Text::new(
                            format!(
                                "Volume `{label}` of {what} is a `{source}` volume; Restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret"
                            ),
                            format!(
                                "{what} のボリューム `{label}` は `{source}` です。Restricted が認めるのは configMap、csi、downwardAPI、emptyDir、ephemeral、image、persistentVolumeClaim、projected、secret だけです"
                            ),
                        ),
                    );
                }
            }
            j.report(ctx, w);
        }
    }
}
