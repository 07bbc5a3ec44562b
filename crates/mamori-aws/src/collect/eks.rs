//! EKS: clusters, node groups, access entries with their access policies, and Pod Identity
//! associations.

use super::{Cx, ServiceCollector, Unread};
use crate::client::{CallError, EKS, Protocol, Request};
use mamori_iac::eks_json;
use mamori_model::eks::{
    KIND_EKS_ACCESS_ENTRY, KIND_EKS_CLUSTER, KIND_EKS_NODEGROUP, KIND_EKS_POD_IDENTITY_ASSOCIATION,
};
use rayon::prelude::*;
use serde_json::Value;

pub struct Eks;

fn get(
    cx: &Cx<'_>,
    region: &str,
    operation: &'static str,
    path: &[&str],
    query: &[(&str, &str)],
) -> Result<Value, CallError> {
    cx.call(&Request {
        service: &EKS,
        region: region.to_string(),
        operation,
        protocol: Protocol::RestGet {
            path: path.iter().map(|s| s.to_string()).collect(),
            query: query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        },
    })
    .map(|r| r.json())
}

/// Every page of a `List*` call: the items under `key`.
fn pages(
    cx: &Cx<'_>,
    region: &str,
    operation: &'static str,
    path: &[&str],
    key: &str,
) -> Result<Vec<Value>, CallError> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut query = vec![("maxResults", "100")];
        if let Some(t) = &token {
            query.push(("nextToken", t));
        }
        let v = get(cx, region, operation, path, &query)?;
        if let Some(items) = v.get(key).and_then(Value::as_array) {
            out.extend(items.iter().cloned());
        }
        token = v.get("nextToken").and_then(Value::as_str).map(str::to_string);
        if token.as_deref().is_none_or(str::is_empty) {
            return Ok(out);
        }
    }
}

fn names(v: Vec<Value>) -> Vec<String> {
    v.into_iter().filter_map(|x| x.as_str().map(str::to_string)).collect()
}

fn unread(kind: &'static str, address: String) -> Vec<Unread> {
    vec![Unread { kind, address }]
}

impl ServiceCollector for Eks {
    fn name(&self) -> &'static str {
        "eks"
    }

    fn collect(&self, cx: &Cx<'_>, region: &str) {
        let clusters = match pages(cx, region, "ListClusters", &["clusters"], "clusters") {
            Ok(v) => names(v),
            Err(e) => {
                let what = format!("EKS clusters in {region}");
                let kinds = [
                    KIND_EKS_CLUSTER,
                    KIND_EKS_NODEGROUP,
                    KIND_EKS_ACCESS_ENTRY,
                    KIND_EKS_POD_IDENTITY_ASSOCIATION,
                ];
                let unread = kinds
                    .map(|kind| Unread {
                        kind,
                        address: what.clone(),
                    })
                    .to_vec();
                cx.gap(region, "eks:ListClusters", e, unread);
                return;
            }
        };
        clusters.par_iter().for_each(|name| cluster(cx, region, name));
    }
}

fn cluster(cx: &Cx<'_>, region: &str, name: &str) {
    let mode = match get(cx, region, "DescribeCluster", &["clusters", name], &[]) {
        Ok(v) => {
            let mode = v
                .pointer("/cluster/accessConfig/authenticationMode")
                .and_then(Value::as_str)
                .map(str::to_string);
            cx.doc(region, "eks:DescribeCluster".into(), v, eks_json::adapt);
            mode
        }
        Err(e) => {
            cx.gap(
                region,
                "eks:DescribeCluster",
                e,
                unread(KIND_EKS_CLUSTER, format!("EKS cluster {name} in {region}")),
            );
            None
        }
    };
    let (_, (_, _)) = rayon::join(
        || nodegroups(cx, region, name),
        || {
            rayon::join(
                // Access entries exist only when the cluster authenticates through the API.
                || {
                    if mode.as_deref() != Some("CONFIG_MAP") {
                        access_entries(cx, region, name);
                    }
                },
                || pod_identities(cx, region, name),
            )
        },
    );
}

