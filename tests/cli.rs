//! `tracker status` through the real binary, on temporary copies of sites.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A site in a temporary folder.
struct Site {
    dir: TempDir,
}

impl Site {
    /// A site with nothing in it.
    fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// A site holding a copy of the repository's `content/tracker.md` (the seed).
    fn seed() -> Site {
        let site = Site::empty();
        let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/tracker.md");
        site.write(
            "content/tracker.md",
            std::fs::read(&seed).expect("the repository's content/tracker.md"),
        );
        site
    }

    fn root(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.dir.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("creating a folder of the site");
        }
        std::fs::write(&path, contents).expect("writing a file of the site");
    }

    /// `tracker --root <site>` with the environment that decides dates and colour cleared.
    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("tracker").expect("the tracker binary");
        cmd.arg("--root").arg(self.root());
        for var in [
            "SOURCE_DATE_EPOCH",
            "NO_COLOR",
            "CLICOLOR",
            "CLICOLOR_FORCE",
        ] {
            cmd.env_remove(var);
        }
        cmd
    }

    /// `tracker status [args]`: exit 0 required; returns stdout.
    fn status(&self, args: &[&str]) -> String {
        let out = self
            .cmd()
            .arg("status")
            .args(args)
            .assert()
            .success()
            .get_output()
            .clone();
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// `tracker status --json [args]`, parsed.
    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.status(&all)).expect("status --json prints JSON")
    }
}

const TODAY: &str = "2026-01-23";

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// The line of `text` that starts (after indentation) with `start`.
fn line_starting<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line starting with {start:?} in:\n{text}"))
}

#[test]
fn status_shows_the_seed() {
    let out = Site::seed().status(&["--today", TODAY]);
    assert_eq!(
        out.lines().next(),
        Some("Stream Processing Learning Progress Tracker")
    );
    assert!(out.contains("as of 2026-01-23"), "{out}");
    let overall = line_starting(&out, "Overall");
    assert!(overall.contains("0/78"), "{overall}");
    for (phase, total) in [
        ("Phase 1: Foundations", "0/15"),
        ("Phase 2: Messaging Patterns", "0/20"),
        ("Phase 3: Databases and Streams", "0/16"),
        ("Phase 4: Stream Processing", "0/22"),
    ] {
        let line = line_starting(&out, phase);
        assert!(line.contains(total), "{phase}: {line}");
    }
    for n in 1..=4 {
        let line = line_starting(&out, &format!("Checkpoint {n}"));
        assert!(line.contains("0/3"), "{line}");
    }
    let assessment = line_starting(&out, "Final Assessment");
    assert!(assessment.contains("0/5"), "{assessment}");

    // The optional section stands apart, after its own heading, out of the total.
    let optional_heading = out
        .find("Optional (not in the total: 0 of 4 done)")
        .unwrap_or_else(|| panic!("no optional heading in:\n{out}"));
    let projects = out
        .find("Practical Projects (Optional)")
        .expect("the optional section is listed");
    assert!(projects > optional_heading, "{out}");
    assert!(line_starting(&out, "Practical Projects (Optional)").contains("0/4"));
    let phases_block = &out[out.find("Phases").expect("a Phases block")..optional_heading];
    assert!(!phases_block.contains("Practical Projects"), "{out}");

    let plan = line_starting(&out, "day ");
    assert!(plan.contains("day 3 of 14"), "{plan}");
}

#[test]
fn status_exits_0_with_warnings() {
    let site = Site::empty();
    site.write(
        "content/tracker.md",
        "# Plan\n\n## A\n\n- [ ]\n- [x] done\n",
    );
    let out = site.status(&["--today", TODAY]);
    assert!(out.contains("Warnings (1)"), "{out}");
    assert!(out.contains("content/tracker.md:5:"), "{out}");
}

#[test]
fn json_is_exactly_one_pretty_object() {
    let out = Site::seed().status(&["--json", "--today", TODAY]);
    let value: Value =
        serde_json::from_str(&out).expect("stdout is one JSON value and nothing else");
    let object = value.as_object().expect("an object");
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "schema", "title", "as_of", "progress", "optional", "tasks", "sections", "sessions",
            "stats", "plan", "history", "reviews", "warnings"
        ]
    );
    // The keys as written, in order, at two spaces of indentation.
    let written: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("  \"") && !l.starts_with("   "))
        .map(|l| l[3..].split('"').next().unwrap_or_default())
        .collect();
    assert_eq!(written, keys);
    assert!(out.starts_with("{\n  \"schema\": 2,\n"), "{out}");
    assert!(
        out.contains("\n  \"progress\": {\n    \"done\": 0,\n"),
        "{out}"
    );
    assert!(
        out.ends_with("}\n") && !out.ends_with("\n\n"),
        "final newline"
    );
    // Byte for byte what a two-space pretty printer gives.
    let pretty = serde_json::to_string_pretty(&value).expect("re-serializing") + "\n";
    assert_eq!(out, pretty);

    assert_eq!(value["schema"], 2);
    assert_eq!(
        value["title"],
        "Stream Processing Learning Progress Tracker"
    );
    assert_eq!(value["as_of"], TODAY);
    assert_eq!(value["progress"]["done"], 0);
    assert_eq!(value["progress"]["total"], 78);
    assert_eq!(value["optional"]["total"], 4);
    assert_eq!(value["plan"]["day"], 3);
    assert_eq!(value["plan"]["planned_days"], 14);
}

