//! `feed.xml`, the Atom feed of the sessions (TRACKER-FORMAT §11): read back with
//! `atom_syndication`, its entries are the newest sessions that are not planned, newest first,
//! at most 50, and each links to a page the built site holds, at the default base URL and
//! under a GitHub Pages address. Every page announces the feed in its `<head>`.

mod support;

use atom_syndication::Feed;
use scraper::{Html, Selector};
use serde_json::Value;
use std::path::Path;
use support::{Site, tree};

const PAGES: &str = "https://learner.github.io/study/";

/// A plan with 60 sessions up to today (two on some days), an undated one in its log, and 3
/// planned ones.
fn many_sessions() -> Site {
    let site = Site::empty();
    site.write(
        "content/tracker.md",
        "# Streams\n\n## Phase 1: Basics\n\n### Module 1.1: Logs\n- [ ] Read\n\n\
         ## Study Log\n\n### Undated\n**Duration**: 10m\n",
    );
    for i in 0..60 {
        // 2025-11-25 … 2026-01-23 (today), two notes on every tenth day.
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 23).expect("a date")
            - chrono::Duration::days(i - i / 10);
        site.write(
            &format!("content/sessions/note-{i:02}.md"),
            format!(
                "---\ndate: {day}\ntitle: \"Study {i:02}\"\nduration: 30m\n\
                 topics: [\"*late* events\", \"joins\"]\n---\n\nText.\n"
            ),
        );
    }
    for (i, day) in ["2026-01-24", "2026-02-01", "2026-03-01"]
        .iter()
        .enumerate()
    {
        site.write(
            &format!("content/sessions/planned-{i}.md"),
            format!("---\ndate: {day}\ntitle: \"Planned {i}\"\n---\n"),
        );
    }
    site
}

fn read_feed(out: &Path) -> (Vec<u8>, Feed) {
    let bytes = std::fs::read(out.join("feed.xml")).expect("feed.xml");
    let feed = Feed::read_from(&bytes[..]).expect("feed.xml is an Atom feed");
    (bytes, feed)
}

/// The titles the feed must hold: dated, not planned, newest first, at most 50.
fn expected_titles(report: &Value) -> Vec<String> {
    let sessions = report["sessions"].as_array().expect("sessions");
    sessions
        .iter()
        .rev()
        .filter(|s| !s["date"].is_null() && s["planned"] == false)
        .take(50)
        .map(|s| s["title"].as_str().expect("a title").to_string())
        .collect()
}

/// Checks a built site's feed against its report; `base` is the base URL it was built with.
fn check_feed(site: &Site, out: &Path, base: &str) -> Feed {
    let (bytes, feed) = read_feed(out);
    let report = site.report();
    assert_eq!(feed.title.value, report["title"].as_str().expect("a title"));
    let titles: Vec<String> = feed.entries.iter().map(|e| e.title.value.clone()).collect();
    assert_eq!(
        titles,
        expected_titles(&report),
        "the entries, newest first"
    );
    assert!(titles.len() <= 50);
    assert!(
        !titles
            .iter()
            .any(|t| t.starts_with("Planned") || t == "Undated"),
        "{titles:?}"
    );
    let dates: Vec<_> = feed.entries.iter().map(|e| e.updated).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(
        Some(&feed.updated),
        dates.first(),
        "the feed is as new as its newest entry"
    );
    for entry in &feed.entries {
        assert_eq!(entry.published, Some(entry.updated));
        let [link] = entry.links.as_slice() else {
            panic!("{}: one link", entry.title.value);
        };
        let path = link
            .href
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{} is not under {base}", link.href));
        assert!(
            out.join(path).is_file(),
            "{}: {} leads to no page of the site",
            entry.title.value,
            link.href
        );
        if base == PAGES {
            assert_eq!(
                entry.id, link.href,
                "under an absolute base, the id is the page"
            );
        } else {
            assert!(entry.id.starts_with("urn:uuid:"), "{}", entry.id);
        }
    }
    let ids: std::collections::BTreeSet<&str> =
        feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), feed.entries.len(), "ids are unique");
    let self_link = feed
        .links
        .iter()
        .find(|l| l.rel == "self")
        .expect("a self link");
    assert_eq!(self_link.href, format!("{base}feed.xml"));
    assert!(!feed.authors.is_empty(), "Atom needs an author");
    // Built again from the same inputs, the feed is the same bytes.
    let again = site.outer().join("again");
    site.build_into(&again, &base_args(base));
    assert_eq!(
        std::fs::read(again.join("feed.xml")).expect("feed.xml"),
        bytes
    );
    feed
}

