//! Secrets should be read from files rather than environment variables (CIS EKS 4.4.1, CIS
//! Kubernetes 5.4.1): a container's `env[].valueFrom.secretKeyRef` and `envFrom[].secretRef`,
//! in init, regular and ephemeral containers. Each variable or `envFrom` entry is one finding.

use crate::pss::{self, Judgement};
use crate::workload;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::WORKLOAD_KINDS;
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct SecretsInEnv;

pub static RULE: SecretsInEnv = SecretsInEnv;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-116",
    name: "k8s-secrets-in-environment",
    title_en: "Containers should read Secrets from files, not environment variables",
    title_ja: "コンテナは Secret を環境変数ではなくファイルから読む",
    severity: Severity::Medium,
    controls: &["cis-eks-1.8/4.4.1", "cis-k8s-1.12/5.4.1"],
    equivalents: &[("checkov", "CKV_K8S_35")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for SecretsInEnv {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for w in inv.k8s_workloads() {
            let Some(pod) = workload::pod(ctx, w) else {
                continue;
            };
            let what = pss::what(w);
            let mut j = Judgement::default();
            for c in pss::containers(pod, &mut j) {
                let (noun, noun_ja) = c.noun();
                for (i, r) in c.c.env_secret_refs.iter().enumerate() {
                    let var = r.env_name.value().cloned().unwrap_or_else(|| format!("#{}", i + 1));
                    let secret = r.secret_name.value().map_or("?", String::as_str);
                    j.fail(
                        c.at(&format!("env[{var}].valueFrom.secretKeyRef")),
                        &r.origin,
                        Text::new(
                            format!(
                                "The {noun} of {what} puts a key of Secret `{secret}` into the environment variable `{var}`, which every process of the container and its children can read and which leaks easily into logs and crash reports"
                            ),
                            format!(
                                "{what} の{noun_ja}が Secret `{secret}` のキーを環境変数 `{var}` に入れている。コンテナ内のすべてのプロセスとその子プロセスから読め、ログやクラッシュレポートにも漏れやすい"
                            ),
                        ),
                    );
                }
                for (i, s) in c.c.env_from_secrets.iter().enumerate() {
                    let secret = s.value().cloned().unwrap_or_else(|| format!("#{}", i + 1));
                    j.fail(
                        c.at(&format!("envFrom[{secret}].secretRef")),
                        &s.origin,
                        Text::new(
                            format!(
                                "The {noun} of {what} loads every key of Secret `{secret}` into its environment (`envFrom`)"
                            ),
                            format!(
                                "{what} の{noun_ja}が Secret `{secret}` のすべてのキーを環境変数に読み込んでいる（`envFrom`）"
                            ),
                        ),
                    );
                }
            }
            j.report(ctx, w);
        }
    }
}
