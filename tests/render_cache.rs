//! `watch` keeps pages and template values between builds in a `RenderCache`, keyed by what
//! they are made from. A key that missed an input would show a stale page after a save; here
//! every kind of save is rendered through one cache and compared, file by file, with a render
//! from nothing.

mod support_watch;

use chrono::NaiveDate;
use support_watch::{Site, note, seed_tracker, tick};
use tracker::site::{self, RenderCache};
use tracker::study::Study;

/// Renders the site as of `today`, through `cache` when given.
fn render(site: &Site, today: NaiveDate, cache: Option<&mut RenderCache>) -> site::Files {
    let study = Study::open(&site.root()).expect("the site reads");
    let report = study.report(today);
    let prepared = site::prepare(&study.config).expect("the theme compiles");
    site::render(
        &report,
        &prepared.theme,
        &prepared.tera,
        &prepared.options,
        &study.notes(),
        cache,
    )
    .expect("the site renders")
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
    let mut cache = RenderCache::default();
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
        let cached = render(&site, day(*today), Some(&mut cache));
        let fresh = render(&site, day(*today), None);
        let differ = differences(&cached, &fresh);
        assert!(
            differ.is_empty(),
            "after {what}, these files differ from a fresh render: {differ:?}"
        );
    }
}
