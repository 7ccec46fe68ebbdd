//! A tracker file: tree, roll-up counts, line numbers, report and JSON (`tracker::invariants::tracker`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = tracker::invariants::tracker(data) {
        panic!("{violation}");
    }
});
