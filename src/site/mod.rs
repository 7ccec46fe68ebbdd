//! The *render* stage: a theme and the report become the files of a static site.
//!
//! Templates see the report (TRACKER-FORMAT §7) and two small objects, `site` and `page`,
//! that say where things are; they never compute a number. See `docs/themes.md`.

pub mod badge;
pub mod feed;
pub mod heatmap;
pub mod markdown;
pub mod theme;
mod views;

use crate::diagnostics::Diagnostic;
use crate::fingerprint;
use crate::report::{self, Report, Section, SessionEntry};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::{Context, Kwargs, State, Tera, Value};
use theme::Theme;

/// The files of a built site by path relative to the output folder (`/`-separated).
pub type Files = BTreeMap<String, Vec<u8>>;

/// How a site is rendered, beyond the report.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the site is served, ending with `/` (GitHub Pages: `https://user.github.io/repo/`).
    pub base_url: String,
    /// Whether raw HTML in the learner's markdown passes through.
    pub allow_html: bool,
}

/// What templates know about the site: `site.*`.
#[derive(Debug)]
struct SiteInfo<'a> {
    base_url: &'a str,
    theme: &'a str,
    /// One per phase, in the order of the phases in `sections`.
    phases: Vec<Link>,
    /// One per session, in the order of `sessions`.
    sessions: Vec<Link>,
    /// The calendar heatmap of minutes per day, an inline SVG element.
    heatmap: String,
    /// The dashboard's views of the plan.
    views: views::Views,
}

impl SiteInfo<'_> {
    /// `site` as templates see it, sharing the outline's nodes with `sections`, with every
    /// question of a session, newest session first.
    fn value(&self, session_questions: Vec<Value>) -> Value {
        let mut map = tera::Map::new();
        map.insert("base_url".into(), self.base_url.into());
        map.insert("theme".into(), self.theme.into());
        map.insert("phases".into(), Value::from_serializable(&self.phases));
        map.insert("sessions".into(), Value::from_serializable(&self.sessions));
        map.insert("heatmap".into(), self.heatmap.as_str().into());
        map.insert("outline".into(), self.views.outline.clone().into());
        map.insert(
            "next_up".into(),
            Value::from_serializable(&self.views.next_up),
        );
        map.insert("questions".into(), self.views.questions.clone().into());
        map.insert("session_questions".into(), session_questions.into());
        map.insert("modules".into(), self.views.modules.clone().into());
        map.into()
    }
}

/// A page, for navigation: its title and path from the site root.
#[derive(Debug, Clone, Hash, Serialize)]
struct Link {
    title: String,
    path: String,
}

/// What templates know about the page being rendered: `page.*`.
#[derive(Debug, Serialize)]
struct PageInfo<'a> {
    /// The page's path from the site root, such as `phases/phase-1-foundations/`.
    path: &'a str,
    /// The prefix that leads from this page to the site root: relative (`../../`) for normal
    /// pages, so the site works at any address; the base URL for the 404 page, which is
    /// served at any path.
    root: &'a str,
}

/// A URL-safe name for a title: `Phase 1: Foundations` → `phase-1-foundations`.
pub fn slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

/// What a page knows beyond the report.
enum Extra<'a> {
    None,
    Phase(&'a Section),
    /// The index of the session in the report, and its note's markdown.
    Session(usize, Option<&'a str>),
    /// A page of the study log: its number, from 1.
    Log(usize),
}

/// Sessions on one page of the study log (`sessions/`, `sessions/page-2.html`, …).
pub const LOG_PAGE_SIZE: usize = 50;

/// The path of a page of the study log, from the site root.
fn log_page_path(number: usize) -> String {
    match number {
        1 => "sessions/".to_string(),
        n => format!("sessions/page-{n}.html"),
    }
}

/// `log` on the pages of the study log: a page of sessions, newest first.
#[derive(Debug, Hash, Serialize)]
struct LogPage<'a> {
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
struct LogEntry<'a> {
    #[serde(flatten)]
    session: &'a SessionEntry,
    path: &'a str,
    /// The session's place in the report.
    #[serde(skip)]
    index: usize,
}

