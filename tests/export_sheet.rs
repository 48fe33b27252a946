//! `export --format ods|xlsx`: the whole register, read back by a real reader (calamine), with
//! the same rows as the CSV export; formula-like cells are neutralised. Columns have French
//! labels (the CSV keeps the roster's keys, for programs) and carry every field of Art. 30.1
//! of the GDPR; the header row is bold, frozen and
//! has filter buttons, and columns have widths (read in the files' XML where calamine cannot
//! see it).

use assert_cmd::Command;
use calamine::{Data, Ods, Reader, Xlsx, open_workbook};
use std::io::Read;
use std::path::Path;

const STARTER: &str = include_str!("../src/cmd/init_parties.yaml");

fn export(dir: &Path, format: &str) -> std::path::PathBuf {
    let file = dir.join(format!("registre.{format}"));
    let out = Command::cargo_bin("ent-rgpd")
        .unwrap()
        .current_dir(dir)
        .args(["export", "--format", format, "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    file
}

fn text_rows(range: &calamine::Range<Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn ods_and_xlsx_have_the_register_rows() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = STARTER.replace(
        "- Donner accès aux services numériques",
        "- =SUM(1)+1 Donner accès aux services numériques",
    );
    assert_ne!(yaml, STARTER);
    std::fs::write(dir.path().join("parties.yaml"), &yaml).unwrap();

    let csv_rows: Vec<Vec<String>> = csv::Reader::from_path(export(dir.path(), "csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert!(!csv_rows.is_empty());
    let purposes = column(&ent_rgpd::render::register::LABELS.map(String::from), "Finalités");
    let finalites = &csv_rows[0][purposes];
    assert!(
        finalites.starts_with("'=SUM(1)+1 Donner"),
        "formula neutralised in CSV: {finalites}"
    );

    let mut ods: Ods<_> = open_workbook(export(dir.path(), "ods")).unwrap();
    assert_eq!(ods.sheet_names(), ["Registre"]);
    let ods_rows = text_rows(&ods.worksheet_range("Registre").unwrap());

    let mut xlsx: Xlsx<_> = open_workbook(export(dir.path(), "xlsx")).unwrap();
    let xlsx_rows = text_rows(&xlsx.worksheet_range("Registre").unwrap());

    for rows in [&ods_rows, &xlsx_rows] {
        assert_eq!(rows[0], ent_rgpd::render::register::LABELS.map(String::from).to_vec());
        assert_eq!(&rows[1..], &csv_rows[..], "same rows as the CSV export");
        assert_eq!(rows[1][0], "0570055A");
        assert_eq!(rows[1][1], "Collège Barbot");
        assert!(rows[1][purposes].starts_with("'=SUM(1)+1 Donner"));
    }
}

/// The text of `name` inside the zip file `path` (an ODS or XLSX).
fn zipped(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The column of `label` in the header row.
fn column(header: &[String], label: &str) -> usize {
    header
        .iter()
        .position(|h| h == label)
        .unwrap_or_else(|| panic!("no column « {label} » in {header:?}"))
}

#[test]
fn columns_have_french_labels_and_every_article_30_field() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), STARTER).unwrap();
    let mut xlsx: Xlsx<_> = open_workbook(export(dir.path(), "xlsx")).unwrap();
    let rows = text_rows(&xlsx.worksheet_range("Registre").unwrap());
    let mut ods: Ods<_> = open_workbook(export(dir.path(), "ods")).unwrap();
    assert_eq!(
        text_rows(&ods.worksheet_range("Registre").unwrap()),
        rows,
        "ODS and XLSX agree"
    );
    let header = &rows[0];
    for raw in [
        "uai",
        "responsabilite",
        "transferts_hors_ue",
        "mis_a_jour_le",
        "finalites",
        "sous_traitants",
    ] {
        assert!(!header.iter().any(|h| h == raw), "raw key {raw} as a label: {header:?}");
    }
    assert_eq!(rows.len(), 2, "one establishment × one treatment");
    let row = &rows[1];
    let cell = |label: &str| row[column(header, label)].as_str();
    // Art. 30.1.a: controllers, their contact details and their DPOs.
    assert_eq!(
        cell("Responsables du traitement"),
        "Académie de Nancy-Metz ; Département de la Moselle ; Collège Barbot"
    );
    assert!(
        cell("Adresses des responsables").contains("Académie de Nancy-Metz : Rectorat, 2 rue Philippe de Gueldres")
    );
    assert!(cell("Adresses des responsables").contains("Collège Barbot : 5 rue Barbot, 57000 Metz"));
    let dpd = cell("Délégués à la protection des données");
    assert!(dpd.contains("Académie de Nancy-Metz : dpd@ac-nancy-metz.fr"), "{dpd}");
    assert!(dpd.contains("Département de la Moselle : dpd@moselle.fr"), "{dpd}");
    // The college has no DPO of its own: the académie's answers for it.
    assert!(dpd.contains("Collège Barbot : dpd@ac-nancy-metz.fr"), "{dpd}");
    assert_eq!(cell("Sous-traitants"), "Éditeur de la solution ENT");
    // 30.1.b purposes, legal basis.
    assert!(cell("Finalités").starts_with("Donner accès aux services numériques"));
    assert_eq!(
        cell("Base légale"),
        "6.1.e – l'exécution d'une mission d'intérêt public"
    );
    assert!(cell("Textes de référence").contains("loi Informatique et Libertés"));
    // 30.1.c persons and data, by category.
    assert_eq!(
        cell("Personnes concernées"),
        "Élèves ; Responsables légaux ; Personnels de l'établissement"
    );
    assert_eq!(
        cell("Catégories de données"),
        "Élèves : identité ; classe ; identifiants de connexion | Responsables légaux : identité ; coordonnées | \
         Personnels de l'établissement : identité ; fonction ; identifiants de connexion"
    );
    // 30.1.d–g recipients, transfers, retention, security measures.
    assert!(cell("Destinataires").contains("l'éditeur de la solution pour les besoins de maintenance"));
    assert_eq!(cell("Transferts hors de l'Union européenne"), "non");
    assert!(cell("Durées de conservation").contains("journaux de connexion 12 mois"));
    assert_eq!(
        cell("Mesures de sécurité"),
        "hébergement en France certifié ; chiffrement des échanges ; contrôle des habilitations"
    );
    assert_eq!(cell("Responsabilité"), "conjointe");
    assert_eq!(cell("Fiche créée le"), "2025-09-01");
    assert_eq!(cell("Fiche mise à jour le"), "2025-09-01");
    assert!(row.iter().all(|c| !c.is_empty()), "every field is filled: {row:?}");
}

#[test]
fn json_export_keeps_the_keys_and_the_structure() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), STARTER).unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&std::fs::read(export(dir.path(), "json")).unwrap()).unwrap();
    let row = &rows[0];
    assert_eq!(row["responsabilite"], "conjointe");
    assert_eq!(row["base_legale"], "6.1.e");
    assert_eq!(row["base_legale_libelle"], "l'exécution d'une mission d'intérêt public");
    assert_eq!(row["coordonnees_responsables"][0]["nom"], "Académie de Nancy-Metz");
    assert_eq!(
        row["coordonnees_responsables"][0]["dpd"]["courriel"],
        "dpd@ac-nancy-metz.fr"
    );
    assert_eq!(
        row["coordonnees_responsables"][1]["adresse"],
        "1 rue du Pont Moreau, 57000 Metz"
    );
    assert_eq!(row["donnees"][0]["categorie"], "eleves");
    assert_eq!(row["donnees"][0]["donnees"][1], "classe");
    assert_eq!(row["mesures_securite"][1], "chiffrement des échanges");
    assert_eq!(row["references"][0], "RGPD");
    assert_eq!(row["cree_le"], "2025-09-01");
}

