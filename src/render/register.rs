//! The whole register, one row per establishment × treatment (`registre.csv`, `registre.json`,
//! and `ent-rgpd export` as CSV, JSON, ODS or XLSX): every field of Art. 30.1 of the GDPR —
//! the controllers with their address and their DPO's contact details, the purposes, the
//! categories of persons and of data, the recipients, the transfers, the retention periods,
//! the security measures — with the legal basis, the processors and the sheet's dates.
//!
//! ODS and XLSX, read by people, head their columns with French labels ([`LABELS`]); CSV and
//! JSON, read by programs too, keep the roster's keys ([`HEADER`]; JSON keeps the structure
//! too: lists, contact details, data by category).

use crate::resolve::model::{Categorie, Dpd, Etablissement, Party, Site, Traitement};
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
    /// conjointe | propre | sous_traitance
    pub responsabilite: &'a str,
    /// The controllers' names, for this establishment.
    pub responsables: Vec<&'a str>,
    /// Each controller's address and DPO (Art. 30.1.a).
    pub coordonnees_responsables: Vec<Coordonnees<'a>>,
    pub sous_traitants: Vec<&'a str>,
    pub finalites: &'a [String],
    /// « 6.1.e », empty when the roster states none.
    pub base_legale: &'a str,
    pub base_legale_libelle: &'a str,
    pub base_legale_precision: Option<&'a str>,
    pub references: &'a [String],
    pub personnes: &'a [String],
    pub donnees: &'a [Categorie],
    pub destinataires: &'a [String],
    pub conservation: &'a [String],
    pub transferts_hors_ue: &'a str,
    pub mesures_securite: &'a [String],
    /// ISO dates; empty when the roster gives none.
    pub cree_le: &'a str,
    pub mis_a_jour_le: &'a str,
}

/// A controller's contact details (Art. 30.1.a): its address and its DPO's.
#[derive(Serialize)]
pub struct Coordonnees<'a> {
    pub nom: &'a str,
    pub adresse: Option<&'a str>,
    pub dpd: &'a Dpd,
}

/// The CSV header: the keys of the roster (and of the JSON rows), in the order of [`cells`].
pub const HEADER: [&str; 20] = [
    "uai",
    "etablissement",
    "traitement",
    "nom",
    "responsabilite",
    "responsables",
    "adresses_responsables",
    "dpd_responsables",
    "sous_traitants",
    "finalites",
    "base_legale",
    "references",
    "personnes",
    "donnees",
    "destinataires",
    "conservation",
    "transferts_hors_ue",
    "mesures_securite",
    "cree_le",
    "mis_a_jour_le",
];

/// The ODS and XLSX column labels, in the order of [`cells`].
pub const LABELS: [&str; 20] = [
    "UAI",
    "Établissement",
    "Identifiant du traitement",
    "Traitement",
    "Responsabilité",
    "Responsables du traitement",
    "Adresses des responsables",
    "Délégués à la protection des données",
    "Sous-traitants",
    "Finalités",
    "Base légale",
    "Textes de référence",
    "Personnes concernées",
    "Catégories de données",
    "Destinataires",
    "Durées de conservation",
    "Transferts hors de l'Union européenne",
    "Mesures de sécurité",
    "Fiche créée le",
    "Fiche mise à jour le",
];

/// The width of each column in a spreadsheet, in characters of the default font.
const WIDTHS: [u8; 20] = [
    11, 30, 20, 34, 15, 34, 42, 48, 26, 60, 40, 34, 28, 60, 50, 46, 34, 50, 13, 13,
];

fn names(parties: &[Arc<Party>]) -> Vec<&str> {
    parties.iter().map(|p| p.nom.as_str()).collect()
}

pub fn rows(site: &Site) -> impl Iterator<Item = Row<'_>> {
    site.etablissements.iter().flat_map(|e| {
        e.traitements
            .iter()
            .map(move |t| row(&e.uai, &e.nom, &t.responsables, t))
    })
}

