//! CloudFormation's intrinsic and condition functions, evaluated as far as a template alone
//! allows.
//!
//! Parameters resolve to the value given for them (`--cfn-parameters`), else to their
//! `Default`; pseudo parameters to the value given for them, else they are unknown; `Mappings`
//! and `Conditions` are read from the template; a reference to a resource stays a
//! [`Kind::Computed`] value that remembers the logical id. Whatever needs the deployed stack
//! (`Fn::ImportValue`, `Fn::GetAZs`, a macro's output, resource attributes inside strings)
//! becomes [`Kind::Unknown`] with a reason. Both spellings are read: the YAML short tags
//! (`!Ref`, `!Sub`) and the long forms (`{"Ref": …}`, `{"Fn::Sub": …}`). Malformed calls give
//! an unknown value, never a panic.
//!
//! The value of a `NoEcho` parameter is never read into a value, so that no report can print
//! it; it decides `Fn::Equals` (and so conditions) only.

use super::parameters::{Given, Inputs};
use super::value::{Kind, Val};
use crate::tree::{Key, Node, NodeValue};
use mamori_model::Span;
use mamori_model::encoding::base64;
use std::collections::{HashMap, HashSet};

/// How deeply expressions may nest before evaluation gives up.
pub const MAX_DEPTH: usize = 64;

/// How many evaluation steps one template may take before evaluation gives up.
const MAX_STEPS: usize = 2_000_000;

/// The truth of a condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown(String),
}

impl Truth {
    fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

/// The parts of a template that expressions refer to.
pub struct Evaluator<'a> {
    inputs: &'a Inputs,
    parameters: HashMap<&'a str, &'a Node>,
    mappings: Option<&'a Node>,
    conditions: HashMap<&'a str, &'a Node>,
    resources: HashSet<&'a str>,
    memo: HashMap<String, Truth>,
    in_progress: Vec<String>,
    depth: usize,
    steps: usize,
    /// Inside the operands of `Fn::Equals`, where the value of a `NoEcho` parameter may be read:
    /// a comparison prints nothing.
    reveal: usize,
    /// For the template of a nested stack: the values its parent passes (`Parameters` of the
    /// `AWS::CloudFormation::Stack`, evaluated in the parent), in place of `--cfn-parameters`.
    passed: Option<&'a HashMap<String, Val>>,
    /// Put before the logical ids of the template's own resources in computed values: the
    /// nested stack's address and `/` (`Service/`), empty for a root template.
    prefix: &'a str,
    /// The outputs of the nested stacks the template deploys, once followed: `Fn::GetAtt
    /// Stack.Outputs.Name` is the output's value, evaluated in the child.
    outputs: HashMap<String, HashMap<String, Val>>,
}

/// Pseudo parameters: known when given (`--cfn-parameters`), else only at deployment.
/// `AWS::Partition` and `AWS::URLSuffix` follow from a given `AWS::Region`.
const PSEUDO: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// The functions CloudFormation knows only in the `Rules` section.
const RULE_FUNCTIONS: &[&str] = &[
    "Fn::Contains",
    "Fn::EachMemberEquals",
    "Fn::EachMemberIn",
    "Fn::RefAll",
    "Fn::ValueOf",
    "Fn::ValueOfAll",
];

#[cfg(test)]
static NO_INPUTS: Inputs = Inputs::new();

impl<'a> Evaluator<'a> {
    /// An evaluator with no values given: parameters at their defaults.
    #[cfg(test)]
    pub fn new(doc: &'a Node) -> Evaluator<'a> {
        Evaluator::with_inputs(doc, &NO_INPUTS)
    }

    /// An evaluator that takes the given values of parameters and pseudo parameters.
    pub fn with_inputs(doc: &'a Node, inputs: &'a Inputs) -> Evaluator<'a> {
        let section = |name: &str| doc.get(name).and_then(Node::as_map).unwrap_or(&[]);
        let parameters = section("Parameters")
            .iter()
            .map(|(k, v)| (k.text.as_str(), v))
            .collect();
        let conditions = section("Conditions")
            .iter()
            .map(|(k, v)| (k.text.as_str(), v))
            .collect();
        let resources = section("Resources").iter().map(|(k, _)| k.text.as_str()).collect();
        Evaluator {
            inputs,
            parameters,
            mappings: doc.get("Mappings").filter(|m| m.is_map()),
            conditions,
            resources,
            memo: HashMap::new(),
            in_progress: Vec::new(),
            depth: 0,
            steps: 0,
            reveal: 0,
            passed: None,
            prefix: "",
            outputs: HashMap::new(),
        }
    }

    /// Records the outputs of a nested stack of the template, read from its template.
    pub fn set_outputs(&mut self, stack: &str, outputs: HashMap<String, Val>) {
        self.outputs.insert(stack.to_string(), outputs);
    }

