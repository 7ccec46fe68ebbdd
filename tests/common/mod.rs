//! Helpers shared by the rule tests: fixture sites, inline trackers, and lookups by title.
//!
//! Each test binary uses a different subset of these, hence the `dead_code` allowance.
#![allow(dead_code)]

use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use tracker::diagnostics::Diagnostic;
use tracker::report::{self, Report};
use tracker::source::SourceFile;
use tracker::study::Study;
use tracker::tracker::kinds::KindRules;
use tracker::tracker::model::{Document, FieldValue, Node, Task};

/// The tracker's name in every message about a site's default tracker.
pub const TRACKER: &str = "content/tracker.md";

/// The root of the fixture site `case`.
pub fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
}

/// Reads the fixture site `case` (config, tracker and log sessions) as the binary would,
/// without history: the fixtures stand in this project's own repository, whose commits are
/// not theirs (tests/history.rs makes repositories of its own).
pub fn open(case: &str) -> Study {
    let root = fixture(case);
    let mut config = tracker::config::Config::load(&root)
        .unwrap_or_else(|e| panic!("opening {}: {e}", root.display()));
    config.history = false;
    Study::load(config).unwrap_or_else(|e| panic!("opening {}: {e}", root.display()))
}

/// Parses a tracker given as text, with the default kinds.
pub fn read(text: &str) -> (Document, Vec<Diagnostic>) {
    tracker::tracker::read(&SourceFile::from_text(TRACKER, text), &KindRules::default())
}

/// The report on a tracker given as text, with the log's sessions and an optional start date.
pub fn report_of(text: &str, start_date: Option<NaiveDate>, today: NaiveDate) -> Report {
    let (document, mut warnings) = read(text);
    let (sessions, log_warnings) = tracker::sessions::log::sessions(&document, TRACKER);
    warnings.extend(log_warnings);
    report::build(
        &report::Inputs {
            config_title: None,
            start_date,
            tracker_stem: "tracker",
            document: &document,
            sessions: &sessions,
            warnings: &warnings,
            history: None,
        },
        today,
    )
}

/// A date written as numbers.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// The first node (in document order) with this exact title.
pub fn node<'a>(doc: &'a Document, title: &str) -> &'a Node {
    doc.sections()
        .map(|(_, n)| n)
        .find(|n| n.title == title)
        .unwrap_or_else(|| panic!("no section titled {title:?}; there are {:?}", titles(doc)))
}

/// Every section's title, in document order.
pub fn titles(doc: &Document) -> Vec<&str> {
    doc.sections().map(|(_, n)| n.title.as_str()).collect()
}

/// The titles of a node's children, in order.
pub fn children<'a>(doc: &'a Document, n: &Node) -> Vec<&'a str> {
    n.children
        .iter()
        .map(|id| doc.node(*id).title.as_str())
        .collect()
}

/// The title of a node's parent; `""` for a top-level section (its parent is the root).
pub fn parent<'a>(doc: &'a Document, n: &Node) -> &'a str {
    let id = n.parent.expect("a section has a parent");
    doc.node(id).title.as_str()
}

/// A task as `(text, done, line)`, for comparing whole lists at once.
pub fn task_tuples(tasks: &[Task]) -> Vec<(&str, bool, usize)> {
    tasks
        .iter()
        .map(|t| (t.text.as_str(), t.done, t.line))
        .collect()
}

/// The lines of these warnings, in order.
pub fn lines(warnings: &[Diagnostic]) -> Vec<usize> {
    warnings.iter().map(|w| w.line).collect()
}

/// The only warning on `line`; fails when there is none or more than one.
pub fn warning_at(warnings: &[Diagnostic], line: usize) -> &Diagnostic {
    let found: Vec<&Diagnostic> = warnings.iter().filter(|w| w.line == line).collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one warning on line {line}, got {warnings:#?}"
    );
    found[0]
}

/// A text field's value.
pub fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.to_string())
}

/// A list field's value.
pub fn list(items: &[&str]) -> FieldValue {
    FieldValue::List(items.iter().map(|s| s.to_string()).collect())
}
