//! `feed.xml`: an Atom feed of the sessions, newest first, for learning in public
//! (TRACKER-FORMAT §11).
//!
//! An Atom feed wants absolute addresses. With an absolute `base_url` (a GitHub Pages
//! address) every id and link is the page's address. With a relative one (`/`, the default)
//! the links stay base-joined references that a feed reader resolves against the feed's own
//! address, and the ids are `urn:uuid:`s made from the plan's title and each page's path, so
//! they stay the same from build to build.

use crate::report::{Report, SessionEntry};
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text, WriteConfig};
use chrono::NaiveDate;

/// The most sessions the feed holds.
pub const MAX_ENTRIES: usize = 50;

/// The Atom feed of the report's sessions: the [`MAX_ENTRIES`] newest dated sessions that are
/// not planned, newest first. `session_paths` are the sessions' pages from the site root, in
/// the order of `report.sessions`; `base_url` ends with `/`. The same inputs give the same
/// bytes.
pub fn atom(report: &Report, session_paths: &[String], base_url: &str) -> String {
    let absolute = is_absolute(base_url);
    let entries: Vec<Entry> = report
        .sessions
        .iter()
        .zip(session_paths)
        .rev()
        .filter_map(|(session, path)| Some((session, path, session.date?)))
        .filter(|(session, _, _)| !session.planned)
        .take(MAX_ENTRIES)
        .map(|(session, path, date)| {
            let href = format!("{base_url}{path}");
            let id = if absolute {
                href.clone()
            } else {
                uuid_urn(&[&report.title, path])
            };
            entry(session, id, href, date)
        })
        .collect();
    let updated = entries
        .first()
        .map_or_else(|| midnight(report.as_of), |e| e.updated);
    let feed = Feed {
        title: Text::plain(report.title.clone()),
        id: if absolute {
            base_url.to_string()
        } else {
            uuid_urn(&[&report.title])
        },
        updated,
        authors: vec![Person {
            name: report.title.clone(),
            ..Person::default()
        }],
        links: vec![
            Link {
                href: format!("{base_url}feed.xml"),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Link::default()
            },
            Link {
                href: base_url.to_string(),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            },
        ],
        entries,
        ..Feed::default()
    };
    let config = WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    // Writing to memory fails only on an XML error, which plain strings cannot cause.
    let bytes = feed
        .write_with_config(Vec::new(), config)
        .unwrap_or_default();
    let mut xml = String::from_utf8_lossy(&bytes).into_owned();
    xml.push('\n');
    xml
}

/// One session as a feed entry.
fn entry(session: &SessionEntry, id: String, href: String, date: NaiveDate) -> Entry {
    let when = midnight(date);
    Entry {
        title: Text::plain(session.title.clone()),
        id,
        updated: when,
        published: Some(when),
        links: vec![Link {
            href,
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Link::default()
        }],
        summary: summary(&session.topics, &session.insights).map(Text::plain),
        ..Entry::default()
    }
}

/// What a session covered, as plain text: `Topics: a; b. Insights: c.`; `None` when it
/// names neither (an item with no words, such as one of raw HTML only, is left out).
fn summary(topics: &[String], insights: &[String]) -> Option<String> {
    let parts: Vec<String> = [("Topics", topics), ("Insights", insights)]
        .into_iter()
        .filter_map(|(label, items)| {
            let words: Vec<String> = items
                .iter()
                .map(|t| plain_text(t))
                .filter(|t| !t.is_empty())
                .collect();
            (!words.is_empty()).then(|| format!("{label}: {}.", words.join("; ")))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The words of a piece of markdown, without its markup.
fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new_ext(markdown, crate::tracker::parse::markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A date as the start of its day, in UTC.
fn midnight(date: NaiveDate) -> FixedDateTime {
    date.and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .fixed_offset()
}

/// Whether a base URL is an absolute address (`https://…`), not a path.
fn is_absolute(base_url: &str) -> bool {
    base_url.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+')
    })
}

/// A `urn:uuid:` made from `parts` alone (a version 8 UUID of their 128-bit hash).
fn uuid_urn(parts: &[&str]) -> String {
    let joined = parts.join("\u{0}");
    let mut bytes = xxhash_rust::xxh3::xxh3_128(joined.as_bytes()).to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_are_plain_text() {
        assert_eq!(
            plain_text("*late* `events` and [joins](x)"),
            "late events and joins"
        );
        assert_eq!(plain_text("<b>bold</b> word"), "bold word");
    }

    #[test]
    fn summaries_name_topics_and_insights_with_words() {
        let list = |items: &[&str]| items.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert_eq!(
            summary(&list(&["*a*", "b"]), &list(&["c"])).as_deref(),
            Some("Topics: a; b. Insights: c.")
        );
        assert_eq!(
            summary(&list(&["<script>alert(1)</script>"]), &list(&["c"])).as_deref(),
            Some("Insights: c.")
        );
        assert_eq!(summary(&[], &[]), None);
    }

    #[test]
    fn absolute_base_urls_are_told_from_paths() {
        assert!(is_absolute("https://learner.github.io/study/"));
        assert!(is_absolute("http://localhost:8000/"));
        assert!(!is_absolute("/"));
        assert!(!is_absolute("/study/"));
        assert!(!is_absolute("/a://b/"));
    }

    #[test]
    fn uuids_depend_on_their_parts_only() {
        let a = uuid_urn(&["Plan", "sessions/a.html"]);
        assert_eq!(a, uuid_urn(&["Plan", "sessions/a.html"]));
        assert_ne!(a, uuid_urn(&["Plan", "sessions/b.html"]));
        assert_ne!(a, uuid_urn(&["Other plan", "sessions/a.html"]));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        assert_eq!(&a["urn:uuid:".len() + 14..][..1], "8", "{a}: version 8");
    }
}
