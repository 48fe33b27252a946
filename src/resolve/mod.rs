//! Resolution: from a validated roster to concrete parties per establishment
//! (académie, competent collectivité, joint controllers, scenario, contacts, routes).

pub mod grammaire;
pub mod model;

use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::roster::{self, At, Roster, Text};
use crate::vocab;
use model::*;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Resolve every establishment of `roster`, whose raw establishments are given apart
/// (`etablissements`, taken out of it) and consumed: each is freed once resolved, so that a
/// national roster is never held twice, raw and resolved. Errors (a role that names nobody,
/// a contact without DPD) are reported once per cause, with the establishments concerned;
/// the site comes back with the warnings resolution found (a controller without address).
pub fn resolve(roster: &Roster, etablissements: Vec<At<roster::Etablissement>>) -> Result<(Site, Report), Report> {
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
    let mut report = problems.into_report(roster);
    if report.has_errors() {
        return Err(report);
    }
    controllers_without_address(roster, &etablissements, &mut report);
    report.sort();
    let site = Site {
        ent: r.ent.clone(),
        parties: r.parties.clone(),
        etablissements,
        source: roster.sources[0]
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    Ok((site, report))
}

/// A controller's postal address is part of its contact details (Art. 13.1.a, 30.1.a):
/// one warning per party of the roster, one for all establishments.
fn controllers_without_address(roster: &Roster, etablissements: &[Etablissement], report: &mut Report) {
    let mut parties: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut etabs: Vec<&str> = Vec::new();
    for e in etablissements {
        for p in e.traitements.iter().flat_map(|t| &t.responsables) {
            if p.adresse.is_some() {
                continue;
            }
            if p.kind == "etablissement" {
                if etabs.last() != Some(&e.uai.as_str()) {
                    etabs.push(&e.uai);
                }
            } else {
                parties.insert(&p.id);
            }
        }
    }
    // A national roster has thousands of communes: a few shown, the rest counted.
    const SHOWN: usize = 3;
    let missing: Vec<_> = roster
        .parties
        .iter()
        .filter(|p| parties.contains(p.id.value.as_str()))
        .collect();
    for (k, p) in missing.iter().enumerate().take(SHOWN + 1) {
        let msg = if k < SHOWN || missing.len() == SHOWN + 1 {
            format!(
                "le responsable de traitement « {} » n'a pas d'adresse postale : les pages ne donnent pas ses coordonnées (articles 13.1.a et 30.1.a du RGPD)",
                p.id.value
            )
        } else {
            format!(
                "{} autres responsables de traitement n'ont pas d'adresse postale",
                missing.len() - SHOWN
            )
        };
        report.push(
            Diagnostic::warning(Rule::ADRESSE_POSTALE, roster.path(p.file), p.id.referenced, msg)
                .help("ajoutez « adresse: » à cette partie"),
        );
    }
    if let Some(first) = etabs.first() {
        let n = etabs.len();
        let at = roster
            .ent
            .as_ref()
            .map(|e| e.nom.referenced)
            .unwrap_or(serde_saphyr::Location::UNKNOWN);
        report.push(
            Diagnostic::warning(
                Rule::ADRESSE_POSTALE,
                roster.path(0),
                at,
                if n == 1 {
                    format!("l'établissement {first}, responsable de traitement, n'a pas d'adresse postale")
                } else {
                    format!(
                        "{n} établissements responsables de traitement n'ont pas d'adresse postale, dont {}",
                        etabs[..n.min(3)].join(", ")
                    )
                },
            )
            .help("ajoutez « adresse: » à ces établissements (import la remplit depuis l'annuaire)"),
        );
    }
}

/// Problems grouped by cause: (file, line, column, rule, message) → UAIs concerned.
#[derive(Default)]
struct Problems {
    by_cause: HashMap<(usize, u64, u64, Rule, String), Vec<String>>,
    /// Party index → establishments that need its (missing) DPD.
    no_dpd: HashMap<usize, Vec<String>>,
}

impl Problems {
    fn add(&mut self, rule: Rule, file: usize, at: &Text, msg: String, uai: &str) {
        let key = (file, at.referenced.line(), at.referenced.column(), rule, msg);
        self.by_cause.entry(key).or_default().push(uai.to_string());
    }

    fn no_dpd(&mut self, party: usize, uai: &str) {
        let v = self.no_dpd.entry(party).or_default();
        if v.last().map(String::as_str) != Some(uai) {
            v.push(uai.to_string());
        }
    }

    fn merge(&mut self, other: Problems) {
        for (k, v) in other.by_cause {
            self.by_cause.entry(k).or_default().extend(v);
        }
        for (k, v) in other.no_dpd {
            self.no_dpd.entry(k).or_default().extend(v);
        }
    }

    fn into_report(self, roster: &Roster) -> Report {
        let mut report = Report::default();
        for (i, mut uais) in self.no_dpd {
            uais.sort();
            uais.dedup();
            let p = &roster.parties[i];
            let n = uais.len();
            let who = match n {
                1 => format!("l'établissement {}", uais[0]),
                n => format!("{n} établissements, dont {}", uais[..n.min(3)].join(", ")),
            };
            report.push(
                Diagnostic::error(
                    Rule::DPD_INJOIGNABLE,
                    roster.path(p.file),
                    p.id.referenced,
                    format!("« {} » n'a pas de délégué à la protection des données joignable, alors que les pages de {who} le nomment comme responsable ou contact", p.id.value),
                )
                .help("ajoutez « dpd: { courriel: ... } » à cette partie"),
            );
        }
        for ((file, line, column, rule, msg), uais) in self.by_cause {
            let who = match uais.len() {
                1 => format!("établissement {}", uais[0]),
                n => format!("{n} établissements, dont {}", uais[..n.min(3)].join(", ")),
            };
            report.push(Diagnostic {
                line,
                column,
                ..Diagnostic::error(
                    rule,
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
    by_id: HashMap<&'a str, usize>,
    index: TerritoryIndex<'a>,
    /// Each traitement with its sheet, resolved once for all establishments.
    traitements: Vec<(&'a At<roster::Traitement>, Arc<Fiche>)>,
    /// Treatments some `droits` rule names (their requests do not go to their controller
    /// by default), and each rule's destinataires: read once for all establishments.
    droits_nommes: std::collections::HashSet<&'a str>,
    destinataires: Vec<Vec<Text>>,
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
        let parties: Vec<Arc<Party>> = roster.parties.iter().map(|p| Arc::new(party(p))).collect();
        let by_id: HashMap<&str, usize> = roster
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
            appellation: Appellation::of(raw_ent.nature.as_ref().map_or("ent", |t| t.value.trim())),
            url: opt(&raw_ent.url),
            base_url: raw_ent.base_url.value.trim().trim_end_matches('/').to_string(),
            convention: raw_ent.convention.as_ref().map(|c| Convention {
                titre: opt(&c.titre),
                date: opt(&c.date),
                url: opt(&c.url),
            }),
            origine_donnees: opt(&raw_ent.origine_donnees),
            identite_systematique: raw_ent
                .verification_identite
                .as_ref()
                .is_some_and(|t| t.value.trim() == "systematique"),
            hebergeur: raw_ent.hebergeur.as_ref().map(|h| Hebergeur {
                nom: h.nom.value.trim().to_string(),
                adresse: opt(&h.adresse),
                telephone: opt(&h.telephone),
            }),
            editeur: raw_ent
                .editeur
                .as_ref()
                .and_then(|id| by_id.get(id.value.as_str()).map(|&i| parties[i].clone())),
            accessibilite: Accessibilite {
                statut: raw_ent
                    .accessibilite
                    .as_ref()
                    .and_then(|a| vocab::accessibilite(&a.statut.value))
                    .unwrap_or("non conforme")
                    .into(),
                date: raw_ent.accessibilite.as_ref().and_then(|a| opt(&a.date)),
                declaration: raw_ent.accessibilite.as_ref().and_then(|a| opt(&a.declaration)),
                contact: raw_ent.accessibilite.as_ref().and_then(|a| opt(&a.contact)),
                non_conformites: raw_ent
                    .accessibilite
                    .iter()
                    .flat_map(|a| &a.non_conformites)
                    .map(|t| t.value.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect(),
            },
            cookies: raw_ent.cookies.as_ref().map(|c| Cookies {
                mesure_audience: c.mesure_audience,
                outil: opt(&c.outil),
                duree_mois: c.duree_mois.unwrap_or(13),
                page: opt(&c.page),
            }),
            delais: Delais {
                reponse_droits: opt(&d.reponse_droits),
                transmission_demande_mal_adressee: opt(&d.transmission_demande_mal_adressee),
                notification_violation: opt(&d.notification_violation),
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
            by_id,
            index: TerritoryIndex::new(roster),
            traitements,
            droits_nommes: roster
                .droits
                .iter()
                .flat_map(|d| &d.traitements)
                .map(|t| t.value.as_str())
                .collect(),
            destinataires: roster.droits.iter().map(|d| d.destinataires()).collect(),
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

    /// The competent collectivité of a public establishment (L212-4, L213-2, L214-6), or the
    /// one the establishment names. Never inferred for a private school.
    fn collectivite(&self, e: &roster::Etablissement, prive: bool) -> Option<usize> {
        if let Some(id) = e.collectivite.as_deref() {
            return self.by_id.get(id.value.as_str()).copied();
        }
        if prive {
            return None;
        }
        let (kind, dep) = (e.kind.value.as_str(), e.departement.value.as_str());
        self.special_collectivite(kind, dep).or_else(|| match kind {
            "ecole" => self.commune(e.code_commune.as_ref().map(|c| c.value.as_str())),
            "college" => self.by_territory("departement", dep),
            "lycee" | "lycee_agricole" | "erea" => self.by_territory("region", dep),
            _ => None,
        })
    }

    /// Why a role `collectivite` names nobody for this establishment.
    fn no_collectivite(e: &roster::Etablissement, prive: bool) -> String {
        let dep = e.departement.value.as_str();
        if prive {
            return "établissement privé : aucune collectivité compétente n'est déduite (les articles L212-4, L213-2 et L214-6 du code de l'éducation visent les écoles et établissements publics) ; indiquez « collectivite: » pour cet établissement ou retirez le rôle « collectivite »".into();
        }
        match e.kind.value.as_str() {
            "ecole" => format!(
                "aucune commune de « code_commune » {} n'est déclarée (collectivité compétente pour une école, art. L212-4 du code de l'éducation)",
                e.code_commune.as_ref().map_or("?", |c| c.value.as_str())
            ),
            "college" => {
                format!("aucun département ne couvre « {dep} » (collectivité compétente pour un collège, art. L213-2)")
            }
            "lycee" | "lycee_agricole" | "erea" => format!(
                "aucune région ne couvre le département « {dep} » (collectivité compétente pour un lycée, art. L214-6)"
            ),
            _ => "aucune collectivité compétente pour un établissement de type « autre » : indiquez « collectivite: »"
                .into(),
        }
    }

    fn etablissement(&self, e: &At<roster::Etablissement>, problems: &mut Problems) -> Option<Etablissement> {
        let f = e.file;
        let uai = e.uai.value.as_str();
        let kind = e.kind.value.as_str();
        let dep = e.departement.value.as_str();
        let code_commune = e.code_commune.as_ref().map(|c| c.value.as_str());
        let prive = e.statut.as_ref().is_some_and(|s| s.value == "prive");
        let premier_degre = kind == "ecole";

        let academie = match e.academie.as_deref() {
            Some(id) => self.by_id.get(id.value.as_str()).copied(),
            None if kind == "lycee_agricole" => self.by_territory("draaf", dep),
            None => self.by_territory("academie", dep),
        };
        let Some(academie) = academie else {
            let what = if kind == "lycee_agricole" { "DRAAF" } else { "académie" };
            problems.add(Rule::ACADEMIE_INTROUVABLE, f, &e.departement, format!("aucune {what} ne couvre le département « {dep} » : ajoutez-le à ses « departements » ou indiquez « academie: »"), uai);
            return None;
        };
        let collectivite = self.collectivite(e, prive);

        let parties = &self.parties;
        let academie_p = parties[academie].clone();
        let own_dpd = dpd(e.dpd.as_deref());
        // A public establishment's DPD is the académie's unless it names its own; a private
        // school's is its own (its organisme de gestion designates it): none is assumed.
        let etab_dpd = own_dpd
            .clone()
            .unwrap_or_else(|| if prive { Dpd::default() } else { academie_p.dpd.clone() });
        let nom = e.nom.value.trim().to_string();
        let g = e.grammaire.as_deref();
        let formes = grammaire::formes_avec(
            &nom,
            g.and_then(|g| g.article.as_ref()).map(|t| t.value.as_str()),
            g.and_then(|g| g.genre.as_ref()).map(|t| t.value.as_str()),
        );
        let etab_party = Arc::new(Party {
            id: uai.to_ascii_lowercase(),
            kind: "etablissement".into(),
            type_libelle: vocab::etab_libelle(kind).into(),
            le: formes.le,
            du: formes.du,
            au: formes.au,
            feminin: formes.feminin,
            nom: nom.clone(),
            // The law names the head of a public EPLE as its representative (code de
            // l'éducation, R421-9). An école has no legal personality, and who represents a
            // private school's organisme de gestion is the roster's to say: nothing is assumed.
            representant: e
                .representant
                .as_deref()
                .map(|t| t.value.trim().to_string())
                .or_else(|| (!premier_degre && !prive).then(|| "le chef d'établissement".into())),
            adresse: opt(&e.adresse),
            site_web: opt(&e.site_web),
            dpd: etab_dpd.clone(),
        });
        let collectivite_p = collectivite.map(|i| parties[i].clone());

        // A role or party id, for this establishment; reports what cannot be resolved.
        // `contact`: the party must have a reachable DPD.
        // The party a role or id names for this establishment, with its index in the roster
        // (`None` for the establishment itself).
        let find = |r: &str| -> (Option<Arc<Party>>, Option<usize>) {
            match r {
                "academie" => (Some(academie_p.clone()), Some(academie)),
                "collectivite" => (collectivite_p.clone(), collectivite),
                // A public école has no legal personality: its director acts for the DASEN.
                "etablissement" if premier_degre && !prive => (Some(academie_p.clone()), Some(academie)),
                "etablissement" => (Some(etab_party.clone()), None),
                "region" | "departement" => {
                    let i = self.territorial(r, dep);
                    (i.map(|i| parties[i].clone()), i)
                }
                "commune" => {
                    let i = self.commune(code_commune);
                    (i.map(|i| parties[i].clone()), i)
                }
                id => {
                    let i = self.by_id.get(id).copied();
                    (i.map(|i| parties[i].clone()), i)
                }
            }
        };
        // The same, reporting what cannot be resolved; `what` names the key.
        let role = |file: usize, t: &Text, what: &str, problems: &mut Problems| -> Option<Arc<Party>> {
            let (p, index) = find(&t.value);
            if p.is_none() && t.value == "collectivite" {
                // A private establishment is never given one; a public one's is not declared.
                let rule = if prive {
                    Rule::COLLECTIVITE_PRIVE
                } else {
                    Rule::COLLECTIVITE_INTROUVABLE
                };
                problems.add(rule, file, t, Self::no_collectivite(e, prive), uai);
                return None;
            }
            match p {
                None => {
                    problems.add(
                        Rule::ROLE_SANS_PARTIE,
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
                // A party whose `dpd:` the roster gives without contact details has one (the
                // agreement named it, not its contact: seed 004); without `dpd:`, it has none.
                // A private school without `dpd:`, or an establishment whose `dpd:` has no
                // contact (kit model 2 art. 6 leaves it blank), is named without contact
                // (`check` warns).
                Some(p)
                    if !has_contact(&p.dpd)
                        && !index.is_some_and(|i| self.roster.parties[i].dpd.is_some())
                        && !(index.is_none() && (prive || e.dpd.is_some())) =>
                {
                    // One cause, one diagnostic: at the party (or the académie whose DPD
                    // the establishment would use).
                    problems.no_dpd(index.unwrap_or(academie), uai);
                    None
                }
                Some(p) => Some(p),
            }
        };

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
        let traitements: Vec<Traitement> = chosen
            .iter()
            .map(|(t, fiche)| {
                let mut responsables: Vec<Arc<Party>> = Vec::with_capacity(t.responsables.len());
                for r in &t.responsables {
                    if let Some(p) = role(t.file, r, "responsables", problems)
                        && !responsables.iter().any(|q| q.id == p.id)
                    {
                        responsables.push(p);
                    }
                }
                Traitement {
                    responsables,
                    fiche: fiche.clone(),
                }
            })
            .collect();

        // Joint controllers: those of the conjointe treatments, in order of appearance.
        let mut responsables: Vec<Arc<Party>> = Vec::new();
        for t in traitements.iter().filter(|t| t.responsabilite == "conjointe") {
            for p in &t.responsables {
                if !responsables.iter().any(|q| q.id == p.id) {
                    responsables.push(p.clone());
                }
            }
        }

        let point_de_contact = match self.roster.ent.as_ref().and_then(|x| x.point_de_contact.as_ref()) {
            Some(t) => Some(role(0, t, "point_de_contact", problems)?),
            None => None,
        };

        // Rights: a propre treatment's requests go to its controller unless a rule names it;
        // then the roster's rules, in order (the first that matches wins).
        let mut droits: Vec<DroitRoute> = traitements
            .iter()
            .filter(|t| {
                t.responsabilite == "propre"
                    && !self.droits_nommes.contains(t.id.as_str())
                    && !t.responsables.is_empty()
            })
            .map(|t| DroitRoute {
                traitements: vec![t.nom.clone()],
                demandeurs: Vec::new(),
                objet: None,
                destinataires: t.responsables.clone(),
            })
            .collect();
        for (d, dest) in self.roster.droits.iter().zip(&self.destinataires) {
            let sur: Vec<String> = d
                .traitements
                .iter()
                .filter_map(|id| traitements.iter().find(|t| t.id == id.value))
                .map(|t| t.nom.clone())
                .collect();
            if !d.traitements.is_empty() && sur.is_empty() {
                continue; // about treatments this establishment does not use
            }
            let mut destinataires: Vec<Arc<Party>> = Vec::new();
            for t in dest {
                if let Some(p) = role(d.file, t, "droits", problems)
                    && !destinataires.iter().any(|q| q.id == p.id)
                {
                    destinataires.push(p);
                }
            }
            droits.push(DroitRoute {
                traitements: sur,
                demandeurs: d
                    .demandeurs
                    .iter()
                    .filter_map(|k| vocab::label(vocab::DEMANDEURS, &k.value))
                    .map(String::from)
                    .collect(),
                objet: d.objet.as_ref().map(|o| o.value.clone()),
                destinataires,
            });
        }
        // Breach rules. Rules that resolve here to the same notifier (or `origine`), the same
        // informed parties and the same delay (a rule's own, else
        // `ent.delais.notification_violation`) would print the same sentence: they make one
        // route, placed where the first of them is, whose label names their perimeters
        // together, largest first (« une violation touchant l'ENT dans son ensemble ou un
        // seul établissement »); its `perimetre` is the largest of them.
        let violations: Vec<ViolationRoute> = {
            let rang = |k: &str| {
                vocab::keys(vocab::PERIMETRES)
                    .position(|p| p == k)
                    .unwrap_or(usize::MAX)
            };
            let defaut = self.ent.delais.notification_violation.as_deref();
            let mut groupes: Vec<(ViolationRoute, Vec<&str>)> = Vec::new();
            for v in &self.roster.violations {
                let origine = v.notifie.value == "origine";
                let notifie = if origine {
                    None
                } else {
                    role(v.file, &v.notifie, "violations", problems)
                };
                let mut informe: Vec<Arc<Party>> = Vec::new();
                for t in &v.informe {
                    if let Some(p) = role(v.file, t, "violations", problems)
                        && !informe.iter().any(|q| q.id == p.id)
                    {
                        informe.push(p);
                    }
                }
                let delai = opt(&v.delai);
                let perimetre = v.perimetre.value.as_str();
                let meme = |r: &ViolationRoute| {
                    r.origine == origine
                        && r.notifie.as_ref().map(|p| &p.id) == notifie.as_ref().map(|p| &p.id)
                        && r.informe.len() == informe.len()
                        && r.informe.iter().all(|p| informe.iter().any(|q| q.id == p.id))
                        && r.delai.as_deref().or(defaut) == delai.as_deref().or(defaut)
                };
                match groupes.iter_mut().find(|(r, _)| meme(r)) {
                    Some((_, perimetres)) => {
                        if !perimetres.contains(&perimetre) {
                            perimetres.push(perimetre);
                        }
                    }
                    None => groupes.push((
                        ViolationRoute {
                            perimetre: String::new(),
                            perimetre_libelle: String::new(),
                            notifie,
                            origine,
                            informe,
                            delai,
                        },
                        vec![perimetre],
                    )),
                }
            }
            groupes
                .into_iter()
                .map(|(mut r, mut perimetres)| {
                    perimetres.sort_by_key(|k| rang(k));
                    r.perimetre = perimetres[0].to_string();
                    r.perimetre_libelle = vocab::perimetres_libelle(&perimetres);
                    r
                })
                .collect()
        };

        // Obligations of a role that names nobody here (a private school without
        // collectivité) do not apply to this establishment.
        // Two roles naming one party (the Région as a lycée's collectivité and as `region`) give
        // one list: a party is shown once, its engagements in roster order.
        let mut obligations: Vec<ObligationRoute> = Vec::new();
        for o in &self.roster.obligations {
            let Some(partie) = find(&o.partie.value).0 else {
                continue;
            };
            let engagements = o.engagements.iter().map(|t| t.value.trim().to_string());
            match obligations.iter_mut().find(|r| r.partie.id == partie.id) {
                Some(r) => r.engagements.extend(engagements),
                None => obligations.push(ObligationRoute {
                    partie,
                    engagements: engagements.collect(),
                }),
            }
        }
        let est_responsable = traitements
            .iter()
            .flat_map(|t| &t.responsables)
            .any(|p| p.kind == "etablissement");
        Some(Etablissement {
            est_responsable,
            uai: uai.to_string(),
            slug: uai.to_ascii_lowercase(),
            nom,
            kind: kind.to_string(),
            type_libelle: vocab::etab_libelle(kind).into(),
            premier_degre,
            statut: if prive { "prive" } else { "public" }.into(),
            prive,
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
            obligations,
            traitements,
        })
    }
}

/// A party of the roster as documents show it.
fn party(p: &roster::Partie) -> Party {
    let nom = p.nom.value.trim().to_string();
    let g = p.grammaire.as_deref();
    let f = grammaire::formes_avec(
        &nom,
        g.and_then(|g| g.article.as_ref()).map(|t| t.value.as_str()),
        g.and_then(|g| g.genre.as_ref()).map(|t| t.value.as_str()),
    );
    Party {
        id: p.id.value.clone(),
        kind: p.kind.value.clone(),
        type_libelle: vocab::type_libelle(&p.kind.value).into(),
        le: f.le,
        du: f.du,
        au: f.au,
        feminin: f.feminin,
        nom,
        representant: opt(&p.representant),
        adresse: opt(&p.adresse),
        site_web: opt(&p.site_web),
        dpd: dpd(p.dpd.as_deref()).unwrap_or_default(),
    }
}

/// `true`, `false` or a sentence (Art. 13.2.e).
fn obligatoire(t: &Option<Text>) -> (Option<bool>, Option<String>) {
    let Some(t) = t else { return (None, None) };
    match t.value.trim().to_lowercase().as_str() {
        "true" | "oui" | "yes" => (Some(true), None),
        "false" | "non" | "no" => (Some(false), None),
        _ => (None, Some(t.value.trim().to_string())),
    }
}

/// `non`, `false`, `aucun`… mean no transfer.
pub fn sans_transfert(s: &str) -> bool {
    matches!(s.trim().to_lowercase().as_str(), "non" | "aucun" | "false" | "no" | "")
}

fn fiche(t: &roster::Traitement, sous_traitants: Vec<Arc<Party>>) -> Fiche {
    let list = |v: &[Text]| v.iter().map(|t| t.value.trim().to_string()).collect::<Vec<_>>();
    let base = t.base_legale.as_ref().map_or("", |b| b.value.trim());
    let lettre = base.get(..5).unwrap_or(base);
    let precision = base
        .get(5..)
        .map(|s| {
            let s = s.trim_start_matches([',', ';', ':', ' ', '-', '–']);
            // « 6.1.e (mission…) »: the parentheses go, a closing one inside the text stays.
            match s.strip_prefix('(') {
                Some(inner) => inner.strip_suffix(')').unwrap_or(inner).trim(),
                None => s.trim(),
            }
        })
        .filter(|s| !s.is_empty())
        .map(String::from);
    let (obligatoire, obligatoire_precision) = obligatoire(&t.obligatoire);
    let transferts = t.transferts_hors_ue.value.trim();
    Fiche {
        id: t.id.value.clone(),
        nom: t.nom.value.trim().to_string(),
        responsabilite: t.responsabilite.value.clone(),
        sous_traitants,
        finalites: list(&t.finalites),
        base_legale: lettre.to_string(),
        base_legale_precision: precision,
        base_legale_libelle: vocab::label(vocab::BASES_LEGALES, lettre).unwrap_or_default().into(),
        portabilite: matches!(lettre, "6.1.a" | "6.1.b"),
        references: list(&t.references),
        obligatoire,
        obligatoire_precision,
        consentement: opt(&t.consentement),
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
        transferts_hors_ue: (!sans_transfert(transferts)).then(|| {
            match transferts.to_lowercase().as_str() {
                // `check` warns: the destination and the guarantee are missing.
                "true" | "oui" | "yes" | "vrai" => "oui (destination et garanties non précisées)".to_string(),
                _ => transferts.to_string(),
            }
        }),
        mesures_securite: list(&t.mesures_securite),
        cree_le: t
            .cree_le
            .as_ref()
            .map(|d| d.value.trim().to_string())
            .unwrap_or_default(),
        mis_a_jour_le: t
            .mis_a_jour_le
            .as_ref()
            .map(|d| d.value.trim().to_string())
            .unwrap_or_default(),
    }
}
