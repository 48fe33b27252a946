//! Read `parties.yaml` and every file it includes, keeping each file's text for diagnostics.

use super::model::*;
use crate::diagnostic::{Diagnostic, Report, Rule, nearest};
use crate::error::{Error, Result};
use rayon::prelude::*;
use serde_saphyr::{Location, Spanned};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One YAML file as read from disk.
#[derive(Debug)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

/// An item together with the file it was written in.
#[derive(Debug)]
pub struct At<T> {
    pub file: usize,
    pub item: T,
}

impl<T> std::ops::Deref for At<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.item
    }
}

/// The whole roster: the main file's `ent:` and every list, across included files.
#[derive(Debug, Default)]
pub struct Roster {
    pub sources: Vec<Source>,
    pub ent: Option<Ent>,
    pub parties: Vec<At<Partie>>,
    pub etablissements: Vec<At<Etablissement>>,
    pub traitements: Vec<At<Traitement>>,
    pub droits: Vec<At<Droit>>,
    pub violations: Vec<At<Violation>>,
    pub obligations: Vec<At<Obligation>>,
}

impl Roster {
    pub fn path(&self, file: usize) -> &Path {
        &self.sources[file].path
    }
    /// The directory of the main roster: where `content/` and `themes/` overrides live.
    pub fn root_dir(&self) -> PathBuf {
        self.sources
            .first()
            .and_then(|s| s.path.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }
}

/// Budget sized for a national roster of 70,000 establishments in one file, while still
/// stopping alias bombs and absurd nesting.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 50_000_000,
            max_nodes: 25_000_000,
            max_depth: 64,
            max_aliases: 1_000,
            max_anchors: 1_000,
        },
        leading_zero_numbers_as_strings: true,
    }
}

/// Load the main roster and its includes. Syntax and type errors come back as
/// `Error::Invalid`; unreadable files as `Error::Io`.
pub fn load(main: &Path) -> Result<Roster> {
    let mut roster = Roster::default();
    let mut report = Report::default();
    let text = read(main)?;
    // The main file and the files its `inclure:` names (read ahead) are parsed at the same
    // time; the included files again afterwards only if the full parse names others.
    let ahead = inclure_ahead(&text).map(|list| expand_includes(&list, main, &mut Report::default()));
    let (file, early) = rayon::join(|| parse(&text, main, &mut report), || ahead.as_deref().map(parse_all));
    roster.sources.push(Source {
        path: main.to_path_buf(),
        text,
    });
    let Some(mut file) = file else {
        report.attach_snippets(&roster.sources);
        return Err(Error::Invalid(report));
    };
    match file.ent.take() {
        Some(ent) => roster.ent = Some(ent),
        None => report.push(
            Diagnostic::error(
                Rule::ENT_ABSENT,
                main,
                Location::UNKNOWN,
                "la section « ent: » est absente",
            )
            .help("ajoutez « ent: » avec au moins « nom » et « base_url » (voir « ent-rgpd init »)"),
        ),
    }
    let includes = expand_includes(&file.inclure, main, &mut report);
    let parsed = match early {
        Some(parsed) if ahead.as_ref() == Some(&includes) => parsed?,
        _ => parse_all(&includes)?,
    };
    // Sized once: a national roster's items are large and copying them on growth is costly.
    let files = std::iter::once(&file).chain(parsed.iter().filter_map(|p| p.2.as_ref()));
    reserve(&mut roster, files);
    append(&mut roster, 0, file);
    for (path, text, file, rep) in parsed {
        report.items.extend(rep.items);
        let idx = roster.sources.len();
        roster.sources.push(Source {
            path: path.clone(),
            text,
        });
        if let Some(file) = file {
            if file.ent.is_some() {
                report.push(Diagnostic::error(
                    Rule::INCLURE_ENT,
                    &path,
                    Location::UNKNOWN,
                    "« ent: » n'est permis que dans le fichier principal",
                ));
            }
            if let Some(first) = file.inclure.first() {
                report.push(
                    Diagnostic::error(
                        Rule::INCLURE_INCLURE,
                        &path,
                        first.referenced,
                        "« inclure: » n'est permis que dans le fichier principal",
                    )
                    .help("listez tous les fichiers à inclure dans le fichier principal"),
                );
            }
            append(&mut roster, idx, file);
        }
    }
    if report.has_errors() {
        report.attach_snippets(&roster.sources);
        return Err(Error::Invalid(report));
    }
    Ok(roster)
}

