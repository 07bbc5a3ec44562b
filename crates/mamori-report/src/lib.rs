//! Output formats. A renderer sees findings, diagnostics and the summary, never a source format.

pub mod compliance;
pub mod csv;
pub mod gitlab;
pub mod html;
mod i18n;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod reasons;
pub mod sarif;
pub mod text;
#[cfg(test)]
mod unknown_tests;

pub use i18n::{Msg, severity_label, tr};

use mamori_model::finding::{Pass, Undecided};
use mamori_model::{Finding, Lang, Severity, Text};
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
    /// Findings silenced by suppressions, and how many of them by other scanners' comments.
    pub suppressed: usize,
    pub suppressed_foreign: usize,
    /// Whether other scanners' ignore comments were honoured (`None`: not applicable).
    pub foreign_ignores: Option<bool>,
    /// Findings left out because the baseline already holds them.
    pub baselined: usize,
    /// `--unknown fail`: checks left undecided by an unknown value count as failures (for the
    /// exit code, and in the formats that can say so).
    pub unknown_fails: bool,
    /// A live AWS scan (`--aws`): what was read and what could not be.
    pub aws: Option<AwsSummary>,
}

/// The live part of a scan.
#[derive(Clone, Debug, Default)]
pub struct AwsSummary {
    pub account: Option<String>,
    pub regions: Vec<String>,
    /// HTTP requests sent, retries among them.
    pub requests: usize,
    pub retries: usize,
    /// The API calls that failed after retries.
    pub unread: Vec<UnreadCall>,
}

/// An API call that failed, and what it left unread.
#[derive(Clone, Debug, Default)]
pub struct UnreadCall {
    pub region: String,
    /// `ecs:DescribeServices`.
    pub call: String,
    /// The reason in English (translated like undecided reasons).
    pub reason: String,
    /// ARNs, or the collection that could not be listed (`services of arn:…`).
    pub resources: Vec<String>,
}

/// Who silenced a finding.
#[derive(Clone, Debug)]
pub struct Suppression {
    /// `mamori`, `checkov`, `trivy` or `kics`: whose syntax it is written in.
    pub syntax: &'static str,
    /// In the scanned source (`true`: a comment or `Metadata`), or in `mamori.toml`.
    pub in_source: bool,
    pub reason: Option<String>,
    pub until: Option<String>,
    /// `path:line` of the declaration.
    pub at: String,
}

/// A finding a suppression silenced.
#[derive(Clone, Debug)]
pub struct SuppressedFinding {
    pub finding: Finding,
    pub by: Suppression,
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
    /// The rules that ran, for formats that describe them (SARIF) or list every check (JUnit).
    pub rules: &'a [RuleInfo],
    /// The checks that passed, one per rule and resource.
    pub passes: &'a [Pass],
    /// Findings silenced by a suppression; formats that can say so (JSON, SARIF) keep them.
    pub suppressed: &'a [SuppressedFinding],
}

/// What a report says about a rule.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub title: Text,
    pub severity: Severity,
    /// `framework/control`, e.g. `aws-securityhub/ECS.12`.
    pub controls: Vec<&'static str>,
    /// The rule's document (Markdown) in English and, when written, Japanese.
    pub doc_en: Option<&'static str>,
    pub doc_ja: Option<&'static str>,
}

impl RuleInfo {
    /// The document in the report's language, English when the other is missing.
    pub fn doc(&self, lang: Lang) -> Option<&'static str> {
        match lang {
            Lang::Ja => self.doc_ja.or(self.doc_en),
            Lang::En => self.doc_en,
        }
    }
}

/// The formats a report can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputKind {
    Text,
    Json,
    Sarif,
    Junit,
    Csv,
    Markdown,
    GitlabSast,
    Html,
}

impl OutputKind {
    pub const ALL: &'static [OutputKind] = &[
        OutputKind::Text,
        OutputKind::Json,
        OutputKind::Sarif,
        OutputKind::Junit,
        OutputKind::Csv,
        OutputKind::Markdown,
        OutputKind::GitlabSast,
        OutputKind::Html,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OutputKind::Text => "text",
            OutputKind::Json => "json",
            OutputKind::Sarif => "sarif",
            OutputKind::Junit => "junit",
            OutputKind::Csv => "csv",
            OutputKind::Markdown => "markdown",
            OutputKind::GitlabSast => "gitlab-sast",
            OutputKind::Html => "html",
        }
    }

    pub fn parse(s: &str) -> Option<OutputKind> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
    }
}

/// Renders a report in a format. `text` is for the terminal's options (colour, quiet).
pub fn render(kind: OutputKind, r: &Report<'_>, text: text::TextOptions) -> String {
    match kind {
        OutputKind::Text => text::render(r, text),
        OutputKind::Json => json::render(r),
        OutputKind::Sarif => sarif::render(r),
        OutputKind::Junit => junit::render(r),
        OutputKind::Csv => csv::render(r),
        OutputKind::Markdown => markdown::render(r),
        OutputKind::GitlabSast => gitlab::render(r),
        OutputKind::Html => html::render(r),
    }
}

impl Report<'_> {
    pub fn count(&self, sev: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == sev).count()
    }
}
