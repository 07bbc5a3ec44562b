//! Baselines: the findings a repository already had when it adopted mamori, so that a scan
//! reports only new ones.
//!
//! A finding is known by its rule, where its resource is declared, the resource's address and
//! the attribute the finding is about (`Finding::attribute`) — never by a line or a value, so reformatting a file or moving a
//! block within its module keeps the finding known. Where the resource is declared is the folder
//! for Terraform (a module's addresses are unique within its folder) and the file for the other
//! sources (a CloudFormation logical id is unique within its template), relative to the
//! baseline file's folder, so that the scan may be run from anywhere.

use crate::suppress::relative;
use mamori_model::Finding;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// The version of the baseline file format.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub version: u32,
    pub tool: String,
    pub findings: Vec<Entry>,
}

/// One known finding. `key` decides; the other fields are there for people reading the file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub key: String,
    pub rule: String,
    /// The folder (Terraform) or file (other sources) that declares the resource.
    pub scope: String,
    pub address: String,
    pub attribute: String,
    pub message: String,
}

/// What identifies a finding across edits.
pub struct Keyer<'a> {
    /// The baseline file's folder.
    pub base: &'a Path,
    pub cwd: &'a Path,
}

impl Keyer<'_> {
    fn scope(&self, f: &Finding) -> String {
        if let Some(scope) = f.resource.scope.as_deref().filter(|_| f.resource.source == "terraform") {
            // The root module's folder: a module called by two configurations declares a
            // resource in each, at the same address.
            let rel = relative(
                Path::new(if scope.is_empty() { "." } else { scope }),
                self.base,
                self.cwd,
            );
            return if rel.is_empty() { ".".to_string() } else { rel };
        }
        let Some(loc) = f.location() else { return String::new() };
        let rel = relative(Path::new(&*loc.path), self.base, self.cwd);
        if f.resource.source == "terraform" {
            match rel.rfind('/') {
                Some(i) => rel[..i].to_string(),
                None => ".".to_string(),
            }
        } else {
            rel
        }
    }

    pub fn entry(&self, f: &Finding) -> Entry {
        let scope = self.scope(f);
        let attribute = f.attribute.clone();
        let parts = [
            f.rule_id,
            scope.as_str(),
            f.resource.address.as_str(),
            attribute.as_str(),
        ];
        let key = format!("{:016x}", mamori_report::sarif::fnv1a(parts));
        Entry {
            key,
            rule: f.rule_id.to_string(),
            scope,
            address: f.resource.address.clone(),
            attribute,
            message: f.message.en.clone(),
        }
    }
}

/// The baseline text for these findings, ordered so that the file diffs well.
pub fn write(findings: &[&Finding], keyer: &Keyer<'_>) -> String {
    let mut entries: Vec<Entry> = findings.iter().map(|f| keyer.entry(f)).collect();
    entries.sort_by(|a, b| {
        (&a.scope, &a.address, &a.rule, &a.attribute).cmp(&(&b.scope, &b.address, &b.rule, &b.attribute))
    });
    entries.dedup_by(|a, b| a.key == b.key);
    let file = File {
        version: VERSION,
        tool: format!("mamori {}", env!("CARGO_PKG_VERSION")),
        findings: entries,
    };
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

/// The keys of a baseline file.
pub fn read(text: &str) -> Result<HashSet<String>, String> {
    let file: File = serde_json::from_str(text).map_err(|e| format!("not a mamori baseline: {e}"))?;
    if file.version != VERSION {
        return Err(format!(
            "baseline version {} is not supported (this mamori reads version {VERSION})",
            file.version
        ));
    }
    Ok(file.findings.into_iter().map(|e| e.key).collect())
}
