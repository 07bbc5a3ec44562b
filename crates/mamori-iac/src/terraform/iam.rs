//! IAM resource blocks: `aws_iam_role` (its `assume_role_policy`, `inline_policy` blocks,
//! `managed_policy_arns` and `permissions_boundary`), `aws_iam_policy`, `aws_iam_role_policy`,
//! `aws_iam_role_policy_attachment` and `aws_iam_policy_attachment` (its `roles`).
//!
//! Every policy document (a trust policy, an inline policy, a managed policy) is read wherever it is written: `jsonencode(…)`, a heredoc or quoted JSON,
//! `file(…)` or `templatefile(…)` (located as `container_definitions` is), or
//! `data.aws_iam_policy_document.<name>.json`, whose `statement` blocks of the same module are
//! read into the same document shape (each value pointing at its own argument). A condition
//! `variable` whose start is computed at apply time (`"${replace(…url, "https://", "")}:sub"`)
//! keeps its literal end, so that the `:sub` key of an OIDC provider is still recognised.

use super::body::{Blocks, Field, View};
use super::container_definitions::{follow, json_argument, value_doc};
use super::eval::{Eval, Module, placeholder};
use super::resources::{block_list, generated, instances, list_of, one, reference, string, terraform_meta};
use super::value::Value;
use crate::doc::{Doc, DocKey, DocValue};
use crate::iam_policy;
use crate::source::SourceFile;
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::Body;
use mamori_model::iam::{
    IamPolicy, IamRole, IamRolePolicy, IamRolePolicyAttachment, InlinePolicy, KIND_IAM_POLICY, KIND_IAM_ROLE,
    KIND_IAM_ROLE_POLICY, KIND_IAM_ROLE_POLICY_ATTACHMENT, PolicyDocument,
};
use mamori_model::{Attr, Origin, Resource};

/// The IAM resource types read.
pub const TYPES: &[&str] = &[
    "aws_iam_role",
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_policy_attachment",
];

/// Maps one instance of an IAM resource block.
pub fn map(
    m: &Module<'_>,
    v: &View<'_>,
    rtype: &str,
    address: String,
    files: &[(&SourceFile, Body)],
    out: &mut Vec<Resource>,
) {
    match rtype {
        "aws_iam_role" => out.push(Resource::IamRole(role(m, v, address, files))),
        "aws_iam_policy" => {
            let name = string(v.attr(m, "name"), v);
            let mut p = IamPolicy::new(terraform_meta(
                v,
                KIND_IAM_POLICY,
                rtype,
                name.explicit().cloned(),
                address,
            ));
            p.name = generated(name);
            p.path = string(v.attr(m, "path"), v);
            p.document = policy_argument(m, v, "policy", files);
            out.push(Resource::IamPolicy(p));
        }
        "aws_iam_role_policy" => {
            let name = string(v.attr(m, "name"), v);
            let mut p = IamRolePolicy::new(terraform_meta(
                v,
                KIND_IAM_ROLE_POLICY,
                rtype,
                name.explicit().cloned(),
                address,
            ));
            p.name = generated(name);
            p.roles = one(reference(v.attr(m, "role"), v));
            p.document = policy_argument(m, v, "policy", files);
            out.push(Resource::IamRolePolicy(p));
        }
        "aws_iam_role_policy_attachment" | "aws_iam_policy_attachment" => {
            let name = string(v.attr(m, "name"), v);
            let mut a = IamRolePolicyAttachment::new(terraform_meta(
                v,
                KIND_IAM_ROLE_POLICY_ATTACHMENT,
                rtype,
                name.explicit().cloned(),
                address,
            ));
            a.roles = if rtype == "aws_iam_policy_attachment" {
                references(v.attr(m, "roles"), v)
            } else {
                one(reference(v.attr(m, "role"), v))
            };
            a.policy_arn = reference(v.attr(m, "policy_arn"), v);
            out.push(Resource::IamRolePolicyAttachment(a));
        }
        _ => {}
    }
}

/// A list of references (`[aws_iam_role.app.name, "ops"]`): a reference to a resource keeps its
/// address, anything else is read as a string; each item points at its own expression.
fn references(f: Option<Field<'_>>, parent: &View<'_>) -> Attr<Vec<Attr<String>>> {
    list_of(f, parent, |v| match v {
        Value::Computed { address, .. } => Ok(address.clone()),
        Value::String(s) => Ok(s.clone()),
        v if !v.is_known() => Err(v.unknown_reason().unwrap_or_default()),
        v => Err(format!("expected a string, found a {}", v.type_name())),
    })
}

