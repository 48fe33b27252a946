//! What a rebuild must render again. Each establishment's complete resolved input (its record,
//! resolved parties, traitements, routes) is hashed, with the ENT facts and the templates as a
//! global hash; establishments whose hash is the one of the last build are not rendered again
//! and their files are kept as they are. The hashes live beside the manifest.

use crate::error::{Error, Result};
use crate::render::ent::Groups;
use crate::resolve::model::{Etablissement, Party, Site};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

/// File name of the input hashes, in the output directory.
pub const CACHE: &str = ".ent-rgpd-entrees.json";

#[derive(Serialize, Deserialize, Default, PartialEq)]
struct Cache {
    version: String,
    global: String,
    etablissements: BTreeMap<String, String>,
    /// Groups of ENT-level files (see `render::ent::Groups`).
    #[serde(default)]
    groupes: Groups,
}

/// The parts of an establishment's input, as the change report names them.
pub const PARTS: [&str; 8] = [
    "identité de l'établissement (nom, commune, adresse, site, chef d'établissement)",
    "académie ou collectivité compétente",
    "responsables conjoints et leurs obligations",
    "coordonnées des parties et de leurs délégués à la protection des données",
    "point de contact",
    "exercice des droits",
    "notification des violations",
    "traitements et fiches de registre",
];

/// A party named in a role: who it is, not its contact details (those are one part of their own).
fn who(p: &Party) -> (&str, &str) {
    (&p.id, &p.nom)
}

fn whos(ps: &[Arc<Party>]) -> Vec<(&str, &str)> {
    ps.iter().map(|p| who(p)).collect()
}

/// Hashes of what establishments share (register sheets, parties), by address.
struct Shared {
    fiches: HashMap<usize, u64>,
    parties: HashMap<usize, u64>,
}

/// "total:part1:...:part8": the total decides what is rendered, the parts say what changed.
/// Together the parts cover the whole resolved input.
fn hashes(e: &Etablissement, shared: &Shared) -> String {
    let mut named: Vec<&Arc<Party>> = vec![&e.academie, &e.etablissement];
    named.extend(&e.collectivite);
    named.extend(&e.point_de_contact);
    named.extend(&e.responsables);
    named.extend(e.droits.iter().flat_map(|d| &d.destinataires));
    named.extend(e.violations.iter().flat_map(|v| v.notifie.iter().chain(&v.informe)));
    named.extend(e.traitements.iter().flat_map(|t| &t.responsables));
    let named: Vec<u64> = named
        .into_iter()
        .map(|p| {
            shared
                .parties
                .get(&(Arc::as_ptr(p) as usize))
                .copied()
                .unwrap_or_else(|| raw_hash(p))
        })
        .collect();
    let parts = [
        hash_of(&(
            &e.uai,
            &e.nom,
            &e.kind,
            &e.statut,
            &e.commune,
            &e.code_commune,
            &e.departement,
            &e.adresse,
            &e.site_web,
            &e.responsable_qualite,
            &e.responsable_nom,
        )),
        hash_of(&(who(&e.academie), e.collectivite.as_deref().map(who), e.scenario)),
        hash_of(&(
            whos(&e.responsables),
            e.obligations
                .iter()
                .map(|o| (who(&o.partie), &o.engagements))
                .collect::<Vec<_>>(),
        )),
        hash_of(&(&e.dpd, named)),
        hash_of(&e.point_de_contact.as_deref().map(who)),
        hash_of(
            &e.droits
                .iter()
                .map(|d| (&d.traitements, &d.demandeurs, &d.objet, whos(&d.destinataires)))
                .collect::<Vec<_>>(),
        ),
        hash_of(
            &e.violations
                .iter()
                .map(|v| {
                    (
                        (&v.perimetre, &v.perimetre_libelle, v.notifie.as_deref().map(who)),
                        (v.origine, whos(&v.informe), &v.delai),
                    )
                })
                .collect::<Vec<_>>(),
        ),
        hash_of(
            &e.traitements
                .iter()
                .map(|t| {
                    (
                        whos(&t.responsables),
                        shared.fiches.get(&(Arc::as_ptr(&t.fiche) as usize)),
                    )
                })
                .collect::<Vec<_>>(),
        ),
    ];
    format!("{}:{}", hash_of(&parts), parts.join(":"))
}

