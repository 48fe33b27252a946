//! Issue 11: `import` of a département with private schools, then `build`. A private school
//! is never called an EPLE nor public, and no collectivité is inferred for it: `check` names
//! it until the roster says which collectivité its convention names.
//! Data: tests/data/ain-colleges.csv (real rows of the annuaire, see tests/data/README.md).

mod common;

use assert_cmd::Command;
use std::path::Path;

const PRIVES: [&str; 2] = ["0010076C", "0010079F"];
const PUBLICS: [&str; 3] = ["0010002X", "0010005A", "0010008D"];

const ROSTER: &str = r#"inclure: [etablissements/*.yaml]
ent:
  nom: ENT des collèges de l'Ain
  base_url: https://rgpd.ent-ain.example.fr
  point_de_contact: etablissement
  hebergeur: { nom: Hébergeur, adresse: "1 rue de l'Exemple, 01000 Bourg-en-Bresse" }
parties:
  - id: ac-lyon
    type: academie
    nom: Académie de Lyon
    departements: ["01", "42", "69"]
    adresse: "92 rue de Marseille, 69007 Lyon"
    dpd: { courriel: dpd@ac-lyon.fr }
  - id: dep-ain
    type: departement
    nom: Département de l'Ain
    departements: ["01"]
    adresse: "45 avenue Alsace-Lorraine, 01000 Bourg-en-Bresse"
    dpd: { courriel: dpd@ain.fr }
traitements:
  - id: ent
    nom: Gestion de l'espace numérique de travail
    responsabilite: conjointe
    responsables: [academie, collectivite, etablissement]
    finalites: [Accès aux services numériques éducatifs]
    base_legale: "6.1.e"
    obligatoire: true
    personnes: [eleves, responsables_legaux, personnels]
    donnees: { eleves: [identité, classe] }
    destinataires: [utilisateurs habilités de l'établissement]
    conservation: [durée de la scolarité]
    transferts_hors_ue: non
    mesures_securite: [chiffrement des échanges]
    cree_le: 2025-09-01
    mis_a_jour_le: 2025-09-01
"#;

fn ent_rgpd() -> Command {
    Command::cargo_bin("ent-rgpd").unwrap()
}

#[test]
fn imported_private_schools_are_never_called_eple_or_public() {
    let dir = tempfile::tempdir().unwrap();
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ain-colleges.csv");
    let out = ent_rgpd()
        .arg("import")
        .arg(&csv)
        .args(["--departement", "01"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let yaml = String::from_utf8(out.stdout).unwrap();
    // The annuaire's statut column is imported.
    assert_eq!(yaml.matches("statut: \"prive\"").count(), 2, "{yaml}");
    assert_eq!(yaml.matches("statut: \"public\"").count(), 3, "{yaml}");
    std::fs::create_dir(dir.path().join("etablissements")).unwrap();
    std::fs::write(dir.path().join("etablissements/ain.yaml"), &yaml).unwrap();
    let roster = dir.path().join("parties.yaml");
    std::fs::write(&roster, ROSTER).unwrap();

    // No collectivité is inferred for a private collège: check names each, and says what to add.
    let check = ent_rgpd().arg("check").arg("--roster").arg(&roster).output().unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("établissement privé"), "{stderr}");
    assert!(stderr.contains("indiquez « collectivite: »"), "{stderr}");
    let about_private: String = stderr.lines().filter(|l| l.contains("privé")).collect();
    for uai in PRIVES {
        assert!(about_private.contains(uai), "{uai} not named: {stderr}");
    }
    for uai in PUBLICS {
        assert!(!about_private.contains(uai), "{uai} is public: {stderr}");
    }

    // Their convention names the Département: the roster says so for each private collège.
    let named = PRIVES.iter().fold(yaml.clone(), |y, uai| {
        y.replace(
            &format!("uai: \"{uai}\"\n"),
            &format!("uai: \"{uai}\"\n    collectivite: dep-ain\n"),
        )
    });
    std::fs::write(dir.path().join("etablissements/ain.yaml"), &named).unwrap();
    let public = dir.path().join("public");
    let (code, stderr) = common::build_roster(&roster, &public);
    assert_eq!(code, 0, "{stderr}");
    for uai in PRIVES {
        for page in ["index.html", "mentions/index.html", "grandes-lignes/index.html"] {
            let path = public.join(uai.to_lowercase()).join(page);
            let text = common::visible(&std::fs::read_to_string(&path).unwrap());
            assert!(!text.contains("EPLE"), "{uai} {page}: {text}");
            assert!(!text.contains("établissement public"), "{uai} {page}: {text}");
            assert!(!text.contains("public local"), "{uai} {page}: {text}");
        }
        let notice = common::visible(
            &std::fs::read_to_string(public.join(uai.to_lowercase()).join("mentions/index.html")).unwrap(),
        );
        assert!(notice.contains("est un établissement d'enseignement privé"), "{notice}");
    }
    for uai in PUBLICS {
        let notice = common::visible(
            &std::fs::read_to_string(public.join(uai.to_lowercase()).join("mentions/index.html")).unwrap(),
        );
        assert!(
            notice.contains("établissement public local d'enseignement (EPLE)"),
            "{uai}: {notice}"
        );
    }
}

/// A v1 roster relied on inferences that are gone: `check` says what to add.
#[test]
fn v1_roster_is_told_what_to_add() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("parties.yaml");
    let v1 = ROSTER
        .replace("inclure: [etablissements/*.yaml]\n", "")
        .replace("  point_de_contact: etablissement\n", "  scenario: 2\n")
        .replace("    responsables: [academie, collectivite, etablissement]\n", "")
        + "etablissements:\n  - uai: 0010002X\n    nom: Collège Saint-Exupéry\n    type: college\n    departement: \"01\"\n";
    std::fs::write(&roster, v1).unwrap();
    let check = ent_rgpd().arg("check").arg("--roster").arg(&roster).output().unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("n'a pas de « responsables »"), "{stderr}");
    assert!(stderr.contains("ne sont plus déduits"), "{stderr}");
    assert!(stderr.contains("aucun point de contact n'est indiqué"), "{stderr}");
}
