//! The resolved model: every role is a concrete party. This is what templates see
//! (field names are the tera variable names; see content/README.md).

use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, Default, PartialEq, Hash)]
pub struct Dpd {
    pub nom: Option<String>,
    pub courriel: Option<String>,
    pub telephone: Option<String>,
    pub adresse: Option<String>,
    pub formulaire: Option<String>,
}

/// A party as shown in documents (académie, collectivité, establishment, editor...).
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Party {
    pub id: String,
    /// academie | draaf | region | departement | commune | collectivite | ministere | editeur | etablissement
    #[serde(rename = "type")]
    pub kind: String,
    /// « l'académie », « la région »... for sentences.
    pub type_libelle: String,
    pub nom: String,
    /// The name in running text, with its article: « l'académie de Versailles »,
    /// « le Département de la Moselle », « Kosmos » (see [`super::grammaire`]).
    pub le: String,
    /// After « de »: « de l'académie de Versailles », « du collège Barbot », « de Kosmos ».
    pub du: String,
    /// After « à »: « à l'académie de Versailles », « au collège Barbot », « à Kosmos ».
    pub au: String,
    /// Grammatical gender of the name, for agreement (« représentée »).
    pub feminin: bool,
    /// Who represents it, as the roster says (« le recteur de l'académie de Reims »); for a
    /// public EPLE, « le chef d'établissement » (R421-9). No default by type: a convention
    /// names its signatories, and a page says nothing the roster does not.
    pub representant: Option<String>,
    pub adresse: Option<String>,
    pub site_web: Option<String>,
    pub dpd: Dpd,
}

#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Convention {
    pub titre: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Accessibilite {
    /// « non conforme » | « partiellement conforme » | « totalement conforme »
    pub statut: String,
    pub date: Option<String>,
    pub declaration: Option<String>,
    pub contact: Option<String>,
    /// What is not accessible, as the roster lists it (empty: not stated).
    pub non_conformites: Vec<String>,
}

