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

/// Write `yaml` as parties.yaml in a fresh dir and run `check --format json` on it: exit code
/// and diagnostics.
fn check_json(yaml: &str) -> (i32, Vec<serde_json::Value>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), yaml).unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let diags = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code().unwrap_or(-1), diags)
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

/// (what, text to replace, replacement, expected message fragment, expected help fragment,
/// expected rule code of the error at that line in `check --format json`)
const DEFECTS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "UAI en minuscules",
        "uai: 0570055A",
        "uai: 0570055a",
        "UAI en minuscules",
        "0570055A",
        "E-UAI-MINUSCULES",
    ),
    (
        "lettre de contrôle",
        "uai: 0570055A",
        "uai: 0570055B",
        "lettre de contrôle",
        "0570055A",
        "E-UAI-CLE",
    ),
    (
        "UAI mal formé",
        "uai: 0570055A",
        "uai: 0920546Ux",
        "UAI invalide",
        "7 chiffres",
        "E-UAI-FORME",
    ),
    (
        "clé inconnue",
        "    nom: Collège Barbot",
        "    nomm: Collège Barbot",
        "clé inconnue « nomm »",
        "« nom »",
        "E-YAML-CLE-INCONNUE",
    ),
    (
        "XXX",
        "nom: Collège Barbot",
        "nom: Collège XXX",
        "XXX",
        "valeur réelle",
        "E-TEXTE-MODELE",
    ),
    (
        "à préciser",
        "- Gérer les comptes",
        "- Durée [à préciser] Gérer les comptes",
        "[à préciser]",
        "",
        "E-TEXTE-MODELE",
    ),
    ("x seul", "commune: Metz", "commune: x", "« x »", "", "E-TEXTE-MODELE"),
    (
        "à compléter",
        "nom: Académie de Nancy-Metz",
        "nom: À compléter",
        "à compléter",
        "",
        "E-TEXTE-MODELE",
    ),
    (
        "indiquer",
        "nom: Éditeur de la solution ENT",
        "nom: \"[indiquer le nom]\"",
        "[indiquer",
        "",
        "E-TEXTE-MODELE",
    ),
    ("… seul", "commune: Metz", "commune: …", "« … »", "", "E-TEXTE-MODELE"),
    (
        "javascript:",
        "site_web: https://barbot",
        "site_web: javascript:alert(1)//barbot",
        "schéma interdit",
        "",
        "E-URL",
    ),
    (
        "courriel",
        "courriel: dpd@moselle.fr",
        "courriel: dpd-moselle.fr",
        "adresse électronique invalide",
        "nom@domaine",
        "E-COURRIEL",
    ),
    (
        "date",
        "mis_a_jour_le: 2025-09-01",
        "mis_a_jour_le: 01/09/2025",
        "date invalide",
        "AAAA-MM-JJ",
        "E-DATE",
    ),
    (
        "dates inversées",
        "mis_a_jour_le: 2025-09-01",
        "mis_a_jour_le: 2024-09-01",
        "antérieur",
        "",
        "E-DATES-ORDRE",
    ),
    (
        "base légale",
        "base_legale: \"6.1.e\"",
        "base_legale: \"6.1.g\"",
        "base légale inconnue",
        "6.1.a",
        "E-BASE-LEGALE",
    ),
    (
        "id non slug",
        "id: ac-nancy-metz",
        "id: ../ac-nancy-metz",
        "identifiant de partie invalide",
        "",
        "E-IDENTIFIANT",
    ),
    (
        "id avec /",
        "id: ent\n",
        "id: a/b\n",
        "identifiant de traitement invalide",
        "",
        "E-IDENTIFIANT",
    ),
    (
        "rôle inconnu",
        "notifie: collectivite",
        "notifie: colectivite",
        "inconnu « colectivite »",
        "« collectivite »",
        "E-ROLE-INCONNU",
    ),
    (
        "type inconnu",
        "type: college ",
        "type: colege ",
        "type d'établissement inconnu",
        "« college »",
        "E-TYPE-ETABLISSEMENT",
    ),
    (
        "sous-traitant inconnu",
        "sous_traitants: [editeur-ent]",
        "sous_traitants: [editeur-entt]",
        "partie inconnue",
        "editeur-ent",
        "E-PARTIE-INCONNUE",
    ),
    (
        "éditeur responsable",
        "notifie: collectivite",
        "notifie: editeur-ent",
        "éditeur",
        "",
        "E-EDITEUR-RESPONSABLE",
    ),
    (
        "clé en double",
        "    commune: Metz",
        "    commune: Metz\n    commune: Nancy",
        "clé en double",
        "",
        "E-YAML-CLE-DOUBLE",
    ),
    (
        "syntaxe",
        "    commune: Metz",
        "    commune: [Metz",
        "YAML",
        "",
        "E-YAML-SYNTAXE",
    ),
];

