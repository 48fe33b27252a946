//! Render once per *shape*, instantiate per establishment.
//!
//! Before rendering, roster strings are replaced by opaque tokens (`qzx0000012xzq`): always
//! for the strings that differ from one establishment to the next (its own fields, every
//! party, every address), and for any other string that escaping or minification could alter
//! (`< > & " =`, `script:`). Two establishments whose tokenized context is identical (same
//! parties' roles, same treatments, same equalities between values) produce the same HTML up
//! to the tokens: that HTML is rendered, minified and compiled once into a [`Skeleton`], then
//! every establishment of that shape only substitutes its escaped values.
//!
//! Tokens are letters and digits only: Markdown, tera, pulldown-cmark and minify-html leave
//! them untouched. Equal strings get equal tokens, so templates may compare values with each
//! other; they must not transform them (upper, truncate, replace, length of a string) nor
//! compare them with literals. Templates that do are found before rendering ([`super::guard`])
//! and then rendered directly: per establishment, with a [`Tokens::direct`] table.

use super::html;
use super::markdown::is_safe_url;
use super::typo;
use crate::resolve::model::*;
use std::sync::Arc;

const PREFIX: &[u8] = b"qzx";
const SUFFIX: &[u8] = b"xzq";
const DIGITS: usize = 7;
const TOKEN_LEN: usize = PREFIX.len() + DIGITS + SUFFIX.len();

/// Whether a string may stay as it is in the context (it is then part of the shape).
fn is_plain(s: &str) -> bool {
    let b = s.as_bytes();
    !b.iter()
        .any(|c| matches!(c, b'<' | b'>' | b'&' | b'"' | b'=' | b'\n' | b'\r' | b'\t'))
        && !b.windows(7).any(|w| w.eq_ignore_ascii_case(b"script:"))
        && !b.windows(3).any(|w| w.eq_ignore_ascii_case(b"qzx"))
}

/// For the index of values only (a collision costs a comparison, never a wrong token).
fn hash(s: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(s)
}

/// A value escaped for HTML: as it is (attributes), and for text nodes, with French
/// typography ([`super::typo`]) when that differs, in the same buffer.
struct Escaped {
    bytes: Vec<u8>,
    /// End of the form for attributes; the text form follows when it differs.
    split: usize,
}

impl Escaped {
    fn new(s: &str) -> Self {
        let mut bytes = Vec::with_capacity(s.len() + 8);
        html::escape_text_into(s, &mut bytes);
        let split = bytes.len();
        // Escaping changes no space, digit nor `« » : ; ! ?` (a colon right after `script`
        // aside, never one after a space): typography and escaping commute.
        if let Some(t) = typo::text(s) {
            html::escape_text_into(&t, &mut bytes);
        }
        Escaped { bytes, split }
    }

    fn attr(&self) -> &[u8] {
        &self.bytes[..self.split]
    }

    fn text(&self) -> &[u8] {
        if self.split == self.bytes.len() {
            &self.bytes
        } else {
            &self.bytes[self.split..]
        }
    }
}

/// The values behind the tokens of one rendering, each also escaped for text.
///
/// A table may sit over a *base* table (the values every establishment of a build shares:
/// ENT facts, register sheets), tokenized once: a value of the base keeps its token, the
/// table's own values are numbered after the base's.
#[derive(Default)]
pub struct Tokens<'b> {
    base: Option<&'b Tokens<'static>>,
    values: Vec<String>,
    escaped: Vec<Escaped>,
    /// Hash of a value → its first index in `values` (collisions fall back to a scan).
    index: rustc_hash::FxHashMap<u64, usize>,
    /// Parties already tokenized (an establishment names its académie many times): the
    /// resolved one, kept so that its address stays its own, and the tokenized one.
    parties: Vec<(Arc<Party>, Arc<Party>)>,
    /// Register sheets tokenized in this (base) table, by address of the resolved sheet
    /// (kept, as above).
    fiches: rustc_hash::FxHashMap<usize, (Arc<Fiche>, Arc<Fiche>)>,
    /// Direct rendering (see [`Tokens::direct`]): per-establishment strings stay as they are
    /// when plain.
    direct: bool,
}

