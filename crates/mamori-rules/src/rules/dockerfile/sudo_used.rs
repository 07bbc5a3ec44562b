//! `RUN` should not use `sudo`: a build step that needs root runs under `USER root` and switches
//! back, and a `sudo` binary left in the image is a way from the app's user to root.

use crate::docker::{all_runs, each_dockerfile, run_path};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::dockerfile::KIND_DOCKERFILE;
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct SudoUsed;

pub static RULE: SudoUsed = SudoUsed;

static META: RuleMeta = RuleMeta {
    id: "MAM-DKR-005",
    name: "dockerfile-sudo-used",
    title_en: "Dockerfiles should not use sudo",
    title_ja: "Dockerfile で sudo を使わない",
    severity: Severity::Medium,
    controls: &["nist-800-53/AC-6"],
    equivalents: &[
        ("checkov", "CKV2_DOCKER_1"),
        ("trivy", "AVD-DS-0010"),
        ("hadolint", "DL3004"),
    ],
    resource_kinds: &[KIND_DOCKERFILE],
    sources: &[SourceKind::Dockerfile],
};

impl Rule for SudoUsed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        each_dockerfile(inv, ctx, |d, j| {
            for (s, n, cmds) in all_runs(&d.stages) {
                // `sudo …`, also behind another wrapper (`env A=1 sudo …`, `nice sudo …`).
                let called = cmds.iter().find_map(|c| {
                    let inner = c.unwrapped();
                    // The wrappers and the program they run.
                    let upto = (c.words.len() - inner.words.len() + 1).min(c.words.len());
                    c.words[..upto]
                        .iter()
                        .find(|w| w.text.rsplit('/').next() == Some("sudo"))
                });
                let Some(at) = called.map(|w| &w.origin) else { continue };
                j.fail(
                    run_path(s, n),
                    at,
                    Text::new(
                        "RUN uses sudo: run the step under `USER root` and switch back to an unprivileged user, without sudo in the image",
                        "RUN で sudo を使っています。その手順は `USER root` で実行して非特権ユーザーに戻し、イメージに sudo を入れないでください",
                    ),
                );
            }
        });
    }
}
