//! CloudFormation templates, YAML (with the short tags `!Ref`, `!Sub`…) and JSON, into the model.
//!
//! The template's intrinsic functions are evaluated first ([`intrinsics`]): parameters take
//! their defaults, conditions are decided where the template alone decides them, and a resource
//! whose `Condition` is false is left out. The ECS resources are then read into the model
//! ([`resources`]).

mod ec2;
mod ecr;
mod eks;
mod foreach;
mod iam;
mod intrinsics;
mod nested;
mod ops;
pub mod parameters;
mod resources;
mod secretsmanager;
mod value;

use crate::source::SourceFile;
use crate::tree::Node;
use crate::{AdapterOutput, Diagnostic};
use intrinsics::{Evaluator, Truth};
use mamori_model::{Resource, Span};
use parameters::Inputs;
use resources::Decl;
use value::{Kind, Val};

/// Whether the text may be a template: worth parsing.
pub fn sniff(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion") || (text.contains("Resources") && text.contains("AWS::"))
}

/// Resource type prefixes the model reads. Add a service's prefix here when the adapter learns
/// its types.
const MODELLED_TYPE_PREFIXES: &[&str] = &[
    "AWS::ECS::",
    "AWS::EKS::",
    "AWS::ECR::",
    "AWS::EC2::SecurityGroup",
    "AWS::KMS::Key",
    "AWS::Logs::LogGroup",
    "AWS::GuardDuty::Detector",
];

/// Whether a template's text names a resource type the model reads: a part of it that cannot be
/// read is then an error, because it may hide something the rules judge; otherwise a note.
///
/// IAM roles and policies count too: every role's trust policy is judged (MAM-IAM-003), and the
/// permissions of task and pod roles; so do Secrets Manager secrets, whose keys tasks must be able
/// to use.
pub fn names_modelled_types(text: &str) -> bool {
    MODELLED_TYPE_PREFIXES.iter().any(|p| text.contains(p))
        || iam::TYPES.iter().any(|t| text.contains(t))
        || text.contains(secretsmanager::SECRET)
}

/// Whether a parsed document is a CloudFormation template.
pub fn is_template(doc: &Node) -> bool {
    doc.get("AWSTemplateFormatVersion").is_some()
        || doc.get("Resources").and_then(Node::as_map).is_some_and(|rs| {
            rs.iter()
                .any(|(_, r)| r.get("Type").and_then(Node::as_str).is_some_and(|t| t.contains("::")))
        })
}

const CLUSTER: &str = "AWS::ECS::Cluster";
const SERVICE: &str = "AWS::ECS::Service";
const TASK_SET: &str = "AWS::ECS::TaskSet";
const ASSOCIATIONS: &str = "AWS::ECS::ClusterCapacityProviderAssociations";
const TASK_DEFINITION: &str = "AWS::ECS::TaskDefinition";
const CAPACITY_PROVIDER: &str = "AWS::ECS::CapacityProvider";

/// Reads the ECS resources of a template, its parameters at their defaults.
pub fn adapt(file: &SourceFile, doc: &Node) -> AdapterOutput {
    adapt_with(file, doc, &Inputs::new())
}

/// Reads the ECS resources of a template, with the values given for its parameters and pseudo
/// parameters. The local templates of nested stacks are looked for from the current folder, as
/// for a template read from standard input.
pub fn adapt_with(file: &SourceFile, doc: &Node, inputs: &Inputs) -> AdapterOutput {
    adapt_tree(file, doc, inputs, &nested::Nest::root(file, None)).out
}

/// Reads a template read from `path`, following its nested stacks whose templates are local
/// files (see [`nested`]). Returns also the templates of the nested stacks read, for showing
/// lines.
pub fn adapt_at(
    file: &SourceFile,
    doc: &Node,
    inputs: &Inputs,
    path: Option<&std::path::Path>,
) -> (AdapterOutput, Vec<SourceFile>) {
    let t = adapt_tree(file, doc, inputs, &nested::Nest::root(file, path));
    (t.out, t.read)
}

