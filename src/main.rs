//! The `tracker` command line: parse arguments, dispatch, map errors to exit codes.

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use tracker::cmd;

/// Turn a markdown study plan into progress numbers and a dashboard.
#[derive(Debug, Parser)]
#[command(name = "tracker", version, about, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    common: cmd::Common,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print progress: overall, per phase, checkpoints, the plan and every warning.
    #[command(
        after_help = "Examples:\n  tracker status\n  tracker status --json --today 2026-02-01\n  tracker status --root ~/study"
    )]
    Status(cmd::status::Args),
    /// Build the dashboard: a static site in public/ (or --output).
    #[command(
        after_help = "Examples:\n  tracker build\n  tracker build --theme paper --output site\n  tracker build --base-url https://you.github.io/study/"
    )]
    Build(cmd::build::Args),
    /// Start something new: `tracker new session` writes a note for today's session.
    #[command(subcommand)]
    New(cmd::new::What),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Status(args) => cmd::status::run(&cli.common, &args),
        Command::Build(args) => cmd::build::run(&cli.common, &args),
        Command::New(what) => cmd::new::run(&cli.common, &what),
    };
    cmd::exit(result)
}
