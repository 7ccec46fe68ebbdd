//! Properties that hold whatever bytes a learner's files hold: checked by the fuzz targets in
//! `fuzz/` and replayed over their corpus by `tests/fuzz_regressions.rs`.
//!
//! Each check reads one input as the binary does (bytes → [`SourceFile`], invalid UTF-8 an
//! error) and returns the first property that does not hold, in words. A panic inside a check
//! is a finding too.

use crate::config::{self, Config};
use crate::diagnostics::Diagnostic;
use crate::report::{self, Report, Section};
use crate::sessions::duration::{self, Duration};
use crate::sessions::{Session, front_matter, log, note};
use crate::source::SourceFile;
use crate::tracker::count::{percent, state, totals};
use crate::tracker::fields::fold;
use crate::tracker::kinds::KindRules;
use crate::tracker::model::{Document, FieldValue, Kind, NodeId};
use crate::yaml::{self, Value};
use chrono::NaiveDate;
use std::path::Path;

/// A property that does not hold, said in words.
pub type Violation = String;

/// What a check returns: `Ok` when every property holds.
pub type Checked = Result<(), Violation>;

macro_rules! ensure {
    ($cond:expr, $($why:tt)+) => {
        if !$cond {
            return Err(format!($($why)+));
        }
    };
}

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
        "diagnostic names {:?}, not {file:?}: {d}",
        d.file
    );
    ensure!(
        d.line <= lines,
        "diagnostic line {} is past the input's {lines} lines: {d}",
        d.line
    );
    ensure!(whole_file || d.line >= 1, "diagnostic without a line: {d}");
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
                "valid UTF-8 was refused: {e}"
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
    tracker_source(&source, KindRules::builtin())
}

/// [`tracker`] on a source already read, with these kind rules.
fn tracker_source(source: &SourceFile, rules: &KindRules) -> Checked {
    let lines = line_count(source.text.as_bytes());
    let (doc, mut warnings) = crate::tracker::read(source, rules);
    for w in &warnings {
        diagnostic(w, &source.name, lines, false)?;
    }
    tree(&doc, lines)?;
    counts(&doc)?;
    let (sessions, log_warnings) = log::sessions(&doc, &source.name);
    for w in &log_warnings {
        diagnostic(w, &source.name, lines, false)?;
    }
    for s in &sessions {
        session(s, lines)?;
    }
    warnings.extend(log_warnings);
    let inputs = report::Inputs {
        config_title: None,
        start_date: None,
        tracker_stem: "tracker",
        document: &doc,
        sessions: &sessions,
        warnings: &warnings,
    };
    let report = report::build(&inputs, today());
    report_matches(&report, &doc)?;
    let json = report::to_json(&report);
    json_shape(&json, &report)?;
    ensure!(
        report::to_json(&report::build(&inputs, today())) == json,
        "the same inputs gave two different reports"
    );
    Ok(())
}