/// Included files, each read and parsed (they are independent: in parallel), with its own
/// diagnostics.
#[allow(clippy::type_complexity)]
fn parse_all(paths: &[PathBuf]) -> Result<Vec<(PathBuf, String, Option<RosterFile>, Report)>> {
    paths
        .par_iter()
        .map(|path| {
            let mut rep = Report::default();
            let text = read(path)?;
            let file = parse(&text, path, &mut rep);
            Ok((path.clone(), text, file, rep))
        })
        .collect()
}

/// The top-level `inclure:` entry of a roster, read ahead of the file's full parse: that
/// line and the lines that continue it, parsed alone. `None` when it is not found so simply;
/// the full parse's list is the one that counts in any case.
fn inclure_ahead(text: &str) -> Option<Vec<Spanned<String>>> {
    #[derive(serde::Deserialize)]
    struct Inclure {
        inclure: Vec<Spanned<String>>,
    }
    let start = text
        .match_indices("inclure:")
        .map(|(i, _)| i)
        .find(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n')?;
    let mut end = start;
    for line in text[start..].split_inclusive('\n') {
        if end > start && !line.starts_with([' ', '-', '#', '\n', '\r']) {
            break;
        }
        end += line.len();
    }
    serde_saphyr::from_str_with_options::<Inclure>(&text[start..end], options())
        .ok()
        .map(|i| i.inclure)
}

fn read(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(s)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let ok = &e.as_bytes()[..offset];
            let line = ok.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = offset - ok.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
            let mut r = Report::default();
            r.push(Diagnostic {
                line: line as u64,
                column: col as u64,
                ..Diagnostic::error(
                    Rule::FICHIER_UTF8,
                    path,
                    Location::UNKNOWN,
                    "le fichier n'est pas en UTF-8",
                )
                .help("enregistrez-le en UTF-8 (dans LibreOffice ou Notepad++ : « Enregistrer sous », encodage UTF-8)")
            });
            Err(Error::Invalid(r))
        }
    }
}

fn parse(text: &str, path: &Path, report: &mut Report) -> Option<RosterFile> {
    if text.trim().is_empty() {
        report.push(Diagnostic::error(
            Rule::FICHIER_VIDE,
            path,
            Location::UNKNOWN,
            "le fichier est vide",
        ));
        return None;
    }
    match serde_saphyr::from_str_with_options::<RosterFile>(text, options()) {
        Ok(f) => Some(f),
        Err(e) => {
            report.push(tab_indent(text, path).unwrap_or_else(|| yaml_error(text, path, &e)));
            None
        }
    }
}

fn reserve<'a>(roster: &mut Roster, files: impl Iterator<Item = &'a RosterFile> + Clone) {
    let count = |n: fn(&RosterFile) -> usize| files.clone().map(n).sum::<usize>();
    roster.parties.reserve_exact(count(|f| f.parties.len()));
    roster.etablissements.reserve_exact(count(|f| f.etablissements.len()));
    roster.traitements.reserve_exact(count(|f| f.traitements.len()));
    roster.droits.reserve_exact(count(|f| f.droits.len()));
    roster.violations.reserve_exact(count(|f| f.violations.len()));
}

