//! Systems Manager Parameter Store parameters: what the ECS rules need to know of the parameters
//! a task definition reads (`secrets[].valueFrom`) — their type and the KMS key of a
//! `SecureString`.

use crate::attr::Attr;
use crate::resource::ResourceMeta;

pub const KIND_SSM_PARAMETER: &str = "AWS::SSM::Parameter";

/// The key Parameter Store uses for a `SecureString` when none is named.
pub const AWS_MANAGED_KEY_ALIAS: &str = "alias/aws/ssm";

/// A Parameter Store parameter (Terraform `aws_ssm_parameter`, CloudFormation
/// `AWS::SSM::Parameter`, `aws ssm describe-parameters` output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsmParameter {
    pub meta: ResourceMeta,
    /// `Name`, such as `/orders/db-password`.
    pub name: Attr<String>,
    /// `Type`: `String`, `StringList` or `SecureString`.
    pub parameter_type: Attr<String>,
    /// `KeyId` of a `SecureString`; absent when it uses the AWS managed key `aws/ssm`.
    pub key_id: Attr<String>,
}

impl SsmParameter {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        SsmParameter {
            meta,
            name: Attr::absent(o.clone()),
            parameter_type: Attr::absent(o.clone()),
            key_id: Attr::absent(o),
        }
    }

    /// Whether a `valueFrom` names this parameter: its name, or its ARN
    /// (`arn:aws:ssm:<region>:<account>:parameter/orders/db`, the leading `/` of the name dropped).
    pub fn named_by(&self, reference: &str) -> bool {
        let Some(name) = self.name.value() else {
            return false;
        };
        let name = name.trim_start_matches('/');
        match reference.split_once(":parameter/") {
            Some((head, rest)) if head.starts_with("arn:") => rest.trim_start_matches('/') == name,
            _ => reference.trim_start_matches('/') == name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Origin;

    #[test]
    fn parameters_are_named_by_name_or_arn() {
        let meta = ResourceMeta {
            kind: KIND_SSM_PARAMETER,
            source: crate::SourceKind::Terraform,
            source_type: "aws_ssm_parameter".into(),
            name: "db".into(),
            address: "aws_ssm_parameter.db".into(),
            origin: Origin::Synthetic,
            ignores: Vec::new(),
            scope: None,
            plan: None,
        };
        let mut p = SsmParameter::new(meta);
        p.name = Attr::set("/orders/db".into(), Origin::Synthetic);
        assert!(p.named_by("/orders/db"));
        assert!(p.named_by("arn:aws:ssm:ap-northeast-1:123456789012:parameter/orders/db"));
        assert!(!p.named_by("arn:aws:ssm:ap-northeast-1:123456789012:parameter/orders/db2"));
        assert!(!p.named_by("aws_ssm_parameter.other"));
    }
}
