//! The history as of one date: the revisions up to today with the tracker as it is now as
//! the last, each task's `done_on`, each node's `finished_on`, and the days (§9).

use super::identity::{self, TaskKey};
use super::{Log, Snapshot};
use crate::diagnostics::Diagnostic;
use crate::tracker::model::{Document, Kind, NodeId};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// The report's `history` (TRACKER-FORMAT §7).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct History {
    /// Where it was read from: always `git`.
    pub source: &'static str,
    /// The revisions read, the tracker as it is now included when it differs from the last.
    pub revisions: usize,
    /// The oldest revision's date.
    pub first: NaiveDate,
    /// Whether the repository is a shallow clone, so the history starts later than the plan.
    pub shallow: bool,
    /// The current file's counted tasks done within the last 7 days, today included.
    pub done_last_7_days: usize,
    /// The current file's counted tasks done within the last 28 days, today included.
    pub done_last_28_days: usize,
    /// Overall progress at the end of each date that has a revision, by date.
    pub days: Vec<Day>,
}

/// Overall progress at the end of one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Day {
    /// The date.
    pub date: NaiveDate,
    /// Ticked tasks of overall progress in the last revision of that date.
    pub done: usize,
    /// All tasks of overall progress in that revision.
    pub total: usize,
}

/// The history put against today and the current document.
#[derive(Debug, Clone)]
pub struct Dated {
    /// The report's `history`.
    pub history: History,
    /// Each task's `done_on`: `done_on[node][task]`, nodes as in the document.
    pub done_on: Vec<Vec<Option<NaiveDate>>>,
    /// Each node's `finished_on`, nodes as in the document.
    pub finished_on: Vec<Option<NaiveDate>>,
    /// The warning of a shallow clone, on the tracker file at line 0.
    pub warnings: Vec<Diagnostic>,
}

/// The history of `doc` (the tracker as it is now, whose text has the fingerprint `text`)
/// as of `today`; `file` is the tracker's name for the warnings.
pub fn as_of(log: &Log, doc: &Document, text: u64, today: NaiveDate, file: &str) -> Dated {
    let keys = identity::keys(doc);
    let current = Snapshot::of_keys(doc, &keys, text);
    let mut revisions: Vec<(NaiveDate, &Snapshot)> = log
        .revisions
        .iter()
        .filter(|r| r.date <= today)
        .map(|r| (r.date, &*r.snapshot))
        .collect();
    if revisions.last().is_none_or(|(_, last)| last.text != text) {
        revisions.push((today, &current));
    }
    let first = revisions.first().map_or(today, |(date, _)| *date);
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    for (date, s) in &revisions {
        days.insert(
            *date,
            Day {
                date: *date,
                done: s.done,
                total: s.total,
            },
        );
    }
    let done_on: Vec<Vec<Option<NaiveDate>>> = doc
        .nodes
        .iter()
        .zip(&keys)
        .map(|(node, keys)| {
            node.tasks
                .iter()
                .zip(keys)
                .map(|(task, key)| task.done.then(|| done_since(&revisions, *key)).flatten())
                .collect()
        })
        .collect();
    let (mut last_7, mut last_28) = (0, 0);
    for (i, node) in doc.nodes.iter().enumerate() {
        if node.optional || doc.ancestor_of_kind(NodeId(i), Kind::Summary).is_some() {
            continue;
        }
        for date in done_on[i].iter().flatten() {
            let ago = (today - *date).num_days();
            last_7 += usize::from(ago < 7);
            last_28 += usize::from(ago < 28);
        }
    }
    let finished_on = finished_on(doc, &done_on);
    let shallow = log.shallow;
    let warnings = if shallow {
        vec![Diagnostic::new(
            file,
            0,
            format!(
                "the history starts at {first}: the repository is a shallow clone, which holds \
                 only the latest commits; fetch all of it with `git fetch --unshallow` (in the \
                 GitHub Pages workflow, give the checkout step `fetch-depth: 0`)"
            ),
        )]
    } else {
        Vec::new()
    };
    Dated {
        history: History {
            source: "git",
            revisions: revisions.len(),
            first,
            shallow,
            done_last_7_days: last_7,
            done_last_28_days: last_28,
            days: days.into_values().collect(),
        },
        done_on,
        finished_on,
        warnings,
    }
}

/// The date of the first revision of the unbroken run, ending with the last one, in which
/// the task `key` is done.
fn done_since(revisions: &[(NaiveDate, &Snapshot)], key: TaskKey) -> Option<NaiveDate> {
    revisions
        .iter()
        .rev()
        .take_while(|(_, s)| s.is_done(key))
        .last()
        .map(|(date, _)| *date)
}

/// Each complete node's latest `done_on` of the tasks it counts (§3: optional descendants
/// count only in optional nodes); `None` for nodes that are not complete.
fn finished_on(doc: &Document, done_on: &[Vec<Option<NaiveDate>>]) -> Vec<Option<NaiveDate>> {
    let mut latest: Vec<Option<NaiveDate>> = done_on
        .iter()
        .map(|dates| dates.iter().flatten().max().copied())
        .collect();
    // Children come after their parents, so walking backwards finishes each node first.
    for i in (1..doc.nodes.len()).rev() {
        let child = &doc.nodes[i];
        let Some(parent) = child.parent else { continue };
        let p = &doc.nodes[parent.0];
        let counts = (!child.optional || p.optional)
            && !(child.kind == Kind::Summary && p.kind == Kind::Root);
        if counts {
            latest[parent.0] = latest[parent.0].max(latest[i]);
        }
    }
    doc.nodes
        .iter()
        .zip(latest)
        .map(|(node, latest)| latest.filter(|_| node.is_complete()))
        .collect()
}