#[test]
fn each_defect_exits_1_at_its_line() {
    for (what, from, to, message, help, rule) in DEFECTS {
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
        // The same error, with its rule's code, in the JSON form.
        let (code, diags) = check_json(&yaml);
        assert_eq!(code, 1, "{what}");
        assert!(
            diags.iter().any(|v| v["code"] == *rule && v["ligne"] == line),
            "{what}: no {rule} at line {line}: {diags:#?}"
        );
    }
}

/// (what, text of the starter to replace, replacement, expected rule code, text of the line
/// where the diagnostic is expected: its last occurrence in the edited roster). Each rule's
/// code is given where the diagnostic is created, never read from its message: a value that
/// quotes another rule's message keeps its own code.
const RULE_CODES: &[(&str, &str, &str, &str, &str)] = &[
    // Closed vocabularies.
    ("scénario", "scenario: 2 ", "scenario: 7 ", "E-SCENARIO", "scenario: 7"),
    (
        "nature",
        "# nature: services_numeriques ",
        "nature: services-numeriques ",
        "E-ENT-NATURE",
        "nature: services-numeriques",
    ),
    (
        "vérification d'identité",
        "# verification_identite: systematique ",
        "verification_identite: toujours ",
        "E-ENT-VERIFICATION-IDENTITE",
        "verification_identite: toujours",
    ),
    (
        "accessibilité",
        "statut: non conforme",
        "statut: bof",
        "E-ACCESSIBILITE-STATUT",
        "statut: bof",
    ),
    (
        "type de partie",
        "type: departement ",
        "type: departemen ",
        "E-TYPE-PARTIE",
        "type: departemen ",
    ),
    (
        "statut",
        "statut: public ",
        "statut: publik ",
        "E-STATUT-ETABLISSEMENT",
        "statut: publik",
    ),
    (
        "responsabilité",
        "responsabilite: conjointe ",
        "responsabilite: conjoint ",
        "E-RESPONSABILITE",
        "responsabilite: conjoint ",
    ),
    (
        "demandeur",
        "demandeurs: [eleves,",
        "demandeurs: [elevez,",
        "E-DEMANDEUR",
        "elevez",
    ),
    (
        "périmètre",
        "perimetre: ent",
        "perimetre: entt",
        "E-VIOLATION-PERIMETRE",
        "perimetre: entt",
    ),
    (
        "article",
        "    nom: Collège Barbot\n",
        "    nom: Collège Barbot\n    grammaire: { article: les }\n",
        "E-GRAMMAIRE-ARTICLE",
        "grammaire:",
    ),
    (
        "genre",
        "    nom: Collège Barbot\n",
        "    nom: Collège Barbot\n    grammaire: { genre: neutre }\n",
        "E-GRAMMAIRE-GENRE",
        "grammaire:",
    ),
    // Values and identifiers.
    (
        "nom trop long",
        "nom: Collège Barbot",
        "nom: Collège Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot Barbot",
        "E-TEXTE-LONGUEUR",
        "nom: Collège Barbot",
    ),
    (
        "caractère invisible",
        "nom: Collège Barbot",
        "nom: Collège\u{200b}Barbot",
        "E-TEXTE-INVISIBLE",
        "nom: Collège",
    ),
    (
        "téléphone",
        "hebergeur: { nom: Hébergeur de la solution ENT,",
        "hebergeur: { nom: Hébergeur de la solution ENT, telephone: \"abc\",",
        "A-TELEPHONE",
        "hebergeur:",
    ),
    (
        "code commune",
        "code_commune: \"57463\"",
        "code_commune: \"5746\"",
        "E-CODE-COMMUNE",
        "code_commune:",
    ),
    (
        "département",
        "    departement: \"57\"",
        "    departement: \"00\"",
        "E-CODE-DEPARTEMENT",
        "departement: \"00\"",
    ),
    (
        "UAI en double",
        "etablissements:\n",
        "etablissements:\n  - { uai: 0570055A, nom: Autre, type: college, departement: \"57\" }\n",
        "E-UAI-DOUBLE",
        "# 7 chiffres",
    ),
    (
        "identifiant en double",
        "  - id: editeur-ent",
        "  - id: dep-moselle",
        "E-IDENTIFIANT-DOUBLE",
        "id: dep-moselle",
    ),
    // References.
    (
        "traitement inconnu",
        "    site_web: https://barbot.monbureaunumerique.fr",
        "    site_web: https://barbot.monbureaunumerique.fr\n    traitements: [entt]",
        "E-TRAITEMENT-INCONNU",
        "traitements: [entt]",
    ),
    (
        "pas une académie",
        "    departement: \"57\"\n",
        "    departement: \"57\"\n    academie: dep-moselle\n",
        "E-ACADEMIE-TYPE",
        "academie: dep-moselle",
    ),
    (
        "code hors académie",
        "    departements: [\"57\"]",
        "    departements: [\"57\"]\n    code: \"3\"",
        "A-ACADEMIE-CODE",
        "code: \"3\"",
    ),
    (
        "commune sans code",
        "type: departement ",
        "type: commune ",
        "E-COMMUNE-SANS-CODE",
        "type: commune",
    ),
    (
        "académie introuvable",
        "    departement: \"57\"",
        "    departement: \"75\"",
        "E-ACADEMIE-INTROUVABLE",
        "departement: \"75\"",
    ),
    (
        "collectivité d'un privé",
        "statut: public ",
        "statut: prive ",
        "E-COLLECTIVITE-PRIVE",
        "responsables: [academie, collectivite",
    ),
    (
        "région absente",
        "type: college ",
        "type: lycee ",
        "E-COLLECTIVITE-INTROUVABLE",
        "responsables: [academie, collectivite",
    ),
    (
        "rôle sans partie",
        "responsables: [academie, collectivite, etablissement]",
        "responsables: [academie, collectivite, etablissement, region]",
        "E-ROLE-SANS-PARTIE",
        "responsables: [academie",
    ),
    (
        "DPD injoignable",
        "    dpd: { courriel: dpd@moselle.fr }\n",
        "",
        "E-DPD-INJOIGNABLE",
        "id: dep-moselle",
    ),
    // What the GDPR asks the pages to say.
    (
        "responsables vides",
        "responsables: [academie, collectivite, etablissement]",
        "responsables: []",
        "E-TRAITEMENT-RESPONSABLES",
        "id: ent",
    ),
    (
        "liste vide",
        "personnes: [eleves, responsables_legaux, personnels]",
        "personnes: []",
        "E-TRAITEMENT-LISTE-VIDE",
        "id: ent",
    ),
    (
        "sans mesures de sécurité",
        "    mesures_securite: [hébergement en France certifié, chiffrement des échanges, contrôle des habilitations]\n",
        "",
        "A-TRAITEMENT-SECURITE",
        "id: ent",
    ),
    (
        "sans obligatoire",
        "    obligatoire: true ",
        "    ",
        "A-TRAITEMENT-OBLIGATOIRE",
        "id: ent",
    ),
    (
        "sans base légale",
        "    base_legale: \"6.1.e\" ",
        "    ",
        "A-TRAITEMENT-BASE-LEGALE",
        "id: ent",
    ),
    (
        "intérêt légitime",
        "base_legale: \"6.1.e\"",
        "base_legale: \"6.1.f\"",
        "A-INTERET-LEGITIME",
        "base_legale:",
    ),
    (
        "transfert sans garantie",
        "transferts_hors_ue: non",
        "transferts_hors_ue: vers les USA",
        "A-TRANSFERT-GARANTIE",
        "transferts_hors_ue:",
    ),
    (
        "transfert imprécis",
        "transferts_hors_ue: non",
        "transferts_hors_ue: oui",
        "A-TRANSFERT-IMPRECIS",
        "transferts_hors_ue:",
    ),
    (
        "destinataire vide",
        "  - destinataire: academie",
        "  - destinataire: []",
        "E-DESTINATAIRE-VIDE",
        "destinataire: []",
    ),
    (
        "engagements vides",
        "etablissements:\n",
        "obligations:\n  - partie: academie\n    engagements: []\netablissements:\n",
        "E-ENGAGEMENTS-VIDE",
        "partie: academie",
    ),
    (
        "sous-traitants absents",
        "    sous_traitants: [editeur-ent]\n",
        "",
        "A-SOUS-TRAITANTS-VIDE",
        "destinataires:",
    ),
    (
        "responsabilité propre",
        "responsabilite: conjointe ",
        "responsabilite: propre ",
        "A-RESPONSABILITE-PROPRE",
        "responsabilite: propre",
    ),
    (
        "DPD sans coordonnées",
        "dpd: { courriel: dpd@moselle.fr }",
        "dpd: { nom: Jean Martin }",
        "A-DPD-COORDONNEES",
        "id: dep-moselle",
    ),
    (
        "privé sans DPD",
        "statut: public ",
        "collectivite: dep-moselle\n    statut: prive ",
        "A-ETABLISSEMENT-PRIVE-DPD",
        "uai: 0570055A",
    ),
    (
        "adresse postale",
        "    adresse: \"Rectorat, 2 rue Philippe de Gueldres, 54035 Nancy Cedex\"\n",
        "",
        "A-ADRESSE-POSTALE",
        "id: ac-nancy-metz",
    ),
    (
        "sans hébergeur",
        "  hebergeur: {",
        "  # hebergeur: {",
        "A-ENT-HEBERGEUR",
        "nom: Mon ENT",
    ),
    (
        "sans point de contact",
        "  point_de_contact: etablissement ",
        "  ",
        "A-ENT-CONTACT",
        "nom: Mon ENT",
    ),
    (
        "sans site",
        "    site_web: https://barbot.monbureaunumerique.fr\n",
        "",
        "A-ETABLISSEMENT-SITE",
        "uai: 0570055A",
    ),
    // The file and its includes.
    (
        "inclusion hors du dossier",
        "ent:\n",
        "inclure: [../x.yaml]\nent:\n",
        "E-INCLURE-CHEMIN",
        "inclure:",
    ),
    (
        "inclusion absente",
        "ent:\n",
        "inclure: [nulle-part.yaml]\nent:\n",
        "E-INCLURE-AUCUN",
        "inclure:",
    ),
    (
        "motif invalide",
        "ent:\n",
        "inclure: [\"a[.yaml\"]\nent:\n",
        "E-INCLURE-MOTIF",
        "inclure:",
    ),
    (
        "tabulation",
        "    commune: Metz",
        "\tcommune: Metz",
        "E-YAML-TABULATION",
        "commune: Metz",
    ),
    (
        "champ manquant",
        "    nom: Collège Barbot\n",
        "",
        "E-YAML-CHAMP-MANQUANT",
        "uai: 0570055A",
    ),
    // A value quoting another rule's message does not change the code.
    (
        "rôle nommé comme un message",
        "notifie: collectivite",
        "notifie: \"UAI lettre de contrôle trop long\"",
        "E-ROLE-INCONNU",
        "notifie: \"UAI",
    ),
    (
        "adresse nommée comme un message",
        "site_web: https://barbot.monbureaunumerique.fr",
        "site_web: \"UAI en double, lettre de contrôle\"",
        "E-URL",
        "site_web:",
    ),
];

