//! Hostile and huge trackers through the real binary: exact outcomes, never a panic or a hang.
//!
//! Each run is killed after a generous wall-clock guard so a hang fails the test instead of
//! stalling CI; speed itself is not asserted (that belongs in benchmarks).

mod support;

use assert_cmd::Command;
use serde_json::Value;
use std::time::Duration;
use support::{Outcome, run_guarded};

/// Far more than any of these cases needs, even in a debug build.
const GUARD: Duration = Duration::from_secs(60);

/// Runs `tracker status --json` on a site whose tracker holds `bytes`.
fn status(bytes: &[u8]) -> Outcome {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("creating content/");
    std::fs::write(content.join("tracker.md"), bytes).expect("writing the tracker");
    let mut cmd = Command::cargo_bin("tracker").expect("the tracker binary");
    cmd.env_remove("SOURCE_DATE_EPOCH")
        .arg("--root")
        .arg(dir.path())
        .args(["status", "--json", "--today", "2026-01-23"]);
    run_guarded(cmd, GUARD, &format!("{} bytes", bytes.len()))
}

/// Runs the tracker and requires exit 0 with JSON on stdout.
fn report(bytes: &[u8]) -> Value {
    let run = status(bytes);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("stdout is JSON")
}

fn progress(json: &Value) -> (u64, u64) {
    (
        json["progress"]["done"].as_u64().unwrap_or(u64::MAX),
        json["progress"]["total"].as_u64().unwrap_or(u64::MAX),
    )
}

/// A small deterministic generator, so failures can be reproduced.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn an_empty_tracker_has_nothing_to_do() {
    let json = report(b"");
    assert_eq!(progress(&json), (0, 0));
    assert!(json["progress"]["percent"].is_null());
    assert_eq!(json["optional"]["total"], 0);
    assert_eq!(json["sections"], Value::Array(vec![]));
    assert_eq!(json["tasks"], Value::Array(vec![]));
    assert_eq!(json["title"], "tracker");
}

#[test]
fn binary_junk_is_an_error_naming_the_file() {
    let mut rng = Lcg(42);
    let mut bytes: Vec<u8> = (0..64 * 1024).map(|_| rng.next() as u8).collect();
    bytes[0] = b'#';
    bytes[1] = 0;
    bytes[2] = 0xff;
    assert!(std::str::from_utf8(&bytes).is_err());
    let run = status(&bytes);
    assert_eq!(run.code, 1, "stderr:\n{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with("content/tracker.md:1: error: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("UTF-8"), "{}", run.stderr);
}

#[test]
fn text_junk_with_nuls_is_read() {
    let mut rng = Lcg(7);
    let alphabet: Vec<char> = "\0\0\0 \t\n\n\r#-*+>[]()x!`_~|<&;:1.\\aé字😀\u{feff}\u{200b}"
        .chars()
        .collect();
    let junk: String = (0..200_000)
        .map(|_| alphabet[rng.next() as usize % alphabet.len()])
        .collect();
    let text = format!("# Junk\n\n## Known\n\n- [x] found\n\n{junk}");
    assert!(text.contains('\0'));
    let json = report(text.as_bytes());
    assert_eq!(json["title"], "Junk");
    let known = &json["sections"][0];
    assert_eq!(known["title"], "Known");
    assert_eq!(known["tasks"][0]["text"], "found");
    assert_eq!(known["tasks"][0]["done"], true);
    assert_eq!(known["tasks"][0]["line"], 5);
    let (done, total) = progress(&json);
    assert!(done <= total && total >= 1, "{done}/{total}");
}

#[test]
fn twenty_thousand_nested_lists() {
    let mut text = "- ".repeat(20_000);
    text.push_str("[ ] deep\n- [x] shallow\n");
    let json = report(text.as_bytes());
    assert_eq!(progress(&json), (1, 2));
    let tasks = json["tasks"].as_array().expect("the root's tasks");
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0]["text"], "deep");
    assert_eq!(tasks[0]["line"], 1);
    assert_eq!(tasks[1]["text"], "shallow");
}

#[test]
fn twenty_thousand_nested_block_quotes() {
    let mut text = "> ".repeat(20_000);
    text.push_str("- [x] quoted\n\n- [ ] after\n");
    let json = report(text.as_bytes());
    assert_eq!(progress(&json), (1, 2));
    assert_eq!(json["tasks"][0]["text"], "quoted");
    assert_eq!(json["tasks"][1]["text"], "after");
    assert_eq!(json["tasks"][1]["line"], 3);
}

#[test]
fn fifty_thousand_brackets() {
    let brackets = "[".repeat(50_000);
    let text = format!("# Brackets\n\n{brackets}\n\n- [ ] {brackets}\n- [x] {brackets}]\n");
    let json = report(text.as_bytes());
    assert_eq!(progress(&json), (1, 2));
    assert_eq!(json["tasks"][0]["text"], brackets);
    assert_eq!(json["tasks"][0]["line"], 5);
}

#[test]
fn ten_thousand_headings() {
    let mut text = String::from("# Many\n\n");
    for i in 0..5_000 {
        text.push_str(&format!(
            "## Part {i}\n\n- [x] a{i}\n\n### Piece {i}\n\n- [ ] b{i}\n\n"
        ));
    }
    let json = report(text.as_bytes());
    assert_eq!(json["title"], "Many");
    let sections = json["sections"].as_array().expect("sections");
    assert_eq!(sections.len(), 5_000);
    for (i, s) in sections.iter().enumerate() {
        assert_eq!(s["title"], format!("Part {i}"));
        assert_eq!(s["children"].as_array().map(Vec::len), Some(1));
        assert_eq!(s["children"][0]["title"], format!("Piece {i}"));
        assert_eq!(
            (s["done"].as_u64(), s["total"].as_u64()),
            (Some(1), Some(2))
        );
    }
    assert_eq!(progress(&json), (5_000, 10_000));
    assert_eq!(json["progress"]["percent"], 50.0);
}

#[test]
fn a_three_megabyte_tracker_with_a_hundred_thousand_tasks() {
    let text = support::huge_tracker();
    let json = report(text.as_bytes());
    let done = (0..100_000).filter(|i| i % 7 == 0).count() as u64;
    assert_eq!(progress(&json), (done, 100_000));
    assert_eq!(json["progress"]["percent"], 14.3);
    let sections = json["sections"].as_array().expect("sections");
    assert_eq!(sections.len(), 100);
    for s in sections {
        assert_eq!(s["total"], 1_000);
    }
    assert_eq!(sections[0]["done"], 143);
}
