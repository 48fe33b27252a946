//! `ent-rgpd schema`: the JSON Schema of parties.yaml, generated from the loader's own types
//! (src/roster/model.rs). Every example roster (and every file it includes) validates against
//! it; what the loader refuses for its shape (an unknown key, a wrong type, a missing key) the
//! schema refuses too; every key has a French description; `init` writes the schema beside
//! the starter and points the starter at it.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const STARTER: &str = include_str!("../src/cmd/init_parties.yaml");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The schema as `ent-rgpd schema` prints it.
fn printed_schema() -> Value {
    let out = Command::cargo_bin("ent-rgpd").unwrap().arg("schema").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("ent-rgpd schema prints JSON")
}

fn validator() -> jsonschema::Validator {
    let schema = ent_rgpd::roster::schema::schema();
    jsonschema::validator_for(schema.as_value()).expect("the generated schema is a valid JSON Schema")
}

/// A YAML document as the JSON value an editor checks against the schema (YAML 1.2 core
/// schema, as VS Code's YAML extension reads it).
fn json_of(yaml: &str) -> Value {
    serde_saphyr::from_str::<Value>(yaml).unwrap_or_else(|e| panic!("not YAML: {e}\n{yaml}"))
}

/// The errors of `yaml` against the schema, one line each (empty: valid).
fn errors(validator: &jsonschema::Validator, yaml: &str) -> Vec<String> {
    let value = json_of(yaml);
    validator
        .iter_errors(&value)
        .map(|e| format!("{} : {}", e.instance_path(), e))
        .collect()
}

/// `ent-rgpd check` of `yaml` as parties.yaml: its exit code and stderr.
fn check(yaml: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), yaml).unwrap();
    let out = Command::cargo_bin("ent-rgpd")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--roster", "parties.yaml"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The example rosters: parties.yaml with the files it includes, tests/rosters/*.yaml (not
