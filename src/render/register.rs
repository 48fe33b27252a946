//! The whole register, one row per establishment × treatment (`registre.csv`, `registre.json`).

use crate::resolve::model::{Etablissement, Party, Site, Traitement};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};
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
        e.traitements
            .iter()
            .map(move |t| row(&e.uai, &e.nom, names(&t.responsables), t))
    })
}

/// The row of treatment `t` for one establishment (its UAI, name and controllers).
fn row<'a>(uai: &'a str, etablissement: &'a str, responsables: Vec<&'a str>, t: &'a Traitement) -> Row<'a> {
    Row {
        uai,
        etablissement,
        traitement: &t.id,
        nom: &t.nom,
        responsabilite: &t.responsabilite,
        responsables,
        sous_traitants: names(&t.sous_traitants),
        finalites: &t.finalites,
        base_legale: &t.base_legale,
        personnes: &t.personnes,
        destinataires: &t.destinataires,
        conservation: &t.conservation,
        transferts_hors_ue: t.transferts_hors_ue.as_deref().unwrap_or("non"),
        mis_a_jour_le: &t.mis_a_jour_le,
    }
}

/// A cell that a spreadsheet could take for a formula (`=`, `+`, `-`, `@`, tab or carriage
/// return first) gets a leading apostrophe: the register opens as text, never runs anything
/// (CSV injection, OWASP). JSON keeps the text as it is.
pub fn safe_cell(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

/// One row as spreadsheet cells, in [`HEADER`] order: lists joined with ` ; `, each cell made
/// safe with [`safe_cell`].
pub fn cells(r: &Row) -> [String; 14] {
    let j = |v: &[&str]| v.join(" ; ");
    let js = |v: &[String]| v.join(" ; ");
    [
        r.uai.to_string(),
        r.etablissement.to_string(),
        r.traitement.to_string(),
        r.nom.to_string(),
        r.responsabilite.to_string(),
        j(&r.responsables),
        j(&r.sous_traitants),
        js(r.finalites),
        r.base_legale.to_string(),
        js(r.personnes),
        js(r.destinataires),
        js(r.conservation),
        r.transferts_hors_ue.to_string(),
        r.mis_a_jour_le.to_string(),
    ]
    .map(|c| match safe_cell(&c) {
        std::borrow::Cow::Borrowed(_) => c,
        std::borrow::Cow::Owned(o) => o,
    })
}

/// CSV, comma-separated, UTF-8 without BOM, one header line.
pub fn csv(site: &Site) -> Vec<u8> {
    let mut out = Vec::new();
    write_csv(site, &mut out).expect("writing to memory");
    out
}

/// [`csv`], written to `w` as it is encoded.
pub fn write_csv(site: &Site, w: &mut dyn Write) -> io::Result<()> {
    let mut header = csv::Writer::from_writer(Vec::new());
    header.write_record(HEADER).map_err(io::Error::other)?;
    let header = header.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
    write_rows(site, w, &header, b"", |buf, e, t, sheet, _| {
        csv_cell(buf, &e.uai);
        buf.push(b',');
        csv_cell(buf, &e.nom);
        buf.extend_from_slice(&sheet.csv_mid);
        csv_cell(buf, &names(&t.responsables).join(" ; "));
        buf.extend_from_slice(&sheet.csv_end);
        Ok(())
    })
}

/// Every row (establishment × treatment), encoded by `row` (given the sheet's shared
/// encoding and whether it is the first row) between `head` and `tail`, written to `w` by
/// large blocks.
fn write_rows(
    site: &Site,
    w: &mut dyn Write,
    head: &[u8],
    tail: &[u8],
    mut row: impl FnMut(&mut Vec<u8>, &Etablissement, &Traitement, &Encoded, bool) -> io::Result<()>,
) -> io::Result<()> {
    const BLOCK: usize = 256 * 1024;
    let mut buf = Vec::with_capacity(BLOCK + 16 * 1024);
    buf.extend_from_slice(head);
    let sheets = Sheets::new(site);
    let mut first = true;
    for e in &site.etablissements {
        for t in &e.traitements {
            row(&mut buf, e, t, sheets.get(t), first)?;
            first = false;
            if buf.len() >= BLOCK {
                w.write_all(&buf)?;
                buf.clear();
            }
        }
    }
    buf.extend_from_slice(tail);
    w.write_all(&buf)
}

/// One CSV cell, made safe ([`safe_cell`]) and quoted as the csv crate quotes (when it holds
/// a comma, a quote or a line break; quotes doubled).
fn csv_cell(out: &mut Vec<u8>, cell: &str) {
    let cell = safe_cell(cell);
    if cell.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for b in cell.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(cell.as_bytes());
    }
}

/// What the rows of one register sheet share, encoded once (a sheet is used by thousands of
/// establishments): the CSV cells and JSON members between and after the per-row ones
/// (establishment, its controllers for that sheet).
struct Encoded {
    csv_mid: Vec<u8>,
    csv_end: Vec<u8>,
    json_mid: Vec<u8>,
    json_end: Vec<u8>,
}