/// Names of the parts that differ between two `hashes` strings.
fn changed_parts(old: &str, new: &str) -> Vec<&'static str> {
    old.split(':')
        .skip(1)
        .zip(new.split(':').skip(1))
        .zip(PARTS)
        .filter(|((a, b), _)| a != b)
        .map(|(_, name)| name)
        .collect()
}

/// The outcome: which establishments are unchanged, whether the ENT-level files are.
pub struct Plan {
    cache: Cache,
    /// For each establishment rendered again that existed before (upper-case UAI): which
    /// parts of its input changed.
    pub changed_parts: BTreeMap<String, Vec<&'static str>>,
    /// UAIs whose files are kept as they are.
    pub kept: BTreeSet<String>,
    /// Whether the ENT-level files (home, notice, register, sitemap) must be rendered.
    pub ent_changed: bool,
}

/// A hash that stays the same from run to run, as hex: the input hashes recorded between
/// builds (establishments here, ENT-level groups in `render::ent`).
pub fn hash_of(value: &impl Hash) -> String {
    format!("{:016x}", raw_hash(value))
}

fn raw_hash(value: &impl Hash) -> u64 {
    // SipHash with fixed keys: the same input gives the same hash from run to run.
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Compare the site with the last build into `out`. Without a manifest there (first build,
/// or a folder emptied by hand), everything is rendered.
pub fn plan(out: &Path, site: &Site, templates: [u8; 32]) -> Plan {
    let global = hash_of(&(&site.ent, &site.source, templates));
    // Sheets and parties are shared by many establishments: hashed once.
    let mut fiches = HashMap::new();
    for t in site.etablissements.iter().flat_map(|e| &e.traitements) {
        fiches
            .entry(Arc::as_ptr(&t.fiche) as usize)
            .or_insert_with(|| raw_hash(&t.fiche));
    }
    let parties = site
        .parties
        .iter()
        .map(|p| (Arc::as_ptr(p) as usize, raw_hash(p)))
        .collect();
    let shared = Shared { fiches, parties };
    let etablissements: BTreeMap<String, String> = site
        .etablissements
        .par_iter()
        .map(|e| (e.uai.clone(), hashes(e, &shared)))
        .collect();
    let cache = Cache {
        version: env!("CARGO_PKG_VERSION").into(),
        global,
        etablissements,
        groupes: Groups::new(),
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
            changed_parts: BTreeMap::new(),
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
    let changed_parts = cache
        .etablissements
        .iter()
        .filter(|(uai, _)| !kept.contains(*uai))
        .filter_map(|(uai, h)| {
            previous
                .etablissements
                .get(uai)
                .map(|old| (uai.to_ascii_uppercase(), changed_parts(old, h)))
        })
        .collect();
    let ent_changed = previous.etablissements != cache.etablissements;
    // The last build's groups, until the ENT-level files are rendered again (`set_groups`).
    let cache = Cache {
        groupes: previous.groupes,
        ..cache
    };
    Plan {
        cache,
        changed_parts,
        kept,
        ent_changed,
    }
}

impl Plan {
    /// The ENT-level groups recorded for this build: the last build's (empty when everything
    /// is rendered) until [`Self::set_groups`].
    pub fn groups(&self) -> &Groups {
        &self.cache.groupes
    }

    /// The ENT-level groups of this build, once rendered.
    pub fn set_groups(&mut self, groups: Groups) {
        self.cache.groupes = groups;
    }

    /// Record the hashes once the site is written.
    pub fn save(&self, out: &Path) -> Result<()> {
        let bytes =
            serde_json::to_vec(&self.cache).map_err(|e| Error::io(out.join(CACHE), std::io::Error::other(e)))?;
        crate::output::write_file(&out.join(CACHE), &bytes)
    }
}

/// Forget the last build's hashes (after a failed write): the next build renders everything.
pub fn forget(out: &Path) {
    let _ = std::fs::remove_file(out.join(CACHE));
}
