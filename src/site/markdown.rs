//! Learner-written markdown to HTML that is safe to put in a page, as GitHub renders it
//! (TRACKER-FORMAT §11).
//!
//! Raw HTML is sanitized to GitHub's allowlist unless the site allows it as it is, and links
//! or images keep only the addresses GitHub keeps (`http`, `https`, relative, and `mailto`
//! for links): a `javascript:`, `vbscript:` or `data:` address never reaches an `href`/`src`.

mod sanitize;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, html};
use sanitize::Target;

/// Renders markdown to HTML. `inline` drops the wrapping `<p>` of a one-paragraph text.
pub fn render(text: &str, allow_html: bool, inline: bool) -> String {
    render_shifted(text, allow_html, inline, 0)
}

fn shift_level(level: HeadingLevel, by: u8) -> HeadingLevel {
    let n = (level as u8).saturating_add(by).min(6);
    HeadingLevel::try_from(usize::from(n)).unwrap_or(HeadingLevel::H6)
}

/// Whether `text` is one line of plain words that markdown leaves as it is: it starts with a
/// letter and holds only letters, digits, single spaces and `, . ; : ? ( ) / - % '`. Most task
/// texts, topics and insights are; they skip the parser (a page has hundreds of them).
fn plain(text: &str) -> bool {
    let mut previous = ' ';
    text.chars().next().is_some_and(char::is_alphabetic)
        && !text.ends_with(' ')
        && text.chars().all(|c| {
            let ok = c.is_alphanumeric()
                || matches!(
                    c,
                    ',' | '.' | ';' | ':' | '?' | '(' | ')' | '/' | '-' | '%' | '\''
                )
                || (c == ' ' && previous != ' ');
            previous = c;
            ok
        })
}

/// Like [`render`], with every heading moved down `shift` levels (at most to `h6`), for notes
/// shown under a page's own headings.
///
/// Raw HTML goes through the renderer as it is; when there was any and the site does not
/// allow it, the sanitizer goes over the whole result. Text without raw HTML (nearly every
/// task, topic and note) never pays for the sanitizer.
pub fn render_shifted(text: &str, allow_html: bool, inline: bool, shift: u8) -> String {
    if plain(text) {
        return if inline {
            text.to_string()
        } else {
            format!("<p>{text}</p>\n")
        };
    }
    let parser = Parser::new_ext(text, crate::tracker::parse::markdown_options());
    let mut raw_html = false;
    let events = parser.map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) if shift > 0 => Event::Start(Tag::Heading {
            level: shift_level(level, shift),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) if shift > 0 => {
            Event::End(TagEnd::Heading(shift_level(level, shift)))
        }
        Event::Html(_) | Event::InlineHtml(_) => {
            raw_html = true;
            event
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url, Target::Link),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url, Target::Fetch),
            title,
            id,
        }),
        Event::TaskListMarker(done) => Event::Html(CowStr::Borrowed(if done {
            "<input type=\"checkbox\" disabled checked aria-label=\"done\"> "
        } else {
            "<input type=\"checkbox\" disabled aria-label=\"not done\"> "
        })),
        other => other,
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    if raw_html && !allow_html {
        out = sanitize::clean(&out);
    }
    if inline {
        let trimmed = out.trim_end();
        if let Some(inner) = trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
            .filter(|s| !s.contains("<p>"))
        {
            return inner.to_string();
        }
    }
    out
}

