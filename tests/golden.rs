//! The built sites of the seed and of every fixture, byte for byte, against outputs recorded
//! in `tests/golden/<case>/` (issue 13: refactoring the render half must change nothing a
//! learner sees).
//!
//! A change that means to change the output records it again with `TRACKER_BLESS=1 cargo
//! test --test golden`, and the diff of `tests/golden/` is reviewed in the same commit.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use support::{Site, repo, tree};

/// The sites recorded: the seed in both themes, a site with notes, and every fixture that
/// builds.
fn cases() -> Vec<(String, Site, Vec<&'static str>)> {
    let mut cases = vec![
        ("seed-default".to_string(), Site::seed(), vec![]),
        (
            "seed-paper".to_string(),
            Site::seed(),
            vec!["--theme", "paper"],
        ),
        (
            "seed-base-url".to_string(),
            Site::seed(),
            vec!["--base-url", "https://learner.github.io/study/"],
        ),
    ];
    let mut names: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures"))
        .expect("the fixtures folder")
        .flatten()
        .filter(|e| e.path().join("content").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        // A fixture of input errors has no site to record.
        if name == "sessions-errors" {
            continue;
        }
        let site = Site::fixture(&name);
        cases.push((name, site, vec![]));
    }
    cases
}

/// The files of a built site that are its content (the marker lists paths, not content).
fn built(site: &Site, args: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let out = site.outer().join("out");
    site.build_into(&out, args);
    let mut files = tree(&out);
    files.remove(".tracker-output");
    files
}

fn bless() -> bool {
    std::env::var_os("TRACKER_BLESS").is_some_and(|v| v == "1")
}

fn record(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    let _ = std::fs::remove_dir_all(dir);
    for (rel, bytes) in files {
        support::write_file(&dir.join(rel), bytes);
    }
}

#[test]
fn every_site_builds_as_recorded() {
    let golden = repo().join("tests/golden");
    let mut differences = Vec::new();
    for (name, site, args) in cases() {
        let files = built(&site, &args);
        let dir = golden.join(&name);
        if bless() {
            record(&dir, &files);
            continue;
        }
        assert!(
            dir.is_dir(),
            "no recorded output for {name}: run `TRACKER_BLESS=1 cargo test --test golden`"
        );
        let recorded = tree(&dir);
        for path in recorded.keys().chain(files.keys()) {
            match (recorded.get(path), files.get(path)) {
                (Some(a), Some(b)) if a == b => {}
                (Some(_), Some(_)) => differences.push(format!("{name}/{path}: differs")),
                (Some(_), None) => differences.push(format!("{name}/{path}: no longer built")),
                (None, Some(_)) => differences.push(format!("{name}/{path}: new")),
                (None, None) => {}
            }
        }
    }
    differences.sort();
    differences.dedup();
    assert!(
        differences.is_empty(),
        "the built sites differ from tests/golden/ (rerun with TRACKER_BLESS=1 if meant):\n{}",
        differences.join("\n")
    );
}
