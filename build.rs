//! Rebuilds the binary when a built-in theme changes: themes are embedded with include_dir.
//! Also fingerprints the code that reads a tracker, so the history cache (src/history/cache.rs)
//! made by another version of it is not used.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// What decides how a revision of the tracker is read: the parser, the counting, task
/// identities, and the versions of the crates (pulldown-cmark above all).
const PARSER_INPUTS: [&str; 5] = [
    "src/tracker",
    "src/source.rs",
    "src/history/identity.rs",
    "src/history/snapshot.rs",
    "Cargo.lock",
];

fn main() {
    println!("cargo:rerun-if-changed=themes");
    let mut files = Vec::new();
    for input in PARSER_INPUTS {
        println!("cargo:rerun-if-changed={input}");
        collect(Path::new(input), &mut files);
    }
    files.sort();
    let mut hasher = std::hash::DefaultHasher::new();
    for file in &files {
        file.hash(&mut hasher);
        std::fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    println!(
        "cargo:rustc-env=TRACKER_PARSER_FINGERPRINT={:016x}",
        hasher.finish()
    );
}

/// Every file at or below `path`.
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(entries) => {
            for entry in entries.flatten() {
                collect(&entry.path(), files);
            }
        }
        Err(_) if path.is_file() => files.push(path.to_path_buf()),
        Err(_) => {}
    }
}
