//! ECS: clusters (with settings, configuration and tags), services, task sets, capacity
//! providers, and task definitions revision by revision as they are used: the latest ACTIVE
//! revision of every family, and every revision a service or task set runs.

use super::{Cx, ServiceCollector, Unread, lock};
use crate::client::{CallError, ECS, Protocol, Request};
use mamori_iac::ecs_json;
use mamori_model::ecs::{KIND_CLUSTER, KIND_SERVICE, KIND_TASK_SET};
use mamori_model::ecs_task::{KIND_CAPACITY_PROVIDER, KIND_TASK_DEFINITION};
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::Mutex;

const TARGET: &str = "AmazonEC2ContainerServiceV20141113";

pub struct Ecs;

fn call(cx: &Cx<'_>, region: &str, operation: &'static str, body: Value) -> Result<Value, CallError> {
    cx.call(&Request {
        service: &ECS,
        region: region.to_string(),
        operation,
        protocol: Protocol::Json11 { target: TARGET, body },
    })
    .map(|r| r.json())
}

/// Every page of a `List*` call: the items under `key`.
fn pages(cx: &Cx<'_>, region: &str, operation: &'static str, body: Value, key: &str) -> Result<Vec<Value>, CallError> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut b = body.clone();
        if let Some(t) = &token {
            b["nextToken"] = json!(t);
        }
        let v = call(cx, region, operation, b)?;
        if let Some(items) = v.get(key).and_then(Value::as_array) {
            out.extend(items.iter().cloned());
        }
        token = v.get("nextToken").and_then(Value::as_str).map(str::to_string);
        if token.as_deref().is_none_or(str::is_empty) {
            return Ok(out);
        }
    }
}

fn strings(v: Vec<Value>) -> Vec<String> {
    v.into_iter().filter_map(|x| x.as_str().map(str::to_string)).collect()
}

/// Asked for with `include: [TAGS]`, a reply without `tags` means the resource has none (the
/// CLI reader, which cannot know what was asked, takes a missing `tags` for not asked).
fn tags_asked(item: &mut Value) {
    if let Some(m) = item.as_object_mut() {
        m.entry("tags").or_insert_with(|| json!([]));
    }
}

/// `failures` of a `Describe*` reply: what was asked for and not described.
fn failures(cx: &Cx<'_>, region: &str, call: &str, v: &Value, kind: &'static str) {
    let Some(list) = v.get("failures").and_then(Value::as_array) else {
        return;
    };
    for f in list {
        let arn = f.get("arn").and_then(Value::as_str).unwrap_or("?").to_string();
        let reason = f.get("reason").and_then(Value::as_str).unwrap_or("failure");
        let detail = f.get("detail").and_then(Value::as_str).unwrap_or("");
        cx.gap(
            region,
            call,
            CallError {
                code: reason.to_string(),
                message: detail.to_string(),
                attempts: 1,
            },
            vec![Unread { kind, address: arn }],
        );
    }
}

impl ServiceCollector for Ecs {
    fn name(&self) -> &'static str {
        "ecs"
    }

    fn collect(&self, cx: &Cx<'_>, region: &str) {
        let used = Mutex::new(BTreeSet::new());
        let fetched = Mutex::new(BTreeSet::new());
        let providers = Mutex::new(BTreeSet::new());
        rayon::join(
            || clusters(cx, region, &used, &providers),
            || latest_task_definitions(cx, region, &fetched),
        );
        let providers: Vec<String> = lock(&providers).iter().cloned().collect();
        providers
            .par_chunks(100)
            .for_each(|batch| capacity_providers(cx, region, batch));
        let rest: Vec<String> = {
            let fetched = lock(&fetched);
            lock(&used).iter().filter(|a| !fetched.contains(*a)).cloned().collect()
        };
        rest.par_iter().for_each(|arn| {
            task_definition(cx, region, arn);
        });
    }
}