fn nodegroups(cx: &Cx<'_>, region: &str, cluster: &str) {
    let groups = match pages(
        cx,
        region,
        "ListNodegroups",
        &["clusters", cluster, "node-groups"],
        "nodegroups",
    ) {
        Ok(v) => names(v),
        Err(e) => {
            let what = format!("node groups of EKS cluster {cluster} in {region}");
            cx.gap(region, "eks:ListNodegroups", e, unread(KIND_EKS_NODEGROUP, what));
            return;
        }
    };
    groups.par_iter().for_each(|g| {
        match get(
            cx,
            region,
            "DescribeNodegroup",
            &["clusters", cluster, "node-groups", g],
            &[],
        ) {
            Ok(v) => cx.doc(region, "eks:DescribeNodegroup".into(), v, eks_json::adapt),
            Err(e) => cx.gap(
                region,
                "eks:DescribeNodegroup",
                e,
                unread(KIND_EKS_NODEGROUP, format!("node group {g} of EKS cluster {cluster}")),
            ),
        }
    });
}

fn access_entries(cx: &Cx<'_>, region: &str, cluster: &str) {
    let path = ["clusters", cluster, "access-entries"];
    let principals = match pages(cx, region, "ListAccessEntries", &path, "accessEntries") {
        Ok(v) => names(v),
        Err(e) => {
            let what = format!("access entries of EKS cluster {cluster} in {region}");
            cx.gap(region, "eks:ListAccessEntries", e, unread(KIND_EKS_ACCESS_ENTRY, what));
            return;
        }
    };
    principals.par_iter().for_each(|p| {
        let path = ["clusters", cluster, "access-entries", p];
        let mut v = match get(cx, region, "DescribeAccessEntry", &path, &[]) {
            Ok(v) => v,
            Err(e) => {
                let what = format!("access entry of {p} in EKS cluster {cluster}");
                cx.gap(
                    region,
                    "eks:DescribeAccessEntry",
                    e,
                    unread(KIND_EKS_ACCESS_ENTRY, what),
                );
                return;
            }
        };
        let path = ["clusters", cluster, "access-entries", p, "access-policies"];
        // `list-associated-access-policies` prints the policies apart; the reader takes them
        // beside the entry, as `associatedAccessPolicies`.
        match pages(
            cx,
            region,
            "ListAssociatedAccessPolicies",
            &path,
            "associatedAccessPolicies",
        ) {
            Ok(policies) => {
                if let Some(entry) = v.get_mut("accessEntry").and_then(Value::as_object_mut) {
                    entry.insert("associatedAccessPolicies".into(), Value::Array(policies));
                }
                cx.doc(region, "eks:DescribeAccessEntry".into(), v, eks_json::adapt);
            }
            Err(e) => {
                // The entry without its policies would look as if it had none.
                let address = v
                    .pointer("/accessEntry/accessEntryArn")
                    .and_then(Value::as_str)
                    .map_or_else(
                        || format!("access entry of {p} in EKS cluster {cluster}"),
                        str::to_string,
                    );
                cx.gap(
                    region,
                    "eks:ListAssociatedAccessPolicies",
                    e,
                    unread(KIND_EKS_ACCESS_ENTRY, address),
                );
            }
        }
    });
}

fn pod_identities(cx: &Cx<'_>, region: &str, cluster: &str) {
    let path = ["clusters", cluster, "pod-identity-associations"];
    let list = match pages(cx, region, "ListPodIdentityAssociations", &path, "associations") {
        Ok(v) => v,
        Err(e) => {
            let what = format!("Pod Identity associations of EKS cluster {cluster} in {region}");
            cx.gap(
                region,
                "eks:ListPodIdentityAssociations",
                e,
                unread(KIND_EKS_POD_IDENTITY_ASSOCIATION, what),
            );
            return;
        }
    };
    let ids: Vec<String> = list
        .iter()
        .filter_map(|a| a.get("associationId").and_then(Value::as_str).map(str::to_string))
        .collect();
    ids.par_iter().for_each(|id| {
        let path = ["clusters", cluster, "pod-identity-associations", id];
        match get(cx, region, "DescribePodIdentityAssociation", &path, &[]) {
            Ok(v) => cx.doc(region, "eks:DescribePodIdentityAssociation".into(), v, eks_json::adapt),
            Err(e) => cx.gap(
                region,
                "eks:DescribePodIdentityAssociation",
                e,
                unread(
                    KIND_EKS_POD_IDENTITY_ASSOCIATION,
                    format!("Pod Identity association {id} of EKS cluster {cluster}"),
                ),
            ),
        }
    });
}
