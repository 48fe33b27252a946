//! Command-line interface: flags of SPEC §2, dispatch, and the one place errors are printed.
//!
//! Everything a user reads is in French, clap's own words included: [`command`] replaces
//! clap's help template (« Utilisation », « Commandes », « Options »), its `--help` and
//! `--version` flags (`-h/--aide`, `-V/--version`; `--help` stays a hidden alias), its
//! « [default: …] » and « [possible values: …] » (appended to each help in French), and
//! [`parse`] writes clap's errors again in French. `completions` and `man` are generated from
//! the same [`command`], so they speak French too.

use crate::cmd;
use crate::error::Error;
use clap::builder::PossibleValue;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "ent-rgpd",
    version,
    about = "Documents RGPD publics d'un ENT scolaire, à partir d'un fichier des parties",
    subcommand_value_name = "COMMANDE",
    after_help = "Aide d'une commande : ent-rgpd COMMANDE --aide. Codes de sortie : 0 succès ; 1 fichier \
                  des parties invalide (rien n'est écrit) ; 2 erreur d'utilisation ; 3 erreur de lecture ou \
                  d'écriture d'un fichier."
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
    /// Écrit le schéma JSON de parties.yaml, pour que l'éditeur complète et vérifie les clés :
    /// ent-rgpd schema > parties.schema.json
    Schema,
    /// Écrit le script de complétion des commandes pour un shell
    Completions(CompletionsArgs),
    /// Écrit la page de manuel (man) d'ent-rgpd ou d'une de ses commandes
    Man(ManArgs),
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// Fichier des parties à lire, cherché sans --roster dans le dossier courant puis dans ses
    /// parents
    #[arg(long, value_name = "FICHIER", default_value = "parties.yaml")]
    pub roster: PathBuf,
    /// Dossier où écrire le site, à côté du fichier des parties sans --output (seuls les fichiers
    /// que ent-rgpd y a écrits sont remplacés ou supprimés)
    #[arg(long, value_name = "DOSSIER", default_value = "public")]
    pub output: PathBuf,
    /// Remplace « ent.base_url » (adresse où le site est publié)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Ne régénère que ces établissements
    #[arg(long, value_name = "UAI", num_args = 1..)]
    pub only: Vec<String>,
    /// Écrit la liste des établissements et documents modifiés : JSON si FICHIER finit par
    /// .json, sinon un résumé en français à envoyer aux établissements (.txt, .md)
    #[arg(long, value_name = "FICHIER")]
    pub report: Option<PathBuf>,
    /// N'affiche ni avertissements, ni barre de progression, ni résumé
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// messages en français, avec la ligne en cause
    #[value(name = "humain", alias = "human")]
    Human,
    /// un objet JSON par ligne et par diagnostic, clés en français, avec un code de règle
    Json,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Fichier des parties à lire, cherché sans --roster dans le dossier courant puis dans ses
    /// parents
    #[arg(long, value_name = "FICHIER", default_value = "parties.yaml")]
    pub roster: PathBuf,
    /// Forme des diagnostics (docs/diagnostics.md)
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "humain")]
    pub format: Format,
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Fichier des parties à lire, cherché sans --roster dans le dossier courant puis dans ses
    /// parents
    #[arg(long, value_name = "FICHIER", default_value = "parties.yaml")]
    pub roster: PathBuf,
    /// Port sur 127.0.0.1 ; sans --port, 1111 ou, s'il est occupé, le suivant qui est libre
    #[arg(long, value_name = "PORT", value_parser = port)]
    pub port: Option<u16>,
    /// Ouvre le site dans le navigateur
    #[arg(long)]
    pub open: bool,
}

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Dossier où créer parties.yaml (par défaut : le dossier courant)
    #[arg(value_name = "DOSSIER")]
    pub dir: Option<PathBuf>,
    /// Copie aussi content/ et themes/default/ pour les personnaliser
    #[arg(long)]
    pub eject: bool,
    /// Écrit aussi le fichier d'intégration continue qui vérifie et publie le site sur cette forge
    #[arg(long, value_name = "TYPE", value_enum)]
    pub ci: Option<Forge>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Forge {
    /// .gitlab-ci.yml, publié avec GitLab Pages (la forge des académies)
    Gitlab,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// texte séparé par des virgules
    Csv,
    /// JSON
    Json,
    /// tableur OpenDocument, pour LibreOffice
    Ods,
    /// tableur Excel
    Xlsx,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Fichier des parties à lire, cherché sans --roster dans le dossier courant puis dans ses
    /// parents
    #[arg(long, value_name = "FICHIER", default_value = "parties.yaml")]
    pub roster: PathBuf,
    /// Format du fichier écrit ; sans --format, celui que dit l'extension de --output
    #[arg(long, value_name = "FORMAT", value_enum)]
    pub format: Option<ExportFormat>,
    /// Fichier à écrire (par défaut : la sortie standard)
    #[arg(long, value_name = "FICHIER")]
    pub output: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Export de l'annuaire de l'éducation : le CSV du ministère (« ; », 71 ou 72 colonnes) ou le
    /// fichier fusionné (« , »)
    #[arg(value_name = "ANNUAIRE.csv")]
    pub annuaire: PathBuf,
    /// Ne garde que cette académie, par son code (12) ou son nom (Nancy-Metz, nancy metz) ;
    /// répétable : --academie 12 --academie Strasbourg
    #[arg(long, value_name = "ACADEMIE")]
    pub academie: Vec<String>,
    /// Ne garde que ce département, par son code (57, 2A, 971) ou son nom (Moselle, ain) ;
    /// répétable
    #[arg(long, value_name = "DEPARTEMENT")]
    pub departement: Vec<String>,
    /// Ne garde que ce type d'établissement : ecole, college, lycee, lycee_agricole, erea,
    /// autre ; répétable
    #[arg(long = "type", value_name = "TYPE")]
    pub types: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// Shell visé ; par exemple : ent-rgpd completions bash > ~/.local/share/bash-completion/completions/ent-rgpd
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(clap::Args, Debug)]
pub struct ManArgs {
    /// Commande dont écrire la page (par défaut : ent-rgpd lui-même) ; par exemple :
    /// ent-rgpd man build | man -l -
    #[arg(value_name = "COMMANDE")]
    pub commande: Option<String>,
}

