//! Beyond Security Hub: containers should not mount the container runtime's socket (Docker's
//! or containerd's) or the directory that holds it.

use crate::checks::{Failure, HostMount, Verdict, each_container, host_mounts};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, EcsTaskDefinition, KIND_TASK_DEFINITION};
use mamori_model::{Inventory, Origin, Severity, SourceKind, Text};

pub struct DockerSocketMounted;

pub static RULE: DockerSocketMounted = DockerSocketMounted;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-022",
    name: "ecs-docker-socket-mounted",
    title_en: "ECS containers should not mount the Docker or containerd socket",
    title_ja: "ECS コンテナに Docker や containerd のソケットをマウントしない",
    severity: Severity::Critical,
    controls: &["nist-800-53/AC-6", "nist-800-53/SC-39"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

/// The sockets of the container runtimes on an ECS container instance, and the directories
/// that hold them (`/var/run` is a link to `/run` on current Linux distributions). Compared
/// after [`normalise`].
const RUNTIME_SOCKETS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run",
    "/run",
    "/var/run/containerd/containerd.sock",
    "/run/containerd/containerd.sock",
    "/var/run/containerd",
    "/run/containerd",
    // The Docker engine's named pipe on Windows.
    r"\\.\pipe\docker_engine",
];

/// A host path as compared: trimmed, repeated slashes collapsed, no trailing slash (the root
/// stays `/`), lower case for a Windows path.
pub(super) fn normalise(path: &str) -> String {
    let p = path.trim();
    if p.contains('\\') {
        return p.trim_end_matches('\\').to_ascii_lowercase();
    }
    let mut out = String::with_capacity(p.len());
    for ch in p.chars() {
        if ch == '/' && out.ends_with('/') {
            continue;
        }
        out.push(ch);
    }
    while out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    out
}

/// Whether a host path is a container runtime's socket or the directory that holds it.
pub(super) fn is_runtime_socket(path: &str) -> bool {
    RUNTIME_SOCKETS.contains(&normalise(path).as_str())
}

impl Rule for DockerSocketMounted {
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
    let fails = mounts
        .into_iter()
        .filter(|h| is_runtime_socket(h.path))
        .map(|HostMount { mount: m, volume: v, path }| {
            let volume = v.name.value().map(String::as_str).unwrap_or("?");
            let at = match m.container_path.value() {
                Some(p) => format!(" at `{p}`"),
                None => String::new(),
            };
            let at_ja = match m.container_path.value() {
                Some(p) => format!("（コンテナ内の `{p}`）"),
                None => String::new(),
            };
            (
                format!("mountPoints[{volume}]"),
                m.origin.clone(),
                Text::new(
                    format!(
                        "Container `{label}` of ECS task definition `{name}` mounts the container runtime's socket: volume `{volume}` is the host path `{path}`{at}. Whoever controls this container can start a privileged container through it, which is root on the instance"
                    ),
                    format!(
                        "ECS タスク定義 `{name}` のコンテナ `{label}` にコンテナランタイムのソケットがマウントされています。ボリューム `{volume}` はホストのパス `{path}` です{at_ja}。このコンテナを乗っ取った者は、ソケット経由で特権コンテナを起動でき、インスタンスの root 権限を得られます"
                    ),
                ),
            )
        })
        .collect();
    (fails, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_paths_are_recognised_in_any_spelling() {
        assert!(is_runtime_socket("/var/run/docker.sock"));
        assert!(is_runtime_socket("/run/docker.sock"));
        assert!(is_runtime_socket("/var/run/"));
        assert!(is_runtime_socket("//run//"));
        assert!(is_runtime_socket(" /run/containerd/containerd.sock "));
        assert!(is_runtime_socket(r"\\.\PIPE\docker_engine"));
        assert!(!is_runtime_socket("/"));
        assert!(!is_runtime_socket("/var/run/ecs"));
        assert!(!is_runtime_socket("/var/lib/docker"));
        assert!(!is_runtime_socket("/var/run/docker.sock.bak"));
    }

    #[test]
    fn the_root_stays_the_root() {
        assert_eq!(normalise("/"), "/");
        assert_eq!(normalise("///"), "/");
        assert_eq!(normalise("/etc//ssl/"), "/etc/ssl");
    }
}