#[test]
fn each_rule_has_its_code() {
    for (what, from, to, rule, at) in RULE_CODES {
        assert_eq!(
            STARTER.matches(from).count(),
            1,
            "{what}: starter lacks a single {from:?}"
        );
        let yaml = STARTER.replacen(from, to, 1);
        let line = yaml
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(at))
            .last()
            .unwrap_or_else(|| panic!("{what}: {at:?} not in the roster"))
            .0
            + 1;
        let (code, diags) = check_json(&yaml);
        assert_eq!(code, if rule.starts_with("E-") { 1 } else { 0 }, "{what}: {diags:#?}");
        assert!(
            diags.iter().any(|v| v["code"] == *rule && v["ligne"] == line),
            "{what}: no {rule} at line {line}: {diags:#?}"
        );
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

/// Every rule code is documented in docs/diagnostics.md, every code of its tables is a rule
/// (but the retired `AUTRE`), and every diagnostic of the invalid corpus has one of them.
#[test]
fn every_diagnostic_has_a_documented_rule_code() {
    use ent_rgpd::diagnostic::Rule;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/diagnostics.md")).unwrap();
    let rules: std::collections::BTreeSet<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
    for code in &rules {
        assert!(
            doc.contains(&format!("| `{code}` |")),
            "{code} is not in docs/diagnostics.md"
        );
    }
    assert!(rules.contains("ARGUMENT"));
    let codes_section = &doc[doc.find("## Codes").expect("a « Codes » section")..];
    for row in codes_section.lines().filter(|l| l.starts_with("| `")) {
        let code = row.split('`').nth(1).unwrap();
        assert!(
            rules.contains(code) || code == "AUTRE",
            "docs/diagnostics.md documents {code}, which no rule has"
        );
    }
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
            let prefix = if v["gravite"] == "erreur" { "E-" } else { "A-" };
            assert!(code.starts_with(prefix), "{code} {v}");
            assert!(
                rules.contains(&code[2..]),
                "{}: {code} is no rule's code: {v}",
                path.display()
            );
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

/// The rule code of the error each file of tests/rosters/invalid/ is about.
const CORPUS_CODES: &[(&str, &str)] = &[
    ("base-legale-6-1-g.yaml", "E-BASE-LEGALE"),
    ("champ-manquant.yaml", "E-YAML-CHAMP-MANQUANT"),
    ("cle-inconnue.yaml", "E-YAML-CLE-INCONNUE"),
    ("courriel-invalide.yaml", "E-COURRIEL"),
    ("dates-inversees.yaml", "E-DATES-ORDRE"),
    ("ecole-sans-code-commune.yaml", "E-ECOLE-SANS-COMMUNE"),
    ("id-point-point.yaml", "E-IDENTIFIANT"),
    ("id-slash.yaml", "E-IDENTIFIANT"),
    ("placeholder-a-preciser.yaml", "E-TEXTE-MODELE"),
    ("placeholder-xxx.yaml", "E-TEXTE-MODELE"),
    ("reference-inconnue.yaml", "E-ROLE-INCONNU"),
    ("uai-double.yaml", "E-UAI-DOUBLE"),
    ("uai-lettre-fausse.yaml", "E-UAI-CLE"),
    ("uai-minuscule.yaml", "E-UAI-MINUSCULES"),
    ("url-javascript.yaml", "E-URL"),
    ("yaml-tabulation.yaml", "E-YAML-TABULATION"),
];

/// Each file of tests/rosters/invalid/ starts with `# attendu: ..., ligne N`: check exits 1
/// with an error at line N, of the rule `CORPUS_CODES` gives.
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
        let name = path.file_name().unwrap().to_str().unwrap();
        let rule = CORPUS_CODES
            .iter()
            .find(|(file, _)| *file == name)
            .unwrap_or_else(|| panic!("{name}: add its expected code to CORPUS_CODES"))
            .1;
        assert!(
            errors.iter().any(|e| e["ligne"] == line && e["code"] == rule),
            "{name}: no {rule} at line {line}: {stdout}"
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
