//! The *publish* stage: write a built site without ever losing anything.
//!
//! The site is written into a temporary folder beside the output and swapped in whole, so a
//! failed build leaves the last good site as it was. The output folder carries a marker that
//! lists every file `tracker` wrote there; a folder without it, or holding files not in it, is
//! never replaced unless `--force`, and even then it is set aside, not deleted. A build killed
//! part way leaves its temporary folder behind; the next build removes it.

use crate::site::Files;
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

/// A site being written: a new folder beside the output, filled by [`Staging::put`] (from any
/// number of threads) and swapped in whole by [`Staging::finish`]. Dropped unfinished, it
/// removes its folder and leaves the output as it was.
pub struct Staging {
    output: PathBuf,
    temp: PathBuf,
    /// What to do with the output folder at the swap.
    replace: Replace,
    /// The previous build, to link unchanged files from.
    previous: Option<PathBuf>,
    /// Folders made in `temp` so far, and the files written.
    made: std::sync::Mutex<(std::collections::HashSet<String>, Vec<String>)>,
    /// The first write that failed; nothing more is written after it.
    failed: std::sync::Mutex<Option<PublishError>>,
    /// Whether the new site is in place of the output.
    swapped: bool,
    finished: bool,
}

/// What a finished [`Staging`] does with the output folder.
enum Replace {
    /// There is none: the new folder is renamed into place.
    Nothing,
    /// An empty folder that tracker did not mark: removed, then the new folder renamed in.
    Empty,
    /// A previous build: swapped with the new folder in one step, then removed.
    Ours,
    /// A folder that is not tracker's, with `--force`: moved to this name, never deleted.
    SetAside(PathBuf),
}

impl Staging {
    /// Checks that `output` may be replaced (it is tracker's, empty or absent, or `force` sets
    /// it aside) and makes the folder the new site is written to.
    pub fn begin(output: &Path, force: bool) -> Result<Staging, PublishError> {
        let shown = output.display().to_string();
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_string());
        let mut replace = Replace::Nothing;
        if output.exists() {
            if !output.is_dir() {
                return Err(PublishError::IsAFile(shown));
            }
            let existing = list_files(output).map_err(io_error(output))?;
            let manifest = manifest(output);
            let foreign: Vec<&String> = match &manifest {
                Some(list) => existing
                    .iter()
                    .filter(|f| {
                        f.as_str() != MARKER && !list.contains(f.as_str()) && !is_replacing_temp(f)
                    })
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
                replace = Replace::SetAside(backup);
            } else if empty && manifest.is_none() {
                replace = Replace::Empty;
            } else {
                replace = Replace::Ours;
            }
        } else {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        remove_leftovers(parent, &name);
        let temp = free_name(
            parent,
            &format!(".{name}.tracker-tmp-{}", std::process::id()),
        );
        std::fs::create_dir(&temp).map_err(io_error(&temp))?;
        // Marked from the start: a folder cut short by a kill still says it is tracker's, so
        // the next build removes it (see `remove_leftovers`). `finish` lists the files.
        let marker = temp.join(MARKER);
        if let Err(e) = std::fs::write(&marker, MARKER_HEADER) {
            let _ = std::fs::remove_dir(&temp);
            return Err(io_error(&marker)(e));
        }
        // Files that did not change are linked from the previous build rather than written
        // again: no new inode, no bytes copied, and the previous build stays whole until the
        // swap.
        let previous = matches!(replace, Replace::Ours).then(|| output.to_path_buf());
        Ok(Staging {
            output: output.to_path_buf(),
            temp,
            replace,
            previous,
            made: Default::default(),
            failed: Default::default(),
            swapped: false,
            finished: false,
        })
    }

    /// Writes one file of the new site (`path` relative, `/`-separated). A file whose bytes
    /// equal the previous build's file of that path is hard-linked from it instead. A failure
    /// is kept for [`Staging::finish`], which reports it.
    pub fn put(&self, path: &str, bytes: &[u8]) {
        if self.failed.lock().is_ok_and(|f| f.is_some()) {
            return;
        }
        if let Err(e) = self.try_put(path, bytes)
            && let Ok(mut failed) = self.failed.lock()
        {
            failed.get_or_insert(e);
        }
    }

