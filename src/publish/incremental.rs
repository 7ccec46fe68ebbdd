//! The incremental update that `watch` uses between rebuilds: a build's files are compared
//! with the last published ones as they are rendered ([`Changes`]), and only those that
//! differ are written into the built folder, each replaced in one step ([`update`]).

use super::{MARKER, MARKER_HEADER, PublishError, io_error};
use crate::site::Files;
use std::io;
use std::path::{Path, PathBuf};

/// What `watch` remembers of the site it published: each file's path with a digest of its
/// bytes (their length and a hash), so the next build writes only what changed without
/// keeping every page in memory.
pub type Manifest = std::collections::BTreeMap<String, Digest>;

/// A file's length and a 64-bit hash of its bytes.
pub type Digest = (usize, u64);

/// The [`Digest`] of some bytes.
pub fn digest(bytes: &[u8]) -> Digest {
    (bytes.len(), crate::fingerprint::bytes(bytes))
}

/// A build's files compared, as they are rendered, with the build published before it: it
/// keeps only the bytes of files that differ, and the new [`Manifest`]. Given a `forward`
/// output (a [`Staging`](super::Staging) for a whole publish), every file also goes there.
pub struct Changes<'a> {
    old: &'a Manifest,
    forward: Option<&'a dyn crate::site::Output>,
    new: std::sync::Mutex<(Manifest, Files)>,
}

impl<'a> Changes<'a> {
    /// Compares with `old`; with `forward`, every file is also written there.
    pub fn new(old: &'a Manifest, forward: Option<&'a dyn crate::site::Output>) -> Self {
        Changes {
            old,
            forward,
            new: std::sync::Mutex::default(),
        }
    }

    /// The new manifest and the files whose bytes differ from the old build's.
    pub fn finish(self) -> (Manifest, Files) {
        self.new.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn record(&self, path: &str, digest: Digest, changed: Option<&[u8]>) {
        let mut new = self.new.lock().unwrap_or_else(|e| e.into_inner());
        new.0.insert(path.to_string(), digest);
        if let Some(bytes) = changed {
            new.1.insert(path.to_string(), bytes.to_vec());
        }
    }
}

impl crate::site::Output for Changes<'_> {
    fn put(&self, path: &str, bytes: &[u8]) {
        if let Some(out) = self.forward {
            out.put(path, bytes);
        }
        let d = digest(bytes);
        let changed = self.old.get(path) != Some(&d) && self.forward.is_none();
        self.record(path, d, changed.then_some(bytes));
    }

    fn keep(&self, path: &str) -> bool {
        match self.old.get(path) {
            Some(d) if self.forward.is_none() => {
                self.record(path, *d, None);
                true
            }
            _ => false,
        }
    }
}

/// Brings an output folder that holds the build `old` up to `new`, writing `changed` (each
/// file replaced in one step by a rename) and removing the files no longer built. Used
/// between rebuilds while watching, on a folder that [`is_built`](super::is_built); returns
/// the number of files written or removed.
pub fn update(
    output: &Path,
    old: &Manifest,
    new: &Manifest,
    changed: &Files,
) -> Result<usize, PublishError> {
    let marker = output.join(MARKER);
    let write_marker = |paths: &mut dyn Iterator<Item = &String>| {
        let mut manifest = String::from(MARKER_HEADER);
        for path in paths {
            manifest.push_str(path);
            manifest.push('\n');
        }
        write_replacing(&marker, manifest.as_bytes())
    };
    // A new file is listed before it is written: a watch killed in between must not leave a
    // file that the marker does not claim, which would make the next build refuse the folder.
    let added = new.keys().any(|p| !old.contains_key(p));
    let removed = old.keys().any(|p| !new.contains_key(p));
    if added {
        let both: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        write_marker(&mut both.into_iter())?;
    }
    let mut count = 0;
    // progress.json goes last, so a reader that sees the new numbers finds every page new too.
    let (last, first): (Vec<_>, Vec<_>) = changed.iter().partition(|(p, _)| *p == "progress.json");
    for (path, bytes) in first.into_iter().chain(last) {
        let target = output.join(path);
        if let Some(p) = target.parent() {
            std::fs::create_dir_all(p).map_err(io_error(p))?;
        }
        write_replacing(&target, bytes)?;
        count += 1;
    }
    for path in old.keys().filter(|p| !new.contains_key(*p)) {
        let target = output.join(path);
        match std::fs::remove_file(&target) {
            Ok(()) => count += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&target)(e)),
        }
        // Folders left empty go too (never a folder that still holds anything).
        let mut dir = target.parent();
        while let Some(d) = dir.filter(|d| *d != output) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    // The marker changes only with the set of files.
    if added || removed {
        write_marker(&mut new.keys())?;
    }
    Ok(count)
}

