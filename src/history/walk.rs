//! The first-parent line from HEAD, and the commits on it that are revisions of the tracker.

use super::cache::Cache;
use super::rename;
use chrono::NaiveDate;
use gix::ObjectId;

/// One commit on the first-parent line, as far as the tracker is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The tracker's path in this commit.
    pub path: String,
    /// The tracker's blob in this commit.
    pub blob: ObjectId,
    /// The author date, as a calendar date in the author's own time zone.
    pub date: NaiveDate,
    /// Whether the tracker's blob differs from the first parent's (or there is no parent).
    pub revision: bool,
    /// Where the line goes on.
    pub next: Next,
}

/// What comes before a commit on the tracker's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// The first parent, which holds the tracker at `path`.
    Parent {
        /// The parent commit.
        commit: ObjectId,
        /// The tracker's path there (another one when this commit renamed it).
        path: String,
    },
    /// The tracker was added here: a root commit, or a parent without it.
    Added,
    /// The first parent is not in the repository: a shallow clone's boundary.
    Missing {
        /// The parent that is missing.
        parent: ObjectId,
    },
}

/// The revisions of the tracker on the first-parent line, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    /// Each revision's blob and date, in first-parent order from the oldest.
    pub revisions: Vec<(ObjectId, NaiveDate)>,
    /// Whether the line ends at a commit whose parent is missing (a shallow clone).
    pub shallow: bool,
}

/// Walks the first-parent line from HEAD, following the tracker at `path` and its older
/// names; `None` when HEAD has no commit or does not hold the tracker. Steps are taken from
/// `cache` where it has them, and put there otherwise.
pub fn walk(repo: &gix::Repository, path: &str, cache: &mut Cache) -> Result<Option<Walk>, String> {
    let head = repo
        .head()
        .and_then(|head| head.try_into_peeled_id())
        .map_err(|e| format!("cannot read HEAD: {e}"))?;
    let Some(head) = head else {
        return Ok(None);
    };
    let mut at = (head.detach(), path.to_string());
    let mut known_blob = None;
    let mut revisions = Vec::new();
    let shallow = loop {
        let step = match cache.step(&at.0, &at.1) {
            Some(step) if !stale(repo, &step) => step,
            _ => {
                let Some(step) = compute(repo, &at.0, &at.1, known_blob)? else {
                    if revisions.is_empty() && at.0 == head.detach() {
                        return Ok(None);
                    }
                    return Err(format!("commit {} lost the tracker", at.0));
                };
                cache.put_step(at.0, step.clone());
                step
            }
        };
        if step.revision {
            revisions.push((step.blob, step.date));
        }
        match step.next {
            Next::Parent { commit, path } => {
                known_blob = None;
                at = (commit, path);
            }
            Next::Added => break false,
            Next::Missing { .. } => break true,
        }
    };
    revisions.reverse();
    Ok(Some(Walk { revisions, shallow }))
}

/// Whether a step kept from an earlier run no longer holds: its missing parent has been
/// fetched since (`git fetch --unshallow`).
fn stale(repo: &gix::Repository, step: &Step) -> bool {
    matches!(step.next, Next::Missing { parent } if repo.has_object(parent))
}

/// The step at `commit`, where the tracker is at `path` (its blob there, when known);
/// `None` when the commit does not hold the tracker.
fn compute(
    repo: &gix::Repository,
    commit_id: &ObjectId,
    path: &str,
    known_blob: Option<ObjectId>,
) -> Result<Option<Step>, String> {
    let why = |e: gix::Error| format!("cannot read commit {commit_id}: {e}");
    let commit = repo.find_commit(*commit_id).map_err(why)?;
    let tree = commit.tree().map_err(why)?;
    let blob = match known_blob {
        Some(blob) => blob,
        None => match blob_at(&tree, path).map_err(why)? {
            Some(blob) => blob,
            None => return Ok(None),
        },
    };
    let date = author_date(&commit).map_err(why)?;
    let parent = commit.parent_ids().next().map(|id| id.detach());
    let (revision, next) = match parent {
        None => (true, Next::Added),
        Some(parent) if !repo.has_object(parent) => (true, Next::Missing { parent }),
        Some(parent) => {
            let parent_tree = repo
                .find_commit(parent)
                .and_then(|c| c.tree())
                .map_err(why)?;
            match blob_at(&parent_tree, path).map_err(why)? {
                Some(old) => (
                    old != blob,
                    Next::Parent {
                        commit: parent,
                        path: path.to_string(),
                    },
                ),
                None => match rename::source(&parent_tree, &tree, path)? {
                    Some((old_path, old)) => (
                        old != blob,
                        Next::Parent {
                            commit: parent,
                            path: old_path,
                        },
                    ),
                    None => (true, Next::Added),
                },
            }
        }
    };
    Ok(Some(Step {
        path: path.to_string(),
        blob,
        date,
        revision,
        next,
    }))
}

/// The blob of the file at `path` in `tree`, if there is a file there.
fn blob_at(tree: &gix::Tree<'_>, path: &str) -> gix::Result<Option<ObjectId>> {
    Ok(tree
        .lookup_entry_by_path(path)?
        .filter(|entry| entry.mode().is_blob())
        .map(|entry| entry.object_id()))
}

/// A commit's author date as a calendar date in the author's own time zone:
/// `2026-01-26T01:30+09:00` is 2026-01-26.
fn author_date(commit: &gix::Commit<'_>) -> gix::Result<NaiveDate> {
    let time = commit.author()?.time()?;
    Ok(local_date(time.seconds, time.offset))
}

/// The calendar date at `seconds` since the epoch, `offset` seconds east of UTC.
pub fn local_date(seconds: i64, offset: i32) -> NaiveDate {
    chrono::DateTime::from_timestamp(seconds.saturating_add(i64::from(offset)), 0)
        .unwrap_or_default()
        .date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_the_authors_own() {
        // 2026-01-25T16:30Z is 01:30 on the 26th in Tokyo and 11:30 on the 25th in New York.
        let seconds = 1_769_358_600;
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(local_date(seconds, 9 * 3600), d(2026, 1, 26));
        assert_eq!(local_date(seconds, -5 * 3600), d(2026, 1, 25));
        assert_eq!(local_date(seconds, 0), d(2026, 1, 25));
    }
}
