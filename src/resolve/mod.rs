//! Resolution: from a validated roster to concrete parties per establishment
//! (académie, competent collectivité, joint controllers, scenario, contacts, routes).

pub mod model;

use crate::diagnostic::{Diagnostic, Report};
use crate::roster::{self, At, Roster, Text};
use crate::vocab;
use model::*;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Resolve every establishment of `roster`, whose raw establishments are given apart
/// (`etablissements`, taken out of it) and consumed: each is freed once resolved, so that a
/// national roster is never held twice, raw and resolved. Errors (a role that names nobody,
/// a contact without DPD) are reported once per cause, with the establishments concerned.
pub fn resolve(roster: &Roster, etablissements: Vec<At<roster::Etablissement>>) -> Result<Site, Report> {
    let all_ecoles = !etablissements.is_empty() && etablissements.iter().all(|e| e.kind.value == "ecole");
    let r = Resolver::new(roster, all_ecoles);
    // Establishments are independent: resolve them in parallel, each thread gathering its problems.
    let (etablissements, problems) = etablissements
        .into_par_iter()
        .fold(
            || (Vec::new(), Problems::default()),
            |(mut etabs, mut problems), e| {
                etabs.extend(r.etablissement(&e, &mut problems));
                (etabs, problems)
            },
        )
        .reduce(
            || (Vec::new(), Problems::default()),
            |(mut a, mut pa), (b, pb)| {
                a.extend(b);
                pa.merge(pb);
                (a, pa)
            },
        );
    let report = problems.into_report(roster);
    if report.has_errors() {
        return Err(report);
    }
    Ok(Site {
        ent: r.ent.clone(),
        parties: r.parties.clone(),
        etablissements,
        source: roster.sources[0]
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })
}

/// Problems grouped by cause: (file, line, column, message) → UAIs concerned.
#[derive(Default)]
struct Problems {
    by_cause: HashMap<(usize, u64, u64, String), Vec<String>>,
}

impl Problems {
    fn add(&mut self, file: usize, at: &Text, msg: String, uai: &str) {
        let key = (file, at.referenced.line(), at.referenced.column(), msg);
        self.by_cause.entry(key).or_default().push(uai.to_string());
    }

    fn merge(&mut self, other: Problems) {
        for (k, v) in other.by_cause {
            self.by_cause.entry(k).or_default().extend(v);
        }
    }

    fn into_report(self, roster: &Roster) -> Report {
        let mut report = Report::default();
        for ((file, line, column, msg), uais) in self.by_cause {
            let who = match uais.len() {
                1 => format!("établissement {}", uais[0]),
                n => format!("{n} établissements, dont {}", uais[..n.min(3)].join(", ")),
            };
            report.push(Diagnostic {
                line,
                column,
                ..Diagnostic::error(
                    roster.path(file),
                    serde_saphyr::Location::UNKNOWN,
                    format!("{msg} ({who})"),
                )
            });
        }
        report.sort();
        report
    }
}

struct Resolver<'a> {
    roster: &'a Roster,
    ent: Ent,
    scenario: u8,
    parties: Vec<Arc<Party>>,
    /// The same parties as seen from an école: an académie is represented by its DASEN.
    parties_ecoles: Vec<Arc<Party>>,
    by_id: HashMap<&'a str, usize>,
    index: TerritoryIndex<'a>,
    /// Each traitement with its sheet, resolved once for all establishments.
    traitements: Vec<(&'a At<roster::Traitement>, Arc<Fiche>)>,
}

