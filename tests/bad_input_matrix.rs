//! The bad-input matrix (issue 8, item 2): one test per hostile input, through the real
//! binary, each asserting the exact outcome: the exit code, the error naming file and line
//! (every error of a run printed together), or the right numbers in `progress.json`.
//!
//! `tests/bad_input.rs` runs the hostile trackers through `status --json`; here they go
//! through `build`, so rendering and publishing see them too. Every run has a wall-clock
//! guard, so a hang fails the test instead of stalling CI; no speed is asserted.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::{Outcome, Site, TODAY, run_guarded, tree};

/// Far more than any row needs, even in a debug build on a busy machine.
const GUARD: Duration = Duration::from_secs(120);

/// Runs `cmd` under the guard; fails on a signal, a hang or a panic message.
fn finish(cmd: assert_cmd::Command, what: &str) -> Outcome {
    run_guarded(cmd, GUARD, what)
}

/// `tracker --root <site> --today TODAY <args>`.
fn run(site: &Site, args: &[&str]) -> Outcome {
    let mut cmd = site.cmd();
    cmd.args(args);
    finish(cmd, &format!("tracker {}", args.join(" ")))
}

/// A build that must succeed; returns its `progress.json`.
fn built(site: &Site) -> Value {
    let out = run(site, &["build"]);
    assert_eq!(out.code, 0, "the build should succeed:\n{}", out.stderr);
    let text = std::fs::read_to_string(site.public().join("progress.json"))
        .expect("the build wrote progress.json");
    serde_json::from_str(&text).expect("progress.json is JSON")
}

/// A build that must fail with exit 1 and exactly these error lines, writing nothing.
fn fails_with(site: &Site, errors: &[&str]) {
    let out = run(site, &["build"]);
    let mut expected: String = errors.iter().map(|e| format!("{e}\n")).collect();
    let n = errors.len();
    expected.push_str(&format!(
        "tracker: {n} error{} found\n",
        if n == 1 { "" } else { "s" }
    ));
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (1, expected.as_str()),
        "exit code and every error line"
    );
    assert_eq!(out.stdout, "", "a failed build prints nothing on stdout");
    assert!(!site.public().exists(), "a failed build writes no site");
}

fn progress(json: &Value) -> (u64, u64) {
    (
        json["progress"]["done"].as_u64().unwrap_or(u64::MAX),
        json["progress"]["total"].as_u64().unwrap_or(u64::MAX),
    )
}

/// A small tracker with one section of two tasks, one done.
const SMALL: &str = "# Plan\n\n## Basics\n\n- [x] one\n- [ ] two\n";

/// A site with the small tracker.
fn small_site() -> Site {
    let site = Site::empty();
    site.write("content/tracker.md", SMALL);
    site
}

/// Deterministic junk (SplitMix64), so failures can be reproduced.
fn junk(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) as u8
        })
        .collect()
}

/// The line and 1-based byte of the first invalid UTF-8 in `bytes`, as the error gives them.
fn first_bad_byte(bytes: &[u8]) -> (usize, usize) {
    let valid = std::str::from_utf8(bytes)
        .expect_err("the bytes are not UTF-8")
        .valid_up_to();
    let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
    (line, valid + 1)
}

/// Every file below the temporary folder that holds the site, with its bytes.
fn everything(site: &Site) -> BTreeMap<String, Vec<u8>> {
    tree(&site.outer())
}

// ---------------------------------------------------------------------------------------
// The tracker's bytes

#[test]
fn an_empty_tracker_builds_a_site_with_nothing_to_do() {
    let site = Site::empty();
    site.write("content/tracker.md", "");
    let json = built(&site);
    assert_eq!(progress(&json), (0, 0));
    assert!(json["progress"]["percent"].is_null(), "percent is null");
    assert_eq!(json["title"], "tracker", "the title falls back to the stem");
    assert_eq!(json["sections"], Value::Array(vec![]));
    assert_eq!(json["warnings"], Value::Array(vec![]));
    assert!(site.public().join("index.html").is_file());
}

