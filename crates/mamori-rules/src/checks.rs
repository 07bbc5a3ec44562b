//! Judgements shared by more than one rule.

use crate::Ctx;
use mamori_model::ecs::AwsVpcConfiguration;
use mamori_model::ecs_task::{ContainerDefinition, EcsTaskDefinition, MountPoint, Volume};
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
            "networkConfiguration.awsvpcConfiguration.assignPublicIp",
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

/// One way a container fails: the attribute at fault, as a path inside the container
/// definition (`privileged`, `linuxParameters.capabilities.add[SYS_ADMIN]`; empty for the
/// container itself), where, and the message.
pub type Failure = (String, Origin, Text);

/// What a per-container judgement found.
pub enum Verdict {
    Pass,
    /// The container fails once.
    Fail(Failure),
    /// The container fails in several places (one finding each: every dangerous capability,
    /// every host mount). An empty list is a pass.
    FailEach(Vec<Failure>),
    /// A value the judgement needs is unknown: where, and why.
    Unknown(Origin, String),
    /// The check does not apply to this container.
    NotApplicable,
}

impl Verdict {
    /// The container fails at `attribute` (a path inside the container definition).
    pub fn fail(attribute: impl Into<String>, origin: &Origin, message: Text) -> Verdict {
        Verdict::Fail((attribute.into(), origin.clone(), message))
    }

    /// The verdict on a container judged in several places: each failure a finding; with no
    /// failure, unknown if something was, else a pass.
    pub fn of(fails: Vec<Failure>, unknown: Option<(Origin, String)>) -> Verdict {
        match unknown {
            Some((origin, why)) if fails.is_empty() => Verdict::Unknown(origin, why),
            _ => Verdict::FailEach(fails),
        }
    }
}

/// The path of an attribute of a container: `containerDefinitions[<label>].<path>`, or
/// `containerDefinitions[<label>]` for the container itself.
pub fn container_attribute(label: &str, path: &str) -> String {
    if path.is_empty() {
        format!("containerDefinitions[{label}]")
    } else {
        format!("containerDefinitions[{label}].{path}")
    }
}

/// Judges every container of a task definition with `judge` (given the container and its
/// label: its name, or `#n`). Each failure is one finding, its attribute prefixed with
/// `containerDefinitions[<label>].`. When none fails, an unknown container makes the task
/// definition undecided; otherwise it passes if at least one container was judged. A container
/// list that cannot be read is undecided.
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
        let label = c.label(i);
        match judge(c, &label) {
            Verdict::Pass => judged = true,
            Verdict::Fail((path, origin, text)) => {
                failed = true;
                ctx.fail(&td.meta, container_attribute(&label, &path), &origin, text);
            }
            Verdict::FailEach(fails) if fails.is_empty() => judged = true,
            Verdict::FailEach(fails) => {
                failed = true;
                for (path, origin, text) in fails {
                    ctx.fail(&td.meta, container_attribute(&label, &path), &origin, text);
                }
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

/// ECS.13 / ECS.14 / ECS.15: the resource carries every tag key of
/// `ctx.params.required_tag_keys` (compared case-sensitively; keys beginning with `aws:` are
/// AWS's own and do not count). Does nothing while no key is required. One finding per resource
/// lists the missing keys; it points at the tags, or at the resource when it has none. A tag
/// whose key is unknown makes a resource that misses a key undecided. `what` names the resource
/// type in English and Japanese.
pub fn required_tags(
    ctx: &mut Ctx<'_>,
    meta: &ResourceMeta,
    tags: &Attr<Vec<mamori_model::resource::Tag>>,
    what: &str,
    what_ja: &str,
) {
    required_tags_of(ctx, meta, tags, "ECS", what, what_ja)
}

/// [`required_tags`] for a resource of another service (`EKS`), which the messages name.
pub fn required_tags_of(
    ctx: &mut Ctx<'_>,
    meta: &ResourceMeta,
    tags: &Attr<Vec<mamori_model::resource::Tag>>,
    service: &str,
    what: &str,
    what_ja: &str,
) {
    if ctx.params.required_tag_keys.is_empty() {
        return;
    }
    let name = &meta.name;
    let list: &[mamori_model::resource::Tag] = match &tags.state {
        State::Set(t) | State::Default(t) => t,
        State::Absent => &[],
        State::Unknown(r) => return ctx.undecided(meta, &tags.origin, format!("the tags are unknown: {r}")),
    };
    let mut present = Vec::new();
    let mut unknown = None;
    for t in list {
        match &t.key.state {
            State::Set(k) | State::Default(k) => {
                if !k.to_ascii_lowercase().starts_with("aws:") {
                    present.push(k.as_str());
                }
            }
            State::Unknown(r) => {
                if unknown.is_none() {
                    unknown = Some((t.key.origin.clone(), r.clone()));
                }
            }
            State::Absent => {}
        }
    }
    let missing: Vec<&str> = ctx
        .params
        .required_tag_keys
        .iter()
        .map(String::as_str)
        .filter(|k| !present.contains(k))
        .collect();
    if missing.is_empty() {
        return ctx.pass(meta);
    }
    if let Some((origin, r)) = unknown {
        return ctx.undecided(meta, &origin, format!("a tag key is unknown: {r}"));
    }
    let quoted = |sep: &str| missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(sep);
    let (keys, keys_ja) = (quoted(", "), quoted("、"));
    let s = if missing.len() == 1 { "" } else { "s" };
    // Without tags the finding points at the resource; otherwise at its tags.
    let origin = if tags.is_absent() { &meta.origin } else { &tags.origin };
    let text = if list.is_empty() {
        Text::new(
            format!("{service} {what} `{name}` has no tags; it must carry the tag key{s} {keys}"),
            format!("{service} {what_ja} `{name}` にタグがありません。必須のタグキー {keys_ja} を付けてください"),
        )
    } else {
        Text::new(
            format!("{service} {what} `{name}` lacks the required tag key{s} {keys}"),
            format!("{service} {what_ja} `{name}` に必須のタグキー {keys_ja} がありません"),
        )
    };
    ctx.fail(meta, "tags", origin, text);
}

/// A bind mount of a path of the host into a container.
pub struct HostMount<'a> {
    pub mount: &'a MountPoint,
    pub volume: &'a Volume,
    /// The volume's `host.sourcePath`.
    pub path: &'a str,
}

/// The host paths a container mounts, and the first mount that cannot be told (its volume or
/// path unknown).
pub fn host_mounts<'a>(
    td: &'a EcsTaskDefinition,
    c: &'a ContainerDefinition,
    label: &str,
) -> (Vec<HostMount<'a>>, Option<(Origin, String)>) {
    let mounts = match &c.mount_points.state {
        State::Set(m) | State::Default(m) => m,
        State::Absent => return (Vec::new(), None),
        State::Unknown(r) => {
            let why = format!("the mount points of container `{label}` are unknown: {r}");
            return (Vec::new(), Some((c.mount_points.origin.clone(), why)));
        }
    };
    let mut found = Vec::new();
    let mut unknown = None;
    for m in mounts {
        match host_mount(td, m) {
            Ok(Some((volume, path))) => found.push(HostMount { mount: m, volume, path }),
            Ok(None) => {}
            Err(u) => {
                unknown.get_or_insert(u);
            }
        }
    }
    (found, unknown)
}

