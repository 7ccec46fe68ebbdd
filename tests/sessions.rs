//! Study sessions (issue 4; TRACKER-FORMAT §4 and §5): note files in every accepted form,
//! errors that name the file and line, the statistics, the plan, the heatmap read back from
//! its SVG, and `tracker new session`.
//!
//! Fixture sites: `tests/fixtures/sessions-{forms,durations,errors,stats,plan,new}/`. Cases
//! that git cannot hold (editor leftovers, symbolic links, invalid UTF-8, a 10 MB note) are
//! added to a temporary copy by the test that needs them.

mod support;

use assert_cmd::Command;
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use support::Site;
use tracker::diagnostics::Diagnostic;
use tracker::report::{Report, SessionEntry};
use tracker::study::Study;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A date written as text.
fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a real date")
}

/// `tracker --root <root> --today <today>`, run from outside the root, with the environment
/// that decides dates and colour cleared.
fn tracker(root: &Path, today: &str) -> Command {
    let mut cmd = Command::cargo_bin("tracker").expect("the tracker binary");
    cmd.current_dir(root.parent().expect("the root has a parent"))
        .arg("--root")
        .arg(root)
        .arg("--today")
        .arg(today);
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

/// `tracker status --json` as of `today`, which must succeed, parsed.
fn status_json(root: &Path, today: &str) -> Value {
    let output = tracker(root, today)
        .args(["status", "--json"])
        .output()
        .expect("running tracker");
    assert!(
        output.status.success(),
        "status --json failed with {:?}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("status --json prints JSON")
}

/// The committed fixture site `case`, read in place.
fn fixture(case: &str) -> std::path::PathBuf {
    support::repo().join("tests/fixtures").join(case)
}

/// Reads a site, which must have no errors.
fn open(root: &Path) -> Study {
    Study::open(root).unwrap_or_else(|e| panic!("opening {}:\n{e}", root.display()))
}

/// The report on a site as of `today`.
fn report(root: &Path, today: &str) -> Report {
    open(root).report(d(today))
}

/// The errors a site has; fails when it opens cleanly.
fn errors(root: &Path) -> Vec<Diagnostic> {
    match Study::open(root) {
        Ok(study) => panic!(
            "{} opened without errors; sessions: {:?}",
            root.display(),
            study.sessions.iter().map(|s| &s.title).collect::<Vec<_>>()
        ),
        Err(e) => e.0,
    }
}

/// Diagnostics as `(file, line)`, sorted.
fn places(diagnostics: &[Diagnostic]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = diagnostics
        .iter()
        .map(|e| (e.file.clone(), e.line))
        .collect();
    out.sort();
    out
}

/// The diagnostics about one file.
fn about<'a>(diagnostics: &'a [Diagnostic], file: &str) -> Vec<&'a Diagnostic> {
    diagnostics.iter().filter(|w| w.file == file).collect()
}

/// The one session with this title.
fn session<'a>(report: &'a Report, title: &str) -> &'a SessionEntry {
    let found: Vec<&SessionEntry> = report
        .sessions
        .iter()
        .filter(|s| s.title == title)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one session titled {title:?}; sessions are {:?}",
        titles(report)
    );
    found[0]
}

/// The sessions' titles, in report order.
fn titles(report: &Report) -> Vec<&str> {
    report.sessions.iter().map(|s| s.title.as_str()).collect()
}

/// The entries of a minutes map that are not zero (a map may list idle phases with 0).
fn nonzero<'a>(map: impl IntoIterator<Item = (&'a String, &'a u64)>) -> BTreeMap<String, u64> {
    map.into_iter()
        .filter(|(_, m)| **m > 0)
        .map(|(k, m)| (k.clone(), *m))
        .collect()
}

fn expected_map(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, m)| (k.to_string(), *m)).collect()
}

/// The forms site, with the editor leftovers git would not keep added.
fn forms_site() -> Site {
    let site = Site::fixture("sessions-forms");
    let leftover = "---\ndate: 2026-01-22\ntitle: SKIPPED editor leftover\n---\n";
    site.write("content/sessions/.#2026-01-22-lock.md", leftover);
    site.write("content/sessions/2026-01-22-backup.md~", leftover);
    site.write("content/sessions/2026/.#note.md", leftover);
    site
}

/// Today for the forms site: after every session in it.
const FORMS_TODAY: &str = "2026-03-01";

// ---------------------------------------------------------------------------------------------
// 1. Note files in every accepted form
// ---------------------------------------------------------------------------------------------

