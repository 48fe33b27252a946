//! Markdown side of the canvases: the escape function for values inserted by tera,
//! and the conversion to HTML that lets no raw HTML nor unsafe link through.

use super::html;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::io::Write;

/// tera escape function for canvases: every ASCII punctuation character of an inserted
/// value is backslash-escaped (CommonMark allows `\` before any of them), and line breaks
/// become spaces, so that roster text can create neither Markdown syntax nor HTML.
pub fn escape_markdown(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let replacement: &[u8] = if b.is_ascii_punctuation() {
            &[b'\\', b]
        } else if matches!(b, b'\n' | b'\r' | b'\t') {
            b" "
        } else {
            continue;
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(replacement)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

/// Whether a link destination may appear in a page: web, mail and phone links,
/// site-relative paths and fragments; anything else with a scheme is refused.
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    match url[..end].find(':') {
        None => true, // relative path, `/...`, `#...` or `?...`
        Some(colon) => {
            let scheme = &url[..colon];
            ["https", "http", "mailto", "tel"]
                .iter()
                .any(|s| scheme.eq_ignore_ascii_case(s))
        }
    }
}

/// Converts a rendered canvas to compact HTML, appending to `out`. All text is escaped with
/// [`html::escape_text_into`]; raw HTML in the source becomes text, images are reduced to
/// their alternative text, unsafe links to their text. Returns the text of the first level-1
/// heading (the page title).
pub fn to_html(markdown: &str, out: &mut String) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut title = String::new();
    let mut in_title = false;
    let mut title_done = false;
    let mut in_code = false;
    // One entry per open link: whether its start tag was kept.
    let mut links: Vec<bool> = Vec::new();
    let mut buf = Vec::new();
    let mut escaped = |s: &str, in_code: bool, wrap: Option<(&str, &str)>| {
        buf.clear();
        if let Some((open, _)) = wrap {
            buf.extend_from_slice(open.as_bytes());
        }
        for (i, line) in s.split('\n').enumerate() {
            if i > 0 {
                buf.extend_from_slice(if in_code { b"&#10;" } else { b" " });
            }
            html::escape_text_into(line, &mut buf);
        }
        if let Some((_, close)) = wrap {
            buf.extend_from_slice(close.as_bytes());
        }
        Event::InlineHtml(String::from_utf8_lossy(&buf).into_owned().into())
    };
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => None,
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = is_safe_url(dest_url);
            links.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(false).then_some(event),
        Event::Start(Tag::CodeBlock(_)) => {
            in_code = true;
            Some(event)
        }
        Event::End(TagEnd::CodeBlock) => {
            in_code = false;
            Some(event)
        }
        Event::SoftBreak => Some(Event::InlineHtml(" ".into())),
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }) if !title_done => {
            in_title = true;
            Some(event)
        }
        Event::End(TagEnd::Heading(HeadingLevel::H1)) if in_title => {
            in_title = false;
            title_done = true;
            Some(event)
        }
        Event::Text(s) | Event::Html(s) | Event::InlineHtml(s) => {
            if in_title {
                title.push_str(&s);
            }
            Some(escaped(&s, in_code, None))
        }
        Event::Code(s) => {
            if in_title {
                title.push_str(&s);
            }
            Some(escaped(&s, false, Some(("<code>", "</code>"))))
        }
        other => Some(other),
    });
    let start = out.len();
    pulldown_cmark::html::push_html(out, events);
    // Every newline left is pulldown-cmark's layout between tags: drop them.
    if out[start..].contains('\n') {
        let compact: String = out[start..].chars().filter(|&c| c != '\n').collect();
        out.truncate(start);
        out.push_str(&compact);
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        let mut v = Vec::new();
        escape_markdown(s, &mut v).unwrap();
        String::from_utf8(v).unwrap()
    }

    fn html(md: &str) -> String {
        let mut s = String::new();
        to_html(md, &mut s);
        s
    }

    #[test]
    fn escaped_values_stay_text() {
        for hostile in [
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "**bold**",
            "&amp;",
            "line\n# heading",
            "<https://example.org>",
            "![i](https://example.org/x.png)",
        ] {
            let out = html(&format!("Texte : {}", esc(hostile)));
            assert!(
                !out.contains("<script") && !out.contains("<img") && !out.contains("<a "),
                "{out}"
            );
            assert!(!out.contains("<strong>") && !out.contains("<h1"), "{out}");
        }
        assert_eq!(html(&esc("&amp;")), "<p>&amp;amp;</p>");
    }

    #[test]
    fn raw_html_and_unsafe_links_are_neutralised() {
        let out = html("<div onclick=x>a</div>\n\nb <b>c</b> [d](javascript:alert(1)) [e](https://x.fr) ![f](x.png)");
        assert!(
            !out.contains("<div") && !out.contains("<b>") && !out.contains("<img"),
            "{out}"
        );
        assert!(
            !out.contains("javascript:") || !out.contains("href=\"javascript"),
            "{out}"
        );
        assert!(out.contains("<a href=\"https://x.fr\">e</a>"), "{out}");
    }

    #[test]
    fn urls() {
        for ok in [
            "https://a.fr",
            "HTTP://a",
            "mailto:a@b.fr",
            "tel:+33",
            "/x",
            "#y",
            "../x/index.html",
            "x?a:b",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:x",
            "data:text/html,x",
            "java\nscript:x",
            "vbscript:x",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn escaped_url_in_destination_still_links() {
        let md = format!("[formulaire](<{}>)", esc("https://ex.fr/a_b?c=d&e=(f)"));
        assert_eq!(
            html(&md),
            "<p><a href=\"https://ex.fr/a_b?c=d&amp;e=(f)\">formulaire</a></p>"
        );
    }

    #[test]
    fn compact_and_code_blocks_keep_lines() {
        assert_eq!(
            html("# T\n\n- a\n- b\n\n```\nx\ny\n```\n"),
            "<h1>T</h1><ul><li>a</li><li>b</li></ul><pre><code>x&#10;y&#10;</code></pre>"
        );
    }

    #[test]
    fn title_is_first_h1() {
        let mut s = String::new();
        assert_eq!(to_html("# Mentions `x` y\n\n# Autre", &mut s), "Mentions x y");
    }
}
