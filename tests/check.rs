//! `ent-rgpd check`: every defect of SPEC §3 exits 1 and points at the right line.

use assert_cmd::Command;
use std::path::Path;

const STARTER: &str = include_str!("../src/cmd/init_parties.yaml");

fn bin() -> Command {
    Command::cargo_bin("ent-rgpd").unwrap()
}

/// Write `yaml` as parties.yaml in a fresh dir and run check on it.
fn check(yaml: &str) -> (i32, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), yaml).unwrap();
    let out = bin().current_dir(dir.path()).arg("check").output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        dir,
    )
}

/// 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in text"))
        + 1
}

#[test]
fn starter_passes() {
    let (code, stdout, stderr, _d) = check(STARTER);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 établissement(s)"), "{stdout}");
}

/// (what, text to replace, replacement, expected message fragment, expected help fragment)
const DEFECTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "UAI en minuscules",
        "uai: 0570055A",
        "uai: 0570055a",
        "UAI en minuscules",
        "0570055A",
    ),
    (
        "lettre de contrôle",
        "uai: 0570055A",
        "uai: 0570055B",
        "lettre de contrôle",
        "0570055A",
    ),
    (
        "UAI mal formé",
        "uai: 0570055A",
        "uai: 0920546Ux",
        "UAI invalide",
        "7 chiffres",
    ),
    (
        "clé inconnue",
        "    nom: Collège Barbot",
        "    nomm: Collège Barbot",
        "clé inconnue « nomm »",
        "« nom »",
    ),
    ("XXX", "nom: Collège Barbot", "nom: Collège XXX", "XXX", "valeur réelle"),
    (
        "à préciser",
        "- Gérer les comptes",
        "- Durée [à préciser] Gérer les comptes",
        "[à préciser]",
        "",
    ),
    ("x seul", "commune: Metz", "commune: x", "« x »", ""),
    (
        "à compléter",
        "nom: Académie de Nancy-Metz",
        "nom: À compléter",
        "à compléter",
        "",
    ),
    (
        "indiquer",
        "nom: Éditeur de la solution ENT",
        "nom: \"[indiquer le nom]\"",
        "[indiquer",
        "",
    ),
    ("… seul", "commune: Metz", "commune: …", "« … »", ""),
    (
        "javascript:",
        "site_web: https://barbot",
        "site_web: javascript:alert(1)//barbot",
        "schéma interdit",
        "",
    ),
    (
        "courriel",
        "courriel: dpd@moselle.fr",
        "courriel: dpd-moselle.fr",
        "adresse électronique invalide",
        "nom@domaine",
    ),
    (
        "date",
        "mis_a_jour_le: 2025-09-01",
        "mis_a_jour_le: 01/09/2025",
        "date invalide",
        "AAAA-MM-JJ",
    ),
    (
        "dates inversées",
        "mis_a_jour_le: 2025-09-01",
        "mis_a_jour_le: 2024-09-01",
        "antérieur",
        "",
    ),
    (
        "base légale",
        "base_legale: \"6.1.e\"",
        "base_legale: \"6.1.g\"",
        "base légale inconnue",
        "6.1.a",
    ),
    (
        "id non slug",
        "id: ac-nancy-metz",
        "id: ../ac-nancy-metz",
        "identifiant de partie invalide",
        "",
    ),
    (
        "id avec /",
        "id: ent\n",
        "id: a/b\n",
        "identifiant de traitement invalide",
        "",
    ),
    (
        "rôle inconnu",
        "notifie: collectivite",
        "notifie: colectivite",
        "inconnu « colectivite »",
        "« collectivite »",
    ),
    (
        "type inconnu",
        "type: college ",
        "type: colege ",
        "type d'établissement inconnu",
        "« college »",
    ),
    (
        "sous-traitant inconnu",
        "sous_traitants: [editeur-ent]",
        "sous_traitants: [editeur-entt]",
        "partie inconnue",
        "editeur-ent",
    ),
    (
        "éditeur responsable",
        "notifie: collectivite",
        "notifie: editeur-ent",
        "éditeur",
        "",
    ),
    (
        "clé en double",
        "    commune: Metz",
        "    commune: Metz\n    commune: Nancy",
        "clé en double",
        "",
    ),
    ("syntaxe", "    commune: Metz", "    commune: [Metz", "YAML", ""),
];

