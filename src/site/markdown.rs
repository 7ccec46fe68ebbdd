//! Learner-written markdown to HTML that is safe to put in a page.
//!
//! Raw HTML is escaped unless the site allows it, and links or images whose address would run
//! code (`javascript:`, `vbscript:`, `data:` other than images) never reach an `href`/`src`.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, html};

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
pub fn render_shifted(text: &str, allow_html: bool, inline: bool, shift: u8) -> String {
    if plain(text) {
        return if inline {
            text.to_string()
        } else {
            format!("<p>{text}</p>\n")
        };
    }
    let parser = Parser::new_ext(text, crate::tracker::parse::markdown_options());
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
        Event::Html(raw) | Event::InlineHtml(raw) if !allow_html => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url, false),
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
            dest_url: safe_url(dest_url, true),
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

/// The address itself when it is harmless, else `#`.
fn safe_url(url: CowStr<'_>, image: bool) -> CowStr<'_> {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let bad = squeezed.starts_with("javascript:")
        || squeezed.starts_with("vbscript:")
        || (squeezed.starts_with("data:") && !(image && squeezed.starts_with("data:image/")))
        || squeezed.starts_with("file:");
    if bad { CowStr::Borrowed("#") } else { url }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        let html = render("hi <script>alert(1)</script>", false, true);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        let html = render("<b>bold</b>", true, true);
        assert!(html.contains("<b>bold</b>"), "{html}");
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
        ] {
            let html = render(&format!("[x](<{url}>)"), false, true);
            assert!(!html.to_lowercase().contains("script:"), "{url}: {html}");
            assert!(html.contains("href=\"#\""), "{url}: {html}");
        }
        let html = render("[ok](https://example.org/a)", false, true);
        assert!(html.contains("href=\"https://example.org/a\""), "{html}");
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
