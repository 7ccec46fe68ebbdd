//! One module per subcommand; each stops the pipeline at a different stage.

pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod new;
pub mod serve;
pub mod status;
pub mod watch;

use crate::config::Config;
use crate::date::today;
use crate::diagnostics::InputErrors;
use crate::study::Study;
use chrono::NaiveDate;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Options every subcommand takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// The site root: where `tracker.yaml` and `content/` are.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The date to compute everything as of (default: SOURCE_DATE_EPOCH, else the local date).
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<NaiveDate>,
}

impl Common {
    /// The one date of this run.
    pub fn today(&self) -> Result<NaiveDate, Failure> {
        today(self.today).map_err(|e| Failure::Usage(e.to_string()))
    }
}

fn parse_today(text: &str) -> Result<NaiveDate, String> {
    crate::date::parse_ymd(text.trim()).ok_or_else(|| {
        format!("'{text}' is not a date; write it as YYYY-MM-DD, such as 2026-01-21")
    })
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The learner's files have errors (exit 1).
    Input(InputErrors),
    /// The command was called wrongly (exit 2).
    Usage(String),
    /// The site could not be written; nothing was lost (exit 1).
    Publish(crate::publish::PublishError),
    /// `check --strict` found warnings (exit 1).
    Strict(usize),
    /// The server could not start or failed (exit 1).
    Serve(String),
    /// Writing output failed (exit 1).
    Io(std::io::Error),
    /// The command would have touched something the learner owns; nothing was written (exit 1).
    Refused(String),
}

impl From<InputErrors> for Failure {
    fn from(e: InputErrors) -> Self {
        Failure::Input(e)
    }
}

impl From<crate::site::SiteError> for Failure {
    fn from(e: crate::site::SiteError) -> Self {
        match e {
            crate::site::SiteError::Input(errors) => Failure::Input(InputErrors(errors)),
            crate::site::SiteError::Usage(message) => Failure::Usage(message),
            crate::site::SiteError::Publish(e) => Failure::Publish(e),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

/// Prints a failure on stderr and gives the exit code: 0 fine, 1 input errors, 2 usage.
pub fn exit(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(errors)) => {
            for e in &errors.0 {
                eprintln!("{}", e.error());
            }
            let n = errors.0.len();
            eprintln!("tracker: {n} error{} found", if n == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
        Err(Failure::Usage(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Publish(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
        Err(Failure::Strict(n)) => {
            eprintln!(
                "tracker: {n} warning{} and --strict",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
        Err(Failure::Serve(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
        Err(Failure::Refused(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// More notes than this, and reading them shows a progress bar on a terminal.
pub const PROGRESS_THRESHOLD: usize = 200;

/// Whether reading `notes` notes shows a progress bar: only on a terminal, and only when
/// there are enough of them for the wait to be noticed.
pub fn shows_progress(stderr_is_terminal: bool, notes: usize) -> bool {
    stderr_is_terminal && notes > PROGRESS_THRESHOLD
}

/// Reads the study a config points at, as [`Study::load`] does, with a progress bar on
/// stderr while reading many notes on a terminal. Piped, it is [`Study::load`] itself.
pub fn load_study(config: Config) -> Result<Study, InputErrors> {
    if !std::io::stderr().is_terminal() {
        return Study::load(config);
    }
    let bar = std::sync::OnceLock::new();
    let start = |total: usize| {
        let shown = if shows_progress(true, total) {
            let style = indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> ");
            indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::stderr(),
            )
            .with_style(style)
            .with_message("reading notes")
            .with_finish(indicatif::ProgressFinish::AndClear)
        } else {
            indicatif::ProgressBar::hidden()
        };
        let _ = bar.set(shown);
    };
    let read = || {
        if let Some(b) = bar.get() {
            b.inc(1);
        }
    };
    let study = Study::load_with_progress(config, start, read);
    if let Some(b) = bar.get() {
        b.finish_and_clear();
    }
    study
}

/// A spinner on stderr saying what a long step is doing, for a site of `notes` notes: shown
/// on a terminal when [`shows_progress`], hidden otherwise. It clears itself when dropped.
pub fn spinner(notes: usize, message: &'static str) -> indicatif::ProgressBar {
    if !shows_progress(std::io::stderr().is_terminal(), notes) {
        return indicatif::ProgressBar::hidden();
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr())
            .with_style(indicatif::ProgressStyle::default_spinner())
            .with_message(message)
            .with_finish(indicatif::ProgressFinish::AndClear);
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_shows_on_a_terminal_with_many_notes_only() {
        assert!(shows_progress(true, PROGRESS_THRESHOLD + 1));
        assert!(!shows_progress(true, PROGRESS_THRESHOLD));
        assert!(!shows_progress(false, 10_000));
    }
}
