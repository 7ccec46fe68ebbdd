//! Helpers shared by the `tracker build` tests: sites in temporary folders, the real binary,
//! and the files of a built site.
//!
//! Each test binary uses a different subset of these, hence the `dead_code` allowance.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The date every build test computes as of.
pub const TODAY: &str = "2026-01-23";

/// The repository's own folder.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary folder: `<tmp>/site` is its root, so tests can also write beside it.
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

    /// A site holding a copy of the repository's `content/tracker.md` (the seed).
    pub fn seed() -> Site {
        let site = Site::empty();
        site.write(
            "content/tracker.md",
            std::fs::read(repo().join("content/tracker.md")).expect("the seed tracker"),
        );
        site
    }

    /// A copy of the fixture site `tests/fixtures/<case>`.
    pub fn fixture(case: &str) -> Site {
        let site = Site::empty();
        let from = repo().join("tests/fixtures").join(case);
        assert!(from.is_dir(), "no fixture {}", from.display());
        for (rel, bytes) in tree(&from) {
            site.write(&rel, bytes);
        }
        site
    }

    /// The site root.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// The temporary folder that holds the site root, for outputs beside it.
    pub fn outer(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// The default output folder, `public/` under the root.
    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file of the site (creating its folders).
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        write_file(&self.root().join(relative), contents);
    }

    /// `tracker --root <site> --today TODAY`, run from the temporary folder (not the root, so
    /// nothing relies on the working directory), with the environment that decides dates
    /// and colour cleared.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("tracker").expect("the tracker binary");
        cmd.current_dir(self.outer())
            .arg("--root")
            .arg(self.root())
            .arg("--today")
            .arg(TODAY);
        for var in [
            "SOURCE_DATE_EPOCH",
            "NO_COLOR",
            "CLICOLOR",
            "CLICOLOR_FORCE",
        ] {
            cmd.env_remove(var);
        }
        cmd
    }

    /// `tracker build [args]`, which must succeed; returns the run for more checks.
    pub fn build(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        let assert = self.cmd().arg("build").args(args).assert();
        let output = assert.get_output();
        assert!(
            output.status.success(),
            "tracker build {args:?} failed with {:?}\nstdout:\n{}\nstderr:\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
        assert
    }

    /// `tracker build --output <out> [args]`, which must succeed; returns the output folder.
    pub fn build_into(&self, out: &Path, args: &[&str]) -> PathBuf {
        let mut all = vec!["--output", out.to_str().expect("a UTF-8 path")];
        all.extend_from_slice(args);
        self.build(&all);
        out.to_path_buf()
    }

    /// `tracker status --json`, parsed.
    pub fn report(&self) -> Value {
        serde_json::from_slice(&self.status_json()).expect("status --json prints JSON")
    }

    /// `tracker status --json`, as printed.
    pub fn status_json(&self) -> Vec<u8> {
        let out = self
            .cmd()
            .args(["status", "--json"])
            .assert()
            .success()
            .get_output()
            .clone();
        out.stdout
    }
}

/// Writes a file, creating its folders.
pub fn write_file(path: &Path, contents: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("creating a folder");
    }
    std::fs::write(path, contents).expect("writing a file");
}

/// Every file below `dir` by `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir(dir) {
        let rel = entry
            .strip_prefix(dir)
            .expect("below dir")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.insert(
            rel,
            std::fs::read(&entry).expect("reading a file of the tree"),
        );
    }
    out
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The names in a folder, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("reading a folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A URL-safe name for a title, as the issue defines it: `Phase 1: Foundations` →
/// `phase-1-foundations`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Every node of kind `kind` in a report, in document order.
pub fn nodes_of_kind<'a>(report: &'a Value, kind: &str) -> Vec<&'a Value> {
    fn walk<'a>(nodes: &'a Value, kind: &str, out: &mut Vec<&'a Value>) {
        for n in nodes.as_array().into_iter().flatten() {
            if n["kind"] == kind {
                out.push(n);
            }
            walk(&n["children"], kind, out);
        }
    }
    let mut out = Vec::new();
    walk(&report["sections"], kind, &mut out);
    out
}

/// The phases of a report, in document order.
pub fn phases(report: &Value) -> Vec<&Value> {
    nodes_of_kind(report, "phase")
}

/// A node's title.
pub fn title(node: &Value) -> &str {
    node["title"].as_str().expect("a node has a title")
}

/// Whether an environment variable is set to `1`.
pub fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "1")
}

/// What a guarded run of the binary gave.
#[derive(Debug)]
pub struct Outcome {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `cmd`, killed after `guard`; fails on a signal, a hang or a panic message. `what`
/// names the run in messages and in the time it prints.
pub fn run_guarded(mut cmd: Command, guard: std::time::Duration, what: &str) -> Outcome {
    let started = std::time::Instant::now();
    let output = cmd.timeout(guard).output().expect("running tracker");
    eprintln!("{what}: {:.2?}", started.elapsed());
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{what}: panicked:\n{stderr}");
    let Some(code) = output.status.code() else {
        panic!(
            "{what}: killed by a signal or by the {guard:?} guard ({:?}); stderr:\n{stderr}",
            output.status
        );
    };
    Outcome {
        code,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
    }
}

/// A tracker of over 3 MB: 100 parts of 1,000 tasks each, every seventh one ticked.
pub fn huge_tracker() -> String {
    let mut text = String::from("# Huge\n\n");
    for i in 0..100_000 {
        if i % 1_000 == 0 {
            text.push_str(&format!("\n## Part {}\n\n", i / 1_000));
        }
        let mark = if i % 7 == 0 { 'x' } else { ' ' };
        text.push_str(&format!("- [{mark}] task number {i:06} of the plan\n"));
    }
    assert!(text.len() > 3_000_000, "{} bytes", text.len());
    text
}
