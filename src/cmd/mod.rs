//! One module per subcommand; each stops the pipeline at a different stage.

pub mod build;
pub mod check;
pub mod new;
pub mod serve;
pub mod status;
pub mod watch;

use crate::date::today;
use crate::diagnostics::InputErrors;
use chrono::NaiveDate;
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
}

impl From<InputErrors> for Failure {
    fn from(e: InputErrors) -> Self {
        Failure::Input(e)
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
                eprintln!("{}:{}: error: {}", e.file, e.line, e.message);
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
    }
}
