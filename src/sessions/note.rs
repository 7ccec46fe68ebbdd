//! One note file per study session: front matter plus a markdown body (TRACKER-FORMAT §5).

use super::front_matter::{self, Note};
use super::{Origin, Session, duration, split_list};
use crate::date::{leading_ymd, parse_ymd};
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::tracker::fields::{clean_value, fold, split_label};
use crate::tracker::kinds::KindRules;
use crate::tracker::model::FieldValue;
use crate::tracker::parse::{item_content_start, markdown_options};
use crate::yaml::Value;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The front matter keys a note may have.
pub const KEYS: [&str; 8] = [
    "date",
    "title",
    "duration",
    "modules",
    "topics",
    "insights",
    "questions",
    "tags",
];

/// The body headings (or field labels) that add to a session's lists.
const LISTS: [(&str, List); 3] = [
    ("topics covered", List::Topics),
    ("key insights", List::Insights),
    ("questions to research", List::Questions),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Topics,
    Insights,
    Questions,
}

/// Reads a note into a session. Errors (the note cannot be a session) and warnings (it can,
/// with something to fix) name the file and the line in it.
pub fn read(source: &SourceFile, stem: &str) -> Result<(Session, Vec<Diagnostic>), Diagnostic> {
    let file = source.name.as_str();
    let note = front_matter::split(&source.text, file)?;
    let mut warnings = Vec::new();
    for key in note.front.keys() {
        let name = scalar(key).unwrap_or_default();
        if !KEYS.contains(&name.as_str()) {
            let nearest = KEYS
                .iter()
                .min_by_key(|k| strsim::damerau_levenshtein(&name, k))
                .copied()
                .unwrap_or("date");
            warnings.push(Diagnostic::new(
                file,
                note.line_of(&name),
                format!(
                    "unknown front matter key '{name}' is ignored; did you mean '{nearest}'? \
                     (known: {})",
                    KEYS.join(", ")
                ),
            ));
        }
    }

    let date = session_date(&note, stem, file, &mut warnings)?;
    let (topics, insights, questions) = body_lists(&note.body, file);
    let mut session = Session {
        title: text(&note, "title")
            .or_else(|| first_heading(&note.body))
            .unwrap_or_else(|| stem.to_string()),
        date: Some(date),
        duration: None,
        origin: Origin {
            file: file.to_string(),
            line: 1,
            modules_line: note.line_of("modules"),
        },
        modules: list(&note, "modules", true),
        topics: list(&note, "topics", false),
        insights: list(&note, "insights", false),
        questions: list(&note, "questions", false),
        tags: list(&note, "tags", true),
        body: Some(note.body.as_str().into()),
    };
    session.topics.extend(topics);
    session.insights.extend(insights);
    session.questions.extend(questions);
    if let Some(value) = note.front.get("duration") {
        let written = scalar(value).unwrap_or_default();
        let parsed = match value {
            Value::Number(n) => n.as_f64().and_then(|m| duration::parse(&format!("{m}"))),
            _ => duration::parse(&written),
        };
        if parsed.is_none() && !written.trim().is_empty() {
            warnings.push(Diagnostic::new(
                file,
                note.line_of("duration"),
                format!(
                    "cannot read the duration '{written}'; write it like `45m`, `1h 30m`, \
                     `1:30` or `In progress`"
                ),
            ));
        }
        session.duration = parsed;
    }
    Ok((session, warnings))
}

