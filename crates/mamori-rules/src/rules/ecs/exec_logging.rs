//! Beyond Security Hub (Checkov CKV_AWS_223 and, partly, CKV_AWS_224): a service that allows
//! ECS Exec should run in a cluster that records the sessions, encrypts the records, and
//! encrypts the session data with a KMS key.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs::{EcsCluster, EcsService, ExecuteCommandConfiguration, KIND_SERVICE};
use mamori_model::{Attr, Inventory, Origin, Severity, SourceKind, State, Text};

pub struct ExecLogging;

pub static RULE: ExecLogging = ExecLogging;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-028",
    name: "ecs-exec-logging",
    title_en: "ECS services with ECS Exec should run in a cluster that logs and encrypts the sessions",
    title_ja: "ECS Exec を許可するサービスは、セッションを記録・暗号化するクラスターで実行する",
    severity: Severity::Medium,
    controls: &["nist-800-53/AU-9", "nist-800-53/AU-12", "nist-800-53/SC-8"],
    equivalents: &[("checkov", "CKV_AWS_223"), ("checkov", "CKV_AWS_224")],
    resource_kinds: &[KIND_SERVICE],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ExecLogging {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for s in inv.ecs_services() {
            judge(inv, s, ctx);
        }
    }
}

fn judge(inv: &Inventory, s: &EcsService, ctx: &mut Ctx<'_>) {
    let exec = &s.enable_execute_command;
    match &exec.state {
        State::Set(true) | State::Default(true) => {}
        State::Unknown(r) => {
            return ctx.undecided(&s.meta, &exec.origin, format!("`enableExecuteCommand` is unknown: {r}"));
        }
        _ => return ctx.pass(&s.meta),
    }
    // A service that names no cluster runs in the cluster called `default`.
    let reference = match &s.cluster.state {
        State::Set(c) | State::Default(c) => c.as_str(),
        State::Absent => "default",
        State::Unknown(r) => {
            return ctx.undecided(&s.meta, &s.cluster.origin, format!("the service's cluster is unknown: {r}"));
        }
    };
    let Some(cluster) = inv.find_cluster(reference, &s.meta) else {
        return ctx.undecided(
            &s.meta,
            &exec.origin,
            format!(
                "cluster `{reference}` is not in this scan; its ECS Exec logging and encryption settings decide the verdict"
            ),
        );
    };
    let mut v = Judgement::default();
    judge_cluster(cluster, &mut v);
    if !v.faults.is_empty() {
        let service = &s.meta.name;
        let name = &cluster.meta.name;
        // One finding per setting at fault, each named by the cluster's setting (reached
        // through the service's `cluster`), so that each is fixed (or accepted) on its own.
        for (setting, en, ja) in v.faults {
            ctx.fail(
                &s.meta,
                format!("cluster.configuration.executeCommandConfiguration.{setting}"),
                &exec.origin,
                Text::new(
                    format!(
                        "ECS service `{service}` allows ECS Exec, but its cluster `{name}` does not protect the sessions: {en}"
                    ),
                    format!(
                        "ECS サービス `{service}` は ECS Exec を許可していますが、クラスター `{name}` はセッションを保護していません: {ja}"
                    ),
                ),
            );
        }
        return;
    }
    match v.unknown {
        Some((origin, why)) => ctx.undecided(&s.meta, &origin, why),
        None => ctx.pass(&s.meta),
    }
}

/// The settings at fault (the path inside `executeCommandConfiguration`, English, Japanese)
/// and the first unknown one.
#[derive(Default)]
struct Judgement {
    faults: Vec<(&'static str, String, String)>,
    unknown: Option<(Origin, String)>,
}

impl Judgement {
    fn fault(&mut self, setting: &'static str, en: String, ja: String) {
        self.faults.push((setting, en, ja));
    }

