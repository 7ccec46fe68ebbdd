//! The *render* stage: the report and a compiled theme become the pages and files of the site.
//!
//! Templates see the report (TRACKER-FORMAT §7) and two small objects, `site` and `page`,
//! that say where things are; they never compute a number. See `docs/themes.md`.

use super::cache::{RenderCache, Values};
use super::output::{Collect, Files, Output};
use super::pages::{self, Done, LeanSite, Pages, PhasePlan, Planned};
use super::paths::{phases, unique_paths};
use super::templates::Options;
use super::theme::Theme;
use super::{assets, feed, heatmap, views};
use crate::diagnostics::Diagnostic;
use crate::fingerprint;
use crate::report::{self, Report, Section};
use crate::tracker::model::Kind;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::{Context, Tera, Value};

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
pub(crate) struct Link {
    pub(crate) title: String,
    pub(crate) path: String,
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
pub(super) struct Extras<'a> {
    /// Free content by heading line.
    bodies: &'a BTreeMap<usize, String>,
    /// Sessions by the full title of each module they name.
    studied: BTreeMap<&'a str, Vec<StudiedIn<'a>>>,
    /// Each phase's page from the site root, by its heading line.
    phase_paths: std::collections::HashMap<usize, &'a str>,
}

/// The key of a node's children.
pub(crate) const CHILDREN: tera::value::Key<'static> = tera::value::Key::Str("children");

/// The children of a section's template value.
pub(crate) fn children_of(value: &Value) -> &[Value] {
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
            Kind::Module => extras.studied.get(section.title.as_str()),
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
pub(super) fn section_key(section: &Section, extras: &Extras<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = fingerprint::Hasher::new();
    section.hash(&mut hasher);
    let mut stack = vec![section];
    while let Some(s) = stack.pop() {
        extras.bodies.get(&s.line).hash(&mut hasher);
        extras.phase_paths.get(&s.line).hash(&mut hasher);
        if s.kind == Kind::Module {
            extras.studied.get(s.title.as_str()).hash(&mut hasher);
        }
        stack.extend(&s.children);
    }
    hasher.finish()
}

/// Each session's page, from the site root: `sessions/<date>-<title>.html`, numbered on
/// repeats. Session pages are files, not folders of their own: thousands of sessions make
/// thousands of pages, and a folder each would double the work of every build.
fn session_paths(report: &Report) -> Vec<String> {
    unique_paths(
        "sessions",
        report.sessions.iter().map(|s| match s.date {
            // A title that already starts with the date (a note named after its day) is not
            // prefixed again.
            Some(d) if s.title.starts_with(&d.to_string()) => s.title.clone(),
            Some(d) => format!("{d} {}", s.title),
            None => format!("undated {}", s.title),
        }),
        ".html",
    )
}

/// What templates see on sections beyond the JSON schema: bodies, the sessions that
/// studied each module, each phase's page.
fn extras<'a>(
    report: &'a Report,
    phases: &[&Section],
    phase_paths: &'a [String],
    session_paths: &'a [String],
) -> Extras<'a> {
    let mut extras = Extras {
        bodies: &report.bodies,
        studied: BTreeMap::new(),
        phase_paths: phases
            .iter()
            .zip(phase_paths)
            .map(|(p, path)| (p.line, path.as_str()))
            .collect(),
    };
    for (session, path) in report.sessions.iter().zip(session_paths) {
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
    extras
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
    let session_paths = session_paths(report);
    let extras = extras(report, &phases, &phase_paths, &session_paths);
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
        if section.kind == Kind::Phase {
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
    let jobs = pages::plan(
        report,
        tera,
        &phases,
        &phase_paths,
        &session_paths,
        notes,
        &options.base_url,
    );
    let log_pages = pages::log_page_count(report);
    // The study log's pages see what session pages see, the stats and the heatmap.
    let log_site = LeanSite {
        heatmap: Some(&site.heatmap),
        ..lean_site
    };
    let mut first_log_context = lean.clone();
    first_log_context.insert("stats", &report.stats);
    first_log_context.insert("site", &log_site);

    let cached = cache.as_deref();
    let renderer = Pages {
        report,
        theme,
        tera,
        out,
        cached,
        kept: std::sync::atomic::AtomicUsize::new(0),
        lean,
        lean_key,
        first_log_context,
        phase_plan,
        plan_key,
        phase_values,
        module_paths,
        site_sessions: &site.sessions,
        extras: &extras,
        session_paths: &session_paths,
        log_pages,
    };
    let (full, lean_jobs): (Vec<&Planned<'_>>, Vec<&Planned<'_>>) =
        jobs.iter().partition(|j| j.sees_whole_report());
    // progress.json is the whole report as text: written while the pages render.
    let (mut rendered, (full_rendered, progress, session_values)) = rayon::join(
        || {
            lean_jobs
                .par_iter()
                .map(|j| renderer.render(j, None))
                .collect::<Vec<_>>()
        },
        || {
            let mut sessions = session_values();
            let base = full_context(&sessions);
            let done: Vec<Done> = full
                .iter()
                .map(|j| renderer.render(j, Some(&base)))
                .collect();
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
    let kept = renderer.kept.into_inner();
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
    let feed = feed::atom(report, &session_paths, &options.base_url);
    assets::put(
        report,
        &phases,
        &phase_paths,
        theme,
        &[("progress.json", &progress), ("feed.xml", &feed)],
        out,
        &mut made,
    );
    timings.mark("  other files");
    if errors.is_empty() {
        Ok(Rendered { pages, kept })
    } else {
        Err(errors)
    }
}
