//! One file per command.
pub mod build;
pub mod check;
pub mod export;
pub mod import;
pub mod init;
pub mod serve;

use crate::cli::ImportArgs;
use crate::error::{Error, Result};

/// `ent-rgpd import`: print the YAML on stdout, notes on stderr.
pub fn import_run(args: &ImportArgs) -> Result<()> {
    let data = std::fs::read(&args.annuaire).map_err(|e| Error::io(&args.annuaire, e))?;
    let filters = import::Filters {
        academies: args.academie.clone(),
        departements: args.departement.clone(),
        types: args.types.clone(),
    };
    match import::import(&data, &filters) {
        Ok(out) => {
            for note in &out.skipped {
                eprintln!("ignoré : {note}");
            }
            for note in &out.notes {
                eprintln!("corrigé : {note}");
            }
            print!("{}", out.yaml);
            eprintln!(
                "{} établissement(s) importé(s) de {}.",
                out.count,
                args.annuaire.display()
            );
            Ok(())
        }
        Err(e) => {
            eprintln!("erreur : {}: {e}", args.annuaire.display());
            Err(Error::Reported(1))
        }
    }
}
