//! The report: every number the dashboard shows, as of one date (TRACKER-FORMAT §7).
//!
//! It is what `status --json` prints, what `progress.json` holds and the whole context the
//! templates see. Nothing downstream computes a number.

pub mod json;
pub mod plan;
pub mod reviews;
pub mod stats;

pub use json::{JsonCache, to_json, to_json_cached};

use crate::diagnostics::{self, Diagnostic};
use crate::history::{self, Dated, History};
use crate::sessions::Session;
use crate::sessions::modules::ModuleIndex;
use crate::tracker::count::{self, State, percent, state};
use crate::tracker::model::{Document, FieldValue, Kind, NodeId, Task};
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Serialize;

/// The version of this schema; it changes only when a field changes meaning or goes away.
pub const SCHEMA: u32 = 2;

/// Everything `tracker` knows about a plan as of one date.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: u32,
    /// The dashboard's title.
    pub title: String,
    /// The date everything is computed as of.
    pub as_of: NaiveDate,
    /// Overall progress: every task outside the summary and optional sections.
    pub progress: Progress,
    /// Optional work, apart from the total.
    pub optional: OptionalProgress,
    /// The root's own tasks, before the first section.
    pub tasks: Vec<Task>,
    /// The top-level sections in document order.
    pub sections: Vec<Section>,
    /// Sessions from the log and from note files, by date, undated last.
    pub sessions: Vec<SessionEntry>,
    /// Time studied and streaks.
    pub stats: stats::Stats,
    /// The plan against the calendar.
    pub plan: plan::Plan,
    /// When each task was done, from the tracker's git history; `null` without one (§9).
    pub history: Option<History>,
    /// What is due to be recalled (§10).
    pub reviews: reviews::Reviews,
    /// Every warning, by file then line.
    pub warnings: Vec<Diagnostic>,
    /// Each section's free content (markdown) by its heading's line; 0 is the text before the
    /// first section. Not part of the JSON schema: templates see it as each section's `body`.
    #[serde(skip)]
    pub bodies: std::collections::BTreeMap<usize, String>,
}

/// Done of total, with a percentage.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    /// Ticked tasks.
    pub done: usize,
    /// All counted tasks.
    pub total: usize,
    /// `100 × done / total` to one decimal; `null` when there are no tasks.
    pub percent: Option<f64>,
}

/// Optional work's count.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct OptionalProgress {
    /// Ticked optional tasks.
    pub done: usize,
    /// All optional tasks.
    pub total: usize,
}

/// A heading of the plan with its counts, fields, tasks and children.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The heading's plain text.
    pub title: String,
    /// `phase`, `module`, `checkpoint`, ….
    pub kind: Kind,
    /// The heading level, 2 to 6.
    pub level: u8,
    /// The heading's line in the tracker.
    pub line: usize,
    /// Ticked tasks here and below.
    pub done: usize,
    /// Tasks here and below.
    pub total: usize,
    /// `100 × done / total` to one decimal, or `null`.
    pub percent: Option<f64>,
    /// `empty`, `not started`, `in progress` or `done`.
    pub state: State,
    /// Whether this is optional work.
    pub optional: bool,
    /// Planned days `[first, last]` from the summary.
    pub days: Option<[u32; 2]>,
    /// The summary's checkbox for this section, or `null` when it has none.
    pub declared_done: Option<bool>,
    /// When it is complete, the latest `done_on` of the tasks it counts; else `null` (§9).
    pub finished_on: Option<NaiveDate>,
    /// A complete module's review schedule (§10), else `null`.
    pub review: Option<reviews::Review>,
    /// Fields by label.
    pub fields: IndexMap<String, FieldValue>,
    /// The section's own tasks.
    pub tasks: Vec<Task>,
    /// Sub-sections.
    pub children: Vec<Section>,
}

impl std::hash::Hash for Section {
    /// Every field, the percentage by its bits: what a cache of anything made from a section
    /// is keyed by.
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.title.hash(h);
        self.kind.hash(h);
        self.level.hash(h);
        self.line.hash(h);
        self.done.hash(h);
        self.total.hash(h);
        self.percent.map(f64::to_bits).hash(h);
        self.state.hash(h);
        self.optional.hash(h);
        self.days.hash(h);
        self.declared_done.hash(h);
        self.finished_on.hash(h);
        self.review.hash(h);
        self.fields.len().hash(h);
        for field in &self.fields {
            field.hash(h);
        }
        self.tasks.hash(h);
        self.children.hash(h);
    }
}

/// A session as the report shows it.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct SessionEntry {
    /// The session's title.
    pub title: String,
    /// Its date, or `null`.
    pub date: Option<NaiveDate>,
    /// Minutes studied, or `null` when unknown or in progress.
    pub minutes: Option<u32>,
    /// Whether the duration says `In progress`.
    pub in_progress: bool,
    /// Whether the date is after the report's date.
    pub planned: bool,
    /// `path:line` where it was written.
    pub source: String,
    /// Modules worked on: resolved references as the module's full title.
    pub modules: Vec<String>,
    /// Modules reviewed (§10): one resolved module title per entry, in the order written.
    pub reviewed: Vec<String>,
    /// Topics covered.
    pub topics: Vec<String>,
    /// Key insights.
    pub insights: Vec<String>,
    /// Questions to research.
    pub questions: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
}

