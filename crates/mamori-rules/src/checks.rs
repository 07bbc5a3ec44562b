//! Judgements shared by more than one rule.

use crate::Ctx;
use mamori_model::ecs::AwsVpcConfiguration;
use mamori_model::{Attr, ResourceMeta, State, Text};

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
