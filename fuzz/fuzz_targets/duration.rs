//! A duration as written in a note or the study log (`tracker::invariants::duration`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = tracker::invariants::duration(data) {
        panic!("{violation}");
    }
});
