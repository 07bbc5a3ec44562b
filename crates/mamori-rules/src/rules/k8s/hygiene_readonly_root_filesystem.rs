//! Containers should run with a read-only root file system
//! (`securityContext.readOnlyRootFilesystem: true`), in init, regular and ephemeral containers.
//! Windows pods (`os.name: windows`) are not judged: Windows containers do not support it. Not a
//! Pod Security Standards control.

use crate::pss::{self, Judgement};
use crate::workload;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::WORKLOAD_KINDS;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ReadOnlyRootFilesystem;

pub static RULE: ReadOnlyRootFilesystem = ReadOnlyRootFilesystem;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-123",
    name: "k8s-readonly-root-filesystem",
    title_en: "Containers should run with a read-only root file system",
    title_ja: "コンテナのルートファイルシステムを読み取り専用にする",
    severity: Severity::Low,
    controls: &["nist-800-53/AC-6", "nist-800-53/SI-7"],
    equivalents: &[("checkov", "CKV_K8S_22"), ("trivy", "AVD-KSV-0014")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for ReadOnlyRootFilesystem {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for w in inv.k8s_workloads() {
            let Some(pod) = workload::pod(ctx, w) else {
                continue;
            };
            if pod.is_windows() {
                continue;
            }
            let what = pss::what(w);
            let mut j = Judgement::default();
            for c in pss::containers(pod, &mut j) {
                let ro = &c.c.security_context.read_only_root_filesystem;
                let (noun, noun_ja) = c.noun();
                match &ro.state {
                    State::Set(true) | State::Default(true) => {}
                    State::Unknown(r) => j.unknown(
                        &ro.origin,
                        format!("`readOnlyRootFilesystem` of container `{}` is unknown: {r}", c.label),
                    ),
                    _ => {
                        let (en, ja) = if ro.explicit().is_some() {
                            ("sets `readOnlyRootFilesystem: false`", "`readOnlyRootFilesystem: false` を設定している")
                        } else {
                            ("does not set `readOnlyRootFilesystem: true`", "`readOnlyRootFilesystem: true` を設定していない")
                        };
                        j.fail(
                            c.at("securityContext.readOnlyRootFilesystem"),
                            &ro.origin,
                            Text::new(
                                format!(
                                    "The {noun} of {what} {en}: an intruder can replace its binaries and libraries or drop tools into it"
                                ),
                                format!(
                                    "{what} の{noun_ja}が{ja}。侵入者がバイナリやライブラリを置き換えたり、ツールを持ち込んだりできる"
                                ),
                            ),
                        );
                    }
                }
            }
            j.report(ctx, w);
        }
    }
}
