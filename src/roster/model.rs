//! Raw roster types: exactly the YAML keys of SPEC §3, with source locations.
//! Parsing only; checks live in `validate`, derived facts in `resolve`.

use super::schema::*;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// A string with the place it came from.
pub type Text = Spanned<String>;

/// One YAML file as written (a main roster or an included file).
#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "Le fichier des parties d'ent-rgpd (parties.yaml), ou un fichier qu'il inclut (inclure). Chaque clé est décrite dans docs/reference.md."
)]
pub struct RosterFile {
    #[schemars(
        description = "L'ENT lui-même : nom, adresse du site, convention, délais… Obligatoire dans le fichier principal, interdit dans un fichier inclus."
    )]
    pub ent: Option<Ent>,
    #[serde(default)]
    #[schemars(
        with = "Vec<Scalar>",
        description = "D'autres fichiers à lire avec celui-ci (chemins relatifs au fichier principal, motifs * permis) : leurs listes s'ajoutent à celles-ci. Seulement dans le fichier principal."
    )]
    pub inclure: Vec<Text>,
    #[serde(default)]
    #[schemars(description = "Les organismes, sauf les établissements : académies, collectivités, éditeur…")]
    pub parties: Vec<Partie>,
    #[serde(default)]
    #[schemars(description = "Les écoles, collèges, lycées… qui utilisent l'ENT.")]
    pub etablissements: Vec<Etablissement>,
    #[serde(default)]
    #[schemars(description = "Les traitements de données : une fiche du registre (article 30 du RGPD) chacun.")]
    pub traitements: Vec<Traitement>,
    #[serde(default)]
    #[schemars(
        description = "Qui répond à une demande d'exercice des droits : la première règle qui correspond s'applique."
    )]
    pub droits: Vec<Droit>,
    #[serde(default)]
    #[schemars(description = "Qui notifie une violation de données à la CNIL, selon son périmètre.")]
    pub violations: Vec<Violation>,
    #[serde(default)]
    #[schemars(description = "Ce à quoi chaque partie s'engage au titre de l'accord (article 26.1 du RGPD).")]
    pub obligations: Vec<Obligation>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "L'ENT lui-même : ce qui vaut pour toutes les pages. Obligatoire dans le fichier principal, interdit dans un fichier inclus."
)]
pub struct Ent {
    #[schemars(with = "Scalar", description = "Le nom de l'ENT, tel que les pages le citent.")]
    pub nom: Text,
    #[schemars(
        with = "Option<Url>",
        description = "L'adresse où les utilisateurs se connectent à l'ENT (https://…)."
    )]
    pub url: Option<Text>,
    #[schemars(
        with = "Url",
        description = "L'adresse où le site produit par ent-rgpd est publié (https://…, sans ? ni #) : tous les liens absolus commencent par elle."
    )]
    pub base_url: Text,
    #[schemars(
        with = "Option<Nature>",
        description = "Ce que le roster décrit, pour que les pages l'appellent par son nom : ent (par défaut : « l'espace numérique de travail (ENT) ») ou services_numeriques (« les services numériques », quand la convention porte sur d'autres services que l'ENT)."
    )]
    pub nature: Option<Text>,
    #[schemars(
        with = "Option<Scenario>",
        description = "Le scénario du kit du ministère que suit l'ENT : 1 (premier degré), 2 (second degré, une académie) ou 3 (plusieurs académies, région et départements). Déduit s'il est absent ; il n'ajoute aucun fait aux pages."
    )]
    pub scenario: Option<Spanned<u8>>,
    #[schemars(
        with = "Option<Slug>",
        description = "Le point de contact que désigne l'accord (article 26.1 du RGPD) : un rôle (academie, collectivite, etablissement…) ou l'id d'une partie. Jamais déduit : absent, aucune page n'en nomme."
    )]
    pub point_de_contact: Option<Text>,
    #[schemars(description = "La convention qui contient l'accord, citée par les grandes lignes.")]
    pub convention: Option<Convention>,
    /// Where the data come from when not from the person (Art. 14.2.f).
    #[schemars(
        with = "Option<Scalar>",
        description = "D'où viennent les données quand elles ne sont pas collectées auprès de la personne (article 14.2.f du RGPD), par exemple de l'annuaire académique fédérateur."
    )]
    pub origine_donnees: Option<Text>,
    #[schemars(
        with = "Option<VerificationIdentite>",
        description = "Comment les responsables vérifient l'identité de qui exerce ses droits : doute_raisonnable (par défaut, la règle du RGPD, article 12.6 : un justificatif seulement en cas de doute) ou systematique (un justificatif à chaque demande, quand l'accord le prévoit)."
    )]
    pub verification_identite: Option<Text>,
    /// LCEN: the host of the ENT.
    #[schemars(
        description = "L'hébergeur de l'ENT, que nomment les mentions légales (LCEN, article 6) ; absent, check avertit."
    )]
    pub hebergeur: Option<Hebergeur>,
    /// Party id of the publisher of the ENT service (LCEN).
    #[schemars(
        with = "Option<Slug>",
        description = "L'id de la partie qui édite le service (normalement de type editeur), nommée dans les mentions légales."
    )]
    pub editeur: Option<Text>,
    #[schemars(
        description = "L'état d'accessibilité de l'ENT (RGAA). Absent : non conforme, comme le RGAA le demande tant qu'aucun audit n'a été fait."
    )]
    pub accessibilite: Option<Accessibilite>,
    #[schemars(
        description = "Les cookies de mesure d'audience ; absent, la notice ne parle que des cookies nécessaires à la connexion."
    )]
    pub cookies: Option<Cookies>,
    #[serde(default)]
    #[schemars(description = "Les délais que fixe la convention ; chacun n'est affiché que s'il est indiqué.")]
    pub delais: Delais,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "La convention qui contient l'accord, citée par les grandes lignes (« L'accord figure dans la convention suivante… »)."
)]
pub struct Convention {
    #[schemars(with = "Option<Scalar>", description = "Le titre complet de la convention.")]
    pub titre: Option<Text>,
    #[schemars(
        with = "Option<Date>",
        description = "Sa date (AAAA-MM-JJ), imprimée après le titre."
    )]
    pub date: Option<Text>,
    #[schemars(with = "Option<Url>", description = "Une adresse où la lire en ligne.")]
    pub url: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "L'hébergeur de l'ENT, que nomment les mentions légales (LCEN, article 6).")]
