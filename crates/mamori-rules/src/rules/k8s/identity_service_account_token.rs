//! Service account tokens should be mounted only where necessary (CIS EKS 4.1.6, CIS Kubernetes
//! 5.1.6). A pod gets its service account's token unless the pod sets
//! `automountServiceAccountToken: false`, or leaves it unset and its ServiceAccount sets it to
//! `false`. A workload fails when the token is mounted only because nobody said otherwise: the
//! pod leaves it unset and its ServiceAccount (in the scan) does too, or is not in the scan. An
//! explicit `true`, on the pod or on the account, is a declared need and passes.

use crate::workload;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::WORKLOAD_KINDS;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ServiceAccountToken;

pub static RULE: ServiceAccountToken = ServiceAccountToken;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-113",
    name: "k8s-service-account-token-mounted",
    title_en: "Pods should mount a service account token only when they need one",
    title_ja: "Pod にはサービスアカウントトークンを必要な場合にだけマウントする",
    severity: Severity::Medium,
    controls: &["cis-eks-1.8/4.1.6", "cis-k8s-1.12/5.1.6"],
    equivalents: &[("checkov", "CKV_K8S_38"), ("trivy", "AVD-KSV-0036")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

impl Rule for ServiceAccountToken {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for w in inv.k8s_workloads() {
            let Some(pod) = workload::pod(ctx, w) else {
                continue;
            };
            let mount = &pod.automount_service_account_token;
            match &mount.state {
                State::Set(_) => {
                    ctx.pass(&w.meta);
                    continue;
                }
                State::Unknown(r) => {
                    ctx.undecided(
                        &w.meta,
                        &mount.origin,
                        format!("`automountServiceAccountToken` is unknown: {r}"),
                    );
                    continue;
                }
                _ => {}
            }
            let sa_name = match &pod.service_account_name.state {
                State::Set(n) | State::Default(n) => n.clone(),
                State::Unknown(r) => {
                    ctx.undecided(
                        &w.meta,
                        &pod.service_account_name.origin,
                        format!("`serviceAccountName` is unknown: {r}"),
                    );
                    continue;
                }
                State::Absent => "default".to_string(),
            };
            let (en, ja) = match workload::service_account(inv, w, pod) {
                Some(sa) => match &sa.automount_service_account_token.state {
                    State::Set(_) | State::Default(_) => {
                        ctx.pass(&w.meta);
                        continue;
                    }
                    State::Unknown(r) => {
                        ctx.undecided(
                            &w.meta,
                            &sa.automount_service_account_token.origin,
                            format!("`automountServiceAccountToken` of service account `{}` is unknown: {r}", sa.meta.name),
                        );
                        continue;
                    }
                    State::Absent => (
                        format!("nor does its service account `{sa_name}`"),
                        format!("サービスアカウント `{sa_name}` でも設定していない"),
                    ),
                },
                None => (
                    format!("and its service account `{sa_name}` is not in the scan to say otherwise"),
                    format!("サービスアカウント `{sa_name}` はスキャン対象になく、無効化されているか確認できない"),
                ),
            };
            let what = crate::pss::what(w);
            ctx.fail(
                &w.meta,
                w.pod_attribute("automountServiceAccountToken"),
                &mount.origin,
                Text::new(
                    format!(
                        "{what} does not set `automountServiceAccountToken`, {en}: every container gets a Kubernetes API token it may not need"
                    ),
                    format!(
                        "{what} は `automountServiceAccountToken` を設定しておらず、{ja}。すべてのコンテナに、必要とは限らない Kubernetes API のトークンが渡る"
                    ),
                ),
            );
        }
    }
}
