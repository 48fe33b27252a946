//! `import` against real rows of the ministry files (SPEC §8), copied unchanged under
//! tests/data (their sources and the selection: tests/data/README.md, tests/data/select.py).

use ent_rgpd::cmd::import::{Filters, ImportError, Imported, import};
use std::collections::{BTreeMap, BTreeSet};

type Row = BTreeMap<String, String>;

/// 76 rows of the Occitanie export (72 columns, BOM, LF), three UAIs twice among them.
const OCCITANIE: &str = "occitanie.csv";
/// 24 rows of the Val-de-Marne export (71 columns, BOM, CRLF).
const VAL_DE_MARNE: &str = "val-de-marne-ecoles.csv";
/// 65 rows of the merged national file (21 columns, sorted by UAI).
const MERGED: &str = "annuaire-education.csv";
const KEYS: [&str; 9] = [
    "uai",
    "nom",
    "type",
    "statut",
    "commune",
    "code_commune",
    "departement",
    "adresse",
    "site_web",
];
const MERGED_HEADER: &str = "uai,nom,type,nature,statut,code_postal,cp_source,code_commune,\
commune,code_departement,departement,code_academie,academie,code_region,region,mail,web,\
telephone,etat,date_source,source\n";

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn filters(academies: &[&str], departements: &[&str], types: &[&str]) -> Filters {
    let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect();
    Filters {
        academies: v(academies),
        departements: v(departements),
        types: v(types),
    }
}

fn all() -> Filters {
    Filters::default()
}

fn run(name: &str, f: &Filters) -> Imported {
    import(&data(name), f).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[derive(serde::Deserialize)]
struct Doc {
    etablissements: Vec<Row>,
}

/// Reparses the YAML and checks its shape: only the documented keys, required ones present,
/// sorted by UAI, one item per counted establishment.
fn parse(out: &Imported) -> Vec<Row> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! { max_nodes: 10_000_000, max_events: 10_000_000 },
    };
    let doc: Doc = serde_saphyr::from_str_with_options(&out.yaml, options).expect("the YAML reparses");
    let items = doc.etablissements;
    assert_eq!(items.len(), out.count);
    for item in &items {
        for key in item.keys() {
            assert!(KEYS.contains(&key.as_str()), "unexpected key {key} in {item:?}");
        }
        for key in ["uai", "nom", "type", "departement"] {
            assert!(
                item.get(key).is_some_and(|v| !v.is_empty()),
                "{key} missing in {item:?}"
            );
        }
    }
    assert!(
        items.windows(2).all(|w| w[0]["uai"] < w[1]["uai"]),
        "sorted by UAI, no duplicates"
    );
    items
}

fn by_uai(items: &[Row], uai: &str) -> Row {
    items
        .iter()
        .find(|i| i["uai"] == uai)
        .unwrap_or_else(|| panic!("{uai} not imported"))
        .clone()
}