/// What a mount point mounts from the host: the volume it names and that volume's
/// `host.sourcePath`, when it is a bind mount. `Ok(None)` when it is not one (a Docker-managed
/// volume, an EFS or FSx volume, or a name that matches no volume); `Err` when that cannot be
/// told.
fn host_mount<'a>(
    td: &'a EcsTaskDefinition,
    m: &MountPoint,
) -> Result<Option<(&'a Volume, &'a str)>, (Origin, String)> {
    let name = match &m.source_volume.state {
        State::Set(n) | State::Default(n) => n,
        State::Absent => return Ok(None),
        State::Unknown(r) => {
            return Err((
                m.source_volume.origin.clone(),
                format!("the volume a mount point names is unknown: {r}"),
            ));
        }
    };
    if let State::Unknown(r) = &td.volumes.state {
        return Err((td.volumes.origin.clone(), format!("the volumes are unknown: {r}")));
    }
    let Some(v) = td.volume(name) else {
        // A volume whose name cannot be read may be the one the mount point names.
        return match td
            .volumes
            .value()
            .and_then(|vs| vs.iter().find(|v| v.name.is_unknown()))
        {
            Some(v) => Err((
                v.name.origin.clone(),
                format!(
                    "the name of a volume is unknown, so whether it is volume `{name}` is unknown: {}",
                    v.name.unknown_reason().unwrap_or_default()
                ),
            )),
            None => Ok(None),
        };
    };
    match &v.host_source_path.state {
        State::Set(p) | State::Default(p) if !p.trim().is_empty() => Ok(Some((v, p.as_str()))),
        State::Unknown(r) => Err((
            v.host_source_path.origin.clone(),
            format!("the host path of volume `{name}` is unknown: {r}"),
        )),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Params, RuleSelection};
    use mamori_model::ecs_task::KIND_TASK_DEFINITION;
    use mamori_model::{Inventory, Resource, SourceKind};

    #[test]
    fn container_findings_are_prefixed_with_the_container_name_or_position() {
        let meta = ResourceMeta {
            kind: KIND_TASK_DEFINITION,
            source: SourceKind::AwsApiJson,
            source_type: "describe-task-definition".into(),
            name: "tools:1".into(),
            address: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/tools:1".into(),
            origin: Origin::Synthetic,
            ignores: Vec::new(),
            scope: None,
            plan: None,
        };
        let mut td = EcsTaskDefinition::new(meta);
        let privileged = |name: Option<&str>| {
            let mut c = ContainerDefinition::new(Origin::Synthetic);
            if let Some(n) = name {
                c.name = Attr::set(n.to_string(), Origin::Synthetic);
            }
            c.privileged = Attr::set(true, Origin::Synthetic);
            c
        };
        td.containers = Attr::set(vec![privileged(Some("web")), privileged(None)], Origin::Synthetic);
        let mut inv = Inventory::new();
        inv.push(Resource::EcsTaskDefinition(td));
        let rule = crate::find("MAM-ECS-006")[0];
        let out = crate::run(&inv, &[rule], &Params::default(), &RuleSelection::default());
        let attributes: Vec<&str> = out.findings.iter().map(|f| f.attribute.as_str()).collect();
        assert_eq!(
            attributes,
            [
                "containerDefinitions[web].privileged",
                "containerDefinitions[#2].privileged"
            ]
        );
        assert_eq!(container_attribute("xray", ""), "containerDefinitions[xray]");
    }
}