impl<'b> Tokens<'b> {
    /// An empty table over `base` (direct if `base` is).
    pub fn over(base: &'b Tokens<'static>) -> Self {
        Tokens {
            base: Some(base),
            direct: base.direct,
            ..Tokens::default()
        }
    }

    /// A table for direct rendering, when templates read values (see [`super::guard`]):
    /// [`Tokens::var`] keeps a plain string as it is, like [`Tokens::text`], so that the
    /// templates see it. Strings that are not plain, addresses (`://`) and strings that would
    /// read as a link with another scheme (`data:…`, any `word:` before a `/`) stay tokens, so
    /// that a link made of them is still checked when filled. The rendered output then
    /// depends on the values: it must not be cached by shape.
    pub fn direct() -> Tokens<'static> {
        Tokens {
            direct: true,
            ..Tokens::default()
        }
    }

    fn offset(&self) -> usize {
        self.base.map_or(0, |b| b.values.len())
    }

    /// The index of `s` in this table's own values.
    fn find(&self, s: &str, h: u64) -> Option<usize> {
        match self.index.get(&h) {
            Some(&n) if self.values[n] == s => Some(n),
            Some(_) => self.values.iter().position(|v| v == s),
            None => None,
        }
    }

    /// Value `n` and its escaped form.
    pub fn get(&self, n: usize) -> Option<(&str, &[u8])> {
        match n.checked_sub(self.offset()) {
            Some(own) => Some((self.values.get(own)?, self.escaped.get(own)?.attr())),
            None => self.base?.get(n),
        }
    }

    /// Value `n` and its escaped forms.
    fn slot(&self, n: usize) -> Option<(&str, &Escaped)> {
        match n.checked_sub(self.offset()) {
            Some(own) => Some((self.values.get(own)?, self.escaped.get(own)?)),
            None => self.base?.slot(n),
        }
    }

    /// Every value, base first, in token order.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        let base = self.base.into_iter().flat_map(|b| b.values.iter());
        base.chain(&self.values).map(String::as_str)
    }

    fn token(&mut self, s: &str) -> String {
        let h = hash(s);
        let n = match self.base.and_then(|b| b.find(s, h)) {
            Some(n) => n,
            None => {
                let own = self.find(s, h).unwrap_or_else(|| {
                    self.values.push(s.to_owned());
                    self.escaped.push(Escaped::new(s));
                    self.index.entry(h).or_insert(self.values.len() - 1);
                    self.values.len() - 1
                });
                self.offset() + own
            }
        };
        let mut t = String::with_capacity(TOKEN_LEN);
        t.push_str("qzx");
        let digits = n.to_string();
        for _ in digits.len()..DIGITS {
            t.push('0');
        }
        t.push_str(&digits);
        t.push_str("xzq");
        t
    }

    /// A per-establishment string: always a token (unless empty); in a direct table, kept
    /// when plain and not an address.
    pub fn var(&mut self, s: &str) -> String {
        if s.is_empty() {
            String::new()
        } else if self.direct && is_plain(s) && is_safe_url(s) && !s.contains("://") {
            s.to_owned()
        } else {
            self.token(s)
        }
    }

    /// A shared string: kept when plain, else a token.
    pub fn text(&mut self, s: &str) -> String {
        if is_plain(s) { s.to_owned() } else { self.token(s) }
    }

    /// An address: dropped when not a safe URL, else a token.
    pub fn url(&mut self, s: &Option<String>) -> Option<String> {
        s.as_deref()
            .filter(|u| is_safe_url(u) && !u.trim().is_empty())
            .map(|u| self.token(u))
    }

    fn text_opt(&mut self, s: &Option<String>) -> Option<String> {
        s.as_deref().map(|s| self.text(s))
    }

    fn var_opt(&mut self, s: &Option<String>) -> Option<String> {
        s.as_deref().map(|s| self.var(s))
    }

    fn texts(&mut self, v: &[String]) -> Vec<String> {
        v.iter().map(|s| self.text(s)).collect()
    }

    pub fn dpd(&mut self, d: &Dpd) -> Dpd {
        Dpd {
            nom: self.var_opt(&d.nom),
            courriel: self.var_opt(&d.courriel),
            telephone: self.var_opt(&d.telephone),
            adresse: self.var_opt(&d.adresse),
            formulaire: self.url(&d.formulaire),
        }
    }

    pub fn party(&mut self, p: &Arc<Party>) -> Arc<Party> {
        if let Some((_, t)) = self.parties.iter().find(|(q, _)| Arc::ptr_eq(p, q)) {
            return t.clone();
        }
        let t = Arc::new(Party {
            id: self.var(&p.id),
            kind: p.kind.clone(),
            type_libelle: self.text(&p.type_libelle),
            nom: self.var(&p.nom),
            le: self.var(&p.le),
            du: self.var(&p.du),
            au: self.var(&p.au),
            feminin: p.feminin,
            representant: self.var_opt(&p.representant),
            adresse: self.var_opt(&p.adresse),
            site_web: self.url(&p.site_web),
            dpd: self.dpd(&p.dpd),
        });
        self.parties.push((p.clone(), t.clone()));
        t
    }

    fn parties(&mut self, v: &[Arc<Party>]) -> Vec<Arc<Party>> {
        v.iter().map(|p| self.party(p)).collect()
    }

    pub fn ent(&mut self, e: &Ent) -> Ent {
        let a = &e.appellation;
        Ent {
            nom: self.text(&e.nom),
            appellation: Appellation {
                le: self.text(&a.le),
                le_maj: self.text(&a.le_maj),
                du: self.text(&a.du),
                dans: self.text(&a.dans),
                long: self.text(&a.long),
                long_maj: self.text(&a.long_maj),
                pluriel: a.pluriel,
            },
            url: self.url(&e.url),
            base_url: self.text(&e.base_url),
            convention: e.convention.as_ref().map(|c| Convention {
                titre: self.text_opt(&c.titre),
                date: self.text_opt(&c.date),
                url: self.url(&c.url),
            }),
            origine_donnees: self.text_opt(&e.origine_donnees),
            identite_systematique: e.identite_systematique,
            hebergeur: e.hebergeur.as_ref().map(|h| Hebergeur {
                nom: self.text(&h.nom),
                adresse: self.text_opt(&h.adresse),
                telephone: self.text_opt(&h.telephone),
            }),
            editeur: e.editeur.as_ref().map(|p| self.party(p)),
            accessibilite: Accessibilite {
                statut: self.text(&e.accessibilite.statut),
                date: self.text_opt(&e.accessibilite.date),
                declaration: self.url(&e.accessibilite.declaration),
                contact: self.url(&e.accessibilite.contact),
                non_conformites: self.texts(&e.accessibilite.non_conformites),
            },
            cookies: e.cookies.as_ref().map(|c| Cookies {
                mesure_audience: c.mesure_audience,
                outil: self.text_opt(&c.outil),
                duree_mois: c.duree_mois,
                page: self.url(&c.page),
            }),
            delais: Delais {
                reponse_droits: self.text_opt(&e.delais.reponse_droits),
                transmission_demande_mal_adressee: self.text_opt(&e.delais.transmission_demande_mal_adressee),
                notification_violation: self.text_opt(&e.delais.notification_violation),
            },
        }
    }

    fn fiche(&mut self, t: &Fiche) -> Fiche {
        Fiche {
            id: self.text(&t.id),
            nom: self.text(&t.nom),
            responsabilite: self.text(&t.responsabilite),
            sous_traitants: self.parties(&t.sous_traitants),
            finalites: self.texts(&t.finalites),
            base_legale: self.text(&t.base_legale),
            base_legale_precision: self.text_opt(&t.base_legale_precision),
            base_legale_libelle: self.text(&t.base_legale_libelle),
            portabilite: t.portabilite,
            references: self.texts(&t.references),
            obligatoire: t.obligatoire,
            obligatoire_precision: self.text_opt(&t.obligatoire_precision),
            consentement: self.text_opt(&t.consentement),
            personnes: self.texts(&t.personnes),
            donnees: t
                .donnees
                .iter()
                .map(|c| Categorie {
                    categorie: self.text(&c.categorie),
                    libelle: self.text(&c.libelle),
                    donnees: self.texts(&c.donnees),
                })
                .collect(),
            destinataires: self.texts(&t.destinataires),
            conservation: self.texts(&t.conservation),
            transferts_hors_ue: self.text_opt(&t.transferts_hors_ue),
            mesures_securite: self.texts(&t.mesures_securite),
            cree_le: self.text(&t.cree_le),
            mis_a_jour_le: self.text(&t.mis_a_jour_le),
        }
    }

    /// Tokenizes a register sheet into this table, once, for the tables over it; returns
    /// the tokenized sheet and whether it is new.
    pub fn share_fiche(&mut self, fiche: &Arc<Fiche>) -> (Arc<Fiche>, bool) {
        let at = Arc::as_ptr(fiche) as usize;
        if let Some((_, t)) = self.fiches.get(&at) {
            return (t.clone(), false);
        }
        let t = Arc::new(self.fiche(fiche));
        self.fiches.insert(at, (fiche.clone(), t.clone()));
        (t, true)
    }

    /// A treatment: its controllers tokenized here, its sheet as the base tokenized it.
    pub fn traitement(&mut self, t: &Traitement) -> Traitement {
        let responsables = self.parties(&t.responsables);
        let shared = self.base.and_then(|b| b.fiches.get(&(Arc::as_ptr(&t.fiche) as usize)));
        let fiche = match shared {
            Some((_, fiche)) => fiche.clone(),
            None => Arc::new(self.fiche(&t.fiche)),
        };
        Traitement { responsables, fiche }
    }

    pub fn etablissement(&mut self, e: &Etablissement) -> Etablissement {
        Etablissement {
            uai: self.var(&e.uai),
            slug: self.var(&e.slug),
            nom: self.var(&e.nom),
            kind: e.kind.clone(),
            type_libelle: self.text(&e.type_libelle),
            premier_degre: e.premier_degre,
            statut: e.statut.clone(),
            est_responsable: e.est_responsable,
            prive: e.prive,
            commune: self.var_opt(&e.commune),
            code_commune: self.var_opt(&e.code_commune),
            departement: self.var(&e.departement),
            adresse: self.var_opt(&e.adresse),
            // Shared wording (« Principal », « Proviseur »…): templates may compare it.
            responsable_qualite: self.text(&e.responsable_qualite),
            responsable_nom: self.var_opt(&e.responsable_nom),
            site_web: self.url(&e.site_web),
            scenario: e.scenario,
            academie: self.party(&e.academie),
            collectivite: e.collectivite.as_ref().map(|p| self.party(p)),
            etablissement: self.party(&e.etablissement),
            responsables: self.parties(&e.responsables),
            point_de_contact: e.point_de_contact.as_ref().map(|p| self.party(p)),
            dpd: self.dpd(&e.dpd),
            droits: e
                .droits
                .iter()
                .map(|d| DroitRoute {
                    traitements: self.texts(&d.traitements),
                    demandeurs: self.texts(&d.demandeurs),
                    objet: self.text_opt(&d.objet),
                    destinataires: self.parties(&d.destinataires),
                })
                .collect(),
            violations: e
                .violations
                .iter()
                .map(|v| ViolationRoute {
                    perimetre: self.text(&v.perimetre),
                    perimetre_libelle: self.text(&v.perimetre_libelle),
                    notifie: v.notifie.as_ref().map(|p| self.party(p)),
                    origine: v.origine,
                    informe: self.parties(&v.informe),
                    delai: self.text_opt(&v.delai),
                })
                .collect(),
            obligations: e
                .obligations
                .iter()
                .map(|o| ObligationRoute {
                    partie: self.party(&o.partie),
                    engagements: self.texts(&o.engagements),
                })
                .collect(),
            traitements: e.traitements.iter().map(|t| self.traitement(t)).collect(),
        }
    }
}

