//! Default service accounts should not be actively used (CIS EKS 4.1.5, CIS Kubernetes 5.1.5).
//! Three things are judged:
//!
//! * a ServiceAccount named `default` should set `automountServiceAccountToken: false`;
//! * a binding should not grant a role to a `default` service account;
//! * a workload should not run as the `default` service account (no `serviceAccountName`, or
//!   `default`) with its token mounted. A pod that opts out of the token
//!   (`automountServiceAccountToken: false`), or whose namespace's `default` ServiceAccount in
//!   the scan does, does not use the account.

use crate::rbac;
use crate::workload;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::{KIND_CLUSTER_ROLE_BINDING, KIND_ROLE_BINDING, KIND_SERVICE_ACCOUNT, WORKLOAD_KINDS};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct DefaultServiceAccount;

pub static RULE: DefaultServiceAccount = DefaultServiceAccount;

static KINDS: [&str; 11] = [
    KIND_SERVICE_ACCOUNT,
    KIND_ROLE_BINDING,
    KIND_CLUSTER_ROLE_BINDING,
    WORKLOAD_KINDS[0],
    WORKLOAD_KINDS[1],
    WORKLOAD_KINDS[2],
    WORKLOAD_KINDS[3],
    WORKLOAD_KINDS[4],
    WORKLOAD_KINDS[5],
    WORKLOAD_KINDS[6],
    WORKLOAD_KINDS[7],
];

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-112",
    name: "k8s-default-service-account",
    title_en: "Default service accounts should not be actively used",
    title_ja: "既定のサービスアカウントを使わない",
    severity: Severity::Medium,
    controls: &["cis-eks-1.8/4.1.5", "cis-k8s-1.12/5.1.5"],
    equivalents: &[("checkov", "CKV_K8S_41")],
    resource_kinds: &KINDS,
    sources: &[SourceKind::Kubernetes],
};

const DEFAULT: &str = "default";

impl Rule for DefaultServiceAccount {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        service_accounts(inv, ctx);
        bindings(inv, ctx);
        workloads(inv, ctx);
    }
}

fn service_accounts(inv: &Inventory, ctx: &mut Ctx<'_>) {
    for sa in inv.k8s_service_accounts() {
        if sa.metadata.name.value().map(String::as_str) != Some(DEFAULT) {
            continue;
        }
        let ns = sa.metadata.namespace_or_default();
        let a = &sa.automount_service_account_token;
        match &a.state {
            State::Set(false) | State::Default(false) => ctx.pass(&sa.meta),
            State::Unknown(r) => ctx.undecided(
                &sa.meta,
                &a.origin,
                format!("`automountServiceAccountToken` is unknown: {r}"),
            ),
            _ => {
                let (en, ja) = if a.value() == Some(&true) {
                    ("sets `automountServiceAccountToken: true`", "`automountServiceAccountToken: true` を設定している")
                } else {
                    ("does not set `automountServiceAccountToken: false`", "`automountServiceAccountToken: false` を設定していない")
                };
                ctx.fail(
                    &sa.meta,
                    "automountServiceAccountToken",
                    &a.origin,
                    Text::new(
                        format!(
                            "The `default` service account of namespace `{ns}` {en}, so every pod that names no service account gets its token"
                        ),
                        format!(
                            "名前空間 `{ns}` の `default` サービスアカウントが{ja}ため、サービスアカウントを指定しないすべての Pod にそのトークンが渡る"
                        ),
                    ),
                );
            }
        }
    }
}

fn bindings(inv: &Inventory, ctx: &mut Ctx<'_>) {
    for b in inv.k8s_role_bindings() {
        if rbac::is_builtin(&b.metadata, b.cluster_scoped) {
            continue;
        }
        let subjects = match rbac::subjects(b) {
            Ok(s) => s,
            Err((o, why)) => {
                ctx.undecided(&b.meta, &o, why);
                continue;
            }
        };
        let noun = rbac::binding_noun(b);
        let role = b.role_name.value().map_or("?", String::as_str);
        let mut failed = false;
        for (i, s) in subjects.iter().enumerate() {
            if s.kind.value().map(String::as_str) != Some("ServiceAccount")
                || s.name.value().map(String::as_str) != Some(DEFAULT)
            {
                continue;
            }
            failed = true;
            let key = rbac::subject_key(s, b, i);
            let ns = key.rsplit('/').nth(1).unwrap_or(DEFAULT);
            ctx.fail(
                &b.meta,
                format!("subjects[{key}]"),
                &s.origin,
                Text::new(
                    format!(
                        "{noun} grants `{role}` to the `default` service account of namespace `{ns}`, which every pod of that namespace runs as unless it names another"
                    ),
                    format!(
                        "{noun} が名前空間 `{ns}` の `default` サービスアカウントに `{role}` を付与している。その名前空間の Pod は、別のアカウントを指定しない限りすべてこのアカウントで動く"
                    ),
                ),
            );
        }
        if !failed {
            ctx.pass(&b.meta);
        }
    }
}

fn workloads(inv: &Inventory, ctx: &mut Ctx<'_>) {
    for w in inv.k8s_workloads() {
        let Some(pod) = workload::pod(ctx, w) else {
            continue;
        };
        let sa = &pod.service_account_name;
        match &sa.state {
            State::Unknown(r) => {
                ctx.undecided(&w.meta, &sa.origin, format!("`serviceAccountName` is unknown: {r}"));
                continue;
            }
            State::Set(n) | State::Default(n) if n != DEFAULT => {
                ctx.pass(&w.meta);
                continue;
            }
            _ => {}
        }
        // The pod runs as `default`: does it get the token?
        let mount = &pod.automount_service_account_token;
        match &mount.state {
            State::Set(false) => {
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
            State::Absent | State::Default(_) => {
                if let Some(account) = workload::service_account(inv, w, pod) {
                    match &account.automount_service_account_token.state {
                        State::Set(false) => {
                            ctx.pass(&w.meta);
                            continue;
                        }
                        State::Unknown(r) => {
                            ctx.undecided(
                                &w.meta,
                                &account.automount_service_account_token.origin,
                                format!("`automountServiceAccountToken` of service account `{}` is unknown: {r}", account.meta.name),
                            );
                            continue;
                        }
                        _ => {}
                    }
                }
            }
            State::Set(true) => {}
        }
        let what = crate::pss::what(w);
        let (en, ja) = if sa.is_absent() || matches!(sa.state, State::Default(_)) {
            ("names no service account", "サービスアカウントを指定していない")
        } else {
            ("names the `default` service account", "`default` サービスアカウントを指定している")
        };
        ctx.fail(
            &w.meta,
            w.pod_attribute("serviceAccountName"),
            &sa.origin,
            Text::new(
                format!(
                    "{what} {en}, so its pods run as `default` with its token mounted, sharing that identity with every other such pod of the namespace"
                ),
                format!(
                    "{what} が{ja}ため、Pod はトークンをマウントした `default` として動き、同じ名前空間の同様の Pod と ID を共有する"
                ),
            ),
        );
    }
}
