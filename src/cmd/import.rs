//! `ent-rgpd import`: ministry annuaire CSV → `etablissements:` YAML.
//!
//! Two input formats, told apart by their header:
//! - the ministry export `fr-en-annuaire-education` (`;`, UTF-8 with BOM, LF or CRLF,
//!   71 or 72 columns, columns found by name);
//! - the merged `annuaire-education.csv` (`,`, header `uai,nom,type,...`).
//!
//! Known defects of the real data are repaired, not copied: C1 control characters left by a
//! windows-1252 mis-decoding, upper-case commune names, `031`-style département codes, bare
//! domains as web sites. Rows that cannot make a valid roster entry are skipped with a note.

use super::territoires;
use std::collections::BTreeMap;
use std::fmt;

/// Row filters. Several values of one filter: OR; different filters: AND; empty: no filter.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Académies by ministry code, e.g. "12" (also "012" or "1" for "01"), or by name
    /// ("Nancy-Metz", "nancy metz"; accents and case do not matter).
    pub academies: Vec<String>,
    /// Départements by code, INSEE style or as the ministry writes them ("31", "031", "2A",
    /// "971"), or by name ("Haute-Garonne", "cotes d'armor").
    pub departements: Vec<String>,
    /// Roster types: ecole, college, lycee (includes lycee_agricole), lycee_agricole, erea, autre.
    pub types: Vec<String>,
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// `etablissements:` YAML, sorted by UAI.
    pub yaml: String,
    /// Number of establishments in `yaml`.
    pub count: usize,
    /// French notes on rows that were left out, and why.
    pub skipped: Vec<String>,
    /// French notes on rows that were imported with a correction (empty type, invalid web site).
    pub notes: Vec<String>,
}

