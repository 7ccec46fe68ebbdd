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
    /// Also answer requests addressed to NAME (a host name or an address, such as the one
    /// other machines use with --bind 0.0.0.0). Repeatable. Only localhost, 127.0.0.1, [::1]
    /// and the --bind address are answered otherwise (403), so that no web page can read
    /// the site through a name of its own (DNS rebinding).
    #[arg(long = "allow-host", value_name = "NAME", value_parser = host_name)]
    pub allow_host: Vec<String>,
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
        allow_hosts: args.allow_host.clone(),
        open: args.open,
        poll: args.poll,
    };
    crate::serve::run(&common.root, args.build.overrides(), common.today, &options)
        .map_err(Failure::Serve)?;
    println!("stopped");
    Ok(())
}

/// An `--allow-host` value as the name it allows.
fn host_name(text: &str) -> Result<String, String> {
    crate::serve::hosts::host_name(text).ok_or_else(|| {
        format!(
            "'{text}' is not a host name; give a name such as my-laptop.local or an address such as 192.168.1.5"
        )
    })
}
