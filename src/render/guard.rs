//! Whether the shape fast path (see [`super::skeleton`]) may render a project's templates.
//!
//! On that path, roster strings are opaque tokens while templates run: printing them,
//! testing their presence and comparing them with each other works, but comparing one with a
//! literal (`etab.commune == "Metz"`, `"Metz" in etab.commune`), testing its text
//! (`is starting_with(pat="A")`), taking a string's `length` or passing it through a filter
//! that reads it (`upper`, `truncate`, `sort`…) would answer about the token, silently.
//!
//! [`scan`] reads every `{{ … }}` and `{% … %}` block of a template (comments, raw blocks and
//! the text around blocks aside) and reports each such operation; [`scan_all`] does so for
//! every template of a build ([`super::Renderer::new`]), which then renders each establishment
//! directly (see [`super::skeleton::Tokens::direct`]). A static scan cannot know
//! every type: it errs on the side of reporting (a false alarm costs speed, since the build
//! then renders each establishment directly; a miss would cost a wrong page).

use std::collections::HashMap;
use std::fmt;

/// Last segments (or whole names) of paths whose values stay real in the tokenized context:
/// kinds, statuses, flags and counts are never replaced by tokens. Extend with any field that
/// the tokenizer (`Tokens` in [`super::skeleton`]) copies as it is or that can only hold a
/// few fixed words.
pub const REAL_FIELDS: &[&str] = &[
    "type",
    "responsabilite",
    "scenario",
    "statut",
    "premier_degre",
    "second_degre",
    "est_responsable",
    "prive",
    "page",
    "perimetre",
    "categorie",
    "obligatoire",
    "portabilite",
    "feminin",
    "origine",
    "mesure_audience",
    "duree_mois",
    "liste_complete",
    // Shared codes and dates: kept as they are (always plain, see `Tokens::text`).
    "base_legale",
    "date_maj",
    "cree_le",
    "mis_a_jour_le",
    // A département's code and path (context::Departement) are not tokenized.
    "code",
    "chemin",
];

/// Variables that are never tokenized, with everything under them: counts, loop state,
/// relative links.
pub const REAL_ROOTS: &[&str] = &["nb", "loop", "liens", "page", "liste_complete"];

/// Fields that hold lists: their `length`, `first`, `last`… are real (a list keeps its
/// length when its strings become tokens), unlike a string's.
pub const LIST_FIELDS: &[&str] = &[
    "responsables",
    "tous_responsables",
    "traitements",
    "sous_traitants",
    "droits",
    "violations",
    "destinataires",
    "finalites",
    "informe",
    "demandeurs",
    "liens",
    "etablissements",
    "communes",
    "departements",
    "academies",
    "donnees",
    "conservation",
    "mesures_securite",
    "references",
    "personnes",
    "parties",
    "sitemaps",
    "urls",
];

/// Filters that work on opaque values: they print, join or default them without reading
/// their text.
const SAFE_FILTERS: &[&str] = &[
    "liste",
    "join",
    "date_fr",
    "url_sure",
    "default",
    "safe",
    "escape",
    "escape_html",
    "escape_xml",
    "str",
];

/// Filters that are safe on a list only (on a string, they read its text).
const LIST_FILTERS: &[&str] = &["length", "first", "last", "nth", "reverse", "unique"];

/// Tests that read the text of a value.
const TEXT_TESTS: &[&str] = &["starting_with", "ending_with", "containing", "matching"];

/// Tests that do not read the text of a value.
const SAFE_TESTS: &[&str] = &[
    "string",
    "number",
    "map",
    "bool",
    "array",
    "integer",
    "float",
    "none",
    "iterable",
    "defined",
    "undefined",
    "odd",
    "even",
    "divisible_by",
];

/// An operation the fast path cannot evaluate, in one template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The template's path in the project: `content/accueil.md`, `themes/default/base.html`.
    pub template: String,
    /// 1-based.
    pub line: usize,
    /// What the template does, in French (« compare « etab.commune » à un texte »).
    pub reason: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, ligne {} : {}", self.template, self.line, self.reason)
    }
}

impl Finding {
    /// Compact form, for a summary line: `content/accueil.md ligne 3 compare …`.
    pub fn short(&self) -> String {
        format!("{} ligne {} {}", self.template, self.line, self.reason)
    }
}

/// The note a build prints when it rendered directly: the first `max` findings and how many
/// more there are.
pub fn note(findings: &[Finding], max: usize) -> Option<String> {
    let first = findings.first()?;
    let mut s = format!("rendu direct (plus lent) : {}", first.short());
    for f in findings.iter().skip(1).take(max.saturating_sub(1)) {
        s.push_str(" ; ");
        s.push_str(&f.short());
    }
    let more = findings.len().saturating_sub(max.max(1));
    if more > 0 {
        s.push_str(&format!(" (et {more} autre{})", if more > 1 { "s" } else { "" }));
    }
    Some(s)
}

