//! `tracker watch`: build, then rebuild on every save, keeping the last good site on errors.
//!
//! A [`Builder`] keeps what it read between rebuilds (the config, the parsed tracker, every
//! note, the compiled templates) and re-reads only what changed; a rebuild writes only the
//! files whose bytes changed. File events come from notify through a debouncer of a few tens
//! of milliseconds, written here over notify's raw events so that reads can be left out.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, InputErrors};
use crate::publish;
use crate::sessions::discover::{note_files, skipped};
use crate::site::{self, Overrides, Site, SiteError};
use crate::study::{self, ParsedTracker, ReadNote, Study, read_note};
use chrono::NaiveDate;
use notify::{RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

/// How long a path must be quiet before its changes are built.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// The longest a steady stream of changes may hold a build back: past it, the changes that
/// came so far are built, and the stream goes on into the next batch.
pub const MAX_WAIT: Duration = Duration::from_millis(500);

/// How often `--poll` looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// A file's identity for "has it changed": modification time and length.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Built {
    /// HTML pages in the site.
    pub pages: usize,
    /// Files written or removed by this build.
    pub written: usize,
    /// How long it took.
    pub elapsed: Duration,
    /// Warnings of this build.
    pub warnings: Vec<Diagnostic>,
}

/// Why a build failed; the last good site is untouched.
#[derive(Debug, Clone)]
pub enum BuildError {
    /// Errors in the learner's files, each with file and line.
    Input(Vec<Diagnostic>),
    /// Something else: a bad theme name, an output that cannot be written.
    Other(String),
}

impl BuildError {
    /// Every line to show for this error.
    pub fn lines(&self) -> Vec<String> {
        match self {
            BuildError::Input(errors) => errors.iter().map(|e| e.error().to_string()).collect(),
            BuildError::Other(message) => vec![format!("error: {message}")],
        }
    }
}

impl From<SiteError> for BuildError {
    fn from(e: SiteError) -> Self {
        match e {
            SiteError::Input(errors) => BuildError::Input(errors),
            SiteError::Usage(message) => BuildError::Other(message),
            SiteError::Publish(e) => BuildError::Other(e.to_string()),
        }
    }
}

impl From<InputErrors> for BuildError {
    fn from(e: InputErrors) -> Self {
        BuildError::Input(e.0)
    }
}

/// Builds a site again and again, re-reading only what changed.
pub struct Builder {
    root: PathBuf,
    overrides: Overrides,
    today: Option<NaiveDate>,
    site: Option<Site>,
    tracker: Option<(Stamp, Result<ParsedTracker, Diagnostic>)>,
    /// The tracker's history, read at the first build after the config was (§9).
    history: Option<crate::history::Source>,
    notes: BTreeMap<PathBuf, ReadNote>,
    /// Known notes that changed since the last build: read again by the next one.
    stale: Vec<PathBuf>,
    /// The warnings of the last walk of the sessions folder; `None` when it must be walked
    /// again (a note was added or removed, a folder changed).
    listing: Option<Vec<Diagnostic>>,
    theme: Option<site::Prepared>,
    pages: site::RenderCache,
    published: Option<(PathBuf, publish::Manifest)>,
}

impl Builder {
    /// A builder for the site at `root`; `overrides` are set over the config as for
    /// `tracker build`. `today` fixes the date; `None` reads it again at every build.
    pub fn new(root: &Path, mut overrides: Overrides, today: Option<NaiveDate>) -> Self {
        // Events name absolute paths: make every path we compare with them absolute too.
        let cwd = std::env::current_dir().unwrap_or_default();
        let root = root.canonicalize().unwrap_or_else(|_| cwd.join(root));
        overrides.output = overrides.output.map(|o| cwd.join(o));
        Builder {
            root,
            overrides,
            today,
            site: None,
            tracker: None,
            history: None,
            notes: BTreeMap::new(),
            stale: Vec::new(),
            listing: None,
            theme: None,
            pages: site::RenderCache::default(),
            published: None,
        }
    }