fn append(roster: &mut Roster, file: usize, f: RosterFile) {
    fn at<T>(file: usize, items: Vec<T>) -> impl Iterator<Item = At<T>> {
        items.into_iter().map(move |item| At { file, item })
    }
    roster.parties.extend(at(file, f.parties));
    roster.etablissements.extend(at(file, f.etablissements));
    roster.traitements.extend(at(file, f.traitements));
    roster.droits.extend(at(file, f.droits));
    roster.violations.extend(at(file, f.violations));
    roster.obligations.extend(at(file, f.obligations));
}

/// `inclure:` entries are paths relative to the main file; globs are allowed.
fn expand_includes(list: &[Spanned<String>], main: &Path, report: &mut Report) -> Vec<PathBuf> {
    let base = main.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    // Seen paths: a set, so that a national roster split in tens of thousands of files is
    // expanded in linear time (a `Vec::contains` made 15,000 files take a minute).
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for entry in list {
        let pattern = entry.value.as_str();
        if Path::new(pattern).is_absolute() || pattern.split(['/', '\\']).any(|c| c == "..") {
            report.push(
                Diagnostic::error(
                    Rule::INCLURE_CHEMIN,
                    main,
                    entry.referenced,
                    format!("chemin d'inclusion non permis : « {pattern} »"),
                )
                .help("indiquez un chemin relatif au fichier principal, sans « .. »"),
            );
            continue;
        }
        let full = base.join(pattern);
        let mut found: Vec<PathBuf> = match glob::glob(&full.to_string_lossy()) {
            Ok(paths) => paths.filter_map(|p| p.ok()).filter(|p| p.is_file()).collect(),
            Err(e) => {
                report.push(Diagnostic::error(
                    Rule::INCLURE_MOTIF,
                    main,
                    entry.referenced,
                    format!("motif d'inclusion invalide : {}", e.msg),
                ));
                continue;
            }
        };
        if found.is_empty() {
            report.push(
                Diagnostic::error(
                    Rule::INCLURE_AUCUN,
                    main,
                    entry.referenced,
                    format!("aucun fichier ne correspond à « {pattern} »"),
                )
                .help(format!(
                    "vérifiez le chemin, relatif au dossier de « {} »",
                    main.display()
                )),
            );
        }
        found.sort();
        for p in found {
            if p != main && seen.insert(p.clone()) {
                out.push(p);
            }
        }
    }
    out
}

/// Turn a YAML or type error into a French diagnostic at its place.
fn yaml_error(text: &str, path: &Path, e: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    let at = e.location().unwrap_or(Location::UNKNOWN);
    let d = |rule: Rule, msg: String| Diagnostic::error(rule, path, at, msg);
    match e.without_snippet() {
        E::SerdeUnknownField { field, expected, .. } => {
            let mut diag = d(Rule::YAML_CLE_INCONNUE, format!("clé inconnue « {field} »"));
            diag = match nearest(field, expected.iter().copied()) {
                Some(s) => diag.help(format!("vouliez-vous dire « {s} » ?")),
                None => diag.help(format!("clés permises ici : {}", expected.join(", "))),
            };
            diag
        }
        E::SerdeMissingField { field, .. } => {
            let mut diag = d(
                Rule::YAML_CHAMP_MANQUANT,
                format!("champ obligatoire manquant : « {field} »"),
            )
            .help(format!("ajoutez « {field}: » à cet élément"));
            if let Some((line, column)) = item_start(text, at.line()) {
                (diag.line, diag.column) = (line, column);
            }
            diag
        }
        E::SerdeInvalidType {
            unexpected, expected, ..
        } => d(
            Rule::YAML_TYPE,
            format!(
                "type inattendu : {} trouvé, {} attendu",
                type_fr(unexpected),
                type_fr(expected)
            ),
        ),
        E::DuplicateMappingKey { key, .. } => d(
            Rule::YAML_CLE_DOUBLE,
            format!(
                "clé en double{}",
                key.as_ref().map(|k| format!(" « {k} »")).unwrap_or_default()
            ),
        )
        .help("supprimez l'une des deux occurrences"),
        E::Budget { .. } => d(
            Rule::YAML_LIMITE,
            "document YAML trop gros ou trop imbriqué (limite de sécurité atteinte)".into(),
        )
        .help("découpez le fichier avec « inclure: » ou retirez les ancres et alias (&, *)"),
        E::InvalidUtf8Input => d(Rule::FICHIER_UTF8, "le fichier n'est pas en UTF-8".into()),
        other => {
            let msg = other.to_string();
            let msg = msg.lines().next().unwrap_or("");
            let msg = msg.split(" at line ").next().unwrap_or(msg);
            d(Rule::YAML_SYNTAXE, format!("syntaxe YAML invalide : {}", type_fr(msg)))
                .help("vérifiez l'indentation (des espaces, pas de tabulations) et les guillemets")
        }
    }
}