#[test]
fn output_is_deterministic() {
    let site = Site::seed();
    for args in [&["--today", TODAY][..], &["--json", "--today", TODAY][..]] {
        let first = site.cmd().arg("status").args(args).output().expect("runs");
        let second = site.cmd().arg("status").args(args).output().expect("runs");
        assert!(first.status.success());
        assert_eq!(first.stdout, second.stdout, "{args:?}");
        assert_eq!(first.stderr, second.stderr, "{args:?}");
    }
}

#[test]
fn today_goes_before_or_after_the_subcommand() {
    let site = Site::seed();
    let after = site
        .cmd()
        .args(["status", "--json", "--today", "2026-01-25"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let before = site
        .cmd()
        .args(["--today", "2026-01-25", "status", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(after, before);
    let value: Value = serde_json::from_slice(&after).expect("JSON");
    assert_eq!(value["as_of"], "2026-01-25");
    assert_eq!(value["plan"]["day"], 5);
}

fn quoted(text: &str, value: &str) -> bool {
    ["'", "\"", "`"]
        .iter()
        .any(|q| text.contains(&format!("{q}{value}{q}")))
}

#[test]
fn a_bad_today_is_a_usage_error_quoting_it() {
    let site = Site::seed();
    for bad in ["2026-02-30", "tomorrow"] {
        for args in [["status", "--today", bad], ["--today", bad, "status"]] {
            let assert = site.cmd().args(args).assert().code(2).stdout("");
            let err = stderr_of(&assert);
            assert!(quoted(&err, bad), "{args:?}: {err}");
        }
    }
}

#[test]
fn source_date_epoch_sets_today_and_the_flag_wins() {
    let site = Site::seed();
    let run = |args: &[&str]| -> Value {
        let out = site
            .cmd()
            .env("SOURCE_DATE_EPOCH", "1769040000")
            .args(["status", "--json"])
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).expect("JSON")
    };
    assert_eq!(run(&[])["as_of"], "2026-01-22");
    assert_eq!(run(&["--today", "2026-03-01"])["as_of"], "2026-03-01");
}

#[test]
fn a_bad_source_date_epoch_is_a_usage_error() {
    let site = Site::seed();
    for bad in ["yesterday", "1769040000.5", "99999999999999999999"] {
        let assert = site
            .cmd()
            .env("SOURCE_DATE_EPOCH", bad)
            .arg("status")
            .assert()
            .code(2)
            .stdout("");
        let err = stderr_of(&assert);
        assert!(err.contains("SOURCE_DATE_EPOCH"), "{bad}: {err}");
        assert!(quoted(&err, bad), "{bad}: {err}");
    }
}

#[test]
fn a_missing_tracker_names_the_path_looked_for() {
    let site = Site::empty();
    let assert = site
        .cmd()
        .args(["status", "--today", TODAY])
        .assert()
        .code(1)
        .stdout("");
    let err = stderr_of(&assert);
    let looked_for = site.root().join("content/tracker.md");
    assert!(
        err.contains(&looked_for.display().to_string()),
        "{looked_for:?} not in: {err}"
    );
    assert!(err.starts_with("content/tracker.md:0: error: "), "{err}");
}

#[test]
fn invalid_utf8_names_the_file_and_line() {
    let site = Site::empty();
    site.write("content/tracker.md", b"# Plan\n- [ ] caf\xe9 \xff\n");
    let assert = site
        .cmd()
        .args(["status", "--today", TODAY])
        .assert()
        .code(1)
        .stdout("");
    let err = stderr_of(&assert);
    assert!(err.starts_with("content/tracker.md:2: error: "), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn an_unknown_config_key_is_named_with_its_line_and_a_suggestion() {
    let site = Site::seed();
    site.write("tracker.yaml", "start_date: 2026-01-20\ntitel: x\n");
    let assert = site
        .cmd()
        .args(["status", "--today", TODAY])
        .assert()
        .code(1)
        .stdout("");
    let err = stderr_of(&assert);
    let first = err.lines().next().unwrap_or_default();
    assert!(first.starts_with("tracker.yaml:2: error: "), "{err}");
    assert!(first.contains("titel"), "{err}");
    assert!(quoted(first, "title"), "{err}");
}

#[test]
fn every_config_error_is_reported() {
    let site = Site::seed();
    site.write(
        "tracker.yaml",
        "titel: x\nstart_date: 2026-02-30\nthem: dark\nkinds:\n  modul: '^unit'\n  phase: '('\n",
    );
    let assert = site
        .cmd()
        .args(["status", "--today", TODAY])
        .assert()
        .code(1)
        .stdout("");
    let err = stderr_of(&assert);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    for (line, what) in [
        (1, "titel"),
        (2, "2026-02-30"),
        (3, "them"),
        (5, "modul"),
        (6, "phase"),
    ] {
        let prefix = format!("tracker.yaml:{line}: error: ");
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&prefix) && e.contains(what)),
            "no error on line {line} about {what}:\n{err}"
        );
    }
    assert_eq!(errors.len(), 5, "{err}");
}

#[test]
fn several_unknown_config_keys_are_all_reported() {
    let site = Site::seed();
    site.write("tracker.yaml", "titel: x\nthem: dark\nbase_ur: /\n");
    let assert = site
        .cmd()
        .args(["status", "--today", TODAY])
        .assert()
        .code(1);
    let err = stderr_of(&assert);
    for (line, key, suggestion) in [
        (1, "titel", "title"),
        (2, "them", "theme"),
        (3, "base_ur", "base_url"),
    ] {
        let l = line_starting(&err, &format!("tracker.yaml:{line}: error: "));
        assert!(l.contains(key) && quoted(l, suggestion), "{l}");
    }
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn config_title_takes_effect() {
    let site = Site::seed();
    site.write("tracker.yaml", "title: My Kafka Month\n");
    assert_eq!(site.json(&["--today", TODAY])["title"], "My Kafka Month");
    let out = site.status(&["--today", TODAY]);
    assert_eq!(out.lines().next(), Some("My Kafka Month"));
}

#[test]
fn config_tracker_takes_effect() {
    let site = Site::empty();
    site.write("tracker.yaml", "tracker: plans/mine.md\n");
    site.write("plans/mine.md", "# Mine\n\n## Week 1\n\n- [x] a\n- [ ]\n");
    let json = site.json(&["--today", TODAY]);
    assert_eq!(json["title"], "Mine");
    assert_eq!(json["progress"]["done"], 1);
    assert_eq!(json["progress"]["total"], 2);
    assert_eq!(json["warnings"][0]["file"], "plans/mine.md");
    assert_eq!(json["warnings"][0]["line"], 6);
}

#[test]
fn config_tracker_that_is_missing_is_named() {
    let site = Site::seed();
    site.write("tracker.yaml", "tracker: plans/mine.md\n");
    let assert = site
        .cmd()
        .args(["status", "--today", TODAY])
        .assert()
        .code(1);
    let err = stderr_of(&assert);
    assert!(err.starts_with("plans/mine.md:0: error: "), "{err}");
    assert!(
        err.contains(&site.root().join("plans/mine.md").display().to_string()),
        "{err}"
    );
}

#[test]
fn config_start_date_takes_effect() {
    let site = Site::seed();
    site.write("tracker.yaml", "start_date: 2026-01-20\n");
    let json = site.json(&["--today", TODAY]);
    assert_eq!(json["plan"]["start"], "2026-01-20");
    assert_eq!(json["plan"]["day"], 4);
    let out = site.status(&["--today", TODAY]);
    assert!(line_starting(&out, "day ").contains("day 4 of 14"), "{out}");
}

#[test]
fn config_kinds_take_effect() {
    let site = Site::empty();
    site.write("tracker.yaml", "kinds:\n  phase: '^week \\d+'\n");
    site.write(
        "content/tracker.md",
        "# Plan\n\n## Week 1\n\n- [x] a\n- [ ] b\n\n## Phase 2\n\n- [ ] c\n",
    );
    let json = site.json(&["--today", TODAY]);
    assert_eq!(json["sections"][0]["title"], "Week 1");
    assert_eq!(json["sections"][0]["kind"], "phase");
    assert_eq!(json["sections"][1]["kind"], "section");
    let out = site.status(&["--today", TODAY]);
    assert!(line_starting(&out, "Week 1").contains("1/2"), "{out}");
    assert!(!out.contains("Phase 2"), "{out}");
}

const ESC: &str = "\u{1b}[";

#[test]
fn piped_output_has_no_colour() {
    let site = Site::seed();
    site.write("tracker.yaml", "start_date: 2026-01-01\n");
    let out = site.status(&["--today", TODAY]);
    assert!(out.contains("behind:"), "the red part is there: {out}");
    assert!(!out.contains(ESC), "{out:?}");
    let out = site.status(&["--json", "--today", TODAY]);
    assert!(!out.contains(ESC), "{out:?}");
}

#[test]
fn no_color_is_respected() {
    let site = Site::seed();
    // CLICOLOR_FORCE shows the styles are there to be turned off...
    site.cmd()
        .env("CLICOLOR_FORCE", "1")
        .args(["status", "--today", TODAY])
        .assert()
        .success()
        .stdout(predicate::str::contains(ESC));
    // ...and NO_COLOR turns them off, even then.
    site.cmd()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .args(["status", "--today", TODAY])
        .assert()
        .success()
        .stdout(predicate::str::contains(ESC).not());
    site.cmd()
        .env("NO_COLOR", "1")
        .args(["status", "--today", TODAY])
        .assert()
        .success()
        .stdout(predicate::str::contains(ESC).not());
}

#[test]
fn status_snapshot_of_the_seed() {
    let out = Site::seed().status(&["--today", TODAY]);
    insta::assert_snapshot!("status_seed", out);
}
