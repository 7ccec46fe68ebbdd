//! Helpers for the `tracker watch` and `tracker serve` tests: sites in temporary folders, the
//! real binary running in the background (its output read on threads, killed when a test
//! fails), and deadlines instead of sleeps.
//!
//! Each test binary uses a different subset of these, hence the `dead_code` allowance.
#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// The date every watch and serve test computes as of.
pub const TODAY: &str = "2026-01-23";

/// How long one step may take before a test gives up: generous, never asserted as a timing.
pub const STEP: Duration = Duration::from_secs(10);

/// The repository's own folder.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `tracker` binary cargo built for these tests.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tracker"))
}

/// Calls `probe` until it gives a value, failing after `limit` with `what` and `context()`.
pub fn wait_for<T>(
    what: &str,
    limit: Duration,
    mut probe: impl FnMut() -> Option<T>,
    context: impl Fn() -> String,
) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = probe() {
            return v;
        }
        if Instant::now() > deadline {
            panic!("gave up after {limit:?} waiting for {what}\n{}", context());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A site in a temporary folder: `<tmp>/site` is its root, so outputs can go beside it.
pub struct Site {
    dir: TempDir,
}

impl Site {
    /// A site with nothing in it.
    pub fn empty() -> Site {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir(dir.path().join("site")).expect("creating the site root");
        Site { dir }
    }

    /// The repository's seed tracker and two session notes.
    pub fn with_notes() -> Site {
        let site = Site::empty();
        site.write("content/tracker.md", seed_tracker());
        site.write(
            "content/sessions/2026-01-20-streams.md",
            note("2026-01-20", "Streams, a first look", "45m"),
        );
        site.write(
            "content/sessions/2026-01-21-brokers.md",
            note("2026-01-21", "Brokers and logs", "1h"),
        );
        site
    }

    /// The site root.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// The temporary folder that holds the root.
    pub fn outer(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// The default output folder.
    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// A path under the root.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    /// Writes a file in place (truncating it), creating its folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("creating folders");
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("writing {relative}: {e}"));
    }

    /// Reads a file of the site as text.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative))
            .unwrap_or_else(|e| panic!("reading {relative}: {e}"))
    }

    /// Saves as JetBrains editors do: the new text goes to a temp file beside, renamed over.
    pub fn save_by_rename(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(relative);
        let temp = path.with_file_name(format!(
            "{}___jb_tmp___",
            path.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&temp, contents).expect("writing the temp file");
        std::fs::rename(&temp, &path).expect("renaming over");
    }

    /// Saves as vim does without `backupcopy`: the file is moved to `name~`, the new text is
    /// written as a new file, and the backup is removed.
    pub fn save_like_vim(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(relative);
        let backup =
            path.with_file_name(format!("{}~", path.file_name().unwrap().to_string_lossy()));
        std::fs::rename(&path, &backup).expect("moving to the backup");
        std::fs::write(&path, contents).expect("writing the new file");
        std::fs::remove_file(&backup).expect("removing the backup");
    }

    /// Removes a file of the site.
    pub fn remove(&self, relative: &str) {
        std::fs::remove_file(self.path(relative))
            .unwrap_or_else(|e| panic!("removing {relative}: {e}"));
    }

    /// `tracker --root <site> --today TODAY <args>`, run from the temporary folder.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(bin());
        cmd.current_dir(self.outer())
            .arg("--root")
            .arg(self.root())
            .args(["--today", TODAY])
            .args(args)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1");
        cmd
    }

    /// Starts `tracker ... <args>` in the background.
    pub fn start(&self, args: &[&str]) -> Running {
        Running::spawn(self.command(args))
    }

    /// `tracker status --json` for the same inputs and date.
    pub fn status_json(&self) -> String {
        let out = self
            .command(&["status", "--json"])
            .output()
            .expect("running tracker status");
        assert!(
            out.status.success(),
            "tracker status --json failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 JSON")
    }
}

/// The repository's seed tracker.
pub fn seed_tracker() -> String {
    std::fs::read_to_string(repo().join("content/tracker.md")).expect("the seed tracker")
}

/// A session note of the usual shape.
pub fn note(date: &str, title: &str, duration: &str) -> String {
    format!(
        "---\ndate: {date}\ntitle: \"{title}\"\nduration: {duration}\nmodules: [\"1.1\"]\n---\n\n\
         ## Topics covered\n- events vs batch records\n\n## Key insights\n- a stream never ends\n"
    )
}

/// `text` with its first `n` unticked task boxes (`- [ ]`) ticked, after the first `###`
/// heading (the seed's summary boxes above it are declarations, not tasks).
pub fn tick(text: &str, n: usize) -> String {
    let mut out = text.to_string();
    let start = out.find("\n### ").unwrap_or(0);
    for _ in 0..n {
        let at = start + out[start..].find("- [ ]").expect("an unticked box left");
        out.replace_range(at..at + 5, "- [x]");
    }
    out
}

/// The parsed `progress.json` of an output folder, once it is there and whole.
pub fn progress(output: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(output.join("progress.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// The number of tasks done in a report.
pub fn done(report: &Value) -> u64 {
    report["progress"]["done"].as_u64().expect("progress.done")
}

/// The titles of a report's sessions.
pub fn session_titles(report: &Value) -> Vec<String> {
    report["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .map(|s| s["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Every file below `dir` (hidden ones too), by relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, bytes);
            }
        }
    }
    out
}

