//! `tracker check`: read everything, report every problem, write nothing.

use super::{Common, Failure};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, InputErrors};
use crate::site::{self, theme};

/// Options of `tracker check`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Fail on warnings too (exit 1), for a pre-commit hook that keeps the tracker clean.
    #[arg(long)]
    pub strict: bool,
}

/// Runs `tracker check`: the config, the tracker, every note and the theme's templates.
pub fn run(common: &Common, args: &Args) -> Result<(), Failure> {
    let today = common.today()?;
    let config = Config::load(&common.root)?;
    let mut errors: Vec<Diagnostic> = Vec::new();
    match theme::load(&config.root, &config.theme) {
        Ok(Some(t)) => {
            let options = site::Options {
                base_url: site::normalise_base_url(&config.base_url),
                allow_html: config.allow_html,
            };
            if let Err(e) = site::compile(&t, &options) {
                errors.extend(e);
            }
        }
        Ok(None) => errors.push(Diagnostic::new(
            crate::config::FILE_NAME,
            0,
            format!(
                "unknown theme '{}'; the available themes are: {}",
                config.theme,
                theme::available(&config.root).join(", ")
            ),
        )),
        Err(e) => errors.extend(e),
    }
    let study = match super::load_study(config) {
        Ok(s) => s,
        Err(InputErrors(e)) => {
            errors.extend(e);
            return Err(Failure::Input(InputErrors(errors)));
        }
    };
    let report = study.report(today);
    if !errors.is_empty() {
        return Err(Failure::Input(InputErrors(errors)));
    }
    for w in &report.warnings {
        println!("{}:{}: warning: {}", w.file, w.line, w.message);
    }
    let n = report.warnings.len();
    let notes = study.sessions.iter().filter(|s| s.body.is_some()).count();
    println!(
        "checked {} and {notes} note{}: no errors, {n} warning{}",
        study.tracker_name,
        if notes == 1 { "" } else { "s" },
        if n == 1 { "" } else { "s" }
    );
    if args.strict && n > 0 {
        return Err(Failure::Strict(n));
    }
    Ok(())
}