/// LCEN: the host of the ENT.
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Hebergeur {
    pub nom: String,
    pub adresse: Option<String>,
    pub telephone: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Cookies {
    pub mesure_audience: bool,
    pub outil: Option<String>,
    pub duree_mois: u32,
    pub page: Option<String>,
}

/// Delays stated by the agreement; each is printed only when given (never a default).
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Delais {
    pub reponse_droits: Option<String>,
    pub transmission_demande_mal_adressee: Option<String>,
    pub notification_violation: Option<String>,
}

/// ENT-level facts, shared by every page.
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Ent {
    pub nom: String,
    /// How the pages call it (roster `ent.nature`).
    pub appellation: Appellation,
    pub url: Option<String>,
    /// Without trailing slash.
    pub base_url: String,
    pub convention: Option<Convention>,
    /// Where the data come from when not from the person (Art. 14.2.f).
    pub origine_donnees: Option<String>,
    /// A proof of identity is asked with every rights request (roster
    /// `ent.verification_identite: systematique`); else only on reasonable doubt (Art. 12.6).
    pub identite_systematique: bool,
    pub hebergeur: Option<Hebergeur>,
    /// The publisher of the ENT service (LCEN), when given.
    pub editeur: Option<Arc<Party>>,
    pub accessibilite: Accessibilite,
    pub cookies: Option<Cookies>,
    pub delais: Delais,
}

/// How the pages call the service: « l'ENT », or « les services numériques » when the
/// agreement is about other services (seed 003). `le_maj` and `long_maj` start a sentence.
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Appellation {
    /// « l'ENT » | « les services numériques »
    pub le: String,
    pub le_maj: String,
    /// « de l'ENT » | « des services numériques »
    pub du: String,
    /// « dans l'ENT » | « dans les services numériques »
    pub dans: String,
    /// « l'espace numérique de travail (ENT) » | « les services numériques »
    pub long: String,
    pub long_maj: String,
    /// For agreement: « est utilisé » | « sont utilisés ».
    pub pluriel: bool,
}

impl Appellation {
    /// For `ent.nature` (`ent` or `services_numeriques`).
    pub fn of(nature: &str) -> Appellation {
        let (le, le_maj, du, dans, long, long_maj, pluriel) = crate::vocab::appellation(nature);
        Appellation {
            le: le.into(),
            le_maj: le_maj.into(),
            du: du.into(),
            dans: dans.into(),
            long: long.into(),
            long_maj: long_maj.into(),
            pluriel,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Categorie {
    pub categorie: String,
    /// Human label of the category (« Élèves », « Responsables légaux »...).
    pub libelle: String,
    pub donnees: Vec<String>,
}

/// A processing activity as it applies to one establishment: its controllers for that
/// establishment, and the sheet shared by every establishment (`fiche`, flattened: templates
/// see `traitement.nom`, `traitement.finalites`... directly).
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Traitement {
    /// Controllers of this treatment for this establishment.
    pub responsables: Vec<Arc<Party>>,
    #[serde(flatten)]
    pub fiche: Arc<Fiche>,
}

impl std::ops::Deref for Traitement {
    type Target = Fiche;
    fn deref(&self) -> &Fiche {
        &self.fiche
    }
}

/// What a register sheet says, the same for every establishment (resolved once).
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Fiche {
    pub id: String,
    pub nom: String,
    /// conjointe | propre | sous_traitance
    pub responsabilite: String,
    pub sous_traitants: Vec<Arc<Party>>,
    pub finalites: Vec<String>,
    /// « 6.1.e », the letter of Art. 6.1; empty when the roster states no basis (the pages
    /// then say nothing of it).
    pub base_legale: String,
    /// The free text written after the letter (« mission confiée par l'article L213-2… »).
    pub base_legale_precision: Option<String>,
    /// The GDPR wording of the basis (« mission d'intérêt public »...).
    pub base_legale_libelle: String,
    /// Portability (Art. 20) applies: the basis is consent (6.1.a) or a contract (6.1.b).
    pub portabilite: bool,
    pub references: Vec<String>,
    /// Art. 13.2.e: whether providing the data is mandatory (`None`: not stated, or stated
    /// by a sentence in `obligatoire_precision`).
    pub obligatoire: Option<bool>,
    pub obligatoire_precision: Option<String>,
    /// What rests on consent (the notice says how to withdraw it).
    pub consentement: Option<String>,
    /// Labels of the data subjects (« élèves », « responsables légaux »...).
    pub personnes: Vec<String>,
    pub donnees: Vec<Categorie>,
    pub destinataires: Vec<String>,
    pub conservation: Vec<String>,
    /// A description of the transfers and their guarantees; `None`: no transfer.
    pub transferts_hors_ue: Option<String>,
    pub mesures_securite: Vec<String>,
    /// ISO dates; empty when the roster gives none.
    pub cree_le: String,
    pub mis_a_jour_le: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct DroitRoute {
    /// Names of the treatments the requests are about; empty: any treatment.
    pub traitements: Vec<String>,
    /// Labels of who asks (« les élèves », « les personnels de la collectivité »...); empty:
    /// anyone.
    pub demandeurs: Vec<String>,
    /// What the rule covers in the roster's words (`objet:`), shown before its treatments.
    pub objet: Option<String>,
    /// Who answers: any of them may be addressed.
    pub destinataires: Vec<Arc<Party>>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct ViolationRoute {
    /// ent | academie | departement | etablissements | etablissement: the largest perimeter of
    /// the route. Rules that resolve, for the establishment, to the same notifier (or
    /// `origine`), the same informed parties and the same delay are one route.
    pub perimetre: String,
    /// All its perimeters, largest first, the shared words said once (« une violation touchant
    /// l'ENT dans son ensemble ou un seul établissement »).
    pub perimetre_libelle: String,
    /// Who notifies the CNIL; `None` with `origine`: the party where the breach happened.
    pub notifie: Option<Arc<Party>>,
    pub origine: bool,
    /// Parties it informs.
    pub informe: Vec<Arc<Party>>,
    /// Delay, when the agreement gives one (else `ent.delais.notification_violation`).
    pub delai: Option<String>,
}

/// What one party undertakes under the agreement, for this establishment.
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct ObligationRoute {
    pub partie: Arc<Party>,
    pub engagements: Vec<String>,
}

/// Everything one establishment's documents need, resolved.
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Etablissement {
    /// Upper case, as written (e.g. 0570055A).
    pub uai: String,
    /// Lower case: the output directory name.
    pub slug: String,
    pub nom: String,
    /// ecole | college | lycee | lycee_agricole | erea | autre
    #[serde(rename = "type")]
    pub kind: String,
    /// « école », « collège »...
    pub type_libelle: String,
    /// true for écoles (no legal personality: never a controller itself).
    pub premier_degre: bool,
    /// public | prive
    pub statut: String,
    /// A private school: never called an EPLE, no collectivité inferred.
    pub prive: bool,
    pub commune: Option<String>,
    pub code_commune: Option<String>,
    pub departement: String,
    pub adresse: Option<String>,
    pub responsable_qualite: String,
    pub responsable_nom: Option<String>,
    pub site_web: Option<String>,
    /// 1, 2 or 3 (ministry kit).
    pub scenario: u8,
    pub academie: Arc<Party>,
    /// The competent collectivité; none for a private school that names none.
    pub collectivite: Option<Arc<Party>>,
    /// The establishment as a party (a controller only where a treatment names it; an
    /// école never is).
    pub etablissement: Arc<Party>,
    /// The establishment itself is a controller of at least one of its treatments.
    pub est_responsable: bool,
    /// Joint controllers: those of the establishment's `conjointe` treatments, in order.
    pub responsables: Vec<Arc<Party>>,
    /// Point of contact designated by the agreement (Art. 26.1), if any.
    pub point_de_contact: Option<Arc<Party>>,
    /// The DPD that answers for this establishment (its own, else the académie's).
    pub dpd: Dpd,
    pub droits: Vec<DroitRoute>,
    pub violations: Vec<ViolationRoute>,
    /// The respective obligations the agreement sets, for the parties that resolve here.
    pub obligations: Vec<ObligationRoute>,
    pub traitements: Vec<Traitement>,
}

/// The resolved ENT: what `render` turns into pages.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub ent: Ent,
    /// Every party of the roster (except establishments), as written.
    pub parties: Vec<Arc<Party>>,
    pub etablissements: Vec<Etablissement>,
    /// Main roster file name, shown as « généré à partir de ».
    pub source: String,
}
