//! The whole register, one row per establishment × treatment (`registre.csv`, `registre.json`).

use crate::resolve::model::{Party, Site};
use serde::Serialize;
use std::sync::Arc;

/// One row. Lists are joined with ` ; ` in CSV and kept as arrays in JSON.
#[derive(Serialize)]
pub struct Row<'a> {
    pub uai: &'a str,
    pub etablissement: &'a str,
    pub traitement: &'a str,
    pub nom: &'a str,
    pub responsabilite: &'a str,
    pub responsables: Vec<&'a str>,
    pub sous_traitants: Vec<&'a str>,
    pub finalites: &'a [String],
    pub base_legale: &'a str,
    pub personnes: &'a [String],
    pub destinataires: &'a [String],
    pub conservation: &'a [String],
    pub transferts_hors_ue: &'a str,
    pub mis_a_jour_le: &'a str,
}

pub const HEADER: [&str; 14] = [
    "uai",
    "etablissement",
    "traitement",
    "nom",
    "responsabilite",
    "responsables",
    "sous_traitants",
    "finalites",
    "base_legale",
    "personnes",
    "destinataires",
    "conservation",
    "transferts_hors_ue",
    "mis_a_jour_le",
];

fn names(parties: &[Arc<Party>]) -> Vec<&str> {
    parties.iter().map(|p| p.nom.as_str()).collect()
}

pub fn rows(site: &Site) -> impl Iterator<Item = Row<'_>> {
    site.etablissements.iter().flat_map(|e| {
        e.traitements.iter().map(move |t| Row {
            uai: &e.uai,
            etablissement: &e.nom,
            traitement: &t.id,
            nom: &t.nom,
            responsabilite: &t.responsabilite,
            responsables: names(&t.responsables),
            sous_traitants: names(&t.sous_traitants),
            finalites: &t.finalites,
            base_legale: &t.base_legale,
            personnes: &t.personnes,
            destinataires: &t.destinataires,
            conservation: &t.conservation,
            transferts_hors_ue: &t.transferts_hors_ue,
            mis_a_jour_le: &t.mis_a_jour_le,
        })
    })
}

/// CSV, comma-separated, UTF-8 without BOM, one header line.
pub fn csv(site: &Site) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(site.etablissements.len() * 2048));
    w.write_record(HEADER)?;
    for r in rows(site) {
        let j = |v: &[&str]| v.join(" ; ");
        let js = |v: &[String]| v.join(" ; ");
        w.write_record([
            r.uai,
            r.etablissement,
            r.traitement,
            r.nom,
            r.responsabilite,
            &j(&r.responsables),
            &j(&r.sous_traitants),
            &js(r.finalites),
            r.base_legale,
            &js(r.personnes),
            &js(r.destinataires),
            &js(r.conservation),
            r.transferts_hors_ue,
            r.mis_a_jour_le,
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// JSON: an array of rows, one row per line (readable diffs).
pub fn json(site: &Site) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(site.etablissements.len() * 2048);
    out.push(b'[');
    for (i, r) in rows(site).enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(&mut out, &r)?;
    }
    out.extend_from_slice(b"\n]\n");
    Ok(out)
}
