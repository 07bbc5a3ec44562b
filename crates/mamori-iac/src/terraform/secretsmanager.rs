//! The secrets a task definition may read: `aws_secretsmanager_secret` (its name and the KMS key
//! that encrypts it, `kms_key_id`) and `aws_ssm_parameter` (its `type` and `key_id`). A reference
//! to an `aws_kms_key` keeps the key's address.

use super::body::View;
use super::eval::Module;
use super::resources::{generated, reference, string, terraform_meta};
use mamori_model::Resource;
use mamori_model::secretsmanager::{KIND_SECRETS_MANAGER_SECRET, SecretsManagerSecret};
use mamori_model::ssm::{KIND_SSM_PARAMETER, SsmParameter};

pub const TYPES: &[&str] = &["aws_secretsmanager_secret", "aws_ssm_parameter"];

pub fn map(m: &Module<'_>, v: &View<'_>, rtype: &str, address: String) -> Resource {
    if rtype == "aws_ssm_parameter" {
        let name = string(v.attr(m, "name"), v);
        let mut p = SsmParameter::new(terraform_meta(
            v,
            KIND_SSM_PARAMETER,
            rtype,
            name.explicit().cloned(),
            address,
        ));
        p.name = name;
        p.parameter_type = string(v.attr(m, "type"), v);
        p.key_id = reference(v.attr(m, "key_id"), v);
        return Resource::SsmParameter(p);
    }
    Resource::SecretsManagerSecret(secret(m, v, address))
}

pub fn secret(m: &Module<'_>, v: &View<'_>, address: String) -> SecretsManagerSecret {
    let name = string(v.attr(m, "name"), v);
    let mut s = SecretsManagerSecret::new(terraform_meta(
        v,
        KIND_SECRETS_MANAGER_SECRET,
        "aws_secretsmanager_secret",
        name.explicit().cloned(),
        address,
    ));
    s.name = generated(name);
    s.kms_key_id = reference(v.attr(m, "kms_key_id"), v);
    s
}