/// Parties by territory, built once: resolution is a lookup per establishment.
#[derive(Default)]
struct TerritoryIndex<'a> {
    /// (party type, département) → first party of that type holding it.
    territory: HashMap<(&'a str, &'a str), usize>,
    /// party type → the only party of that type, when it lists no territory.
    only: HashMap<&'a str, usize>,
    /// INSEE commune code → commune party (or intercommunalité listing it).
    communes: HashMap<&'a str, usize>,
    /// (establishment type, département) → collectivité with that competence there.
    competences: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> TerritoryIndex<'a> {
    fn new(roster: &'a Roster) -> Self {
        let mut ix = TerritoryIndex::default();
        let mut count: HashMap<&str, usize> = HashMap::new();
        for (i, p) in roster.parties.iter().enumerate() {
            let kind = p.kind.value.as_str();
            *count.entry(kind).or_default() += 1;
            for d in &p.departements {
                ix.territory.entry((kind, d.value.as_str())).or_insert(i);
                if kind == "collectivite" {
                    for c in &p.competences {
                        ix.competences.entry((c.value.as_str(), d.value.as_str())).or_insert(i);
                    }
                }
            }
            if kind == "commune" {
                for c in p.code_commune.iter().chain(&p.communes) {
                    ix.communes.entry(c.value.as_str()).or_insert(i);
                }
            }
        }
        for (i, p) in roster.parties.iter().enumerate() {
            let kind = p.kind.value.as_str();
            if count[kind] == 1 && p.departements.is_empty() {
                ix.only.insert(kind, i);
            }
        }
        ix
    }
}

fn opt(t: &Option<Text>) -> Option<String> {
    t.as_ref().map(|t| t.value.trim().to_string())
}

fn dpd(d: Option<&roster::Dpd>) -> Option<Dpd> {
    d.map(|d| Dpd {
        nom: opt(&d.nom),
        courriel: opt(&d.courriel),
        telephone: opt(&d.telephone),
        adresse: opt(&d.adresse),
        formulaire: opt(&d.formulaire),
    })
}

fn has_contact(d: &Dpd) -> bool {
    d.courriel.is_some() || d.formulaire.is_some()
}

