//! `WORKDIR` should be an absolute path: a relative one is resolved against whatever the
//! previous `WORKDIR` (or the base image's) was, which the Dockerfile does not show.

use crate::docker::each_workdir;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::dockerfile::KIND_DOCKERFILE;
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct WorkdirRelative;

pub static RULE: WorkdirRelative = WorkdirRelative;

static META: RuleMeta = RuleMeta {
    id: "MAM-DKR-009",
    name: "dockerfile-workdir-relative",
    title_en: "Dockerfile WORKDIR paths should be absolute",
    title_ja: "Dockerfile の WORKDIR は絶対パスで書く",
    severity: Severity::Low,
    controls: &["nist-800-53/CM-6"],
    equivalents: &[
        ("checkov", "CKV_DOCKER_10"),
        ("trivy", "AVD-DS-0009"),
        ("hadolint", "DL3000"),
    ],
    resource_kinds: &[KIND_DOCKERFILE],
    sources: &[SourceKind::Dockerfile],
};

/// `/app`, `C:\app`, `C:/app`, `\app`.
pub fn is_absolute(p: &str) -> bool {
    let b = p.as_bytes();
    p.starts_with('/') || p.starts_with('\\') || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

impl Rule for WorkdirRelative {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        each_workdir(inv, ctx, |p| {
            (!is_absolute(p)).then(|| {
                Text::new(
                    format!("WORKDIR `{p}` is relative: where it lands depends on the WORKDIR before it"),
                    format!("WORKDIR `{p}` は相対パスです。どこになるかは直前の WORKDIR 次第です"),
                )
            })
        });
    }
}