/// A policy document argument (`policy`, `assume_role_policy`), wherever it is written.
fn policy_argument(m: &Module<'_>, v: &View<'_>, arg: &str, files: &[(&SourceFile, Body)]) -> Attr<PolicyDocument> {
    match v.attr(m, arg) {
        None => Attr::absent(v.origin()),
        Some(f) => {
            let doc = match data_document(m, v, &f, files) {
                Some(d) => d,
                None => json_argument(m, v, &f, arg),
            };
            iam_policy::document(&doc)
        }
    }
}

/// The data source whose `json` a trust policy may be.
const POLICY_DOCUMENT: &str = "aws_iam_policy_document";

/// Maps one instance of an `aws_iam_role` block.
pub fn role(m: &Module<'_>, v: &View<'_>, address: String, files: &[(&SourceFile, Body)]) -> IamRole {
    let name = string(v.attr(m, "name"), v);
    let meta = terraform_meta(v, KIND_IAM_ROLE, "aws_iam_role", name.explicit().cloned(), address);
    let mut r = IamRole::new(meta);
    r.name = match name.state {
        // Without `name`, Terraform generates one (from `name_prefix` when given).
        mamori_model::State::Absent => Attr::unknown("the role name is generated by Terraform", name.origin),
        _ => name,
    };
    r.path = string(v.attr(m, "path"), v);
    r.assume_role_policy = policy_argument(m, v, "assume_role_policy", files);
    r.inline_policies = block_list(v.blocks(m, "inline_policy"), v, |b| InlinePolicy {
        origin: b.origin(),
        name: string(b.attr(m, "name"), b),
        document: policy_argument(m, b, "policy", files),
    });
    r.managed_policy_arns = references(v.attr(m, "managed_policy_arns"), v);
    r.permissions_boundary = reference(v.attr(m, "permissions_boundary"), v);
    r
}

/// `data.aws_iam_policy_document.<name>.json` (directly or through a local) as a document, when
/// the data source is declared in the module.
pub(super) fn data_document(m: &Module<'_>, v: &View<'_>, f: &Field<'_>, files: &[(&SourceFile, Body)]) -> Option<Doc> {
    let (expr, _) = follow(m, f.expr, v.file);
    let Expression::Traversal(t) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    if root.as_str() != "data" {
        return None;
    }
    let ops: Vec<&TraversalOperator> = t.operators.iter().map(|o| o.value()).collect();
    let name_of = |o: Option<&&TraversalOperator>| match o {
        Some(TraversalOperator::GetAttr(a)) => Some(a.as_str().to_string()),
        _ => None,
    };
    if name_of(ops.first())?.as_str() != POLICY_DOCUMENT {
        return None;
    }
    let name = name_of(ops.get(1))?;
    // An instance key (`[0]`, `["app"]`), then `.json`.
    let (key, rest) = match ops.get(2) {
        Some(TraversalOperator::Index(e)) => {
            let mut ev = Eval::new(m, v.scope.clone());
            let k = match ev.eval(e) {
                Value::Number(n) => format!("[{}]", super::value::fmt_number(n)),
                Value::String(s) => format!("[{s:?}]"),
                _ => return None,
            };
            (Some(k), 3)
        }
        Some(TraversalOperator::LegacyIndex(i)) => (Some(format!("[{}]", i.value())), 3),
        _ => (None, 2),
    };
    if name_of(ops.get(rest))?.as_str() != "json" || ops.len() != rest + 1 {
        return None;
    }
    for (file, body) in files {
        for block in body.blocks() {
            if block.ident.as_str() != "data"
                || block.labels.len() != 2
                || block.labels[0].as_str() != POLICY_DOCUMENT
                || block.labels[1].as_str() != name
            {
                continue;
            }
            let base = format!("data.{POLICY_DOCUMENT}.{name}");
            let all = instances(m, block, &base);
            let inst = match &key {
                Some(k) => all.into_iter().find(|i| i.address == format!("{base}{k}"))?,
                None => all.into_iter().next()?,
            };
            let dv = View::new(file, block, inst.scope);
            return Some(policy_document(m, &dv));
        }
    }
    None
}

/// A value as a document node pointing at the expression that wrote it.
fn field_doc(m: &Module<'_>, v: &View<'_>, f: &Field<'_>) -> Doc {
    value_doc(m, &f.value, Some((f.expr, v.file)), &f.origin)
}

fn key(text: &str, origin: &Origin) -> DocKey {
    DocKey {
        text: text.to_string(),
        origin: origin.clone(),
    }
}

