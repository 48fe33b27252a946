//! What a rebuild must render again. Each establishment's complete resolved input (its record,
//! resolved parties, traitements, routes) is hashed, with the ENT facts and the templates as a
//! global hash; establishments whose hash is the one of the last build are not rendered again
//! and their files are kept as they are. The hashes live beside the manifest.

use crate::error::{Error, Result};
use crate::resolve::model::Site;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::Path;

/// File name of the input hashes, in the output directory.
pub const CACHE: &str = ".ent-rgpd-entrees.json";

#[derive(Serialize, Deserialize, Default, PartialEq)]
struct Cache {
    version: String,
    global: String,
    etablissements: BTreeMap<String, String>,
}

/// The outcome: which establishments are unchanged, whether the ENT-level files are.
pub struct Plan {
    cache: Cache,
    /// UAIs whose files are kept as they are.
    pub kept: BTreeSet<String>,
    /// Whether the ENT-level files (home, notice, register, sitemap) must be rendered.
    pub ent_changed: bool,
}

fn hash_of(value: &impl Hash) -> String {
    // SipHash with fixed keys: the same input gives the same hash from run to run.
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    value.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Compare the site with the last build into `out`. Without a manifest there (first build,
/// or a folder emptied by hand), everything is rendered.
pub fn plan(out: &Path, site: &Site, templates: [u8; 32]) -> Plan {
    let global = hash_of(&(&site.ent, &site.source, templates));
    let etablissements: BTreeMap<String, String> = site
        .etablissements
        .par_iter()
        .map(|e| (e.uai.clone(), hash_of(e)))
        .collect();
    let cache = Cache {
        version: env!("CARGO_PKG_VERSION").into(),
        global,
        etablissements,
    };
    let previous: Option<Cache> = out
        .join(crate::output::MANIFEST)
        .is_file()
        .then(|| std::fs::read(out.join(CACHE)).ok())
        .flatten()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .filter(|p: &Cache| p.version == cache.version && p.global == cache.global);
    let Some(previous) = previous else {
        return Plan {
            cache,
            kept: BTreeSet::new(),
            ent_changed: true,
        };
    };
    let kept: BTreeSet<String> = cache
        .etablissements
        .iter()
        .filter(|(uai, h)| previous.etablissements.get(*uai) == Some(*h))
        .map(|(uai, _)| uai.clone())
        .collect();
    let ent_changed = previous.etablissements != cache.etablissements;
    Plan {
        cache,
        kept,
        ent_changed,
    }
}

impl Plan {
    /// Record the hashes once the site is written.
    pub fn save(&self, out: &Path) -> Result<()> {
        let bytes =
            serde_json::to_vec(&self.cache).map_err(|e| Error::io(out.join(CACHE), std::io::Error::other(e)))?;
        crate::output::write_file(&out.join(CACHE), &bytes)
    }
}