    fn unknown(&mut self, origin: &Origin, why: String) {
        if self.unknown.is_none() {
            self.unknown = Some((origin.clone(), why));
        }
    }
}

/// A string that is written and not empty; `Err` when unknown.
fn written(a: &Attr<String>) -> Result<Option<&str>, &str> {
    match &a.state {
        State::Set(v) | State::Default(v) if !v.trim().is_empty() => Ok(Some(v.trim())),
        State::Unknown(r) => Err(r),
        _ => Ok(None),
    }
}

fn judge_cluster(c: &EcsCluster, v: &mut Judgement) {
    let ec = &c.execute_command;
    let no_conf = ExecuteCommandConfiguration::default();
    let conf = match &ec.state {
        State::Set(x) | State::Default(x) => x,
        // No configuration: DEFAULT logging and no KMS key.
        State::Absent => &no_conf,
        State::Unknown(r) => {
            return v.unknown(&ec.origin, format!("the cluster's ECS Exec configuration is unknown: {r}"));
        }
    };
    logging(conf, v);
    // Only whether a key is given matters: a key written as an expression mamori cannot
    // resolve (such as a reference to an `aws_kms_key`) counts as given.
    if let Ok(None) = written(&conf.kms_key_id) {
        v.fault(
            "kmsKeyId",
            "no `kmsKeyId` encrypts the session data with a key of yours".to_string(),
            "セッションのデータを自分の KMS キーで暗号化する `kmsKeyId` がありません".to_string(),
        );
    }
}

fn logging(conf: &ExecuteCommandConfiguration, v: &mut Judgement) {
    let mode = match &conf.logging.state {
        State::Set(m) | State::Default(m) => m.trim().to_ascii_uppercase(),
        // Omitted means DEFAULT.
        State::Absent => "DEFAULT".to_string(),
        State::Unknown(r) => {
            return v.unknown(&conf.logging.origin, format!("the cluster's exec `logging` is unknown: {r}"));
        }
    };
    match mode.as_str() {
        // The session output goes to the awslogs log group of the task definition.
        "DEFAULT" => {}
        "NONE" => v.fault(
            "logging",
            "`logging` is NONE, so the commands and their output are not recorded".to_string(),
            "`logging` が NONE のため、実行したコマンドと出力が記録されません".to_string(),
        ),
        "OVERRIDE" => override_destinations(conf, v),
        other => v.unknown(
            &conf.logging.origin,
            format!("the cluster's exec `logging` is `{other}`, not NONE, DEFAULT or OVERRIDE"),
        ),
    }
}

/// `OVERRIDE`: every destination the log configuration names must be encrypted.
fn override_destinations(conf: &ExecuteCommandConfiguration, v: &mut Judgement) {
    let lc = match &conf.log_configuration.state {
        State::Set(l) | State::Default(l) => l,
        State::Absent => {
            return v.fault(
                "logConfiguration",
                "`logging` is OVERRIDE without a log configuration, so the sessions are not recorded".to_string(),
                "`logging` が OVERRIDE なのにログ設定がなく、セッションが記録されません".to_string(),
            );
        }
        State::Unknown(r) => {
            return v.unknown(
                &conf.log_configuration.origin,
                format!("the cluster's exec log configuration is unknown: {r}"),
            );
        }
    };
    let mut named = 0;
    let destinations = [
        (
            &lc.cloud_watch_log_group_name,
            &lc.cloud_watch_encryption_enabled,
            "log group",
            "ロググループ",
            "cloudWatchEncryptionEnabled",
            "logConfiguration.cloudWatchEncryptionEnabled",
        ),
        (
            &lc.s3_bucket_name,
            &lc.s3_encryption_enabled,
            "S3 bucket",
            "S3 バケット",
            "s3EncryptionEnabled",
            "logConfiguration.s3EncryptionEnabled",
        ),
    ];
    for (target, encrypted, what, what_ja, flag, setting) in destinations {
        let name = match written(target) {
            Ok(Some(t)) => Some(t),
            Ok(None) => continue,
            // Written as an expression mamori cannot resolve (a reference to the log group or
            // bucket): a destination all the same.
            Err(_) => None,
        };
        named += 1;
        match (&encrypted.state, name) {
            (State::Set(true) | State::Default(true), _) => {}
            (State::Unknown(r), _) => v.unknown(&encrypted.origin, format!("`{flag}` is unknown: {r}")),
            (_, Some(t)) => v.fault(
                setting,
                format!("the session {what} `{t}` is written unencrypted (`{flag}` is off)"),
                format!("セッションの記録先の{what_ja} `{t}` が暗号化されていません（`{flag}` が無効）"),
            ),
            (_, None) => v.fault(
                setting,
                format!("the session {what} is written unencrypted (`{flag}` is off)"),
                format!("セッションの記録先の{what_ja}が暗号化されていません（`{flag}` が無効）"),
            ),
        }
    }
    if named == 0 {
        v.fault(
            "logConfiguration",
            "the OVERRIDE log configuration names neither a CloudWatch log group nor an S3 bucket".to_string(),
            "OVERRIDE のログ設定に CloudWatch のロググループも S3 バケットも指定されていません".to_string(),
        );
    }
}
