//! CloudFormation templates, YAML (with the short tags `!Ref`, `!Sub`…) and JSON, into the model.

use crate::AdapterOutput;
use crate::source::SourceFile;
use crate::tree::Node;

/// Whether the text may be a template: worth parsing.
pub fn sniff(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion") || (text.contains("Resources") && text.contains("AWS::"))
}

/// Whether a parsed document is a CloudFormation template.
pub fn is_template(doc: &Node) -> bool {
    doc.get("AWSTemplateFormatVersion").is_some()
        || doc.get("Resources").and_then(Node::as_map).is_some_and(|rs| {
            rs.iter().any(|(_, r)| r.get("Type").and_then(Node::as_str).is_some_and(|t| t.contains("::")))
        })
}

pub fn adapt(_file: &SourceFile, _doc: &Node) -> AdapterOutput {
    AdapterOutput::default()
}