/// The whole `sessions` array of `status --json` on the forms site, session by session.
#[test]
fn every_accepted_form_of_a_note_gives_these_sessions() {
    let site = forms_site();
    let report = status_json(&site.root(), FORMS_TODAY);
    let none: [&str; 0] = [];
    let entry =
        |title: &str, date: Option<&str>, minutes: Option<u32>, source: &str, modules: &[&str]| {
            json!({
                "title": title, "date": date, "minutes": minutes, "in_progress": false,
                "planned": false, "source": source, "modules": modules, "reviewed": none,
                "topics": none, "insights": none, "questions": none, "tags": none,
            })
        };
    let mut full = entry(
        "Full: every key",
        Some("2026-01-12"),
        Some(90),
        "content/sessions/full.md:1",
        &["Module 1.2: Kafka Partitions", "Module 2.1: Windowing"],
    );
    full["topics"] = json!(["Partitions", "Offsets", "Consumer groups"]);
    full["insights"] = json!(["Order is per partition", "Rebalances pause consumers"]);
    full["questions"] = json!(["Why keys?", "How many partitions?"]);
    full["tags"] = json!(["kafka", "deep"]);
    let mut one_value = entry(
        "One value",
        Some("2026-01-13"),
        Some(45),
        "content/sessions/one-value.md:1",
        &["Module 1.2: Kafka Partitions"],
    );
    one_value["topics"] = json!(["Partitions"]);
    one_value["insights"] = json!(["Keys decide the partition"]);
    one_value["questions"] = json!(["What about compaction?"]);
    one_value["tags"] = json!(["solo"]);
    let mut fields = entry(
        "Fields body",
        Some("2026-01-19"),
        Some(120),
        "content/sessions/fields.md:1",
        &[],
    );
    fields["topics"] = json!(["From front matter", "Field topic one", "Field topic two"]);
    fields["insights"] = json!(["Field insight"]);
    fields["questions"] = json!(["Field question?"]);
    let mut undated = entry("Session 2", None, Some(15), "content/tracker.md:26", &[]);
    undated["topics"] = json!(["Undated things"]);
    let expected = json!([
        entry(
            "Session 1",
            Some("2026-01-10"),
            Some(30),
            "content/tracker.md:21",
            &["Module 1.1: Setup"]
        ),
        entry(
            "Unresolved references",
            Some("2026-01-11"),
            Some(25),
            "content/sessions/unresolved.md:1",
            &["9.9", "Basics", "Module 1.2: Kafka Partitions"]
        ),
        full,
        one_value,
        entry(
            "Numbers",
            Some("2026-01-14"),
            Some(60),
            "content/sessions/numbers.md:1",
            &["Module 1.10: Tenth Thing", "Module 1.1: Setup"]
        ),
        entry(
            "Title from heading",
            Some("2026-01-15"),
            None,
            "content/sessions/2026-01-15-from-name.md:1",
            &[]
        ),
        entry(
            "2026-01-16-stem-only",
            Some("2026-01-16"),
            None,
            "content/sessions/2026-01-16-stem-only.md:1",
            &[]
        ),
        entry(
            "2026-01-17-mismatch",
            Some("2026-01-18"),
            None,
            "content/sessions/2026-01-17-mismatch.md:1",
            &[]
        ),
        fields,
        entry(
            "Session 4",
            Some("2026-01-20"),
            Some(20),
            "content/tracker.md:34",
            &[]
        ),
        entry(
            "Nested",
            Some("2026-01-21"),
            None,
            "content/sessions/2026/january/2026-01-21-nested.md:1",
            &[]
        ),
        undated,
    ]);
    let sessions = &report["sessions"];
    let got = sessions.as_array().expect("sessions is an array");
    let want = expected.as_array().expect("an array");
    assert_eq!(
        got.iter().map(|s| &s["title"]).collect::<Vec<_>>(),
        want.iter().map(|s| &s["title"]).collect::<Vec<_>>(),
        "sessions in order"
    );
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g, w, "session {}", w["title"]);
    }
}

#[test]
fn log_and_file_sessions_form_one_list_by_date_with_undated_log_sessions_last() {
    let site = forms_site();
    let report = report(&site.root(), FORMS_TODAY);
    let listed: Vec<(Option<NaiveDate>, &str)> = report
        .sessions
        .iter()
        .map(|s| (s.date, s.source.split(':').next().unwrap_or("")))
        .collect();
    // Log sessions (content/tracker.md) sit between note files by date.
    let sources: Vec<&str> = listed.iter().map(|(_, src)| *src).collect();
    assert_eq!(sources[0], "content/tracker.md");
    assert_eq!(sources[9], "content/tracker.md");
    assert_eq!(sources[11], "content/tracker.md");
    let dated: Vec<NaiveDate> = listed.iter().filter_map(|(date, _)| *date).collect();
    assert_eq!(dated.len(), listed.len() - 1, "{listed:?}");
    assert!(dated.windows(2).all(|w| w[0] <= w[1]), "{dated:?}");
    assert_eq!(listed.last().map(|(date, _)| *date), Some(None));
    assert_eq!(
        report.sessions.last().map(|s| s.title.as_str()),
        Some("Session 2")
    );
    // The empty template slot (Session 3) is no session.
    assert!(!titles(&report).contains(&"Session 3"));
}

#[test]
fn module_references_by_number_full_title_and_title_after_the_colon() {
    let report = report(&forms_site().root(), FORMS_TODAY);
    // "1.2" (quoted number) and a full title, as a YAML sequence.
    assert_eq!(
        session(&report, "Full: every key").modules,
        ["Module 1.2: Kafka Partitions", "Module 2.1: Windowing"]
    );
    // The title after the colon in another case, given as one value.
    assert_eq!(
        session(&report, "One value").modules,
        ["Module 1.2: Kafka Partitions"]
    );
    // "1.10" quoted is module 1.10, not 1.1.
    assert_eq!(
        session(&report, "Numbers").modules,
        ["Module 1.10: Tenth Thing", "Module 1.1: Setup"]
    );
}

