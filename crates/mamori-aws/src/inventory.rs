//! `mamori inventory --aws`: what was read, counted by service, region, resource type and ECS
//! launch type.

use crate::collect::arn_region;
use mamori_model::Resource;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// One row: service, region, resource type, launch type (ECS services and task sets; `-`
/// otherwise) and how many.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Row {
    pub service: String,
    pub region: String,
    pub kind: String,
    pub launch_type: String,
    pub count: usize,
}

/// The launch type of an ECS service or task set: `launchType`, else `capacity provider`
/// when it runs on a strategy (FARGATE and FARGATE_SPOT providers count as FARGATE).
fn launch_type(r: &Resource) -> Option<String> {
    let (lt, strategy) = match r {
        Resource::EcsService(s) => (&s.launch_type, &s.capacity_provider_strategy),
        Resource::EcsTaskSet(t) => (&t.launch_type, &t.capacity_provider_strategy),
        _ => return None,
    };
    if let Some(l) = lt.value() {
        return Some(l.clone());
    }
    let providers: Vec<String> = strategy
        .value()
        .into_iter()
        .flatten()
        .filter_map(|i| i.capacity_provider.value().cloned())
        .collect();
    Some(if providers.is_empty() {
        "EC2".to_string()
    } else if providers.iter().all(|p| p == "FARGATE" || p == "FARGATE_SPOT") {
        "FARGATE".to_string()
    } else {
        "capacity provider".to_string()
    })
}

pub fn rows(resources: &[Resource]) -> Vec<Row> {
    let mut counts: BTreeMap<(String, String, String, String), usize> = BTreeMap::new();
    for r in resources {
        let m = r.meta();
        let service = m.kind.split("::").nth(1).unwrap_or("?").to_ascii_lowercase();
        let region = arn_region(&m.address).unwrap_or("global").to_string();
        let lt = launch_type(r).unwrap_or_else(|| "-".to_string());
        *counts.entry((service, region, m.kind.to_string(), lt)).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((service, region, kind, launch_type), count)| Row {
            service,
            region,
            kind,
            launch_type,
            count,
        })
        .collect()
}

/// The inventory as a table, in English or Japanese.
pub fn text(rows: &[Row], account: Option<&str>, ja: bool) -> String {
    let mut out = String::new();
    if let Some(a) = account {
        out.push_str(&if ja {
            format!("AWS アカウント {a}\n\n")
        } else {
            format!("AWS account {a}\n\n")
        });
    }
    let header = if ja {
        ["サービス", "リージョン", "リソースの種類", "起動タイプ", "数"]
    } else {
        ["SERVICE", "REGION", "RESOURCE TYPE", "LAUNCH TYPE", "COUNT"]
    };
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                r.service.clone(),
                r.region.clone(),
                r.kind.clone(),
                r.launch_type.clone(),
                r.count.to_string(),
            ]
        })
        .collect();
    let mut width = header.map(display_width);
    for c in &cells {
        for (i, x) in c.iter().enumerate() {
            width[i] = width[i].max(display_width(x));
        }
    }
    let line = |c: [&str; 5]| {
        let mut s = String::new();
        for (i, x) in c.iter().enumerate() {
            let pad = " ".repeat(width[i] - display_width(x));
            if i == 4 {
                s.push_str(&format!("{pad}{x}"));
            } else {
                s.push_str(&format!("{x}{pad}  "));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    out.push_str(&line(header));
    for c in &cells {
        out.push_str(&line([&c[0], &c[1], &c[2], &c[3], &c[4]]));
    }
    let total: usize = rows.iter().map(|r| r.count).sum();
    out.push_str(&if ja {
        format!("\nリソース {total} 件\n")
    } else {
        format!("\n{total} resources\n")
    });
    out
}

/// Columns a text takes in a terminal: two for East Asian wide characters.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 && !c.is_ascii() { 2 } else { 1 })
        .sum()
}

pub fn json(rows: &[Row], account: Option<&str>, regions: &[String]) -> Value {
    let mut by_service: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_region: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_launch: BTreeMap<&str, usize> = BTreeMap::new();
    for r in rows {
        *by_service.entry(&r.service).or_default() += r.count;
        *by_region.entry(&r.region).or_default() += r.count;
        *by_type.entry(&r.kind).or_default() += r.count;
        if r.launch_type != "-" {
            *by_launch.entry(&r.launch_type).or_default() += r.count;
        }
    }
    json!({
        "account": account,
        "regions": regions,
        "total": rows.iter().map(|r| r.count).sum::<usize>(),
        "by_service": by_service,
        "by_region": by_region,
        "by_resource_type": by_type,
        "by_ecs_launch_type": by_launch,
        "rows": rows.iter().map(|r| json!({
            "service": r.service, "region": r.region, "resource_type": r.kind,
            "launch_type": if r.launch_type == "-" { Value::Null } else { json!(r.launch_type) },
            "count": r.count,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_aligns_in_both_languages() {
        let rows = vec![Row {
            service: "ecs".into(),
            region: "ap-northeast-1".into(),
            kind: "AWS::ECS::Service".into(),
            launch_type: "FARGATE".into(),
            count: 12,
        }];
        let en = text(&rows, Some("123456789012"), false);
        assert!(en.starts_with("AWS account 123456789012\n"));
        assert!(
            en.contains("ecs      ap-northeast-1  AWS::ECS::Service  FARGATE         12\n"),
            "{en}"
        );
        let ja = text(&rows, None, true);
        let lines: Vec<&str> = ja.lines().collect();
        assert_eq!(display_width(lines[0]), display_width(lines[1]), "{ja}");
        assert!(ja.ends_with("リソース 12 件\n"));
    }
}
