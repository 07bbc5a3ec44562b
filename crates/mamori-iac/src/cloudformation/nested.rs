//! Nested stacks: an `AWS::CloudFormation::Stack` whose `TemplateURL` is a local file (a relative
//! or absolute path, as `aws cloudformation package` takes its input, or a `file://` URL), and an
//! `AWS::Serverless::Application` whose `Location` is one, are followed as CloudFormation deploys
//! them.
//!
//! * The child template is read relative to the parent template's folder and evaluated with the
//!   `Parameters` the parent passes, evaluated in the parent: a known value is the parameter's
//!   value; a `Ref` or `Fn::GetAtt` to a resource of the parent stays computed and names that
//!   resource, so a service of the child links to the cluster of the parent; an unknown value
//!   stays unknown with the parent's reason. A parameter the parent does not pass takes its
//!   `Default`. `--cfn-parameters` values are not given to the child (CloudFormation takes a
//!   nested stack's parameters from its parent only), except the pseudo parameters it shares
//!   with its parent (the region, the account).
//! * The child's resources are addressed `Stack/Resource` (the logical ids from the root down,
//!   joined with `/`, as the CloudFormation console and `rain` show a nested stack's resources)
//!   and point at the child template's own lines. Their scope is the root template, so
//!   references across the tree link.
//! * The child's `Outputs` are evaluated in the child and answer the parent's `Fn::GetAtt
//!   Stack.Outputs.Name` (and `${Stack.Outputs.Name}` in `Fn::Sub`): a stack that uses another's
//!   outputs is followed after it (see `follow_nested_stacks`), so a service stack given the
//!   cluster stack's `ClusterArn` output links to that cluster (`Platform/Cluster`).
//! * Templates on S3 or behind https, and applications of the Serverless Application
//!   Repository, are not fetched: a note says so. A cycle, a chain deeper than
//!   [`MAX_NESTING`], and a template that cannot be read are notes too.

use super::intrinsics::Evaluator;
use super::parameters::Inputs;
use super::value::{Kind, Val};
use crate::source::SourceFile;
use crate::tree::{self, Node};
use crate::{AdapterOutput, Diagnostic};
use mamori_model::Span;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Deepest chain of nested stacks followed.
pub const MAX_NESTING: usize = 8;

/// Where a template sits in a tree of nested stacks.
pub struct Nest<'a> {
    /// The template's file, for finding its children; `None` for standard input, whose children
    /// are found from the current folder.
    path: Option<&'a Path>,
    /// The address of the nested stack that deploys the template, and `/`; empty for a root.
    pub prefix: String,
    /// The values the parent passes; `None` for a root template.
    pub passed: Option<HashMap<String, Val>>,
    /// The templates above, normalised, for finding cycles.
    chain: Vec<PathBuf>,
    /// The root template's path: the scope of every resource of the tree.
    root: Arc<str>,
}

impl<'a> Nest<'a> {
    pub fn root(file: &SourceFile, path: Option<&'a Path>) -> Nest<'a> {
        Nest {
            path,
            prefix: String::new(),
            passed: None,
            chain: path
                .map(|p| vec![crate::terraform::normalise_path(p)])
                .unwrap_or_default(),
            root: file.path.clone(),
        }
    }
}

/// Where a nested stack's template is.
enum Location {
    Local(String),
    /// On S3, behind http(s), or in the Serverless Application Repository: not fetched.
    Remote(String),
}

/// The template location a nested stack names, from its property's value.
fn location(v: &Val) -> Result<Location, String> {
    if let Some(app) = v.get("ApplicationId").filter(|_| v.is_map()) {
        return Ok(Location::Remote(app.text().unwrap_or_else(|| "an application".into())));
    }
    match v.text() {
        Some(url) => Ok(local_or_remote(&url)),
        None => Err(v
            .unknown_reason()
            .unwrap_or_else(|| format!("a {}, not a string", v.type_name()))),
    }
}

fn local_or_remote(url: &str) -> Location {
    let url = url.trim();
    if let Some(p) = url.strip_prefix("file://") {
        Location::Local(p.to_string())
    } else if url.contains("://") || url.starts_with("s3:") {
        Location::Remote(url.to_string())
    } else {
        Location::Local(url.to_string())
    }
}

/// The property that names the template: `TemplateURL` of a stack, `Location` of a SAM
/// application.
fn location_property(type_name: &str) -> &'static str {
    if type_name == "AWS::Serverless::Application" {
        "Location"
    } else {
        "TemplateURL"
    }
}

