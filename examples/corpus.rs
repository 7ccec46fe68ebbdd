//! Writes a deterministic study site for benchmarks and experiments.
//!
//!     cargo run --release --example corpus -- <notes> <seed> <dir>
//!
//! `<dir>` gets `content/tracker.md` (about notes/2 modules) and `content/sessions/` (the
//! notes); the same arguments always write the same bytes.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(notes), Some(seed), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1).and_then(|s| s.parse::<u64>().ok()),
        args.get(2).map(PathBuf::from),
    ) else {
        eprintln!("usage: cargo run --example corpus -- <notes> <seed> <dir>");
        return ExitCode::from(2);
    };
    match corpus::write_site(&dir, notes, seed) {
        Ok(written) => {
            println!(
                "wrote {} with {} modules and {} notes (as of {})",
                dir.display(),
                corpus::modules_for(notes),
                written.len(),
                corpus::TODAY
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
