//! `ent-rgpd export`: the whole register, one row per establishment × traitement.

use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Error, Result};
use crate::project;
use crate::render::register;
use std::io::Write;

pub fn run(args: &ExportArgs) -> Result<()> {
    let checked = project::check(&args.roster)?;
    let bytes = match args.format {
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
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error.
            if let Err(e) = out.write_all(&bytes).and_then(|_| out.flush())
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(Error::io("sortie standard", e));
            }
        }
    }
    std::mem::forget(checked);
    Ok(())
}
