//! `watch` keeps pages and template values between builds in a `RenderCache`, keyed by what
//! they are made from. A key that missed an input would show a stale page after a save; here
//! every kind of save is rendered through one cache and compared, file by file, with a render
//! from nothing.

mod support_watch;

use chrono::NaiveDate;
use support_watch::{Site, note, seed_tracker, tick};
use tracker::site::{self, RenderCache};
use tracker::study::Study;

/// The site as `watch` keeps it between builds: the cache, and the files of the last render,
/// from which an unchanged page is kept rather than rendered again.
#[derive(Default)]
struct Watched {
    cache: RenderCache,
    files: site::Files,
}

/// An output that still holds the last render's files, as `watch`'s output folder does.
struct Remembering<'a> {
    last: &'a site::Files,
    new: std::sync::Mutex<site::Files>,
}

impl site::Output for Remembering<'_> {
    fn put(&self, path: &str, bytes: &[u8]) {
        self.new
            .lock()
            .unwrap()
            .insert(path.to_string(), bytes.to_vec());
    }

    fn keep(&self, path: &str) -> bool {
        match self.last.get(path) {
            Some(bytes) => {
                self.put(path, bytes);
                true
            }
            None => false,
        }
    }
}

/// Files kept in memory, starting empty.
#[derive(Default)]
struct Collect(std::sync::Mutex<site::Files>);

impl site::Output for Collect {
    fn put(&self, path: &str, bytes: &[u8]) {
        self.0
            .lock()
            .unwrap()
            .insert(path.to_string(), bytes.to_vec());
    }
}

/// Renders the site as of `today` into `out`, through `cache` when given.
fn render_into(
    site: &Site,
    today: NaiveDate,
    cache: Option<&mut RenderCache>,
    out: &dyn site::Output,
) -> site::Rendered {
    let study = Study::open(&site.root()).expect("the site reads");
    let report = study.report(today);
    let prepared = site::prepare(&study.config).expect("the theme compiles");
    site::render_to(
        &report,
        &prepared.theme,
        &prepared.tera,
        &prepared.options,
        &study.notes(),
        cache,
        out,
    )
    .expect("the site renders")
}

/// Renders the site as of `today` from nothing.
fn render(site: &Site, today: NaiveDate) -> site::Files {
    let out = Collect::default();
    render_into(site, today, None, &out);
    out.0.into_inner().unwrap()
}

impl Watched {
    /// Renders the site as `watch` does; returns how many pages were rendered anew.
    fn render(&mut self, site: &Site, today: NaiveDate) -> usize {
        let out = Remembering {
            last: &self.files,
            new: Default::default(),
        };
        let rendered = render_into(site, today, Some(&mut self.cache), &out);
        self.files = out.new.into_inner().unwrap();
        rendered.pages - rendered.kept
    }
}

/// Paths whose bytes differ between two renders, or that only one has.
fn differences(a: &site::Files, b: &site::Files) -> Vec<String> {
    let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .cloned()
        .collect()
}

#[test]
fn a_cached_render_equals_a_fresh_one_after_every_kind_of_save() {
    let site = Site::with_notes();
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 1, d).expect("a day");
    let mut watched = Watched::default();
    let tracker = seed_tracker();
    // Each step changes the site, then renders it through the cache and afresh.
    type Step = Box<dyn Fn(&Site)>;
    let steps: Vec<(&str, Step, u32)> = vec![
        ("the first render", Box::new(|_| {}), 23),
        ("nothing changed", Box::new(|_| {}), 23),
        (
            "a task ticked",
            Box::new(move |s| s.write("content/tracker.md", tick(&tracker, 3))),
            23,
        ),
        (
            "a note retitled",
            Box::new(|s| {
                s.write(
                    "content/sessions/2026-01-20-streams.md",
                    note("2026-01-20", "Streams, retitled", "45m"),
                )
            }),
            23,
        ),
        (
            "a note's duration changed",
            Box::new(|s| {
                s.write(
                    "content/sessions/2026-01-21-brokers.md",
                    note("2026-01-21", "Brokers and logs", "2h"),
                )
            }),
            23,
        ),
        (
            "a note added between two others",
            Box::new(|s| {
                s.write(
                    "content/sessions/2026-01-20-zz.md",
                    note("2026-01-20", "Between", "10m"),
                )
            }),
            23,
        ),
        (
            "a note's question and module changed",
            Box::new(|s| {
                s.write(
                    "content/sessions/2026-01-20-zz.md",
                    "---\ndate: 2026-01-20\ntitle: \"Between\"\nduration: 10m\n\
                     modules: [\"1.2\"]\n---\n\n## Questions to research\n- why?\n",
                )
            }),
            23,
        ),
        (
            "a phase renamed",
            Box::new(|s| {
                let text = s
                    .read("content/tracker.md")
                    .replacen("## Phase 1", "## Phase One", 1);
                s.write("content/tracker.md", text)
            }),
            23,
        ),
        (
            "a phase added before another of the same title, whose page moves",
            Box::new(|s| {
                let text = s.read("content/tracker.md").replacen(
                    "## Phase 2: Messaging Patterns",
                    "## Phase 3: Databases and Streams\n\n- [ ] early\n\n## Phase 2: Messaging Patterns",
                    1,
                );
                s.write("content/tracker.md", text)
            }),
            23,
        ),
        ("another day", Box::new(|_| {}), 25),
        (
            "a note removed",
            Box::new(|s| s.remove("content/sessions/2026-01-21-brokers.md")),
            25,
        ),
    ];
    for (what, change, today) in &steps {
        change(&site);
        watched.render(&site, day(*today));
        let fresh = render(&site, day(*today));
        let differ = differences(&watched.files, &fresh);
        assert!(
            differ.is_empty(),
            "after {what}, these files differ from a fresh render: {differ:?}"
        );
    }
}

#[test]
fn a_tick_renders_its_phase_and_the_pages_that_see_everything_again() {
    let site = Site::with_notes();
    let day = NaiveDate::from_ymd_opt(2026, 1, 23).expect("a day");
    let mut watched = Watched::default();
    let all = watched.render(&site, day);
    // The dashboard, the 404 page and the log's first page (with the totals) see everything.
    assert_eq!(watched.render(&site, day), 3, "nothing changed, of {all}");
    // A tick moves the projected finish, which phase pages do not see: only the ticked
    // box's phase is rendered again.
    site.write("content/tracker.md", tick(&seed_tracker(), 1));
    assert_eq!(watched.render(&site, day), 4, "a tick in one phase");
    // An output that holds nothing gets every page.
    let out = Collect::default();
    let rendered = render_into(&site, day, Some(&mut watched.cache), &out);
    assert_eq!(rendered.kept, 0, "nothing is kept by an empty output");
    assert!(out.0.into_inner().unwrap() == render(&site, day));
}

#[test]
fn the_cache_forgets_the_pages_of_notes_that_are_gone() {
    let site = Site::with_notes();
    let day = NaiveDate::from_ymd_opt(2026, 1, 23).expect("a day");
    let mut watched = Watched::default();
    watched.render(&site, day);
    let before = watched.cache.pages();
    site.remove("content/sessions/2026-01-21-brokers.md");
    watched.render(&site, day);
    assert_eq!(
        watched.cache.pages(),
        before - 1,
        "the removed note's page is no longer kept"
    );
}