/// What [`adapt_tree`] read from a template and the nested stacks it deploys.
struct Tree {
    out: AdapterOutput,
    /// The templates of the nested stacks read.
    read: Vec<SourceFile>,
    /// The template's `Outputs`, evaluated (for a nested stack's parent).
    outputs: std::collections::HashMap<String, Val>,
}

/// Reads a template of a tree of nested stacks.
fn adapt_tree(file: &SourceFile, doc: &Node, inputs: &Inputs, nest: &nested::Nest<'_>) -> Tree {
    let mut out = AdapterOutput::default();
    let mut read = Vec::new();
    let mut outputs = std::collections::HashMap::new();
    let evaluator = |doc| match &nest.passed {
        Some(passed) => Evaluator::with_inputs(doc, inputs).nested(passed, &nest.prefix),
        None => Evaluator::with_inputs(doc, inputs),
    };
    let note = |span: Span, msg: String| Diagnostic::note(file.path.clone(), span.start_line, span.start_col, msg);
    let transforms = transforms(doc);
    // The loops of AWS::LanguageExtensions are expanded before anything else is evaluated, as
    // CloudFormation does.
    let expanded;
    let doc = if transforms.iter().any(|(t, _)| t == LANGUAGE_EXTENSIONS) {
        let mut ev = evaluator(doc);
        let x = foreach::expand(doc, &mut ev);
        out.diagnostics
            .extend(x.notes.into_iter().map(|(span, msg)| note(span, msg)));
        expanded = x.doc;
        &expanded
    } else {
        doc
    };
    for (name, span) in &transforms {
        match name.as_str() {
            LANGUAGE_EXTENSIONS => {}
            SERVERLESS => {
                let serverless = doc
                    .get("Resources")
                    .and_then(Node::as_map)
                    .unwrap_or(&[])
                    .iter()
                    .any(|(_, r)| {
                        // An application is a nested stack, followed.
                        r.get("Type")
                            .and_then(Node::as_str)
                            .is_some_and(|t| t.starts_with("AWS::Serverless::") && !NESTED_STACKS.contains(&t))
                    });
                if serverless {
                    out.diagnostics.push(note(
                        *span,
                        "AWS SAM template: its AWS::Serverless::* resources are not container resources and are not judged; the ECS and EKS resources beside them are".to_string(),
                    ));
                }
            }
            other => out.diagnostics.push(note(
                *span,
                format!("the transform {other} changes the template before it is deployed: what it adds or changes is not scanned"),
            )),
        }
    }
    // A broken part of a template is an error when it may hide a resource the model reads;
    // otherwise nothing mamori judges was lost, and it is a note.
    let relevant = names_modelled_types(&file.text);
    let diag = |span: Span, msg: String| {
        if relevant {
            Diagnostic::error(file.path.clone(), span.start_line, span.start_col, msg)
        } else {
            Diagnostic::note(file.path.clone(), span.start_line, span.start_col, msg)
        }
    };
    let Some(section) = doc.get("Resources") else {
        out.diagnostics.push(Diagnostic::note(
            file.path.clone(),
            doc.span.start_line,
            doc.span.start_col,
            "CloudFormation template without a Resources section",
        ));
        return Tree { out, read, outputs };
    };
    let Some(entries) = section.as_map() else {
        out.diagnostics.push(diag(
            section.span,
            format!(
                "Resources should be a mapping of logical ids to resources, found a {}",
                section.type_name()
            ),
        ));
        return Tree { out, read, outputs };
    };
    let mut ev = evaluator(doc);
    follow_nested_stacks(file, entries, &mut ev, inputs, nest, &mut out, &mut read);
    let mut associations = Vec::new();
    for (key, node) in entries {
        let id = key.text.as_str();
        if id.starts_with("Fn::ForEach") {
            out.diagnostics.push(note(
                key.span,
                format!(
                    "{id} is expanded only with the AWS::LanguageExtensions transform, which the template does not declare: the resources it would make are not scanned"
                ),
            ));
            continue;
        }
        if !node.is_map() {
            out.diagnostics.push(diag(
                node.span,
                format!("resource {id} should be a mapping, found a {}", node.type_name()),
            ));
            continue;
        }
        let type_name = match node.get("Type") {
            Some(t) => match t.as_str() {
                Some(t) => t,
                None => {
                    out.diagnostics.push(diag(
                        t.span,
                        format!(
                            "the Type of resource {id} should be a string, found a {}",
                            t.type_name()
                        ),
                    ));
                    continue;
                }
            },
            None => {
                out.diagnostics
                    .push(diag(key.span, format!("resource {id} has no Type")));
                continue;
            }
        };
        if ![
            CLUSTER,
            SERVICE,
            TASK_SET,
            ASSOCIATIONS,
            TASK_DEFINITION,
            CAPACITY_PROVIDER,
        ]
        .contains(&type_name)
            && !eks::TYPES.contains(&type_name)
            && !iam::TYPES.contains(&type_name)
            && !ecr::TYPES.contains(&type_name)
            && !ec2::TYPES.contains(&type_name)
            && !NESTED_STACKS.contains(&type_name)
            && !ops::TYPES.contains(&type_name)
            && type_name != secretsmanager::SECRET
        {
            continue;
        }
        // A resource whose condition is false is not created; an unknown one may be. The
        // condition's name may be a function's value (AWS::LanguageExtensions), and
        // AWS::NoValue leaves the resource without one.
        let condition = node.get("Condition").and_then(|c| match c.scalar_text() {
            Some(name) => Some(name),
            None => ev.resolve(c).text(),
        });
        if let Some(name) = condition
            && ev.condition(&name) == Truth::False
        {
            continue;
        }
        let address = format!("{}{id}", nest.prefix);
        if NESTED_STACKS.contains(&type_name) {
            // Followed before the other resources.
            continue;
        }
        let span = from_key(key.span, node.span);
        let props = match node.get("Properties") {
            None => None,
            Some(p) if p.is_null() => None,
            Some(p) => {
                let v = ev.resolve(p);
                match &v.kind {
                    Kind::Map(_) | Kind::Unknown(_) => Some(v),
                    Kind::NoValue | Kind::Null => None,
                    _ => {
                        let why = v.unknown_reason().unwrap_or_else(|| {
                            format!(
                                "the Properties of resource {id} should be a mapping, found a {}",
                                v.type_name()
                            )
                        });
                        if !matches!(v.kind, Kind::Computed { .. }) {
                            out.diagnostics.push(diag(p.span, why.clone()));
                        }
                        Some(Val::unknown(why, v.span))
                    }
                }
            }
        };
        let d = Decl {
            file,
            logical_id: &address,
            type_name,
            span,
            props,
            ignores: node
                .get("Metadata")
                .map(|m| metadata_ignores(file, m))
                .unwrap_or_default(),
        };
        match type_name {
            CLUSTER => out.resources.push(Resource::EcsCluster(resources::cluster(&d))),
            SERVICE => out.resources.push(Resource::EcsService(resources::service(&d))),
            TASK_SET => out.resources.push(Resource::EcsTaskSet(resources::task_set(&d))),
            TASK_DEFINITION => out
                .resources
                .push(Resource::EcsTaskDefinition(resources::task_definition(&d))),
            CAPACITY_PROVIDER => out
                .resources
                .push(Resource::EcsCapacityProvider(resources::capacity_provider(&d))),
            t if eks::TYPES.contains(&t) => out.resources.push(eks::resource(&d)),
            t if iam::TYPES.contains(&t) => out.resources.push(iam::resource(&d)),
            t if ecr::TYPES.contains(&t) => out.resources.push(ecr::resource(&d)),
            t if ec2::TYPES.contains(&t) => out.resources.push(ec2::resource(&d)),
            t if ops::TYPES.contains(&t) => out.resources.push(ops::resource(&d)),
            secretsmanager::SECRET => out.resources.push(secretsmanager::resource(&d)),
            _ => associations.push(resources::association(&d)),
        }
    }
    // A ClusterCapacityProviderAssociations gives the cluster it names its default strategy.
    for (cluster, strategy) in associations {
        let (Some(target), false) = (cluster.value(), strategy.is_absent()) else {
            continue;
        };
        for r in &mut out.resources {
            if let Resource::EcsCluster(c) = r
                && (c.meta.address == *target || c.cluster_name.explicit() == Some(target))
            {
                c.default_capacity_provider_strategy = strategy.clone();
            }
        }
    }
    // A nested stack's outputs, for its parent's `Fn::GetAtt Stack.Outputs.Name`.
    if nest.passed.is_some() {
        for (k, o) in doc.get("Outputs").and_then(Node::as_map).unwrap_or(&[]) {
            let condition = o.get("Condition").and_then(Node::scalar_text);
            if condition.is_some_and(|c| ev.condition(&c) == Truth::False) {
                continue;
            }
            if let Some(v) = o.get("Value") {
                outputs.insert(k.text.clone(), ev.resolve(v));
            }
        }
    }
    Tree { out, read, outputs }
}

