//! HTML escaping of roster values. Besides `& < > " '`, `=` is written `&#61;` and the colon
//! of `…script:` `&#58;`, so that roster text never reads as an attribute (`onerror=`) or a
//! script URL, even as inert text. Line breaks and tabs become spaces (as in Markdown values).

use std::io::Write;

fn preceded_by_script(out: &[u8]) -> bool {
    out.len() >= 6 && out[out.len() - 6..].eq_ignore_ascii_case(b"script")
}

/// Escapes `s` for HTML text and quoted attribute values.
pub fn escape_text_into(s: &str, out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            b'=' => b"&#61;",
            b'\n' | b'\r' | b'\t' => b" ",
            b':' => {
                out.extend_from_slice(&bytes[start..i]);
                start = i;
                if !preceded_by_script(out) {
                    continue;
                }
                b"&#58;"
            }
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(rep);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Bytes kept as they are in an `href` (valid in any part of a URL), `:` aside.
const HREF_SAFE: [bool; 256] = {
    let mut safe = [false; 256];
    let mut b = 0;
    while b < 256 {
        safe[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let other = b"!#$%()*+,-./;?@_~";
    let mut i = 0;
    while i < other.len() {
        safe[other[i] as usize] = true;
        i += 1;
    }
    safe
};

/// Escapes `s` for a quoted `href` value: percent-encodes what is not URL-safe.
pub fn escape_href_into(s: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if HREF_SAFE[b as usize] {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'\'' => out.extend_from_slice(b"&#39;"),
            b'=' => out.extend_from_slice(b"&#61;"),
            b'\n' | b'\r' | b'\t' => out.extend_from_slice(b"%20"),
            b':' if preceded_by_script(out) => out.extend_from_slice(b"&#58;"),
            b':' => out.push(b),
            _ => out.extend_from_slice(&[b'%', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]),
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

/// The tera escape function of the layouts.
pub fn escape_html(s: &str, w: &mut dyn Write) -> std::io::Result<()> {
    let mut out = Vec::with_capacity(s.len() + 8);
    escape_text_into(s, &mut out);
    w.write_all(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> String {
        let mut v = Vec::new();
        escape_text_into(s, &mut v);
        String::from_utf8(v).unwrap()
    }

    fn h(s: &str) -> String {
        let mut v = Vec::new();
        escape_href_into(s, &mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn text() {
        assert_eq!(
            t(r#"<a onerror="x">'&"#),
            "&lt;a onerror&#61;&quot;x&quot;&gt;&#39;&amp;"
        );
        assert_eq!(
            t("JavaScript:alert(1) : ok\nsuite"),
            "JavaScript&#58;alert(1) : ok suite"
        );
        assert_eq!(t("Collège Barbot"), "Collège Barbot");
    }

    #[test]
    fn href() {
        assert_eq!(
            h("https://a.fr/x?b=c&d='e' f"),
            "https://a.fr/x?b&#61;c&amp;d&#61;&#39;e&#39;%20f"
        );
        assert_eq!(h("mailto:dpd@ac-x.fr"), "mailto:dpd@ac-x.fr");
        assert_eq!(h("https://a.fr/é\"<"), "https://a.fr/%C3%A9%22%3C");
        assert_eq!(h("javascript:x"), "javascript&#58;x");
        let mut v = b"<a href=\"java".to_vec();
        escape_href_into("script:x", &mut v);
        assert_eq!(v, b"<a href=\"javascript&#58;x", "the script before the value counts");
    }
}