/// The blocks of one type as document nodes, or an unknown node when `dynamic` blocks cannot be
/// expanded.
fn each_block(
    m: &Module<'_>,
    v: &View<'_>,
    name: &str,
    mut f: impl FnMut(&View<'_>) -> Option<(DocKey, Doc)>,
) -> Result<Vec<(DocKey, Doc)>, Doc> {
    match v.blocks(m, name) {
        Blocks::Known(views) => Ok(views.iter().filter_map(&mut f).collect()),
        Blocks::Unknown(why, origin) => Err(Doc::new(DocValue::Unknown(why), origin)),
    }
}

/// An `aws_iam_policy_document` data source as a policy document.
fn policy_document(m: &Module<'_>, dv: &View<'_>) -> Doc {
    let here = dv.origin();
    let mut entries = Vec::new();
    if let Some(f) = dv.attr(m, "version") {
        entries.push((key("Version", &f.origin), field_doc(m, dv, &f)));
    }
    // Documents merged in are not read. An override may replace any statement written here (by
    // `sid`), so the whole document is unknown; a source only adds statements, which stand for
    // one unknown statement. Empty lists and nulls merge nothing.
    let merges = |args: [&'static str; 2]| {
        args.into_iter().find_map(|a| {
            let f = dv.attr(m, a)?;
            let empty = match &f.value {
                Value::Null => true,
                Value::List(l) => l.is_empty(),
                Value::String(t) => t.trim().is_empty(),
                _ => false,
            };
            (!empty).then_some((a, f.origin))
        })
    };
    if let Some((arg, origin)) = merges(["override_policy_documents", "override_json"]) {
        return Doc::new(
            DocValue::Unknown(format!("the statements of `{arg}` are not read")),
            origin,
        );
    }
    let statements = match dv.blocks(m, "statement") {
        Blocks::Known(views) => {
            let mut items: Vec<Doc> = views.iter().map(|s| statement(m, s)).collect();
            if let Some((arg, origin)) = merges(["source_policy_documents", "source_json"]) {
                items.push(Doc::new(
                    DocValue::Unknown(format!("the statements of `{arg}` are not read")),
                    origin,
                ));
            }
            DocValue::List(items)
        }
        Blocks::Unknown(why, _) => DocValue::Unknown(why),
    };
    entries.push((key("Statement", &here), Doc::new(statements, here.clone())));
    Doc::new(DocValue::Map(entries), here)
}

fn statement(m: &Module<'_>, s: &View<'_>) -> Doc {
    let here = s.origin();
    let mut entries = Vec::new();
    if let Some(f) = s.attr(m, "sid") {
        entries.push((key("Sid", &f.origin), field_doc(m, s, &f)));
    }
    // The data source's `effect` defaults to `Allow`.
    match s.attr(m, "effect") {
        Some(f) => entries.push((key("Effect", &f.origin), field_doc(m, s, &f))),
        None => entries.push((
            key("Effect", &here),
            Doc::new(DocValue::Str("Allow".into()), here.clone()),
        )),
    }
    for (arg, element) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(f) = s.attr(m, arg) {
            entries.push((key(element, &f.origin), field_doc(m, s, &f)));
        }
    }
    for (block, element) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
        let principals = each_block(m, s, block, |p| {
            let ty = p.attr(m, "type");
            let ty_text = match ty.as_ref().map(|f| &f.value) {
                Some(Value::String(t)) => t.clone(),
                _ => "unknown".to_string(),
            };
            let ids = match p.attr(m, "identifiers") {
                Some(f) => field_doc(m, p, &f),
                None => Doc::new(DocValue::Null, p.origin()),
            };
            Some((key(&ty_text, &ty.map_or_else(|| p.origin(), |f| f.origin)), ids))
        });
        match principals {
            Ok(list) if list.is_empty() => {}
            Ok(list) => {
                let o = list[0].0.origin.clone();
                entries.push((key(element, &o), Doc::new(DocValue::Map(list), o)));
            }
            Err(unknown) => entries.push((key(element, &unknown.origin.clone()), unknown)),
        }
    }
    let conditions = each_block(m, s, "condition", |c| {
        let test = c.attr(m, "test");
        let (test_text, test_origin) = match test {
            Some(Field {
                value: Value::String(t),
                origin,
                ..
            }) => (t, origin),
            Some(f) => (placeholder(0), f.origin),
            None => (placeholder(0), c.origin()),
        };
        let (variable_text, variable_origin) = variable(m, c);
        let values = match c.attr(m, "values") {
            Some(f) => field_doc(m, c, &f),
            None => Doc::new(DocValue::Null, c.origin()),
        };
        let inner = Doc::new(
            DocValue::Map(vec![(key(&variable_text, &variable_origin), values)]),
            c.origin(),
        );
        Some((key(&test_text, &test_origin), inner))
    });
    match conditions {
        Ok(list) if list.is_empty() => {}
        Ok(list) => {
            let o = list[0].1.origin.clone();
            entries.push((key("Condition", &o), Doc::new(DocValue::Map(list), o)));
        }
        Err(unknown) => entries.push((key("Condition", &unknown.origin.clone()), unknown)),
    }
    Doc::new(DocValue::Map(entries), here)
}

