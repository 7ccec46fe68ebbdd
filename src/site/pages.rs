//! The pages of a site: the plan of which pages there are (their template, path and kind),
//! and the model each kind of page is rendered from.
//!
//! To add a page, give it a [`Kind`], plan it in [`plan`], and give it a model: a struct
//! holding exactly what its template sees, which is then also its cache key (see
//! [`SessionPage`]). `docs/themes.md` lists what each page's template sees.

use super::cache::RenderCache;
use super::output::Output;
use super::paths::{LOG_PAGE_SIZE, log_page_path};
use super::render::{Extras, Link, section_key};
use super::templates::template_diagnostic;
use super::theme::Theme;
use crate::diagnostics::Diagnostic;
use crate::fingerprint;
use crate::report::{Report, Section, SessionEntry};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::{Context, Tera, Value};

/// What kind of page a planned page is, with what it shows.
pub(super) enum Kind<'a> {
    /// The dashboard, `index.html`: it sees the whole report.
    Dashboard,
    /// A phase's page.
    Phase(&'a Section),
    /// A session's page: the session's place in the report and its note's markdown.
    Session(usize, Option<&'a str>),
    /// A page of the study log: its number, from 1.
    Log(usize),
    /// `404.html`, served at any path: it sees the whole report.
    NotFound,
}

/// A page of the site's plan.
pub(super) struct Planned<'a> {
    /// The template that lays it out.
    pub(super) template: &'static str,
    /// Its path from the site root (`phases/phase-1-foundations/`, `sessions/x.html`).
    pub(super) path: String,
    /// The prefix that leads from it to the site root.
    pub(super) root: String,
    /// What it is.
    pub(super) kind: Kind<'a>,
}

impl Planned<'_> {
    /// Whether the page sees the whole report (the dashboard and the 404 page), not a lean
    /// context of its own.
    pub(super) fn sees_whole_report(&self) -> bool {
        matches!(self.kind, Kind::Dashboard | Kind::NotFound)
    }
}

/// How many pages the study log has (at least one).
pub(super) fn log_page_count(report: &Report) -> usize {
    report.sessions.len().div_ceil(LOG_PAGE_SIZE).max(1)
}

/// Every page of the site, in the order they are gathered: the dashboard, the phases, the
/// study log, the sessions, the 404 page. Session pages and the study log come with the
/// theme: a theme written without them still builds.
pub(super) fn plan<'a>(
    report: &'a Report,
    tera: &Tera,
    phases: &[&'a Section],
    phase_paths: &[String],
    session_paths: &[String],
    notes: &BTreeMap<String, &'a str>,
    base_url: &str,
) -> Vec<Planned<'a>> {
    fn page<'a>(template: &'static str, path: &str, root: &str, kind: Kind<'a>) -> Planned<'a> {
        Planned {
            template,
            path: path.to_string(),
            root: root.to_string(),
            kind,
        }
    }
    let mut pages = vec![page("index.html", "", "./", Kind::Dashboard)];
    for (phase, path) in phases.iter().zip(phase_paths) {
        pages.push(page("phase.html", path, "../../", Kind::Phase(phase)));
    }
    if tera.contains_template("sessions.html") {
        for number in 1..=log_page_count(report) {
            let path = log_page_path(number);
            pages.push(page("sessions.html", &path, "../", Kind::Log(number)));
        }
    }
    if tera.contains_template("session.html") {
        for (i, (session, path)) in report.sessions.iter().zip(session_paths).enumerate() {
            let note = notes.get(&session.source).copied();
            pages.push(page("session.html", path, "../", Kind::Session(i, note)));
        }
    }
    pages.push(page("404.html", "404.html", base_url, Kind::NotFound));
    pages
}

/// What templates know about the page being rendered: `page.*`.
#[derive(Debug, Hash, Serialize)]
pub(super) struct PageInfo<'a> {
    /// The page's path from the site root, such as `phases/phase-1-foundations/`.
    path: &'a str,
    /// The prefix that leads from this page to the site root: relative (`../../`) for normal
    /// pages, so the site works at any address; the base URL for the 404 page, which is
    /// served at any path.
    root: &'a str,
}

/// `log` on the pages of the study log: a page of sessions, newest first.
#[derive(Debug, Hash, Serialize)]
pub(super) struct LogPage<'a> {
    /// This page's number, from 1 (the newest sessions).
    number: usize,
    /// How many pages the log has.
    count: usize,
    /// How many sessions the log has.
    total: usize,
    /// This page's sessions, newest first, each with its page.
    sessions: Vec<LogEntry<'a>>,
    /// The page of newer sessions, from the site root.
    newer: Option<String>,
    /// The page of older sessions, from the site root.
    older: Option<String>,
}