impl<'a> Resolver<'a> {
    fn new(roster: &'a Roster, all_ecoles: bool) -> Self {
        let raw_ent = roster.ent.as_ref().expect("validated roster has ent");
        let parties: Vec<Arc<Party>> = roster
            .parties
            .iter()
            .map(|p| {
                Arc::new(Party {
                    id: p.id.value.clone(),
                    kind: p.kind.value.clone(),
                    type_libelle: vocab::type_libelle(&p.kind.value).into(),
                    nom: p.nom.value.trim().to_string(),
                    representant: vocab::representant(&p.kind.value).into(),
                    adresse: opt(&p.adresse),
                    site_web: opt(&p.site_web),
                    dpd: dpd(p.dpd.as_deref()).unwrap_or_default(),
                })
            })
            .collect();
        let parties_ecoles = parties
            .iter()
            .map(|p| match p.kind.as_str() {
                "academie" => Arc::new(Party {
                    representant: vocab::REPRESENTANT_ACADEMIE_ECOLES.into(),
                    ..(**p).clone()
                }),
                _ => p.clone(),
            })
            .collect();
        let by_id = roster
            .parties
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.value.as_str(), i))
            .collect();
        let academies = roster.parties.iter().filter(|p| p.kind.value == "academie").count();
        let has_region = roster.parties.iter().any(|p| p.kind.value == "region");
        let scenario = raw_ent.scenario.as_ref().map(|s| s.value).unwrap_or(if all_ecoles {
            1
        } else if academies > 1 && has_region {
            3
        } else {
            2
        });
        let d = &raw_ent.delais;
        let ent = Ent {
            nom: raw_ent.nom.value.trim().to_string(),
            url: opt(&raw_ent.url),
            base_url: raw_ent.base_url.value.trim().trim_end_matches('/').to_string(),
            convention: raw_ent.convention.as_ref().map(|c| Convention {
                titre: opt(&c.titre),
                date: opt(&c.date),
                url: opt(&c.url),
            }),
            accessibilite: Accessibilite {
                statut: raw_ent
                    .accessibilite
                    .as_ref()
                    .and_then(|a| vocab::accessibilite(&a.statut.value))
                    .unwrap_or("non conforme")
                    .into(),
                declaration: raw_ent.accessibilite.as_ref().and_then(|a| opt(&a.declaration)),
            },
            cookies: raw_ent.cookies.as_ref().map(|c| Cookies {
                mesure_audience: c.mesure_audience,
                duree_mois: c.duree_mois.unwrap_or(13),
                page: opt(&c.page),
            }),
            delais: Delais {
                reponse_droits: opt(&d.reponse_droits).unwrap_or_else(|| "1 mois".into()),
                transmission_demande_mal_adressee: opt(&d.transmission_demande_mal_adressee)
                    .unwrap_or_else(|| "8 jours".into()),
                notification_violation: opt(&d.notification_violation).unwrap_or_else(|| "24 heures".into()),
            },
        };
        let (by_id_ref, parties_ref): (&HashMap<&str, usize>, &Vec<Arc<Party>>) = (&by_id, &parties);
        let traitements = roster
            .traitements
            .iter()
            .map(|t| {
                let sous_traitants = t
                    .sous_traitants
                    .iter()
                    .filter_map(|s| by_id_ref.get(s.value.as_str()).map(|&i| parties_ref[i].clone()))
                    .collect();
                (t, Arc::new(fiche(t, sous_traitants)))
            })
            .collect();
        Resolver {
            roster,
            ent,
            scenario,
            parties,
            parties_ecoles,
            by_id,
            index: TerritoryIndex::new(roster),
            traitements,
        }
    }

    /// The party of `kind` whose territory holds département `dep` (the only one of that kind,
    /// without territory, wins too).
    fn by_territory(&self, kind: &str, dep: &str) -> Option<usize> {
        self.index
            .territory
            .get(&(kind, dep))
            .or_else(|| self.index.only.get(kind))
            .copied()
    }

    /// The région or département of `dep`; where a collectivité with special status holds
    /// that territory instead (Collectivité européenne d'Alsace, Corse, Martinique...), that one.
    fn territorial(&self, kind: &str, dep: &str) -> Option<usize> {
        self.by_territory(kind, dep)
            .or_else(|| self.index.territory.get(&("collectivite", dep)).copied())
    }

    fn commune(&self, code: Option<&str>) -> Option<usize> {
        self.index.communes.get(code?).copied()
    }

    /// A `collectivite` party whose `competences` cover this type on this territory.
    fn special_collectivite(&self, kind: &str, dep: &str) -> Option<usize> {
        self.index.competences.get(&(kind, dep)).copied()
    }

    fn etablissement(&self, e: &At<roster::Etablissement>, problems: &mut Problems) -> Option<Etablissement> {
        let f = e.file;
        let uai = e.uai.value.as_str();
        let kind = e.kind.value.as_str();
        let dep = e.departement.value.as_str();
        let code_commune = e.code_commune.as_ref().map(|c| c.value.as_str());

        let academie = match &e.academie {
            Some(id) => self.by_id.get(id.value.as_str()).copied(),
            None if kind == "lycee_agricole" => self.by_territory("draaf", dep),
            None => self.by_territory("academie", dep),
        };
        let Some(academie) = academie else {
            let what = if kind == "lycee_agricole" { "DRAAF" } else { "académie" };
            problems.add(f, &e.departement, format!("aucune {what} ne couvre le département « {dep} » : ajoutez-le à ses « departements » ou indiquez « academie: »"), uai);
            return None;
        };
        let collectivite = match &e.collectivite {
            Some(id) => self.by_id.get(id.value.as_str()).copied(),
            None => self.special_collectivite(kind, dep).or_else(|| match kind {
                "ecole" => self.commune(code_commune),
                "college" => self.by_territory("departement", dep),
                "lycee" | "lycee_agricole" | "erea" => self.by_territory("region", dep),
                _ => None,
            }),
        };
        let Some(collectivite) = collectivite else {
            let msg = match kind {
                "ecole" => format!("aucune commune de « code_commune » {} n'est déclarée (collectivité compétente pour une école, art. L212-4 du code de l'éducation)", code_commune.unwrap_or("?")),
                "college" => format!("aucun département ne couvre « {dep} » (collectivité compétente pour un collège, art. L213-2)"),
                "lycee" | "lycee_agricole" | "erea" => format!("aucune région ne couvre le département « {dep} » (collectivité compétente pour un lycée, art. L214-6)"),
                _ => "aucune collectivité compétente pour un établissement de type « autre » : indiquez « collectivite: »".into(),
            };
            problems.add(f, &e.kind, msg, uai);
            return None;
        };

        // Parties as this establishment's documents show them.
        let parties = if kind == "ecole" {
            &self.parties_ecoles
        } else {
            &self.parties
        };
        let academie_p = parties[academie].clone();
        let own_dpd = dpd(e.dpd.as_deref());
        let etab_dpd = own_dpd.clone().unwrap_or_else(|| academie_p.dpd.clone());
        let premier_degre = kind == "ecole";
        let etab_party = Arc::new(Party {
            id: uai.to_ascii_lowercase(),
            kind: "etablissement".into(),
            type_libelle: vocab::etab_libelle(kind).into(),
            nom: e.nom.value.trim().to_string(),
            representant: if premier_degre {
                "le directeur d'école"
            } else {
                "le chef d'établissement"
            }
            .into(),
            adresse: opt(&e.adresse),
            site_web: opt(&e.site_web),
            dpd: etab_dpd.clone(),
        });
        let collectivite_p = parties[collectivite].clone();

        // A role or party id, for this establishment; reports what cannot be resolved.
        let role = |file: usize, t: &Text, what: &str, problems: &mut Problems| -> Option<Arc<Party>> {
            let p = match t.value.as_str() {
                "academie" => Some(academie_p.clone()),
                "collectivite" => Some(collectivite_p.clone()),
                "etablissement" => Some(etab_party.clone()),
                "region" | "departement" => self.territorial(&t.value, dep).map(|i| parties[i].clone()),
                "commune" => self.commune(code_commune).map(|i| parties[i].clone()),
                id => self.by_id.get(id).map(|&i| parties[i].clone()),
            };
            match p {
                None => {
                    problems.add(
                        file,
                        t,
                        format!(
                            "le rôle « {} » ({what}) ne désigne aucune partie pour cet établissement",
                            t.value
                        ),
                        uai,
                    );
                    None
                }
                Some(p) if !has_contact(&p.dpd) => {
                    problems.add(file, t, format!(
                        "« {} » ({what}) n'a pas de délégué à la protection des données joignable : ajoutez « dpd: {{ courriel: ... }} » à la partie « {} »",
                        t.value, p.id
                    ), uai);
                    None
                }
                Some(p) => Some(p),
            }
        };

        let responsables: Vec<Arc<Party>> = if premier_degre {
            vec![academie_p.clone(), collectivite_p.clone()]
        } else {
            vec![academie_p.clone(), collectivite_p.clone(), etab_party.clone()]
        };
        for p in &responsables {
            if !has_contact(&p.dpd) {
                problems.add(f, &e.uai, format!("le responsable conjoint « {} » n'a pas de délégué à la protection des données joignable (ajoutez « dpd: » à cette partie)", p.nom), uai);
            }
        }

        let point_de_contact = match self.roster.ent.as_ref().and_then(|x| x.point_de_contact.as_ref()) {
            Some(t) => role(0, t, "point_de_contact", problems),
            None => match self.scenario {
                1 => Some(academie_p.clone()),
                2 => Some(etab_party.clone()),
                _ => match self.territorial("region", dep) {
                    Some(i) if has_contact(&parties[i].dpd) => Some(parties[i].clone()),
                    _ => {
                        let ent = self.roster.ent.as_ref().expect("validated");
                        let at = ent
                            .scenario
                            .as_ref()
                            .map(|s| (s.referenced, s.defined))
                            .unwrap_or((ent.nom.referenced, ent.nom.defined));
                        let at = Text::new(String::new(), at.0, at.1);
                        problems.add(0, &at, "scénario 3 : le point de contact par défaut est le DPD de la région, mais aucune région avec DPD ne couvre ces établissements (indiquez « point_de_contact » dans « ent: »)".into(), uai);
                        None
                    }
                },
            },
        };

        let droits: Vec<DroitRoute> = self
            .roster
            .droits
            .iter()
            .filter_map(|d| {
                let destinataire = role(d.file, &d.destinataire, "droits", problems)?;
                Some(DroitRoute {
                    demandeurs: d
                        .demandeurs
                        .iter()
                        .filter_map(|k| vocab::label(vocab::DEMANDEURS, &k.value))
                        .map(String::from)
                        .collect(),
                    destinataire,
                })
            })
            .collect();
        let violations: Vec<ViolationRoute> = self
            .roster
            .violations
            .iter()
            .filter_map(|v| {
                Some(ViolationRoute {
                    perimetre: v.perimetre.value.clone(),
                    perimetre_libelle: vocab::label(vocab::PERIMETRES, &v.perimetre.value)
                        .unwrap_or_default()
                        .into(),
                    notifie: role(v.file, &v.notifie, "violations", problems)?,
                })
            })
            .collect();

        let chosen: Vec<&(&At<roster::Traitement>, Arc<Fiche>)> = match &e.traitements {
            Some(ids) => ids
                .iter()
                .filter_map(|id| self.traitements.iter().find(|(t, _)| t.id.value == id.value))
                .collect(),
            None => self
                .traitements
                .iter()
                .filter(|(t, _)| t.types.is_empty() || t.types.iter().any(|k| k.value == kind))
                .collect(),
        };
        let traitements = chosen
            .into_iter()
            .map(|(t, fiche)| Traitement {
                responsables: if t.responsables.is_empty() {
                    responsables.clone()
                } else {
                    t.responsables
                        .iter()
                        .filter_map(|r| role(t.file, r, "responsables", problems))
                        .collect()
                },
                fiche: fiche.clone(),
            })
            .collect();

        let point_de_contact = point_de_contact?;
        Some(Etablissement {
            uai: uai.to_string(),
            slug: uai.to_ascii_lowercase(),
            nom: e.nom.value.trim().to_string(),
            kind: kind.to_string(),
            type_libelle: vocab::etab_libelle(kind).into(),
            premier_degre,
            commune: opt(&e.commune),
            code_commune: code_commune.map(String::from),
            departement: dep.to_string(),
            adresse: opt(&e.adresse),
            responsable_qualite: e.responsable.as_ref().and_then(|r| opt(&r.qualite)).unwrap_or_else(|| {
                if premier_degre {
                    "Directeur ou directrice d'école"
                } else {
                    "Chef d'établissement"
                }
                .into()
            }),
            responsable_nom: e.responsable.as_ref().and_then(|r| opt(&r.nom)),
            site_web: opt(&e.site_web),
            scenario: self.scenario,
            academie: academie_p,
            collectivite: collectivite_p,
            etablissement: etab_party,
            responsables,
            point_de_contact,
            dpd: etab_dpd,
            droits,
            violations,
            traitements,
        })
    }
}

