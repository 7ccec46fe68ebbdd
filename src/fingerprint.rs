//! Fingerprints: 64-bit hashes of values and bytes, by which `watch` tells what changed
//! between builds.
//!
//! They are XXH3 (the `xxhash-rust` crate): a save hashes megabytes (every note, the
//! pages, `progress.json`), where XXH3 is many times faster than the standard library's
//! SipHash. It passes the SMHasher quality tests; nothing here needs resistance to crafted
//! collisions, since the inputs are the learner's own files.

use serde::Serialize;
use std::hash::{Hash, Hasher as _};

/// The hasher every fingerprint is made with.
pub type Hasher = xxhash_rust::xxh3::Xxh3Default;

/// The fingerprint of a value by its `Hash`.
pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = Hasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The fingerprint of some bytes.
pub fn bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The fingerprint of a value's JSON form, for values that have no `Hash` (numbers with a
/// fraction, template values).
pub fn json<T: Serialize + ?Sized>(value: &T) -> u64 {
    thread_local! {
        /// The JSON of the last value, kept to spare an allocation per call.
        static JSON: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    JSON.with_borrow_mut(|json| {
        json.clear();
        // A value that cannot be serialized has no JSON form to differ in.
        let _ = serde_json::to_writer(&mut *json, value);
        bytes(json)
    })
}
