//! A deterministic study site of any size, for benchmarks: a tracker of about `notes / 2`
//! modules (grouped in phases of ten, each with a checkpoint; 4 to 6 tasks a module, about
//! 40% ticked) and `notes` session notes of the shape learners write: front matter with date,
//! title, duration, modules, topics and tags; a body of about 30 lines with headings, lists,
//! emphasis, inline code, a code block, a link, insights and questions. Notes are filed by
//! year and month, dated backwards from the day before `TODAY`. The same `notes` and seed
//! always give the same bytes.
//!
//! Used by `benches/watch_latency.rs`, `benches/pipeline.rs`, `scripts/bench.sh` and
//! `cargo run --example corpus -- N SEED DIR`.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The date the benchmark computes as of; every note is dated before it.
pub const TODAY: &str = "2026-01-23";

/// A small, fast, deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const SUBJECTS: &[&str] = &[
    "Event streams",
    "Message brokers",
    "Partitioned logs",
    "Change data capture",
    "Event sourcing",
    "Stream joins",
    "Windowing",
    "Fault tolerance",
    "Exactly-once delivery",
    "Backpressure",
    "Consumer groups",
    "Log compaction",
    "Watermarks",
    "State stores",
    "Idempotent writes",
    "Schema evolution",
];

const VERBS: &[&str] = &[
    "Read the section on",
    "Understand",
    "Compare approaches to",
    "Sketch a diagram of",
    "Work through an example of",
    "Summarise",
];

const TOPICS: &[&str] = &[
    "offsets",
    "rebalancing",
    "retention",
    "ordering guarantees",
    "tumbling windows",
    "late events",
    "idempotence",
    "replication",
    "leader election",
    "snapshots",
    "checkpoints",
    "dead-letter queues",
];

const DURATIONS: &[&str] = &[
    "45m", "1h", "1h 30m", "30 min", "2 hours", "1:15", "90", "25m", "1.5h",
];

const TAGS: &[&str] = &["review", "reading", "practice", "stuck", "project"];

const COMMANDS: &[&str] = &[
    "kafka-console-consumer",
    "cargo run --example join",
    "psql -c 'select * from events'",
    "flink run job.jar",
];

/// Code blocks of about seven lines, one per note.
const CODE: &[&str] = &[
    "```python\nconsumer.subscribe([\"events\"])\nwhile True:\n    for record in consumer.poll(timeout=1.0):\n        state[record.key] = record.value\n    consumer.commit()\n```\n",
    "```sql\nSELECT user_id, COUNT(*) AS clicks\nFROM clicks\nGROUP BY user_id,\n         TUMBLE(ts, INTERVAL '1' MINUTE)\nHAVING COUNT(*) > 3;\n```\n",
    "```rust\nfn apply(state: &mut State, event: &Event) {\n    match event {\n        Event::Added(n) => state.total += n,\n        Event::Removed(n) => state.total -= n,\n    }\n}\n```\n",
    "```text\npartition 0: a1 a2 a3 a4\npartition 1: b1 b2\npartition 2: c1 c2 c3\ncommitted:   a3 b2 c1\nlag:         1  0  2\n```\n",
];

/// Modules per phase.
const PER_PHASE: usize = 10;

/// The number of modules of a site with `notes` notes (at least one phase's worth).
pub fn modules_for(notes: usize) -> usize {
    (notes / 2).max(PER_PHASE)
}

/// The tracker's text: `modules` modules in phases of ten.
pub fn tracker(modules: usize, rng: &mut Rng) -> String {
    let phases = modules.div_ceil(PER_PHASE);
    let mut t = String::from(
        "# Stream Processing Learning Progress Tracker\n\n\
         Track your progress through the stream processing learning plan.\n\n---\n\n\
         ## Overall Progress\n\n",
    );
    for p in 1..=phases {
        let _ = writeln!(
            t,
            "- [ ] Phase {p}: {} (Days {}-{})",
            SUBJECTS[(p - 1) % SUBJECTS.len()],
            (p - 1) * 3 + 1,
            (p - 1) * 3 + 3
        );
    }
    t.push_str("- [ ] Final Assessment\n\n---\n\n");
    let mut module = 0;
    for p in 1..=phases {
        let _ = writeln!(t, "## Phase {p}: {}\n", SUBJECTS[(p - 1) % SUBJECTS.len()]);
        for m in 1..=PER_PHASE {
            if module == modules {
                break;
            }
            module += 1;
            let subject = rng.pick(SUBJECTS);
            let _ = writeln!(t, "### Module {p}.{m}: {subject}");
            for _ in 0..(3 + rng.below(3)) {
                let mark = if rng.chance(40) { 'x' } else { ' ' };
                let topic = rng.pick(TOPICS);
                let verb = rng.pick(VERBS);
                let _ = writeln!(t, "- [{mark}] {verb} {topic}");
            }
            let mark = if rng.chance(40) { 'x' } else { ' ' };
            let _ = writeln!(t, "- [{mark}] Answered comprehension questions");
            t.push_str("\n**Notes**:\n-\n\n**Questions**:\n-\n\n---\n\n");
        }
        let _ = writeln!(
            t,
            "### Checkpoint {p}\n- [ ] Can explain {}\n- [ ] Can compare {} and {}\n\n\
             **Review Date**: ___________\n\n---\n",
            rng.pick(TOPICS),
            rng.pick(TOPICS),
            rng.pick(TOPICS)
        );
    }
    t.push_str(
        "## Final Assessment\n- [ ] Can design a streaming pipeline end to end\n\n---\n\n\
         ## Session Log\n\n### Session 1\n**Date**: 2024-01-02\n**Duration**: 1h\n\
         **Topics Covered**:\n- Kick-off\n",
    );
    t
}

