//! The pupils' page (`<uai>/eleves/index.html`, issue 12): the notice's information for a
//! pupil of CM1 or of 3e, with examples taken from the roster only (the treatments that keep
//! data about pupils, a few of those data, a few recipients, each said once), whom to ask (a
//! teacher, an adult of the school, the DPD with its contact), no article numbers; linked from
//! the establishment's page, from the notice and from the menu, listed in the sitemap.

mod common;

use std::path::{Path, PathBuf};

/// Builds an example roster with `ent-rgpd build`.
fn build(roster: &str) -> (tempfile::TempDir, PathBuf) {
    common::build_example(roster)
}

fn raw(out: &Path, rel: &str) -> String {
    common::read(out, rel)
}

/// The text of the page's `<main>`, as read.
fn main_text(out: &Path, rel: &str) -> String {
    let html = raw(out, rel);
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap();
    common::visible(&html[start..end])
}

fn has(page: &str, needle: &str, why: &str) {
    assert!(page.contains(needle), "{why}: « {needle} » absent\n{page}");
}

fn lacks(page: &str, needle: &str, why: &str) {
    assert!(!page.contains(needle), "{why}: « {needle} » present\n{page}");
}

/// No « article 26 », « article 6.1.e », « art. 13 » on a page for children.
fn no_article_numbers(page: &str) {
    let words: Vec<&str> = page.split_whitespace().collect();
    for w in words.windows(2) {
        let article = w[0].eq_ignore_ascii_case("article") || w[0].eq_ignore_ascii_case("art.");
        assert!(
            !(article && w[1].starts_with(|c: char| c.is_ascii_digit())),
            "article number « {} {} » on the pupils' page",
            w[0],
            w[1]
        );
    }
}

#[test]
fn a_college_pupils_page_says_what_the_roster_says() {
    let (_d, out) = build("tests/rosters/grand-est.yaml");
    let rel = "0570055a/eleves/index.html";
    let html = raw(&out, rel);
    assert!(
        html.contains("<title>Tes données dans l'ENT – Collège Barbot – Mon Bureau Numérique</title>"),
        "{html}"
    );
    let page = main_text(&out, rel);
    has(
        &page,
        "l'espace numérique de travail de ton collège",
        "who uses the ENT",
    );
    has(
        &page,
        "il utilise des informations sur toi",
        "the roster keeps data about pupils",
    );
    // The treatments that keep data about pupils, not the one about staff only.
    has(
        &page,
        "Administration et fonctionnement du portail Mon Bureau Numérique",
        "treatment",
    );
    has(
        &page,
        "Services numériques pédagogiques, de vie scolaire et d'organisation scolaire de l'établissement",
        "treatment",
    );
    lacks(
        &page,
        "Communication externe",
        "a treatment with no pupil data is no example for pupils",
    );
    lacks(&page, "tout internaute", "its recipients neither");
    // Data about pupils, from the category `eleves`; each example once.
    has(
        &page,
        "données extraites de l'annuaire académique fédérateur (AAF)",
        "pupil data (000 §7.4.2)",
    );
    assert_eq!(
        page.matches("catégories fixées par le responsable de ce traitement")
            .count(),
        1,
        "said once: {page}"
    );
    lacks(&page, "situation professionnelle", "staff data are not pupils' data");
    // Recipients, each once.
    has(
        &page,
        "les destinataires choisis pour chaque communication",
        "recipient",
    );
    assert_eq!(
        page.matches("l'éditeur de la solution, sous-traitant").count(),
        1,
        "{page}"
    );
    // Who is responsible: the establishment is « ton collège ».
    has(
        &page,
        "Les responsables de ces données sont l'académie de Nancy-Metz, le Département de la Moselle et ton collège.",
        "controllers",
    );
    // Whom to ask: a teacher, an adult of the school, the DPD with its address.
    has(
        &page,
        "Parles-en d'abord à un professeur, ou à un adulte de ton collège.",
        "whom to ask",
    );
    assert!(html.contains("href=mailto:dpd@ac-nancy-metz.fr") || html.contains("href=\"mailto:dpd@ac-nancy-metz.fr\""));
    has(&page, "CNIL", "complaint");
    no_article_numbers(&page);
    // Linked from the establishment's page, the notice and the menu; in the sitemap.
    assert!(raw(&out, "0570055a/index.html").contains("href=eleves/index.html"));
    let notice = raw(&out, "0570055a/mentions/index.html");
    assert!(
        notice.matches("href=../eleves/index.html").count() >= 3,
        "L'essentiel, menu, en savoir plus"
    );
    assert!(raw(&out, "sitemap.xml").contains("<loc>https://rgpd.monbureaunumerique.fr/0570055a/eleves/</loc>"));
}

#[test]
fn an_ecole_pupils_page_speaks_to_a_cm1_pupil() {
    let (_d, out) = build("tests/rosters/kit-modele-1.yaml");
    let page = main_text(&out, "0940173c/eleves/index.html");
    has(&page, "l'espace numérique de travail de ton école", "an école");
    has(&page, "ta maîtresse ou ton maître", "a teacher of an école");
    // An école is never a controller: the commune and the académie are.
    has(
        &page,
        "Les responsables de ces données sont l'académie de Créteil et la commune de Vincennes.",
        "controllers of an école",
    );
    has(&page, "dpd@ac-creteil.fr", "the DPD answering for the école");
    no_article_numbers(&page);
}

#[test]
fn without_a_pupils_category_the_page_claims_nothing_about_pupils() {
    // Ille-et-Vilaine: data by « toutes les personnes concernées », one controller.
    let (_d, out) = build("tests/rosters/ille-et-vilaine.yaml");
    let page = main_text(&out, "0350003n/eleves/index.html");
    has(
        &page,
        "ils utilisent des informations sur leurs utilisateurs",
        "no claim about the pupil (the Département's services: plural, `ent.nature`)",
    );
    lacks(&page, "sur toi", "no claim about the pupil");
    // 003 ann. op. §2: these services are not the ENT (Toutatice is the académie's).
    lacks(&page, "ENT", "003: not an ENT");
    has(
        &page,
        "ce sont des services numériques utilisés par ton collège",
        "003 ann. op. §2: operated by the Département, used by the collège",
    );
    has(
        &page,
        "Gestion de la maintenance et du parc informatique des collèges publics",
        "treatment",
    );
    has(&page, "identifiant unique (GUUID)", "first data of the first category");
    has(
        &page,
        "Le responsable de ces données est le Département d'Ille-et-Vilaine.",
        "one controller, singular",
    );
}

#[test]
fn every_establishment_of_every_example_has_a_short_pupils_page() {
    for roster in [
        "tests/rosters/minimal.yaml",
        "tests/rosters/fontenay-aux-roses.yaml",
        "tests/rosters/kit-modele-2.yaml",
    ] {
        let (_d, out) = build(roster);
        for entry in std::fs::read_dir(&out).unwrap().flatten() {
            if !entry.path().join("footer.json").is_file() {
                continue;
            }
            let rel = format!("{}/eleves/index.html", entry.file_name().to_string_lossy());
            let page = main_text(&out, &rel);
            let words = page
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            assert!((100..=400).contains(&words), "{roster} {rel}: {words} words");
            no_article_numbers(&page);
        }
    }
}
