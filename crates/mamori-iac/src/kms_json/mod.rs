//! KMS API JSON: what `aws kms describe-key` prints (`{"KeyMetadata": {…}}`, or the bare
//! `KeyMetadata` a `--query` prints), joined by key id with what `aws kms
//! get-key-rotation-status` prints (`{"KeyRotationEnabled": …, "KeyId": …,
//! "RotationPeriodInDays": …}`).
//!
//! The two calls print two documents; a file holds them together either as a JSON list of
//! both (`jq -s . describe.json rotation.json`) or merged into one object (`jq -s add …`). A
//! rotation status without `KeyId` (older CLI output) belongs to the file's only key.

use crate::AdapterOutput;
use crate::api_json::{items, meta};
use crate::source::SourceFile;
use crate::tree::{Node, bool_attr, int_attr, str_attr};
use mamori_model::kms::{KIND_KMS_KEY, KmsKey};
use mamori_model::{Attr, Resource};

/// Whether the text may be KMS API output: worth parsing.
pub fn sniff(text: &str) -> bool {
    text.contains("KeyMetadata") || text.contains("KeyRotationEnabled")
}

/// Whether the text surely is KMS API output, so that a parse failure is an error.
pub fn strong_sniff(text: &str) -> bool {
    text.contains("KeyMetadata") && text.contains(":kms:")
}

/// The rotation status read for a key when the file holds none.
pub const NO_ROTATION_STATUS: &str =
    "automatic rotation is not in `describe-key` output: add the key's `get-key-rotation-status` output to the file";

/// A bare `KeyMetadata` object.
fn is_key_metadata(n: &Node) -> bool {
    n.get("KeyId").is_some() && (n.get("KeyManager").is_some() || n.get("KeyUsage").is_some())
}

fn key_metadata(n: &Node) -> Option<&Node> {
    match n.get("KeyMetadata") {
        Some(k) if k.is_map() => Some(k),
        _ if is_key_metadata(n) => Some(n),
        _ => None,
    }
}

/// Reads a KMS API document; `None` when it is not one.
pub fn adapt(file: &SourceFile, doc: &Node) -> Option<AdapterOutput> {
    let items = items(doc);
    let mut keys: Vec<(KmsKey, Option<String>, Option<String>)> = Vec::new();
    let mut statuses: Vec<&Node> = Vec::new();
    for i in &items {
        if let Some(k) = key_metadata(i) {
            let id = k.get("KeyId").and_then(Node::as_str).map(str::to_string);
            let arn = k.get("Arn").and_then(Node::as_str).map(str::to_string);
            keys.push((key(file, k), id, arn));
        }
        if i.get("KeyRotationEnabled").is_some() {
            statuses.push(i);
        }
    }
    if keys.is_empty() && statuses.is_empty() {
        return None;
    }
    let only = keys.len() == 1;
    let joins = |s: &Node, id: &Option<String>, arn: &Option<String>| match s.get("KeyId").and_then(Node::as_str) {
        Some(sid) => Some(sid) == id.as_deref() || Some(sid) == arn.as_deref(),
        None => only,
    };
    let mut diagnostics = Vec::new();
    for s in &statuses {
        if keys.iter().any(|(_, id, arn)| joins(s, id, arn)) {
            continue;
        }
        let key = s.get("KeyId").and_then(Node::as_str).unwrap_or("(no KeyId)");
        let (line, col) = match file.origin_of(s.span).location() {
            Some(l) => (l.span.start_line, l.span.start_col),
            None => (0, 0),
        };
        diagnostics.push(crate::Diagnostic::note(
            file.path.clone(),
            line,
            col,
            format!(
                "the `get-key-rotation-status` output for key {key} has no `describe-key` output beside it in this file, so it is not read: put both in one file"
            ),
        ));
    }
    for (k, id, arn) in &mut keys {
        let status = statuses.iter().find(|s| joins(s, id, arn));
        match status {
            Some(s) => {
                k.rotation_enabled = bool_attr(file, s.get("KeyRotationEnabled"), s.span);
                k.rotation_period_days = int_attr(file, s.get("RotationPeriodInDays"), s.span);
                k.meta.source_type = "describe-key, get-key-rotation-status".into();
            }
            None => k.rotation_enabled = Attr::unknown(NO_ROTATION_STATUS, k.meta.origin.clone()),
        }
    }
    Some(AdapterOutput {
        resources: keys.into_iter().map(|(k, ..)| Resource::KmsKey(k)).collect(),
        diagnostics,
        ..Default::default()
    })
}

