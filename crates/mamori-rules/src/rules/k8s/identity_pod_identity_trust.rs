//! An IAM role for EKS Pod Identity should say which clusters, namespaces or service accounts may
//! use it. A trust statement that lets `pods.eks.amazonaws.com` assume the role must carry at least
//! one condition on the session tags EKS Pod Identity sets (`aws:RequestTag/eks-cluster-arn`,
//! `eks-cluster-name`, `kubernetes-namespace`, `kubernetes-service-account`) or on the source of
//! the request (`aws:SourceAccount`, `aws:SourceArn`), with a value other than `*`. Without one,
//! any Pod Identity association of the account, in any cluster, can hand the role to any pod.

use crate::trust;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::iam::{KIND_IAM_ROLE, POD_IDENTITY_SERVICE};
use mamori_model::{Inventory, Origin, Severity, SourceKind, State, Text};

pub struct PodIdentityTrust;

pub static RULE: PodIdentityTrust = PodIdentityTrust;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-120",
    name: "eks-pod-identity-trust-scoped",
    title_en: "IAM roles for EKS Pod Identity should be limited to their clusters, namespaces or service accounts",
    title_ja: "EKS Pod Identity の IAM ロールは利用できるクラスター・名前空間・サービスアカウントを限定する",
    severity: Severity::Low,
    controls: &["cis-eks-1.8/5.2.1", "nist-800-53/AC-6"],
    equivalents: &[],
    resource_kinds: &[KIND_IAM_ROLE],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation],
};

/// Condition keys that scope a Pod Identity role (compared without regard to case).
const SCOPING_KEYS: &[&str] = &[
    "aws:requesttag/eks-cluster-arn",
    "aws:requesttag/eks-cluster-name",
    "aws:requesttag/kubernetes-namespace",
    "aws:requesttag/kubernetes-service-account",
    "aws:sourceaccount",
    "aws:sourcearn",
];

impl Rule for PodIdentityTrust {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for role in inv.iam_roles() {
            let Some(policy) = role.assume_role_policy.value() else {
                continue;
            };
            let Some(statements) = policy.statements.value() else {
                continue;
            };
            let mut judged = false;
            let mut fails: Vec<(String, Origin, String)> = Vec::new();
            let mut unknown: Option<(Origin, String)> = None;
            for (i, st) in statements.iter().enumerate() {
                let trusts_pods = st
                    .principals_of("Service")
                    .any(|p| p.value.value().is_some_and(|v| v.eq_ignore_ascii_case(POD_IDENTITY_SERVICE)));
                if !trusts_pods || st.allows() != Some(true) || st.covers_action("sts:AssumeRole") != Some(true) {
                    continue;
                }
                judged = true;
                let label = st.label(i);
                let conditions = match &st.conditions.state {
                    State::Set(c) | State::Default(c) => c.as_slice(),
                    State::Absent => &[],
                    State::Unknown(r) => {
                        unknown.get_or_insert((
                            st.conditions.origin.clone(),
                            format!("`{}.condition` is unknown: {r}", trust::statement_path(&label)),
                        ));
                        continue;
                    }
                };
                let mut scoped = false;
                let mut unclear = false;
                for c in conditions {
                    let negated = c.base_operator().is_some_and(|o| o.contains("Not"));
                    let Some(key) = c.key.value() else {
                        unclear = true;
                        continue;
                    };
                    if negated || !SCOPING_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
                        continue;
                    }
                    match c.values.value() {
                        Some(vs) if vs.iter().any(|v| v.value().is_some_and(|v| v != "*")) => scoped = true,
                        Some(_) => {}
                        None => unclear = true,
                    }
                }
                if scoped {
                    continue;
                }
                if unclear {
                    unknown.get_or_insert((st.origin.clone(), format!("a condition of statement {label} cannot be read")));
                    continue;
                }
                fails.push((trust::statement_path(&label), st.origin.clone(), label));
            }
            if fails.is_empty() {
                match unknown {
                    Some((o, why)) => ctx.undecided(&role.meta, &o, why),
                    None if judged => ctx.pass(&role.meta),
                    None => {}
                }
                continue;
            }
            let name = &role.meta.name;
            let assoc = trust::pod_identity_associations(inv, role);
            let targets: Vec<String> = assoc
                .iter()
                .filter_map(|a| Some(format!("`{}/{}`", a.namespace.value()?, a.service_account.value()?)))
                .collect();
            let (hint_en, hint_ja) = if targets.is_empty() {
                (
                    "; add conditions on `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account`".to_string(),
                    "。`aws:RequestTag/kubernetes-namespace` と `aws:RequestTag/kubernetes-service-account` の条件を加える".to_string(),
                )
            } else {
                (
                    format!(
                        "; it is associated with {}, which conditions on `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account` can name",
                        targets.join(", ")
                    ),
                    format!(
                        "。関連付け先は {} で、`aws:RequestTag/kubernetes-namespace` と `aws:RequestTag/kubernetes-service-account` の条件でこれを指定できる",
                        targets.join("、")
                    ),
                )
            };
            for (attr, origin, label) in fails {
                ctx.fail(
                    &role.meta,
                    attr,
                    &origin,
                    Text::new(
                        format!(
                            "IAM role `{name}` trusts `{POD_IDENTITY_SERVICE}` with no condition that limits the cluster, namespace, service account or source account (statement {label}): any Pod Identity association of the account can give it to any pod{hint_en}"
                        ),
                        format!(
                            "IAM ロール `{name}` は `{POD_IDENTITY_SERVICE}` を信頼しているが、クラスター・名前空間・サービスアカウント・送信元アカウントを限定する条件がない（ステートメント {label}）。アカウント内のどの Pod Identity 関連付けでも、任意の Pod にこのロールを渡せる{hint_ja}"
                        ),
                    ),
                );
            }
        }
    }
}
