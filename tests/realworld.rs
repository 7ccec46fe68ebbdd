//! Real-world trackers (`../shared/realworld/`) read the way GitHub reads them.
//!
//! The per-heading numbers GitHub's renderer gives were computed once with cmark-gfm by
//! `scripts/github-counts.py` and committed as `tests/fixtures/realworld/*.expected.json`,
//! so this test needs no cmark-gfm.

use serde_json::Value;
use std::path::{Path, PathBuf};
use tracker::source::SourceFile;
use tracker::tracker::count::totals;
use tracker::tracker::kinds::KindRules;
use tracker::tracker::model::Document;

fn realworld_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld")
}

/// Reads a real-world tracker, or `None` (with a message) when the folder is absent.
fn read(name: &str) -> Option<Document> {
    let dir = realworld_dir();
    if !dir.is_dir() {
        eprintln!(
            "skipped: {} is absent, so the real-world trackers cannot be checked",
            dir.display()
        );
        return None;
    }
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let (doc, _warnings) = tracker::tracker::read(
        &SourceFile::from_text(name.to_string(), text),
        &KindRules::default(),
    );
    Some(doc)
}

/// Every task in the file, counted once.
fn all_tasks(doc: &Document) -> usize {
    let t = totals(doc);
    t.progress.total + t.optional.total + t.summary.total
}

/// The first section with this title.
fn section<'a>(doc: &'a Document, title: &str) -> &'a tracker::tracker::model::Node {
    doc.sections()
        .map(|(_, n)| n)
        .find(|n| n.title == title)
        .unwrap_or_else(|| panic!("no section titled {title:?}"))
}

fn children_totals(doc: &Document, title: &str) -> Vec<(String, usize)> {
    section(doc, title)
        .children
        .iter()
        .map(|id| (doc.node(*id).title.clone(), doc.node(*id).total))
        .collect()
}

#[test]
fn english_title_total_and_top_level_sections() {
    let Some(doc) = read("coding-interview-university.md") else {
        return;
    };
    assert_eq!(doc.title.as_deref(), Some("Coding Interview University"));
    assert_eq!(all_tasks(&doc), 463);
    assert_eq!(doc.nodes.iter().map(|n| n.tasks.len()).sum::<usize>(), 463);
    assert_eq!(doc.root().children.len(), 37);
}

#[test]
fn chinese_title_total_and_top_level_sections() {
    let Some(doc) = read("coding-interview-university-cn.md") else {
        return;
    };
    assert_eq!(doc.title.as_deref(), Some("编程面试大学"));
    assert_eq!(all_tasks(&doc), 459);
    assert_eq!(doc.nodes.iter().map(|n| n.tasks.len()).sum::<usize>(), 459);
    assert_eq!(doc.root().children.len(), 37);
}

#[test]
fn english_section_counts_from_the_readme() {
    let Some(doc) = read("coding-interview-university.md") else {
        return;
    };
    assert_eq!(section(&doc, "Data Structures").total, 68);
    assert_eq!(
        children_totals(&doc, "Data Structures"),
        [
            ("Arrays".to_string(), 18),
            ("Linked Lists".to_string(), 26),
            ("Stack".to_string(), 3),
            ("Queue".to_string(), 6),
            ("Hash table".to_string(), 15),
        ]
    );
    assert_eq!(section(&doc, "Trees").total, 56);
    assert_eq!(section(&doc, "Sorting").total, 58);
    assert_eq!(section(&doc, "Even More Knowledge").total, 138);
    assert_eq!(
        section(&doc, "System Design, Scalability, Data Handling").total,
        53
    );
}

/// Every heading node, in document order, has GitHub's title, level and count.
fn matches_github(name: &str) {
    let Some(doc) = read(name) else { return };
    let stem = name.trim_end_matches(".md");
    let expected_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/realworld")
        .join(format!("{stem}.expected.json"));
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", expected_path.display())),
    )
    .expect("the expected counts are JSON");

    assert_eq!(doc.title.as_deref(), expected["title"].as_str());
    assert_eq!(Some(all_tasks(&doc) as u64), expected["total"].as_u64());
    assert_eq!(
        Some(doc.root().children.len() as u64),
        expected["top_level"].as_u64()
    );

    let actual: Vec<(String, u64, u64)> = doc
        .sections()
        .map(|(_, n)| (n.title.clone(), u64::from(n.level), n.total as u64))
        .collect();
    let wanted: Vec<(String, u64, u64)> = expected["headings"]
        .as_array()
        .expect("headings is a list")
        .iter()
        .map(|h| {
            (
                h["title"].as_str().unwrap_or_default().to_string(),
                h["level"].as_u64().unwrap_or_default(),
                h["total"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    let differences: Vec<String> = actual
        .iter()
        .zip(&wanted)
        .enumerate()
        .filter(|(_, (a, w))| a != w)
        .map(|(i, (a, w))| format!("heading #{i}: tracker {a:?}, GitHub {w:?}"))
        .collect();
    assert!(
        differences.is_empty() && actual.len() == wanted.len(),
        "{name}: {} headings in the tracker, {} on GitHub; differences:\n{}",
        actual.len(),
        wanted.len(),
        differences.join("\n")
    );
}

#[test]
fn english_every_section_matches_github() {
    matches_github("coding-interview-university.md");
}

#[test]
fn chinese_every_section_matches_github() {
    matches_github("coding-interview-university-cn.md");
}