/// Follows the template's nested stacks (see [`nested`]) before its other resources are read,
/// each after the stacks whose outputs its properties use (`Fn::GetAtt Vpc.Outputs.Subnets`, as
/// a cluster stack takes the subnets of a network stack), so that the outputs are known where
/// they are used. Stacks that use each other's outputs are followed in the order written.
fn follow_nested_stacks(
    file: &SourceFile,
    entries: &[(crate::tree::Key, Node)],
    ev: &mut Evaluator<'_>,
    inputs: &Inputs,
    nest: &nested::Nest<'_>,
    out: &mut AdapterOutput,
    read: &mut Vec<SourceFile>,
) {
    let mut pending: Vec<(&crate::tree::Key, &Node, &str)> = Vec::new();
    for (key, node) in entries {
        let Some(t) = node
            .get("Type")
            .and_then(Node::as_str)
            .filter(|t| NESTED_STACKS.contains(t))
        else {
            continue;
        };
        let condition = node.get("Condition").and_then(|c| match c.scalar_text() {
            Some(name) => Some(name),
            None => ev.resolve(c).text(),
        });
        if condition.is_some_and(|name| ev.condition(&name) == Truth::False) {
            continue;
        }
        pending.push((key, node, t));
    }
    while !pending.is_empty() {
        let ids: Vec<&str> = pending.iter().map(|(k, _, _)| k.text.as_str()).collect();
        let waits = |node: &Node, me: &str| {
            ids.iter()
                .any(|other| *other != me && node.get("Properties").is_some_and(|p| uses_outputs_of(p, other)))
        };
        let (mut ready, mut later): (Vec<_>, Vec<_>) = pending.iter().partition(|(k, n, _)| !waits(n, &k.text));
        if ready.is_empty() {
            // A cycle of outputs: in the order written.
            ready = std::mem::take(&mut later);
        }
        for (key, node, t) in ready {
            let address = format!("{}{}", nest.prefix, key.text);
            let (o, files, child_outputs) = nested::follow(file, &address, t, node, key.span, ev, inputs, nest);
            ev.set_outputs(&key.text, child_outputs);
            out.resources.extend(o.resources);
            out.diagnostics.extend(o.diagnostics);
            read.extend(files);
        }
        pending = later;
    }
}

