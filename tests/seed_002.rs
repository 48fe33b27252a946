//! Seed 002: the ministry's ENT legal kit (SDET 2025), model conventions n° 1 (écoles,
//! scenario 1: académie + collectivité) and n° 2 (EPLE, scenario 2: académie + collectivité +
//! établissement), as written in tests/rosters/kit-modele-1.yaml and kit-modele-2.yaml.
//!
//! Each test builds the roster with the binary and checks one fact of the model on the pages a
//! reader sees; each assertion cites the kit (« L<n> »: line of
//! /work/shared/seeds/002_d18de557b4f25851.txt).
//!
//! The respective obligations of Annexe 2 art. 2, and the duties of art. 4-5 that bind one
//! party only (the collectivité's own modules, its one-way 8-day forwarding in model 1, its
//! 48-hour alert), are in the rosters' `obligations:`, shown under « Qui fait quoi ? » on the
//! grandes lignes (`duties`).

mod common;

use std::path::{Path, PathBuf};

const MODELE_1: &str = "tests/rosters/kit-modele-1.yaml";
const MODELE_2: &str = "tests/rosters/kit-modele-2.yaml";
/// One école of Vincennes (model 1).
const ECOLE: &str = "0940173c";
/// The 14 public écoles of the model 1 roster.
const ECOLES: [(&str, &str); 14] = [
    ("0940173c", "École élémentaire Est Libération"),
    ("0940177g", "École élémentaire Ouest"),
    ("0940213w", "École élémentaire Sud"),
    ("0940215y", "École élémentaire Roland Vernaudon"),
    ("0940287b", "École élémentaire Est Passeleu"),
    ("0940424a", "École maternelle Est"),
    ("0940431h", "École maternelle Ouest"),
    ("0940466w", "École maternelle Roland Vernaudon"),
    ("0940468y", "École maternelle Nord"),
    ("0941453u", "École maternelle Franklin Roosevelt"),
    ("0941628j", "École maternelle Clément Viénot"),
    ("0941818r", "École maternelle Joseph Clouet"),
    ("0942165t", "École primaire Jean Monnet"),
    ("0942421w", "École primaire Simone Veil"),
];
/// One collège of Toulouse (model 2).
const COLLEGE: &str = "0310092g";
/// The collèges of the model 2 roster.
const COLLEGES: [(&str, &str); 3] = [
    ("0310092g", "Collège Bellevue"),
    ("0311236a", "Collège Pierre de Fermat"),
    ("0311338l", "Collège Émile Zola"),
];
const BASE_1: &str = "https://rgpd-ent-ecoles.vincennes.fr";
const BASE_2: &str = "https://rgpd.ecollege.haute-garonne.fr";

/// `ent-rgpd build` of `roster` into a fresh directory; the directory lives as long as the
/// returned guard.
fn build(roster: &str) -> (tempfile::TempDir, PathBuf) {
    common::build_example(roster)
}

/// Raw file of the built site.
fn raw(out: &Path, rel: &str) -> String {
    common::read(out, rel)
}

/// Text as a reader sees it: tags removed, entities decoded, every run of spaces (U+00A0 and
/// U+202F included) one space, typographic apostrophes straight.
fn norm(html: &str) -> String {
    let t = common::visible(html)
        .replace(['\u{a0}', '\u{202f}'], " ")
        .replace('’', "'");
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The visible text of a page.
fn text(out: &Path, rel: &str) -> String {
    norm(&raw(out, rel))
}

/// The content of `<main>` (without header, menu and footer).
fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html[start..].find("</main>").map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// The HTML of the `<h2>` section whose heading's text contains `heading` (up to the next
/// `<h2`); panics when there is none.
fn section<'a>(html: &'a str, heading: &str, page: &str) -> &'a str {
    let main = main_of(html);
    main.split("<h2")
        .skip(1)
        .find(|s| {
            let title = s.split("</h2>").next().unwrap_or("");
            norm(&format!("<h2{title}")).contains(heading)
        })
        .unwrap_or_else(|| panic!("{page}: no section « {heading} »"))
}

/// Visible text of each `<li>` of an HTML fragment.
fn items(fragment: &str) -> Vec<String> {
    fragment
        .split("<li")
        .skip(1)
        .map(|li| norm(&format!("<li{}", li.split("</li>").next().unwrap_or(""))))
        .collect()
}

/// Body rows of the tables of an HTML fragment: the visible text of each cell.
fn rows(fragment: &str) -> Vec<Vec<String>> {
    fragment
        .split("<tr")
        .skip(1)
        .map(|tr| tr.split("</tr>").next().unwrap_or(""))
        .filter(|tr| tr.contains("<td"))
        .map(|tr| {
            tr.split("<td")
                .skip(1)
                .map(|td| norm(&format!("<td{}", td.split("</td>").next().unwrap_or(""))))
                .collect()
        })
        .collect()
}

/// Every page of the site (HTML and footer JSON): path → visible text.
fn all_pages(out: &Path) -> Vec<(String, String)> {
    common::tree(out)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html") || rel.ends_with("footer.json"))
        .map(|(rel, bytes)| {
            let s = String::from_utf8(bytes).unwrap();
            (rel, norm(&s))
        })
        .collect()
}

fn has(page: &str, needle: &str, what: &str) {
    assert!(page.contains(needle), "{what}: « {needle} » absent from:\n{page}");
}

fn lacks(page: &str, needle: &str, what: &str) {
    assert!(!page.contains(needle), "{what}: « {needle} » present in:\n{page}");
}

/// Rows of the « Où exercer vos droits ? » table of a page: (porte sur, vous êtes, adressez-la
/// à, coordonnées).
fn routes(out: &Path, rel: &str) -> Vec<Vec<String>> {
    let html = raw(out, rel);
    let r = rows(section(&html, "Où exercer vos droits", rel));
    assert!(!r.is_empty(), "{rel}: no routing table");
    for row in &r {
        assert_eq!(row.len(), 4, "{rel}: routing row {row:?}");
    }
    r
}

/// Items of the « Violations de données » list of the grandes lignes.
fn breaches(out: &Path, slug: &str) -> Vec<String> {
    let rel = format!("{slug}/grandes-lignes/index.html");
    let html = raw(out, &rel);
    let v = items(section(&html, "Violations", &rel));
    assert!(!v.is_empty(), "{rel}: no breach rule");
    v
}

/// The obligations the grandes lignes give `party` (« Qui fait quoi ? »: one `<h3>` per party,
/// then its duties as a list).
fn duties(out: &Path, slug: &str, party: &str) -> Vec<String> {
    let rel = format!("{slug}/grandes-lignes/index.html");
    let html = raw(out, &rel);
    let block = section(&html, "Qui fait quoi", &rel)
        .split("<h3")
        .skip(1)
        .find(|b| norm(&format!("<h3{}", b.split("</h3>").next().unwrap_or(""))).contains(party))
        .unwrap_or_else(|| panic!("{rel}: no obligations of « {party} »"));
    let d = items(block);
    assert!(!d.is_empty(), "{rel}: « {party} » has no duty listed");
    d
}

/// `page` without the text of `parts` (to check what the rest of a page says).
fn without(page: &str, parts: &[String]) -> String {
    parts.iter().fold(page.to_string(), |p, part| {
        assert!(p.contains(part.as_str()), "« {part} » not found in the page");
        p.replacen(part.as_str(), "", 1)
    })
}

/// Each occurrence of `needle` in `page` is followed, within `within` characters, by `by`.
fn always_followed_by(page: &str, needle: &str, by: &str, within: usize) -> bool {
    page.match_indices(needle).all(|(i, _)| {
        let after: String = page[i..].chars().take(within).collect();
        after.contains(by)
    })
}

// ---------------------------------------------------------------------------------------------
// Model 1: first degree, académie + collectivité (kit L801-1077)
// ---------------------------------------------------------------------------------------------

#[test]
fn modele_1_joint_controllers_are_the_academie_and_the_commune_only() {
    let (_d, out) = build(MODELE_1);
    for (slug, nom) in ECOLES {
        let gl_rel = format!("{slug}/grandes-lignes/index.html");
        let gl = raw(&out, &gl_rel);
        // 002 modèle 1 art. 1 (L857): « responsable de traitement conjoint de chacune d'entre
        // elles »: the académie and the collectivité, two parties and no more.
        let controllers = items(section(&gl, "responsables conjoints", &gl_rel));
        assert_eq!(controllers.len(), 2, "{slug}: {controllers:?}");
        has(&controllers[0], "Académie de Créteil", "modèle 1 art. 1: the académie");
        has(
            &controllers[1],
            "Commune de Vincennes",
            "modèle 1 art. 1: the collectivité",
        );
        // 002 Annexe 2 notice (L2039): « dans le premier degré, les établissements ne disposent
        // pas de la personnalité morale »: an école is never a controller.
        for c in &controllers {
            lacks(c, "École", "modèle 1: an école is never a controller");
            lacks(c, nom, "modèle 1: an école is never a controller");
        }
        let gl = norm(&gl);
        has(
            &gl,
            "Une école publique n'a pas la personnalité juridique",
            "Annexe 2 notice (L2039)",
        );
        // The register sheet of the joint treatment (Annexe 3, L2092): « Collectivité(x) x
        // Autorités académiques ».
        let sheet_rel = format!("{slug}/registre/ent/index.html");
        let sheet = raw(&out, &sheet_rel);
        let row = rows(main_of(&sheet))
            .into_iter()
            .find(|r| r.first().is_some_and(|c| c.starts_with("Responsable")))
            .unwrap_or_else(|| panic!("{sheet_rel}: no controllers row"));
        assert_eq!(
            row[1], "Académie de Créteil et Commune de Vincennes",
            "Annexe 3 (L2092)"
        );
        // The notice and the home page never present the école as a controller (L2039).
        let notice = text(&out, &format!("{slug}/mentions/index.html"));
        has(
            &notice,
            "Son traitement conjoint a pour responsables l'académie de Créteil et la commune de Vincennes ; l'autre a un seul responsable.",
            "modèle 1 art. 1 (L857)",
        );
        for page in [&notice, &gl, &norm(&sheet), &text(&out, &format!("{slug}/index.html"))] {
            for form in ["représentée", "représenté", "seul responsable :", "Responsable :"] {
                lacks(page, &format!("{nom}, {form}"), "L2039: an école is never a controller");
            }
        }
    }
    // The ENT's own pages: the académie and the commune (modèle 1 art. 1, L857), no
    // establishment (L2039).
    let home = text(&out, "index.html");
    has(&home, "Académie de Créteil", "modèle 1 art. 1 (L857)");
    has(&home, "Commune de Vincennes", "modèle 1 art. 1 (L857)");
    lacks(&home, "les établissements eux-mêmes", "L2039: no école is a controller");
    lacks(
        &text(&out, "mentions/index.html"),
        "les établissements eux-mêmes",
        "L2039",
    );
}

