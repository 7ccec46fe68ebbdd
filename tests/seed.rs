//! The seed tracker (`content/tracker.md`, the default content) gives exactly the numbers
//! TRACKER-FORMAT §1–§5 state for it.

mod common;

use assert_cmd::Command;
use common::*;
use serde_json::{Value, json};
use std::path::Path;
use tracker::study::Study;
use tracker::tracker::model::Kind;

fn seed() -> Study {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Study::open(root).expect("the seed site opens")
}

#[test]
fn the_seed_counts_0_of_78_with_its_phases() {
    let study = seed();
    let report = study.report(date(2026, 1, 21));
    assert_eq!(report.title, "Stream Processing Learning Progress Tracker");
    assert_eq!(
        (
            report.progress.done,
            report.progress.total,
            report.progress.percent
        ),
        (0, 78, Some(0.0))
    );
    assert_eq!((report.optional.done, report.optional.total), (0, 4));
    let top: Vec<(&str, &str, usize, usize)> = report
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.kind.name(), s.done, s.total))
        .collect();
    assert_eq!(
        top,
        [
            ("Overall Progress", "summary", 0, 5),
            ("Phase 1: Foundations", "phase", 0, 15),
            ("Phase 2: Messaging Patterns", "phase", 0, 20),
            ("Phase 3: Databases and Streams", "phase", 0, 16),
            ("Phase 4: Stream Processing", "phase", 0, 22),
            ("Final Assessment", "assessment", 0, 5),
            ("Practical Projects (Optional)", "optional", 0, 4),
            ("Study Log", "log", 0, 0),
            ("Notes and Reflections", "section", 0, 0),
        ]
    );
    assert!(report.tasks.is_empty());
}

#[test]
fn the_seeds_phase_1_is_three_modules_and_a_checkpoint() {
    let doc = &seed().document;
    let phase = node(doc, "Phase 1: Foundations");
    let parts: Vec<(&str, Kind, u8, usize)> = phase
        .children
        .iter()
        .map(|id| doc.node(*id))
        .map(|n| (n.title.as_str(), n.kind, n.level, n.total))
        .collect();
    assert_eq!(
        parts,
        [
            ("Module 1.1: Introduction to Streams", Kind::Module, 3, 4),
            ("Module 1.2: Transmitting Event Streams", Kind::Module, 3, 4),
            ("Module 1.3: Messaging Systems Overview", Kind::Module, 3, 4),
            ("Checkpoint 1", Kind::Checkpoint, 3, 3),
        ]
    );
    let checkpoint = node(doc, "Checkpoint 1");
    assert_eq!(checkpoint.line, 61);
    assert_eq!(
        task_tuples(&checkpoint.tasks),
        [
            ("Can explain why stream processing is needed", false, 62),
            ("Can describe basic streaming system components", false, 63),
            ("Understand message delivery trade-offs", false, 64),
        ]
    );
    assert_eq!(checkpoint.field("Review Date"), Some(&text("")));
    let module = node(doc, "Module 1.1: Introduction to Streams");
    assert_eq!(module.field("Notes"), Some(&list(&[])));
    assert_eq!(module.field("Questions"), Some(&list(&[])));
}

#[test]
fn no_label_of_the_seed_becomes_a_heading() {
    let doc = &seed().document;
    let labels: Vec<&str> = titles(doc)
        .into_iter()
        .filter(|t| t.contains(':') && !t.starts_with("Phase") && !t.starts_with("Module"))
        .collect();
    assert!(labels.is_empty(), "labels read as headings: {labels:?}");
    assert_eq!(doc.sections().count(), 36, "one node per `##`/`###` line");
}

#[test]
fn the_seeds_summary_declares_five_sections_with_days() {
    let doc = &seed().document;
    let summary = node(doc, "Overall Progress");
    assert_eq!(summary.kind, Kind::Summary);
    assert_eq!(summary.tasks.len(), 5);
    type Declared<'a> = (&'a str, Option<bool>, Option<(u32, u32)>);
    let declared: Vec<Declared> = doc
        .sections()
        .map(|(_, n)| n)
        .filter(|n| n.declared_done.is_some())
        .map(|n| (n.title.as_str(), n.declared_done, n.days))
        .collect();
    assert_eq!(
        declared,
        [
            ("Phase 1: Foundations", Some(false), Some((1, 3))),
            ("Phase 2: Messaging Patterns", Some(false), Some((4, 6))),
            ("Phase 3: Databases and Streams", Some(false), Some((7, 9))),
            ("Phase 4: Stream Processing", Some(false), Some((10, 14))),
            ("Final Assessment", Some(false), None),
        ]
    );
}

#[test]
fn the_seed_has_one_session_in_progress_and_no_warnings() {
    let study = seed();
    assert!(study.warnings.is_empty(), "{:#?}", study.warnings);
    let report = study.report(date(2026, 1, 21));
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    assert_eq!(report.sessions.len(), 1, "Sessions 2-5 are empty slots");
    let s = &report.sessions[0];
    assert_eq!(s.title, "Session 1");
    assert_eq!(s.date, Some(date(2026, 1, 21)));
    assert_eq!(s.minutes, None);
    assert!(s.in_progress);
    assert_eq!(s.source, "content/tracker.md:276");
    assert_eq!(s.topics.len(), 4);
    assert_eq!(s.insights.len(), 3);
    assert_eq!(
        s.questions,
        [
            "Why is partitioning important for ordering?",
            "How is streaming different from polling a database?"
        ]
    );
}

#[test]
fn the_seeds_plan_starts_with_session_1() {
    let report = seed().report(date(2026, 1, 25));
    assert_eq!(report.plan.start, Some(date(2026, 1, 21)));
    assert_eq!(report.plan.day, Some(5));
    assert_eq!(report.plan.planned_days, Some(14));
    assert_eq!(report.plan.behind, ["Phase 1: Foundations"]);
    assert_eq!(report.plan.projected_finish, None, "nothing is done yet");
}

#[test]
fn status_json_on_the_seed() {
    let output = Command::cargo_bin("tracker")
        .unwrap()
        .args(["status", "--json", "--today", "2026-01-21", "--root"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["as_of"], "2026-01-21");
    assert_eq!(
        json["progress"],
        json!({"done": 0, "total": 78, "percent": 0.0})
    );
    assert_eq!(json["optional"], json!({"done": 0, "total": 4}));
    let phases: Vec<(&str, u64, &Value)> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "phase")
        .map(|s| {
            (
                s["title"].as_str().unwrap(),
                s["total"].as_u64().unwrap(),
                &s["days"],
            )
        })
        .collect();
    assert_eq!(
        phases,
        [
            ("Phase 1: Foundations", 15, &json!([1, 3])),
            ("Phase 2: Messaging Patterns", 20, &json!([4, 6])),
            ("Phase 3: Databases and Streams", 16, &json!([7, 9])),
            ("Phase 4: Stream Processing", 22, &json!([10, 14])),
        ]
    );
    assert_eq!(json["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(json["sessions"][0]["date"], "2026-01-21");
    assert_eq!(json["sessions"][0]["minutes"], Value::Null);
    assert_eq!(json["sessions"][0]["in_progress"], true);
    assert_eq!(json["warnings"], json!([]));
}
