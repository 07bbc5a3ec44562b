//! GuardDuty: the region's detectors (`ListDetectors`) with their features (`GetDetector`).
//! `GetDetector` does not name the detector; the collector writes its id beside the reply as
//! `DetectorId`, and the detector is addressed by its ARN.

use super::{Cx, ServiceCollector, Unread, partition};
use crate::client::{CallError, GUARDDUTY, Protocol, Request};
use mamori_iac::guardduty_json;
use mamori_model::guardduty::KIND_GUARDDUTY_DETECTOR;
use rayon::prelude::*;
use serde_json::{Value, json};

pub struct GuardDuty;

fn get(
    cx: &Cx<'_>,
    region: &str,
    operation: &'static str,
    path: &[&str],
    query: &[(&str, &str)],
) -> Result<Value, CallError> {
    cx.call(&Request {
        service: &GUARDDUTY,
        region: region.to_string(),
        operation,
        protocol: Protocol::RestGet {
            path: path.iter().map(|s| s.to_string()).collect(),
            query: query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        },
    })
    .map(|r| r.json())
}

impl ServiceCollector for GuardDuty {
    fn name(&self) -> &'static str {
        "guardduty"
    }

    fn collect(&self, cx: &Cx<'_>, region: &str) {
        let mut ids: Vec<String> = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut query = vec![("maxResults", "50")];
            if let Some(t) = &token {
                query.push(("nextToken", t));
            }
            match get(cx, region, "ListDetectors", &["detector"], &query) {
                Ok(v) => {
                    for id in v.get("detectorIds").and_then(Value::as_array).into_iter().flatten() {
                        if let Some(id) = id.as_str() {
                            ids.push(id.to_string());
                        }
                    }
                    token = v.get("nextToken").and_then(Value::as_str).map(str::to_string);
                }
                Err(e) => {
                    let unread = vec![Unread {
                        kind: KIND_GUARDDUTY_DETECTOR,
                        address: format!("GuardDuty detectors in {region}"),
                    }];
                    cx.gap(region, "guardduty:ListDetectors", e, unread);
                    return;
                }
            }
            if token.as_deref().is_none_or(str::is_empty) {
                break;
            }
        }
        let account = cx.account.get().map_or("", String::as_str);
        ids.par_iter().for_each(|id| {
            let arn = format!("arn:{}:guardduty:{region}:{account}:detector/{id}", partition(region));
            match get(cx, region, "GetDetector", &["detector", id], &[]) {
                Ok(mut v) => {
                    if let Some(m) = v.as_object_mut() {
                        m.insert("DetectorId".into(), json!(id));
                    }
                    cx.doc_at(region, "guardduty:GetDetector".into(), v, guardduty_json::adapt, arn);
                }
                Err(e) => cx.gap(
                    region,
                    "guardduty:GetDetector",
                    e,
                    vec![Unread {
                        kind: KIND_GUARDDUTY_DETECTOR,
                        address: arn,
                    }],
                ),
            }
        });
    }
}
