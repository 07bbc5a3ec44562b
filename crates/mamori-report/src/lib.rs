//! Output formats. A renderer sees findings, diagnostics and the summary, never a source format.

mod i18n;
pub mod json;
pub mod text;

pub use i18n::{Msg, severity_label, tr};

use mamori_model::finding::Undecided;
use mamori_model::{Finding, Lang, Severity};
use std::time::Duration;

/// A file that could not be read.
#[derive(Clone, Debug)]
pub struct InputError {
    pub path: String,
    pub line: u32,
    pub col: u32,
    pub message: String,
}

/// Counts for the closing summary.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub files_scanned: usize,
    pub files_skipped: usize,
    pub files_failed: usize,
    pub resources: usize,
    pub rules_run: usize,
    pub checks_passed: usize,
    pub duration: Duration,
    /// The lowest severity reported.
    pub threshold: Option<Severity>,
}

/// Everything a renderer needs.
pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub undecided: &'a [Undecided],
    pub errors: &'a [InputError],
    /// Files skipped or partly read for a reason worth knowing (not failures).
    pub notes: &'a [InputError],
    pub summary: Summary,
    pub lang: Lang,
    /// Looks up one line of a scanned file (1-based), for showing the offending source.
    pub source_line: &'a dyn Fn(&str, u32) -> Option<String>,
}

impl Report<'_> {
    pub fn count(&self, sev: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == sev).count()
    }
}