/// Every sheet of the site, encoded, by address.
struct Sheets(HashMap<usize, Encoded>);

impl Sheets {
    fn new(site: &Site) -> Self {
        let mut map = HashMap::new();
        for e in &site.etablissements {
            for t in &e.traitements {
                map.entry(Arc::as_ptr(&t.fiche) as usize)
                    .or_insert_with(|| Self::encode(t));
            }
        }
        Sheets(map)
    }

    fn get(&self, t: &Traitement) -> &Encoded {
        &self.0[&(Arc::as_ptr(&t.fiche) as usize)]
    }

    fn encode(t: &Traitement) -> Encoded {
        // A row of this sheet with empty per-row values, cut around them.
        let row = row("", "", Vec::new(), t);
        let cells = cells(&row);
        let mut csv_mid = Vec::new();
        for c in &cells[2..5] {
            csv_mid.push(b',');
            csv_cell(&mut csv_mid, c);
        }
        csv_mid.push(b',');
        let mut csv_end = Vec::new();
        for c in &cells[6..] {
            csv_end.push(b',');
            csv_cell(&mut csv_end, c);
        }
        csv_end.push(b'\n');
        let json = serde_json::to_vec(&row).expect("a row serializes");
        const HEAD: &[u8] = b"{\"uai\":\"\",\"etablissement\":\"\"";
        const RESP: &[u8] = b",\"responsables\":[]";
        // Quotes inside string values are escaped: the member below is found only as itself.
        let at = json
            .windows(RESP.len())
            .position(|w| w == RESP)
            .expect("responsables member");
        Encoded {
            csv_mid,
            csv_end,
            json_mid: json[HEAD.len()..at].to_vec(),
            json_end: json[at + RESP.len()..].to_vec(),
        }
    }
}

/// OpenDocument spreadsheet (LibreOffice, OnlyOffice): one sheet « Registre », the header row
/// then one row per establishment × traitement, every cell as text.
pub fn ods(site: &Site) -> Result<Vec<u8>, String> {
    use spreadsheet_ods::{Sheet, WorkBook};
    let mut book = WorkBook::new_empty();
    let mut sheet = Sheet::new("Registre");
    for (c, h) in HEADER.iter().enumerate() {
        sheet.set_value(0, c as u32, *h);
    }
    for (i, r) in rows(site).enumerate() {
        for (c, v) in cells(&r).into_iter().enumerate() {
            sheet.set_value(i as u32 + 1, c as u32, v);
        }
    }
    book.push_sheet(sheet);
    spreadsheet_ods::write_ods_buf(&mut book, Vec::new()).map_err(|e| e.to_string())
}

/// Office Open XML spreadsheet (Excel): the same sheet as [`ods`].
pub fn xlsx(site: &Site) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    sheet.set_name("Registre").map_err(e)?;
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).map_err(e)?;
    }
    for (i, r) in rows(site).enumerate() {
        for (c, v) in cells(&r).iter().enumerate() {
            sheet.write_string(i as u32 + 1, c as u16, v).map_err(e)?;
        }
    }
    book.save_to_buffer().map_err(e)
}

/// JSON: an array of rows, one row per line (readable diffs).
pub fn json(site: &Site) -> Vec<u8> {
    let mut out = Vec::new();
    write_json(site, &mut out).expect("writing to memory");
    out
}

/// [`json`], written to `w` as it is encoded.
pub fn write_json(site: &Site, w: &mut dyn Write) -> io::Result<()> {
    let tail: &[u8] = if site.etablissements.iter().any(|e| !e.traitements.is_empty()) {
        b"\n]\n"
    } else {
        b"]\n"
    };
    write_rows(site, w, b"[\n", tail, |buf, e, t, sheet, first| {
        if !first {
            buf.extend_from_slice(b",\n");
        }
        buf.extend_from_slice(b"{\"uai\":");
        serde_json::to_writer(&mut *buf, &e.uai)?;
        buf.extend_from_slice(b",\"etablissement\":");
        serde_json::to_writer(&mut *buf, &e.nom)?;
        buf.extend_from_slice(&sheet.json_mid);
        buf.extend_from_slice(b",\"responsables\":");
        serde_json::to_writer(&mut *buf, &names(&t.responsables))?;
        buf.extend_from_slice(&sheet.json_end);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::safe_cell;

    #[test]
    fn formula_like_cells_become_text() {
        for bad in [
            "=1+1",
            "+33 1 23",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"http://x\")",
        ] {
            assert_eq!(safe_cell(bad), format!("'{bad}"));
        }
        for ok in ["Collège Barbot", "0570055A", "", "1 an", "a=b", "'déjà"] {
            assert_eq!(safe_cell(ok), ok);
        }
    }
}
