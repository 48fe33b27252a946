//! `ent-rgpd init`: a commented starter roster that passes `check`; `--eject` also copies
//! the embedded canvases and theme, to be edited file by file; `--ci gitlab` writes the
//! `.gitlab-ci.yml` that checks and publishes the site with GitLab Pages.

use crate::cli::{Forge, InitArgs};
use crate::error::{Error, Result};
use crate::output::write_file;
use crate::render::default_files;

pub const STARTER: &str = include_str!("init_parties.yaml");

/// The JSON Schema written beside the starter, which the starter's first line names.
pub const SCHEMA_FILE: &str = "parties.schema.json";

/// `init --ci gitlab`: the académies' forge runs GitLab. A job `pages` on the default branch
/// checks the roster and builds `public/`, which GitLab Pages publishes.
///
/// ent-rgpd is compiled in the job (`cargo install --locked`, the versions of its
/// `Cargo.lock`) from the Git repository named by `ENT_RGPD_GIT`, rather than downloaded as
/// a prebuilt binary: no binary is published for ent-rgpd, and a forge's runners can always
/// reach a Git mirror. The binary is kept in the job's cache, so only the first pipeline (and
/// each new `ENT_RGPD_TAG`) pays the compilation.
pub const GITLAB_CI: &str = r#"# Publication du site RGPD avec GitLab Pages, écrit par « ent-rgpd init --ci gitlab ».
#
# À chaque modification de la branche par défaut : ent-rgpd vérifie parties.yaml (check),
# génère le site dans public/ (build), et GitLab Pages le publie.
#
# À régler dans Paramètres > CI/CD > Variables (ou ci-dessous) :
#   ENT_RGPD_GIT  l'adresse du dépôt Git d'ent-rgpd (celui de la forge de votre académie,
#                 ou son dépôt public) ; obligatoire ;
#   ENT_RGPD_TAG  la version à installer, par son étiquette Git (v0.1.0) ; vide : la branche
#                 par défaut du dépôt.
# ent-rgpd est compilé dans la tâche (cargo install --locked) puis gardé en cache : seul le
# premier pipeline, et chaque changement de version, attend la compilation (plusieurs
# minutes).
#
# Les liens des pages utilisent ent.base_url de parties.yaml : si le site est publié à
# l'adresse donnée par GitLab Pages, écrivez plutôt
#   ent-rgpd build --output public --base-url "$CI_PAGES_URL"

variables:
  ENT_RGPD_GIT: ""
  ENT_RGPD_TAG: ""

pages:
  stage: deploy
  image: rust:1
  variables:
    ENT_RGPD_ROOT: "$CI_PROJECT_DIR/.ent-rgpd"
  cache:
    key: "ent-rgpd-$ENT_RGPD_TAG"
    paths:
      - .ent-rgpd/
  script:
    - |
      if [ -z "$ENT_RGPD_GIT" ]; then
        echo "Indiquez l'adresse du dépôt Git d'ent-rgpd dans la variable ENT_RGPD_GIT (Paramètres > CI/CD > Variables)." >&2
        exit 1
      fi
    - cargo install --locked --root "$ENT_RGPD_ROOT" --git "$ENT_RGPD_GIT" ${ENT_RGPD_TAG:+--tag "$ENT_RGPD_TAG"} ent-rgpd
    - export PATH="$ENT_RGPD_ROOT/bin:$PATH"
    - ent-rgpd check
    - ent-rgpd build --output public
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"#;

pub fn run(args: &InitArgs) -> Result<()> {
    let dir = args.dir.clone().unwrap_or_else(|| ".".into());
    // The starter's first line points VS Code's YAML extension at this file (completion and
    // checking of the keys, offline): `# yaml-language-server: $schema=./parties.schema.json`.
    let schema = crate::roster::schema::to_json();
    let mut files: Vec<(String, &[u8])> = vec![
        ("parties.yaml".into(), STARTER.as_bytes()),
        (SCHEMA_FILE.into(), schema.as_bytes()),
    ];
    if args.eject {
        files.extend(default_files());
    }
    if args.ci == Some(Forge::Gitlab) {
        files.push((".gitlab-ci.yml".into(), GITLAB_CI.as_bytes()));
    }
    // Never overwrite: a user's roster or customised canvas is worth more than a default.
    let existing: Vec<String> = files
        .iter()
        .map(|(rel, _)| rel.clone())
        .filter(|rel| dir.join(rel).exists())
        .collect();
    if !existing.is_empty() {
        let path = dir.join(&existing[0]);
        let n = existing.len();
        return Err(Error::io(
            &path,
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{n} fichier(s) existent déjà, rien n'a été écrit"),
            ),
        ));
    }
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        write_file(&path, bytes)?;
    }
    let roster = dir.join("parties.yaml");
    let mut also = vec![format!("{} (pour l'éditeur)", dir.join(SCHEMA_FILE).display())];
    if args.eject {
        also.push("content/ et themes/default/".to_string());
    }
    if args.ci == Some(Forge::Gitlab) {
        also.push(dir.join(".gitlab-ci.yml").display().to_string());
    }
    let also: String = also.iter().map(|a| format!(", {a}")).collect();
    println!("Créé : {}{also}.", roster.display());
    if args.ci == Some(Forge::Gitlab) {
        println!(
            "Pour publier avec GitLab Pages : indiquez l'adresse du dépôt d'ent-rgpd dans la variable ENT_RGPD_GIT \
             (Paramètres > CI/CD > Variables) ; voir les commentaires de .gitlab-ci.yml."
        );
    }
    println!(
        "Complétez-le, puis : ent-rgpd check --roster {0} && ent-rgpd build --roster {0}",
        roster.display()
    );
    Ok(())
}
