//! Checks on single values: placeholders, e-mail, URL, telephone, dates, slugs.

/// A Word-template placeholder left in a text, if any.
pub fn placeholder(text: &str) -> Option<&'static str> {
    let t = text.trim();
    let lower = t.to_lowercase();
    if t.contains("XXX") || lower.contains("xxx") {
        return Some("XXX");
    }
    if t == "x" || t == "X" || t.split_whitespace().any(|w| w == "x") {
        return Some("x");
    }
    if lower.contains("[à préciser]") || lower.contains("[a préciser]") || lower.contains("à préciser]") {
        return Some("[à préciser]");
    }
    if lower.contains("à compléter") || lower.contains("a compléter") {
        return Some("à compléter");
    }
    if lower.contains("[indiquer") {
        return Some("[indiquer …]");
    }
    if t == "…" || t == "..." {
        return Some("…");
    }
    None
}

/// Longest free text, in characters: a finalité, a retention period, a title... The longest
/// value of the example rosters is about 500 characters.
pub const TEXT_MAX: usize = 2_000;
/// Longest name (of the ENT, a party, an establishment, a treatment, a person).
pub const NAME_MAX: usize = 300;

/// What kind of invisible or control character `c` is, if it is one that a text must not
/// hold: controls (except line feed and tab), bidirectional controls (they reorder what is
/// shown: « Trojan Source »), zero-width and other invisible format characters.
pub fn invisible_kind(c: char) -> Option<&'static str> {
    match c {
        '\n' | '\t' => None,
        c if c.is_control() => Some("caractère de contrôle"),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' => {
            Some("caractère invisible de direction du texte")
        }
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => Some("caractère invisible de largeur nulle"),
        '\u{2061}'..='\u{2064}'
        | '\u{206A}'..='\u{206F}'
        | '\u{180E}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}' => Some("caractère invisible"),
        _ => None,
    }
}

/// The first character of `s` that a text must not hold: (byte index, character).
pub fn invisible(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| invisible_kind(c).is_some())
}

/// A value as shown in a message: at most 80 characters, invisible ones written `<U+202E>`.
pub fn shown(s: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        match invisible_kind(c) {
            Some(_) => out.push_str(&format!("<U+{:04X}>", c as u32)),
            None if c == '\n' || c == '\t' => out.push(' '),
            None => out.push(c),
        }
    }
    out
}

/// Characters that a bare e-mail address cannot hold: a `mailto:` link built from it could
/// otherwise carry a query (`?cc=…&subject=…`), an encoded character or a fragment.
pub const EMAIL_FORBIDDEN: &str = "?&%#/\\<>\"'(),;:[]`{}|!=^~$*";

/// A bare e-mail address: one `@`, a local part, a dotted domain of letters, digits and
/// hyphens; no query, encoded character, fragment, path, space or invisible character.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || invisible_kind(c).is_some() || EMAIL_FORBIDDEN.contains(c))
}

/// Why a URL is not acceptable, if it is not.
pub fn url_problem(s: &str) -> Option<&'static str> {
    let lower = s.trim().to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if let Some(r) = lower.strip_prefix("http://") {
        r
    } else if lower.starts_with("javascript:") || lower.starts_with("data:") || lower.starts_with("vbscript:") {
        return Some("schéma interdit");
    } else {
        return Some("l'adresse doit commencer par https://");
    };
    if s.contains('\\') {
        // Browsers read `\` as `/`: `https://evil.example\@good.fr` goes to evil.example.
        return Some("barre oblique inverse « \\ » non permise (écrivez « / »)");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Some(
            "un nom ou un mot de passe avant « @ » (https://nom@site) n'est pas permis : le lecteur croirait aller sur le site écrit avant « @ »",
        );
    }
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if !h.starts_with('[') || h.ends_with(']') => {
            if !port.is_empty() && !port.bytes().all(|b| b.is_ascii_digit()) {
                return Some("numéro de port invalide");
            }
            h
        }
        _ => authority,
    };
    if host.is_empty() || !host.contains('.') && host != "localhost" {
        return Some("nom de domaine absent");
    }
    if !host.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-') {
        return Some("caractère non permis dans le nom de domaine");
    }
    if s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || invisible_kind(c).is_some() || "<>\"'`".contains(c))
    {
        return Some("caractère non permis dans une adresse web");
    }
    None
}

