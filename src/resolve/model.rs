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
    /// Who represents it (« le recteur d'académie », « le chef d'établissement »...).
    pub representant: String,
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
    pub declaration: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Cookies {
    pub mesure_audience: bool,
    pub duree_mois: u32,
    pub page: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Delais {
    pub reponse_droits: String,
    pub transmission_demande_mal_adressee: String,
    pub notification_violation: String,
}

/// ENT-level facts, shared by every page.
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Ent {
    pub nom: String,
    pub url: Option<String>,
    /// Without trailing slash.
    pub base_url: String,
    pub convention: Option<Convention>,
    pub accessibilite: Accessibilite,
    pub cookies: Option<Cookies>,
    pub delais: Delais,
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
    /// « 6.1.e » and any free text after it.
    pub base_legale: String,
    /// The GDPR wording of the basis (« mission d'intérêt public »...).
    pub base_legale_libelle: String,
    pub references: Vec<String>,
    /// Labels of the data subjects (« élèves », « responsables légaux »...).
    pub personnes: Vec<String>,
    pub donnees: Vec<Categorie>,
    pub destinataires: Vec<String>,
    pub conservation: Vec<String>,
    /// « non » or a description of the transfer and its guarantees.
    pub transferts_hors_ue: String,
    pub mesures_securite: Vec<String>,
    pub cree_le: String,
    pub mis_a_jour_le: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct DroitRoute {
    /// Labels of who asks (« les élèves », « les personnels de la collectivité »...).
    pub demandeurs: Vec<String>,
    pub destinataire: Arc<Party>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct ViolationRoute {
    /// ent | academie | departement | etablissement
    pub perimetre: String,
    pub perimetre_libelle: String,
    pub notifie: Arc<Party>,
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
    /// true for écoles (no legal personality; the DASEN and the commune are controllers).
    pub premier_degre: bool,
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
    pub collectivite: Arc<Party>,
    /// The establishment as a party (for EPLEs, a controller; for écoles, not a controller).
    pub etablissement: Arc<Party>,
    /// Joint controllers of the ENT for this establishment, in order.
    pub responsables: Vec<Arc<Party>>,
    /// Point of contact for data subjects (Art. 26.1).
    pub point_de_contact: Arc<Party>,
    /// The DPD that answers for this establishment (its own, else the académie's).
    pub dpd: Dpd,
    pub droits: Vec<DroitRoute>,
    pub violations: Vec<ViolationRoute>,
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