/// How a value is escaped where its token stands.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Ctx {
    /// Text: escaped, with French typography.
    Text,
    /// An attribute value (other than `href`), or the content of `code`, `pre`, `script`,
    /// `style`: escaped, as it is.
    Attr,
    /// An `href` value; `start`: the token opens the value (its scheme must then be checked).
    Href { start: bool },
    /// As is (file paths: the value must be a slug).
    Raw,
}

#[derive(Debug)]
enum Part {
    Lit(usize, usize),
    Slot(usize, Ctx),
}

/// Rendered output with holes for the values of one establishment.
#[derive(Debug)]
pub struct Skeleton {
    lit: String,
    parts: Vec<Part>,
}

fn token_at(b: &[u8], i: usize) -> Option<usize> {
    let t = b.get(i..i + TOKEN_LEN)?;
    if !t.starts_with(PREFIX) || !t.ends_with(SUFFIX) {
        return None;
    }
    let digits = &t[PREFIX.len()..PREFIX.len() + DIGITS];
    digits
        .iter()
        .all(u8::is_ascii_digit)
        .then(|| digits.iter().fold(0, |n, d| n * 10 + (d - b'0') as usize))
}

struct Builder<'a> {
    src: &'a [u8],
    lit: String,
    parts: Vec<Part>,
    /// Start (in `lit`) of the literal not yet pushed as a part.
    open: usize,
}

