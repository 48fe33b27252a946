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
    #[serde(default)]
    pub obligations: Vec<Obligation>,
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
    /// Where the data come from when not from the person (Art. 14.2.f).
    pub origine_donnees: Option<Text>,
    /// LCEN: the host of the ENT.
    pub hebergeur: Option<Hebergeur>,
    /// Party id of the publisher of the ENT service (LCEN).
    pub editeur: Option<Text>,
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
pub struct Hebergeur {
    pub nom: Text,
    pub adresse: Option<Text>,
    pub telephone: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibilite {
    pub statut: Text,
    pub date: Option<Text>,
    pub declaration: Option<Text>,
    pub contact: Option<Text>,
    /// What is not accessible (RGAA statement, « Contenus non accessibles »), when known.
    #[serde(default)]
    pub non_conformites: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cookies {
    #[serde(default)]
    pub mesure_audience: bool,
    pub outil: Option<Text>,
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

/// How to write a name in running text when the rules of `resolve::grammaire` get it wrong:
/// `grammaire: { article: la, genre: feminin }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grammaire {
    /// le | la | l' | aucun (a proper name: « de Kosmos »)
    pub article: Option<Text>,
    /// masculin | feminin: the agreement (« représentée »)
    pub genre: Option<Text>,
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
    /// Who represents it (« le recteur de la région académique… »); default by type.
    pub representant: Option<Text>,
    pub site_web: Option<Text>,
    pub dpd: Option<Box<Dpd>>,
    pub grammaire: Option<Box<Grammaire>>,
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
    /// public (default) | prive
    pub statut: Option<Text>,
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
    pub grammaire: Option<Box<Grammaire>>,
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
    /// « 6.1.e », with free text after; absent when the agreement states none (003): the
    /// pages then say nothing of the basis, and `check` warns (Art. 13.1.c).
    pub base_legale: Option<Text>,
    #[serde(default)]
    pub references: Vec<Text>,
    /// Art. 13.2.e: `true`, `false` or a sentence.
    pub obligatoire: Option<Text>,
    /// What rests on consent (the notice says how to withdraw it).
    pub consentement: Option<Text>,
    pub personnes: Vec<Text>,
    pub donnees: Spanned<indexmap_like::Categories>,
    pub destinataires: Vec<Text>,
    pub conservation: Vec<Text>,
    pub transferts_hors_ue: Text,
    #[serde(default)]
    pub mesures_securite: Vec<Text>,
    /// Register dates; absent when the agreement gives none (003): the sheet leaves them out.
    pub cree_le: Option<Text>,
    pub mis_a_jour_le: Option<Text>,
    /// Establishment types this treatment applies to (default: all).
    #[serde(default)]
    pub types: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Droit {
    /// Requests about these treatments (by module); empty: any treatment.
    #[serde(default)]
    pub traitements: Vec<Text>,
    /// Requests by these requesters; empty: anyone.
    #[serde(default)]
    pub demandeurs: Vec<Text>,
    /// One role or party id, or a list of them (any may be addressed).
    pub destinataire: Spanned<OneOrMany>,
    /// What the rule covers, in the agreement's words, when treatments and requesters cannot
    /// say it (000 §7.6: « toute demande ... excédant le champ d'application du seul
    /// établissement »): shown instead of « toute autre demande ».
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Violation {
    pub perimetre: Text,
    /// A role, a party id, or `origine` (the party where the breach happened).
    pub notifie: Text,
    /// Parties it informs.
    #[serde(default)]
    pub informe: Vec<Text>,
    pub delai: Option<Text>,
}

/// What one party undertakes under the agreement (Art. 26.1: the respective obligations,
/// notably the duties to inform and to answer requests).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// A role or a party id.
    pub partie: Text,
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
