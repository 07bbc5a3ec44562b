//! Beyond Security Hub: containers should not be given devices of the host
//! (`linuxParameters.devices`).

use crate::checks::{Failure, Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, KIND_TASK_DEFINITION, OsFamily};
use mamori_model::{Inventory, Origin, Severity, SourceKind, State, Text};

pub struct ContainerHostDevices;

pub static RULE: ContainerHostDevices = ContainerHostDevices;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-024",
    name: "ecs-container-host-devices",
    title_en: "ECS containers should not be given host devices",
    title_ja: "ECS コンテナにホストのデバイスを渡さない",
    severity: Severity::High,
    controls: &["nist-800-53/AC-6", "nist-800-53/SC-39"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ContainerHostDevices {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            match td.os() {
                // `linuxParameters` is not supported for Windows containers.
                OsFamily::Windows => continue,
                OsFamily::Unknown(r) => {
                    ctx.undecided(
                        &td.meta,
                        &td.os_family.origin,
                        format!("the operating system family is unknown: {r}"),
                    );
                    continue;
                }
                OsFamily::Linux | OsFamily::Unspecified => {}
            }
            let name = &td.meta.name;
            each_container(ctx, td, |c, label| match judge(c, label, name) {
                Ok(fails) => Verdict::FailEach(fails),
                Err((o, why)) => Verdict::Unknown(o, why),
            });
        }
    }
}

/// One finding per device, named by its host path (or `#n` when that is unknown or empty);
/// `Err` when the device list cannot be read.
fn judge(c: &ContainerDefinition, label: &str, name: &str) -> Result<Vec<Failure>, (Origin, String)> {
    let devices = match &c.devices.state {
        State::Set(d) | State::Default(d) => d,
        State::Absent => return Ok(Vec::new()),
        State::Unknown(r) => {
            return Err((
                c.devices.origin.clone(),
                format!("the devices of container `{label}` are unknown: {r}"),
            ));
        }
    };
    // A device is passed through whatever its path: an unresolved path is named as such, and
    // the finding stands.
    Ok(devices
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (host, host_ja) = match &d.host_path.state {
                State::Set(p) | State::Default(p) => (format!("`{p}`"), format!("`{p}`")),
                _ => ("whose path is not known".to_string(), "（パスは不明）".to_string()),
            };
            let (at, at_ja) = match d.container_path.value() {
                Some(p) => (format!(" as `{p}`"), format!("コンテナ内の `{p}` として")),
                None => (String::new(), String::new()),
            };
            let key = match d.host_path.value() {
                Some(p) if !p.trim().is_empty() => p.trim().to_string(),
                _ => format!("#{}", i + 1),
            };
            (
                format!("linuxParameters.devices[{key}]"),
                d.origin.clone(),
                Text::new(
                    format!(
                        "Container `{label}` of ECS task definition `{name}` is given the host device {host}{at}: the container talks to the instance's hardware or kernel driver directly"
                    ),
                    format!(
                        "ECS タスク定義 `{name}` のコンテナ `{label}` に、ホストのデバイス {host_ja} が{at_ja}渡されています。コンテナがインスタンスのハードウェアやカーネルドライバーを直接操作できます"
                    ),
                ),
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori_model::Attr;
    use mamori_model::ecs_task::Device;

    fn device(host_path: Attr<String>) -> Device {
        Device {
            origin: Origin::Synthetic,
            host_path,
            container_path: Attr::absent(Origin::Synthetic),
        }
    }

    #[test]
    fn devices_are_named_by_host_path_or_position() {
        let mut c = ContainerDefinition::new(Origin::Synthetic);
        c.devices = Attr::set(
            vec![
                device(Attr::set("/dev/fuse".into(), Origin::Synthetic)),
                device(Attr::unknown("var.device has no value", Origin::Synthetic)),
                device(Attr::set(" ".into(), Origin::Synthetic)),
            ],
            Origin::Synthetic,
        );
        let Ok(fails) = judge(&c, "app", "td") else {
            panic!("the device list is readable")
        };
        let attributes: Vec<&str> = fails.iter().map(|(a, _, _)| a.as_str()).collect();
        assert_eq!(
            attributes,
            [
                "linuxParameters.devices[/dev/fuse]",
                "linuxParameters.devices[#2]",
                "linuxParameters.devices[#3]"
            ]
        );
        // A device whose path is not known is still reported, as such.
        assert!(fails[1].2.en.contains("whose path is not known"), "{}", fails[1].2.en);
    }
}