pub struct Hebergeur {
    #[schemars(with = "Scalar", description = "La raison sociale de l'hébergeur.")]
    pub nom: Text,
    #[schemars(with = "Option<Scalar>", description = "Son adresse postale.")]
    pub adresse: Option<Text>,
    #[schemars(
        with = "Option<Scalar>",
        description = "Son numéro de téléphone (03 83 86 20 20 ou +33 3 83 86 20 20)."
    )]
    pub telephone: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "L'état d'accessibilité de l'ENT au sens du RGAA, affiché dans les mentions légales et le pied de page."
)]
pub struct Accessibilite {
    #[schemars(
        with = "Scalar",
        description = "Le niveau de conformité au RGAA : non conforme, partiellement conforme ou totalement conforme (non, partiellement, totalement acceptés)."
    )]
    pub statut: Text,
    #[schemars(
        with = "Option<Date>",
        description = "La date de la déclaration d'accessibilité (AAAA-MM-JJ)."
    )]
    pub date: Option<Text>,
    #[schemars(
        with = "Option<Url>",
        description = "L'adresse d'une déclaration d'accessibilité déjà publiée ; absente, ent-rgpd produit la déclaration."
    )]
    pub declaration: Option<Text>,
    #[schemars(
        with = "Option<Url>",
        description = "Une adresse pour signaler un défaut d'accessibilité."
    )]
    pub contact: Option<Text>,
    /// What is not accessible (RGAA statement, « Contenus non accessibles »), when known.
    #[serde(default)]
    #[schemars(
        with = "Vec<Scalar>",
        description = "Les contenus non accessibles, un par ligne (section « Contenus non accessibles »)."
    )]
    pub non_conformites: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "Les cookies de mesure d'audience ; la notice cite toujours les cookies strictement nécessaires à la connexion."
)]
pub struct Cookies {
    #[serde(default)]
    #[schemars(description = "L'ENT dépose-t-il des cookies de mesure d'audience ? true ou false (par défaut).")]
    pub mesure_audience: bool,
    #[schemars(with = "Option<Scalar>", description = "L'outil de mesure d'audience (Matomo…).")]
    pub outil: Option<Text>,
    #[schemars(
        description = "La durée de vie des cookies, en mois (13 par défaut) ; au-delà de 13, la notice dit qu'ils ne sont déposés qu'avec l'accord de la personne."
    )]
    pub duree_mois: Option<u32>,
    #[schemars(
        with = "Option<Url>",
        description = "L'adresse de la page de l'ENT consacrée aux cookies."
    )]
    pub page: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "Les délais que fixe la convention ; chacun n'est affiché que s'il est indiqué, jamais par défaut."
)]
pub struct Delais {
    #[schemars(
        with = "Option<Scalar>",
        description = "Le délai de réponse à une demande d'exercice des droits (« 1 mois »)."
    )]
    pub reponse_droits: Option<Text>,
    #[schemars(
        with = "Option<Scalar>",
        description = "Le délai pour transmettre au bon responsable une demande mal adressée (« 8 jours »)."
    )]
    pub transmission_demande_mal_adressee: Option<Text>,
    #[schemars(
        with = "Option<Scalar>",
        description = "Le délai de notification d'une violation, pour les règles de violations qui n'ont pas leur propre délai (« 72 heures »)."
    )]
    pub notification_violation: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "Le délégué à la protection des données (DPD) et ses coordonnées ; « dpd: {} » : un délégué est désigné, ses coordonnées ne sont pas connues."
)]
pub struct Dpd {
    #[schemars(
        with = "Option<Scalar>",
        description = "Le nom ou la fonction du délégué (« Délégué à la protection des données de l'académie »)."
    )]
    pub nom: Option<Text>,
    #[schemars(
        with = "Option<Email>",
        description = "Son adresse électronique, seule (dpd@ac-nancy-metz.fr)."
    )]
    pub courriel: Option<Text>,
    #[schemars(with = "Option<Scalar>", description = "Son numéro de téléphone.")]
    pub telephone: Option<Text>,
    #[schemars(with = "Option<Scalar>", description = "Son adresse postale.")]
    pub adresse: Option<Text>,
    #[schemars(
        with = "Option<Url>",
        description = "L'adresse d'un formulaire en ligne pour le joindre."
    )]
    pub formulaire: Option<Text>,
}