/// What the report is made from; sessions are given as values or shared (`Arc<Session>`).
pub struct Inputs<'a, S = Session> {
    /// The title the config sets, if any.
    pub config_title: Option<&'a str>,
    /// The config's start date, if any.
    pub start_date: Option<NaiveDate>,
    /// The tracker file's stem, the title of last resort.
    pub tracker_stem: &'a str,
    /// The parsed, counted tracker.
    pub document: &'a Document,
    /// Every session, in any order.
    pub sessions: &'a [S],
    /// Warnings found while reading.
    pub warnings: &'a [Diagnostic],
    /// The tracker's history, when it has one.
    pub history: Option<history::Input<'a>>,
}

/// Builds the report as of `today`.
pub fn build<S: std::borrow::Borrow<Session>>(inputs: &Inputs<'_, S>, today: NaiveDate) -> Report {
    let doc = inputs.document;
    let totals = count::totals(doc);
    let mut warnings = inputs.warnings.to_vec();
    let index = ModuleIndex::new(doc);

    let mut sessions: Vec<&Session> = inputs.sessions.iter().map(|s| s.borrow()).collect();
    crate::sessions::sort(&mut sessions);
    // Each session's entry, the modules it resolves to, and the references that resolve to
    // none; made in parallel, gathered in order.
    use rayon::prelude::*;
    let resolved: Vec<(SessionEntry, Vec<NodeId>, Vec<Diagnostic>)> = sessions
        .par_iter()
        .map(|&session| {
            let mut names = Vec::new();
            let mut ids = Vec::new();
            let mut unknown = Vec::new();
            for reference in &session.modules {
                match index.resolve(reference) {
                    Some(id) => {
                        names.push(doc.node(id).title.clone());
                        if !ids.contains(&id) {
                            ids.push(id);
                        }
                    }
                    None => {
                        names.push(reference.clone());
                        unknown.push(Diagnostic::new(
                            session.origin.file.clone(),
                            session.origin.modules_line,
                            format!(
                                "session `{}` names module '{reference}', which is not in the \
                                 tracker; write its number (such as 1.2) or its title",
                                session.title
                            ),
                        ));
                    }
                }
            }
            let entry = SessionEntry {
                title: session.title.clone(),
                date: session.date,
                minutes: session.minutes(),
                in_progress: session.in_progress(),
                planned: session.date.is_some_and(|d| d > today),
                source: format!("{}:{}", session.origin.file, session.origin.line),
                modules: names,
                reviewed: Vec::new(),
                topics: session.topics.clone(),
                insights: session.insights.clone(),
                questions: session.questions.clone(),
                tags: session.tags.clone(),
            };
            (entry, ids, unknown)
        })
        .collect();
    let mut entries = Vec::with_capacity(sessions.len());
    let mut resolved_modules: Vec<Vec<NodeId>> = Vec::with_capacity(sessions.len());
    for (entry, ids, unknown) in resolved {
        entries.push(entry);
        resolved_modules.push(ids);
        warnings.extend(unknown);
    }

    let dated = inputs
        .history
        .as_ref()
        .map(|h| history::dates::as_of(h.log, doc, h.text, today, h.file));
    if let Some(d) = &dated {
        warnings.extend(d.warnings.iter().cloned());
    }
    let root = doc.root();
    let progress = Progress {
        done: totals.progress.done,
        total: totals.progress.total,
        percent: percent(totals.progress.done, totals.progress.total),
    };
    diagnostics::sort(&mut warnings);
    Report {
        schema: SCHEMA,
        title: inputs
            .config_title
            .map(str::to_string)
            .or_else(|| doc.title.clone())
            .unwrap_or_else(|| inputs.tracker_stem.to_string()),
        as_of: today,
        progress,
        optional: OptionalProgress {
            done: totals.optional.done,
            total: totals.optional.total,
        },
        tasks: tasks(doc, NodeId(0), dated.as_ref()),
        sections: root
            .children
            .iter()
            .map(|id| section(doc, *id, dated.as_ref()))
            .collect(),
        stats: stats::compute(doc, &sessions, &resolved_modules, today),
        plan: plan::compute(
            doc,
            &sessions,
            inputs.start_date,
            progress,
            dated.as_ref().map(|d| &d.history),
            today,
        ),
        history: dated.map(|d| d.history),
        reviews: reviews::Reviews::default(),
        sessions: entries,
        warnings,
        bodies: doc
            .nodes
            .iter()
            .filter(|n| !n.body.is_empty())
            .map(|n| (n.line, n.body.clone()))
            .collect(),
    }
}

fn section(doc: &Document, id: NodeId, dated: Option<&Dated>) -> Section {
    let n = doc.node(id);
    Section {
        title: n.title.clone(),
        kind: n.kind,
        level: n.level,
        line: n.line,
        done: n.done,
        total: n.total,
        percent: percent(n.done, n.total),
        state: state(n.done, n.total),
        optional: n.optional,
        days: n.days.map(|(a, b)| [a, b]),
        declared_done: n.declared_done,
        finished_on: dated.and_then(|d| d.finished_on[id.0]),
        review: None,
        fields: n.fields.clone(),
        tasks: tasks(doc, id, dated),
        children: n.children.iter().map(|c| section(doc, *c, dated)).collect(),
    }
}

/// A node's own tasks with their `done_on` from the history.
fn tasks(doc: &Document, id: NodeId, dated: Option<&Dated>) -> Vec<Task> {
    let mut tasks = doc.node(id).tasks.clone();
    if let Some(d) = dated {
        for (task, done_on) in tasks.iter_mut().zip(&d.done_on[id.0]) {
            task.done_on = *done_on;
        }
    }
    tasks
}