fn type_fr(s: &str) -> String {
    s.replace("expected string scalar", "un texte était attendu")
        .replace("a sequence", "une liste")
        .replace("a map", "une table")
        .replace("a string", "un texte")
        .replace("a boolean", "un booléen")
        .replace("struct ", "l'objet ")
        .replace("unit value", "une valeur vide")
        .replace("u8", "un nombre")
        .replace("u32", "un nombre")
        .replace("integer", "nombre")
}

/// A tab in indentation: YAML forbids it, and the parser reports it a line too early.
fn tab_indent(text: &str, path: &Path) -> Option<Diagnostic> {
    let (n, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l[..l.len() - l.trim_start().len()].contains('\t'))?;
    Some(Diagnostic {
        line: n as u64 + 1,
        column: line.find('\t').unwrap_or(0) as u64 + 1,
        ..Diagnostic::error(
            Rule::YAML_TABULATION,
            path,
            Location::UNKNOWN,
            "tabulation dans l'indentation",
        )
        .help("YAML n'accepte que des espaces pour indenter : remplacez la tabulation par des espaces")
    })
}

/// Where the list item holding line `at` begins (`- ` at a smaller indentation), so that a
/// missing field is shown on the item, not on its last key. (line, column), 1-based.
fn item_start(text: &str, at: u64) -> Option<(u64, u64)> {
    let lines: Vec<&str> = text.lines().take(at as usize).collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let last = lines.last()?;
    let own = if last.trim_start().starts_with("- ") {
        indent(last) + 1
    } else {
        indent(last)
    };
    lines.iter().enumerate().rev().find_map(|(i, l)| {
        (l.trim_start().starts_with("- ") && indent(l) < own).then(|| (i as u64 + 1, indent(l) as u64 + 3))
    })
}

#[cfg(test)]
mod tests {
    use super::inclure_ahead;

    fn ahead(text: &str) -> Option<Vec<String>> {
        inclure_ahead(text).map(|l| l.into_iter().map(|s| s.value).collect())
    }

    #[test]
    fn inclure_is_read_ahead_when_simple() {
        assert_eq!(
            ahead("inclure: [a.yaml, b/*.yaml]\nent:\n  nom: x\n").unwrap(),
            ["a.yaml", "b/*.yaml"]
        );
        let block = "ent:\n  nom: x\n# les fichiers\ninclure:\n  # un\n  - a.yaml\n\n  - b.yaml\nparties: []\n";
        assert_eq!(ahead(block).unwrap(), ["a.yaml", "b.yaml"]);
        assert_eq!(
            ahead("inclure:\n- a.yaml\n- b.yaml\nent: {}\n").unwrap(),
            ["a.yaml", "b.yaml"]
        );
        assert_eq!(ahead("ent:\n  inclure: [a.yaml]\n"), None, "not at the top level");
        assert_eq!(ahead("ent:\n  nom: x\n"), None);
        assert_eq!(
            ahead("inclure: [a.yaml\nent: {}\n"),
            None,
            "not valid alone: the full parse decides"
        );
    }
}