#[test]
fn a_binary_tracker_is_an_error_naming_file_line_and_byte() {
    let mut bytes = junk(64 * 1024, 42);
    bytes[..8].copy_from_slice(b"# Ok\n\n\xff\0");
    let (line, byte) = first_bad_byte(&bytes);
    assert_eq!((line, byte), (3, 7));
    let site = Site::empty();
    site.write("content/tracker.md", &bytes);
    fails_with(
        &site,
        &[
            "content/tracker.md:3: error: invalid UTF-8 (byte 7 of the file); save the file as UTF-8",
        ],
    );
}

#[test]
fn an_invalid_utf8_tracker_names_the_line_of_the_bad_byte() {
    let site = Site::empty();
    site.write(
        "content/tracker.md",
        b"# Plan\n\n- [x] caf\xc3\xa9 is fine\n- [ ] caf\xe9 is Latin-1\n",
    );
    fails_with(
        &site,
        &[
            "content/tracker.md:4: error: invalid UTF-8 (byte 38 of the file); save the file as UTF-8",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// Hostile markdown: every one builds, with the right numbers

#[test]
fn twenty_thousand_nested_lists_build() {
    let site = Site::empty();
    let mut text = "- ".repeat(20_000);
    text.push_str("[ ] deep\n- [x] shallow\n");
    site.write("content/tracker.md", text);
    let json = built(&site);
    assert_eq!(progress(&json), (1, 2));
    assert_eq!(json["tasks"][0]["text"], "deep");
    assert_eq!(json["tasks"][0]["line"], 1);
    assert_eq!(json["tasks"][1]["line"], 2);
}

#[test]
fn twenty_thousand_nested_quotes_build() {
    let site = Site::empty();
    let mut text = "> ".repeat(20_000);
    text.push_str("- [x] quoted\n\n- [ ] after\n");
    site.write("content/tracker.md", text);
    let json = built(&site);
    assert_eq!(progress(&json), (1, 2));
    assert_eq!(json["tasks"][0]["text"], "quoted");
    assert_eq!(json["tasks"][1]["line"], 3);
}

#[test]
fn fifty_thousand_brackets_build() {
    let site = Site::empty();
    let brackets = "[".repeat(50_000);
    site.write(
        "content/tracker.md",
        format!("# Brackets\n\n## Open\n\n{brackets}\n\n- [ ] {brackets}\n- [x] {brackets}]\n"),
    );
    let json = built(&site);
    assert_eq!(progress(&json), (1, 2));
    let open = &json["sections"][0];
    assert_eq!(open["title"], "Open");
    assert_eq!(open["tasks"][0]["text"], brackets);
    assert_eq!(open["tasks"][1]["line"], 8);
    let page = std::fs::read_to_string(site.public().join("index.html")).expect("the dashboard");
    assert!(
        page.contains(&brackets),
        "the task's text is on the dashboard"
    );
}

#[test]
fn ten_thousand_headings_build() {
    let site = Site::empty();
    let mut text = String::from("# Many\n\n");
    for i in 0..5_000 {
        text.push_str(&format!(
            "## Part {i}\n\n- [x] a{i}\n\n### Piece {i}\n\n- [ ] b{i}\n\n"
        ));
    }
    site.write("content/tracker.md", text);
    let json = built(&site);
    assert_eq!(progress(&json), (5_000, 10_000));
    let sections = json["sections"].as_array().expect("sections");
    assert_eq!(sections.len(), 5_000);
    let last = &sections[4_999];
    assert_eq!(last["title"], "Part 4999");
    assert_eq!(last["line"], 3 + 4_999 * 8);
    assert_eq!(last["children"][0]["title"], "Piece 4999");
    assert_eq!(
        (last["done"].as_u64(), last["total"].as_u64()),
        (Some(1), Some(2))
    );
}

#[test]
fn a_three_megabyte_tracker_with_a_hundred_thousand_tasks_builds() {
    let site = Site::empty();
    let text = support::huge_tracker();
    site.write("content/tracker.md", text);
    let json = built(&site);
    assert_eq!(progress(&json), (14_286, 100_000));
    assert_eq!(json["progress"]["percent"], 14.3);
    let sections = json["sections"].as_array().expect("sections");
    assert_eq!(sections.len(), 100);
    assert!(sections.iter().all(|s| s["total"] == 1_000));
    assert_eq!(sections[0]["done"], 143);
}

// ---------------------------------------------------------------------------------------
// Notes

#[test]
fn a_ten_megabyte_note_builds_its_page() {
    let site = small_site();
    let mut text = String::from(
        "---\ndate: 2026-01-05\ntitle: Big\nduration: 1h 30m\n---\n\n## Topics covered\n- logs\n\n",
    );
    let paragraph =
        "Words about *streams*, **brokers**, [links](https://example.com) and `code`.\n";
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&paragraph.repeat(1_000));
        text.push('\n');
    }
    text.push_str("\nThe very last paragraph.\n");
    site.write("content/sessions/big.md", &text);
    let json = built(&site);
    let sessions = json["sessions"].as_array().expect("sessions");
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["title"], "Big");
    assert_eq!(sessions[0]["minutes"], 90);
    assert_eq!(sessions[0]["topics"], serde_json::json!(["logs"]));
    assert_eq!(json["stats"]["minutes"], 90);
    let page = std::fs::read_to_string(site.public().join("sessions/2026-01-05-big.html"))
        .expect("the note's page");
    assert!(page.len() > 10 * 1024 * 1024, "{} bytes", page.len());
    assert!(page.contains("<p>The very last paragraph.</p>"));
}