fn fiche(t: &roster::Traitement, sous_traitants: Vec<Arc<Party>>) -> Fiche {
    let list = |v: &[Text]| v.iter().map(|t| t.value.trim().to_string()).collect::<Vec<_>>();
    let base = t.base_legale.value.trim();
    Fiche {
        id: t.id.value.clone(),
        nom: t.nom.value.trim().to_string(),
        responsabilite: t.responsabilite.value.clone(),
        sous_traitants,
        finalites: list(&t.finalites),
        base_legale: base.to_string(),
        base_legale_libelle: vocab::label(vocab::BASES_LEGALES, base.get(..5).unwrap_or(base))
            .unwrap_or_default()
            .into(),
        references: list(&t.references),
        personnes: t
            .personnes
            .iter()
            .map(|p| vocab::personne_label(p.value.trim()))
            .collect(),
        donnees: t
            .donnees
            .value
            .0
            .iter()
            .map(|(k, v)| Categorie {
                categorie: k.value.clone(),
                libelle: vocab::personne_label(&k.value),
                donnees: list(v),
            })
            .collect(),
        destinataires: list(&t.destinataires),
        conservation: list(&t.conservation),
        transferts_hors_ue: t.transferts_hors_ue.value.trim().to_string(),
        mesures_securite: list(&t.mesures_securite),
        cree_le: t.cree_le.value.trim().to_string(),
        mis_a_jour_le: t.mis_a_jour_le.value.trim().to_string(),
    }
}
