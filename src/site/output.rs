//! Where rendered files go: into memory, a staging folder, or the changes of a published site.

use std::collections::BTreeMap;

/// The files of a built site by path relative to the output folder (`/`-separated).
pub type Files = BTreeMap<String, Vec<u8>>;

/// Where rendered files go: kept in memory ([`render`]) or written as they come (a
/// [`crate::publish::Staging`]), so a build never holds the whole site at once.
pub trait Output: Sync {
    /// Takes one file of the site, by its path relative to the output folder (`/`-separated).
    /// Called from several threads.
    fn put(&self, path: &str, bytes: &[u8]);

    /// Keeps the file the last render gave `path`, when the output still holds it: a page
    /// whose inputs did not change is then not rendered again. Returns false when it does
    /// not (an output that starts empty, as a staging folder or files in memory).
    fn keep(&self, _path: &str) -> bool {
        false
    }
}

/// Files kept in memory.
#[derive(Default)]
pub(super) struct Collect(pub(super) std::sync::Mutex<Files>);

impl Output for Collect {
    fn put(&self, path: &str, bytes: &[u8]) {
        if let Ok(mut files) = self.0.lock() {
            files.insert(path.to_string(), bytes.to_vec());
        }
    }
}
