//! What the rules on IAM trust policies share: which roles the Kubernetes side of the scan uses
//! (through IRSA annotations and EKS Pod Identity associations), and how a statement is named in
//! attribute paths (`assumeRolePolicyDocument.statement[<Sid or #n>]`).

use mamori_model::Inventory;
use mamori_model::eks::EksPodIdentityAssociation;
use mamori_model::iam::IamRole;
use mamori_model::k8s::K8sServiceAccount;

/// The ServiceAccounts of the scan whose `eks.amazonaws.com/role-arn` annotation names `role`.
pub fn irsa_accounts<'a>(inv: &'a Inventory, role: &IamRole) -> Vec<&'a K8sServiceAccount> {
    inv.k8s_service_accounts()
        .filter(|sa| {
            sa.irsa_role_arn()
                .and_then(|e| e.value.value())
                .and_then(|arn| inv.find_iam_role(arn, &sa.meta))
                .is_some_and(|r| r.meta == role.meta)
        })
        .collect()
}

/// The Pod Identity associations of the scan that give `role` to a service account.
pub fn pod_identity_associations<'a>(inv: &'a Inventory, role: &IamRole) -> Vec<&'a EksPodIdentityAssociation> {
    inv.eks_pod_identity_associations()
        .filter(|a| {
            a.role_arn
                .value()
                .and_then(|r| inv.find_iam_role(r, &a.meta))
                .is_some_and(|r| r.meta == role.meta)
        })
        .collect()
}

/// The attribute path of a trust policy statement.
pub fn statement_path(label: &str) -> String {
    format!("assumeRolePolicyDocument.statement[{label}]")
}

/// "`shop/app`" for a ServiceAccount.
pub fn account_name(sa: &K8sServiceAccount) -> String {
    format!("{}/{}", sa.metadata.namespace_or_default(), sa.meta.name)
}