/// A port number, with a French error.
fn port(s: &str) -> Result<u16, String> {
    s.parse::<u16>()
        .map_err(|_| "un numéro de port est un nombre entre 0 et 65535".to_string())
}

/// The whole command line, in French: help template, help and version flags, defaults and
/// possible values written into each help. The one definition behind parsing, `completions`
/// and `man`.
pub fn command() -> clap::Command {
    french(Cli::command(), true).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("Affiche la version"),
    )
}

fn french(cmd: clap::Command, top: bool) -> clap::Command {
    let mut template = String::from("{about-with-newline}\nUtilisation : {usage}\n");
    if cmd.has_subcommands() {
        template += "\nCommandes :\n{subcommands}\n";
    }
    if cmd.get_positionals().next().is_some() {
        template += "\nArguments :\n{positionals}\n";
    }
    template += "\nOptions :\n{options}{after-help}\n";
    let ids: Vec<clap::Id> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    let mut cmd = cmd
        .help_template(template)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("aide")
                .short('h')
                .long("aide")
                .alias("help")
                .action(ArgAction::Help)
                .help(if top {
                    "Affiche cette aide (ent-rgpd COMMANDE --aide : l'aide d'une commande)"
                } else {
                    "Affiche cette aide"
                }),
        );
    if top {
        cmd = cmd.arg_required_else_help(true);
    }
    for id in ids {
        cmd = cmd.mut_arg(id, french_arg);
    }
    for name in subs {
        cmd = cmd.mut_subcommand(name, |s| french(s, false));
    }
    cmd
}

/// clap's « [default: …] » and « [possible values: …] », said in French in the help itself.
fn french_arg(arg: Arg) -> Arg {
    let mut extra = Vec::new();
    // A flag (`--quiet`) has the possible values true/false but takes none: nothing to say.
    if !arg.get_action().takes_values() {
        return arg;
    }
    let values: Vec<PossibleValue> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    if !values.is_empty() {
        let shown: Vec<String> = values
            .iter()
            .map(|v| match v.get_help() {
                Some(help) => format!("{} ({help})", v.get_name()),
                None => v.get_name().to_string(),
            })
            .collect();
        extra.push(format!("valeurs : {}", shown.join(", ")));
    }
    let takes_value = arg.get_action().takes_values();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_value && !defaults.is_empty() {
        extra.push(format!("par défaut : {}", defaults.join(", ")));
    }
    if extra.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    arg.help(format!("{help} ({})", extra.join(" ; ")))
        .hide_default_value(true)
        .hide_possible_values(true)
}

pub fn run() -> ExitCode {
    parse().map_or_else(|code| code, run_command)
}

/// The command line, or the exit code of printing its error (or `--aide`).
pub fn parse() -> Result<Cli, ExitCode> {
    parse_from(std::env::args_os())
}

