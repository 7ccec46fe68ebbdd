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

mod browser_env;
mod support_watch;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;
use support_watch::{Running, Site, repo};

fn browser_dir() -> PathBuf {
    browser_env::browser_dir(repo())
}

fn ready() -> bool {
    browser_env::ready(repo(), &["playwright-core"])
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
        .env("TRACKER_CHROMIUM", browser_env::chromium());
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
