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

mod browser_env;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use support::{Site, repo};

/// One browser at a time: the machine has two cores.
static BROWSER: Mutex<()> = Mutex::new(());

fn browser_dir() -> PathBuf {
    browser_env::browser_dir(repo())
}

fn ready() -> bool {
    browser_env::ready(repo(), &["playwright-core", "axe-core"])
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
    check_in_browser_missing(site_dir, name, &[]);
}

/// [`check_in_browser`], where the site's notes show images it does not hold (by file name):
/// their 404s are expected.
fn check_in_browser_missing(site_dir: &Path, name: &str, missing_images: &[&str]) {
    let _one_at_a_time = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let shots = screenshots(name);
    let out = Command::new("node")
        .arg(browser_dir().join("check.mjs"))
        .arg(site_dir)
        .arg(&shots)
        .arg(name)
        .env("TRACKER_CHROMIUM", browser_env::chromium())
        .env("TRACKER_MISSING_IMAGES", missing_images.join(","))
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
    // GitHub's sanitizer keeps the notes' `<img src=x onerror=…>` as an inert `<img src="x">`.
    check_in_browser_missing(&site.public(), "hostile", &["x"]);
}