fn base_args(base: &str) -> Vec<&str> {
    if base == PAGES {
        vec!["--base-url", PAGES]
    } else {
        vec![]
    }
}

#[test]
fn the_feed_holds_the_fifty_newest_sessions_that_happened() {
    let site = many_sessions();
    let report = site.report();
    let sessions = report["sessions"].as_array().expect("sessions");
    assert_eq!(sessions.len(), 64, "60 done, 3 planned, 1 undated");
    assert_eq!(sessions.iter().filter(|s| s["planned"] == true).count(), 3);
    assert!(
        sessions
            .iter()
            .any(|s| s["title"] == "Undated" && s["date"].is_null())
    );
    for base in ["/", PAGES] {
        let out = site
            .outer()
            .join(if base == "/" { "root" } else { "pages" });
        site.build_into(&out, &base_args(base));
        let feed = check_feed(&site, &out, base);
        assert_eq!(feed.entries.len(), 50);
        assert_eq!(
            feed.entries[0].title.value, "Study 00",
            "today's session first"
        );
        assert_eq!(
            feed.entries[0].summary.as_ref().map(|s| s.value.as_str()),
            Some("Topics: late events; joins."),
            "a plain-text summary"
        );
    }
}

#[test]
fn a_site_with_a_few_sessions_lists_them_all() {
    let site = Site::fixture("build-demo");
    for base in ["/", PAGES] {
        let out = site
            .outer()
            .join(if base == "/" { "root" } else { "pages" });
        site.build_into(&out, &base_args(base));
        let feed = check_feed(&site, &out, base);
        assert!(!feed.entries.is_empty());
    }
}

#[test]
fn a_site_without_sessions_has_an_empty_feed_as_of_today() {
    let site = Site::empty();
    site.write(
        "content/tracker.md",
        "# Streams\n\n## Phase 1\n- [ ] Read\n",
    );
    let out = site.outer().join("out");
    site.build_into(&out, &[]);
    let (_, feed) = read_feed(&out);
    assert!(feed.entries.is_empty());
    assert_eq!(feed.updated.date_naive().to_string(), support::TODAY);
    assert!(feed.id.starts_with("urn:uuid:"), "{}", feed.id);
}

#[test]
fn every_page_announces_the_feed() {
    let site = Site::fixture("build-demo");
    let alternate = Selector::parse(r#"head link[rel="alternate"][type="application/atom+xml"]"#)
        .expect("a selector");
    for (theme, base) in [("default", "/"), ("paper", PAGES)] {
        let out = site.outer().join(theme);
        let mut args = vec!["--theme", theme];
        args.extend(base_args(base));
        site.build_into(&out, &args);
        let mut pages = 0;
        for (path, bytes) in tree(&out) {
            if !path.ends_with(".html") {
                continue;
            }
            let doc = Html::parse_document(&String::from_utf8_lossy(&bytes));
            let hrefs: Vec<&str> = doc
                .select(&alternate)
                .filter_map(|l| l.value().attr("href"))
                .collect();
            let [href] = hrefs.as_slice() else {
                panic!("{theme}/{path}: {} feed links", hrefs.len());
            };
            // Relative to the page, or (on the 404 page) the absolute base.
            let resolved = match href.strip_prefix(base) {
                Some(rest) if path == "404.html" => rest.to_string(),
                _ => {
                    let folder = Path::new(&path).parent().unwrap_or(Path::new(""));
                    let joined = folder.join(href);
                    let mut parts: Vec<&str> = Vec::new();
                    for part in joined.to_str().expect("UTF-8").split('/') {
                        match part {
                            "." | "" => {}
                            ".." => {
                                parts.pop();
                            }
                            p => parts.push(p),
                        }
                    }
                    parts.join("/")
                }
            };
            assert_eq!(resolved, "feed.xml", "{theme}/{path}: {href}");
            pages += 1;
        }
        assert!(pages >= 5, "{theme}: {pages} pages");
    }
}
