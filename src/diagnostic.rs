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
    /// The rule broken, given by whoever creates the diagnostic: its code is [`Self::code`].
    pub rule: Rule,
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

/// The rule behind a diagnostic: its stable code, without the `E-`/`A-` prefix that the
/// severity gives. Every diagnostic is created with its rule, one of the constants below: a
/// code cannot be misspelled (the field is private, a typo does not compile), and rewording
/// a message never changes its code. A new rule gets a new constant here and a line in
/// docs/diagnostics.md (a test checks that every code is documented).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rule(&'static str);

impl Rule {
    /// The code, without its `E-`/`A-` prefix, e.g. `UAI-CLE`.
    pub const fn code(self) -> &'static str {
        self.0
    }
}

macro_rules! rules {
    ($($(#[$attr:meta])* $name:ident = $code:literal,)*) => {
        impl Rule {
            $($(#[$attr])* pub const $name: Rule = Rule($code);)*
            /// Every rule, in the order of docs/diagnostics.md.
            pub const ALL: &'static [Rule] = &[$(Rule::$name),*];
        }
    };
}

rules! {
    // The file and its YAML.
    FICHIER_UTF8 = "FICHIER-UTF8",
    FICHIER_VIDE = "FICHIER-VIDE",
    YAML_TABULATION = "YAML-TABULATION",
    /// Any other error of the YAML parser.
    YAML_SYNTAXE = "YAML-SYNTAXE",
    YAML_LIMITE = "YAML-LIMITE",
    YAML_CLE_DOUBLE = "YAML-CLE-DOUBLE",
    YAML_CLE_INCONNUE = "YAML-CLE-INCONNUE",
    YAML_CHAMP_MANQUANT = "YAML-CHAMP-MANQUANT",
    YAML_TYPE = "YAML-TYPE",
    ENT_ABSENT = "ENT-ABSENT",
    INCLURE_ENT = "INCLURE-ENT",
    INCLURE_INCLURE = "INCLURE-INCLURE",
    INCLURE_CHEMIN = "INCLURE-CHEMIN",
    INCLURE_MOTIF = "INCLURE-MOTIF",
    INCLURE_AUCUN = "INCLURE-AUCUN",
    // UAI.
    UAI_CLE = "UAI-CLE",
    UAI_MINUSCULES = "UAI-MINUSCULES",
    UAI_FORME = "UAI-FORME",
    UAI_DOUBLE = "UAI-DOUBLE",
    IDENTIFIANT_DOUBLE = "IDENTIFIANT-DOUBLE",
    // Values.
    TEXTE_LONGUEUR = "TEXTE-LONGUEUR",
    TEXTE_MODELE = "TEXTE-MODELE",
    TEXTE_INVISIBLE = "TEXTE-INVISIBLE",
    URL = "URL",
    COURRIEL = "COURRIEL",
    DATE = "DATE",
    DATES_ORDRE = "DATES-ORDRE",
    TELEPHONE = "TELEPHONE",
    IDENTIFIANT = "IDENTIFIANT",
    CODE_COMMUNE = "CODE-COMMUNE",
    CODE_DEPARTEMENT = "CODE-DEPARTEMENT",
    // Closed vocabularies.
    SCENARIO = "SCENARIO",
    ENT_NATURE = "ENT-NATURE",
    ENT_VERIFICATION_IDENTITE = "ENT-VERIFICATION-IDENTITE",
    ACCESSIBILITE_STATUT = "ACCESSIBILITE-STATUT",
    TYPE_PARTIE = "TYPE-PARTIE",
    TYPE_ETABLISSEMENT = "TYPE-ETABLISSEMENT",
    STATUT_ETABLISSEMENT = "STATUT-ETABLISSEMENT",
    RESPONSABILITE = "RESPONSABILITE",
    DEMANDEUR = "DEMANDEUR",
    VIOLATION_PERIMETRE = "VIOLATION-PERIMETRE",
    BASE_LEGALE = "BASE-LEGALE",
    GRAMMAIRE_ARTICLE = "GRAMMAIRE-ARTICLE",
    GRAMMAIRE_GENRE = "GRAMMAIRE-GENRE",
    // References.
    PARTIE_INCONNUE = "PARTIE-INCONNUE",
    ROLE_INCONNU = "ROLE-INCONNU",
    ROLE_SANS_PARTIE = "ROLE-SANS-PARTIE",
    TRAITEMENT_INCONNU = "TRAITEMENT-INCONNU",
    ACADEMIE_TYPE = "ACADEMIE-TYPE",
    ACADEMIE_CODE = "ACADEMIE-CODE",
    ACADEMIE_INTROUVABLE = "ACADEMIE-INTROUVABLE",
    COLLECTIVITE_PRIVE = "COLLECTIVITE-PRIVE",
    COLLECTIVITE_INTROUVABLE = "COLLECTIVITE-INTROUVABLE",
    COMMUNE_SANS_CODE = "COMMUNE-SANS-CODE",
    ECOLE_SANS_COMMUNE = "ECOLE-SANS-COMMUNE",
    // What the GDPR asks the pages to say.
    TRAITEMENT_RESPONSABLES = "TRAITEMENT-RESPONSABLES",
    TRAITEMENT_LISTE_VIDE = "TRAITEMENT-LISTE-VIDE",
    TRAITEMENT_SECURITE = "TRAITEMENT-SECURITE",
    TRAITEMENT_OBLIGATOIRE = "TRAITEMENT-OBLIGATOIRE",
    TRAITEMENT_BASE_LEGALE = "TRAITEMENT-BASE-LEGALE",
    INTERET_LEGITIME = "INTERET-LEGITIME",
    TRANSFERT_GARANTIE = "TRANSFERT-GARANTIE",
    TRANSFERT_IMPRECIS = "TRANSFERT-IMPRECIS",
    DESTINATAIRE_VIDE = "DESTINATAIRE-VIDE",
    ENGAGEMENTS_VIDE = "ENGAGEMENTS-VIDE",
    SOUS_TRAITANTS_VIDE = "SOUS-TRAITANTS-VIDE",
    RESPONSABILITE_PROPRE = "RESPONSABILITE-PROPRE",
    EDITEUR_RESPONSABLE = "EDITEUR-RESPONSABLE",
    DPD_INJOIGNABLE = "DPD-INJOIGNABLE",
    DPD_COORDONNEES = "DPD-COORDONNEES",
    ETABLISSEMENT_PRIVE_DPD = "ETABLISSEMENT-PRIVE-DPD",
    ADRESSE_POSTALE = "ADRESSE-POSTALE",
    ENT_HEBERGEUR = "ENT-HEBERGEUR",
    ENT_CONTACT = "ENT-CONTACT",
    ETABLISSEMENT_SITE = "ETABLISSEMENT-SITE",
    // Others.
    /// A command-line value (`build --only`, `--base-url`); its file is [`COMMAND_LINE`].
    ARGUMENT = "ARGUMENT",
}

impl Diagnostic {
    /// The stable code of this diagnostic's rule: `E-` (erreur) or `A-` (avertissement), then
    /// the rule, e.g. `E-UAI-CLE`.
    pub fn code(&self) -> String {
        let prefix = match self.severity {
            Severity::Erreur => "E",
            Severity::Avertissement => "A",
        };
        format!("{prefix}-{}", self.rule.code())
    }
}

/// The file name given to diagnostics about a command-line value.
pub const COMMAND_LINE: &str = "ligne de commande";

impl Diagnostic {
    pub fn error(rule: Rule, file: &Path, at: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Erreur,
            rule,
            file: file.to_path_buf(),
            line: at.line(),
            column: at.column(),
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    pub fn warning(rule: Rule, file: &Path, at: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Avertissement,
            ..Self::error(rule, file, at, message)
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

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn rule_codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in Rule::ALL {
            let code = rule.code();
            assert!(seen.insert(code), "{code} twice");
            assert!(
                !code.is_empty()
                    && code
                        .split('-')
                        .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())),
                "{code}"
            );
        }
    }
}