#[test]
fn modele_1_the_commune_is_represented_by_its_maire() {
    let (_d, out) = build(MODELE_1);
    // 002 modèle 1 (L819, L1018): the collectivité is « Représentée par le Président de son
    // exécutif »: for a commune, the maire.
    for rel in [
        format!("{ECOLE}/grandes-lignes/index.html"),
        format!("{ECOLE}/mentions/index.html"),
    ] {
        has(
            &text(&out, &rel),
            "Commune de Vincennes, représentée par le maire",
            "modèle 1 (L819): Président de son exécutif",
        );
    }
}

#[test]
fn modele_1_scope_and_legal_basis() {
    let (_d, out) = build(MODELE_1);
    let notice = text(&out, &format!("{ECOLE}/mentions/index.html"));
    // 002 modèle 1 art. 2 (L865): « nécessaire à l'exécution d'une mission d'intérêt public »
    // (6.1.e).
    has(
        &notice,
        "Le traitement repose sur l'exécution d'une mission d'intérêt public (article 6.1.e du RGPD)",
        "modèle 1 art. 2 (L865)",
    );
    // 002 modèle 1 art. 2 (L863) and Annexe 3: pupils (and their legal guardians) and staff.
    has(
        &notice,
        "Personnes concernées : élèves, responsables légaux et personnels",
        "modèle 1 art. 2 (L863), Annexe 3",
    );
    // Annexe 3 (L2094): references « RGPD + LIL », nothing else.
    has(
        &notice,
        "Textes de référence : RGPD ; loi n° 78-17 du 6 janvier 1978",
        "Annexe 3 (L2094)",
    );
    lacks(&notice, "L213-2", "Annexe 3 (L2094): no Code de l'éducation article");
    let sheet = text(&out, &format!("{ECOLE}/registre/ent/index.html"));
    has(&sheet, "article 6.1.e du RGPD", "Annexe 3 (L2093): base 6.1 e)");
}

#[test]
fn modele_1_the_aaf_is_the_academie_s_alone() {
    let (_d, out) = build(MODELE_1);
    // 002 modèle 1 art. 4.2 (L908): « la responsabilité de traitement inhérente à
    // l'établissement de cet annuaire incombe exclusivement à l'académie ».
    let rel = format!("{ECOLE}/registre/annuaire-aaf/index.html");
    let sheet = raw(&out, &rel);
    let table = rows(main_of(&sheet));
    let nature = table
        .iter()
        .find(|r| r[0] == "Nature de la responsabilité")
        .unwrap_or_else(|| panic!("{rel}: no nature row"));
    assert_eq!(
        nature[1], "responsable unique, pour son propre compte",
        "modèle 1 art. 4.2 (L908)"
    );
    let who = table
        .iter()
        .find(|r| r[0].starts_with("Responsable"))
        .unwrap_or_else(|| panic!("{rel}: no controller row"));
    assert_eq!(
        who[1], "Académie de Créteil",
        "modèle 1 art. 4.2 (L908): the académie alone"
    );
    let sheet = norm(&sheet);
    lacks(&sheet, "Vincennes,", "modèle 1 art. 4.2 (L908): not the commune");
    // 002 modèle 1 art. 4.2 (L908): the AAF is updated « quotidiennement hors période des
    // congés scolaires d'été ».
    has(
        &sheet,
        "quotidiennement, hors période des congés scolaires d'été",
        "modèle 1 art. 4.2 (L908)",
    );
    // The grandes lignes keep it out of the joint treatment (L908: « exclusivement »).
    let gl = text(&out, &format!("{ECOLE}/grandes-lignes/index.html"));
    has(
        &gl,
        "Alimentation de l'annuaire de l'ENT depuis l'annuaire académique fédérateur (AAF) : seul responsable, Académie de Créteil",
        "modèle 1 art. 4.2 (L908)",
    );
    // 002 modèle 1 art. 4.2 (L907): the académie supplies the data extracted from the AAF that
    // feed the ENT's directory (the notice's source of the data, Art. 14.2.f).
    let notice = text(&out, &format!("{ECOLE}/mentions/index.html"));
    has(
        &notice,
        "L'annuaire de l'ENT est alimenté par les données extraites de l'annuaire académique fédérateur (AAF), que l'académie de Créteil fournit",
        "modèle 1 art. 4.2 (L907)",
    );
}

#[test]
fn modele_1_grandes_lignes_state_the_respective_obligations() {
    let (_d, out) = build(MODELE_1);
    for (slug, _) in ECOLES {
        let commune = duties(&out, slug, "Commune de Vincennes").join(" ");
        let academie = duties(&out, slug, "Académie de Créteil").join(" ");
        // 002 modèle 1 Annexe 2 art. 2 (L1038-1041): the collectivité answers for the data
        // « sur un portail de l'ENT lui étant dédié », chooses a solution « répondant aux
        // exigences du schéma directeur national des ENT » and secures the contract with the
        // editor.
        has(
            &commune,
            "répond de la proportionnalité et de l'exactitude des données traitées sur un portail de l'ENT qui lui est dédié",
            "modèle 1 Annexe 2 art. 2 (L1040): the collectivité's duties",
        );
        has(
            &commune,
            "une solution ENT répondant aux exigences du schéma directeur national des ENT, et sécurise juridiquement la relation conventionnelle avec l'éditeur retenu",
            "modèle 1 Annexe 2 art. 2 (L1041): the collectivité's duties",
        );
        // 002 modèle 1 Annexe 2 art. 2 (L1043-1047): the académie answers for the
        // proportionality, accuracy and retention of the data of « élèves et des personnels
        // relevant de son autorité », the ENT's directory from the AAF, the users' awareness.
        has(
            &academie,
            "répond de la proportionnalité et de l'exactitude des données des élèves et des personnels relevant de son autorité",
            "modèle 1 Annexe 2 art. 2 (L1045): the académie's duties",
        );
        has(
            &academie,
            "fournit, alimente, sécurise et actualise l'annuaire de l'ENT à partir de l'annuaire académique fédérateur (AAF)",
            "modèle 1 Annexe 2 art. 2 (L1046)",
        );
        // 002 modèle 1 Annexe 2 art. 2 (L1055), art. 7.1 (L964): « les parties sont
        // solidairement responsables à l'égard des personnes concernées ».
        has(
            &commune,
            "est solidairement responsable avec l'académie, à l'égard des personnes concernées, des opérations réalisées en responsabilité conjointe",
            "modèle 1 Annexe 2 art. 2 (L1055)",
        );
        has(
            &academie,
            "est solidairement responsable avec la commune, à l'égard des personnes concernées, des opérations réalisées en responsabilité conjointe",
            "modèle 1 Annexe 2 art. 2 (L1055)",
        );
        // 002 modèle 1 art. 5 (L927-929): the collectivité has the notices put in the footer of
        // the ENT and drafts those of its own modules; the académie validates them.
        has(
            &commune,
            "veille auprès de l'éditeur de l'ENT à ce que les mentions d'information validées par l'académie soient apposées en pied de page des écrans d'accueil et de connexion",
            "modèle 1 art. 5 (L927)",
        );
        has(
            &academie,
            "valide les mentions d'information ainsi que toutes leurs modifications ultérieures",
            "modèle 1 art. 5 (L929)",
        );
    }
}

#[test]
fn modele_1_notices_are_in_the_footer_of_the_ent() {
    let (_d, out) = build(MODELE_1);
    for (slug, _) in ECOLES {
        // 002 modèle 1 art. 5 (L927): the notices are « apposées en pied de page des écrans
        // d'accueil et de connexion »: the footer the ENT embeds links to them.
        let json: serde_json::Value = serde_json::from_str(&raw(&out, &format!("{slug}/footer.json"))).unwrap();
        let links = json["liens"].as_array().expect("footer.json liens");
        let url = |id: &str| {
            links
                .iter()
                .find(|l| l["id"] == id)
                .and_then(|l| l["url"].as_str())
                .map(String::from)
        };
        assert_eq!(
            url("donnees-personnelles").as_deref(),
            Some(format!("{BASE_1}/{slug}/mentions/").as_str()),
            "modèle 1 art. 5 (L927): the notice in the footer"
        );
        // 002 modèle 1 art. 5 (L946): the grandes lignes are published « depuis la page
        // contenant les mentions relatives à la protection des données de l'ENT ».
        assert_eq!(
            url("grandes-lignes").as_deref(),
            Some(format!("{BASE_1}/{slug}/grandes-lignes/").as_str()),
            "modèle 1 art. 5 (L946)"
        );
        let footer = raw(&out, &format!("{slug}/footer.html"));
        has(
            &footer,
            &format!("{BASE_1}/{slug}/mentions/"),
            "modèle 1 art. 5 (L927): footer.html",
        );
        // L946: the notice links to the grandes lignes.
        let notice = raw(&out, &format!("{slug}/mentions/index.html"));
        has(main_of(&notice), "grandes-lignes/index.html", "modèle 1 art. 5 (L946)");
    }
}

