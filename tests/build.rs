//! `tracker build` through the real binary, on temporary copies of sites (issue 3).
//!
//! Pages are read with an HTML parser (`scraper`): numbers come from progress bars and their
//! labels, structure from headings, landmarks and links, never from string search alone.

mod support;

use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use support::{Site, TODAY, names_in, phases, slug, title, tree, write_file};

// ---------------------------------------------------------------------------------------------
// Reading pages

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

fn parse(bytes: &[u8]) -> Html {
    Html::parse_document(std::str::from_utf8(bytes).expect("pages are UTF-8"))
}

/// An element's text with white space folded.
fn text(el: ElementRef) -> String {
    el.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of a page's body.
fn page_text(doc: &Html) -> String {
    doc.select(&sel("body"))
        .next()
        .map(text)
        .unwrap_or_default()
}

/// Whether a date is on the page: as text or in a `<time datetime>`.
fn shows_date(doc: &Html, date: &str) -> bool {
    page_text(doc).contains(date)
        || doc
            .select(&sel("time[datetime]"))
            .any(|t| t.attr("datetime").is_some_and(|d| d.starts_with(date)))
}

/// A progress bar as an assistive technology reads it.
#[derive(Debug, Clone, Copy)]
struct Bar {
    value: f64,
    min: f64,
    max: f64,
}

impl Bar {
    fn ratio(&self) -> f64 {
        if self.max - self.min == 0.0 {
            0.0
        } else {
            (self.value - self.min) / (self.max - self.min)
        }
    }
}

const BARS: &str = "progress, [role=progressbar]";

fn number(el: ElementRef, attr: &str) -> Result<f64, String> {
    let raw = el
        .attr(attr)
        .ok_or_else(|| format!("a progress bar without `{attr}`: {}", el.html()))?;
    raw.trim()
        .parse()
        .map_err(|_| format!("`{attr}=\"{raw}\"` is not a number: {}", el.html()))
}

/// Reads a bar: `<progress value max>`, or `role=progressbar` with all three aria values.
fn bar(el: ElementRef) -> Result<Bar, String> {
    let b = if el.value().name() == "progress" {
        Bar {
            value: number(el, "value")?,
            min: 0.0,
            max: number(el, "max")?,
        }
    } else {
        Bar {
            value: number(el, "aria-valuenow")?,
            min: number(el, "aria-valuemin")?,
            max: number(el, "aria-valuemax")?,
        }
    };
    if b.max <= b.min || b.value < b.min || b.value > b.max {
        return Err(format!("a progress bar out of range: {}", el.html()));
    }
    Ok(b)
}

/// The `N of M` label of a bar: the first `N of M` with the bar's ratio in the text of the
/// bar or of its nearest ancestors (up to four levels up).
fn label(el: ElementRef) -> Option<(u64, u64)> {
    let b = bar(el).ok()?;
    let pattern = Regex::new(r"(\d+) of (\d+)").expect("a regex");
    let mut scope = Some(el);
    for _ in 0..5 {
        let here = scope?;
        for c in pattern.captures_iter(&text(here)) {
            let (n, m): (u64, u64) = (c[1].parse().ok()?, c[2].parse().ok()?);
            let r = if m == 0 { 0.0 } else { n as f64 / m as f64 };
            if (r - b.ratio()).abs() < 0.0006 {
                return Some((n, m));
            }
        }
        scope = here.parent().and_then(ElementRef::wrap);
    }
    None
}

/// The nearest ancestor of `el` (or `el` itself) that holds a progress bar.
fn card_of(el: ElementRef) -> Option<ElementRef> {
    let bars = sel(BARS);
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .find(|a| a.select(&bars).next().is_some())
}

/// The first progress bar in a card.
fn first_bar(card: ElementRef) -> ElementRef {
    card.select(&sel(BARS)).next().expect("a card holds a bar")
}

/// Where `scope` names `needle`: the first heading whose text holds it, else the first
/// element whose text holds it and none of whose children's does.
fn where_named<'a>(scope: ElementRef<'a>, needle: &str) -> Option<ElementRef<'a>> {
    let holds = |e: &ElementRef| {
        text(*e).contains(needle) && !matches!(e.value().name(), "script" | "style" | "template")
    };
    scope
        .select(&sel("h1, h2, h3, h4, h5, h6"))
        .find(holds)
        .or_else(|| {
            scope
                .select(&sel("*"))
                .filter(holds)
                .find(|e| !e.child_elements().any(|c| holds(&c)))
        })
}

/// The headings of a page whose text contains `needle`.
fn headings_with<'a>(doc: &'a Html, needle: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel("h1, h2, h3, h4, h5, h6"))
        .filter(|h| text(*h).contains(needle))
        .collect()
}

/// A percentage as a label shows it: `40.0%`, or `40%` for a whole number.
fn shows_percent(text: &str, percent: f64) -> bool {
    text.contains(&format!("{percent:.1}%"))
        || (percent.fract() == 0.0 && text.contains(&format!("{percent:.0}%")))
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("{v} is not a count"))
}

/// Checks that a node (phase or module) is shown in `scope`: its title, and the first bar of
/// the nearest element around the title that holds a bar reads `done of total` with a label.
fn assert_node_card(page: &str, scope: ElementRef, node: &Value) {
    let name = title(node);
    let at = where_named(scope, name).unwrap_or_else(|| panic!("{page}: `{name}` is not shown"));
    let card = card_of(at).unwrap_or_else(|| panic!("{page}: `{name}` has no progress bar"));
    let first = first_bar(card);
    let (done, total) = (n(&node["done"]), n(&node["total"]));
    let b = bar(first).unwrap_or_else(|e| panic!("{page}: `{name}`: {e}"));
    let expected = if total == 0 {
        0.0
    } else {
        done as f64 / total as f64
    };
    assert!(
        (b.ratio() - expected).abs() < 0.0006,
        "{page}: the bar of `{name}` reads {b:?}, expected {done} of {total}: {}",
        first.html()
    );
    assert_eq!(
        label(first),
        Some((done, total)),
        "{page}: the bar of `{name}` has no visible label `{done} of {total}` near it: {}",
        card.html()
    );
    if let Some(p) = node["percent"].as_f64() {
        assert!(
            shows_percent(&text(card), p),
            "{page}: `{name}` does not show {p:.1}%: {}",
            text(card)
        );
    }
}

