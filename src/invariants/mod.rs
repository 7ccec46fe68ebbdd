//! Properties that hold whatever bytes a learner's files hold: checked by the fuzz targets in
//! `fuzz/` and replayed over their corpus by `tests/fuzz_regressions.rs`.
//!
//! Each check reads one input as the binary does (bytes → [`SourceFile`], invalid UTF-8 an
//! error) and returns the first property that does not hold, in words. A panic inside a check
//! is a finding too.

use crate::config::{self, Config};
use crate::diagnostics::Diagnostic;
use crate::sessions::duration::{self, Duration};
use crate::sessions::{Session, front_matter, note};
use crate::source::SourceFile;
use crate::tracker::kinds::KindRules;
use crate::yaml::{self, Value};
use chrono::NaiveDate;
use std::path::Path;

/// A property that does not hold, said in words.
pub type Violation = String;

/// What a check returns: `Ok` when every property holds.
pub type Checked = Result<(), Violation>;

/// Returns the violation, worded as the rest of the arguments, when the condition is false.
macro_rules! ensure {
    ($cond:expr, $($why:tt)+) => {
        if !$cond {
            return Err(format!($($why)+));
        }
    };
}

mod document;

/// The name the tracker checks give their input.
const TRACKER: &str = "content/tracker.md";

/// The name the note checks give their input; its stem starts with a date.
const NOTE: &str = "content/sessions/2026-01-21-fuzz.md";

/// The date reports are built as of.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 1).unwrap_or_default()
}

/// The number of lines in a file as line numbers count them: one more than its newlines.
fn line_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count() + 1
}

/// A diagnostic names `file`, a line within it (0 only where `whole_file` allows: a message
/// about the whole file) and says something.
fn diagnostic(d: &Diagnostic, file: &str, lines: usize, whole_file: bool) -> Checked {
    ensure!(
        d.file == file,
        "diagnostic names {:?}, not {file:?}: {d:?}",
        d.file
    );
    ensure!(
        d.line <= lines,
        "diagnostic line {} is past the input's {lines} lines: {d:?}",
        d.line
    );
    ensure!(
        whole_file || d.line >= 1,
        "diagnostic without a line: {d:?}"
    );
    ensure!(
        !d.message.trim().is_empty(),
        "diagnostic says nothing: {d:?}"
    );
    Ok(())
}

/// Reads `data` as the loader reads a file; `None` (after checking the error) when it is not
/// UTF-8.
fn source(data: &[u8], name: &str) -> Result<Option<SourceFile>, Violation> {
    match SourceFile::from_bytes(name, data.to_vec()) {
        Ok(source) => Ok(Some(source)),
        Err(e) => {
            ensure!(
                std::str::from_utf8(data).is_err(),
                "valid UTF-8 was refused: {}",
                e.error()
            );
            diagnostic(&e, name, line_count(data), false)?;
            Ok(None)
        }
    }
}

/// A tracker file: the heading tree is well formed, counts roll up as TRACKER-FORMAT §3 says
/// (done ≤ total; a node's count is its own tasks plus its counted children's; overall
/// progress is every task outside the summary and optional sections), every line number is
/// within the file, and the report built from it is consistent and serializes to the §7 JSON.
pub fn tracker(data: &[u8]) -> Checked {
    let Some(source) = source(data, TRACKER)? else {
        return Ok(());
    };
    document::check(&source, KindRules::builtin())
}

/// A session as read: lines within the file, minutes within the accepted range.
fn session(s: &Session, lines: usize) -> Checked {
    ensure!(
        (1..=lines).contains(&s.origin.line) && (1..=lines).contains(&s.origin.modules_line),
        "session {:?} at line {} (modules at {}) of {lines}",
        s.title,
        s.origin.line,
        s.origin.modules_line
    );
    if let Some(m) = s.minutes() {
        ensure!(
            (0.0..=duration::MAX_MINUTES).contains(&f64::from(m)),
            "session {:?} lasted {m} minutes",
            s.title
        );
    }
    for list in [&s.modules, &s.topics, &s.insights, &s.questions, &s.tags] {
        ensure!(
            list.iter().all(|item| !item.is_empty()),
            "session {:?} has an empty item: {list:?}",
            s.title
        );
    }
    Ok(())
}

