//! Seed 003 (/work/shared/seeds/003_0bfe129f4fa93de7.txt): Département d'Ille-et-Vilaine and
//! académie de Rennes, « convention de service » on the maintenance and IT support of the
//! public collèges, with its « annexe opérationnelle » (« ann. op. ») and its annex on personal
//! data (« ann. PD », points 1 to 8). The roster tests/rosters/ille-et-vilaine.yaml is built and
//! each fact of the seed is looked for on the built pages; what the seed does not say must not
//! be there.
//!
//! Tests named `canevas_*` check that no canvas states something the seed does not.

mod common;

use std::path::{Path, PathBuf};

const ROSTER: &str = "tests/rosters/ille-et-vilaine.yaml";
/// The establishment looked at in detail (Collège René Cassin, Cancale).
const UAI: &str = "0350003n";
/// Every establishment of the roster.
const UAIS: [&str; 15] = [
    "0350003n", "0350017d", "0350021h", "0350040d", "0351799r", "0351881e", "0351882f", "0352030s", "0352167r",
    "0352247c", "0352260s", "0352589z", "0352760k", "0352957z", "0352958a",
];
const MAINTENANCE: &str = "registre/maintenance-parc/index.html";
const TERRITORIAUX: &str = "registre/services-numeriques-territoriaux/index.html";

/// The roster built into a fresh directory.
fn build() -> (tempfile::TempDir, PathBuf) {
    common::build_example(ROSTER)
}

/// Whitespace collapsed (U+00A0 and U+202F count as spaces) and typographic apostrophes made
/// straight, so that French typography changes in the canvases do not break the test.
fn norm(s: &str) -> String {
    s.replace(['\u{2019}', '\u{02BC}'], "'")
        .split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A page's text as a reader sees it, normalised.
fn text(out: &Path, rel: &str) -> String {
    norm(&common::visible(&common::read(out, rel)))
}

/// A file's raw content (footer.html, footer.json), normalised.
fn raw(out: &Path, rel: &str) -> String {
    norm(&common::read(out, rel))
}

/// The establishment's page `rel`, as text.
fn etab(out: &Path, rel: &str) -> String {
    text(out, &format!("{UAI}/{rel}"))
}

#[track_caller]
fn has(page: &str, needle: &str, why: &str) {
    let needle = norm(needle);
    assert!(page.contains(&needle), "{why}: « {needle} » absent from:\n{page}");
}

#[track_caller]
fn lacks(page: &str, needle: &str, why: &str) {
    let needle = norm(needle);
    let lower = page.to_lowercase();
    if let Some(i) = lower.find(&needle.to_lowercase()) {
        let from = lower[..i].char_indices().rev().nth(80).map_or(0, |(j, _)| j);
        let to = lower[i..]
            .char_indices()
            .nth(needle.chars().count() + 80)
            .map_or(lower.len(), |(j, _)| i + j);
        panic!("{why}: « {needle} » found: …{}…", &lower[from..to]);
    }
}

/// The part of `page` after the first `from` and before the next `to`.
#[track_caller]
fn between<'a>(page: &'a str, from: &str, to: &str) -> &'a str {
    let start = page
        .find(from)
        .unwrap_or_else(|| panic!("« {from} » absent from:\n{page}"))
        + from.len();
    let rest = &page[start..];
    &rest[..rest
        .find(to)
        .unwrap_or_else(|| panic!("« {to} » absent after « {from} »"))]
}

/// The information notice's section on each treatment: (maintenance, services territoriaux).
fn notice_sections(notice: &str) -> (String, String) {
    let all = between(
        notice,
        "Pourquoi vos données sont-elles traitées ?",
        "Chaque traitement a sa fiche",
    );
    let parts: Vec<&str> = all.split("Seul responsable :").collect();
    assert_eq!(
        parts.len(),
        3,
        "two treatments, each with « Seul responsable » :\n{all}"
    );
    (parts[1].to_string(), parts[2].to_string())
}

/// Every establishment page of `UAI` with its name, plus its footer snippets.
fn every_page(out: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = [
        "index.html",
        "mentions/index.html",
        "mentions-legales/index.html",
        "registre/index.html",
        MAINTENANCE,
        TERRITORIAUX,
    ]
    .iter()
    .map(|rel| (rel.to_string(), etab(out, rel)))
    .collect();
    for rel in ["footer.html", "footer.json"] {
        pages.push((rel.to_string(), raw(out, &format!("{UAI}/{rel}"))));
    }
    pages
}