/// Whether `text` is shaped `YYYY-MM-DD` (digits and dashes), whether or not the day exists.
fn looks_like_ymd(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The date from the front matter, else from a leading `YYYY-MM-DD` in the file name.
fn session_date(
    note: &Note,
    stem: &str,
    file: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<chrono::NaiveDate, Diagnostic> {
    let from_name = leading_ymd(stem);
    let Some(value) = note.front.get("date") else {
        return from_name.ok_or_else(|| {
            let named = stem.get(..10).filter(|d| looks_like_ymd(d));
            let message = match named {
                Some(d) => format!(
                    "the file name starts with {d}, which is not a real day; fix the file \
                     name or add `date: YYYY-MM-DD` to the front matter"
                ),
                None => "this note has no date; add `date: YYYY-MM-DD` to its front matter or \
                         start its file name with the date (2026-01-21-topic.md)"
                    .to_string(),
            };
            Diagnostic::new(file, 1, message)
        });
    };
    let line = note.line_of("date");
    let written = scalar(value).unwrap_or_default();
    let Some(date) = parse_ymd(written.trim()) else {
        let why = if looks_like_ymd(&written) {
            "is not a real day"
        } else {
            "is not a date"
        };
        return Err(Diagnostic::new(
            file,
            line,
            format!("date '{written}' {why}; write it as YYYY-MM-DD, such as 2026-01-21"),
        ));
    };
    if let Some(named) = from_name
        && named != date
    {
        warnings.push(Diagnostic::new(
            file,
            line,
            format!(
                "the front matter says {date} but the file name says {named}; the front \
                 matter wins, so rename the file or fix the date"
            ),
        ));
    }
    Ok(date)
}

/// A YAML scalar as text: strings as they are, numbers and booleans as written.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn text(note: &Note, key: &str) -> Option<String> {
    note.front
        .get(key)
        .and_then(scalar)
        .map(|s| fold(&s))
        .filter(|s| !s.is_empty())
}

/// A list key: a YAML sequence, or one value (split on commas for `split`).
fn list(note: &Note, key: &str, split: bool) -> Vec<String> {
    match note.front.get(key) {
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(scalar)
            .map(|s| fold(&s))
            .filter(|s| !s.is_empty())
            .collect(),
        Some(value) => match scalar(value) {
            Some(s) if split => split_list(&s),
            Some(s) => vec![fold(&s)]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect(),
            None => Vec::new(),
        },
        None => Vec::new(),
    }
}

/// The plain text of the body's first heading.
fn first_heading(body: &str) -> Option<String> {
    let mut inside = false;
    let mut title = String::new();
    for event in Parser::new_ext(body, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => inside = true,
            Event::End(TagEnd::Heading(_)) => {
                let t = fold(&title);
                let is_list_heading = LISTS.iter().any(|(name, _)| t.eq_ignore_ascii_case(name));
                if !t.is_empty() && !is_list_heading {
                    return Some(t);
                }
                title.clear();
                inside = false;
            }
            Event::Text(t) | Event::Code(t) if inside => title.push_str(&t),
            _ => {}
        }
    }
    None
}

