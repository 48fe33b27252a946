//! One file per command.
pub mod build;
pub mod check;
pub mod export;
pub mod import;
pub mod init;
pub mod schema;
pub mod serve;
pub mod territoires;

use crate::cli::{CompletionsArgs, ImportArgs, ManArgs};
use crate::error::{Error, Result};
use std::io::Write;

/// `ent-rgpd import`: print the YAML on stdout, notes on stderr.
pub fn import_run(args: &ImportArgs) -> Result<()> {
    let data = std::fs::read(&args.annuaire).map_err(|e| Error::io(&args.annuaire, e))?;
    let filters = import::Filters {
        academies: args.academie.clone(),
        departements: args.departement.clone(),
        types: args.types.clone(),
    };
    match import::import(&data, &filters) {
        Ok(out)
            if out.count == 0
                && !(args.academie.is_empty() && args.departement.is_empty() && args.types.is_empty()) =>
        {
            for note in &out.skipped {
                eprintln!("ignoré : {note}");
            }
            let mut given = Vec::new();
            for (flag, values) in [
                ("--academie", &args.academie),
                ("--departement", &args.departement),
                ("--type", &args.types),
            ] {
                given.extend(values.iter().map(|v| format!("{flag} {v}")));
            }
            eprintln!(
                "erreur : {} : aucun établissement ne correspond à {} ; rien n'est écrit",
                args.annuaire.display(),
                given.join(" ")
            );
            Err(Error::Reported(1))
        }
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

/// Writes `bytes` on stdout; a closed pipe (`| head`) is not an error.
fn to_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("sortie standard", e)),
        _ => Ok(()),
    }
}

/// `ent-rgpd completions SHELL`: the completion script, from the same French command line.
pub fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut crate::cli::command(), "ent-rgpd", &mut script);
    to_stdout(&script)
}

/// `ent-rgpd man [COMMANDE]`: the man page (roff) of ent-rgpd or of one of its commands, with
/// French section titles.
pub fn man(args: &ManArgs) -> Result<()> {
    let mut cmd = crate::cli::command();
    cmd.build();
    let page = match &args.commande {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
                eprintln!(
                    "erreur : commande inconnue « {name} » (commandes : {})",
                    names.join(", ")
                );
                return Err(Error::Reported(2));
            }
        },
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut roff)
        .map_err(|e| Error::io("page de manuel", e))?;
    to_stdout(french_man(&String::from_utf8_lossy(&roff)).as_bytes())
}

/// clap_mangen's English section titles, in French.
fn french_man(roff: &str) -> String {
    roff.lines()
        .map(|line| match line {
            ".SH NAME" => ".SH NOM",
            ".SH SUBCOMMANDS" | ".SH SUBCOMMAND" => ".SH COMMANDES",
            ".SH EXTRA" => ".SH REMARQUES",
            ".SH AUTHORS" | ".SH AUTHOR" => ".SH AUTEURS",
            ".SH EXIT STATUS" => ".SH CODES DE SORTIE",
            other => other,
        })
        .fold(String::with_capacity(roff.len()), |mut out, line| {
            out.push_str(line);
            out.push('\n');
            out
        })
}
