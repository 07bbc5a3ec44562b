//! Pod Security Standards, Baseline, "Host Namespaces": `spec.hostNetwork`, `spec.hostPID` and
//! `spec.hostIPC` must be unset or `false` (PSA check `hostNamespaces`).

use crate::pss::{self, Judgement};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{PssLevel, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct HostNamespaces;

pub static RULE: HostNamespaces = HostNamespaces;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-001",
    name: "k8s-host-namespaces",
    title_en: "Pods should not share the host's network, PID or IPC namespace",
    title_ja: "Pod でホストのネットワーク・PID・IPC 名前空間を共有しない",
    severity: Severity::High,
    controls: &[
        "pss-baseline/host-namespaces",
        "cis-eks-1.8/4.2.2",
        "cis-eks-1.8/4.2.3",
        "cis-eks-1.8/4.2.4",
        "cis-k8s-1.12/5.2.3",
        "cis-k8s-1.12/5.2.4",
        "cis-k8s-1.12/5.2.5",
    ],
    equivalents: &[
        ("checkov", "CKV_K8S_17"),
        ("checkov", "CKV_K8S_18"),
        ("checkov", "CKV_K8S_19"),
        ("trivy", "AVD-KSV-0008"),
        ("trivy", "AVD-KSV-0009"),
        ("trivy", "AVD-KSV-0010"),
    ],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for HostNamespaces {
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
            for (field, attr, en, ja) in [
                (
                    "hostNetwork",
                    &pod.host_network,
                    "network namespace: its pods use the node's interfaces and can reach whatever listens on the node's loopback, and can observe its traffic",
                    "ネットワーク名前空間を共有しています。Pod はノードのネットワークインターフェースをそのまま使い、ノードのループバックで待ち受けるサービスにも到達でき、通信を観測できます",
                ),
                (
                    "hostPID",
                    &pod.host_pid,
                    "process ID namespace: its pods see every process of the node, can read their environment and, as root, signal or trace them",
                    "プロセス ID 名前空間を共有しています。Pod からノード上のすべてのプロセスが見え、その環境変数を読んだり、root であればシグナルを送ったりトレースしたりできます",
                ),
                (
                    "hostIPC",
                    &pod.host_ipc,
                    "IPC namespace: its pods can read and write the shared memory and message queues of every process of the node",
                    "IPC 名前空間を共有しています。Pod からノード上のプロセスの共有メモリやメッセージキューを読み書きできます",
                ),
            ] {
                match &attr.state {
                    State::Set(true) | State::Default(true) => j.fail(
                        field,
                        &attr.origin,
                        Text::new(
                            format!("{what} shares the host's {en} (`{field}: true`)"),
                            format!("{what} がホストの{ja}（`{field}: true`）"),
                        ),
                    ),
                    State::Unknown(r) => j.unknown(&attr.origin, format!("`{field}` is unknown: {r}")),
                    _ => {}
                }
            }
            j.report(ctx, w);
        }
    }
}
