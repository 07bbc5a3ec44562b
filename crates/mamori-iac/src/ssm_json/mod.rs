//! Systems Manager API JSON: the `Parameters[]` that `aws ssm describe-parameters` prints
//! (`Name`, `Type`, `KeyId`, `ARN`). Parameter values are never read: `get-parameter(s)` output,
//! whose items carry a `Value`, is not recognised.

use crate::AdapterOutput;
use crate::api_json::{found, meta};
use crate::source::SourceFile;
use crate::tree::{Node, str_attr};
use mamori_model::Resource;
use mamori_model::ssm::{KIND_SSM_PARAMETER, SsmParameter};

/// Whether the text may be Parameter Store API output: worth parsing.
pub fn sniff(text: &str) -> bool {
    text.contains("\"Parameters\"") && text.contains("SecureString")
}

/// Reads a `describe-parameters` document; `None` when the document is not one.
pub fn adapt(file: &SourceFile, doc: &Node) -> Option<AdapterOutput> {
    let items = doc.get("Parameters")?.as_seq()?;
    let mut out = AdapterOutput::default();
    for n in items {
        if n.get("Name").and_then(Node::as_str).is_none() || n.get("Type").is_none() || n.get("Value").is_some() {
            continue;
        }
        let name = str_attr(file, n.get("Name"), n.span);
        let mut p = SsmParameter::new(meta(file, n, KIND_SSM_PARAMETER, "describe-parameters", &name, "ARN"));
        p.name = name;
        p.parameter_type = str_attr(file, n.get("Type"), n.span);
        p.key_id = str_attr(file, n.get("KeyId"), n.span);
        out.resources.push(Resource::SsmParameter(p));
    }
    found(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_parameters_without_values() {
        let read = |text: &str| crate::api_json::read("p.json", text, adapt);

        let rs = read(
            r#"{"Parameters": [{"Name": "/orders/db", "ARN": "arn:aws:ssm:ap-northeast-1:123456789012:parameter/orders/db",
"Type": "SecureString", "KeyId": "alias/orders"}]}"#,
        );
        let Resource::SsmParameter(p) = &rs[0] else { panic!() };
        assert_eq!(p.key_id.value().unwrap(), "alias/orders");
        assert_eq!(p.key_id.origin.location().unwrap().span.start_line, 2);
        assert!(read(r#"{"Parameters": [{"Name": "/a", "Type": "SecureString", "Value": "x"}]}"#).is_empty());
    }
}