#[test]
fn each_defect_exits_1_at_its_line() {
    for (what, from, to, message, help) in DEFECTS {
        assert!(STARTER.contains(from), "{what}: starter lacks {from:?}");
        let yaml = STARTER.replacen(from, to, 1);
        let (code, _out, stderr, _d) = check(&yaml);
        assert_eq!(code, 1, "{what}: expected exit 1\n{stderr}");
        // The diagnostic points at the last line of the replacement (e.g. the second duplicate key).
        let last_new_line = to.lines().last().unwrap().trim();
        let line = line_of(&yaml, last_new_line);
        let located = format!("parties.yaml:{line}:");
        assert!(
            stderr.contains(message),
            "{what}: message {message:?} missing\n{stderr}"
        );
        assert!(stderr.contains(&located), "{what}: not located at {located}\n{stderr}");
        assert!(stderr.contains(help), "{what}: help {help:?} missing\n{stderr}");
        assert!(stderr.contains("rien n'a été écrit"), "{what}\n{stderr}");
    }
}

#[test]
fn all_errors_reported_at_once() {
    let yaml = STARTER
        .replacen("uai: 0570055A", "uai: 0570055a", 1)
        .replacen("courriel: dpd@moselle.fr", "courriel: nope", 1)
        .replacen("base_legale: \"6.1.e\"", "base_legale: \"7\"", 1);
    let (code, _o, stderr, _d) = check(&yaml);
    assert_eq!(code, 1);
    assert!(stderr.contains("3 erreur(s)"), "{stderr}");
}

#[test]
fn json_format_gives_one_line_per_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = STARTER.replacen("uai: 0570055A", "uai: 0570055a", 1);
    std::fs::write(dir.path().join("p.yaml"), &yaml).unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "--roster", "p.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let err = lines.iter().find(|v| v["gravite"] == "erreur").expect("an error line");
    assert_eq!(err["code"], "E-UAI-MINUSCULES");
    assert_eq!(err["ligne"], line_of(&yaml, "uai: 0570055a"));
    assert_eq!(err["colonne"], 10);
    assert_eq!(err["fichier"], "p.yaml");
    assert!(err["aide"].as_str().unwrap().contains("0570055A"));
    assert!(err["extrait"].as_str().unwrap().contains("uai: 0570055a"));
    // One language of keys: French, the same set on every line.
    for v in &lines {
        for key in v.as_object().unwrap().keys() {
            assert!(
                [
                    "code", "gravite", "fichier", "ligne", "colonne", "message", "aide", "extrait"
                ]
                .contains(&key.as_str()),
                "key {key} in {v}"
            );
        }
    }
}

/// Every diagnostic of the invalid corpus and of the defects of `each_defect_exits_1_at_its_line`
/// has a rule code of its own, and every code is documented in docs/diagnostics.md.
#[test]
fn every_diagnostic_has_a_documented_rule_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/diagnostics.md")).unwrap();
    for (code, _) in ent_rgpd::diagnostic::RULES {
        assert!(
            doc.contains(&format!("`{code}`")),
            "{code} is not in docs/diagnostics.md"
        );
    }
    assert!(doc.contains("`ARGUMENT`"));
    let mut seen = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(root.join("tests/rosters/invalid")).unwrap() {
        let path = entry.unwrap().path();
        let out = bin()
            .args(["check", "--format", "json", "--roster"])
            .arg(&path)
            .output()
            .unwrap();
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let code = v["code"].as_str().unwrap().to_string();
            assert!(!code.ends_with("-AUTRE"), "{}: no rule code for {v}", path.display());
            let prefix = if v["gravite"] == "erreur" { "E-" } else { "A-" };
            assert!(code.starts_with(prefix), "{code} {v}");
            seen.insert(code);
        }
    }
    for code in [
        "E-UAI-CLE",
        "E-UAI-DOUBLE",
        "E-YAML-TABULATION",
        "E-YAML-CLE-INCONNUE",
        "E-URL",
    ] {
        assert!(seen.contains(code), "{code} not produced by the corpus: {seen:?}");
    }
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "--roster", "absent.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "missing file is an I/O error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("introuvable"));
    let out = bin().args(["check", "--nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "usage error");
}

#[test]
fn invalid_utf8_is_located() {
    let mut bytes = STARTER.as_bytes().to_vec();
    let pos = STARTER.find("Collège Barbot").unwrap();
    bytes[pos + 4] = 0xE8; // a latin-1 'è' in the middle of a UTF-8 file
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), bytes).unwrap();
    let out = bin().current_dir(dir.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = line_of(STARTER, "Collège Barbot");
    assert!(stderr.contains(&format!("parties.yaml:{line}:")), "{stderr}");
    assert!(stderr.contains("UTF-8"));
}

