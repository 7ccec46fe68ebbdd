//! The *publish* stage: write a built site without ever losing anything.
//!
//! The site is written into a temporary folder beside the output and swapped in whole, so a
//! failed build leaves the last good site as it was. The output folder carries a marker that
//! lists every file `tracker` wrote there; a folder without it, or holding files not in it, is
//! never replaced unless `--force`, and even then it is set aside, not deleted. A build killed
//! part way leaves its temporary folder behind; the next build removes it.

mod guard;
mod incremental;
mod staging;

pub use guard::{check_output, is_built};
pub use incremental::{Changes, Digest, Manifest, digest, update};
pub use staging::Staging;

use std::io;
use std::path::{Path, PathBuf};

/// The marker file in every output folder `tracker` made.
pub const MARKER: &str = ".tracker-output";

const MARKER_HEADER: &str = "This folder is written by `tracker build` and replaced whole on every build.\n\
     Files that tracker did not write here are never deleted: a build refuses to run.\n\
     files:\n";

/// Why publishing refused or failed; nothing was changed in the output folder.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The output folder would hold or be the sources.
    #[error(
        "refusing to write the site to {output}: it {why}; choose another output folder (--output or `output:` in tracker.yaml)"
    )]
    HoldsSources {
        /// The output folder.
        output: String,
        /// What it holds.
        why: String,
    },
    /// The folder exists, is not empty and is not tracker's.
    #[error(
        "refusing to replace {output}: it is not empty and {why}; nothing was changed. Move those files away, choose another output folder, or pass --force to set the folder aside as {backup} and build a new one"
    )]
    NotOurs {
        /// The output folder.
        output: String,
        /// What is in it.
        why: String,
        /// Where --force would move it.
        backup: String,
    },
    /// The output path is a file.
    #[error("refusing to write the site to {0}: it is a file, not a folder")]
    IsAFile(String),
    /// Writing failed; the old site is untouched.
    #[error("could not write the site to {path}: {source}; the previous site was left as it was")]
    Io {
        /// What was being written.
        path: String,
        /// The system's reason.
        source: io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> PublishError + '_ {
    move |source| PublishError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What a publish did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// Files written.
    pub files: usize,
    /// Where a foreign folder was set aside with `--force`.
    pub set_aside: Option<PathBuf>,
}

/// Every file below `dir`, relative, `/`-separated, sorted.
fn list_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_dir() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            out.push(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
    Ok(out)
}

/// `parent/name`, or `parent/name-2`, `-3`, … whichever does not exist yet.
fn free_name(parent: &Path, name: &str) -> PathBuf {
    let mut candidate = parent.join(name);
    let mut n = 2;
    while candidate.exists() {
        candidate = parent.join(format!("{name}-{n}"));
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod testing {
    //! What the tests of every part share.
    use super::*;
    use crate::site::Files;

    /// Writes `files` as the whole content of `output` through a [`Staging`], as a build does.
    pub(super) fn publish(
        output: &Path,
        files: &Files,
        force: bool,
    ) -> Result<Published, PublishError> {
        let staging = Staging::begin(output, force)?;
        for (path, bytes) in files {
            staging.put(path, bytes);
        }
        staging.finish()
    }

    /// The files of a site, from `(path, text)` pairs.
    pub(super) fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
            .collect()
    }
}
