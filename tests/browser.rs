//! The built dashboard in a real browser: Debian's headless `chromium`, driven by
//! `tests/browser/check.mjs` (playwright-core and axe-core from `tests/browser/package-lock.json`).
//!
//! Each test builds a site, then the script opens its dashboard and a phase page at desktop and
//! phone widths, in light and dark, and checks that the phase cards render, that nothing is
//! logged as an error, that nothing scrolls sideways and that axe-core finds no serious or
//! critical violation. Screenshots land in `target/screenshots/<site>/`.
//!
//! A machine without chromium, Node.js or `tests/browser/node_modules` fails these tests with
//! what to install; `TRACKER_SKIP_BROWSER=1` skips them instead.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use support::{Site, env_flag, repo};

/// One browser at a time: the machine has two cores.
static BROWSER: Mutex<()> = Mutex::new(());

fn chromium() -> PathBuf {
    std::env::var_os("TRACKER_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn browser_dir() -> PathBuf {
    repo().join("tests/browser")
}

/// What is missing to run the browser tests, with how to install it.
fn missing() -> Vec<String> {
    let mut missing = Vec::new();
    if !chromium().is_file() {
        missing.push(format!(
            "chromium is not at {}: install Debian's with `apt-get install -y --no-install-recommends chromium` (as .ci/run does), or point TRACKER_CHROMIUM at one",
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
    for package in ["playwright-core", "axe-core"] {
        if !browser_dir()
            .join("node_modules")
            .join(package)
            .join("package.json")
            .is_file()
        {
            missing.push(format!(
                "tests/browser/node_modules/{package} is missing: run `npm ci` in tests/browser (as .ci/run does)"
            ));
        }
    }
    missing
}

/// Whether to run: `false` when skipped on purpose; panics with what to install when a tool
/// is missing.
fn ready() -> bool {
    if env_flag("TRACKER_SKIP_BROWSER") {
        eprintln!("TRACKER_SKIP_BROWSER=1: the browser tests are skipped");
        return false;
    }
    let missing = missing();
    assert!(
        missing.is_empty(),
        "the browser tests cannot run:\n- {}\n(set TRACKER_SKIP_BROWSER=1 to skip them on purpose)",
        missing.join("\n- ")
    );
    true
}

fn screenshots(name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"));
    let dir = target.join("screenshots").join(name);
    // Old screenshots of this site would mislead; the others are left alone.
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Runs the browser check on a built site; fails with everything it reported.
fn check_in_browser(site_dir: &Path, name: &str) {
    let _one_at_a_time = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let shots = screenshots(name);
    let out = Command::new("node")
        .arg(browser_dir().join("check.mjs"))
        .arg(site_dir)
        .arg(&shots)
        .arg(name)
        .env("TRACKER_CHROMIUM", chromium())
        .output()
        .expect("running node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "the browser check of {name} failed (screenshots in {}):\n{stdout}\n{stderr}",
        shots.display()
    );
    let taken = std::fs::read_dir(&shots).map(|d| d.count()).unwrap_or(0);
    assert_eq!(
        taken, 8,
        "2 pages × 2 widths × 2 colour schemes screenshots"
    );
}

#[test]
fn the_seed_dashboard_in_chromium() {
    if !ready() {
        return;
    }
    let site = Site::seed();
    site.build(&[]);
    check_in_browser(&site.public(), "seed");
}

#[test]
fn a_dashboard_with_progress_in_chromium() {
    if !ready() {
        return;
    }
    let site = Site::fixture("build-demo");
    site.build(&[]);
    check_in_browser(&site.public(), "demo");
}

#[test]
fn the_paper_theme_in_chromium() {
    if !ready() {
        return;
    }
    let site = Site::fixture("build-demo");
    site.build(&["--theme", "paper"]);
    check_in_browser(&site.public(), "demo-paper");
}

#[test]
fn hostile_notes_in_chromium() {
    if !ready() {
        return;
    }
    let site = Site::fixture("build-hostile");
    site.build(&[]);
    check_in_browser(&site.public(), "hostile");
}