/// The heading tree: a root, then nodes in document order, each under a shallower parent.
fn tree(doc: &Document, lines: usize) -> Checked {
    let root = doc.root();
    ensure!(root.kind == Kind::Root, "node 0 is a {:?}", root.kind);
    ensure!(
        root.parent.is_none() && root.level == 1 && root.line == 0,
        "the root has a parent, a level or a line"
    );
    if let Some(title) = &doc.title {
        ensure!(*title == fold(title), "title {title:?} is not folded");
    }
    let mut previous_line = 0;
    let mut children = 0;
    for (i, n) in doc.nodes.iter().enumerate() {
        let id = NodeId(i);
        if i > 0 {
            let Some(parent) = n.parent else {
                return Err(format!("node {i} ({:?}) has no parent", n.title));
            };
            ensure!(
                parent.0 < i,
                "node {i} comes before its parent {}",
                parent.0
            );
            let p = doc.node(parent);
            ensure!(
                p.children.contains(&id),
                "node {i} is missing from its parent's children"
            );
            ensure!(
                (2..=6).contains(&n.level) && n.level > p.level,
                "node {i} ({:?}) has level {} under level {}",
                n.title,
                n.level,
                p.level
            );
            ensure!(
                (1..=lines).contains(&n.line),
                "node {i} ({:?}) is on line {} of {lines}",
                n.title,
                n.line
            );
            ensure!(
                n.line >= previous_line,
                "node {i} ({:?}, line {}) comes after a node on line {previous_line}",
                n.title,
                n.line
            );
            previous_line = n.line;
            ensure!(n.kind != Kind::Root, "node {i} is a second root");
            ensure!(
                n.optional == (p.optional || n.kind == Kind::Optional),
                "node {i} ({:?}) has optional = {} under an optional = {} parent",
                n.title,
                n.optional,
                p.optional
            );
            ensure!(
                n.title == fold(&n.title),
                "title {:?} is not folded",
                n.title
            );
        }
        children += n.children.len();
        ensure!(
            n.children.windows(2).all(|w| w[0] < w[1]) && n.children.iter().all(|c| c.0 > i),
            "node {i}'s children are out of order"
        );
        for c in &n.children {
            ensure!(
                doc.node(*c).parent == Some(id),
                "node {} is a child of {i} but names another parent",
                c.0
            );
        }
        for t in &n.tasks {
            ensure!(
                (1..=lines).contains(&t.line) && t.line >= n.line,
                "task {:?} on line {} (node {i} on line {}, {lines} lines)",
                t.text,
                t.line,
                n.line
            );
            ensure!(
                t.text == fold(&t.text),
                "task text {:?} is not folded",
                t.text
            );
        }
        ensure!(
            n.tasks.windows(2).all(|w| w[0].line <= w[1].line),
            "node {i}'s tasks are out of line order"
        );
        for (label, value) in &n.fields {
            ensure!(
                n.fields
                    .keys()
                    .filter(|k| k.eq_ignore_ascii_case(label))
                    .count()
                    == 1,
                "node {i} has field {label:?} twice"
            );
            match value {
                FieldValue::Text(s) => {
                    ensure!(*s == fold(s), "field {label:?} = {s:?} is not folded")
                }
                FieldValue::List(items) => ensure!(
                    items.iter().all(|s| !s.is_empty() && *s == fold(s)),
                    "field {label:?} has empty or unfolded items: {items:?}"
                ),
            }
        }
        if let Some((first, last)) = n.days {
            ensure!(first <= last, "node {i} plans days {first}-{last}");
        }
        if n.declared_done.is_some() {
            ensure!(
                doc.ancestor_of_kind(id, Kind::Summary).is_none() && i > 0,
                "node {i} ({:?}) is declared but stands in the summary",
                n.title
            );
        }
    }
    ensure!(
        children + 1 == doc.nodes.len(),
        "{} nodes but {children} children and a root",
        doc.nodes.len()
    );
    Ok(())
}

