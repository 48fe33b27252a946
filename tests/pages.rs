//! Each seed roster, built: the pages say who is controller, the DPO contacts, the point of
//! contact, where rights go, who notifies a breach and in what delay, and the retention.

mod common;

use ent_rgpd::output::{self, WriteOptions};
use ent_rgpd::project;
use ent_rgpd::render::Renderer;
use std::path::{Path, PathBuf};

/// Build `roster` into a fresh directory with the library (same path as `build`).
fn build(roster: &str) -> (tempfile::TempDir, PathBuf) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(roster);
    let checked = project::check(&path).unwrap_or_else(|e| panic!("{roster}: {e:?}"));
    let renderer = Renderer::new(&checked.roster.root_dir()).unwrap();
    let mut pages = renderer.render_ent(&checked.site).unwrap();
    for e in &checked.site.etablissements {
        pages.extend(renderer.render_etablissement(&checked.site, e).unwrap());
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    output::write_site(&out, pages, &WriteOptions::default()).unwrap();
    (dir, out)
}

/// The text of a page as a reader sees it.
fn text(out: &Path, rel: &str) -> String {
    common::visible(&std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

fn has(page: &str, needle: &str, what: &str) {
    assert!(page.contains(needle), "{what}: « {needle} » absent");
}

#[test]
fn grand_est_alsace_college() {
    let (_d, out) = build("tests/rosters/grand-est.yaml");
    let gl = text(&out, "0671956m/grandes-lignes/index.html");
    // Controllers: académie, the CEA (not a département), the establishment.
    has(&gl, "Académie de Strasbourg", "controllers");
    has(&gl, "Collectivité européenne d'Alsace", "competent collectivité in 67");
    assert!(
        !gl.contains("Département du Bas-Rhin"),
        "no département of 67 as controller"
    );
    // DPO contacts and breach delay.
    // The CeA has a DPD whose contact no seed gives: none is invented.
    has(&gl, "coordonnées non indiquées", "DPO of the CEA, without contact");
    assert!(!gl.contains("dpo@alsace.eu"), "no invented DPO address");
    has(&gl, "dpd@ac-strasbourg.fr", "DPO of the académie");
    has(&gl, "48 heures", "breach notification delay");
    has(
        &gl,
        "Région Grand Est",
        "breach of the whole ENT notified by the région",
    );
    let notice = text(&out, "0671956m/mentions/index.html");
    has(&notice, "représentée par le recteur", "the recteur for an EPLE");
    assert!(!notice.contains("DASEN"), "no DASEN on a collège's notice");
    // 000/001 set no retention period: the notice says so (no kit period).
    has(
        &notice,
        "la convention ne fixe pas de durée de conservation",
        "retention",
    );
    assert!(!notice.contains("douze mois"), "no kit period in the MBN notice");
    has(&notice, "CNIL", "complaint");
    // The ENT-level notice exists and names the ENT.
    has(&text(&out, "mentions/index.html"), "Mon Bureau Numérique", "ENT notice");
}

#[test]
fn fontenay_ecole_is_not_a_controller() {
    let (_d, out) = build("tests/rosters/fontenay-aux-roses.yaml");
    let notice = text(&out, "0920546u/mentions/index.html");
    has(&notice, "Académie de Versailles", "controller");
    has(&notice, "Commune de Fontenay-aux-Roses", "controller");
    has(&notice, "dpd@ac-versailles.fr", "DPO");
    has(&notice, "personnalité juridique", "an école has no legal personality");
    // 004: the académie is represented by the rectrice de la région académique.
    has(
        &notice,
        "représentée par la rectrice de la région académique",
        "representative",
    );
    assert!(
        !notice.contains("représenté par le chef d'établissement"),
        "no chef d'établissement in an école"
    );
    let gl = text(&out, "0920546u/grandes-lignes/index.html");
    has(&gl, "48 heures", "breach delay");
    // 004 designates no point of contact: none is stated.
    assert!(!gl.contains("point de contact"), "no point of contact");
}

#[test]
fn ille_et_vilaine_own_treatment_says_sole_controller() {
    let (_d, out) = build("tests/rosters/ille-et-vilaine.yaml");
    let sheet = text(&out, "0350003n/registre/maintenance-parc/index.html");
    has(&sheet, "Département d'Ille-et-Vilaine", "sole controller");
    let notice = text(&out, "0350003n/mentions/index.html");
    has(&notice, "seul responsable", "sole controller");
    assert!(!notice.contains("responsables conjoints"), "nothing is joint");
    // Nothing joint: no grandes lignes page.
    assert!(!out.join("0350003n/grandes-lignes/index.html").exists());
}

#[test]
fn kit_models_scenarios_change_the_text() {
    let (_d1, out1) = build("tests/rosters/kit-modele-1.yaml");
    let (_d2, out2) = build("tests/rosters/kit-modele-2.yaml");
    let ecole = text(&out1, "0940173c/grandes-lignes/index.html");
    let college = text(&out2, "0310092g/grandes-lignes/index.html");
    has(&ecole, "Commune de Vincennes", "commune controller");
    has(&college, "Département de la Haute-Garonne", "département controller");
    has(&college, "chef d'établissement", "EPLE controller");
    assert!(!ecole.contains("représenté par le chef d'établissement"));
    // The register index lists the sheets of each.
    has(
        &text(&out1, "0940173c/registre/index.html"),
        "annuaire académique fédérateur",
        "AAF sheet",
    );
}

#[test]
fn every_internal_link_resolves() {
    let (_d, out) = build("tests/rosters/grand-est.yaml");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let p = entry.path();
        if p.extension().is_none_or(|e| e != "html") || p.file_name().is_some_and(|n| n == "footer.html") {
            continue;
        }
        let html = std::fs::read_to_string(p).unwrap();
        for href in html.split("href=").skip(1) {
            let href = href.trim_start_matches(['"', '\'']);
            let href: String = href
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '>'))
                .collect();
            let href = href.replace("&amp;", "&");
            if href.starts_with("http")
                || href.starts_with("mailto:")
                || href.starts_with("tel:")
                || href.starts_with('#')
            {
                continue;
            }
            let target = p.parent().unwrap().join(href.split('#').next().unwrap());
            let target = if target.is_dir() {
                target.join("index.html")
            } else {
                target
            };
            assert!(target.is_file(), "{} → {href}", p.display());
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links");
}