#[test]
fn xlsx_header_is_bold_frozen_and_filtered_with_column_widths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), STARTER).unwrap();
    let file = export(dir.path(), "xlsx");
    let mut xlsx: Xlsx<_> = open_workbook(&file).unwrap();
    let styles = xlsx.worksheet_style("Registre").unwrap();
    let header = styles.get((0, 0)).expect("a style on the header");
    assert!(
        header.font.as_ref().is_some_and(|f| f.is_bold()),
        "bold header: {header:?}"
    );
    let body = styles.get((1, 9)).expect("a style on the body");
    assert!(
        body.alignment.as_ref().is_some_and(|a| a.wrap_text),
        "wrapped body: {body:?}"
    );

    // calamine does not read panes, filters nor widths: the sheet's XML does.
    let xml = zipped(&file, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(r#"<pane xSplit="2" ySplit="1" topLeftCell="C2" activePane="bottomRight" state="frozen"/>"#),
        "header row and UAI/établissement columns frozen:\n{xml}"
    );
    assert!(
        xml.contains(r#"<autoFilter ref="A1:T2"/>"#),
        "filter over the whole register:\n{xml}"
    );
    // <col min="19" max="20" width="13.7109375" …/>: one width per column.
    let attr = |c: &str, name: &str| -> f64 {
        c.split(&format!("{name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let widths: Vec<f64> = xml
        .split("<col ")
        .skip(1)
        .flat_map(|c| std::iter::repeat_n(attr(c, "width"), (attr(c, "max") - attr(c, "min")) as usize + 1))
        .collect();
    assert_eq!(widths.len(), ent_rgpd::render::register::LABELS.len(), "{xml}");
    assert!(widths.iter().all(|w| (10.0..=70.0).contains(w)), "{widths:?}");
    assert!(widths[9] > widths[0] * 3.0, "Finalités wider than UAI: {widths:?}");
}

#[test]
fn ods_header_is_frozen_and_filtered_with_column_widths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), STARTER).unwrap();
    let file = export(dir.path(), "ods");
    let content = zipped(&file, "content.xml");
    assert!(
        content.contains(
            r#"<table:database-range table:name="__Anonymous_Sheet_DB__0" table:target-range-address="Registre.A1:Registre.T2" table:display-filter-buttons="true"/>"#
        ),
        "filter buttons over the whole register:\n{content}"
    );
    // Columns: 20 widths, the purposes' wider than the UAI's.
    let widths: Vec<f64> = content
        .split("style:column-width=\"")
        .skip(1)
        .filter_map(|c| c.split("cm\"").next()?.parse().ok())
        .collect();
    assert!(widths.len() >= 2, "column widths in cm:\n{content}");
    assert!(
        widths.iter().any(|w| *w > 10.0) && widths.iter().any(|w| *w < 3.0),
        "{widths:?}"
    );
    // Frozen header row and first two columns (LibreOffice's view settings: split mode 2).
    let settings = zipped(&file, "settings.xml");
    for (item, value) in [
        ("VerticalSplitMode", "2"),
        ("VerticalSplitPosition", "1"),
        ("HorizontalSplitMode", "2"),
        ("HorizontalSplitPosition", "2"),
    ] {
        let at = settings
            .find(&format!("config:name=\"{item}\""))
            .unwrap_or_else(|| panic!("no {item} in settings.xml"));
        let value_at = settings[at..].find('>').unwrap() + at + 1;
        assert!(
            settings[value_at..].starts_with(&format!("{value}<")),
            "{item} = {}",
            &settings[value_at..value_at + 10]
        );
    }
    // calamine still reads it, rows as the CSV export.
    let mut ods: Ods<_> = open_workbook(&file).unwrap();
    let rows = text_rows(&ods.worksheet_range("Registre").unwrap());
    assert_eq!(rows[0][0], "UAI");
}

#[test]
fn csv_names_its_columns_by_the_json_keys() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), STARTER).unwrap();
    let mut csv = csv::Reader::from_path(export(dir.path(), "csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ent_rgpd::render::register::HEADER.map(String::from));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(export(dir.path(), "json")).unwrap()).unwrap();
    for key in &header {
        // The contact details, structured in JSON, are two flat columns in CSV.
        let flat = ["adresses_responsables", "dpd_responsables"].contains(&key.as_str());
        assert!(flat || json[0].get(key).is_some(), "CSV column {key} is no JSON key");
    }
    let row = csv.records().next().unwrap().unwrap();
    let dpd = &row[column(&header, "dpd_responsables")];
    assert!(
        dpd.starts_with("Académie de Nancy-Metz : dpd@ac-nancy-metz.fr ; "),
        "{dpd}"
    );
}
