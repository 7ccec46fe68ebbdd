//! The fuzz targets' checks (`tracker::invariants`) over their committed inputs, without
//! cargo-fuzz: the seed corpus (`fuzz/seeds/<target>/`) and every input a fuzzer once broke
//! (`fuzz/regressions/<target>/`).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use tracker::invariants::{self, Checked};

/// Runs `check` on every file under `fuzz/{seeds,regressions}/<target>/`; a panic counts as a
/// failure. Returns how many files were checked.
fn replay(target: &str, check: fn(&[u8]) -> Checked) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failures = Vec::new();
    let mut checked = 0;
    for folder in ["seeds", "regressions"] {
        let dir = root.join(folder).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).unwrap();
            checked += 1;
            match catch_unwind(AssertUnwindSafe(|| check(&data))) {
                Ok(Ok(())) => {}
                Ok(Err(violation)) => failures.push(format!("{}: {violation}", path.display())),
                Err(_) => failures.push(format!("{}: panicked", path.display())),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    checked
}

#[test]
fn tracker_inputs_keep_the_invariants() {
    assert!(
        replay("tracker", invariants::tracker) > 0,
        "no tracker seeds"
    );
}

#[test]
fn note_inputs_keep_the_invariants() {
    assert!(replay("note", invariants::note) > 0, "no note seeds");
}

#[test]
fn duration_inputs_keep_the_invariants() {
    assert!(
        replay("duration", invariants::duration) > 0,
        "no duration seeds"
    );
}

#[test]
fn config_inputs_keep_the_invariants() {
    assert!(replay("config", invariants::config) > 0, "no config seeds");
}
