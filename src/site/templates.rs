//! Themes compiled into Tera templates, with the filters themes may use, and template errors
//! as diagnostics at their file and line.

use super::markdown;
use super::paths::{normalise_base_url, slug};
use super::theme::{self, Theme};
use crate::diagnostics::Diagnostic;
use tera::{Kwargs, State, Tera, Value};

/// How a site is rendered, beyond the report.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the site is served, ending with `/` (GitHub Pages: `https://user.github.io/repo/`).
    pub base_url: String,
    /// Whether raw HTML in the learner's markdown passes through.
    pub allow_html: bool,
}

/// A theme loaded and compiled for a config, ready to render.
pub struct Prepared {
    /// The theme's files.
    pub theme: Theme,
    /// Its compiled templates.
    pub tera: Tera,
    /// How it renders.
    pub options: Options,
}

/// Why a config's theme cannot be used.
#[derive(Debug, Clone)]
pub enum ThemeError {
    /// No theme has that name; the message lists the available ones.
    Unknown(String),
    /// The theme's files have errors.
    Broken(Vec<Diagnostic>),
}

/// Loads the config's theme (the site's own, else the built-in) and compiles it.
pub fn prepare(config: &crate::config::Config) -> Result<Prepared, ThemeError> {
    let theme = match theme::load(&config.root, &config.theme) {
        Ok(Some(theme)) => theme,
        Ok(None) => {
            return Err(ThemeError::Unknown(format!(
                "unknown theme '{}'; the available themes are: {}",
                config.theme,
                theme::available(&config.root).join(", ")
            )));
        }
        Err(errors) => return Err(ThemeError::Broken(errors)),
    };
    let options = Options {
        base_url: normalise_base_url(&config.base_url),
        allow_html: config.allow_html,
    };
    let tera = compile(&theme, &options).map_err(ThemeError::Broken)?;
    Ok(Prepared {
        theme,
        tera,
        options,
    })
}

/// Compiles a theme's templates, with the filters themes may use.
pub fn compile(theme: &Theme, options: &Options) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml", ".svg"]);
    let allow_html = options.allow_html;
    tera.register_filter("markdown", move |text: &str, kwargs: Kwargs, _: &State| {
        let inline = kwargs.get::<bool>("inline").ok().flatten().unwrap_or(false);
        let shift = kwargs.get::<u8>("shift").ok().flatten().unwrap_or(0);
        Value::safe_string(&markdown::render_shifted(text, allow_html, inline, shift))
    });
    tera.register_filter("duration", |minutes: u64, _: Kwargs, _: &State| {
        crate::sessions::duration::describe(minutes)
    });
    tera.register_filter("slug", |text: &str, _: Kwargs, _: &State| slug(text));
    let mut errors = Vec::new();
    // All at once, so a template may extend or include any other whatever their names.
    if let Err(e) = tera.add_raw_templates(theme.templates.iter()) {
        let message = template_error(&e);
        let name = theme
            .templates
            .keys()
            .find(|n| message.contains(&format!("--> {n}:")) || message.contains(&format!("'{n}'")))
            .cloned()
            .unwrap_or_default();
        let origin = theme
            .origins
            .get(&name)
            .cloned()
            .unwrap_or_else(|| format!("themes/{}/templates", theme.name));
        errors.push(template_diagnostic(origin, &name, &e));
    }
    for required in ["index.html", "phase.html", "404.html"] {
        if errors.is_empty() && !tera.contains_template(required) {
            errors.push(Diagnostic::new(
                format!("themes/{}/templates/{required}", theme.name),
                0,
                format!("the theme has no `{required}` template; add one"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(tera)
    } else {
        Err(errors)
    }
}

/// Tera's message with its causes, on one line.
fn template_error(e: &tera::Error) -> String {
    use std::error::Error;
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let folded = message.split_whitespace().collect::<Vec<_>>().join(" ");
    folded.trim_start_matches("error: ").to_string()
}

/// A template error as a diagnostic at the template's file and, where Tera says it
/// (`--> index.html:77:64`), its line.
pub(super) fn template_diagnostic(origin: String, template: &str, e: &tera::Error) -> Diagnostic {
    let message = template_error(e);
    let marker = format!("--> {template}:");
    let line = message
        .find(&marker)
        .map(|i| &message[i + marker.len()..])
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Diagnostic::new(origin, line, message)
}
