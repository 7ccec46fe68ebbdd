//! TRACKER-FORMAT §2, Kinds of node, and §3, Counting.

mod common;

use common::*;
use tracker::tracker::model::Kind;

// ---------------------------------------------------------------------------------------------
// §2 Kinds
// ---------------------------------------------------------------------------------------------

#[test]
fn default_kinds_follow_the_table() {
    let doc = &open("kinds").document;
    let kinds: Vec<(&str, Kind, bool)> = doc
        .sections()
        .map(|(_, n)| (n.title.as_str(), n.kind, n.optional))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Overall Progress", Kind::Summary, false),
            ("Practical Projects (Optional)", Kind::Optional, true),
            ("Module 9.1: Extra", Kind::Module, true),
            ("Deep dive", Kind::Section, true),
            ("Phase 1: Start", Kind::Phase, false),
            ("Module 1.2: Middle", Kind::Module, false),
            ("Module 1", Kind::Section, false),
            ("Checkpoint 1", Kind::Checkpoint, false),
            ("phase 2 lower case", Kind::Phase, false),
            ("Phase one", Kind::Section, false),
            ("Final Assessment", Kind::Assessment, false),
            // The summary is a level-2 title only.
            ("Overall Progress", Kind::Section, false),
            ("Study Log", Kind::Log, false),
            ("Session 1", Kind::Session, false),
            // First matching row wins: optional before phase, checkpoint before assessment.
            ("Phase 5 (Optional)", Kind::Optional, true),
            ("Checkpoint Assessment", Kind::Checkpoint, true),
            ("Notes and Reflections", Kind::Section, false),
            // A session is a child of the log, not any `Session` heading.
            ("Session 9", Kind::Section, false),
        ]
    );
}

#[test]
fn kinds_appear_in_the_report_by_name() {
    let report = open("kinds").report(date(2026, 1, 21));
    let top: Vec<(&str, &str)> = report
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.kind.name()))
        .collect();
    assert_eq!(
        top,
        [
            ("Overall Progress", "summary"),
            ("Practical Projects (Optional)", "optional"),
            ("Phase 1: Start", "phase"),
            ("phase 2 lower case", "phase"),
            ("Phase one", "section"),
            ("Final Assessment", "assessment"),
            ("Study Log", "log"),
            ("Phase 5 (Optional)", "optional"),
            ("Notes and Reflections", "section"),
        ]
    );
    let phase = &report.sections[2];
    let kinds: Vec<&str> = phase.children.iter().map(|c| c.kind.name()).collect();
    assert_eq!(kinds, ["module", "section", "checkpoint"]);
    assert_eq!(report.sections[6].children[0].kind.name(), "session");
}

#[test]
fn the_optional_flag_is_inherited_by_every_descendant() {
    let doc = &open("optional_counting").document;
    for title in ["Stretch (Optional)", "Deeper", "Extras (Optional)", "More"] {
        assert!(node(doc, title).optional, "{title}");
    }
    assert!(!node(doc, "Phase 1").optional);
    // Inherited, the flag does not change the kind.
    assert_eq!(node(doc, "Deeper").kind, Kind::Section);
}

#[test]
fn the_config_kinds_map_replaces_a_rule() {
    let study = open("kinds_override");
    let doc = &study.document;
    let kinds: Vec<(&str, Kind, bool)> = doc
        .sections()
        .map(|(_, n)| (n.title.as_str(), n.kind, n.optional))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Week 1", Kind::Phase, false),
            ("Phase 1", Kind::Section, false),
            ("Bonus (extra)", Kind::Optional, true),
            // `(Optional)` no longer marks optional work once the rule is replaced.
            ("Stretch (Optional)", Kind::Section, false),
        ]
    );
    let report = study.report(date(2026, 1, 21));
    assert_eq!((report.progress.done, report.progress.total), (1, 3));
    assert_eq!((report.optional.done, report.optional.total), (0, 1));
}

// ---------------------------------------------------------------------------------------------
// §3 Counting
// ---------------------------------------------------------------------------------------------

#[test]
fn optional_tasks_stay_out_of_non_optional_ancestors() {
    let doc = &open("optional_counting").document;
    let count = |t: &str| (node(doc, t).done, node(doc, t).total);
    assert_eq!(count("Phase 1"), (1, 1), "Stretch's 3 tasks are left out");
    // An optional node counts its optional descendants.
    assert_eq!(count("Stretch (Optional)"), (2, 3));
    assert_eq!(count("Deeper"), (1, 1));
    assert_eq!(count("Extras (Optional)"), (1, 2));
    assert_eq!(count("More"), (1, 1));
}

