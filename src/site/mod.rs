//! A site: one root folder, the one path from the learner's files to a published dashboard.
//!
//! Every command takes it: `status` stops after the report, `check` after compiling the theme,
//! `build` runs [`Site::build`] once, and `watch`/`serve` wrap it with what they keep between
//! builds (`crate::watch::Builder`).
//!
//! ```text
//! Site::open(root, overrides) ─▶ load (Study) ─▶ report ─▶ theme ─▶ render ─▶ publish
//! ```
//!
//! Where things are: [`paths`] says where each page lives, [`render`] makes the pages of a
//! report, [`templates`] compiles a [`theme`] and maps template errors, [`cache`] is what
//! `watch` keeps, [`output`] where rendered files go, [`badge`] and [`heatmap`] draw the
//! images of the dashboard.

mod assets;
pub mod badge;
pub mod cache;
pub mod feed;
pub mod heatmap;
pub mod markdown;
pub mod output;
mod pages;
pub mod paths;
pub mod render;
pub mod templates;
pub mod theme;
mod views;

pub use cache::RenderCache;
pub use output::{Files, Output};
pub use paths::{LOG_PAGE_SIZE, normalise_base_url, phases, slug};
pub use render::{Rendered, render, render_to};
pub use templates::{Options, Prepared, ThemeError, compile, prepare};

pub(crate) use render::{CHILDREN, Link, children_of};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, InputErrors};
use crate::publish::{self, PublishError};
use crate::report::Report;
use crate::study::Study;
use std::path::{Path, PathBuf};

/// What the command line may set over `tracker.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Where to write the site, instead of `output:`.
    pub output: Option<PathBuf>,
    /// The theme's name, instead of `theme:`.
    pub theme: Option<String>,
    /// The address the site is served at, instead of `base_url:`.
    pub base_url: Option<String>,
    /// Whether an output folder tracker did not make may be set aside and replaced.
    pub force: bool,
}

/// Why a site could not be built; the last good site is untouched.
#[derive(Debug)]
pub enum SiteError {
    /// Errors in the learner's files (the tracker, notes, `tracker.yaml`, the theme), each
    /// with its file and line.
    Input(Vec<Diagnostic>),
    /// A theme asked for on the command line that does not exist.
    Usage(String),
    /// The output folder could not be used or written; nothing was lost.
    Publish(PublishError),
}

impl From<InputErrors> for SiteError {
    fn from(e: InputErrors) -> Self {
        SiteError::Input(e.0)
    }
}

/// What a one-shot build published.
#[derive(Debug)]
pub struct Built {
    /// HTML pages rendered.
    pub pages: usize,
    /// Files in the published site.
    pub files: usize,
    /// Where an output folder that tracker did not make was set aside (`--force`).
    pub set_aside: Option<PathBuf>,
}

/// A site root with its settings: `tracker.yaml` with the command line's overrides applied.
#[derive(Debug, Clone)]
pub struct Site {
    /// The settings every stage reads.
    pub config: Config,
    overrides: Overrides,
}

impl Site {
    /// Reads `tracker.yaml` at `root` (defaults when there is none) and applies `overrides`.
    pub fn open(root: &Path, overrides: Overrides) -> Result<Site, InputErrors> {
        let mut config = Config::load(root)?;
        if let Some(output) = &overrides.output {
            config.output = output.clone();
        }
        if let Some(theme) = &overrides.theme {
            config.theme = theme.clone();
        }
        if let Some(url) = &overrides.base_url {
            config.base_url = url.clone();
        }
        Ok(Site { config, overrides })
    }

    /// Reads the tracker and every note (the *load* and *parse* stages).
    pub fn load(&self) -> Result<Study, InputErrors> {
        Study::load(self.config.clone())
    }

    /// The site's inputs, which no output folder may be or hold.
    pub fn sources(&self) -> Vec<(PathBuf, &'static str)> {
        let config = &self.config;
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

    /// The output folder, once it is known to be one tracker may write: never a source,
    /// never a folder of the learner's (see [`publish::check_output`]).
    pub fn output(&self) -> Result<PathBuf, SiteError> {
        publish::check_output(&self.config.output, &self.sources()).map_err(SiteError::Publish)
    }

    /// Whether an output folder tracker did not make may be set aside (`--force`).
    pub fn force(&self) -> bool {
        self.overrides.force
    }

    /// The theme loaded and compiled. An unknown theme is a usage error when the command
    /// line named it, else an error of `tracker.yaml`.
    pub fn theme(&self) -> Result<Prepared, SiteError> {
        prepare(&self.config).map_err(|e| match e {
            ThemeError::Unknown(message) if self.overrides.theme.is_some() => {
                SiteError::Usage(message)
            }
            ThemeError::Unknown(message) => {
                SiteError::Input(vec![Diagnostic::new(crate::config::FILE_NAME, 0, message)])
            }
            ThemeError::Broken(errors) => SiteError::Input(errors),
        })
    }

    /// Renders the report with a compiled theme and publishes it whole: pages are written as
    /// they render into a staging folder that replaces the output at once, and is removed
    /// on an error, leaving the last good site as it was.
    pub fn publish(
        &self,
        report: &Report,
        theme: &Prepared,
        notes: &std::collections::BTreeMap<String, &str>,
    ) -> Result<Built, SiteError> {
        let output = self.output()?;
        let staging = publish::Staging::begin(&output, self.force()).map_err(SiteError::Publish)?;
        let rendered = render_to(
            report,
            &theme.theme,
            &theme.tera,
            &theme.options,
            notes,
            None,
            &staging,
        )
        .map_err(SiteError::Input)?;
        let published = staging.finish().map_err(SiteError::Publish)?;
        Ok(Built {
            pages: rendered.pages,
            files: published.files,
            set_aside: published.set_aside,
        })
    }
}