    /// The evaluator of a nested stack's template: its parameters take the values the parent
    /// passes, and its resources are named under the stack's address.
    pub fn nested(mut self, passed: &'a HashMap<String, Val>, prefix: &'a str) -> Evaluator<'a> {
        self.passed = Some(passed);
        self.prefix = prefix;
        self
    }

    /// Evaluates a node and everything inside it. `AWS::NoValue` entries of mappings and lists
    /// are left out; at the top it is returned as [`Kind::NoValue`].
    pub fn resolve(&mut self, node: &Node) -> Val {
        if self.depth >= MAX_DEPTH {
            return Val::unknown(
                format!("expressions nested more than {MAX_DEPTH} levels deep"),
                node.span,
            );
        }
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Val::unknown("the template is too large to evaluate", node.span);
        }
        self.depth += 1;
        let v = self.resolve_inner(node);
        self.depth -= 1;
        v
    }

    fn resolve_inner(&mut self, node: &Node) -> Val {
        let span = node.span;
        let kind = match &node.value {
            NodeValue::Null => Kind::Null,
            NodeValue::Bool(b) => Kind::Bool(*b),
            NodeValue::Number(n) => Kind::Number(n.clone()),
            NodeValue::String(s) => match dynamic_reference(s) {
                Some(why) => Kind::Unknown(why),
                None => Kind::Str(s.clone()),
            },
            NodeValue::Seq(items) => Kind::List(
                items
                    .iter()
                    .map(|i| self.resolve(i))
                    .filter(|v| !v.is_no_value())
                    .collect(),
            ),
            NodeValue::Map(entries) => {
                if let Some((name, arg)) = long_form(entries) {
                    return self.function(name, arg, span);
                }
                Kind::Map(
                    entries
                        .iter()
                        .map(|(k, v)| (k.clone(), self.resolve(v)))
                        .filter(|(_, v)| !v.is_no_value())
                        .collect(),
                )
            }
            NodeValue::Tagged(tag, inner) => {
                return match short_form(tag) {
                    Some(name) => self.function(&name, inner, span),
                    None => Val::unknown(format!("unknown YAML tag {tag}"), span),
                };
            }
        };
        Val::new(kind, span)
    }

    /// Evaluates one function call; `span` is the span of the call's node.
    fn function(&mut self, name: &str, arg: &Node, span: Span) -> Val {
        match name {
            "Ref" => match self.name_arg(arg) {
                Ok(target) => self.reference(&target, span),
                Err(why) => Val::unknown(format!("Ref: {why}"), span),
            },
            "Fn::GetAtt" => self.get_att(arg, span),
            "Fn::Sub" => self.sub(arg, span),
            "Fn::Join" => self.join(arg, span),
            "Fn::Select" => self.select(arg, span),
            "Fn::Split" => self.split(arg, span),
            "Fn::FindInMap" => self.find_in_map(arg, span),
            "Fn::If" => self.if_(arg, span),
            "Fn::Base64" => {
                let v = self.resolve(arg);
                match (v.text(), v.unknown_reason()) {
                    (Some(t), _) => Val::str(base64(t.as_bytes()), span),
                    (None, Some(r)) => Val::unknown(r, span),
                    (None, None) => {
                        Val::unknown(format!("Fn::Base64 expects a string, found a {}", v.type_name()), span)
                    }
                }
            }
            "Fn::ImportValue" => {
                let v = self.resolve(arg);
                match v.text() {
                    Some(t) => Val::unknown(
                        format!("Fn::ImportValue {t}: an output of another stack, known only at deployment"),
                        span,
                    ),
                    None => Val::unknown(
                        "Fn::ImportValue: an output of another stack, known only at deployment",
                        span,
                    ),
                }
            }
            "Fn::GetAZs" => Val::unknown("Fn::GetAZs: the Availability Zones are known only at deployment", span),
            "Fn::Cidr" => self.cidr(arg, span),
            "Fn::Length" => {
                let v = self.resolve(arg);
                match &v.kind {
                    Kind::List(items) => Val::new(Kind::Number(items.len().to_string()), span),
                    _ => Val::unknown(
                        v.unknown_reason()
                            .map(|r| format!("Fn::Length: {r}"))
                            .unwrap_or_else(|| format!("Fn::Length expects a list, found a {}", v.type_name())),
                        span,
                    ),
                }
            }
            "Fn::ToJsonString" => {
                let v = self.resolve(arg);
                if !matches!(v.kind, Kind::List(_) | Kind::Map(_)) {
                    return Val::unknown(
                        v.unknown_reason()
                            .map(|r| format!("Fn::ToJsonString: {r}"))
                            .unwrap_or_else(|| {
                                format!(
                                    "Fn::ToJsonString expects a mapping or a list, found a {}",
                                    v.type_name()
                                )
                            }),
                        span,
                    );
                }
                match to_json(&v) {
                    Ok(t) => Val::str(t, span),
                    Err(r) => Val::unknown(format!("Fn::ToJsonString: {r}"), span),
                }
            }
            "Fn::Transform" => {
                let name = arg.get("Name").map(|n| self.resolve(n)).and_then(|n| n.text());
                match name {
                    Some(n) => Val::unknown(
                        format!("Fn::Transform {n}: the macro's output is known only at deployment"),
                        span,
                    ),
                    None => Val::unknown("Fn::Transform: the macro's output is known only at deployment", span),
                }
            }
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" | "Condition" => {
                match self.condition_call(name, arg, span) {
                    Truth::True => Val::new(Kind::Bool(true), span),
                    Truth::False => Val::new(Kind::Bool(false), span),
                    Truth::Unknown(r) => Val::unknown(r, span),
                }
            }
            other if other.starts_with("Fn::ForEach::") => Val::unknown(
                format!("{other} is expanded only with the AWS::LanguageExtensions transform"),
                span,
            ),
            other if RULE_FUNCTIONS.contains(&other) => Val::unknown(
                format!("{other} is a rule function, valid only in the Rules section"),
                span,
            ),
            other => Val::unknown(format!("{other} is not a CloudFormation intrinsic function"), span),
        }
    }

    /// A literal name argument (`Ref`, `Fn::If`, `Condition`): a string, or a function that
    /// evaluates to one.
    fn name_arg(&mut self, arg: &Node) -> Result<String, String> {
        if let Some(s) = arg.scalar_text() {
            return Ok(s);
        }
        let v = self.resolve(arg);
        match (v.text(), v.unknown_reason()) {
            (Some(t), _) => Ok(t),
            (None, Some(r)) => Err(r),
            (None, None) => Err(format!("expected a name, found a {}", arg.type_name())),
        }
    }

    /// `Ref` to a parameter, a pseudo parameter or a resource.
    pub fn reference(&mut self, target: &str, span: Span) -> Val {
        if target == "AWS::NoValue" {
            return Val::new(Kind::NoValue, span);
        }
        if PSEUDO.contains(&target) {
            return self.pseudo(target, span);
        }
        if let Some(param) = self.parameters.get(target).copied() {
            return self.parameter_value(target, param, span);
        }
        if self.resources.contains(target) {
            return Val::new(
                Kind::Computed {
                    resource: format!("{}{target}", self.prefix),
                    attribute: None,
                },
                span,
            );
        }
        if target.starts_with("AWS::") {
            return Val::unknown(
                format!("Ref to {target}: not a pseudo parameter the scanner knows"),
                span,
            );
        }
        Val::unknown(
            format!("Ref to {target}: no parameter or resource of that name in the template"),
            span,
        )
    }

    /// A pseudo parameter: its given value; `AWS::Partition` and `AWS::URLSuffix` also from a
    /// given Region.
    fn pseudo(&self, name: &str, span: Span) -> Val {
        match self.inputs.get(name) {
            Some(Given::Value(v)) if name == "AWS::NotificationARNs" => list_value(v, span),
            Some(Given::Value(v)) => Val::str(v.clone(), span),
            _ => {
                let region = match self.inputs.get("AWS::Region") {
                    Some(Given::Value(r)) => Some(r.as_str()),
                    _ => None,
                };
                match (name, region.map(partition_of)) {
                    ("AWS::Partition", Some((p, _))) => Val::str(p, span),
                    ("AWS::URLSuffix", Some((_, u))) => Val::str(u, span),
                    _ => Val::unknown(format!("pseudo parameter {name}: known only at deployment"), span),
                }
            }
        }
    }

    /// A parameter's value: the value given for it, else its `Default`; split into a list for
    /// list types.
    fn parameter_value(&self, name: &str, param: &Node, span: Span) -> Val {
        let ty = param.get("Type").and_then(Node::as_str).unwrap_or("String").trim();
        if ty.starts_with("AWS::SSM::Parameter::Value") {
            return Val::unknown(
                format!("Ref to parameter {name}: read from Systems Manager Parameter Store at deployment"),
                span,
            );
        }
        let no_echo = param
            .get("NoEcho")
            .and_then(Node::scalar_text)
            .is_some_and(|t| t.eq_ignore_ascii_case("true"));
        let is_list = ty == "CommaDelimitedList" || ty.starts_with("List<");
        let numbers = ty == "Number" || ty == "List<Number>";
        let given = match self.passed {
            // A nested stack's parameters come from its parent only.
            Some(passed) => match passed.get(name) {
                Some(v) => match &v.kind {
                    Kind::Str(s) => Some(Given::Value(s.clone())),
                    Kind::Number(n) => Some(Given::Value(n.clone())),
                    Kind::Bool(b) => Some(Given::Value(b.to_string())),
                    Kind::Unknown(r) => {
                        return Val::unknown(format!("Ref to parameter {name}, given by the parent stack: {r}"), span);
                    }
                    // A resource of the parent (or above): unknown, but it names that resource.
                    _ => return v.clone().respan(span),
                },
                None if param.get("Default").is_none() => {
                    return Val::unknown(
                        format!("Ref to parameter {name}: no Default, and the parent stack passes no value"),
                        span,
                    );
                }
                None => None,
            },
            None => self.inputs.get(name).cloned(),
        };
        let v = match given.as_ref() {
            Some(Given::Previous) => {
                return Val::unknown(
                    format!("Ref to parameter {name}: the value of the deployed stack (UsePreviousValue)"),
                    span,
                );
            }
            Some(Given::Value(v)) if is_list => list_value(v, span),
            Some(Given::Value(v)) => Val::str(v.clone(), span),
            None => match param.get("Default") {
                None => {
                    return Val::unknown(
                        format!("Ref to parameter {name}: no Default, and no value in --cfn-parameters"),
                        span,
                    );
                }
                Some(default) => default_value(name, default, is_list, span),
            },
        };
        if numbers && !no_echo {
            let items = match &v.kind {
                Kind::List(items) => items.iter().collect(),
                _ => vec![&v],
            };
            if let Some(bad) = items.iter().filter_map(|i| i.text()).find(|t| !is_number(t)) {
                return Val::unknown(
                    format!("Ref to parameter {name}: `{bad}` is not a number, which CloudFormation rejects"),
                    span,
                );
            }
        }
        if no_echo && self.reveal == 0 && !matches!(v.kind, Kind::Unknown(_)) {
            return Val::unknown(
                format!("Ref to parameter {name}: NoEcho, so its value is not read"),
                span,
            );
        }
        v
    }

    fn get_att(&mut self, arg: &Node, span: Span) -> Val {
        let (resource, attribute) = if let Some(s) = arg.as_str() {
            match s.split_once('.') {
                Some((r, a)) => (r.to_string(), a.to_string()),
                None => return Val::unknown(format!("Fn::GetAtt `{s}` names no attribute"), span),
            }
        } else if let Some([r, a]) = arg.as_seq() {
            // The logical id may be a function that gives a string (`!Sub` in a loop).
            let r = match r.scalar_text() {
                Some(r) => r,
                None if r.is_map() || matches!(r.value, NodeValue::Tagged(..)) => match self.name_arg(r) {
                    Ok(r) => r,
                    Err(why) => return Val::unknown(format!("Fn::GetAtt: {why}"), span),
                },
                None => return Val::unknown("Fn::GetAtt expects a logical id as its first argument", span),
            };
            match self.name_arg(a) {
                Ok(a) => (r, a),
                Err(why) => return Val::unknown(format!("Fn::GetAtt {r}: {why}"), span),
            }
        } else {
            return Val::unknown(
                "Fn::GetAtt expects [LogicalId, Attribute] or \"LogicalId.Attribute\"",
                span,
            );
        };
        self.attribute(resource, attribute, span)
    }

    fn attribute(&self, resource: String, attribute: String, span: Span) -> Val {
        if let Some(v) = attribute
            .strip_prefix("Outputs.")
            .and_then(|name| self.outputs.get(&resource)?.get(name))
        {
            return v.clone().respan(span);
        }
        if self.resources.contains(resource.as_str()) {
            Val::new(
                Kind::Computed {
                    resource: format!("{}{resource}", self.prefix),
                    attribute: Some(attribute),
                },
                span,
            )
        } else {
            Val::unknown(
                format!("Fn::GetAtt {resource}.{attribute}: no resource of that name in the template"),
                span,
            )
        }
    }

    fn sub(&mut self, arg: &Node, span: Span) -> Val {
        let (template, vars_node) = match &arg.value {
            NodeValue::String(s) => (s.as_str(), None),
            NodeValue::Seq(items) => match items.as_slice() {
                [t, vars] if t.as_str().is_some() => (t.as_str().unwrap_or_default(), Some(vars)),
                [t] if t.as_str().is_some() => (t.as_str().unwrap_or_default(), None),
                _ => return Val::unknown("Fn::Sub expects a string or [string, {variables}]", span),
            },
            _ => return Val::unknown(format!("Fn::Sub expects a string, found a {}", arg.type_name()), span),
        };
        let mut vars: Vec<(String, Val)> = Vec::new();
        if let Some(vn) = vars_node {
            match vn.as_map() {
                Some(entries) => {
                    for (k, v) in entries {
                        let val = self.resolve(v);
                        vars.push((k.text.clone(), val));
                    }
                }
                None => {
                    let v = self.resolve(vn);
                    if let Some(r) = v.unknown_reason() {
                        return Val::unknown(format!("Fn::Sub variables: {r}"), span);
                    }
                    return Val::unknown("Fn::Sub expects its variables as a mapping", span);
                }
            }
        }
        if let Some(why) = dynamic_reference(template) {
            return Val::unknown(why, span);
        }
        let pieces = parse_sub(template);
        // A template that is one variable and nothing else is that variable's value, which keeps
        // a reference to a resource as a reference.
        if let [Piece::Var(name)] = pieces.as_slice() {
            return self.sub_var(name, &vars, span).respan(span);
        }
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(&t),
                Piece::Var(name) => {
                    let v = self.sub_var(&name, &vars, span);
                    match v.text() {
                        Some(t) => out.push_str(&t),
                        None => {
                            let why = v
                                .unknown_reason()
                                .unwrap_or_else(|| format!("${{{name}}} is a {}, not a string", v.type_name()));
                            return Val::unknown(format!("Fn::Sub: {why}"), span);
                        }
                    }
                }
            }
        }
        Val::str(out, span)
    }

    fn sub_var(&mut self, name: &str, vars: &[(String, Val)], span: Span) -> Val {
        if let Some((_, v)) = vars.iter().find(|(k, _)| k == name) {
            return v.clone();
        }
        if !name.starts_with("AWS::")
            && !self.parameters.contains_key(name)
            && !self.resources.contains(name)
            && let Some((r, a)) = name.split_once('.')
        {
            return self.attribute(r.to_string(), a.to_string(), span);
        }
        self.reference(name, span)
    }

    fn join(&mut self, arg: &Node, span: Span) -> Val {
        let Some([delim, list]) = arg.as_seq() else {
            return Val::unknown("Fn::Join expects [delimiter, [values]]", span);
        };
        let delim = self.resolve(delim);
        let Some(delim) = delim.text() else {
            return Val::unknown(
                delim
                    .unknown_reason()
                    .unwrap_or_else(|| "Fn::Join expects a string delimiter".to_string()),
                span,
            );
        };
        let list = self.resolve(list);
        let items = match &list.kind {
            Kind::List(items) => items,
            _ => {
                let why = list
                    .unknown_reason()
                    .unwrap_or_else(|| format!("Fn::Join expects a list of values, found a {}", list.type_name()));
                return Val::unknown(why, span);
            }
        };
        let mut parts = Vec::with_capacity(items.len());
        for item in items {
            match item.text() {
                Some(t) => parts.push(t),
                None => {
                    let why = item
                        .unknown_reason()
                        .unwrap_or_else(|| format!("a part is a {}, not a string", item.type_name()));
                    return Val::unknown(format!("Fn::Join: {why}"), span);
                }
            }
        }
        Val::str(parts.join(&delim), span)
    }

    fn select(&mut self, arg: &Node, span: Span) -> Val {
        let Some([index, list]) = arg.as_seq() else {
            return Val::unknown("Fn::Select expects [index, [values]]", span);
        };
        let index = self.resolve(index);
        let i = match index.text().map(|t| t.trim().parse::<usize>()) {
            Some(Ok(i)) => i,
            Some(Err(_)) => return Val::unknown("Fn::Select expects a whole number as its index", span),
            None => {
                return Val::unknown(
                    index
                        .unknown_reason()
                        .unwrap_or_else(|| "Fn::Select expects a whole number index".into()),
                    span,
                );
            }
        };
        let list = self.resolve(list);
        match list.kind {
            Kind::List(mut items) => {
                if i < items.len() {
                    items.swap_remove(i)
                } else {
                    Val::unknown(
                        format!("Fn::Select: index {i} is past the end of a list of {}", items.len()),
                        span,
                    )
                }
            }
            _ => Val::unknown(
                list.unknown_reason()
                    .unwrap_or_else(|| format!("Fn::Select expects a list, found a {}", list.type_name())),
                span,
            ),
        }
    }

    fn cidr(&mut self, arg: &Node, span: Span) -> Val {
        let Some([block, count, bits]) = arg.as_seq() else {
            return Val::unknown("Fn::Cidr expects [ipBlock, count, cidrBits]", span);
        };
        let mut texts = Vec::with_capacity(3);
        for a in [block, count, bits] {
            let v = self.resolve(a);
            match v.text() {
                Some(t) => texts.push(t),
                None => {
                    let why = v
                        .unknown_reason()
                        .unwrap_or_else(|| format!("an argument is a {}, not a string", v.type_name()));
                    return Val::unknown(format!("Fn::Cidr: {why}"), span);
                }
            }
        }
        let Some(count) = texts[1].trim().parse::<u32>().ok().filter(|c| (1..=256).contains(c)) else {
            return Val::unknown("Fn::Cidr: the count should be a whole number from 1 to 256", span);
        };
        let Ok(bits) = texts[2].trim().parse::<u32>() else {
            return Val::unknown("Fn::Cidr: cidrBits should be a whole number", span);
        };
        match cidr_blocks(&texts[0], count, bits) {
            Ok(blocks) => Val::new(
                Kind::List(blocks.into_iter().map(|b| Val::str(b, span)).collect()),
                span,
            ),
            Err(why) => Val::unknown(format!("Fn::Cidr: {why}"), span),
        }
    }

    fn split(&mut self, arg: &Node, span: Span) -> Val {
        let Some([delim, source]) = arg.as_seq() else {
            return Val::unknown("Fn::Split expects [delimiter, string]", span);
        };
        let delim = self.resolve(delim);
        let source = self.resolve(source);
        match (delim.text(), source.text()) {
            (Some(d), Some(s)) if !d.is_empty() => Val::new(
                Kind::List(s.split(d.as_str()).map(|p| Val::str(p, span)).collect()),
                span,
            ),
            (Some(_), Some(_)) => Val::unknown("Fn::Split: the delimiter is empty", span),
            _ => Val::unknown(
                delim
                    .unknown_reason()
                    .or_else(|| source.unknown_reason())
                    .unwrap_or_else(|| "Fn::Split expects a string delimiter and a string".to_string()),
                span,
            ),
        }
    }

    fn find_in_map(&mut self, arg: &Node, span: Span) -> Val {
        let Some(args) = arg.as_seq().filter(|a| a.len() == 3 || a.len() == 4) else {
            return Val::unknown("Fn::FindInMap expects [MapName, TopLevelKey, SecondLevelKey]", span);
        };
        let mut keys = Vec::with_capacity(3);
        for a in &args[..3] {
            let v = self.resolve(a);
            match v.text() {
                Some(t) => keys.push(t),
                None => {
                    let why = v
                        .unknown_reason()
                        .unwrap_or_else(|| format!("a key is a {}", v.type_name()));
                    return Val::unknown(format!("Fn::FindInMap: {why}"), span);
                }
            }
        }
        let found = self
            .mappings
            .and_then(|m| m.get(&keys[0]))
            .and_then(|m| m.get(&keys[1]))
            .and_then(|m| m.get(&keys[2]));
        match found {
            Some(node) => literal(node).respan(span),
            None => match args.get(3).and_then(|d| d.get("DefaultValue")) {
                Some(default) => self.resolve(default).respan(span),
                None => Val::unknown(
                    format!(
                        "Fn::FindInMap: no entry {}/{}/{} in Mappings",
                        keys[0], keys[1], keys[2]
                    ),
                    span,
                ),
            },
        }
    }

    fn if_(&mut self, arg: &Node, span: Span) -> Val {
        let Some([cond, then, otherwise]) = arg.as_seq() else {
            return Val::unknown("Fn::If expects [condition, value if true, value if false]", span);
        };
        // The condition is named; a condition function written in its place is evaluated too.
        let truth = match cond.scalar_text() {
            Some(name) => self.condition(&name),
            None if cond.is_map() || matches!(cond.value, NodeValue::Tagged(..)) => self.eval_condition(cond),
            None => return Val::unknown("Fn::If expects a condition name", span),
        };
        match truth {
            Truth::True => self.resolve(then),
            Truth::False => self.resolve(otherwise),
            Truth::Unknown(why) => {
                let a = self.resolve(then);
                let b = self.resolve(otherwise);
                if a.identical(&b) {
                    a
                } else {
                    Val::unknown(format!("Fn::If: {why}"), span)
                }
            }
        }
    }

    /// The truth of a named condition of the template's `Conditions` section.
    pub fn condition(&mut self, name: &str) -> Truth {
        if let Some(t) = self.memo.get(name) {
            return t.clone();
        }
        if self.in_progress.iter().any(|n| n == name) {
            return Truth::Unknown(format!("condition {name} refers to itself"));
        }
        let Some(node) = self.conditions.get(name).copied() else {
            return Truth::Unknown(format!("no condition named {name} in the template"));
        };
        self.in_progress.push(name.to_string());
        let t = match self.eval_condition(node) {
            Truth::Unknown(why) if !why.starts_with("condition ") => {
                Truth::Unknown(format!("condition {name} is unknown: {why}"))
            }
            t => t,
        };
        self.in_progress.pop();
        self.memo.insert(name.to_string(), t.clone());
        t
    }

    /// Evaluates a condition function (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`,
    /// `Condition`).
    fn eval_condition(&mut self, node: &Node) -> Truth {
        let call = match &node.value {
            NodeValue::Tagged(tag, inner) => short_form(tag).map(|n| (n, &**inner)),
            NodeValue::Map(entries) => match entries.as_slice() {
                [(k, v)] if k.text == "Condition" => Some(("Condition".to_string(), v)),
                _ => long_form(entries).map(|(n, a)| (n.to_string(), a)),
            },
            NodeValue::Bool(b) => return Truth::from_bool(*b),
            NodeValue::String(s) if s == "true" => return Truth::True,
            NodeValue::String(s) if s == "false" => return Truth::False,
            _ => None,
        };
        match call {
            Some((name, arg)) => {
                if self.depth >= MAX_DEPTH {
                    return Truth::Unknown(format!("conditions nested more than {MAX_DEPTH} levels deep"));
                }
                self.depth += 1;
                let t = self.condition_call(&name, arg, node.span);
                self.depth -= 1;
                t
            }
            None => Truth::Unknown(format!("expected a condition function, found a {}", node.type_name())),
        }
    }

    fn condition_call(&mut self, name: &str, arg: &Node, span: Span) -> Truth {
        match name {
            "Fn::Equals" => {
                let Some([a, b]) = arg.as_seq() else {
                    return Truth::Unknown("Fn::Equals expects two values".to_string());
                };
                // A NoEcho parameter's value may be compared: the comparison prints nothing.
                self.reveal += 1;
                let same = {
                    let x = self.resolve(a);
                    let y = self.resolve(b);
                    x.same(&y)
                };
                self.reveal -= 1;
                match same {
                    Some(t) => Truth::from_bool(t),
                    None => {
                        // The reason, from values that hold no NoEcho value.
                        let a = self.resolve(a);
                        let b = self.resolve(b);
                        Truth::Unknown(
                            a.unknown_reason()
                                .or_else(|| b.unknown_reason())
                                .unwrap_or_else(|| "unknown".into()),
                        )
                    }
                }
            }
            "Fn::And" | "Fn::Or" => {
                let Some(items) = arg.as_seq().filter(|i| !i.is_empty()) else {
                    return Truth::Unknown(format!("{name} expects a list of conditions"));
                };
                let decisive = if name == "Fn::And" { Truth::False } else { Truth::True };
                let mut unknown = None;
                for i in items {
                    match self.eval_condition(i) {
                        Truth::Unknown(why) => unknown = unknown.or(Some(why)),
                        t if t == decisive => return decisive,
                        _ => {}
                    }
                }
                match unknown {
                    Some(why) => Truth::Unknown(why),
                    None if name == "Fn::And" => Truth::True,
                    None => Truth::False,
                }
            }
            "Fn::Not" => {
                let inner = match arg.as_seq() {
                    Some([c]) => c,
                    Some(_) => return Truth::Unknown("Fn::Not expects one condition".to_string()),
                    None => arg,
                };
                match self.eval_condition(inner) {
                    Truth::True => Truth::False,
                    Truth::False => Truth::True,
                    u => u,
                }
            }
            "Condition" => match self.name_arg(arg) {
                Ok(n) => self.condition(&n),
                Err(why) => Truth::Unknown(format!("Condition: {why}")),
            },
            _ => match self.function(name, arg, span) {
                Val {
                    kind: Kind::Bool(b), ..
                } => Truth::from_bool(b),
                v => match v.text().as_deref() {
                    Some("true") => Truth::True,
                    Some("false") => Truth::False,
                    _ => Truth::Unknown(
                        v.unknown_reason()
                            .unwrap_or_else(|| format!("{name} is not a condition function")),
                    ),
                },
            },
        }
    }
}

