//! Base images should come from the registries the team trusts (`[params] trusted_registries`).
//! A reference without a registry host is on Docker Hub: `nginx` is `docker.io/library/nginx`.
//! The rule is off while the list is empty.

use crate::docker::each_base_image;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::dockerfile::{ImageRef, KIND_DOCKERFILE};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct UntrustedRegistry;

pub static RULE: UntrustedRegistry = UntrustedRegistry;

static META: RuleMeta = RuleMeta {
    id: "MAM-DKR-012",
    name: "dockerfile-untrusted-registry",
    title_en: "Dockerfile base images should come from a trusted registry",
    title_ja: "Dockerfile のベースイメージは信頼するレジストリから取得する",
    severity: Severity::Medium,
    controls: &["nist-800-53/CM-7", "nist-800-53/SI-7"],
    equivalents: &[("hadolint", "DL3026")],
    resource_kinds: &[KIND_DOCKERFILE],
    sources: &[SourceKind::Dockerfile],
};

/// Whether an image is covered by a trusted entry: a registry host (`ghcr.io`), or a host and
/// repository prefix (`docker.io/library`, `ghcr.io/acme/`).
pub fn trusted(r: &ImageRef, entries: &[String]) -> bool {
    let full = r.full_name().to_ascii_lowercase();
    let registry = r.registry.to_ascii_lowercase();
    entries.iter().any(|e| {
        let e = e.trim_end_matches('/');
        let e = match e.split_once('/') {
            Some(("index.docker.io" | "registry-1.docker.io", rest)) => format!("docker.io/{rest}"),
            None if e == "index.docker.io" || e == "registry-1.docker.io" => "docker.io".to_string(),
            _ => e.to_string(),
        };
        registry == e || full == e || full.starts_with(&format!("{e}/"))
    })
}

impl Rule for UntrustedRegistry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        let entries = &ctx.params.trusted_registries.clone();
        if entries.is_empty() {
            return;
        }
        each_base_image(inv, ctx, |s, r| {
            if trusted(r, entries) {
                return None;
            }
            let full = r.full_name();
            Some(Text::new(
                format!("the base image `{}` comes from `{full}`, which `trusted_registries` does not list", s.image_written),
                format!("ベースイメージ `{}` の取得元 `{full}` は `trusted_registries` にありません", s.image_written),
            ))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_path_prefixes() {
        let e = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let r = |s: &str| ImageRef::parse(s).unwrap();
        assert!(trusted(&r("nginx:1.27"), &e(&["docker.io/library"])));
        assert!(trusted(&r("nginx:1.27"), &e(&["index.docker.io/library/"])));
        assert!(!trusted(&r("bitnami/redis:7"), &e(&["docker.io/library"])));
        assert!(trusted(&r("bitnami/redis:7"), &e(&["docker.io"])));
        assert!(!trusted(&r("docker.io/library-extra/x:1"), &e(&["docker.io/library"])));
        assert!(trusted(&r("ghcr.io/acme/app:1"), &e(&["ghcr.io"])));
        assert!(trusted(
            &r("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:3"),
            &e(&["123456789012.dkr.ecr.ap-northeast-1.amazonaws.com"])
        ));
        assert!(!trusted(&r("public.ecr.aws/nginx/nginx:1"), &e(&["public.ecr.aws/docker/library"])));
    }
}
