//! A Namespace should enforce a Pod Security Standards level: the label
//! `pod-security.kubernetes.io/enforce` turns Pod Security Admission on for it. Without it
//! the namespace gets the cluster's default, which is `privileged` (no restriction) unless the
//! API server's admission configuration says otherwise. (CIS Kubernetes 5.2.1: at least one
//! active policy control mechanism.)

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{KIND_NAMESPACE, PSA_ENFORCE_LABEL, PSA_LABEL_PREFIX};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct NamespacePsaEnforce;

pub static RULE: NamespacePsaEnforce = NamespacePsaEnforce;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-019",
    name: "k8s-namespace-pss-enforced",
    title_en: "Namespaces should enforce a Pod Security Standards level",
    title_ja: "名前空間で Pod セキュリティ標準のレベルを強制する",
    severity: Severity::Low,
    controls: &["cis-k8s-1.12/5.2.1"],
    equivalents: &[],
    resource_kinds: &[KIND_NAMESPACE],
    sources: &[SourceKind::Kubernetes],
};

impl Rule for NamespacePsaEnforce {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for n in inv.k8s_namespaces() {
            let labels = &n.metadata.labels;
            if let State::Unknown(r) = &labels.state {
                ctx.undecided(&n.meta, &labels.origin, format!("the labels are unknown: {r}"));
                continue;
            }
            if n.psa_enforce().is_some() {
                ctx.pass(&n.meta);
                continue;
            }
            let name = &n.meta.name;
            let others: Vec<&str> = labels
                .value()
                .map(|l| {
                    l.iter()
                        .filter(|e| e.key.starts_with(PSA_LABEL_PREFIX))
                        .map(|e| e.key.as_str())
                        .collect()
                })
                .unwrap_or_default();
            let (en, ja) = if others.is_empty() {
                (
                    format!(
                        "Namespace `{name}` has no `{PSA_ENFORCE_LABEL}` label, so Pod Security Admission applies the cluster's default to it, which admits privileged pods unless configured otherwise"
                    ),
                    format!(
                        "名前空間 `{name}` に `{PSA_ENFORCE_LABEL}` ラベルがないため、Pod Security Admission はクラスターの既定値を適用します。設定を変えていなければ特権 Pod も受け入れられます"
                    ),
                )
            } else {
                let list = others.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>();
                (
                    format!(
                        "Namespace `{name}` only audits or warns ({}): without `{PSA_ENFORCE_LABEL}` no pod is refused",
                        list.join(", ")
                    ),
                    format!(
                        "名前空間 `{name}` は監査または警告だけです（{}）。`{PSA_ENFORCE_LABEL}` がないため、どの Pod も拒否されません",
                        list.join("、")
                    ),
                )
            };
            ctx.fail(
                &n.meta,
                format!("metadata.labels[{PSA_ENFORCE_LABEL}]"),
                &labels.origin,
                Text::new(en, ja),
            );
        }
    }
}