/// The row of treatment `t` for one establishment (its UAI, name and controllers).
fn row<'a>(uai: &'a str, etablissement: &'a str, responsables: &'a [Arc<Party>], t: &'a Traitement) -> Row<'a> {
    Row {
        uai,
        etablissement,
        traitement: &t.id,
        nom: &t.nom,
        responsabilite: &t.responsabilite,
        responsables: names(responsables),
        coordonnees_responsables: responsables
            .iter()
            .map(|p| Coordonnees {
                nom: &p.nom,
                adresse: p.adresse.as_deref(),
                dpd: &p.dpd,
            })
            .collect(),
        sous_traitants: names(&t.sous_traitants),
        finalites: &t.finalites,
        base_legale: &t.base_legale,
        base_legale_libelle: &t.base_legale_libelle,
        base_legale_precision: t.base_legale_precision.as_deref(),
        references: &t.references,
        personnes: &t.personnes,
        donnees: &t.donnees,
        destinataires: &t.destinataires,
        conservation: &t.conservation,
        transferts_hors_ue: t.transferts_hors_ue.as_deref().unwrap_or("non"),
        mesures_securite: &t.mesures_securite,
        cree_le: &t.cree_le,
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

/// One row as spreadsheet cells, in [`HEADER`] and [`LABELS`] order: lists joined with ` ; `, data
/// categories with ` | `, each cell made safe with [`safe_cell`].
pub fn cells(r: &Row) -> [String; 20] {
    let j = |v: &[&str]| v.join(" ; ");
    let js = |v: &[String]| v.join(" ; ");
    [
        r.uai.to_string(),
        r.etablissement.to_string(),
        r.traitement.to_string(),
        r.nom.to_string(),
        responsabilite_label(r.responsabilite).to_string(),
        j(&r.responsables),
        adresses(&r.coordonnees_responsables),
        dpds(&r.coordonnees_responsables),
        j(&r.sous_traitants),
        js(r.finalites),
        base_legale(r),
        js(r.references),
        js(r.personnes),
        donnees(r.donnees),
        js(r.destinataires),
        js(r.conservation),
        r.transferts_hors_ue.to_string(),
        js(r.mesures_securite),
        r.cree_le.to_string(),
        r.mis_a_jour_le.to_string(),
    ]
    .map(|c| match safe_cell(&c) {
        std::borrow::Cow::Borrowed(_) => c,
        std::borrow::Cow::Owned(o) => o,
    })
}

/// `responsabilite`, as the register pages say it.
fn responsabilite_label(key: &str) -> &str {
    match key {
        "sous_traitance" => "sous-traitance",
        other => other,
    }
}

/// « Partie : … ; Partie : … », each party's part written by `part` (one string per row of
/// the national register: no allocation per party).
fn par_partie(c: &[Coordonnees], part: impl Fn(&Coordonnees, &mut String)) -> String {
    let mut out = String::new();
    for (i, p) in c.iter().enumerate() {
        if i > 0 {
            out.push_str(" ; ");
        }
        out.push_str(p.nom);
        out.push_str(" : ");
        part(p, &mut out);
    }
    out
}

/// « Académie de Nancy-Metz : Rectorat, 2 rue… ; Collège Barbot : adresse non indiquée ».
fn adresses(c: &[Coordonnees]) -> String {
    par_partie(c, |p, out| out.push_str(p.adresse.unwrap_or("adresse non indiquée")))
}

/// « Académie de Nancy-Metz : Délégué…, dpd@ac-nancy-metz.fr, 03 83… ; … ».
fn dpds(c: &[Coordonnees]) -> String {
    par_partie(c, |p, out| {
        let d = p.dpd;
        let mut any = false;
        for part in [&d.nom, &d.courriel, &d.telephone, &d.formulaire, &d.adresse]
            .into_iter()
            .flatten()
        {
            if any {
                out.push_str(", ");
            }
            out.push_str(part);
            any = true;
        }
        if !any {
            out.push_str("coordonnées non indiquées");
        }
    })
}

/// « 6.1.e – l'exécution d'une mission d'intérêt public : mission confiée par… »; empty
/// when the roster states no basis.
fn base_legale(r: &Row) -> String {
    if r.base_legale.is_empty() {
        return String::new();
    }
    let mut out = format!("{} – {}", r.base_legale, r.base_legale_libelle);
    if let Some(p) = r.base_legale_precision {
        out.push_str(" : ");
        out.push_str(p);
    }
    out
}

/// « Élèves : identité ; classe | Personnels : identité » (on one line: a CSV row stays one
/// line).
fn donnees(d: &[Categorie]) -> String {
    d.iter()
        .map(|c| format!("{} : {}", c.libelle, c.donnees.join(" ; ")))
        .collect::<Vec<_>>()
        .join(" | ")
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
    let mut contacts = Contacts::default();
    let mut cell = String::new();
    write_rows(site, w, &header, b"", |buf, e, t, sheet, _| {
        csv_cell(buf, &e.uai);
        buf.push(b',');
        csv_cell(buf, &e.nom);
        buf.extend_from_slice(&sheet.csv_mid);
        let responsables = &t.responsables;
        for part in [Part::Name, Part::Address, Part::Dpd] {
            cell.clear();
            for (i, p) in responsables.iter().enumerate() {
                if i > 0 {
                    cell.push_str(" ; ");
                }
                match part {
                    Part::Name => cell.push_str(&p.nom),
                    Part::Address => cell.push_str(&contacts.get(p).adresse),
                    Part::Dpd => cell.push_str(&contacts.get(p).dpd),
                }
            }
            csv_cell(buf, &cell);
            if part != Part::Dpd {
                buf.push(b',');
            }
        }
        buf.extend_from_slice(&sheet.csv_end);
        Ok(())
    })
}

/// The per-establishment cells of a CSV row.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    Name,
    Address,
    Dpd,
}

/// A controller's contact details, encoded once: as its pieces of the CSV cells
/// « Adresses des responsables » and « Délégués à la protection des données », and as its
/// member of `coordonnees_responsables` in JSON.
struct Contact {
    adresse: String,
    dpd: String,
    json: Vec<u8>,
}

impl Contact {
    fn new(p: &Party) -> Self {
        let c = [Coordonnees {
            nom: &p.nom,
            adresse: p.adresse.as_deref(),
            dpd: &p.dpd,
        }];
        Contact {
            adresse: adresses(&c),
            dpd: dpds(&c),
            json: serde_json::to_vec(&c[0]).expect("contact details serialize"),
        }
    }
}

/// [`Contact`]s of the parties shared by many establishments (académies, collectivités),
/// by address; an establishment's own is encoded each time (it is used by its rows only, and
/// 70,000 of them would only fill the map).
#[derive(Default)]
struct Contacts {
    shared: HashMap<usize, Contact>,
    own: Option<(usize, Contact)>,
}

impl Contacts {
    fn get(&mut self, p: &Arc<Party>) -> &Contact {
        let key = Arc::as_ptr(p) as usize;
        if p.kind == "etablissement" {
            if self.own.as_ref().is_none_or(|(k, _)| *k != key) {
                self.own = Some((key, Contact::new(p)));
            }
            return &self.own.as_ref().expect("just set").1;
        }
        self.shared.entry(key).or_insert_with(|| Contact::new(p))
    }
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
        let row = row("", "", &[], t);
        let cells = cells(&row);
        // Cells 0 and 1 (the establishment) and 5 to 7 (its controllers) are per row.
        let mut csv_mid = Vec::new();
        for c in &cells[2..5] {
            csv_mid.push(b',');
            csv_cell(&mut csv_mid, c);
        }
        csv_mid.push(b',');
        let mut csv_end = Vec::new();
        for c in &cells[8..] {
            csv_end.push(b',');
            csv_cell(&mut csv_end, c);
        }
        csv_end.push(b'\n');
        let json = serde_json::to_vec(&row).expect("a row serializes");
        const HEAD: &[u8] = b"{\"uai\":\"\",\"etablissement\":\"\"";
        const RESP: &[u8] = b",\"responsables\":[],\"coordonnees_responsables\":[]";
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

/// The sheet's name in ODS and XLSX.
const SHEET: &str = "Registre";

/// OpenDocument spreadsheet (LibreOffice, OnlyOffice): one sheet « Registre », the header row
/// (bold, frozen with the UAI and establishment columns, with filter buttons), then one row
/// per establishment × traitement, every cell as text, wrapped in columns of [`WIDTHS`].
pub fn ods(site: &Site) -> Result<Vec<u8>, String> {
    use spreadsheet_ods::color::Rgb;
    use spreadsheet_ods::style::CellStyle;
    use spreadsheet_ods::style::units::{CellAlignVertical, WrapOption};
    use spreadsheet_ods::{Length, Sheet, WorkBook};
    let mut book = WorkBook::new_empty();
    let mut header = CellStyle::new_empty();
    header.set_name("registre-entete");
    header.set_font_bold();
    header.set_background_color(Rgb::new(0xdd, 0xe4, 0xee));
    header.set_wrap_option(WrapOption::Wrap);
    header.set_vertical_align(CellAlignVertical::Top);
    let header = book.add_cellstyle(header);
    let mut body = CellStyle::new_empty();
    body.set_name("registre-cellule");
    body.set_wrap_option(WrapOption::Wrap);
    body.set_vertical_align(CellAlignVertical::Top);
    let body = book.add_cellstyle(body);

    let mut sheet = Sheet::new(SHEET);
    for (c, (h, w)) in LABELS.iter().zip(WIDTHS).enumerate() {
        let c = c as u32;
        sheet.set_styled_value(0, c, *h, &header);
        // 0.22 cm per character of the default font (Liberation Sans 10 pt), as LibreOffice
        // measures a column.
        sheet.set_col_width(c, Length::Cm(f64::from(w) * 0.22));
        sheet.set_col_cellstyle(c, &body);
    }
    let mut last = 0;
    for (i, r) in rows(site).enumerate() {
        last = i as u32 + 1;
        for (c, v) in cells(&r).into_iter().enumerate() {
            sheet.set_value(last, c as u32, v);
        }
    }
    // The header row and the UAI and establishment columns stay in view.
    sheet.split_row_header(0);
    sheet.split_col_header(1);
    book.push_sheet(sheet);
    let bytes = spreadsheet_ods::write_ods_buf(&mut book, Vec::new()).map_err(|e| e.to_string())?;
    ods_filter(&bytes, last)
}

/// Adds filter buttons to the header row of the ODS written by spreadsheet-ods (which cannot
/// say it): an anonymous database range over the sheet with `display-filter-buttons`, as
/// LibreOffice writes an AutoFilter, in `content.xml`; the other files are copied as they are.
fn ods_filter(ods: &[u8], last_row: u32) -> Result<Vec<u8>, String> {
    use std::io::{Cursor, Read};
    let e = |e: zip::result::ZipError| e.to_string();
    let mut zin = zip::ZipArchive::new(Cursor::new(ods)).map_err(e)?;
    let mut zout = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(ods.len() + 512)));
    for i in 0..zin.len() {
        let file = zin.by_index(i).map_err(e)?;
        if file.name_raw() != b"content.xml" {
            zout.raw_copy_file(file).map_err(e)?;
            continue;
        }
        let mut options = zip::write::SimpleFileOptions::default().compression_method(file.compression());
        if let Some(time) = file.last_modified() {
            options = options.last_modified_time(time);
        }
        zout.start_file("content.xml", options).map_err(e)?;
        // Copied as it is read (a national register's content.xml is hundreds of MB), but
        // for its last bytes, where the sheet ends and the range goes.
        const END: &[u8] = b"</office:spreadsheet>";
        const KEEP: usize = 4096;
        let mut file = file;
        let mut tail: Vec<u8> = Vec::with_capacity(2 * KEEP + 64 * 1024);
        let mut chunk = vec![0; 64 * 1024];
        loop {
            let n = file.read(&mut chunk).map_err(|e| e.to_string())?;
            if n == 0 {
                break;
            }
            tail.extend_from_slice(&chunk[..n]);
            if tail.len() > 2 * KEEP {
                let flush = tail.len() - KEEP;
                zout.write_all(&tail[..flush]).map_err(|e| e.to_string())?;
                tail.drain(..flush);
            }
        }
        let at = tail
            .windows(END.len())
            .rposition(|w| w == END)
            .ok_or("content.xml sans feuille de calcul")?;
        let last_col = column_name(LABELS.len() - 1);
        let range = format!(
            "<table:database-ranges><table:database-range table:name=\"__Anonymous_Sheet_DB__0\" \
             table:target-range-address=\"{SHEET}.A1:{SHEET}.{last_col}{}\" table:display-filter-buttons=\"true\"/>\
             </table:database-ranges>",
            last_row + 1
        );
        for part in [&tail[..at], range.as_bytes(), &tail[at..]] {
            zout.write_all(part).map_err(|e| e.to_string())?;
        }
    }
    Ok(zout.finish().map_err(e)?.into_inner())
}