#[test]
fn overall_progress_leaves_out_the_summary_and_optional_work() {
    let study = open("optional_counting");
    let report = study.report(date(2026, 1, 21));
    // Root 1 + Phase 1's 1; the summary's declaration and the 5 optional tasks left out.
    assert_eq!(
        (
            report.progress.done,
            report.progress.total,
            report.progress.percent
        ),
        (2, 2, Some(100.0))
    );
    assert_eq!((report.optional.done, report.optional.total), (3, 5));
    assert!(study.warnings.is_empty(), "{:#?}", study.warnings);
}

#[test]
fn overall_is_root_tasks_plus_top_level_counted_sections() {
    for case in ["optional_counting", "heading_tree", "ticked_boxes"] {
        let report = open(case).report(date(2026, 1, 21));
        let counted = report
            .sections
            .iter()
            .filter(|s| s.kind.name() != "summary" && !s.optional);
        let done = report.tasks.iter().filter(|t| t.done).count()
            + counted.clone().map(|s| s.done).sum::<usize>();
        let total = report.tasks.len() + counted.map(|s| s.total).sum::<usize>();
        assert_eq!(
            (report.progress.done, report.progress.total),
            (done, total),
            "{case}"
        );
    }
}

#[test]
fn the_four_states_and_their_percentages() {
    let report = open("ticked_boxes").report(date(2026, 1, 21));
    let rows: Vec<(&str, usize, usize, Option<f64>, &str)> = report
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.done, s.total, s.percent, s.state.name()))
        .collect();
    assert_eq!(
        rows,
        [
            ("Empty", 0, 0, None, "empty"),
            ("Not started", 0, 2, Some(0.0), "not started"),
            ("In progress", 1, 3, Some(33.3), "in progress"),
            ("Done", 2, 2, Some(100.0), "done"),
        ]
    );
    // 3 of 7 is 42.857…
    assert_eq!(
        (
            report.progress.done,
            report.progress.total,
            report.progress.percent
        ),
        (3, 7, Some(42.9))
    );
}

/// A tracker with one section holding `done` ticked tasks out of `total`.
fn tasks(done: usize, total: usize) -> String {
    let mut text = String::from("# T\n\n## Work\n");
    for i in 0..total {
        let mark = if i < done { 'x' } else { ' ' };
        text.push_str(&format!("- [{mark}] task {i}\n"));
    }
    text
}

#[test]
fn percent_rounds_half_away_from_zero_to_one_decimal() {
    let cases = [
        (1, 16, 6.3),  // 6.25
        (3, 16, 18.8), // 18.75
        (1, 8, 12.5),
        (1, 3, 33.3),
        (2, 3, 66.7),
        (1, 2000, 0.1), // 0.05
        (1, 2001, 0.0), // 0.04997…
        (0, 5, 0.0),
        (5, 5, 100.0),
    ];
    for (done, total, percent) in cases {
        let report = report_of(&tasks(done, total), None, date(2026, 1, 21));
        assert_eq!((report.progress.done, report.progress.total), (done, total));
        assert_eq!(report.progress.percent, Some(percent), "{done}/{total}");
        assert_eq!(report.sections[0].percent, Some(percent), "{done}/{total}");
    }
}

#[test]
fn percent_is_null_when_there_are_no_tasks() {
    let report = report_of("# T\n\n## Nothing\nJust text.\n", None, date(2026, 1, 21));
    assert_eq!((report.progress.done, report.progress.total), (0, 0));
    assert_eq!(report.progress.percent, None);
    assert_eq!(report.sections[0].percent, None);
    assert_eq!(report.sections[0].state.name(), "empty");
    let json: serde_json::Value = serde_json::from_str(&tracker::report::to_json(&report)).unwrap();
    assert_eq!(json["progress"]["percent"], serde_json::Value::Null);
    assert_eq!(json["sections"][0]["percent"], serde_json::Value::Null);
}

#[test]
fn a_percent_is_written_to_one_decimal_in_json() {
    let report = report_of(&tasks(1, 16), None, date(2026, 1, 21));
    let json: serde_json::Value = serde_json::from_str(&tracker::report::to_json(&report)).unwrap();
    assert_eq!(json["progress"]["percent"], serde_json::json!(6.3));
}
