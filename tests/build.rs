//! `ent-rgpd build` end to end: pages, rebuilds that write only what changed, user files
//! left alone, hostile input never live.

mod common;

use assert_cmd::Command;
use common::{attributes, has_event_handler, tags};
use std::path::Path;

const STARTER: &str = include_str!("../src/cmd/init_parties.yaml");

/// The starter plus a second collège with its own DPD.
fn roster() -> String {
    STARTER.replacen(
        "\ntraitements:",
        "  - uai: 0570056B\n    nom: Collège Rabelais\n    type: college\n    commune: Metz\n    departement: \"57\"\n    dpd: { courriel: dpd-rabelais@ac-nancy-metz.fr }\n    site_web: https://rabelais.example.fr\n\ntraitements:",
        1,
    )
    .replace("0570056B", &format!("0570056{}", ent_rgpd::validate::uai::check_letter("0570056").unwrap()))
}

fn build(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("ent-rgpd")
        .unwrap()
        .current_dir(dir)
        .args(["build", "--output", "public"])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn setup(yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), yaml).unwrap();
    dir
}

fn uai2() -> String {
    format!("0570056{}", ent_rgpd::validate::uai::check_letter("0570056").unwrap())
}

#[test]
fn builds_every_page_of_the_spec() {
    let dir = setup(&roster());
    let (code, stdout, stderr) = build(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("2 établissement(s)"), "{stdout}");
    for rel in [
        "index.html",
        "mentions/index.html",
        "footer.html",
        "registre.csv",
        "registre.json",
        "sitemap.xml",
        "style.css",
        "manifest.json",
        "0570055a/index.html",
        "0570055a/grandes-lignes/index.html",
        "0570055a/mentions/index.html",
        "0570055a/registre/index.html",
        "0570055a/registre/ent/index.html",
        "0570055a/footer.html",
        "0570055a/footer.json",
    ] {
        assert!(dir.path().join("public").join(rel).is_file(), "{rel} missing");
    }
    // Content, not just files: controllers, DPD, point of contact, routing, retention.
    let notice = read(dir.path(), "0570055a/mentions/index.html");
    for needle in [
        "Académie de Nancy-Metz",
        "Département de la Moselle",
        "Collège Barbot",
        "dpd@ac-nancy-metz.fr",
        "dpd@moselle.fr",
        "journaux de connexion 12\u{a0}mois",
        "CNIL",
    ] {
        assert!(notice.contains(needle), "notice lacks {needle}");
    }
    let gl = read(
        dir.path(),
        &format!("{}/grandes-lignes/index.html", uai2().to_lowercase()),
    );
    assert!(
        gl.contains("dpd-rabelais@ac-nancy-metz.fr"),
        "own DPD of the second collège"
    );
    let footer = read(dir.path(), "0570055a/footer.html");
    assert!(
        footer.contains("https://rgpd.mon-ent.fr/0570055a/mentions/"),
        "{footer}"
    );
    let csv = read(dir.path(), "registre.csv");
    assert_eq!(
        csv.lines().count(),
        3,
        "header + 2 establishments × 1 traitement:\n{csv}"
    );
}

#[test]
fn second_build_writes_nothing() {
    let dir = setup(&roster());
    assert_eq!(build(dir.path(), &[]).0, 0);
    let manifest = dir.path().join("public/manifest.json");
    let before = std::fs::metadata(&manifest).unwrap().modified().unwrap();
    let (code, stdout, _) = build(dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains(" 0 fichier(s) écrit(s)"), "{stdout}");
    assert_eq!(std::fs::metadata(&manifest).unwrap().modified().unwrap(), before);
}

