//! A canvas or layout override that reads values (compares one with a literal, takes a
//! string's length…) cannot be rendered once per shape with opaque tokens: the build renders
//! each establishment directly instead, so the answer is right, and its summary says so.

mod common;

use assert_cmd::Command;
use common::visible;
use std::path::Path;

const ROSTER: &str = include_str!("rosters/minimal.yaml");
/// The two establishments of the roster: (directory, name, commune).
const BARBOT: (&str, &str, &str) = ("0570055a", "Collège Barbot", "Metz");
const CASTEL: (&str, &str, &str) = ("0572360f", "Collège Le Castel", "Longeville-lès-Saint-Avold");

/// A project with the roster and, for each `(path, text)`, a file `path` whose text is the
/// embedded default of that path followed by `text`.
fn project(overrides: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), ROSTER).unwrap();
    for (path, extra) in overrides {
        override_file(dir.path(), path, extra);
    }
    dir
}

/// Overrides `path` with its embedded default followed by `extra`.
fn override_file(dir: &Path, path: &str, extra: &str) {
    edit_default(dir, path, |default| format!("{default}\n\n{extra}\n"));
}

/// Overrides `path` with its embedded default, edited.
fn edit_default(dir: &Path, path: &str, edit: impl Fn(String) -> String) {
    let default = ent_rgpd::render::default_files()
        .into_iter()
        .find(|(p, _)| p == path)
        .map(|(_, bytes)| String::from_utf8(bytes.to_vec()).unwrap())
        .unwrap_or_else(|| panic!("no default {path}"));
    let file = dir.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, edit(default)).unwrap();
}

/// `ent-rgpd build` in `dir`: stdout and stderr together (it must succeed).
fn build(dir: &Path) -> String {
    let out = Command::cargo_bin("ent-rgpd")
        .unwrap()
        .current_dir(dir)
        .args(["build", "--output", "public"])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    text
}

/// The text of the home page of establishment `dir`.
fn home(project: &Path, dir: &str) -> String {
    let path = project.join("public").join(dir).join("index.html");
    visible(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|w| w == word)
}

#[test]
fn a_comparison_with_a_literal_sees_the_real_value() {
    let condition = format!("{{% if etab.commune == \"{}\" %}}ICI{{% endif %}}", BARBOT.2);
    let dir = project(&[("content/accueil.md", &condition)]);
    let said = build(dir.path());
    assert!(
        has_word(&home(dir.path(), BARBOT.0), "ICI"),
        "the establishment of {}",
        BARBOT.2
    );
    assert!(!has_word(&home(dir.path(), CASTEL.0), "ICI"), "another establishment");
    assert!(said.contains("rendu direct"), "{said}");
    assert!(
        said.contains("content/accueil.md ligne") && said.contains("compare « etab.commune » à un texte"),
        "the summary names the reason: {said}"
    );
}

#[test]
fn the_length_of_a_string_is_its_real_length() {
    let dir = project(&[("content/accueil.md", "Longueur du nom : {{ etab.nom | length }}.")]);
    let said = build(dir.path());
    for (slug, nom, _) in [BARBOT, CASTEL] {
        let expected = format!("Longueur du nom : {}.", nom.chars().count());
        let page = home(dir.path(), slug);
        assert!(page.contains(&expected), "{slug}: « {expected} » absent from {page}");
    }
    assert!(said.contains("rendu direct"), "{said}");
    assert!(said.contains("« etab.nom »"), "{said}");
}

#[test]
fn a_layout_override_is_scanned_too() {
    let dir = project(&[]);
    edit_default(dir.path(), "themes/default/page.html", |default| {
        let test = "{% if etab and etab.nom is starting_with(pat=\"Collège B\") %}<p>BARBOT</p>{% endif %}";
        assert!(default.contains("{{ contenu | safe }}"), "{default}");
        default.replace("{{ contenu | safe }}", &format!("{{{{ contenu | safe }}}}{test}"))
    });
    let said = build(dir.path());
    assert!(has_word(&home(dir.path(), BARBOT.0), "BARBOT"));
    assert!(!has_word(&home(dir.path(), CASTEL.0), "BARBOT"));
    assert!(
        said.contains("rendu direct") && said.contains("themes/default/page.html"),
        "{said}"
    );
}

/// The default templates keep the fast path; with an override that reads a value, the pages
/// it does not touch read the same.
#[test]
fn only_overrides_that_read_values_leave_the_fast_path() {
    let dir = project(&[]);
    let said = build(dir.path());
    assert!(!said.contains("rendu direct"), "{said}");
    let fast = common::tree(&dir.path().join("public"));
    let checked = ent_rgpd::project::check(&dir.path().join("parties.yaml")).unwrap();
    assert!(
        ent_rgpd::render::Renderer::new(dir.path())
            .unwrap()
            .direct_reasons()
            .is_empty()
    );

    // Comparing real values (kinds, counts) with literals keeps the fast path too.
    override_file(
        dir.path(),
        "content/mentions.md",
        "{% if etab.type == \"college\" and nb.traitements > 0 and t is not defined %}Un collège.{% endif %}",
    );
    let said = build(dir.path());
    assert!(!said.contains("rendu direct"), "{said}");

    override_file(
        dir.path(),
        "content/accueil.md",
        "{% if etab.commune == \"Metz\" %}ICI{% endif %}",
    );
    let said = build(dir.path());
    assert!(said.contains("rendu direct"), "{said}");
    let reasons = ent_rgpd::render::Renderer::new(dir.path())
        .unwrap()
        .direct_reasons()
        .to_vec();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert_eq!(reasons[0].template, "content/accueil.md");
    let direct = common::tree(&dir.path().join("public"));
    let homes: Vec<String> = checked
        .site
        .etablissements
        .iter()
        .map(|e| format!("{}/index.html", e.slug))
        .collect();
    let mut compared = 0;
    for (path, bytes) in &fast {
        if !path.ends_with(".html") || homes.contains(path) || path.ends_with("mentions/index.html") {
            continue;
        }
        let other = direct.get(path).unwrap_or_else(|| panic!("{path} missing"));
        assert_eq!(
            visible(&String::from_utf8_lossy(other)),
            visible(&String::from_utf8_lossy(bytes)),
            "{path}"
        );
        compared += 1;
    }
    assert!(compared >= 4, "{compared} pages compared");
}
