//! The closed vocabularies of the roster (SPEC §3) and their French labels.

/// `type` of a party.
pub const PARTY_TYPES: &[&str] = &[
    "academie",
    "draaf",
    "region",
    "departement",
    "commune",
    "collectivite",
    "ministere",
    "editeur",
];

/// `type` of an establishment.
pub const ETAB_TYPES: &[&str] = &["ecole", "college", "lycee", "lycee_agricole", "erea", "autre"];

/// `responsabilite` of a traitement.
pub const RESPONSABILITES: &[&str] = &["conjointe", "propre", "sous_traitance"];

/// Roles usable in `responsables`, `destinataire`, `notifie`, `point_de_contact`.
pub const ROLES: &[&str] = &[
    "academie",
    "collectivite",
    "etablissement",
    "region",
    "departement",
    "commune",
];

/// `notifie: origine`: the party where the breach happened.
pub const ORIGINE: &str = "origine";

/// `demandeurs` of a rights request, with their label.
pub const DEMANDEURS: &[(&str, &str)] = &[
    ("eleves", "les élèves"),
    ("responsables_legaux", "les responsables légaux"),
    ("personnels", "les personnels de l'établissement"),
    ("personnels_collectivite", "les personnels de la collectivité"),
    ("personnels_academie", "les personnels de l'académie"),
    ("autres", "les autres utilisateurs"),
];