/// How to write a name in running text when the rules of `resolve::grammaire` get it wrong:
/// `grammaire: { article: la, genre: feminin }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "Comment écrire le nom dans les phrases quand la règle se trompe : grammaire: { article: la, genre: feminin }."
)]
pub struct Grammaire {
    /// le | la | l' | aucun (a proper name: « de Kosmos »)
    #[schemars(
        with = "Option<Article>",
        description = "L'article à employer : le, la, l' ou aucun (nom propre) ; le nom est alors gardé tel qu'il est écrit."
    )]
    pub article: Option<Text>,
    /// masculin | feminin: the agreement (« représentée »)
    #[schemars(
        with = "Option<Genre>",
        description = "Le genre du nom, pour l'accord (« représentée ») : masculin ou feminin."
    )]
    pub genre: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Un organisme, sauf un établissement : académie, collectivité, éditeur…")]
pub struct Partie {
    #[schemars(
        with = "Slug",
        description = "L'identifiant de la partie, qui la désigne ailleurs dans le fichier : minuscules sans accent, chiffres et tirets (ac-nancy-metz)."
    )]
    pub id: Text,
    #[serde(rename = "type")]
    #[schemars(
        with = "PartyType",
        description = "La nature de la partie : elle sert à trouver l'académie et la collectivité compétente de chaque établissement. Un editeur est un sous-traitant, jamais responsable."
    )]
    pub kind: Text,
    #[schemars(
        with = "Scalar",
        description = "Le nom officiel de la partie (« Académie de Nancy-Metz »)."
    )]
    pub nom: Text,
    #[schemars(
        with = "Option<Scalar>",
        description = "Le code de l'académie au ministère, entre guillemets (\"12\" pour Nancy-Metz) ; pour une académie seulement."
    )]
    pub code: Option<Text>,
    #[serde(default)]
    #[schemars(
        with = "Vec<Scalar>",
        description = "Le territoire de la partie, en codes de département entre guillemets (\"57\", \"2A\", \"971\") : il sert à trouver l'académie et les collectivités de chaque établissement."
    )]
    pub departements: Vec<Text>,
    #[schemars(
        with = "Option<Scalar>",
        description = "Pour une partie de type commune : le code INSEE de la commune, entre guillemets (\"92032\")."
    )]
    pub code_commune: Option<Text>,
    #[serde(default)]
    #[schemars(
        with = "Vec<Scalar>",
        description = "Pour une intercommunalité (de type commune) : les codes INSEE des communes qui lui ont confié leurs écoles."
    )]
    pub communes: Vec<Text>,
    #[serde(default)]
    #[schemars(
        with = "Vec<EtabType>",
        description = "Pour une partie de type collectivite : les types d'établissements dont elle est la collectivité compétente (college, lycee…)."
    )]
    pub competences: Vec<Text>,
    #[schemars(
        with = "Option<Scalar>",
        description = "L'adresse postale de la partie : les coordonnées d'un responsable de traitement (articles 13.1.a et 30.1.a du RGPD)."
    )]
    pub adresse: Option<Text>,
    /// Who represents it (« le recteur de la région académique… »); default by type.
    #[schemars(
        with = "Option<Scalar>",
        description = "Qui représente la partie (« le recteur de la région académique Grand Est ») ; par défaut, selon son type."
    )]
    pub representant: Option<Text>,
    #[schemars(with = "Option<Url>", description = "Le site de la partie.")]
    pub site_web: Option<Text>,
    #[schemars(
        description = "Le délégué à la protection des données de la partie ; exigé quand elle peut être responsable d'un traitement ou point de contact."
    )]
    pub dpd: Option<Box<Dpd>>,
    #[schemars(description = "Comment écrire son nom dans les phrases, quand la règle se trompe.")]
    pub grammaire: Option<Box<Grammaire>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Le chef d'établissement, tel que les pages le nomment.")]
