//! The front of the pipeline shared by every command: load → validate → resolve.
//! `check` stops here; `build`, `export` and `serve` go on to render and write.

use crate::diagnostic::Report;
use crate::error::{Error, Result};
use crate::resolve::model::Site;
use crate::roster::{self, Roster};
use crate::{resolve, validate};
use std::path::Path;

/// A roster that passed every rule, with its warnings.
pub struct Checked {
    /// The raw roster, its sources for diagnostics; without its establishments (consumed by
    /// resolution).
    pub roster: Roster,
    pub site: Site,
    pub warnings: Report,
}

/// Load, validate and resolve. Any error: `Error::Invalid` with every diagnostic
/// (warnings included), each with its source line.
pub fn check(path: &Path) -> Result<Checked> {
    let mut roster = roster::load(path)?;
    let mut report = validate::validate(&roster);
    if !report.has_errors() {
        // Resolution consumes the raw establishments (see `resolve::resolve`).
        let etablissements = std::mem::take(&mut roster.etablissements);
        match resolve::resolve(&roster, etablissements) {
            Ok((site, warnings)) => {
                report.items.extend(warnings.items);
                report.sort();
                report.attach_snippets(&roster.sources);
                return Ok(Checked {
                    roster,
                    site,
                    warnings: report,
                });
            }
            Err(more) => report.items.extend(more.items),
        }
    }
    report.attach_snippets(&roster.sources);
    Err(Error::Invalid(report))
}
