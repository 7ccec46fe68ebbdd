//! What `watch` keeps between builds: page fingerprints, template values and the pieces of
//! `progress.json`.

use super::views;
use crate::report;
use tera::Value;

/// What earlier builds made, kept by `watch` between builds so that a save makes again only
/// what it changed; a new theme needs a new cache. It keeps only what the last build used.
/// - For pages of a lean context (sessions, phases, later pages of the study log), a
///   fingerprint of everything in their context, by output path: an output that still holds
///   the page (see [`Output::keep`]) need not get it again.
/// - Template values made from one top-level section or one session, each top-level
///   section's part of the dashboard's views, and the pieces of `progress.json`, by a key of
///   what they are made from. Each build keeps only the ones it used.
#[derive(Debug, Default)]
pub struct RenderCache {
    pub(super) pages: std::collections::HashMap<String, u64>,
    pub(super) values: Values,
    pub(super) json: report::JsonCache,
}

/// Template values by a key of what they are made from.
#[derive(Debug, Default)]
pub(super) struct Values {
    pub(super) sections: std::collections::HashMap<u64, (Value, views::Part)>,
    pub(super) sessions: std::collections::HashMap<u64, (Value, Vec<Value>)>,
}

impl RenderCache {
    /// How many pages it keeps.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// Whether the last render made `file` from inputs of this key.
    pub(super) fn holds(&self, file: &str, key: u64) -> bool {
        self.pages.get(file) == Some(&key)
    }
}
