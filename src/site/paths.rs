//! Where each page of the site lives: slugs, unique paths, the study log's pages, the base URL.

use crate::report::{Report, Section};
use crate::tracker::model::Kind;

/// A URL-safe name for a title: `Phase 1: Foundations` → `phase-1-foundations`.
pub fn slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Sessions on one page of the study log (`sessions/`, `sessions/page-2.html`, …).
pub const LOG_PAGE_SIZE: usize = 50;

/// The path of a page of the study log, from the site root.
pub(super) fn log_page_path(number: usize) -> String {
    match number {
        1 => "sessions/".to_string(),
        n => format!("sessions/page-{n}.html"),
    }
}

/// Every section with kind `phase`, in document order.
pub fn phases(report: &Report) -> Vec<&Section> {
    let mut out = Vec::new();
    let mut stack: Vec<&Section> = report.sections.iter().rev().collect();
    while let Some(s) = stack.pop() {
        if s.kind == Kind::Phase {
            out.push(s);
        }
        stack.extend(s.children.iter().rev());
    }
    out
}

/// Unique paths `<folder>/<slug><ending>` for a list of names, `-2`, `-3` … on repeats;
/// `ending` is `/` for a page of its own folder or `.html` for a file.
pub(super) fn unique_paths(
    folder: &str,
    names: impl Iterator<Item = String>,
    ending: &str,
) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for name in names {
        let base = slug(&name);
        let mut path = format!("{folder}/{base}{ending}");
        let mut n = 2;
        while taken.contains(&path) {
            path = format!("{folder}/{base}-{n}{ending}");
            n += 1;
        }
        taken.insert(path.clone());
        paths.push(path);
    }
    paths
}

/// A base URL as templates use it: ending with `/`.
pub fn normalise_base_url(url: &str) -> String {
    let url = url.trim();
    if url.is_empty() {
        "/".to_string()
    } else if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_get_numbered_paths() {
        let names = ["A", "a", "B", "A"].map(String::from);
        assert_eq!(
            unique_paths("phases", names.into_iter(), "/"),
            ["phases/a/", "phases/a-2/", "phases/b/", "phases/a-3/"]
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Phase 1: Foundations"), "phase-1-foundations");
        assert_eq!(slug("  Été -- 2 "), "été-2");
        assert_eq!(slug("!!!"), "section");
    }

    #[test]
    fn base_urls_end_with_a_slash() {
        assert_eq!(normalise_base_url(""), "/");
        assert_eq!(
            normalise_base_url("https://a.github.io/study"),
            "https://a.github.io/study/"
        );
        assert_eq!(normalise_base_url("/study/"), "/study/");
    }
}
