//! Live reload in a real browser: Debian's headless `chromium`, driven by
//! `tests/browser/live.mjs` (playwright-core from `tests/browser/package-lock.json`), against a
//! running `tracker serve`.
//!
//! The open dashboard must reload itself after a tick in the tracker and show the new count,
//! show `#tracker-error-overlay` with the file and line after a broken save (over the last
//! good page), and lose it after the fix.
//!
//! Like `tests/browser.rs`: a machine without chromium, Node.js or `tests/browser/node_modules`
//! fails with what to install; `TRACKER_SKIP_BROWSER=1` skips it instead.

mod support_watch;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;
use support_watch::{Running, Site, repo};

fn chromium() -> PathBuf {
    std::env::var_os("TRACKER_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn browser_dir() -> PathBuf {
    repo().join("tests/browser")
}

/// What is missing to run the browser test, with how to install it.
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
    if !browser_dir()
        .join("node_modules/playwright-core/package.json")
        .is_file()
    {
        missing.push(
            "tests/browser/node_modules/playwright-core is missing: run `npm ci` in tests/browser (as .ci/run does)"
                .to_string(),
        );
    }
    missing
}

/// Whether to run: `false` when skipped on purpose; panics with what to install when a tool
/// is missing.
fn ready() -> bool {
    if std::env::var_os("TRACKER_SKIP_BROWSER").is_some_and(|v| v == "1") {
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

#[test]
fn the_open_page_reloads_and_shows_the_overlay_in_chromium() {
    if !ready() {
        return;
    }
    let site = Site::with_notes();
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut server = site.start(&["serve", "--port", &port.to_string()]);
    server.wait_watching();
    server.wait_stdout("the server's address", |l| l.starts_with("serving "));

    let mut cmd = Command::new("node");
    cmd.arg(browser_dir().join("live.mjs"))
        .arg(format!("http://127.0.0.1:{port}/"))
        .arg(site.root())
        .env("TRACKER_CHROMIUM", chromium());
    let mut node = Running::spawn(cmd);
    let node_status = node.wait_exit_within(Duration::from_secs(90));
    println!("{}", node.output());
    assert!(
        node_status.success(),
        "live reload in chromium failed:\n{}\n--- tracker serve:\n{}",
        node.output(),
        server.output()
    );
    assert!(server.alive(), "tracker serve outlives every save");
    let status = server.interrupt();
    assert!(status.success(), "{status}\n{}", server.output());
}
