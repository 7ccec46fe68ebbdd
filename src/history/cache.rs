//! What was read from the repository, kept between runs in the repository's own folder
//! (`.git/tracker-cache/`): each commit's step on the tracker's line, and each blob's
//! snapshot, by id. Ids name contents, so an entry never goes stale; one made by another
//! version of the parser, or with other kind rules, is not used.
//!
//! The cache is only ever a shortcut: a file that is missing, unreadable, corrupt or made
//! for another parser is ignored and written anew, and a cache that cannot be written is
//! left unwritten. It never changes a result and never fails a run.

use super::snapshot::Snapshot;
use super::walk::{Next, Step};
use crate::tracker::kinds::KindRules;
use chrono::NaiveDate;
use gix::ObjectId;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The cache's folder inside the repository's git folder.
pub const FOLDER: &str = "tracker-cache";

/// The version of the file's layout; a file of another version is ignored.
const VERSION: u32 = 1;

/// The kept steps and snapshots of one tracker path, and which of them this run used.
#[derive(Debug)]
pub struct Cache {
    file: PathBuf,
    stamp: Stamp,
    steps: HashMap<ObjectId, Step>,
    blobs: HashMap<ObjectId, Arc<Snapshot>>,
    used_steps: Vec<ObjectId>,
    used_blobs: HashSet<ObjectId>,
    /// Whether the file on disk differs from what this run used (new or unused entries).
    changed: bool,
}

/// What a cache file must have been made for to be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    version: u32,
    /// The fingerprint of the code that reads a tracker (made by `build.rs`).
    parser: String,
    /// The fingerprint of the kind rules, which decide what counts.
    kinds: String,
    /// The tracker's path in the repository, where the walk starts.
    path: String,
}

/// The file as written: ids in hex, task keys once in `keys` and by index in each blob.
#[derive(Serialize, Deserialize)]
struct Stored {
    stamp: Stamp,
    keys: Vec<u64>,
    steps: Vec<StoredStep>,
    blobs: Vec<StoredBlob>,
}

#[derive(Serialize, Deserialize)]
struct StoredStep {
    commit: String,
    path: String,
    blob: String,
    date: NaiveDate,
    revision: bool,
    /// `parent`: the first parent and the tracker's path there; `added`; `missing`: the id
    /// of the missing parent.
    next: String,
    next_commit: Option<String>,
    next_path: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredBlob {
    id: String,
    text: u64,
    done: usize,
    total: usize,
    tasks: Vec<u32>,
}

impl Cache {
    /// The cache of the tracker at `path` in the repository whose git folder is `git_dir`,
    /// for trackers read with `rules`; empty when there is none that can be used.
    pub fn load(git_dir: &Path, path: &str, rules: &KindRules) -> Cache {
        let stamp = Stamp {
            version: VERSION,
            parser: env!("TRACKER_PARSER_FINGERPRINT").to_string(),
            kinds: format!("{:016x}", kinds_fingerprint(rules)),
            path: path.to_string(),
        };
        let name = format!(
            "history-v{VERSION}-{:016x}.json",
            crate::fingerprint::bytes(path.as_bytes())
        );
        let file = git_dir.join(FOLDER).join(name);
        let mut cache = Cache {
            file,
            stamp,
            steps: HashMap::new(),
            blobs: HashMap::new(),
            used_steps: Vec::new(),
            used_blobs: HashSet::new(),
            changed: true,
        };
        if let Some((steps, blobs)) = std::fs::read(&cache.file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok())
            .filter(|stored| stored.stamp == cache.stamp)
            .and_then(decode)
        {
            cache.steps = steps;
            cache.blobs = blobs;
            cache.changed = false;
        }
        cache
    }

    /// The step kept for `commit`, when it was made following the tracker at `path`.
    pub fn step(&mut self, commit: &ObjectId, path: &str) -> Option<Step> {
        let step = self.steps.get(commit).filter(|s| s.path == path)?.clone();
        self.used_steps.push(*commit);
        Some(step)
    }

    /// Keeps the step at `commit`.
    pub fn put_step(&mut self, commit: ObjectId, step: Step) {
        self.steps.insert(commit, step);
        self.used_steps.push(commit);
        self.changed = true;
    }

    /// The snapshot kept for `blob`.
    pub fn snapshot(&mut self, blob: &ObjectId) -> Option<Arc<Snapshot>> {
        let snapshot = self.blobs.get(blob)?.clone();
        self.used_blobs.insert(*blob);
        Some(snapshot)
    }

    /// Keeps the snapshot of `blob`.
    pub fn put_snapshot(&mut self, blob: ObjectId, snapshot: Arc<Snapshot>) {
        self.blobs.insert(blob, snapshot);
        self.used_blobs.insert(blob);
        self.changed = true;
    }