/// Rows of a CSV file as maps, read independently of the importer.
fn rows(name: &str, delimiter: u8) -> Vec<Row> {
    let text = String::from_utf8(data(name)).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Number of distinct UAIs among the rows of the ministry export that satisfy `f`.
fn distinct(src: &[Row], f: impl Fn(&Row) -> bool) -> usize {
    src.iter()
        .filter(|r| f(r))
        .map(|r| &r["Identifiant_de_l_etablissement"])
        .collect::<BTreeSet<_>>()
        .len()
}

#[test]
fn occitanie_export_72_columns() {
    let src = rows(OCCITANIE, b';');
    assert_eq!(src.len(), 76);
    let out = run(OCCITANIE, &all());
    let items = parse(&out);
    // The export lists three UAIs twice (a cité scolaire, two annexes): the first row is kept.
    let mut seen = BTreeSet::new();
    let dups: Vec<&str> = src
        .iter()
        .map(|r| r["Identifiant_de_l_etablissement"].as_str())
        .filter(|u| !seen.insert(*u))
        .collect();
    assert_eq!(dups.len(), 3);
    assert_eq!(out.skipped.len(), dups.len(), "{:?}", out.skipped);
    for (note, uai) in out.skipped.iter().zip(&dups) {
        assert!(note.contains(uai) && note.contains("UAI en double"), "{note}");
    }
    assert!(out.skipped[0].starts_with("ligne 66 : 0342266D"), "{}", out.skipped[0]);
    assert_eq!(out.count, src.len() - out.skipped.len());
    assert_eq!(by_uai(&items, "0311631E")["nom"], "Collège Michelet");
    // Empty types: imported as `autre`, with a note.
    let empty_types = src.iter().filter(|r| r["Type_etablissement"].is_empty()).count();
    assert_eq!(empty_types, 5);
    assert_eq!(
        out.notes.iter().filter(|n| n.contains("type vide")).count(),
        empty_types
    );
    assert_eq!(by_uai(&items, "0121445F")["type"], "autre");
    // Département "081" → "81", address assembled, quotes kept.
    let r = by_uai(&items, "0811008F");
    assert_eq!(r["nom"], "I.M.E. SAINT-JEAN \"L'ECHAPPEE VERTE\" ALBI");
    assert_eq!(r["departement"], "81");
    assert_eq!(r["code_commune"], "81004");
    assert_eq!(r["adresse"], "78 AVENUE DE LOIRAT, 81000 ALBI");
    assert!(
        items.iter().all(|i| i["departement"].len() == 2),
        "no 031-style codes left"
    );
    let r = by_uai(&items, "0311631E");
    assert_eq!(r["site_web"], "http://michelet.ecollege.haute-garonne.fr/");
    // Without a distribution line: postcode + commune. A repeated street line is written once.
    let adresses: Vec<&String> = items.iter().filter_map(|i| i.get("adresse")).collect();
    assert!(
        adresses
            .iter()
            .any(|a| *a == "16 rue du Bugatet, BP 161, 31800 Saint-Gaudens")
    );
    assert_eq!(
        by_uai(&items, "0090073F")["adresse"],
        "LE VILLAGE, 09130 VILLENEUVE DU LATOU"
    );
}

#[test]
fn occitanie_filters_and_types() {
    let src = rows(OCCITANIE, b';');
    let count = |dep: &str, ty: &str| distinct(&src, |r| r["Code_departement"] == dep && r["Type_etablissement"] == ty);
    // "31" and "031" are the same département.
    for dep in ["31", "031"] {
        assert_eq!(
            run(OCCITANIE, &filters(&[], &[dep], &["college"])).count,
            count("031", "Collège")
        );
    }
    // Several values of one filter: OR.
    let out = run(OCCITANIE, &filters(&[], &["31", "34"], &["ecole", "college"]));
    let expected: usize = ["031", "034"]
        .iter()
        .map(|d| count(d, "Ecole") + count(d, "Collège"))
        .sum();
    assert_eq!(out.count, expected);
    assert!(
        parse(&out)
            .iter()
            .all(|i| i["type"] == "ecole" || i["type"] == "college")
    );
    // Académie 16 = Toulouse, 11 = Montpellier; different filters: AND.
    let toulouse = distinct(&src, |r| r["Code_academie"] == "16");
    assert_eq!(run(OCCITANIE, &filters(&["16"], &[], &[])).count, toulouse);
    assert_eq!(
        run(OCCITANIE, &filters(&["16", "11"], &[], &[])).count,
        distinct(&src, |_| true)
    );
    assert_eq!(run(OCCITANIE, &filters(&["16"], &["34"], &[])).count, 0);
    // Agricultural lycées, flagged by the export; `lycee` includes them.
    let agri = distinct(&src, |r| {
        r["Type_etablissement"] == "Lycée" && (r["Lycee_Agricole"] == "1" || r["ministere_tutelle"] == "AGRICULTURE")
    });
    assert_eq!(agri, 6);
    let out = run(OCCITANIE, &filters(&[], &[], &["lycee_agricole"]));
    assert_eq!(out.count, agri);
    assert!(parse(&out).iter().all(|i| i["type"] == "lycee_agricole"));
    let lycees = distinct(&src, |r| r["Type_etablissement"] == "Lycée");
    assert_eq!(run(OCCITANIE, &filters(&[], &[], &["lycee"])).count, lycees);
    let erea = distinct(&src, |r| r["Type_etablissement"] == "EREA");
    assert_eq!(erea, 5);
    assert_eq!(run(OCCITANIE, &filters(&[], &[], &["EREA"])).count, erea);
    // Empty types are left out by a --type filter, with a note, unless it asks for `autre`.
    let out = run(OCCITANIE, &filters(&[], &[], &["ecole"]));
    let empty: Vec<&String> = out.skipped.iter().filter(|n| n.contains("type vide")).collect();
    assert_eq!(empty.len(), 5);
    let out = run(OCCITANIE, &filters(&[], &[], &["autre", "ecole"]));
    assert!(out.skipped.iter().all(|n| !n.contains("type vide")));
    assert_eq!(out.notes.iter().filter(|n| n.contains("type vide")).count(), 5);
}

#[test]
fn val_de_marne_export_71_columns_crlf() {
    let bytes = data(VAL_DE_MARNE);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF") && bytes.windows(2).any(|w| w == b"\r\n"));
    let data_rows = bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count() - 1;
    assert_eq!(data_rows, 24);
    for f in [
        all(),
        filters(&["24"], &["94"], &["ecole"]),
        filters(&[], &["094"], &["école"]),
    ] {
        let out = import(&bytes, &f).unwrap();
        assert_eq!(out.count, data_rows - out.skipped.len());
        assert_eq!(out.count, 24);
    }
    let items = parse(&import(&bytes, &all()).unwrap());
    assert!(items.iter().all(|i| i["type"] == "ecole" && i["departement"] == "94"));
    assert!(items.iter().flat_map(|i| i.values()).all(|v| !v.contains('\r')));
    assert_eq!(
        by_uai(&items, "0940209S")["commune"],
        "L'Haÿ-les-Roses",
        "mixed case is kept"
    );
    assert_eq!(import(&bytes, &filters(&[], &["31"], &[])).unwrap().count, 0);
    // Line numbers in notes are right with CRLF: break the UAI of line 11.
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<String> = text.split("\r\n").map(String::from).collect();
    let uai = lines[10][..8].to_string();
    lines[10].replace_range(..8, "0000000Z");
    let out = import(lines.join("\r\n").as_bytes(), &all()).unwrap();
    assert_eq!(
        out.skipped,
        ["ligne 11 : UAI « 0000000Z » invalide (7 chiffres et la lettre de contrôle), ignoré"]
    );
    assert!(!out.yaml.contains(&uai));
}

#[test]
fn line_endings_bom_and_row_order_do_not_matter() {
    let lf = data(OCCITANIE);
    let reference = import(&lf, &all()).unwrap();
    let crlf: Vec<u8> = lf
        .iter()
        .flat_map(|&b| if b == b'\n' { vec![b'\r', b'\n'] } else { vec![b] })
        .collect();
    let out = import(&crlf, &all()).unwrap();
    assert!(out.yaml == reference.yaml, "CRLF changes the output");
    assert_eq!(out.skipped, reference.skipped, "CRLF changes the line numbers");
    let no_bom = lf.strip_prefix(b"\xEF\xBB\xBF").unwrap();
    assert!(
        import(no_bom, &all()).unwrap().yaml == reference.yaml,
        "the BOM changes the output"
    );
    // Rows reversed (a file with no duplicate UAI): same output, sorted by UAI.
    let vdm = String::from_utf8(data(VAL_DE_MARNE)).unwrap();
    let mut lines: Vec<&str> = vdm.lines().collect();
    lines[1..].reverse();
    let reversed = import(lines.join("\n").as_bytes(), &all()).unwrap().yaml;
    assert!(
        reversed == import(vdm.as_bytes(), &all()).unwrap().yaml,
        "row order matters"
    );
}

#[test]
fn merged_moselle_colleges() {
    let src = rows(MERGED, b',');
    assert_eq!(src.len(), 65);
    let expected: Vec<&str> = src
        .iter()
        .filter(|r| r["code_departement"] == "57" && r["type"] == "Collège")
        .map(|r| r["uai"].as_str())
        .collect();
    assert_eq!(expected.len(), 6);
    let out = run(MERGED, &filters(&[], &["57"], &["college"]));
    assert!(out.skipped.is_empty(), "{:?}", out.skipped);
    let items = parse(&out);
    let got: Vec<&str> = items.iter().map(|i| i["uai"].as_str()).collect();
    assert_eq!(got, expected);
    assert!(items.iter().all(|i| i["type"] == "college" && i["departement"] == "57"));
    assert!(
        items.iter().all(|i| !i.contains_key("adresse")),
        "the merged file has no address"
    );
    assert_eq!(by_uai(&items, "0570055A")["code_commune"], "57463");
    // Académie 12 = Nancy-Metz.
    let nancy = run(MERGED, &filters(&["12"], &[], &["college"]));
    let expected = src
        .iter()
        .filter(|r| r["code_academie"] == "12" && r["type"] == "Collège")
        .count();
    assert_eq!(nancy.count, expected);
    assert!(nancy.count > out.count);
    // "1" is académie "01" (Paris).
    let paris = src.iter().filter(|r| r["code_academie"] == "01").count();
    assert!(paris > 0);
    assert_eq!(run(MERGED, &filters(&["1"], &[], &[])).count, paris);
}

#[test]
fn merged_whole_file() {
    let src = rows(MERGED, b',');
    let out = run(MERGED, &all());
    let items = parse(&out);
    // Two collèges « A OUVRIR » have no name yet: skipped, with a note each.
    let unnamed: Vec<&str> = src
        .iter()
        .filter(|r| r["nom"].is_empty())
        .map(|r| r["uai"].as_str())
        .collect();
    assert_eq!(unnamed, ["0741833R", "0741835T"]);
    assert_eq!(out.skipped.len(), unnamed.len(), "{:?}", out.skipped);
    for (note, uai) in out.skipped.iter().zip(&unnamed) {
        assert!(note.ends_with(&format!("{uai} : nom vide, ignoré")), "{note}");
    }
    assert_eq!(out.count, src.len() - out.skipped.len());
    assert!(
        !out.yaml.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)),
        "no C1 character"
    );
    // Names with double quotes survive the round trip.
    let quoted: Vec<&Row> = src.iter().filter(|r| r["nom"].contains('"')).collect();
    assert!(quoted.len() >= 5);
    for r in quoted {
        assert_eq!(by_uai(&items, &r["uai"])["nom"], r["nom"]);
    }
    // Empty types: `autre`, noted.
    let empty: Vec<&Row> = src.iter().filter(|r| r["type"].is_empty()).collect();
    assert_eq!(empty.len(), 6);
    assert_eq!(
        out.notes.iter().filter(|n| n.contains("type vide")).count(),
        empty.len()
    );
    assert!(empty.iter().all(|r| by_uai(&items, &r["uai"])["type"] == "autre"));
    // Every site_web is an http(s) URL; bare domains got https://.
    let webs: Vec<&String> = items.iter().filter_map(|i| i.get("site_web")).collect();
    assert!(
        webs.iter()
            .all(|w| w.starts_with("https://") || w.starts_with("http://"))
    );
    let bare = src.iter().find(|r| r["web"] == "www.lgtbellevue.com").unwrap();
    assert_eq!(by_uai(&items, &bare["uai"])["site_web"], "https://www.lgtbellevue.com");
    // Corsica and overseas codes are kept as INSEE writes them; the filter ignores case.
    let mut total = 0;
    for dep in ["2A", "2B", "971", "976", "988"] {
        let n = src.iter().filter(|r| r["code_departement"] == dep).count();
        assert!(n > 0);
        assert_eq!(items.iter().filter(|i| i["departement"] == dep).count(), n, "{dep}");
        total += n;
    }
    let out = run(MERGED, &filters(&[], &["2a", "2B", "971", "976", "988"], &[]));
    assert_eq!(out.count, total);
}