/// Files and folders below `dir` whose names show a temporary of `publish` left behind.
pub fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.contains("tracker-tmp") || name.contains("tracker-old") {
                found.push(path.clone());
            }
            if path.is_dir() && !path.is_symlink() {
                stack.push(path);
            }
        }
    }
    found
}

/// Lines a child printed so far, filled by a reader thread.
type Lines = Arc<Mutex<Vec<String>>>;

fn read_lines(stream: impl Read + Send + 'static) -> Lines {
    let lines: Lines = Arc::default();
    let sink = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            sink.lock().unwrap_or_else(|e| e.into_inner()).push(line);
        }
    });
    lines
}

/// A `tracker` process in the background; killed when dropped (a failed test leaves none).
pub struct Running {
    child: Child,
    stdout: Lines,
    stderr: Lines,
}

impl Running {
    /// Starts `cmd` with its output piped and read on threads.
    pub fn spawn(mut cmd: Command) -> Running {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting tracker");
        let stdout = read_lines(child.stdout.take().expect("stdout"));
        let stderr = read_lines(child.stderr.take().expect("stderr"));
        Running {
            child,
            stdout,
            stderr,
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Every line printed on stdout so far.
    pub fn stdout(&self) -> Vec<String> {
        self.stdout
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Every line printed on stderr so far.
    pub fn stderr(&self) -> Vec<String> {
        self.stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// What the process printed, for failure messages.
    pub fn output(&self) -> String {
        dump(&self.stdout, &self.stderr)
    }

    /// The build lines (`<what> changed: N pages, M files written in X ms`) so far.
    pub fn build_lines(&self) -> Vec<String> {
        self.stdout()
            .into_iter()
            .filter(|l| l.contains(" written in ") && l.ends_with(" ms"))
            .collect()
    }

    /// Waits until at least `count` build lines were printed, so that every file of the
    /// latest build is on disk (progress.json is written before some pages).
    pub fn wait_builds(&self, count: usize) {
        wait_for(
            &format!("build line number {count}"),
            STEP,
            || (self.build_lines().len() >= count).then_some(()),
            || self.output(),
        );
    }

    /// Waits until no build has started or ended for a while: a save that the system reports
    /// in two events far apart (a slow writer on a busy machine) may build twice.
    pub fn settle(&self) {
        let quiet = std::time::Duration::from_millis(400);
        let mut seen = (self.build_lines().len(), self.stderr().len());
        let mut since = std::time::Instant::now();
        let deadline = since + STEP;
        while since.elapsed() < quiet && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
            let now = (self.build_lines().len(), self.stderr().len());
            if now != seen {
                seen = now;
                since = std::time::Instant::now();
            }
        }
    }

    /// Waits for a stdout line satisfying `matches`; returns it.
    pub fn wait_stdout(&self, what: &str, matches: impl Fn(&str) -> bool) -> String {
        wait_for(
            what,
            STEP,
            || self.stdout().into_iter().find(|l| matches(l)),
            || self.output(),
        )
    }

    /// Waits for a stderr line satisfying `matches`; returns it.
    pub fn wait_stderr(&self, what: &str, matches: impl Fn(&str) -> bool) -> String {
        wait_for(
            what,
            STEP,
            || self.stderr().into_iter().find(|l| matches(l)),
            || self.output(),
        )
    }

    /// Waits until the watcher is set up (after the first build).
    pub fn wait_watching(&self) {
        self.wait_stdout("the watcher to start", |l| {
            l.starts_with("watching for changes")
        });
    }

    /// Waits until `output`'s progress.json satisfies `check`; returns it.
    pub fn wait_progress(
        &self,
        output: &Path,
        what: &str,
        check: impl Fn(&Value) -> bool,
    ) -> Value {
        wait_for(
            what,
            STEP,
            || progress(output).filter(|p| check(p)),
            || {
                format!(
                    "{}\n--- progress.json: done {:?}, sessions {:?}",
                    self.output(),
                    progress(output).map(|p| done(&p)),
                    progress(output).map(|p| session_titles(&p))
                )
            },
        )
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits (up to [`STEP`]) for the process to end by itself.
    pub fn wait_exit(&mut self) -> ExitStatus {
        self.wait_exit_within(STEP)
    }

    /// Waits (up to `limit`) for the process to end by itself.
    pub fn wait_exit_within(&mut self, limit: Duration) -> ExitStatus {
        let (out, err) = (self.stdout.clone(), self.stderr.clone());
        let child = &mut self.child;
        wait_for(
            "the process to exit",
            limit,
            || child.try_wait().ok().flatten(),
            || dump(&out, &err),
        )
    }

    /// Sends SIGINT (Ctrl-C) and waits for the process to end.
    pub fn interrupt(&mut self) -> ExitStatus {
        let sent = Command::new("kill")
            .args(["-INT", &self.pid().to_string()])
            .status()
            .expect("running kill");
        assert!(sent.success(), "kill -INT failed");
        let pid = self.pid();
        let (out, err) = (self.stdout.clone(), self.stderr.clone());
        let child = &mut self.child;
        wait_for(
            &format!("tracker (pid {pid}) to stop after SIGINT"),
            STEP,
            || child.try_wait().ok().flatten(),
            || dump(&out, &err),
        )
    }
}

fn dump(out: &Lines, err: &Lines) -> String {
    let get = |l: &Lines| l.lock().unwrap_or_else(|e| e.into_inner()).join("\n");
    format!("--- stdout:\n{}\n--- stderr:\n{}", get(out), get(err))
}

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
