//! `tracker serve`: build, watch and serve with live reload.

use super::{Common, Failure};

/// Options of `tracker serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The options of `tracker build`.
    #[command(flatten)]
    pub build: super::build::Args,
    /// The port to listen on.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; the default serves this machine only.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the dashboard in the browser.
    #[arg(long)]
    pub open: bool,
    /// Look at the files every 250 ms instead of waiting for the system's events.
    #[arg(long)]
    pub poll: bool,
}

/// Runs `tracker serve`.
pub fn run(common: &Common, args: &Args) -> Result<(), Failure> {
    common.today()?;
    let options = crate::serve::Options {
        bind: args.bind.clone(),
        port: args.port,
        open: args.open,
        poll: args.poll,
    };
    crate::serve::run(&common.root, args.build.overrides(), common.today, &options)
        .map_err(Failure::Serve)?;
    println!("stopped");
    Ok(())
}
