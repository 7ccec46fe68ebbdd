//! What the history keeps of one revision of the tracker: its overall progress and which of
//! its tasks were done.

use super::identity::{self, TaskKey};
use crate::source::SourceFile;
use crate::tracker::count;
use crate::tracker::kinds::KindRules;
use crate::tracker::model::Document;

/// One revision of the tracker, reduced to what its history needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The fingerprint of its text ([`text_key`]): two revisions with the same text are one.
    pub text: u64,
    /// Ticked tasks of overall progress (§3).
    pub done: usize,
    /// All tasks of overall progress.
    pub total: usize,
    /// The keys of its ticked tasks, every kind of task, sorted.
    pub done_tasks: Vec<TaskKey>,
}

impl Snapshot {
    /// A revision as stored in git: read with today's parser and kinds, invalid UTF-8
    /// replaced, its warnings dropped.
    pub fn of_bytes(bytes: &[u8], rules: &KindRules) -> Snapshot {
        let source = SourceFile::from_text("history", String::from_utf8_lossy(bytes));
        let (doc, _) = crate::tracker::read(&source, rules);
        Snapshot::of_document(&doc, text_key(&source.text))
    }

    /// A parsed revision whose text has the fingerprint `text`.
    pub fn of_document(doc: &Document, text: u64) -> Snapshot {
        Snapshot::of_keys(doc, &identity::keys(doc), text)
    }

    /// [`Snapshot::of_document`] with the document's task keys already made.
    pub fn of_keys(doc: &Document, keys: &[Vec<TaskKey>], text: u64) -> Snapshot {
        let progress = count::totals(doc).progress;
        let mut done_tasks: Vec<TaskKey> = doc
            .nodes
            .iter()
            .zip(keys)
            .flat_map(|(node, keys)| {
                node.tasks
                    .iter()
                    .zip(keys)
                    .filter(|(task, _)| task.done)
                    .map(|(_, key)| *key)
            })
            .collect();
        done_tasks.sort_unstable();
        done_tasks.dedup();
        Snapshot {
            text,
            done: progress.done,
            total: progress.total,
            done_tasks,
        }
    }

    /// Whether the task with this key is ticked in this revision.
    pub fn is_done(&self, key: TaskKey) -> bool {
        self.done_tasks.binary_search(&key).is_ok()
    }
}

/// The fingerprint of a tracker's text as the history compares revisions: a leading BOM
/// dropped (pass the text of a [`SourceFile`], which has none) and CRLF read as LF.
pub fn text_key(text: &str) -> u64 {
    use std::hash::Hasher as _;
    let mut h = crate::fingerprint::Hasher::new();
    let mut pieces = text.split("\r\n");
    if let Some(first) = pieces.next() {
        h.write(first.as_bytes());
    }
    for piece in pieces {
        h.write(b"\n");
        h.write(piece.as_bytes());
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_reads_as_lf_and_a_bom_is_dropped() {
        let lf = SourceFile::from_text("a", "# T\n- [x] a\n");
        let crlf = SourceFile::from_text("a", "\u{feff}# T\r\n- [x] a\r\n");
        assert_eq!(text_key(&lf.text), text_key(&crlf.text));
        assert_ne!(text_key("# T\n"), text_key("# T\n\n"));
        // Streaming the pieces must not hash like their concatenation without the line ends.
        assert_ne!(text_key("a\r\nb"), text_key("ab"));
        assert_eq!(text_key("a\r\nb"), text_key("a\nb"));
    }

    #[test]
    fn a_snapshot_counts_overall_progress_and_keeps_every_ticked_task() {
        let text = "# P\n## Overall Progress\n- [x] A\n## A\n- [x] one\n- [ ] two\n\
                    ## Extras (Optional)\n- [x] extra\n";
        let s = Snapshot::of_bytes(text.as_bytes(), KindRules::builtin());
        assert_eq!((s.done, s.total), (1, 2));
        assert_eq!(
            s.done_tasks.len(),
            3,
            "summary and optional ticks are kept too"
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_not_an_error() {
        let s = Snapshot::of_bytes(b"# P\n## A\n- [x] caf\xe9\n", KindRules::builtin());
        assert_eq!((s.done, s.total), (1, 1));
    }
}
