//! The git repository that holds the tracker, found from the tracker's folder upward.

use std::path::{Component, Path};

/// The repository holding `tracker`, with the tracker's path in it (`/`-separated); `None`
/// when no repository holds it (or only a bare one, which has no files). A repository that
/// is there but cannot be opened is an error, in words.
pub fn open(tracker: &Path) -> Result<Option<(gix::Repository, String)>, String> {
    let tracker = std::fs::canonicalize(tracker)
        .map_err(|e| format!("cannot find the tracker's folder: {e}"))?;
    let Some(folder) = tracker.parent() else {
        return Ok(None);
    };
    let repo = match gix::discover(folder) {
        Ok(repo) => repo,
        Err(e) if e.is_not_found() => {
            // Discovery passes over a `.git` it cannot read as a repository; one that is
            // there all the same is a repository that cannot be read, not no repository.
            return match folder.ancestors().find(|d| d.join(".git").exists()) {
                Some(dir) => Err(format!(
                    "{} is not a readable git repository",
                    dir.join(".git").display()
                )),
                None => Ok(None),
            };
        }
        Err(e) => return Err(e.to_string()),
    };
    let Some(workdir) = repo.workdir() else {
        return Ok(None);
    };
    let workdir = std::fs::canonicalize(workdir)
        .map_err(|e| format!("cannot find the repository's folder: {e}"))?;
    let Ok(relative) = tracker.strip_prefix(&workdir) else {
        return Ok(None);
    };
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => match part.to_str() {
                Some(part) => parts.push(part),
                // Git stores names as bytes; a name that is not UTF-8 cannot be looked up here.
                None => return Ok(None),
            },
            _ => return Ok(None),
        }
    }
    if parts.is_empty() {
        return Ok(None);
    }
    Ok(Some((repo, parts.join("/"))))
}
