//! The UAI rule of SPEC §3 against real UAIs of the ministry data: tests/data/uai.txt holds
//! 1,133 of the 46,462 UAIs of the merged annuaire, the first and last of each of its 105
//! prefixes (départements, Corsica's 620/720, DROM and COM) and every 50th (see
//! tests/data/README.md). Every one of the 46,462 passes the same rule (SOURCE.md of the data).

use ent_rgpd::validate::uai;
use std::collections::BTreeSet;

#[test]
fn every_real_uai_passes_and_every_other_letter_fails() {
    let text = include_str!("data/uai.txt");
    let mut letters = BTreeSet::new();
    let mut prefixes = BTreeSet::new();
    let mut n = 0;
    for code in text.lines() {
        assert_eq!(uai::check(code), Ok(()), "{code}");
        let wrong = if code.ends_with('A') {
            format!("{}B", &code[..7])
        } else {
            format!("{}A", &code[..7])
        };
        assert!(matches!(uai::check(&wrong), Err(uai::UaiProblem::WrongLetter { fixed }) if fixed == code));
        letters.insert(&code[7..]);
        prefixes.insert(&code[..3]);
        n += 1;
    }
    assert_eq!(n, 1_133);
    assert_eq!(letters.len(), 23, "every check letter occurs: {letters:?}");
    assert_eq!(prefixes.len(), 105);
    assert!(prefixes.contains("620") && prefixes.contains("720") && prefixes.contains("976"));
}
