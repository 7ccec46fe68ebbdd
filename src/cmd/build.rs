//! `tracker build`: the whole pipeline, from markdown to a static site on disk.

use super::{Common, Failure};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, InputErrors};
use crate::publish;
use crate::site;
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

/// Runs `tracker build`.
pub fn run(common: &Common, args: &Args) -> Result<(), Failure> {
    let started = Instant::now();
    let today = common.today()?;
    let mut config = Config::load(&common.root)?;
    if let Some(output) = &args.output {
        config.output = output.clone();
    }
    if let Some(theme) = &args.theme {
        config.theme = theme.clone();
    }
    if let Some(url) = &args.base_url {
        config.base_url = url.clone();
    }
    let output =
        publish::check_output(&config.output, &sources(&config)).map_err(Failure::Publish)?;
    let timings = crate::timings::Timings::from_env();
    let study = super::load_study(config)?;
    timings.mark("read and parse");
    let report = study.report(today);
    timings.mark("report");
    let config = &study.config;
    let site::Prepared {
        theme,
        tera,
        options,
    } = match site::prepare(config) {
        Ok(prepared) => prepared,
        Err(site::ThemeError::Unknown(message)) if args.theme.is_some() => {
            return Err(Failure::Usage(message));
        }
        Err(site::ThemeError::Unknown(message)) => {
            return Err(Failure::Input(InputErrors(vec![Diagnostic::new(
                crate::config::FILE_NAME,
                0,
                message,
            )])));
        }
        Err(site::ThemeError::Broken(errors)) => return Err(Failure::Input(InputErrors(errors))),
    };
    timings.mark("theme");
    let notes = study.notes();
    let busy = super::spinner(notes.len(), "rendering the pages");
    // Pages are written as they are rendered, into a folder that replaces the output whole
    // at the end; on an error it is removed and the output left as it was.
    let staging = publish::Staging::begin(&output, args.force).map_err(Failure::Publish)?;
    let rendered = site::render_to(&report, &theme, &tera, &options, &notes, None, &staging)
        .map_err(InputErrors)?;
    timings.mark("render and write");
    let pages = rendered.pages;
    busy.set_message("writing the site");
    let published = staging.finish().map_err(Failure::Publish)?;
    timings.mark("swap");
    drop(busy);
    for w in &report.warnings {
        eprintln!("{}", w.warning());
    }
    if let Some(aside) = &published.set_aside {
        eprintln!("the previous folder was set aside as {}", aside.display());
    }
    println!(
        "built {pages} page{} ({} files) in {} ms → {}",
        if pages == 1 { "" } else { "s" },
        published.files,
        started.elapsed().as_millis(),
        config.output.display()
    );
    // The process ends here: the system takes the study and the report back at once, faster
    // than freeing them value by value (dropping the study was 1.2% of a 10,000-note build's
    // profile).
    drop(notes);
    std::mem::forget(report);
    std::mem::forget(study);
    Ok(())
}

/// The site's inputs, which no output folder may be or hold.
pub fn sources(config: &Config) -> Vec<(PathBuf, &'static str)> {
    let mut sources = vec![
        (config.root.clone(), "site root"),
        (config.tracker.clone(), "tracker file"),
        (config.sessions.clone(), "sessions folder"),
        (config.root.join(crate::config::FILE_NAME), "config file"),
        (config.root.join("themes"), "themes folder"),
        (config.root.join("templates"), "templates folder"),
    ];
    if let Some(content) = config.tracker.parent() {
        sources.push((content.to_path_buf(), "content folder"));
    }
    sources
}
