//! Where an agreement is silent, the roster may be too (roster v2, issue 11): a treatment
//! without `base_legale` or register dates, a DPD without contact details. `check` accepts it
//! and warns where the GDPR asks for the missing fact; a party with no `dpd:` at all is still
//! an error when it is a controller.

mod common;

fn check(roster: &std::path::Path) -> (i32, String) {
    let done = assert_cmd::Command::cargo_bin("ent-rgpd")
        .unwrap()
        .args(["check", "--roster"])
        .arg(roster)
        .output()
        .unwrap();
    (
        done.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&done.stderr).into_owned() + &String::from_utf8_lossy(&done.stdout),
    )
}

fn example(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn a_treatment_without_legal_basis_is_accepted_with_a_warning() {
    // Seed 003 states no legal basis: tests/rosters/ille-et-vilaine.yaml omits it.
    let (code, out) = check(&example("tests/rosters/ille-et-vilaine.yaml"));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("traitement « maintenance-parc » sans « base_legale »") && out.contains("article 13.1.c"),
        "{out}"
    );
    assert!(
        out.contains("ille-et-vilaine.yaml:86:9"),
        "the warning points at the treatment: {out}"
    );
}

#[test]
fn a_dpd_without_contact_is_accepted_with_a_warning() {
    // Seed 004 gives the commune a DPD but no contact: `dpd: {}`.
    let (code, out) = check(&example("tests/rosters/fontenay-aux-roses.yaml"));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("le délégué à la protection des données de « fontenay-aux-roses » n'a aucune coordonnée"),
        "{out}"
    );
}

#[test]
fn a_controller_without_any_dpd_is_still_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(example("tests/rosters/fontenay-aux-roses.yaml")).unwrap();
    // The commune's `dpd: {}` removed: it has none, and it is a controller.
    let roster = src.replacen("    dpd: {}\n", "", 1);
    assert_ne!(roster, src, "the fixture changed: the commune's `dpd: {{}}` is gone");
    let path = dir.path().join("parties.yaml");
    std::fs::write(&path, roster).unwrap();
    let (code, out) = check(&path);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("fontenay-aux-roses"), "{out}");
}

/// Every page of a built site, as visible text.
fn pages(out: &std::path::Path) -> Vec<(String, String)> {
    common::tree(out)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, bytes)| (rel, common::visible(&String::from_utf8_lossy(&bytes))))
        .collect()
}

#[test]
fn a_party_without_representant_is_named_without_one() {
    // No default title by type (issue 11): 004 has its académie represented by « la rectrice
    // de la région académique », the kit leaves the signatory blank. Without `representant`,
    // the écoles' pages must not make one up (neither « le recteur d'académie » nor the DASEN).
    let (_d, out) = common::build_variant(
        "tests/rosters/fontenay-aux-roses.yaml",
        "    representant: la rectrice de la région académique Île-de-France\n",
        "",
    );
    let pages = pages(&out);
    assert!(
        pages.iter().any(|(_, t)| t.contains("Académie de Versailles")),
        "the académie is still named"
    );
    for (rel, text) in &pages {
        for made_up in [
            "Académie de Versailles, représentée",
            "recteur d'académie",
            "(DASEN), par délégation",
        ] {
            assert!(!text.contains(made_up), "{rel}: « {made_up} » without `representant`");
        }
    }
}

#[test]
fn a_private_school_without_representant_is_named_without_one() {
    // 001 (parties) has the establishments « représentés par leur chef d'établissement »: the
    // Grand Est roster says so for its private collège. Without that line, nothing is assumed
    // (a private school is held by its organisme de gestion); a public EPLE keeps « le chef
    // d'établissement » (code de l'éducation, R421-9).
    let (_d, out) = common::build_variant(
        "tests/rosters/grand-est.yaml",
        "    representant: le chef d'établissement\n",
        "",
    );
    let prive = common::visible(&common::read(&out, "0681660k/mentions/index.html"));
    assert!(prive.contains("Collège privé Don Bosco"), "{prive}");
    assert!(!prive.contains("Don Bosco, représenté"), "{prive}");
    let public = common::visible(&common::read(&out, "0570055a/mentions/index.html"));
    assert!(
        public.contains("Collège Barbot, représenté par le chef d'établissement"),
        "{public}"
    );
}

#[test]
fn an_ecole_names_no_publication_director_the_roster_does_not_give() {
    // An école has no legal personality, and seed 004 names no publication director for the
    // pages: without `responsable: { nom }`, the legal notice names none (it did name « le
    // directeur ou la directrice de l'école »).
    let (_d, out) = common::build_example("tests/rosters/fontenay-aux-roses.yaml");
    let ecole = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.len() == 8 && n.as_bytes()[0].is_ascii_digit())
        .expect("an école folder");
    let page = common::visible(&common::read(&out, &format!("{ecole}/mentions-legales/index.html")));
    assert!(!page.contains("Directeur de la publication"), "{page}");
    assert!(!page.contains("directeur ou la directrice"), "{page}");
}

#[test]
fn an_establishment_dpd_without_contact_is_accepted_and_not_replaced() {
    // Kit model 2 art. 6 names « le délégué à la protection des données de l'établissement »
    // as point of contact, its contact left blank: `dpd: {}` on the collège. It used to be an
    // error blaming the académie; now the pages say « coordonnées non indiquées » and do not
    // give the académie's address in its place.
    let (code, out) = check(&example("tests/rosters/kit-modele-2.yaml"));
    assert_eq!(code, 0, "{out}");
    let (_d, site) = common::build_example("tests/rosters/kit-modele-2.yaml");
    let gl = common::visible(&common::read(&site, "0310092g/grandes-lignes/index.html"));
    assert!(
        gl.contains("Collège Bellevue, représenté par le chef d'établissement ; son délégué à la protection des données (coordonnées non indiquées)"),
        "{gl}"
    );
}