#[test]
fn merged_mojibake_is_repaired() {
    let raw = String::from_utf8(data(MERGED)).unwrap();
    assert!(raw.contains("SACRE C\u{9c}UR"), "the defect is in the source");
    let out = run(MERGED, &filters(&[], &["72"], &["ecole"]));
    let r = by_uai(&parse(&out), "0721154N");
    assert_eq!(r["nom"], "ECOLE PRIMAIRE PRIVEE SACRE CŒUR SAINT JACQUES");
    assert!(!out.yaml.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)));
}

#[test]
fn merged_upper_case_communes_are_title_cased() {
    let src = rows(MERGED, b',');
    let upper = src.iter().find(|r| r["commune"] == "SAINT MARTIN DE BAVEL").unwrap();
    let items = parse(&run(MERGED, &filters(&[], &[&upper["code_departement"]], &[])));
    assert_eq!(by_uai(&items, &upper["uai"])["commune"], "Saint Martin de Bavel");
    let les = src.iter().find(|r| r["commune"] == "LES NEYROLLES").unwrap();
    assert_eq!(by_uai(&items, &les["uai"])["commune"], "Les Neyrolles");
    assert!(items.iter().all(|i| i["commune"].chars().any(char::is_lowercase)));
}

/// A small merged-format file; the letter of each UAI is replaced by its check letter.
fn synthetic(lines: &[&str]) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ";
    let mut s = MERGED_HEADER.to_string();
    for l in lines {
        let n: u32 = l[..7].parse().unwrap();
        s += &format!("{}{}{}\n", &l[..7], LETTERS[(n % 23) as usize] as char, &l[8..]);
    }
    s
}

