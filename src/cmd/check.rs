//! `ent-rgpd check`: validate only, never write.

use crate::cli::{CheckArgs, Format};
use crate::error::{Error, Result};
use crate::project;

pub fn run(args: &CheckArgs) -> Result<()> {
    let result = project::check(&args.roster);
    if args.format == Format::Json {
        // JSON lines on stdout, one per diagnostic; the exit code tells the outcome.
        let items = match &result {
            Ok(c) => &c.warnings.items,
            Err(Error::Invalid(r)) => &r.items,
            Err(_) => return result.map(|_| ()),
        };
        for d in items {
            println!("{}", serde_json::to_string(d).expect("diagnostic serializes"));
        }
        return match result {
            Ok(_) => Ok(()),
            Err(e) => Err(Error::Reported(e.exit_code())),
        };
    }
    let checked = result?;
    for d in &checked.warnings.items {
        eprintln!("{}", d.render());
    }
    let s = &checked.site;
    println!(
        "{} : {} établissement(s), {} partie(s), scénario {} — aucune erreur, {} avertissement(s).",
        checked.roster.sources[0].path.display(),
        s.etablissements.len(),
        s.parties.len(),
        s.etablissements.first().map_or(0, |e| e.scenario),
        checked.warnings.warning_count()
    );
    // The process ends now: freeing a national roster string by string would only cost time.
    std::mem::forget(checked);
    Ok(())
}
