//! ECR resource blocks: `aws_ecr_repository`, `aws_ecr_repository_policy`,
//! `aws_ecr_lifecycle_policy`, `aws_ecr_registry_scanning_configuration`,
//! `aws_ecr_replication_configuration`, and `aws_inspector2_enabler` (whether Inspector scans
//! ECR images).
//!
//! A repository policy or lifecycle policy is a resource of its own that names its repository
//! (`repository = aws_ecr_repository.app.name`, a name, or a module output); the reference keeps
//! the repository's address, and rules find the policies of a repository in the inventory.

use super::body::{Field, View};
use super::container_definitions::{follow, json_argument};
use super::eval::Module;
use super::resources::{block_list, boolean, first_block, named_meta, reference, string, strings, tags};
use super::value::Value;
use crate::iam_policy;
use hcl_edit::expr::{Expression, TraversalOperator};
use mamori_model::ecr::{
    EcrLifecyclePolicy, EcrRegistryScanningConfiguration, EcrReplicationConfiguration, EcrRepository,
    EcrRepositoryPolicy, InspectorEnabler, KIND_ECR_LIFECYCLE_POLICY, KIND_ECR_REGISTRY_SCANNING_CONFIGURATION,
    KIND_ECR_REPLICATION_CONFIGURATION, KIND_ECR_REPOSITORY, KIND_ECR_REPOSITORY_POLICY, KIND_INSPECTOR_ENABLER,
    ReplicationDestination, ReplicationRule, RepositoryFilter, ScanningRule,
};
use mamori_model::{Attr, Resource, State};

/// The resource types read.
pub const TYPES: &[&str] = &[
    "aws_ecr_repository",
    "aws_ecr_repository_policy",
    "aws_ecr_lifecycle_policy",
    "aws_ecr_registry_scanning_configuration",
    "aws_ecr_replication_configuration",
    "aws_inspector2_enabler",
];

/// Maps one instance of an ECR (or Inspector enabler) block.
pub fn map(m: &Module<'_>, v: &View<'_>, rtype: &str, address: String, out: &mut Vec<Resource>) {
    match rtype {
        "aws_ecr_repository" => out.push(Resource::EcrRepository(repository(m, v, address))),
        "aws_ecr_repository_policy" => {
            let mut p = EcrRepositoryPolicy {
                meta: named_meta(m, v, KIND_ECR_REPOSITORY_POLICY, rtype, "repository", address),
                repository: reference(v.attr(m, "repository"), v),
                policy: Attr::absent(v.origin()),
            };
            if let Some(f) = v.attr(m, "policy") {
                let doc = match super::iam::data_document(m, v, &f, m.tree.files()) {
                    Some(d) => d,
                    None => json_argument(m, v, &f, "policy"),
                };
                p.policy = iam_policy::document(&doc);
            }
            out.push(Resource::EcrRepositoryPolicy(p));
        }
        "aws_ecr_lifecycle_policy" => out.push(Resource::EcrLifecyclePolicy(EcrLifecyclePolicy {
            meta: named_meta(m, v, KIND_ECR_LIFECYCLE_POLICY, rtype, "repository", address),
            repository: reference(v.attr(m, "repository"), v),
            policy_text: lifecycle_text(v.attr(m, "policy"), v),
        })),
        "aws_ecr_registry_scanning_configuration" => {
            out.push(Resource::EcrRegistryScanningConfiguration(scanning(m, v, address)))
        }
        "aws_ecr_replication_configuration" => {
            out.push(Resource::EcrReplicationConfiguration(replication(m, v, address)))
        }
        _ => enablers(m, v, address, out),
    }
}

/// Names each repository policy and lifecycle policy after the repository of the same
/// configuration its `repository` refers to (`aws_ecr_repository.app.name`), as the API names
/// them by `repositoryName`.
pub fn name_policies(out: &mut [Resource]) {
    let repos: Vec<(String, String)> = out
        .iter()
        .filter_map(|r| match r {
            Resource::EcrRepository(x) => x.name.value().map(|n| (x.meta.address.clone(), n.clone())),
            _ => None,
        })
        .collect();
    for r in out.iter_mut() {
        let (repository, meta) = match r {
            Resource::EcrRepositoryPolicy(p) => (&p.repository, &mut p.meta),
            Resource::EcrLifecyclePolicy(p) => (&p.repository, &mut p.meta),
            _ => continue,
        };
        if let Some(target) = repository.value()
            && let Some((_, name)) = repos.iter().find(|(a, _)| a == target)
        {
            meta.name = name.clone();
        }
    }
}

