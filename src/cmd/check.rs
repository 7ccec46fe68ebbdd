//! `tracker check`: read everything, report every problem, write nothing.

use super::{Common, Failure};
use crate::diagnostics::{Diagnostic, InputErrors};
use crate::site::{Overrides, Site, SiteError};

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
    let site = Site::open(&common.root, Overrides::default())?;
    let mut errors: Vec<Diagnostic> = match site.theme() {
        Ok(_) => Vec::new(),
        Err(SiteError::Input(e)) => e,
        Err(e) => return Err(e.into()),
    };
    let study = match super::load_study(site.config.clone()) {
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
        println!("{}", w.warning());
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
