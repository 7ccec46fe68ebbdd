//! Study sessions: slots in the tracker's study log, and one note file per session.

pub mod discover;
pub mod duration;
pub mod front_matter;
pub mod log;
pub mod modules;
pub mod note;

use chrono::NaiveDate;
use duration::Duration;

/// Where a session was written down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, relative to the site root.
    pub file: String,
    /// The line where the session starts.
    pub line: usize,
    /// The line where it names its modules (the start when it names none).
    pub modules_line: usize,
}

/// One study session, from the log or from a note file.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The session's title.
    pub title: String,
    /// The day it took place; `None` when no valid date was given.
    pub date: Option<NaiveDate>,
    /// How long it took, when known.
    pub duration: Option<Duration>,
    /// Where it was written.
    pub origin: Origin,
    /// Module references as written (`1.2`, or a title).
    pub modules: Vec<String>,
    /// Topics covered.
    pub topics: Vec<String>,
    /// Key insights.
    pub insights: Vec<String>,
    /// Questions to research.
    pub questions: Vec<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// A note file's markdown body (front matter lines left blank); `None` for log sessions.
    pub body: Option<std::sync::Arc<str>>,
}

impl Session {
    /// Minutes studied, when known.
    pub fn minutes(&self) -> Option<u32> {
        match self.duration {
            Some(Duration::Minutes(m)) => Some(m),
            _ => None,
        }
    }

    /// True when the duration says `In progress`.
    pub fn in_progress(&self) -> bool {
        self.duration == Some(Duration::InProgress)
    }
}

/// Sorts sessions by date, undated last. On one day, the log's sessions come first in
/// document order, then note files by name without `.md`, so `2026-04-01.md` comes before
/// `2026-04-01-2.md`, as `tracker new session` numbers them.
pub fn sort<S: std::borrow::Borrow<Session>>(sessions: &mut [S]) {
    sessions.sort_by(|a, b| {
        let (a, b) = (a.borrow(), b.borrow());
        let day = match (a.date, b.date) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        day.then_with(|| file_key(a).cmp(&file_key(b)))
    });
}

/// A note's file name without `.md`, by which sessions of one day are ordered; `None` for
/// the log's sessions.
fn file_key(s: &Session) -> Option<&str> {
    s.body.as_ref().map(|_| {
        let file = s.origin.file.as_str();
        file.strip_suffix(".md").unwrap_or(file)
    })
}

/// Splits a one-line list such as `1.2, 1.3` into its items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}
