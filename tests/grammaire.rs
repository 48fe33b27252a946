//! The roster's override of how a name is written in running text (issue 12): `grammaire:
//! { article, genre }` on a party or an establishment, checked by `check`.

mod common;

fn roster_with(from: &str, to: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let src =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rosters/minimal.yaml"))
            .unwrap();
    let changed = src.replacen(from, to, 1);
    assert_ne!(changed, src, "the fixture changed: « {from} » not found");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parties.yaml");
    std::fs::write(&path, changed).unwrap();
    (dir, path)
}

#[test]
fn a_party_takes_the_article_the_roster_gives() {
    // « Eurométropole » is no noun the rules know: without an override it reads as a proper
    // name (« d'Eurométropole de Metz »), with it « de l'Eurométropole de Metz ».
    let rename = "    nom: Département de la Moselle\n";
    for (extra, expected, unexpected) in [
        ("", "d'Eurométropole de Metz", "l'Eurométropole de Metz"),
        (
            "    grammaire: { article: \"l'\", genre: feminin }\n",
            "de l'Eurométropole de Metz",
            "d'Eurométropole de Metz",
        ),
    ] {
        let (dir, roster) = roster_with(rename, &format!("    nom: Eurométropole de Metz\n{extra}"));
        let out = dir.path().join("public");
        let (code, stderr) = common::build_roster(&roster, &out);
        assert_eq!(code, 0, "{stderr}");
        // The footer's sentence names the controllers with « de »: « sous la responsabilité de
        // l'académie…, de l'Eurométropole de Metz et du collège Barbot ».
        let footer = common::read(&out, "0570055a/footer.json");
        assert!(footer.contains(expected), "« {expected} » missing: {footer}");
        assert!(!footer.contains(unexpected), "« {unexpected} » present: {footer}");
    }
}

#[test]
fn an_unknown_article_is_an_error_with_the_allowed_values() {
    let (_dir, roster) = roster_with(
        "    nom: Département de la Moselle\n",
        "    nom: Département de la Moselle\n    grammaire: { article: les }\n",
    );
    let done = assert_cmd::Command::cargo_bin("ent-rgpd")
        .unwrap()
        .args(["check", "--roster"])
        .arg(&roster)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("article inconnu « les »"), "{stderr}");
    assert!(stderr.contains("le, la, l', aucun"), "{stderr}");
}
