//! The dashboard's views of the plan: the outline, the modules, the next tasks, the open
//! questions. They are gathered here once, so that no template walks the tree building lists
//! (which Tera can only do by copying, quadratically).
//!
//! Each top-level section gives a [`Part`] of the views, made from it alone, so that `watch`
//! can keep the parts of the sections a save did not touch.

use super::{CHILDREN, Link, children_of, slug};
use crate::report::{Section, SessionEntry};
use crate::tracker::model::{Kind, Task};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Value;

/// How many tasks `site.next_up` lists.
const NEXT_UP: usize = 10;

/// A task or question, the title of the section it is in, and a link to it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Pointer {
    text: String,
    #[serde(rename = "where")]
    place: String,
    href: String,
}

/// Lists the dashboard shows, in plan order. Links are relative to the dashboard: a phase's
/// page (`./phases/<slug>/`), an anchor on it (`#<slug>`, deeper ones `#<a>--<b>`), or, for
/// sections outside every phase, their card on the dashboard (`#<slug>`).
#[derive(Debug, Default)]
pub(super) struct Views {
    /// Every section but the summary and the log, in document order, without children, each
    /// as `{node, here}`.
    pub outline: Vec<Value>,
    /// The first unfinished tasks that are not optional, in plan order (at most ten).
    pub next_up: Vec<Pointer>,
    /// Every item of a `Questions` field, with the section that asks it.
    pub questions: Vec<Value>,
    /// The outline's modules.
    pub modules: Vec<Value>,
    /// Where each module is shown, from the site root, by its title (the first module of a
    /// title wins): what the dashboard links to, so session pages and the dashboard agree.
    pub module_paths: BTreeMap<String, String>,
}

/// What one top-level section adds to the [`Views`].
#[derive(Debug, Clone, Default)]
pub(super) struct Part {
    outline: Vec<Value>,
    modules: Vec<Value>,
    /// Each module's title and where it is shown, in order.
    module_places: Vec<(String, String)>,
    questions: Vec<Value>,
    /// The part's first unfinished tasks that are not optional (at most ten).
    next_up: Vec<Pointer>,
}

/// The views of the plan: the root's own tasks, then the parts in document order.
pub(super) fn assemble(root_tasks: &[Task], parts: &[Part]) -> Views {
    let mut next_up: Vec<Pointer> = root_tasks
        .iter()
        .filter(|t| !t.done)
        .map(|t| Pointer {
            text: t.text.clone(),
            place: String::new(),
            href: "#overview".into(),
        })
        .collect();
    let mut views = Views::default();
    for part in parts {
        views.outline.extend(part.outline.iter().cloned());
        views.modules.extend(part.modules.iter().cloned());
        views.questions.extend(part.questions.iter().cloned());
        if next_up.len() < NEXT_UP {
            next_up.extend(part.next_up.iter().cloned());
        }
        for (title, here) in &part.module_places {
            if !views.module_paths.contains_key(title) {
                views.module_paths.insert(title.clone(), here.clone());
            }
        }
    }
    next_up.truncate(NEXT_UP);
    views.next_up = next_up;
    views
}

/// The part of the views that a top-level section gives; `value` is its template value.
pub(super) fn part(section: &Section, value: &Value, phase_links: &[Link]) -> Part {
    struct Place {
        base: String,
        anchor: String,
        here: String,
    }
    if matches!(section.kind, Kind::Summary | Kind::Log) {
        return Part::default();
    }
    let phase_path = |title: &str| {
        phase_links
            .iter()
            .find(|p| p.title == title)
            .map(|p| format!("./{}", p.path))
    };
    let mut outline: Vec<(&Section, Value, String)> = Vec::new();
    // (section, its template value, depth below the top, its parent's place)
    type Step<'a> = (&'a Section, &'a Value, usize, Option<std::rc::Rc<Place>>);
    let mut stack: Vec<Step<'_>> = vec![(section, value, 0, None)];
    let mut parent_kinds: Vec<Kind> = Vec::new();
    while let Some((section, value, depth, parent)) = stack.pop() {
        parent_kinds.truncate(depth);
        let slug_here = slug(&section.title);
        let place = match (&parent, section.kind) {
            (_, Kind::Phase) if phase_path(&section.title).is_some() => {
                let base = phase_path(&section.title).unwrap_or_default();
                Place {
                    here: base.clone(),
                    base,
                    anchor: String::new(),
                }
            }
            (None, _) => Place {
                base: String::new(),
                anchor: String::new(),
                here: format!("#{slug_here}"),
            },
            (Some(p), _) if depth >= 4 => Place {
                base: p.base.clone(),
                anchor: p.anchor.clone(),
                here: p.here.clone(),
            },
            (Some(p), _) if !p.base.is_empty() => {
                let anchor = if parent_kinds.last() == Some(&Kind::Phase) {
                    slug_here
                } else {
                    format!("{}--{slug_here}", p.anchor)
                };
                Place {
                    here: format!("{}#{anchor}", p.base),
                    base: p.base.clone(),
                    anchor,
                }
            }
            (Some(p), _) => Place {
                base: String::new(),
                anchor: String::new(),
                here: p.here.clone(),
            },
        };
        // The section without its children, which the outline lists on their own. Its other
        // values are shared with `sections`, not copied.
        let mut map = value.as_map().cloned().unwrap_or_default();
        if let Some(children) = map.get_mut(&CHILDREN) {
            *children = Vec::<Value>::new().into();
        }
        outline.push((section, Value::from(map), place.here.clone()));
        let place = std::rc::Rc::new(place);
        parent_kinds.push(section.kind);
        let child_values = children_of(value);
        for (child, child_value) in section.children.iter().zip(child_values).rev() {
            stack.push((child, child_value, depth + 1, Some(place.clone())));
        }
    }

    let mut part = Part::default();
    for (section, node, here) in outline {
        if part.next_up.len() < NEXT_UP && !section.optional {
            part.next_up
                .extend(section.tasks.iter().filter(|t| !t.done).map(|t| Pointer {
                    text: t.text.clone(),
                    place: section.title.clone(),
                    href: here.clone(),
                }));
        }
        for (label, value) in &section.fields {
            if let crate::tracker::model::FieldValue::List(items) = value
                && label.eq_ignore_ascii_case("questions")
            {
                part.questions.extend(items.iter().map(|q| {
                    Value::from_serializable(&Pointer {
                        text: q.clone(),
                        place: section.title.clone(),
                        href: here.clone(),
                    })
                }));
            }
        }
        let mut entry = tera::Map::new();
        entry.insert("node".into(), node);
        entry.insert("here".into(), here.as_str().into());
        let entry = Value::from(entry);
        if section.kind == Kind::Module {
            let path = here.strip_prefix("./").unwrap_or(&here);
            part.module_places
                .push((section.title.clone(), path.to_string()));
            part.modules.push(entry.clone());
        }
        part.outline.push(entry);
    }
    part.next_up.truncate(NEXT_UP);
    part
}

/// A session's questions, each with a link to its page.
pub(super) fn session_questions(session: &SessionEntry, link: &Link) -> Vec<Value> {
    let place = match session.date {
        Some(date) => format!("{}, {date}", session.title),
        None => session.title.clone(),
    };
    session
        .questions
        .iter()
        .map(|q| {
            Value::from_serializable(&Pointer {
                text: q.clone(),
                place: place.clone(),
                href: link.path.clone(),
            })
        })
        .collect()
}
