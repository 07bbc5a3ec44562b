//! Where a live resource came from: the CloudFormation stack and logical id its tags name
//! (`aws:cloudformation:stack-name`, `aws:cloudformation:logical-id`), and the Terraform address
//! a state file (`--tf-state`) gives its ARN.

use mamori_model::Resource;
use mamori_model::resource::Tag;
use mamori_model::{Attr, FindingResource};
use serde_json::Value;
use std::collections::HashMap;

/// The source a live resource links back to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Link {
    pub stack_name: Option<String>,
    pub logical_id: Option<String>,
    pub terraform_address: Option<String>,
}

/// Terraform addresses by ARN, from a state file (format version 4: `terraform show -json` is
/// not it; `terraform state pull` and `terraform.tfstate` are). Managed resources only.
pub fn terraform_state(text: &str) -> Result<HashMap<String, String>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let version = v.get("version").and_then(Value::as_u64);
    if version != Some(4) {
        return Err(format!(
            "not a Terraform state of format version 4 (version {})",
            version.map_or_else(|| "missing".to_string(), |n| n.to_string())
        ));
    }
    let mut out = HashMap::new();
    for r in v.get("resources").and_then(Value::as_array).into_iter().flatten() {
        if r.get("mode").and_then(Value::as_str) != Some("managed") {
            continue;
        }
        let (Some(ty), Some(name)) = (
            r.get("type").and_then(Value::as_str),
            r.get("name").and_then(Value::as_str),
        ) else {
            continue;
        };
        let module = r.get("module").and_then(Value::as_str);
        for i in r.get("instances").and_then(Value::as_array).into_iter().flatten() {
            let attrs = i.get("attributes");
            let arn = ["arn", "id"]
                .iter()
                .filter_map(|k| attrs.and_then(|a| a.get(*k)).and_then(Value::as_str))
                .find(|s| s.starts_with("arn:"));
            let Some(arn) = arn else { continue };
            let mut address = String::new();
            if let Some(m) = module {
                address.push_str(m);
                address.push('.');
            }
            address.push_str(&format!("{ty}.{name}"));
            match i.get("index_key") {
                Some(Value::Number(n)) => address.push_str(&format!("[{n}]")),
                Some(Value::String(s)) => address.push_str(&format!("[{}]", Value::String(s.clone()))),
                _ => {}
            }
            out.insert(arn.to_string(), address);
        }
    }
    Ok(out)
}

fn tags(r: &Resource) -> Option<&Attr<Vec<Tag>>> {
    Some(match r {
        Resource::EcsCluster(x) => &x.tags,
        Resource::EcsService(x) => &x.tags,
        Resource::EcsTaskSet(x) => &x.tags,
        Resource::EcsTaskDefinition(x) => &x.tags,
        Resource::EcsCapacityProvider(x) => &x.tags,
        Resource::EksCluster(x) => &x.tags,
        Resource::EksNodegroup(x) => &x.tags,
        Resource::EksAccessEntry(x) => &x.tags,
        Resource::EksPodIdentityAssociation(x) => &x.tags,
        _ => return None,
    })
}

/// The links of every resource that has one, by address.
pub fn links(resources: &[Resource], state: &HashMap<String, String>) -> HashMap<String, Link> {
    let mut out = HashMap::new();
    for r in resources {
        let mut link = Link::default();
        if let Some(list) = tags(r).and_then(Attr::value) {
            for t in list {
                let (Some(k), Some(v)) = (t.key.value(), t.value.value()) else {
                    continue;
                };
                match k.as_str() {
                    "aws:cloudformation:stack-name" => link.stack_name = Some(v.clone()),
                    "aws:cloudformation:logical-id" => link.logical_id = Some(v.clone()),
                    _ => {}
                }
            }
        }
        link.terraform_address = state.get(&r.meta().address).cloned();
        if link != Link::default() {
            out.insert(r.meta().address.clone(), link);
        }
    }
    out
}

/// Writes a resource's link into a finding's resource.
pub fn annotate(fr: &mut FindingResource, links: &HashMap<String, Link>) {
    if let Some(l) = links.get(&fr.address) {
        fr.cloudformation_stack = l.stack_name.clone();
        fr.cloudformation_logical_id = l.logical_id.clone();
        fr.terraform_address = l.terraform_address.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_addresses_with_modules_and_indexes() {
        let state = r#"{"version": 4, "resources": [
          {"mode": "managed", "type": "aws_ecs_cluster", "name": "main", "instances": [
            {"attributes": {"arn": "arn:aws:ecs:us-east-1:1:cluster/main", "id": "arn:aws:ecs:us-east-1:1:cluster/main"}}]},
          {"module": "module.svc[\"api\"]", "mode": "managed", "type": "aws_ecs_service", "name": "this", "instances": [
            {"index_key": 0, "attributes": {"id": "arn:aws:ecs:us-east-1:1:service/main/api"}}]},
          {"mode": "managed", "type": "aws_iam_role", "name": "r", "instances": [
            {"index_key": "a", "attributes": {"arn": "arn:aws:iam::1:role/a"}}]},
          {"mode": "data", "type": "aws_iam_role", "name": "d", "instances": [
            {"attributes": {"arn": "arn:aws:iam::1:role/d"}}]}]}"#;
        let m = terraform_state(state).unwrap();
        assert_eq!(m["arn:aws:ecs:us-east-1:1:cluster/main"], "aws_ecs_cluster.main");
        assert_eq!(
            m["arn:aws:ecs:us-east-1:1:service/main/api"],
            "module.svc[\"api\"].aws_ecs_service.this[0]"
        );
        assert_eq!(m["arn:aws:iam::1:role/a"], "aws_iam_role.r[\"a\"]");
        assert!(!m.contains_key("arn:aws:iam::1:role/d"));
        assert!(terraform_state(r#"{"version": 3}"#).unwrap_err().contains("version 3"));
    }
}
