//! Beyond Security Hub: containers should not bind-mount paths of the container instance
//! (`volumes[].host.sourcePath`). The runtime's socket is MAM-ECS-022's finding, not this one's.

use super::ecs_docker_socket_mounted::{is_runtime_socket, normalise};
use crate::checks::{Failure, HostMount, Verdict, each_container, host_mounts};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, EcsTaskDefinition, KIND_TASK_DEFINITION};
use mamori_model::{Inventory, Origin, Severity, SourceKind, State, Text};

pub struct HostPathMounted;

pub static RULE: HostPathMounted = HostPathMounted;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-023",
    name: "ecs-host-path-mounted",
    title_en: "ECS containers should not mount paths of the host",
    title_ja: "ECS コンテナにホストのパスをマウントしない",
    severity: Severity::Medium,
    controls: &["nist-800-53/AC-6", "nist-800-53/SC-39"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

/// Host locations whose exposure gives away the instance: its configuration and credentials,
/// the kernel's interfaces, the binaries it runs, the container runtime's and ECS agent's state,
/// and its logs. A path is sensitive when it is one of these or lies under one (`/` only
/// itself).
const SENSITIVE: &[&str] = &[
    "/etc",
    "/root",
    "/home",
    "/boot",
    "/dev",
    "/proc",
    "/sys",
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
    "/run",
    "/var/run",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/var/lib/ecs",
    "/var/log",
];

fn is_sensitive(path: &str) -> bool {
    let p = normalise(path);
    p == "/"
        || SENSITIVE
            .iter()
            .any(|s| p == *s || p.strip_prefix(s).is_some_and(|rest| rest.starts_with('/')))
}

impl Rule for HostPathMounted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            each_container(ctx, td, |c, label| {
                let (fails, unknown) = judge(td, c, label);
                Verdict::of(fails, unknown)
            });
        }
    }
}

type Judged = (Vec<Failure>, Option<(Origin, String)>);

fn judge(td: &EcsTaskDefinition, c: &ContainerDefinition, label: &str) -> Judged {
    let name = &td.meta.name;
    let (mounts, unknown) = host_mounts(td, c, label);
    let mut fails = Vec::new();
    // The runtime's socket is reported by MAM-ECS-022.
    for HostMount { mount: m, volume: v, path } in mounts.into_iter().filter(|h| !is_runtime_socket(h.path)) {
        let volume = v.name.value().map(String::as_str).unwrap_or("?");
        let at = match m.container_path.value() {
            Some(p) => format!(" at `{p}`"),
            None => String::new(),
        };
        let at_ja = match m.container_path.value() {
            Some(p) => format!("コンテナ内の `{p}` に"),
            None => String::new(),
        };
        #[derive(Clone, Copy)]
        enum Mode {
            ReadOnly,
            Writable,
            Unknown,
        }
        let mode = match &m.read_only.state {
            State::Set(true) | State::Default(true) => Mode::ReadOnly,
            State::Unknown(_) => Mode::Unknown,
            // `readOnly` defaults to false.
            _ => Mode::Writable,
        };
        let (mode_en, mode_ja) = match mode {
            Mode::ReadOnly => ("read-only", "読み取り専用で"),
            Mode::Writable => ("writable", "書き込み可能な状態で"),
            Mode::Unknown => (
                "possibly writable (`readOnly` is unknown)",
                "書き込み可能かもしれない状態で（`readOnly` が不明）",
            ),
        };
        let (caveat_en, caveat_ja) = match (is_sensitive(path), mode) {
            (false, _) => (String::new(), String::new()),
            (true, Mode::ReadOnly) => (
                format!("; `{path}` is a sensitive host location whose contents the container can read"),
                format!("`{path}` は機密性の高いホストの場所で、その内容をコンテナから読み取れます。"),
            ),
            (true, Mode::Writable) => (
                format!("; `{path}` is a sensitive host location, so the container can change the instance itself"),
                format!("`{path}` は機密性の高いホストの場所で、コンテナからインスタンス自体を改変できます。"),
            ),
            (true, Mode::Unknown) => (
                format!("; `{path}` is a sensitive host location"),
                format!("`{path}` は機密性の高いホストの場所です。"),
            ),
        };
        fails.push((
            format!("mountPoints[{volume}]"),
            m.origin.clone(),
            Text::new(
                format!(
                    "Container `{label}` of ECS task definition `{name}` bind-mounts the host path `{path}` (volume `{volume}`){at}, {mode_en}{caveat_en}"
                ),
                format!(
                    "ECS タスク定義 `{name}` のコンテナ `{label}` に、ホストのパス `{path}`（ボリューム `{volume}`）が{at_ja}{mode_ja}バインドマウントされています。{caveat_ja}"
                ),
            ),
        ));
    }
    (fails, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_paths_and_what_lies_under_them() {
        assert!(is_sensitive("/"));
        assert!(is_sensitive("/etc"));
        assert!(is_sensitive("/etc/ssl/certs/"));
        assert!(is_sensitive("/var/lib/ecs/data"));
        assert!(is_sensitive("/var/log"));
        assert!(!is_sensitive("/etcetera"));
        assert!(!is_sensitive("/data/cache"));
        assert!(!is_sensitive("/mnt/efs"));
        assert!(!is_sensitive("/var/lib/dockerd-data"));
    }
}
