//! What templates see besides the resolved model: links, counts, dates, the footer.
//! Built per establishment (never from the whole roster) and per page.

use super::skeleton::Tokens;
use crate::resolve::model::{Ent, Etablissement, Party, Site, Traitement};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::Arc;

/// The pages of one establishment: (page id, canvas, path under `<slug>/`, depth below `<slug>/`).
pub const ETAB_PAGES: [(&str, &str, &str, usize); 6] = [
    ("accueil", "accueil.md", "index.html", 0),
    ("grandes-lignes", "grandes-lignes.md", "grandes-lignes/index.html", 1),
    ("mentions", "mentions.md", "mentions/index.html", 1),
    ("eleves", "eleves.md", "eleves/index.html", 1),
    (
        "mentions-legales",
        "mentions-legales.md",
        "mentions-legales/index.html",
        1,
    ),
    ("registre", "registre-index.md", "registre/index.html", 1),
];

/// The ENT-level accessibility statement (`ent.accessibilite`), rendered only when the roster
/// gives no `declaration` address of its own.
pub const ACCESSIBILITE: &str = "accessibilite/index.html";

/// The accessibility statement the pages link to: the roster's `declaration` when it is a web
/// address, else `None` (the generated [`ACCESSIBILITE`] page).
pub fn declaration(ent: &Ent) -> Option<&str> {
    ent.accessibilite.declaration.as_deref().filter(|u| is_web_url(u))
}

/// Links relative to the current page (they work from `file://` too).
#[derive(Serialize)]
pub struct Liens {
    /// Prefix to the output root (`../../`), for `style.css` and ENT pages.
    pub racine: String,
    /// Prefix to the establishment directory (`../`), for `registre/<id>/index.html`.
    pub etab: String,
    pub accueil: String,
    pub grandes_lignes: String,
    pub mentions: String,
    /// The pupils' page (`eleves/index.html`).
    pub eleves: String,
    pub mentions_legales: String,
    pub registre: String,
    pub ent_accueil: String,
    pub ent_mentions: String,
    /// The generated accessibility statement (exists only without `ent.accessibilite.declaration`).
    pub accessibilite: String,
    pub style: String,
}

impl Liens {
    /// `depth`: directories between the output root and the page.
    pub fn new(depth: usize, etab_depth: usize) -> Self {
        let racine = "../".repeat(depth);
        let etab = "../".repeat(etab_depth);
        Liens {
            accueil: format!("{etab}index.html"),
            grandes_lignes: format!("{etab}grandes-lignes/index.html"),
            mentions: format!("{etab}mentions/index.html"),
            eleves: format!("{etab}eleves/index.html"),
            mentions_legales: format!("{etab}mentions-legales/index.html"),
            registre: format!("{etab}registre/index.html"),
            ent_accueil: format!("{racine}index.html"),
            ent_mentions: format!("{racine}mentions/index.html"),
            accessibilite: format!("{racine}{ACCESSIBILITE}"),
            style: format!("{racine}style.css"),
            racine,
            etab,
        }
    }
}

/// Absolute addresses (from `ent.base_url`), for the footer and for text meant to be copied.
#[derive(Serialize, Hash)]
pub struct Urls {
    pub accueil: String,
    pub grandes_lignes: String,
    pub mentions: String,
    pub eleves: String,
    pub mentions_legales: String,
    pub registre: String,
    pub ent_accueil: String,
    pub ent_mentions: String,
    /// The generated accessibility statement (see [`declaration`] for the roster's own).
    pub accessibilite: String,
}

impl Urls {
    pub fn new(base: &str, slug: Option<&str>) -> Self {
        let etab = match slug {
            Some(s) => format!("{base}/{s}/"),
            None => format!("{base}/"),
        };
        Urls {
            grandes_lignes: format!("{etab}grandes-lignes/"),
            mentions: format!("{etab}mentions/"),
            eleves: format!("{etab}eleves/"),
            mentions_legales: format!("{etab}mentions-legales/"),
            registre: format!("{etab}registre/"),
            accueil: etab,
            ent_accueil: format!("{base}/"),
            ent_mentions: format!("{base}/mentions/"),
            accessibilite: format!("{base}/accessibilite/"),
        }
    }
}

