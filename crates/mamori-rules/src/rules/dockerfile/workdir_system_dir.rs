//! `WORKDIR` should not be a system folder (`/proc`, `/sys`, `/dev`, `/boot`…): files written
//! there either vanish under the runtime's mounts or change the system's behaviour.

use crate::docker::each_workdir;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::dockerfile::KIND_DOCKERFILE;
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct WorkdirSystemDir;

pub static RULE: WorkdirSystemDir = WorkdirSystemDir;

static META: RuleMeta = RuleMeta {
    id: "MAM-DKR-010",
    name: "dockerfile-workdir-system-dir",
    title_en: "Dockerfile WORKDIR should not be a system directory",
    title_ja: "Dockerfile の WORKDIR をシステムディレクトリにしない",
    severity: Severity::High,
    controls: &["nist-800-53/CM-6"],
    equivalents: &[("trivy", "AVD-DS-0030")],
    resource_kinds: &[KIND_DOCKERFILE],
    sources: &[SourceKind::Dockerfile],
};

/// Folders the kernel or the runtime owns.
const SYSTEM: &[&str] = &["/proc", "/sys", "/dev", "/boot", "/initrd", "/lost+found"];

fn system_dir(p: &str) -> Option<&'static str> {
    let norm = format!("/{}", p.trim_matches('/'));
    SYSTEM
        .iter()
        .find(|d| norm == **d || norm.starts_with(&format!("{d}/")))
        .copied()
}

impl Rule for WorkdirSystemDir {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        each_workdir(inv, ctx, |p| {
            if !p.starts_with('/') {
                return None;
            }
            let dir = system_dir(p)?;
            Some(Text::new(
                format!("WORKDIR `{p}` is inside the system folder `{dir}`"),
                format!("WORKDIR `{p}` がシステムフォルダー `{dir}` の中にあります"),
            ))
        });
    }
}
