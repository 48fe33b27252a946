//! `import` output passes `check` once included in a roster that names the parties.

use ent_rgpd::cmd::import::{Filters, import};
use std::collections::BTreeSet;

const STARTER: &str = include_str!("../src/cmd/init_parties.yaml");

#[test]
fn imported_ecoles_of_val_de_marne_pass_check() {
    // Real rows of the ministry export (see tests/data/README.md).
    let raw = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/val-de-marne-ecoles.csv");
    let out = import(&std::fs::read(raw).unwrap(), &Filters::default()).unwrap();
    assert_eq!(out.count, 24);
    let codes: BTreeSet<&str> = out
        .yaml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("code_commune: "))
        .map(|c| c.trim_matches('"'))
        .collect();
    // A roster for Créteil with one commune party holding every imported commune.
    let roster = STARTER
        .replacen("ent:\n", "inclure: [etablissements.yaml]\nent:\n", 1)
        .replacen(
            "  - id: editeur-ent\n",
            &format!(
                "  - id: ac-creteil\n    type: academie\n    nom: Académie de Créteil\n    departements: [\"77\", \"93\", \"94\"]\n    dpd: {{ courriel: dpd@ac-creteil.fr }}\n  - id: communes-94\n    type: commune\n    nom: Communes du Val-de-Marne\n    communes: [{}]\n    dpd: {{ courriel: dpd@communes94.example.fr }}\n  - id: editeur-ent\n",
                codes.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
            ),
            1,
        );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), roster).unwrap();
    std::fs::write(dir.path().join("etablissements.yaml"), &out.yaml).unwrap();
    let checked = match ent_rgpd::project::check(&dir.path().join("parties.yaml")) {
        Ok(c) => c,
        Err(ent_rgpd::error::Error::Invalid(r)) => {
            panic!(
                "{}",
                r.items
                    .iter()
                    .filter(|d| d.is_error())
                    .take(5)
                    .map(|d| d.render())
                    .collect::<String>()
            )
        }
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        checked.site.etablissements.len(),
        out.count + 1,
        "imported + the starter's collège"
    );
    let ecole = checked.site.etablissements.iter().find(|e| e.kind == "ecole").unwrap();
    assert_eq!(ecole.academie.id, "ac-creteil");
    assert_eq!(ecole.collectivite.as_ref().unwrap().id, "communes-94");
}
