//! What the ECR rules share: the registry settings that apply to a repository, where the scan
//! uses ECR images, and how a policy statement is named.

use mamori_model::ecr::{EcrRegistryScanningConfiguration, is_ecr_image};
use mamori_model::inventory::same_scope;
use mamori_model::{Inventory, ResourceMeta};

/// The registry scanning configurations that may govern a resource: those of its Terraform
/// configuration or template, or any read from the API.
pub fn scanning_configurations<'a>(
    inv: &'a Inventory,
    from: &ResourceMeta,
) -> Vec<&'a EcrRegistryScanningConfiguration> {
    inv.ecr_registry_scanning_configurations()
        .filter(|c| same_scope(from, &c.meta))
        .collect()
}

/// Where the scan uses ECR images within `from`'s scope (its Terraform configuration or template;
/// anywhere for API output), as a phrase in English and Japanese: a repository, or a container
/// whose image is in a private ECR registry. `None` when it uses none.
pub fn ecr_in_use(inv: &Inventory, from: &ResourceMeta) -> Option<(String, String)> {
    if let Some(r) = inv.ecr_repositories().find(|r| same_scope(from, &r.meta)) {
        let n = &r.meta.name;
        return Some((
            format!("the scan declares ECR repository `{n}`"),
            format!("スキャン対象に ECR リポジトリ `{n}` があります"),
        ));
    }
    for t in inv.ecs_task_definitions().filter(|t| same_scope(from, &t.meta)) {
        for c in t.containers.value().into_iter().flatten() {
            if let Some(image) = c.image.value().filter(|i| is_ecr_image(i)) {
                let name = c.name.value().cloned().unwrap_or_default();
                let td = &t.meta.name;
                return Some((
                    format!("container `{name}` of task definition `{td}` runs `{image}`"),
                    format!("タスク定義 `{td}` のコンテナー `{name}` が `{image}` を使っています"),
                ));
            }
        }
    }
    for w in inv.k8s_workloads().filter(|w| same_scope(from, &w.meta)) {
        let Some(pod) = w.pod.value() else { continue };
        for c in pod.all_containers() {
            if let Some(image) = c.image.value().filter(|i| is_ecr_image(i)) {
                let name = c.name.value().cloned().unwrap_or_default();
                let a = &w.meta.address;
                return Some((
                    format!("container `{name}` of `{a}` runs `{image}`"),
                    format!("`{a}` のコンテナー `{name}` が `{image}` を使っています"),
                ));
            }
        }
    }
    None
}

/// The attribute path of a repository policy statement.
pub fn statement_path(label: &str) -> String {
    format!("policyText.statement[{label}]")
}