/// The function a one-entry mapping calls in the long form: `Ref` or `Fn::…`.
fn long_form(entries: &[(Key, Node)]) -> Option<(&str, &Node)> {
    match entries {
        [(k, v)] if k.text == "Ref" || k.text.starts_with("Fn::") => Some((k.text.as_str(), v)),
        _ => None,
    }
}

/// The function a YAML short tag calls: `!Ref` → `Ref`, `!Condition` → `Condition`,
/// `!Sub` → `Fn::Sub`.
fn short_form(tag: &str) -> Option<String> {
    let name = tag.strip_prefix('!')?;
    if name.is_empty() || name.starts_with('!') || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(match name {
        "Ref" | "Condition" => name.to_string(),
        _ => format!("Fn::{name}"),
    })
}

/// Why a string is not known when it holds a dynamic reference (`{{resolve:ssm:…}}`,
/// `{{resolve:secretsmanager:…}}`), which CloudFormation replaces at deployment.
pub fn dynamic_reference(s: &str) -> Option<String> {
    let start = s.find("{{resolve:")?;
    let rest = &s[start..];
    let end = rest.find("}}").map_or(rest.len(), |e| e + 2);
    Some(format!(
        "dynamic reference {}: resolved only at deployment",
        &rest[..end]
    ))
}