    /// The cache file's path.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Writes what this run used, when it differs from the file; any failure leaves the
    /// file as it was (or absent), since the cache is only a shortcut.
    pub fn save(&self) {
        let used_steps: HashSet<&ObjectId> = self.used_steps.iter().collect();
        let unused =
            self.steps.len() != used_steps.len() || self.blobs.len() != self.used_blobs.len();
        if !self.changed && !unused {
            return;
        }
        let mut keys = Vec::new();
        let mut index: HashMap<u64, u32> = HashMap::new();
        let mut blobs: Vec<StoredBlob> = Vec::with_capacity(self.used_blobs.len());
        for id in &self.used_blobs {
            let Some(s) = self.blobs.get(id) else {
                continue;
            };
            let tasks = s
                .done_tasks
                .iter()
                .map(|key| {
                    *index.entry(*key).or_insert_with(|| {
                        keys.push(*key);
                        (keys.len() - 1) as u32
                    })
                })
                .collect();
            blobs.push(StoredBlob {
                id: id.to_string(),
                text: s.text,
                done: s.done,
                total: s.total,
                tasks,
            });
        }
        let steps = used_steps
            .iter()
            .filter_map(|id| self.steps.get(*id).map(|s| store_step(id, s)))
            .collect();
        let stored = Stored {
            stamp: self.stamp.clone(),
            keys,
            steps,
            blobs,
        };
        let Ok(json) = serde_json::to_vec(&stored) else {
            return;
        };
        let Some(folder) = self.file.parent() else {
            return;
        };
        // Written beside and renamed over, so a reader never sees half a file.
        let temp = folder.join(format!(".tmp-{}-{}", std::process::id(), unique()));
        let written = std::fs::create_dir_all(folder)
            .and_then(|()| std::fs::write(&temp, &json))
            .and_then(|()| std::fs::rename(&temp, &self.file));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}

/// A number no other save of this process has used, for its temporary file's name.
fn unique() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The fingerprint of the kind rules: each kind with its pattern, in order.
fn kinds_fingerprint(rules: &KindRules) -> u64 {
    let mut text = String::new();
    for (kind, pattern) in rules.patterns() {
        text.push_str(kind.name());
        text.push('\0');
        text.push_str(pattern);
        text.push('\0');
    }
    crate::fingerprint::bytes(text.as_bytes())
}

fn store_step(commit: &ObjectId, s: &Step) -> StoredStep {
    let (next, next_commit, next_path) = match &s.next {
        Next::Parent { commit, path } => ("parent", Some(commit.to_string()), Some(path.clone())),
        Next::Added => ("added", None, None),
        Next::Missing { parent } => ("missing", Some(parent.to_string()), None),
    };
    StoredStep {
        commit: commit.to_string(),
        path: s.path.clone(),
        blob: s.blob.to_string(),
        date: s.date,
        revision: s.revision,
        next: next.to_string(),
        next_commit,
        next_path,
    }
}

/// The kept entries of a stored file; `None` when any of them does not read back, so that a
/// damaged file is not half used.
type Decoded = (HashMap<ObjectId, Step>, HashMap<ObjectId, Arc<Snapshot>>);

fn decode(stored: Stored) -> Option<Decoded> {
    let id = |hex: &str| ObjectId::from_hex(hex.as_bytes()).ok();
    let mut steps = HashMap::with_capacity(stored.steps.len());
    for s in stored.steps {
        let next = match (s.next.as_str(), s.next_commit, s.next_path) {
            ("parent", Some(commit), Some(path)) => Next::Parent {
                commit: id(&commit)?,
                path,
            },
            ("added", None, None) => Next::Added,
            ("missing", Some(parent), None) => Next::Missing {
                parent: id(&parent)?,
            },
            _ => return None,
        };
        let step = Step {
            path: s.path,
            blob: id(&s.blob)?,
            date: s.date,
            revision: s.revision,
            next,
        };
        steps.insert(id(&s.commit)?, step);
    }
    let mut blobs = HashMap::with_capacity(stored.blobs.len());
    for b in stored.blobs {
        let mut done_tasks = b
            .tasks
            .iter()
            .map(|i| stored.keys.get(*i as usize).copied())
            .collect::<Option<Vec<u64>>>()?;
        done_tasks.sort_unstable();
        let snapshot = Snapshot {
            text: b.text,
            done: b.done,
            total: b.total,
            done_tasks,
        };
        blobs.insert(id(&b.id)?, Arc::new(snapshot));
    }
    Some((steps, blobs))
}
