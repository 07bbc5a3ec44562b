//! All resources of one scan.

use crate::ecs::{EcsCluster, EcsService, EcsTaskSet};
use crate::ecs_task::{EcsCapacityProvider, EcsTaskDefinition};
use crate::eks::{EksAccessEntry, EksCluster, EksNodegroup, EksPodIdentityAssociation};
use crate::resource::Resource;

/// The resources of a scan, from every source.
#[derive(Clone, Debug, Default)]
pub struct Inventory {
    resources: Vec<Resource>,
}

impl Inventory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a resource, filling in the service defaults for what it omits.
    pub fn push(&mut self, mut r: Resource) {
        r.apply_defaults();
        self.resources.push(r);
    }

    pub fn extend(&mut self, rs: impl IntoIterator<Item = Resource>) {
        for r in rs {
            self.push(r);
        }
    }

    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    pub fn len(&self) -> usize {
        self.resources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    pub fn ecs_clusters(&self) -> impl Iterator<Item = &EcsCluster> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcsCluster(c) => Some(c),
            _ => None,
        })
    }

    pub fn ecs_services(&self) -> impl Iterator<Item = &EcsService> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcsService(s) => Some(s),
            _ => None,
        })
    }

    pub fn ecs_task_sets(&self) -> impl Iterator<Item = &EcsTaskSet> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcsTaskSet(t) => Some(t),
            _ => None,
        })
    }

    pub fn ecs_task_definitions(&self) -> impl Iterator<Item = &EcsTaskDefinition> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcsTaskDefinition(t) => Some(t),
            _ => None,
        })
    }

    pub fn ecs_capacity_providers(&self) -> impl Iterator<Item = &EcsCapacityProvider> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EcsCapacityProvider(c) => Some(c),
            _ => None,
        })
    }

    /// The cluster a service or task set names, when it is in the same scan: matched by
    /// Terraform address (`aws_ecs_cluster.main`), logical id, cluster name, or ARN.
    pub fn find_cluster(&self, reference: &str) -> Option<&EcsCluster> {
        self.ecs_clusters().find(|c| {
            c.meta.address == reference
                || c.cluster_name.value().is_some_and(|n| n == reference)
                || reference.ends_with(&format!(":cluster/{}", c.meta.name))
        })
    }

    pub fn eks_clusters(&self) -> impl Iterator<Item = &EksCluster> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EksCluster(c) => Some(c),
            _ => None,
        })
    }

    pub fn eks_nodegroups(&self) -> impl Iterator<Item = &EksNodegroup> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EksNodegroup(n) => Some(n),
            _ => None,
        })
    }

    pub fn eks_access_entries(&self) -> impl Iterator<Item = &EksAccessEntry> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EksAccessEntry(e) => Some(e),
            _ => None,
        })
    }

    pub fn eks_pod_identity_associations(&self) -> impl Iterator<Item = &EksPodIdentityAssociation> {
        self.resources.iter().filter_map(|r| match r {
            Resource::EksPodIdentityAssociation(a) => Some(a),
            _ => None,
        })
    }

    /// The EKS cluster a node group, access entry or association names, when it is in the same
    /// scan: by Terraform address or logical id, by cluster name, or by ARN.
    pub fn find_eks_cluster(&self, reference: &str) -> Option<&EksCluster> {
        self.eks_clusters().find(|c| {
            c.meta.address == reference
                || c.name.value().is_some_and(|n| n == reference)
                || reference.ends_with(&format!(":cluster/{}", c.meta.name))
        })
    }
}
