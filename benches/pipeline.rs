//! Micro-benchmarks of the pipeline's stages, through the library's public API.
//!
//!     cargo bench --bench pipeline                           # every stage (about a minute)
//!     cargo bench --bench pipeline -- parse_notes            # the benchmarks whose name matches
//!     cargo bench --bench pipeline -- --save-baseline before # then, after a change:
//!     cargo bench --bench pipeline -- --baseline before      # compared with the saved run
//!
//! - `parse_tracker`: the seed `content/tracker.md` and a generated 5,000-module tracker,
//!   parsed, counted and summarised (`tracker::read`).
//! - `parse_notes`: one note, and 1,000 one after another (`sessions::note::read`), from
//!   memory.
//! - `load`: a 1,000-note site read from disk on every core (`Study::open`).
//! - `report`: the report of the default site and of 1,000 notes (`Study::report`).
//! - `render`: the default theme compiled (`site::prepare`), and every page of the default
//!   site (the dashboard and its phase pages) and of 1,000 notes rendered (`site::render`).
//!
//! The default site is the seed tracker with no notes, as `tracker build` in this folder;
//! the others come from `benches/corpus` (seed 42), as in `scripts/bench.sh`. Samples are
//! few and short so the whole run stays near a minute; the noise this leaves is shown in
//! each estimate's interval.

#[path = "corpus/mod.rs"]
mod corpus;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;
use tracker::config::Config;
use tracker::sessions::note;
use tracker::site;
use tracker::source::SourceFile;
use tracker::study::{ReadNote, Study};
use tracker::tracker::kinds::KindRules;

/// The repository's seed tracker, the default site's content.
const SEED: &str = include_str!("../content/tracker.md");

/// The corpus seed, as in `scripts/bench.sh`.
const CORPUS_SEED: u64 = 42;

fn today() -> chrono::NaiveDate {
    tracker::date::parse_ymd(corpus::TODAY).expect("the corpus date is a date")
}

/// A config for a site that exists only in memory (no overrides, the built-in theme).
fn config() -> Config {
    Config::defaults(Path::new("bench-site-in-memory"))
}

/// A generated tracker of about `notes / 2` modules and `notes` notes, as sources.
fn corpus_sources(notes: usize) -> (SourceFile, Vec<(SourceFile, String)>) {
    let mut rng = corpus::Rng::new(CORPUS_SEED);
    let modules = corpus::modules_for(notes);
    let tracker = SourceFile::from_text("content/tracker.md", corpus::tracker(modules, &mut rng));
    let notes = (0..notes)
        .map(|i| {
            let (path, text) = corpus::note(i, notes, modules, &mut rng);
            let stem = Path::new(&path)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                SourceFile::from_text(format!("content/sessions/{path}"), text),
                stem,
            )
        })
        .collect();
    (tracker, notes)
}

/// A study put together from sources in memory, as `Study::load` does from disk.
fn study(tracker: &SourceFile, notes: &[(SourceFile, String)]) -> Study {
    let read: Vec<ReadNote> = notes
        .iter()
        .map(|(source, stem)| note::read(source, stem).map(|(s, w)| (std::sync::Arc::new(s), w)))
        .collect();
    let parsed = tracker::tracker::read(tracker, KindRules::builtin());
    Study::assemble(
        config(),
        Ok((
            std::sync::Arc::new(parsed.0),
            parsed.1,
            tracker::history::text_key(&tracker.text),
        )),
        read.iter().map(std::borrow::Cow::Borrowed),
        Vec::new(),
    )
    .expect("the corpus reads")
}

fn parse_tracker(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_tracker");
    let seed = SourceFile::from_text("content/tracker.md", SEED);
    group.bench_function("seed", |b| {
        b.iter(|| tracker::tracker::read(black_box(&seed), KindRules::builtin()))
    });
    let big = SourceFile::from_text(
        "content/tracker.md",
        corpus::tracker(5_000, &mut corpus::Rng::new(CORPUS_SEED)),
    );
    group.bench_function("5000 modules", |b| {
        b.iter(|| tracker::tracker::read(black_box(&big), KindRules::builtin()))
    });
    group.finish();
}

fn parse_notes(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_notes");
    let (_, notes) = corpus_sources(1_000);
    let (one, stem) = &notes[0];
    group.throughput(Throughput::Elements(1));
    group.bench_function("one", |b| {
        b.iter(|| note::read(black_box(one), stem).expect("the note reads"))
    });
    group.throughput(Throughput::Elements(notes.len() as u64));
    group.bench_function("1000", |b| {
        b.iter(|| {
            for (source, stem) in &notes {
                black_box(note::read(black_box(source), stem).expect("the note reads"));
            }
        })
    });
    group.finish();
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    let dir = tempfile::tempdir().expect("a temporary folder");
    corpus::write_site(dir.path(), 1_000, CORPUS_SEED).expect("writing the corpus");
    group.throughput(Throughput::Elements(1_000));
    group.bench_function("1000 notes from disk", |b| {
        b.iter(|| Study::open(black_box(dir.path())).expect("the corpus reads"))
    });
    group.finish();
}

fn report(c: &mut Criterion) {
    let mut group = c.benchmark_group("report");
    let seed = study(&SourceFile::from_text("content/tracker.md", SEED), &[]);
    group.bench_function("default site", |b| {
        b.iter(|| black_box(&seed).report(today()))
    });
    let (tracker, notes) = corpus_sources(1_000);
    let big = study(&tracker, &notes);
    group.bench_function("1000 notes", |b| b.iter(|| black_box(&big).report(today())));
    group.finish();
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    // A 1,000-note site takes a few hundred milliseconds: 10 samples fit in the time.
    group.sample_size(10);
    group.bench_function("prepare default theme", |b| {
        b.iter(|| site::prepare(black_box(&config())).expect("the theme compiles"))
    });
    let prepared = site::prepare(&config()).expect("the default theme compiles");
    let seed = study(&SourceFile::from_text("content/tracker.md", SEED), &[]);
    let (tracker, notes) = corpus_sources(1_000);
    let big = study(&tracker, &notes);
    for (name, study) in [("default site", &seed), ("1000 notes", &big)] {
        let report = study.report(today());
        let notes = study.notes();
        group.bench_with_input(BenchmarkId::new("all pages", name), &report, |b, report| {
            b.iter(|| {
                site::render(
                    black_box(report),
                    &prepared.theme,
                    &prepared.tera,
                    &prepared.options,
                    &notes,
                    None,
                )
                .expect("the site renders")
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = stages;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = parse_tracker, parse_notes, load, report, render
}
criterion_main!(stages);
