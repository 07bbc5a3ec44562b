//! Beyond Security Hub: an ECS task cannot start when its execution role cannot decrypt a secret
//! the task definition injects (`secrets[].valueFrom`). A Secrets Manager secret or a Parameter
//! Store `SecureString` encrypted with a customer-managed KMS key (`KmsKeyId`, `key_id`) can be
//! read only by a principal that may call `kms:Decrypt` on that key; the AWS managed keys
//! `aws/secretsmanager` and `aws/ssm` need nothing more.
//!
//! For each secret a container reads that is declared in the scan with a customer-managed key,
//! the execution role (when it is in the scan) must have an `Allow` statement covering
//! `kms:Decrypt` on that key: `Resource: "*"`, the key's reference or ARN, or an ARN pattern of
//! keys (`…:key/*`). A secret, key or role outside the scan is not judged. The key policy is not
//! read: a key policy that names the role itself also lets it decrypt (see the document).

use crate::entitlements::{self, Grant};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{EcsTaskDefinition, KIND_TASK_DEFINITION};
use mamori_model::iam::{IamRole, wildcard_match};
use mamori_model::secretsmanager::AWS_MANAGED_KEY_ALIAS;
use mamori_model::ssm::AWS_MANAGED_KEY_ALIAS as SSM_MANAGED_KEY_ALIAS;
use mamori_model::{Inventory, Origin, Severity, SourceKind, State, Text, attr::item_label};

pub struct ExecutionRoleKmsDecrypt;

pub static RULE: ExecutionRoleKmsDecrypt = ExecutionRoleKmsDecrypt;

static META: RuleMeta = RuleMeta {
    id: "MAM-IAM-004",
    name: "ecs-execution-role-kms-decrypt",
    title_en: "ECS execution roles should be able to decrypt the secrets their tasks read",
    title_ja: "ECS タスク実行ロールには、タスクが読むシークレットを復号できる権限を与える",
    severity: Severity::Medium,
    controls: &["nist-800-53/SC-28"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

impl Rule for ExecutionRoleKmsDecrypt {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            judge(inv, td, ctx);
        }
    }
}

/// Whether a statement resource covers the key a secret names (`key`: a reference, key ARN, key
/// id or alias); `None` when that cannot be told.
fn covers_key(resource: &str, key: &str) -> Option<bool> {
    let r = resource.trim();
    if r == "*" || r == key {
        return Some(true);
    }
    let rl = r.to_ascii_lowercase();
    let kl = key.to_ascii_lowercase();
    if kl.starts_with("arn:") {
        return Some(wildcard_match(&rl, &kl));
    }
    // A key id (`1234abcd-…`): an ARN pattern of keys ending in it or in `key/*`.
    if !kl.contains(['.', ':', '/']) {
        return Some(rl.ends_with(&format!(":key/{kl}")) || rl.ends_with(":key/*"));
    }
    // A reference to a key of the scan, or an alias: the key's ARN is known only once deployed.
    if rl.starts_with("arn:") && rl.contains(":kms:") {
        if rl.ends_with(":key/*") {
            return Some(true);
        }
        return None;
    }
    Some(false)
}

/// Whether the role's grants allow `kms:Decrypt` on `key`: `Some(true)` when one does, `None`
/// when a grant that could is unknown.
fn decrypts(grants: &[Grant], key: &str) -> Option<bool> {
    let mut unknown = false;
    for g in grants {
        let st = &g.statement;
        match (st.allows(), st.covers_action("kms:Decrypt")) {
            (Some(true), Some(true)) => {}
            (Some(false), _) | (_, Some(false)) => continue,
            _ => {
                unknown = true;
                continue;
            }
        }
        if st.not_resources.value().is_some() {
            unknown = true;
            continue;
        }
        match &st.resources.state {
            State::Set(rs) | State::Default(rs) => {
                for r in rs {
                    match r.value().map(|v| covers_key(v, key)) {
                        Some(Some(true)) => return Some(true),
                        Some(Some(false)) => {}
                        _ => unknown = true,
                    }
                }
            }
            State::Absent => {}
            State::Unknown(_) => unknown = true,
        }
    }
    if unknown { None } else { Some(false) }
}

