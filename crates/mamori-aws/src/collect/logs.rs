//! CloudWatch Logs: the container log groups of a region, read after ECS so that the groups
//! task definitions name are known. `DescribeLogGroups` by prefix: `/ecs/`, `/aws/ecs/`,
//! `/aws/eks/` (EKS control plane logs), `/aws/containerinsights/`, and each group a task
//! definition's `awslogs-group` names (in its `awslogs-region`, else the task's). Other log
//! groups of the account are not read.

use super::{Cx, Unread, lock};
use crate::client::{CallError, LOGS, Protocol, Request};
use mamori_iac::logs_json;
use mamori_model::logs::KIND_LOG_GROUP;
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The prefixes of the log groups containers and clusters write to.
pub const PREFIXES: &[&str] = &["/ecs/", "/aws/ecs/", "/aws/eks/", "/aws/containerinsights/"];

fn describe(cx: &Cx<'_>, region: &str, prefix: &str) -> Result<Vec<Value>, CallError> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut body = json!({"logGroupNamePrefix": prefix, "limit": 50});
        if let Some(t) = &token {
            body["nextToken"] = json!(t);
        }
        let v = cx
            .call(&Request {
                service: &LOGS,
                region: region.to_string(),
                operation: "DescribeLogGroups",
                protocol: Protocol::Json11 {
                    target: "Logs_20140328",
                    body,
                },
            })?
            .json();
        out.extend(
            v.get("logGroups")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .cloned(),
        );
        token = v.get("nextToken").and_then(Value::as_str).map(str::to_string);
        if token.as_deref().is_none_or(str::is_empty) {
            return Ok(out);
        }
    }
}

/// The log groups the task definitions read so far name, by region.
pub fn named_by_task_definitions(cx: &Cx<'_>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for d in lock(&cx.docs).iter() {
        let containers = d
            .value
            .pointer("/taskDefinition/containerDefinitions")
            .and_then(Value::as_array);
        for c in containers.into_iter().flatten() {
            let Some(options) = c.pointer("/logConfiguration/options") else {
                continue;
            };
            if c.pointer("/logConfiguration/logDriver").and_then(Value::as_str) != Some("awslogs") {
                continue;
            }
            if let Some(group) = options.get("awslogs-group").and_then(Value::as_str) {
                let region = options
                    .get("awslogs-region")
                    .and_then(Value::as_str)
                    .unwrap_or(&d.region);
                out.entry(region.to_string()).or_default().insert(group.to_string());
            }
        }
    }
    out
}

/// Reads the container log groups of `region`, and the groups `named` there.
pub fn log_groups(cx: &Cx<'_>, region: &str, named: &BTreeSet<String>) {
    // A named group under one of the prefixes is read with them.
    let mut prefixes: Vec<String> = PREFIXES.iter().map(|p| p.to_string()).collect();
    prefixes.extend(
        named
            .iter()
            .filter(|n| !PREFIXES.iter().any(|p| n.starts_with(p)))
            .cloned(),
    );
    let results: Vec<(String, Result<Vec<Value>, CallError>)> = prefixes
        .par_iter()
        .map(|p| (p.clone(), describe(cx, region, p)))
        .collect();
    let mut seen = BTreeSet::new();
    let mut groups = Vec::new();
    for (prefix, r) in results {
        match r {
            Ok(items) => {
                for g in items {
                    let name = g.get("logGroupName").and_then(Value::as_str).unwrap_or("").to_string();
                    // A prefix of a named group also gives the groups whose names extend it.
                    let wanted = PREFIXES.contains(&prefix.as_str()) || name == prefix;
                    if wanted && seen.insert(name) {
                        groups.push(g);
                    }
                }
            }
            Err(e) => {
                let address = if PREFIXES.contains(&prefix.as_str()) {
                    format!("log groups {prefix}* in {region}")
                } else {
                    format!("log group {prefix} in {region}")
                };
                cx.gap(
                    region,
                    "logs:DescribeLogGroups",
                    e,
                    vec![Unread {
                        kind: KIND_LOG_GROUP,
                        address,
                    }],
                );
            }
        }
    }
    if !groups.is_empty() {
        cx.doc(
            region,
            "logs:DescribeLogGroups".into(),
            json!({ "logGroups": groups }),
            logs_json::adapt,
        );
    }
}