pub struct Responsable {
    #[schemars(
        with = "Option<Scalar>",
        description = "Sa fonction (« Principal », « Proviseure ») ; par défaut « Chef d'établissement »."
    )]
    pub qualite: Option<Text>,
    #[schemars(
        with = "Option<Scalar>",
        description = "Son nom ; absent, les pages ne nomment personne."
    )]
    pub nom: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Un établissement qui utilise l'ENT : école, collège, lycée…")]
pub struct Etablissement {
    #[schemars(
        with = "Uai",
        description = "Le numéro UAI : 7 chiffres et la lettre de contrôle, en majuscule (0570055A)."
    )]
    pub uai: Text,
    #[schemars(with = "Scalar", description = "Le nom de l'établissement (« Collège Barbot »).")]
    pub nom: Text,
    #[serde(rename = "type")]
    #[schemars(
        with = "EtabType",
        description = "La sorte d'établissement ; elle décide de la collectivité compétente (école : commune, collège : département, lycée et EREA : région)."
    )]
    pub kind: Text,
    /// public (default) | prive
    #[schemars(
        with = "Option<Statut>",
        description = "public (par défaut) ou prive : un établissement privé n'est jamais présenté comme un EPLE et aucune collectivité n'est déduite pour lui."
    )]
    pub statut: Option<Text>,
    #[schemars(with = "Option<Scalar>", description = "Le nom de la commune.")]
    pub commune: Option<Text>,
    #[schemars(
        with = "Option<Scalar>",
        description = "Le code INSEE de la commune, entre guillemets (\"57463\") ; obligatoire pour une école."
    )]
    pub code_commune: Option<Text>,
    #[schemars(
        with = "Scalar",
        description = "Le code du département, entre guillemets (\"57\", \"2A\", \"971\") : il sert à trouver l'académie et les collectivités."
    )]
    pub departement: Text,
    #[schemars(
        with = "Option<Slug>",
        description = "L'id de la partie académie (ou draaf) de l'établissement, quand la règle ordinaire (par département) ne convient pas."
    )]
    pub academie: Option<Box<Text>>,
    #[schemars(
        with = "Option<Slug>",
        description = "L'id de la collectivité compétente, quand la règle ordinaire ne convient pas ; pour un établissement privé, celle que nomme sa convention."
    )]
    pub collectivite: Option<Box<Text>>,
    #[schemars(with = "Option<Scalar>", description = "L'adresse postale de l'établissement.")]
    pub adresse: Option<Text>,
    #[schemars(
        with = "Option<Scalar>",
        description = "Qui représente l'établissement, tel que le dit la convention (« le chef d'établissement ») ; par défaut, pour un EPLE public, « le chef d'établissement » ; sinon les pages ne nomment personne."
    )]
    // Boxed, as the other keys rarely given: an establishment is parsed 70,000 times.
    pub representant: Option<Box<Text>>,
    // Boxed: rarely given, and an establishment is parsed 70,000 times in a national roster.
    #[schemars(description = "Le chef d'établissement : sa fonction et son nom.")]
    pub responsable: Option<Box<Responsable>>,
    #[schemars(
        description = "Le délégué à la protection des données de l'établissement, s'il en a un à lui ; sinon celui de l'académie."
    )]
    pub dpd: Option<Box<Dpd>>,
    #[schemars(with = "Option<Url>", description = "Le site de l'établissement.")]
    pub site_web: Option<Text>,
    #[schemars(
        with = "Option<Vec<Slug>>",
        description = "Les ids des traitements qui s'appliquent à l'établissement ; absent : tous ceux qui s'appliquent à son type."
    )]
    pub traitements: Option<Vec<Text>>,
    #[schemars(description = "Comment écrire son nom dans les phrases, quand la règle se trompe.")]
    pub grammaire: Option<Box<Grammaire>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "Un traitement de données : une fiche du registre (article 30 du RGPD), une section de la notice."
)]
pub struct Traitement {
    #[schemars(
        with = "Slug",
        description = "L'identifiant du traitement : il sert dans l'adresse de sa fiche et dans les règles de droits."
    )]
    pub id: Text,
    #[schemars(
        with = "Scalar",
        description = "Le nom du traitement, titre de sa fiche du registre."
    )]
    pub nom: Text,
    #[schemars(
        with = "Responsabilite",
        description = "conjointe (plusieurs responsables, article 26 du RGPD), propre (un seul responsable) ou sous_traitance (un responsable et ses sous-traitants, article 28)."
    )]
    pub responsabilite: Text,
    #[serde(default)]
    #[schemars(
        with = "Vec<Slug>",
        description = "Ses responsables, pour chaque établissement : des rôles (academie, collectivite, etablissement, region, departement, commune) ou des ids de parties."
    )]
    pub responsables: Vec<Text>,
    #[serde(default)]
    #[schemars(
        with = "Vec<Slug>",
        description = "Les ids des parties sous-traitantes (article 28 du RGPD) : l'éditeur, un prestataire…"
    )]
    pub sous_traitants: Vec<Text>,
    #[schemars(
        with = "Vec<Scalar>",
        description = "À quoi sert le traitement : une finalité par ligne."
    )]
    pub finalites: Vec<Text>,
    /// « 6.1.e », with free text after; absent when the agreement states none (003): the
    /// pages then say nothing of the basis, and `check` warns (Art. 13.1.c).
    #[schemars(
        with = "Option<BaseLegale>",
        description = "La base légale (article 6.1 du RGPD) : 6.1.a à 6.1.f, suivie au besoin d'une précision. Absente, les pages n'en disent rien et check avertit."
    )]
    pub base_legale: Option<Text>,
    #[serde(default)]
    #[schemars(
        with = "Vec<Scalar>",
        description = "Les textes de référence (RGPD, loi Informatique et Libertés, code de l'éducation…)."
    )]
    pub references: Vec<Text>,
    /// Art. 13.2.e: `true`, `false` or a sentence.
    #[schemars(
        with = "Option<Scalar>",
        description = "Les données doivent-elles être fournies (article 13.2.e du RGPD) ? true, false ou une phrase."
    )]
    pub obligatoire: Option<Text>,
    /// What rests on consent (the notice says how to withdraw it).
    #[schemars(
        with = "Option<Scalar>",
        description = "Ce qui repose sur le consentement (une autorisation de droit à l'image…) : la notice dit comment le retirer."
    )]
    pub consentement: Option<Text>,
    #[schemars(
        with = "Vec<Scalar>",
        description = "Les catégories de personnes concernées : eleves, responsables_legaux, personnels, personnels_collectivite, personnels_academie, autres, ou une catégorie libre."
    )]
    pub personnes: Vec<Text>,
    #[schemars(
        with = "indexmap_like::Categories",
        description = "Les données traitées, par catégorie de personnes : une liste par catégorie (eleves: [identité, classe])."
    )]
    pub donnees: Spanned<indexmap_like::Categories>,
    #[schemars(
        with = "Vec<Scalar>",
        description = "Les destinataires des données (catégories), un par ligne."
    )]
    pub destinataires: Vec<Text>,
    #[schemars(with = "Vec<Scalar>", description = "Les durées de conservation, une par ligne.")]
    pub conservation: Vec<Text>,
    #[schemars(
        with = "Scalar",
        description = "Les transferts hors de l'Union européenne : non, ou leur description (destination et garanties)."
    )]
    pub transferts_hors_ue: Text,
    #[serde(default)]
    #[schemars(
        with = "Vec<Scalar>",
        description = "Les principales mesures de sécurité, une par ligne ; aucune : check avertit."
    )]
    pub mesures_securite: Vec<Text>,
    /// Register dates; absent when the agreement gives none (003): the sheet leaves them out.
    #[schemars(
        with = "Option<Date>",
        description = "La date de création de la fiche du registre (AAAA-MM-JJ)."
    )]
    pub cree_le: Option<Text>,
    #[schemars(
        with = "Option<Date>",
        description = "La date de sa dernière mise à jour (AAAA-MM-JJ), au plus tôt celle de création."
    )]
    pub mis_a_jour_le: Option<Text>,
    /// Establishment types this treatment applies to (default: all).
    #[serde(default)]
    #[schemars(
        with = "Vec<EtabType>",
        description = "Les types d'établissements auxquels le traitement s'applique ; vide : tous."
    )]
    pub types: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "Une règle : qui répond à une demande d'exercice des droits. La première règle qui correspond s'applique."
)]
pub struct Droit {
    /// Requests about these treatments (by module); empty: any treatment.
    #[serde(default)]
    #[schemars(
        with = "Vec<Slug>",
        description = "La règle ne vaut que pour les demandes sur ces traitements (leurs ids) ; vide : tout traitement."
    )]
    pub traitements: Vec<Text>,
    /// Requests by these requesters; empty: anyone.
    #[serde(default)]
    #[schemars(
        with = "Vec<Demandeur>",
        description = "La règle ne vaut que pour les demandes de ces personnes ; vide : tout demandeur."
    )]
    pub demandeurs: Vec<Text>,
    /// One role or party id, or a list of them (any may be addressed).
    #[schemars(
        with = "OneOrMany",
        description = "À qui adresser la demande : un rôle ou l'id d'une partie, ou une liste (on peut s'adresser à l'un ou l'autre)."
    )]
    pub destinataire: Spanned<OneOrMany>,
    /// What the rule covers, in the agreement's words, when treatments and requesters cannot
    /// say it (000 §7.6: « toute demande ... excédant le champ d'application du seul
    /// établissement »): shown instead of « toute autre demande ».
    #[schemars(
        with = "Option<Scalar>",
        description = "Ce que la règle couvre, dans les mots de la convention, quand ni traitements ni demandeurs ne peuvent le dire."
    )]
    pub objet: Option<Text>,
}