fn judge(inv: &Inventory, td: &EcsTaskDefinition, ctx: &mut Ctx<'_>) {
    let Some(role) = td
        .execution_role_arn
        .value()
        .and_then(|r| inv.find_iam_role(r, &td.meta))
    else {
        return;
    };
    let Some(containers) = td.containers.value() else {
        return;
    };
    let mut perms = None;
    let mut judged = false;
    let mut fails = Vec::new();
    let mut unknown: Option<(Origin, String)> = None;
    for (ci, c) in containers.iter().enumerate() {
        let cname = item_label(&c.name, ci);
        let Some(secrets) = c.secrets.value() else {
            continue;
        };
        for (si, s) in secrets.iter().enumerate() {
            let Some(reference) = s.value.value() else {
                continue;
            };
            // The secret or SecureString parameter, and its customer-managed key (`None`: an AWS
            // managed key, or a parameter that is not encrypted).
            let (secret, key) = if let Some(secret) = inv.find_secret(reference, &td.meta) {
                match &secret.kms_key_id.state {
                    State::Set(k) | State::Default(k) => {
                        let k = k.trim();
                        let managed = k.is_empty() || k.ends_with(AWS_MANAGED_KEY_ALIAS);
                        (secret.meta.name.clone(), (!managed).then(|| k.to_string()))
                    }
                    State::Absent => (secret.meta.name.clone(), None),
                    State::Unknown(r) => {
                        unknown.get_or_insert((
                            secret.kms_key_id.origin.clone(),
                            format!("the KMS key of secret `{}` is unknown: {r}", secret.meta.name),
                        ));
                        continue;
                    }
                }
            } else if let Some(param) = inv.find_ssm_parameter(reference, &td.meta) {
                let secure = match &param.parameter_type.state {
                    State::Set(t) | State::Default(t) => t.eq_ignore_ascii_case("SecureString"),
                    State::Absent => false,
                    State::Unknown(r) => {
                        unknown.get_or_insert((
                            param.parameter_type.origin.clone(),
                            format!("the type of parameter `{}` is unknown: {r}", param.meta.name),
                        ));
                        continue;
                    }
                };
                let key = match &param.key_id.state {
                    _ if !secure => None,
                    State::Set(k) | State::Default(k) => {
                        let k = k.trim();
                        let managed = k.is_empty() || k.ends_with(SSM_MANAGED_KEY_ALIAS);
                        (!managed).then(|| k.to_string())
                    }
                    State::Absent => None,
                    State::Unknown(r) => {
                        unknown.get_or_insert((
                            param.key_id.origin.clone(),
                            format!("the KMS key of parameter `{}` is unknown: {r}", param.meta.name),
                        ));
                        continue;
                    }
                };
                (param.meta.name.clone(), key)
            } else {
                continue;
            };
            judged = true;
            let Some(key) = key else {
                continue;
            };
            let p = perms.get_or_insert_with(|| entitlements::role_permissions(inv, role));
            match decrypts(&p.grants, &key) {
                Some(true) => {}
                Some(false) if p.unknown.is_empty() => {
                    let sname = item_label(&s.name, si);
                    fails.push((cname.clone(), sname, s.value.origin.clone(), secret, key));
                }
                _ => {
                    let why = p.unknown.first().map(|(_, w)| w.clone()).unwrap_or_else(|| {
                        format!("whether execution role `{}` may decrypt with key `{key}` cannot be read", role.meta.name)
                    });
                    unknown.get_or_insert((s.value.origin.clone(), why));
                }
            }
        }
    }
    report(ctx, td, role, fails, unknown, judged);
}

fn report(
    ctx: &mut Ctx<'_>,
    td: &EcsTaskDefinition,
    role: &IamRole,
    fails: Vec<(String, String, Origin, String, String)>,
    unknown: Option<(Origin, String)>,
    judged: bool,
) {
    let rname = &role.meta.name;
    let tname = &td.meta.name;
    if !fails.is_empty() {
        for (c, s, origin, secret, key) in fails {
            ctx.fail(
                &td.meta,
                format!("containerDefinitions[{c}].secrets[{s}].valueFrom"),
                &origin,
                Text::new(
                    format!(
                        "ECS task definition `{tname}` injects secret `{secret}` (as `{s}` in container `{c}`), encrypted with KMS key `{key}`, but its execution role `{rname}` is not allowed `kms:Decrypt` on that key: tasks fail to start"
                    ),
                    format!(
                        "ECS タスク定義 `{tname}` はシークレット `{secret}` をコンテナ `{c}` の `{s}` として渡しているが、その暗号化に使う KMS キー `{key}` に対する `kms:Decrypt` がタスク実行ロール `{rname}` に許可されていない。タスクが起動できない"
                    ),
                ),
            );
        }
    } else if let Some((o, why)) = unknown {
        ctx.undecided(&td.meta, &o, why);
    } else if judged {
        ctx.pass(&td.meta);
    }
}

#[cfg(test)]
mod tests {
    use super::covers_key;

    #[test]
    fn statement_resources_that_cover_a_key() {
        let arn = "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert_eq!(covers_key("*", arn), Some(true));
        assert_eq!(covers_key(arn, arn), Some(true));
        assert_eq!(covers_key("arn:aws:kms:ap-northeast-1:123456789012:key/*", arn), Some(true));
        assert_eq!(covers_key("arn:aws:kms:us-east-1:123456789012:key/*", arn), Some(false));
        assert_eq!(covers_key("aws_kms_key.secrets", "aws_kms_key.secrets"), Some(true));
        assert_eq!(covers_key("aws_kms_key.other", "aws_kms_key.secrets"), Some(false));
        assert_eq!(covers_key("arn:aws:kms:ap-northeast-1:123456789012:key/*", "aws_kms_key.secrets"), Some(true));
        assert_eq!(covers_key("arn:aws:kms:ap-northeast-1:123456789012:key/9999", "aws_kms_key.secrets"), None);
        assert_eq!(covers_key("arn:aws:s3:::bucket/*", "1234abcd-12ab-34cd-56ef-1234567890ab"), Some(false));
    }
}