impl Urls {
    pub fn tokenized(&self, tk: &mut Tokens) -> Urls {
        Urls {
            accueil: tk.var(&self.accueil),
            grandes_lignes: tk.var(&self.grandes_lignes),
            mentions: tk.var(&self.mentions),
            eleves: tk.var(&self.eleves),
            mentions_legales: tk.var(&self.mentions_legales),
            registre: tk.var(&self.registre),
            ent_accueil: tk.var(&self.ent_accueil),
            ent_mentions: tk.var(&self.ent_mentions),
            accessibilite: tk.var(&self.accessibilite),
        }
    }
}

/// Number of treatments by kind of responsibility and by legal basis (Art. 6.1 a–f).
#[derive(Serialize, Default, Hash)]
pub struct Nombres {
    pub traitements: usize,
    pub conjointe: usize,
    pub propre: usize,
    pub sous_traitance: usize,
    pub consentement: usize,
    pub contrat: usize,
    pub obligation_legale: usize,
    pub interets_vitaux: usize,
    pub mission_publique: usize,
    pub interet_legitime: usize,
    /// Treatments whose basis the roster does not state.
    pub sans_base: usize,
}

impl Nombres {
    pub fn of<'a>(traitements: impl IntoIterator<Item = &'a Traitement>) -> Self {
        let mut n = Nombres::default();
        for t in traitements {
            n.traitements += 1;
            match t.responsabilite.as_str() {
                "conjointe" => n.conjointe += 1,
                "propre" => n.propre += 1,
                "sous_traitance" => n.sous_traitance += 1,
                _ => {}
            }
            let base = t.base_legale.trim_start().as_bytes();
            match base
                .get(4)
                .filter(|_| base.starts_with(b"6.1."))
                .map(u8::to_ascii_lowercase)
            {
                Some(b'a') => n.consentement += 1,
                Some(b'b') => n.contrat += 1,
                Some(b'c') => n.obligation_legale += 1,
                Some(b'd') => n.interets_vitaux += 1,
                Some(b'e') => n.mission_publique += 1,
                Some(b'f') => n.interet_legitime += 1,
                _ => n.sans_base += 1,
            }
        }
        n
    }
}

/// Every controller named for an establishment (the agreement's parties, then those of
/// each treatment), once each, in order of appearance.
pub fn tous_responsables(etab: &Etablissement) -> Vec<&Arc<Party>> {
    let mut seen = HashSet::new();
    etab.responsables
        .iter()
        .chain(etab.traitements.iter().flat_map(|t| &t.responsables))
        .filter(|p| seen.insert(p.id.as_str()))
        .collect()
}

/// One link of the footer snippet; `url` is `None` for a plain label.
#[derive(Serialize, Hash)]
pub struct Lien {
    pub id: &'static str,
    pub libelle: String,
    pub url: Option<String>,
}

/// Version of the footer contract (`footer.json`, docs/footer.schema.json): raised when a
/// field changes meaning or goes away, not when one is added.
pub const FOOTER_VERSION: u32 = 1;

/// The footer snippet as data (`footer.json`) and as the context of `footer.html`.
#[derive(Serialize, Hash)]
pub struct Footer {
    pub version: u32,
    pub ent: String,
    pub uai: Option<String>,
    pub etablissement: Option<String>,
    /// The first-level sentence shown before login (seed 000 §7.6): who is responsible, for
    /// which treatments, where to learn more. Plain text.
    pub resume: String,
    pub liens: Vec<Lien>,
}

impl Footer {
    pub fn tokenized(&self, tk: &mut Tokens) -> Footer {
        Footer {
            version: self.version,
            ent: tk.text(&self.ent),
            uai: self.uai.as_deref().map(|s| tk.var(s)),
            etablissement: self.etablissement.as_deref().map(|s| tk.var(s)),
            resume: tk.var(&self.resume),
            liens: self
                .liens
                .iter()
                .map(|l| Lien {
                    id: l.id,
                    libelle: tk.text(&l.libelle),
                    url: l.url.as_deref().map(|u| tk.var(u)),
                })
                .collect(),
        }
    }

