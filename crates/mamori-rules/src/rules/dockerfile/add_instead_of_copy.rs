//! `ADD` should be kept for what only it does: extracting a local tar archive, or fetching a
//! URL whose content it verifies (`--checksum`). For local files and folders `COPY` does the same
//! without the surprises (archives unpacked, URLs fetched unchecked).

use crate::docker::{each_dockerfile, instructions, stage_path};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::dockerfile::{Body, Instruction, KIND_DOCKERFILE};
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct AddInsteadOfCopy;

pub static RULE: AddInsteadOfCopy = AddInsteadOfCopy;

static META: RuleMeta = RuleMeta {
    id: "MAM-DKR-004",
    name: "dockerfile-add-instead-of-copy",
    title_en: "Dockerfiles should use COPY rather than ADD for local files, and verify what ADD downloads",
    title_ja: "Dockerfile ではローカルファイルに ADD ではなく COPY を使い、ADD で取得するものは検証する",
    severity: Severity::Low,
    controls: &["nist-800-53/CM-6", "nist-800-53/SI-7"],
    equivalents: &[
        ("checkov", "CKV_DOCKER_4"),
        ("trivy", "AVD-DS-0005"),
        ("hadolint", "DL3020"),
    ],
    resource_kinds: &[KIND_DOCKERFILE],
    sources: &[SourceKind::Dockerfile],
};

/// The tar archives `ADD` extracts (uncompressed, gzip, bzip2, xz), by name.
const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".tzst",
];

fn is_remote(src: &str) -> bool {
    let l = src.to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://") || l.starts_with("git@") || l.starts_with("git://")
}

fn verified(i: &Instruction) -> bool {
    i.flag("checksum").is_some_and(|c| !c.is_empty())
}

impl Rule for AddInsteadOfCopy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        each_dockerfile(inv, ctx, |d, j| {
            for (s, i) in instructions(&d.stages) {
                let Body::Add { sources } = &i.body else { continue };
                    // `ADD --from` does not exist; a stage's files are copied with COPY --from.
                    for src in sources {
                        let t = src.text.as_str();
                        let path = format!("{}.add[{t}]", stage_path(s));
                        if is_remote(t) {
                            if verified(i) {
                                continue;
                            }
                            j.fail(
                                path,
                                &src.origin,
                                Text::new(
                                    format!("ADD downloads `{t}` without `--checksum`: nothing verifies what the build gets"),
                                    format!("ADD が `{t}` を `--checksum` なしで取得しています。取得した内容を何も検証しません"),
                                ),
                            );
                            continue;
                        }
                        let lower = t.to_ascii_lowercase();
                        if ARCHIVES.iter().any(|a| lower.ends_with(a)) {
                            continue;
                        }
                        if t.contains('$') {
                            j.undecided(
                                &src.origin,
                                format!("the source `{t}` of ADD uses a variable: whether it is a tar archive is not known"),
                            );
                            continue;
                        }
                        j.fail(
                            path,
                            &src.origin,
                            Text::new(
                                format!("ADD copies the local `{t}`, which is no tar archive: COPY does the same without ADD's extra behaviour"),
                                format!("ADD で tar アーカイブではないローカルの `{t}` をコピーしています。COPY なら ADD の余計な動作なしに同じことができます"),
                            ),
                        );
                    }
            }
        });
    }
}
