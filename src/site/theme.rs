//! Themes: the built-in ones embedded in the binary, a site's own, and single-template
//! overrides (Zola's order: the site's `templates/`, then the theme, then the built-in).

use crate::diagnostics::Diagnostic;
use crate::sessions::discover::skipped;
use crate::source::display_name;
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::Path;

/// The themes that ship inside the binary.
static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// A theme ready to render: its templates by name and its static files by path.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// The theme's name.
    pub name: String,
    /// Template sources by name, such as `index.html` or `partials/bar.html`.
    pub templates: BTreeMap<String, String>,
    /// Where each template came from, for error messages.
    pub origins: BTreeMap<String, String>,
    /// Static files by output path, such as `style.css`.
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// The names of every theme a site can use: built-in and its own `themes/` folders.
pub fn available(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = BUILT_IN
        .dirs()
        .filter_map(|d| d.path().file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    if let Ok(entries) = std::fs::read_dir(root.join("themes")) {
        for entry in entries.flatten() {
            if entry.path().is_dir() {
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Loads theme `name` for the site at `root`, with the site's template overrides applied.
///
/// `None` means there is no theme of that name.
pub fn load(root: &Path, name: &str) -> Result<Option<Theme>, Vec<Diagnostic>> {
    let valid_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.');
    if !valid_name {
        return Ok(None);
    }
    let own = root.join("themes").join(name);
    let mut theme = Theme {
        name: name.to_string(),
        ..Theme::default()
    };
    let mut errors = Vec::new();
    if own.is_dir() {
        read_dir_into(
            root,
            &own.join("templates"),
            &mut errors,
            |rel, text, origin| {
                theme.origins.insert(rel.clone(), origin);
                theme.templates.insert(rel, text);
            },
        );
        read_assets(root, &own.join("static"), &mut theme.assets, &mut errors);
    } else if let Some(dir) = BUILT_IN.get_dir(name) {
        for file in walk(dir) {
            let path = file.path().strip_prefix(name).unwrap_or(file.path());
            let rel = path
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if let Some(t) = rel.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(file.contents()).into_owned();
                theme
                    .origins
                    .insert(t.to_string(), format!("(built-in theme {name})/{rel}"));
                theme.templates.insert(t.to_string(), text);
            } else if let Some(s) = rel.strip_prefix("static/") {
                theme.assets.insert(s.to_string(), file.contents().to_vec());
            }
        }
    } else {
        return Ok(None);
    }
    read_dir_into(
        root,
        &root.join("templates"),
        &mut errors,
        |rel, text, origin| {
            theme.origins.insert(rel.clone(), origin);
            theme.templates.insert(rel, text);
        },
    );
    if errors.is_empty() {
        Ok(Some(theme))
    } else {
        Err(errors)
    }
}

fn walk<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        files.extend(d.files());
        stack.extend(d.dirs());
    }
    files.sort_by_key(|f| f.path());
    files
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every file below `dir` (none when it does not exist), sorted, skipping hidden files and
/// editor leftovers as the sessions walk does; unreadable folders become errors.
fn files_below(root: &Path, dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<std::path::PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(&e.file_name().to_string_lossy()));
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => errors.push(Diagnostic::new(
                display_name(root, dir),
                0,
                format!("cannot read the folder: {e}"),
            )),
        }
    }
    files
}

/// Reads every template file below `dir` (if it exists) as UTF-8 text.
fn read_dir_into(
    root: &Path,
    dir: &Path,
    errors: &mut Vec<Diagnostic>,
    mut add: impl FnMut(String, String, String),
) {
    for path in files_below(root, dir, errors) {
        let origin = display_name(root, &path);
        match crate::source::SourceFile::read(&path, &origin) {
            Ok(src) => add(relative(dir, &path), src.text, origin),
            Err(d) => errors.push(d),
        }
    }
}

/// Reads every static file below `dir` (if it exists) as bytes.
fn read_assets(
    root: &Path,
    dir: &Path,
    assets: &mut BTreeMap<String, Vec<u8>>,
    errors: &mut Vec<Diagnostic>,
) {
    for path in files_below(root, dir, errors) {
        match std::fs::read(&path) {
            Ok(bytes) => {
                assets.insert(relative(dir, &path), bytes);
            }
            Err(err) => errors.push(Diagnostic::new(
                display_name(root, &path),
                0,
                format!("cannot read the file: {err}"),
            )),
        }
    }
}