    pub fn new(ent: &Ent, urls: &Urls, etab: Option<&Etablissement>) -> Self {
        let statut = &ent.accessibilite.statut;
        // The roster's statement, else the one generated at `accessibilite/`.
        let declaration = declaration(ent).unwrap_or(&urls.accessibilite);
        Footer {
            version: FOOTER_VERSION,
            ent: ent.nom.clone(),
            uai: etab.map(|e| e.uai.clone()),
            etablissement: etab.map(|e| e.nom.clone()),
            resume: resume(ent, etab),
            liens: vec![
                Lien {
                    id: "donnees-personnelles",
                    libelle: "Données personnelles".into(),
                    url: Some(urls.mentions.clone()),
                },
                Lien {
                    id: "mentions-legales",
                    libelle: "Mentions légales".into(),
                    url: etab.map(|_| urls.mentions_legales.clone()),
                },
                Lien {
                    id: "grandes-lignes",
                    libelle: "Responsabilité conjointe : grandes lignes de l'accord".into(),
                    url: etab
                        .filter(|e| e.traitements.iter().any(|t| t.responsabilite == "conjointe"))
                        .map(|_| urls.grandes_lignes.clone()),
                },
                Lien {
                    id: "accessibilite",
                    libelle: format!("Accessibilité : {statut}"),
                    url: Some(declaration.to_owned()),
                },
            ]
            .into_iter()
            .filter(|l| !matches!(l.id, "grandes-lignes" | "mentions-legales") || l.url.is_some())
            .collect(),
        }
    }
}

/// The footer's first-level sentence, from the roster only: the controllers of the
/// establishment's treatments and the treatments' names (at most two, then how many more).
fn resume(ent: &Ent, etab: Option<&Etablissement>) -> String {
    const SHOWN: usize = 2;
    let sentence = match etab {
        Some(e) if !e.traitements.is_empty() => {
            let mut seen = HashSet::new();
            let du: Vec<&str> = e
                .traitements
                .iter()
                .flat_map(|t| &t.responsables)
                .filter(|p| seen.insert(p.id.as_str()))
                .map(|p| p.du.as_str())
                .collect();
            let mut noms: Vec<String> = e.traitements.iter().take(SHOWN).map(|t| t.nom.clone()).collect();
            // French style writes small numbers in words.
            const EN_LETTRES: [&str; 10] = [
                "", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
            ];
            match e.traitements.len().saturating_sub(SHOWN) {
                0 => {}
                1 => noms.push("un autre traitement".into()),
                n if n < EN_LETTRES.len() => noms.push(format!("{} autres traitements", EN_LETTRES[n])),
                n => noms.push(format!("{n} autres traitements")),
            }
            // Not every treatment has every controller (000: the portal is joint, each party's
            // communication its own): say so, rather than make them all responsible for all.
            fn ids(t: &Traitement) -> HashSet<&str> {
                t.responsables.iter().map(|p| p.id.as_str()).collect()
            }
            let memes = e.traitements.windows(2).all(|w| ids(&w[0]) == ids(&w[1]));
            let qui = match (du.is_empty(), memes) {
                (true, _) => String::new(),
                (false, true) => format!(" sous la responsabilité {}", liste_fr(&du)),
                (false, false) => format!(", selon le traitement, sous la responsabilité {}", liste_fr(&du)),
            };
            format!(
                "{} « {} », vos données personnelles sont traitées{qui} pour : {}. Pour en savoir plus et exercer vos droits, ouvrez « Données personnelles ».",
                majuscule(&ent.appellation.dans),
                ent.nom,
                noms.join(" ; ")
            )
        }
        _ => format!(
            "Qui traite vos données personnelles {} « {} », pourquoi, et comment exercer vos droits : ouvrez « Données personnelles ».",
            ent.appellation.dans, ent.nom
        ),
    };
    crate::render::typo::text(&sentence).unwrap_or(sentence)
}

/// An absolute web address (the only kind the footer may carry).
pub fn is_web_url(u: &str) -> bool {
    let l = u.trim_start().as_bytes();
    l.len() > 8 && (l[..8].eq_ignore_ascii_case(b"https://") || l[..7].eq_ignore_ascii_case(b"http://"))
}

/// Date of last update of an establishment's documents: the latest `mis_a_jour_le` of its
/// treatments, what the roster says of their updates; empty when none gives one, and the pages
/// then print no date. Never the clock (so that rebuilds are byte-identical), nor the date of
/// the convention, which dates the agreement (or a header of it), not an update of the pages.
/// `_ent` is kept for callers: nothing of the ENT dates an update of these pages.
pub fn date_maj<'a>(_ent: &Ent, traitements: impl IntoIterator<Item = &'a Traitement>) -> String {
    traitements
        .into_iter()
        .map(|t| t.mis_a_jour_le.as_str())
        .filter(|d| !d.is_empty())
        .max()
        .unwrap_or_default()
        .to_owned()
}

