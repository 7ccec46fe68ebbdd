//! Save-to-output latency of `tracker watch`, from an optimised build.
//!
//!     cargo bench --bench watch_latency                 # the default site, 1,000 and 10,000 notes
//!     cargo bench --bench watch_latency -- default 1000 # only these sizes
//!
//! For each site, `tracker watch` is started on a temporary copy; then ~30 saves alternate
//! between ticking the next task in the tracker and retitling one note (both written in place,
//! as most editors do). Each save is timed from just before the write to two moments:
//! - **json**: the expected change is visible in `public/progress.json` (polled in a tight
//!   loop: a `stat` every 100 µs, a read when the file was replaced);
//! - **done**: watch printed its build line, which it does after every file is written.
//!
//! The default site is the repository's seed tracker with one note; the others come from
//! `benches/corpus` (about N/2 modules and N notes). `TRACKER_BENCH_SAVES` changes the number
//! of measured saves (default 30; two more warm the watcher up first).

#[path = "corpus/mod.rs"]
mod corpus;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one save may take before the size is abandoned.
const SAVE_LIMIT: Duration = Duration::from_secs(60);

/// A running `tracker watch`, killed when dropped.
struct Watch {
    child: Child,
    lines: mpsc::Receiver<(Instant, String)>,
}

impl Watch {
    fn start(root: &Path) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tracker"))
            .arg("--root")
            .arg(root)
            .args(["--today", corpus::TODAY, "watch"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting tracker watch");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        Watch { child, lines }
    }

    /// Waits for a stdout line satisfying `matches`; returns when it was printed.
    fn wait_line(&self, what: &str, matches: impl Fn(&str) -> bool) -> Result<Instant, String> {
        let deadline = Instant::now() + SAVE_LIMIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok((at, line)) if matches(&line) => return Ok(at),
                Ok(_) => {}
                Err(_) => return Err(format!("no {what} within {SAVE_LIMIT:?}")),
            }
        }
    }

    /// Build lines printed since the last call, without waiting.
    fn drain_builds(&self) -> usize {
        self.lines.try_iter().filter(|(_, l)| is_build(l)).count()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_build(line: &str) -> bool {
    line.contains(" written in ") && line.ends_with(" ms")
}

/// Waits until `file` holds `needle`, checking its identity in a tight loop and reading it
/// only when it was replaced or rewritten.
fn wait_for_content(file: &Path, needle: &str, since: Instant) -> Result<Instant, String> {
    let mut last = None;
    loop {
        if let Ok(meta) = std::fs::metadata(file) {
            let id = (meta.ino(), meta.mtime_nsec(), meta.mtime(), meta.len());
            if last != Some(id) {
                last = Some(id);
                if let Ok(text) = std::fs::read_to_string(file)
                    && text.contains(needle)
                {
                    return Ok(Instant::now());
                }
            }
        }
        if since.elapsed() > SAVE_LIMIT {
            return Err(format!("{needle:?} never appeared in {}", file.display()));
        }
        std::thread::sleep(Duration::from_micros(100));
    }
}

/// The text with its first unticked task box below the first `###` ticked.
fn tick_one(text: &str) -> Option<String> {
    let start = text.find("\n### ")?;
    let at = start + text[start..].find("- [ ]")?;
    let mut out = text.to_string();
    out.replace_range(at..at + 5, "- [x]");
    Some(out)
}

/// The note's text with its front-matter title replaced.
fn retitle(text: &str, title: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("title:") {
                format!("title: \"{title}\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// One site to measure.
struct Case {
    name: String,
    notes: usize,
    dir: tempfile::TempDir,
    note: PathBuf,
}

fn default_site() -> Case {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/sessions")).expect("folders");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/tracker.md"),
        root.join("content/tracker.md"),
    )
    .expect("the seed tracker");
    let (_, text) = corpus::note(0, 1, 15, &mut corpus::Rng::new(1));
    let note = root.join("content/sessions/2026-01-22.md");
    std::fs::write(&note, text).expect("a note");
    Case {
        name: "default site (seed tracker)".into(),
        notes: 1,
        dir,
        note,
    }
}

fn corpus_site(notes: usize) -> Case {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let written = corpus::write_site(dir.path(), notes, 42).expect("writing the corpus");
    Case {
        name: format!("{notes} notes, {} modules", corpus::modules_for(notes)),
        notes,
        dir,
        note: written.last().cloned().expect("at least one note"),
    }
}

/// Latencies of one site: (to progress.json, to the build line), in milliseconds.
struct Measured {
    json: Vec<f64>,
    done: Vec<f64>,
    first_build: Duration,
    extra_builds: usize,
}

fn measure(case: &Case, saves: usize) -> Result<Measured, String> {
    let root = case.dir.path();
    let progress = root.join("public/progress.json");
    let tracker = root.join("content/tracker.md");
    let started = Instant::now();
    let watch = Watch::start(root);
    watch.wait_line("first build", |l| l.starts_with("watching for changes"))?;
    let first_build = started.elapsed();
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&progress).map_err(|e| format!("progress.json: {e}"))?,
    )
    .map_err(|e| format!("progress.json: {e}"))?;
    let mut done_count = report["progress"]["done"].as_u64().unwrap_or(0);
    let mut tracker_text = std::fs::read_to_string(&tracker).map_err(|e| e.to_string())?;
    let note_text = std::fs::read_to_string(&case.note).map_err(|e| e.to_string())?;

    let warm_up = 2;
    let mut out = Measured {
        json: Vec::new(),
        done: Vec::new(),
        first_build,
        extra_builds: 0,
    };
    for i in 0..saves + warm_up {
        let (path, text, needle) = if i % 2 == 0 {
            tracker_text = tick_one(&tracker_text).ok_or("no unticked task left")?;
            done_count += 1;
            let needle = format!("\"progress\": {{\n    \"done\": {done_count},");
            (&tracker, tracker_text.clone(), needle)
        } else {
            let title = format!("Bench edit {i}");
            let needle = format!("\"title\": \"{title}\"");
            (&case.note, retitle(&note_text, &title), needle)
        };
        let t0 = Instant::now();
        std::fs::write(path, text).map_err(|e| e.to_string())?;
        let json_at = wait_for_content(&progress, &needle, t0)?;
        let done_at = watch.wait_line("build line", is_build)?;
        // Let stray events of this save show up as extra builds before the next one.
        std::thread::sleep(Duration::from_millis(150));
        let extra = watch.drain_builds();
        if i >= warm_up {
            out.json
                .push(json_at.duration_since(t0).as_secs_f64() * 1000.0);
            out.done
                .push(done_at.saturating_duration_since(t0).as_secs_f64() * 1000.0);
            out.extra_builds += extra;
        }
    }
    Ok(out)
}

