//! A task's identity from one revision of the tracker to the next (TRACKER-FORMAT §9): the
//! titles of the sections above it, its text, and which occurrence of that pair it is.

use crate::fingerprint::Hasher;
use crate::tracker::model::Document;
use std::collections::HashMap;
use std::hash::Hasher as _;

/// A task's identity, as a fingerprint of its section path, its text and its occurrence.
///
/// Two tasks are the same task when their keys are equal. The key is a 64-bit XXH3 hash: of
/// the few thousand tasks a plan has over its whole history, two collide with a chance below
/// one in a million million.
pub type TaskKey = u64;

/// The key of every task of `doc`: `keys[node][task]` for the node's tasks in order.
///
/// A task's section path is the titles of the nodes above it, top-level section first,
/// without the document title; the first, second, … task with the same path and text (in
/// document order) are different tasks.
pub fn keys(doc: &Document) -> Vec<Vec<TaskKey>> {
    let mut paths: Vec<u64> = Vec::with_capacity(doc.nodes.len());
    let mut seen: HashMap<(u64, &str), u32> = HashMap::new();
    let mut keys = Vec::with_capacity(doc.nodes.len());
    for node in &doc.nodes {
        let path = match node.parent {
            // The root's own tasks have an empty path: the document title is not part of it.
            None => 0,
            Some(parent) => {
                let mut h = Hasher::new();
                h.write_u64(paths[parent.0]);
                text(&mut h, &node.title);
                h.finish()
            }
        };
        paths.push(path);
        let own = node
            .tasks
            .iter()
            .map(|task| {
                let nth = seen.entry((path, task.text.as_str())).or_insert(0);
                *nth += 1;
                let mut h = Hasher::new();
                h.write_u64(path);
                text(&mut h, &task.text);
                h.write_u32(*nth);
                h.finish()
            })
            .collect();
        keys.push(own);
    }
    keys
}

/// Hashes a text with its length first, so that no two sequences of texts hash alike by
/// running into each other.
fn text(h: &mut Hasher, s: &str) {
    h.write_usize(s.len());
    h.write(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::tracker::kinds::KindRules;

    fn keys_of(text: &str) -> Vec<TaskKey> {
        let source = SourceFile::from_text("t.md", text);
        let (doc, _) = crate::tracker::read(&source, KindRules::builtin());
        keys(&doc).into_iter().flatten().collect()
    }

    #[test]
    fn a_task_is_its_section_path_and_text() {
        let a = keys_of("# Plan\n\n## A\n\n### B\n- [ ] read\n- [x] write\n");
        // Ticking a box, moving a task down a line and renaming the document keep the keys.
        let b = keys_of("# Other title\n\n## A\n\n\n### B\n- [x] read\n- [ ] write\n");
        assert_eq!(a, b);
        assert_ne!(a[0], a[1]);
    }

    #[test]
    fn another_path_or_text_is_another_task() {
        let base = keys_of("# P\n## A\n### B\n- [ ] read\n");
        assert_ne!(base, keys_of("# P\n## A\n### C\n- [ ] read\n"));
        assert_ne!(base, keys_of("# P\n## X\n### B\n- [ ] read\n"));
        assert_ne!(base, keys_of("# P\n## A\n### B\n- [ ] read it\n"));
        // The same titles in another nesting are another path.
        assert_ne!(base, keys_of("# P\n## A\n## B\n- [ ] read\n"));
    }

    #[test]
    fn repeated_tasks_are_told_apart_by_occurrence() {
        let k = keys_of("# P\n## A\n- [ ] again\n- [ ] again\n## A\n- [ ] again\n");
        assert_eq!(k.len(), 3);
        assert!(k[0] != k[1] && k[1] != k[2] && k[0] != k[2]);
        // Removing the first leaves the others as the first and second occurrence.
        let fewer = keys_of("# P\n## A\n- [ ] again\n## A\n- [ ] again\n");
        assert_eq!(fewer, k[..2]);
    }

    #[test]
    fn root_tasks_have_an_empty_path() {
        let a = keys_of("- [ ] first\n# Title\n");
        let b = keys_of("- [x] first\n");
        assert_eq!(a, b);
    }
}