/// Whether a part of a template reads an output of the stack `id` (`Fn::GetAtt id.Outputs.Name`
/// in either form, or `${id.Outputs.Name}` in `Fn::Sub`).
fn uses_outputs_of(n: &Node, id: &str) -> bool {
    use crate::tree::NodeValue;
    let dotted = format!("{id}.Outputs.");
    match &n.value {
        NodeValue::String(s) => s.starts_with(&dotted) || s.contains(&format!("${{{dotted}")),
        NodeValue::Seq(items) => {
            matches!(items.as_slice(), [a, b] if a.as_str() == Some(id) && b.as_str().is_some_and(|b| b.starts_with("Outputs.")))
                || items.iter().any(|i| uses_outputs_of(i, id))
        }
        NodeValue::Map(kv) => kv.iter().any(|(_, v)| uses_outputs_of(v, id)),
        NodeValue::Tagged(_, inner) => uses_outputs_of(inner, id),
        _ => false,
    }
}

const LANGUAGE_EXTENSIONS: &str = "AWS::LanguageExtensions";
/// Resources that deploy another template.
const NESTED_STACKS: &[&str] = &["AWS::CloudFormation::Stack", "AWS::Serverless::Application"];
const SERVERLESS: &str = "AWS::Serverless-2016-10-31";