#[test]
fn modele_1_rights_may_be_exercised_with_each_controller() {
    let (_d, out) = build(MODELE_1);
    let notice = text(&out, &format!("{ECOLE}/mentions/index.html"));
    // 002 modèle 1 art. 5 (L931) and Annexe 2 art. 3 (L1061-1069): access, rectification,
    // opposition, limitation, post mortem directives (and information: the notice itself).
    for (needle, right) in [
        ("y accéder et en obtenir une copie (article 15 du RGPD)", "access"),
        ("faire corriger des données inexactes", "rectification"),
        ("vous opposer au traitement", "opposition"),
        ("demander la limitation du traitement", "limitation"),
        (
            "donner des directives sur le sort de vos données après votre décès",
            "post mortem",
        ),
    ] {
        has(&notice, needle, &format!("modèle 1 art. 5 (L931): {right}"));
    }
    // A 6.1.e treatment and the AAF, whose basis the kit does not state: portability is
    // explained (RGPD 20.1) without claiming that no treatment is concerned.
    has(
        &notice,
        "Le droit à la portabilité (article 20) ne concerne que les traitements fondés sur votre consentement ou sur un contrat.",
        "RGPD 20.1",
    );
    lacks(
        &notice,
        "aucun des traitements décrits ici ne l'est",
        "the AAF's basis is not stated",
    );
    // 002 modèle 1 art. 5 (L931): « à l'égard de et contre chacun des deux responsables ».
    has(
        &notice,
        "Vous pouvez exercer vos droits auprès de chacun des responsables conjoints",
        "modèle 1 art. 5 (L931)",
    );
    let gl = text(&out, &format!("{ECOLE}/grandes-lignes/index.html"));
    has(
        &gl,
        "Vous pouvez exercer vos droits auprès de chacun des responsables conjoints",
        "modèle 1 art. 5 (L931)",
    );
}

#[test]
fn modele_1_requests_are_handled_by_the_academie() {
    let (_d, out) = build(MODELE_1);
    for rel in [
        format!("{ECOLE}/grandes-lignes/index.html"),
        format!("{ECOLE}/mentions/index.html"),
    ] {
        let table = routes(&out, &rel);
        // 002 modèle 1 art. 5 (L936): the académie handles requests about its own module (the
        // AAF, art. 4.2 L908).
        let aaf = table
            .iter()
            .find(|r| r[0].contains("annuaire académique fédérateur"))
            .unwrap_or_else(|| panic!("{rel}: no row for the AAF"));
        assert_eq!(aaf[2], "Académie de Créteil", "modèle 1 art. 5 (L936)");
        // 002 modèle 1 art. 5 (L937): « toute autre demande est traitée de façon centralisée
        // par l'académie »: the last row, anyone, any other treatment.
        // (The canvas words « any treatment » as « tout traitement » or « tout autre
        // traitement ».)
        let last = table.last().unwrap();
        assert!(
            matches!(last[0].as_str(), "tout traitement" | "tout autre traitement"),
            "{rel}: modèle 1 art. 5 (L937): the last row is about any treatment: {last:?}"
        );
        assert_eq!(
            (last[1].as_str(), last[2].as_str()),
            ("toute personne", "Académie de Créteil"),
            "modèle 1 art. 5 (L937)"
        );
        has(
            &last[3],
            "dpd@ac-creteil.fr",
            "modèle 1 art. 5 (L937): the académie's DPD",
        );
        // The split is by module, never by requester (L935-937): no row by who asks, and no
        // request goes to the commune for its staff.
        for row in &table {
            assert_eq!(
                row[1], "toute personne",
                "{rel}: modèle 1 art. 5 routes by module: {row:?}"
            );
        }
        lacks(
            &text(&out, &rel),
            "les personnels de la collectivité",
            "modèle 1 art. 5 (L935-937)",
        );
    }
}

/// The kit declares no module of the collectivité, so no `traitements:` rule routes one and the
/// routing table has no row for it: the grandes lignes state the duty among the commune's
/// obligations.
#[test]
fn modele_1_commune_answers_for_its_own_modules() {
    let (_d, out) = build(MODELE_1);
    // 002 modèle 1 art. 5 (L935): « la collectivité traite toute demande portant sur un module
    // lui étant propre ».
    let commune = duties(&out, ECOLE, "Commune de Vincennes");
    assert!(
        commune
            .iter()
            .any(|d| d
                .starts_with("traite toute demande d'exercice des droits portant sur un module qui lui est propre")),
        "modèle 1 art. 5 (L935): requests about the commune's own modules go to the commune: {commune:?}"
    );
    // (L935-937): every other request goes to the académie, which tells the commune its answer.
    let academie = duties(&out, ECOLE, "Académie de Créteil");
    assert!(
        academie.iter().any(|d| d.starts_with(
            "traite toute demande d'exercice des droits qui ne porte pas sur un module propre à la commune, et fait part à la commune de la réponse apportée"
        )),
        "modèle 1 art. 5 (L935-937): {academie:?}"
    );
}

/// `ent.delais.transmission_demande_mal_adressee` would bind every party; the model binds only
/// the collectivité, so the roster states it among the commune's obligations.
#[test]
fn modele_1_commune_forwards_misaddressed_requests_within_8_days() {
    let (_d, out) = build(MODELE_1);
    // 002 modèle 1 art. 5 (L937): the collectivité transmits « au plus tard 8 jours après la
    // réception d'une demande de droit » not about its own modules to the académie.
    let commune = duties(&out, ECOLE, "Commune de Vincennes");
    assert!(
        commune.iter().any(|d| d.starts_with(
            "transmet à l'académie, au plus tard 8 jours après sa réception, toute demande d'exercice des droits qui ne porte pas sur un de ses modules propres"
        )),
        "modèle 1 art. 5 (L937): the commune forwards to the académie within 8 days: {commune:?}"
    );
    // The académie has no such duty.
    let academie = duties(&out, ECOLE, "Académie de Créteil");
    for d in &academie {
        lacks(
            d,
            "8 jours",
            "modèle 1 art. 5 (L937): no forwarding delay for the académie",
        );
    }
}

#[test]
fn modele_1_the_academie_has_no_forwarding_duty() {
    let (_d, out) = build(MODELE_1);
    // 002 modèle 1 art. 5 (L937): the 8 days bind the collectivité alone; the académie only
    // « s'engage ensuite à faire part à la collectivité de la réponse ». No page gives any
    // other party an 8-day forwarding duty (it would include the académie): the 8 days appear
    // only among the commune's obligations.
    for (rel, page) in all_pages(&out) {
        let page = match rel.strip_suffix("/grandes-lignes/index.html") {
            Some(slug) => without(&page, &duties(&out, slug, "Commune de Vincennes")),
            None => page,
        };
        lacks(
            &page,
            "8 jours",
            &format!("{rel}: modèle 1 art. 5 (L937): no forwarding duty on the académie"),
        );
        lacks(
            &page,
            "transmise au bon interlocuteur",
            &format!("{rel}: modèle 1 art. 5 (L937)"),
        );
    }
}

#[test]
fn modele_1_states_no_answer_delay_of_its_own() {
    let (_d, out) = build(MODELE_1);
    for rel in [
        format!("{ECOLE}/grandes-lignes/index.html"),
        format!("{ECOLE}/mentions/index.html"),
    ] {
        let page = text(&out, &rel);
        // 002 modèle 1: no answer delay anywhere in the kit; the one month is RGPD 12.3, and
        // the page says so.
        has(&page, "dans un délai d'un mois", "RGPD 12.3");
        assert!(
            always_followed_by(&page, "délai d'un mois", "(article 12.3 du RGPD)", 300),
            "{rel}: the one month is the law's (12.3), not the agreement's"
        );
        lacks(&page, "délai de 1 mois", "modèle 1: no answer delay in the kit");
        lacks(
            &page,
            "Les responsables vous répondent sous",
            "modèle 1: no answer delay in the kit",
        );
    }
}

#[test]
fn modele_1_point_of_contact_is_the_academie_dpd() {
    let (_d, out) = build(MODELE_1);
    for (slug, _) in ECOLES {
        let rel = format!("{slug}/grandes-lignes/index.html");
        let gl = raw(&out, &rel);
        // 002 modèle 1 art. 6 (L954): « Le délégué à la protection des données de l'Académie
        // est désigné comme le point de contact »; Annexe 2 art. 4 (L1075).
        let contact = norm(section(&gl, "Point de contact", &rel));
        has(
            &contact,
            "l'académie de Créteil, par son délégué à la protection des données ( dpd@ac-creteil.fr )",
            "modèle 1 art. 6 (L954)",
        );
        lacks(&contact, "Vincennes", "modèle 1 art. 6 (L954): not the commune");
        let notice = text(&out, &format!("{slug}/mentions/index.html"));
        has(
            &notice,
            "Au point de contact, l'académie de Créteil : dpd@ac-creteil.fr",
            "modèle 1 art. 6 (L954)",
        );
        has(
            &notice,
            "Point de contact désigné par l'accord : l'académie de Créteil",
            "modèle 1 art. 6 (L954)",
        );
        has(
            &text(&out, &format!("{slug}/index.html")),
            "Point de contact désigné par l'accord : l'académie de Créteil",
            "modèle 1 art. 6 (L954)",
        );
    }
}