#[test]
fn communes_title_case_rules() {
    let input = synthetic(&[
        "0760001?,Ecole A,Ecole,,Public,,,76575,SAINT-ETIENNE-DU-ROUVRAY,76,,70,,,,,,,,,",
        "0940002?,Ecole B,Ecole,,Public,,,94038,L'HAY-LES-ROSES,94,,24,,,,,,,,,",
        "0590003?,Ecole C,Ecole,,Public,,,59009,VILLENEUVE D'ASCQ,59,,09,,,,,,,,,",
        "0570004?,Ecole D,Ecole,,Public,,,57463,Metz,57,,12,,,,,,,,,",
        "0130005?,Ecole E,Ecole,,Public,,,13055,MARSEILLE 15E  ARRONDISSEMENT,13,,02,,,,,,,,,",
    ]);
    let items = parse(&import(input.as_bytes(), &all()).unwrap());
    let communes: Vec<&str> = items.iter().map(|i| i["commune"].as_str()).collect();
    assert_eq!(
        communes,
        [
            "Marseille 15e Arrondissement",
            "Metz",
            "Villeneuve d'Ascq",
            "Saint-Etienne-du-Rouvray",
            "L'Hay-les-Roses"
        ]
    );
}

#[test]
fn defective_rows_are_skipped_with_a_note() {
    let mut input = synthetic(&[
        "0570001?,Collège bon,Collège,COLLEGE,Public,,,57463,Metz,57,,12,,,,,site.example.fr/x?y=1,,,,",
        "0570002?,Ecole sans commune,Ecole,,Public,,,,,57,,12,,,,,,,,,",
        "0570003?,\"Nom \\ \"\"cité\"\"\t  x \",Lycée,LYCEE ENS GENERAL TECHNO PROF AGRICOLE,Public,,,57463,Metz,057,,12,,,,,javascript:alert(1),,,,",
        "0570004?,Doublon,Collège,,Public,,,57463,Metz,57,,12,,,,,HTTP://www.ok.fr,,,,",
        "0570004?,Doublon 2,Collège,,Public,,,57463,Metz,57,,12,,,,,,,,,",
        "0570005?,Sans département,EREA,,Public,,,,,,,12,,,,,,,,,",
        "0570006?,,Collège,,Public,,,57463,Metz,57,,12,,,,,,,,,",
    ]);
    input += "0570001B,UAI faux,Collège,,Public,,,57463,Metz,57,,12,,,,,,,,,\n";
    input += "123,UAI court,Collège,,Public,,,57463,Metz,57,,12,,,,,,,,,\n";
    let out = import(input.as_bytes(), &all()).unwrap();
    let items = parse(&out);
    let uais: Vec<&str> = items.iter().map(|i| &i["uai"][..7]).collect();
    assert_eq!(uais, ["0570001", "0570003", "0570004"]);
    let expected = [
        "ligne 3 : 0570002T : école sans code commune INSEE (requis), ignorée",
        "ligne 6 : 0570004V : UAI en double, seule la première ligne est gardée",
        "ligne 7 : 0570005W : département inconnu, ignoré",
        "ligne 8 : 0570006X : nom vide, ignoré",
        "ligne 9 : UAI « 0570001B » invalide (7 chiffres et la lettre de contrôle), ignoré",
        "ligne 10 : UAI « 123 » invalide (7 chiffres et la lettre de contrôle), ignoré",
    ];
    assert_eq!(out.skipped, expected);
    assert_eq!(items[0]["site_web"], "https://site.example.fr/x?y=1");
    assert_eq!(
        items[1]["nom"], "Nom \\ \"cité\" x",
        "white space collapsed, reparsed exactly"
    );
    assert!(out.yaml.contains(r#"nom: "Nom \\ \"cité\" x""#), "{}", out.yaml);
    assert_eq!(items[1]["type"], "lycee_agricole");
    assert_eq!(items[1]["departement"], "57");
    assert!(!items[1].contains_key("site_web"));
    assert!(out.notes.iter().any(|n| n.contains("« javascript:alert(1) » invalide")));
    assert_eq!(items[2]["site_web"], "http://www.ok.fr");
    assert_eq!(items[2]["nom"], "Doublon");
}

#[test]
fn windows_1252_input_is_decoded() {
    let input = synthetic(&["0570001?,Collège Sacré-Cœur,Collège,,Public,,,57463,Metz,57,,12,,,,,,,,,"]);
    // windows-1252: è = 0xE8, é = 0xE9, œ = 0x9C.
    let bytes: Vec<u8> = input
        .chars()
        .map(|c| {
            if c == 'œ' {
                0x9C
            } else {
                u8::try_from(c as u32).unwrap()
            }
        })
        .collect();
    assert!(std::str::from_utf8(&bytes).is_err());
    let items = parse(&import(&bytes, &all()).unwrap());
    assert_eq!(items[0]["nom"], "Collège Sacré-Cœur");
    assert_eq!(items[0]["type"], "college");
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    assert_eq!(import(b"", &all()).unwrap_err(), ImportError::Empty);
    assert_eq!(import(b"\xEF\xBB\xBF\n", &all()).unwrap_err(), ImportError::Empty);
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let inputs: [&[u8]; 4] = [&garbage, b"\x00\x01\x02;;;\n1;2;3\n", b"nom,uai\nx,y\n", b"%PDF-1.4\n"];
    for input in inputs {
        let e = import(input, &all()).unwrap_err();
        assert!(matches!(e, ImportError::UnknownHeader { line: 1, .. }), "{e:?}");
        assert!(e.to_string().starts_with("ligne 1 : en-tête inconnu"), "{e}");
    }
    // The export with a column renamed: named in the error.
    let occ = String::from_utf8(data(OCCITANIE))
        .unwrap()
        .replacen("Code_commune", "Commune", 1);
    let e = import(occ.as_bytes(), &all()).unwrap_err();
    assert_eq!(
        e,
        ImportError::MissingColumn {
            line: 1,
            column: "Code_commune"
        }
    );
    assert_eq!(e.to_string(), "ligne 1 : colonne « Code_commune » absente de l'en-tête");
    // A truncated row: its line number.
    let vdm = String::from_utf8(data(VAL_DE_MARNE)).unwrap();
    let mut lines: Vec<String> = vdm.split("\r\n").map(String::from).collect();
    lines[10] = lines[10].split(';').take(20).collect::<Vec<_>>().join(";");
    let e = import(lines.join("\r\n").as_bytes(), &all()).unwrap_err();
    assert_eq!(
        e,
        ImportError::BadRow {
            line: 11,
            message: "20 champs au lieu de 71".into()
        }
    );
    assert_eq!(e.to_string(), "ligne 11 : ligne illisible (20 champs au lieu de 71)");
    // An unknown filter value.
    let e = import(&data(VAL_DE_MARNE), &filters(&[], &[], &["universite"])).unwrap_err();
    assert_eq!(
        e,
        ImportError::BadFilter {
            filter: "type",
            value: "universite".into(),
            suggestion: None,
        }
    );
    assert!(e.to_string().contains("ecole, college, lycee"));
    // Header only: nothing to import, still a valid document.
    let out = import(MERGED_HEADER.as_bytes(), &all()).unwrap();
    assert_eq!((out.count, parse(&out).len()), (0, 0));
}

/// Issue 11: the annuaire's statut column becomes `statut`; 4 of the 16 collèges of the Ain
/// copied are private (17 of 69 in the whole Ain), and none may be imported as public.
#[test]
fn statut_public_or_prive_is_imported() {
    let src = rows(MERGED, b',');
    let ain: Vec<&Row> = src
        .iter()
        .filter(|r| r["code_departement"] == "01" && r["type"] == "Collège")
        .collect();
    let prive = ain.iter().filter(|r| r["statut"].starts_with("Priv")).count();
    assert_eq!((ain.len(), prive), (16, 4));
    let items = parse(&run(MERGED, &filters(&[], &["01"], &["college"])));
    for r in &ain {
        let want = if r["statut"].starts_with("Priv") {
            "prive"
        } else {
            "public"
        };
        assert_eq!(by_uai(&items, &r["uai"])["statut"], want, "{}", r["uai"]);
    }
    // The raw ministry export names the column Statut_public_prive.
    let raw = parse(&run(OCCITANIE, &all()));
    assert!(raw.iter().any(|i| i.get("statut").is_some_and(|s| s == "prive")));
    assert!(raw.iter().any(|i| i.get("statut").is_some_and(|s| s == "public")));
}

/// Issue 14: académie and département by name, accents and case ignored; a name that
/// matches nothing is an error with a suggestion.
#[test]
fn filters_by_name() {
    let src = rows(MERGED, b',');
    let ain = src.iter().filter(|r| r["code_departement"] == "01").count();
    assert!(ain > 10);
    for name in ["Ain", "ain", "AIN", " Ain "] {
        assert_eq!(run(MERGED, &filters(&[], &[name], &[])).count, ain, "{name}");
    }
    let lyon = src.iter().filter(|r| r["code_academie"] == "10").count();
    for name in ["Lyon", "lyon", "Académie de Lyon", "10"] {
        assert_eq!(run(MERGED, &filters(&[name], &[], &[])).count, lyon, "{name}");
    }
    // Raw export: Toulouse (16) and Hérault (34), accents or not.
    let occ = rows(OCCITANIE, b';');
    let herault = distinct(&occ, |r| r["Code_departement"] == "034");
    for name in ["Hérault", "herault", "HERAULT"] {
        assert_eq!(run(OCCITANIE, &filters(&[], &[name], &[])).count, herault, "{name}");
    }
    let toulouse = distinct(&occ, |r| r["Code_academie"] == "16");
    assert_eq!(run(OCCITANIE, &filters(&["toulouse"], &[], &[])).count, toulouse);
    assert_eq!(
        run(
            OCCITANIE,
            &filters(&["Toulouse", "Montpellier"], &["Haute-Garonne", "34"], &[])
        )
        .count,
        distinct(&occ, |r| ["031", "034"].contains(&r["Code_departement"].as_str()))
    );
    // Unknown names: an error naming the closest one.
    let e = import(&data(MERGED), &filters(&["Lyonn"], &[], &[])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "valeur « Lyonn » invalide pour --academie : ni le code ni le nom d'une académie ; vouliez-vous dire « Lyon » ?"
    );
    let e = import(&data(MERGED), &filters(&[], &["Mozelle"], &[])).unwrap_err();
    assert!(e.to_string().ends_with("vouliez-vous dire « Moselle » ?"), "{e}");
    let e = import(&data(MERGED), &filters(&[], &["99"], &[])).unwrap_err();
    assert!(e.to_string().contains("ni le code ni le nom d'un département"), "{e}");
    let e = import(&data(MERGED), &filters(&[], &[], &["colege"])).unwrap_err();
    assert!(e.to_string().ends_with("vouliez-vous dire « college » ?"), "{e}");
}

/// From the command line: a filter that matches nothing exits 1 and writes no YAML.
#[test]
fn cli_filter_matching_nothing_exits_1() {
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(OCCITANIE);
    let run_cli = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("ent-rgpd")
            .unwrap()
            .arg("import")
            .arg(&csv)
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    // Toulouse and Hérault: both exist, but not together.
    let (code, stdout, stderr) = run_cli(&["--academie", "Toulouse", "--departement", "Hérault"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("aucun établissement ne correspond à --academie Toulouse --departement Hérault"),
        "{stderr}"
    );
    let (code, _, stderr) = run_cli(&["--departement", "Gironde"]);
    assert_eq!(code, Some(1), "{stderr}");
    let (code, _, stderr) = run_cli(&["--academie", "Tolouse"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("vouliez-vous dire « Toulouse » ?"), "{stderr}");
    let (code, stdout, stderr) = run_cli(&["--departement", "haute garonne", "--type", "Collège"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("etablissements:"), "{stdout}");
}
