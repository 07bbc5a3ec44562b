//! A package index refreshed in a `RUN` of its own (`apt-get update`) is cached in its layer:
//! later `RUN … install` steps reuse the stale index, and the image gets old packages.

use crate::docker::{all_runs, each_dockerfile, run_path};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::dockerfile::{Command, KIND_DOCKERFILE};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct UpdateWithoutInstall;

pub static RULE: UpdateWithoutInstall = UpdateWithoutInstall;

static META: RuleMeta = RuleMeta {
    id: "MAM-DKR-006",
    name: "dockerfile-update-without-install",
    title_en: "Dockerfiles should refresh a package index in the same RUN that installs packages",
    title_ja: "Dockerfile ではパッケージインデックスの更新とインストールを同じ RUN で行う",
    severity: Severity::Low,
    controls: &["nist-800-53/CM-6", "nist-800-53/SI-2"],
    equivalents: &[("checkov", "CKV_DOCKER_5"), ("trivy", "AVD-DS-0017")],
    resource_kinds: &[KIND_DOCKERFILE],
    sources: &[SourceKind::Dockerfile],
};

/// The package manager family, the subcommands that refresh its index, and those that install.
const MANAGERS: &[(&[&str], &[&str], &[&str])] = &[
    (
        &["apt-get", "apt", "aptitude"],
        &["update"],
        &["install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "reinstall", "safe-upgrade"],
    ),
    (&["apk"], &["update"], &["add", "upgrade", "fix"]),
    (
        &["zypper"],
        &["refresh", "ref"],
        &["install", "in", "update", "up", "dist-upgrade", "dup", "patch"],
    ),
    (
        &["yum", "dnf", "microdnf", "tdnf"],
        &["makecache"],
        &["install", "update", "upgrade", "reinstall", "groupinstall", "localinstall"],
    ),
];

/// The subcommand of a package manager command: the first word after the program that is not
/// an option.
fn subcommand(c: &Command) -> Option<&str> {
    let start = c.program_index()? + 1;
    c.words[start..]
        .iter()
        .map(|w| w.text.as_str())
        .find(|w| !w.starts_with('-'))
}

fn family(c: &Command) -> Option<usize> {
    let p = c.program()?;
    MANAGERS.iter().position(|(names, _, _)| names.contains(&p))
}

impl Rule for UpdateWithoutInstall {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        each_dockerfile(inv, ctx, |d, j| {
            for (s, n, cmds) in all_runs(&d.stages) {
                // `sudo apt-get install …` installs with apt-get.
                let cmds: Vec<Command> = cmds.iter().map(Command::unwrapped).collect();
                for c in &cmds {
                    let Some(f) = family(c) else { continue };
                    let (_, updates, installs) = MANAGERS[f];
                    let Some(sub) = subcommand(c) else { continue };
                    if !updates.contains(&sub) {
                        continue;
                    }
                    let installs_too = cmds.iter().any(|o| {
                        family(o) == Some(f) && subcommand(o).is_some_and(|x| installs.contains(&x))
                    });
                    if installs_too {
                        continue;
                    }
                    let prog = c.program().unwrap_or("");
                    j.fail(
                        run_path(s, n),
                        &c.words[c.program_index().unwrap_or(0)].origin,
                        Text::new(
                            format!("`{prog} {sub}` runs in a RUN that installs nothing: the refreshed index is cached in its layer and later installs use it stale"),
                            format!("`{prog} {sub}` を実行する RUN で何もインストールしていません。更新したインデックスがレイヤーにキャッシュされ、後のインストールは古いまま使います"),
                        ),
                    );
                    break;
                }
            }
        });
    }
}
