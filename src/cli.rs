//! Command-line interface: flags of SPEC §2, dispatch, and the one place errors are printed.

use crate::cmd;
use crate::error::Error;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "ent-rgpd",
    version,
    about = "Documents RGPD publics d'un ENT scolaire, à partir d'un fichier des parties"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Génère le site : grandes lignes, mentions, registre et pied de page de chaque établissement
    Build(BuildArgs),
    /// Vérifie le fichier des parties sans rien écrire
    Check(CheckArgs),
    /// Génère le site dans un dossier temporaire, le sert en local et le recharge à chaque modification
    Serve(ServeArgs),
    /// Crée un fichier parties.yaml de départ, commenté
    Init(InitArgs),
    /// Exporte tout le registre (une ligne par établissement et traitement)
    Export(ExportArgs),
    /// Convertit un export de l'annuaire de l'éducation en liste « etablissements: »
    Import(ImportArgs),
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// Fichier des parties à lire
    #[arg(long, default_value = "parties.yaml")]
    pub roster: PathBuf,
    /// Dossier où écrire le site (seuls les fichiers que ent-rgpd y a écrits sont remplacés ou supprimés)
    #[arg(long, default_value = "public")]
    pub output: PathBuf,
    /// Remplace « ent.base_url » (adresse où le site est publié)
    #[arg(long)]
    pub base_url: Option<String>,
    /// Ne régénère que ces établissements (UAI)
    #[arg(long, num_args = 1..)]
    pub only: Vec<String>,
    /// Écrit la liste des établissements et documents modifiés : JSON si FICHIER finit par
    /// .json, sinon un résumé en français à envoyer aux établissements (.txt, .md)
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// N'affiche ni avertissements, ni barre de progression, ni résumé
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Fichier des parties à lire
    #[arg(long, default_value = "parties.yaml")]
    pub roster: PathBuf,
    /// human : messages en français ; json : un diagnostic JSON par ligne, pour les outils
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Fichier des parties à lire
    #[arg(long, default_value = "parties.yaml")]
    pub roster: PathBuf,
    /// Port sur 127.0.0.1
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Ouvre le site dans le navigateur
    #[arg(long)]
    pub open: bool,
}

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Dossier où créer parties.yaml (par défaut : le dossier courant)
    pub dir: Option<PathBuf>,
    /// Copie aussi content/ et themes/default/ pour les personnaliser
    #[arg(long)]
    pub eject: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    /// Tableur OpenDocument (LibreOffice)
    Ods,
    /// Tableur Excel
    Xlsx,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Fichier des parties à lire
    #[arg(long, default_value = "parties.yaml")]
    pub roster: PathBuf,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Fichier à écrire (par défaut : la sortie standard)
    #[arg(long)]
    pub output: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Export de l'annuaire de l'éducation (CSV)
    pub annuaire: PathBuf,
    #[arg(long)]
    pub academie: Vec<String>,
    #[arg(long)]
    pub departement: Vec<String>,
    #[arg(long = "type")]
    pub types: Vec<String>,
}

pub fn run() -> ExitCode {
    parse().map_or_else(|code| code, run_command)
}

/// The command line, or the exit code of printing its error (or `--help`).
pub fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|e| {
        let _ = e.print();
        ExitCode::from(if e.use_stderr() { 2 } else { 0 })
    })
}

/// Runs a parsed command line; errors are printed in French, once.
pub fn run_command(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(a) => cmd::check::run(&a),
        Command::Init(a) => cmd::init::run(&a),
        Command::Import(a) => cmd::import_run(&a),
        Command::Build(a) => cmd::build::run(&a),
        Command::Export(a) => cmd::export::run(&a),
        Command::Serve(a) => cmd::serve::run(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// Print an error in French, once.
pub fn report_error(e: &Error) {
    match e {
        Error::Invalid(report) => {
            for d in &report.items {
                eprintln!("{}", d.render());
            }
            eprintln!(
                "{} erreur(s), {} avertissement(s) : rien n'a été écrit.",
                report.error_count(),
                report.warning_count()
            );
        }
        Error::Reported(_) => {}
        other => eprintln!("erreur : {other}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