/// `plan` on phase pages: the report's, without `projected_finish`.
#[derive(Debug, Hash, Serialize)]
struct PhasePlan<'a> {
    start: Option<chrono::NaiveDate>,
    day: Option<i64>,
    planned_days: Option<u32>,
    behind: &'a [String],
}

/// `site.*` on session pages and pages of the study log.
#[derive(Debug, Serialize)]
struct LeanSite<'a> {
    base_url: &'a str,
    theme: &'a str,
    phases: &'a [Link],
    /// On pages of the study log only.
    #[serde(skip_serializing_if = "Option::is_none")]
    heatmap: Option<&'a str>,
}

/// A module a session names, with its place on a phase page when it is in the tracker.
#[derive(Debug, Hash, Serialize)]
struct ModuleLink {
    title: String,
    path: Option<String>,
}

/// A session that worked on a module, as a module's detail lists it.
#[derive(Debug, Clone, Hash, Serialize)]
struct StudiedIn<'a> {
    title: &'a str,
    date: Option<chrono::NaiveDate>,
    minutes: Option<u32>,
    in_progress: bool,
    /// The session's page, from the site root.
    path: &'a str,
}

/// What templates see on sections beyond the JSON schema.
struct Extras<'a> {
    /// Free content by heading line.
    bodies: &'a BTreeMap<usize, String>,
    /// Sessions by the full title of each module they name.
    studied: BTreeMap<&'a str, Vec<StudiedIn<'a>>>,
    /// Each phase's page from the site root, by its heading line.
    phase_paths: std::collections::HashMap<usize, &'a str>,
}

/// The key of a node's children.
const CHILDREN: tera::value::Key<'static> = tera::value::Key::Str("children");

/// The children of a section's template value.
fn children_of(value: &Value) -> &[Value] {
    value
        .as_map()
        .and_then(|m| m.get(&CHILDREN))
        .and_then(Value::as_array)
        .unwrap_or(&[])
}

/// A section as templates see it: the report's, with its free content as `body` (markdown,
/// `""` when none) and, for modules, the `sessions` that worked on them; the JSON schema
/// leaves both out. Each section is turned into a template value once.
fn section_value(section: &Section, extras: &Extras<'_>) -> Value {
    fn add_extras(value: Value, section: &Section, extras: &Extras<'_>) -> Value {
        let Some(mut map) = value.into_map() else {
            return Value::none();
        };
        if let Some(children) = map.get_mut(&CHILDREN) {
            let values = std::mem::replace(children, Value::none());
            let values: Vec<Value> = values
                .as_array()
                .unwrap_or(&[])
                .iter()
                .zip(&section.children)
                .map(|(v, s)| add_extras(v.clone(), s, extras))
                .collect();
            *children = values.into();
        }
        let body = extras.bodies.get(&section.line).map_or("", String::as_str);
        map.insert("body".into(), body.into());
        let studied = match section.kind {
            "module" => extras.studied.get(section.title.as_str()),
            _ => None,
        };
        let studied = studied.map_or(&[][..], Vec::as_slice);
        map.insert("sessions".into(), Value::from_serializable(studied));
        if let Some(path) = extras.phase_paths.get(&section.line) {
            map.insert("path".into(), (*path).into());
        }
        map.into()
    }
    add_extras(Value::from_serializable(section), section, extras)
}

/// A key for everything made from a section alone (its template value, its part of the
/// views, its phase's page): the section and every extra its subtree is given.
fn section_key(section: &Section, extras: &Extras<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = fingerprint::Hasher::new();
    section.hash(&mut hasher);
    let mut stack = vec![section];
    while let Some(s) = stack.pop() {
        extras.bodies.get(&s.line).hash(&mut hasher);
        extras.phase_paths.get(&s.line).hash(&mut hasher);
        if s.kind == "module" {
            extras.studied.get(s.title.as_str()).hash(&mut hasher);
        }
        stack.extend(&s.children);
    }
    hasher.finish()
}

/// Every section with kind `phase`, in document order.
pub fn phases(report: &Report) -> Vec<&Section> {
    let mut out = Vec::new();
    let mut stack: Vec<&Section> = report.sections.iter().rev().collect();
    while let Some(s) = stack.pop() {
        if s.kind == "phase" {
            out.push(s);
        }
        stack.extend(s.children.iter().rev());
    }
    out
}