/// A lifecycle policy's text: set when written (whatever its content), unknown when unresolved.
fn lifecycle_text(f: Option<Field<'_>>, v: &View<'_>) -> Attr<String> {
    match f {
        None => Attr::absent(v.origin()),
        Some(f) => match &f.value {
            Value::Null => Attr::absent(f.origin),
            Value::String(s) => Attr::set(s.clone(), f.origin),
            val if val.is_known() => Attr::set(String::new(), f.origin),
            val => Attr::unknown(val.unknown_reason().unwrap_or_default(), f.origin),
        },
    }
}

fn repository(m: &Module<'_>, v: &View<'_>, address: String) -> EcrRepository {
    let mut r = EcrRepository::new(named_meta(
        m,
        v,
        KIND_ECR_REPOSITORY,
        "aws_ecr_repository",
        "name",
        address,
    ));
    r.name = string(v.attr(m, "name"), v);
    r.image_tag_mutability = string(v.attr(m, "image_tag_mutability"), v);
    r.tag_mutability_exclusion_filters = block_list(v.blocks(m, "image_tag_mutability_exclusion_filter"), v, |b| {
        string(b.attr(m, "filter"), b)
    });
    r.scan_on_push = match first_block(v.blocks(m, "image_scanning_configuration")) {
        Ok(Some(b)) => boolean(b.attr(m, "scan_on_push"), &b),
        Ok(None) => Attr::absent(v.origin()),
        Err(a) => a,
    };
    match first_block(v.blocks(m, "encryption_configuration")) {
        Ok(Some(b)) => {
            r.encryption_type = string(b.attr(m, "encryption_type"), &b);
            r.kms_key = reference(b.attr(m, "kms_key"), &b);
        }
        Ok(None) => {}
        Err(a) => {
            let a: Attr<String> = a;
            r.kms_key = a.clone();
            r.encryption_type = a;
        }
    }
    r.tags = tags(v.attr(m, "tags"), v);
    r
}

fn filters(m: &Module<'_>, v: &View<'_>) -> Attr<Vec<RepositoryFilter>> {
    block_list(v.blocks(m, "repository_filter"), v, |f| RepositoryFilter {
        origin: f.origin(),
        filter: string(f.attr(m, "filter"), f),
        filter_type: string(f.attr(m, "filter_type"), f),
    })
}

fn scanning(m: &Module<'_>, v: &View<'_>, address: String) -> EcrRegistryScanningConfiguration {
    EcrRegistryScanningConfiguration {
        meta: named_meta(
            m,
            v,
            KIND_ECR_REGISTRY_SCANNING_CONFIGURATION,
            "aws_ecr_registry_scanning_configuration",
            "",
            address,
        ),
        registry_id: Attr::absent(v.origin()),
        scan_type: string(v.attr(m, "scan_type"), v),
        rules: block_list(v.blocks(m, "rule"), v, |r| ScanningRule {
            origin: r.origin(),
            scan_frequency: string(r.attr(m, "scan_frequency"), r),
            repository_filters: filters(m, r),
        }),
    }
}

fn replication(m: &Module<'_>, v: &View<'_>, address: String) -> EcrReplicationConfiguration {
    let rules = match first_block(v.blocks(m, "replication_configuration")) {
        Ok(Some(c)) => block_list(c.blocks(m, "rule"), &c, |r| ReplicationRule {
            origin: r.origin(),
            destinations: block_list(r.blocks(m, "destination"), r, |d| {
                let field = d.attr(m, "registry_id");
                let own_account = field.as_ref().is_some_and(|f| caller_account(m, d, f));
                ReplicationDestination {
                    origin: d.origin(),
                    region: string(d.attr(m, "region"), d),
                    registry_id: string(field, d),
                    own_account,
                }
            }),
            repository_filters: filters(m, r),
        }),
        Ok(None) => Attr::absent(v.origin()),
        Err(a) => a,
    };
    EcrReplicationConfiguration {
        meta: named_meta(
            m,
            v,
            KIND_ECR_REPLICATION_CONFIGURATION,
            "aws_ecr_replication_configuration",
            "",
            address,
        ),
        registry_id: Attr::absent(v.origin()),
        rules,
    }
}

/// Whether an argument is the deploying account: `data.aws_caller_identity.<name>.account_id`,
/// directly or through a local.
fn caller_account(m: &Module<'_>, v: &View<'_>, f: &Field<'_>) -> bool {
    if let Value::Computed { address, attr } = &f.value
        && address.starts_with("data.aws_caller_identity.")
        && attr == "account_id"
    {
        return true;
    }
    let (expr, _) = follow(m, f.expr, v.file);
    let Expression::Traversal(t) = expr else {
        return false;
    };
    let Expression::Variable(root) = &t.expr else {
        return false;
    };
    let names: Vec<String> = t
        .operators
        .iter()
        .filter_map(|o| match o.value() {
            TraversalOperator::GetAttr(a) => Some(a.as_str().to_string()),
            _ => None,
        })
        .collect();
    root.as_str() == "data"
        && names.first().is_some_and(|n| n == "aws_caller_identity")
        && names.last().is_some_and(|n| n == "account_id")
}

