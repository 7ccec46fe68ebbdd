//! The `tracker` command line: parse arguments, dispatch, map errors to exit codes.

use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;
use tracker::cmd;

/// mimalloc: builds allocate and free many small values across threads, where it is about
/// twice as fast as the system allocator (see the README's performance section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Keeps the process's memory close to what it uses. Measured on a 10,000-note build (see the
/// README's performance section): transparent huge pages on the memory mimalloc asks for,
/// and its default of returning freed memory 10 ms late, made the peak 240 MB; with huge
/// pages off and freed memory returned after 2 ms it is 160 MB, at the same speed (returning
/// it at once costs 5%). A long-running `watch` or `serve` keeps freed memory for the next
/// rebuild, which would otherwise fault it back in.
fn keep_memory_lean(long_running: bool) {
    // Huge pages only make the process bigger here; where they cannot be turned off, the
    // build runs the same.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    if !long_running {
        /// `mi_option_purge_delay` in mimalloc.h (the same in mimalloc 2 and 3): how many
        /// milliseconds freed memory waits before it goes back to the system.
        const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
        // SAFETY: setting an option is allowed at any time; mimalloc reads it at each purge.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 2) };
    }
}

/// Turn a markdown study plan into progress numbers and a dashboard.
#[derive(Debug, Parser)]
#[command(
    name = "tracker",
    version,
    about,
    propagate_version = true,
    after_help = "Examples:\n  tracker init my-study && cd my-study\n  tracker serve\n  tracker check --strict\n  tracker build --base-url https://you.github.io/study/\n\nEvery subcommand has its own --help with examples."
)]
struct Cli {
    #[command(flatten)]
    common: cmd::Common,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a new site: a plan, a config, a .gitignore and a GitHub Pages workflow.
    #[command(
        after_help = "Examples:\n  tracker init my-study          # the stream-processing plan, to make your own\n  tracker init my-study --blank  # a minimal plan: one phase, one module, one checkpoint\n  tracker init --force           # add what is missing here; existing files are kept"
    )]
    Init(cmd::init::Args),
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
        after_help = "Examples:\n  tracker serve\n  tracker serve --port 8080 --open\n  tracker serve --bind 0.0.0.0 --allow-host my-laptop.local   # reachable from other machines by that name"
    )]
    Serve(cmd::serve::Args),
    /// Start something new: `tracker new session` writes a note for today's session.
    #[command(
        subcommand,
        after_help = "Examples:\n  tracker new session\n  tracker new session --title \"Kafka partitions\" --modules 1.2,1.3"
    )]
    New(cmd::new::What),
    /// Print a shell's completion script for tracker on stdout.
    #[command(
        after_help = "Examples:\n  tracker completions bash > ~/.local/share/bash-completion/completions/tracker\n  tracker completions zsh > ~/.zfunc/_tracker     # with fpath+=~/.zfunc in ~/.zshrc\n  tracker completions fish > ~/.config/fish/completions/tracker.fish\n  tracker completions powershell >> $PROFILE"
    )]
    Completions(cmd::completions::Args),
    /// Print the man page (roff) on stdout: tracker(1), or a subcommand's page.
    #[command(
        after_help = "Examples:\n  tracker man | man -l -\n  tracker man > ~/.local/share/man/man1/tracker.1\n  tracker man build | man -l -"
    )]
    Man(cmd::completions::ManArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    keep_memory_lean(matches!(cli.command, Command::Watch(_) | Command::Serve(_)));
    let result = match cli.command {
        Command::Status(args) => cmd::status::run(&cli.common, &args),
        Command::Build(args) => cmd::build::run(&cli.common, &args),
        Command::Check(args) => cmd::check::run(&cli.common, &args),
        Command::Watch(args) => cmd::watch::run(&cli.common, &args),
        Command::Serve(args) => cmd::serve::run(&cli.common, &args),
        Command::New(what) => cmd::new::run(&cli.common, &what),
        Command::Init(args) => cmd::init::run(&cli.common, &args),
        Command::Completions(args) => cmd::completions::run(&mut Cli::command(), &args),
        Command::Man(args) => cmd::completions::man(Cli::command(), &args),
    };
    cmd::exit(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
