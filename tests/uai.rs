//! The UAI rule of SPEC §3 against every real UAI of the ministry data.

use ent_rgpd::validate::uai;

#[test]
fn every_real_uai_passes_and_every_other_letter_fails() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/annuaire-education.csv");
    let text = std::fs::read_to_string(path).expect("../shared/data beside the repository");
    let mut n = 0;
    for line in text.lines().skip(1) {
        let code = &line[..8];
        assert_eq!(uai::check(code), Ok(()), "{code}");
        let wrong = if code.ends_with('A') {
            format!("{}B", &code[..7])
        } else {
            format!("{}A", &code[..7])
        };
        assert!(matches!(uai::check(&wrong), Err(uai::UaiProblem::WrongLetter { fixed }) if fixed == code));
        n += 1;
    }
    assert_eq!(n, 46_462);
}
