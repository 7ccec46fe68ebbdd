//! Raw HTML as GitHub renders it: what its sanitizer keeps is kept, the rest never reaches a
//! page (TRACKER-FORMAT §11).
//!
//! The allowlist is GitHub's (`html-pipeline`'s `SanitizationFilter`: its elements, its
//! attributes, its URL protocols), applied by `ammonia`, with three additions for what the
//! markdown renderer itself writes and GitHub's renderer writes differently: task list
//! checkboxes (`<input>`, always a disabled checkbox), table alignment (`style` on `th`/`td`,
//! only `text-align`) and the classes of code blocks (`language-*`) and alerts
//! (`markdown-alert-*`). `picture` and `source` are kept too, as github.com keeps them for
//! images that follow the reader's colour scheme.

use ammonia::{Builder, Url, UrlRelative};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// GitHub's elements, then `input`, `picture` and `source`.
const ELEMENTS: &[&str] = &[
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "b",
    "i",
    "strong",
    "em",
    "a",
    "pre",
    "code",
    "img",
    "tt",
    "div",
    "ins",
    "del",
    "sup",
    "sub",
    "p",
    "ol",
    "ul",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "kbd",
    "q",
    "samp",
    "var",
    "hr",
    "ruby",
    "rt",
    "rp",
    "li",
    "tr",
    "td",
    "th",
    "s",
    "strike",
    "summary",
    "details",
    "caption",
    "figure",
    "figcaption",
    "abbr",
    "bdo",
    "cite",
    "dfn",
    "mark",
    "small",
    "span",
    "time",
    "wbr",
    "input",
    "picture",
    "source",
];

/// Attributes any kept element may have: GitHub's list.
const ANY_ELEMENT: &[&str] = &[
    "abbr",
    "accept",
    "accept-charset",
    "accesskey",
    "action",
    "align",
    "alt",
    "aria-describedby",
    "aria-hidden",
    "aria-label",
    "aria-labelledby",
    "axis",
    "border",
    "cellpadding",
    "cellspacing",
    "char",
    "charoff",
    "charset",
    "checked",
    "clear",
    "cols",
    "colspan",
    "color",
    "compact",
    "coords",
    "datetime",
    "dir",
    "disabled",
    "enctype",
    "for",
    "frame",
    "headers",
    "height",
    "hreflang",
    "hspace",
    "id",
    "ismap",
    "label",
    "lang",
    "maxlength",
    "media",
    "method",
    "multiple",
    "name",
    "nohref",
    "noshade",
    "nowrap",
    "open",
    "progress",
    "prompt",
    "readonly",
    "rel",
    "rev",
    "role",
    "rows",
    "rowspan",
    "rules",
    "scope",
    "selected",
    "shape",
    "size",
    "span",
    "start",
    "summary",
    "tabindex",
    "title",
    "type",
    "usemap",
    "valign",
    "value",
    "width",
    "itemprop",
];

/// Attributes of one element beyond [`ANY_ELEMENT`].
const BY_ELEMENT: &[(&str, &[&str])] = &[
    ("a", &["href"]),
    ("img", &["src", "longdesc"]),
    ("div", &["itemscope", "itemtype"]),
    ("blockquote", &["cite", "class"]),
    ("del", &["cite"]),
    ("ins", &["cite"]),
    ("q", &["cite"]),
    ("source", &["srcset"]),
    ("code", &["class"]),
    ("th", &["style"]),
    ("td", &["style"]),
];

/// Elements removed with everything in them (the others that are not kept leave their text).
const REMOVED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "noframes", "noembed", "noscript", "object",
    "embed", "applet", "template", "textarea", "title", "xmp", "svg", "math",
];

/// What `id` and `name` values are prefixed with, so that a note never takes a name the page
/// uses (GitHub's prefix).
const ID_PREFIX: &str = "user-content-";

/// What an address may lead to: a link may also write an email; the rest only fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `a href`: `http`, `https`, `mailto` or relative.
    Link,
    /// `img src` and the like: `http`, `https` or relative.
    Fetch,
}

/// Whether an address is one GitHub keeps for `target`: a relative one (no scheme), or one
/// of the target's schemes. The address is read as browsers read it (tabs, new lines and
/// leading spaces are ignored, schemes are case-insensitive), by the `url` crate.
pub fn allowed_url(url: &str, target: Target) -> bool {
    match Url::parse(url) {
        Ok(parsed) => match parsed.scheme() {
            "http" | "https" => true,
            "mailto" => target == Target::Link,
            _ => false,
        },
        Err(ammonia::url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

/// Whether every candidate of a `srcset` is an address images may be fetched from.
fn allowed_srcset(srcset: &str) -> bool {
    srcset.split(',').all(|candidate| {
        candidate
            .split_whitespace()
            .next()
            .is_none_or(|url| allowed_url(url, Target::Fetch))
    })
}

/// The classes of `value` that start with `prefix`, or `None` when there are none.
fn classes_with_prefix<'a>(value: &'a str, prefix: &str) -> Option<Cow<'a, str>> {
    let kept: Vec<&str> = value
        .split_ascii_whitespace()
        .filter(|c| c.starts_with(prefix) && c.len() > prefix.len())
        .collect();
    match kept.as_slice() {
        [] => None,
        [one] if *one == value => Some(Cow::Borrowed(value)),
        _ => Some(Cow::Owned(kept.join(" "))),
    }
}

/// The last word on an attribute ammonia's allowlist let through: `None` drops it.
fn filter_attribute<'a>(element: &str, attribute: &str, value: &'a str) -> Option<Cow<'a, str>> {
    let keep = |ok: bool| ok.then_some(Cow::Borrowed(value));
    match (element, attribute) {
        ("a", "href") => keep(allowed_url(value, Target::Link)),
        (_, "src" | "longdesc" | "cite") => keep(allowed_url(value, Target::Fetch)),
        ("source", "srcset") => keep(allowed_srcset(value)),
        ("code", "class") => classes_with_prefix(value, "language-"),
        ("blockquote", "class") => classes_with_prefix(value, "markdown-alert-"),
        ("th" | "td", "style") => keep(matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        )),
        (_, "name") if !value.starts_with(ID_PREFIX) => {
            Some(Cow::Owned(format!("{ID_PREFIX}{value}")))
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

/// The sanitizer, set up once.
static GITHUB: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    let by_element: HashMap<&str, HashSet<&str>> = BY_ELEMENT
        .iter()
        .map(|(element, attributes)| (*element, attributes.iter().copied().collect()))
        .collect();
    let mut forced: HashMap<&str, HashMap<&str, &str>> = HashMap::new();
    forced.insert("input", [("type", "checkbox"), ("disabled", "")].into());
    builder
        .tags(ELEMENTS.iter().copied().collect())
        .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(ANY_ELEMENT.iter().copied().collect())
        .tag_attributes(by_element)
        .set_tag_attribute_values(forced)
        .url_schemes(["http", "https", "mailto"].into())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .id_prefix(Some(ID_PREFIX))
        .attribute_filter(filter_attribute);
    builder
});

