//! The library's error type. Rendered once, in French, by the CLI.

use crate::diagnostic::Report;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    /// The roster is invalid: every diagnostic, all at once (exit 1).
    Invalid(Report),
    /// A file could not be read or written (exit 3).
    Io { path: PathBuf, source: std::io::Error },
    /// A template or canvas does not compile or render (exit 1).
    Template { name: String, message: String },
    /// Already shown to the user in another form (e.g. JSON lines); carries the exit code.
    Reported(u8),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) | Error::Template { .. } => 1,
            Error::Io { .. } => 3,
            Error::Reported(code) => *code,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Invalid(r) => write!(f, "{} erreur(s) dans le fichier des parties", r.error_count()),
            Error::Io { path, source } => {
                write!(
                    f,
                    "impossible de lire ou d'écrire « {} » : {}",
                    path.display(),
                    io_fr(source)
                )
            }
            Error::Template { name, message } => write!(f, "gabarit « {name} » : {message}"),
            Error::Reported(_) => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

/// The usual I/O failures, in French.
pub fn io_fr(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "fichier ou dossier introuvable".into(),
        PermissionDenied => "permission refusée".into(),
        AlreadyExists => "le fichier existe déjà".into(),
        ReadOnlyFilesystem => "système de fichiers en lecture seule".into(),
        StorageFull => "disque plein".into(),
        InvalidData => "contenu illisible (pas de l'UTF-8 ?)".into(),
        NotADirectory => "un fichier se trouve là où un dossier est attendu".into(),
        IsADirectory => "un dossier se trouve là où un fichier est attendu".into(),
        DirectoryNotEmpty => "le dossier n'est pas vide".into(),
        _ => e.to_string(),
    }
}

pub type Result<T> = std::result::Result<T, Error>;
