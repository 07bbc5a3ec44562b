//! Secrets Manager API JSON: what `aws secretsmanager describe-secret` prints (`ARN`, `Name`,
//! `KmsKeyId`) and the `SecretList[]` of `aws secretsmanager list-secrets`. Secret values are
//! never read: `get-secret-value` output is not recognised.
//!
//! Recognised by content: an object whose `ARN` is a Secrets Manager secret ARN.

use crate::AdapterOutput;
use crate::api_json::{found, meta};
use crate::source::SourceFile;
use crate::tree::{Node, str_attr};
use mamori_model::Resource;
use mamori_model::secretsmanager::{KIND_SECRETS_MANAGER_SECRET, SecretsManagerSecret};

/// Whether the text may be Secrets Manager API output: worth parsing.
pub fn sniff(text: &str) -> bool {
    text.contains(":secretsmanager:") && text.contains("\"ARN\"")
}

fn is_secret(n: &Node) -> bool {
    n.get("ARN")
        .and_then(Node::as_str)
        .is_some_and(|a| a.starts_with("arn:") && a.contains(":secretsmanager:") && a.contains(":secret:"))
        // A secret value is never taken for a secret's description.
        && n.get("SecretString").is_none()
        && n.get("SecretBinary").is_none()
}

/// Reads a Secrets Manager API document; `None` when the document is not one.
pub fn adapt(file: &SourceFile, doc: &Node) -> Option<AdapterOutput> {
    let mut out = AdapterOutput::default();
    let (items, command): (Vec<&Node>, &str) = match doc.get("SecretList").and_then(Node::as_seq) {
        Some(list) => (list.iter().collect(), "list-secrets"),
        None => (vec![doc], "describe-secret"),
    };
    for n in items.into_iter().filter(|n| is_secret(n)) {
        let name = str_attr(file, n.get("Name"), n.span);
        let mut s = SecretsManagerSecret::new(meta(file, n, KIND_SECRETS_MANAGER_SECRET, command, &name, "ARN"));
        s.name = name;
        s.arn = str_attr(file, n.get("ARN"), n.span);
        s.kms_key_id = str_attr(file, n.get("KmsKeyId"), n.span);
        out.resources.push(Resource::SecretsManagerSecret(s));
    }
    found(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_secret_and_list_secrets() {
        let read = |text: &str| crate::api_json::read("s.json", text, adapt);

        let rs = read(
            r#"{"ARN": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/db-AbCdEf", "Name": "prod/db",
"KmsKeyId": "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}"#,
        );
        let Resource::SecretsManagerSecret(s) = &rs[0] else {
            panic!()
        };
        assert_eq!(s.meta.source_type, "describe-secret");
        assert_eq!(s.kms_key_id.origin.location().unwrap().span.start_line, 2);
        let rs = read(
            r#"{"SecretList": [{"ARN": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:a-AbCdEf", "Name": "a"}]}"#,
        );
        let Resource::SecretsManagerSecret(s) = &rs[0] else {
            panic!()
        };
        assert!(s.kms_key_id.is_absent());
        assert!(
            read(
                r#"{"ARN": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:a-AbCdEf", "SecretString": "x"}"#
            )
            .is_empty()
        );
    }
}
