//! `tracker watch`: build, then rebuild on every change until Ctrl-C.

use super::{Common, Failure};
use crate::watch::{Builder, Signal, run_loop};
use std::sync::mpsc;

/// Options of `tracker watch`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The options of `tracker build`.
    #[command(flatten)]
    pub build: super::build::Args,
    /// Look at the files every 250 ms instead of waiting for the system's events (for WSL2,
    /// network drives and some containers).
    #[arg(long)]
    pub poll: bool,
}

/// Runs `tracker watch`.
pub fn run(common: &Common, args: &Args) -> Result<(), Failure> {
    // A bad SOURCE_DATE_EPOCH is a usage error before anything starts.
    common.today()?;
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    })
    .map_err(|e| Failure::Usage(format!("cannot listen for Ctrl-C: {e}")))?;
    let mut builder = Builder::new(&common.root, args.build.overrides(), common.today);
    run_loop(&mut builder, args.poll, tx, rx, |_| {}).map_err(Failure::Usage)?;
    println!("stopped");
    Ok(())
}
