//! The image should not expose port 22 (SSH): a container is reached through the platform
//! (ECS Exec, `kubectl exec`), not an SSH daemon.

use crate::docker::{each_dockerfile, instructions, stage_path};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::dockerfile::{Body, KIND_DOCKERFILE};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct SshPortExposed;

pub static RULE: SshPortExposed = SshPortExposed;

static META: RuleMeta = RuleMeta {
    id: "MAM-DKR-003",
    name: "dockerfile-ssh-port-exposed",
    title_en: "Dockerfile images should not expose port 22 (SSH)",
    title_ja: "Dockerfile のイメージでポート 22（SSH）を公開しない",
    severity: Severity::Medium,
    controls: &["nist-800-53/CM-7"],
    equivalents: &[("checkov", "CKV_DOCKER_1"), ("trivy", "AVD-DS-0004")],
    resource_kinds: &[KIND_DOCKERFILE],
    sources: &[SourceKind::Dockerfile],
};

/// Whether an `EXPOSE` item (`22`, `22/tcp`, `20-30/udp`) covers port 22; `None` when it uses a
/// variable or is not a port.
fn covers_22(item: &str) -> Option<bool> {
    let port = item.split('/').next().unwrap_or("");
    let (lo, hi) = match port.split_once('-') {
        Some((a, b)) => (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?),
        None => {
            let p = port.parse::<u32>().ok()?;
            (p, p)
        }
    };
    Some(lo <= 22 && 22 <= hi)
}

impl Rule for SshPortExposed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        each_dockerfile(inv, ctx, |d, j| {
            // The image carries the EXPOSE of its own stage and of the stages it is built on.
            for (s, i) in instructions(d.final_chain()) {
                let Body::Expose(ports) = &i.body else { continue };
                for p in ports {
                    match covers_22(&p.text) {
                        Some(true) => j.fail(
                            format!("{}.expose[{}]", stage_path(s), p.text),
                            &p.origin,
                            Text::new(
                                format!("the image of `{}` exposes port 22 (`EXPOSE {}`): SSH into containers", d.meta.name, p.text),
                                format!("`{}` のイメージがポート 22 を公開しています（`EXPOSE {}`）。コンテナへの SSH です", d.meta.name, p.text),
                            ),
                        ),
                        Some(false) => {}
                        None => j.undecided(&p.origin, format!("the port `{}` of EXPOSE is not a number mamori can read", p.text)),
                    }
                }
            }
        });
    }
}