/// A string or a list of strings (`destinataire: academie` or `destinataire: [a, b]`).
#[derive(Debug, Default)]
pub struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("un rôle, l'id d'une partie, ou une liste de rôles et d'ids")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_owned()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut s: A) -> Result<OneOrMany, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = s.next_element::<String>()? {
                    out.push(v);
                }
                Ok(OneOrMany(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl Droit {
    /// Each destinataire, located at the `destinataire` value.
    pub fn destinataires(&self) -> Vec<Text> {
        let at = &self.destinataire;
        at.value
            .0
            .iter()
            .map(|v| Text::new(v.clone(), at.referenced, at.defined))
            .collect()
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Une règle : qui notifie une violation de données à la CNIL, selon son périmètre.")]
pub struct Violation {
    #[schemars(
        with = "Perimetre",
        description = "Qui la violation touche : ent (tout l'ENT), academie, departement, etablissements (plusieurs établissements) ou etablissement (un seul)."
    )]
    pub perimetre: Text,
    /// A role, a party id, or `origine` (the party where the breach happened).
    #[schemars(
        with = "Slug",
        description = "Qui notifie la violation à la CNIL : un rôle, l'id d'une partie, ou origine (la partie d'où elle provient)."
    )]
    pub notifie: Text,
    /// Parties it informs.
    #[serde(default)]
    #[schemars(
        with = "Vec<Slug>",
        description = "Les parties que celle qui notifie informe (rôles ou ids)."
    )]
    pub informe: Vec<Text>,
    #[schemars(
        with = "Option<Scalar>",
        description = "Le délai (« 48 heures ») ; absent : ent.delais.notification_violation, s'il est donné."
    )]
    pub delai: Option<Text>,
}

/// What one party undertakes under the agreement (Art. 26.1: the respective obligations,
/// notably the duties to inform and to answer requests).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Ce à quoi une partie s'engage au titre de l'accord (article 26.1 du RGPD).")]
pub struct Obligation {
    /// A role or a party id.
    #[schemars(
        with = "Slug",
        description = "La partie qui s'engage : un rôle ou l'id d'une partie."
    )]
    pub partie: Text,
    #[schemars(
        with = "Vec<Scalar>",
        description = "Ses engagements, un par ligne, rédigés pour suivre le nom de la partie."
    )]
    pub engagements: Vec<Text>,
}

/// Ordered map helper: `donnees` keeps the order the DPO wrote.
pub mod indexmap_like {
    use super::Text;
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

    #[derive(Debug, Default)]
    pub struct Categories(pub Vec<(Text, Vec<Text>)>);

    impl<'de> Deserialize<'de> for Categories {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Categories;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("une table catégorie → liste de données")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Categories, A::Error> {
                    let mut out = Vec::new();
                    while let Some((k, v)) = m.next_entry::<Text, Vec<Text>>()? {
                        out.push((k, v));
                    }
                    Ok(Categories(out))
                }
            }
            d.deserialize_map(V)
        }
    }
}
