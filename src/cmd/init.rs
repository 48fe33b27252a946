//! `ent-rgpd init`: a commented starter roster that passes `check`; `--eject` also copies
//! the embedded canvases and theme, to be edited file by file.

use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::output::write_file;
use crate::render::default_files;

pub const STARTER: &str = include_str!("init_parties.yaml");

pub fn run(args: &InitArgs) -> Result<()> {
    let dir = args.dir.clone().unwrap_or_else(|| ".".into());
    let mut files: Vec<(String, &[u8])> = vec![("parties.yaml".into(), STARTER.as_bytes())];
    if args.eject {
        files.extend(default_files());
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
    println!(
        "Créé : {}{}.",
        roster.display(),
        if args.eject {
            ", content/ et themes/default/"
        } else {
            ""
        }
    );
    println!(
        "Complétez-le, puis : ent-rgpd check --roster {0} && ent-rgpd build --roster {0}",
        roster.display()
    );
    Ok(())
}