/// Counting (TRACKER-FORMAT §3), checked three ways.
fn counts(doc: &Document) -> Checked {
    let is_root = |id: NodeId| id.0 == 0;
    for (i, n) in doc.nodes.iter().enumerate() {
        let id = NodeId(i);
        ensure!(
            n.done <= n.total,
            "node {i} ({:?}): {} done of {}",
            n.title,
            n.done,
            n.total
        );
        // The roll-up sum: own tasks plus the children that count here.
        let mut done = n.tasks.iter().filter(|t| t.done).count();
        let mut total = n.tasks.len();
        for c in &n.children {
            let child = doc.node(*c);
            let summary = is_root(id) && child.kind == Kind::Summary;
            if (!child.optional || n.optional) && !summary {
                done += child.done;
                total += child.total;
            }
        }
        ensure!(
            (done, total) == (n.done, n.total),
            "node {i} ({:?}) counts {}/{} but its tasks and children add up to {done}/{total}",
            n.title,
            n.done,
            n.total
        );
        // The rule as the format words it: every task here and below, except optional ones
        // under a non-optional node and, for the root, the summary's.
        let (mut done, mut total) = (0, 0);
        for (j, d) in doc.nodes.iter().enumerate() {
            let mut cur = Some(NodeId(j));
            let mut under = false;
            let mut in_top_summary = false;
            while let Some(c) = cur {
                let node = doc.node(c);
                if node.kind == Kind::Summary && node.parent == Some(NodeId(0)) {
                    in_top_summary = true;
                }
                if c == id {
                    under = true;
                    break;
                }
                cur = node.parent;
            }
            if !under || (d.optional && !n.optional) || (is_root(id) && in_top_summary) {
                continue;
            }
            done += d.tasks.iter().filter(|t| t.done).count();
            total += d.tasks.len();
        }
        ensure!(
            (done, total) == (n.done, n.total),
            "node {i} ({:?}) counts {}/{} but §3 gives {done}/{total}",
            n.title,
            n.done,
            n.total
        );
        if let Some(p) = percent(n.done, n.total) {
            ensure!(
                (0.0..=100.0).contains(&p),
                "node {i}: percent {p} for {}/{}",
                n.done,
                n.total
            );
        } else {
            ensure!(n.total == 0, "no percent for {}/{}", n.done, n.total);
        }
        ensure!(
            (state(n.done, n.total) == "done") == n.is_complete(),
            "node {i}: state {} but complete = {}",
            state(n.done, n.total),
            n.is_complete()
        );
    }
    let t = totals(doc);
    let all: usize = doc.nodes.iter().map(|n| n.tasks.len()).sum();
    let all_done: usize = doc
        .nodes
        .iter()
        .map(|n| n.tasks.iter().filter(|t| t.done).count())
        .sum();
    ensure!(
        t.progress.total + t.optional.total + t.summary.total == all
            && t.progress.done + t.optional.done + t.summary.done == all_done,
        "totals {t:?} do not add up to the file's {all_done}/{all} tasks"
    );
    let root = doc.root();
    ensure!(
        (root.done, root.total) == (t.progress.done, t.progress.total),
        "the root counts {}/{} but overall progress is {:?}",
        root.done,
        root.total,
        t.progress
    );
    Ok(())
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

/// The report agrees with the document it was built from.
fn report_matches(report: &Report, doc: &Document) -> Checked {
    let t = totals(doc);
    let p = report.progress;
    ensure!(
        (p.done, p.total) == (t.progress.done, t.progress.total)
            && p.percent == percent(p.done, p.total),
        "report progress {p:?} against {:?}",
        t.progress
    );
    ensure!(
        (report.optional.done, report.optional.total) == (t.optional.done, t.optional.total),
        "report optional {:?} against {:?}",
        report.optional,
        t.optional
    );
    ensure!(
        report.tasks == doc.root().tasks,
        "the report's root tasks differ"
    );
    ensure!(
        report.sections.len() == doc.root().children.len(),
        "{} top-level sections for {} children of the root",
        report.sections.len(),
        doc.root().children.len()
    );
    fn section(s: &Section, doc: &Document, id: NodeId) -> Checked {
        let n = doc.node(id);
        ensure!(
            (s.done, s.total, s.line) == (n.done, n.total, n.line)
                && s.percent == percent(n.done, n.total)
                && s.state == state(n.done, n.total)
                && s.children.len() == n.children.len(),
            "section {:?} in the report differs from its node",
            s.title
        );
        for (child, id) in s.children.iter().zip(&n.children) {
            section(child, doc, *id)?;
        }
        Ok(())
    }
    for (s, id) in report.sections.iter().zip(&doc.root().children) {
        section(s, doc, *id)?;
    }
    ensure!(
        report
            .warnings
            .windows(2)
            .all(|w| (&w[0].file, w[0].line) <= (&w[1].file, w[1].line)),
        "warnings are not sorted by file and line"
    );
    let st = &report.stats;
    ensure!(
        st.current_streak <= st.longest_streak
            && st.longest_streak <= st.days_studied
            && st.days_studied <= st.sessions,
        "streaks {}/{} over {} days and {} sessions",
        st.current_streak,
        st.longest_streak,
        st.days_studied,
        st.sessions
    );
    let by_module: u64 = st.minutes_by_module.values().sum();
    let by_phase: u64 = st.minutes_by_phase.values().sum();
    ensure!(
        by_phase <= by_module && by_module <= st.minutes,
        "minutes: {by_phase} by phase, {by_module} by module, {} in all",
        st.minutes
    );
    let planned = doc
        .sections()
        .filter_map(|(_, n)| n.days.map(|d| d.1))
        .max();
    ensure!(
        report.plan.planned_days == planned,
        "planned days {:?}, largest end day {planned:?}",
        report.plan.planned_days
    );
    Ok(())
}

/// The JSON is one pretty object with the §7 keys in order and the report's numbers.
fn json_shape(json: &str, report: &Report) -> Checked {
    ensure!(
        json.ends_with("}\n"),
        "the JSON does not end with a newline"
    );
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("the report is not JSON: {e}"))?;
    let Some(object) = value.as_object() else {
        return Err("the report is not a JSON object".into());
    };
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    ensure!(
        keys == [
            "schema", "title", "as_of", "progress", "optional", "tasks", "sections", "sessions",
            "stats", "plan", "warnings"
        ],
        "JSON keys {keys:?}"
    );
    ensure!(
        object["schema"] == report::SCHEMA
            && object["progress"]["done"] == report.progress.done
            && object["progress"]["total"] == report.progress.total,
        "JSON numbers differ from the report"
    );
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
            ensure!(fenced, "a note without front matter was refused: {e}");
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
            tracker_source(&plan, &c.kinds)?;
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