    fn try_put(&self, path: &str, bytes: &[u8]) -> Result<(), PublishError> {
        let folder = path.rsplit_once('/').map(|(folder, _)| folder);
        let mut made = self.made.lock().map_err(|_| PublishError::Io {
            path: path.to_string(),
            source: io::Error::other("another write failed"),
        })?;
        if let Some(folder) = folder
            && !made.0.contains(folder)
        {
            let target = self.temp.join(folder);
            std::fs::create_dir_all(&target).map_err(io_error(&target))?;
            made.0.insert(folder.to_string());
        }
        made.1.push(path.to_string());
        drop(made);
        let target = self.temp.join(path);
        if let Some(old) = self.previous.as_ref().map(|p| p.join(path))
            && unchanged(&old, bytes)
            && std::fs::hard_link(&old, &target).is_ok()
        {
            return Ok(());
        }
        std::fs::write(&target, bytes).map_err(io_error(&target))
    }

    /// Writes the marker and puts the new site in place of the output in one step; the
    /// previous build (tracker's own) is removed, a foreign folder set aside.
    pub fn finish(mut self) -> Result<Published, PublishError> {
        let result = self.swap();
        // Once swapped, `temp` is the previous build (or gone); before, it is the unfinished
        // new one, which goes on the way out (see `Drop`).
        self.finished = result.is_ok() || self.swapped;
        result
    }

    fn swap(&mut self) -> Result<Published, PublishError> {
        if let Some(e) = self.failed.lock().ok().and_then(|mut f| f.take()) {
            return Err(e);
        }
        let mut paths = match self.made.get_mut() {
            Ok(made) => std::mem::take(&mut made.1),
            Err(poisoned) => std::mem::take(&mut poisoned.into_inner().1),
        };
        paths.sort();
        let mut manifest = String::from(MARKER_HEADER);
        for path in &paths {
            manifest.push_str(path);
            manifest.push('\n');
        }
        let marker = self.temp.join(MARKER);
        std::fs::write(&marker, manifest).map_err(io_error(&marker))?;
        let (temp, output) = (&self.temp, &self.output);
        let mut set_aside = None;
        match &self.replace {
            Replace::Nothing => {
                std::fs::rename(temp, output).map_err(io_error(output))?;
                self.swapped = true;
            }
            Replace::Empty => {
                std::fs::remove_dir(output).map_err(io_error(output))?;
                std::fs::rename(temp, output).map_err(io_error(output))?;
                self.swapped = true;
            }
            Replace::SetAside(backup) => {
                std::fs::rename(output, backup).map_err(io_error(output))?;
                std::fs::rename(temp, output).map_err(io_error(output))?;
                self.swapped = true;
                set_aside = Some(backup.clone());
            }
            Replace::Ours => {
                exchange(temp, output).map_err(io_error(output))?;
                self.swapped = true;
                // `temp` now holds the previous build, every file of which tracker wrote.
                remove_build(temp).map_err(io_error(temp))?;
            }
        }
        Ok(Published {
            files: paths.len(),
            set_aside,
        })
    }
}

impl crate::site::Output for Staging {
    fn put(&self, path: &str, bytes: &[u8]) {
        Staging::put(self, path, bytes);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
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

/// Deletes a folder that holds a build tracker made, its marker last, so that a folder left
/// half deleted by a kill still shows it is tracker's.
fn remove_build(dir: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    match std::fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::remove_dir(dir)
}

/// Removes the folders that builds killed before they finished left beside the output `name`
/// in `parent`: named `.<name>.tracker-tmp-<pid>[-<n>]`, of a process that has ended, and
/// holding tracker's marker (or no file at all). Anything else is left where it is.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tracker-tmp-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let (pid, n) = rest.split_once('-').unwrap_or((rest, "1"));
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let Some(pid) = pid.parse::<u32>().ok().filter(|_| digits(pid) && digits(n)) else {
            continue;
        };
        let path = entry.path();
        if process_alive(pid) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let ours = path.join(MARKER).is_file() || list_files(&path).is_ok_and(|f| f.is_empty());
        if ours {
            let _ = remove_build(&path);
        }
    }
}

/// Whether the process `pid` may still be running (and writing its temporary folder).
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        use rustix::process::{Pid, test_kill_process};
        match i32::try_from(pid).ok().and_then(Pid::from_raw) {
            // No such process; any other answer (such as "not yours") means it exists.
            Some(pid) => test_kill_process(pid) != Err(rustix::io::Errno::SRCH),
            None => false,
        }
    }
    #[cfg(not(unix))]
    {
        // Without a way to tell, assume it runs: leave its folder.
        true
    }
}

/// Whether the file at `old` holds exactly `bytes`.
fn unchanged(old: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(old).is_ok_and(|b| b == bytes)
}

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
/// output (a [`Staging`] for a whole publish), every file also goes there.
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

