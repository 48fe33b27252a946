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

/// A plausible e-mail address: one `@`, a local part, a dotted domain, no spaces or `<>"`.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'(),;:[]\\".contains(c))
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
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || !host.contains('.') && host != "localhost" {
        return Some("nom de domaine absent");
    }
    if s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>\"'`".contains(c))
    {
        return Some("caractère non permis dans une adresse web");
    }
    None
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
