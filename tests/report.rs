//! `build --report`: JSON for `.json`, a French summary for establishments otherwise.

use assert_cmd::Command;
use std::path::Path;

const STARTER: &str = include_str!("../src/cmd/init_parties.yaml");

fn with_rabelais(yaml: &str) -> String {
    let uai = format!("0570056{}", ent_rgpd::validate::uai::check_letter("0570056").unwrap());
    yaml.replacen(
        "\ntraitements:",
        &format!("  - uai: {uai}\n    nom: Collège Rabelais\n    type: college\n    commune: Metz\n    departement: \"57\"\n\ntraitements:"),
        1,
    )
}

fn build(dir: &Path, yaml: &str, report: &str) -> (String, String) {
    std::fs::write(dir.join("parties.yaml"), yaml).unwrap();
    let out = Command::cargo_bin("ent-rgpd")
        .unwrap()
        .current_dir(dir)
        .args(["build", "--report", report])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    // Not a terminal: no progress bar, the one-line summary on stdout.
    assert!(!stderr.contains("restantes"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("établissement(s)"));
    (std::fs::read_to_string(dir.join(report)).unwrap(), stderr)
}

#[test]
fn human_report_names_establishments_and_documents() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();

    let (first, _) = build(d, &with_rabelais(STARTER), "rapport.txt");
    assert!(first.contains("Nouveaux établissements (2)"), "{first}");
    assert!(
        first.contains("0570055A — Collège Barbot (Metz) : tous les documents sont nouveaux"),
        "{first}"
    );
    assert!(first.contains("Collège Rabelais"), "{first}");
    assert!(first.contains("## Documents communs à tout l'ENT"), "{first}");
    assert!(first.contains("- page d'accueil de l'ENT : nouvelle"), "{first}");

    // Nothing changed.
    let (same, _) = build(d, &with_rabelais(STARTER), "rapport.txt");
    assert!(same.contains("Aucun document n'a changé"), "{same}");

    // One traitement renamed: every establishment's sheet changes, named in words.
    let renamed =
        with_rabelais(STARTER).replace("nom: Gestion de l'espace numérique de travail", "nom: Gestion de l'ENT");
    let (md, _) = build(d, &renamed, "rapport.md");
    assert!(
        md.contains("## Établissements dont des documents ont changé (2)"),
        "{md}"
    );
    assert!(md.contains("### 0570055A — Collège Barbot (Metz)"), "{md}");
    assert!(
        md.contains("- fiche de registre « Gestion de l'ENT » (ent) : modifiée"),
        "{md}"
    );
    assert!(!md.contains("Nouveaux établissements"), "{md}");

    // Rabelais removed, Barbot's notice changed.
    let (gone, _) = build(
        d,
        &STARTER
            .replace("nom: Gestion de l'espace numérique de travail", "nom: Gestion de l'ENT")
            .replace("Collège Barbot", "Collège Barbot-Neuf"),
        "rapport.txt",
    );
    assert!(gone.contains("## Établissements retirés (1)"), "{gone}");
    assert!(gone.contains("0570056"), "{gone}");
    assert!(gone.contains("### 0570055A — Collège Barbot-Neuf (Metz)"), "{gone}");
    assert!(gone.contains("- notice d'information : modifiée"), "{gone}");
    assert!(
        gone.contains("- grandes lignes de l'accord de responsabilité conjointe : modifiée"),
        "{gone}"
    );
    assert!(!gone.contains("- fichier "), "every document has a name: {gone}");

    // `.json` stays JSON.
    let (json, _) = build(d, STARTER, "rapport.json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["etablissements"].is_array());
}
