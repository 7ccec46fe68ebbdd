//! A `tracker.yaml`, and its kind rules on a small plan (`tracker::invariants::config`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = tracker::invariants::config(data) {
        panic!("{violation}");
    }
});
