//! Beyond Security Hub: containers should not add Linux capabilities that open a way out of the
//! container, into the kernel, or into other processes and the network.

use crate::checks::{Failure, Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, KIND_TASK_DEFINITION, OsFamily};
use mamori_model::{Inventory, Origin, Severity, SourceKind, State, Text};

pub struct ContainerDangerousCapabilities;

pub static RULE: ContainerDangerousCapabilities = ContainerDangerousCapabilities;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-019",
    name: "ecs-container-dangerous-capabilities",
    title_en: "ECS containers should not add dangerous Linux capabilities",
    title_ja: "ECS コンテナに危険な Linux ケーパビリティを追加しない",
    severity: Severity::High,
    controls: &["nist-800-53/AC-6"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

/// The capabilities flagged, each with what it lets a compromised container do. Only values of
/// the ECS `KernelCapabilities` enum appear here.
const DANGEROUS: &[(&str, &str, &str)] = &[
    (
        "ALL",
        "it grants every capability at once, which is close to a privileged container",
        "すべてのケーパビリティを一度に与えるもので、特権コンテナに近い状態になります",
    ),
    (
        "SYS_ADMIN",
        "it allows mounting file systems and a large part of the kernel's administration interface, the classic way out of a container",
        "ファイルシステムのマウントをはじめ、カーネル管理機能の大部分を使えるようになります。コンテナから抜け出す典型的な経路です",
    ),
    (
        "NET_ADMIN",
        "it allows reconfiguring interfaces, routes and firewall rules (those of the instance itself with the `host` network mode) and redirecting traffic",
        "インターフェイス、ルート、ファイアウォールルールを変更し、通信を横取りできます（`host` ネットワークモードではインスタンス自体の設定）",
    ),
    (
        "NET_RAW",
        "it allows raw sockets, used to forge packets and to spoof ARP or DNS answers to neighbouring containers",
        "raw ソケットが使えるようになり、パケットの偽造や、隣接するコンテナへの ARP・DNS スプーフィングに使われます",
    ),
    (
        "SYS_MODULE",
        "it allows loading kernel modules, that is running code in the host's kernel",
        "カーネルモジュールをロードできます。つまりホストのカーネル内でコードを実行できます",
    ),
    (
        "SYS_PTRACE",
        "it allows tracing other processes and reading their memory, secrets included; if a debugging or observability agent really needs it, record an exception with the reason",
        "他のプロセスをトレースし、シークレットを含むメモリを読み取れます。デバッグや監視のエージェントが本当に必要とする場合は、理由を添えて例外として記録してください",
    ),
    (
        "DAC_READ_SEARCH",
        "it bypasses read permission checks and allows opening files by handle, which is how the \"Shocker\" escape reads host files",
        "ファイルの読み取り権限チェックを迂回し、ハンドル経由でファイルを開けます。ホストのファイルを読む「Shocker」エスケープで使われた権限です",
    ),
    (
        "SYS_RAWIO",
        "it allows raw I/O port and memory device access",
        "I/O ポートやメモリデバイスへの直接アクセスができます",
    ),
    (
        "SYS_BOOT",
        "it allows the reboot and kexec system calls; with the host's PID namespace it can restart the instance",
        "reboot や kexec のシステムコールを使えます。ホストの PID 名前空間を共有していればインスタンス自体を再起動できます",
    ),
    (
        "SYS_TIME",
        "it allows setting the system clock, which is shared with the instance and every other container",
        "システム時刻を変更できます。時刻はインスタンスと他のすべてのコンテナで共有されています",
    ),
    (
        "MAC_ADMIN",
        "it allows changing the mandatory access control (AppArmor, SELinux) configuration that confines containers",
        "コンテナを閉じ込めている強制アクセス制御（AppArmor、SELinux）の設定を変更できます",
    ),
    (
        "MAC_OVERRIDE",
        "it allows overriding the mandatory access control policy",
        "強制アクセス制御のポリシーを無視できます",
    ),
];

/// A capability name as ECS compares it: upper case, without the `CAP_` prefix.
fn normalise(s: &str) -> String {
    let u = s.trim().to_ascii_uppercase();
    match u.strip_prefix("CAP_") {
        Some(rest) => rest.to_string(),
        None => u,
    }
}

impl Rule for ContainerDangerousCapabilities {
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
            each_container(ctx, td, |c, label| {
                let (fails, unknown) = judge(c, label, name);
                Verdict::of(fails, unknown)
            });
        }
    }
}

/// Every dangerous capability the container adds (one finding each, named by the capability),
/// and the first added value that cannot be read.
type Judged = (Vec<Failure>, Option<(Origin, String)>);

fn judge(c: &ContainerDefinition, label: &str, name: &str) -> Judged {
    let add = &c.capabilities_add;
    let items = match &add.state {
        State::Set(items) | State::Default(items) => items,
        State::Absent => return (Vec::new(), None),
        State::Unknown(r) => {
            return (
                Vec::new(),
                Some((
                    add.origin.clone(),
                    format!("the capabilities container `{label}` adds are unknown: {r}"),
                )),
            );
        }
    };
    let mut fails = Vec::new();
    let mut unknown = None;
    for item in items {
        match &item.state {
            State::Set(s) | State::Default(s) => {
                let cap = normalise(s);
                if let Some((_, why, why_ja)) = DANGEROUS.iter().find(|(d, _, _)| *d == cap) {
                    fails.push((
                        format!("linuxParameters.capabilities.add[{cap}]"),
                        item.origin.clone(),
                        Text::new(
                            format!(
                                "Container `{label}` of ECS task definition `{name}` adds the Linux capability `{cap}`: {why}"
                            ),
                            format!(
                                "ECS タスク定義 `{name}` のコンテナ `{label}` に Linux ケーパビリティ `{cap}` が追加されています。{why_ja}"
                            ),
                        ),
                    ));
                }
            }
            State::Unknown(r) => {
                unknown.get_or_insert_with(|| {
                    (
                        item.origin.clone(),
                        format!("a capability container `{label}` adds is unknown: {r}"),
                    )
                });
            }
            State::Absent => {}
        }
    }
    (fails, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_without_case_or_prefix() {
        assert_eq!(normalise("cap_sys_admin"), "SYS_ADMIN");
        assert_eq!(normalise(" Net_Raw "), "NET_RAW");
        assert_eq!(normalise("CAP_ALL"), "ALL");
        assert_eq!(normalise("NET_BIND_SERVICE"), "NET_BIND_SERVICE");
    }

    #[test]
    fn every_flagged_name_is_an_ecs_value() {
        // The `KernelCapabilities` enum of the ECS API.
        const ECS: &str = "ALL AUDIT_CONTROL AUDIT_WRITE BLOCK_SUSPEND CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER \
            FSETID IPC_LOCK IPC_OWNER KILL LEASE LINUX_IMMUTABLE MAC_ADMIN MAC_OVERRIDE MKNOD NET_ADMIN \
            NET_BIND_SERVICE NET_BROADCAST NET_RAW SETFCAP SETGID SETPCAP SETUID SYS_ADMIN SYS_BOOT SYS_CHROOT \
            SYS_MODULE SYS_NICE SYS_PACCT SYS_PTRACE SYS_RAWIO SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG SYSLOG WAKE_ALARM";
        for (cap, _, _) in DANGEROUS {
            assert!(
                ECS.split_whitespace().any(|c| c == *cap),
                "{cap} is not an ECS capability"
            );
        }
    }
}