/// Why `ent.base_url` is not acceptable: a URL, without query nor fragment (every address of
/// the site starts with it).
pub fn base_url_problem(s: &str) -> Option<&'static str> {
    url_problem(s).or_else(|| {
        (s.contains('?') || s.contains('#')).then_some(
            "« base_url » ne peut contenir ni « ? » ni « # », car toutes les adresses du site commencent par elle (par exemple https://rgpd.mon-ent.fr)",
        )
    })
}

/// French (10 digits starting with 0) or international (+ and 8–15 digits) telephone.
pub fn is_phone(s: &str) -> bool {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let allowed = s.chars().all(|c| c.is_ascii_digit() || " .-()+".contains(c));
    let t = s.trim();
    allowed
        && if t.starts_with('+') {
            (8..=15).contains(&digits.len())
        } else {
            digits.len() == 10 && digits.starts_with('0')
        }
}

/// `YYYY-MM-DD` with a real calendar date.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d) && y >= 1900
}

/// Ids become paths: `[a-z0-9-]+`, not starting or ending with `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// The slug a user probably meant.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        assert_eq!(placeholder("Collège XXX"), Some("XXX"));
        assert_eq!(placeholder("x"), Some("x"));
        assert_eq!(placeholder("Durée : [à préciser]"), Some("[à préciser]"));
        assert_eq!(placeholder("À compléter"), Some("à compléter"));
        assert_eq!(placeholder("[indiquer le nom du DPD]"), Some("[indiquer …]"));
        assert_eq!(placeholder("…"), Some("…"));
        assert_eq!(placeholder("Collège Xavier Bichat"), None);
        assert_eq!(placeholder("Rayons X et radiologie"), None);
    }

    #[test]
    fn values() {
        assert!(is_email("dpd@ac-nancy-metz.fr"));
        assert!(!is_email("dpd@ac-nancy-metz"));
        assert!(!is_email("dpd ac-nancy-metz.fr"));
        assert!(!is_email("a@b.fr<script>"));
        assert_eq!(url_problem("https://www.monbureaunumerique.fr"), None);
        assert!(url_problem("javascript:alert(1)").is_some());
        assert!(url_problem("JavaScript:alert(1)").is_some());
        assert!(url_problem("www.example.fr").is_some());
        assert!(url_problem("https://a.fr/\"onmouseover=x").is_some());
        assert!(url_problem("https://good.fr@evil.example/").is_some());
        assert!(url_problem("https://evil.example\\@good.fr/").is_some());
        assert!(url_problem("https://good.fr%40evil.example/").is_some());
        assert!(url_problem("https://a.fr\u{202E}/").is_some());
        assert_eq!(url_problem("https://a.fr:8443/x?y=1#z"), None);
        assert_eq!(url_problem("http://localhost:1111/"), None);
        assert_eq!(url_problem("https://éducation.fr/"), None);
        assert!(base_url_problem("https://a.fr/?x").is_some());
        assert!(base_url_problem("https://a.fr/#x").is_some());
        assert_eq!(base_url_problem("https://a.fr/rgpd"), None);
        for bad in [
            "a@b.fr?cc=c@d.fr",
            "a@b.fr?cc=c%40d.fr",
            "a@b.fr&x",
            "a@b.fr#x",
            "a@b.fr/x",
            "a\u{200B}@b.fr",
            "a@b_c.fr",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        assert!(is_email("prenom.nom+rgpd@ac-nancy-metz.fr"));
        assert_eq!(invisible("a\u{202E}b"), Some((1, '\u{202E}')));
        assert_eq!(invisible("Collège Barbot\n\tligne"), None);
        assert_eq!(shown("a\u{202E}b"), "a<U+202E>b");
        assert!(is_phone("03 83 86 20 20"));
        assert!(is_phone("+33 3 83 86 20 20"));
        assert!(!is_phone("03 83"));
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("01/09/2024"));
        assert!(is_slug("ac-nancy-metz"));
        assert!(!is_slug("../etc"));
        assert!(!is_slug("a/b"));
        assert_eq!(slugify("Académie Nancy Metz"), "academie-nancy-metz");
    }
}
