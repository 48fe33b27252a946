//! `ent-rgpd export`: the whole register, one row per establishment × traitement.

use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Error, Result};
use crate::project;
use crate::render::register;
use std::io::{IsTerminal, Write};

pub fn run(args: &ExportArgs) -> Result<()> {
    let format = format(args)?;
    let checked = project::check(&args.roster)?;
    let bytes = match format {
        ExportFormat::Csv => register::csv(&checked.site),
        ExportFormat::Json => register::json(&checked.site),
        ExportFormat::Ods => register::ods(&checked.site).map_err(|message| Error::Template {
            name: "registre.ods".into(),
            message,
        })?,
        ExportFormat::Xlsx => register::xlsx(&checked.site).map_err(|message| Error::Template {
            name: "registre.xlsx".into(),
            message,
        })?,
    };
    match &args.output {
        Some(path) => crate::output::write_file(path, &bytes)?,
        None => {
            // `ulimit -f` with the output redirected to a file: exit 3 in French, not a kill.
            crate::output::ignore_sigxfsz();
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error.
            if let Err(e) = out.write_all(&bytes).and_then(|_| out.flush())
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(Error::io("sortie standard", crate::output::io_in_french(e)));
            }
        }
    }
    std::mem::forget(checked);
    Ok(())
}

/// `--format`, or the extension of `--output`; a spreadsheet is never written to a terminal.
fn format(args: &ExportArgs) -> Result<ExportFormat> {
    let by_extension = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .and_then(|e| match e.to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            "ods" => Some(ExportFormat::Ods),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        });
    let Some(format) = args.format.or(by_extension) else {
        eprintln!(
            "erreur : indiquez le format, par --format (csv, json, ods, xlsx) ou par l'extension de --output \
             (--output registre.ods)"
        );
        return Err(Error::Reported(2));
    };
    let binary = matches!(format, ExportFormat::Ods | ExportFormat::Xlsx);
    if binary && args.output.is_none() && std::io::stdout().is_terminal() {
        eprintln!(
            "erreur : un tableur ne s'affiche pas dans un terminal : ajoutez --output registre.{} ou redirigez \
             la sortie (> registre.{0})",
            if format == ExportFormat::Ods { "ods" } else { "xlsx" }
        );
        return Err(Error::Reported(2));
    }
    Ok(format)
}