/// A parameter's `Default`, split into a list for list types.
fn default_value(name: &str, default: &Node, is_list: bool, span: Span) -> Val {
    if is_list {
        if let Some(text) = default.scalar_text() {
            return list_value(&text, span);
        }
        if default.as_seq().is_some() {
            return literal(default).respan(span);
        }
    }
    match default.scalar_text() {
        Some(t) => Val::str(t, span),
        None if default.is_null() => Val::unknown(
            format!("Ref to parameter {name}: no Default, and no value in --cfn-parameters"),
            span,
        ),
        None => Val::unknown(
            format!(
                "Ref to parameter {name}: the Default is a {}, not a string",
                default.type_name()
            ),
            span,
        ),
    }
}

/// A list parameter's value: the string split at commas, each item trimmed.
fn list_value(text: &str, span: Span) -> Val {
    let items = text.split(',').map(|p| Val::str(p.trim(), span)).collect();
    Val::new(Kind::List(items), span)
}

/// Whether a parameter value is a number, as CloudFormation checks a `Number` (an integer or a
/// float).
fn is_number(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty() && t.parse::<f64>().is_ok_and(f64::is_finite) && !t.contains(['x', 'X', 'i', 'I', 'n', 'N'])
}

/// The partition and URL suffix of a Region.
fn partition_of(region: &str) -> (&'static str, &'static str) {
    const PARTITIONS: &[(&str, &str, &str)] = &[
        ("cn-", "aws-cn", "amazonaws.com.cn"),
        ("us-gov-", "aws-us-gov", "amazonaws.com"),
        ("us-isob-", "aws-iso-b", "sc2s.sgov.gov"),
        ("us-isof-", "aws-iso-f", "csp.hci.ic.gov"),
        ("eu-isoe-", "aws-iso-e", "cloud.adc-e.uk"),
        ("us-iso-", "aws-iso", "c2s.ic.gov"),
    ];
    PARTITIONS
        .iter()
        .find(|(prefix, ..)| region.starts_with(prefix))
        .map_or(("aws", "amazonaws.com"), |(_, p, u)| (p, u))
}

