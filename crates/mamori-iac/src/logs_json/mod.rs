//! CloudWatch Logs API JSON: what `aws logs describe-log-groups` prints
//! (`{"logGroups": [{"logGroupName": …, "retentionInDays": …, "kmsKeyId": …}]}`), or the
//! list a `--query logGroups` prints.

use crate::AdapterOutput;
use crate::api_json::{found_resources, meta};
use crate::source::SourceFile;
use crate::tree::{Node, int_attr, str_attr};
use mamori_model::Resource;
use mamori_model::logs::{KIND_LOG_GROUP, LogGroup};

/// Whether the text may be CloudWatch Logs API output: worth parsing.
pub fn sniff(text: &str) -> bool {
    text.contains("logGroupName")
}

/// Whether the text surely is CloudWatch Logs API output, so that a parse failure is an error.
pub fn strong_sniff(text: &str) -> bool {
    text.contains("logGroupName") && text.contains(":logs:")
}

fn is_log_group(n: &Node) -> bool {
    n.get("logGroupName").is_some() && n.get("logStreamName").is_none()
}

/// Reads a CloudWatch Logs API document; `None` when it is not one.
pub fn adapt(file: &SourceFile, doc: &Node) -> Option<AdapterOutput> {
    let items = match doc.get("logGroups").and_then(Node::as_seq) {
        Some(items) => items,
        None => doc.as_seq()?,
    };
    if items.is_empty() || !items.iter().all(is_log_group) {
        return None;
    }
    found_resources(items.iter().map(|n| Resource::LogGroup(log_group(file, n))).collect())
}

fn log_group(file: &SourceFile, n: &Node) -> LogGroup {
    let name = str_attr(file, n.get("logGroupName"), n.span);
    let arn_key = if n.get("logGroupArn").is_some() {
        "logGroupArn"
    } else {
        "arn"
    };
    let mut g = LogGroup::new(meta(file, n, KIND_LOG_GROUP, "describe-log-groups", &name, arn_key));
    g.name = name;
    g.retention_in_days = int_attr(file, n.get("retentionInDays"), n.span);
    g.kms_key_id = str_attr(file, n.get("kmsKeyId"), n.span);
    g.log_group_class = str_attr(file, n.get("logGroupClass"), n.span);
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<LogGroup> {
        crate::api_json::read_as("l.json", text, adapt, |r| match r {
            Resource::LogGroup(x) => Some(x),
            _ => None,
        })
    }

    #[test]
    fn describe_log_groups_and_the_bare_list() {
        let gs = read(
            r#"{"logGroups": [
  {"logGroupName": "/ecs/web", "retentionInDays": 30,
   "arn": "arn:aws:logs:eu-west-1:1:log-group:/ecs/web:*",
   "logGroupArn": "arn:aws:logs:eu-west-1:1:log-group:/ecs/web"},
  {"logGroupName": "/aws/eks/prod/cluster", "kmsKeyId": "arn:aws:kms:eu-west-1:1:key/a"}
]}"#,
        );
        assert_eq!(gs.len(), 2);
        assert_eq!(gs[0].retention_in_days.value(), Some(&30));
        assert_eq!(gs[0].retention_in_days.origin.location().unwrap().span.start_line, 2);
        assert_eq!(gs[0].meta.address, "arn:aws:logs:eu-west-1:1:log-group:/ecs/web");
        assert!(gs[0].kms_key_id.is_absent());
        assert!(gs[1].retention_in_days.is_absent());
        assert_eq!(read(r#"[{"logGroupName": "/ecs/api", "retentionInDays": 7}]"#).len(), 1);
        // Log streams name their group too, but are not groups.
        assert!(read(r#"{"logStreams": [{"logStreamName": "s", "logGroupName": "/ecs/web"}]}"#).is_empty());
        assert!(read(r#"[{"logStreamName": "s", "logGroupName": "/ecs/web"}]"#).is_empty());
    }
}
