//! Diagnostics: what `check` reports, with file, line, column and the offending line.

use serde::Serialize;
use serde_saphyr::Location;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Erreur,
    Avertissement,
}

/// One diagnostic. Serialized (`check --format json`, one object per line) with French keys
/// and its stable rule code: `code`, `gravite`, `fichier`, `ligne`, `colonne`, `message`, and
/// when known `aide` and `extrait` (the offending line). See docs/diagnostics.md.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub line: u64,
    pub column: u64,
    pub message: String,
    pub help: Option<String>,
    /// The offending source line, filled by [`Report::attach_snippets`].
    pub snippet: Option<String>,
}

impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", &self.code())?;
        m.serialize_entry("gravite", &self.severity)?;
        m.serialize_entry("fichier", &self.file)?;
        m.serialize_entry("ligne", &self.line)?;
        m.serialize_entry("colonne", &self.column)?;
        m.serialize_entry("message", &self.message)?;
        if let Some(help) = &self.help {
            m.serialize_entry("aide", help)?;
        }
        if let Some(snippet) = &self.snippet {
            m.serialize_entry("extrait", snippet)?;
        }
        m.end()
    }
}

/// The rules behind the diagnostics: code (without its `E-`/`A-` prefix) and the fixed parts
/// of the message that identify it, tried in order. Codes are stable: a rule that changes its
/// wording keeps its code (update the fragments here); a new rule gets a new code, listed in
/// docs/diagnostics.md (a test checks that every code is documented).
pub const RULES: &[(&str, &[&str])] = &[
    // The file and its YAML.
    ("FICHIER-UTF8", &["n'est pas en UTF-8"]),
    ("FICHIER-VIDE", &["le fichier est vide"]),
    ("YAML-TABULATION", &["tabulation dans l'indentation"]),
    ("YAML-SYNTAXE", &["syntaxe YAML invalide"]),
    ("YAML-LIMITE", &["trop gros ou trop imbriqué"]),
    ("YAML-CLE-DOUBLE", &["clé en double"]),
    ("YAML-CLE-INCONNUE", &["clé inconnue"]),
    ("YAML-CHAMP-MANQUANT", &["champ obligatoire manquant"]),
    ("YAML-TYPE", &["type inattendu"]),
    ("ENT-ABSENT", &["la section « ent: » est absente"]),
    ("INCLURE-ENT", &["« ent: » n'est permis que dans le fichier principal"]),
    (
        "INCLURE-INCLURE",
        &["« inclure: » n'est permis que dans le fichier principal"],
    ),
    ("INCLURE-CHEMIN", &["chemin d'inclusion non permis"]),
    ("INCLURE-MOTIF", &["motif d'inclusion invalide"]),
    ("INCLURE-AUCUN", &["aucun fichier ne correspond"]),
    // UAI.
    ("UAI-CLE", &["UAI", "lettre de contrôle"]),
    ("UAI-MINUSCULES", &["UAI en minuscules"]),
    ("UAI-FORME", &["UAI invalide"]),
    ("UAI-DOUBLE", &["UAI en double"]),
    ("IDENTIFIANT-DOUBLE", &["identifiant ", " en double"]),
    // Values.
    ("TEXTE-LONGUEUR", &["trop long"]),
    ("TEXTE-MODELE", &["texte à compléter"]),
    ("TEXTE-INVISIBLE", &["U+", "dans le texte"]),
    ("URL", &["adresse web invalide"]),
    ("COURRIEL", &["adresse électronique invalide"]),
    ("DATE", &["date invalide"]),
    ("DATES-ORDRE", &["est antérieur à"]),
    ("TELEPHONE", &["numéro de téléphone inhabituel"]),
    ("IDENTIFIANT", &["identifiant ", " invalide"]),
    ("CODE-COMMUNE", &["code commune INSEE invalide"]),
    ("CODE-DEPARTEMENT", &["code de département invalide"]),
    // Closed vocabularies.
    ("SCENARIO", &["scénario inconnu"]),
    ("ACCESSIBILITE-STATUT", &["statut d'accessibilité inconnu"]),
    ("TYPE-PARTIE", &["type de partie inconnu"]),
    ("TYPE-ETABLISSEMENT", &["type d'établissement inconnu"]),
    ("STATUT-ETABLISSEMENT", &["statut d'établissement inconnu"]),
    ("RESPONSABILITE", &["type de responsabilité inconnu"]),
    ("DEMANDEUR", &["demandeur inconnu"]),
    ("VIOLATION-PERIMETRE", &["périmètre de violation inconnu"]),
    ("BASE-LEGALE", &["base légale inconnue"]),
    // References.
    ("PARTIE-INCONNUE", &["partie inconnue"]),
    ("ROLE-INCONNU", &["rôle ou partie inconnu"]),
    ("ROLE-SANS-PARTIE", &["ne désigne aucune partie"]),
    ("TRAITEMENT-INCONNU", &["traitement inconnu"]),
    ("ACADEMIE-TYPE", &["n'est pas une académie"]),
    ("ACADEMIE-CODE", &["« code » ne sert que pour une académie"]),
    ("ACADEMIE-INTROUVABLE", &["ne couvre le département", "« academie: »"]),
    ("COLLECTIVITE-PRIVE", &["établissement privé", "collectivité"]),
    ("COLLECTIVITE-INTROUVABLE", &["collectivité compétente"]),
    ("COMMUNE-SANS-CODE", &["n'a ni « code_commune » ni « communes »"]),
    ("ECOLE-SANS-COMMUNE", &["n'a pas de « code_commune »"]),
    // What the GDPR asks the pages to say.
    ("TRAITEMENT-RESPONSABLES", &["n'a pas de « responsables »"]),
    ("TRAITEMENT-LISTE-VIDE", &["n'a aucune entrée dans"]),
    ("TRAITEMENT-SECURITE", &["sans « mesures_securite »"]),
    ("TRAITEMENT-OBLIGATOIRE", &["sans « obligatoire »"]),
    ("TRAITEMENT-BASE-LEGALE", &["sans « base_legale »"]),
    ("INTERET-LEGITIME", &["intérêt légitime"]),
    ("TRANSFERT-GARANTIE", &["transfert hors UE sans garantie"]),
    ("TRANSFERT-IMPRECIS", &["transferts_hors_ue"]),
    ("DESTINATAIRE-VIDE", &["« destinataire » est vide"]),
    ("ENGAGEMENTS-VIDE", &["« engagements » est vide"]),
    ("SOUS-TRAITANTS-VIDE", &["« sous_traitants » est vide"]),
    (
        "RESPONSABILITE-PROPRE",
        &["responsabilité propre avec plusieurs responsables"],
    ),
    ("EDITEUR-RESPONSABLE", &["est un éditeur (sous-traitant)"]),
    ("DPD-INJOIGNABLE", &["délégué à la protection des données joignable"]),
    (
        "DPD-COORDONNEES",
        &["délégué à la protection des données", "aucune coordonnée"],
    ),
    ("ADRESSE-POSTALE", &["pas d'adresse postale"]),
    ("ENT-HEBERGEUR", &["aucun hébergeur"]),
    ("ENT-CONTACT", &["aucun point de contact"]),
    ("ETABLISSEMENT-SITE", &["sans « site_web »"]),
];

