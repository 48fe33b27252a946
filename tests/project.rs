//! Where a project lives (SPEC §2, issue 14): without --roster, `parties.yaml` in the current
//! directory or its nearest parent (as cargo finds Cargo.toml); `public/`, `content/` and
//! `themes/` next to the roster, wherever the command is run from.

use assert_cmd::Command;
use std::path::Path;

const STARTER: &str = include_str!("../src/cmd/init_parties.yaml");

fn bin(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ent-rgpd").unwrap();
    cmd.current_dir(dir);
    cmd
}

/// (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = bin(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A project: `parties.yaml` with a theme override next to it, and an empty subfolder.
fn project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), STARTER).unwrap();
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/style.css")).unwrap();
    std::fs::create_dir_all(dir.path().join("themes/default")).unwrap();
    std::fs::write(
        dir.path().join("themes/default/style.css"),
        format!("{css}\n.marque-du-projet{{color:#123456}}\n"),
    )
    .unwrap();
    let sub = dir.path().join("dossiers/2025");
    std::fs::create_dir_all(&sub).unwrap();
    (dir, sub)
}

#[test]
fn check_build_export_find_the_roster_in_a_parent_folder() {
    let (dir, sub) = project();

    let (code, out, err) = run(&sub, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("../../parties.yaml : "),
        "the roster read is named: {out}"
    );

    let (code, out, err) = run(&sub, &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dir.path().join("public/index.html").is_file(),
        "public/ next to the roster"
    );
    assert!(dir.path().join("public/0570055a/index.html").is_file());
    assert!(!sub.join("public").exists(), "nothing written in the current folder");
    assert!(out.contains("../../public"), "{out}");
    let css = std::fs::read_to_string(dir.path().join("public/style.css")).unwrap();
    assert!(css.contains("marque-du-projet"), "themes/ next to the roster is used");

    let (code, csv, err) = run(&sub, &["export", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(csv.contains("0570055A") || csv.contains("0570055a"), "{csv}");

    // The nearest parent wins: a roster in the current folder is the one read.
    std::fs::write(
        sub.join("parties.yaml"),
        STARTER.replace("Collège Barbot", "Collège Proche"),
    )
    .unwrap();
    let (code, out, err) = run(&sub, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("parties.yaml : "), "{out}");
    let (code, _, err) = run(&sub, &["build", "--quiet"]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(sub.join("public/0570055a/index.html")).unwrap();
    assert!(page.contains("Collège Proche"));
}

/// `build --roster dpo/parties.yaml` wrote ./public while it read dpo/content and
/// dpo/themes: all three are next to the roster now; an explicit --output stays where it is
/// said, from the current folder.
#[test]
fn output_defaults_next_to_an_explicit_roster() {
    let (dir, _) = project();
    let work = tempfile::tempdir().unwrap();
    let dpo = work.path().join("dpo");
    std::fs::create_dir_all(&dpo).unwrap();
    for entry in walkdir::WalkDir::new(dir.path()).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(dir.path()).unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(dpo.join(rel)).unwrap();
        } else {
            std::fs::copy(entry.path(), dpo.join(rel)).unwrap();
        }
    }

    let (code, _, err) = run(work.path(), &["build", "--quiet", "--roster", "dpo/parties.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(dpo.join("public/index.html").is_file());
    assert!(!work.path().join("public").exists());
    let css = std::fs::read_to_string(dpo.join("public/style.css")).unwrap();
    assert!(css.contains("marque-du-projet"));

    let (code, _, err) = run(
        work.path(),
        &["build", "--quiet", "--roster", "dpo/parties.yaml", "--output", "site"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(work.path().join("site/index.html").is_file());
    assert!(!dpo.join("site").exists());
}

#[test]
fn no_roster_here_nor_above_is_an_io_error_that_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    if dir.path().ancestors().any(|d| d.join("parties.yaml").is_file()) {
        eprintln!("skipped: a parties.yaml above {}", dir.path().display());
        return;
    }
    for cmd in [&["check"][..], &["build"], &["export", "--format", "csv"]] {
        let (code, _, err) = run(dir.path(), cmd);
        assert_eq!(code, 3, "{cmd:?}: {err}");
        assert!(
            err.contains("parties.yaml") && err.contains("dossiers parents") && err.contains("ent-rgpd init"),
            "{cmd:?}: {err}"
        );
    }
    assert!(!dir.path().join("public").exists());
}