/// Checks what every page shares: one `h1`, the landmarks, `lang`, accessible bars.
fn assert_page_structure(path: &str, doc: &Html) {
    let h1 = doc.select(&sel("h1")).count();
    assert_eq!(h1, 1, "{path}: {h1} h1 elements, expected exactly one");
    assert_eq!(
        doc.select(&sel("main")).count(),
        1,
        "{path}: expected exactly one <main>"
    );
    for landmark in ["header", "footer"] {
        assert!(
            doc.select(&sel(landmark)).next().is_some(),
            "{path}: no <{landmark}> landmark"
        );
    }
    if !path.ends_with("404.html") {
        assert!(
            doc.select(&sel("nav")).next().is_some(),
            "{path}: no <nav> landmark"
        );
    }
    assert!(
        doc.select(&sel("html[lang]")).next().is_some(),
        "{path}: <html> has no lang"
    );
    for el in doc.select(&sel(BARS)) {
        bar(el).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            label(el).is_some(),
            "{path}: a progress bar without a visible `N of M` label near it: {}",
            el.parent()
                .and_then(ElementRef::wrap)
                .map(|p| p.html())
                .unwrap_or_default()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Links

/// The path part of a base URL: `/study/` for `https://someone.github.io/study/`.
fn base_path(base_url: &str) -> String {
    match base_url.split_once("://") {
        Some((_, rest)) => match rest.find('/') {
            Some(i) => rest[i..].to_string(),
            None => "/".to_string(),
        },
        None => base_url.to_string(),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Some(b) = std::str::from_utf8(hex)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where an internal link of the page at `page` leads: the output file and the fragment.
/// `Ok(None)` for a link that leaves the site (another host, `mailto:`, `data:`).
fn resolve(page: &str, url: &str, base_url: &str) -> Result<Option<(String, String)>, String> {
    let url = url.trim();
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("javascript:") || lower.starts_with("vbscript:") {
        return Err(format!("a link that runs code: {url}"));
    }
    if lower.starts_with("mailto:") || lower.starts_with("tel:") || lower.starts_with("data:") {
        return Ok(None);
    }
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, f.to_string()),
        None => (url, String::new()),
    };
    let rest = rest.split('?').next().unwrap_or_default();
    let base_path = base_path(base_url);
    let from_root: String = if rest.is_empty() {
        page.to_string()
    } else if base_url.contains("://") && rest.starts_with(base_url) {
        rest[base_url.len()..].to_string()
    } else if lower.starts_with("http:") || lower.starts_with("https:") || rest.starts_with("//") {
        return Ok(None);
    } else if let Some(r) = rest.strip_prefix(base_path.as_str()) {
        r.to_string()
    } else if rest.starts_with('/') {
        return Err(format!(
            "`{url}` starts at the domain root, not at the base path {base_path}: it breaks when the site is served from a project path"
        ));
    } else {
        let dir = match page.rfind('/') {
            Some(i) => &page[..=i],
            None => "",
        };
        format!("{dir}{rest}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in from_root.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("`{url}` leads above the site's root"));
                }
            }
            p => parts.push(p),
        }
    }
    let mut path = percent_decode(&parts.join("/"));
    if from_root.is_empty() || from_root.ends_with('/') || path.is_empty() {
        path = if path.is_empty() {
            "index.html".to_string()
        } else {
            format!("{path}/index.html")
        };
    }
    Ok(Some((path, percent_decode(&fragment))))
}

/// The ids (and `a[name]`s) of a page.
fn ids(doc: &Html) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = doc
        .select(&sel("[id]"))
        .filter_map(|e| e.attr("id"))
        .map(str::to_string)
        .collect();
    out.extend(
        doc.select(&sel("a[name]"))
            .filter_map(|e| e.attr("name"))
            .map(str::to_string),
    );
    out
}

