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
    /// Check the tracker, every note, the config and the theme; write nothing.
    #[command(
        after_help = "Examples:\n  tracker check\n  tracker check --strict      # warnings fail too, for a pre-commit hook"
    )]
    Check(cmd::check::Args),
    /// Build the dashboard: a static site in public/ (or --output).
    #[command(
        after_help = "Examples:\n  tracker build\n  tracker build --theme paper --output site\n  tracker build --base-url https://you.github.io/study/"
    )]
    Build(cmd::build::Args),
    /// Build, then rebuild on every save until Ctrl-C; errors never stop it.
    #[command(
        after_help = "Examples:\n  tracker watch\n  tracker watch --poll        # for WSL2, network drives, containers"
    )]
    Watch(cmd::watch::Args),
    /// Build, watch, and serve the dashboard at http://127.0.0.1:1111/ with live reload.
    #[command(
        after_help = "Examples:\n  tracker serve\n  tracker serve --port 8080 --open\n  tracker serve --bind 0.0.0.0   # reachable from other machines"
    )]
    Serve(cmd::serve::Args),
    /// Start something new: `tracker new session` writes a note for today's session.
    #[command(subcommand)]
    New(cmd::new::What),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Status(args) => cmd::status::run(&cli.common, &args),
        Command::Build(args) => cmd::build::run(&cli.common, &args),
        Command::Check(args) => cmd::check::run(&cli.common, &args),
        Command::Watch(args) => cmd::watch::run(&cli.common, &args),
        Command::Serve(args) => cmd::serve::run(&cli.common, &args),
        Command::New(what) => cmd::new::run(&cli.common, &what),
    };
    cmd::exit(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
