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

/// `perimetre` of a breach, with its label.
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
    ("etablissement", "une violation limitée à l'établissement"),
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

/// Who legally represents a party of this type.
pub fn representant(kind: &str) -> &'static str {
    match kind {
        "academie" => "le recteur d'académie",
        "draaf" => "le directeur régional de l'alimentation, de l'agriculture et de la forêt",
        "region" => "le président du conseil régional",
        "departement" => "le président du conseil départemental",
        "commune" => "le maire",
        "collectivite" => "le président de l'assemblée de la collectivité",
        "ministere" => "le ministre",
        "editeur" => "son représentant légal",
        _ => "son représentant légal",
    }
}

/// Who represents the académie for the écoles (first degree).
pub const REPRESENTANT_ACADEMIE_ECOLES: &str =
    "le directeur académique des services de l'éducation nationale (DASEN), par délégation du recteur";

/// Who represents a private school under contract: its head, for its organisme de gestion.
pub const REPRESENTANT_PRIVE: &str = "le chef d'établissement, pour l'organisme de gestion de l'établissement";

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