fn clusters(cx: &Cx<'_>, region: &str, used: &Mutex<BTreeSet<String>>, providers: &Mutex<BTreeSet<String>>) {
    let arns = match pages(cx, region, "ListClusters", json!({"maxResults": 100}), "clusterArns") {
        Ok(v) => strings(v),
        Err(e) => {
            let what = format!("ECS clusters in {region}");
            cx.gap(
                region,
                "ecs:ListClusters",
                e,
                [KIND_CLUSTER, KIND_SERVICE, KIND_TASK_SET]
                    .map(|kind| Unread {
                        kind,
                        address: what.clone(),
                    })
                    .to_vec(),
            );
            return;
        }
    };
    arns.par_chunks(100).for_each(|batch| {
        let body = json!({"clusters": batch, "include": ["CONFIGURATIONS", "SETTINGS", "TAGS"]});
        match call(cx, region, "DescribeClusters", body) {
            Ok(mut v) => {
                failures(cx, region, "ecs:DescribeClusters", &v, KIND_CLUSTER);
                if let Some(list) = v.get_mut("clusters").and_then(Value::as_array_mut) {
                    for c in list {
                        tags_asked(c);
                        if let Some(m) = c.as_object_mut() {
                            m.entry("settings").or_insert_with(|| json!([]));
                        }
                        // The AWS-managed FARGATE and FARGATE_SPOT providers carry no
                        // configuration to judge.
                        for p in c
                            .get("capacityProviders")
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                        {
                            if let Some(p) = p.as_str().filter(|p| !matches!(*p, "FARGATE" | "FARGATE_SPOT")) {
                                lock(providers).insert(p.to_string());
                            }
                        }
                    }
                }
                cx.doc(region, "ecs:DescribeClusters".into(), v, ecs_json::adapt);
            }
            Err(e) => cx.gap(
                region,
                "ecs:DescribeClusters",
                e,
                batch
                    .iter()
                    .map(|a| Unread {
                        kind: KIND_CLUSTER,
                        address: a.clone(),
                    })
                    .collect(),
            ),
        }
    });
    arns.par_iter().for_each(|cluster| services(cx, region, cluster, used));
}

fn services(cx: &Cx<'_>, region: &str, cluster: &str, used: &Mutex<BTreeSet<String>>) {
    let body = json!({"cluster": cluster, "maxResults": 100});
    let arns = match pages(cx, region, "ListServices", body, "serviceArns") {
        Ok(v) => strings(v),
        Err(e) => {
            let what = format!("services of {cluster}");
            cx.gap(
                region,
                "ecs:ListServices",
                e,
                [KIND_SERVICE, KIND_TASK_SET]
                    .map(|kind| Unread {
                        kind,
                        address: what.clone(),
                    })
                    .to_vec(),
            );
            return;
        }
    };
    arns.par_chunks(10).for_each(|batch| {
        let body = json!({"cluster": cluster, "services": batch, "include": ["TAGS"]});
        let mut v = match call(cx, region, "DescribeServices", body) {
            Ok(v) => v,
            Err(e) => {
                let unread = batch
                    .iter()
                    .map(|a| Unread {
                        kind: KIND_SERVICE,
                        address: a.clone(),
                    })
                    .collect();
                cx.gap(region, "ecs:DescribeServices", e, unread);
                return;
            }
        };
        failures(cx, region, "ecs:DescribeServices", &v, KIND_SERVICE);
        let mut with_sets = Vec::new();
        if let Some(list) = v.get_mut("services").and_then(Value::as_array_mut) {
            for s in list.iter_mut() {
                tags_asked(s);
                if let Some(td) = s.get("taskDefinition").and_then(Value::as_str) {
                    lock(used).insert(td.to_string());
                }
                // describe-services prints task sets without their tags: they are read with
                // describe-task-sets instead.
                let sets = s.as_object_mut().and_then(|m| m.remove("taskSets"));
                if sets.as_ref().and_then(Value::as_array).is_some_and(|a| !a.is_empty())
                    && let Some(arn) = s.get("serviceArn").and_then(Value::as_str)
                {
                    with_sets.push(arn.to_string());
                }
            }
        }
        cx.doc(region, "ecs:DescribeServices".into(), v, ecs_json::adapt);
        for service in with_sets {
            let body = json!({"cluster": cluster, "service": service, "include": ["TAGS"]});
            match call(cx, region, "DescribeTaskSets", body) {
                Ok(mut v) => {
                    failures(cx, region, "ecs:DescribeTaskSets", &v, KIND_TASK_SET);
                    if let Some(list) = v.get_mut("taskSets").and_then(Value::as_array_mut) {
                        for t in list {
                            tags_asked(t);
                            if let Some(td) = t.get("taskDefinition").and_then(Value::as_str) {
                                lock(used).insert(td.to_string());
                            }
                        }
                    }
                    cx.doc(region, "ecs:DescribeTaskSets".into(), v, ecs_json::adapt);
                }
                Err(e) => cx.gap(
                    region,
                    "ecs:DescribeTaskSets",
                    e,
                    vec![Unread {
                        kind: KIND_TASK_SET,
                        address: format!("task sets of {service}"),
                    }],
                ),
            }
        }
    });
}