/// Data-subject categories (`personnes`, `donnees` keys): the demandeurs plus free ones.
pub fn personne_label(key: &str) -> String {
    match key {
        "eleves" => "Élèves".into(),
        "responsables_legaux" => "Responsables légaux".into(),
        "personnels" => "Personnels de l'établissement".into(),
        "personnels_collectivite" => "Personnels de la collectivité".into(),
        "personnels_academie" => "Personnels de l'académie".into(),
        "autres" => "Autres utilisateurs".into(),
        other => {
            let s = other.replace('_', " ");
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

/// `perimetre` of a breach, with its label, from the largest to the smallest (the order in
/// which a label naming several perimeters lists them). Every label starts with the same words
/// (« une violation touchant »): several perimeters that share a rule say them once (« une
/// violation touchant l'ENT dans son ensemble ou un seul établissement »).
pub const PERIMETRES: &[(&str, &str)] = &[
    ("ent", "une violation touchant l'ENT dans son ensemble"),
    (
        "academie",
        "une violation touchant les utilisateurs de toute une académie",
    ),
    (
        "departement",
        "une violation touchant les utilisateurs de tout un département",
    ),
    ("etablissements", "une violation touchant plusieurs établissements"),
    ("etablissement", "une violation touchant un seul établissement"),
];

/// GDPR Art. 6.1 letters and their wording.
pub const BASES_LEGALES: &[(&str, &str)] = &[
    ("6.1.a", "le consentement de la personne concernée"),
    ("6.1.b", "l'exécution d'un contrat"),
    ("6.1.c", "le respect d'une obligation légale"),
    ("6.1.d", "la sauvegarde des intérêts vitaux"),
    ("6.1.e", "l'exécution d'une mission d'intérêt public"),
    ("6.1.f", "les intérêts légitimes poursuivis"),
];

pub fn label<'a>(table: &'a [(&str, &'a str)], key: &str) -> Option<&'a str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

pub fn keys<'a>(table: &'a [(&'a str, &str)]) -> impl Iterator<Item = &'a str> + Clone {
    table.iter().map(|(k, _)| *k)
}

/// « l'académie », « la région »... for a party or establishment type.
pub fn type_libelle(kind: &str) -> &'static str {
    match kind {
        "academie" => "l'académie",
        "draaf" => "la direction régionale de l'alimentation, de l'agriculture et de la forêt",
        "region" => "la région",
        "departement" => "le département",
        "commune" => "la commune",
        "collectivite" => "la collectivité",
        "ministere" => "le ministère",
        "editeur" => "l'éditeur",
        "etablissement" => "l'établissement",
        _ => "la partie",
    }
}

/// The label of several perimeters: the words their labels share (« une violation
/// touchant ») said once, then each one's own words (« l'ENT dans son ensemble,
/// plusieurs établissements ou un seul établissement »).
pub fn perimetres_libelle(keys: &[&str]) -> String {
    let labels: Vec<Vec<&str>> = keys
        .iter()
        .filter_map(|k| label(PERIMETRES, k))
        .map(|l| l.split_whitespace().collect())
        .collect();
    let [first, rest @ ..] = labels.as_slice() else {
        return String::new();
    };
    if rest.is_empty() {
        return first.join(" ");
    }
    let shortest = labels.iter().map(Vec::len).min().unwrap_or(0);
    let head = (0..shortest.saturating_sub(1))
        .take_while(|&i| rest.iter().all(|l| l[i] == first[i]))
        .count();
    let tails: Vec<String> = labels.iter().map(|l| l[head..].join(" ")).collect();
    let (last, others) = tails.split_last().expect("two labels or more");
    let list = format!("{} ou {last}", others.join(", "));
    if head == 0 {
        list
    } else {
        format!("{} {list}", first[..head].join(" "))
    }
}

/// `ent.verification_identite`: the GDPR's rule (Art. 12.6) by default, or a proof of
/// identity with every request when the agreement says so (seed 004, Ann. 1 §3.2.1).
pub const VERIFICATIONS_IDENTITE: &[&str] = &["doute_raisonnable", "systematique"];

/// `ent.nature`: what the roster describes (`ent` by default).
pub const NATURES: &[&str] = &["ent", "services_numeriques"];

/// How pages call the service of `nature`: (le, Le, du, dans, long, Long, plural).
pub fn appellation(
    nature: &str,
) -> (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
) {
    match nature {
        "services_numeriques" => (
            "les services numériques",
            "Les services numériques",
            "des services numériques",
            "dans les services numériques",
            "les services numériques",
            "Les services numériques",
            true,
        ),
        _ => (
            "l'ENT",
            "L'ENT",
            "de l'ENT",
            "dans l'ENT",
            "l'espace numérique de travail (ENT)",
            "L'espace numérique de travail (ENT)",
            false,
        ),
    }
}

/// `statut` of an establishment.
pub const STATUTS: &[&str] = &["public", "prive"];

/// « école », « collège »... for an establishment type.
pub fn etab_libelle(kind: &str) -> &'static str {
    match kind {
        "ecole" => "école",
        "college" => "collège",
        "lycee" => "lycée",
        "lycee_agricole" => "lycée agricole",
        "erea" => "établissement régional d'enseignement adapté",
        _ => "établissement",
    }
}

/// Accessibility status: the three RGAA values, short forms accepted.
pub fn accessibilite(statut: &str) -> Option<&'static str> {
    match statut.trim().to_lowercase().as_str() {
        "non" | "non conforme" => Some("non conforme"),
        "partiellement" | "partiellement conforme" => Some("partiellement conforme"),
        "totalement" | "totalement conforme" | "conforme" => Some("totalement conforme"),
        _ => None,
    }
}

/// The départements and overseas collectivités: (INSEE code, name). `import` matches names
/// against it; the département pages take their name from it.
pub const DEPARTEMENTS: &[(&str, &str)] = &[
    ("01", "Ain"),
    ("02", "Aisne"),
    ("03", "Allier"),
    ("04", "Alpes-de-Haute-Provence"),
    ("05", "Hautes-Alpes"),
    ("06", "Alpes-Maritimes"),
    ("07", "Ardèche"),
    ("08", "Ardennes"),
    ("09", "Ariège"),
    ("10", "Aube"),
    ("11", "Aude"),
    ("12", "Aveyron"),
    ("13", "Bouches-du-Rhône"),
    ("14", "Calvados"),
    ("15", "Cantal"),
    ("16", "Charente"),
    ("17", "Charente-Maritime"),
    ("18", "Cher"),
    ("19", "Corrèze"),
    ("21", "Côte-d'Or"),
    ("22", "Côtes-d'Armor"),
    ("23", "Creuse"),
    ("24", "Dordogne"),
    ("25", "Doubs"),
    ("26", "Drôme"),
    ("27", "Eure"),
    ("28", "Eure-et-Loir"),
    ("29", "Finistère"),
    ("2A", "Corse-du-Sud"),
    ("2B", "Haute-Corse"),
    ("30", "Gard"),
    ("31", "Haute-Garonne"),
    ("32", "Gers"),
    ("33", "Gironde"),
    ("34", "Hérault"),
    ("35", "Ille-et-Vilaine"),
    ("36", "Indre"),
    ("37", "Indre-et-Loire"),
    ("38", "Isère"),
    ("39", "Jura"),
    ("40", "Landes"),
    ("41", "Loir-et-Cher"),
    ("42", "Loire"),
    ("43", "Haute-Loire"),
    ("44", "Loire-Atlantique"),
    ("45", "Loiret"),
    ("46", "Lot"),
    ("47", "Lot-et-Garonne"),
    ("48", "Lozère"),
    ("49", "Maine-et-Loire"),
    ("50", "Manche"),
    ("51", "Marne"),
    ("52", "Haute-Marne"),
    ("53", "Mayenne"),
    ("54", "Meurthe-et-Moselle"),
    ("55", "Meuse"),
    ("56", "Morbihan"),
    ("57", "Moselle"),
    ("58", "Nièvre"),
    ("59", "Nord"),
    ("60", "Oise"),
    ("61", "Orne"),
    ("62", "Pas-de-Calais"),
    ("63", "Puy-de-Dôme"),
    ("64", "Pyrénées-Atlantiques"),
    ("65", "Hautes-Pyrénées"),
    ("66", "Pyrénées-Orientales"),
    ("67", "Bas-Rhin"),
    ("68", "Haut-Rhin"),
    ("69", "Rhône"),
    ("70", "Haute-Saône"),
    ("71", "Saône-et-Loire"),
    ("72", "Sarthe"),
    ("73", "Savoie"),
    ("74", "Haute-Savoie"),
    ("75", "Paris"),
    ("76", "Seine-Maritime"),
    ("77", "Seine-et-Marne"),
    ("78", "Yvelines"),
    ("79", "Deux-Sèvres"),
    ("80", "Somme"),
    ("81", "Tarn"),
    ("82", "Tarn-et-Garonne"),
    ("83", "Var"),
    ("84", "Vaucluse"),
    ("85", "Vendée"),
    ("86", "Vienne"),
    ("87", "Haute-Vienne"),
    ("88", "Vosges"),
    ("89", "Yonne"),
    ("90", "Territoire de Belfort"),
    ("91", "Essonne"),
    ("92", "Hauts-de-Seine"),
    ("93", "Seine-Saint-Denis"),
    ("94", "Val-de-Marne"),
    ("95", "Val-d'Oise"),
    ("971", "Guadeloupe"),
    ("972", "Martinique"),
    ("973", "Guyane"),
    ("974", "La Réunion"),
    ("975", "Saint-Pierre-et-Miquelon"),
    ("976", "Mayotte"),
    ("977", "Saint-Barthélemy"),
    ("978", "Saint-Martin"),
    ("986", "Wallis-et-Futuna"),
    ("987", "Polynésie française"),
    ("988", "Nouvelle-Calédonie"),
];

#[cfg(test)]
mod tests {
    use super::perimetres_libelle;

    #[test]
    fn perimeters_share_their_common_words_once() {
        assert_eq!(
            perimetres_libelle(&["ent"]),
            "une violation touchant l'ENT dans son ensemble"
        );
        assert_eq!(
            perimetres_libelle(&["ent", "etablissements", "etablissement"]),
            "une violation touchant l'ENT dans son ensemble, plusieurs établissements ou un seul établissement"
        );
        assert_eq!(perimetres_libelle(&[]), "");
    }
}
