//! A file the learner wrote, read once, with its line numbers.

use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

/// The text of one input file, as written, minus a UTF-8 byte order mark.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown in messages: relative to the site root, `/`-separated.
    pub name: String,
    /// The file's text without a leading BOM.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A source from text already in memory (tests, fuzzing, embedded content).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text: String = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// Reads `path` (shown as `name`); invalid UTF-8 and unreadable files are errors naming it.
    pub fn read(path: &Path, name: &str) -> Result<Self, Diagnostic> {
        let bytes = std::fs::read(path).map_err(|e| {
            let what = match e.kind() {
                std::io::ErrorKind::NotFound => format!(
                    "file not found (looked for {}); create it or point the config at the right file",
                    path.display()
                ),
                std::io::ErrorKind::PermissionDenied => {
                    "cannot read the file: permission denied; check its permissions".to_string()
                }
                _ => format!("cannot read the file: {e}"),
            };
            Diagnostic::new(name, 0, what)
        })?;
        SourceFile::from_bytes(name, bytes)
    }

    /// A source from bytes as read from a file; invalid UTF-8 is an error naming the file and
    /// the line of the first bad byte.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Self, Diagnostic> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::from_text(name, text)),
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                Err(Diagnostic::new(
                    name,
                    line,
                    format!(
                        "invalid UTF-8 (byte {} of the file); save the file as UTF-8",
                        e.utf8_error().valid_up_to() + 1
                    ),
                ))
            }
        }
    }

    /// The 1-based line that holds byte `offset` of the text.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// The name of `path` relative to `root`, with `/` separators, for messages and JSON.
pub fn display_name(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let parts: Vec<String> = rel
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_one_and_bom_is_dropped() {
        let s = SourceFile::from_text("a.md", "\u{feff}one\ntwo\r\nthree");
        assert_eq!(s.text, "one\ntwo\r\nthree");
        assert_eq!(s.line_of(0), 1);
        assert_eq!(s.line_of(3), 1);
        assert_eq!(s.line_of(4), 2);
        assert_eq!(s.line_of(9), 3);
    }

    #[test]
    fn invalid_utf8_names_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.md");
        std::fs::write(&p, b"ok\nbad \xff here\n").unwrap();
        let err = SourceFile::read(&p, "content/t.md").unwrap_err();
        assert_eq!(err.file, "content/t.md");
        assert_eq!(err.line, 2);
        assert!(err.message.contains("UTF-8"), "{}", err.message);
    }

    #[test]
    fn display_names_use_slashes_relative_to_root() {
        let root = Path::new("/site");
        assert_eq!(
            display_name(root, Path::new("/site/content/tracker.md")),
            "content/tracker.md"
        );
    }
}