#[test]
fn includes_are_read_and_errors_name_the_included_file() {
    let dir = tempfile::tempdir().unwrap();
    let main = STARTER.replacen("ent:\n", "inclure: [etabs/*.yaml]\nent:\n", 1);
    std::fs::write(dir.path().join("parties.yaml"), main).unwrap();
    std::fs::create_dir(dir.path().join("etabs")).unwrap();
    let good = ent_rgpd::validate::uai::check_letter("0570056").unwrap();
    let wrong = if good == 'A' { 'B' } else { 'A' };
    let extra =
        "etablissements:\n  - uai: 0570056@\n    nom: Collège deux\n    type: college\n    departement: \"57\"\n";
    let extra = extra.replace('@', &wrong.to_string());
    std::fs::write(dir.path().join("etabs/a.yaml"), &extra).unwrap();
    let out = bin().current_dir(dir.path()).arg("check").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:2:", Path::new("etabs").join("a.yaml").display())),
        "{stderr}"
    );
    let fixed = extra.replace(&format!("0570056{wrong}"), &format!("0570056{good}"));
    std::fs::write(dir.path().join("etabs/a.yaml"), fixed).unwrap();
    let out = bin().current_dir(dir.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 établissement(s)"));
}

#[test]
fn missing_include_is_an_error() {
    let main = STARTER.replacen("ent:\n", "inclure: [nulle-part.yaml]\nent:\n", 1);
    let (code, _o, stderr, _d) = check(&main);
    assert_eq!(code, 1);
    assert!(stderr.contains("aucun fichier ne correspond"), "{stderr}");
    assert!(
        stderr.contains(&format!("parties.yaml:{}:", line_of(&main, "inclure:"))),
        "{stderr}"
    );
}

/// Each file of tests/rosters/invalid/ starts with `# attendu: ..., ligne N`: check exits 1
/// with an error at line N.
#[test]
fn invalid_corpus_is_located() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rosters/invalid");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap();
        let line: u64 = first
            .rsplit("ligne ")
            .next()
            .unwrap()
            .trim()
            .parse()
            .expect("# attendu: ..., ligne N");
        let out = bin()
            .args(["check", "--format", "json", "--roster"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
        let stdout = String::from_utf8(out.stdout).unwrap();
        let errors: Vec<serde_json::Value> = stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v["gravite"] == "erreur")
            .collect();
        assert!(
            errors.iter().any(|e| e["ligne"] == line),
            "{}: no error at line {line}: {stdout}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 15, "only {seen} invalid rosters");
}

#[test]
fn example_rosters_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in [
        "parties.yaml",
        "tests/rosters/grand-est.yaml",
        "tests/rosters/kit-modele-1.yaml",
        "tests/rosters/kit-modele-2.yaml",
        "tests/rosters/ille-et-vilaine.yaml",
        "tests/rosters/fontenay-aux-roses.yaml",
    ] {
        let out = bin().args(["check", "--roster"]).arg(root.join(name)).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn init_then_check_and_eject() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin().current_dir(dir.path()).args(["init", "ent"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = bin().current_dir(dir.path().join("ent")).arg("check").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "the starter passes check: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A second init never overwrites the roster.
    std::fs::write(dir.path().join("ent/parties.yaml"), "# mine\n").unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["init", "ent", "--eject"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ent/parties.yaml")).unwrap(),
        "# mine\n"
    );
    assert!(
        !dir.path().join("ent/content").exists(),
        "nothing written when anything exists"
    );
    // --eject copies the canvases and theme; an edited canvas is used by build.
    let out = bin()
        .current_dir(dir.path())
        .args(["init", "ej", "--eject"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let canvas = dir.path().join("ej/content/mentions.md");
    assert!(canvas.is_file() && dir.path().join("ej/themes/default/style.css").is_file());
    let mut text = std::fs::read_to_string(&canvas).unwrap();
    text.push_str("\n\nTexte ajouté par l'académie.\n");
    std::fs::write(&canvas, text).unwrap();
    let out = bin()
        .current_dir(dir.path().join("ej"))
        .args(["build", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(dir.path().join("ej/public/0570055a/mentions/index.html")).unwrap();
    assert!(page.contains("Texte ajouté par l"), "override used");
}