/// Items under the body's `Topics covered`, `Key insights` and `Questions to research`
/// headings, and in fields of those names.
fn body_lists(body: &str, file: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut out: [Vec<String>; 3] = Default::default();
    let slot = |list: List| match list {
        List::Topics => 0,
        List::Insights => 1,
        List::Questions => 2,
    };
    let find = |title: &str| {
        let t = fold(title).to_lowercase();
        let t = t.trim_end_matches(':');
        LISTS.iter().find(|(name, _)| *name == t).map(|(_, l)| *l)
    };

    // Headings with the list under them.
    let mut current: Option<List> = None;
    let mut heading: Option<String> = None;
    let mut depth = 0usize;
    let mut open: Vec<(usize, usize, Option<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) if depth == 0 => heading = Some(String::new()),
            // A field paragraph ends a heading's list: its own list belongs to the field.
            Event::Start(Tag::Paragraph)
                if depth == 0
                    && split_label(body[range.clone()].lines().next().unwrap_or("")).is_some() =>
            {
                current = None;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    current = find(&h);
                }
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                if let Some(h) = &mut heading {
                    h.push_str(&t);
                }
            }
            Event::Start(Tag::List(_)) => {
                if let Some(last) = open.last_mut()
                    && last.2.is_none()
                {
                    last.2 = Some(range.start);
                }
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) if current.is_some() => {
                let list = current.map(slot).unwrap_or(0);
                out[list].push(String::new());
                open.push((
                    out[list].len() - 1,
                    item_content_start(body, range.clone()),
                    None,
                ));
            }
            Event::End(TagEnd::Item) if current.is_some() => {
                if let Some((index, start, end)) = open.pop() {
                    let list = current.map(slot).unwrap_or(0);
                    let end = end.unwrap_or(range.end).max(start);
                    out[list][index] = clean_value(&body[start..end]);
                }
            }
            _ => {}
        }
    }

    // Fields such as `**Key insights**:` with a list. A field needs `**` and `:` on one line;
    // a note without such a line has none, and skips the parser.
    let has_fields = body.lines().any(|l| l.contains("**") && l.contains(':'));
    let nodes = match has_fields {
        true => {
            let source = SourceFile::from_text(file, body);
            crate::tracker::parse::parse(&source, KindRules::builtin())
                .0
                .nodes
        }
        false => Vec::new(),
    };
    for node in &nodes {
        for (label, value) in &node.fields {
            if let Some(list) = find(label) {
                out[slot(list)].extend(match value {
                    FieldValue::Text(s) if !s.is_empty() => vec![s.clone()],
                    FieldValue::Text(_) => Vec::new(),
                    FieldValue::List(items) => items.clone(),
                });
            }
        }
    }
    let [topics, insights, questions] = out;
    let keep = |v: Vec<String>| v.into_iter().filter(|s| !s.is_empty()).collect();
    (keep(topics), keep(insights), keep(questions))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(name: &str, text: &str) -> Result<(Session, Vec<Diagnostic>), Diagnostic> {
        let src = SourceFile::from_text(format!("content/sessions/{name}.md"), text);
        read(&src, name)
    }

    #[test]
    fn a_full_note() {
        let (s, w) = note(
            "kafka",
            "---\ndate: 2026-01-22\ntitle: Kafka day\nduration: 1h 30m\nmodules: [\"1.2\", \"1.3\"]\n\
             tags: kafka, logs\n---\n# Ignored title\n\n## Topics covered\n- Partitions\n- Offsets\n  - commit\n\n\
             ## Key insights\n- Order is per partition\n\n**Questions to research**:\n- Why?\n",
        )
        .unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(s.title, "Kafka day");
        assert_eq!(s.date, parse_ymd("2026-01-22"));
        assert_eq!(s.minutes(), Some(90));
        assert_eq!(s.modules, ["1.2", "1.3"]);
        assert_eq!(s.tags, ["kafka", "logs"]);
        assert_eq!(s.topics, ["Partitions", "Offsets", "commit"]);
        assert_eq!(s.insights, ["Order is per partition"]);
        assert_eq!(s.questions, ["Why?"]);
    }

    #[test]
    fn date_from_the_file_name_and_title_from_the_body() {
        let (s, _) = note("2026-01-23-streams", "# Streams again\n").unwrap();
        assert_eq!(s.date, parse_ymd("2026-01-23"));
        assert_eq!(s.title, "Streams again");
        let (s, _) = note("2026-01-23", "no heading").unwrap();
        assert_eq!(s.title, "2026-01-23");
    }

    #[test]
    fn the_front_matter_date_wins_with_a_warning() {
        let (s, w) = note("2026-01-23", "---\ndate: 2026-01-24\n---\n").unwrap();
        assert_eq!(s.date, parse_ymd("2026-01-24"));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 2);
    }

    #[test]
    fn date_errors_name_file_and_line() {
        let e = note("x", "---\ntitle: a\ndate: 2026-02-30\n---\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("content/sessions/x.md", 3));
        assert!(e.message.contains("not a real day"), "{e:?}");
        let e = note("x", "# no date\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("no date"), "{e:?}");
    }

    #[test]
    fn an_impossible_date_in_the_file_name_is_named() {
        let e = note("2026-02-30-streams", "# Streams\n").unwrap_err();
        assert_eq!(
            (e.file.as_str(), e.line),
            ("content/sessions/2026-02-30-streams.md", 1)
        );
        assert!(
            e.message
                .starts_with("the file name starts with 2026-02-30, which is not a real day"),
            "{e:?}"
        );
        let e = note("2026-1-30-streams", "# Streams\n").unwrap_err();
        assert!(e.message.contains("no date"), "{e:?}");
    }

    #[test]
    fn numbers_and_bad_durations() {
        let (s, w) = note("2026-01-01", "---\nduration: 45\nmodules: 1.10\n---\n").unwrap();
        assert_eq!(s.minutes(), Some(45));
        assert_eq!(s.modules, ["1.1"]);
        assert!(w.is_empty());
        let (s, w) = note("2026-01-01", "---\nduration: a while\n---\n").unwrap();
        assert_eq!(s.minutes(), None);
        assert_eq!(w[0].line, 2);
    }

    #[test]
    fn unknown_keys_warn_with_a_suggestion() {
        let (_, w) = note("2026-01-01", "---\nduraton: 1h\n---\n").unwrap();
        assert!(
            w[0].message.contains("did you mean 'duration'"),
            "{}",
            w[0].message
        );
    }
}