#[test]
fn changing_one_dpd_rewrites_only_that_establishment() {
    let dir = setup(&roster());
    assert_eq!(build(dir.path(), &[]).0, 0);
    let changed = roster().replace("dpd-rabelais@ac-nancy-metz.fr", "nouveau-dpd@ac-nancy-metz.fr");
    std::fs::write(dir.path().join("parties.yaml"), changed).unwrap();
    let (code, _o, stderr) = build(dir.path(), &["--report", "changes.json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("changes.json")).unwrap()).unwrap();
    let text = report.to_string();
    assert!(text.contains(&uai2()), "{text}");
    assert!(
        !text.contains("0570055A"),
        "the other establishment did not change: {text}"
    );
    let gl = read(
        dir.path(),
        &format!("{}/grandes-lignes/index.html", uai2().to_lowercase()),
    );
    assert!(gl.contains("nouveau-dpd@ac-nancy-metz.fr"));
    // The report says what changed in the roster, not only which files.
    let what = report["etablissements"][0]["ce_qui_a_change"].to_string();
    assert!(what.contains("délégués à la protection des données"), "{what}");
    assert!(!what.contains("traitements"), "{what}");
    let changed = roster().replace("dpd-rabelais@ac-nancy-metz.fr", "troisieme-dpd@ac-nancy-metz.fr");
    std::fs::write(dir.path().join("parties.yaml"), changed).unwrap();
    assert_eq!(build(dir.path(), &["--report", "changes.txt"]).0, 0);
    let text = std::fs::read_to_string(dir.path().join("changes.txt")).unwrap();
    assert!(text.contains("Modifié dans le fichier des parties : "), "{text}");
    assert!(text.contains("délégués à la protection des données"), "{text}");
}

#[test]
fn user_files_survive_and_removed_establishments_are_cleaned() {
    let dir = setup(&roster());
    std::fs::create_dir_all(dir.path().join("public/.git")).unwrap();
    std::fs::write(dir.path().join("public/.git/HEAD"), "ref").unwrap();
    std::fs::write(dir.path().join("public/CNAME"), "rgpd.example.fr").unwrap();
    assert_eq!(build(dir.path(), &[]).0, 0);
    std::fs::write(dir.path().join("public/0570055a/notes.txt"), "mine").unwrap();
    // Remove the second establishment: its files go, nothing else does.
    std::fs::write(dir.path().join("parties.yaml"), STARTER).unwrap();
    let (code, _o, stderr) = build(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !dir.path()
            .join("public")
            .join(uai2().to_lowercase())
            .join("index.html")
            .exists()
    );
    assert_eq!(read(dir.path(), "CNAME"), "rgpd.example.fr");
    assert_eq!(read(dir.path(), ".git/HEAD"), "ref");
    assert_eq!(read(dir.path(), "0570055a/notes.txt"), "mine");
}

#[test]
fn invalid_roster_writes_nothing() {
    let dir = setup(&roster().replacen("uai: 0570055A", "uai: 0570055a", 1));
    let (code, _o, stderr) = build(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!dir.path().join("public").exists(), "nothing written on invalid input");
}

#[test]
fn only_rebuilds_one_establishment() {
    let dir = setup(&roster());
    assert_eq!(build(dir.path(), &[]).0, 0);
    std::fs::remove_file(dir.path().join("public/0570055a/index.html")).unwrap();
    let changed = roster().replace("Collège Rabelais", "Collège François-Rabelais");
    std::fs::write(dir.path().join("parties.yaml"), changed).unwrap();
    let (code, _o, stderr) = build(dir.path(), &["--only", &uai2()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(read(dir.path(), &format!("{}/index.html", uai2().to_lowercase())).contains("François-Rabelais"));
    assert!(
        !dir.path().join("public/0570055a/index.html").exists(),
        "other establishments untouched"
    );
    let (code, _o, stderr) = build(dir.path(), &["--only", "0000000A"]);
    assert_eq!(code, 1, "unknown UAI: {stderr}");
}

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "[clic](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "</title><style>body{display:none}</style>",
    "{{ ent.nom }} {% raw %}",
];

#[test]
fn hostile_text_never_comes_out_live() {
    for (i, h) in HOSTILE.iter().enumerate() {
        let q = serde_json::to_string(h).unwrap(); // a valid YAML double-quoted scalar
        let yaml = roster()
            .replacen("nom: Collège Barbot", &format!("nom: {q}"), 1)
            .replacen("nom: Académie de Nancy-Metz", &format!("nom: {q}"), 1)
            .replacen(
                "- Gérer les comptes et les habilitations des utilisateurs",
                &format!("- {q}"),
                1,
            )
            .replacen("commune: Metz", &format!("commune: {q}"), 1)
            .replacen("nom: Gestion de l'espace numérique de travail", &format!("nom: {q}"), 1);
        let dir = setup(&yaml);
        let (code, _o, stderr) = build(dir.path(), &[]);
        assert_eq!(code, 0, "case {i}: {stderr}");
        for entry in walkdir::WalkDir::new(dir.path().join("public")) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.path().display().to_string();
            let text = std::fs::read_to_string(entry.path()).unwrap().to_lowercase();
            if name.ends_with(".html") {
                // Roster text is escaped, so every `<` left opens a tag we wrote: inspect the tags.
                for tag in tags(&text) {
                    let tag_name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                    // Our own search script, external, is the only script allowed (never in a footer).
                    let own_script = tag_name == "script"
                        && attributes(tag)
                            .iter()
                            .any(|(n, v)| n == "src" && v.ends_with("recherche.js"))
                        && !name.ends_with("footer.html");
                    assert!(
                        own_script
                            || !["script", "style", "img", "iframe", "object", "embed"].contains(&tag_name.as_str()),
                        "case {i}: {name}: <{tag}>"
                    );
                    assert!(!has_event_handler(tag), "case {i}: {name}: <{tag}>");
                }
            }
            if name.ends_with("footer.html") {
                assert!(!text.contains("style="), "case {i}: {name}");
            }
        }
    }
}

#[test]
fn export_csv_and_json_of_the_whole_register() {
    let dir = setup(&roster());
    let run = |format: &str| {
        let out = Command::cargo_bin("ent-rgpd")
            .unwrap()
            .current_dir(dir.path())
            .args(["export", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run("csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[0][0], "0570055A");
    assert_eq!(&records[1][0], uai2());
    assert!(
        records[0][5].contains("Académie de Nancy-Metz"),
        "responsables: {:?}",
        &records[0]
    );
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[1]["uai"], uai2());
    let out = Command::cargo_bin("ent-rgpd")
        .unwrap()
        .current_dir(dir.path())
        .args(["export", "--format", "csv", "--output", "r.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(dir.path().join("r.csv")).unwrap(), csv);
}

#[test]
fn rebuild_renders_only_changed_establishments() {
    let dir = setup(&roster());
    let (_, stdout, _) = build(dir.path(), &[]);
    assert!(stdout.contains("2 régénéré(s)"), "{stdout}");
    let (_, stdout, _) = build(dir.path(), &[]);
    assert!(
        stdout.contains("0 régénéré(s)"),
        "no change, nothing rendered: {stdout}"
    );
    std::fs::write(
        dir.path().join("parties.yaml"),
        roster().replace("Collège Rabelais", "Collège F. Rabelais"),
    )
    .unwrap();
    let (_, stdout, _) = build(dir.path(), &[]);
    assert!(stdout.contains("1 régénéré(s)"), "{stdout}");
    assert!(
        read(dir.path(), "index.html").contains("F. Rabelais"),
        "ENT home lists the new name"
    );
    // A changed canvas changes every page: everything is rendered again.
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    let canvas = ent_rgpd::render::default_files()
        .into_iter()
        .find(|(p, _)| p == "content/mentions.md")
        .unwrap()
        .1;
    let mut canvas = String::from_utf8(canvas.to_vec()).unwrap();
    canvas.push_str("\nMention ajoutée.\n");
    std::fs::write(dir.path().join("content/mentions.md"), canvas).unwrap();
    let (_, stdout, _) = build(dir.path(), &[]);
    assert!(stdout.contains("2 régénéré(s)"), "{stdout}");
    assert!(read(dir.path(), "0570055a/mentions/index.html").contains("Mention ajoutée."));
    // Files removed by hand with the manifest: everything is rendered and written again.
    std::fs::remove_dir_all(dir.path().join("public")).unwrap();
    let (_, stdout, _) = build(dir.path(), &[]);
    assert!(stdout.contains("2 régénéré(s)"), "{stdout}");
    assert!(dir.path().join("public/0570055a/index.html").is_file());
}

/// The starter roster plus a collège in the Vosges (another département page).
fn two_departements() -> String {
    let uai = format!("0880001{}", ent_rgpd::validate::uai::check_letter("0880001").unwrap());
    roster()
        .replacen(
            "  - id: editeur-ent",
            "  - id: dep-vosges\n    type: departement\n    nom: Département des Vosges\n    departements: [\"88\"]\n    dpd: { courriel: dpd@vosges.fr }\n  - id: editeur-ent",
            1,
        )
        .replacen(
            "\ntraitements:",
            &format!("  - uai: {uai}\n    nom: Collège Jules Ferry\n    type: college\n    commune: Épinal\n    departement: \"88\"\n\ntraitements:"),
            1,
        )
}

/// (inode, modification time) of an output file: a rewrite changes them.
fn stamp(dir: &Path, rel: &str) -> (u64, std::time::SystemTime) {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(dir.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    (m.ino(), m.modified().unwrap())
}

/// ENT-level files whose input did not change are kept on a rebuild (a département's page
/// and index, the sitemap), the others rewritten; the result is always the one of a clean
/// build.
#[test]
fn rebuild_keeps_unchanged_ent_level_files() {
    // Files written + unchanged, from the build's summary line: how many were rendered.
    let counts = |stdout: &str| {
        let count = |label: &str| -> usize {
            let end = stdout.find(label).unwrap();
            stdout[..end].trim_end().rsplit(' ').next().unwrap().parse().unwrap()
        };
        count("fichier(s) écrit(s)") + count("inchangé(s)")
    };
    let dir = setup(&two_departements());
    assert_eq!(build(dir.path(), &[]).0, 0);
    let kept = [
        "departements/88/index.html",
        "departements/88/index.json",
        "sitemap.xml",
    ];
    let before: Vec<_> = kept.iter().map(|p| stamp(dir.path(), p)).collect();
    let page57 = stamp(dir.path(), "departements/57/index.html");
    let register = stamp(dir.path(), "registre.csv");
    std::thread::sleep(std::time::Duration::from_millis(20));

    let yaml = two_departements().replace("Collège Rabelais", "Collège François Rabelais");
    std::fs::write(dir.path().join("parties.yaml"), &yaml).unwrap();
    let (code, stdout, stderr) = build(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 régénéré(s)"), "{stdout}");
    // Rendered: the establishment's files, 2 for its département, 9 always (home, notice,
    // accessibility statement, footer.html/json, style, script, register csv/json); not the
    // 3 kept files.
    let manifest: serde_json::Value = serde_json::from_str(&read(dir.path(), "manifest.json")).unwrap();
    let own = manifest["files"]
        .as_object()
        .unwrap()
        .values()
        .filter(|f| f["uai"] == uai2().as_str())
        .count();
    assert_eq!(counts(&stdout), own + 11, "{stdout}");
    let after: Vec<_> = kept.iter().map(|p| stamp(dir.path(), p)).collect();
    assert_eq!(before, after, "unchanged groups are not rewritten");
    assert_ne!(page57, stamp(dir.path(), "departements/57/index.html"));
    assert_ne!(register, stamp(dir.path(), "registre.csv"));
    assert!(read(dir.path(), "departements/57/index.html").contains("François Rabelais"));
    assert!(read(dir.path(), "departements/57/index.json").contains("François Rabelais"));

    // Renaming the roster's first establishment (the one whose treatments come first, as
    // the ENT pages list them) keeps the other département's files too.
    let start = yaml.find("\netablissements:").unwrap();
    let nom = start + yaml[start..].find("    nom: ").unwrap() + "    nom: ".len();
    let end = nom + yaml[nom..].find('\n').unwrap();
    let yaml = format!("{} (renommé){}", &yaml[..end], &yaml[end..]);
    std::fs::write(dir.path().join("parties.yaml"), &yaml).unwrap();
    let (code, stdout, stderr) = build(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 régénéré(s)"), "{stdout}");
    assert_eq!(
        counts(&stdout),
        own + 11,
        "{} renamed: only its files, its département's and the ENT files are rendered: {stdout}",
        &yaml[nom..end]
    );

    // A new date on a treatment sheet changes the sitemap.
    let yaml = yaml.replace("mis_a_jour_le: 2025-09-01", "mis_a_jour_le: 2026-01-15");
    std::fs::write(dir.path().join("parties.yaml"), &yaml).unwrap();
    assert_eq!(build(dir.path(), &[]).0, 0);
    assert!(read(dir.path(), "sitemap.xml").contains("2026-01-15"));

    // The last establishment of a département removed: its page goes.
    let vosges = yaml.find("  - uai: 088").unwrap();
    let end = vosges + yaml[vosges..].find("\n\ntraitements:").unwrap();
    let yaml = format!("{}{}", &yaml[..vosges], &yaml[end + 1..]);
    std::fs::write(dir.path().join("parties.yaml"), &yaml).unwrap();
    let (code, _, stderr) = build(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!dir.path().join("public/departements/88").exists());

    // Byte for byte what a clean build gives.
    let clean = setup(&yaml);
    assert_eq!(build(clean.path(), &[]).0, 0);
    let tree = |d: &Path| {
        let mut t = common::tree(&d.join("public"));
        t.retain(|p, _| !p.starts_with('.'));
        t
    };
    assert_eq!(tree(dir.path()), tree(clean.path()));
}