/// The code of a diagnostic that no rule above recognizes.
pub const UNKNOWN_RULE: &str = "AUTRE";

impl Diagnostic {
    /// The stable code of this diagnostic's rule: `E-` (erreur) or `A-` (avertissement), then
    /// the rule, e.g. `E-UAI-CLE`; `ARGUMENT` for a command-line value (`build --only`…).
    pub fn code(&self) -> String {
        let rule = if self.file == Path::new(COMMAND_LINE) {
            "ARGUMENT"
        } else {
            RULES
                .iter()
                .find(|(_, parts)| parts.iter().all(|p| self.message.contains(p)))
                .map_or(UNKNOWN_RULE, |(code, _)| code)
        };
        let prefix = match self.severity {
            Severity::Erreur => "E",
            Severity::Avertissement => "A",
        };
        format!("{prefix}-{rule}")
    }
}

/// The file name given to diagnostics about a command-line value.
pub const COMMAND_LINE: &str = "ligne de commande";

impl Diagnostic {
    pub fn error(file: &Path, at: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Erreur,
            file: file.to_path_buf(),
            line: at.line(),
            column: at.column(),
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    pub fn warning(file: &Path, at: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Avertissement,
            ..Self::error(file, at, message)
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Erreur
    }

    /// Human rendering, rustc style, with the offending line and a caret.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Erreur => "erreur",
            Severity::Avertissement => "avertissement",
        };
        let _ = writeln!(out, "{label} : {}", self.message);
        let _ = writeln!(out, "  --> {}:{}:{}", self.file.display(), self.line, self.column);
        if let Some(text) = &self.snippet {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            // A window of the line around the column, invisible characters made visible: a
            // 10 MB line or a bidi override never reaches the terminal as it is.
            const BEFORE: usize = 60;
            const WIDTH: usize = 120;
            let chars: Vec<char> = text.chars().collect();
            let col = (self.column.saturating_sub(1) as usize).min(chars.len());
            let from = col.saturating_sub(BEFORE);
            let to = (from + WIDTH).min(chars.len());
            let mut shown: String = if from > 0 { "…".into() } else { String::new() };
            shown.extend(chars[from..to].iter().map(|&c| {
                if c.is_control() {
                    ' '
                } else if crate::validate::text::invisible_kind(c).is_some() {
                    '�'
                } else {
                    c
                }
            }));
            if to < chars.len() {
                shown.push('…');
            }
            let caret_at = col - from + usize::from(from > 0);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {shown}");
            let _ = writeln!(out, "{pad} | {}^", " ".repeat(caret_at));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = aide : {help}");
        }
        out
    }
}

/// The diagnostics of one run, in source order.
#[derive(Debug, Default)]
pub struct Report {
    pub items: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }
    /// Copy each diagnostic's source line from the files read.
    pub fn attach_snippets(&mut self, sources: &[crate::roster::Source]) {
        for d in &mut self.items {
            if d.line == 0 {
                continue;
            }
            d.snippet = sources
                .iter()
                .find(|s| s.path == d.file)
                .and_then(|s| s.text.lines().nth(d.line as usize - 1))
                .map(|l| {
                    let l = l.trim_end_matches('\r');
                    // The JSON output keeps at most this much of a line.
                    match l.char_indices().nth(2_000) {
                        Some((i, _)) => format!("{}…", &l[..i]),
                        None => l.to_string(),
                    }
                });
        }
    }

    pub fn sort(&mut self) {
        self.items
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    }
}

/// The closest candidate to `word`, for "vouliez-vous dire" suggestions.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