/// A value as compact JSON, as `Fn::ToJsonString` writes it: keys in the order written.
fn to_json(v: &Val) -> Result<String, String> {
    let mut out = String::new();
    write_json(v, &mut out)?;
    Ok(out)
}

fn write_json(v: &Val, out: &mut String) -> Result<(), String> {
    let quote = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    match &v.kind {
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Number(n) => match serde_json::from_str::<serde_json::Number>(n) {
            Ok(_) => out.push_str(n),
            Err(_) => out.push_str(&quote(n)),
        },
        Kind::Str(s) => out.push_str(&quote(s)),
        Kind::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out)?;
            }
            out.push(']');
        }
        Kind::Map(entries) => {
            out.push('{');
            for (i, (k, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&quote(&k.text));
                out.push(':');
                write_json(item, out)?;
            }
            out.push('}');
        }
        Kind::NoValue => out.push_str("null"),
        Kind::Computed { .. } | Kind::Unknown(_) => {
            return Err(v.unknown_reason().unwrap_or_default());
        }
    }
    Ok(())
}

/// The address blocks of `Fn::Cidr`: `count` blocks of `bits` host bits each, in order from
/// the start of `block`.
fn cidr_blocks(block: &str, count: u32, bits: u32) -> Result<Vec<String>, String> {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    let (addr, prefix) = block
        .trim()
        .split_once('/')
        .ok_or_else(|| format!("`{block}` is not a CIDR block"))?;
    let addr: IpAddr = addr.parse().map_err(|_| format!("`{block}` is not a CIDR block"))?;
    let width = if addr.is_ipv4() { 32 } else { 128 };
    let prefix: u32 = prefix
        .parse()
        .ok()
        .filter(|p| *p <= width)
        .ok_or_else(|| format!("`{block}` is not a CIDR block"))?;
    if bits > width || width - bits < prefix {
        return Err(format!("{bits} host bits do not fit in `{block}`"));
    }
    let new_prefix = width - bits;
    let available = 1u128.checked_shl(new_prefix - prefix).unwrap_or(u128::MAX);
    if u128::from(count) > available {
        return Err(format!("`{block}` holds only {available} blocks of /{new_prefix}"));
    }
    let base: u128 = match addr {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    };
    let host_mask = 1u128.checked_shl(width - prefix).map_or(u128::MAX, |m| m - 1);
    let network = base & !host_mask;
    let step = 1u128.checked_shl(bits).unwrap_or(0);
    Ok((0..u128::from(count))
        .map(|i| {
            let start = network + i * step;
            let ip = match addr {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(start as u32)),
                IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(start)),
            };
            format!("{ip}/{new_prefix}")
        })
        .collect())
}