/// Every link of every page of a built site: each internal `href`/`src` must lead to a file of
/// the output, and each `#fragment` to an id of its page. On `404.html` (served at any path)
/// every internal link must start with the base URL. Returns every problem found.
fn broken_links(site: &BTreeMap<String, Vec<u8>>, base_url: &str) -> Vec<String> {
    let pages: BTreeMap<&String, Html> = site
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, parse(b)))
        .collect();
    let page_ids: BTreeMap<&str, BTreeSet<String>> =
        pages.iter().map(|(p, d)| (p.as_str(), ids(d))).collect();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (page, doc) in &pages {
        for el in doc.select(&sel("[href], [src], [srcset], [action], [formaction]")) {
            for (attr, value) in el.value().attrs() {
                if !matches!(attr, "href" | "src" | "action" | "formaction" | "srcset") {
                    continue;
                }
                let urls: Vec<&str> = if attr == "srcset" {
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .collect()
                } else {
                    vec![value]
                };
                for url in urls {
                    checked += 1;
                    if page.as_str() == "404.html"
                        && !url.starts_with('#')
                        && !url.starts_with(base_url)
                        && !url.contains("://")
                        && !url.starts_with("mailto:")
                        && !url.starts_with("data:")
                    {
                        problems.push(format!(
                            "404.html: `{attr}=\"{url}\"` does not start with the base URL {base_url}; the 404 page is served at any path"
                        ));
                        continue;
                    }
                    match resolve(page, url, base_url) {
                        Err(why) => problems.push(format!("{page}: {why}")),
                        Ok(None) => {}
                        Ok(Some((target, fragment))) => {
                            if !site.contains_key(&target) {
                                problems.push(format!(
                                    "{page}: `{attr}=\"{url}\"` leads to {target}, which the build did not write"
                                ));
                            } else if !fragment.is_empty()
                                && let Some(ids) = page_ids.get(target.as_str())
                                && !ids.contains(&fragment)
                            {
                                problems.push(format!(
                                    "{page}: `{attr}=\"{url}\"` points at #{fragment}, which {target} has no element with"
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no links at all in the site");
    problems
}

#[test]
fn the_link_resolver_follows_relative_and_base_links() {
    let b = "https://someone.github.io/study/";
    let r = |page, url| resolve(page, url, b);
    assert_eq!(
        r("phases/a/index.html", "../../").unwrap(),
        Some(("index.html".into(), String::new()))
    );
    assert_eq!(
        r("index.html", "./phases/a/#m-1").unwrap(),
        Some(("phases/a/index.html".into(), "m-1".into()))
    );
    assert_eq!(
        r("404.html", "https://someone.github.io/study/style.css").unwrap(),
        Some(("style.css".into(), String::new()))
    );
    assert_eq!(
        r("index.html", "/study/phases/a/").unwrap(),
        Some(("phases/a/index.html".into(), String::new()))
    );
    assert!(r("index.html", "/phases/a/").is_err());
    assert!(r("index.html", "../x").is_err());
    assert!(r("index.html", " JavaScript:alert(1)").is_err());
    assert_eq!(r("index.html", "https://example.org/").unwrap(), None);
    assert_eq!(
        resolve("index.html", "/phases/%C3%A9t%C3%A9/", "/").unwrap(),
        Some(("phases/été/index.html".into(), String::new()))
    );
}

// ---------------------------------------------------------------------------------------------
// What a build writes

/// The files every build of the seed writes, besides the theme's static files.
fn seed_files() -> Vec<String> {
    let mut files: Vec<String> = [
        "index.html",
        "404.html",
        "progress.json",
        "badge.svg",
        "badges/progress.json",
        "feed.xml",
        ".nojekyll",
        ".tracker-output",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for phase in [
        "phase-1-foundations",
        "phase-2-messaging-patterns",
        "phase-3-databases-and-streams",
        "phase-4-stream-processing",
    ] {
        files.push(format!("phases/{phase}/index.html"));
        files.push(format!("badges/{phase}.json"));
    }
    files
}

#[test]
fn the_seed_builds_every_file_into_public() {
    let site = Site::seed();
    site.build(&[]);
    let out = tree(&site.public());
    for file in seed_files() {
        assert!(
            out.contains_key(&file),
            "public/{file} is missing; the build wrote {:?}",
            out.keys().collect::<Vec<_>>()
        );
    }
    assert!(out[".nojekyll"].is_empty(), ".nojekyll is empty");
    // The dashboard, four phase pages and 404 at least (other issues add more pages).
    let html_pages = out.keys().filter(|p| p.ends_with(".html")).count();
    assert!(html_pages >= 6, "{html_pages} pages");
    // Nothing is written outside the output folder (no temporary folders left beside it).
    assert_eq!(names_in(&site.root()), ["content", "public"]);
}

#[test]
fn progress_json_is_byte_identical_to_status_json() {
    for case in ["seed", "build-demo", "build-hostile"] {
        let site = if case == "seed" {
            Site::seed()
        } else {
            Site::fixture(case)
        };
        site.build(&[]);
        let written = std::fs::read(site.public().join("progress.json")).expect("progress.json");
        let printed = site.status_json();
        assert!(
            written == printed,
            "{case}: progress.json differs from `tracker status --json`:\n--- progress.json\n{}\n--- status --json\n{}",
            String::from_utf8_lossy(&written),
            String::from_utf8_lossy(&printed)
        );
    }
}

fn badge_message(percent: Option<f64>) -> String {
    match percent {
        None => "n/a".into(),
        Some(p) if p.fract() == 0.0 => format!("{p:.0}%"),
        Some(p) => format!("{p:.1}%"),
    }
}

#[test]
fn badges_say_the_progress_overall_and_per_phase() {
    let site = Site::fixture("build-demo");
    let report = site.report();
    site.build(&[]);
    let out = site.public();
    let overall = badge_message(report["progress"]["percent"].as_f64());
    assert_eq!(overall, "30.8%");

    let svg = std::fs::read_to_string(out.join("badge.svg")).expect("badge.svg");
    assert!(svg.starts_with("<svg"), "{svg}");
    let doc = Html::parse_fragment(&svg);
    let label = doc
        .select(&sel("svg"))
        .next()
        .and_then(|s| s.attr("aria-label"))
        .expect("the badge has an aria-label");
    assert_eq!(label, format!("progress: {overall}"));
    let texts: Vec<String> = doc.select(&sel("text")).map(text).collect();
    assert!(texts.contains(&"progress".to_string()), "{texts:?}");
    assert!(texts.contains(&overall), "{texts:?}");

    let endpoint = |rel: &str| -> Value {
        serde_json::from_slice(&std::fs::read(out.join(rel)).expect("a badge endpoint"))
            .unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
    };
    let e = endpoint("badges/progress.json");
    assert_eq!(e["schemaVersion"], 1);
    assert_eq!(e["label"], "progress");
    assert_eq!(e["message"], overall);
    assert!(e["color"].is_string());
    for phase in phases(&report) {
        let e = endpoint(&format!("badges/{}.json", slug(title(phase))));
        assert_eq!(e["schemaVersion"], 1);
        assert_eq!(e["label"], title(phase));
        assert_eq!(e["message"], badge_message(phase["percent"].as_f64()));
    }
}

#[test]
fn builds_are_byte_identical() {
    for case in ["seed", "build-demo"] {
        let site = if case == "seed" {
            Site::seed()
        } else {
            Site::fixture(case)
        };
        let a = tree(&site.build_into(&site.outer().join("one"), &[]));
        let b = tree(&site.build_into(&site.outer().join("two/deeper"), &[]));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{case}: the two builds wrote different files"
        );
        for (path, bytes) in &a {
            assert!(
                bytes == &b[path],
                "{case}: {path} differs between two builds of the same inputs"
            );
        }
    }
}

#[test]
fn the_build_ends_with_one_summary_line_and_warnings_above_it() {
    let site = Site::fixture("build-demo");
    let assert = site.build(&[]);
    let out = assert.get_output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line on stdout: {stdout}");
    let line = lines[0];
    let pages = tree(&site.public())
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    assert!(pages >= 6, "{pages} pages");
    assert!(
        line.contains(&format!("{pages} pages")),
        "says how many pages ({pages}): {line}"
    );
    let took = Regex::new(r"\d+(\.\d+)?\s*(ms|s)\b").expect("a regex");
    assert!(took.is_match(line), "says how long it took: {line}");
    assert!(
        line.contains(&site.public().display().to_string()),
        "{line} names the output folder"
    );
    assert!(
        stderr.contains("content/tracker.md:11: warning: "),
        "the summary's warning as file:line: warning: message: {stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// The dashboard and the phase pages

#[test]
fn every_page_of_the_seed_has_one_h1_landmarks_and_labelled_bars() {
    let site = Site::seed();
    site.build(&[]);
    for (path, bytes) in tree(&site.public()) {
        if path.ends_with(".html") {
            assert_page_structure(&path, &parse(&bytes));
        }
    }
}

#[test]
fn the_seed_dashboard_shows_each_phase_with_its_bar() {
    let site = Site::seed();
    let report = site.report();
    site.build(&[]);
    let doc = parse(&std::fs::read(site.public().join("index.html")).expect("index.html"));
    let body = doc.select(&sel("body")).next().expect("a body");
    let main = doc.select(&sel("main")).next().expect("a main");
    let h1 = text(doc.select(&sel("h1")).next().expect("an h1"));
    assert!(h1.contains(title(&report)), "the h1 is the title: {h1}");
    for phase in phases(&report) {
        assert!(
            !headings_with(&doc, title(phase)).is_empty(),
            "no heading names `{}`",
            title(phase)
        );
        assert_node_card("index.html", main, phase);
    }
    // Overall: a bar that reads 0 of 78.
    let overall: Vec<(u64, u64)> = doc.select(&sel(BARS)).filter_map(label).collect();
    assert!(
        overall.contains(&(0, 78)),
        "no bar labelled `0 of 78`: {overall:?}"
    );
    assert!(shows_date(&doc, TODAY), "the dashboard says as of when");
    assert!(text(body).contains("Final Assessment"));
    assert!(text(body).contains("Practical Projects"));
}

#[test]
fn the_demo_dashboard_shows_the_numbers_of_the_report() {
    let site = Site::fixture("build-demo");
    let report = site.report();
    assert_eq!(report["progress"]["done"], 24, "the fixture's own numbers");
    site.build(&[]);
    let doc = parse(&std::fs::read(site.public().join("index.html")).expect("index.html"));
    let main = doc.select(&sel("main")).next().expect("a main");
    let body = page_text(&doc);

    // Overall progress: a bar reading 24 of 78 with its label, and the percent.
    let bars = doc.select(&sel(BARS)).collect::<Vec<_>>();
    let overall = bars
        .iter()
        .find(|b| label(**b) == Some((24, 78)))
        .unwrap_or_else(|| panic!("no bar labelled `24 of 78`"));
    let b = bar(*overall).expect("a readable bar");
    assert!((b.ratio() - 24.0 / 78.0).abs() < 0.0006, "{b:?}");
    assert!(shows_percent(&body, 30.8), "30.8% overall");

    // One card per phase, with its bar; each module with its own bar.
    for phase in phases(&report) {
        let heading = headings_with(&doc, title(phase));
        assert!(!heading.is_empty(), "no heading names `{}`", title(phase));
        let card = card_of(heading[0]).expect("a phase card with a bar");
        assert_node_card("index.html", main, phase);
        for module in phase["children"]
            .as_array()
            .expect("children")
            .iter()
            .filter(|c| c["kind"] == "module")
        {
            assert_node_card("index.html", card, module);
        }
        if let Some([a, b]) = phase["days"]
            .as_array()
            .map(|d| d.iter().map(n).collect::<Vec<_>>())
            .as_deref()
        {
            let card_text = text(card);
            assert!(
                card_text.contains(&a.to_string()) && card_text.contains(&b.to_string()),
                "the card of `{}` shows its planned days {a}-{b}: {card_text}",
                title(phase)
            );
        }
    }

    // The plan: day N of M, the phases behind, the projected finish.
    let lower = body.to_lowercase();
    assert!(lower.contains("day 8 of 14"), "day 8 of 14: {body}");
    assert!(lower.contains("behind"), "the phases behind are named");
    assert_eq!(report["plan"]["behind"][0], "Phase 2: Messaging Patterns");
    let finish = report["plan"]["projected_finish"]
        .as_str()
        .expect("a projected finish");
    assert!(shows_date(&doc, finish), "projected finish {finish}");
    assert!(shows_date(&doc, TODAY), "as of {TODAY}");

    // Checkpoint review dates, the final assessment, the optional projects apart.
    assert!(shows_date(&doc, "2026-01-21"), "Checkpoint 2's review date");
    assert!(body.contains("Final Assessment"));
    assert!(body.contains("Practical Projects"));
    assert!(body.contains("0 of 4"), "the optional projects' own count");

    // A passed review date of an unfinished phase is flagged; of a finished phase it is not.
    let late = Regex::new(r"(?i)\b(date passed|passed|overdue|late|missed)\b").expect("a regex");
    let card_of_named = |name: &str| {
        let at = where_named(main, name).unwrap_or_else(|| panic!("`{name}` is shown"));
        card_of(at).unwrap_or_else(|| panic!("`{name}` has a bar"))
    };
    let checkpoint2 = text(card_of_named("Checkpoint 2"));
    assert!(
        late.is_match(&checkpoint2),
        "Checkpoint 2's review date (2026-01-21) has passed and Phase 2 is unfinished: flag it: {checkpoint2}"
    );
    let checkpoint1 = text(card_of_named("Checkpoint 1"));
    assert!(
        !late.is_match(&checkpoint1),
        "Checkpoint 1's phase is done: no flag: {checkpoint1}"
    );
    // A declaration in the summary that disagrees with the count gets a badge on its card.
    let declared = Regex::new(r"(?i)summary|declared|ticked").expect("a regex");
    let phase_card =
        |name: &str| text(card_of(headings_with(&doc, name)[0]).expect("a phase card"));
    let phase3 = phase_card("Phase 3: Databases and Streams");
    assert!(
        declared.is_match(&phase3),
        "Phase 3 is ticked in the summary with 1 of 16 done: its card says so: {phase3}"
    );
    let phase1 = phase_card("Phase 1: Foundations");
    assert!(
        !declared.is_match(&phase1),
        "Phase 1's declaration agrees with its count: no badge: {phase1}"
    );

    // Next up: the first unfinished task in plan order.
    let next = first_unfinished(&report).expect("an unfinished task");
    assert!(body.contains(&next), "next up: {next}");

    // Notes rendered from markdown; the study log; the reflections.
    assert!(
        doc.select(&sel("strong")).any(|s| text(s) == "Unbounded"),
        "Module 1.1's Notes rendered from markdown (**Unbounded**)"
    );
    assert!(
        doc.select(&sel("a[href=\"https://dataintensive.net/\"]"))
            .next()
            .is_some(),
        "the link in Module 1.1's Notes"
    );
    assert!(
        body.contains("Session 2"),
        "the study log lists its sessions"
    );
    assert!(body.contains("Consumer groups and rebalancing"));

    // Open questions: every question, each linked back to where it was asked.
    for question in [
        "Why is ordering guaranteed only within one partition?",
        "When does a consumer group rebalance?",
        "How do exactly-once sinks commit offsets?",
    ] {
        let linked = doc.select(&sel("a[href*='#']")).any(|a| {
            text(a).contains(question)
                || a.parent()
                    .and_then(ElementRef::wrap)
                    .is_some_and(|p| text(p).contains(question))
        });
        assert!(
            linked,
            "the open question `{question}` links back to where it was asked"
        );
    }
}

#[test]
fn the_dashboard_shows_the_learners_reflections() {
    let site = Site::fixture("build-demo");
    site.build(&[]);
    let doc = parse(&std::fs::read(site.public().join("index.html")).expect("index.html"));
    let section = headings_with(&doc, "Key Takeaways");
    assert!(!section.is_empty(), "a Key Takeaways heading");
    let reflection = "The log is the backbone of stream processing";
    assert!(
        page_text(&doc).contains(reflection),
        "the reflection written under `### Key Takeaways` (`1. {reflection}`) is on the dashboard; the section there reads: {}",
        section[0]
            .parent()
            .and_then(ElementRef::wrap)
            .map(text)
            .unwrap_or_default()
    );
}

/// The text of the first unfinished task in document order outside the summary and the
/// optional sections.
fn first_unfinished(report: &Value) -> Option<String> {
    fn walk(nodes: &Value) -> Option<String> {
        for node in nodes.as_array()? {
            if node["kind"] == "summary" || node["optional"] == true {
                continue;
            }
            for t in node["tasks"].as_array().into_iter().flatten() {
                if t["done"] == false {
                    return t["text"].as_str().map(str::to_string);
                }
            }
            if let Some(t) = walk(&node["children"]) {
                return Some(t);
            }
        }
        None
    }
    walk(&report["sections"])
}

#[test]
fn each_phase_page_has_the_full_detail() {
    let site = Site::fixture("build-demo");
    let report = site.report();
    site.build(&[]);
    let out = tree(&site.public());
    for phase in phases(&report) {
        let path = format!("phases/{}/index.html", slug(title(phase)));
        let doc = parse(
            out.get(&path)
                .unwrap_or_else(|| panic!("{path} was not written")),
        );
        assert_page_structure(&path, &doc);
        let h1 = text(doc.select(&sel("h1")).next().expect("an h1"));
        assert!(
            h1.contains(title(phase)),
            "{path}: the h1 names the phase: {h1}"
        );
        let main = doc.select(&sel("main")).next().expect("a main");
        assert_node_card(&path, main, phase);
        for child in phase["children"].as_array().expect("children") {
            if child["kind"] == "module" {
                assert_node_card(&path, main, child);
            }
            assert!(
                text(main).contains(title(child)),
                "{path}: `{}` is shown",
                title(child)
            );
            for t in child["tasks"].as_array().into_iter().flatten() {
                let task = t["text"].as_str().expect("a task's text");
                let plain = task.replace('"', "");
                assert!(
                    text(main).replace('"', "").contains(&plain)
                        || text(main).contains(&plain.replace('"', "“")),
                    "{path}: the task `{task}` is listed"
                );
            }
        }
        let back = doc.select(&sel("a[href]")).any(|a| {
            resolve(&path, a.attr("href").unwrap_or_default(), "/")
                .ok()
                .flatten()
                .is_some_and(|(p, _)| p == "index.html")
        });
        assert!(back, "{path}: a link back to the dashboard");
    }
    let phase1 = parse(&out["phases/phase-1-foundations/index.html"]);
    assert!(
        phase1
            .select(&sel("strong"))
            .any(|s| text(s) == "Unbounded"),
        "the phase page renders its modules' Notes"
    );
}

// ---------------------------------------------------------------------------------------------
// Links, at a domain root and under a project path

#[test]
fn every_internal_link_resolves_at_a_domain_root() {
    for case in ["seed", "build-demo"] {
        let site = if case == "seed" {
            Site::seed()
        } else {
            Site::fixture(case)
        };
        site.build(&[]);
        let problems = broken_links(&tree(&site.public()), "/");
        assert!(
            problems.is_empty(),
            "{case}: broken links:\n{}",
            problems.join("\n")
        );
    }
}

#[test]
fn every_internal_link_resolves_under_a_project_path() {
    let base = "https://someone.github.io/study/";
    for case in ["seed", "build-demo"] {
        let site = if case == "seed" {
            Site::seed()
        } else {
            Site::fixture(case)
        };
        site.build(&["--base-url", base]);
        let out = tree(&site.public());
        let problems = broken_links(&out, base);
        assert!(
            problems.is_empty(),
            "{case}: broken links under {base}:\n{}",
            problems.join("\n")
        );
        // The 404 page is served at any path, so its links are absolute, under the base URL.
        let not_found = parse(&out["404.html"]);
        let internal: Vec<&str> = not_found
            .select(&sel("a[href], link[href]"))
            .filter_map(|a| a.attr("href"))
            .filter(|h| !h.starts_with('#'))
            .collect();
        assert!(
            internal.iter().any(|h| h.starts_with(base)),
            "404.html links home with the base URL: {internal:?}"
        );
        // `base_url:` in the config does the same as --base-url.
        let config = std::fs::read_to_string(site.root().join("tracker.yaml")).unwrap_or_default();
        site.write("tracker.yaml", format!("{config}base_url: {base}\n"));
        site.build(&[
            "--output",
            site.outer().join("by-config").to_str().expect("UTF-8"),
        ]);
        let by_config = tree(&site.outer().join("by-config"));
        assert!(
            by_config["404.html"] == out["404.html"],
            "{case}: base_url: in the config and --base-url give the same 404 page"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile notes

/// Every attribute that may hold an address.
const URL_ATTRS: [&str; 7] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcdoc",
    "data",
];

/// What in a page could run code or take it over: `<script>`s with payloads, `on*`
/// attributes, `javascript:` addresses, frames, forms, and the notes' styles.
fn code_that_runs(path: &str, doc: &Html) -> Vec<String> {
    let mut found = Vec::new();
    for el in doc.select(&sel("*")) {
        let name = el.value().name();
        if name == "style" && el.inner_html().contains("display: none") {
            found.push(format!("{path}: a note's <style>: {}", el.html()));
        }
        if name == "script" {
            let body = el.inner_html();
            if body.contains("alert") || el.attr("src").is_some_and(|s| !s.ends_with(".js")) {
                found.push(format!("{path}: a <script> element: {}", el.html()));
            }
        }
        if matches!(name, "iframe" | "object" | "embed" | "form") {
            found.push(format!("{path}: a <{name}> element: {}", el.html()));
        }
        for (attr, value) in el.value().attrs() {
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if attr.to_ascii_lowercase().starts_with("on") {
                found.push(format!("{path}: an event attribute `{attr}` on <{name}>"));
            }
            if URL_ATTRS.contains(&attr) && squeezed.contains("javascript:") {
                found.push(format!("{path}: `{attr}=\"{value}\"` on <{name}>"));
            }
            // GitHub's sanitizer keeps an image only with an http(s) or relative address (the
            // notes' `<img src=x onerror=…>` stays as an inert `<img src="x">`).
            let scheme = squeezed.split_once(':').map(|(s, _)| s);
            let relative = scheme.is_none_or(|s| s.contains(['/', '?', '#']));
            if name == "img"
                && attr == "src"
                && !relative
                && !matches!(scheme, Some("http" | "https"))
            {
                found.push(format!("{path}: an image from `{value}`"));
            }
            if attr == "style" && squeezed.contains("position:fixed") {
                found.push(format!("{path}: a note's `style` on <{name}>"));
            }
        }
    }
    found
}

#[test]
fn hostile_notes_never_run_code() {
    let site = Site::fixture("build-hostile");
    for theme in ["default", "paper"] {
        let out = tree(&site.build_into(&site.outer().join(theme), &["--theme", theme]));
        hostile_site_is_inert(theme, &out);
    }
}

fn hostile_site_is_inert(theme: &str, out: &BTreeMap<String, Vec<u8>>) {
    let mut found = Vec::new();
    let mut shown_escaped = BTreeSet::new();
    for (path, bytes) in out {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = parse(bytes);
        found.extend(code_that_runs(path, &doc));
        let body = page_text(&doc);
        for payload in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"] {
            if body.contains(payload) {
                shown_escaped.insert(payload);
            }
        }
        for a in doc.select(&sel("a[href]")) {
            let href = a.attr("href").unwrap_or_default().to_ascii_lowercase();
            assert!(
                !href.contains("javascript:"),
                "{theme}/{path}: {}",
                a.html()
            );
        }
    }
    assert!(
        found.is_empty(),
        "{theme}: code that could run:\n{}",
        found.join("\n")
    );
    // The titles are plain text: their markup is shown as written. (Raw HTML in notes is
    // sanitized instead, TRACKER-FORMAT §11.)
    assert_eq!(
        shown_escaped.len(),
        2,
        "{theme}: the titles show their markup as text, escaped: {shown_escaped:?}"
    );
    // Raw bytes too: the payloads never appear unescaped in any page.
    for (path, bytes) in out {
        if path.ends_with(".html") {
            let raw = String::from_utf8_lossy(bytes);
            assert!(
                !raw.contains("<script>alert"),
                "{theme}/{path} holds a raw <script>"
            );
            assert!(
                !raw.contains("<img src=x"),
                "{theme}/{path} holds a raw <img>"
            );
            assert!(
                !raw.contains("<svg onload"),
                "{theme}/{path} holds a raw <svg>"
            );
            assert!(
                !raw.contains("a hidden comment"),
                "{theme}/{path} holds a note's HTML comment"
            );
        }
    }
}

#[test]
fn allow_html_lets_raw_html_through_as_written_but_not_javascript_links() {
    let site = Site::fixture("build-allow-html");
    site.build(&[]);
    let out = tree(&site.public());
    let mut bold = false;
    for (path, bytes) in &out {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = parse(bytes);
        bold |= doc.select(&sel("b")).any(|b| text(b) == "bold");
        let found = code_that_runs(path, &doc);
        assert!(found.is_empty(), "{}", found.join("\n"));
    }
    assert!(
        bold,
        "with allow_html: true, <b>bold</b> in Notes is a <b> element"
    );

    let styled = |index: &Html| {
        index
            .select(&sel("span[style]"))
            .any(|s| text(s) == "green")
    };
    let index = parse(&std::fs::read(site.public().join("index.html")).expect("index.html"));
    assert!(
        styled(&index),
        "with allow_html: true, a style attribute stays"
    );

    // The same notes without allow_html: sanitized as GitHub does, `<b>` stays an element
    // and the style goes.
    site.write("tracker.yaml", "allow_html: false\n");
    site.build(&[]);
    let index = parse(&std::fs::read(site.public().join("index.html")).expect("index.html"));
    assert!(index.select(&sel("b")).any(|b| text(b) == "bold"));
    assert!(!page_text(&index).contains("<b>"));
    assert!(
        !styled(&index),
        "without allow_html, a style attribute goes"
    );
    assert!(index.select(&sel("span")).any(|s| text(s) == "green"));
}

// ---------------------------------------------------------------------------------------------
// Output that never loses anything

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `tracker build [args]` that must fail with exit 1; returns stderr.
fn refused(site: &Site, args: &[&str]) -> String {
    let out = site
        .cmd()
        .arg("build")
        .args(args)
        .output()
        .expect("tracker runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "tracker build {args:?} should be refused with exit 1\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        stderr_of(&out)
    );
    stderr_of(&out)
}

#[test]
fn output_defaults_to_public_under_the_root_whatever_the_working_directory() {
    let site = Site::seed();
    site.build(&[]);
    assert!(site.public().join("index.html").is_file());
    assert!(site.public().join(".tracker-output").is_file(), "the mark");
    assert!(
        !site.outer().join("public").exists(),
        "not public/ in the working directory"
    );
}

#[test]
fn output_picks_another_folder() {
    let site = Site::seed();
    let out = site.outer().join("elsewhere/site");
    site.build_into(&out, &[]);
    assert!(out.join("index.html").is_file());
    assert!(out.join(".tracker-output").is_file());
    assert!(!site.public().exists(), "public/ is not written");
    // `output:` in the config, relative to the root.
    site.write("tracker.yaml", "output: docs\n");
    site.build(&[]);
    assert!(site.root().join("docs/index.html").is_file());
}

#[test]
fn a_foreign_folder_is_refused_and_nothing_is_deleted() {
    let site = Site::seed();
    write_file(&site.public().join("mine.txt"), "my own notes");
    write_file(&site.public().join("index.html"), "my own page");
    let before = tree(&site.outer());
    let stderr = refused(&site, &[]);
    assert!(stderr.contains("public"), "{stderr}");
    assert!(stderr.contains("--force"), "says how to go on: {stderr}");
    assert_eq!(tree(&site.outer()), before, "nothing changed anywhere");

    // The same through --output.
    let out = site.outer().join("mine");
    write_file(&out.join("a/b.txt"), "deep");
    let before = tree(&site.outer());
    refused(&site, &["--output", out.to_str().expect("UTF-8")]);
    assert_eq!(tree(&site.outer()), before);
}

#[test]
fn an_empty_unmarked_folder_is_used() {
    let site = Site::seed();
    std::fs::create_dir_all(site.public()).expect("an empty public/");
    site.build(&[]);
    assert!(site.public().join("index.html").is_file());
}

#[test]
fn force_sets_a_foreign_folder_aside_and_deletes_nothing() {
    let site = Site::seed();
    write_file(&site.public().join("mine.txt"), "my own notes");
    write_file(&site.public().join("sub/deep.txt"), "deep");
    let assert = site.build(&["--force"]);
    assert!(site.public().join("index.html").is_file());
    assert!(!site.public().join("mine.txt").exists());
    let aside: Vec<String> = names_in(&site.root())
        .into_iter()
        .filter(|n| n != "public" && n != "content")
        .collect();
    assert_eq!(aside.len(), 1, "one folder set aside: {aside:?}");
    let kept = tree(&site.root().join(&aside[0]));
    assert_eq!(kept["mine.txt"], b"my own notes");
    assert_eq!(kept["sub/deep.txt"], b"deep");
    assert_eq!(kept.len(), 2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains(&aside[0]), "says where: {stderr}");
}

#[test]
fn the_sources_are_never_an_output_even_with_force() {
    let site = Site::seed();
    write_file(
        &site.root().join("content/sessions/2026-01-21.md"),
        "---\ndate: 2026-01-21\n---\n",
    );
    write_file(&site.root().join("templates/.keep"), "");
    let before = tree(&site.outer());
    let root = site.root();
    let targets = [
        root.clone(),
        root.join("."),
        root.join("content"),
        root.join("content/sessions"),
        root.join("templates"),
        site.outer(),
        root.join("content/../"),
    ];
    for target in &targets {
        for force in [false, true] {
            let mut args = vec!["--output", target.to_str().expect("UTF-8")];
            if force {
                args.push("--force");
            }
            let stderr = refused(&site, &args);
            assert!(stderr.contains("refusing"), "{args:?}: {stderr}");
            assert_eq!(tree(&site.outer()), before, "{args:?} changed files");
        }
    }
    // Through the config, relative to the root.
    for output in [".", "content", "./content/..", ".."] {
        site.write("tracker.yaml", format!("output: \"{output}\"\n"));
        let before = tree(&site.outer());
        for force in [&[][..], &["--force"][..]] {
            refused(&site, force);
            assert_eq!(
                tree(&site.outer()),
                before,
                "output: {output} changed files"
            );
        }
    }
}

#[test]
fn a_failed_build_leaves_the_last_good_site_byte_identical() {
    let site = Site::seed();
    site.build(&[]);
    let good = tree(&site.public());
    site.write("templates/index.html", "{% if %}<p>broken</p>\n");
    let stderr = refused(&site, &[]);
    assert!(
        stderr.contains("templates/index.html"),
        "the error names the template: {stderr}"
    );
    assert_eq!(
        tree(&site.public()),
        good,
        "the last good site is untouched"
    );
    assert_eq!(
        names_in(&site.root()),
        ["content", "public", "templates"],
        "no temporary folder left beside"
    );
    // A template that fails while rendering (not parsing) leaves it too.
    site.write("templates/index.html", "{{ no_such_variable.at_all }}\n");
    refused(&site, &[]);
    assert_eq!(tree(&site.public()), good);
    assert_eq!(names_in(&site.root()), ["content", "public", "templates"]);
    // Fixed, the next build replaces the site whole.
    std::fs::remove_dir_all(site.root().join("templates")).expect("removing the override");
    site.build(&[]);
    assert_eq!(tree(&site.public()), good);
}

#[test]
fn a_marked_folder_with_a_file_tracker_did_not_write_is_refused() {
    let site = Site::seed();
    site.build(&[]);
    write_file(&site.public().join("notes.txt"), "mine, not tracker's");
    write_file(&site.public().join("phases/extra.html"), "mine too");
    let before = tree(&site.outer());
    let stderr = refused(&site, &[]);
    assert!(stderr.contains("notes.txt"), "names the file: {stderr}");
    assert_eq!(tree(&site.outer()), before, "nothing changed");
}

#[test]
fn a_rebuild_replaces_the_previous_build_whole() {
    let site = Site::seed();
    site.build(&[]);
    let seed = std::fs::read_to_string(site.root().join("content/tracker.md")).expect("seed");
    let start = seed.find("## Phase 4").expect("Phase 4");
    let end = seed.find("## Final Assessment").expect("Final Assessment");
    site.write(
        "content/tracker.md",
        format!("{}{}", &seed[..start], &seed[end..]),
    );
    site.build(&[]);
    let out = tree(&site.public());
    assert!(!out.contains_key("phases/phase-4-stream-processing/index.html"));
    assert!(!out.contains_key("badges/phase-4-stream-processing.json"));
    assert!(out.contains_key("phases/phase-3-databases-and-streams/index.html"));
    assert_eq!(names_in(&site.root()), ["content", "public"]);
}

// ---------------------------------------------------------------------------------------------
// Themes

#[test]
fn an_unknown_theme_is_a_usage_error_listing_the_themes() {
    let site = Site::seed();
    write_file(&site.root().join("themes/mine/templates/index.html"), "x");
    let out = site
        .cmd()
        .args(["build", "--theme", "nosuch"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let stderr = stderr_of(&out);
    for name in ["nosuch", "default", "paper", "mine"] {
        assert!(stderr.contains(name), "names {name}: {stderr}");
    }
    assert!(!site.public().exists());

    site.write("tracker.yaml", "theme: nosuch\n");
    let out = site.cmd().arg("build").output().expect("runs");
    assert!(!out.status.success());
    let stderr = stderr_of(&out);
    for name in ["nosuch", "default", "paper"] {
        assert!(stderr.contains(name), "names {name}: {stderr}");
    }
    assert!(stderr.contains("tracker.yaml"), "{stderr}");
}

#[test]
fn a_site_template_overrides_one_template() {
    let site = Site::seed();
    let builtin = tree(&site.build_into(&site.outer().join("builtin"), &[]));
    site.write(
        "templates/index.html",
        "<!DOCTYPE html><html lang=\"en\"><title>{{ title }}</title><p id=\"own-index\">{{ progress.done }} of {{ progress.total }}</p></html>\n",
    );
    site.build(&[]);
    let out = tree(&site.public());
    let index = parse(&out["index.html"]);
    let own = index
        .select(&sel("#own-index"))
        .next()
        .expect("the site's own index.html is used");
    assert_eq!(text(own), "0 of 78");
    for (path, bytes) in &out {
        if path != "index.html" && path != ".tracker-output" {
            assert!(
                builtin.get(path) == Some(bytes),
                "{path} still comes from the built-in theme"
            );
        }
    }
}

#[test]
fn a_site_theme_replaces_the_built_in_theme_of_that_name() {
    let site = Site::seed();
    let page = |name: &str| {
        format!(
            "<!DOCTYPE html><html lang=\"en\"><title>{{{{ title }}}}</title><link rel=\"stylesheet\" href=\"{{{{ page.root }}}}own.css\"><p id=\"own-{name}\">{{{{ title }}}}</p></html>\n"
        )
    };
    for name in ["index", "phase", "404"] {
        site.write(&format!("themes/default/templates/{name}.html"), page(name));
    }
    site.write("themes/default/static/own.css", "p { color: teal }\n");
    site.build(&[]);
    let out = tree(&site.public());
    assert!(
        parse(&out["index.html"])
            .select(&sel("#own-index"))
            .next()
            .is_some()
    );
    assert!(
        parse(&out["phases/phase-1-foundations/index.html"])
            .select(&sel("#own-phase"))
            .next()
            .is_some()
    );
    assert!(
        parse(&out["404.html"])
            .select(&sel("#own-404"))
            .next()
            .is_some()
    );
    assert_eq!(out["own.css"], b"p { color: teal }\n");
    // Nothing of the built-in default theme's static files remains.
    let builtin_static = support::repo().join("themes/default/static");
    for rel in tree(&builtin_static).keys() {
        assert!(
            !out.contains_key(rel),
            "{rel} comes from the built-in theme, which the site's own replaced"
        );
    }
    // And the site's templates/ still beats its theme.
    site.write(
        "templates/index.html",
        "<!DOCTYPE html><html lang=\"en\"><title>t</title><p id=\"override\">x</p></html>\n",
    );
    site.build(&[]);
    let index = parse(&std::fs::read(site.public().join("index.html")).expect("index"));
    assert!(index.select(&sel("#override")).next().is_some());
    assert!(index.select(&sel("#own-index")).next().is_none());
}

#[test]
fn the_paper_theme_builds_a_different_complete_site() {
    let site = Site::fixture("build-demo");
    let report = site.report();
    let default = tree(&site.build_into(&site.outer().join("default"), &[]));
    let paper = tree(&site.build_into(&site.outer().join("paper"), &["--theme", "paper"]));
    for file in [
        "index.html",
        "404.html",
        "progress.json",
        "badge.svg",
        ".nojekyll",
    ] {
        assert!(paper.contains_key(file), "paper: {file}");
    }
    for phase in phases(&report) {
        assert!(paper.contains_key(&format!("phases/{}/index.html", slug(title(phase)))));
    }
    assert!(
        paper["index.html"] != default["index.html"],
        "paper looks different from default"
    );
    assert_eq!(paper["progress.json"], default["progress.json"]);
    for (path, bytes) in &paper {
        if path.ends_with(".html") {
            assert_page_structure(&format!("paper/{path}"), &parse(bytes));
        }
    }
    let index = parse(&paper["index.html"]);
    let main = index.select(&sel("main")).next().expect("a main");
    for phase in phases(&report) {
        assert_node_card("paper/index.html", main, phase);
    }
    let problems = broken_links(&paper, "/");
    assert!(problems.is_empty(), "paper: {}", problems.join("\n"));
    // `theme: paper` in the config is the same as --theme paper.
    site.write(
        "tracker.yaml",
        "title: Stream processing, the demo\nstart_date: 2026-01-16\ntheme: paper\n",
    );
    let by_config = tree(&site.build_into(&site.outer().join("paper2"), &[]));
    assert_eq!(by_config, paper);
    // Paper works under a project path too.
    let base = "https://someone.github.io/study/";
    let under = tree(&site.build_into(&site.outer().join("paper3"), &["--base-url", base]));
    let problems = broken_links(&under, base);
    assert!(
        problems.is_empty(),
        "paper under {base}: {}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Helpers' own checks

#[test]
fn fixtures_are_what_the_tests_expect() {
    let demo = Site::fixture("build-demo").report();
    let p: Vec<(u64, u64)> = phases(&demo)
        .iter()
        .map(|p| (n(&p["done"]), n(&p["total"])))
        .collect();
    assert_eq!(p, [(15, 15), (8, 20), (1, 16), (0, 22)]);
    assert_eq!(demo["plan"]["day"], 8);
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build-hostile");
    let text = std::fs::read_to_string(hostile.join("content/tracker.md")).expect("fixture");
    for payload in [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
    ] {
        assert!(text.contains(payload), "{payload}");
    }
}

// ---------------------------------------------------------------------------------------------
// A snapshot of the seed's dashboard

#[test]
fn snapshot_of_the_seed_dashboard() {
    let site = Site::seed();
    site.build(&[]);
    let html = std::fs::read_to_string(site.public().join("index.html")).expect("index.html");
    insta::assert_snapshot!("seed_dashboard", html);
}

#[test]
fn each_module_lists_the_sessions_that_worked_on_it_with_links() {
    for theme in ["default", "paper"] {
        let site = Site::fixture("build-demo");
        site.build(&["--theme", theme]);
        let report = site.report();
        let mut checked = 0;
        for session in report["sessions"].as_array().expect("sessions") {
            for module in session["modules"].as_array().expect("modules") {
                let module = module.as_str().expect("a title");
                let Some(phase) = phases(&report).into_iter().find(|p| {
                    p["children"]
                        .as_array()
                        .is_some_and(|c| c.iter().any(|m| m["title"] == module))
                }) else {
                    continue;
                };
                let page = site
                    .public()
                    .join(format!("phases/{}/index.html", slug(title(phase))));
                let doc = parse(&std::fs::read(&page).expect("the phase page"));
                let section = Selector::parse(&format!("#{}", slug(module))).expect("a selector");
                let node = doc.select(&section).next().expect("the module's section");
                let links: Vec<String> = node
                    .select(&Selector::parse(".studied-in a").expect("a selector"))
                    .map(|a| a.value().attr("href").unwrap_or_default().to_string())
                    .collect();
                let expected = session["title"].as_str().expect("a title");
                let names: Vec<String> = node
                    .select(&Selector::parse(".studied-in a").expect("a selector"))
                    .map(text)
                    .collect();
                assert!(
                    names.iter().any(|n| n == expected),
                    "{theme}: {module} lists {expected}: {names:?}"
                );
                for href in links {
                    let mut target = page.parent().expect("a folder").join(&href);
                    if href.ends_with('/') {
                        target.push("index.html");
                    }
                    assert!(
                        target.exists(),
                        "{theme}: {href} from {} leads to a page",
                        page.display()
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 0, "the demo has sessions naming modules");
    }
}

#[test]
fn links_to_a_module_nested_under_a_part_of_a_phase_resolve() {
    for theme in ["default", "paper"] {
        let site = Site::empty();
        site.write(
            "content/tracker.md",
            "# Deep plan\n\n## Phase 1: Basics\n\n### Part A\n\n#### Module 1.1: Deep\n\
             - [ ] a task\n\n**Questions**:\n- Why so deep?\n",
        );
        site.write(
            "content/sessions/2026-01-20.md",
            "---\ndate: 2026-01-20\nduration: 30m\nmodules: [\"1.1\"]\n---\n",
        );
        site.build(&["--theme", theme]);
        let problems = broken_links(&tree(&site.public()), "/");
        assert!(
            problems.is_empty(),
            "{theme}: broken links:\n{}",
            problems.join("\n")
        );
    }
}

/// `count` notes, one a day from 2025-01-01, each with the text `note(i, day)`.
fn daily_notes(site: &Site, count: u32, note: impl Fn(u32, chrono::NaiveDate) -> String) {
    for i in 0..count {
        let day =
            chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(i.into());
        site.write(&format!("content/sessions/{day}.md"), note(i, day));
    }
}

#[test]
fn the_study_log_is_paginated_newest_first_with_every_session_once() {
    let site = Site::empty();
    site.write(
        "content/tracker.md",
        "# Plan\n\n## Phase 1: A\n\n- [ ] one\n",
    );
    // 120 sessions on 120 days: pages of 50, 50 and 20.
    daily_notes(&site, 120, |i, day| {
        format!("---\ndate: {day}\nduration: 30 min\n---\n\nNote {i}.\n")
    });
    site.build(&[]);
    let out = tree(&site.public());
    let log_pages = [
        "sessions/index.html",
        "sessions/page-2.html",
        "sessions/page-3.html",
    ];
    assert!(!out.contains_key("sessions/page-4.html"));
    let mut seen: Vec<String> = Vec::new();
    for (n, page) in log_pages.iter().enumerate() {
        let doc = parse(&out[*page]);
        let titles: Vec<String> = doc
            .select(&sel("ol.sessions > li h2 a"))
            .map(text)
            .collect();
        assert_eq!(titles.len(), [50, 50, 20][n], "{page}: {titles:?}");
        let pager: Vec<(String, String)> = doc
            .select(&sel("nav.pager a"))
            .map(|a| (text(a), a.attr("href").unwrap_or_default().to_string()))
            .collect();
        let expected: Vec<&str> = match n {
            0 => vec!["../sessions/page-2.html"],
            1 => vec!["../sessions/", "../sessions/page-3.html"],
            _ => vec!["../sessions/page-2.html"],
        };
        assert_eq!(
            pager.iter().map(|(_, h)| h.as_str()).collect::<Vec<_>>(),
            expected,
            "{page}"
        );
        seen.extend(titles);
    }
    // Newest first across the pages, each session once.
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(seen, sorted);
    sorted.dedup();
    assert_eq!(sorted.len(), 120);
    assert_eq!(seen.first().map(String::as_str), Some("2025-04-30"));
    assert!(
        broken_links(&out, "/").is_empty(),
        "{:?}",
        broken_links(&out, "/")
    );
}

#[test]
fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let site = Site::seed();
    site.build(&[]);
    let inode = |rel: &str| {
        std::fs::metadata(site.public().join(rel))
            .expect("a built file")
            .ino()
    };
    let (style, index) = (inode("style.css"), inode("index.html"));
    let before = tree(&site.public());
    // Tick a task: the dashboard changes, the style sheet does not.
    let tracker = std::fs::read_to_string(site.root().join("content/tracker.md")).unwrap();
    site.write("content/tracker.md", tracker.replacen("- [ ]", "- [x]", 1));
    site.build(&[]);
    assert_eq!(
        inode("style.css"),
        style,
        "an unchanged file is the same file"
    );
    assert_ne!(inode("index.html"), index, "a changed file is written anew");
    let after = tree(&site.public());
    assert_eq!(after["style.css"], before["style.css"]);
    assert_ne!(after["index.html"], before["index.html"]);
    // Only the output folder is left beside the sources: no temporary or old folder.
    let names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_huge_plan_keeps_the_dashboard_bounded() {
    let site = Site::empty();
    // 2 phases of 160 modules: past 300 modules the phase cards list no modules.
    let mut tracker = String::from("# Plan\n\n");
    for p in 1..=2 {
        tracker.push_str(&format!("## Phase {p}: Part {p}\n\n"));
        for m in 1..=160 {
            tracker.push_str(&format!("### Module {p}.{m}: Topic {m}\n\n- [ ] task\n\n"));
        }
    }
    site.write("content/tracker.md", tracker);
    // 25 sessions with a question each: the newest 20 are on the dashboard.
    daily_notes(&site, 25, |i, day| {
        format!("---\ndate: {day}\n---\n\n## Questions to research\n- Question {i}\n")
    });
    site.build(&[]);
    let out = tree(&site.public());
    let doc = parse(&out["index.html"]);
    assert_eq!(
        doc.select(&sel("ul.parts")).count(),
        0,
        "no module lists on the cards"
    );
    assert_eq!(doc.select(&sel("article.phase")).count(), 2);
    let questions: Vec<String> = doc.select(&sel("ul.questions .q")).map(text).collect();
    assert_eq!(questions.len(), 20, "{questions:?}");
    assert_eq!(questions.first().map(String::as_str), Some("Question 24"));
    assert_eq!(questions.last().map(String::as_str), Some("Question 5"));
    assert!(page_text(&doc).contains("25 open questions"));
    // Every module is still on its phase page.
    let phase = parse(&out["phases/phase-1-part-1/index.html"]);
    assert_eq!(phase.select(&sel("section.kind-module")).count(), 160);
    assert!(
        broken_links(&out, "/").is_empty(),
        "{:?}",
        broken_links(&out, "/")
    );
}