const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `2025-09-01` → `1er septembre 2025`; anything else unchanged.
pub fn date_fr(iso: &str) -> String {
    let parts: Vec<&str> = iso.get(..10).unwrap_or("").split('-').collect();
    if let [y, m, d] = parts[..]
        && y.len() == 4
        && let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>())
        && (1..=12).contains(&m)
        && (1..=31).contains(&d)
    {
        let jour = if d == 1 { "1er".to_owned() } else { d.to_string() };
        return format!("{jour} {} {y}", MOIS[m - 1]);
    }
    iso.to_owned()
}

/// « a », « a et b », « a, b et c ».
/// The text with its first letter in upper case (« dans l'ENT » → « Dans l'ENT »).
fn majuscule(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

pub fn liste_fr<S: AsRef<str>>(items: &[S]) -> String {
    let mut out = String::new();
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == items.len() { " et " } else { ", " });
        }
        out.push_str(s.as_ref());
    }
    out
}

/// A label with a lower-case initial, for running text (« Personnels de l'établissement » →
/// « personnels de l'établissement »). Left as it is when its first two letters are capitals
/// (an acronym: « AESH », « ATSEM »), and when it is a placeholder of the fast path (`qzx…`, see [`super::skeleton`]), whose text is not known:
/// the same answer on both paths, since a plain string never holds `qzx`.
pub fn minuscule_initiale(s: &str) -> String {
    if s.as_bytes().windows(3).any(|w| w.eq_ignore_ascii_case(b"qzx")) {
        return s.to_owned();
    }
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(first), second) if first.is_uppercase() && !second.is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(s[first.len_utf8()..].chars()).collect()
        }
        _ => s.to_owned(),
    }
}

/// A line of the ENT-level list of establishments.
#[derive(Serialize, Clone)]
pub struct EtabResume {
    pub uai: String,
    pub slug: String,
    pub nom: String,
    pub type_libelle: String,
    pub commune: Option<String>,
    /// Relative to the site root (`<slug>/index.html`).
    pub lien: String,
}

/// The establishments of one commune, on a département page.
#[derive(Serialize)]
pub struct CommuneGroupe {
    /// `None` for establishments without a commune (listed last).
    pub nom: Option<String>,
    pub etablissements: Vec<EtabResume>,
}

/// One département of the ENT (tokenized, except `code`, `chemin` and counts).
#[derive(Serialize)]
pub struct Departement {
    pub code: String,
    /// Name of the département (« Moselle »), empty when the code is unknown.
    pub nom: String,
    /// Directory under `departements/` (lower case, letters and digits only).
    pub chemin: String,
    /// Relative to the site root: `departements/<chemin>/index.html`.
    pub lien: String,
    /// The académie the département belongs to (tokenized name).
    pub academie: String,
    /// Its real name, for sorting.
    #[serde(skip)]
    pub academie_nom: String,
    pub nb_etablissements: usize,
    /// Sorted by commune, name, UAI (empty on the home page of a large ENT).
    pub etablissements: Vec<EtabResume>,
    /// Grouped by commune, communes alphabetical (only on the département page).
    pub communes: Vec<CommuneGroupe>,
}

/// An académie and its départements, for the home page.
#[derive(Serialize)]
pub struct Academie<'a> {
    pub nom: &'a str,
    pub departements: Vec<&'a Departement>,
}

/// A line of `departements/<code>/index.json` (real values, for the search script).
#[derive(Serialize)]
pub struct EntreeIndex<'a> {
    pub uai: &'a str,
    pub nom: &'a str,
    pub commune: Option<&'a str>,
    /// Relative to the site root.
    pub url: String,
}

/// Names of the départements by code (`vocab::DEPARTEMENTS`); empty for an unknown code.
pub fn nom_departement(code: &str) -> &'static str {
    crate::vocab::DEPARTEMENTS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, n)| n)
}

/// Sort key: lower case, French accents and ligatures folded (« Épinal » before « Metz »).
pub fn cle_tri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ÿ' | 'ý' => out.push('y'),
            'ñ' => out.push('n'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            c => out.push(c),
        }
    }
    out
}

/// Directory name of a département page: its code in lower case, letters and digits only.
pub fn chemin_departement(code: &str) -> String {
    let s: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if s.is_empty() { "x".into() } else { s }
}

