//! A small French grammar of institution names, computed once per party in the model (never
//! in templates: values stay opaque there): the name with its article, after « de » and after
//! « à », and its gender.
//!
//! « Académie de Versailles » → « l'académie de Versailles », « de l'académie… », « à l'académie… »;
//! « Collège Barbot » → « le collège Barbot », « du collège Barbot », « au collège Barbot »;
//! « Département de la Moselle » → « le Département de la Moselle » (a collectivité keeps its
//! capital); « Kosmos » (a proper name) → « Kosmos », « de Kosmos », « à Kosmos ».

/// The forms of one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formes {
    pub le: String,
    pub du: String,
    pub au: String,
    pub feminin: bool,
}

/// Common nouns that open an institution's name: (noun, feminine, keeps its capital).
const NOMS: &[(&str, bool, bool)] = &[
    ("académie", true, false),
    ("rectorat", false, false),
    ("région académique", true, false),
    ("direction", true, false),
    ("ministère", false, false),
    ("région", true, true),
    ("département", false, true),
    ("collectivité", true, true),
    ("métropole", true, true),
    ("communauté", true, true),
    ("commune", true, false),
    ("ville", true, false),
    ("mairie", true, false),
    ("établissement", false, false),
    ("école", true, false),
    ("groupe scolaire", false, false),
    ("collège", false, false),
    ("lycée", false, false),
    ("cité scolaire", true, false),
    ("erea", false, false),
    ("conseil", false, true),
    ("syndicat", false, true),
    ("société", true, true),
    ("groupement", false, true),
];

fn starts_with_vowel(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| "aeiouyàâäéèêëîïôöùûüœhAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒH".contains(c))
}

/// `s` with its first letter in lower case.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The forms of an institution's name (see the module doc).
pub fn formes(nom: &str) -> Formes {
    let nom = nom.trim();
    let lower = nom.to_lowercase();
    let found = NOMS
        .iter()
        .find(|(n, _, _)| lower.starts_with(n) && lower[n.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()));
    let Some(&(_, feminin, capital)) = found else {
        // A proper name: no article.
        let du = if starts_with_vowel(nom) && !nom.starts_with(['H', 'h']) {
            format!("d'{nom}")
        } else {
            format!("de {nom}")
        };
        return Formes {
            le: nom.to_owned(),
            du,
            au: format!("à {nom}"),
            feminin: false,
        };
    };
    let corps = if capital { nom.to_owned() } else { lower_first(nom) };
    let (le, du, au) = if starts_with_vowel(&corps) && !corps.starts_with(['h', 'H']) {
        (format!("l'{corps}"), format!("de l'{corps}"), format!("à l'{corps}"))
    } else if feminin {
        (format!("la {corps}"), format!("de la {corps}"), format!("à la {corps}"))
    } else {
        (format!("le {corps}"), format!("du {corps}"), format!("au {corps}"))
    };
    Formes { le, du, au, feminin }
}

/// Articles a roster may impose (`grammaire.article`).
pub const ARTICLES: &[&str] = &["le", "la", "l'", "aucun"];
/// Genders a roster may impose (`grammaire.genre`).
pub const GENRES: &[&str] = &["masculin", "feminin"];

/// The forms of `nom`, with the roster's `article` and `genre` when it gives them (the name is
/// then kept as written); otherwise the rules of [`formes`].
pub fn formes_avec(nom: &str, article: Option<&str>, genre: Option<&str>) -> Formes {
    let nom = nom.trim();
    let mut f = match article {
        Some("le") => Formes {
            le: format!("le {nom}"),
            du: format!("du {nom}"),
            au: format!("au {nom}"),
            feminin: false,
        },
        Some("la") => Formes {
            le: format!("la {nom}"),
            du: format!("de la {nom}"),
            au: format!("à la {nom}"),
            feminin: true,
        },
        Some("l'") => Formes {
            le: format!("l'{nom}"),
            du: format!("de l'{nom}"),
            au: format!("à l'{nom}"),
            feminin: formes(nom).feminin,
        },
        Some("aucun") => {
            let de = if starts_with_vowel(nom) && !nom.starts_with(['H', 'h']) {
                "d'"
            } else {
                "de "
            };
            Formes {
                le: nom.to_owned(),
                du: format!("{de}{nom}"),
                au: format!("à {nom}"),
                feminin: false,
            }
        }
        _ => formes(nom),
    };
    match genre {
        Some("feminin") => f.feminin = true,
        Some("masculin") => f.feminin = false,
        _ => {}
    }
    f
}

#[cfg(test)]
mod tests {
    use super::{formes, formes_avec};

    #[test]
    fn the_roster_overrides_the_rules() {
        // A service named like an institution is a proper name: no article, no lower case.
        assert_eq!(formes("Académie en ligne").le, "l'académie en ligne");
        let f = formes_avec("Académie en ligne", Some("aucun"), Some("feminin"));
        assert_eq!(
            (f.le.as_str(), f.du.as_str(), f.feminin),
            ("Académie en ligne", "d'Académie en ligne", true)
        );
        // A name the rules do not know takes the article the roster gives.
        let f = formes_avec("Eurométropole de Strasbourg", Some("l'"), Some("feminin"));
        assert_eq!(
            (f.le.as_str(), f.du.as_str(), f.au.as_str(), f.feminin),
            (
                "l'Eurométropole de Strasbourg",
                "de l'Eurométropole de Strasbourg",
                "à l'Eurométropole de Strasbourg",
                true
            )
        );
        let f = formes_avec("Collectivité de Corse", Some("la"), None);
        assert_eq!(f.au, "à la Collectivité de Corse");
        // Without an article, only the gender changes.
        let f = formes_avec("Collège Barbot", None, Some("feminin"));
        assert_eq!((f.le.as_str(), f.feminin), ("le collège Barbot", true));
        assert_eq!(formes_avec("Kosmos", None, None), formes("Kosmos"));
    }

    #[test]
    fn articles_elision_contraction() {
        let f = formes("Académie de Versailles");
        assert_eq!(
            (f.le.as_str(), f.du.as_str(), f.au.as_str(), f.feminin),
            (
                "l'académie de Versailles",
                "de l'académie de Versailles",
                "à l'académie de Versailles",
                true
            )
        );
        let f = formes("Collège Victor Demange");
        assert_eq!(
            (f.le.as_str(), f.du.as_str(), f.au.as_str()),
            (
                "le collège Victor Demange",
                "du collège Victor Demange",
                "au collège Victor Demange"
            )
        );
        let f = formes("Département de la Moselle");
        assert_eq!(
            (f.le.as_str(), f.au.as_str()),
            ("le Département de la Moselle", "au Département de la Moselle")
        );
        assert_eq!(
            formes("Commune de Fontenay-aux-Roses").du,
            "de la commune de Fontenay-aux-Roses"
        );
        assert_eq!(
            formes("Collectivité européenne d'Alsace").le,
            "la Collectivité européenne d'Alsace"
        );
        assert_eq!(
            formes("École élémentaire La Roue A").le,
            "l'école élémentaire La Roue A"
        );
        assert_eq!(formes("Région Grand Est").du, "de la Région Grand Est");
        assert_eq!(formes("Lycée Fabert").au, "au lycée Fabert");
        let k = formes("Kosmos");
        assert_eq!(
            (k.le.as_str(), k.du.as_str(), k.au.as_str()),
            ("Kosmos", "de Kosmos", "à Kosmos")
        );
        assert_eq!(formes("Itslearning").du, "d'Itslearning");
        // « Collégiale » is not « collège »: a proper name.
        assert_eq!(formes("Collégiale").le, "Collégiale");
    }
}