#[test]
fn modele_1_the_commune_dpd_may_also_be_contacted() {
    let (_d, out) = build(MODELE_1);
    // 002 modèle 1 Annexe 2 art. 4 (L1077): people « peuvent également saisir le délégué à la
    // protection des données de la collectivité ».
    let rel = format!("{ECOLE}/mentions/index.html");
    let html = raw(&out, &rel);
    let dpds = items(section(&html, "Qui contacter", &rel));
    assert!(
        dpds.iter()
            .any(|d| d.starts_with("Commune de Vincennes") && d.contains("coordonnées non indiquées")),
        "modèle 1 Annexe 2 art. 4 (L1077): {dpds:?}"
    );
    assert!(
        dpds.iter()
            .any(|d| d.starts_with("Académie de Créteil") && d.contains("dpd@ac-creteil.fr")),
        "modèle 1 Annexe 2 art. 4 (L1075): {dpds:?}"
    );
}

#[test]
fn modele_1_grandes_lignes_give_the_commune_dpd() {
    let (_d, out) = build(MODELE_1);
    // 002 modèle 1 Annexe 2 art. 4 (L1075-1077): the grandes lignes give the coordinates of the
    // académie's DPD and of the collectivité's « [indiquer ses coordonnées] ».
    let rel = format!("{ECOLE}/grandes-lignes/index.html");
    let controllers = items(section(&raw(&out, &rel), "responsables conjoints", &rel));
    assert!(
        controllers
            .iter()
            .any(|c| c.starts_with("Commune de Vincennes") && c.contains("coordonnées non indiquées")),
        "modèle 1 Annexe 2 art. 4 (L1077): {controllers:?}"
    );
    assert!(
        controllers
            .iter()
            .any(|c| c.starts_with("Académie de Créteil") && c.contains("dpd@ac-creteil.fr")),
        "modèle 1 Annexe 2 art. 4 (L1075): {controllers:?}"
    );
}

#[test]
fn modele_1_the_academie_notifies_every_breach() {
    let (_d, out) = build(MODELE_1);
    for (slug, _) in ECOLES {
        let rules = breaches(&out, slug);
        // 002 modèle 1 art. 4.2 (L912): the académie notifies the CNIL of « toutes les
        // violations »: for an ENT of one commune's écoles, the whole ENT, several écoles or one
        // école. The three rules say the same sentence: the grandes lignes print it once, naming
        // the three perimeters, largest first.
        assert_eq!(
            rules,
            [
                "Pour une violation touchant l'ENT dans son ensemble, plusieurs établissements ou un seul établissement : l'académie de Créteil la notifie et en informe la commune de Vincennes (dans les plus brefs délais)."
            ],
            "{slug}: modèle 1 art. 4.2 (L912-913)"
        );
        for r in &rules {
            // « Pour <périmètres> : <the party> la notifie … »: the académie, never the commune
            // nor the école.
            has(r, " : l'académie de Créteil la notifie", "modèle 1 art. 4.2 (L912)");
            lacks(
                r,
                "commune de Vincennes la notifie",
                "modèle 1 art. 4.2 (L912): never the commune",
            );
            lacks(r, "école", "L2039: never the école");
            // The ENT of one commune reaches no académie or département as a whole: no such
            // perimeter (the model names none).
            lacks(r, "toute une académie", "modèle 1: no académie-wide perimeter");
            lacks(r, "tout un département", "modèle 1: no département-wide perimeter");
        }
    }
}

/// The académie's own breach duties (art. 4.2) as the grandes lignes list them, beyond the
/// `violations` line: the persons notified, the follow-up told to the commune.
#[test]
fn modele_1_the_academie_notifies_the_persons_and_reports_the_follow_up() {
    let (_d, out) = build(MODELE_1);
    let academie = duties(&out, ECOLE, "Académie de Créteil");
    for (cite, want) in [
        // 002 modèle 1 art. 4.2 (L912): « Signaler à la CNIL et notifier, le cas échéant, aux
        // personnes concernées toutes les violations de données rencontrées afférentes à cette
        // activité de traitement ».
        (
            "art. 4.2 (L912)",
            "signale à la CNIL toutes les violations de données liées à ce traitement et, le cas échéant, les notifie aux personnes concernées",
        ),
        // 002 modèle 1 art. 4.2 (L913): « Alerter la collectivité des incidents éventuels liés à
        // l'ENT, qui lui seraient notifiés, dans les plus brefs délais et des suites leur ayant
        // été données ».
        (
            "art. 4.2 (L913)",
            "alerte la commune, dans les plus brefs délais, des incidents liés à l'ENT qui lui sont signalés et des suites qui leur ont été données",
        ),
    ] {
        assert!(
            academie.iter().any(|d| d.starts_with(want)),
            "modèle 1 {cite}: « {want} » not among {academie:?}"
        );
    }
}

#[test]
fn modele_1_the_academie_alerts_the_commune_without_a_fixed_delay() {
    let (_d, out) = build(MODELE_1);
    for r in breaches(&out, ECOLE) {
        // 002 modèle 1 art. 4.2 (L913): the académie alerts the collectivité « dans les plus
        // brefs délais et des suites leur ayant été données »: no fixed delay.
        has(&r, "en informe la commune de Vincennes", "modèle 1 art. 4.2 (L913)");
        has(&r, "dans les plus brefs délais", "modèle 1 art. 4.2 (L913)");
        lacks(
            &r,
            "heures",
            "modèle 1 art. 4.2 (L913): no fixed delay for the académie",
        );
        lacks(&r, "48", "modèle 1 art. 4.2 (L913): the 48 h is the commune's alone");
    }
}

/// A `violations` rule says who notifies the CNIL and whom it informs; the collectivité's own
/// alert to the académie is stated among its obligations.
#[test]
fn modele_1_commune_alerts_the_academie_within_48_hours() {
    let (_d, out) = build(MODELE_1);
    // 002 modèle 1 art. 4.1 (L899): the collectivité alerts the académie « dans les plus
    // brefs délais et au plus tard dans un délai maximal de 48h ».
    let commune = duties(&out, ECOLE, "Commune de Vincennes");
    assert!(
        commune.iter().any(|d| d.starts_with(
            "alerte l'académie des incidents liés à l'ENT qui lui sont signalés, dans les plus brefs délais et au plus tard dans les 48 heures"
        )),
        "modèle 1 art. 4.1 (L899): {commune:?}"
    );
    // (The académie's alert has no fixed delay: the breach rules keep no 48 h.)
    for r in breaches(&out, ECOLE) {
        lacks(&r, "48", "modèle 1 art. 4.2 (L913): the 48 h is the commune's alone");
    }
}

#[test]
fn modele_1_states_no_delay_the_model_does_not_state() {
    let (_d, out) = build(MODELE_1);
    for (rel, page) in all_pages(&out) {
        // 002 modèle 1: the only fixed delays are the collectivité's 48 h alert (art. 4.1) and
        // 8-day forwarding (art. 5), both its own (stated among its obligations only); none is
        // given to the académie or to every party. The answer delay (RGPD 12.3) and the CNIL's
        // 72 h (RGPD 33) are the law's.
        let page = match rel.strip_suffix("/grandes-lignes/index.html") {
            Some(slug) => without(&page, &duties(&out, slug, "Commune de Vincennes")),
            None => page,
        };
        for d in ["48 heures", "24 heures", "8 jours", "15 jours", "3 jours", "1 mois"] {
            lacks(
                &page,
                d,
                &format!("{rel}: modèle 1 states no such delay of every party"),
            );
        }
        assert!(
            always_followed_by(&page, "72 heures", "(article 33)", 200),
            "{rel}: 72 hours only as the law's (RGPD 33)"
        );
    }
}