/// Writes a file through a temporary name beside it, so readers see the old or the new file.
fn write_replacing(target: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    let temp = replacing_temp(target);
    std::fs::write(&temp, bytes).map_err(io_error(&temp))?;
    std::fs::rename(&temp, target).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        io_error(target)(e)
    })
}

/// The temporary file [`write_replacing`] writes before renaming it over `target`.
fn replacing_temp(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.tracker-tmp-{}", std::process::id()))
}

/// Whether `file` (relative, `/`-separated) is named as [`replacing_temp`] names them: one
/// that a `watch` killed while replacing a file left in the site.
pub(super) fn is_replacing_temp(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.starts_with('.')
        && name
            .rsplit_once(".tracker-tmp-")
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{files, publish};
    use super::*;

    #[test]
    fn updates_write_only_what_changed_and_remove_what_went() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = files(&[("a.html", "a"), ("s/x/index.html", "x"), ("b.html", "b")]);
        publish(&out, &old, false).unwrap();
        let new = files(&[("a.html", "a"), ("b.html", "B"), ("c.html", "c")]);
        let manifest = |files: &Files| -> Manifest {
            files.iter().map(|(p, b)| (p.clone(), digest(b))).collect()
        };
        let (old, new_manifest) = (manifest(&old), manifest(&new));
        let changes = Changes::new(&old, None);
        for (path, bytes) in &new {
            crate::site::Output::put(&changes, path, bytes);
        }
        let (made, changed) = changes.finish();
        assert_eq!(made, new_manifest);
        assert_eq!(
            changed.keys().collect::<Vec<_>>(),
            ["b.html", "c.html"],
            "only files whose bytes differ are kept"
        );
        assert_eq!(update(&out, &old, &made, &changed).unwrap(), 3);
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "B");
        assert!(out.join("c.html").exists());
        assert!(!out.join("s").exists(), "emptied folders go");
        let marker = std::fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(marker.contains("c.html") && !marker.contains("s/x/index.html"));
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(
            !names.iter().any(|n| n.to_string_lossy().contains("tmp")),
            "{names:?}"
        );
    }

    #[test]
    fn temp_files_a_killed_update_left_do_not_block_a_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = files(&[("index.html", "a"), ("s/x/index.html", "b")]);
        publish(&out, &old, false).unwrap();
        // What `update` writes before its rename, as a kill would leave it.
        let left = [
            replacing_temp(&out.join("index.html")),
            replacing_temp(&out.join("s/x/index.html")),
            replacing_temp(&out.join(MARKER)),
        ];
        for l in &left {
            std::fs::write(l, "half").unwrap();
        }
        publish(&out, &files(&[("index.html", "new")]), false).unwrap();
        assert!(
            left.iter().all(|l| !l.exists()),
            "removed with the old site"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        // A name that only looks alike is the learner's.
        std::fs::write(out.join(".notes.tracker-tmp-mine"), "keep").unwrap();
        let err = publish(&out, &files(&[("index.html", "x")]), false).unwrap_err();
        assert!(matches!(err, PublishError::NotOurs { .. }), "{err}");
    }
}