fn key(file: &SourceFile, n: &Node) -> KmsKey {
    let id = str_attr(file, n.get("KeyId"), n.span);
    let mut k = KmsKey::new(meta(file, n, KIND_KMS_KEY, "describe-key", &id, "Arn"));
    k.key_id = id;
    k.description = str_attr(file, n.get("Description"), n.span);
    k.key_spec = match n.get("KeySpec") {
        Some(s) => str_attr(file, Some(s), n.span),
        None => str_attr(file, n.get("CustomerMasterKeySpec"), n.span),
    };
    k.key_usage = str_attr(file, n.get("KeyUsage"), n.span);
    k.multi_region = bool_attr(file, n.get("MultiRegion"), n.span);
    k.key_manager = str_attr(file, n.get("KeyManager"), n.span);
    k.key_origin = str_attr(file, n.get("Origin"), n.span);
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::parse_json;
    use mamori_model::State;

    fn read(text: &str) -> Vec<KmsKey> {
        crate::api_json::read_as("k.json", text, adapt, |r| match r {
            Resource::KmsKey(x) => Some(x),
            _ => None,
        })
    }

    fn line<T>(a: &Attr<T>) -> u32 {
        a.origin.location().unwrap().span.start_line
    }

    #[test]
    fn rotation_status_joins_its_key_by_id_or_arn() {
        let ks = read(
            r#"[
  {"KeyMetadata": {"KeyId": "a", "Arn": "arn:aws:kms:eu-west-1:1:key/a", "KeyManager": "CUSTOMER",
                   "KeyUsage": "ENCRYPT_DECRYPT", "KeySpec": "SYMMETRIC_DEFAULT", "Origin": "AWS_KMS"}},
  {"KeyMetadata": {"KeyId": "b", "Arn": "arn:aws:kms:eu-west-1:1:key/b", "KeyManager": "CUSTOMER",
                   "KeyUsage": "ENCRYPT_DECRYPT", "CustomerMasterKeySpec": "RSA_2048"}},
  {"KeyRotationEnabled": true, "RotationPeriodInDays": 180,
   "KeyId": "arn:aws:kms:eu-west-1:1:key/a"}
]"#,
        );
        assert_eq!(ks.len(), 2);
        assert_eq!(ks[0].rotation_enabled.value(), Some(&true));
        assert_eq!(line(&ks[0].rotation_enabled), 6);
        assert_eq!(ks[0].rotation_period_days.value(), Some(&180));
        assert_eq!(ks[0].meta.address, "arn:aws:kms:eu-west-1:1:key/a");
        // No status for key b: unknown, never false.
        assert!(matches!(&ks[1].rotation_enabled.state, State::Unknown(r) if r == NO_ROTATION_STATUS));
        // The older member names the spec when KeySpec is missing.
        assert_eq!(ks[1].key_spec.value().map(String::as_str), Some("RSA_2048"));
    }

    #[test]
    fn a_status_without_key_id_belongs_to_the_only_key_and_a_merged_object_reads_too() {
        let ks = read(
            r#"[{"KeyMetadata": {"KeyId": "a", "KeyManager": "AWS", "KeyUsage": "ENCRYPT_DECRYPT"}},
               {"KeyRotationEnabled": false}]"#,
        );
        assert_eq!(ks[0].rotation_enabled.value(), Some(&false));
        assert_eq!(ks[0].key_manager.value().map(String::as_str), Some("AWS"));
        let ks = read(r#"{"KeyMetadata": {"KeyId": "a", "KeyManager": "CUSTOMER"}, "KeyRotationEnabled": true}"#);
        assert_eq!(ks[0].rotation_enabled.value(), Some(&true));
        // A rotation status alone declares no key; the reader says why it is not read.
        assert!(read(r#"{"KeyRotationEnabled": true, "KeyId": "a"}"#).is_empty());
        let f = SourceFile::new("r.json", r#"{"KeyRotationEnabled": true, "KeyId": "a"}"#);
        let out = adapt(&f, &parse_json(&f).unwrap().unwrap()).unwrap();
        assert!(
            out.diagnostics[0]
                .message
                .contains("key a has no `describe-key` output")
        );
    }
}
