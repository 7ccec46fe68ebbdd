//! `tracker build`: the whole pipeline, from markdown to a static site on disk.

use super::{Common, Failure};
use crate::site::{Overrides, Site};
use std::path::PathBuf;
use std::time::Instant;

/// Options of `tracker build`.
#[derive(Debug, Clone, Default, clap::Args)]
#[group(id = "build_options")]
pub struct Args {
    /// Where to write the site (default: `output:` in tracker.yaml, else public/ under the root).
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The theme to use (default: `theme:` in tracker.yaml, else `default`).
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
    /// The address the site will be served at, such as https://you.github.io/study/.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Replace an output folder tracker did not make, setting the old one aside (never deleted).
    #[arg(long)]
    pub force: bool,
}

impl Args {
    /// What these options set over `tracker.yaml`.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            output: self.output.clone(),
            theme: self.theme.clone(),
            base_url: self.base_url.clone(),
            force: self.force,
        }
    }
}

/// Runs `tracker build`: the site's one path, from markdown to a static site on disk.
pub fn run(common: &Common, args: &Args) -> Result<(), Failure> {
    let started = Instant::now();
    let today = common.today()?;
    let site = Site::open(&common.root, args.overrides())?;
    // An output that cannot be written fails before anything is read.
    site.output()?;
    let timings = crate::timings::Timings::from_env();
    let study = super::load_study(site.config.clone())?;
    timings.mark("read and parse");
    let report = study.report(today);
    timings.mark("report");
    let theme = site.theme()?;
    timings.mark("theme");
    let notes = study.notes();
    let busy = super::spinner(notes.len(), "rendering the pages");
    let built = site.publish(&report, &theme, &notes)?;
    timings.mark("render, write and swap");
    drop(busy);
    for w in &report.warnings {
        eprintln!("{}", w.warning());
    }
    if let Some(aside) = &built.set_aside {
        eprintln!("the previous folder was set aside as {}", aside.display());
    }
    let pages = built.pages;
    println!(
        "built {pages} page{} ({} files) in {} ms → {}",
        if pages == 1 { "" } else { "s" },
        built.files,
        started.elapsed().as_millis(),
        site.config.output.display()
    );
    // The process ends here: the system takes the study and the report back at once, faster
    // than freeing them value by value (dropping the study was 1.2% of a 10,000-note build's
    // profile).
    drop(notes);
    std::mem::forget(report);
    std::mem::forget(study);
    Ok(())
}
