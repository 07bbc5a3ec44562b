//! AWS Secrets Manager secrets: what the ECS rules need to know of the secrets a task definition
//! reads (`secrets[].valueFrom`) — which KMS key encrypts them.

use crate::attr::Attr;
use crate::resource::ResourceMeta;

pub const KIND_SECRETS_MANAGER_SECRET: &str = "AWS::SecretsManager::Secret";

/// The key Secrets Manager uses when none is named.
pub const AWS_MANAGED_KEY_ALIAS: &str = "alias/aws/secretsmanager";

/// A Secrets Manager secret (Terraform `aws_secretsmanager_secret`, CloudFormation
/// `AWS::SecretsManager::Secret`, `aws secretsmanager describe-secret` / `list-secrets` output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretsManagerSecret {
    pub meta: ResourceMeta,
    /// `Name`; unknown when generated.
    pub name: Attr<String>,
    /// `ARN`, when the source gives it (API output).
    pub arn: Attr<String>,
    /// `KmsKeyId`: a key ARN, key id, alias name or alias ARN, or a reference to a key of the
    /// scan; absent when the secret uses the AWS managed key `aws/secretsmanager`.
    pub kms_key_id: Attr<String>,
}

impl SecretsManagerSecret {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        SecretsManagerSecret {
            meta,
            name: Attr::absent(o.clone()),
            arn: Attr::absent(o.clone()),
            kms_key_id: Attr::absent(o),
        }
    }

    /// Whether a secret ARN as ECS takes it in `valueFrom` names this secret: the full ARN
    /// (`…:secret:db-AbCdEf`, the name and six random characters) or a partial one (`…:secret:db`),
    /// either optionally followed by `:json-key:version-stage:version-id`.
    pub fn named_by_arn(&self, arn: &str) -> bool {
        let Some((_, after)) = arn.split_once(":secret:") else {
            return false;
        };
        if let Some(own) = self.arn.value()
            && let Some((_, own_after)) = own.split_once(":secret:")
        {
            return after == own_after || after.starts_with(&format!("{own_after}:"));
        }
        let Some(name) = self.name.value() else {
            return false;
        };
        // A name may hold `:`? No: secret names allow `/_+=.@-` only, so the first `:` ends it.
        let id = after.split(':').next().unwrap_or("");
        id == name || (id.len() == name.len() + 7 && id.starts_with(name.as_str()) && id.as_bytes()[name.len()] == b'-')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Origin;

    #[test]
    fn secrets_are_named_by_full_and_partial_arns() {
        let meta = ResourceMeta {
            kind: KIND_SECRETS_MANAGER_SECRET,
            source: crate::SourceKind::Terraform,
            source_type: "aws_secretsmanager_secret".into(),
            name: "db".into(),
            address: "aws_secretsmanager_secret.db".into(),
            origin: Origin::Synthetic,
            ignores: Vec::new(),
            scope: None,
            plan: None,
        };
        let mut s = SecretsManagerSecret::new(meta);
        s.name = Attr::set("prod/db".into(), Origin::Synthetic);
        let base = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:";
        assert!(s.named_by_arn(&format!("{base}prod/db-AbCdEf")));
        assert!(s.named_by_arn(&format!("{base}prod/db-AbCdEf:password::")));
        assert!(s.named_by_arn(&format!("{base}prod/db")));
        assert!(!s.named_by_arn(&format!("{base}prod/db2-AbCdEf")));
        assert!(!s.named_by_arn(&format!("{base}prod/dbx")));
        s.arn = Attr::set(format!("{base}prod/db-AbCdEf"), Origin::Synthetic);
        assert!(s.named_by_arn(&format!("{base}prod/db-AbCdEf:password:AWSCURRENT:")));
        assert!(!s.named_by_arn(&format!("{base}prod/db-XyZxYz")));
    }
}