    /// Where the site is written: the config's output, or the default when the config
    /// cannot be read yet.
    pub fn output_dir(&mut self) -> PathBuf {
        match self.load_config() {
            Ok(site) => site.config.output,
            Err(_) => self
                .overrides
                .output
                .clone()
                .unwrap_or_else(|| Config::defaults(&self.root).output),
        }
    }

    /// The config in use, once one was read.
    pub fn config(&self) -> Option<&Config> {
        self.site.as_ref().map(|s| &s.config)
    }

    /// Forgets what depends on `changed` paths, so the next build reads them again.
    pub fn invalidate(&mut self, changed: &[PathBuf]) {
        let config_file = self.root.join(crate::config::FILE_NAME);
        if changed.contains(&config_file) {
            self.site = None;
        }
        let Some(config) = self.site.as_ref().map(|s| &s.config) else {
            self.forget();
            return;
        };
        if changed.contains(&config.tracker) {
            self.tracker = None;
        }
        // A save to a note already known needs no walk, nor does a file that cannot be a
        // note (an editor's temporary file); a new note, a folder, or something gone that
        // held notes does.
        let needs_walk = |p: &PathBuf| {
            if config.sessions.starts_with(p) {
                return true;
            }
            if !p.starts_with(&config.sessions) {
                return false;
            }
            if self.notes.contains_key(p) {
                return !p.is_file();
            }
            let note_name = p.extension().is_some_and(|x| x.eq_ignore_ascii_case("md"));
            let held_notes = || {
                self.notes
                    .range(p.clone()..)
                    .next()
                    .is_some_and(|(k, _)| k.starts_with(p))
            };
            note_name || p.is_dir() || held_notes()
        };
        if changed.iter().any(needs_walk) {
            self.listing = None;
        }
        for p in changed {
            if self.notes.remove(p).is_some() {
                self.stale.push(p.clone());
            }
        }
        let (themes, templates) = (self.root.join("themes"), self.root.join("templates"));
        if changed
            .iter()
            .any(|p| p.starts_with(&themes) || p.starts_with(&templates))
        {
            self.theme = None;
        }
    }

    /// Forgets everything read, so the next build reads the whole site again.
    pub fn forget(&mut self) {
        self.site = None;
        self.tracker = None;
        self.history = None;
        self.notes.clear();
        self.stale.clear();
        self.listing = None;
        self.theme = None;
    }

    /// The site with its settings, read again after `tracker.yaml` changed (which forgets
    /// everything read with the old settings).
    fn load_config(&mut self) -> Result<Site, BuildError> {
        if let Some(site) = &self.site {
            return Ok(site.clone());
        }
        let site = Site::open(&self.root, self.overrides.clone())?;
        self.forget();
        self.site = Some(site.clone());
        Ok(site)
    }