/// The capacity providers the clusters use, by name.
fn capacity_providers(cx: &Cx<'_>, region: &str, names: &[String]) {
    let body = json!({"capacityProviders": names, "include": ["TAGS"]});
    match call(cx, region, "DescribeCapacityProviders", body) {
        Ok(mut v) => {
            failures(cx, region, "ecs:DescribeCapacityProviders", &v, KIND_CAPACITY_PROVIDER);
            if let Some(list) = v.get_mut("capacityProviders").and_then(Value::as_array_mut) {
                list.iter_mut().for_each(tags_asked);
            }
            cx.doc(region, "ecs:DescribeCapacityProviders".into(), v, ecs_json::adapt);
        }
        Err(e) => cx.gap(
            region,
            "ecs:DescribeCapacityProviders",
            e,
            names
                .iter()
                .map(|n| Unread {
                    kind: KIND_CAPACITY_PROVIDER,
                    address: format!("capacity provider {n} in {region}"),
                })
                .collect(),
        ),
    }
}

fn latest_task_definitions(cx: &Cx<'_>, region: &str, fetched: &Mutex<BTreeSet<String>>) {
    let body = json!({"status": "ACTIVE", "maxResults": 100});
    let families = match pages(cx, region, "ListTaskDefinitionFamilies", body, "families") {
        Ok(v) => strings(v),
        Err(e) => {
            cx.gap(
                region,
                "ecs:ListTaskDefinitionFamilies",
                e,
                vec![Unread {
                    kind: KIND_TASK_DEFINITION,
                    address: format!("ECS task definition families in {region}"),
                }],
            );
            return;
        }
    };
    families.par_iter().for_each(|family| {
        // A family name alone describes its latest ACTIVE revision.
        if let Some(arn) = task_definition(cx, region, family) {
            lock(fetched).insert(arn);
        }
    });
}

/// Describes one task definition (a family, `family:revision` or an ARN); its ARN when read.
fn task_definition(cx: &Cx<'_>, region: &str, which: &str) -> Option<String> {
    match call(
        cx,
        region,
        "DescribeTaskDefinition",
        json!({"taskDefinition": which, "include": ["TAGS"]}),
    ) {
        Ok(mut v) => {
            let arn = v
                .pointer("/taskDefinition/taskDefinitionArn")
                .and_then(Value::as_str)
                .map(str::to_string);
            tags_asked(&mut v);
            cx.doc(region, "ecs:DescribeTaskDefinition".into(), v, ecs_json::adapt);
            arn
        }
        Err(e) => {
            cx.gap(
                region,
                "ecs:DescribeTaskDefinition",
                e,
                vec![Unread {
                    kind: KIND_TASK_DEFINITION,
                    address: which.to_string(),
                }],
            );
            None
        }
    }
}
