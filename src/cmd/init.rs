//! `ent-rgpd init`: a commented starter roster that passes `check`.

use crate::cli::InitArgs;
use crate::error::{Error, Result};

pub const STARTER: &str = include_str!("init_parties.yaml");

pub fn run(args: &InitArgs) -> Result<()> {
    let dir = args.dir.clone().unwrap_or_else(|| ".".into());
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let path = dir.join("parties.yaml");
    if path.exists() {
        return Err(Error::io(
            &path,
            std::io::Error::new(std::io::ErrorKind::AlreadyExists, "existe"),
        ));
    }
    std::fs::write(&path, STARTER).map_err(|e| Error::io(&path, e))?;
    println!(
        "Créé : {}. Complétez-le puis lancez « ent-rgpd check --roster {} ».",
        path.display(),
        path.display()
    );
    Ok(())
}