/// `aws_inspector2_enabler`: one enabler per account it lists (one with an unknown account when
/// the list is unknown).
fn enablers(m: &Module<'_>, v: &View<'_>, address: String, out: &mut Vec<Resource>) {
    let types = strings(v.attr(m, "resource_types"), v);
    let ecr_enabled = match &types.state {
        State::Set(list) | State::Default(list) => {
            if list
                .iter()
                .any(|t| t.value().is_some_and(|t| t.eq_ignore_ascii_case("ECR")))
            {
                Attr::set(true, types.origin.clone())
            } else if let Some(u) = list.iter().find(|t| t.is_unknown()) {
                Attr::unknown(u.unknown_reason().unwrap_or_default().to_string(), u.origin.clone())
            } else {
                Attr::set(false, types.origin.clone())
            }
        }
        State::Absent => Attr::absent(types.origin.clone()),
        State::Unknown(r) => Attr::unknown(r.clone(), types.origin.clone()),
    };
    let accounts = strings(v.attr(m, "account_ids"), v);
    let ids: Vec<Attr<String>> = match accounts.state {
        State::Set(list) if !list.is_empty() => list,
        State::Unknown(r) => vec![Attr::unknown(r, accounts.origin)],
        _ => vec![Attr::absent(accounts.origin)],
    };
    let many = ids.len() > 1;
    for id in ids {
        let mut meta = named_meta(
            m,
            v,
            KIND_INSPECTOR_ENABLER,
            "aws_inspector2_enabler",
            "",
            address.clone(),
        );
        if let Some(a) = id.value() {
            meta.name = a.clone();
            if many {
                meta.address = format!("{address}[{a}]");
            }
        }
        let mut e = InspectorEnabler::new(meta);
        e.account_id = id;
        e.ecr_enabled = ecr_enabled.clone();
        out.push(Resource::InspectorEnabler(e));
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;
    use mamori_model::Resource;
    use std::path::Path;

    fn line<T>(a: &mamori_model::Attr<T>) -> u32 {
        a.origin.location().unwrap().span.start_line
    }

    #[test]
    fn ecr_blocks_with_their_lines() {
        let text = r#"data "aws_caller_identity" "current" {}

resource "aws_ecr_repository" "app" {
  name                 = "myapp"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy     = jsonencode({ rules = [] })
}

resource "aws_ecr_repository_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    Statement = [{
      Sid       = "Public"
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:BatchGetImage"]
    }]
  })
}

resource "aws_ecr_replication_configuration" "this" {
  replication_configuration {
    rule {
      destination {
        region      = "eu-west-1"
        registry_id = data.aws_caller_identity.current.account_id
      }
      destination {
        region      = "us-east-1"
        registry_id = "999888777666"
      }
    }
  }
}

resource "aws_inspector2_enabler" "this" {
  account_ids    = ["123456789012"]
  resource_types = ["EC2"]
}
"#;
        let f = SourceFile::new("main.tf", text);
        let out = super::super::load_module(Path::new("."), &[f], &[]);
        let Resource::EcrRepository(r) = &out.resources[0] else {
            panic!("{:?}", out.resources)
        };
        assert_eq!(r.name.value().unwrap(), "myapp");
        assert_eq!(r.scan_on_push.value(), Some(&true));
        assert_eq!(r.kms_key.value().unwrap(), "aws_kms_key.ecr");
        assert_eq!(line(&r.kms_key), 11);
        let Resource::EcrLifecyclePolicy(l) = &out.resources[1] else {
            panic!()
        };
        assert_eq!(l.repository.value().unwrap(), "aws_ecr_repository.app");
        assert_eq!(l.meta.name, "myapp", "named after its repository");
        assert!(l.policy_text.value().is_some());
        let Resource::EcrRepositoryPolicy(p) = &out.resources[2] else {
            panic!()
        };
        let s = &p.policy.value().unwrap().statements.value().unwrap()[0];
        assert_eq!(s.label(0), "Public");
        assert_eq!(line(&s.effect), 25);
        let Resource::EcrReplicationConfiguration(c) = &out.resources[3] else {
            panic!()
        };
        let d = c.rules.value().unwrap()[0].destinations.value().unwrap();
        assert!(d[0].own_account);
        assert!(!d[1].own_account);
        assert_eq!(d[1].registry_id.value().unwrap(), "999888777666");
        let Resource::InspectorEnabler(e) = &out.resources[4] else {
            panic!()
        };
        assert_eq!(e.ecr_enabled.value(), Some(&false));
        assert_eq!(e.account_id.value().unwrap(), "123456789012");
    }
}
