//! The footer contract for vendors (SPEC §4, issue 12): every `footer.json` of the example
//! rosters validates against docs/footer.schema.json, and the first-level sentence
//! (`resume`) names the controllers the roster gives, on the snippet as in the JSON.

mod common;

use std::path::Path;

fn schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/footer.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("docs/footer.schema.json is a valid schema")
}

/// Every `footer.json` under `out` (the ENT's and each establishment's).
fn footers(out: &Path) -> Vec<(String, serde_json::Value)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "footer.json")
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            (e.path().display().to_string(), serde_json::from_str(&text).unwrap())
        })
        .collect()
}

#[test]
fn every_footer_json_of_every_example_follows_the_schema() {
    let validator = schema();
    for roster in [
        "tests/rosters/grand-est.yaml",
        "tests/rosters/fontenay-aux-roses.yaml",
        "tests/rosters/ille-et-vilaine.yaml",
        "tests/rosters/kit-modele-1.yaml",
        "tests/rosters/kit-modele-2.yaml",
    ] {
        let (_d, out) = common::build_example(roster);
        let all = footers(&out);
        assert!(all.len() > 2, "{roster}: footers found: {}", all.len());
        for (path, json) in all {
            let errors: Vec<String> = validator.iter_errors(&json).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{path}: {errors:?}\n{json:#}");
        }
    }
}

#[test]
fn the_schema_rejects_what_the_contract_forbids() {
    // The test above could pass with a schema that accepts anything: show it does not.
    let validator = schema();
    let good = serde_json::json!({
        "version": 1, "ent": "ENT", "uai": "0570055A", "etablissement": "Collège",
        "resume": "Phrase.",
        "liens": [
            {"id": "donnees-personnelles", "libelle": "Données personnelles", "url": "https://x.fr/a/"},
            {"id": "accessibilite", "libelle": "Accessibilité : non conforme", "url": "https://x.fr/b/"}
        ]
    });
    assert!(validator.is_valid(&good));
    for (what, change) in [
        ("another version", ("/version", serde_json::json!(2))),
        ("a lower-case UAI", ("/uai", serde_json::json!("0570055a"))),
        ("an empty summary", ("/resume", serde_json::json!(""))),
        ("an unknown link", ("/liens/0/id", serde_json::json!("cookies"))),
        ("a relative link", ("/liens/0/url", serde_json::json!("/mentions/"))),
        (
            "a script link",
            ("/liens/0/url", serde_json::json!("javascript:alert(1)")),
        ),
    ] {
        let mut bad = good.clone();
        *bad.pointer_mut(change.0).unwrap() = change.1;
        assert!(!validator.is_valid(&bad), "{what} must be rejected");
    }
    let mut extra = good.clone();
    extra["script"] = serde_json::json!("x");
    assert!(!validator.is_valid(&extra), "an unknown field must be rejected");
}

#[test]
fn the_summary_names_the_controllers_of_the_roster() {
    // Seed 004: an école's treatments are the académie's and the commune's; the école itself is
    // never a controller, so the sentence does not name it as one.
    let (_d, out) = common::build_example("tests/rosters/fontenay-aux-roses.yaml");
    let all = footers(&out);
    let (path, json) = all
        .iter()
        .find(|(_, j)| !j["uai"].is_null())
        .expect("an establishment's footer");
    let resume = json["resume"].as_str().unwrap();
    for who in ["de l'académie de Versailles", "de la commune de Fontenay-aux-Roses"] {
        assert!(resume.contains(who), "{path}: « {who} » missing from « {resume} »");
    }
    assert!(
        !resume.contains("sous la responsabilité de l'école"),
        "{path}: {resume}"
    );
    // The snippet shows the same sentence, escaped, before the links.
    let html = std::fs::read_to_string(Path::new(path).with_file_name("footer.html")).unwrap();
    let spaces = |s: &str| s.replace(['\u{a0}', '\u{202f}'], " ");
    let text = spaces(&common::visible(&html));
    assert!(
        text.contains(&spaces(resume)),
        "{path}: the snippet lacks the summary: {text}"
    );
    assert!(
        html.find("ent-rgpd-resume").unwrap() < html.find("ent-rgpd-liens").unwrap(),
        "the sentence comes first"
    );
}