/// A condition's `variable`: its text, or, when part of it is computed at apply time, the text
/// rendered with a placeholder for each unknown part.
fn variable(m: &Module<'_>, c: &View<'_>) -> (String, Origin) {
    let Some(f) = c.attr(m, "variable") else {
        return (placeholder(0), c.origin());
    };
    if let Value::String(s) = &f.value {
        return (s.clone(), f.origin);
    }
    if let Expression::StringTemplate(t) = f.expr {
        let mut ev = Eval::new(m, c.scope.clone());
        if let Ok((rendered, _)) = ev.render_lenient(t) {
            return (rendered, f.origin);
        }
    }
    (placeholder(0), f.origin)
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;
    use mamori_model::Resource;
    use std::path::Path;

    fn line<T>(a: &mamori_model::Attr<T>) -> u32 {
        a.origin.location().unwrap().span.start_line
    }

    fn roles(text: &str) -> Vec<mamori_model::iam::IamRole> {
        let f = SourceFile::new("main.tf", text);
        let out = super::super::load_module(Path::new("."), &[f], &[]);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        out.resources
            .into_iter()
            .filter_map(|r| match r {
                Resource::IamRole(r) => Some(r),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_trust_policy_from_a_data_source_with_its_lines() {
        let rs = roles(
            r#"resource "aws_iam_openid_connect_provider" "eks" {
  url = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.eks.arn]
    }
    condition {
      test     = "StringLike"
      variable = "${replace(aws_iam_openid_connect_provider.eks.url, "https://", "")}:sub"
      values   = ["system:serviceaccount:*"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
"#,
        );
        let p = rs[0].assume_role_policy.value().unwrap();
        let s = &p.statements.value().unwrap()[0];
        assert_eq!(s.allows(), Some(true));
        assert_eq!(line(&s.effect), 6);
        assert_eq!(s.covers_action("sts:AssumeRoleWithWebIdentity"), Some(true));
        let fed: Vec<_> = s.principals_of("Federated").collect();
        assert_eq!(fed[0].value.value().unwrap(), "aws_iam_openid_connect_provider.eks");
        assert_eq!(line(&fed[0].value), 10);
        let c = &s.conditions.value().unwrap()[0];
        assert_eq!(c.base_operator().as_deref(), Some("StringLike"));
        assert_eq!(c.key_ends_with(":sub"), Some(true));
        assert_eq!(line(&c.key), 14);
        assert_eq!(line(&c.values.value().unwrap()[0]), 15);
    }

    #[test]
    fn merged_documents() {
        let rs = roles(
            r#"variable "overrides" {
  type    = list(string)
  default = []
}

variable "more" {
  type = list(string)
}

data "aws_iam_policy_document" "empty_merges" {
  override_policy_documents = var.overrides
  source_policy_documents   = []
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "overridden" {
  override_policy_documents = var.more
  statement {
    actions = ["sts:AssumeRole"]
  }
}

data "aws_iam_policy_document" "sourced" {
  source_policy_documents = var.more
  statement {
    actions = ["sts:AssumeRole"]
  }
}

resource "aws_iam_role" "a" {
  name               = "a"
  assume_role_policy = data.aws_iam_policy_document.empty_merges.json
}

resource "aws_iam_role" "b" {
  name               = "b"
  assume_role_policy = data.aws_iam_policy_document.overridden.json
}

resource "aws_iam_role" "c" {
  name               = "c"
  assume_role_policy = data.aws_iam_policy_document.sourced.json
}
"#,
        );
        assert_eq!(
            rs[0]
                .assume_role_policy
                .value()
                .unwrap()
                .statements
                .value()
                .unwrap()
                .len(),
            1
        );
        assert!(rs[1].assume_role_policy.is_unknown());
        let c = rs[2].assume_role_policy.value().unwrap().statements.value().unwrap();
        assert_eq!(c.len(), 2);
        assert!(c[1].effect.is_unknown());
    }

    #[test]
    fn a_trust_policy_in_jsonencode_and_in_a_heredoc() {
        let rs = roles(
            r#"resource "aws_iam_role" "pods" {
  name = "pods"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

resource "aws_iam_role" "heredoc" {
  name_prefix        = "app-"
  assume_role_policy = <<EOF
{
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"},
      "Action": "sts:AssumeRoleWithWebIdentity"
    }
  ]
}
EOF
}
"#,
        );
        let s = &rs[0].assume_role_policy.value().unwrap().statements.value().unwrap()[0];
        assert_eq!(line(&s.effect), 6);
        let svc: Vec<_> = s.principals_of("Service").collect();
        assert_eq!(svc[0].value.value().unwrap(), "pods.eks.amazonaws.com");
        assert_eq!(line(&svc[0].value), 7);
        assert!(rs[1].name.is_unknown());
        let s = &rs[1].assume_role_policy.value().unwrap().statements.value().unwrap()[0];
        assert_eq!(line(&s.effect), 19);
        assert!(s.conditions.is_absent());
    }

    #[test]
    fn policies_of_a_role_from_every_resource_with_their_lines() {
        let f = SourceFile::new(
            "main.tf",
            r#"resource "aws_iam_role" "task" {
  name               = "task"
  assume_role_policy = "{}"
  inline_policy {
    name = "data"
    policy = jsonencode({
      Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }]
    })
  }
  managed_policy_arns  = ["arn:aws:iam::aws:policy/AdministratorAccess", aws_iam_policy.app.arn]
  permissions_boundary = "arn:aws:iam::123456789012:policy/boundary"
}

resource "aws_iam_policy" "app" {
  name_prefix = "app-"
  path        = "/team/"
  policy      = data.aws_iam_policy_document.app.json
}

data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "more" {
  name   = "more"
  role   = aws_iam_role.task.id
  policy = <<EOF
{"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}
EOF
}

resource "aws_iam_role_policy_attachment" "one" {
  role       = aws_iam_role.task.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}

resource "aws_iam_policy_attachment" "many" {
  name       = "many"
  roles      = [aws_iam_role.task.name, "other"]
  policy_arn = aws_iam_policy.app.arn
}
"#,
        );
        let out = super::super::load_module(Path::new("."), &[f], &[]);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let mut role = None;
        let mut policy = None;
        let mut role_policy = None;
        let mut attachments = Vec::new();
        for r in out.resources {
            match r {
                Resource::IamRole(r) => role = Some(r),
                Resource::IamPolicy(p) => policy = Some(p),
                Resource::IamRolePolicy(p) => role_policy = Some(p),
                Resource::IamRolePolicyAttachment(a) => attachments.push(a),
                _ => {}
            }
        }
        let role = role.unwrap();
        let inline = &role.inline_policies.value().unwrap()[0];
        assert_eq!(inline.name.value().unwrap(), "data");
        let st = &inline.document.value().unwrap().statements.value().unwrap()[0];
        assert_eq!(line(&st.effect), 7);
        let arns = role.managed_policy_arns.value().unwrap();
        assert_eq!(arns[0].value().unwrap(), "arn:aws:iam::aws:policy/AdministratorAccess");
        assert_eq!(arns[1].value().unwrap(), "aws_iam_policy.app");
        assert_eq!(line(&arns[1]), 10);
        assert_eq!(line(&role.permissions_boundary), 11);
        let policy = policy.unwrap();
        assert!(policy.name.is_unknown());
        assert_eq!(policy.path.value().unwrap(), "/team/");
        let st = &policy.document.value().unwrap().statements.value().unwrap()[0];
        assert_eq!(line(&st.actions), 22);
        let rp = role_policy.unwrap();
        assert_eq!(rp.roles.value().unwrap()[0].value().unwrap(), "aws_iam_role.task");
        let st = &rp.document.value().unwrap().statements.value().unwrap()[0];
        assert_eq!(line(&st.effect), 31);
        assert_eq!(attachments.len(), 2);
        assert_eq!(
            attachments[0].roles.value().unwrap()[0].value().unwrap(),
            "aws_iam_role.task"
        );
        assert_eq!(line(&attachments[0].policy_arn), 37);
        let many = attachments[1].roles.value().unwrap();
        assert_eq!(many.len(), 2);
        assert_eq!(many[1].value().unwrap(), "other");
        assert_eq!(attachments[1].policy_arn.value().unwrap(), "aws_iam_policy.app");
    }
}
