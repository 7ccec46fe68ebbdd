//! A learner's study as read from disk: the config, the tracker and the sessions.
//!
//! This is the *load* and *parse* stages of the pipeline; [`Study::report`] is *report*.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, InputErrors};
use crate::history::{self, Log};
use crate::report::{self, Report};
use crate::sessions::{self, Session};
use crate::source::{SourceFile, display_name};
use crate::tracker;
use crate::tracker::model::Document;
use chrono::NaiveDate;
use std::path::Path;
use std::sync::Arc;

/// Everything read from a site, ready to be reported on.
#[derive(Debug, Clone)]
pub struct Study {
    /// The site's settings.
    pub config: Config,
    /// The tracker's name relative to the root.
    pub tracker_name: String,
    /// The parsed, counted tracker, shared with whoever read it (`watch` keeps it).
    pub document: Arc<Document>,
    /// Every session found, shared with whoever read them (`watch` keeps its notes).
    pub sessions: Vec<Arc<Session>>,
    /// Warnings found while reading.
    pub warnings: Vec<Diagnostic>,
    /// The fingerprint of the tracker's text ([`history::text_key`]), which the history
    /// compares with its last revision.
    pub tracker_text: u64,
    /// The tracker's committed revisions, when its history was read and it has one.
    pub history: Option<Arc<Log>>,
}

/// A parsed tracker with the warnings found in it and the fingerprint of its text.
pub type ParsedTracker = (Arc<Document>, Vec<Diagnostic>, u64);

/// A note read as a session with its warnings, or the error that kept it from being one.
pub type ReadNote = Result<(Arc<Session>, Vec<Diagnostic>), Diagnostic>;

/// Reads one note file as a session (see [`sessions::discover::read_note`]).
pub fn read_note(root: &Path, path: &Path) -> ReadNote {
    sessions::discover::read_note(root, path).map(|(session, w)| (Arc::new(session), w))
}

/// Reads and parses the tracker a config points at.
pub fn read_tracker(config: &Config) -> Result<ParsedTracker, Diagnostic> {
    let name = display_name(&config.root, &config.tracker);
    let source = SourceFile::read(&config.tracker, &name)?;
    let (document, warnings) = tracker::read(&source, &config.kinds);
    Ok((
        Arc::new(document),
        warnings,
        history::text_key(&source.text),
    ))
}

impl Study {
    /// Reads the site at `root`: its config, then its tracker and sessions.
    pub fn open(root: &Path) -> Result<Self, InputErrors> {
        let config = Config::load(root)?;
        Study::load(config)
    }

    /// Reads the tracker and sessions a config points at; every error is reported together.
    pub fn load(config: Config) -> Result<Self, InputErrors> {
        Study::load_with_progress(config, |_| {}, || {})
    }

    /// [`Study::load`], telling `start` how many notes there are, then `read` after each.
    /// The tracker's history is read too (§9), unless the config turns it off.
    pub fn load_with_progress(
        config: Config,
        start: impl FnOnce(usize) + Send,
        read: impl Fn() + Sync,
    ) -> Result<Self, InputErrors> {
        use rayon::prelude::*;
        // The tracker is one file parsed on one thread, its history another: the notes are
        // read meanwhile.
        let ((tracker, history), (notes, walk_warnings)) = rayon::join(
            || rayon::join(|| read_tracker(&config), || history::read(&config)),
            || {
                let (files, walk_warnings) =
                    sessions::discover::note_files(&config.root, &config.sessions);
                start(files.len());
                let notes: Vec<ReadNote> = files
                    .par_iter()
                    .map(|path| {
                        let note = read_note(&config.root, path);
                        read();
                        note
                    })
                    .collect();
                (notes, walk_warnings)
            },
        );
        let notes = notes.into_iter().map(std::borrow::Cow::Owned);
        Ok(Study::assemble(config, tracker, notes, walk_warnings)?.with_history(history))
    }

    /// The study with the tracker's history as [`history::read`] gave it: a repository that
    /// could not be read adds its warning.
    pub fn with_history(mut self, history: history::Source) -> Self {
        match history {
            history::Source::None => self.history = None,
            history::Source::Unreadable(warning) => {
                self.history = None;
                self.warnings.push(warning);
            }
            history::Source::Log(log) => self.history = Some(log),
        }
        self
    }

    /// Puts a study together from what was read, reporting every error at once. Notes given
    /// owned are moved into the study; borrowed ones (kept by `watch`) are shared. It has no
    /// history until [`Study::with_history`] gives it one.
    pub fn assemble<'a>(
        config: Config,
        tracker: Result<ParsedTracker, Diagnostic>,
        notes: impl Iterator<Item = std::borrow::Cow<'a, ReadNote>>,
        walk_warnings: Vec<Diagnostic>,
    ) -> Result<Self, InputErrors> {
        let mut errors = Vec::new();
        let mut note_sessions = Vec::new();
        let mut note_warnings = walk_warnings;
        for note in notes {
            match note.into_owned() {
                Ok((session, w)) => {
                    note_sessions.push(session);
                    note_warnings.extend(w);
                }
                Err(e) => errors.push(e),
            }
        }
        let (document, mut warnings, tracker_text) = match tracker {
            Ok(parsed) => parsed,
            Err(e) => {
                errors.insert(0, e);
                return Err(InputErrors(errors));
            }
        };
        if !errors.is_empty() {
            return Err(InputErrors(errors));
        }
        let tracker_name = display_name(&config.root, &config.tracker);
        let (log_sessions, log_warnings) = sessions::log::sessions(&document, &tracker_name);
        let mut sessions: Vec<Arc<Session>> = log_sessions.into_iter().map(Arc::new).collect();
        warnings.extend(log_warnings);
        sessions.extend(note_sessions);
        warnings.extend(note_warnings);
        Ok(Study {
            config,
            tracker_name,
            document,
            sessions,
            warnings,
            tracker_text,
            history: None,
        })
    }

    /// Each note file's markdown by its session's `source` (`path:line`), for session pages.
    pub fn notes(&self) -> std::collections::BTreeMap<String, &str> {
        self.sessions
            .iter()
            .filter_map(|s| {
                let body = s.body.as_deref()?;
                Some((format!("{}:{}", s.origin.file, s.origin.line), body))
            })
            .collect()
    }

    /// The report as of `today`.
    pub fn report(&self, today: NaiveDate) -> Report {
        let stem = Path::new(&self.tracker_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        report::build(
            &report::Inputs {
                config_title: self.config.title.as_deref(),
                start_date: self.config.start_date,
                tracker_stem: &stem,
                document: &self.document,
                sessions: &self.sessions,
                warnings: &self.warnings,
                history: self.history.as_deref().map(|log| history::Input {
                    log,
                    text: self.tracker_text,
                    file: &self.tracker_name,
                }),
            },
            today,
        )
    }
}
