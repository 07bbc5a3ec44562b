//! A Namespace whose `pod-security.kubernetes.io/enforce` label is `privileged` or `baseline`
//! admits pods that the Restricted profile refuses. The label is honoured (the workloads of the
//! namespace are judged at its level by the Pod Security Standards rules), and reported here so
//! that lowering a namespace is a decision someone signs off.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{KIND_NAMESPACE, PSA_ENFORCE_LABEL, PssLevel};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct NamespacePsaLevel;

pub static RULE: NamespacePsaLevel = NamespacePsaLevel;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-020",
    name: "k8s-namespace-pss-restricted",
    title_en: "Namespaces should enforce the Restricted Pod Security Standard",
    title_ja: "名前空間では Pod セキュリティ標準の Restricted を強制する",
    severity: Severity::Medium,
    controls: &["cis-k8s-1.12/5.2.1"],
    equivalents: &[],
    resource_kinds: &[KIND_NAMESPACE],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for NamespacePsaLevel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for n in inv.k8s_namespaces() {
            let Some(label) = n.psa_enforce() else {
                continue;
            };
            let name = &n.meta.name;
            match &label.value.state {
                State::Set(v) | State::Default(v) => match PssLevel::parse_label(v) {
                    Some(level @ (PssLevel::Privileged | PssLevel::Baseline)) => {
                        let (en, ja) = if level == PssLevel::Privileged {
                            (
                                "so Pod Security Admission refuses no pod in it (privileged containers, host namespaces and hostPath volumes included)",
                                "Pod Security Admission はこの名前空間のどの Pod も拒否しません（特権コンテナ、ホスト名前空間、hostPath ボリュームも含む）",
                            )
                        } else {
                            (
                                "so pods in it may run as root, keep the default capabilities, allow privilege escalation and run without seccomp",
                                "この名前空間の Pod は root での実行、デフォルトのケーパビリティの保持、権限昇格、seccomp なしでの実行が許されます",
                            )
                        };
                        ctx.fail(
                            &n.meta,
                            format!("metadata.labels[{PSA_ENFORCE_LABEL}]"),
                            &label.value.origin,
                            Text::new(
                                format!("Namespace `{name}` enforces only the `{v}` Pod Security Standard, {en}"),
                                format!("名前空間 `{name}` が強制するのは Pod セキュリティ標準の `{v}` だけです。{ja}"),
                            ),
                        );
                    }
                    _ => ctx.pass(&n.meta),
                },
                State::Unknown(r) => ctx.undecided(&n.meta, &label.value.origin, format!("the `enforce` label is unknown: {r}")),
                State::Absent => ctx.pass(&n.meta),
            }
        }
    }
}
