//! A session note: the front matter splitter and the note reader (`tracker::invariants::note`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = tracker::invariants::note(data) {
        panic!("{violation}");
    }
});