#[test]
fn a_binary_note_is_an_error_naming_file_line_and_byte() {
    let site = small_site();
    let mut bytes = b"---\ndate: 2026-01-02\n---\n".to_vec();
    bytes.extend(junk(32 * 1024, 7));
    let (line, byte) = first_bad_byte(&bytes);
    site.write("content/sessions/2026-01-02-junk.md", &bytes);
    fails_with(
        &site,
        &[&format!(
            "content/sessions/2026-01-02-junk.md:{line}: error: invalid UTF-8 (byte {byte} of the file); save the file as UTF-8"
        )],
    );
}

#[test]
fn an_invalid_utf8_note_names_the_line_of_the_bad_byte() {
    let site = small_site();
    site.write(
        "content/sessions/2026-01-02.md",
        b"---\ndate: 2026-01-02\n---\n\ncaf\xe9\n",
    );
    fails_with(
        &site,
        &[
            "content/sessions/2026-01-02.md:5: error: invalid UTF-8 (byte 30 of the file); save the file as UTF-8",
        ],
    );
}

#[test]
fn front_matter_that_is_broken_yaml_names_the_line() {
    let site = small_site();
    site.write(
        "content/sessions/a.md",
        "---\ndate: 2026-01-02\ntitle: a: b\n---\n",
    );
    fails_with(
        &site,
        &[
            "content/sessions/a.md:3: error: the front matter is not valid YAML: mapping values are not allowed in this context; fix it",
        ],
    );
}

#[test]
fn front_matter_that_is_a_yaml_list_is_an_error() {
    let site = small_site();
    site.write("content/sessions/a.md", "---\n- date\n- 2026-01-02\n---\n");
    fails_with(
        &site,
        &[
            "content/sessions/a.md:2: error: the front matter must be keys and values such as `date: 2026-01-21`, not a list or a single value",
        ],
    );
}

#[test]
fn unterminated_front_matter_names_its_first_line() {
    let site = small_site();
    site.write(
        "content/sessions/a.md",
        "---\ndate: 2026-01-02\ntitle: Open\n\n# Body\n",
    );
    fails_with(
        &site,
        &[
            "content/sessions/a.md:1: error: the front matter that starts here has no closing `---` line; add one after its last key",
        ],
    );
}

