//! The staging folder and the whole-site swap: a build is written into a new folder beside
//! the output and put in its place in one step (`renameat2` exchange on Linux), so a failed
//! build leaves the last good site as it was. A build killed part way leaves its folder
//! behind; the next build removes it.

use super::guard::{self, Replace};
use super::{MARKER, MARKER_HEADER, PublishError, Published, free_name, io_error, list_files};
use std::io;
use std::path::{Path, PathBuf};

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

impl Staging {
    /// Checks that `output` may be replaced (it is tracker's, empty or absent, or `force` sets
    /// it aside) and makes the folder the new site is written to.
    pub fn begin(output: &Path, force: bool) -> Result<Staging, PublishError> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_string());
        let replace = guard::replace(output, parent, &name, force)?;
        if matches!(replace, Replace::Nothing) {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{files, publish};
    use super::*;

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
}
