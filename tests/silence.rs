//! Where an agreement is silent, the roster may be too (roster v2, issue 11): a treatment
//! without `base_legale` or register dates, a DPD without contact details. `check` accepts it
//! and warns where the GDPR asks for the missing fact; a party with no `dpd:` at all is still
//! an error when it is a controller.

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
        out.contains("ille-et-vilaine.yaml:82:9"),
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