    /// Reads what changed, renders the site and writes the files that differ.
    pub fn build(&mut self) -> Result<Built, BuildError> {
        let started = Instant::now();
        let timings = crate::timings::Timings::from_env();
        let today = crate::date::today(self.today).map_err(|e| BuildError::Other(e.to_string()))?;
        let site = self.load_config()?;
        let config = &site.config;

        let tracker_stamp = stamp(&config.tracker);
        if self
            .tracker
            .as_ref()
            .is_none_or(|(s, _)| *s != tracker_stamp)
        {
            self.tracker = Some((tracker_stamp, study::read_tracker(config)));
        }
        // Notes are read again only when an event named them (`invalidate` made them stale)
        // or the folder was walked again: a save costs one read, not a look at every note.
        let stale = std::mem::take(&mut self.stale);
        let walk_warnings = match &self.listing {
            Some(warnings) => {
                for path in stale {
                    let note = read_note(&config.root, &path);
                    self.notes.insert(path, note);
                }
                warnings.clone()
            }
            None => {
                let (files, warnings) = note_files(&config.root, &config.sessions);
                let listed: BTreeSet<&PathBuf> = files.iter().collect();
                self.notes.retain(|p, _| listed.contains(p));
                for path in &files {
                    if !self.notes.contains_key(path) {
                        self.notes
                            .insert(path.clone(), read_note(&config.root, path));
                    }
                }
                self.listing = Some(warnings.clone());
                warnings
            }
        };
        timings.mark("read");
        let history = self
            .history
            .get_or_insert_with(|| crate::history::read(config))
            .clone();
        let tracker = match &self.tracker {
            Some((_, parsed)) => parsed.clone(),
            None => return Err(BuildError::Other("the tracker was not read".into())),
        };
        let study = Study::assemble(
            config.clone(),
            tracker,
            self.notes.values().map(std::borrow::Cow::Borrowed),
            walk_warnings,
        )?
        .with_history(history);
        let report = study.report(today);
        timings.mark("report");

        if self.theme.is_none() {
            self.theme = Some(site.theme()?);
            self.pages = site::RenderCache::default();
        }
        let Some(site::Prepared {
            theme,
            tera,
            options,
        }) = &self.theme
        else {
            return Err(BuildError::Other("the theme was not loaded".into()));
        };
        let output = site.output()?;
        let notes = study.notes();
        let render = |out: &dyn site::Output, pages: &mut site::RenderCache| {
            site::render_to(&report, theme, tera, options, &notes, Some(pages), out)
                .map_err(BuildError::Input)
        };
        // The folder this watch published is brought up to date file by file; anything else
        // (the first build, a folder deleted meanwhile) is published whole.
        let published = match self.published.take() {
            Some((dir, old)) if dir == output && publish::is_built(&output) => {
                let changes = publish::Changes::new(&old, None);
                let rendered = render(&changes, &mut self.pages);
                timings.mark("render");
                let (manifest, changed) = changes.finish();
                match rendered {
                    Ok(r) => publish::update(&output, &old, &manifest, &changed)
                        .map(|written| (r.pages, written, manifest))
                        .map_err(|e| BuildError::Other(e.to_string())),
                    Err(e) => {
                        // Nothing was written: the folder still holds the old build.
                        self.published = Some((dir, old));
                        return Err(e);
                    }
                }
            }
            _ => publish::Staging::begin(&output, site.force())
                .map_err(|e| BuildError::Other(e.to_string()))
                .and_then(|staging| {
                    let empty = publish::Manifest::new();
                    let changes = publish::Changes::new(&empty, Some(&staging));
                    let rendered = render(&changes, &mut self.pages)?;
                    timings.mark("render");
                    let (manifest, _) = changes.finish();
                    let done = staging
                        .finish()
                        .map_err(|e| BuildError::Other(e.to_string()))?;
                    Ok((rendered.pages, done.files, manifest))
                }),
        };
        let (pages, written) = match published {
            Ok((pages, written, manifest)) => {
                self.published = Some((output, manifest));
                (pages, written)
            }
            Err(e) => {
                // What the folder holds is no longer known for sure: the next build
                // renders and publishes it whole.
                self.pages = site::RenderCache::default();
                return Err(e);
            }
        };
        timings.mark("publish");
        Ok(Built {
            pages,
            written,
            elapsed: started.elapsed(),
            warnings: report.warnings,
        })
    }

    /// The folders and files to watch, with how: never the output folder.
    pub fn watch_list(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut list = vec![(self.root.clone(), RecursiveMode::NonRecursive)];
        let Some(config) = self.config() else {
            return list;
        };
        if let Some(parent) = config.tracker.parent() {
            list.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
        }
        // The sessions folder, or the nearest existing folder above it, to see it appear.
        let mut sessions = config.sessions.clone();
        let mut mode = RecursiveMode::Recursive;
        while !sessions.is_dir() {
            match sessions.parent() {
                Some(p) => sessions = p.to_path_buf(),
                None => break,
            }
            mode = RecursiveMode::NonRecursive;
        }
        list.push((sessions, mode));
        for dir in ["themes", "templates"] {
            let path = self.root.join(dir);
            if path.is_dir() {
                list.push((path, RecursiveMode::Recursive));
            }
        }
        list.retain(|(p, _)| p.is_dir());
        list.sort_by(|a, b| a.0.cmp(&b.0));
        list.dedup_by(|a, b| a.0 == b.0);
        list
    }

