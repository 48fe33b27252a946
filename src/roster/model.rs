//! Raw roster types: exactly the YAML keys of SPEC §3, with source locations.
//! Parsing only; checks live in `validate`, derived facts in `resolve`.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A string with the place it came from.
pub type Text = Spanned<String>;

/// One YAML file as written (a main roster or an included file).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RosterFile {
    pub ent: Option<Ent>,
    #[serde(default)]
    pub inclure: Vec<Text>,
    #[serde(default)]
    pub parties: Vec<Partie>,
    #[serde(default)]
    pub etablissements: Vec<Etablissement>,
    #[serde(default)]
    pub traitements: Vec<Traitement>,
    #[serde(default)]
    pub droits: Vec<Droit>,
    #[serde(default)]
    pub violations: Vec<Violation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ent {
    pub nom: Text,
    pub url: Option<Text>,
    pub base_url: Text,
    pub scenario: Option<Spanned<u8>>,
    pub point_de_contact: Option<Text>,
    pub convention: Option<Convention>,
    pub accessibilite: Option<Accessibilite>,
    pub cookies: Option<Cookies>,
    #[serde(default)]
    pub delais: Delais,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Convention {
    pub titre: Option<Text>,
    pub date: Option<Text>,
    pub url: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibilite {
    pub statut: Text,
    pub declaration: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cookies {
    #[serde(default)]
    pub mesure_audience: bool,
    pub duree_mois: Option<u32>,
    pub page: Option<Text>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Delais {
    pub reponse_droits: Option<Text>,
    pub transmission_demande_mal_adressee: Option<Text>,
    pub notification_violation: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dpd {
    pub nom: Option<Text>,
    pub courriel: Option<Text>,
    pub telephone: Option<Text>,
    pub adresse: Option<Text>,
    pub formulaire: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partie {
    pub id: Text,
    #[serde(rename = "type")]
    pub kind: Text,
    pub nom: Text,
    pub code: Option<Text>,
    #[serde(default)]
    pub departements: Vec<Text>,
    pub code_commune: Option<Text>,
    #[serde(default)]
    pub communes: Vec<Text>,
    #[serde(default)]
    pub competences: Vec<Text>,
    pub adresse: Option<Text>,
    pub site_web: Option<Text>,
    pub dpd: Option<Box<Dpd>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsable {
    pub qualite: Option<Text>,
    pub nom: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Etablissement {
    pub uai: Text,
    pub nom: Text,
    #[serde(rename = "type")]
    pub kind: Text,
    pub commune: Option<Text>,
    pub code_commune: Option<Text>,
    pub departement: Text,
    pub academie: Option<Text>,
    pub collectivite: Option<Text>,
    pub adresse: Option<Text>,
    // Boxed: rarely given, and an establishment is parsed 70,000 times in a national roster.
    pub responsable: Option<Box<Responsable>>,
    pub dpd: Option<Box<Dpd>>,
    pub site_web: Option<Text>,
    pub traitements: Option<Vec<Text>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Traitement {
    pub id: Text,
    pub nom: Text,
    pub responsabilite: Text,
    #[serde(default)]
    pub responsables: Vec<Text>,
    #[serde(default)]
    pub sous_traitants: Vec<Text>,
    pub finalites: Vec<Text>,
    pub base_legale: Text,
    #[serde(default)]
    pub references: Vec<Text>,
    pub personnes: Vec<Text>,
    pub donnees: Spanned<indexmap_like::Categories>,
    pub destinataires: Vec<Text>,
    pub conservation: Vec<Text>,
    pub transferts_hors_ue: Text,
    #[serde(default)]
    pub mesures_securite: Vec<Text>,
    pub cree_le: Text,
    pub mis_a_jour_le: Text,
    /// Establishment types this treatment applies to (default: all).
    #[serde(default)]
    pub types: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Droit {
    pub demandeurs: Vec<Text>,
    pub destinataire: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Violation {
    pub perimetre: Text,
    pub notifie: Text,
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