/// HTML with everything GitHub's sanitizer would not keep taken out, and an empty `alt` on
/// every image that has none (a page must stay valid HTML).
pub fn clean(html: &str) -> String {
    with_alt(GITHUB.clean(html).to_string())
}

/// `html`, as the sanitizer writes it, with `alt=""` added to each `<img>` without an `alt`.
///
/// The sanitizer's output is regular: text never holds a bare `<` (it is written `&lt;`),
/// comments are gone, every attribute value is in double quotes and holds no `"`. So a `<`
/// outside quotes starts a tag, and a tag ends at the first `>` outside quotes.
fn with_alt(html: String) -> String {
    if !html.contains("<img") {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html.as_str();
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        let end = tag_end(tag).unwrap_or(tag.len());
        let (tag, after) = tag.split_at(end);
        out.push_str(tag);
        if is_img_without_alt(tag) {
            // `tag` ends just before its `>`.
            out.push_str(" alt=\"\"");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Where the tag that `tag` starts with ends: the index of its closing `>`.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quoted = false;
    tag.char_indices().find_map(|(i, c)| match c {
        '"' => {
            quoted = !quoted;
            None
        }
        '>' if !quoted => Some(i),
        _ => None,
    })
}

/// Whether `tag` (from its `<` to just before its `>`) is an `img` start tag without `alt`.
fn is_img_without_alt(tag: &str) -> bool {
    let Some(attributes) = tag.strip_prefix("<img") else {
        return false;
    };
    if !(attributes.is_empty() || attributes.starts_with(' ')) {
        return false;
    }
    let mut quoted = false;
    let mut names = Vec::new();
    let mut name = String::new();
    for c in attributes.chars() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            ' ' | '=' | '/' => {
                if !name.is_empty() {
                    names.push(std::mem::take(&mut name));
                }
            }
            _ => name.push(c),
        }
    }
    names.push(name);
    !names.iter().any(|n| n == "alt")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_follow_githubs_protocols() {
        for (url, link, fetch) in [
            ("https://example.org/a", true, true),
            ("http://example.org/a", true, true),
            ("mailto:me@example.org", true, false),
            ("img/diagram.png", true, true),
            ("/abs/path", true, true),
            ("#section", true, true),
            ("//cdn.example.org/a.png", true, true),
            ("", true, true),
            ("javascript:alert(1)", false, false),
            ("JaVaScRiPt:alert(1)", false, false),
            ("java\tscript:alert(1)", false, false),
            (" javascript:alert(1)", false, false),
            ("vbscript:x", false, false),
            ("data:image/png;base64,AAAA", false, false),
            ("data:text/html,hi", false, false),
            ("file:///etc/passwd", false, false),
            ("ftp://example.org/a", false, false),
        ] {
            assert_eq!(allowed_url(url, Target::Link), link, "link {url:?}");
            assert_eq!(allowed_url(url, Target::Fetch), fetch, "fetch {url:?}");
        }
    }

    #[test]
    fn images_without_alt_get_an_empty_one() {
        for (html, expected) in [
            (r#"<img src="x">"#, r#"<img src="x" alt="">"#),
            (r#"<img src="x" alt="a">"#, r#"<img src="x" alt="a">"#),
            (r#"<img alt="" src="x">"#, r#"<img alt="" src="x">"#),
            (
                r#"<img title="alt=x" src="x">"#,
                r#"<img title="alt=x" src="x" alt="">"#,
            ),
            (
                r#"<a title="<img src=y>">t</a><img src="x">"#,
                r#"<a title="<img src=y>">t</a><img src="x" alt="">"#,
            ),
            (
                r#"<imgx>&lt;img src="x"&gt;"#,
                r#"<imgx>&lt;img src="x"&gt;"#,
            ),
            ("<img>", r#"<img alt="">"#),
            ("a <b>b</b> c", "a <b>b</b> c"),
        ] {
            assert_eq!(with_alt(html.to_string()), expected, "{html}");
        }
    }

    #[test]
    fn srcset_candidates_are_each_checked() {
        assert!(allowed_srcset("a.png 1x, https://x.org/b.png 2x"));
        assert!(!allowed_srcset("a.png 1x, javascript:alert(1) 2x"));
    }
}