/// A session on a page of the study log: the report's entry and the session's own page.
#[derive(Debug, Hash, Serialize)]
pub(super) struct LogEntry<'a> {
    #[serde(flatten)]
    session: &'a SessionEntry,
    path: &'a str,
}

/// What `session.html` sees beyond the lean context. It is the page's model: the page's
/// cache key is its fingerprint and its context is made from it, so the key holds exactly
/// what the template sees.
#[derive(Debug, Hash, Serialize)]
pub(super) struct SessionPage<'a> {
    page: PageInfo<'a>,
    session: &'a SessionEntry,
    /// The note's markdown, when the session has a note file.
    note: Option<&'a str>,
    modules: Vec<ModuleLink>,
    previous: Option<&'a Link>,
    next: Option<&'a Link>,
}

/// What a later page of the study log (`sessions.html`) sees beyond the lean context; its
/// model, as [`SessionPage`] is a session page's.
#[derive(Debug, Hash, Serialize)]
pub(super) struct LogPageModel<'a> {
    page: PageInfo<'a>,
    log: LogPage<'a>,
}

/// `plan` on phase pages: the report's, without `projected_finish`.
#[derive(Debug, Hash, Serialize)]
pub(super) struct PhasePlan<'a> {
    pub(super) start: Option<chrono::NaiveDate>,
    pub(super) day: Option<i64>,
    pub(super) planned_days: Option<u32>,
    pub(super) behind: &'a [String],
}

/// `site.*` on session pages and pages of the study log.
#[derive(Debug, Serialize)]
pub(super) struct LeanSite<'a> {
    pub(super) base_url: &'a str,
    pub(super) theme: &'a str,
    pub(super) phases: &'a [Link],
    /// On pages of the study log only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) heatmap: Option<&'a str>,
}

/// A module a session names, with its place on a phase page when it is in the tracker.
#[derive(Debug, Hash, Serialize)]
pub(super) struct ModuleLink {
    title: String,
    path: Option<String>,
}

/// The modules a session names, with links to where they are shown.
fn module_links(session: &SessionEntry, paths: &BTreeMap<String, String>) -> Vec<ModuleLink> {
    session
        .modules
        .iter()
        .map(|m| ModuleLink {
            title: m.clone(),
            path: paths.get(m.as_str()).cloned(),
        })
        .collect()
}

/// A rendered page: its file, its cache key (when a cache is kept), and whether it rendered.
pub(super) type Done = (String, Option<u64>, Result<(), Diagnostic>);

