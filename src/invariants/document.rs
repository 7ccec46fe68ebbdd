//! The checks on a tracker document: its heading tree, its counts, and the report and JSON
//! built from it.

use super::{Checked, diagnostic, line_count, session, today};
use crate::report::{self, Report, Section};
use crate::sessions::log;
use crate::source::SourceFile;
use crate::tracker::count::{percent, state, totals};
use crate::tracker::fields::fold;
use crate::tracker::kinds::KindRules;
use crate::tracker::model::{Document, FieldValue, Kind, NodeId};

/// [`super::tracker`] on a source already read, with these kind rules.
pub(super) fn check(source: &SourceFile, rules: &KindRules) -> Checked {
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
        history: None,
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
            (state(n.done, n.total) == crate::tracker::count::State::Done) == n.is_complete(),
            "node {i}: state {} but complete = {}",
            state(n.done, n.total).name(),
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
            "stats", "plan", "history", "reviews", "warnings"
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