/// A theme loaded and compiled for a config, ready to render.
pub struct Prepared {
    /// The theme's files.
    pub theme: Theme,
    /// Its compiled templates.
    pub tera: Tera,
    /// How it renders.
    pub options: Options,
}

/// Why a config's theme cannot be used.
#[derive(Debug, Clone)]
pub enum ThemeError {
    /// No theme has that name; the message lists the available ones.
    Unknown(String),
    /// The theme's files have errors.
    Broken(Vec<Diagnostic>),
}

/// Loads the config's theme (the site's own, else the built-in) and compiles it.
pub fn prepare(config: &crate::config::Config) -> Result<Prepared, ThemeError> {
    let theme = match theme::load(&config.root, &config.theme) {
        Ok(Some(theme)) => theme,
        Ok(None) => {
            return Err(ThemeError::Unknown(format!(
                "unknown theme '{}'; the available themes are: {}",
                config.theme,
                theme::available(&config.root).join(", ")
            )));
        }
        Err(errors) => return Err(ThemeError::Broken(errors)),
    };
    let options = Options {
        base_url: normalise_base_url(&config.base_url),
        allow_html: config.allow_html,
    };
    let tera = compile(&theme, &options).map_err(ThemeError::Broken)?;
    Ok(Prepared {
        theme,
        tera,
        options,
    })
}

