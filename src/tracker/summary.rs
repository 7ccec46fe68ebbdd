//! The summary's declarations: which sections the learner ticked as done, and their planned
//! days (TRACKER-FORMAT §4).

use super::fields::fold;
use super::model::{Document, Kind, NodeId};
use crate::diagnostics::Diagnostic;
use regex::Regex;
use std::sync::LazyLock;

/// `(Days 1-3)`, `(day 4)`, `(Days 10 to 14)`, with `-`, `–` or `—`.
static DAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bdays?\s*(\d{1,6})(?:\s*(?:-|–|—|to)\s*(\d{1,6}))?")
        .expect("the days pattern compiles")
});

/// Splits `Phase 1: Foundations (Days 1-3)` into the name and the trailing parenthesis'
/// inside, `("Phase 1: Foundations", Some("Days 1-3"))`.
pub fn split_trailing(text: &str) -> (&str, Option<&str>) {
    let trimmed = text.trim_end();
    if !trimmed.ends_with(')') {
        return (trimmed, None);
    }
    let mut depth = 0usize;
    for (i, c) in trimmed.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return (
                        trimmed[..i].trim_end(),
                        Some(&trimmed[i + 1..trimmed.len() - 1]),
                    );
                }
            }
            _ => {}
        }
    }
    (trimmed, None)
}

/// The planned days in a declaration's trailing part, such as `[1, 3]` from `Days 1-3`.
pub fn planned_days(trailing: &str) -> Option<(u32, u32)> {
    let caps = DAYS.captures(trailing)?;
    let first: u32 = caps.get(1)?.as_str().parse().ok()?;
    let last: u32 = match caps.get(2) {
        Some(m) => m.as_str().parse().ok()?,
        None => first,
    };
    Some((first, last))
}

fn key(title: &str) -> String {
    fold(title).to_lowercase()
}

/// Reads the summary's tasks as declarations: sets `declared_done` and `days` on the sections
/// they name and warns where a declaration and the count disagree. Counts must be rolled up.
pub fn apply(doc: &mut Document, file: &str) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let summaries: Vec<NodeId> = doc
        .sections()
        .filter(|(_, n)| n.kind == Kind::Summary)
        .map(|(id, _)| id)
        .collect();
    let in_summary = |doc: &Document, id: NodeId| doc.ancestor_of_kind(id, Kind::Summary).is_some();
    // Section titles, the summary's own subtree left out; the first in document order wins.
    let mut titles: std::collections::HashMap<String, NodeId> = std::collections::HashMap::new();
    for (id, n) in doc.sections() {
        if !in_summary(doc, id) {
            titles.entry(key(&n.title)).or_insert(id);
        }
    }
    let find = |name: &str| titles.get(&key(name)).copied();

    let mut declarations = Vec::new();
    for (id, node) in doc.sections() {
        if summaries
            .iter()
            .any(|s| doc.ancestor_of_kind(id, Kind::Summary) == Some(*s))
        {
            declarations.extend(node.tasks.iter().cloned());
        }
    }
    let mut declared_at: Vec<(NodeId, usize)> = Vec::new();
    for task in declarations {
        let (name, trailing) = split_trailing(&task.text);
        let Some(target) = find(&task.text).or_else(|| find(name)) else {
            warnings.push(Diagnostic::new(
                file,
                task.line,
                format!(
                    "`{}` in the summary names no section; write a section's title as it \
                     stands in its heading",
                    task.text
                ),
            ));
            continue;
        };
        if let Some((_, first)) = declared_at.iter().find(|(id, _)| *id == target) {
            warnings.push(Diagnostic::new(
                file,
                task.line,
                format!(
                    "`{}` is declared a second time in the summary (first on line {first}); \
                     remove one of them",
                    doc.node(target).title
                ),
            ));
            continue;
        }
        declared_at.push((target, task.line));
        let days = trailing.and_then(planned_days);
        let node = &mut doc.nodes[target.0];
        node.declared_done = Some(task.done);
        if let Some((first, last)) = days {
            if last < first {
                warnings.push(Diagnostic::new(
                    file,
                    task.line,
                    format!("planned days {first}-{last} end before they start; write the first day first"),
                ));
            } else {
                node.days = Some((first, last));
            }
        }
        let (title, done, total) = (node.title.clone(), node.done, node.total);
        if task.done && !node.is_complete() {
            let what = if total == 0 {
                "has no tasks".to_string()
            } else {
                format!("has {done} of {total} tasks done")
            };
            warnings.push(Diagnostic::new(
                file,
                task.line,
                format!(
                    "`{title}` is ticked as done in the summary but {what}; untick it or \
                     finish its tasks"
                ),
            ));
        } else if !task.done && node.is_complete() {
            warnings.push(Diagnostic::new(
                file,
                task.line,
                format!(
                    "all {total} tasks of `{title}` are done but the summary does not say so; \
                     tick it there"
                ),
            ));
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_parts() {
        assert_eq!(
            split_trailing("Phase 1: Foundations (Days 1-3)"),
            ("Phase 1: Foundations", Some("Days 1-3"))
        );
        assert_eq!(
            split_trailing("Final Assessment"),
            ("Final Assessment", None)
        );
        assert_eq!(split_trailing("A (b (c))"), ("A", Some("b (c)")));
        assert_eq!(split_trailing("broken)"), ("broken)", None));
    }

    #[test]
    fn day_ranges_in_every_spelling() {
        assert_eq!(planned_days("Days 1-3"), Some((1, 3)));
        assert_eq!(planned_days("days 10 – 14"), Some((10, 14)));
        assert_eq!(planned_days("DAYS 4—6"), Some((4, 6)));
        assert_eq!(planned_days("Days 7 to 9"), Some((7, 9)));
        assert_eq!(planned_days("Day 5"), Some((5, 5)));
        assert_eq!(planned_days("week 2, Days 8-9"), Some((8, 9)));
        assert_eq!(planned_days("Optional"), None);
    }
}