impl Builder<'_> {
    fn push_lit(&mut self, from: usize, to: usize) {
        // Input is UTF-8 and cuts fall on ASCII bytes.
        self.lit
            .push_str(std::str::from_utf8(&self.src[from..to]).unwrap_or(""));
    }

    fn slot(&mut self, n: usize, ctx: Ctx) {
        if self.lit.len() > self.open {
            self.parts.push(Part::Lit(self.open, self.lit.len()));
        }
        self.open = self.lit.len();
        self.parts.push(Part::Slot(n, ctx));
    }

    /// Copies `src[from..to]`, turning tokens into slots of `ctx`.
    fn run(&mut self, from: usize, to: usize, ctx: Ctx) {
        let mut i = from;
        let mut copied = from;
        while i < to {
            if self.src[i] == b'q'
                && let Some(n) = token_at(self.src, i).filter(|_| i + TOKEN_LEN <= to)
            {
                self.push_lit(copied, i);
                let ctx = match ctx {
                    Ctx::Href { .. } => Ctx::Href { start: i == from },
                    c => c,
                };
                self.slot(n, ctx);
                i += TOKEN_LEN;
                copied = i;
            } else {
                i += 1;
            }
        }
        self.push_lit(copied, to);
    }

    fn finish(mut self) -> Skeleton {
        if self.lit.len() > self.open {
            self.parts.push(Part::Lit(self.open, self.lit.len()));
        }
        Skeleton {
            lit: self.lit,
            parts: self.parts,
        }
    }
}