/// « A », « B »… « T » for a column index (the register has fewer than 27 columns).
fn column_name(c: usize) -> char {
    debug_assert!(c < 26);
    (b'A' + c as u8) as char
}

/// Office Open XML spreadsheet (Excel): the same sheet as [`ods`].
pub fn xlsx(site: &Site) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook};
    let mut book = Workbook::new();
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    // Rows are written in order: each goes to a temporary file instead of staying in memory.
    let sheet = book.add_worksheet_with_constant_memory().map_err(e)?;
    sheet.set_name(SHEET).map_err(e)?;
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xdde4ee))
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let body = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (c, (h, w)) in LABELS.iter().zip(WIDTHS).enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *h, &header).map_err(e)?;
        sheet.set_column_width(c, w).map_err(e)?;
    }
    let mut last = 0;
    for (i, r) in rows(site).enumerate() {
        last = i as u32 + 1;
        for (c, v) in cells(&r).iter().enumerate() {
            sheet.write_string_with_format(last, c as u16, v, &body).map_err(e)?;
        }
    }
    // The header row and the UAI and establishment columns stay in view; filter buttons on
    // the header.
    sheet.set_freeze_panes(1, 2).map_err(e)?;
    sheet.autofilter(0, 0, last, LABELS.len() as u16 - 1).map_err(e)?;
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
    let mut contacts = Contacts::default();
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
        buf.extend_from_slice(b",\"coordonnees_responsables\":[");
        for (i, p) in t.responsables.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(&contacts.get(p).json);
        }
        buf.push(b']');
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
