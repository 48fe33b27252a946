//! Académies and départements by code or by name, for `import --academie/--departement`.
//!
//! Codes and names are the ministry's (`fr-en-adresse-et-geolocalisation-etablissements-premier-
//! et-second-degre`, via the annuaire's `code_academie`/`academie` and `code_departement`/
//! `departement` columns): 34 académies (Caen and Rouen are Normandie, 70, since 2020) and
//! 101 départements with the COM of Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin,
//! Wallis-et-Futuna, Polynésie française and Nouvelle-Calédonie.

use crate::vocab;

/// (ministry code, name).
pub const ACADEMIES: &[(&str, &str)] = &[
    ("01", "Paris"),
    ("02", "Aix-Marseille"),
    ("03", "Besançon"),
    ("04", "Bordeaux"),
    ("06", "Clermont-Ferrand"),
    ("07", "Dijon"),
    ("08", "Grenoble"),
    ("09", "Lille"),
    ("10", "Lyon"),
    ("11", "Montpellier"),
    ("12", "Nancy-Metz"),
    ("13", "Poitiers"),
    ("14", "Rennes"),
    ("15", "Strasbourg"),
    ("16", "Toulouse"),
    ("17", "Nantes"),
    ("18", "Orléans-Tours"),
    ("19", "Reims"),
    ("20", "Amiens"),
    ("22", "Limoges"),
    ("23", "Nice"),
    ("24", "Créteil"),
    ("25", "Versailles"),
    ("27", "Corse"),
    ("28", "La Réunion"),
    ("31", "Martinique"),
    ("32", "Guadeloupe"),
    ("33", "Guyane"),
    ("40", "Nouvelle-Calédonie"),
    ("41", "Polynésie française"),
    ("42", "Wallis-et-Futuna"),
    ("43", "Mayotte"),
    ("44", "Saint-Pierre-et-Miquelon"),
    ("70", "Normandie"),
];

/// Former académies, merged into Normandie: (code, name).
const ACADEMIES_FORMER: &[(&str, &str)] = &[("70", "Caen"), ("70", "Rouen")];

/// A name as compared: lower case, without accents, punctuation as spaces, « st » as
/// « saint », without a leading « académie de », « département de » or article.
pub fn fold_name(s: &str) -> String {
    let mut plain = String::with_capacity(s.len());
    for c in s.trim().to_lowercase().chars() {
        match c {
            'à' | 'â' | 'ä' | 'á' => plain.push('a'),
            'é' | 'è' | 'ê' | 'ë' => plain.push('e'),
            'î' | 'ï' | 'í' => plain.push('i'),
            'ô' | 'ö' | 'ó' => plain.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => plain.push('u'),
            'ÿ' => plain.push('y'),
            'ç' => plain.push('c'),
            'œ' => plain.push_str("oe"),
            'æ' => plain.push_str("ae"),
            c if c.is_alphanumeric() => plain.push(c),
            _ => plain.push(' '),
        }
    }
    let mut words: Vec<&str> = plain.split_whitespace().collect();
    for prefix in [
        &["academie"][..],
        &["departement"],
        &["de"],
        &["d"],
        &["du"],
        &["la"],
        &["le"],
        &["les"],
        &["l"],
    ] {
        if words.len() > prefix.len() && words[..prefix.len()] == *prefix {
            words.drain(..prefix.len());
        }
    }
    words
        .iter()
        .map(|w| if *w == "st" { "saint" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why a filter value names nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The closest name, if one is close enough.
    pub suggestion: Option<String>,
}

/// The ministry code of an académie given by code ("12", "012", "1" for "01") or by name
/// ("Nancy-Metz", "nancy metz", "Académie de Créteil").
pub fn academie(value: &str) -> Result<String, Unknown> {
    let v = value.trim();
    if let Ok(n) = v.parse::<u32>() {
        let code = format!("{n:02}");
        return if ACADEMIES.iter().any(|(c, _)| *c == code) {
            Ok(code)
        } else {
            Err(Unknown { suggestion: None })
        };
    }
    by_name(v, &[ACADEMIES, ACADEMIES_FORMER])
}

/// The INSEE code of a département given by code ("57", "057", "2a", "971") or by name
/// ("Moselle", "cotes d'armor", "Réunion").
pub fn departement(value: &str) -> Result<String, Unknown> {
    let v = value.trim();
    if v.chars().any(|c| c.is_ascii_digit()) {
        let d = v.to_ascii_uppercase();
        let code = match d.len() {
            1 => format!("0{d}"),
            3 if d.starts_with('0') => d[1..].to_string(),
            _ => d,
        };
        return if vocab::DEPARTEMENTS.iter().any(|(c, _)| *c == code) {
            Ok(code)
        } else {
            Err(Unknown { suggestion: None })
        };
    }
    by_name(v, &[vocab::DEPARTEMENTS])
}

fn by_name(value: &str, tables: &[&[(&str, &str)]]) -> Result<String, Unknown> {
    let wanted = fold_name(value);
    let rows = || tables.iter().flat_map(|t| t.iter());
    if let Some((code, _)) = rows().find(|(_, name)| fold_name(name) == wanted) {
        return Ok(code.to_string());
    }
    // A close spelling (« Mozelle »), or a name that holds every word given (« Belfort »).
    let close = rows()
        .map(|(_, name)| (strsim::jaro_winkler(&wanted, &fold_name(name)), *name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name);
    let holding = || {
        rows().map(|(_, name)| *name).find(|name| {
            let words: Vec<String> = fold_name(name).split(' ').map(String::from).collect();
            !wanted.is_empty() && wanted.split(' ').all(|w| words.iter().any(|n| n == w))
        })
    };
    Err(Unknown {
        suggestion: close.or_else(holding).map(String::from),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes() {
        assert_eq!(academie("Lyon"), Ok("10".into()));
        assert_eq!(academie("  académie de CRÉTEIL "), Ok("24".into()));
        assert_eq!(academie("nancy metz"), Ok("12".into()));
        assert_eq!(academie("Reunion"), Ok("28".into()));
        assert_eq!(academie("Caen"), Ok("70".into()));
        assert_eq!(academie("1"), Ok("01".into()));
        assert_eq!(academie("99"), Err(Unknown { suggestion: None }));
        assert_eq!(academie("Lyonn").unwrap_err().suggestion.as_deref(), Some("Lyon"));
        assert_eq!(departement("Ain"), Ok("01".into()));
        assert_eq!(departement("cotes d armor"), Ok("22".into()));
        assert_eq!(departement("Côtes-d'Armor"), Ok("22".into()));
        assert_eq!(departement("St-Pierre-et-Miquelon"), Ok("975".into()));
        assert_eq!(departement("031"), Ok("31".into()));
        assert_eq!(departement("2a"), Ok("2A".into()));
        assert_eq!(departement("971"), Ok("971".into()));
        assert_eq!(departement("99"), Err(Unknown { suggestion: None }));
        assert_eq!(
            departement("Mozelle").unwrap_err().suggestion.as_deref(),
            Some("Moselle")
        );
        assert_eq!(
            departement("Belfort").unwrap_err().suggestion.as_deref(),
            Some("Territoire de Belfort")
        );
        assert_eq!(departement("xyz").unwrap_err().suggestion, None);
    }

    #[test]
    fn every_name_is_found_again() {
        for (code, name) in ACADEMIES {
            assert_eq!(academie(name).as_deref(), Ok(*code), "{name}");
        }
        for (code, name) in vocab::DEPARTEMENTS {
            assert_eq!(departement(name).as_deref(), Ok(*code), "{name}");
        }
    }
}