#[test]
fn an_unresolved_module_reference_is_listed_as_written_with_a_warning_on_its_line() {
    let site = forms_site();
    let report = report(&site.root(), FORMS_TODAY);
    assert_eq!(
        session(&report, "Unresolved references").modules,
        ["9.9", "Basics", "Module 1.2: Kafka Partitions"]
    );
    let file = "content/sessions/unresolved.md";
    let warnings = about(&report.warnings, file);
    assert_eq!(warnings.len(), 2, "{:#?}", report.warnings);
    for (w, written) in warnings.iter().zip(["9.9", "Basics"]) {
        assert!(w.message.contains(written), "{w:?}");
        // `modules: ["9.9", "Basics", "1.2"]` is line 5 of the file.
        assert_eq!(
            w.line, 5,
            "the warning should point at the `modules:` line of {file}: {w:?}"
        );
    }
    // The same in the JSON.
    let json = status_json(&site.root(), FORMS_TODAY);
    let in_json: Vec<(&str, u64)> = json["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| w["file"] == file)
        .map(|w| {
            (
                w["message"].as_str().unwrap_or(""),
                w["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(in_json.len(), 2, "{in_json:?}");
    assert!(in_json.iter().all(|(_, line)| *line == 5), "{in_json:?}");
}

#[test]
fn lists_as_yaml_sequences_and_as_one_value() {
    let report = report(&forms_site().root(), FORMS_TODAY);
    // Flow and block sequences.
    let full = session(&report, "Full: every key");
    assert_eq!(full.tags, ["kafka", "deep"]);
    assert_eq!(full.insights[0], "Order is per partition");
    // One value for each list key.
    let one = session(&report, "One value");
    assert_eq!(one.topics, ["Partitions"]);
    assert_eq!(one.insights, ["Keys decide the partition"]);
    assert_eq!(one.questions, ["What about compaction?"]);
    assert_eq!(one.tags, ["solo"]);
}

#[test]
fn the_date_comes_from_the_front_matter_else_the_file_name() {
    let report = report(&forms_site().root(), FORMS_TODAY);
    assert_eq!(
        session(&report, "Full: every key").date,
        Some(d("2026-01-12"))
    );
    assert_eq!(
        session(&report, "Title from heading").date,
        Some(d("2026-01-15"))
    );
    assert_eq!(session(&report, "Nested").date, Some(d("2026-01-21")));
}

#[test]
fn a_front_matter_date_unlike_the_file_name_wins_with_a_warning() {
    let report = report(&forms_site().root(), FORMS_TODAY);
    assert_eq!(
        session(&report, "2026-01-17-mismatch").date,
        Some(d("2026-01-18"))
    );
    let file = "content/sessions/2026-01-17-mismatch.md";
    let warnings = about(&report.warnings, file);
    assert_eq!(warnings.len(), 1, "{:#?}", report.warnings);
    assert_eq!(warnings[0].line, 2, "{:?}", warnings[0]);
    assert!(
        warnings[0].message.contains("2026-01-18") && warnings[0].message.contains("2026-01-17"),
        "{:?}",
        warnings[0]
    );
}

#[test]
fn the_title_is_the_front_matters_else_the_first_heading_else_the_stem() {
    let report = report(&forms_site().root(), FORMS_TODAY);
    let names: BTreeSet<&str> = titles(&report).into_iter().collect();
    // full.md has a body heading too; the front matter wins.
    assert!(names.contains("Full: every key"));
    assert!(!names.contains("Body heading ignored"));
    assert!(names.contains("Title from heading"));
    assert!(names.contains("2026-01-16-stem-only"));
}

#[test]
fn body_lists_as_headings_and_as_fields_add_to_the_front_matters() {
    let report = report(&forms_site().root(), FORMS_TODAY);
    // Headings with lists, and a `**Key insights**:` field, after the front matter's items.
    let full = session(&report, "Full: every key");
    assert_eq!(full.topics, ["Partitions", "Offsets", "Consumer groups"]);
    assert_eq!(
        full.insights,
        ["Order is per partition", "Rebalances pause consumers"]
    );
    assert_eq!(full.questions, ["Why keys?", "How many partitions?"]);
    // All three as `**Field**:` lists.
    let fields = session(&report, "Fields body");
    assert_eq!(
        fields.topics,
        ["From front matter", "Field topic one", "Field topic two"]
    );
    assert_eq!(fields.insights, ["Field insight"]);
    assert_eq!(fields.questions, ["Field question?"]);
}

#[test]
fn hidden_underscored_and_editor_leftover_files_and_folders_are_skipped() {
    let site = forms_site();
    let study = open(&site.root());
    let files: BTreeSet<&str> = study
        .sessions
        .iter()
        .map(|s| s.origin.file.as_str())
        .filter(|f| f.starts_with("content/sessions/"))
        .collect();
    let expected: BTreeSet<&str> = [
        "content/sessions/2026-01-15-from-name.md",
        "content/sessions/2026-01-16-stem-only.md",
        "content/sessions/2026-01-17-mismatch.md",
        "content/sessions/2026/january/2026-01-21-nested.md",
        "content/sessions/fields.md",
        "content/sessions/full.md",
        "content/sessions/numbers.md",
        "content/sessions/one-value.md",
        "content/sessions/unresolved.md",
    ]
    .into_iter()
    .collect();
    assert_eq!(files, expected);
    assert!(
        study
            .sessions
            .iter()
            .all(|s| !s.title.starts_with("SKIPPED")),
        "{:?}",
        study.sessions.iter().map(|s| &s.title).collect::<Vec<_>>()
    );
    // Nothing skipped draws a warning either.
    assert!(
        study
            .warnings
            .iter()
            .all(|w| !w.file.contains("_") && !w.file.contains("/.") && !w.file.ends_with('~')),
        "{:#?}",
        study.warnings
    );
}

#[test]
fn the_forms_site_has_exactly_its_expected_warnings() {
    let report = report(&forms_site().root(), FORMS_TODAY);
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    for w in &report.warnings {
        *per_file.entry(w.file.as_str()).or_default() += 1;
    }
    assert_eq!(
        per_file,
        BTreeMap::from([
            ("content/sessions/2026-01-17-mismatch.md", 1),
            ("content/sessions/unresolved.md", 2),
            ("content/tracker.md", 1),
        ]),
        "{:#?}",
        report.warnings
    );
    // The undated log session is warned about on its heading's line.
    let undated = about(&report.warnings, "content/tracker.md");
    assert_eq!(undated[0].line, 26, "{:?}", undated[0]);
}

#[test]
fn every_duration_form_of_section_5() {
    let root = fixture("sessions-durations");
    let report = report(&root, "2026-03-01");
    let minutes: BTreeMap<&str, (Option<u32>, bool)> = report
        .sessions
        .iter()
        .map(|s| (s.title.as_str(), (s.minutes, s.in_progress)))
        .collect();
    let expected: BTreeMap<&str, (Option<u32>, bool)> = [
        ("45m", (Some(45), false)),
        ("45 min", (Some(45), false)),
        ("45 mins", (Some(45), false)),
        ("45 minutes", (Some(45), false)),
        ("1h", (Some(60), false)),
        ("1 hour", (Some(60), false)),
        ("2 hours", (Some(120), false)),
        ("1h 30m", (Some(90), false)),
        ("1h30m", (Some(90), false)),
        ("1.5h", (Some(90), false)),
        ("1:30", (Some(90), false)),
        ("1:30 unquoted", (Some(90), false)),
        ("bare 90", (Some(90), false)),
        ("90 quoted", (Some(90), false)),
        ("In progress", (None, true)),
        ("1H 30M", (Some(90), false)),
        ("2.5m", (Some(3), false)),
        ("a while", (None, false)),
    ]
    .into_iter()
    .collect();
    assert_eq!(minutes, expected);
}

#[test]
fn a_bad_duration_warns_with_file_and_line_and_gives_null_minutes() {
    let root = fixture("sessions-durations");
    let report = report(&root, "2026-03-01");
    assert_eq!(
        places(&report.warnings),
        [("content/sessions/2026-02-16.md".to_string(), 4)],
        "{:#?}",
        report.warnings
    );
    assert!(report.warnings[0].message.contains("a while"));
    let json = status_json(&root, "2026-03-01");
    let bad = json["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .find(|s| s["title"] == "a while")
        .expect("the session with a bad duration is still listed");
    assert_eq!(bad["minutes"], Value::Null);
    assert_eq!(bad["in_progress"], false);
    let in_progress = json["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .find(|s| s["title"] == "In progress")
        .expect("in progress");
    assert_eq!(
        (&in_progress["minutes"], &in_progress["in_progress"]),
        (&Value::Null, &json!(true))
    );
}

#[test]
fn a_note_with_a_bom_and_crlf_line_endings_reads_the_same() {
    // TRACKER-FORMAT §1: a UTF-8 BOM and CRLF line endings are accepted.
    let site = Site::fixture("sessions-new");
    site.write(
        "content/sessions/crlf.md",
        "\u{feff}---\r\ndate: 2026-01-12\r\ntitle: CRLF note\r\nduration: 1h 30m\r\n\
         modules: [\"1.2\"]\r\n---\r\n## Topics covered\r\n- One\r\n- Two\r\n\r\n\
         **Key insights**:\r\n- Three\r\n\r\n**Questions to research**: Inline?\r\n",
    );
    site.write(
        "content/sessions/crlf-bad.md",
        "\u{feff}---\r\ndate: 2026-01-12\r\ntitle: a: b\r\n---\r\n",
    );
    // The broken one names its line as the file has it.
    let errors = errors(&site.root());
    assert_eq!(
        places(&errors),
        [("content/sessions/crlf-bad.md".to_string(), 3)],
        "{errors:#?}"
    );
    std::fs::remove_file(site.root().join("content/sessions/crlf-bad.md")).expect("removing");
    let report = report(&site.root(), "2026-02-01");
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    let s = session(&report, "CRLF note");
    assert_eq!(s.date, Some(d("2026-01-12")));
    assert_eq!(s.minutes, Some(90));
    assert_eq!(s.modules, ["Module 1.2: Partitions"]);
    assert_eq!(s.topics, ["One", "Two"]);
    assert_eq!(s.insights, ["Three"]);
    assert_eq!(s.questions, ["Inline?"]);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_under_the_sessions_folder_is_survived() {
    let site = forms_site();
    let before = titles(&report(&site.root(), FORMS_TODAY))
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>();
    let sessions = site.root().join("content/sessions");
    // A link back up to the sessions folder, and a link to itself.
    std::os::unix::fs::symlink("..", sessions.join("2026/loop")).expect("a symlink");
    std::os::unix::fs::symlink("self", sessions.join("self")).expect("a symlink");
    let after = report(&site.root(), FORMS_TODAY);
    assert_eq!(titles(&after), before, "no session is lost or read twice");
    // And through the binary, which must end and succeed.
    let json = status_json(&site.root(), FORMS_TODAY);
    assert_eq!(
        json["sessions"].as_array().map(Vec::len),
        Some(before.len())
    );
}

#[test]
fn a_ten_megabyte_note_is_read_fine() {
    let site = Site::fixture("sessions-new");
    let mut text = String::from(
        "---\ndate: 2026-02-02\ntitle: A long note\nduration: 1h\nmodules: [\"1.2\"]\n---\n\
         # Long\n\n",
    );
    let mut n = 0;
    while text.len() < 10 * 1024 * 1024 {
        n += 1;
        text.push_str(&format!(
            "Line {n} of a long note, with *emphasis*, `code` and a [link](https://example.com).\n\n"
        ));
    }
    text.push_str("## Key insights\n- Long notes are fine\n");
    site.write("content/sessions/long.md", &text);
    let report = report(&site.root(), "2026-02-02");
    let long = session(&report, "A long note");
    assert_eq!(long.date, Some(d("2026-02-02")));
    assert_eq!(long.minutes, Some(60));
    assert_eq!(long.modules, ["Module 1.2: Partitions"]);
    assert_eq!(long.insights, ["Long notes are fine"]);
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    assert_eq!(report.stats.minutes, 60);
}

// ---------------------------------------------------------------------------------------------
// 2. Errors: the file and the line, all at once
// ---------------------------------------------------------------------------------------------

/// The errors site, with the invalid UTF-8 note added.
fn errors_site() -> Site {
    let site = Site::fixture("sessions-errors");
    site.write(
        "content/sessions/invalid-utf8.md",
        b"---\ndate: 2026-01-10\n---\n# Fine so far\n\nbad \xff byte\n",
    );
    site
}

fn expected_errors() -> Vec<(String, usize)> {
    [
        // `title: x: y` on line 6 (line 5 of the front matter).
        ("content/sessions/bad-yaml-later.md", 6),
        // `title: a: b` on line 3 (line 2 of the front matter).
        ("content/sessions/bad-yaml.md", 3),
        // `date: 2026-02-30` on line 4.
        ("content/sessions/impossible.md", 4),
        // The byte 0xFF on line 6.
        ("content/sessions/invalid-utf8.md", 6),
        // The list starts on line 2.
        ("content/sessions/list.md", 2),
        // No date anywhere: the file's first line.
        ("content/sessions/no-date.md", 1),
        // The block opened on line 1 is never closed.
        ("content/sessions/unterminated.md", 1),
    ]
    .into_iter()
    .map(|(f, l)| (f.to_string(), l))
    .collect()
}

fn the_error<'a>(errors: &'a [Diagnostic], file: &str) -> &'a Diagnostic {
    let found = about(errors, file);
    assert_eq!(found.len(), 1, "one error about {file}: {errors:#?}");
    found[0]
}

#[test]
fn every_broken_note_is_reported_at_once_with_its_file_and_line() {
    let site = errors_site();
    let errors = errors(&site.root());
    assert_eq!(places(&errors), expected_errors(), "{errors:#?}");
}

#[test]
fn status_and_build_print_every_error_and_exit_1() {
    let site = errors_site();
    for command in [&["status"][..], &["status", "--json"], &["build"]] {
        let output = tracker(&site.root(), "2026-03-01")
            .args(command)
            .output()
            .expect("running tracker");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{command:?}\n{stderr}");
        for (file, line) in expected_errors() {
            let prefix = format!("{file}:{line}: error: ");
            assert!(
                stderr.lines().any(|l| l.starts_with(&prefix)),
                "{command:?}: no line starting {prefix:?} in\n{stderr}"
            );
        }
        let error_lines = stderr.lines().filter(|l| l.contains(": error: ")).count();
        assert_eq!(
            error_lines,
            expected_errors().len(),
            "{command:?}\n{stderr}"
        );
        assert!(!stderr.contains("good.md"), "{stderr}");
    }
    assert!(
        !site.public().exists(),
        "a build with errors writes no site"
    );
}

#[test]
fn bad_yaml_names_the_line_in_the_file_not_in_the_front_matter() {
    let errors = errors(&errors_site().root());
    let e = the_error(&errors, "content/sessions/bad-yaml.md");
    assert_eq!(e.line, 3, "{e:?}");
    assert!(e.message.contains("YAML"), "{e:?}");
    let e = the_error(&errors, "content/sessions/bad-yaml-later.md");
    assert_eq!(e.line, 6, "{e:?}");
}

#[test]
fn front_matter_that_is_a_list_is_an_error() {
    let errors = errors(&errors_site().root());
    let e = the_error(&errors, "content/sessions/list.md");
    assert_eq!(e.line, 2, "{e:?}");
    assert!(
        e.message.contains("mapping") || e.message.contains("keys"),
        "{e:?}"
    );
}

#[test]
fn an_unterminated_front_matter_block_is_an_error_where_it_opens() {
    let errors = errors(&errors_site().root());
    let e = the_error(&errors, "content/sessions/unterminated.md");
    assert_eq!(e.line, 1, "{e:?}");
    assert!(e.message.contains("---"), "{e:?}");
}

#[test]
fn an_impossible_date_is_an_error_on_its_line() {
    let errors = errors(&errors_site().root());
    let e = the_error(&errors, "content/sessions/impossible.md");
    assert_eq!(e.line, 4, "{e:?}");
    assert!(e.message.contains("2026-02-30"), "{e:?}");
}

#[test]
fn a_note_with_no_date_at_all_is_an_error() {
    let errors = errors(&errors_site().root());
    let e = the_error(&errors, "content/sessions/no-date.md");
    assert_eq!(e.line, 1, "{e:?}");
    assert!(e.message.contains("date"), "{e:?}");
}

#[test]
fn invalid_utf8_is_an_error_on_its_line() {
    let errors = errors(&errors_site().root());
    let e = the_error(&errors, "content/sessions/invalid-utf8.md");
    assert_eq!(e.line, 6, "{e:?}");
    assert!(e.message.contains("UTF-8"), "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// 3. Statistics
// ---------------------------------------------------------------------------------------------
//
// sessions-stats: Session 1 (log) 2026-03-01 30m on 1.1; an undated log slot of 25m on 1.1;
// notes 03-02 45m (no module), 03-03 in progress on 1.2, 03-05 100 minutes on 2.1, 1.1, 1.2,
// 03-06 20m on 1.2 and 40m on 2.1, 03-20 1h on 2.2.

fn stats_report(today: &str) -> Report {
    report(&fixture("sessions-stats"), today)
}

#[test]
fn stats_count_sessions_minutes_and_days_up_to_today() {
    let r = stats_report("2026-03-06");
    let s = &r.stats;
    assert_eq!(s.sessions, 6);
    assert_eq!(s.minutes, 30 + 45 + 100 + 20 + 40);
    // Two sessions on 03-06 count one day.
    assert_eq!(s.days_studied, 5);
    assert_eq!(s.first_date, Some(d("2026-03-01")));
    assert_eq!(s.last_date, Some(d("2026-03-06")));
    // A run of 3 (03-01..03), a gap on 03-04, then 03-05..06 ending today.
    assert_eq!(s.current_streak, 2);
    assert_eq!(s.longest_streak, 3);
}

#[test]
fn later_sessions_are_listed_as_planned_but_not_counted() {
    let r = stats_report("2026-03-03");
    let planned: Vec<(Option<NaiveDate>, bool)> =
        r.sessions.iter().map(|s| (s.date, s.planned)).collect();
    assert_eq!(
        planned,
        [
            (Some(d("2026-03-01")), false),
            (Some(d("2026-03-02")), false),
            (Some(d("2026-03-03")), false),
            (Some(d("2026-03-05")), true),
            (Some(d("2026-03-06")), true),
            (Some(d("2026-03-06")), true),
            (Some(d("2026-03-20")), true),
            (None, false),
        ]
    );
    let s = &r.stats;
    assert_eq!((s.sessions, s.minutes, s.days_studied), (3, 75, 3), "{s:?}");
    assert_eq!((s.current_streak, s.longest_streak), (3, 3));
    assert_eq!(s.last_date, Some(d("2026-03-03")));
    assert_eq!(
        nonzero(&s.minutes_by_module),
        expected_map(&[("Module 1.1: Setup", 30)])
    );
    assert_eq!(
        nonzero(&s.minutes_by_phase),
        expected_map(&[("Phase 1: Basics", 30)])
    );
}

#[test]
fn the_current_streak_may_end_yesterday() {
    let s = stats_report("2026-03-07").stats;
    assert_eq!((s.current_streak, s.longest_streak), (2, 3));
}

#[test]
fn a_gap_breaks_the_current_streak() {
    // 03-07 not studied and today is 03-08.
    let s = stats_report("2026-03-08").stats;
    assert_eq!((s.current_streak, s.longest_streak), (0, 3));
    // The gap on 03-04 cuts the run at 03-05: as of 03-05 the streak is 1, not 4.
    let s = stats_report("2026-03-05").stats;
    assert_eq!((s.current_streak, s.longest_streak), (1, 3));
}

#[test]
fn minutes_by_phase_and_module_split_each_session_over_its_modules() {
    let s = stats_report("2026-03-06").stats;
    // 03-05: 100 min over 2.1, 1.1, 1.2 → 34 (first named), 33, 33.
    assert_eq!(
        nonzero(&s.minutes_by_module),
        expected_map(&[
            ("Module 1.1: Setup", 30 + 33),
            ("Module 1.2: Topics", 33 + 20),
            ("Module 2.1: Windows", 34 + 40),
        ])
    );
    assert_eq!(
        nonzero(&s.minutes_by_phase),
        expected_map(&[
            ("Phase 1: Basics", 30 + 33 + 33 + 20),
            ("Phase 2: Streams", 34 + 40)
        ])
    );
}

#[test]
fn one_hundred_minutes_over_three_modules_is_34_33_33() {
    let site = Site::empty();
    site.write(
        "content/tracker.md",
        "# Split\n\n## Phase 1: A\n\n### Module 1.1: One\n- [ ] a\n\n### Module 1.2: Two\n- [ ] b\n\n\
         ## Phase 2: B\n\n### Module 2.1: Three\n- [ ] c\n",
    );
    site.write(
        "content/sessions/2026-03-05.md",
        "---\nduration: 100m\nmodules: [\"1.2\", \"2.1\", \"1.1\"]\n---\n",
    );
    let s = report(&site.root(), "2026-03-05").stats;
    assert_eq!(
        nonzero(&s.minutes_by_module),
        expected_map(&[
            ("Module 1.2: Two", 34),
            ("Module 2.1: Three", 33),
            ("Module 1.1: One", 33)
        ])
    );
    assert_eq!(
        nonzero(&s.minutes_by_phase),
        expected_map(&[("Phase 1: A", 67), ("Phase 2: B", 33)])
    );
    assert_eq!(s.minutes, 100);
}

#[test]
fn undated_inline_log_slots_are_ignored_by_the_stats() {
    // The undated slot (25m on 1.1) would make 320 minutes, 8 sessions and 88 on 1.1.
    let r = stats_report("2026-03-20");
    let s = &r.stats;
    assert_eq!(s.sessions, 7);
    assert_eq!(s.minutes, 30 + 45 + 100 + 20 + 40 + 60);
    assert_eq!(s.days_studied, 6);
    assert_eq!(s.current_streak, 1);
    assert_eq!(s.longest_streak, 3);
    assert_eq!(s.minutes_by_module.get("Module 1.1: Setup"), Some(&63));
    assert_eq!(s.minutes_by_module.get("Module 2.2: Joins"), Some(&60));
    assert_eq!(s.minutes_by_phase.get("Phase 2: Streams"), Some(&(74 + 60)));
    // It is listed, last, and never planned.
    let last = r.sessions.last().expect("sessions");
    assert_eq!(
        (last.title.as_str(), last.date, last.planned, last.minutes),
        ("Session 2", None, false, Some(25))
    );
}

#[test]
fn stats_in_the_json_as_of_today() {
    let json = status_json(&fixture("sessions-stats"), "2026-03-06");
    let stats = &json["stats"];
    for (key, value) in [
        ("sessions", json!(6)),
        ("minutes", json!(235)),
        ("days_studied", json!(5)),
        ("current_streak", json!(2)),
        ("longest_streak", json!(3)),
        ("first_date", json!("2026-03-01")),
        ("last_date", json!("2026-03-06")),
    ] {
        assert_eq!(stats[key], value, "stats.{key}");
    }
    assert_eq!(stats["minutes_by_module"]["Module 2.1: Windows"], 74);
    assert_eq!(stats["minutes_by_phase"]["Phase 1: Basics"], 116);
}

#[test]
fn no_sessions_give_empty_stats() {
    let site = Site::fixture("sessions-new");
    let json = status_json(&site.root(), "2026-03-06");
    let stats = &json["stats"];
    assert_eq!(stats["sessions"], 0);
    assert_eq!(stats["minutes"], 0);
    assert_eq!(stats["days_studied"], 0);
    assert_eq!(stats["current_streak"], 0);
    assert_eq!(stats["longest_streak"], 0);
    assert_eq!(stats["first_date"], Value::Null);
    assert_eq!(stats["last_date"], Value::Null);
}

// ---------------------------------------------------------------------------------------------
// 4. The plan
// ---------------------------------------------------------------------------------------------
//
// sessions-plan: Phase 1 (Days 1-2) 1 of 3, Phase 2 (Days 3-4) 2 of 2, Phase 3 (Days 5-9)
// 0 of 5: done 3, total 10. start_date 2026-01-05 in tracker.yaml; notes on 01-01 and 01-10.

fn plan_site(config: bool, sessions: bool) -> Site {
    let site = Site::fixture("sessions-plan");
    if !config {
        std::fs::remove_file(site.root().join("tracker.yaml")).expect("removing the config");
    }
    if !sessions {
        std::fs::remove_dir_all(site.root().join("content/sessions")).expect("removing notes");
    }
    site
}

#[test]
fn no_sessions_and_no_start_date_give_an_empty_plan() {
    let site = plan_site(false, false);
    let json = status_json(&site.root(), "2026-01-20");
    assert_eq!(
        json["plan"],
        json!({"start": null, "day": null, "planned_days": 9, "behind": [],
               "projected_finish": null, "pace": null})
    );
}

#[test]
fn start_date_in_tracker_yaml_wins_over_an_earlier_session() {
    let site = plan_site(true, true);
    let json = status_json(&site.root(), "2026-01-07");
    // day 3; remaining 7 at 3 done in 3 days → 7 more days.
    assert_eq!(
        json["plan"],
        json!({"start": "2026-01-05", "day": 3, "planned_days": 9,
               "behind": ["Phase 1: First"], "projected_finish": "2026-01-14",
               "pace": "average"})
    );
}

#[test]
fn without_a_start_date_the_plan_starts_at_the_earliest_session() {
    let site = plan_site(false, true);
    let plan = report(&site.root(), "2026-01-07").plan;
    assert_eq!(plan.start, Some(d("2026-01-01")));
    assert_eq!(plan.day, Some(7));
    // ⌈7 ÷ (3 ÷ 7)⌉ = ⌈16.33⌉ = 17.
    assert_eq!(plan.projected_finish, Some(d("2026-01-24")));
}

#[test]
fn before_the_start_the_day_is_zero_or_less() {
    let site = plan_site(true, true);
    for (today, day) in [("2026-01-04", 0), ("2026-01-03", -1), ("2025-12-26", -9)] {
        let plan = report(&site.root(), today).plan;
        assert_eq!(plan.start, Some(d("2026-01-05")), "{today}");
        assert_eq!(plan.day, Some(day), "{today}");
        assert!(plan.behind.is_empty(), "{today}: {:?}", plan.behind);
        assert_eq!(plan.projected_finish, None, "{today}");
    }
}

#[test]
fn behind_versus_on_time() {
    let site = plan_site(true, true);
    let behind = |today: &str| report(&site.root(), today).plan.behind;
    // Day 1 and 2: Phase 1's last day is not yet over.
    assert!(behind("2026-01-05").is_empty());
    assert!(behind("2026-01-06").is_empty());
    // Day 3: Phase 1 (Days 1-2) is over and incomplete; Phase 2 is complete, never behind.
    assert_eq!(behind("2026-01-07"), ["Phase 1: First"]);
    // Day 9 is Phase 3's last day: still on time for it.
    assert_eq!(behind("2026-01-13"), ["Phase 1: First"]);
    // Day 10: Phase 3 too, in document order.
    assert_eq!(behind("2026-01-14"), ["Phase 1: First", "Phase 3: Third"]);
}

#[test]
fn projected_finish_is_today_plus_remaining_over_pace_rounded_up() {
    let site = plan_site(true, true);
    let study = open(&site.root());
    let (done, total) = (3i64, 10i64);
    let remaining = total - done;
    for day in 1..=20i64 {
        let today = d("2026-01-05") + chrono::Days::new((day - 1) as u64);
        let plan = study.report(today).plan;
        assert_eq!(plan.day, Some(day));
        // today + ⌈remaining ÷ (done ÷ day)⌉ = today + ⌈remaining × day ÷ done⌉.
        let days = (remaining * day + done - 1) / done;
        assert_eq!(
            plan.projected_finish,
            Some(today + chrono::Days::new(days as u64)),
            "day {day}"
        );
    }
    // Two worked by hand: day 2 → ⌈4.67⌉ = 5; day 5 → ⌈11.67⌉ = 12.
    assert_eq!(
        study.report(d("2026-01-06")).plan.projected_finish,
        Some(d("2026-01-11"))
    );
    assert_eq!(
        study.report(d("2026-01-09")).plan.projected_finish,
        Some(d("2026-01-21"))
    );
}

// ---------------------------------------------------------------------------------------------
// 5. The heatmap, read back from its SVG
// ---------------------------------------------------------------------------------------------

/// One day of the heatmap: its class and its `data-minutes`.
#[derive(Debug, Clone)]
struct Cell {
    class: String,
    minutes: String,
}

impl Cell {
    /// Whether the day shows as studied (any level above 0).
    fn studied(&self) -> bool {
        !self.class.split_whitespace().any(|c| c == "heat-0")
    }

    /// The minutes as a number; an empty attribute (minutes unknown) is 0.
    fn minutes(&self) -> u64 {
        if self.minutes.is_empty() {
            0
        } else {
            self.minutes
                .parse()
                .unwrap_or_else(|_| panic!("data-minutes {:?} is a number", self.minutes))
        }
    }
}

/// The days of a heatmap by date, in the order drawn; fails on a day drawn twice.
fn heatmap_days(svg: &str) -> Vec<(NaiveDate, Cell)> {
    let html = scraper::Html::parse_fragment(svg);
    let selector = scraper::Selector::parse("rect[data-date]").expect("a selector");
    let days: Vec<(NaiveDate, Cell)> = html
        .select(&selector)
        .map(|rect| {
            let attr = |name: &str| rect.value().attr(name).unwrap_or("").to_string();
            (
                d(&attr("data-date")),
                Cell {
                    class: attr("class"),
                    minutes: attr("data-minutes"),
                },
            )
        })
        .collect();
    let distinct: BTreeSet<NaiveDate> = days.iter().map(|(date, _)| *date).collect();
    assert_eq!(distinct.len(), days.len(), "a day is drawn twice");
    days
}

fn heatmap_of(today: &str) -> (Report, Vec<(NaiveDate, Cell)>) {
    let report = stats_report(today);
    let svg = tracker::site::heatmap::svg(&report);
    let days = heatmap_days(&svg);
    (report, days)
}

#[test]
fn the_heatmap_shows_the_studied_days_with_their_minute_totals() {
    let (report, days) = heatmap_of("2026-03-06");
    let minutes: BTreeMap<NaiveDate, u64> = days
        .iter()
        .filter(|(_, c)| c.minutes() > 0)
        .map(|(date, c)| (*date, c.minutes()))
        .collect();
    assert_eq!(
        minutes,
        BTreeMap::from([
            (d("2026-03-01"), 30),
            (d("2026-03-02"), 45),
            (d("2026-03-05"), 100),
            // Two sessions on one day are summed.
            (d("2026-03-06"), 20 + 40),
        ])
    );
    assert_eq!(minutes.values().sum::<u64>(), report.stats.minutes);
    // The days shown as studied are the days studied, the in-progress day included.
    let studied: BTreeSet<NaiveDate> = days
        .iter()
        .filter(|(_, c)| c.studied())
        .map(|(date, _)| *date)
        .collect();
    assert_eq!(
        studied,
        [
            "2026-03-01",
            "2026-03-02",
            "2026-03-03",
            "2026-03-05",
            "2026-03-06"
        ]
        .into_iter()
        .map(d)
        .collect::<BTreeSet<_>>()
    );
    assert_eq!(studied.len(), report.stats.days_studied);
    // Every day in view has a tooltip.
    let svg = tracker::site::heatmap::svg(&report);
    assert!(svg.contains("<title>2026-03-06"), "{svg}");
}

#[test]
fn the_heatmap_ends_today_covers_the_first_day_and_shows_nothing_later() {
    for today in ["2026-03-05", "2026-03-06", "2026-03-20"] {
        let (report, days) = heatmap_of(today);
        let dates: Vec<NaiveDate> = days.iter().map(|(date, _)| *date).collect();
        let mut sorted = dates.clone();
        sorted.sort();
        let (first, last) = (sorted[0], sorted[sorted.len() - 1]);
        assert_eq!(
            last, report.as_of,
            "{today}: the range ends at the report's date"
        );
        assert!(first <= d("2026-03-01"), "{today}: starts {first}");
        // Whole days, none missing between the ends.
        assert_eq!(
            (last - first).num_days() + 1,
            dates.len() as i64,
            "{today}: every day from {first} to {last}"
        );
        for (date, cell) in &days {
            if *date > report.as_of {
                assert!(!cell.studied() && cell.minutes() == 0, "{today}: {date}");
            }
        }
    }
    // As of 03-05 the two sessions of 03-06 are not shown.
    let (_, days) = heatmap_of("2026-03-05");
    let later: Vec<&(NaiveDate, Cell)> = days
        .iter()
        .filter(|(date, c)| *date > d("2026-03-05") && (c.studied() || c.minutes() > 0))
        .collect();
    assert!(later.is_empty(), "{later:?}");
    let shown: u64 = days.iter().map(|(_, c)| c.minutes()).sum();
    assert_eq!(shown, 30 + 45 + 100);
}

// ---------------------------------------------------------------------------------------------
// 6. `tracker new session`
// ---------------------------------------------------------------------------------------------

const NEW_TODAY: &str = "2026-04-01";

/// Runs `tracker new session [args]` on a site, which must succeed; returns the file written,
/// relative to the root, from what it printed.
fn new_session(site: &Site, args: &[&str]) -> String {
    let output = tracker(&site.root(), NEW_TODAY)
        .args(["new", "session"])
        .args(args)
        .output()
        .expect("running tracker");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "new session {args:?} failed with {:?}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = stdout.trim();
    let path = Path::new(printed);
    let relative = path
        .strip_prefix(site.root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    assert!(
        site.root().join(&relative).is_file(),
        "printed {printed:?}, which is no file of the site"
    );
    relative
}

/// The front matter of a note, parsed.
fn front_matter(text: &str) -> tracker::yaml::Value {
    let rest = text.strip_prefix("---\n").expect("a note starts with ---");
    let end = rest.find("\n---\n").expect("a closing ---");
    tracker::yaml::from_str(&rest[..end + 1]).expect("the front matter is YAML")
}

/// Opens the site and checks the notes parse cleanly; returns the report.
fn clean_report(site: &Site) -> Report {
    let study = Study::open(&site.root())
        .unwrap_or_else(|e| panic!("the new notes must have no errors:\n{e}"));
    let report = study.report(d(NEW_TODAY));
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    report
}

#[test]
fn new_session_writes_a_note_ready_to_fill_and_prints_its_path() {
    let site = Site::fixture("sessions-new");
    let written = new_session(&site, &[]);
    assert_eq!(written, "content/sessions/2026-04-01.md");
    let text = std::fs::read_to_string(site.root().join(&written)).expect("the note");
    let front = front_matter(&text);
    assert_eq!(
        front.get("date").and_then(|v| v.as_str()),
        Some("2026-04-01"),
        "{text}"
    );
    for key in ["title", "duration", "modules"] {
        assert!(front.get(key).is_some(), "no {key} in\n{text}");
    }
    let headings: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect();
    for heading in ["Topics covered", "Key insights", "Questions to research"] {
        assert!(
            headings.contains(&heading),
            "no {heading} heading in\n{text}"
        );
    }
    let report = clean_report(&site);
    assert_eq!(report.sessions.len(), 1);
    let s = &report.sessions[0];
    assert_eq!(s.date, Some(d(NEW_TODAY)));
    assert_eq!(s.source, "content/sessions/2026-04-01.md:1");
    assert!(!s.title.is_empty());
    assert!(s.modules.is_empty() && s.topics.is_empty() && s.insights.is_empty());
    assert!(s.questions.is_empty());
}

#[test]
fn a_second_session_the_same_day_gets_its_own_file() {
    let site = Site::fixture("sessions-new");
    let first = new_session(&site, &["--title", "Morning"]);
    let before = std::fs::read(site.root().join(&first)).expect("the first note");
    let second = new_session(&site, &["--title", "Evening"]);
    assert_eq!(
        (first.as_str(), second.as_str()),
        (
            "content/sessions/2026-04-01.md",
            "content/sessions/2026-04-01-2.md"
        )
    );
    assert_eq!(
        std::fs::read(site.root().join(&first)).expect("note"),
        before
    );
    let report = clean_report(&site);
    let by_file: BTreeMap<&str, &str> = report
        .sessions
        .iter()
        .map(|s| (s.source.as_str(), s.title.as_str()))
        .collect();
    assert_eq!(
        by_file,
        BTreeMap::from([
            ("content/sessions/2026-04-01-2.md:1", "Evening"),
            ("content/sessions/2026-04-01.md:1", "Morning"),
        ])
    );
}

#[test]
fn new_session_never_modifies_an_existing_file() {
    let site = Site::fixture("sessions-new");
    let mine = b"---\ndate: 2026-04-01\ntitle: Mine\n---\nDo not touch.\n".to_vec();
    let also_mine = b"---\ndate: 2026-04-01\ntitle: Also mine\n---\n".to_vec();
    site.write("content/sessions/2026-04-01.md", &mine);
    site.write("content/sessions/2026-04-01-2.md", &also_mine);
    let written = new_session(&site, &[]);
    assert_eq!(written, "content/sessions/2026-04-01-3.md");
    let sessions = site.root().join("content/sessions");
    assert_eq!(
        std::fs::read(sessions.join("2026-04-01.md")).expect("note"),
        mine
    );
    assert_eq!(
        std::fs::read(sessions.join("2026-04-01-2.md")).expect("note"),
        also_mine
    );
    assert_eq!(
        support::names_in(&sessions),
        ["2026-04-01-2.md", "2026-04-01-3.md", "2026-04-01.md"]
    );
}

#[test]
fn a_title_with_quotes_and_colons_round_trips_through_the_front_matter() {
    let site = Site::fixture("sessions-new");
    let hard = [
        r#"Kafka: "partitions" & 'keys' # not a comment"#,
        "- [x] not a list: nor a task",
        r#"back\slash, {braces}, [brackets] and a trailing colon:"#,
        "yes",
        "1.10",
        "@at *star &anchor !tag %percent",
    ];
    for title in hard {
        // `--title=…` so that a title starting with `-` is not read as an option.
        let written = new_session(&site, &[&format!("--title={title}")]);
        let text = std::fs::read_to_string(site.root().join(&written)).expect("the note");
        assert_eq!(
            front_matter(&text).get("title").and_then(|v| v.as_str()),
            Some(title),
            "{text}"
        );
    }
    // All on one day: their order among themselves is not the point here.
    let report = clean_report(&site);
    let mut got = titles(&report);
    got.sort_unstable();
    let mut want = hard.to_vec();
    want.sort_unstable();
    assert_eq!(got, want);
}

#[test]
fn modules_land_as_quoted_numbers_and_resolve() {
    let site = Site::fixture("sessions-new");
    let written = new_session(&site, &["--modules", "1.2,1.3"]);
    let text = std::fs::read_to_string(site.root().join(&written)).expect("the note");
    assert!(
        text.contains(r#""1.2""#) && text.contains(r#""1.3""#),
        "modules are quoted strings:\n{text}"
    );
    let front = front_matter(&text);
    let modules: Vec<&str> = front
        .get("modules")
        .and_then(|v| v.as_sequence())
        .expect("modules is a list")
        .iter()
        .map(|v| v.as_str().expect("a string, not a number"))
        .collect();
    assert_eq!(modules, ["1.2", "1.3"]);
    // 1.10 stays module 1.10 (unquoted it would read as 1.1).
    let tenth = new_session(&site, &["--modules", "1.10"]);
    let report = clean_report(&site);
    let by_file: BTreeMap<String, Vec<String>> = report
        .sessions
        .iter()
        .map(|s| (s.source.clone(), s.modules.clone()))
        .collect();
    assert_eq!(
        by_file,
        BTreeMap::from([
            (
                format!("{written}:1"),
                vec![
                    "Module 1.2: Partitions".to_string(),
                    "Module 1.3: Offsets".to_string()
                ]
            ),
            (format!("{tenth}:1"), vec!["Module 1.10: Tenth".to_string()]),
        ])
    );
}
