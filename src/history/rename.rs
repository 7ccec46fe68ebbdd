//! Following the tracker across a rename, as git's default rename detection sees one: a file
//! deleted and a file added in the same commit whose contents are at least 50% similar.

use gix::object::tree::diff::Change;
use std::ops::ControlFlow;

/// The tracker's path and blob in `parent` when `tree` (its child) holds it at `path` under a
/// name the parent does not have; `None` when the file was added in the child.
pub fn source(
    parent: &gix::Tree<'_>,
    tree: &gix::Tree<'_>,
    path: &str,
) -> Result<Option<(String, gix::ObjectId)>, String> {
    let mut found = None;
    let mut changes = parent.changes().map_err(|e| e.to_string())?;
    changes.options(|o| {
        o.track_path()
            .track_rewrites(Some(gix::diff::Rewrites::default()));
    });
    changes
        .for_each_to_obtain_tree(tree, |change| {
            if let Change::Rewrite {
                source_location,
                source_id,
                location,
                copy: false,
                ..
            } = change
                && location == path
            {
                found = Some((source_location.to_string(), source_id.detach()));
                return Ok(ControlFlow::Break(()));
            }
            Ok(ControlFlow::Continue(()))
        })
        .map_err(|e| e.to_string())?;
    Ok(found)
}