    /// Whether a changed path matters to the site.
    pub fn relevant(&self, path: &Path) -> bool {
        let Some(config) = self.config() else {
            return true;
        };
        if path.starts_with(&config.output) {
            return false;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path == self.root.join(crate::config::FILE_NAME) || path == config.tracker {
            return true;
        }
        if skipped(&name) {
            return false;
        }
        let under = |dir: &Path| path.starts_with(dir);
        under(&config.sessions)
            || config.sessions.starts_with(path)
            || under(&self.root.join("themes"))
            || under(&self.root.join("templates"))
    }
}

/// A change from the watcher, or a request to stop.
pub enum Signal {
    /// Paths that changed.
    Changed(Vec<PathBuf>),
    /// Events were lost (the system's queue overflowed): anything may have changed.
    Rescan,
    /// The watcher itself failed; the message says how.
    WatchError(String),
    /// Ctrl-C.
    Stop,
}

/// The file watcher, native or polling.
pub struct FileWatcher {
    inner: Box<dyn Watcher + Send>,
}

impl FileWatcher {
    /// Starts watching nothing yet; changes go to `tx` one event at a time. Reads (access
    /// events, such as our own reads during a build) are left out.
    pub fn new(poll: bool, tx: mpsc::Sender<Signal>) -> Result<Self, String> {
        let handler = move |result: notify::Result<notify::Event>| {
            let signal = match result {
                Ok(event) if event.need_rescan() => Signal::Rescan,
                Ok(event) if event.kind.is_access() || event.paths.is_empty() => return,
                Ok(event) => Signal::Changed(event.paths),
                Err(e) => Signal::WatchError(e.to_string()),
            };
            let _ = tx.send(signal);
        };
        // notify's poller compares modification times in whole seconds, so two saves of the
        // same length within a second would look alike: compare contents as well.
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(poll);
        let inner: Box<dyn Watcher + Send> = if poll {
            Box::new(notify::PollWatcher::new(handler, config).map_err(|e| e.to_string())?)
        } else {
            Box::new(
                notify::RecommendedWatcher::new(handler, config)
                    .map_err(|e| format!("cannot watch files: {e}; try --poll"))?,
            )
        };
        Ok(FileWatcher { inner })
    }