#[test]
fn an_impossible_date_names_its_line_in_the_front_matter_or_the_file_name() {
    let site = small_site();
    site.write(
        "content/sessions/a.md",
        "---\ntitle: Leap\ndate: 2026-02-30\n---\n",
    );
    site.write("content/sessions/2026-02-30-leap.md", "# Leap\n");
    fails_with(
        &site,
        &[
            "content/sessions/2026-02-30-leap.md:1: error: the file name starts with 2026-02-30, which is not a real day; fix the file name or add `date: YYYY-MM-DD` to the front matter",
            "content/sessions/a.md:3: error: date '2026-02-30' is not a real day; write it as YYYY-MM-DD, such as 2026-01-21",
        ],
    );
}

#[test]
fn a_note_with_no_date_is_an_error() {
    let site = small_site();
    site.write("content/sessions/undated.md", "---\ntitle: When?\n---\n");
    fails_with(
        &site,
        &[
            "content/sessions/undated.md:1: error: this note has no date; add `date: YYYY-MM-DD` to its front matter or start its file name with the date (2026-01-21-topic.md)",
        ],
    );
}

#[test]
fn every_error_of_a_run_is_printed_together() {
    let site = Site::empty();
    site.write("content/tracker.md", b"# Plan\n\xff\n");
    site.write("content/sessions/b.md", "---\n- a\n---\n");
    site.write("content/sessions/a.md", "---\ndate: 2026-01-02\n");
    site.write("content/sessions/2026-01-03-fine.md", "# Fine\n");
    fails_with(
        &site,
        &[
            "content/tracker.md:2: error: invalid UTF-8 (byte 8 of the file); save the file as UTF-8",
            "content/sessions/a.md:1: error: the front matter that starts here has no closing `---` line; add one after its last key",
            "content/sessions/b.md:2: error: the front matter must be keys and values such as `date: 2026-01-21`, not a list or a single value",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// The sessions folder

// Linux only: the second warning quotes the system's words for ELOOP.
#[cfg(target_os = "linux")]
#[test]
fn a_symlink_loop_in_sessions_is_a_warning_and_each_note_counts_once() {
    let site = small_site();
    site.write(
        "content/sessions/2026/2026-01-02.md",
        "---\nduration: 30m\n---\n# One\n",
    );
    let sessions = site.root().join("content/sessions");
    std::os::unix::fs::symlink(&sessions, sessions.join("2026/back")).expect("a symlink");
    std::os::unix::fs::symlink("self", sessions.join("self")).expect("a self link");
    let json = built(&site);
    assert_eq!(json["stats"]["sessions"], 1, "the note counts once");
    assert_eq!(json["stats"]["minutes"], 30);
    assert_eq!(
        json["warnings"],
        serde_json::json!([
            {
                "file": "content/sessions/2026/back",
                "line": 0,
                "message": "this link leads back to a folder above it (a loop); it is skipped"
            },
            {
                "file": "content/sessions/self",
                "line": 0,
                "message": format!(
                    "cannot be read (IO error for operation on {}: Too many levels of symbolic links (os error 40)); it is skipped",
                    sessions.join("self").display()
                )
            }
        ])
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_an_error_naming_the_file() {
    use std::os::unix::ffi::OsStrExt;
    let site = small_site();
    let sessions = site.root().join("content/sessions");
    std::fs::create_dir_all(&sessions).expect("the sessions folder");
    // Two Latin-1 names that would both be shown as `caf\u{fffd}.md`.
    for (name, title) in [(&b"caf\xe9.md"[..], "One"), (&b"caf\xe8.md"[..], "Two")] {
        std::fs::write(
            sessions.join(std::ffi::OsStr::from_bytes(name)),
            format!("---\ndate: 2026-01-02\ntitle: {title}\n---\n"),
        )
        .expect("writing a note");
    }
    let line = "content/sessions/caf\u{fffd}.md:0: error: the file name is not valid UTF-8 (shown here with \u{fffd}); rename the file using UTF-8 characters";
    fails_with(&site, &[line, line]);
}

/// Whether the current user can read a file whose permissions say nobody may.
fn permissions_bite(path: &Path) -> bool {
    std::fs::read(path).is_err()
}

#[cfg(unix)]
#[test]
fn an_unreadable_note_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let site = small_site();
    site.write(
        "content/sessions/2026-01-02-open.md",
        "---\nduration: 20m\n---\n",
    );
    site.write(
        "content/sessions/2026-01-03-locked.md",
        "---\nduration: 40m\n---\n",
    );
    let locked = site.root().join("content/sessions/2026-01-03-locked.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let expected = "content/sessions/2026-01-03-locked.md:0: error: cannot read the file: permission denied; check its permissions\ntracker: 1 error found\n";

    if permissions_bite(&locked) {
        let out = run(&site, &["status", "--json"]);
        assert_eq!((out.code, out.stderr.as_str()), (1, expected));
        return;
    }

    // Root (or CAP_DAC_OVERRIDE) reads every file whatever its mode: the note is read.
    eprintln!("running as root: permissions do not bite, so the locked note is read");
    let out = run(&site, &["status", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(
        (&json["stats"]["sessions"], &json["stats"]["minutes"]),
        (&serde_json::json!(2), &serde_json::json!(60)),
        "as root both notes are read"
    );

    // What everyone else sees: the same run as the unprivileged user `nobody`.
    for dir in [site.outer(), site.root()] {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_tracker"));
    cmd.current_dir(site.outer())
        .arg("--root")
        .arg(site.root())
        .args(["--today", TODAY, "status", "--json"])
        .env_remove("SOURCE_DATE_EPOCH")
        .uid(65534)
        .gid(65534);
    match cmd.output() {
        Ok(out) => assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(1), expected),
            "as the user nobody, the locked note is an error"
        ),
        Err(e) => eprintln!("skipped the run as nobody: it cannot start the binary ({e})"),
    }
}

// ---------------------------------------------------------------------------------------
// The config and the command line

#[test]
fn a_config_with_an_unknown_key_names_it_and_the_nearest_one() {
    let site = small_site();
    site.write("tracker.yaml", "title: Mine\ntitel: Oops\nouput: site\n");
    fails_with(
        &site,
        &[
            "tracker.yaml:2: error: unknown key 'titel'; did you mean 'title'?",
            "tracker.yaml:3: error: unknown key 'ouput'; did you mean 'output'?",
        ],
    );
}

#[test]
fn a_config_that_is_broken_yaml_names_the_line() {
    let site = small_site();
    site.write(
        "tracker.yaml",
        "title: Mine\ntheme: [default\noutput: site\n",
    );
    fails_with(
        &site,
        &[
            "tracker.yaml:3: error: not valid YAML: did not find expected ',' or ']'; fix the syntax",
        ],
    );
}

#[test]
fn today_that_is_not_a_date_is_a_usage_error_quoting_it() {
    let site = small_site();
    for today in ["2026-02-30", "tomorrow", "2026-1-5", ""] {
        for command in ["status", "check", "build", "watch", "serve"] {
            let mut cmd = assert_cmd::Command::cargo_bin("tracker").expect("the binary");
            cmd.current_dir(site.outer())
                .env_remove("SOURCE_DATE_EPOCH")
                .arg("--root")
                .arg(site.root())
                .args(["--today", today, command]);
            let out = finish(cmd, &format!("{command} --today {today:?}"));
            let first = out.stderr.lines().next().unwrap_or("");
            assert_eq!(
                (out.code, first),
                (
                    2,
                    format!(
                        "error: invalid value '{today}' for '--today <YYYY-MM-DD>': '{today}' is not a date; write it as YYYY-MM-DD, such as 2026-01-21"
                    )
                    .as_str()
                ),
                "{command} --today {today:?}"
            );
            assert_eq!(out.stdout, "");
        }
    }
    let mut cmd = assert_cmd::Command::cargo_bin("tracker").expect("the binary");
    cmd.current_dir(site.outer())
        .env("SOURCE_DATE_EPOCH", "next week")
        .arg("--root")
        .arg(site.root())
        .arg("build");
    let out = finish(cmd, "SOURCE_DATE_EPOCH=next week");
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: SOURCE_DATE_EPOCH is 'next week', which is not a number of seconds since 1970-01-01; unset it or fix it\n"
        )
    );
    assert!(!site.public().exists(), "nothing was built");
}

// ---------------------------------------------------------------------------------------
// The output folder: refused, nothing deleted or changed

/// Builds into `output` (given on the command line) and expects a refusal with `message`,
/// every file beside the site unchanged.
fn refused(site: &Site, output: &Path, message: &str) {
    let before = everything(site);
    let out = run(
        site,
        &["build", "--output", output.to_str().expect("UTF-8")],
    );
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (1, format!("error: {message}\n").as_str())
    );
    assert_eq!(out.stdout, "");
    assert!(
        everything(site) == before,
        "a refused build changes, adds or deletes nothing"
    );
}

#[test]
fn an_output_folder_that_is_the_root_is_refused() {
    let site = small_site();
    site.write("notes.txt", "mine");
    let root = site.root();
    refused(
        &site,
        &root,
        &format!(
            "refusing to write the site to {}: it is the site root; choose another output folder (--output or `output:` in tracker.yaml)",
            root.display()
        ),
    );
    // The same through the config, written as `.`.
    site.write("tracker.yaml", "output: .\n");
    let before = everything(&site);
    let out = run(&site, &["build"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            1,
            format!(
                "error: refusing to write the site to {}/.: it is the site root; choose another output folder (--output or `output:` in tracker.yaml)\n",
                root.display()
            )
            .as_str()
        )
    );
    assert!(everything(&site) == before, "nothing changed");
}

#[test]
fn an_output_folder_that_is_or_holds_the_content_is_refused() {
    let site = small_site();
    site.write("content/sessions/2026-01-02.md", "# A note\n");
    let content = site.root().join("content");
    refused(
        &site,
        &content,
        &format!(
            "refusing to write the site to {}: it holds the tracker file ({}); choose another output folder (--output or `output:` in tracker.yaml)",
            content.display(),
            content.join("tracker.md").display()
        ),
    );
    let sessions = content.join("sessions");
    refused(
        &site,
        &sessions,
        &format!(
            "refusing to write the site to {}: it is the sessions folder; choose another output folder (--output or `output:` in tracker.yaml)",
            sessions.display()
        ),
    );
    let above = site.outer();
    refused(
        &site,
        &above,
        &format!(
            "refusing to write the site to {}: it holds the site root ({}); choose another output folder (--output or `output:` in tracker.yaml)",
            above.display(),
            site.root().display()
        ),
    );
}

#[test]
fn an_output_folder_holding_user_files_is_refused() {
    let site = small_site();
    let mine: PathBuf = site.root().join("mine");
    site.write("mine/thesis.tex", "months of work");
    refused(
        &site,
        &mine,
        &format!(
            "refusing to replace {0}: it is not empty and was not made by tracker (no .tracker-output file); nothing was changed. Move those files away, choose another output folder, or pass --force to set the folder aside as {0}.before-tracker and build a new one",
            mine.display()
        ),
    );

    // A folder tracker built, in which the learner then saved a file of their own.
    let public = site.public();
    built(&site);
    site.write("public/draft.md", "my draft");
    refused(
        &site,
        &public,
        &format!(
            "refusing to replace {0}: it is not empty and holds files tracker did not write: {0}/draft.md; nothing was changed. Move those files away, choose another output folder, or pass --force to set the folder aside as {0}.before-tracker and build a new one",
            public.display()
        ),
    );

    // A file where the folder should be.
    std::fs::remove_dir_all(&public).expect("removing public/");
    site.write("public", "not a folder");
    refused(
        &site,
        &public,
        &format!(
            "refusing to write the site to {}: it is a file, not a folder",
            public.display()
        ),
    );
}