/// A note file: the front matter splitter keeps file lines (the body's lines are the file's,
/// front matter blanked), every error and warning names a line within the file, and a note
/// read as a session has a date, a title and minutes within the accepted range.
pub fn note(data: &[u8]) -> Checked {
    let Some(source) = source(data, NOTE)? else {
        return Ok(());
    };
    let text = source.text.as_str();
    let lines = line_count(text.as_bytes());
    let fenced = text.lines().next().is_some_and(|l| l.trim_end() == "---");
    match front_matter::split(text, NOTE) {
        Ok(n) if !fenced => ensure!(
            n.front.is_empty() && n.body == text,
            "a note without a fence has front matter, or a body that is not the file"
        ),
        Ok(n) => {
            let Some(closing) = text
                .lines()
                .skip(1)
                .position(|l| matches!(l.trim_end(), "---" | "..."))
                .map(|i| i + 2)
            else {
                return Err("front matter without a closing line was accepted".into());
            };
            ensure!(
                n.body.lines().take(closing).all(str::is_empty)
                    && n.body.lines().skip(closing).eq(text.lines().skip(closing)),
                "the body does not keep the file's lines after line {closing}"
            );
            for (key, line) in &n.key_lines {
                ensure!(
                    (2..closing).contains(line),
                    "key {key:?} on line {line}, outside the front matter (closing line \
                     {closing})"
                );
            }
        }
        Err(e) => {
            ensure!(
                fenced,
                "a note without front matter was refused: {}",
                e.error()
            );
            diagnostic(&e, NOTE, lines, false)?;
        }
    }
    let stem = Path::new(NOTE)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match note::read(&source, &stem) {
        Ok((s, warnings)) => {
            for w in &warnings {
                diagnostic(w, NOTE, lines, false)?;
            }
            ensure!(s.date.is_some(), "a note session without a date");
            ensure!(!s.title.is_empty(), "a note session without a title");
            session(&s, lines)?;
        }
        Err(e) => diagnostic(&e, NOTE, lines, false)?,
    }
    Ok(())
}

/// A duration as written: minutes are whole, non-negative and at most
/// [`duration::MAX_MINUTES`]; `describe` and plain numbers read back to the same minutes;
/// case does not matter; a plain decimal number rounds half up.
pub fn duration(data: &[u8]) -> Checked {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let parsed = duration::parse(text);
    let squeezed: String = text.to_lowercase().split_whitespace().collect();
    ensure!(
        (parsed == Some(Duration::InProgress)) == (squeezed == "inprogress"),
        "{text:?} read as {parsed:?}"
    );
    let Some(parsed) = parsed else {
        return Ok(());
    };
    ensure!(
        duration::parse(&text.to_uppercase()) == Some(parsed)
            && duration::parse(&text.to_lowercase()) == Some(parsed),
        "{text:?} reads differently in another case"
    );
    let Duration::Minutes(m) = parsed else {
        return Ok(());
    };
    ensure!(
        (0.0..=duration::MAX_MINUTES).contains(&f64::from(m)),
        "{text:?} read as {m} minutes, past the limit"
    );
    for again in [duration::describe(u64::from(m)), m.to_string()] {
        ensure!(
            duration::parse(&again) == Some(parsed),
            "{text:?} read as {m} minutes, but {again:?} reads as {:?}",
            duration::parse(&again)
        );
    }
    if let Ok(number) = text.trim().parse::<f64>() {
        ensure!(
            (0.0..).contains(&number) && (-0.5..=0.5).contains(&(f64::from(m) - number)),
            "{text:?} read as {m} minutes"
        );
    }
    Ok(())
}

/// A `tracker.yaml`: an accepted config has only known keys and rules that classify titles;
/// every error names the config and a line within it (0: the whole file).
pub fn config(data: &[u8]) -> Checked {
    let Some(source) = source(data, config::FILE_NAME)? else {
        return Ok(());
    };
    let lines = line_count(source.text.as_bytes());
    let root = Path::new("/site");
    match Config::from_source(root, &source) {
        Ok(c) => {
            ensure!(c.root == root, "the root moved to {:?}", c.root);
            if let Ok(Value::Mapping(m)) = yaml::from_str::<Value>(&source.text) {
                for key in m.keys() {
                    let name = key.as_str().unwrap_or("");
                    ensure!(
                        config::KEYS.contains(&name),
                        "unknown key {key:?} was accepted"
                    );
                }
            }
            // The config's kind rules on a small plan of every kind.
            let plan = SourceFile::from_text(TRACKER, SAMPLE_PLAN);
            document::check(&plan, &c.kinds)?;
        }
        Err(errors) => {
            ensure!(!errors.0.is_empty(), "an error with no diagnostic");
            for e in &errors.0 {
                diagnostic(e, config::FILE_NAME, lines, true)?;
            }
        }
    }
    Ok(())
}

/// A plan with a heading of every kind, for checking kind rules from a config.
const SAMPLE_PLAN: &str = "# Plan\n\n- [x] before\n\n## Overall Progress\n\n\
- [x] Phase 1: Basics (Days 1-2)\n- [ ] Extras (Optional)\n\n## Phase 1: Basics\n\n\
### Module 1.1: Start\n- [x] read\n- [ ] write\n\n**Notes**:\n-\n\n### Checkpoint 1\n\
- [ ] review\n\n## Extras (Optional)\n- [x] extra\n\n### Week 2\n- [ ] more\n\n\
## Final Assessment\n- [ ] exam\n\n## Study Log\n\n### Session 1\n\n**Date**: 2026-01-20\n\
**Duration**: 1h 30m\n**Modules**: 1.1\n";