/// A literal value (from `Mappings`, where functions are not allowed).
fn literal(node: &Node) -> Val {
    literal_at(node, 0)
}

fn literal_at(node: &Node, depth: usize) -> Val {
    if depth >= MAX_DEPTH {
        return Val::unknown(format!("values nested more than {MAX_DEPTH} levels deep"), node.span);
    }
    let kind = match &node.value {
        NodeValue::Null => Kind::Null,
        NodeValue::Bool(b) => Kind::Bool(*b),
        NodeValue::Number(n) => Kind::Number(n.clone()),
        NodeValue::String(s) => Kind::Str(s.clone()),
        NodeValue::Seq(items) => Kind::List(items.iter().map(|i| literal_at(i, depth + 1)).collect()),
        NodeValue::Map(entries) => Kind::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), literal_at(v, depth + 1)))
                .collect(),
        ),
        NodeValue::Tagged(tag, _) => Kind::Unknown(format!("{tag} inside Mappings is not evaluated")),
    };
    Val::new(kind, node.span)
}

enum Piece {
    Text(String),
    Var(String),
}

/// Splits an `Fn::Sub` template into text and `${…}` variables. `${!Literal}` is the text
/// `${Literal}`.
fn parse_sub(template: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        text.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let inner = &after[..end];
                if let Some(lit) = inner.strip_prefix('!') {
                    text.push_str("${");
                    text.push_str(lit);
                    text.push('}');
                } else {
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(Piece::Var(inner.trim().to_string()));
                }
                rest = &after[end + 1..];
            }
            None => {
                text.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    pieces
}

#[cfg(test)]
mod tests;
