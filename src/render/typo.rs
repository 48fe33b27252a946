//! French typography on every text node the tool writes, canvases and roster values alike.
//!
//! The rule (Lexique des règles typographiques en usage à l'Imprimerie nationale):
//!
//! - U+202F (espace fine insécable) before `;`, `!` and `?`;
//! - U+00A0 (espace insécable) before `:`, after `«`, before `»`, and between a number and
//!   its unit (« 24 heures », « 13 mois », « 8 jours »: units of time, `%`, `€`, `Mo`…),
//!   and after `n°` before its number (« n° 2005-102 »).
//!
//! Only an ordinary space (U+0020) that is already there is replaced: no space is ever added
//! or removed, and no other character changes. URLs and e-mail addresses hold no space, so
//! they are never altered; attribute values (`href`, `title`, `aria-label`…) and the content
//! of `code`, `pre`, `script`, `style` and `textarea` are left as they are.
//!
//! Applied twice on the fast path (see [`super::skeleton`]): to each page of a shape, once,
//! after minification ([`html`]), and to each roster value's escaped text, once per value
//! when it is tokenized ([`text`]): the value is then written with its typography wherever
//! it stands in text, and without it in attributes and links.

/// Espace insécable.
pub const NBSP: char = '\u{A0}';
/// Espace fine insécable.
pub const NNBSP: char = '\u{202F}';

/// Units after a number (whole words).
const UNITS: &[&str] = &[
    "ans", "an", "années", "année", "mois", "semaines", "semaine", "jours", "jour", "heures", "heure", "h", "minutes",
    "minute", "min", "secondes", "seconde", "%", "€", "Mo", "Go", "ko", "Ko",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// What the ordinary space at byte `i` of `s` becomes, if anything.
fn replacement(s: &str, i: usize) -> Option<char> {
    let b = s.as_bytes();
    let after = &s[i + 1..];
    match b.get(i + 1) {
        Some(b':') => return Some(NBSP),
        Some(b';' | b'!' | b'?') => return Some(NNBSP),
        _ => {}
    }
    if after.starts_with('»') || s[..i].ends_with('«') {
        return Some(NBSP);
    }
    // « n° 2005-102 »: the sign stays with its number.
    if s[..i].ends_with("n°") && after.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(NBSP);
    }
    // A number (digits, with `,` or `.` inside) standing as a word, then a unit.
    if i == 0 || !b[i - 1].is_ascii_digit() {
        return None;
    }
    let start = s[..i]
        .rfind(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .map_or(0, |k| k + s[k..].chars().next().map_or(1, char::len_utf8));
    let number = &s[start..i];
    if !number.starts_with(|c: char| c.is_ascii_digit()) || s[..start].chars().next_back().is_some_and(is_word_char) {
        return None;
    }
    UNITS
        .iter()
        .find(|u| {
            after.starts_with(*u)
                && (!u.starts_with(char::is_alphabetic) || !after[u.len()..].starts_with(is_word_char))
        })
        .map(|_| NBSP)
}

/// Whether the ordinary space at byte `i` of `b` may change (a cheap test before
/// [`replacement`]): punctuation, `»` or a digit after or before it, or `«` before it.
#[inline]
fn candidate(b: &[u8], i: usize) -> bool {
    matches!(b.get(i + 1), Some(b':' | b';' | b'!' | b'?' | 0xC2))
        || (i > 0 && (b[i - 1].is_ascii_digit() || matches!(b[i - 1], 0xAB | 0xB0)))
}

/// Appends `s` (HTML text, escaped) to `out` with French typography.
pub fn text_into(s: &str, out: &mut String) {
    apply_from(s, 0, out);
}

/// `s` with French typography, or `None` when nothing changes.
pub fn text(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if !b.contains(&b' ') {
        return None;
    }
    let first = (0..b.len()).find(|&i| b[i] == b' ' && candidate(b, i) && replacement(s, i).is_some())?;
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first]);
    apply_from(s, first, &mut out);
    Some(out)
}

/// Appends `s[from..]` to `out`, each space that French typography makes unbreakable
/// replaced (the bytes before `from` still count as context).
#[inline]
fn apply_from(s: &str, from: usize, out: &mut String) {
    let b = s.as_bytes();
    let mut copied = from;
    for i in from..b.len() {
        if b[i] == b' '
            && candidate(b, i)
            && let Some(c) = replacement(s, i)
        {
            out.push_str(&s[copied..i]);
            out.push(c);
            copied = i + 1;
        }
    }
    out.push_str(&s[copied..]);
}

/// Elements whose content is code or not text: left as it is.
fn is_verbatim(name: &str) -> bool {
    name.eq_ignore_ascii_case("code") || name.eq_ignore_ascii_case("pre")
}