/// Why an input cannot be imported at all (exit code 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The input has no header line.
    Empty,
    /// The header is neither the ministry export nor the merged annuaire.
    UnknownHeader { line: u64, found: String },
    /// A column the import needs is absent from the header.
    MissingColumn { line: u64, column: &'static str },
    /// A row cannot be read (wrong number of fields, broken quoting).
    BadRow { line: u64, message: String },
    /// A filter value is not understood (with the closest known value, if any).
    BadFilter {
        filter: &'static str,
        value: String,
        suggestion: Option<String>,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => write!(f, "fichier vide : aucune ligne d'en-tête"),
            ImportError::UnknownHeader { line, found } => write!(
                f,
                "ligne {line} : en-tête inconnu « {found} » ; attendu l'export de l'annuaire de \
                 l'éducation (Identifiant_de_l_etablissement;…) ou annuaire-education.csv (uai,nom,type,…)"
            ),
            ImportError::MissingColumn { line, column } => {
                write!(f, "ligne {line} : colonne « {column} » absente de l'en-tête")
            }
            ImportError::BadRow { line, message } => {
                write!(f, "ligne {line} : ligne illisible ({message})")
            }
            ImportError::BadFilter {
                filter,
                value,
                suggestion,
            } => {
                write!(f, "valeur « {value} » invalide pour --{filter}")?;
                match *filter {
                    "type" => write!(f, " (attendu : {})", TYPES.join(", "))?,
                    "academie" => write!(f, " : ni le code ni le nom d'une académie")?,
                    _ => write!(f, " : ni le code ni le nom d'un département")?,
                }
                match suggestion {
                    Some(s) => write!(f, " ; vouliez-vous dire « {s} » ?"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// Column names of the two formats, in the order of [`Col`]; those from `Nature` on are optional.
const RAW_COLS: [&str; 13] = [
    "Identifiant_de_l_etablissement",
    "Nom_etablissement",
    "Type_etablissement",
    "Code_commune",
    "Nom_commune",
    "Code_departement",
    "Code_academie",
    "libelle_nature",
    "Web",
    "Adresse_1",
    "Adresse_2",
    "Adresse_3",
    "Code_postal",
];
const MERGED_COLS: [&str; 9] = [
    "uai",
    "nom",
    "type",
    "code_commune",
    "commune",
    "code_departement",
    "code_academie",
    "nature",
    "web",
];
/// Optional columns of the ministry export that mark an agricultural lycée.
const RAW_AGRI: [&str; 2] = ["Lycee_Agricole", "ministere_tutelle"];

#[derive(Clone, Copy)]
enum Col {
    Uai,
    Nom,
    Type,
    CodeCommune,
    Commune,
    Departement,
    Academie,
    // Optional from here on.
    Nature,
    Web,
    Adr1,
    Adr2,
    Adr3,
    CodePostal,
}

/// One establishment, ready to be written.
struct Etab {
    nom: String,
    kind: &'static str,
    /// `public`, `prive`, or `None` when the annuaire leaves it empty.
    statut: Option<&'static str>,
    commune: String,
    code_commune: String,
    departement: String,
    adresse: Option<String>,
    site_web: Option<String>,
}

pub fn import(data: &[u8], filters: &Filters) -> Result<Imported, ImportError> {
    let text = decode(data);
    let resolve = |filter: &'static str, values: &[String], by: fn(&str) -> Result<String, territoires::Unknown>| {
        values
            .iter()
            .map(|v| {
                by(v).map_err(|unknown| ImportError::BadFilter {
                    filter,
                    value: v.clone(),
                    suggestion: unknown.suggestion,
                })
            })
            .collect::<Result<Vec<_>, _>>()
    };
    let academies = resolve("academie", &filters.academies, territoires::academie)?;
    let departements = resolve("departement", &filters.departements, territoires::departement)?;
    let types = filters
        .types
        .iter()
        .map(|t| {
            norm_type_filter(t).ok_or_else(|| ImportError::BadFilter {
                filter: "type",
                value: t.clone(),
                suggestion: crate::diagnostic::nearest(&fold(t), TYPES.iter().copied()).map(String::from),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let first = text
        .lines()
        .next()
        .filter(|l| !l.trim().is_empty())
        .ok_or(ImportError::Empty)?;
    let raw = first.contains("Identifiant_de_l_etablissement");
    if !raw && !first.to_ascii_lowercase().starts_with("uai,") {
        let found: String = first.chars().take(80).collect();
        return Err(ImportError::UnknownHeader { line: 1, found });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if raw { b';' } else { b',' })
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| bad_row(1, &e))?.clone();
    let find = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let names: &[&'static str] = if raw { &RAW_COLS } else { &MERGED_COLS };
    let mut idx = Vec::with_capacity(names.len());
    for &column in names {
        match find(column) {
            Some(i) => idx.push(Some(i)),
            None if idx.len() >= Col::Nature as usize => idx.push(None),
            None => return Err(ImportError::MissingColumn { line: 1, column }),
        }
    }
    // Public or private (`Statut_public_prive` / `statut`): a private school is never an EPLE.
    let statut_col = find(if raw { "Statut_public_prive" } else { "statut" });
    let agri: Vec<usize> = if raw {
        RAW_AGRI.iter().filter_map(|c| find(c)).collect()
    } else {
        vec![]
    };

    let mut out: BTreeMap<String, Etab> = BTreeMap::new();
    let (mut skipped, mut notes) = (Vec::new(), Vec::new());
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(bad_row(e.position().map_or(0, |p| p.line()), &e)),
        }
        let line = record.position().map_or(0, |p| p.line());
        let get = |c: Col| {
            idx.get(c as usize)
                .copied()
                .flatten()
                .and_then(|i| record.get(i))
                .map(clean)
                .unwrap_or_default()
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }

        // Filters first: rows outside them leave no note.
        let mut code_commune = get(Col::CodeCommune);
        let mut departement = norm_departement(&get(Col::Departement));
        if departement.is_empty() {
            departement = departement_of_commune(&code_commune);
        }
        if !departements.is_empty() && !departements.contains(&departement) {
            continue;
        }
        if !academies.is_empty() && !academies.contains(&norm_academie(&get(Col::Academie))) {
            continue;
        }
        let type_raw = get(Col::Type);
        let kind = match fold(&type_raw).as_str() {
            "ecole" => "ecole",
            "college" => "college",
            "lycee" => {
                let flagged = agri
                    .iter()
                    .filter_map(|&i| record.get(i))
                    .any(|v| v.trim() == "1" || v.contains("AGRICULTURE"));
                let named = fold(&get(Col::Nature)).contains("agricole")
                    || fold(&get(Col::Nom))
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == "agricole");
                if flagged || named { "lycee_agricole" } else { "lycee" }
            }
            "erea" => "erea",
            _ => "autre",
        };
        let wanted = |t: &str| t == kind || (t == "lycee" && kind == "lycee_agricole");
        if !types.is_empty() && !types.iter().any(|t| wanted(t)) {
            if type_raw.is_empty() {
                skipped.push(format!(
                    "ligne {line} : {} : type vide, écarté par le filtre --type",
                    get(Col::Uai)
                ));
            }
            continue;
        }

        // Then the rows that cannot make a valid roster entry.
        let uai = get(Col::Uai);
        if crate::validate::uai::check(&uai).is_err() {
            skipped.push(format!(
                "ligne {line} : UAI « {uai} » invalide (7 chiffres et la lettre de contrôle), ignoré"
            ));
            continue;
        }
        let nom = get(Col::Nom);
        if nom.is_empty() {
            skipped.push(format!("ligne {line} : {uai} : nom vide, ignoré"));
            continue;
        }
        if departement.is_empty() {
            skipped.push(format!("ligne {line} : {uai} : département inconnu, ignoré"));
            continue;
        }
        code_commune.retain(|c| !c.is_whitespace());
        if kind == "ecole" && code_commune.is_empty() {
            skipped.push(format!(
                "ligne {line} : {uai} : école sans code commune INSEE (requis), ignorée"
            ));
            continue;
        }
        if out.contains_key(&uai) {
            skipped.push(format!(
                "ligne {line} : {uai} : UAI en double, seule la première ligne est gardée"
            ));
            continue;
        }
        if type_raw.is_empty() {
            notes.push(format!("ligne {line} : {uai} : type vide, importé comme « autre »"));
        }
        let web = get(Col::Web);
        let site_web = site_web(&web);
        if !web.is_empty() && site_web.is_none() {
            notes.push(format!(
                "ligne {line} : {uai} : site web « {web} » invalide, non repris"
            ));
        }
        let commune = title_case_commune(&get(Col::Commune));
        let statut = match statut_col.and_then(|i| record.get(i)).map(fold).as_deref() {
            Some(s) if s.starts_with("prive") => Some("prive"),
            Some(s) if s.starts_with("public") => Some("public"),
            _ => None,
        };
        let adresse = adresse(
            &[get(Col::Adr1), get(Col::Adr2)],
            &get(Col::Adr3),
            &get(Col::CodePostal),
            &commune,
        );
        out.insert(
            uai,
            Etab {
                nom,
                kind,
                statut,
                commune,
                code_commune,
                departement,
                adresse,
                site_web,
            },
        );
    }

    let mut yaml = String::with_capacity(out.len() * 200 + 16);
    yaml.push_str("etablissements:\n");
    for (uai, e) in &out {
        let mut field = |key: &str, value: &str| {
            yaml.push_str(if key == "uai" { "  - " } else { "    " });
            yaml.push_str(key);
            yaml.push_str(": ");
            yaml_quote(&mut yaml, value);
            yaml.push('\n');
        };
        field("uai", uai);
        field("nom", &e.nom);
        field("type", e.kind);
        if let Some(st) = e.statut {
            field("statut", st);
        }
        if !e.commune.is_empty() {
            field("commune", &e.commune);
        }
        if !e.code_commune.is_empty() {
            field("code_commune", &e.code_commune);
        }
        field("departement", &e.departement);
        if let Some(a) = &e.adresse {
            field("adresse", a);
        }
        if let Some(w) = &e.site_web {
            field("site_web", w);
        }
    }
    if out.is_empty() {
        yaml = "etablissements: []\n".into();
    }
    Ok(Imported {
        yaml,
        count: out.len(),
        skipped,
        notes,
    })
}

fn bad_row(line: u64, e: &csv::Error) -> ImportError {
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("{len} champs au lieu de {expected_len}")
        }
        _ => e.to_string(),
    };
    ImportError::BadRow { line, message }
}

/// Bytes → text: BOM removed, CRLF → LF (the csv crate miscounts lines after a CR);
/// UTF-8, or windows-1252 when the bytes are not UTF-8.
fn decode(data: &[u8]) -> String {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let is_c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    let text = match std::str::from_utf8(data) {
        Ok(s) if !s.contains(is_c1) => s.to_string(),
        Ok(s) => fix_c1(&s.chars().collect::<Vec<_>>()),
        Err(_) => fix_c1(&data.iter().map(|&b| char::from(b)).collect::<Vec<_>>()),
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

/// C1 control characters (U+0080–U+009F, a windows-1252 byte read as Latin-1) become their
/// windows-1252 character, upper-cased between capitals (`SACRE C\u{9c}UR` → `SACRE CŒUR`).
fn fix_c1(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        if !('\u{80}'..='\u{9f}').contains(&c) {
            out.push(c);
            continue;
        }
        let Some(fixed) = CP1252_C1[c as usize - 0x80] else {
            continue;
        };
        let upper = |j: Option<&char>| j.is_some_and(|c| c.is_uppercase());
        let after = chars.get(i + 1);
        if fixed.is_lowercase()
            && upper(i.checked_sub(1).and_then(|j| chars.get(j)))
            && (upper(after) || !after.is_some_and(|c| c.is_alphabetic()))
        {
            out.extend(fixed.to_uppercase());
        } else {
            out.push(fixed);
        }
    }
    out
}

/// windows-1252 bytes 0x80–0x9F (None: undefined in windows-1252).
const CP1252_C1: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// Trimmed, runs of white space (and stray control characters) collapsed to one space.
fn clean(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower case without French accents, for comparisons.
fn fold(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c,
        })
        .collect()
}

/// The values of `--type`.
const TYPES: [&str; 6] = ["ecole", "college", "lycee", "lycee_agricole", "erea", "autre"];

fn norm_type_filter(t: &str) -> Option<String> {
    let t = fold(t).replace(['-', ' '], "_");
    TYPES.contains(&t.as_str()).then_some(t)
}

/// INSEE style: "031" → "31", "02A" → "2A", "1" → "01", "971" stays.
fn norm_departement(d: &str) -> String {
    let d = d.trim().to_ascii_uppercase();
    match d.len() {
        1 if d.as_bytes()[0].is_ascii_digit() => format!("0{d}"),
        3 if d.starts_with('0') => d[1..].to_string(),
        _ => d,
    }
}

/// "1", "01" and "001" are the same académie code "01".
fn norm_academie(a: &str) -> String {
    let a = a.trim();
    match a.parse::<u32>() {
        Ok(n) => format!("{n:02}"),
        Err(_) => a.to_ascii_uppercase(),
    }
}

/// The département of an INSEE commune code: "31555" → "31", "97209" → "972", "2A004" → "2A".
fn departement_of_commune(code: &str) -> String {
    let code = code.trim();
    let n = if code.starts_with("97") || code.starts_with("98") {
        3
    } else {
        2
    };
    if code.len() == 5 {
        code[..n].to_string()
    } else {
        String::new()
    }
}

/// An http(s) URL, `https://` added to a bare domain; None when it is not a web address.
fn site_web(web: &str) -> Option<String> {
    let lower = web.to_ascii_lowercase();
    let (url, rest) = if lower.starts_with("https://") || lower.starts_with("http://") {
        let n = web.find("//")? + 2;
        (format!("{}{}", &lower[..n], &web[n..]), &web[n..])
    } else {
        (format!("https://{web}"), web)
    };
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host
        .rsplit_once(':')
        .filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(h, _)| h);
    let labels: Vec<&str> = host.split('.').collect();
    let ok = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
        && !rest.contains(|c: char| c.is_whitespace() || c.is_control() || "\"<>\\`{}|^".contains(c));
    ok.then_some(url)
}

/// Commune names written all in capitals are title-cased, French style:
/// `SAINT-ETIENNE-DU-ROUVRAY` → `Saint-Etienne-du-Rouvray`, `L'HAY-LES-ROSES` → `L'Hay-les-Roses`.
/// Names that already have lower case letters are kept.
fn title_case_commune(name: &str) -> String {
    const SMALL: [&str; 16] = [
        "du", "de", "la", "le", "les", "lès", "des", "en", "sur", "sous", "aux", "au", "et", "d", "l", "à",
    ];
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len());
    let mut word = String::new();
    let mut first = true;
    let mut flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        let lower = word.to_lowercase();
        if !first && SMALL.contains(&lower.as_str()) {
            out.push_str(&lower);
        } else {
            let mut cs = lower.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        }
        first = false;
        word.clear();
    };
    for c in name.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// "16 rue du Bugatet, BP 161, 31800 Saint-Gaudens"; None without a street line.
fn adresse(lines: &[String], distribution: &str, code_postal: &str, commune: &str) -> Option<String> {
    let mut parts: Vec<&str> = lines.iter().map(String::as_str).filter(|l| !l.is_empty()).collect();
    parts.dedup_by(|a, b| a.eq_ignore_ascii_case(b)); // "LE VILLAGE, LE VILLAGE"
    if parts.is_empty() {
        return None;
    }
    let town = format!("{code_postal} {commune}");
    parts.push(if distribution.is_empty() {
        town.trim()
    } else {
        distribution
    });
    Some(parts.join(", "))
}

/// A YAML double-quoted scalar: `\`, `"` and every control or line-break character escaped.
fn yaml_quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
