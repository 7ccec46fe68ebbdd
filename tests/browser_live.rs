//! Live reload in a real browser: Debian's headless `chromium`, driven by
//! `tests/browser/live.mjs` (playwright-core from `tests/browser/package-lock.json`), against a
//! running `tracker serve`.
//!
//! The open dashboard must reload itself after a tick in the tracker and show the new count,
//! show `#tracker-error-overlay` with the file and line after a broken save (over the last
//! good page), and lose it after the fix.
//!
//! A tab opened while the first build of a big site still runs must get the dashboard once
//! it is built, and live reload with it (it used to get a 404 that never reloaded).
//!
//! Like `tests/browser.rs`: a machine without chromium, Node.js or `tests/browser/node_modules`
//! fails with what to install; `TRACKER_SKIP_BROWSER=1` skips it instead.

mod browser_env;
#[path = "../benches/corpus/mod.rs"]
mod corpus;
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

/// Runs `live.mjs` against `tracker serve` of `site`; `early` opens the tab as soon as the
/// server listens, while its first build still runs, and checks that it did.
fn live_reload_in_chromium(site: &Site, early: bool) {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut server = site.start(&["serve", "--port", &port.to_string()]);
    if !early {
        server.wait_watching();
    }
    server.wait_stdout("the server's address", |l| l.starts_with("serving "));
    let building = server.build_lines().is_empty();

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
    if early {
        assert!(
            building,
            "the first build was over before the tab opened: this test needs a bigger site\n{}",
            server.output()
        );
    }
    let status = server.interrupt();
    assert!(status.success(), "{status}\n{}", server.output());
}

#[test]
fn the_open_page_reloads_and_shows_the_overlay_in_chromium() {
    if !ready() {
        return;
    }
    live_reload_in_chromium(&Site::with_notes(), false);
}

#[test]
fn a_tab_opened_during_the_first_build_gets_the_site_and_live_reload() {
    if !ready() {
        return;
    }
    let site = Site::empty();
    // About 5 s for a debug build on two cores, more than chromium takes to start.
    corpus::write_site(&site.root(), 2500, 11).expect("writing a big site");
    live_reload_in_chromium(&site, true);
}
