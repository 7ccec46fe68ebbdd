//! What the browser tests need (Debian's chromium, Node.js, the npm packages of
//! `tests/browser/`), shared by `tests/browser.rs` and `tests/browser_live.rs`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The chromium to drive: `TRACKER_CHROMIUM`, else Debian's.
pub fn chromium() -> PathBuf {
    std::env::var_os("TRACKER_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// The folder of the Node.js scripts and their `node_modules`.
pub fn browser_dir(repo: &Path) -> PathBuf {
    repo.join("tests/browser")
}

/// What is missing to run the browser tests, each with how to install it.
pub fn missing(repo: &Path, packages: &[&str]) -> Vec<String> {
    let mut missing = Vec::new();
    if !chromium().is_file() {
        missing.push(format!(
            "chromium is not at {}: install Debian's with `apt-get install -y --no-install-recommends chromium` (as scripts/test.sh does), or point TRACKER_CHROMIUM at one",
            chromium().display()
        ));
    }
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        missing.push(
            "node is not on PATH: install Node.js 20 or later (`apt-get install -y nodejs npm`)"
                .to_string(),
        );
    }
    for package in packages {
        let manifest = browser_dir(repo)
            .join("node_modules")
            .join(package)
            .join("package.json");
        if !manifest.is_file() {
            missing.push(format!(
                "tests/browser/node_modules/{package} is missing: run `npm ci` in tests/browser (as scripts/test.sh does)"
            ));
        }
    }
    missing
}

/// Whether to run: `false` when skipped on purpose with `TRACKER_SKIP_BROWSER=1`; panics
/// with what to install when a tool is missing, so a machine without them never passes
/// silently.
pub fn ready(repo: &Path, packages: &[&str]) -> bool {
    if std::env::var_os("TRACKER_SKIP_BROWSER").is_some_and(|v| v == "1") {
        eprintln!("TRACKER_SKIP_BROWSER=1: the browser tests are skipped");
        return false;
    }
    let missing = missing(repo, packages);
    assert!(
        missing.is_empty(),
        "the browser tests cannot run:\n- {}\n(set TRACKER_SKIP_BROWSER=1 to skip them on purpose)",
        missing.join("\n- ")
    );
    true
}