/// Follows one nested stack (`address` is its own address in the tree): reads its template and
/// evaluates it with the parameters passed. Returns what the template declares, with its
/// diagnostics, and the templates read.
#[allow(clippy::too_many_arguments)]
pub fn follow(
    file: &SourceFile,
    address: &str,
    type_name: &str,
    node: &Node,
    key: Span,
    ev: &mut Evaluator<'_>,
    inputs: &Inputs,
    nest: &Nest<'_>,
) -> (AdapterOutput, Vec<SourceFile>, HashMap<String, Val>) {
    let mut out = AdapterOutput::default();
    let mut note = |msg: String| {
        out.diagnostics
            .push(Diagnostic::note(file.path.clone(), key.start_line, key.start_col, msg));
    };
    let props = node.get("Properties").map(|p| ev.resolve(p));
    let property = location_property(type_name);
    let Some(url) = props.as_ref().and_then(|p| p.get(property)) else {
        note(format!("nested stack {address} names no {property}: nothing to follow"));
        return (out, Vec::new(), HashMap::new());
    };
    let rel = match location(url) {
        Ok(Location::Local(p)) => p,
        Ok(Location::Remote(r)) => {
            note(format!(
                "nested stack {address}: its template {r} is not fetched (only a local file is followed), so its resources are not scanned"
            ));
            return (out, Vec::new(), HashMap::new());
        }
        Err(why) => {
            note(format!(
                "nested stack {address}: its {property} is unknown, so its resources are not scanned: {why}"
            ));
            return (out, Vec::new(), HashMap::new());
        }
    };
    // Relative to the parent's folder; for a template read from standard input, to the current
    // folder. `.` and `..` resolved, so the template is named as a walk of the folder names it.
    let folder = nest.path.and_then(Path::parent).unwrap_or(Path::new(""));
    let path = crate::terraform::normalise_path(&folder.join(&rel));
    let normal = path.clone();
    let shown = crate::discover::display_path(&path);
    if nest.chain.contains(&normal) {
        note(format!(
            "nested stack {address}: {shown} deploys a template that deploys it, so it is not followed"
        ));
        return (out, Vec::new(), HashMap::new());
    }
    if nest.chain.len() > MAX_NESTING {
        note(format!(
            "nested stack {address}: stacks nested more than {MAX_NESTING} deep are not followed"
        ));
        return (out, Vec::new(), HashMap::new());
    }
    let text = match crate::scan::read(&path) {
        Ok(t) => t,
        Err(e) => {
            note(format!(
                "nested stack {address}: its template {shown} cannot be read, so its resources are not scanned: {e}"
            ));
            return (out, Vec::new(), HashMap::new());
        }
    };
    let child = SourceFile::new(shown.clone(), text);
    let is_json = matches!(child.text.trim_start().chars().next(), Some('{'));
    let parsed = if is_json {
        tree::parse_json(&child).map(|d| d.into_iter().collect::<Vec<_>>())
    } else {
        tree::parse_yaml(&child)
    };
    let doc = match parsed {
        Ok(docs) => docs.into_iter().next(),
        Err(e) => {
            let kind = if is_json { "JSON" } else { "YAML" };
            out.diagnostics.push(Diagnostic::error(
                child.path.clone(),
                e.line,
                e.col,
                format!("invalid {kind}: {}", e.message),
            ));
            return (out, vec![child], HashMap::new());
        }
    };
    let Some(doc) = doc.filter(super::is_template) else {
        note(format!(
            "nested stack {address}: {shown} is not a CloudFormation template, so it is not followed"
        ));
        return (out, Vec::new(), HashMap::new());
    };
    let passed: HashMap<String, Val> = match props.as_ref().and_then(|p| p.get("Parameters")).map(|v| &v.kind) {
        Some(Kind::Map(entries)) => entries.iter().map(|(k, v)| (k.text.clone(), v.clone())).collect(),
        _ => HashMap::new(),
    };
    let mut chain = nest.chain.clone();
    chain.push(normal);
    let inner = Nest {
        path: Some(&path),
        prefix: format!("{address}/"),
        passed: Some(passed),
        chain,
        root: nest.root.clone(),
    };
    let tree = super::adapt_tree(&child, &doc, &inputs.for_nested_stack(), &inner);
    let (mut o, mut files) = (tree.out, tree.read);
    for r in &mut o.resources {
        r.meta_mut().scope.get_or_insert_with(|| nest.root.to_string());
    }
    out.resources.extend(o.resources);
    out.diagnostics.extend(o.diagnostics);
    files.insert(0, child);
    (out, files, tree.outputs)
}