/// The median and the 95th percentile (nearest rank) of `values`.
fn median_p95(values: &[f64]) -> (f64, f64) {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    let rank = ((0.95 * n as f64).ceil() as usize).clamp(1, n);
    (median, v[rank - 1])
}

fn main() {
    // cargo bench passes `--bench`; every other argument names a size.
    let mut sizes: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if sizes.is_empty() {
        sizes = vec!["default".into(), "1000".into(), "10000".into()];
    }
    let saves: usize = std::env::var("TRACKER_BENCH_SAVES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    println!(
        "tracker watch: save → output latency, {saves} saves per site (half tracker ticks, half note edits)"
    );
    println!("binary: {}", env!("CARGO_BIN_EXE_tracker"));
    println!(
        "{:<30} {:>10} {:>12} {:>9} {:>12} {:>9} {:>7}",
        "site", "1st build", "json median", "json p95", "done median", "done p95", "extra"
    );
    for size in sizes {
        let case = if size == "default" {
            default_site()
        } else {
            match size.parse::<usize>() {
                Ok(n) if n > 0 => corpus_site(n),
                _ => {
                    eprintln!("unknown size {size:?}: use `default` or a number of notes");
                    continue;
                }
            }
        };
        match measure(&case, saves) {
            Ok(m) => {
                let (jm, jp) = median_p95(&m.json);
                let (dm, dp) = median_p95(&m.done);
                println!(
                    "{:<30} {:>8} ms {:>9.1} ms {:>6.1} ms {:>9.1} ms {:>6.1} ms {:>7}",
                    case.name,
                    m.first_build.as_millis(),
                    jm,
                    jp,
                    dm,
                    dp,
                    m.extra_builds
                );
            }
            Err(e) => println!("{:<30} failed: {e} ({} notes)", case.name, case.notes),
        }
    }
}