fn find(b: &[u8], from: usize, pred: impl Fn(u8) -> bool) -> usize {
    b[from..].iter().position(|&c| pred(c)).map_or(b.len(), |p| from + p)
}

fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> usize {
    (from..b.len().saturating_sub(needle.len() - 1))
        .find(|&i| b[i..i + needle.len()].eq_ignore_ascii_case(needle))
        .unwrap_or(b.len())
}

impl Skeleton {
    /// A path: tokens must stand for slugs.
    pub fn raw(text: &str) -> Skeleton {
        let mut b = Builder {
            src: text.as_bytes(),
            lit: String::new(),
            parts: Vec::new(),
            open: 0,
        };
        b.run(0, text.len(), Ctx::Raw);
        b.finish()
    }

    /// Compiles (minified) HTML: tokens in text and attribute values become slots; an
    /// unquoted attribute value holding a token gets quoted.
    pub fn html(text: &str) -> Skeleton {
        let src = text.as_bytes();
        let mut b = Builder {
            src,
            lit: String::with_capacity(text.len()),
            parts: Vec::new(),
            open: 0,
        };
        let mut i = 0;
        // Depth of `code` and `pre` elements: their text keeps its spaces (no typography).
        let mut code = 0usize;
        while i < src.len() {
            // Text up to the next tag.
            let lt = find(src, i, |c| c == b'<');
            b.run(i, lt, if code > 0 { Ctx::Attr } else { Ctx::Text });
            if lt == src.len() {
                break;
            }
            // Tag name.
            let name_end = find(src, lt + 1, |c| c.is_ascii_whitespace() || c == b'>');
            let name = text[lt + 1..name_end].to_ascii_lowercase();
            match name.as_str() {
                "code" | "pre" => code += 1,
                "/code" | "/pre" => code = code.saturating_sub(1),
                _ => {}
            }
            b.push_lit(lt, name_end);
            i = name_end;
            // Attributes.
            loop {
                let j = find(src, i, |c| !c.is_ascii_whitespace());
                b.push_lit(i, j);
                i = j;
                if i >= src.len() {
                    break;
                }
                if src[i] == b'>' {
                    b.push_lit(i, i + 1);
                    i += 1;
                    break;
                }
                let n_end = find(src, i, |c| c.is_ascii_whitespace() || c == b'=' || c == b'>');
                let n_end = n_end.max(i + 1);
                let attr = text[i..n_end].to_ascii_lowercase();
                b.push_lit(i, n_end);
                i = n_end;
                if src.get(i) != Some(&b'=') {
                    continue;
                }
                b.push_lit(i, i + 1);
                i += 1;
                let ctx = if attr == "href" {
                    Ctx::Href { start: true }
                } else {
                    Ctx::Attr
                };
                match src.get(i) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let end = find(src, i + 1, |c| c == q);
                        b.push_lit(i, i + 1);
                        b.run(i + 1, end, ctx);
                        b.push_lit(end, (end + 1).min(src.len()));
                        i = end + 1;
                    }
                    _ => {
                        let end = find(src, i, |c| c.is_ascii_whitespace() || c == b'>');
                        let has_token = (i..end).any(|k| src[k] == b'q' && token_at(src, k).is_some());
                        if has_token {
                            b.lit.push('"');
                            b.run(i, end, ctx);
                            b.lit.push('"');
                        } else {
                            b.push_lit(i, end);
                        }
                        i = end;
                    }
                }
            }
            // Raw text elements: everything up to the closing tag is text.
            if matches!(name.as_str(), "title" | "textarea" | "script" | "style") {
                let close = find_ci(src, i, format!("</{name}").as_bytes());
                b.run(i, close, if name == "title" { Ctx::Text } else { Ctx::Attr });
                i = close;
            }
        }
        b.finish()
    }

    /// Writes the skeleton with the values of `tokens`.
    pub fn instantiate(&self, tokens: &Tokens, out: &mut Vec<u8>) -> Result<(), String> {
        for part in &self.parts {
            match *part {
                Part::Lit(a, z) => out.extend_from_slice(&self.lit.as_bytes()[a..z]),
                Part::Slot(n, ctx) => {
                    let Some((value, escaped)) = tokens.slot(n) else {
                        return Err(format!("jeton inconnu n°{n}"));
                    };
                    match ctx {
                        Ctx::Text => out.extend_from_slice(escaped.text()),
                        Ctx::Attr => out.extend_from_slice(escaped.attr()),
                        Ctx::Href { start } => {
                            if !start || is_safe_url(value) {
                                html::escape_href_into(value, out);
                            }
                        }
                        Ctx::Raw => {
                            if !value
                                .bytes()
                                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
                            {
                                return Err(format!("« {value} » ne peut pas servir de nom de dossier"));
                            }
                            out.extend_from_slice(value.as_bytes());
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether some token-like text survived compilation outside a slot (a template
    /// transformed a value).
    pub fn has_stray_token(&self) -> bool {
        let l = self.lit.to_ascii_lowercase();
        l.contains("qzx")
            && l.match_indices("qzx")
                .any(|(i, _)| l.as_bytes().get(i + TOKEN_LEN - 3..i + TOKEN_LEN) == Some(SUFFIX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(html: &str, values: &[&str]) -> String {
        let mut tk = Tokens::default();
        for v in values {
            tk.var(v);
        }
        let mut out = Vec::new();
        Skeleton::html(html).instantiate(&tk, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn slots_by_context() {
        let v = ["<b>\"x\"</b>", "https://a.fr/?a=b&c", "javascript:alert(1)", "a b"];
        assert_eq!(
            fill(
                "<p title=\"t qzx0000000xzq\">qzx0000000xzq</p><a href=qzx0000001xzq>l</a><a href=\"qzx0000002xzq\">k</a><i class=qzx0000003xzq>",
                &v
            ),
            "<p title=\"t &lt;b&gt;&quot;x&quot;&lt;/b&gt;\">&lt;b&gt;&quot;x&quot;&lt;/b&gt;</p><a href=\"https://a.fr/?a&#61;b&amp;c\">l</a><a href=\"\">k</a><i class=\"a b\">"
        );
        assert_eq!(
            fill("<title>T qzx0000000xzq</title><a href=mailto:qzx0000001xzq>", &v),
            "<title>T &lt;b&gt;&quot;x&quot;&lt;/b&gt;</title><a href=\"mailto:https://a.fr/?a&#61;b&amp;c\">"
        );
        assert_eq!(
            fill("<a href=\"mailto:qzx0000002xzq\">", &v),
            "<a href=\"mailto:javascript&#58;alert(1)\">"
        );
    }

    #[test]
    fn values_get_french_typography_in_text_only() {
        assert_eq!(
            fill(
                "<p title=\"qzx0000000xzq\">qzx0000000xzq</p><a href=\"mailto:qzx0000001xzq\">qzx0000001xzq</a><code>qzx0000000xzq</code>",
                &["Rectorat : DPD ?", "a@b.fr"]
            ),
            "<p title=\"Rectorat : DPD ?\">Rectorat\u{a0}: DPD\u{202f}?</p><a href=\"mailto:a@b.fr\">a@b.fr</a><code>Rectorat : DPD ?</code>"
        );
    }

    #[test]
    fn tokens_are_interned() {
        let mut t = Tokens::default();
        assert_eq!(t.var("a"), t.var("a"));
        assert_ne!(t.var("a"), t.var("b"));
        assert_eq!(t.text("Collège Barbot"), "Collège Barbot");
        assert!(t.text("a=b").starts_with("qzx"));
        assert_eq!(t.url(&Some("javascript:x".into())), None);
        assert_eq!(t.var(""), "");
    }

    #[test]
    fn a_direct_table_keeps_plain_values() {
        let base = Tokens::direct();
        let mut t = Tokens::over(&base);
        assert_eq!(t.var("Metz"), "Metz");
        assert_eq!(t.var("Jean d'Arc"), "Jean d'Arc");
        assert!(t.var("a & b").starts_with("qzx"), "not plain");
        assert!(t.var("https://a.fr/").starts_with("qzx"), "an address");
        assert!(t.var("data:text/html,x").starts_with("qzx"), "a scheme");
        assert!(t.var("Rectorat : DPD").starts_with("qzx"), "reads as a scheme");
        assert_eq!(t.var("dpd@ac-metz.fr"), "dpd@ac-metz.fr");
        assert!(t.var("qzx").starts_with("qzx"), "token-like");
        assert!(Tokens::default().var("Metz").starts_with("qzx"));
    }

    #[test]
    fn a_table_over_a_base_keeps_the_base_tokens() {
        let mut base = Tokens::default();
        let (a, b) = (base.var("a"), base.var("b<"));
        let mut own = Tokens::over(&base);
        assert_eq!(own.var("b<"), b, "a value of the base keeps its token");
        let c = own.var("c");
        assert_eq!(c, "qzx0000002xzq", "own values come after the base's");
        assert_eq!(own.var("a"), a);
        assert_eq!(own.get(1), Some(("b<", &b"b&lt;"[..])));
        assert_eq!(own.get(2), Some(("c", &b"c"[..])));
        assert_eq!(own.get(3), None);
        assert_eq!(own.values().collect::<Vec<_>>(), ["a", "b<", "c"]);
        let mut out = Vec::new();
        Skeleton::html(&format!("<p>{a} {b} {c}</p>"))
            .instantiate(&own, &mut out)
            .unwrap();
        assert_eq!(out, b"<p>a b&lt; c</p>");
    }
}
