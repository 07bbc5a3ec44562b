//! `mamori.toml`: the project's settings for a scan.
//!
//! The file is the one named by `--config` (or `MAMORI_CONFIG`), else the first `mamori.toml`
//! found in the folder of the first scanned path or any folder above it (the current folder for
//! standard input). `--no-config` reads none. Each top-level table is one section; today only
//! `[params]`, the values rules depend on. An unknown key anywhere is an error, so that a typo
//! never silently turns a setting off.

use mamori_rules::Params;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "mamori.toml";

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[params]`: rule parameters.
    #[serde(default)]
    pub params: Params,
}

/// Where the configuration comes from.
pub enum Source {
    /// `--no-config`: the defaults.
    Defaults,
    /// `--config PATH` or `MAMORI_CONFIG`: this file, which must exist.
    File(PathBuf),
    /// The nearest `mamori.toml` at or above this folder, if any.
    Discover(PathBuf),
}

/// A configuration and the file it was read from.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    /// `None` when no file was read.
    pub path: Option<PathBuf>,
    /// Settings mamori accepts but that are worth a second look.
    pub warnings: Vec<String>,
}

/// The source for a scan of `paths` (the first decides where discovery starts).
pub fn source(explicit: Option<&Path>, no_config: bool, paths: &[PathBuf]) -> Source {
    if no_config {
        return Source::Defaults;
    }
    if let Some(p) = explicit.filter(|p| !p.as_os_str().is_empty()) {
        return Source::File(p.to_path_buf());
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let start = match paths.first() {
        Some(p) if p.as_os_str() != "-" => {
            let abs = if p.is_absolute() { p.clone() } else { cwd.join(p) };
            if abs.is_dir() {
                abs
            } else {
                abs.parent().map_or(cwd, Path::to_path_buf)
            }
        }
        _ => cwd,
    };
    Source::Discover(start)
}

/// The nearest `mamori.toml` in `start` or a folder above it, up to the filesystem root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

/// Reads the configuration from its source.
pub fn load(source: Source) -> Result<Loaded, String> {
    let path = match source {
        Source::Defaults => return Ok(Loaded::default()),
        Source::File(p) => p,
        Source::Discover(start) => match discover(&start) {
            Some(p) => p,
            None => return Ok(Loaded::default()),
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (config, warnings) = parse(&text).map_err(|e| format!("{}{e}", path.display()))?;
    Ok(Loaded {
        config,
        path: Some(path),
        warnings,
    })
}

/// Parses and checks the text of a `mamori.toml`. An error starts with `:line:col: ` when it has
/// a place, so that the caller can put the path in front.
pub fn parse(text: &str) -> Result<(Config, Vec<String>), String> {
    let mut config: Config = toml::from_str(text).map_err(|e| {
        let msg = e.message().trim_end().to_string();
        match e.span() {
            Some(span) => {
                let (line, col) = line_col(text, span.start);
                format!(":{line}:{col}: {msg}")
            }
            None => format!(": {msg}"),
        }
    })?;
    let warnings = config.params.validate().map_err(|e| format!(": [params] {e}"))?;
    Ok((config, warnings))
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let (c, w) = parse("").unwrap();
        assert!(c.params.required_tag_keys.is_empty());
        assert_eq!(c.params.fargate_latest_linux, "1.4.0");
        assert!(w.is_empty());
    }

    #[test]
    fn params_are_read_and_repeated_keys_removed() {
        let (c, _) = parse(
            "[params]\nrequired_tag_keys = [\"Owner\", \"CostCenter\", \"Owner\"]\nfargate_latest_linux = \"1.5.0\"\n",
        )
        .unwrap();
        assert_eq!(c.params.required_tag_keys, ["Owner", "CostCenter"]);
        assert_eq!(c.params.fargate_latest_linux, "1.5.0");
        assert_eq!(c.params.fargate_latest_windows, "1.0.0");
    }

    #[test]
    fn unknown_keys_at_any_level_name_the_key_and_its_line() {
        let e = parse("[params]\nrequired_tag_keys = []\nrequired_tags = [\"Owner\"]\n").unwrap_err();
        assert!(e.starts_with(":3:1: "), "{e}");
        assert!(e.contains("`required_tags`"), "{e}");
        let e = parse("[rules]\noff = []\n").unwrap_err();
        assert!(e.contains("`rules`"), "{e}");
    }

    #[test]
    fn wrong_types_and_reserved_keys_are_errors() {
        assert!(parse("[params]\nrequired_tag_keys = \"Owner\"\n").is_err());
        let e = parse("[params]\nrequired_tag_keys = [\"aws:cloudformation:stack-name\"]\n").unwrap_err();
        assert!(e.contains("aws:"), "{e}");
        assert!(parse("[params]\nrequired_tag_keys = [\"\"]\n").is_err());
        assert!(parse("[params\n").is_err());
    }

    #[test]
    fn more_keys_than_security_hub_takes_is_a_warning() {
        let (c, w) =
            parse("[params]\nrequired_tag_keys = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]\n").unwrap();
        assert_eq!(c.params.required_tag_keys.len(), 7);
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn discovery_walks_up_and_stops_at_the_root() {
        let root = std::env::temp_dir().join(format!("mamori-config-{}", std::process::id()));
        let deep = root.join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(root.join("a").join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(root.join("a").join(FILE_NAME)));
        assert_eq!(discover(&root), None);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn discovery_starts_at_the_folder_of_a_file() {
        let d = std::env::temp_dir();
        let f = d.join("some-file.tf");
        match source(None, false, std::slice::from_ref(&f)) {
            Source::Discover(start) => assert_eq!(start, d),
            _ => panic!("expected discovery"),
        }
        assert!(matches!(source(Some(&f), true, &[]), Source::Defaults));
        assert!(matches!(source(Some(&f), false, &[]), Source::File(_)));
    }
}