/// Whether `output` is a folder this program built (it holds the marker): one that
/// [`update`] can bring up to date.
pub fn is_built(output: &Path) -> bool {
    output.join(MARKER).is_file()
}

/// Brings an output folder that holds the build `old` up to `new`, writing `changed` (each
/// file replaced in one step by a rename) and removing the files no longer built. Used
/// between rebuilds while watching, on a folder that [`is_built`]; returns the number of
/// files written or removed.
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
fn is_replacing_temp(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.starts_with('.')
        && name
            .rsplit_once(".tracker-tmp-")
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Swaps two folders in one step where the system can (Linux `renameat2`), else by renames.
fn exchange(new: &Path, old: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, old, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    // Fallback: move the old site beside, move the new one in, then hand the old one back
    // at `new` so the caller removes it.
    let parent = old.parent().unwrap_or(Path::new("."));
    let aside = free_name(parent, &format!(".tracker-old-{}", std::process::id()));
    std::fs::rename(old, &aside)?;
    if let Err(e) = std::fs::rename(new, old) {
        let _ = std::fs::rename(&aside, old);
        return Err(e);
    }
    std::fs::rename(&aside, new)
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

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
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
mod tests {
    use super::*;

    /// Writes `files` as the whole content of `output` through a [`Staging`], as a build does.
    fn publish(output: &Path, files: &Files, force: bool) -> Result<Published, PublishError> {
        let staging = Staging::begin(output, force)?;
        for (path, bytes) in files {
            staging.put(path, bytes);
        }
        staging.finish()
    }

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn a_new_folder_is_made_and_marked() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(
            &out,
            &files(&[("index.html", "a"), ("phases/x/index.html", "b")]),
            false,
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "a"
        );
        let marker = std::fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(marker.contains("phases/x/index.html"));
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp folder left"
        );
    }

    #[test]
    fn a_previous_build_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(&out, &files(&[("old.html", "old")]), false).unwrap();
        publish(&out, &files(&[("index.html", "new")]), false).unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

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

    /// The id of a process that has ended.
    #[cfg(unix)]
    fn ended_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[cfg(unix)]
    #[test]
    fn what_killed_builds_left_is_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let dead = ended_pid();
        let folder = |name: String, files: &[(&str, &str)]| {
            let d = dir.path().join(name);
            std::fs::create_dir_all(&d).unwrap();
            for (path, text) in files {
                let p = d.join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, text).unwrap();
            }
            d
        };
        // A build killed while writing (marked, files half written), and one killed right
        // after making its folder, under a second name.
        let cut = folder(
            format!(".public.tracker-tmp-{dead}"),
            &[(MARKER, MARKER_HEADER), ("s/index.html", "a")],
        );
        let empty = folder(format!(".public.tracker-tmp-{dead}-2"), &[]);
        // Kept: no marker, a running process's, another output's, a name only alike.
        let unmarked = folder(
            format!(".public.tracker-tmp-{dead}-3"),
            &[("mine.txt", "keep")],
        );
        let running = folder(
            format!(".public.tracker-tmp-{}", std::process::id()),
            &[(MARKER, MARKER_HEADER)],
        );
        let other = folder(format!(".site.tracker-tmp-{dead}"), &[(MARKER, "")]);
        let alike = folder(format!(".public.tracker-tmp-{dead}x"), &[(MARKER, "")]);

        publish(&out, &files(&[("index.html", "new")]), false).unwrap();
        assert!(
            !cut.exists() && !empty.exists(),
            "the leftovers are removed"
        );
        for kept in [&unmarked, &running, &other, &alike] {
            assert!(kept.exists(), "{} is kept", kept.display());
        }
        assert_eq!(
            std::fs::read_to_string(unmarked.join("mine.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_previous_build_and_no_temporary_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(&out, &files(&[("index.html", "old")]), false).unwrap();
        let staging = Staging::begin(&out, false).unwrap();
        staging.put("a", b"a file");
        // `a` is a file, so the folder `a/` cannot be made.
        staging.put("a/b.html", b"b");
        assert!(staging.finish().is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"], "no temporary folder is left");
    }

    #[test]
    fn a_staging_folder_is_marked_from_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out, false).unwrap();
        staging.put("a/b.html", b"b");
        let temp = staging.temp.clone();
        // As a kill would leave it: never finished, never dropped.
        std::mem::forget(staging);
        assert!(temp.join(MARKER).is_file());
        assert!(temp.join("a/b.html").is_file());
        remove_build(&temp).unwrap();
        assert!(!temp.exists());
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