    /// Makes the watched set equal to `wanted`, given what was watched before.
    pub fn sync(
        &mut self,
        watched: &mut Vec<(PathBuf, RecursiveMode)>,
        wanted: Vec<(PathBuf, RecursiveMode)>,
    ) {
        for old in watched.iter() {
            if !wanted.contains(old) {
                let _ = self.inner.unwatch(&old.0);
            }
        }
        for new in &wanted {
            if !watched.contains(new)
                && let Err(e) = self.inner.watch(&new.0, new.1)
            {
                eprintln!("warning: cannot watch {}: {e}", new.0.display());
            }
        }
        *watched = wanted;
    }
}

/// The changes gathered for one build.
#[derive(Debug, Default)]
struct Batch {
    /// Every path named by an event, sorted, once each.
    paths: Vec<PathBuf>,
    /// Events were lost: everything must be read again.
    rescan: bool,
}

/// Waits until no change has come for [`DEBOUNCE`] (or for [`MAX_WAIT`] since the first),
/// gathering every changed path; `None` means stop.
fn next_batch(rx: &mpsc::Receiver<Signal>) -> Option<Batch> {
    let mut batch = Batch::default();
    let take = |signal: Signal, batch: &mut Batch| match signal {
        Signal::Changed(paths) => {
            batch.paths.extend(paths);
            true
        }
        Signal::Rescan => {
            batch.rescan = true;
            true
        }
        Signal::WatchError(e) => {
            eprintln!("warning: the file watcher reported: {e}");
            true
        }
        Signal::Stop => false,
    };
    if !take(rx.recv().ok()?, &mut batch) {
        return None;
    }
    let deadline = Instant::now() + MAX_WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(DEBOUNCE.min(left)) {
            Ok(signal) => {
                if !take(signal, &mut batch) {
                    return None;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    }
    batch.paths.sort();
    batch.paths.dedup();
    Some(batch)
}

/// Prints the outcome of a build the way watch and serve show it.
pub fn report(outcome: &Result<Built, BuildError>, changed: &[PathBuf], root: &Path) {
    match outcome {
        Ok(built) => {
            for w in &built.warnings {
                eprintln!("{}", w.warning());
            }
            let what = match changed {
                [] => "built".to_string(),
                [one] => format!("{} changed", crate::source::display_name(root, one)),
                many => format!("{} files changed", many.len()),
            };
            println!(
                "{what}: {} page{}, {} file{} written in {} ms",
                built.pages,
                if built.pages == 1 { "" } else { "s" },
                built.written,
                if built.written == 1 { "" } else { "s" },
                built.elapsed.as_millis()
            );
        }
        Err(e) => {
            for line in e.lines() {
                eprintln!("{line}");
            }
            eprintln!("the last good site is kept; fix the error and save again");
        }
    }
}

/// Runs the watch loop until Ctrl-C (or the channel closes), calling `after` after each build.
pub fn run_loop(
    builder: &mut Builder,
    poll: bool,
    tx: mpsc::Sender<Signal>,
    rx: mpsc::Receiver<Signal>,
    mut after: impl FnMut(&Result<Built, BuildError>),
) -> Result<(), String> {
    let mut watcher = FileWatcher::new(poll, tx)?;
    let mut watched = Vec::new();
    let first = builder.build();
    report(&first, &[], &builder.root);
    after(&first);
    watcher.sync(&mut watched, builder.watch_list());
    println!(
        "watching for changes ({}); press Ctrl-C to stop",
        if poll { "polling" } else { "native events" }
    );
    while let Some(batch) = next_batch(&rx) {
        let mut changed = batch.paths;
        changed.retain(|p| builder.relevant(p));
        if batch.rescan {
            builder.forget();
        } else if changed.is_empty() {
            continue;
        } else {
            builder.invalidate(&changed);
        }
        let outcome = builder.build();
        report(&outcome, &changed, &builder.root);
        after(&outcome);
        watcher.sync(&mut watched, builder.watch_list());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_gathers_paths_once_and_remembers_lost_events() {
        let (tx, rx) = mpsc::channel();
        let (a, b) = (PathBuf::from("/s/b.md"), PathBuf::from("/s/a.md"));
        tx.send(Signal::Changed(vec![a.clone(), b.clone()]))
            .unwrap();
        tx.send(Signal::Rescan).unwrap();
        tx.send(Signal::Changed(vec![a.clone()])).unwrap();
        let batch = next_batch(&rx).expect("a batch");
        assert_eq!(batch.paths, [b, a], "sorted, each once");
        assert!(batch.rescan, "a lost event makes the batch read everything");
        tx.send(Signal::Stop).unwrap();
        assert!(next_batch(&rx).is_none(), "Ctrl-C ends the loop");
    }

    #[test]
    fn forgetting_reads_every_note_again() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/sessions")).unwrap();
        std::fs::write(
            root.join("content/tracker.md"),
            "# Plan\n\n## Phase 1\n\n- [ ] a\n",
        )
        .unwrap();
        let note = root.join("content/sessions/2026-01-02.md");
        std::fs::write(&note, "---\ndate: 2026-01-02\ntitle: \"One\"\n---\n").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 3);
        let mut builder = Builder::new(root, Overrides::default(), today);
        builder.build().expect("the first build");
        // A save whose event was lost: no `invalidate`, so the note is not read again...
        std::fs::write(&note, "---\ndate: 2026-01-02\ntitle: \"Two\"\n---\n").unwrap();
        builder.build().expect("a build");
        let progress = || std::fs::read_to_string(root.join("public/progress.json")).unwrap();
        assert!(progress().contains("\"One\""), "no event, no read");
        // ...until the watcher says events were lost.
        builder.forget();
        builder.build().expect("a build after a lost event");
        assert!(progress().contains("\"Two\""), "{}", progress());
    }
}
