//! `export --format ods|xlsx`: the whole register, read back by a real reader (calamine), with
//! the same rows as the CSV export; formula-like cells are neutralised.

use assert_cmd::Command;
use calamine::{Data, Ods, Reader, Xlsx, open_workbook};
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
    let finalites = &csv_rows[0][7];
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
        assert_eq!(rows[0], ent_rgpd::render::register::HEADER.map(String::from).to_vec());
        assert_eq!(&rows[1..], &csv_rows[..], "same rows as the CSV export");
        assert_eq!(rows[1][0], "0570055A");
        assert_eq!(rows[1][1], "Collège Barbot");
        assert!(rows[1][7].starts_with("'=SUM(1)+1 Donner"));
    }
}
