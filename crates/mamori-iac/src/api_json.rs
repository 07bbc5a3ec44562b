//! What the AWS API JSON readers (`ecs_json`, `eks_json`, `ecr_json`, `ec2_json`, `iam_json`,
//! `kms_json`, `logs_json`, `guardduty_json`, `secretsmanager_json`, `ssm_json`) read alike: the
//! meta of a resource, the items of a document, and the answer of a reader that found nothing.

use crate::AdapterOutput;
use crate::source::SourceFile;
use crate::tree::Node;
use mamori_model::{Attr, Resource, ResourceMeta, SourceKind};

/// What every resource read from AWS API JSON carries: its ARN (under `arn_key`) as its address,
/// else its name.
pub(crate) fn meta(
    file: &SourceFile,
    n: &Node,
    kind: &'static str,
    source_type: &str,
    name: &Attr<String>,
    arn_key: &str,
) -> ResourceMeta {
    let arn = n.get(arn_key).and_then(Node::as_str).map(str::to_string);
    let name = name
        .value()
        .cloned()
        .or_else(|| arn.clone())
        .unwrap_or_else(|| "(unnamed)".to_string());
    ResourceMeta {
        kind,
        source: SourceKind::AwsApiJson,
        source_type: source_type.to_string(),
        address: arn.unwrap_or_else(|| name.clone()),
        name,
        origin: file.origin_of(n.span),
        ignores: Vec::new(),
        scope: None,
        plan: None,
    }
}

/// The objects of a document: the items of a list (as `jq -s` prints), else the document itself.
pub(crate) fn items(doc: &Node) -> Vec<&Node> {
    match doc.as_seq() {
        Some(items) => items.iter().collect(),
        None => vec![doc],
    }
}

/// A reader's output, `None` when it read no resource (the document is not of its kind).
pub(crate) fn found(out: AdapterOutput) -> Option<AdapterOutput> {
    if out.resources.is_empty() { None } else { Some(out) }
}

/// A reader's output for the resources read, `None` when there are none.
pub(crate) fn found_resources(resources: Vec<Resource>) -> Option<AdapterOutput> {
    found(AdapterOutput {
        resources,
        ..Default::default()
    })
}

/// Parses `text` as JSON and reads it with `adapt`: the resources read (none when the reader
/// declines the document).
#[cfg(test)]
pub(crate) fn read(name: &str, text: &str, adapt: fn(&SourceFile, &Node) -> Option<AdapterOutput>) -> Vec<Resource> {
    let f = SourceFile::new(name, text);
    let doc = crate::tree::parse_json(&f).unwrap().unwrap();
    adapt(&f, &doc).map(|o| o.resources).unwrap_or_default()
}

/// As [`read`], each resource taken out of its variant by `pick` (a test fails on another kind).
#[cfg(test)]
pub(crate) fn read_as<T>(
    name: &str,
    text: &str,
    adapt: fn(&SourceFile, &Node) -> Option<AdapterOutput>,
    pick: fn(Resource) -> Option<T>,
) -> Vec<T> {
    read(name, text, adapt)
        .into_iter()
        .map(|r| pick(r).expect("a resource of another kind"))
        .collect()
}
