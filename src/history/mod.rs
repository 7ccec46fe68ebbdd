//! History: when each task was done, read from the git repository that holds the tracker
//! (TRACKER-FORMAT §9), by the program itself with `gix`, never by running `git`.
//!
//! Reading is in two halves. [`read`] (the *load* stage) walks the first-parent line from
//! HEAD and reduces every revision of the tracker to a [`Snapshot`]; what it read is kept in
//! a cache inside the repository's git folder ([`cache`]), so a later run reads only what is
//! new. [`dates::as_of`] (the *report* stage) puts the revisions against today and the
//! tracker as it is now: each task's `done_on`, each node's `finished_on`, the days.

pub mod cache;
pub mod dates;
pub mod identity;
pub mod rename;
pub mod repo;
pub mod snapshot;
pub mod walk;

pub use dates::{Dated, Day, History};
pub use snapshot::{Snapshot, text_key};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::source::display_name;
use chrono::NaiveDate;
use std::sync::Arc;

/// What reading the tracker's history gave.
#[derive(Debug, Clone)]
pub enum Source {
    /// No history: `history: false`, no repository, or no commit on the first-parent line
    /// holds the tracker.
    None,
    /// The repository could not be read: the one warning to show (tracker file, line 0).
    Unreadable(Diagnostic),
    /// The tracker's committed revisions.
    Log(Arc<Log>),
}

/// The tracker's revisions in git, whatever today is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    /// The commits whose tracker differs from their first parent's, in first-parent order
    /// from the oldest, every date (those after today are left out by [`dates::as_of`]).
    pub revisions: Vec<Revision>,
    /// Whether the line ends at a commit whose parent is missing (a shallow clone).
    pub shallow: bool,
}

/// One committed revision of the tracker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// Its author date, in the author's own time zone.
    pub date: NaiveDate,
    /// What it held.
    pub snapshot: Arc<Snapshot>,
}

/// The tracker's history as the report is given it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The committed revisions.
    pub log: &'a Log,
    /// The fingerprint of the tracker's text as it is now ([`text_key`]).
    pub text: u64,
    /// The tracker's name, for warnings.
    pub file: &'a str,
}

/// Reads the history of the tracker a config points at. It never fails: a repository that
/// cannot be read is [`Source::Unreadable`].
pub fn read(config: &Config) -> Source {
    if !config.history {
        return Source::None;
    }
    match read_log(config) {
        Ok(Some(log)) => Source::Log(Arc::new(log)),
        Ok(None) => Source::None,
        Err(why) => Source::Unreadable(Diagnostic::new(
            display_name(&config.root, &config.tracker),
            0,
            format!(
                "the git repository holding this file could not be read ({why}), so the report \
                 has no history; repair the repository (`git fsck` shows what is wrong) or set \
                 `history: false` in tracker.yaml"
            ),
        )),
    }
}

/// The log of the tracker's revisions; `None` when there is no history to read.
fn read_log(config: &Config) -> Result<Option<Log>, String> {
    use rayon::prelude::*;
    let Some((repo, path)) = repo::open(&config.tracker)? else {
        return Ok(None);
    };
    let mut cache = cache::Cache::load(repo.git_dir(), &path, &config.kinds);
    let Some(walk) = walk::walk(&repo, &path, &mut cache)? else {
        return Ok(None);
    };
    // The blobs no run has read before: read one after another, parsed on every core.
    let mut missing = Vec::new();
    for (blob, _) in &walk.revisions {
        if cache.snapshot(blob).is_none() && !missing.contains(blob) {
            missing.push(*blob);
        }
    }
    let mut texts = Vec::with_capacity(missing.len());
    for blob in missing {
        let data = repo
            .find_blob(blob)
            .map_err(|e| format!("cannot read blob {blob}: {e}"))?
            .take_data();
        texts.push((blob, data));
    }
    let parsed: Vec<_> = texts
        .into_par_iter()
        .map(|(blob, data)| (blob, Snapshot::of_bytes(&data, &config.kinds)))
        .collect();
    for (blob, snapshot) in parsed {
        cache.put_snapshot(blob, Arc::new(snapshot));
    }
    let mut revisions = Vec::with_capacity(walk.revisions.len());
    for (blob, date) in walk.revisions {
        let snapshot = cache
            .snapshot(&blob)
            .ok_or_else(|| format!("blob {blob} was not read"))?;
        revisions.push(Revision { date, snapshot });
    }
    cache.save();
    Ok(Some(Log {
        revisions,
        shallow: walk.shallow,
    }))
}
