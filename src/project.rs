//! The front of the pipeline shared by every command: find the roster, load → validate →
//! resolve. `check` stops here; `build`, `export` and `serve` go on to render and write.
//!
//! Where a project lives (SPEC §2): without `--roster`, `parties.yaml` in the current
//! directory or the nearest parent that has one, as cargo finds `Cargo.toml` ([`find_roster`]);
//! the default output `public/` and the overridable `content/` and `themes/` are next to it
//! ([`beside`]).

use crate::diagnostic::Report;
use crate::error::{Error, Result};
use crate::resolve::model::Site;
use crate::roster::{self, Roster};
use crate::{resolve, validate};
use std::path::{Path, PathBuf};

/// The roster's name, looked for from the current directory up.
pub const ROSTER: &str = "parties.yaml";
/// The default output folder, next to the roster.
pub const OUTPUT: &str = "public";

/// `parties.yaml` in `start` or its nearest parent that has one, with the number of levels
/// climbed (0: `start` itself).
pub fn find_roster(start: &Path) -> Option<(PathBuf, usize)> {
    start
        .ancestors()
        .enumerate()
        .map(|(up, dir)| (dir.join(ROSTER), up))
        .find(|(path, _)| path.is_file())
}

/// The roster a command reads without `--roster`: found from the current directory up, and
/// written relative to it (`parties.yaml`, `../../parties.yaml`) so that diagnostics and
/// summaries stay short. None anywhere: an I/O error (exit 3) that says where it looked.
pub fn default_roster() -> Result<PathBuf> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    match find_roster(&cwd) {
        Some((_, up)) => Ok(std::iter::repeat_n(Path::new(".."), up)
            .collect::<PathBuf>()
            .join(ROSTER)),
        None => Err(Error::io(
            ROSTER,
            std::io::Error::other(format!(
                "introuvable dans {} et dans ses dossiers parents ; « ent-rgpd init » en crée un, \
                 --roster en désigne un autre",
                cwd.display()
            )),
        )),
    }
}

/// `name` (`public`, `content`, `themes`) next to the roster: `dpo/parties.yaml` → `dpo/public`,
/// `parties.yaml` → `public`.
pub fn beside(roster: &Path, name: &str) -> PathBuf {
    roster.parent().unwrap_or(Path::new("")).join(name)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_found_in_the_nearest_parent() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.path().join("a/parties.yaml"), "").unwrap();
        // A folder of that name is not a roster.
        std::fs::create_dir_all(dir.path().join("a/b/parties.yaml")).unwrap();
        assert_eq!(find_roster(&deep), Some((dir.path().join("a/parties.yaml"), 2)));
        std::fs::write(deep.join("parties.yaml"), "").unwrap();
        assert_eq!(find_roster(&deep), Some((deep.join("parties.yaml"), 0)));
    }

    #[test]
    fn output_next_to_the_roster() {
        assert_eq!(beside(Path::new("parties.yaml"), OUTPUT), Path::new("public"));
        assert_eq!(beside(Path::new("dpo/parties.yaml"), OUTPUT), Path::new("dpo/public"));
        assert_eq!(
            beside(Path::new("../../parties.yaml"), "content"),
            Path::new("../../content")
        );
    }
}
