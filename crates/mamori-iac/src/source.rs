//! Source files and byte-offset to line/column conversion.

use mamori_model::{Location, Origin, Span};
use std::sync::Arc;

/// A file read for scanning.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as shown to the user (`-` for standard input).
    pub path: Arc<str>,
    pub text: Arc<str>,
    pub lines: Arc<LineIndex>,
}

impl SourceFile {
    pub fn new(path: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let lines = Arc::new(LineIndex::new(&text));
        SourceFile {
            path: path.into(),
            text,
            lines,
        }
    }

    /// The span of a byte range.
    pub fn span(&self, start: usize, end: usize) -> Span {
        self.lines.span(&self.text, start, end)
    }

    /// The origin of a byte range of this file.
    pub fn origin(&self, start: usize, end: usize) -> Origin {
        Origin::Source(self.location(start, end))
    }

    pub fn location(&self, start: usize, end: usize) -> Location {
        Location {
            path: self.path.clone(),
            span: self.span(start, end),
        }
    }

    /// The origin of an already computed span.
    pub fn origin_of(&self, span: Span) -> Origin {
        Origin::Source(Location {
            path: self.path.clone(),
            span,
        })
    }
}

/// Byte offsets of line starts, for turning byte offsets into lines and columns.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// For text that is not pure ASCII: the byte offset of every character, so that parsers
    /// reporting character indexes (saphyr) can be mapped to bytes.
    char_bytes: Option<Vec<u32>>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let char_bytes = if text.is_ascii() {
            None
        } else {
            let mut v: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
            v.push(text.len() as u32);
            Some(v)
        };
        LineIndex { starts, char_bytes }
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, byte: usize) -> (u32, u32) {
        let byte = byte.min(text.len());
        let line = match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let col = if self.char_bytes.is_none() {
            byte - start
        } else {
            let mut b = byte;
            while b > start && !text.is_char_boundary(b) {
                b -= 1;
            }
            text[start..b].chars().count()
        };
        (line as u32 + 1, col as u32 + 1)
    }

    pub fn span(&self, text: &str, start: usize, end: usize) -> Span {
        let (start_line, start_col) = self.line_col(text, start);
        let (end_line, end_col) = self.line_col(text, end.max(start));
        Span {
            start_line,
            start_col,
            end_line,
            end_col,
            start_byte: start,
            end_byte: end.max(start),
        }
    }

    /// The byte offset of a character index.
    pub fn char_to_byte(&self, char_index: usize) -> usize {
        match &self.char_bytes {
            None => char_index,
            Some(v) => v.get(char_index).copied().unwrap_or(*v.last().unwrap_or(&0)) as usize,
        }
    }

    /// The byte offset where a 1-based line starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts.get((line as usize).checked_sub(1)?).copied()
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_of_bytes() {
        let f = SourceFile::new("a", "ab\ncd\n\nef");
        assert_eq!(f.lines.line_col(&f.text, 0), (1, 1));
        assert_eq!(f.lines.line_col(&f.text, 4), (2, 2));
        assert_eq!(f.lines.line_col(&f.text, 7), (4, 1));
        let s = f.span(3, 5);
        assert_eq!((s.start_line, s.start_col, s.end_line, s.end_col), (2, 1, 2, 3));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = SourceFile::new("a", "# 守り\nx: 1");
        assert_eq!(f.lines.line_col(&f.text, "# 守り".len()), (1, 5));
        assert_eq!(f.lines.char_to_byte(3), "# 守".len());
    }
}
