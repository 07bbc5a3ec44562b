//! Positions in source files and the origin of every model value.

use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// A range in a source file. Lines and columns are 1-based; columns count characters.
/// Byte offsets are kept so that a fixer can splice the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub start_line: u32,
    pub start_col: u32,
    pub end_line: u32,
    pub end_col: u32,
    #[serde(skip)]
    pub start_byte: usize,
    #[serde(skip)]
    pub end_byte: usize,
}

/// A span inside a named file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    /// The path as the user gave it (relative paths stay relative), or `-` for standard input.
    pub path: Arc<str>,
    pub span: Span,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.span.start_line, self.span.start_col)
    }
}

/// Where a model value came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Written in (or, for an omitted value, implied by the block at) a source file.
    Source(Location),
    /// Read from an AWS API; the resource's ARN.
    Api { arn: String },
    /// Built by the scanner with no place to point at (tests, synthetic values).
    Synthetic,
}

impl Origin {
    pub fn location(&self) -> Option<&Location> {
        match self {
            Origin::Source(l) => Some(l),
            _ => None,
        }
    }
}