/// The transforms a template declares (`Transform: name`, or a list of names and of
/// `{Name: …, Parameters: …}`), each with the span that names it.
fn transforms(doc: &Node) -> Vec<(String, Span)> {
    let Some(t) = doc.get("Transform") else {
        return Vec::new();
    };
    let one = |n: &Node| -> Option<(String, Span)> {
        n.as_str()
            .or_else(|| n.get("Name").and_then(Node::as_str))
            .map(|s| (s.trim().to_string(), n.span))
    };
    match t.as_seq() {
        Some(items) => items.iter().filter_map(one).collect(),
        None => one(t).into_iter().collect(),
    }
}

/// A span from a mapping key to the end of its value: a resource from its logical id on.
fn from_key(key: Span, value: Span) -> Span {
    Span {
        start_line: key.start_line,
        start_col: key.start_col,
        start_byte: key.start_byte,
        end_line: value.end_line,
        end_col: value.end_col,
        end_byte: value.end_byte,
    }
}

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod tests;

/// The suppressions of a resource's `Metadata`: `mamori: { ignore: [...] }`, each item either a
/// mapping (`rule`, `reason`, `until`) or a string `RULE: reason`; and Checkov's
/// `checkov: { skip: [{ id, comment }] }`. A single mapping stands for a one-item list.
fn metadata_ignores(file: &SourceFile, metadata: &Node) -> Vec<mamori_model::resource::Ignore> {
    use mamori_model::resource::{Ignore, IgnoreSyntax};
    fn items(n: Option<&Node>) -> Vec<&Node> {
        match n {
            Some(n) => match n.as_seq() {
                Some(s) => s.iter().collect(),
                None => vec![n],
            },
            None => Vec::new(),
        }
    }
    let text = |n: &Node, keys: &[&str]| keys.iter().find_map(|k| n.get(k)).and_then(Node::scalar_text);
    let mut out = Vec::new();
    for item in items(metadata.get("mamori").and_then(|m| m.get("ignore"))) {
        let (target, reason, until) = match item.scalar_text() {
            Some(s) => match s.split_once(':') {
                Some((t, r)) => (t.trim().to_string(), Some(r.trim().to_string()), None),
                None => (s.trim().to_string(), None, None),
            },
            None => (
                text(item, &["rule", "id"]).unwrap_or_default(),
                text(item, &["reason"]),
                text(item, &["until"]),
            ),
        };
        out.push(Ignore {
            syntax: IgnoreSyntax::Mamori,
            target,
            reason: reason.filter(|r| !r.trim().is_empty()),
            until,
            origin: file.origin_of(item.span),
        });
    }
    for item in items(metadata.get("checkov").and_then(|m| m.get("skip"))) {
        out.push(Ignore {
            syntax: IgnoreSyntax::Checkov,
            target: text(item, &["id"]).unwrap_or_default(),
            reason: text(item, &["comment"]).filter(|r| !r.trim().is_empty()),
            until: None,
            origin: file.origin_of(item.span),
        });
    }
    out
}
