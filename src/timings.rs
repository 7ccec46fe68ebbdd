//! Time per stage, for profiling a build: `TRACKER_TIMINGS=1 tracker build`.

use std::time::Instant;

/// Time per stage on standard error, when `TRACKER_TIMINGS` is set: for profiling.
pub struct Timings(Option<std::cell::Cell<Instant>>);

impl Timings {
    /// Starts the clock when `TRACKER_TIMINGS` is set.
    pub fn from_env() -> Self {
        Timings(std::env::var_os("TRACKER_TIMINGS").map(|_| std::cell::Cell::new(Instant::now())))
    }

    /// Prints the time since the last mark, and the peak memory so far.
    pub fn mark(&self, stage: &str) {
        if let Some(last) = &self.0 {
            // The peak resident memory so far, where the system says it.
            let peak = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find_map(|l| l.strip_prefix("VmHWM:").map(|v| v.trim().to_string()))
                })
                .unwrap_or_default();
            eprintln!(
                "{stage:>16}: {:>6.1} ms, peak memory {peak}",
                last.get().elapsed().as_secs_f64() * 1000.0
            );
            last.set(Instant::now());
        }
    }
}
