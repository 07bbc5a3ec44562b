//! Judgements shared by more than one rule.

use crate::Ctx;
use mamori_model::ecs::AwsVpcConfiguration;
use mamori_model::ecs_task::{ContainerDefinition, EcsTaskDefinition};
use mamori_model::{Attr, Origin, ResourceMeta, State, Text};

/// ECS.2 / ECS.16: `assignPublicIp` must not be `ENABLED`. `what` names the resource type in
/// English and Japanese.
pub fn public_ip(
    ctx: &mut Ctx<'_>,
    meta: &ResourceMeta,
    network: &Attr<AwsVpcConfiguration>,
    what: &str,
    what_ja: &str,
) {
    let name = &meta.name;
    let net = match &network.state {
        State::Set(n) | State::Default(n) => n,
        // Without an awsvpc network configuration no public address is handed out.
        State::Absent => return ctx.pass(meta),
        State::Unknown(r) => {
            return ctx.undecided(meta, &network.origin, format!("network configuration is unknown: {r}"));
        }
    };
    let ip = &net.assign_public_ip;
    match &ip.state {
        State::Set(true) | State::Default(true) => ctx.fail(
            meta,
            &ip.origin,
            Text::new(
                format!("ECS {what} `{name}` gives its tasks public IP addresses automatically (`assignPublicIp` is ENABLED)"),
                format!("ECS {what_ja} `{name}` のタスクにパブリック IP アドレスが自動で割り当てられます（`assignPublicIp` が ENABLED）"),
            ),
        ),
        State::Unknown(r) => ctx.undecided(meta, &ip.origin, format!("`assignPublicIp` is unknown: {r}")),
        _ => ctx.pass(meta),
    }
}

/// What a per-container judgement found.
pub enum Verdict {
    Pass,
    /// The container fails: where, and the message.
    Fail(Origin, Text),
    /// A value the judgement needs is unknown: where, and why.
    Unknown(Origin, String),
    /// The check does not apply to this container.
    NotApplicable,
}

/// Judges every container of a task definition with `judge` (given the container and its
/// label: its name, or `#n`). Each failing container is one finding. When none fails, an
/// unknown container makes the task definition undecided; otherwise it passes if at least one
/// container was judged. A container list that cannot be read is undecided.
pub fn each_container(
    ctx: &mut Ctx<'_>,
    td: &EcsTaskDefinition,
    mut judge: impl FnMut(&ContainerDefinition, &str) -> Verdict,
) {
    let containers = match &td.containers.state {
        State::Set(c) | State::Default(c) => c,
        State::Unknown(r) => {
            return ctx.undecided(
                &td.meta,
                &td.containers.origin,
                format!("the container definitions are unknown: {r}"),
            );
        }
        State::Absent => return,
    };
    let mut failed = false;
    let mut unknown = None;
    let mut judged = false;
    for (i, c) in containers.iter().enumerate() {
        match judge(c, &c.label(i)) {
            Verdict::Pass => judged = true,
            Verdict::Fail(origin, text) => {
                failed = true;
                ctx.fail(&td.meta, &origin, text);
            }
            Verdict::Unknown(origin, why) => {
                if unknown.is_none() {
                    unknown = Some((origin, why));
                }
            }
            Verdict::NotApplicable => {}
        }
    }
    if failed {
        return;
    }
    match unknown {
        Some((origin, why)) => ctx.undecided(&td.meta, &origin, why),
        None if judged => ctx.pass(&td.meta),
        None => {}
    }
}