#[test]
fn pages_de_l_etablissement_sans_grandes_lignes() {
    let (_d, out) = build();
    for uai in UAIS {
        for rel in [
            "index.html",
            "mentions/index.html",
            "mentions-legales/index.html",
            "registre/index.html",
            MAINTENANCE,
            TERRITORIAUX,
            "footer.html",
            "footer.json",
        ] {
            assert!(out.join(uai).join(rel).is_file(), "{uai}/{rel} missing");
        }
        // 003 ann. PD §3: « Le Département est responsable du traitement des données listées
        // au point 2 »: a sole controller, nothing joint, so no Art. 26 grandes lignes page.
        assert!(
            !out.join(uai).join("grandes-lignes").exists(),
            "{uai}/grandes-lignes/ must not exist"
        );
    }
    // 003 ann. PD §2: two lists of data, hence two treatments (two register sheets), no more.
    let sheets: Vec<_> = std::fs::read_dir(out.join(UAI).join("registre"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .collect();
    assert_eq!(sheets.len(), 2, "two register sheets");
}

#[test]
fn le_departement_seul_responsable() {
    let (_d, out) = build();
    // 003 ann. PD §3: the Département is sole controller of both treatments of ann. PD §2.
    let home = etab(&out, "index.html");
    has(
        &home,
        "Gestion de la maintenance et du parc informatique des collèges publics un seul responsable Département d'Ille-et-Vilaine",
        "003 ann. PD §2-§3: maintenance, sole controller",
    );
    has(
        &home,
        "Services numériques territoriaux du Département un seul responsable Département d'Ille-et-Vilaine",
        "003 ann. PD §2-§3: territorial services, sole controller",
    );

    let notice = etab(&out, "mentions/index.html");
    // The controllers, before the parties' obligations (which name the académie too).
    let qui = between(
        &notice,
        "Qui est responsable de vos données ?",
        "La convention fixe les obligations de chacun",
    );
    // 003 ann. PD §3, and conv. parties + signature: « Le Conseil Départemental
    // d'Ille-et-Vilaine, représenté par son Président ».
    has(
        qui,
        "Pour « Gestion de la maintenance et du parc informatique des collèges publics », seul responsable : Département d'Ille-et-Vilaine, représenté par le président du conseil départemental d'Ille-et-Vilaine",
        "003 ann. PD §3 + conv. parties",
    );
    has(
        qui,
        "Pour « Services numériques territoriaux du Département », seul responsable : Département d'Ille-et-Vilaine, représenté par le président du conseil départemental d'Ille-et-Vilaine",
        "003 ann. PD §3 + conv. parties",
    );
    // 003 ann. PD §3: the académie is not a controller of these treatments.
    lacks(
        qui,
        "Académie de Rennes",
        "003 ann. PD §3: the académie is no controller",
    );
    // 003 ann. PD §5 + §3: the only controller's DPD is the Département's.
    let dpd = between(&notice, "Qui contacter ?", "Pourquoi vos données");
    has(
        dpd,
        "Département d'Ille-et-Vilaine : dpo@ille-et-vilaine.fr",
        "003 ann. PD §5: the Département's DPD",
    );
    lacks(
        dpd,
        "dpd@ac-rennes.fr",
        "003 ann. PD §3: the académie's DPD is no controller's DPD",
    );

    for (rel, what) in [(MAINTENANCE, "maintenance"), (TERRITORIAUX, "services territoriaux")] {
        let sheet = etab(&out, rel);
        // 003 ann. PD §3: sole controller, on each register sheet.
        has(&sheet, "responsable unique, pour son propre compte", what);
        has(&sheet, "Responsable de traitement Département d'Ille-et-Vilaine", what);
        // 003 conv. parties + signature: represented by the president of its council.
        has(
            &sheet,
            "Département d'Ille-et-Vilaine, représenté par le président du conseil départemental d'Ille-et-Vilaine",
            what,
        );
        // 003 ann. PD §5: the Département's DPD.
        has(
            &sheet,
            "Délégué à la protection des données : dpo@ille-et-vilaine.fr",
            what,
        );
    }

    // The same on every establishment: the shape is shared, the facts must not drift.
    for uai in UAIS {
        let notice = text(&out, &format!("{uai}/mentions/index.html"));
        // 003 ann. PD §3.
        has(
            &notice,
            "seul responsable : Département d'Ille-et-Vilaine, représenté par le président du conseil départemental d'Ille-et-Vilaine",
            uai,
        );
        // 003 ann. PD §5.
        has(&notice, "dpo@ille-et-vilaine.fr", uai);
        has(&notice, "dpd@ac-rennes.fr", uai);
    }
}

#[test]
fn ni_le_college_ni_l_academie_ne_sont_responsables() {
    let (_d, out) = build();
    for (rel, page) in every_page(&out) {
        // 003 ann. PD §3: the Département alone is controller; the generic sentence of ann. op.
        // §1 « Respect du RGPD » (« le-la chef-fe d'établissement ») is tied to no treatment
        // the seed describes, so the collège is never presented as a controller (no EPLE
        // with legal personality, no chef d'établissement representing a controller).
        lacks(&page, "EPLE", &rel);
        lacks(&page, "établissement public local d'enseignement", &rel);
        lacks(&page, "représenté par le chef d'établissement", &rel);
        lacks(&page, "personnalité juridique", &rel);
        // 003 ann. PD §3: no treatment of the académie (Toutatice is the académie's ENT, ann.
        // op. §2, but the seed describes none of its treatments).
        lacks(&page, "représentée par le recteur", &rel);
    }
}

#[test]
fn rien_de_conjoint_ni_point_de_contact() {
    let (_d, out) = build();
    let mut pages = every_page(&out);
    pages.push(("footer.html (ENT)".into(), raw(&out, "footer.html")));
    pages.push(("footer.json (ENT)".into(), raw(&out, "footer.json")));
    pages.push(("index.html (ENT)".into(), text(&out, "index.html")));
    pages.push(("mentions/index.html (ENT)".into(), text(&out, "mentions/index.html")));
    for (rel, page) in pages {
        // 003 ann. PD §3: sole controller; the seed never says « responsables conjoints »,
        // and the « gouvernance conjointe » of conv. art. 4 is governance, not GDPR Art. 26.
        lacks(&page, "conjoint", &rel);
        lacks(&page, "article 26", &rel);
        // No grandes lignes page, hence no link to it (pages, footer.html, footer.json).
        lacks(&page, "grandes-lignes", &rel);
        lacks(&page, "grandes lignes", &rel);
        lacks(&page, "grandes_lignes", &rel);
        // 003: the seed designates no point of contact.
        lacks(&page, "point de contact", &rel);
    }
}

#[test]
fn personnes_concernees() {
    let (_d, out) = build();
    let notice = etab(&out, "mentions/index.html");
    let (maintenance, territoriaux) = notice_sections(&notice);
    // 003 ann. PD §2: « les collégien-nes, les enseignant-es et les personnels administratifs
    // académiques ou mandatés et les agents du Département », one list for both treatments.
    let personnes = "Personnes concernées : collégiens et collégiennes, enseignants et enseignantes, personnels administratifs académiques ou mandatés et agents du Département";
    has(&maintenance, personnes, "003 ann. PD §2, maintenance");
    has(&territoriaux, personnes, "003 ann. PD §2, services territoriaux");
    for rel in [MAINTENANCE, TERRITORIAUX] {
        let sheet = etab(&out, rel);
        let section = between(&sheet, "Catégories de personnes concernées", "Catégories de données");
        for p in [
            "Collégiens et collégiennes",
            "Enseignants et enseignantes",
            "Personnels administratifs académiques ou mandatés",
            "Agents du Département",
        ] {
            has(section, p, "003 ann. PD §2");
        }
    }
    for (rel, page) in every_page(&out) {
        // 003 ann. PD §2: parents are not among the persons concerned.
        lacks(&page, "responsables légaux", &rel);
        lacks(&page, "parents", &rel);
        // 003 ann. PD §2 names the persons in its own words; no category of the kit's
        // vocabulary is substituted for them.
        lacks(&page, "Personnels de l'établissement", &rel);
        lacks(&page, "Personnels de la collectivité", &rel);
    }
}

#[test]
fn finalites() {
    let (_d, out) = build();
    let notice = etab(&out, "mentions/index.html");
    let (maintenance, territoriaux) = notice_sections(&notice);
    // 003 ann. PD §2: « pour la gestion de la maintenance et gestion du parc ».
    has(
        &maintenance,
        "Gestion de la maintenance et gestion du parc informatique des collèges publics d'Ille-et-Vilaine",
        "003 ann. PD §2",
    );
    // 003 ann. PD §2: « pour l'utilisation des services dans le cadre des services numériques
    // territoriaux »; ann. op. §2: « Les services territoriaux sont opérés par le Département »:
    // Extranet collaboratif, Télé-procédures spécifiques (portail collèges), Portail Agent.
    has(
        &territoriaux,
        "Utilisation des services numériques territoriaux, opérés par le Département : extranet collaboratif, portail collèges et Portail Agent",
        "003 ann. PD §2 + ann. op. §2",
    );
    // 003 ann. op. §2 « Extranet collaboratif ».
    has(
        &territoriaux,
        "Extranet collaboratif : service de stockage et de publication de fichiers, accessible en écriture aux enseignants et aux élèves ainsi qu'aux personnels administratifs, depuis le collège et hors du collège",
        "003 ann. op. §2",
    );
    // 003 ann. op. §2 « Télé-procédures spécifiques ».
    has(
        &territoriaux,
        "Portail collèges : point d'entrée unique des télé-services proposés par le Département",
        "003 ann. op. §2",
    );
    // The same on the register sheets.
    has(
        &etab(&out, MAINTENANCE),
        "Finalités du traitement Gestion de la maintenance et gestion du parc informatique des collèges publics d'Ille-et-Vilaine",
        "003 ann. PD §2",
    );
    has(
        &etab(&out, TERRITORIAUX),
        "Portail collèges : point d'entrée unique des télé-services proposés par le Département",
        "003 ann. op. §2",
    );
    for (rel, page) in every_page(&out) {
        // 003 conv. art. 2: the federation of identities Portail collèges ↔ Toutatice is an
        // objective, not a feature.
        lacks(&page, "fédér", &rel);
    }
}

#[test]
fn donnees_de_chaque_traitement() {
    let (_d, out) = build();
    let notice = etab(&out, "mentions/index.html");
    let (maintenance, territoriaux) = notice_sections(&notice);
    // 003 ann. PD §2, first list, the same for every person concerned.
    has(
        &maintenance,
        "Toutes les personnes concernées : identifiant unique (GUUID), identifiant Toutatice (UID), nom, prénom, civilité, date de naissance, statut (élève, personnel Éducation nationale, personnel collectivité…), fonction, affectation (établissement, classe, service)",
        "003 ann. PD §2, first list",
    );
    // 003 ann. PD §2, second list.
    has(
        &territoriaux,
        "Toutes les personnes concernées : civilité, nom, prénom, date de naissance, adresse mél, téléphone, identifiant de connexion et mot de passe, adresse IP, fichiers déposés sur la plateforme cloud",
        "003 ann. PD §2, second list",
    );
    // Each list stays with its treatment.
    for x in ["adresse IP", "mot de passe", "téléphone", "fichiers déposés"] {
        lacks(&maintenance, x, "003 ann. PD §2: not in the maintenance list");
    }
    for x in ["GUUID", "UID", "affectation", "fonction"] {
        lacks(&territoriaux, x, "003 ann. PD §2: not in the territorial services list");
    }
    // The register sheets say the same.
    let sheet = etab(&out, MAINTENANCE);
    has(
        &sheet,
        "Toutes les personnes concernées identifiant unique (GUUID), identifiant Toutatice (UID), nom, prénom, civilité, date de naissance",
        "003 ann. PD §2, first list",
    );
    lacks(&sheet, "adresse IP", "003 ann. PD §2: not in the maintenance list");
    let sheet = etab(&out, TERRITORIAUX);
    has(
        &sheet,
        "Toutes les personnes concernées civilité, nom, prénom, date de naissance, adresse mél, téléphone, identifiant de connexion et mot de passe, adresse IP, fichiers déposés sur la plateforme cloud",
        "003 ann. PD §2, second list",
    );
    lacks(&sheet, "GUUID", "003 ann. PD §2: not in the territorial services list");
}

#[test]
fn destinataires() {
    let (_d, out) = build();
    let notice = etab(&out, "mentions/index.html");
    let (maintenance, territoriaux) = notice_sections(&notice);
    for (section, what) in [(&maintenance, "maintenance"), (&territoriaux, "services territoriaux")] {
        let qui = between(section, "Qui les reçoit ?", "Combien de temps ?");
        // 003 ann. PD §4: « autorisé à faire appel à tout prestataire pour l'exploitation et la
        // maintenance des systèmes d'information des collèges [...] faire respecter les
        // obligations en matière de protection des données à tous ses prestataires ».
        has(
            qui,
            "les prestataires auxquels le Département peut faire appel pour l'exploitation et la maintenance des systèmes d'information des collèges, tenus par le Département de respecter les obligations en matière de protection des données",
            what,
        );
        // 003 ann. PD §4: « ne pas céder à un tiers les données obtenues, que ce soit à titre
        // gracieux ou payant, excepté dans le cadre d'une étude ponctuelle dont la finalité aura
        // été préalablement exposée ».
        has(
            qui,
            "des tiers, uniquement dans le cadre d'une étude ponctuelle dont la finalité aura été préalablement exposée (aucune autre cession, à titre gracieux ou payant)",
            what,
        );
    }
    for rel in [MAINTENANCE, TERRITORIAUX] {
        let sheet = etab(&out, rel);
        let section = between(&sheet, "Catégories de destinataires", "Mesures de sécurité");
        has(
            section,
            "étude ponctuelle dont la finalité aura été préalablement exposée",
            "003 ann. PD §4",
        );
        // 003 ann. PD §4, §8: processors allowed, none named: no sub-processor row.
        lacks(&sheet, "Sous-traitant (article 28", rel);
        lacks(&sheet, "Sous-traitants (article 28", rel);
    }
    // 003 ann. PD §4: no processor named, so the register index lists none.
    has(
        &etab(&out, "registre/index.html"),
        "propre Département d'Ille-et-Vilaine –",
        "003 ann. PD §4: no named processor",
    );
}

#[test]
fn conservation() {
    let (_d, out) = build();
    let notice = etab(&out, "mentions/index.html");
    let (maintenance, territoriaux) = notice_sections(&notice);
    for (section, what) in [(&maintenance, "maintenance"), (&territoriaux, "services territoriaux")] {
        let duree = between(section, "Combien de temps ?", "Transferts hors");
        // 003 ann. PD §8, first limb: « détruites par le Département (ou son sous-traitant) au
        // plus tard : quatre mois après le départ des personnes des collèges publics du
        // Département pour toutes les données (...) ».
        has(
            duree,
            "destruction par le Département (ou son sous-traitant) au plus tard quatre mois après le départ des personnes des collèges publics du Département, pour toutes les données (données à caractère personnel, productions d'élèves, éléments pédagogiques, documents administratifs…)",
            what,
        );
        // 003 ann. PD §8, second limb: « à l'issue de la durée de conservation inscrite dans le
        // registre de traitement du Département pour les données à caractère personnel ».
        has(
            duree,
            "destruction au plus tard à l'issue de la durée de conservation inscrite dans le registre de traitement du Département, pour les données à caractère personnel",
            what,
        );
        // 003 ann. op. §4: « trois mois » and « 10 jours » are the backup retention of the
        // collège's own data, not a retention of these treatments.
        lacks(duree, "trois mois", what);
        lacks(duree, "10 jours", what);
        lacks(duree, "dix jours", what);
    }
    for rel in [MAINTENANCE, TERRITORIAUX] {
        let sheet = etab(&out, rel);
        let section = between(&sheet, "Durées de conservation", "Catégories de destinataires");
        has(
            section,
            "quatre mois après le départ des personnes des collèges publics du Département",
            "003 ann. PD §8",
        );
        has(
            section,
            "inscrite dans le registre de traitement du Département",
            "003 ann. PD §8",
        );
    }
}

#[test]
fn mesures_de_securite() {
    let (_d, out) = build();
    for rel in [MAINTENANCE, TERRITORIAUX] {
        let sheet = etab(&out, rel);
        let m = between(&sheet, "Mesures de sécurité", "Document généré par");
        // 003 ann. PD §3: « veiller à l'application des mesures organisationnelles et techniques
        // pour sécuriser les données ».
        has(
            m,
            "application par le Département de mesures organisationnelles et techniques pour sécuriser les données",
            rel,
        );
        // 003 ann. PD §4, 2 and 3: confidentiality; authorised persons bound to it and trained.
        has(
            m,
            "personnes autorisées à traiter les données engagées à la confidentialité et formées à la protection des données",
            rel,
        );
        // 003 ann. PD §4, 4: privacy by design and by default.
        has(m, "protection des données dès la conception et par défaut", rel);
        // 003 ann. PD §7: « selon un protocole sécurisé [...] garantissant la confidentialité,
        // l'intégrité et l'authentification des serveurs source et destinataire ».
        has(
            m,
            "selon un protocole sécurisé conforme aux préconisations de la CNIL, garantissant la confidentialité, l'intégrité et l'authentification des serveurs source et destinataire",
            rel,
        );
        // 003 ann. op. §5: « l'Académie prescrit la politique de sécurité [...] le Département
        // respecte la politique de sécurité et la fait appliquer [...] sur tous les services
        // qu'il opère ».
        has(
            m,
            "politique de sécurité prescrite par l'académie, que le Département respecte et fait appliquer",
            rel,
        );
        // Not the seed's word (003 ann. PD §7 says « sécurisé »).
        lacks(m, "chiffré", rel);
    }
    // 003 ann. op. §1 « Sécurité du système d'information »: the Département « choisit des
    // équipements techniques respectant la [...] PSSIE » and « met en œuvre la politique de
    // filtrage des accès à l'internet en respectant le cadre de référence académique ».
    has(
        &etab(&out, MAINTENANCE),
        "équipements techniques choisis par le Département dans le respect de la politique de sécurité des systèmes d'information de l'État (PSSIE) ; filtrage des accès à internet selon le cadre de référence académique",
        "003 ann. op. §1",
    );
    // 003 ann. op. §2 « Extranet collaboratif »: « Cet espace est protégé par un identifiant et
    // un mot de passe ».
    has(
        &etab(&out, TERRITORIAUX),
        "espace de stockage et de publication de fichiers protégé par un identifiant et un mot de passe",
        "003 ann. op. §2",
    );
}

#[test]
fn textes_de_reference() {
    let (_d, out) = build();
    let notice = etab(&out, "mentions/index.html");
    let (maintenance, territoriaux) = notice_sections(&notice);
    for (section, what) in [(&maintenance, "maintenance"), (&territoriaux, "services territoriaux")] {
        // 003 ann. PD §1: « le règlement (UE) 2016/679 [...] et la loi n° 78-17 du 6 janvier
        // 1978 modifiée ».
        has(
            section,
            "règlement (UE) 2016/679 du Parlement européen et du Conseil du 27 avril 2016 (RGPD)",
            what,
        );
        has(
            section,
            "loi n° 78-17 du 6 janvier 1978 modifiée relative à l'informatique, aux fichiers et aux libertés",
            what,
        );
        // 003 préambule: the Département's competence, article L. 213-2 of the code de
        // l'éducation: « Le Département a la charge des collèges ».
        has(section, "article L. 213-2 du code de l'éducation", what);
        has(section, "le Département a la charge des collèges", what);
    }
    // 003 préambule: loi n° 2013-595 attributes the maintenance of the collèges' IT equipment.
    has(&maintenance, "loi n° 2013-595 du 8 juillet 2013", "003 préambule");
}

#[test]
fn ou_exercer_ses_droits() {
    let (_d, out) = build();
    let notice = etab(&out, "mentions/index.html");
    let droits = between(&notice, "Où exercer vos droits ?", "Réclamation auprès de la CNIL");
    // 003 ann. PD §5: « auprès du/de la Délégué-e à la protection des données de l'Académie
    // (dpd@ac-rennes.fr) ou du Département (dpo@ille-et-vilaine.fr) »: either may be
    // addressed, by anyone, about either treatment.
    has(
        droits,
        "Gestion de la maintenance et du parc informatique des collèges publics et Services numériques territoriaux du Département toute personne Académie de Rennes ou Département d'Ille-et-Vilaine",
        "003 ann. PD §5",
    );
    has(droits, "dpd@ac-rennes.fr ; dpo@ille-et-vilaine.fr", "003 ann. PD §5");
    // No other route: neither the Département alone nor the académie alone for a treatment.
    assert_eq!(droits.matches("Adressez-la à").count(), 1, "one table: {droits}");
    assert_eq!(
        droits.matches("toute personne").count(),
        1,
        "one route, for anyone: {droits}"
    );
    lacks(
        droits,
        "tout autre traitement",
        "003 ann. PD §5 speaks of these two treatments only",
    );
    // 003: no answer delay, no forwarding of misdirected requests, no forwarding delay.
    for (rel, page) in every_page(&out) {
        lacks(&page, "8 jours", &rel);
        lacks(&page, "huit jours", &rel);
        lacks(&page, "1 mois", &rel);
        lacks(&page, "transmise au bon interlocuteur", &rel);
        lacks(&page, "mal adressée", &rel);
    }
}

#[test]
fn origine_des_donnees() {
    let (_d, out) = build();
    let notice = etab(&out, "mentions/index.html");
    let origine = between(&notice, "D'où viennent les données ?", "Quels sont vos droits ?");
    // 003 ann. op. §1 « Gestion des identités »: l'Académie « fournit au Département les
    // données nécessaires à la mise en œuvre d'annuaires permettant l'accès au réseau
    // pédagogique de l'établissement et aux services en ligne opérés par le Département ».
    has(
        origine,
        "L'académie de Rennes fournit au Département les données nécessaires à la mise en œuvre des annuaires qui permettent l'accès au réseau pédagogique du collège et aux services en ligne opérés par le Département",
        "003 ann. op. §1",
    );
    // 003 ann. PD §2: « procédure d'export des identités académiques des élèves et des
    // personnels des collèges d'Ille-et-Vilaine ».
    has(
        origine,
        "les identités académiques des élèves et des personnels des collèges d'Ille-et-Vilaine sont exportées vers le Département selon une procédure décrite dans un document technique",
        "003 ann. PD §2",
    );
}

/// What each party undertakes (the roster's `obligations:`): nothing is joint, so the notice
/// states them, under « Qui est responsable de vos données ? ».
#[test]
fn obligations_des_parties() {
    let (_d, out) = build();
    let notice = etab(&out, "mentions/index.html");
    let obligations = between(
        &notice,
        "La convention fixe les obligations de chacun :",
        "Qui contacter ?",
    );
    let academie = between(obligations, "Académie de Rennes", "Département d'Ille-et-Vilaine");
    // 003 ann. PD §5: « Il appartient à l'Académie de fournir l'information aux personnes
    // concernées par les opérations de traitement au moment de la collecte des données. »
    has(
        academie,
        "fournit l'information aux personnes concernées au moment de la collecte des données",
        "003 ann. PD §5",
    );
    let departement = &obligations[obligations.find("Département d'Ille-et-Vilaine").unwrap()..];
    // 003 ann. PD §3: « le Département s'engage à inscrire au registre des traitements les
    // données à caractère personnelles et à veiller à l'application des mesures
    // organisationnelles et techniques pour sécuriser les données ».
    has(
        departement,
        "inscrit ces traitements à son registre des traitements et veille à l'application des mesures organisationnelles et techniques qui sécurisent les données",
        "003 ann. PD §3",
    );
    // 003 ann. PD §4: « transmettre à l'Académie en préalable à l'envoi de données une copie de
    // la déclaration de traitements inscrite au registre des traitements du Département ».
    has(
        departement,
        "transmet à l'académie, avant tout envoi de données, une copie de la déclaration du traitement correspondant inscrite à son registre",
        "003 ann. PD §4",
    );
    // 003 ann. PD §4: « ne pas utiliser les données transmises pour des opérations de gestion
    // individuelle des élèves à une autre finalité que celle décrite ».
    has(
        departement,
        "n'utilise pas les données transmises pour des opérations de gestion individuelle des élèves à une autre finalité que celle décrite",
        "003 ann. PD §4",
    );
    // Nothing is joint: the obligations are not presented as those of an Art. 26 agreement.
    lacks(obligations, "responsables conjoints", "003: nothing is joint");
    lacks(obligations, "L'accord fixe", "003: no joint controllership agreement");
}

#[test]
fn silences_de_la_convention() {
    let (_d, out) = build();
    let notice = etab(&out, "mentions/index.html");
    let (maintenance, territoriaux) = notice_sections(&notice);
    for (section, what) in [(&maintenance, "maintenance"), (&territoriaux, "services territoriaux")] {
        // 003: nothing on transfers outside the EU; the page says so, and claims neither
        // « aucun » nor a transfer.
        has(
            section,
            "Transferts hors de l'Union européenne : non mentionnés par la convention",
            what,
        );
        lacks(section, "Transferts hors de l'Union européenne : aucun", what);
    }
    for rel in [MAINTENANCE, TERRITORIAUX] {
        has(
            &etab(&out, rel),
            "Transferts hors de l'Union européenne non mentionnés par la convention",
            rel,
        );
    }
    for (rel, page) in every_page(&out) {
        // 003: whether providing the data is mandatory is not stated, nor any consent.
        lacks(&page, "Devez-vous fournir", &rel);
        lacks(&page, "Fourniture des données", &rel);
        // (The roster states no legal basis: see `base_legale_non_indiquee`.)
        lacks(&page, "Consentement |", &rel);
        lacks(&page, "Votre consentement.", &rel);
        lacks(&page, "retirer votre consentement", &rel);
        // 003: no host, no processor, no postal address named.
        lacks(&page, "hébergeur", &rel);
        lacks(&page, "hébergé", &rel);
        lacks(&page, "adresse postale", &rel);
        // 003 ann. PD §6: the 48 hours are the delay for telling the académie; the seed says
        // nothing about who notifies the CNIL, in what delay, nor about informing the persons.
        lacks(&page, "72 heures", &rel);
        lacks(&page, "24 heures", &rel);
        lacks(&page, "notification à la CNIL", &rel);
        lacks(&page, "article 34", &rel);
        // 003: no website for either party.
        lacks(&page, "www.ille-et-vilaine.fr", &rel);
        lacks(&page, "www.ac-rennes.fr", &rel);
    }
}

#[test]
fn pied_de_page() {
    let (_d, out) = build();
    let html = raw(&out, &format!("{UAI}/footer.html"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(UAI).join("footer.json")).unwrap()).unwrap();
    // The footer links to the notice of this collège.
    has(
        &html,
        "https://rgpd-colleges.ille-et-vilaine.fr/0350003n/mentions/",
        "footer.html: notice",
    );
    let ids: Vec<&str> = json["liens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"donnees-personnelles"), "footer.json: {ids:?}");
    // 003 ann. PD §3: nothing joint, so no grandes lignes link, in either footer.
    assert!(!ids.iter().any(|i| i.contains("grandes")), "footer.json: {ids:?}");
    for (rel, page) in [("footer.html", html), ("footer.json", norm(&json.to_string()))] {
        lacks(&page, "grandes", rel);
        lacks(&page, "conjoint", rel);
    }
}

/// The roster carries the facts of the seed: representatives, no delay, the breach duty
/// towards the académie (shown on the notice with the other obligations).
#[test]
fn le_roster_porte_la_violation_et_les_representants() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(ROSTER);
    let checked = ent_rgpd::project::check(&path).unwrap_or_else(|e| panic!("{e:?}"));
    let site = &checked.site;
    let party = |id: &str| {
        site.parties
            .iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    // 003 conv. parties + signature: « L'État, représenté par [...] Recteur de l'Académie de
    // Rennes ».
    assert_eq!(
        party("ac-rennes").representant.as_deref(),
        Some("le recteur de l'académie de Rennes")
    );
    // 003 conv. parties + signature: « Le Président du Conseil Départemental
    // d'Ille-et-Vilaine ».
    assert_eq!(
        party("dep-ille-et-vilaine").representant.as_deref(),
        Some("le président du conseil départemental d'Ille-et-Vilaine")
    );
    // 003: no point of contact, no delays, no scenario-derived facts.
    assert!(site.ent.delais.reponse_droits.is_none());
    assert!(site.ent.delais.transmission_demande_mal_adressee.is_none());
    assert!(site.ent.delais.notification_violation.is_none());
    for e in &site.etablissements {
        assert!(e.point_de_contact.is_none(), "{}", e.uai);
        assert!(e.responsables.is_empty(), "{}: no joint controller", e.uai);
        assert!(!e.est_responsable, "{}: the collège is no controller", e.uai);
        // 003 ann. PD §6: « Le Département notifie à l'Académie toute violation de données à
        // caractère personnel dans un délai maximum de 48 heures »: a duty towards the
        // académie (an obligation), not a rule saying who notifies the CNIL, which the seed
        // does not say.
        assert!(e.violations.is_empty(), "{}: no CNIL notification rule", e.uai);
        let dep = e
            .obligations
            .iter()
            .find(|o| o.partie.id == "dep-ille-et-vilaine")
            .expect("the Département's obligations");
        assert!(
            dep.engagements
                .iter()
                .any(|x| x.contains("violation") && x.contains("48 heures")),
            "{:?}",
            dep.engagements
        );
        // 003 ann. PD §5: either DPD, about both treatments, for anyone.
        assert_eq!(e.droits.len(), 1, "{}", e.uai);
        let d = &e.droits[0];
        assert!(d.demandeurs.is_empty());
        assert_eq!(d.traitements.len(), 2);
        assert_eq!(
            d.destinataires.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            ["ac-rennes", "dep-ille-et-vilaine"]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Failing by design: the roster format cannot express these facts of the seed.

/// 003 ann. op. §2 « Journalisation »: « La journalisation des logs est opérée par le
/// Département » and the logs « (journaux de connexion sur les postes de travail, accès à
/// l'internet et accès aux données extranet collaboratif) sont fournis par le Département à
/// l'Académie sous forme brute non modifiée »; ann. op. §5: on request « à
/// dpo@ille-et-vilaine.fr », the Département supplies « les éléments nécessaires aux
/// investigations [...] en particulier les logs d'accès à internet ». Logs are not among the
/// data of ann. PD §2 and the seed names no controller for them (the ann. op. §2 table even
/// marks the logging « ACA »): they are the Département's duties (`obligations:`), which the
/// notice states since nothing is joint.
#[test]
fn journaux_remis_a_l_academie() {
    let (_d, out) = build();
    let notice = etab(&out, "mentions/index.html");
    has(&notice, "journaux de connexion", "003 ann. op. §2: the logs");
    has(
        &notice,
        "sous forme brute",
        "003 ann. op. §2: raw logs handed to the académie",
    );
    has(
        &notice,
        "investigations",
        "003 ann. op. §5: investigation material on request",
    );
    // 003 ann. PD §6: the 48-hour duty towards the académie, with the other obligations; and
    // no statement of who notifies the CNIL (the seed names nobody).
    has(
        &notice,
        "signale à l'académie toute violation de données personnelles dans un délai maximum de 48 heures",
        "003 ann. PD §6",
    );
    lacks(&notice, "la notifie", "003: nobody is said to notify the CNIL");
}

/// 003: the seed states no GDPR legal basis (no « article 6 », no « mission d'intérêt
/// public »); it states only the Département's competence (préambule, art. L. 213-2). The
/// roster leaves `base_legale` out, and no page states a basis (the competence is a reference
/// text).
#[test]
fn base_legale_non_indiquee() {
    let (_d, out) = build();
    for (rel, page) in every_page(&out) {
        lacks(&page, "article 6.1.", &rel);
        lacks(&page, "mission d'intérêt public", &rel);
        lacks(&page, "Sur quelle base légale", &rel);
        lacks(&page, "Base juridique", &rel);
    }
    has(
        &etab(&out, "mentions/index.html"),
        "le Département a la charge des collèges",
        "003 préambule: the competence, as a reference text",
    );
}

/// 003: no register creation or update date (the convention runs from 1 April 2025, conv.
/// art. 7, and its signature date is blank): the roster gives no `cree_le` or `mis_a_jour_le`
/// and the sheets print no register date.
#[test]
fn dates_du_registre() {
    let (_d, out) = build();
    for rel in [MAINTENANCE, TERRITORIAUX] {
        lacks(&etab(&out, rel), "Date de création", rel);
        lacks(&etab(&out, rel), "Dernière mise à jour |", rel);
    }
}

// ---------------------------------------------------------------------------------------------
// No canvas states what the seed does not.

/// 003 ann. PD §5 lets the persons address either DPD; it never says one route is faster.
/// content/mentions.md prints « Pour une réponse plus rapide, adressez votre demande ainsi ».
#[test]
fn canevas_droits_sans_reponse_plus_rapide() {
    let (_d, out) = build();
    lacks(
        &etab(&out, "mentions/index.html"),
        "réponse plus rapide",
        "003 ann. PD §5",
    );
}

/// 003 ann. PD §2: the persons concerned are collégiens, enseignants, personnels administratifs
/// and agents du Département: no parents. content/ent-accueil.md states that the ENT « traite
/// des données personnelles des élèves, de leurs responsables légaux et des personnels ».
#[test]
fn canevas_accueil_ent_sans_responsables_legaux() {
    let (_d, out) = build();
    lacks(
        &text(&out, "index.html"),
        "responsables légaux",
        "003 ann. PD §2: no parents",
    );
}

/// 003 ann. PD §3: nothing joint, so no grandes lignes page exists, and the sitemap must not
/// list one (src/render/ent.rs, `sitemaps`, listed `<uai>/grandes-lignes/` for every collège
/// before commit 8992f64).
#[test]
fn sitemap_sans_grandes_lignes() {
    let (_d, out) = build();
    lacks(
        &raw(&out, "sitemap.xml"),
        "grandes-lignes",
        "003 ann. PD §3: no grandes lignes page",
    );
}

/// 003: the seed says nothing of who publishes these pages nor of a « directeur de la
/// publication »; the collège is not even a controller (ann. PD §3). content/mentions-legales.md
/// prints « Directeur de la publication : Le chef d'établissement » for every collège, from no
/// roster key.
#[test]
fn canevas_mentions_legales_sans_directeur_de_publication_invente() {
    let (_d, out) = build();
    let page = etab(&out, "mentions-legales/index.html");
    lacks(
        &page,
        "Directeur de la publication Le chef d'établissement",
        "003: no directeur de la publication stated",
    );
}

#[test]
fn des_services_numeriques_pas_un_ent() {
    // 003 ann. op. §2: the Département operates « services numériques territoriaux » and the
    // maintenance of the collèges' equipment; « L'ENT Toutatice est opéré par l'Académie ».
    // The roster says so (`ent.nature: services_numeriques`): no page calls them an ENT.
    let (_d, out) = build();
    let mut pages = every_page(&out);
    pages.push(("eleves/index.html".into(), etab(&out, "eleves/index.html")));
    for rel in ["index.html", "mentions/index.html", "accessibilite/index.html"] {
        pages.push((format!("/{rel}"), text(&out, rel)));
    }
    for (rel, page) in &pages {
        let words: Vec<&str> = page.split(|c: char| !c.is_alphanumeric()).collect();
        assert!(!words.contains(&"ENT"), "003 ann. op. §2: not an ENT ({rel}): {page}");
        lacks(
            page,
            "espace numérique de travail",
            &format!("003 ann. op. §2: not an ENT ({rel})"),
        );
    }
    has(
        &etab(&out, "mentions/index.html"),
        "Les services numériques « Services numériques des collèges publics d'Ille-et-Vilaine », utilisés par cet établissement, traitent des données personnelles de leurs utilisateurs.",
        "003: the Département's services, in the plural",
    );
}
