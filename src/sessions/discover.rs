//! Finding note files: every `*.md` under the sessions folder, in a stable order.

use super::Session;
use super::note;
use crate::diagnostics::Diagnostic;
use crate::source::{SourceFile, display_name};
use std::path::{Path, PathBuf};

/// True for names a walk skips: hidden files and folders, drafts and templates (`_`), and
/// editor leftovers (`.#note.md`, `note.md~`, `#note.md#`, swap files).
pub fn skipped(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('_')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// Every note file below `folder`, sorted by path. A missing folder has none. Folders that
/// cannot be read and symbolic-link loops draw a warning and are skipped.
pub fn note_files(root: &Path, folder: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    if !folder.is_dir() {
        return (files, warnings);
    }
    let walk = walkdir::WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(&e.file_name().to_string_lossy()));
    for entry in walk {
        match entry {
            Ok(e) => {
                let is_note = e.file_type().is_file()
                    && e.path()
                        .extension()
                        .is_some_and(|x| x.eq_ignore_ascii_case("md"));
                if is_note {
                    files.push(e.into_path());
                }
            }
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| folder.to_path_buf());
                let why = if err.loop_ancestor().is_some() {
                    "this link leads back to a folder above it (a loop); it is skipped".to_string()
                } else {
                    format!("cannot be read ({err}); it is skipped")
                };
                warnings.push(Diagnostic::new(display_name(root, &path), 0, why));
            }
        }
    }
    (files, warnings)
}

/// Reads one note file as a session. A file whose name below the root is not UTF-8 is an
/// error: its name could only be shown approximately, and two such names could look alike.
pub fn read_note(root: &Path, path: &Path) -> Result<(Session, Vec<Diagnostic>), Diagnostic> {
    let name = display_name(root, path);
    if path.strip_prefix(root).unwrap_or(path).to_str().is_none() {
        return Err(Diagnostic::new(
            name,
            0,
            "the file name is not valid UTF-8 (shown here with \u{fffd}); rename the file \
             using UTF-8 characters",
        ));
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    SourceFile::read(path, &name).and_then(|source| note::read(&source, &stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_hidden_files_and_editor_leftovers_are_skipped() {
        for name in [
            ".#note.md",
            "_draft.md",
            ".hidden",
            "note.md~",
            "#note.md#",
            "_templates",
        ] {
            assert!(skipped(name), "{name}");
        }
        assert!(!skipped("2026-01-21.md"));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_that_is_not_utf8_is_an_error_naming_it() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let s = dir.path().join("content/sessions");
        std::fs::create_dir_all(&s).unwrap();
        let path = s.join(std::ffi::OsStr::from_bytes(b"2026-01-02-caf\xe9.md"));
        std::fs::write(&path, "# Caf\n").unwrap();
        let err = read_note(dir.path(), &path).unwrap_err();
        assert_eq!(err.file, "content/sessions/2026-01-02-caf\u{fffd}.md");
        assert_eq!(err.line, 0);
        assert!(err.message.contains("not valid UTF-8"), "{err:?}");
    }

    #[cfg(unix)]
    #[test]
    fn walks_sorted_recursively_and_survives_link_loops() {
        let dir = tempfile::tempdir().unwrap();
        let s = dir.path().join("content/sessions");
        std::fs::create_dir_all(s.join("2026/jan")).unwrap();
        std::fs::create_dir_all(s.join("_drafts")).unwrap();
        std::fs::write(s.join("b.md"), "x").unwrap();
        std::fs::write(s.join("a.md"), "x").unwrap();
        std::fs::write(s.join("2026/jan/c.md"), "x").unwrap();
        std::fs::write(s.join("_drafts/d.md"), "x").unwrap();
        std::fs::write(s.join("notes.txt"), "x").unwrap();
        std::os::unix::fs::symlink(&s, s.join("2026/loop")).unwrap();
        let (files, warnings) = note_files(dir.path(), &s);
        let names: Vec<String> = files.iter().map(|p| display_name(dir.path(), p)).collect();
        assert_eq!(
            names,
            [
                "content/sessions/2026/jan/c.md",
                "content/sessions/a.md",
                "content/sessions/b.md"
            ]
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("loop"));
    }
}
