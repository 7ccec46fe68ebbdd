//! Rolls task counts up the heading tree (TRACKER-FORMAT §3).

use super::model::{Document, Kind, NodeId};

/// Done and total tasks of some part of the plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    /// Ticked tasks.
    pub done: usize,
    /// All tasks.
    pub total: usize,
}

impl Count {
    fn add(&mut self, done: bool) {
        self.total += 1;
        self.done += usize::from(done);
    }
}

/// The plan's tasks split three ways; together they are every task in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// The work: every task outside the summary and optional sections.
    pub progress: Count,
    /// Tasks in optional sections (outside the summary).
    pub optional: Count,
    /// The summary's declarations.
    pub summary: Count,
}

/// Fills every node's `done` and `total`: its own tasks plus its children's, leaving
/// optional children out of non-optional parents. The root's count is overall progress,
/// which also leaves the summary out.
pub fn roll_up(doc: &mut Document) {
    for node in &mut doc.nodes {
        node.done = node.tasks.iter().filter(|t| t.done).count();
        node.total = node.tasks.len();
    }
    // Children come after their parents, so walking backwards finishes each node first.
    for i in (1..doc.nodes.len()).rev() {
        let child = &doc.nodes[i];
        let Some(parent) = child.parent else { continue };
        let (done, total, optional, kind) = (child.done, child.total, child.optional, child.kind);
        let parent = &mut doc.nodes[parent.0];
        let counts =
            (!optional || parent.optional) && !(kind == Kind::Summary && parent.kind == Kind::Root);
        if counts {
            parent.done += done;
            parent.total += total;
        }
    }
}

/// Counts every task once, as work, optional, or a summary declaration.
pub fn totals(doc: &Document) -> Totals {
    let mut totals = Totals::default();
    for (i, node) in doc.nodes.iter().enumerate() {
        let bucket = if doc.ancestor_of_kind(NodeId(i), Kind::Summary).is_some() {
            &mut totals.summary
        } else if node.optional {
            &mut totals.optional
        } else {
            &mut totals.progress
        };
        for task in &node.tasks {
            bucket.add(task.done);
        }
    }
    totals
}

/// `100 × done / total` rounded half away from zero to one decimal; `None` when total is 0.
pub fn percent(done: usize, total: usize) -> Option<f64> {
    if total == 0 {
        return None;
    }
    let (done, total) = (done as u128, total as u128);
    let tenths = (2000 * done + total) / (2 * total);
    Some(tenths as f64 / 10.0)
}

/// Where a node stands by its counts (TRACKER-FORMAT §3), serialized as the report writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum State {
    /// No tasks at all.
    #[serde(rename = "empty")]
    Empty,
    /// Tasks, none done.
    #[serde(rename = "not started")]
    NotStarted,
    /// Some done, some not.
    #[serde(rename = "in progress")]
    InProgress,
    /// Every task done.
    #[serde(rename = "done")]
    Done,
}

impl State {
    /// The state's name as the report writes it.
    pub fn name(self) -> &'static str {
        match self {
            State::Empty => "empty",
            State::NotStarted => "not started",
            State::InProgress => "in progress",
            State::Done => "done",
        }
    }
}

/// The state of a node with these counts.
pub fn state(done: usize, total: usize) -> State {
    if total == 0 {
        State::Empty
    } else if done == 0 {
        State::NotStarted
    } else if done == total {
        State::Done
    } else {
        State::InProgress
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_away_from_zero_to_one_decimal() {
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(0, 78), Some(0.0));
        assert_eq!(percent(1, 3), Some(33.3));
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(1, 8), Some(12.5));
        assert_eq!(percent(1, 16), Some(6.3)); // 6.25 rounds up
        assert_eq!(percent(1, 2000), Some(0.1)); // 0.05 rounds up
        assert_eq!(percent(1, 2001), Some(0.0));
        assert_eq!(percent(5, 5), Some(100.0));
    }

    #[test]
    fn states() {
        assert_eq!(state(0, 0), State::Empty);
        assert_eq!(state(0, 4), State::NotStarted);
        assert_eq!(state(2, 4), State::InProgress);
        assert_eq!(state(4, 4), State::Done);
        let names: Vec<String> = [
            State::Empty,
            State::NotStarted,
            State::InProgress,
            State::Done,
        ]
        .iter()
        .map(|s| serde_json::to_string(s).unwrap_or_default())
        .collect();
        assert_eq!(
            names,
            [
                r#""empty""#,
                r#""not started""#,
                r#""in progress""#,
                r#""done""#
            ]
        );
        assert_eq!(State::InProgress.name(), "in progress");
    }
}