/// Compiles a theme's templates, with the filters themes may use.
pub fn compile(theme: &Theme, options: &Options) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml", ".svg"]);
    let allow_html = options.allow_html;
    tera.register_filter("markdown", move |text: &str, kwargs: Kwargs, _: &State| {
        let inline = kwargs.get::<bool>("inline").ok().flatten().unwrap_or(false);
        let shift = kwargs.get::<u8>("shift").ok().flatten().unwrap_or(0);
        Value::safe_string(&markdown::render_shifted(text, allow_html, inline, shift))
    });
    tera.register_filter("duration", |minutes: u64, _: Kwargs, _: &State| {
        crate::sessions::duration::describe(minutes)
    });
    tera.register_filter("slug", |text: &str, _: Kwargs, _: &State| slug(text));
    let mut errors = Vec::new();
    // All at once, so a template may extend or include any other whatever their names.
    if let Err(e) = tera.add_raw_templates(theme.templates.iter()) {
        let message = template_error(&e);
        let name = theme
            .templates
            .keys()
            .find(|n| message.contains(&format!("--> {n}:")) || message.contains(&format!("'{n}'")))
            .cloned()
            .unwrap_or_default();
        let origin = theme
            .origins
            .get(&name)
            .cloned()
            .unwrap_or_else(|| format!("themes/{}/templates", theme.name));
        errors.push(template_diagnostic(origin, &name, &e));
    }
    for required in ["index.html", "phase.html", "404.html"] {
        if errors.is_empty() && !tera.contains_template(required) {
            errors.push(Diagnostic::new(
                format!("themes/{}/templates/{required}", theme.name),
                0,
                format!("the theme has no `{required}` template; add one"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(tera)
    } else {
        Err(errors)
    }
}

/// Tera's message with its causes, on one line.
fn template_error(e: &tera::Error) -> String {
    use std::error::Error;
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let folded = message.split_whitespace().collect::<Vec<_>>().join(" ");
    folded.trim_start_matches("error: ").to_string()
}

/// A template error as a diagnostic at the template's file and, where Tera says it
/// (`--> index.html:77:64`), its line.
fn template_diagnostic(origin: String, template: &str, e: &tera::Error) -> Diagnostic {
    let message = template_error(e);
    let marker = format!("--> {template}:");
    let line = message
        .find(&marker)
        .map(|i| &message[i + marker.len()..])
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Diagnostic::new(origin, line, message)
}

/// Unique paths `<folder>/<slug><ending>` for a list of names, `-2`, `-3` … on repeats;
/// `ending` is `/` for a page of its own folder or `.html` for a file.
fn unique_paths(folder: &str, names: impl Iterator<Item = String>, ending: &str) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for name in names {
        let base = slug(&name);
        let mut path = format!("{folder}/{base}{ending}");
        let mut n = 2;
        while taken.contains(&path) {
            path = format!("{folder}/{base}-{n}{ending}");
            n += 1;
        }
        taken.insert(path.clone());
        paths.push(path);
    }
    paths
}

/// What earlier builds made, kept by `watch` between builds so that a save makes again only
/// what it changed; a new theme needs a new cache. It keeps only what the last build used.
/// - For pages of a lean context (sessions, phases, later pages of the study log), a
///   fingerprint of everything in their context, by output path: an output that still holds
///   the page (see [`Output::keep`]) need not get it again.
/// - Template values made from one top-level section or one session, each top-level
///   section's part of the dashboard's views, and the pieces of `progress.json`, by a key of
///   what they are made from. Each build keeps only the ones it used.
#[derive(Debug, Default)]
pub struct RenderCache {
    pages: std::collections::HashMap<String, u64>,
    values: Values,
    json: report::JsonCache,
}

/// Template values by a key of what they are made from.
#[derive(Debug, Default)]
struct Values {
    sections: std::collections::HashMap<u64, (Value, views::Part)>,
    sessions: std::collections::HashMap<u64, (Value, Vec<Value>)>,
}

impl RenderCache {
    /// How many pages it keeps.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// Whether the last render made `file` from inputs of this key.
    fn holds(&self, file: &str, key: u64) -> bool {
        self.pages.get(file) == Some(&key)
    }
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

/// Where rendered files go: kept in memory ([`render`]) or written as they come (a
/// [`crate::publish::Staging`]), so a build never holds the whole site at once.
pub trait Output: Sync {
    /// Takes one file of the site, by its path relative to the output folder (`/`-separated).
    /// Called from several threads.
    fn put(&self, path: &str, bytes: &[u8]);

    /// Keeps the file the last render gave `path`, when the output still holds it: a page
    /// whose inputs did not change is then not rendered again. Returns false when it does
    /// not (an output that starts empty, as a staging folder or files in memory).
    fn keep(&self, _path: &str) -> bool {
        false
    }
}

/// Files kept in memory.
#[derive(Default)]
struct Collect(std::sync::Mutex<Files>);

impl Output for Collect {
    fn put(&self, path: &str, bytes: &[u8]) {
        if let Ok(mut files) = self.0.lock() {
            files.insert(path.to_string(), bytes.to_vec());
        }
    }
}

/// What a render made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rendered {
    /// HTML pages.
    pub pages: usize,
    /// Pages taken from the cache rather than rendered.
    pub kept: usize,
}

/// Renders every file of the site into memory. `notes` maps a session's `source` to its
/// note's markdown; `cache`, when given, keeps pages between builds.
pub fn render(
    report: &Report,
    theme: &Theme,
    tera: &Tera,
    options: &Options,
    notes: &BTreeMap<String, &str>,
    cache: Option<&mut RenderCache>,
) -> Result<Files, Vec<Diagnostic>> {
    let files = Collect::default();
    render_to(report, theme, tera, options, notes, cache, &files)?;
    Ok(files.0.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// Renders every file of the site into `out`, each as soon as it is made. On errors some
/// files may have gone out already: the caller throws them away (a staging folder is
/// removed, collected files dropped).
pub fn render_to(
    report: &Report,
    theme: &Theme,
    tera: &Tera,
    options: &Options,
    notes: &BTreeMap<String, &str>,
    mut cache: Option<&mut RenderCache>,
    out: &dyn Output,
) -> Result<Rendered, Vec<Diagnostic>> {
    let timings = crate::timings::Timings::from_env();
    let mut errors = Vec::new();
    let phases = phases(report);
    let phase_paths = unique_paths("phases", phases.iter().map(|p| p.title.clone()), "/");
    // Session pages are files, not folders of their own: thousands of sessions make
    // thousands of pages, and a folder each would double the work of every build.
    let session_paths = unique_paths(
        "sessions",
        report.sessions.iter().map(|s| match s.date {
            // A title that already starts with the date (a note named after its day) is not
            // prefixed again.
            Some(d) if s.title.starts_with(&d.to_string()) => s.title.clone(),
            Some(d) => format!("{d} {}", s.title),
            None => format!("undated {}", s.title),
        }),
        ".html",
    );
    let mut extras = Extras {
        bodies: &report.bodies,
        studied: BTreeMap::new(),
        phase_paths: phases
            .iter()
            .zip(&phase_paths)
            .map(|(p, path)| (p.line, path.as_str()))
            .collect(),
    };
    for (session, path) in report.sessions.iter().zip(&session_paths) {
        for module in &session.modules {
            extras
                .studied
                .entry(module.as_str())
                .or_default()
                .push(StudiedIn {
                    title: &session.title,
                    date: session.date,
                    minutes: session.minutes,
                    in_progress: session.in_progress,
                    path,
                });
        }
    }
    let link = |title: &str, path: &String| Link {
        title: title.to_string(),
        path: path.clone(),
    };
    let phase_links: Vec<Link> = phases
        .iter()
        .zip(&phase_paths)
        .map(|(p, path)| link(&p.title, path))
        .collect();
    let session_links: Vec<Link> = report
        .sessions
        .iter()
        .zip(&session_paths)
        .map(|(s, path)| link(&s.title, path))
        .collect();
    use rayon::prelude::*;
    // progress.json's pieces are taken out for the branch that writes it, and put back.
    let mut json_cache = cache.as_deref_mut().map(|c| std::mem::take(&mut c.json));
    let old_values = cache.as_deref().map(|c| &c.values);
    // A fingerprint of each session, made once for every key it is part of (empty when
    // nothing is cached).
    let entry_keys: Vec<u64> = match old_values {
        Some(_) => report.sessions.par_iter().map(fingerprint::of).collect(),
        None => Vec::new(),
    };
    // Each top-level section's template value and part of the views, from the cache when
    // it was made before from the same inputs.
    let links_key = fingerprint::of(&phase_links);
    let section_keys: Vec<Option<u64>> = report
        .sections
        .par_iter()
        .map(|s| old_values.map(|_| fingerprint::of(&(section_key(s, &extras), links_key))))
        .collect();
    let per_section: Vec<(Value, views::Part)> = report
        .sections
        .par_iter()
        .zip(&section_keys)
        .map(|(section, key)| {
            let old = old_values.zip(*key).and_then(|(v, k)| v.sections.get(&k));
            old.cloned().unwrap_or_else(|| {
                let value = section_value(section, &extras);
                let part = views::part(section, &value, &phase_links);
                (value, part)
            })
        })
        .collect();
    let (sections, parts): (Vec<Value>, Vec<views::Part>) = per_section.into_iter().unzip();
    timings.mark("  sections");
    let mut views = views::assemble(&report.tasks, &parts);
    let module_paths = std::mem::take(&mut views.module_paths);
    timings.mark("  views");
    // Each phase's template value, for its page, by its line.
    let mut phase_values: std::collections::HashMap<usize, &Value> =
        std::collections::HashMap::new();
    let mut walk: Vec<(&Section, &Value)> = report.sections.iter().zip(&sections).collect();
    while let Some((section, value)) = walk.pop() {
        if section.kind == "phase" {
            phase_values.insert(section.line, value);
        }
        walk.extend(section.children.iter().zip(children_of(value)));
    }
    let site = SiteInfo {
        base_url: &options.base_url,
        theme: &theme.name,
        phases: phase_links,
        sessions: session_links,
        heatmap: heatmap::svg(report),
        views,
    };
    // Each session as a template value, with its questions, from the cache when it was made
    // before from the same inputs. Only the dashboard and the 404 page see them.
    type SessionValues = (Option<u64>, (Value, Vec<Value>));
    let session_values = || -> Vec<SessionValues> {
        report
            .sessions
            .par_iter()
            .zip(&site.sessions)
            .enumerate()
            .map(|(i, (session, link))| {
                let key = old_values.map(|_| fingerprint::of(&(entry_keys[i], &link.path)));
                let old = old_values.zip(key).and_then(|(v, k)| v.sessions.get(&k));
                let made = old.cloned().unwrap_or_else(|| {
                    let questions = views::session_questions(session, link);
                    (Value::from_serializable(session), questions)
                });
                (key, made)
            })
            .collect()
    };
    // The report's fields one by one: `sections` once, with their bodies. Made while the
    // other pages render, and dropped when the pages that see it are done.
    let full_context = |sessions: &[SessionValues]| {
        let mut base = Context::new();
        base.insert("schema", &report.schema);
        base.insert("title", &report.title);
        base.insert("as_of", &report.as_of);
        base.insert("progress", &report.progress);
        base.insert("optional", &report.optional);
        base.insert("tasks", &report.tasks);
        base.insert_value("sections", sections.clone().into());
        let entries: Vec<Value> = sessions.iter().map(|(_, (v, _))| v.clone()).collect();
        base.insert_value("sessions", entries.into());
        base.insert("stats", &report.stats);
        base.insert("plan", &report.plan);
        base.insert("warnings", &report.warnings);
        // Every question of a session, newest session first.
        let questions: Vec<Value> = sessions
            .iter()
            .rev()
            .flat_map(|(_, (_, q))| q.iter().cloned())
            .collect();
        base.insert_value("site", site.value(questions));
        base
    };
    timings.mark("  contexts");
    // Session pages see a lean context: a page needs its session and a few links, and
    // copying the whole report into thousands of pages would make builds quadratic. It
    // holds nothing that a tick in the tracker changes, so a cache can keep those pages.
    let lean_site = LeanSite {
        base_url: &options.base_url,
        theme: &theme.name,
        phases: &site.phases,
        heatmap: None,
    };
    let mut lean = Context::new();
    lean.insert("schema", &report.schema);
    lean.insert("title", &report.title);
    lean.insert("as_of", &report.as_of);
    lean.insert("site", &lean_site);
    let lean_key = fingerprint::json(&(&report.title, &report.as_of, &lean_site));
    // Phase pages see the plan without its projected finish, which moves with every tick.
    let phase_plan = PhasePlan {
        start: report.plan.start,
        day: report.plan.day,
        planned_days: report.plan.planned_days,
        behind: &report.plan.behind,
    };
    let plan_key = fingerprint::of(&phase_plan);
    // Every page to render; they are rendered in parallel, then gathered in order.
    struct Job<'a> {
        template: &'static str,
        path: String,
        root: String,
        extra: Extra<'a>,
    }
    fn job<'a>(template: &'static str, path: &str, root: &str, extra: Extra<'a>) -> Job<'a> {
        Job {
            template,
            path: path.to_string(),
            root: root.to_string(),
            extra,
        }
    }
    let mut jobs = vec![job("index.html", "", "./", Extra::None)];
    for (phase, path) in phases.iter().zip(&phase_paths) {
        jobs.push(job("phase.html", path, "../../", Extra::Phase(phase)));
    }
    // Session pages come with the theme; a theme written without them still builds.
    let log_pages = report.sessions.len().div_ceil(LOG_PAGE_SIZE).max(1);
    if tera.contains_template("sessions.html") {
        for number in 1..=log_pages {
            jobs.push(job(
                "sessions.html",
                &log_page_path(number),
                "../",
                Extra::Log(number),
            ));
        }
    }
    if tera.contains_template("session.html") {
        for (i, (session, path)) in report.sessions.iter().zip(&session_paths).enumerate() {
            let note = notes.get(&session.source).copied();
            jobs.push(job("session.html", path, "../", Extra::Session(i, note)));
        }
    }
    // The study log's pages see what session pages see, the stats and the heatmap.
    let log_site = LeanSite {
        heatmap: Some(&site.heatmap),
        ..lean_site
    };
    let mut first_log_context = lean.clone();
    first_log_context.insert("stats", &report.stats);
    first_log_context.insert("site", &log_site);
    let log_page = |number: usize| {
        let newest = report
            .sessions
            .len()
            .saturating_sub((number - 1) * LOG_PAGE_SIZE);
        let oldest = newest.saturating_sub(LOG_PAGE_SIZE);
        LogPage {
            number,
            count: log_pages,
            total: report.sessions.len(),
            sessions: (oldest..newest)
                .rev()
                .map(|i| LogEntry {
                    session: &report.sessions[i],
                    path: &session_paths[i],
                    index: i,
                })
                .collect(),
            newer: (number > 1).then(|| log_page_path(number - 1)),
            older: (number < log_pages).then(|| log_page_path(number + 1)),
        }
    };
    jobs.push(job("404.html", "404.html", &options.base_url, Extra::None));

    let cached = cache.as_deref();
    let kept = std::sync::atomic::AtomicUsize::new(0);
    let phase_minutes = |phase: &Section| report.stats.minutes_by_phase.get(&phase.title).copied();
    // `base` is the whole report as template values: only the dashboard and the 404 page
    // see it, and it is dropped once they are rendered.
    type Done = (String, Option<u64>, Result<(), Diagnostic>);
    let render_one = |job: &Job<'_>, base: Option<&Context>| -> Done {
        let file = if job.path.ends_with('/') || job.path.is_empty() {
            format!("{}index.html", job.path)
        } else {
            job.path.clone()
        };
        // A page of a lean context whose inputs are those of the last build is not rendered
        // again when the output still holds it. A log page's sessions are gathered once, for
        // its key and its context.
        let log = match job.extra {
            Extra::Log(number) => Some(log_page(number)),
            _ => None,
        };
        let key = match (&job.extra, cached) {
            (Extra::Session(i, note), Some(_)) => Some(fingerprint::of(&(
                lean_key,
                &job.path,
                entry_keys[*i],
                note,
                report.sessions[*i]
                    .modules
                    .iter()
                    .map(|m| module_paths.get(m))
                    .collect::<Vec<_>>(),
                i.checked_sub(1).map(|p| &site.sessions[p]),
                site.sessions.get(i + 1),
            ))),
            (Extra::Phase(section), Some(_)) => Some(fingerprint::of(&(
                lean_key,
                &job.path,
                section_key(section, &extras),
                plan_key,
                phase_minutes(section),
            ))),
            (Extra::Log(number), Some(_)) if *number > 1 => log.as_ref().map(|log| {
                let entries: Vec<(u64, &str)> = log
                    .sessions
                    .iter()
                    .map(|e| (entry_keys[e.index], e.path))
                    .collect();
                let page = (log.number, log.count, log.total, &log.newer, &log.older);
                fingerprint::of(&(lean_key, &job.path, entries, page))
            }),
            _ => None,
        };
        if let (Some(k), Some(cached)) = (key, cached)
            && cached.holds(&file, k)
            && out.keep(&file)
        {
            kept.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return (file, key, Ok(()));
        }
        let mut context = match job.extra {
            Extra::Session(..) => lean.clone(),
            Extra::Log(1) => first_log_context.clone(),
            Extra::Log(_) | Extra::Phase(_) => lean.clone(),
            Extra::None => base.cloned().unwrap_or_default(),
        };
        context.insert(
            "page",
            &PageInfo {
                path: &job.path,
                root: &job.root,
            },
        );
        match job.extra {
            Extra::None => {}
            Extra::Phase(section) => {
                match phase_values.get(&section.line) {
                    Some(value) => context.insert_value("phase", (*value).clone()),
                    None => context.insert("phase", section),
                }
                context.insert("plan", &phase_plan);
                context.insert("minutes", &phase_minutes(section));
            }
            Extra::Session(i, note) => {
                let session = &report.sessions[i];
                context.insert("session", session);
                context.insert("note", &note);
                context.insert("modules", &module_links(session, &module_paths));
                context.insert("previous", &i.checked_sub(1).map(|p| &site.sessions[p]));
                context.insert("next", &site.sessions.get(i + 1));
            }
            Extra::Log(_) => context.insert("log", &log),
        }
        // The page goes out at once.
        let result = tera
            .render(job.template, &context)
            .map(|page| {
                out.put(&file, page.as_bytes());
            })
            .map_err(|e| {
                let origin = theme
                    .origins
                    .get(job.template)
                    .cloned()
                    .unwrap_or_else(|| job.template.to_string());
                template_diagnostic(origin, job.template, &e)
            });
        (file, key, result)
    };
    let (full, lean_jobs): (Vec<&Job<'_>>, Vec<&Job<'_>>) =
        jobs.iter().partition(|j| matches!(j.extra, Extra::None));
    // progress.json is the whole report as text: written while the pages render.
    let (mut rendered, (full_rendered, progress, session_values)) = rayon::join(
        || {
            lean_jobs
                .par_iter()
                .map(|j| render_one(j, None))
                .collect::<Vec<_>>()
        },
        || {
            let mut sessions = session_values();
            let base = full_context(&sessions);
            let done: Vec<Done> = full.iter().map(|j| render_one(j, Some(&base))).collect();
            drop(base);
            if old_values.is_none() {
                // Nothing keeps them: they go before progress.json is made.
                sessions = Vec::new();
            }
            let json = match json_cache.as_mut() {
                Some(pieces) => report::to_json_cached(report, &entry_keys, pieces),
                None => report::to_json(report),
            };
            (done, json, sessions)
        },
    );
    rendered.extend(full_rendered);
    timings.mark("  pages");
    // Every file tracker makes itself, which a theme's static file never replaces.
    let mut made: std::collections::HashSet<String> = std::collections::HashSet::new();
    let pages = rendered.len();
    let mut keys = Vec::new();
    for (file, key, result) in rendered {
        match result {
            Ok(()) => {
                if let Some(k) = key {
                    keys.push((file.clone(), k));
                }
                made.insert(file);
            }
            Err(e) => {
                if !errors.contains(&e) {
                    errors.push(e);
                }
            }
        }
    }
    // The cache takes page keys only from a render that succeeded, so that they always
    // describe what the last published site holds; values are kept whatever happened.
    if let Some(cache) = cache {
        cache.json = json_cache.unwrap_or_default();
        if errors.is_empty() {
            // Only this build's pages: those of sessions or phases that are gone go.
            cache.pages = keys.into_iter().collect();
        }
        cache.values = Values {
            sections: section_keys
                .into_iter()
                .zip(sections.iter().cloned().zip(parts))
                .filter_map(|(key, made)| key.map(|k| (k, made)))
                .collect(),
            sessions: session_values
                .into_iter()
                .filter_map(|(key, made)| key.map(|k| (k, made)))
                .collect(),
        };
    }
    let mut put = |path: String, bytes: &[u8]| {
        out.put(&path, bytes);
        made.insert(path);
    };
    put("progress.json".into(), progress.as_bytes());
    put(
        "feed.xml".into(),
        feed::atom(report, &session_paths, &options.base_url).as_bytes(),
    );
    put(
        "badge.svg".into(),
        badge::svg("progress", report.progress.percent).as_bytes(),
    );
    put(
        "badges/progress.json".into(),
        badge::endpoint("progress", report.progress.percent).as_bytes(),
    );
    for (phase, path) in phases.iter().zip(&phase_paths) {
        let name = path.trim_start_matches("phases/").trim_end_matches('/');
        put(
            format!("badges/{name}.json"),
            badge::endpoint(&phase.title, phase.percent).as_bytes(),
        );
    }
    put(".nojekyll".into(), b"");
    for (path, bytes) in &theme.assets {
        if !made.contains(path) {
            out.put(path, bytes);
        }
    }
    timings.mark("  other files");
    if errors.is_empty() {
        Ok(Rendered {
            pages,
            kept: kept.into_inner(),
        })
    } else {
        Err(errors)
    }
}

/// A base URL as templates use it: ending with `/`.
pub fn normalise_base_url(url: &str) -> String {
    let url = url.trim();
    if url.is_empty() {
        "/".to_string()
    } else if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_get_numbered_paths() {
        let names = ["A", "a", "B", "A"].map(String::from);
        assert_eq!(
            unique_paths("phases", names.into_iter(), "/"),
            ["phases/a/", "phases/a-2/", "phases/b/", "phases/a-3/"]
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Phase 1: Foundations"), "phase-1-foundations");
        assert_eq!(slug("  Été -- 2 "), "été-2");
        assert_eq!(slug("!!!"), "section");
    }

    #[test]
    fn base_urls_end_with_a_slash() {
        assert_eq!(normalise_base_url(""), "/");
        assert_eq!(
            normalise_base_url("https://a.github.io/study"),
            "https://a.github.io/study/"
        );
        assert_eq!(normalise_base_url("/study/"), "/study/");
    }
}
