//! Finding the files to scan and telling what they are.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Folders never descended into.
pub const SKIPPED_DIRS: &[&str] = &[".git", ".terraform", "node_modules", ".terragrunt-cache", ".hg", ".svn"];

/// What a file is, by its name. Content decides the rest (a `.json` file may be a
/// CloudFormation template, AWS API output, or something mamori does not read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileClass {
    /// `*.tf`
    TerraformConfig,
    /// `*.tfvars`
    TerraformVars,
    /// `*.tf.json` / `*.tfvars.json`: Terraform's JSON syntax.
    TerraformJson,
    Json,
    Yaml,
    /// `Dockerfile`, `Containerfile`, `Dockerfile.*`, `*.Dockerfile`…
    Dockerfile,
    /// A name mamori does not read.
    Other,
}

pub fn classify(path: &Path) -> FileClass {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".tf.json") || lower.ends_with(".tfvars.json") {
        FileClass::TerraformJson
    } else if lower.ends_with(".tf") {
        FileClass::TerraformConfig
    } else if lower.ends_with(".tfvars") {
        FileClass::TerraformVars
    } else if crate::dockerfile::is_dockerfile_name(path) {
        FileClass::Dockerfile
    } else if lower.ends_with(".json") {
        FileClass::Json
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".template") {
        FileClass::Yaml
    } else {
        FileClass::Other
    }
}

/// Walks the given paths in parallel, honouring `.gitignore` and skipping [`SKIPPED_DIRS`].
/// A file named directly is always included. The result is sorted.
pub fn walk(paths: &[PathBuf], exclude: Option<&crate::scan::ExcludeFn>) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut roots = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| format!("{}: {e}", p.display()))?;
        if meta.is_file() {
            found.push(p.clone());
        } else {
            roots.push(p.clone());
        }
    }
    if let Some((first, rest)) = roots.split_first() {
        let mut b = ignore::WalkBuilder::new(first);
        for r in rest {
            b.add(r);
        }
        b.hidden(false)
            .parents(true)
            .git_ignore(true)
            .git_exclude(true)
            .ignore(true)
            .filter_entry({
                let exclude = exclude.cloned();
                move |e| {
                    let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                    if is_dir && e.depth() > 0 && SKIPPED_DIRS.iter().any(|d| e.file_name() == *d) {
                        return false;
                    }
                    e.depth() == 0 || exclude.as_ref().is_none_or(|x| !x(e.path()))
                }
            });
        let out = Mutex::new(Vec::new());
        b.build_parallel().run(|| {
            let out = &out;
            Box::new(move |entry| {
                if let Ok(e) = entry
                    && e.file_type().is_some_and(|t| t.is_file())
                {
                    out.lock().unwrap().push(e.into_path());
                }
                ignore::WalkState::Continue
            })
        });
        found.extend(out.into_inner().unwrap());
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// The path as shown to users: without a leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_by_name() {
        assert_eq!(classify(Path::new("a/main.tf")), FileClass::TerraformConfig);
        assert_eq!(classify(Path::new("prod.auto.tfvars")), FileClass::TerraformVars);
        assert_eq!(classify(Path::new("main.tf.json")), FileClass::TerraformJson);
        assert_eq!(classify(Path::new("stack.template")), FileClass::Yaml);
        assert_eq!(classify(Path::new("svc.JSON")), FileClass::Json);
        assert_eq!(classify(Path::new("README.md")), FileClass::Other);
        assert_eq!(classify(Path::new("svc/Dockerfile")), FileClass::Dockerfile);
        assert_eq!(classify(Path::new("Containerfile.dev")), FileClass::Dockerfile);
    }
}