fn is_raw_text(name: &str) -> bool {
    ["script", "style", "textarea"]
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n))
}

/// Every text node of (minified) HTML with French typography; tags, attribute values,
/// comments and the content of `code`, `pre`, `script`, `style`, `textarea` unchanged.
pub fn html(doc: &str) -> String {
    let b = doc.as_bytes();
    let mut out = String::with_capacity(doc.len() + 256);
    let mut verbatim = 0usize;
    let mut i = 0;
    while i < b.len() {
        let lt = doc[i..].find('<').map_or(doc.len(), |k| i + k);
        if verbatim == 0 {
            text_into(&doc[i..lt], &mut out);
        } else {
            out.push_str(&doc[i..lt]);
        }
        if lt == doc.len() {
            break;
        }
        if doc[lt..].starts_with("<!--") {
            let end = doc[lt..].find("-->").map_or(doc.len(), |k| lt + k + 3);
            out.push_str(&doc[lt..end]);
            i = end;
            continue;
        }
        // The tag, attribute values quoted or not, up to its `>`.
        let mut j = lt + 1;
        let mut quote = None;
        while j < b.len() {
            match (quote, b[j]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) if b[j - 1] == b'=' => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            j += 1;
        }
        let end = (j + 1).min(doc.len());
        let tag = &doc[lt + 1..j.min(doc.len())];
        out.push_str(&doc[lt..end]);
        i = end;
        let closing = tag.starts_with('/');
        let name_start = usize::from(closing);
        let name_end = tag[name_start..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .map_or(tag.len(), |k| name_start + k);
        let name = &tag[name_start..name_end];
        if is_verbatim(name) {
            if closing {
                verbatim = verbatim.saturating_sub(1);
            } else if !tag.ends_with('/') {
                verbatim += 1;
            }
        } else if !closing && is_raw_text(name) {
            // Everything up to the closing tag is not HTML text.
            let close = format!("</{}", name.to_ascii_lowercase());
            let rest = &doc[i..];
            let k = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
            out.push_str(&rest[..k]);
            i += k;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> String {
        text(s).unwrap_or_else(|| s.to_owned())
    }

    #[test]
    fn punctuation_and_quotes() {
        assert_eq!(t("Qui contacter ?"), "Qui contacter\u{202F}?");
        assert_eq!(t("courriel : a ; b ! c"), "courriel\u{A0}: a\u{202F}; b\u{202F}! c");
        assert_eq!(t("l'ENT « Mon ENT » est"), "l'ENT «\u{A0}Mon ENT\u{A0}» est");
        assert_eq!(text("Collège Barbot"), None);
        assert_eq!(text("sans:espace"), None, "no space is added");
        assert_eq!(text("https://a.fr/x?y=1 b"), None, "an address has no space");
        assert_eq!(text("dpd@ac-x.fr"), None);
        assert_eq!(text("a&amp;b c&#39;d e"), None, "entities are not punctuation");
    }

    #[test]
    fn numbers_and_units() {
        assert_eq!(t("dans les 24 heures"), "dans les 24\u{A0}heures");
        assert_eq!(
            t("13 mois, 25 mois et 8 jours."),
            "13\u{A0}mois, 25\u{A0}mois et 8\u{A0}jours."
        );
        assert_eq!(t("1 an ; 2,5 h"), "1\u{A0}an\u{202F}; 2,5\u{A0}h");
        assert_eq!(t("48 heures »"), "48\u{A0}heures\u{A0}»");
        assert_eq!(text("3 place de Fontenoy"), None);
        assert_eq!(text("3 moissons"), None, "a whole word");
        assert_eq!(text("L2 mois"), None, "a number standing alone");
        assert_eq!(text("qzx0000012xzq mois"), None, "a token is no number");
        assert_eq!(t("75334 Paris, 12 %"), "75334 Paris, 12\u{A0}%");
        assert_eq!(t("loi n° 2005-102"), "loi n°\u{A0}2005-102");
    }

    #[test]
    fn only_text_nodes() {
        let doc = "<p title=\"a : b\">Vos droits : <a href=\"https://x.fr/?a b\">lien ?</a></p><code>x : y</code><pre><code>a ; b</code></pre><script>a ? b</script><p>« x »</p>";
        assert_eq!(
            html(doc),
            "<p title=\"a : b\">Vos droits\u{A0}: <a href=\"https://x.fr/?a b\">lien\u{202F}?</a></p><code>x : y</code><pre><code>a ; b</code></pre><script>a ? b</script><p>«\u{A0}x\u{A0}»</p>"
        );
        assert_eq!(html("<a href=x>Oui ?</a>"), "<a href=x>Oui\u{202F}?</a>");
        assert_eq!(
            html("<strong>Pourquoi</strong> ?"),
            "<strong>Pourquoi</strong>\u{202F}?"
        );
    }
}