/// Facts of the whole ENT, for `index.html` and the ENT-level notice (tokenized).
#[derive(Serialize)]
pub struct EntFacts {
    /// Every party that is a controller for at least one establishment, establishments and
    /// communes excepted.
    pub responsables: Vec<Arc<Party>>,
    /// The communes that are controllers (for their écoles), when at most
    /// [`COMMUNES_LISTED`]; else empty, and `nb_communes` says how many.
    pub communes: Vec<Arc<Party>>,
    pub nb_communes: usize,
    /// Treatments, one per id (first occurrence), for the ENT-level notice.
    pub traitements: Vec<Traitement>,
    pub nb: Nombres,
    pub nb_etablissements: usize,
    /// At least one école / at least one EPLE among the establishments.
    pub premier_degre: bool,
    pub second_degre: bool,
    /// Some establishment is itself a controller / some is private.
    pub etablissements_responsables: bool,
    pub prive: bool,
    /// Scenarios present, ascending.
    pub scenarios: Vec<u8>,
    pub date_maj: String,
    /// Some establishments do not have the same controllers as the others (the parties
    /// controlling their treatments, the establishment itself included when it is one):
    /// pages may then say that the controllers depend on the establishment. False with a
    /// single establishment.
    pub responsables_varient: bool,
}

/// Beyond this many communes, the ENT pages count them instead of listing them.
pub const COMMUNES_LISTED: usize = 30;

const KIND_ORDER: [&str; 8] = [
    "ministere",
    "academie",
    "draaf",
    "region",
    "collectivite",
    "departement",
    "commune",
    "editeur",
];

impl EntFacts {
    pub fn new(site: &Site, tk: &mut Tokens) -> Self {
        let mut seen = HashSet::new();
        let mut responsables: Vec<&Arc<Party>> = Vec::new();
        let mut seen_t = HashSet::new();
        let mut traitements: Vec<&Traitement> = Vec::new();
        let (mut premier, mut second) = (false, false);
        let (mut etabs_resp, mut prive) = (false, false);
        let mut scenarios = Vec::new();
        // The controllers of the first establishment (ids, sorted), to compare the others with.
        let mut premiers: Option<Vec<&str>> = None;
        let mut varient = false;
        for e in &site.etablissements {
            if !varient {
                let mut ids: Vec<&str> = e
                    .responsables
                    .iter()
                    .chain(e.traitements.iter().flat_map(|t| &t.responsables))
                    .map(|p| p.id.as_str())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                match &premiers {
                    None => premiers = Some(ids),
                    Some(p) => varient = *p != ids,
                }
            }
            if e.premier_degre {
                premier = true
            } else {
                second = true
            }
            etabs_resp |= e.est_responsable;
            prive |= e.prive;
            if !scenarios.contains(&e.scenario) {
                scenarios.push(e.scenario);
            }
            let controllers = e
                .responsables
                .iter()
                .chain(e.traitements.iter().flat_map(|t| &t.responsables));
            for p in controllers {
                if p.kind != "etablissement" && seen.insert(p.id.as_str()) {
                    responsables.push(p);
                }
            }
            for t in &e.traitements {
                if seen_t.insert(t.id.as_str()) {
                    traitements.push(t);
                }
            }
        }
        let rank = |k: &str| KIND_ORDER.iter().position(|x| *x == k).unwrap_or(KIND_ORDER.len());
        responsables.sort_by(|a, b| rank(&a.kind).cmp(&rank(&b.kind)).then_with(|| a.nom.cmp(&b.nom)));
        scenarios.sort_unstable();
        let (communes, responsables): (Vec<_>, Vec<_>) = responsables.into_iter().partition(|p| p.kind == "commune");
        let nb_communes = communes.len();
        let communes = if nb_communes <= COMMUNES_LISTED {
            communes
        } else {
            Vec::new()
        };
        EntFacts {
            nb: Nombres::of(traitements.iter().copied()),
            date_maj: tk.text(&date_maj(&site.ent, traitements.iter().copied())),
            responsables: responsables.into_iter().map(|p| tk.party(p)).collect(),
            communes: communes.into_iter().map(|p| tk.party(p)).collect(),
            nb_communes,
            // The sheets alone: their controllers are those of one establishment.
            traitements: traitements
                .into_iter()
                .map(|t| {
                    tk.traitement(&Traitement {
                        responsables: Vec::new(),
                        fiche: t.fiche.clone(),
                    })
                })
                .collect(),
            nb_etablissements: site.etablissements.len(),
            premier_degre: premier,
            second_degre: second,
            etablissements_responsables: etabs_resp,
            prive,
            scenarios,
            responsables_varient: varient,
        }
    }
}

