//! Judgements shared by the rules on the resources around the containers: which log groups
//! belong to a container platform, and a GuardDuty detector that is off.

use crate::Ctx;
use mamori_model::guardduty::GuardDutyDetector;
use mamori_model::logs::LogGroup;
use mamori_model::{Inventory, State, Text};

/// Whether a log group is a container platform's: its name starts with one of
/// [`mamori_model::logs::CONTAINER_LOG_GROUP_PREFIXES`], or an ECS task definition of the scan
/// sends container logs to it (`awslogs-group`, by the group's name or, when the name is known
/// only once deployed, by a reference to the group in the same configuration or template), or
/// an ECS cluster of the scan writes ECS Exec session logs to it. A
/// group whose name is unknown and that no task definition names is not judged.
pub fn is_container_log_group(inv: &Inventory, g: &LogGroup) -> bool {
    if g.has_container_name() {
        return true;
    }
    let name = g.name.value();
    let names_group = |o: &mamori_model::ecs_task::KeyValue, td: &mamori_model::ResourceMeta| {
        name.is_some_and(|n| o.value.value() == Some(n))
            || o.reference.as_deref().is_some_and(|r| {
                mamori_model::inventory::same_scope(td, &g.meta)
                    && (r == g.meta.address || g.meta.address.strip_suffix("[0]") == Some(r))
            })
    };
    // ECS Exec's session logs (`executeCommandConfiguration.logConfiguration`).
    let exec_logs = inv.ecs_clusters().any(|c| {
        c.execute_command.value().is_some_and(|e| {
            e.log_configuration.value().is_some_and(|l| {
                // By name, or by the group's address or logical id when the argument is a
                // reference (`aws_cloudwatch_log_group.exec.name`, `!Ref ExecLogs`).
                let named = l.cloud_watch_log_group_name.value();
                (name.is_some() && named == name)
                    || (named == Some(&g.meta.address) && mamori_model::inventory::same_scope(&c.meta, &g.meta))
            })
        })
    });
    exec_logs
        || inv.ecs_task_definitions().any(|td| {
            td.containers.value().is_some_and(|cs| {
                cs.iter().any(|c| {
                    c.log_configuration.value().is_some_and(|l| {
                        l.options.value().is_some_and(|os| {
                            os.iter().any(|o| {
                                o.name.value().is_some_and(|n| n == "awslogs-group") && names_group(o, &td.meta)
                            })
                        })
                    })
                })
            })
        })
}

/// Judges with `judge` each GuardDuty detector of the inventory that is enabled and whose
/// features can be read; a detector that is off fails, and one whose state or features are
/// unknown is undecided.
pub fn each_running_detector(
    inv: &Inventory,
    ctx: &mut Ctx<'_>,
    mut judge: impl FnMut(&mut Ctx<'_>, &GuardDutyDetector),
) {
    for d in inv.guardduty_detectors() {
        if detector_off(ctx, d) || features_unknown(ctx, d) {
            continue;
        }
        judge(ctx, d);
    }
}

/// A detector that is off fails every protection plan rule; one whose state is unknown is
/// undecided. Returns whether the detector was judged here.
fn detector_off(ctx: &mut Ctx<'_>, d: &GuardDutyDetector) -> bool {
    let name = &d.meta.name;
    match &d.enabled.state {
        State::Set(false) | State::Default(false) => {
            ctx.fail(
                &d.meta,
                "status",
                &d.enabled.origin,
                Text::new(
                    format!("GuardDuty detector `{name}` is disabled, so none of its protection plans runs"),
                    format!("GuardDuty ディテクター `{name}` が無効のため、どの保護プランも動作しません"),
                ),
            );
            true
        }
        State::Unknown(r) => {
            ctx.undecided(
                &d.meta,
                &d.enabled.origin,
                format!("whether the detector is enabled is unknown: {r}"),
            );
            true
        }
        _ => false,
    }
}

/// Judges one protection plan setting of an enabled detector: on passes, off fails at
/// `attribute` with `message`, unknown is undecided.
pub fn judge_setting(
    ctx: &mut Ctx<'_>,
    d: &GuardDutyDetector,
    setting: mamori_model::guardduty::Setting,
    attribute: &str,
    message: Text,
) {
    use mamori_model::guardduty::Setting;
    match setting {
        Setting::On(_) => ctx.pass(&d.meta),
        Setting::Off(o) => ctx.fail(&d.meta, attribute, &o, message),
        Setting::Unknown(o, r) => ctx.undecided(&d.meta, &o, format!("`{attribute}` is unknown: {r}")),
    }
}

/// Undecided when the detector's features cannot be read. Returns whether it was.
fn features_unknown(ctx: &mut Ctx<'_>, d: &GuardDutyDetector) -> bool {
    match d.features_unknown() {
        Some((o, r)) => {
            ctx.undecided(&d.meta, o, format!("the detector's features are unknown: {r}"));
            true
        }
        None => false,
    }
}