/// [`parse`] on given arguments (the first one is the program's name).
pub fn parse_from<I, T>(args: I) -> Result<Cli, ExitCode>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // `ent-rgpd aide build` (or `help build`), as cargo and git say it: `ent-rgpd build --aide`.
    if args.get(1).is_some_and(|a| a == "aide" || a == "help") {
        args.remove(1);
        args.push("--aide".into());
    }
    let result = command()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (mut cli, matches) = result.map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(2)
        }
        _ => {
            eprintln!("erreur : {}", french_error(&e));
            eprintln!("Pour en savoir plus : {} --aide", invoked(&args));
            ExitCode::from(2)
        }
    })?;
    locate(&mut cli, &matches).map_err(|e| {
        report_error(&e);
        ExitCode::from(e.exit_code())
    })?;
    Ok(cli)
}

/// Paths not given on the command line, found as SPEC §2 says ([`crate::project`]): the roster
/// from the current directory up, `build`'s output next to it.
fn locate(cli: &mut Cli, matches: &clap::ArgMatches) -> crate::error::Result<()> {
    let Some((_, sub)) = matches.subcommand() else {
        return Ok(());
    };
    let defaulted = |id: &str| sub.value_source(id) == Some(clap::parser::ValueSource::DefaultValue);
    let (roster, output) = match &mut cli.command {
        Command::Build(a) => (&mut a.roster, Some(&mut a.output)),
        Command::Check(a) => (&mut a.roster, None),
        Command::Serve(a) => (&mut a.roster, None),
        Command::Export(a) => (&mut a.roster, None),
        _ => return Ok(()),
    };
    if defaulted("roster") {
        *roster = crate::project::default_roster()?;
    }
    if let Some(output) = output
        && defaulted("output")
    {
        *output = crate::project::beside(roster, crate::project::OUTPUT);
    }
    Ok(())
}

/// `ent-rgpd` and the subcommand named on the command line, if any.
fn invoked(args: &[OsString]) -> String {
    let cmd = command();
    let sub = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| cmd.find_subcommand(a).is_some());
    match sub {
        Some(s) => format!("ent-rgpd {s}"),
        None => "ent-rgpd".into(),
    }
}

/// A clap error, in French.
pub fn french_error(e: &clap::Error) -> String {
    let get = |kind| e.get(kind).map(ContextValue::to_string);
    // « --format <FORMAT> » → « --format ».
    let arg = get(ContextKind::InvalidArg)
        .map(|a| a.split([' ', '=']).next().unwrap_or_default().to_string())
        .unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut message = match e.kind() {
        ErrorKind::UnknownArgument => format!("option inconnue « {arg} »"),
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue « {} »",
            get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue if value.is_empty() => format!("« {arg} » demande une valeur"),
        ErrorKind::InvalidValue => format!("valeur « {value} » invalide pour « {arg} »"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| format!(" : {s}"))
                .unwrap_or_default();
            format!("valeur « {value} » invalide pour « {arg} »{why}")
        }
        ErrorKind::MissingRequiredArgument => match e.get(ContextKind::InvalidArg) {
            Some(ContextValue::Strings(missing)) => {
                format!("argument obligatoire manquant : {}", missing.join(", "))
            }
            _ => "argument obligatoire manquant".into(),
        },
        ErrorKind::MissingSubcommand => "une commande est attendue".into(),
        ErrorKind::TooManyValues => format!("valeur en trop « {value} » pour « {arg} »"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("nombre de valeurs incorrect pour « {arg} »")
        }
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            Some(prior) if prior.split(' ').next() == Some(arg.as_str()) => {
                format!("« {arg} » est donné plus d'une fois")
            }
            Some(prior) => format!("« {arg} » ne peut pas être donné avec « {prior} »"),
            None => format!("« {arg} » ne peut pas être donné ici"),
        },
        ErrorKind::NoEquals => format!("« {arg} » demande « = » avant sa valeur"),
        ErrorKind::InvalidUtf8 => "un argument n'est pas en UTF-8".into(),
        _ => "ligne de commande invalide".into(),
    };
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        if let Some(s) = get(kind) {
            message += &format!(" ; vouliez-vous dire « {s} » ?");
        }
    }
    for (kind, what) in [
        (ContextKind::ValidValue, "valeurs permises"),
        (ContextKind::ValidSubcommand, "commandes"),
    ] {
        if let Some(ContextValue::Strings(v)) = e.get(kind) {
            message += &format!(" ({what} : {})", v.join(", "));
        }
    }
    message
}

/// Runs a parsed command line; errors are printed in French, once.
pub fn run_command(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(a) => cmd::check::run(&a),
        Command::Init(a) => cmd::init::run(&a),
        Command::Import(a) => cmd::import_run(&a),
        Command::Build(a) => cmd::build::run(&a),
        Command::Export(a) => cmd::export::run(&a),
        Command::Schema => cmd::schema::run(),
        Command::Serve(a) => cmd::serve::run(&a),
        Command::Completions(a) => cmd::completions(&a),
        Command::Man(a) => cmd::man(&a),
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
        super::command().debug_assert();
    }
}