/// Establishments grouped by département (codes ascending), sorted by commune, name and UAI
/// within: communes and names in alphabetical order (accents and case aside),
/// establishments without a commune last. The groups are sorted in parallel.
pub fn groupes_departements(site: &Site) -> Vec<Vec<&Etablissement>> {
    let mut all: Vec<&Etablissement> = site.etablissements.iter().collect();
    all.sort_by(|a, b| a.departement.cmp(&b.departement));
    let mut groups: Vec<Vec<&Etablissement>> = Vec::new();
    for e in all {
        match groups.last_mut() {
            Some(g) if g[0].departement == e.departement => g.push(e),
            _ => groups.push(vec![e]),
        }
    }
    groups.par_iter_mut().for_each(|g| {
        g.sort_by_cached_key(|e| {
            (
                e.commune.is_none(),
                e.commune.as_deref().map(cle_tri),
                e.commune.clone(),
                cle_tri(&e.nom),
                e.nom.clone(),
                e.uai.clone(),
            )
        })
    });
    groups
}

/// A département of [`groupes_departements`] (tokenized), with its establishments listed
/// alone and by commune when `liste`, else only counted.
pub fn departement(g: &[&Etablissement], tk: &mut Tokens, liste: bool) -> Departement {
    let code = &g[0].departement;
    // The académie (not a DRAAF) of the first establishment that has one.
    let academie = g
        .iter()
        .map(|e| &e.academie)
        .find(|a| a.kind == "academie")
        .unwrap_or(&g[0].academie);
    let chemin = chemin_departement(code);
    let mut d = Departement {
        code: tk.text(code),
        nom: tk.text(nom_departement(code)),
        lien: format!("departements/{chemin}/index.html"),
        chemin,
        academie: tk.text(&academie.nom),
        academie_nom: academie.nom.clone(),
        nb_etablissements: g.len(),
        etablissements: Vec::new(),
        communes: Vec::new(),
    };
    if !liste {
        return d;
    }
    let mut current: Option<Option<&str>> = None;
    for e in g {
        let line = EtabResume {
            uai: tk.text(&e.uai),
            slug: tk.text(&e.slug),
            nom: tk.text(&e.nom),
            type_libelle: tk.text(&e.type_libelle),
            commune: e.commune.as_deref().map(|c| tk.text(c)),
            lien: tk.text(&format!("{}/index.html", e.slug)),
        };
        match d.communes.last_mut() {
            Some(c) if current == Some(e.commune.as_deref()) => c.etablissements.push(line.clone()),
            _ => {
                current = Some(e.commune.as_deref());
                d.communes.push(CommuneGroupe {
                    nom: line.commune.clone(),
                    etablissements: vec![line.clone()],
                });
            }
        }
        d.etablissements.push(line);
    }
    d
}

/// The académies of the ENT (by name) and their départements (by code).
pub fn academies<'a>(deps: impl IntoIterator<Item = &'a Departement>) -> Vec<Academie<'a>> {
    let mut deps: Vec<&Departement> = deps.into_iter().collect();
    deps.sort_by(|a, b| a.academie_nom.cmp(&b.academie_nom));
    let mut out: Vec<Academie> = Vec::new();
    let mut current: Option<&str> = None;
    for d in deps {
        match out.last_mut() {
            Some(a) if current == Some(d.academie_nom.as_str()) => a.departements.push(d),
            _ => {
                current = Some(&d.academie_nom);
                out.push(Academie {
                    nom: &d.academie,
                    departements: vec![d],
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_lists() {
        assert_eq!(date_fr("2025-09-01"), "1er septembre 2025");
        assert_eq!(date_fr("2024-12-25"), "25 décembre 2024");
        assert_eq!(date_fr("bientôt"), "bientôt");
        assert_eq!(liste_fr(&["a"]), "a");
        assert_eq!(liste_fr(&["a", "b", "c"]), "a, b et c");
        assert_eq!(Liens::new(2, 1).grandes_lignes, "../grandes-lignes/index.html");
        assert_eq!(Liens::new(2, 1).style, "../../style.css");
        assert_eq!(
            Urls::new("https://x.fr", Some("0570055a")).mentions,
            "https://x.fr/0570055a/mentions/"
        );
    }
}
