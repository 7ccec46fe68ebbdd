//! The guard: which output folders a site may be written to. Never one of the sources, nor a
//! folder that holds one; an existing folder only when it is tracker's (its marker lists every
//! file in it), empty, or set aside with `--force`.

use super::incremental::is_replacing_temp;
use super::{MARKER, PublishError, free_name, io_error, list_files};
use std::path::{Path, PathBuf};

/// An absolute, symlink-free version of `path`, as far as it exists.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    if let Ok(p) = absolute.canonicalize() {
        return p;
    }
    // Resolve the longest existing ancestor and append the rest.
    let mut tail = Vec::new();
    let mut cur = absolute.as_path();
    while let Some(parent) = cur.parent() {
        if let Some(name) = cur.file_name() {
            tail.push(name.to_os_string());
        }
        if let Ok(p) = parent.canonicalize() {
            let mut out = p;
            for t in tail.iter().rev() {
                out.push(t);
            }
            return out;
        }
        cur = parent;
    }
    absolute
}

/// Checks that `output` is a place a site may be written: not one of `sources`, nor a folder
/// that holds one. `sources` are the site root's inputs (the root itself, the content folder,
/// the tracker, the sessions folder, the config, themes and templates).
pub fn check_output(output: &Path, sources: &[(PathBuf, &str)]) -> Result<PathBuf, PublishError> {
    let out = resolve(output);
    for (source, what) in sources {
        let s = resolve(source);
        if s == out {
            return Err(PublishError::HoldsSources {
                output: output.display().to_string(),
                why: format!("is the {what}"),
            });
        }
        if s.starts_with(&out) {
            return Err(PublishError::HoldsSources {
                output: output.display().to_string(),
                why: format!("holds the {what} ({})", source.display()),
            });
        }
    }
    Ok(out)
}

/// What a finished [`Staging`](super::Staging) does with the output folder.
pub(super) enum Replace {
    /// There is none: the new folder is renamed into place.
    Nothing,
    /// An empty folder that tracker did not mark: removed, then the new folder renamed in.
    Empty,
    /// A previous build: swapped with the new folder in one step, then removed.
    Ours,
    /// A folder that is not tracker's, with `--force`: moved to this name, never deleted.
    SetAside(PathBuf),
}

/// What may be done with `output` (named `name`, in `parent`): whether it is absent, empty,
/// tracker's, or with `force` set aside; an error when it may not be replaced.
pub(super) fn replace(
    output: &Path,
    parent: &Path,
    name: &str,
    force: bool,
) -> Result<Replace, PublishError> {
    if !output.exists() {
        return Ok(Replace::Nothing);
    }
    let shown = output.display().to_string();
    if !output.is_dir() {
        return Err(PublishError::IsAFile(shown));
    }
    let existing = list_files(output).map_err(io_error(output))?;
    let manifest = manifest(output);
    let foreign: Vec<&String> = match &manifest {
        Some(list) => existing
            .iter()
            .filter(|f| f.as_str() != MARKER && !list.contains(f.as_str()) && !is_replacing_temp(f))
            .collect(),
        None => existing.iter().collect(),
    };
    let empty = existing.is_empty() && is_empty_dir(output);
    if !foreign.is_empty() || (manifest.is_none() && !empty) {
        let backup = free_name(parent, &format!("{name}.before-tracker"));
        if !force {
            let why = if manifest.is_none() {
                format!("was not made by tracker (no {MARKER} file)")
            } else {
                let mut list: Vec<String> = foreign
                    .iter()
                    .take(5)
                    .map(|f| format!("{shown}/{f}"))
                    .collect();
                if foreign.len() > 5 {
                    list.push(format!("and {} more", foreign.len() - 5));
                }
                format!("holds files tracker did not write: {}", list.join(", "))
            };
            return Err(PublishError::NotOurs {
                output: shown,
                why,
                backup: backup.display().to_string(),
            });
        }
        Ok(Replace::SetAside(backup))
    } else if empty && manifest.is_none() {
        Ok(Replace::Empty)
    } else {
        Ok(Replace::Ours)
    }
}

/// The files an output folder's marker lists, or `None` when it has no marker.
fn manifest(dir: &Path) -> Option<std::collections::HashSet<String>> {
    std::fs::read_to_string(dir.join(MARKER)).ok().map(|m| {
        m.lines()
            .skip_while(|l| *l != "files:")
            .skip(1)
            .map(str::to_string)
            .collect()
    })
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Whether `output` is a folder this program built (it holds the marker): one that
/// [`update`](super::update) can bring up to date.
pub fn is_built(output: &Path) -> bool {
    output.join(MARKER).is_file()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{files, publish};
    use super::*;

    #[test]
    fn foreign_folders_and_files_are_never_touched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("mine.txt"), "keep").unwrap();
        let err = publish(&out, &files(&[("index.html", "x")]), false).unwrap_err();
        assert!(matches!(err, PublishError::NotOurs { .. }), "{err}");
        assert_eq!(
            std::fs::read_to_string(out.join("mine.txt")).unwrap(),
            "keep"
        );
        assert!(!out.join("index.html").exists());

        // A marked folder with a file tracker did not write is refused too.
        let out2 = dir.path().join("site");
        publish(&out2, &files(&[("index.html", "x")]), false).unwrap();
        std::fs::write(out2.join("notes.txt"), "mine").unwrap();
        let err = publish(&out2, &files(&[("index.html", "y")]), false).unwrap_err();
        assert!(err.to_string().contains("notes.txt"), "{err}");
        assert_eq!(
            std::fs::read_to_string(out2.join("notes.txt")).unwrap(),
            "mine"
        );

        // --force sets the folder aside, deleting nothing.
        let done = publish(&out, &files(&[("index.html", "x")]), true).unwrap();
        let backup = done.set_aside.unwrap();
        assert_eq!(
            std::fs::read_to_string(backup.join("mine.txt")).unwrap(),
            "keep"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "x"
        );
    }

    #[test]
    fn sources_are_never_an_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let sources = vec![
            (root.to_path_buf(), "site root"),
            (root.join("content"), "content folder"),
            (root.join("content/tracker.md"), "tracker"),
        ];
        assert!(check_output(root, &sources).is_err());
        assert!(check_output(&root.join("content"), &sources).is_err());
        assert!(check_output(root.parent().unwrap(), &sources).is_err());
        assert!(check_output(&root.join("public"), &sources).is_ok());
    }
}