/// Each duty a party has towards the people or the other party under model 1 art. 3 and 4 that
/// Annexe 2 does not spell out, on the grandes lignes of every école (« Qui fait quoi ? »).
#[test]
fn modele_1_articles_3_and_4_obligations() {
    let (_d, out) = build(MODELE_1);
    let commune: &[(&str, &str)] = &[
        // 002 modèle 1 art. 3.1 (L873-877): the parties « participent conjointement à la
        // détermination des finalités » and must « conjointement, d'assurer la licéité, la
        // légitimité et la transparence de ces finalités ».
        (
            "art. 3.1 (L873-877)",
            "participe avec l'académie à la détermination des finalités du traitement, et en assure avec elle la licéité, la légitimité et la transparence",
        ),
        // 002 modèle 1 art. 3.2 (L881): « Chacune des parties détermine pour les modules qui lui
        // sont propres les catégories de données pertinentes, les destinataires de ces données et
        // les durées de conservation à respecter ».
        (
            "art. 3.2 (L881)",
            "détermine, pour les modules qui lui sont propres, les catégories de données pertinentes, leurs destinataires et leurs durées de conservation",
        ),
        // 002 modèle 1 art. 3.2 (L883): « respecter les préconisations figurant dans le SDET en
        // vigueur et [...] les faire respecter par la société en charge du développement et de la
        // maintenance de la solution ENT ».
        (
            "art. 3.2 (L883)",
            "respecte les préconisations du schéma directeur des ENT (SDET) en vigueur et veille à leur respect par la société chargée du développement et de la maintenance de la solution ENT",
        ),
        // 002 modèle 1 art. 4.1 (L895): « Vérifier que l'éditeur de la solution ENT retenue
        // présente toutes les garanties requises à la sécurité des données ».
        (
            "art. 4.1 (L895)",
            "vérifie que l'éditeur de la solution ENT retenue présente toutes les garanties requises pour la sécurité des données personnelles de ses utilisateurs",
        ),
        // 002 modèle 1 art. 4.1 (L897): « Formaliser au nom de tous les responsables conjoints
        // du traitement, avec l'éditeur désigné de la solution, un accord de sous-traitance
        // conforme à l'article 28 du RGPD ».
        (
            "art. 4.1 (L897)",
            "conclut avec l'éditeur de la solution, au nom de tous les responsables conjoints, un accord de sous-traitance conforme à l'article 28 du RGPD",
        ),
        // 002 modèle 1 art. 4.1 (L898): « Transmettre à l'académie la documentation de
        // conformité aux règles de sécurité élémentaires de l'éditeur retenu ».
        (
            "art. 4.1 (L898)",
            "transmet à l'académie la documentation de conformité de l'éditeur retenu aux règles de sécurité élémentaires",
        ),
        // 002 modèle 1 art. 4.1 (L893): « Ne pas traiter les données à caractère personnel
        // transmises par l'académie à d'autres fins que celles visées au sein de la présente
        // convention ».
        (
            "art. 4.1 (L893)",
            "ne traite les données personnelles transmises par l'académie à aucune autre fin que celles de la convention",
        ),
        // 002 modèle 1 art. 4.1 (L900): « Ne faire évoluer les conditions de mise en œuvre dudit
        // traitement qu'avec l'accord préalable de l'académie ».
        (
            "art. 4.1 (L900)",
            "ne fait évoluer les conditions de mise en œuvre du traitement qu'avec l'accord préalable de l'académie",
        ),
        // 002 modèle 1 art. 4.1 (L902): « Transmettre à l'académie le nom et les coordonnées de
        // son délégué à la protection des données ».
        (
            "art. 4.1 (L902)",
            "transmet à l'académie le nom et les coordonnées de son délégué à la protection des données",
        ),
    ];
    let academie: &[(&str, &str)] = &[
        // 002 modèle 1 art. 3.1 (L873-877): see the commune.
        (
            "art. 3.1 (L873-877)",
            "participe avec la commune à la détermination des finalités du traitement, et en assure avec elle la licéité, la légitimité et la transparence",
        ),
        // 002 modèle 1 art. 3.2 (L881): see the commune.
        (
            "art. 3.2 (L881)",
            "détermine, pour les modules qui lui sont propres, les catégories de données pertinentes, leurs destinataires et leurs durées de conservation",
        ),
        // 002 modèle 1 art. 3.2 (L883): see the commune.
        (
            "art. 3.2 (L883)",
            "respecte les préconisations du schéma directeur des ENT (SDET) en vigueur et veille à leur respect par la société chargée du développement et de la maintenance de la solution ENT",
        ),
        // 002 modèle 1 art. 4.2 (L908-909): « Mettre à jour l'annuaire académique fédérateur
        // quotidiennement hors période des congés scolaires d'été »; « Mettre à jour les exports
        // ENT avec la suppression ou l'ajout des établissements qui lui seront notifiés ».
        (
            "art. 4.2 (L908-909)",
            "met à jour l'annuaire académique fédérateur quotidiennement, hors période des congés scolaires d'été, ainsi que les exports vers l'ENT lorsque la suppression ou l'ajout d'une école lui est notifié",
        ),
        // 002 modèle 1 art. 4.2 (L910): « Effectuer tout transfert de données personnelles
        // relatif à l'annuaire fédérateur de manière sécurisée ».
        (
            "art. 4.2 (L910)",
            "effectue de manière sécurisée tout transfert de données personnelles relatif à l'annuaire fédérateur",
        ),
        // 002 modèle 1 art. 4.2 (L911): « la formation des personnels de l'éducation nationale à
        // l'utilisation de la solution ENT, [...] la mise à disposition d'une assistance
        // téléphonique à leur destination ».
        (
            "art. 4.2 (L911)",
            "forme les personnels de l'éducation nationale à l'utilisation de l'ENT et met à leur disposition une assistance téléphonique",
        ),
        // 002 modèle 1 Annexe 2 art. 2 (L1047) and art. 4.2 (L911): « une sensibilisation de
        // l'ensemble des utilisateurs des ENT aux mesures élémentaires de sécurité telles que la
        // non-divulcation de leurs identifiants de connexion ».
        (
            "Annexe 2 art. 2 (L1047), art. 4.2 (L911)",
            "sensibilise les utilisateurs de l'ENT aux mesures élémentaires de sécurité, comme la non-divulgation de leurs identifiants de connexion",
        ),
        // 002 modèle 1 art. 4.2 (L915): « Transmettre à la collectivité le nom et les
        // coordonnées de son délégué à la protection des données ».
        (
            "art. 4.2 (L915)",
            "transmet à la commune le nom et les coordonnées de son délégué à la protection des données",
        ),
    ];
    for (slug, _) in ECOLES {
        for (party, expected) in [("Commune de Vincennes", commune), ("Académie de Créteil", academie)] {
            let listed = duties(&out, slug, party);
            for (cite, want) in expected {
                assert!(
                    listed.iter().any(|d| d.starts_with(want)),
                    "{slug}: modèle 1 {cite}: « {want} » not among the duties of {party}: {listed:?}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Model 2: second degree, académie + collectivité + EPLE (kit L1079-1364)
// ---------------------------------------------------------------------------------------------

#[test]
fn modele_2_three_joint_controllers() {
    let (_d, out) = build(MODELE_2);
    for (slug, nom) in COLLEGES {
        let gl_rel = format!("{slug}/grandes-lignes/index.html");
        let gl = raw(&out, &gl_rel);
        // 002 modèle 2 art. 1 (L1140), Annexe 2 (L1306): « responsable de traitement conjoint
        // de chacune des parties »: the académie, the collectivité and the establishment.
        let controllers = items(section(&gl, "responsables conjoints", &gl_rel));
        assert_eq!(controllers.len(), 3, "{slug}: {controllers:?}");
        has(&controllers[0], "Académie de Toulouse", "modèle 2 art. 1 (L1140)");
        has(
            &controllers[1],
            "Département de la Haute-Garonne",
            "modèle 2 art. 1 (L1140)",
        );
        has(&controllers[2], nom, "modèle 2 art. 1 (L1140): the establishment");
        // 002 §3.5.1 (L469): the EPLE has legal personality.
        has(
            &norm(&gl),
            &format!(
                "{} est un établissement public local d'enseignement (EPLE). Cet établissement a la personnalité juridique",
                nom.char_indices()
                    .nth(1)
                    .map_or(nom.to_lowercase(), |(i, _)| nom[..i].to_lowercase() + &nom[i..])
            ),
            "kit §3.5.1 (L469)",
        );
        // Annexe 3 (L2092): « Collectivité(x) x Autorités académiques (Etablissements dans le
        // 2nd degré) ».
        let sheet_rel = format!("{slug}/registre/ent/index.html");
        let row = rows(main_of(&raw(&out, &sheet_rel)))
            .into_iter()
            .find(|r| r.first().is_some_and(|c| c.starts_with("Responsable")))
            .unwrap_or_else(|| panic!("{sheet_rel}: no controllers row"));
        assert_eq!(
            row[1],
            format!("Académie de Toulouse, Département de la Haute-Garonne et {nom}"),
            "Annexe 3 (L2092)"
        );
    }
}

#[test]
fn modele_2_representatives() {
    let (_d, out) = build(MODELE_2);
    for rel in [
        format!("{COLLEGE}/grandes-lignes/index.html"),
        format!("{COLLEGE}/mentions/index.html"),
    ] {
        let page = text(&out, &rel);
        // 002 modèle 2 (L1095): « Représentée par le Président de son exécutif »: for a
        // département, the président du conseil départemental.
        has(
            &page,
            "Département de la Haute-Garonne, représenté par le président du conseil départemental de la Haute-Garonne",
            "modèle 2 (L1095)",
        );
        // 002 modèle 2 (L1103): « Représenté par X en sa qualité de chef d'établissement ».
        has(
            &page,
            "Collège Bellevue, représenté par le chef d'établissement",
            "modèle 2 (L1103)",
        );
    }
}

#[test]
fn modele_2_scope_and_legal_basis() {
    let (_d, out) = build(MODELE_2);
    let notice = text(&out, &format!("{COLLEGE}/mentions/index.html"));
    // 002 modèle 2 art. 2 (L1150): « nécessaire à l'exécution d'une mission d'intérêt public »
    // (6.1.e).
    has(
        &notice,
        "Le traitement repose sur l'exécution d'une mission d'intérêt public (article 6.1.e du RGPD)",
        "modèle 2 art. 2 (L1150)",
    );
    // Annexe 2 art. 1 (L1314), Annexe 3: the pupils of the establishment, their legal
    // guardians, the staff.
    has(
        &notice,
        "Personnes concernées : élèves, responsables légaux et personnels",
        "modèle 2 Annexe 2 art. 1 (L1314), Annexe 3",
    );
    // Annexe 3 (L2094): references « RGPD + LIL », nothing else.
    has(
        &notice,
        "Textes de référence : RGPD ; loi n° 78-17 du 6 janvier 1978",
        "Annexe 3 (L2094)",
    );
    lacks(&notice, "L213-2", "Annexe 3 (L2094): no Code de l'éducation article");
    // 002 modèle 2 art. 4.2 (L1185): the directory is fed from the AAF by the académie; 4.3
    // (L1197): the establishment manages the directory and the users' rights.
    has(
        &notice,
        "L'annuaire de l'ENT est alimenté par les données extraites de l'annuaire fédérateur (AAF), que l'académie de Toulouse fournit",
        "modèle 2 art. 4.2 (L1185)",
    );
}

#[test]
fn modele_2_grandes_lignes_state_the_respective_obligations() {
    let (_d, out) = build(MODELE_2);
    for (slug, nom) in COLLEGES {
        let academie = duties(&out, slug, "Académie de Toulouse").join(" ");
        let collectivite = duties(&out, slug, "Département de la Haute-Garonne").join(" ");
        let etab = duties(&out, slug, nom).join(" ");
        // 002 modèle 2 Annexe 2 art. 2 (L1320-1323): the académie supplies the directory from
        // the AAF and trains the teachers.
        has(
            &academie,
            "fournit, alimente, sécurise et actualise l'annuaire de l'ENT à partir de l'annuaire fédérateur (AAF)",
            "modèle 2 Annexe 2 art. 2 (L1322): the académie's duties",
        );
        has(
            &academie,
            "forme les enseignants à l'utilisation de l'ENT",
            "modèle 2 Annexe 2 art. 2 (L1323)",
        );
        // (L1325-1328): the collectivité answers for the data of its own portal, chooses the
        // solution and secures the contract with the editor.
        has(
            &collectivite,
            "répond de la proportionnalité et de l'exactitude des données traitées sur un portail de l'ENT qui lui est dédié",
            "modèle 2 Annexe 2 art. 2 (L1327): the collectivité's duties",
        );
        has(
            &collectivite,
            "schéma directeur national des ENT",
            "modèle 2 Annexe 2 art. 2 (L1328)",
        );
        // (L1330-1335): the establishment answers for the proportionality of its pupils' and
        // staff's data, manages the directory and users' rights, chooses the services.
        has(
            &etab,
            "répond de la proportionnalité et de l'exactitude des données des élèves et des personnels relevant de son autorité",
            "modèle 2 Annexe 2 art. 2 (L1332): the establishment's duties",
        );
        has(
            &etab,
            "gestion de l'annuaire et des droits des utilisateurs, choix des services proposés par l'ENT et d'éventuels services tiers",
            "modèle 2 Annexe 2 art. 2 (L1333-1334)",
        );
        // (L1343), art. 7.1 (L1256): « les parties sont solidairement responsables ».
        for d in [&academie, &collectivite, &etab] {
            has(
                d,
                "est solidairement responsable avec les autres parties, à l'égard des personnes concernées, des opérations réalisées en responsabilité conjointe",
                "modèle 2 Annexe 2 art. 2 (L1343)",
            );
        }
        // 002 modèle 2 art. 5 (L1216-1220): the académie proposes the notices, the
        // collectivité has them put in the footer, the establishment validates and hands them
        // out.
        has(
            &academie,
            "propose les mentions d'information",
            "modèle 2 art. 5 (L1216)",
        );
        has(
            &collectivite,
            "pied de page des écrans d'accueil et de connexion",
            "modèle 2 art. 5 (L1218)",
        );
        has(
            &etab,
            "valide et diffuse les mentions d'information",
            "modèle 2 art. 5 (L1220)",
        );
    }
}

#[test]
fn modele_2_notices_are_in_the_footer_of_the_ent() {
    let (_d, out) = build(MODELE_2);
    for (slug, _) in COLLEGES {
        // 002 modèle 2 art. 5 (L1218): the notices are « apposées en pied de page des écrans
        // d'accueil et de connexion ».
        let json: serde_json::Value = serde_json::from_str(&raw(&out, &format!("{slug}/footer.json"))).unwrap();
        let links = json["liens"].as_array().expect("footer.json liens");
        let url = |id: &str| {
            links
                .iter()
                .find(|l| l["id"] == id)
                .and_then(|l| l["url"].as_str())
                .map(String::from)
        };
        assert_eq!(
            url("donnees-personnelles").as_deref(),
            Some(format!("{BASE_2}/{slug}/mentions/").as_str()),
            "modèle 2 art. 5 (L1218)"
        );
        // 002 modèle 2 art. 5 (L1240): « Sur le site web de l'établissement depuis la page
        // contenant les mentions relatives à la protection des données de l'ENT ».
        assert_eq!(
            url("grandes-lignes").as_deref(),
            Some(format!("{BASE_2}/{slug}/grandes-lignes/").as_str()),
            "modèle 2 art. 5 (L1240)"
        );
        has(
            &raw(&out, &format!("{slug}/footer.html")),
            &format!("{BASE_2}/{slug}/mentions/"),
            "modèle 2 art. 5 (L1218): footer.html",
        );
        let notice = raw(&out, &format!("{slug}/mentions/index.html"));
        has(main_of(&notice), "grandes-lignes/index.html", "modèle 2 art. 5 (L1240)");
    }
}

#[test]
fn modele_2_rights_may_be_exercised_with_each_controller() {
    let (_d, out) = build(MODELE_2);
    let notice = text(&out, &format!("{COLLEGE}/mentions/index.html"));
    // 002 modèle 2 art. 5 (L1222) and Annexe 2 art. 3 (L1349-1356): access, rectification,
    // opposition, limitation, post mortem directives.
    for (needle, right) in [
        ("y accéder et en obtenir une copie (article 15 du RGPD)", "access"),
        ("faire corriger des données inexactes", "rectification"),
        ("vous opposer au traitement", "opposition"),
        ("demander la limitation du traitement", "limitation"),
        (
            "donner des directives sur le sort de vos données après votre décès",
            "post mortem",
        ),
    ] {
        has(&notice, needle, &format!("modèle 2 art. 5 (L1222): {right}"));
    }
    has(
        &notice,
        "Le droit à la portabilité (article 20) ne concerne que les traitements fondés sur votre consentement ou sur un contrat : aucun des traitements décrits ici ne l'est.",
        "RGPD 20.1",
    );
    // 002 modèle 2 art. 5 (L1222): « à l'égard de et contre chacun des trois responsables ».
    for rel in [
        format!("{COLLEGE}/mentions/index.html"),
        format!("{COLLEGE}/grandes-lignes/index.html"),
    ] {
        has(
            &text(&out, &rel),
            "Vous pouvez exercer vos droits auprès de chacun des responsables conjoints",
            "modèle 2 art. 5 (L1222)",
        );
    }
}

#[test]
fn modele_2_pupils_and_staff_go_to_the_chef_d_etablissement() {
    let (_d, out) = build(MODELE_2);
    for (slug, nom) in COLLEGES {
        for rel in [
            format!("{slug}/grandes-lignes/index.html"),
            format!("{slug}/mentions/index.html"),
        ] {
            let table = routes(&out, &rel);
            // 002 modèle 2 art. 5 (L1226): « la collectivité traite toute demande portant sur
            // un module lui étant propre »: the first rule, by module, in the model's words.
            let module = &table[0];
            assert_eq!(
                (module[0].as_str(), module[1].as_str(), module[2].as_str()),
                (
                    "une demande portant sur un module propre au Département",
                    "toute personne",
                    "Département de la Haute-Garonne"
                ),
                "{rel}: modèle 2 art. 5 (L1226)"
            );
            // 002 modèle 2 art. 5 (L1227): « le chef d'établissement traite toute demande
            // émanant d'un élève ou d'un membre du personnel de son établissement ».
            let first = &table[1];
            assert_eq!(
                (first[1].as_str(), first[2].as_str()),
                ("les élèves et les personnels de l'établissement", nom),
                "{rel}: modèle 2 art. 5 (L1227)"
            );
            // 002 modèle 2 art. 5 (L1228): the académie, for « toute demande … excédant le
            // champ d'application du seul établissement ».
            let last = table.last().unwrap();
            assert_eq!(last[2], "Académie de Toulouse", "{rel}: modèle 2 art. 5 (L1228)");
            has(&last[3], "dpd@ac-toulouse.fr", "modèle 2 art. 5 (L1228)");
            // The kit routes no request by requester to the collectivité (L1226: by module
            // only) and names no parents in the establishment's share (L1227).
            for row in &table[1..] {
                assert_ne!(
                    row[2], "Département de la Haute-Garonne",
                    "{rel}: modèle 2 art. 5 (L1226): {row:?}"
                );
            }
            lacks(&first[1], "responsables légaux", "modèle 2 art. 5 (L1227)");
            lacks(
                &text(&out, &rel),
                "les personnels de la collectivité",
                "modèle 2 art. 5 (L1226-1228)",
            );
        }
    }
}

/// The kit declares no module of the collectivité, so no `traitements:` rule routes one and the
/// routing table has no row for it: the grandes lignes state the duty among the collectivité's
/// obligations.
#[test]
fn modele_2_collectivite_answers_for_its_own_modules() {
    let (_d, out) = build(MODELE_2);
    // 002 modèle 2 art. 5 (L1226): « la collectivité traite toute demande portant sur un
    // module lui étant propre ».
    let collectivite = duties(&out, COLLEGE, "Département de la Haute-Garonne");
    assert!(
        collectivite
            .iter()
            .any(|d| d
                .starts_with("traite toute demande d'exercice des droits portant sur un module qui lui est propre")),
        "modèle 2 art. 5 (L1226): requests about the Département's own modules go to it: {collectivite:?}"
    );
    // (L1228): the académie, its own modules and what exceeds one establishment.
    let academie = duties(&out, COLLEGE, "Académie de Toulouse");
    assert!(
        academie.iter().any(|d| d.starts_with(
            "traite toute demande d'exercice des droits portant sur un module qui lui est propre ou excédant le champ d'application du seul établissement"
        )),
        "modèle 2 art. 5 (L1228): {academie:?}"
    );
}

#[test]
fn modele_2_any_party_forwards_a_misaddressed_request_within_8_days() {
    let (_d, out) = build(MODELE_2);
    for rel in [
        format!("{COLLEGE}/grandes-lignes/index.html"),
        format!("{COLLEGE}/mentions/index.html"),
    ] {
        // 002 modèle 2 art. 5 (L1230): « Toute partie qui serait destinataire d'une demande de
        // droit ne relevant pas de sa compétence la réoriente au plus tard 8 jours après sa
        // réception ».
        has(
            &text(&out, &rel),
            "Une demande adressée à un responsable qui n'est pas chargé de la traiter est transmise au bon interlocuteur sous 8 jours.",
            "modèle 2 art. 5 (L1230)",
        );
    }
}

#[test]
fn modele_2_states_no_answer_delay_of_its_own() {
    let (_d, out) = build(MODELE_2);
    for rel in [
        format!("{COLLEGE}/grandes-lignes/index.html"),
        format!("{COLLEGE}/mentions/index.html"),
        "mentions/index.html".to_string(),
    ] {
        let page = text(&out, &rel);
        // 002 modèle 2: no answer delay in the kit; the one month is RGPD 12.3.
        has(&page, "dans un délai d'un mois", "RGPD 12.3");
        assert!(
            always_followed_by(&page, "délai d'un mois", "(article 12.3 du RGPD)", 300),
            "{rel}: the one month is the law's (12.3), not the agreement's"
        );
        lacks(&page, "délai de 1 mois", "modèle 2: no answer delay in the kit");
        lacks(
            &page,
            "Les responsables vous répondent sous",
            "modèle 2: no answer delay in the kit",
        );
    }
}

#[test]
fn modele_2_point_of_contact_is_the_establishment_dpd() {
    let (_d, out) = build(MODELE_2);
    for (slug, nom) in COLLEGES {
        let le = nom.replacen("Collège", "le collège", 1);
        let rel = format!("{slug}/grandes-lignes/index.html");
        let gl = raw(&out, &rel);
        // 002 modèle 2 art. 6 (L1246): « Le délégué à la protection des données de
        // l'établissement est désigné comme le point de contact »; Annexe 2 art. 4 (L1362).
        // The kit leaves that DPD's contact blank (Annexe 2 art. 4 L1362: « [*indiquer ses
        // coordonnées*] »): the roster's `dpd: {}`, and not the académie's address instead.
        let contact = norm(section(&gl, "Point de contact", &rel));
        has(
            &contact,
            &format!("{le}, par son délégué à la protection des données (coordonnées non indiquées)"),
            "modèle 2 art. 6 (L1246)",
        );
        lacks(
            &contact,
            "dpd@ac-toulouse.fr",
            "Annexe 2 art. 4: not the académie's DPD",
        );
        lacks(&contact, "Département", "modèle 2 art. 6 (L1246): not the collectivité");
        let notice = text(&out, &format!("{slug}/mentions/index.html"));
        has(
            &notice,
            &format!("Au point de contact, {le} :"),
            "modèle 2 art. 6 (L1246)",
        );
        has(
            &text(&out, &format!("{slug}/index.html")),
            &format!("Point de contact désigné par l'accord : {le}"),
            "modèle 2 art. 6 (L1246)",
        );
    }
}

#[test]
fn modele_2_the_collectivite_and_academie_dpd_may_also_be_contacted() {
    let (_d, out) = build(MODELE_2);
    // 002 modèle 2 Annexe 2 art. 4 (L1364): people « peuvent également saisir le délégué à la
    // protection des données de la collectivité x … ou de l'académie x ».
    let rel = format!("{COLLEGE}/mentions/index.html");
    let html = raw(&out, &rel);
    let dpds = items(section(&html, "Qui contacter", &rel));
    assert!(
        dpds.iter()
            .any(|d| d.starts_with("Département de la Haute-Garonne") && d.contains("coordonnées non indiquées")),
        "modèle 2 Annexe 2 art. 4 (L1364): {dpds:?}"
    );
    assert!(
        dpds.iter()
            .any(|d| d.starts_with("Académie de Toulouse") && d.contains("dpd@ac-toulouse.fr")),
        "modèle 2 Annexe 2 art. 4 (L1364): {dpds:?}"
    );
}

#[test]
fn modele_2_grandes_lignes_give_the_collectivite_dpd() {
    let (_d, out) = build(MODELE_2);
    // 002 modèle 2 Annexe 2 art. 4 (L1362-1364): the grandes lignes give the coordinates of the
    // DPD of the collectivité and of the académie « [indiquer ses coordonnées] ».
    let rel = format!("{COLLEGE}/grandes-lignes/index.html");
    let controllers = items(section(&raw(&out, &rel), "responsables conjoints", &rel));
    assert!(
        controllers
            .iter()
            .any(|c| c.starts_with("Département de la Haute-Garonne") && c.contains("coordonnées non indiquées")),
        "modèle 2 Annexe 2 art. 4 (L1364): {controllers:?}"
    );
    assert!(
        controllers
            .iter()
            .any(|c| c.starts_with("Académie de Toulouse") && c.contains("dpd@ac-toulouse.fr")),
        "modèle 2 Annexe 2 art. 4 (L1364): {controllers:?}"
    );
}

#[test]
fn modele_2_cnil_notification_by_perimeter() {
    let (_d, out) = build(MODELE_2);
    for (slug, nom) in COLLEGES {
        let le = nom.replacen("Collège", "le collège", 1);
        let rules = breaches(&out, slug);
        // Two sentences: the académie's (several establishments, hence the whole ENT) and the
        // establishment's (itself only).
        assert_eq!(rules.len(), 2, "{slug}: {rules:?}");
        // 002 modèle 2 art. 4.2 (L1189): the académie notifies « lorsque la violation concerne
        // plusieurs établissements »; the ENT serves every establishment of the collectivité
        // (preamble, L1118), so a breach of the whole ENT is one of them. Both rules say the
        // same sentence: one line names both perimeters, the larger first.
        assert!(
            rules[0].starts_with(
                "Pour une violation touchant l'ENT dans son ensemble ou plusieurs établissements : l'académie de Toulouse la notifie"
            ),
            "{slug}: modèle 2 art. 4.2 (L1189): {rules:?}"
        );
        // 002 modèle 2 art. 4.3 (L1203): the establishment notifies « lorsque la violation ne
        // touche que les élèves et personnels de ce seul établissement ».
        assert!(
            rules[1].starts_with(&format!(
                "Pour une violation touchant un seul établissement : {le} la notifie"
            )),
            "{slug}: modèle 2 art. 4.3 (L1203): {rules:?}"
        );
        for r in &rules {
            // The collectivité never notifies the CNIL (art. 4.1, L1170-1181).
            lacks(
                r,
                "Département de la Haute-Garonne la notifie",
                "modèle 2 art. 4.1: the collectivité never notifies",
            );
            // The model names no académie-wide or département-wide perimeter.
            lacks(r, "toute une académie", "modèle 2: no académie-wide perimeter");
            lacks(r, "tout un département", "modèle 2: no département-wide perimeter");
        }
    }
}

#[test]
fn modele_2_academie_and_establishment_alert_without_a_fixed_delay() {
    let (_d, out) = build(MODELE_2);
    let rules = breaches(&out, COLLEGE);
    for r in &rules {
        // 002 modèle 2 art. 4.2 (L1190), 4.3 (L1201): the académie and the establishment alert
        // the other parties « dans les plus brefs délais »: no fixed delay.
        has(
            r,
            "dans les plus brefs délais",
            "modèle 2 art. 4.2 (L1190), 4.3 (L1201)",
        );
        lacks(r, "heures", "modèle 2 art. 4.2, 4.3: no fixed delay");
        lacks(r, "48", "modèle 2 art. 4.1: the 48 h is the collectivité's alone");
    }
    let own = rules
        .iter()
        .find(|r| r.contains("touchant un seul établissement"))
        .unwrap();
    // 4.3 (L1201): the establishment alerts « les autres parties ».
    has(
        own,
        "en informe l'académie de Toulouse et le Département de la Haute-Garonne",
        "modèle 2 art. 4.3 (L1201)",
    );
    // 4.2 (L1190): the académie alerts « les autres parties ».
    for r in rules.iter().filter(|r| !r.contains("touchant un seul établissement")) {
        has(
            r,
            "en informe le Département de la Haute-Garonne et le collège Bellevue",
            "modèle 2 art. 4.2 (L1190)",
        );
    }
}

/// A `violations` rule says who notifies the CNIL and whom it informs; the collectivité, which
/// never notifies, has its alert stated among its obligations.
#[test]
fn modele_2_collectivite_alerts_the_other_parties_within_48_hours() {
    let (_d, out) = build(MODELE_2);
    // 002 modèle 2 art. 4.1 (L1177): the collectivité alerts the other parties « au plus tard
    // dans un délai maximal de 48h ».
    let collectivite = duties(&out, COLLEGE, "Département de la Haute-Garonne");
    assert!(
        collectivite.iter().any(|d| d.starts_with(
            "alerte les autres parties des incidents liés à l'ENT qui lui sont signalés, dans les plus brefs délais et au plus tard dans les 48 heures"
        )),
        "modèle 2 art. 4.1 (L1177): {collectivite:?}"
    );
}

#[test]
fn modele_2_states_no_delay_the_model_does_not_state() {
    let (_d, out) = build(MODELE_2);
    for (rel, page) in all_pages(&out) {
        // 002 modèle 2: the fixed delays are the collectivité's 48 h alert (art. 4.1, stated
        // among its obligations only) and every party's 8-day forwarding (art. 5); no other
        // (the 1 month is RGPD 12.3, 72 h RGPD 33).
        let page = match rel.strip_suffix("/grandes-lignes/index.html") {
            Some(slug) => without(&page, &duties(&out, slug, "Département de la Haute-Garonne")),
            None => page,
        };
        for d in ["48 heures", "24 heures", "15 jours", "3 jours", "1 mois"] {
            lacks(&page, d, &format!("{rel}: modèle 2 states no such delay"));
        }
        assert!(
            always_followed_by(&page, "72 heures", "(article 33)", 200),
            "{rel}: 72 hours only as the law's (RGPD 33)"
        );
        if page.contains("8 jours") {
            has(
                &page,
                "transmise au bon interlocuteur sous 8 jours",
                "modèle 2 art. 5 (L1230)",
            );
        }
    }
}

/// Each duty a party has towards the people or the other parties under model 2 art. 3 and 4
/// that Annexe 2 does not spell out, on the grandes lignes of every collège (« Qui fait
/// quoi ? »).
#[test]
fn modele_2_articles_3_and_4_obligations() {
    let (_d, out) = build(MODELE_2);
    // 002 modèle 2 art. 3 binds « les parties », each of the three.
    let art_3: &[(&str, &str)] = &[
        // 002 modèle 2 art. 3 (L1156): « les parties s'engagent à prendre en considération la
        // protection des données à caractère personnel dans toutes les orientations
        // stratégiques de mise en œuvre de l'ENT »; (L1158) « les parties sont conjointement
        // garantes de la licéité, la légitimité et la transparence des finalités principales ».
        (
            "art. 3 (L1156, L1158)",
            "prend en considération la protection des données personnelles dans toutes les orientations stratégiques de mise en œuvre de l'ENT, et garantit avec les autres parties la licéité, la légitimité et la transparence des finalités principales du traitement",
        ),
        // 002 modèle 2 art. 3 (L1160): « chacune des parties détermine pour les modules qui lui
        // sont propres les catégories de données pertinentes, les destinataires de ces données
        // et les durées de conservation à respecter ».
        (
            "art. 3 (L1160)",
            "détermine, pour les modules qui lui sont propres, les catégories de données pertinentes, leurs destinataires et leurs durées de conservation",
        ),
        // 002 modèle 2 art. 3 (L1162): « respecter les préconisations figurant dans le SDET en
        // vigueur et [...] les faire respecter par la société en charge du développement et de
        // la maintenance de la solution ENT ».
        (
            "art. 3 (L1162)",
            "respecte les préconisations du schéma directeur des ENT (SDET) en vigueur et veille à leur respect par la société chargée du développement et de la maintenance de la solution ENT",
        ),
    ];
    let academie: &[(&str, &str)] = &[
        // 002 modèle 2 art. 4.2 (L1186): « Mettre à jour l'annuaire fédérateur chaque début
        // d'année scolaire ainsi que lors de la suppression ou modification de comptes
        // utilisateurs qui lui seront notifiées ».
        (
            "art. 4.2 (L1186)",
            "met à jour l'annuaire fédérateur à chaque début d'année scolaire, ainsi que lorsque la suppression ou la modification de comptes utilisateurs lui est notifiée",
        ),
        // 002 modèle 2 art. 4.2 (L1187): « Effectuer tout transfert de données personnelles
        // relatif à l'annuaire fédérateur de manière sécurisée ».
        (
            "art. 4.2 (L1187)",
            "effectue de manière sécurisée tout transfert de données personnelles relatif à l'annuaire fédérateur",
        ),
        // 002 modèle 2 art. 4.2 (L1188): « la mise à disposition d'une assistance téléphonique
        // à leur destination et plus généralement [...] un appui aux établissements à la
        // conduite du changement ».
        (
            "art. 4.2 (L1188)",
            "met à la disposition des personnels de l'éducation nationale une assistance téléphonique, et appuie les établissements dans la conduite du changement",
        ),
        // 002 modèle 2 art. 4.2 (L1189): « Signaler à la CNIL et le cas échéant notifier aux
        // personnes concernées, toutes les violations de données [...] lorsque la violation
        // concerne plusieurs établissements ».
        (
            "art. 4.2 (L1189)",
            "signale à la CNIL les violations de données liées à ce traitement qui concernent plusieurs établissements et, le cas échéant, les notifie aux personnes concernées",
        ),
        // 002 modèle 2 art. 4.2 (L1190): « Alerter les autres parties des incidents éventuels
        // liés à l'ENT, qui lui seraient notifiés, dans les plus brefs délais et des suites leur
        // ayant été données ».
        (
            "art. 4.2 (L1190)",
            "alerte les autres parties, dans les plus brefs délais, des incidents liés à l'ENT qui lui sont signalés et des suites qui leur ont été données",
        ),
        // 002 modèle 2 art. 4.2 (L1192): « Transmettre aux autres parties le nom et les
        // coordonnées de son délégué à la protection des données ».
        (
            "art. 4.2 (L1192)",
            "transmet aux autres parties le nom et les coordonnées de son délégué à la protection des données",
        ),
    ];
    let collectivite: &[(&str, &str)] = &[
        // 002 modèle 2 art. 4.1 (L1172): « Assurer le pilotage du projet, notamment sous ses
        // aspects contractuels ».
        (
            "art. 4.1 (L1172)",
            "assure le pilotage du projet, notamment sous ses aspects contractuels",
        ),
        // 002 modèle 2 art. 4.1 (L1174): « Vérifier que l'éditeur de la solution ENT retenue
        // présente toutes les garanties requises à la sécurité des données ».
        (
            "art. 4.1 (L1174)",
            "vérifie que l'éditeur de la solution ENT retenue présente toutes les garanties requises pour la sécurité des données personnelles de ses utilisateurs",
        ),
        // 002 modèle 2 art. 4.1 (L1175): « Formaliser, au nom de tous les responsables conjoints
        // du traitement avec l'éditeur désigné de la solution, un accord de sous-traitance
        // conforme à l'article 28 du RGPD [...] (à l'exception des établissements parties à la
        // présente convention, lesquels signeront, parallèlement une convention ad hoc) ».
        (
            "art. 4.1 (L1175)",
            "conclut avec l'éditeur de la solution, au nom des responsables conjoints, un accord de sous-traitance conforme à l'article 28 du RGPD, l'établissement signant avec lui sa propre convention",
        ),
        // 002 modèle 2 art. 4.1 (L1176): « Transmettre aux autres parties à la présente
        // convention la documentation de conformité aux règles de sécurité élémentaires de
        // l'éditeur retenu ».
        (
            "art. 4.1 (L1176)",
            "transmet aux autres parties la documentation de conformité de l'éditeur retenu aux règles de sécurité élémentaires",
        ),
        // 002 modèle 2 art. 4.1 (L1180): « Transmettre aux autres parties le nom et les
        // coordonnées de son délégué à la protection des données ».
        (
            "art. 4.1 (L1180)",
            "transmet aux autres parties le nom et les coordonnées de son délégué à la protection des données",
        ),
    ];
    let etablissement: &[(&str, &str)] = &[
        // 002 modèle 2 art. 4.3 (L1200): « Mettre en place l'assistance de 1er niveau des
        // utilisateurs avec le concours des services d'appui de l'Académie »; Annexe 2 art. 2
        // (L1335).
        (
            "art. 4.3 (L1200), Annexe 2 art. 2 (L1335)",
            "sensibilise les utilisateurs aux mesures élémentaires de sécurité, comme la non-divulgation de leurs identifiants de connexion, et met en place une assistance de premier niveau avec le concours des services d'appui de l'académie",
        ),
        // 002 modèle 2 art. 4.3 (L1203): « Signaler à la CNIL et notifier, le cas échéant, aux
        // personnes concernées toutes les violations de données [...], lorsque la violation ne
        // touche que les élèves et personnels de ce seul établissement ».
        (
            "art. 4.3 (L1203)",
            "signale à la CNIL les violations de données liées à ce traitement qui ne touchent que les élèves et les personnels de l'établissement et, le cas échéant, les notifie aux personnes concernées",
        ),
        // 002 modèle 2 art. 4.3 (L1201): « Alerter les autres parties des incidents éventuels
        // liés à l'ENT, qui lui seraient notifiés, dans les plus brefs délais ».
        (
            "art. 4.3 (L1201)",
            "alerte les autres parties, dans les plus brefs délais, des incidents liés à l'ENT qui lui sont signalés",
        ),
        // 002 modèle 2 art. 4.3 (L1205): « Transmettre aux autres parties le nom et les
        // coordonnées de son délégué à la protection des données ».
        (
            "art. 4.3 (L1205)",
            "transmet aux autres parties le nom et les coordonnées de son délégué à la protection des données",
        ),
    ];
    for (slug, nom) in COLLEGES {
        for (party, own) in [
            ("Académie de Toulouse", academie),
            ("Département de la Haute-Garonne", collectivite),
            (nom, etablissement),
        ] {
            let listed = duties(&out, slug, party);
            for (cite, want) in art_3.iter().chain(own) {
                assert!(
                    listed.iter().any(|d| d.starts_with(want)),
                    "{slug}: modèle 2 {cite}: « {want} » not among the duties of {party}: {listed:?}"
                );
            }
        }
        // 002 modèle 2 art. 4.1 (L1173): « Choisir une solution ENT [option : le cas échéant en
        // concertation avec l'autorité académique] »: an option of the kit, not taken.
        for d in duties(&out, slug, "Département de la Haute-Garonne") {
            lacks(
                &d,
                "concertation",
                "modèle 2 art. 4.1 (L1173): the concertation is an option",
            );
        }
    }
}

#[test]
fn modele_1_the_commune_answers_for_its_own_modules() {
    // 002 modèle 1 art. 5 (L935): « la collectivité traite toute demande portant sur un module
    // lui étant propre »; (L936-937) « toute autre demande est traitée de façon centralisée par
    // l'académie ». The table says both, in that order.
    let (_d, out) = build(MODELE_1);
    let rel = format!("{ECOLE}/mentions/index.html");
    let table = routes(&out, &rel);
    let module = table
        .iter()
        .position(|r| r[0] == "une demande portant sur un module propre à la commune")
        .unwrap_or_else(|| panic!("{rel}: modèle 1 art. 5 (L935): {table:?}"));
    assert_eq!(
        table[module][2], "Commune de Vincennes",
        "{rel}: modèle 1 art. 5 (L935)"
    );
    let last = table.len() - 1;
    assert!(
        module < last,
        "{rel}: the module rule comes before the catch-all: {table:?}"
    );
    assert_eq!(
        (table[last][0].as_str(), table[last][2].as_str()),
        ("tout traitement", "Académie de Créteil"),
        "{rel}: modèle 1 art. 5 (L936)"
    );
}
