//! The files beside the pages: `progress.json`, `feed.xml`, the badges, `.nojekyll`, and the theme's
//! static files.

use super::badge;
use super::output::Output;
use super::theme::Theme;
use crate::report::{Report, Section};
use std::collections::HashSet;

/// Puts every file of the site that is not a page into `out`: `texts` (such as
/// `progress.json` and `feed.xml`, by path), the badges, `.nojekyll`, the theme's assets. `made` holds the files
/// tracker made itself, which a theme's static file never replaces; the files put here
/// join it.
pub(super) fn put(
    report: &Report,
    phases: &[&Section],
    phase_paths: &[String],
    theme: &Theme,
    texts: &[(&str, &str)],
    out: &dyn Output,
    made: &mut HashSet<String>,
) {
    let mut put = |path: String, bytes: &[u8]| {
        out.put(&path, bytes);
        made.insert(path);
    };
    for (path, text) in texts {
        put(path.to_string(), text.as_bytes());
    }
    put(
        "badge.svg".into(),
        badge::svg("progress", report.progress.percent).as_bytes(),
    );
    put(
        "badges/progress.json".into(),
        badge::endpoint("progress", report.progress.percent).as_bytes(),
    );
    for (phase, path) in phases.iter().zip(phase_paths) {
        let name = path.trim_start_matches("phases/").trim_end_matches('/');
        put(
            format!("badges/{name}.json"),
            badge::endpoint(&phase.title, phase.percent).as_bytes(),
        );
    }
    put(".nojekyll".into(), b"");
    for (path, bytes) in &theme.assets {
        if !made.contains(path) {
            out.put(path, bytes);
        }
    }
}