/// The date `days` days before the day before [`TODAY`], as YYYY-MM-DD.
pub fn date_before(days: usize) -> String {
    // Days since 1970-01-01 of 2026-01-22, then back; civil-from-days (Howard Hinnant).
    let z = 20_475_i64 - days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// One note: its path under `content/sessions/` and its text (about 40 lines).
pub fn note(index: usize, notes: usize, modules: usize, rng: &mut Rng) -> (String, String) {
    // About two notes a day, the newest yesterday.
    let date = date_before((notes - 1 - index) / 2);
    let subject = rng.pick(SUBJECTS);
    let title = format!("{subject}, session {}", index + 1);
    let slug = slug(&title);
    let path = format!("{}/{}/{date}-{slug}.md", &date[..4], &date[5..7]);
    let module_ref = |rng: &mut Rng| {
        let m = rng.below(modules);
        format!("\"{}.{}\"", m / PER_PHASE + 1, m % PER_PHASE + 1)
    };
    let mut refs = vec![module_ref(rng)];
    if rng.chance(30) {
        refs.push(module_ref(rng));
    }
    let mut tags = vec![rng.pick(TAGS)];
    if rng.chance(40) {
        tags.push(rng.pick(TAGS));
    }
    let mut t = format!(
        "---\ndate: {date}\ntitle: \"{title}\"\nduration: {}\nmodules: [{}]\n\
         topics: [{}, {}]\ntags: [{}]\n---\n\n",
        rng.pick(DURATIONS),
        refs.join(", "),
        rng.pick(TOPICS),
        rng.pick(TOPICS),
        tags.join(", ")
    );
    let topic = |rng: &mut Rng| rng.pick(TOPICS);
    let _ = write!(
        t,
        "Today I worked on *{}* and **{}**; the book's example of {} finally made sense.\n\
         It took two readings and a diagram.\n\n\
         ## Topics covered\n- {}\n- {}\n- {}\n\n\
         ## What I did\n\
         1. Re-read the section on {}, slowly.\n\
         2. Reproduced the example of {} with `{}`.\n\
         3. Wrote down where *{}* differs from {}.\n\n",
        subject.to_lowercase(),
        topic(rng),
        topic(rng),
        topic(rng),
        topic(rng),
        topic(rng),
        topic(rng),
        topic(rng),
        rng.pick(COMMANDS),
        topic(rng),
        topic(rng),
    );
    t.push_str(CODE[rng.below(CODE.len())]);
    let _ = write!(
        t,
        "\nSee [the chapter on {}](https://example.org/streams/{}) for the diagrams.\n\n\
         ## Key insights\n\
         - **{}** depends on {}\n\
         - ordering holds _per partition_, never across a topic\n\
         - {} is cheaper than it looks once {} is in place\n\n\
         ## Questions to research\n\
         - How does {} interact with {}?\n\
         - Why would {} need {} at all?\n\n\
         > Next time: start from {} and work back to {}.\n",
        subject.to_lowercase(),
        slug,
        rng.pick(SUBJECTS),
        topic(rng),
        topic(rng),
        topic(rng),
        topic(rng),
        topic(rng),
        topic(rng),
        topic(rng),
        topic(rng),
        topic(rng),
    );
    (path, t)
}

/// The lower-case words of `title` joined by `-`.
fn slug(title: &str) -> String {
    title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Writes a site of `notes` notes at `root`; returns the paths of the notes written.
pub fn write_site(root: &Path, notes: usize, seed: u64) -> std::io::Result<Vec<PathBuf>> {
    let mut rng = Rng::new(seed);
    let modules = modules_for(notes);
    std::fs::create_dir_all(root.join("content"))?;
    std::fs::write(root.join("content/tracker.md"), tracker(modules, &mut rng))?;
    let sessions = root.join("content/sessions");
    let mut written = Vec::with_capacity(notes);
    for i in 0..notes {
        let (rel, text) = note(i, notes, modules, &mut rng);
        let path = sessions.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}