/// Every operation of `source` (the template `name`) that the fast path cannot evaluate.
pub fn scan(name: &str, source: &str) -> Vec<Finding> {
    scan_in(name, source, &mut HashMap::new())
}

/// [`scan`] of every template `(name, source)` of a build. A variable set to a literal in
/// one template is a literal in all of them (an included partial sees its includer's
/// variables).
pub fn scan_all<'a>(templates: impl IntoIterator<Item = (String, &'a str)> + Clone) -> Vec<Finding> {
    let mut literals = HashMap::new();
    for (name, source) in templates.clone() {
        let mut scope = HashMap::new();
        scan_in(&name, source, &mut scope);
        literals.extend(scope.into_iter().filter(|(_, v)| matches!(v, V::Text | V::Texts)));
    }
    let mut found = Vec::new();
    for (name, source) in templates {
        found.extend(scan_in(&name, source, &mut literals.clone()));
    }
    found
}

fn scan_in(name: &str, source: &str, scope: &mut HashMap<String, V>) -> Vec<Finding> {
    const UNREADABLE: &str = "contient une expression que la vérification ne sait pas lire";
    let mut found: Vec<(usize, String)> = Vec::new();
    for block in blocks(source) {
        match block {
            Ok(block) => {
                let mut p = Parser {
                    toks: &block.toks,
                    pos: 0,
                    end_line: block.end_line,
                    scope,
                    found: &mut found,
                };
                let ok = if block.tag { p.tag() } else { p.whole_expr() };
                if ok.is_err() {
                    found.push((block.line, UNREADABLE.into()));
                }
            }
            Err(line) => found.push((line, UNREADABLE.into())),
        }
    }
    found.dedup();
    found
        .into_iter()
        .map(|(line, reason)| Finding {
            template: name.to_owned(),
            line,
            reason,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Blocks and tokens

#[derive(Debug, Clone, PartialEq)]
enum K {
    Ident(String),
    Str,
    Num,
    Op(&'static str),
}

#[derive(Debug)]
struct Tok {
    k: K,
    line: usize,
}

struct Block {
    /// `{% … %}` (else `{{ … }}`).
    tag: bool,
    line: usize,
    end_line: usize,
    toks: Vec<Tok>,
}

const OPS2: [&str; 9] = ["//", "**", "==", "!=", ">=", "<=", "</", "?.", "?["];

fn lines_in(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

/// Whether `s` starts with `{%-? name -?%}` and, if so, its length.
fn tag_named(s: &str, name: &str) -> Option<usize> {
    let rest = s.strip_prefix("{%")?;
    let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix(name)?.trim_start();
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let rest = rest.strip_prefix("%}")?;
    Some(s.len() - rest.len())
}

/// The blocks of a template, each tokenized, or the line of one that cannot be read.
fn blocks(src: &str) -> Vec<Result<Block, usize>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while let Some(off) = b[i..].windows(2).position(|w| w == b"{{" || w == b"{%" || w == b"{#") {
        line += lines_in(&src[i..i + off]);
        i += off;
        match b[i + 1] {
            b'#' => {
                let end = src[i..].find("#}").map_or(src.len(), |e| i + e + 2);
                line += lines_in(&src[i..end]);
                i = end;
                continue;
            }
            b'%' if tag_named(&src[i..], "raw").is_some() => {
                let mut j = i + 2;
                let end = loop {
                    match src[j..].find("{%") {
                        Some(k) => match tag_named(&src[j + k..], "endraw") {
                            Some(n) => break j + k + n,
                            None => j += k + 2,
                        },
                        None => break src.len(),
                    }
                };
                line += lines_in(&src[i..end]);
                i = end;
                continue;
            }
            _ => {}
        }
        let tag = b[i + 1] == b'%';
        let close: &[u8] = if tag { b"%}" } else { b"}}" };
        let start_line = line;
        i += 2;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        let mut toks = Vec::new();
        let mut failed = false;
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                if b[i] == b'\n' {
                    line += 1;
                }
                i += 1;
            }
            if i >= b.len() {
                failed = true;
                break;
            }
            if b[i..].starts_with(close) {
                i += 2;
                break;
            }
            if b[i] == b'-' && b[i + 1..].starts_with(close) {
                i += 3;
                break;
            }
            let at = line;
            let rest = &b[i..];
            let (k, len) = if rest.starts_with(b"...") {
                (K::Op("..."), 3)
            } else if let Some(op) = OPS2.iter().find(|op| rest.starts_with(op.as_bytes())) {
                (K::Op(op), 2)
            } else {
                match rest[0] {
                    q @ (b'\'' | b'"' | b'`') => {
                        let mut j = 1;
                        while j < rest.len() && rest[j] != q {
                            j += if rest[j] == b'\\' { 2 } else { 1 };
                        }
                        if j >= rest.len() {
                            failed = true;
                            break;
                        }
                        line += lines_in(&src[i..i + j]);
                        (K::Str, j + 1)
                    }
                    c if c.is_ascii_digit() => {
                        let mut dot = false;
                        let n = rest
                            .iter()
                            .take_while(|&&c| {
                                if c == b'.' && !dot {
                                    dot = true;
                                    true
                                } else {
                                    c.is_ascii_digit()
                                }
                            })
                            .count();
                        (K::Num, n)
                    }
                    c if c.is_ascii_alphabetic() || c == b'_' => {
                        let n = rest
                            .iter()
                            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                            .count();
                        (K::Ident(src[i..i + n].to_owned()), n)
                    }
                    c => match b"+-*/%!.,:~|=><()[]{}@".iter().position(|&o| o == c) {
                        Some(p) => {
                            const ONE: [&str; 22] = [
                                "+", "-", "*", "/", "%", "!", ".", ",", ":", "~", "|", "=", ">", "<", "(", ")", "[",
                                "]", "{", "}", "@", "",
                            ];
                            (K::Op(ONE[p]), 1)
                        }
                        None => {
                            failed = true;
                            break;
                        }
                    },
                }
            };
            toks.push(Tok { k, line: at });
            i += len;
        }
        if failed {
            out.push(Err(start_line));
            // Resume after the end of the block, if any.
            match src[i.min(src.len())..].find(if tag { "%}" } else { "}}" }) {
                Some(e) => {
                    line += lines_in(&src[i..i + e]);
                    i += e + 2;
                }
                None => break,
            }
        } else {
            out.push(Ok(Block {
                tag,
                line: start_line,
                end_line: line,
                toks,
            }));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Expressions

/// What the scan knows of a value.
#[derive(Debug, Clone, PartialEq)]
enum V {
    /// A string literal (or literals only).
    Text,
    /// An array of string literals.
    Texts,
    /// A value that may be or hold opaque strings: how the template names it, and whether
    /// it is known to be a list.
    Opaque { path: String, list: bool },
    /// Anything else: numbers, booleans, kinds, counts, results of comparisons.
    Real,
}

impl V {
    fn opaque(&self) -> Option<&str> {
        match self {
            V::Opaque { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The first of two values that may hold opaque strings (a ternary, `default`).
    fn either(self, other: V) -> V {
        match (&self, &other) {
            (V::Opaque { .. }, _) => self,
            (_, V::Opaque { .. }) => other,
            (V::Text, V::Text) => V::Text,
            _ => V::Real,
        }
    }

    /// An element of this value (a loop over it, a subscript).
    fn element(&self, name: &str) -> V {
        match self {
            V::Texts | V::Text => V::Text,
            V::Opaque { .. } => V::Opaque {
                path: name.to_owned(),
                list: false,
            },
            V::Real => V::Real,
        }
    }

    /// A string made of this value (`join`, `liste`, `date_fr`…).
    fn as_string(&self) -> V {
        match self {
            V::Opaque { path, .. } => V::Opaque {
                path: path.clone(),
                list: false,
            },
            V::Texts | V::Text => V::Text,
            V::Real => V::Real,
        }
    }
}

type Parsed<T> = Result<T, ()>;

struct Parser<'a> {
    toks: &'a [Tok],
    pos: usize,
    end_line: usize,
    scope: &'a mut HashMap<String, V>,
    found: &'a mut Vec<(usize, String)>,
}

/// Binding powers, as in tera's parser.
fn binary(k: &K) -> Option<(&'static str, u8, u8)> {
    Some(match k {
        K::Ident(w) => match w.as_str() {
            "or" => ("or", 1, 2),
            "and" => ("and", 3, 4),
            "in" => ("in", 5, 6),
            "is" => ("is", 5, 6),
            _ => return None,
        },
        K::Op(op) => match *op {
            "==" | "!=" | "<" | "<=" | ">" | ">=" => (op, 7, 8),
            "+" | "-" => (op, 11, 12),
            "*" | "/" | "%" | "~" | "//" => (op, 13, 14),
            "**" => (op, 16, 15),
            "|" => (op, 17, 18),
            _ => return None,
        },
        _ => return None,
    })
}

impl Parser<'_> {
    fn peek(&self) -> Option<&K> {
        self.toks.get(self.pos).map(|t| &t.k)
    }

    fn peek_at(&self, n: usize) -> Option<&K> {
        self.toks.get(self.pos + n).map(|t| &t.k)
    }

    fn line(&self) -> usize {
        self.toks
            .get(self.pos)
            .or_else(|| self.toks.last())
            .map_or(self.end_line, |t| t.line)
    }

    fn next(&mut self) -> Parsed<&K> {
        let t = self.toks.get(self.pos).ok_or(())?;
        self.pos += 1;
        Ok(&t.k)
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(K::Op(o)) if *o == op)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(K::Ident(i)) if i == w)
    }

    fn expect_op(&mut self, op: &str) -> Parsed<()> {
        if self.is_op(op) {
            self.pos += 1;
            Ok(())
        } else {
            Err(())
        }
    }

    fn expect_word(&mut self, w: &str) -> Parsed<()> {
        if self.is_word(w) {
            self.pos += 1;
            Ok(())
        } else {
            Err(())
        }
    }

    fn ident(&mut self) -> Parsed<String> {
        match self.next()? {
            K::Ident(i) => Ok(i.clone()),
            _ => Err(()),
        }
    }

    fn done(&self) -> Parsed<()> {
        if self.pos == self.toks.len() { Ok(()) } else { Err(()) }
    }

    fn report(&mut self, line: usize, reason: String) {
        self.found.push((line, reason));
    }

    /// `{{ expression }}`.
    fn whole_expr(&mut self) -> Parsed<()> {
        self.expr(0)?;
        self.done()
    }

    /// `{% … %}`.
    fn tag(&mut self) -> Parsed<()> {
        let Some(K::Ident(word)) = self.peek().cloned() else {
            // `{% <component> %}` and the like: nothing of a value is read there.
            return Ok(());
        };
        self.pos += 1;
        match word.as_str() {
            "if" | "elif" => {
                self.expr(0)?;
                self.done()
            }
            "for" => {
                let mut names = vec![self.ident()?];
                if self.is_op(",") {
                    self.pos += 1;
                    names.push(self.ident()?);
                }
                self.expect_word("in")?;
                let target = self.expr(0)?;
                for n in names {
                    let v = target.element(&n);
                    self.scope.insert(n, v);
                }
                self.done()
            }
            "set" | "set_global" => {
                let name = self.ident()?;
                if self.is_op("=") {
                    self.pos += 1;
                    let v = self.expr(0)?;
                    let v = match v {
                        V::Opaque { list, .. } => V::Opaque {
                            path: name.clone(),
                            list,
                        },
                        v => v,
                    };
                    self.scope.insert(name, v);
                    self.done()
                } else {
                    // A block set: its body may hold anything.
                    self.section_filters()?;
                    self.scope.insert(
                        name.clone(),
                        V::Opaque {
                            path: name,
                            list: false,
                        },
                    );
                    Ok(())
                }
            }
            "filter" => {
                // `{% filter a | b %}`: the first filter has no pipe before it.
                self.section_filter()?;
                self.section_filters()
            }
            // No value read: include, extends, block, endblock, else, endif, endfor, endset,
            // endfilter, break, continue, component…
            _ => Ok(()),
        }
    }

    /// `| name(kwargs)` filters applied to a whole section (block set, filter section).
    fn section_filters(&mut self) -> Parsed<()> {
        while self.is_op("|") {
            self.pos += 1;
            self.section_filter()?;
        }
        self.done()
    }

    fn section_filter(&mut self) -> Parsed<()> {
        let line = self.line();
        let name = self.ident()?;
        if self.is_op("(") {
            self.kwargs()?;
        }
        if !SAFE_FILTERS.contains(&name.as_str()) {
            self.report(line, format!("applique le filtre « {name} » à tout un bloc"));
        }
        Ok(())
    }

    /// `(name=expr, …)`: the values of the arguments.
    fn kwargs(&mut self) -> Parsed<Vec<V>> {
        self.expect_op("(")?;
        let mut out = Vec::new();
        while !self.is_op(")") {
            if !out.is_empty() {
                self.expect_op(",")?;
                if self.is_op(")") {
                    break;
                }
            }
            if self.is_op("...") {
                self.pos += 1;
            } else {
                self.ident()?;
                self.expect_op("=")?;
            }
            out.push(self.expr(0)?);
        }
        self.expect_op(")")?;
        Ok(out)
    }

    fn expr(&mut self, min_bp: u8) -> Parsed<V> {
        let mut lhs = match self.next()?.clone() {
            K::Str => V::Text,
            K::Num => V::Real,
            K::Ident(w)
                if matches!(
                    w.as_str(),
                    "true" | "false" | "True" | "False" | "none" | "None" | "null"
                ) =>
            {
                V::Real
            }
            K::Ident(w) if w == "not" => {
                self.expr(5)?;
                V::Real
            }
            K::Op("-") => {
                self.expr(20)?;
                V::Real
            }
            K::Ident(w) => self.path(w)?,
            K::Op("(") => {
                let v = self.expr(0)?;
                self.expect_op(")")?;
                v
            }
            K::Op("[") => self.array()?,
            K::Op("{") => self.map()?,
            _ => return Err(()),
        };

        while let Some(k) = self.peek().cloned() {
            // Subscript of any value.
            if matches!(k, K::Op("[") | K::Op("?[")) {
                lhs = self.subscript(lhs, "")?;
                continue;
            }
            if let K::Ident(w) = &k {
                if w == "if" {
                    if min_bp > 0 {
                        break;
                    }
                    self.pos += 1;
                    self.expr(0)?;
                    self.expect_word("else")?;
                    let other = self.expr(0)?;
                    lhs = lhs.either(other);
                    continue;
                }
                if w == "not" && matches!(self.peek_at(1), Some(K::Ident(i)) if i == "in") {
                    if 5 < min_bp {
                        break;
                    }
                    self.pos += 1;
                    continue;
                }
            }
            let Some((op, l_bp, r_bp)) = binary(&k) else { break };
            if l_bp < min_bp {
                break;
            }
            let line = self.line();
            self.pos += 1;
            lhs = match op {
                "|" => self.filter(lhs, line)?,
                "is" => {
                    if self.is_word("not") {
                        self.pos += 1;
                    }
                    self.test(lhs, line)?
                }
                _ => {
                    let rhs = self.expr(r_bp)?;
                    self.binary(op, lhs, rhs, line)
                }
            };
        }
        Ok(lhs)
    }

    fn binary(&mut self, op: &str, l: V, r: V, line: usize) -> V {
        match op {
            "==" | "!=" | "<" | "<=" | ">" | ">=" => {
                let path = match (&l, &r) {
                    (V::Opaque { path, .. }, V::Text | V::Texts) | (V::Text | V::Texts, V::Opaque { path, .. }) => {
                        Some(format!("compare « {path} » à un texte"))
                    }
                    (V::Opaque { path: a, .. }, V::Opaque { path: b, .. }) if op.starts_with(['<', '>']) => {
                        Some(format!("compare l'ordre de « {a} » et de « {b} »"))
                    }
                    _ => None,
                };
                if let Some(reason) = path {
                    self.report(line, reason);
                }
                V::Real
            }
            "in" => {
                let reason = match (&l, &r) {
                    (V::Text, V::Opaque { path, .. }) => Some(format!("cherche un texte dans « {path} »")),
                    (V::Opaque { path, .. }, V::Text) => Some(format!("cherche « {path} » dans un texte")),
                    (V::Opaque { path, .. }, V::Texts) => Some(format!("cherche « {path} » dans une liste de textes")),
                    (V::Opaque { path: a, .. }, V::Opaque { path: b, list: false }) => {
                        Some(format!("cherche « {a} » dans « {b} »"))
                    }
                    _ => None,
                };
                if let Some(reason) = reason {
                    self.report(line, reason);
                }
                V::Real
            }
            "~" => match (&l, &r) {
                (V::Opaque { .. }, _) => l.as_string(),
                (_, V::Opaque { .. }) => r.as_string(),
                (V::Text, V::Text) => V::Text,
                _ => V::Real,
            },
            _ => V::Real,
        }
    }

    fn filter(&mut self, v: V, line: usize) -> Parsed<V> {
        let name = self.ident()?;
        let args = if self.is_op("(") { self.kwargs()? } else { Vec::new() };
        let n = name.as_str();
        Ok(if SAFE_FILTERS.contains(&n) {
            match n {
                "default" => args.into_iter().fold(v, V::either),
                "liste" | "join" | "date_fr" | "url_sure" | "str" => v.as_string(),
                _ => v,
            }
        } else if LIST_FILTERS.contains(&n) {
            match &v {
                V::Opaque { path, list: false } => {
                    let what = if n == "length" {
                        format!("prend la longueur (« length ») de « {path} »")
                    } else {
                        format!("applique le filtre « {n} » à « {path} », qui n'est pas une liste")
                    };
                    self.report(line, what);
                    V::Real
                }
                V::Opaque { path, list: true } if n != "length" => {
                    if matches!(n, "first" | "last" | "nth") {
                        v.element(&format!("{path} | {n}"))
                    } else {
                        v
                    }
                }
                _ => V::Real,
            }
        } else {
            let opaque = v.opaque().or_else(|| args.iter().find_map(V::opaque));
            if let Some(path) = opaque {
                let reason = format!("applique le filtre « {n} » à « {path} »");
                self.report(line, reason);
            }
            V::Real
        })
    }

    fn test(&mut self, v: V, line: usize) -> Parsed<V> {
        let name = self.ident()?;
        let args = if self.is_op("(") { self.kwargs()? } else { Vec::new() };
        if !SAFE_TESTS.contains(&name.as_str()) {
            let opaque = v.opaque().or_else(|| args.iter().find_map(V::opaque));
            if let Some(path) = opaque {
                let reason = if TEXT_TESTS.contains(&name.as_str()) {
                    format!("teste le texte de « {path} » (« is {name} »)")
                } else {
                    format!("teste « {path} » avec « is {name} »")
                };
                self.report(line, reason);
            }
        }
        Ok(V::Real)
    }

    /// A variable and its attributes, or a function call.
    fn path(&mut self, root: String) -> Parsed<V> {
        if self.is_op("(") {
            // A function (range, now…): its arguments are read, its result is its own.
            self.kwargs()?;
            return Ok(V::Real);
        }
        let mut v = if REAL_ROOTS.contains(&root.as_str()) || REAL_FIELDS.contains(&root.as_str()) {
            V::Real
        } else {
            self.scope.get(&root).cloned().unwrap_or(V::Opaque {
                path: root.clone(),
                list: LIST_FIELDS.contains(&root.as_str()),
            })
        };
        let mut shown = root.clone();
        loop {
            if self.is_op(".") || self.is_op("?.") {
                self.pos += 1;
                let attr = self.ident()?;
                shown = format!("{shown}.{attr}");
                v = self.attribute(v, &attr, &shown);
            } else if self.is_op("[") || self.is_op("?[") {
                let key = match (self.peek_at(1), self.peek_at(2)) {
                    (Some(K::Str), Some(K::Op("]"))) => Some(()),
                    _ => None,
                };
                if key.is_some() {
                    // `x["attr"]`: an attribute whose name the scan cannot read; treated as
                    // a string that may be opaque.
                    self.pos += 3;
                    shown = format!("{shown}[…]");
                    v = match v {
                        V::Real => V::Real,
                        _ => V::Opaque {
                            path: shown.clone(),
                            list: false,
                        },
                    };
                } else {
                    shown = format!("{shown}[…]");
                    v = self.subscript(v, &shown)?;
                }
            } else {
                break;
            }
        }
        Ok(v)
    }

    fn attribute(&self, of: V, attr: &str, shown: &str) -> V {
        if of == V::Real || REAL_FIELDS.contains(&attr) || attr.starts_with("nb") {
            return V::Real;
        }
        V::Opaque {
            path: shown.to_owned(),
            list: LIST_FIELDS.contains(&attr),
        }
    }

    /// `v[index]` or `v[a:b:c]`.
    fn subscript(&mut self, v: V, shown: &str) -> Parsed<V> {
        let line = self.line();
        self.pos += 1; // `[` or `?[`
        let mut slice = false;
        if !self.is_op(":") {
            self.expr(0)?;
        }
        while self.is_op(":") {
            slice = true;
            self.pos += 1;
            if !self.is_op(":") && !self.is_op("]") {
                self.expr(0)?;
            }
        }
        self.expect_op("]")?;
        let shown = if shown.is_empty() { "…" } else { shown };
        Ok(match (&v, slice) {
            (V::Opaque { path, list: false }, true) => {
                let reason = format!("découpe « {path} »");
                self.report(line, reason);
                V::Real
            }
            (_, true) => v,
            _ => v.element(shown),
        })
    }

    /// `[a, b, ...c]` or `[expr for x in target if cond]`, after the `[`.
    fn array(&mut self) -> Parsed<V> {
        let mut items = Vec::new();
        while !self.is_op("]") {
            if !items.is_empty() {
                self.expect_op(",")?;
                if self.is_op("]") {
                    break;
                }
            }
            if self.is_op("...") {
                self.pos += 1;
                let v = self.expr(0)?;
                items.push(match v {
                    V::Texts => V::Text,
                    V::Opaque { path, .. } => V::Opaque { path, list: false },
                    v => v,
                });
                continue;
            }
            // A comprehension: the element is read before its variable is bound; a bare
            // variable stays opaque unless the target is literal.
            let (start, reported) = (self.pos, self.found.len());
            let v = self.expr(1)?;
            if items.is_empty() && self.is_word("for") {
                // Reported again below, with the variables bound.
                self.found.truncate(reported);
                self.pos += 1;
                let mut names = vec![self.ident()?];
                if self.is_op(",") {
                    self.pos += 1;
                    names.push(self.ident()?);
                }
                self.expect_word("in")?;
                let target = self.expr(1)?;
                for n in &names {
                    let e = target.element(n);
                    self.scope.insert(n.clone(), e);
                }
                if self.is_word("if") {
                    self.pos += 1;
                    self.expr(1)?;
                }
                self.expect_op("]")?;
                // Read the element again, now that its variables are known.
                let end = self.pos;
                self.pos = start;
                let v = self.expr(1)?;
                self.pos = end;
                return Ok(match v {
                    V::Opaque { path, .. } => V::Opaque { path, list: true },
                    V::Text => V::Texts,
                    _ => V::Real,
                });
            }
            items.push(v);
        }
        self.expect_op("]")?;
        Ok(if let Some(path) = items.iter().find_map(V::opaque) {
            V::Opaque {
                path: path.to_owned(),
                list: true,
            }
        } else if !items.is_empty() && items.iter().all(|v| *v == V::Text) {
            V::Texts
        } else {
            V::Real
        })
    }

    /// `{key: value, ...other}`, after the `{`.
    fn map(&mut self) -> Parsed<V> {
        let mut out = V::Real;
        let mut first = true;
        while !self.is_op("}") {
            if !first {
                self.expect_op(",")?;
                if self.is_op("}") {
                    break;
                }
            }
            first = false;
            if self.is_op("...") {
                self.pos += 1;
            } else {
                match self.next()? {
                    K::Ident(_) | K::Str | K::Num => {}
                    _ => return Err(()),
                }
                self.expect_op(":")?;
            }
            let v = self.expr(0)?;
            if let V::Opaque { path, .. } = v {
                out = V::Opaque { path, list: false };
            }
        }
        self.expect_op("}")?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The findings of `src`, which must be a valid template.
    fn reasons(src: &str) -> Vec<String> {
        let mut tera = tera::Tera::new();
        crate::render::register_filters(&mut tera);
        tera.add_raw_template("x", src)
            .unwrap_or_else(|e| panic!("{src}: {e:?}"));
        scan("content/x.md", src)
            .into_iter()
            .map(|f| format!("{}: {}", f.line, f.reason))
            .collect()
    }

    #[test]
    fn the_default_templates_need_no_direct_rendering() {
        let mut templates = Vec::new();
        for (path, bytes) in crate::render::default_files() {
            let is_template = (path.starts_with("content/") && path.ends_with(".md") && !path.ends_with("README.md"))
                || (path.starts_with("themes/") && (path.ends_with(".html") || path.ends_with(".xml")));
            if is_template {
                templates.push((path, std::str::from_utf8(bytes).unwrap()));
            }
        }
        assert!(templates.len() > 10, "{templates:?}");
        let findings = scan_all(templates);
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn comparisons_with_a_literal() {
        assert_eq!(
            reasons("a\n{% if etab.commune == \"Metz\" %}ICI{% endif %}"),
            ["2: compare « etab.commune » à un texte"]
        );
        assert_eq!(
            reasons("{% if 'Metz' != p.nom %}{% endif %}"),
            ["1: compare « p.nom » à un texte"]
        );
        assert_eq!(
            reasons("{{ 'a' if etab.nom < \"M\" else 'b' }}"),
            ["1: compare « etab.nom » à un texte"]
        );
        assert_eq!(
            reasons("{% if etab.nom >= p.nom %}{% endif %}"),
            ["1: compare l'ordre de « etab.nom » et de « p.nom »"]
        );
        // Real values, values with each other, numbers: fine.
        for ok in [
            "{% if etab.type == \"college\" %}{% endif %}",
            "{% if t.responsabilite != 'propre' and etab.scenario == 2 %}{% endif %}",
            "{% if p.id == etab.collectivite.id %}{% endif %}",
            "{% if page == \"accueil\" or page == 'ent-accueil' %}{% endif %}",
            "{% if nb.traitements > 1 and site.nb_etablissements > 1 %}{% endif %}",
            "{% if loop.index == 1 %}{% endif %}",
            "{% if v.perimetre == 'ent' and c.categorie == 'x' and etab.statut == 'prive' %}{% endif %}",
        ] {
            assert_eq!(reasons(ok), Vec::<String>::new(), "{ok}");
        }
    }

    #[test]
    fn through_variables_and_filters() {
        assert_eq!(
            reasons("{% set c = etab.commune %}{% if c == 'Metz' %}{% endif %}"),
            ["1: compare « c » à un texte"]
        );
        assert_eq!(
            reasons("{% for p in etab.responsables %}{% if p.nom | default(value='') == 'X' %}{% endif %}{% endfor %}"),
            ["1: compare « p.nom » à un texte"]
        );
        assert_eq!(
            reasons("{% for x in ['Metz', 'Nancy'] %}{% if etab.commune == x %}{% endif %}{% endfor %}"),
            ["1: compare « etab.commune » à un texte"]
        );
        assert_eq!(
            reasons("{% for f in t.finalites %}{% if f == 'x' %}{% endif %}{% endfor %}"),
            ["1: compare « f » à un texte"]
        );
        assert_eq!(
            reasons("{{ etab.nom ~ '!' == 'A!' }}"),
            ["1: compare « etab.nom » à un texte"]
        );
    }

    #[test]
    fn literals_set_in_an_including_template() {
        let found = scan_all([
            ("content/a.md".to_owned(), "{% set c = 'Metz' %}{% include \"_b.md\" %}"),
            ("content/_b.md".to_owned(), "\n{% if etab.commune == c %}ICI{% endif %}"),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].to_string(),
            "content/_b.md, ligne 2 : compare « etab.commune » à un texte"
        );
    }

    #[test]
    fn in_and_tests() {
        assert_eq!(
            reasons("{% if 'Metz' in etab.commune %}{% endif %}"),
            ["1: cherche un texte dans « etab.commune »"]
        );
        assert_eq!(
            reasons("{% if etab.commune not in ['Metz', 'Nancy'] %}{% endif %}"),
            ["1: cherche « etab.commune » dans une liste de textes"]
        );
        assert_eq!(
            reasons("{% if etab.nom in 'abc' %}{% endif %}"),
            ["1: cherche « etab.nom » dans un texte"]
        );
        assert_eq!(
            reasons("{% if etab.commune in p.adresse %}{% endif %}"),
            ["1: cherche « etab.commune » dans « p.adresse »"]
        );
        assert_eq!(
            reasons("{% if etab.nom is starting_with(pat='Coll') %}{% endif %}"),
            ["1: teste le texte de « etab.nom » (« is starting_with »)"]
        );
        assert_eq!(
            reasons("{% if etab.nom is not containing(pat='x') %}{% endif %}"),
            ["1: teste le texte de « etab.nom » (« is containing »)"]
        );
        for ok in [
            "{% if p.type not in [\"etablissement\", \"departement\"] %}{% endif %}",
            "{% if p in etab.responsables %}{% endif %}",
            "{% if etab.commune is defined and etab.adresse is not none %}{% endif %}",
            "{% if etab.type is starting_with(pat='lycee') %}{% endif %}",
        ] {
            assert_eq!(reasons(ok), Vec::<String>::new(), "{ok}");
        }
    }

    #[test]
    fn filters() {
        assert_eq!(
            reasons("{{ etab.nom | length }}"),
            ["1: prend la longueur (« length ») de « etab.nom »"]
        );
        assert_eq!(
            reasons("{% if etab.nom | length > 20 %}{% endif %}"),
            ["1: prend la longueur (« length ») de « etab.nom »"]
        );
        assert_eq!(
            reasons("{{ etab.nom | upper }}"),
            ["1: applique le filtre « upper » à « etab.nom »"]
        );
        assert_eq!(
            reasons("{{ etab.nom | truncate(length=10) }}"),
            ["1: applique le filtre « truncate » à « etab.nom »"]
        );
        assert_eq!(
            reasons("{{ [p.nom for p in etab.responsables] | sort | join(sep=', ') }}"),
            ["1: applique le filtre « sort » à « p.nom »"]
        );
        assert_eq!(
            reasons("{{ etab.nom | first }}"),
            ["1: applique le filtre « first » à « etab.nom », qui n'est pas une liste"]
        );
        assert_eq!(reasons("{{ etab.nom[0:3] }}"), ["1: découpe « etab.nom »"]);
        assert_eq!(
            reasons("{% filter upper %}{{ etab.nom }}{% endfilter %}"),
            ["1: applique le filtre « upper » à tout un bloc"]
        );
        for ok in [
            "{{ etab.responsables | length }}",
            "{% if t.sous_traitants | length > 1 %}{% endif %}",
            "{{ [p.nom for p in t.responsables] | liste }}",
            "{{ [p.nom for p in t.responsables] | length }}",
            "{{ c.donnees | join(sep=\", \") }}",
            "{{ t.mis_a_jour_le | date_fr }}",
            "{{ l.url | url_sure }}",
            "{{ contenu | safe }}",
            "{{ etab.type | upper }}",
            "{{ nb.traitements | round }}",
            "{% for p in [...site.responsables, ...site.communes] %}{{ p.nom }}{% endfor %}",
            "{% if site.communes | length == site.nb_communes %}{% endif %}",
            "{{ etab.responsables | first }}",
            "{{ etab.nom | default(value=\"?\") }}",
        ] {
            assert_eq!(reasons(ok), Vec::<String>::new(), "{ok}");
        }
    }

    #[test]
    fn comments_raw_and_text_are_not_read() {
        for ok in [
            "etab.commune == \"Metz\" | length",
            "{# {% if etab.commune == 'Metz' %} #}",
            "{% raw %}{{ etab.nom | length }}{% endraw %}",
            "{%- raw -%}{% if etab.nom == 'x' %}{%- endraw -%}",
            "{{ \"}}\" }} {{ etab.nom }}",
        ] {
            assert_eq!(reasons(ok), Vec::<String>::new(), "{ok}");
        }
        // Lines count through comments, raw blocks, strings and multi-line blocks.
        assert_eq!(
            reasons("{#\n\n#}{% raw %}\n{% endraw %}{{ 'a\nb' }}\n{% if\n etab.nom\n == 'x' %}{% endif %}"),
            ["8: compare « etab.nom » à un texte"]
        );
    }

    #[test]
    fn unreadable_expressions_are_reported() {
        // Not valid for tera either: a project's templates are compiled before the scan.
        assert_eq!(scan("x", "{{ etab.nom == }}").len(), 1);
        assert_eq!(scan("x", "{{ etab.nom $ 2 }}").len(), 1);
        assert_eq!(scan("x", "{{ etab.nom").len(), 1);
    }

    #[test]
    fn findings_read_in_french() {
        let f = scan("content/accueil.md", "\n\n{% if etab.commune == \"Metz\" %}{% endif %}");
        assert_eq!(
            f[0].to_string(),
            "content/accueil.md, ligne 3 : compare « etab.commune » à un texte"
        );
        assert_eq!(
            note(&f, 2).unwrap(),
            "rendu direct (plus lent) : content/accueil.md ligne 3 compare « etab.commune » à un texte"
        );
        let two = [f[0].clone(), f[0].clone(), f[0].clone()];
        assert!(note(&two, 1).unwrap().ends_with("(et 2 autres)"));
        assert_eq!(note(&[], 2), None);
    }
}
