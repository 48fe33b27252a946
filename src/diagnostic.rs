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

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub line: u64,
    pub column: u64,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The offending source line, filled by [`Report::attach_snippets`].
    #[serde(rename = "ligne", skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

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