/// invalid/), and the starter of `init`.
fn examples() -> Vec<(String, String)> {
    let root = root();
    let mut files: Vec<PathBuf> = vec![root.join("parties.yaml")];
    let main: Value = json_of(&std::fs::read_to_string(root.join("parties.yaml")).unwrap());
    for pattern in main["inclure"]
        .as_array()
        .expect("parties.yaml includes its établissements")
    {
        let pattern = root.join(pattern.as_str().unwrap());
        let found: Vec<PathBuf> = glob::glob(pattern.to_str().unwrap())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(!found.is_empty(), "{} matches no file", pattern.display());
        files.extend(found);
    }
    let mut rosters: Vec<PathBuf> = std::fs::read_dir(root.join("tests/rosters"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    rosters.sort();
    assert!(rosters.len() >= 5, "tests/rosters: {rosters:?}");
    files.extend(rosters);
    let mut out: Vec<(String, String)> = files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(&root).unwrap_or(&p).display().to_string();
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.push(("src/cmd/init_parties.yaml".into(), STARTER.into()));
    out
}

#[test]
fn printed_schema_is_the_generated_one_in_draft_07() {
    let printed = printed_schema();
    assert_eq!(&printed, ent_rgpd::roster::schema::schema().as_value());
    // The draft VS Code's YAML extension implements.
    assert_eq!(printed["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(printed["additionalProperties"], false);
    for key in [
        "ent",
        "inclure",
        "parties",
        "etablissements",
        "traitements",
        "droits",
        "violations",
    ] {
        assert!(printed["properties"].get(key).is_some(), "top-level key {key}");
    }
}

#[test]
fn every_example_roster_and_included_file_follows_the_schema() {
    let validator = validator();
    let examples = examples();
    assert!(
        examples.iter().any(|(p, _)| p.starts_with("etablissements/")),
        "included files are checked too"
    );
    for (path, yaml) in &examples {
        let errors = errors(&validator, yaml);
        assert!(
            errors.is_empty(),
            "{path} does not follow the schema:\n{}",
            errors.join("\n")
        );
    }
}

/// What the loader refuses for its shape, the schema refuses too; each case is checked both
/// ways, so the schema cannot be stricter or looser than `check` on these.
#[test]
fn schema_and_check_refuse_unknown_keys_and_wrong_types() {
    let validator = validator();
    assert!(errors(&validator, STARTER).is_empty());
    assert_eq!(check(STARTER).0, 0, "{}", check(STARTER).1);
    let cases: [(&str, &str, &str, &str); 9] = [
        // (what, replaced, by, part of the schema error)
        (
            "unknown key in ent",
            "  nom: Mon ENT\n",
            "  nom: Mon ENT\n  nom_court: ENT\n",
            "nom_court",
        ),
        (
            "unknown top-level key",
            "parties:\n",
            "partie:\n  - id: x\nparties:\n",
            "partie",
        ),
        (
            "unknown key in an establishment (typo)",
            "    commune: Metz\n",
            "    comune: Metz\n",
            "comune",
        ),
        (
            "list where text is expected",
            "  nom: Mon ENT\n",
            "  nom: [Mon, ENT]\n",
            "/ent/nom",
        ),
        (
            "text where a list is expected",
            "    finalites:\n      - Donner accès aux services numériques de l'établissement (cahier de textes, messagerie, ressources)\n      - Gérer les comptes et les habilitations des utilisateurs\n",
            "    finalites: Gérer les comptes\n",
            "/traitements/0/finalites",
        ),
        (
            "text where a number is expected",
            "  scenario: 2 ",
            "  scenario: deux ",
            "/ent/scenario",
        ),
        (
            "text where true or false is expected",
            "  hebergeur:",
            "  cookies: { mesure_audience: peut-être }\n  hebergeur:",
            "/ent/cookies/mesure_audience",
        ),
        (
            "a map where a list of data is expected",
            "      eleves: [identité, classe, identifiants de connexion]\n",
            "      eleves: { identité: oui }\n",
            "/traitements/0/donnees/eleves",
        ),
        (
            "a required key missing",
            "    nom: Collège Barbot\n",
            "",
            "\"nom\" is a required property",
        ),
    ];
    for (what, from, to, expected) in cases {
        assert!(STARTER.contains(from), "{what}: {from:?} not in the starter");
        let yaml = STARTER.replacen(from, to, 1);
        let errors = errors(&validator, &yaml);
        assert!(!errors.is_empty(), "{what}: the schema accepts it");
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{what}: expected an error about {expected}, got:\n{}",
            errors.join("\n")
        );
        let (code, stderr) = check(&yaml);
        assert_eq!(code, 1, "{what}: check accepts what the schema refuses\n{stderr}");
    }
}

/// The invalid examples whose fault is one of shape or form (not of meaning: a duplicate UAI,
/// a wrong check letter, an unknown reference) are refused by the schema as well, so an editor
/// shows them while typing.
#[test]
fn schema_refuses_the_invalid_examples_it_can_see() {
    let validator = validator();
    let dir = root().join("tests/rosters/invalid");
    for name in [
        "cle-inconnue.yaml",
        "champ-manquant.yaml",
        "base-legale-6-1-g.yaml",
        "uai-minuscule.yaml",
        "url-javascript.yaml",
        "id-slash.yaml",
        "id-point-point.yaml",
        "courriel-invalide.yaml",
    ] {
        let yaml = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(!errors(&validator, &yaml).is_empty(), "{name}: the schema accepts it");
    }
}

/// Every object of the schema, with its path (`/properties/traitements/items`…).
fn objects<'a>(at: String, v: &'a Value, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(map) => {
            if map.contains_key("properties") {
                out.push((at.clone(), v));
            }
            for (k, x) in map {
                objects(format!("{at}/{k}"), x, out);
            }
        }
        Value::Array(list) => {
            for (i, x) in list.iter().enumerate() {
                objects(format!("{at}/{i}"), x, out);
            }
        }
        _ => {}
    }
}

/// Every key has a description in French (doc comments of model.rs are in English: each field
/// says it again in French), and every object refuses unknown keys, as the loader does.
#[test]
fn every_key_is_described_in_french_and_objects_are_closed() {
    let schema = printed_schema();
    let mut all = Vec::new();
    objects(String::new(), &schema, &mut all);
    assert!(all.len() >= 16, "{} objects", all.len());
    let mut keys = 0;
    let mut problems = Vec::new();
    for (at, object) in all {
        if object["additionalProperties"] != false {
            problems.push(format!("{at}: additionalProperties is not false"));
        }
        if object
            .get("description")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            problems.push(format!("{at}: no description"));
        }
        for (key, property) in object["properties"].as_object().unwrap() {
            keys += 1;
            let description = property.get("description").and_then(Value::as_str).unwrap_or("");
            if description.is_empty() {
                problems.push(format!("{at}.{key}: no description"));
            }
            // English doc comments would show through: none of these words is French.
            for english in [" the ", " of ", " when ", " with ", " from ", "Where ", "What "] {
                if description.contains(english) {
                    problems.push(format!("{at}.{key}: English description « {description} »"));
                }
            }
        }
    }
    assert!(keys > 80, "only {keys} keys in the schema");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn closed_vocabularies_are_offered_to_the_editor() {
    let schema = printed_schema();
    let item = |list: &str| &schema["properties"][list]["items"]["properties"];
    let values = |v: &Value| -> Vec<String> {
        v["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("no enum in {v}"))
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect()
    };
    assert_eq!(
        values(&item("traitements")["responsabilite"]),
        ["conjointe", "propre", "sous_traitance"]
    );
    assert!(values(&item("parties")["type"]).contains(&"academie".to_string()));
    assert!(values(&item("etablissements")["type"]).contains(&"lycee_agricole".to_string()));
    assert!(values(&item("droits")["demandeurs"]["items"]).contains(&"responsables_legaux".to_string()));
}

#[test]
fn init_writes_the_schema_beside_the_starter_and_points_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("ent-rgpd")
        .unwrap()
        .current_dir(dir.path())
        .args(["init", "mon-ent"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let project = dir.path().join("mon-ent");
    let roster = std::fs::read_to_string(project.join("parties.yaml")).unwrap();
    let first = roster.lines().next().unwrap();
    assert_eq!(first, "# yaml-language-server: $schema=./parties.schema.json");
    assert!(
        roster.contains("docs/reference.md"),
        "the starter links to the reference"
    );
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(project.join("parties.schema.json")).unwrap()).unwrap();
    assert_eq!(written, printed_schema(), "init writes what ent-rgpd schema prints");
    assert!(errors(&validator(), &roster).is_empty());
    assert!(Path::new(&project.join("parties.yaml")).exists());
}