/// The address itself when GitHub would keep it for `target`, else `#`.
fn safe_url(url: CowStr<'_>, target: Target) -> CowStr<'_> {
    if sanitize::allowed_url(&url, target) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Raw HTML as GitHub renders it: `(markdown, HTML)`, rendered as a block.
    const SANITIZED: &[(&str, &str)] = &[
        // Kept.
        (
            "<details><summary>More</summary>\n\nHidden *text*.\n\n</details>",
            "<details><summary>More</summary>\n<p>Hidden <em>text</em>.</p>\n</details>",
        ),
        (
            "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>",
            "<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd></p>\n",
        ),
        (
            "H<sub>2</sub>O, x<sup>2</sup>",
            "<p>H<sub>2</sub>O, x<sup>2</sup></p>\n",
        ),
        ("one<br>two", "<p>one<br>two</p>\n"),
        (
            "<table><tr><th>a</th></tr><tr><td>1</td></tr></table>",
            "<table><tbody><tr><th>a</th></tr><tr><td>1</td></tr></tbody></table>",
        ),
        (
            "<img src=\"https://example.org/a.png\" alt=\"A\">",
            "<img src=\"https://example.org/a.png\" alt=\"A\">",
        ),
        (
            "<img src=\"img/a.png\" width=\"40\">",
            "<img src=\"img/a.png\" width=\"40\" alt=\"\">",
        ),
        (
            "<p align=\"center\">centred</p>",
            "<p align=\"center\">centred</p>",
        ),
        (
            "<a href=\"https://example.org/\" title=\"t\">ok</a>",
            "<p><a href=\"https://example.org/\" title=\"t\">ok</a></p>\n",
        ),
        (
            "<details open><summary>S</summary>x</details>",
            "<details open=\"\"><summary>S</summary>x</details>",
        ),
        (
            "<picture><source media=\"(prefers-color-scheme: dark)\" srcset=\"dark.png\">\
             <img src=\"light.png\" alt=\"L\"></picture>",
            "<p><picture><source media=\"(prefers-color-scheme: dark)\" srcset=\"dark.png\">\
             <img src=\"light.png\" alt=\"L\"></picture></p>\n",
        ),
        (
            "<a href=\"mailto:me@example.org\">mail</a>",
            "<p><a href=\"mailto:me@example.org\">mail</a></p>\n",
        ),
        (
            "Tom &amp; Jerry &copy; <b>&lt;3</b>",
            "<p>Tom &amp; Jerry © <b>&lt;3</b></p>\n",
        ),
        // Dropped, or rewritten.
        ("a <!-- secret --> b", "<p>a  b</p>\n"),
        ("<!-- a block comment -->\n\ntext", "\n<p>text</p>\n"),
        ("<img src=\"javascript:alert(1)\">", "<img alt=\"\">"),
        ("<img src=\"data:image/png;base64,AAAA\">", "<img alt=\"\">"),
        ("<img src=x onerror=alert(1)>", "<img src=\"x\" alt=\"\">"),
        ("a <script>alert(1)</script> b", "<p>a  b</p>\n"),
        ("<script>\nalert(1)\n</script>\n\nafter", "\n<p>after</p>\n"),
        (
            "<style>body { display: none }</style>\n\nafter",
            "\n<p>after</p>\n",
        ),
        (
            "<b onclick=\"alert(1)\" onmouseover=alert(1)>bold</b>",
            "<p><b>bold</b></p>\n",
        ),
        (
            "<a href=\"javascript:alert(1)\">link</a>",
            "<p><a>link</a></p>\n",
        ),
        (
            "<a href=\"JaVa&#x09;ScRiPt:alert(1)\">link</a>",
            "<p><a>link</a></p>\n",
        ),
        ("<a href=\"vbscript:x\">v</a>", "<p><a>v</a></p>\n"),
        ("<a href=\"ftp://example.org/\">f</a>", "<p><a>f</a></p>\n"),
        ("<q cite=\"javascript:alert(1)\">q</q>", "<p><q>q</q></p>\n"),
        ("<img src=\"mailto:me@example.org\">", "<img alt=\"\">"),
        (
            "<picture><source srcset=\"a.png 1x, javascript:alert(1) 2x\"></picture>",
            "<p><picture><source></picture></p>\n",
        ),
        (
            "<iframe src=\"https://example.org\"></iframe>\n\nafter",
            "\n<p>after</p>\n",
        ),
        ("<object data=x></object><embed src=x>", "<p></p>\n"),
        (
            "<form action=\"https://example.org\"><button>go</button></form>",
            "go",
        ),
        (
            "<div style=\"position: fixed\" class=\"nav\">boxed</div>",
            "<div>boxed</div>",
        ),
        (
            "<svg onload=alert(1)><circle r=1></circle></svg>",
            "<p></p>\n",
        ),
        ("<marquee>old</marquee> <h7>h</h7>", "<p>old h</p>\n"),
        (
            "<h2 id=\"main\">T</h2>\n<a name=\"top\">n</a>",
            "<h2 id=\"user-content-main\">T</h2>\n<a name=\"user-content-top\">n</a>",
        ),
        (
            "<input type=\"text\" value=\"v\">",
            "<input type=\"checkbox\" value=\"v\" disabled=\"\">",
        ),
    ];

    #[test]
    fn raw_html_is_sanitized_as_github_does() {
        let mut wrong = Vec::new();
        for (markdown, expected) in SANITIZED {
            let html = render(markdown, false, false);
            if html != *expected {
                wrong.push(format!(
                    "{markdown:?}\n  gave     {html:?}\n  expected {expected:?}"
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn what_the_renderer_writes_survives_the_sanitizer() {
        // Each text holds raw HTML, so the sanitizer runs over the renderer's own markup too.
        let html = render("- [x] done <b>b</b>\n- [ ] not done", false, false);
        assert_eq!(
            html,
            "<ul>\n<li><input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"done\"> done <b>b</b></li>\n\
             <li><input type=\"checkbox\" disabled=\"\" aria-label=\"not done\"> not done</li>\n</ul>\n"
        );
        let html = render("| a | b |\n|:-:|--:|\n| <i>1</i> | 2 |", false, false);
        assert!(
            html.contains("<th style=\"text-align: center\">a</th>"),
            "{html}"
        );
        assert!(
            html.contains("<td style=\"text-align: right\">2</td>"),
            "{html}"
        );
        let html = render("<b>x</b>\n\n```rust\nfn main() {}\n```", false, false);
        assert!(html.contains("<code class=\"language-rust\">"), "{html}");
        let html = render("> [!NOTE]\n> <b>x</b>", false, false);
        assert!(
            html.contains("<blockquote class=\"markdown-alert-note\">"),
            "{html}"
        );
        let html = render(
            "<b>x</b> [ok](https://example.org/a) ![i](a.png)",
            false,
            true,
        );
        assert_eq!(
            html,
            "<b>x</b> <a href=\"https://example.org/a\">ok</a> <img src=\"a.png\" alt=\"i\">"
        );
    }

    #[test]
    fn allowed_html_passes_through_as_written() {
        let html = render("<b onclick=x>bold</b> <!-- c -->", true, true);
        assert_eq!(html, "<b onclick=x>bold</b> <!-- c -->");
    }

    #[test]
    fn text_without_raw_html_is_not_reserialised() {
        // The sanitizer would write `<br />` as `<br>` and `&#39;` as `'`: without raw HTML,
        // the renderer's own output stands.
        assert_eq!(
            render("say 'hi'  \nnext &#39;", false, false),
            "<p>say 'hi'<br />\nnext '</p>\n"
        );
    }

    #[test]
    fn code_running_links_never_reach_href() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:x",
            " javascript:x",
            "vbscript:x",
            "data:text/html,hi",
            "ftp://example.org/a",
        ] {
            let html = render(&format!("[x](<{url}>)"), false, true);
            assert!(!html.to_lowercase().contains("script:"), "{url}: {html}");
            assert!(html.contains("href=\"#\""), "{url}: {html}");
        }
        let html = render("[ok](https://example.org/a)", false, true);
        assert!(html.contains("href=\"https://example.org/a\""), "{html}");
        // Images are only fetched over http(s) or from a relative address, as on GitHub.
        let html = render("![p](data:image/png;base64,AAAA)", false, true);
        assert_eq!(html, "<img src=\"#\" alt=\"p\" />");
    }

    #[test]
    fn headings_shift_down() {
        assert_eq!(
            render_shifted("# A\n### B", false, false, 2),
            "<h3>A</h3>\n<h5>B</h5>\n"
        );
        assert!(render_shifted("##### deep", false, false, 3).starts_with("<h6>"));
    }

    proptest::proptest! {
        /// The shortcut for plain text gives what the parser gives.
        #[test]
        fn plain_text_renders_as_the_parser_renders_it(
            text in "[A-Za-zé][A-Za-z0-9é ,.;:?()/%'-]{0,40}"
        ) {
            for inline in [true, false] {
                let mut parsed = String::new();
                html::push_html(
                    &mut parsed,
                    Parser::new_ext(&text, crate::tracker::parse::markdown_options()),
                );
                if inline {
                    parsed = parsed
                        .trim_end()
                        .strip_prefix("<p>")
                        .and_then(|s| s.strip_suffix("</p>"))
                        .unwrap_or(&parsed)
                        .to_string();
                }
                if plain(&text) {
                    proptest::prop_assert_eq!(render(&text, false, inline), parsed);
                }
            }
        }
    }

    #[test]
    fn plain_text_is_recognised_and_markdown_is_not() {
        assert!(plain("Read chapter 3, then the paper's summary (part 2)."));
        for text in [
            "", "1. one", "- a", "a  b", "a ", "*a*", "a & b", "[x](y)", "a\nb", "#a",
        ] {
            assert!(!plain(text), "{text:?}");
        }
    }

    #[test]
    fn inline_drops_one_paragraph() {
        assert_eq!(render("*a*", false, true), "<em>a</em>");
        assert!(render("a\n\nb", false, true).contains("<p>"));
        assert!(render("*a*", false, false).starts_with("<p>"));
    }
}
