//! Sessions written in the tracker's study log (TRACKER-FORMAT §5, first bullet).

use super::{Origin, Session, duration, split_list};
use crate::date::{leading_ymd, parse_ymd};
use crate::diagnostics::Diagnostic;
use crate::tracker::model::{Document, FieldValue, Kind, Node};

/// The log's children that hold at least one non-empty field, as sessions.
///
/// Empty template slots are not sessions. A session without a valid date, or with a duration
/// that cannot be read, draws a warning.
pub fn sessions(doc: &Document, file: &str) -> (Vec<Session>, Vec<Diagnostic>) {
    let mut sessions = Vec::new();
    let mut warnings = Vec::new();
    for (_, node) in doc.sections().filter(|(_, n)| n.kind == Kind::Session) {
        if node.fields.values().all(FieldValue::is_empty) {
            continue;
        }
        let text = |label: &str| match node.field(label) {
            Some(FieldValue::Text(s)) => s.clone(),
            Some(FieldValue::List(items)) => items.join(", "),
            None => String::new(),
        };
        let items = |label: &str| node.field(label).map(FieldValue::items).unwrap_or_default();
        let date_text = text("Date");
        let date = parse_ymd(&date_text).or_else(|| leading_ymd(&date_text));
        if date.is_none() {
            let shown = if date_text.is_empty() {
                "none".to_string()
            } else {
                format!("'{date_text}'")
            };
            warnings.push(Diagnostic::new(
                file,
                node.line,
                format!(
                    "session `{}` has no valid date ({shown}); write `**Date**: YYYY-MM-DD`",
                    node.title
                ),
            ));
        }
        let duration_text = text("Duration");
        let duration = if duration_text.is_empty() {
            None
        } else {
            let d = duration::parse(&duration_text);
            if d.is_none() {
                warnings.push(Diagnostic::new(
                    file,
                    node.line,
                    format!(
                        "session `{}`: cannot read the duration '{duration_text}'; write it \
                         like `45m`, `1h 30m`, `1:30` or `In progress`",
                        node.title
                    ),
                ));
            }
            d
        };
        sessions.push(Session {
            title: node.title.clone(),
            date,
            duration,
            origin: Origin {
                file: file.to_string(),
                line: node.line,
                modules_line: node.line,
            },
            modules: list_items(node, "Modules"),
            topics: items("Topics covered"),
            insights: items("Key insights"),
            questions: items("Questions to research"),
            tags: list_items(node, "Tags"),
            body: None,
        });
    }
    (sessions, warnings)
}

/// A field that may be a list or a comma-separated line.
fn list_items(node: &Node, label: &str) -> Vec<String> {
    match node.field(label) {
        Some(FieldValue::Text(s)) => split_list(s),
        Some(FieldValue::List(items)) => items.clone(),
        None => Vec::new(),
    }
}
