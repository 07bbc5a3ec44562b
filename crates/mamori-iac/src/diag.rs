//! Problems met while reading sources.

use std::sync::Arc;

/// A problem in one input file: it failed to parse, or part of it could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: Arc<str>,
    pub line: u32,
    pub col: u32,
    pub message: String,
    pub level: Level,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Shown to the user, does not change the exit code.
    Note,
    /// The file (or a part of it) could not be read; the scan exits with 2.
    Error,
}

impl Diagnostic {
    pub fn error(path: Arc<str>, line: u32, col: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path,
            line,
            col,
            message: message.into(),
            level: Level::Error,
        }
    }

    pub fn note(path: Arc<str>, line: u32, col: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path,
            line,
            col,
            message: message.into(),
            level: Level::Note,
        }
    }
}