/// A page's model, when the page is made from one.
enum Model<'a> {
    Session(SessionPage<'a>),
    Log(LogPageModel<'a>),
}

/// What a page's context is made from.
enum Lean<'a> {
    Model(Model<'a>),
    Phase(PageInfo<'a>, &'a Section),
    Log(PageInfo<'a>, usize),
    Full(PageInfo<'a>),
}

/// What every page is rendered with: the report, the theme, the lean contexts and what the
/// cache kept. Pages are rendered from several threads at once.
pub(super) struct Pages<'a> {
    pub(super) report: &'a Report,
    pub(super) theme: &'a Theme,
    pub(super) tera: &'a Tera,
    pub(super) out: &'a dyn Output,
    pub(super) cached: Option<&'a RenderCache>,
    /// How many pages were left as the output holds them.
    pub(super) kept: std::sync::atomic::AtomicUsize,
    /// What every lean page sees: the title, the date and `site.*` without the views.
    pub(super) lean: Context,
    pub(super) lean_key: u64,
    /// The lean context with the stats and the heatmap, for the study log's first page.
    pub(super) first_log_context: Context,
    pub(super) phase_plan: PhasePlan<'a>,
    pub(super) plan_key: u64,
    /// Each phase's template value, by its heading's line.
    pub(super) phase_values: std::collections::HashMap<usize, &'a Value>,
    /// Where each module is shown, from the site root, by its title.
    pub(super) module_paths: BTreeMap<String, String>,
    pub(super) site_sessions: &'a [Link],
    pub(super) extras: &'a Extras<'a>,
    pub(super) session_paths: &'a [String],
    pub(super) log_pages: usize,
}

impl<'a> Pages<'a> {
    /// Page `number` of the study log: its sessions, newest first.
    fn log_page(&self, number: usize) -> LogPage<'a> {
        let report = self.report;
        let newest = report
            .sessions
            .len()
            .saturating_sub((number - 1) * LOG_PAGE_SIZE);
        let oldest = newest.saturating_sub(LOG_PAGE_SIZE);
        LogPage {
            number,
            count: self.log_pages,
            total: report.sessions.len(),
            sessions: (oldest..newest)
                .rev()
                .map(|i| LogEntry {
                    session: &report.sessions[i],
                    path: &self.session_paths[i],
                })
                .collect(),
            newer: (number > 1).then(|| log_page_path(number - 1)),
            older: (number < self.log_pages).then(|| log_page_path(number + 1)),
        }
    }

    /// The minutes studied in a phase.
    fn phase_minutes(&self, phase: &Section) -> Option<u64> {
        self.report
            .stats
            .minutes_by_phase
            .get(&phase.title)
            .copied()
    }

    /// Renders one page into the output, or leaves it there when its key is the one the
    /// last build gave it. `base` is the whole report as template values, for the pages
    /// that see it.
    pub(super) fn render(&self, job: &Planned<'_>, base: Option<&Context>) -> Done {
        let file = if job.path.ends_with('/') || job.path.is_empty() {
            format!("{}index.html", job.path)
        } else {
            job.path.clone()
        };
        let page = PageInfo {
            path: &job.path,
            root: &job.root,
        };
        // A page of a lean context whose model is that of the last build is not rendered
        // again when the output still holds it. Session pages and later pages of the log
        // are keyed by the fingerprint of their model; a phase page by its section's.
        let (key, context) = match job.kind {
            Kind::Session(i, note) => {
                let session = &self.report.sessions[i];
                let model = SessionPage {
                    page,
                    session,
                    note,
                    modules: module_links(session, &self.module_paths),
                    previous: i.checked_sub(1).map(|p| &self.site_sessions[p]),
                    next: self.site_sessions.get(i + 1),
                };
                let key = self
                    .cached
                    .map(|_| fingerprint::of(&(self.lean_key, &model)));
                (key, Lean::Model(Model::Session(model)))
            }
            Kind::Log(number) if number > 1 => {
                let model = LogPageModel {
                    page,
                    log: self.log_page(number),
                };
                let key = self
                    .cached
                    .map(|_| fingerprint::of(&(self.lean_key, &model)));
                (key, Lean::Model(Model::Log(model)))
            }
            Kind::Phase(section) => {
                let key = self.cached.map(|_| {
                    fingerprint::of(&(
                        self.lean_key,
                        &page,
                        section_key(section, self.extras),
                        self.plan_key,
                        self.phase_minutes(section),
                    ))
                });
                (key, Lean::Phase(page, section))
            }
            Kind::Log(number) => (None, Lean::Log(page, number)),
            Kind::Dashboard | Kind::NotFound => (None, Lean::Full(page)),
        };
        if let (Some(k), Some(cached)) = (key, self.cached)
            && cached.holds(&file, k)
            && self.out.keep(&file)
        {
            self.kept.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return (file, key, Ok(()));
        }
        let context = match context {
            Lean::Model(model) => {
                let mut context = self.lean.clone();
                let own = match &model {
                    Model::Session(m) => Context::from_serialize(m),
                    Model::Log(m) => Context::from_serialize(m),
                };
                context.extend(own.unwrap_or_default());
                context
            }
            Lean::Phase(page, section) => {
                let mut context = self.lean.clone();
                context.insert("page", &page);
                match self.phase_values.get(&section.line) {
                    Some(value) => context.insert_value("phase", (*value).clone()),
                    None => context.insert("phase", section),
                }
                context.insert("plan", &self.phase_plan);
                context.insert("minutes", &self.phase_minutes(section));
                context
            }
            Lean::Log(page, number) => {
                let mut context = self.first_log_context.clone();
                context.insert("page", &page);
                context.insert("log", &self.log_page(number));
                context
            }
            Lean::Full(page) => {
                let mut context = base.cloned().unwrap_or_default();
                context.insert("page", &page);
                context
            }
        };
        // The page goes out at once.
        let result = self
            .tera
            .render(job.template, &context)
            .map(|page| {
                self.out.put(&file, page.as_bytes());
            })
            .map_err(|e| {
                let origin = self
                    .theme
                    .origins
                    .get(job.template)
                    .cloned()
                    .unwrap_or_else(|| job.template.to_string());
                template_diagnostic(origin, job.template, &e)
            });
        (file, key, result)
    }
}
