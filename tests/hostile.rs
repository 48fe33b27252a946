//! A corpus of hostile rosters: each payload put in every free-text value of the starter,
//! hostile URLs and ids, control characters. Never a panic; either exit 1 with a located
//! diagnostic, or exit 0 with every value escaped; nothing written outside the output folder.

mod common;

use assert_cmd::Command;
use std::path::Path;

const STARTER: &str = include_str!("../src/cmd/init_parties.yaml");

/// Keys whose value is free text (not an id, code, date, e-mail, URL or enumeration).
const TEXT_KEYS: &[&str] = &["nom", "commune", "adresse"];

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><svg onload=alert(1)>",
    "' onmouseover='alert(1)",
    "[x](javascript:alert(1)) ![i](https://evil.example/x.png)",
    "<iframe src=https://evil.example></iframe>",
    "{{ ent }}{% for a in b %}",
    "&lt;script&gt; &amp; &#x3C;",
    "</nav><style>*{display:none}</style>",
    "`code` **gras** <b>x</b>",
];

fn run(dir: &Path) -> (i32, String) {
    let out = Command::cargo_bin("ent-rgpd")
        .unwrap()
        .current_dir(dir)
        .args(["build", "-q", "--output", "public"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Put `payload` as the value of every free-text key, and in every list of finalités.
fn inject(payload: &str) -> String {
    let quoted = serde_json::to_string(payload).unwrap();
    STARTER
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let key = trimmed.trim_start_matches("- ").split(':').next().unwrap_or("");
            if TEXT_KEYS.contains(&key) && trimmed.contains(": ") {
                let dash = if trimmed.starts_with("- ") { "- " } else { "" };
                format!("{indent}{dash}{key}: {quoted}")
            } else if trimmed.starts_with("- ") && !trimmed.contains(": ") && line.starts_with("      - ") {
                format!("{indent}- {quoted}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every tag of every built page: none that runs or loads anything.
fn assert_inert(public: &Path, case: &str) {
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.unwrap();
        let name = entry.path().display().to_string();
        if !name.ends_with(".html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap().to_lowercase();
        for tag in common::tags(&html) {
            let tag_name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            let own_script = tag_name == "script" && tag.contains("recherche.js") && !name.ends_with("footer.html");
            assert!(
                own_script || !["script", "style", "svg", "iframe", "img", "object"].contains(&tag_name.as_str()),
                "{case}: {name}: <{tag}>"
            );
            assert!(!common::has_event_handler(tag), "{case}: {name}: <{tag}>");
            for (attr, value) in common::attributes(tag) {
                if attr == "href" || attr == "src" {
                    assert!(!value.contains("evil.example"), "{case}: {name}: <{tag}>");
                }
            }
        }
    }
}

#[test]
fn payloads_in_every_text_field_come_out_escaped() {
    for payload in PAYLOADS {
        let yaml = inject(payload);
        assert!(
            yaml.matches(&serde_json::to_string(payload).unwrap()).count() >= 5,
            "payload placed: {yaml}"
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("parties.yaml"), &yaml).unwrap();
        let (code, stderr) = run(dir.path());
        assert_eq!(code, 0, "{payload}: {stderr}");
        assert_inert(&dir.path().join("public"), payload);
        let notice = std::fs::read_to_string(dir.path().join("public/0570055a/mentions/index.html")).unwrap();
        assert!(
            notice.contains("&lt;") || !payload.contains('<'),
            "{payload}: visible as text"
        );
    }
}

#[test]
fn hostile_urls_ids_and_characters_are_rejected_before_writing() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "https://barbot.monbureaunumerique.fr",
            "\"javascript:alert(1)\"",
            "schéma interdit",
        ),
        (
            "https://barbot.monbureaunumerique.fr",
            "\"data:text/html,<script>alert(1)</script>\"",
            "schéma interdit",
        ),
        (
            "https://barbot.monbureaunumerique.fr",
            "\"https://a.fr/\\\"><script>\"",
            "caractère non permis",
        ),
        ("id: ac-nancy-metz", "id: ../../etc", "identifiant de partie invalide"),
        (
            "id: ent\n",
            "id: \"..\\\\..\\\\x\"\n",
            "identifiant de traitement invalide",
        ),
        (
            "nom: Collège Barbot",
            "nom: \"Collège\\u0000Barbot\"",
            "caractère de contrôle",
        ),
        ("nom: Collège Barbot", "nom: \"SACRE C\\u009cUR\"", "windows-1252"),
        (
            "nom: Collège Barbot",
            "nom: \"Collège\\u001b[31mBarbot\"",
            "caractère de contrôle",
        ),
    ];
    for (from, to, message) in cases {
        assert!(STARTER.contains(from), "{from}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("parties.yaml"), STARTER.replacen(from, to, 1)).unwrap();
        let (code, stderr) = run(dir.path());
        assert_eq!(code, 1, "{to}: {stderr}");
        assert!(stderr.contains(message), "{to}: expected « {message} »: {stderr}");
        assert!(stderr.contains("parties.yaml:"), "{to}: located: {stderr}");
        assert!(!dir.path().join("public").exists(), "{to}: nothing written");
        assert!(!dir.path().parent().unwrap().join("etc").exists());
    }
}

#[test]
fn huge_roster_values_are_handled() {
    // A name at the length bound (300 characters) and 5,000 finalités: accepted and escaped,
    // no panic, no quadratic blow-up (a 10 MB name is refused: tests/attack_inputs.rs).
    let long = "é<".repeat(150);
    let many: String = (0..5000).map(|i| format!("      - \"finalité {i} <b>\"\n")).collect();
    let yaml = STARTER
        .replacen("nom: Collège Barbot", &format!("nom: \"{long}\""), 1)
        .replacen("    finalites:\n", &format!("    finalites:\n{many}"), 1);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), yaml).unwrap();
    let start = std::time::Instant::now();
    let (code, stderr) = run(dir.path());
    assert_eq!(code, 0, "{}", &stderr[..stderr.len().min(500)]);
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
    let page = std::fs::read_to_string(dir.path().join("public/0570055a/index.html")).unwrap();
    assert!(!page.contains("é<é<"), "escaped");
}
