//! Validation rules of SPEC §3, all reported at once. No resolution here: roles are
//! checked by `resolve`, which runs only on a roster that passed this stage.

pub mod text;
pub mod uai;

use crate::diagnostic::{Diagnostic, Report, Rule, nearest};
use crate::roster::{Dpd, Roster, Text};
use crate::vocab;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Every rule of SPEC §3 that needs no resolution.
pub fn validate(roster: &Roster) -> Report {
    let mut v = Validator {
        roster,
        report: Report::default(),
    };
    v.ent();
    let party_ids = v.parties();
    let traitement_ids = v.traitements(&party_ids);
    v.etablissements(&party_ids, &traitement_ids);
    v.routes(&party_ids, &traitement_ids);
    v.report.sort();
    v.report
}

struct Validator<'a> {
    roster: &'a Roster,
    report: Report,
}

impl<'a> Validator<'a> {
    fn path(&self, file: usize) -> &'a Path {
        self.roster.path(file)
    }

    fn error(&mut self, rule: Rule, file: usize, at: &Text, msg: String) -> &mut Diagnostic {
        self.report
            .push(Diagnostic::error(rule, self.path(file), at.referenced, msg));
        self.report.items.last_mut().expect("just pushed")
    }

    fn warning(&mut self, rule: Rule, file: usize, at: &Text, msg: String) {
        self.report
            .push(Diagnostic::warning(rule, self.path(file), at.referenced, msg));
    }

    /// Free text: not too long, no invisible or control character, no leftover placeholder.
    /// Returns whether it passed (the caller's own checks are then worth making).
    fn text(&mut self, file: usize, t: &Text) -> bool {
        self.bounded(file, t, text::TEXT_MAX, "texte")
    }

    /// A name (of the ENT, a party, an establishment, a treatment, a person): free text,
    /// shorter.
    fn name(&mut self, file: usize, t: &Text) -> bool {
        self.bounded(file, t, text::NAME_MAX, "nom")
    }

    fn bounded(&mut self, file: usize, t: &Text, max: usize, what: &str) -> bool {
        // Bytes first: counting the characters of a 10 MB value is only done when needed.
        if t.value.len() > max {
            let len = t.value.chars().count();
            if len > max {
                self.error(
                    Rule::TEXTE_LONGUEUR,
                    file,
                    t,
                    format!("{what} trop long : {len} caractères, au plus {max} sont permis"),
                )
                .help = Some(format!(
                    "raccourcissez ce {what} (« {} ») : les pages le publient tel quel",
                    text::shown(&t.value)
                ));
                return false;
            }
        }
        if !self.visible(file, t) {
            return false;
        }
        if let Some(p) = text::placeholder(&t.value) {
            self.error(
                Rule::TEXTE_MODELE,
                file,
                t,
                format!("texte à compléter : « {p} » est un modèle non rempli"),
            )
            .help = Some("remplacez-le par la valeur réelle".into());
            return false;
        }
        true
    }

    /// No control, bidirectional or zero-width character: reported at the character itself
    /// when it is written as such in the file (not as a YAML escape).
    fn visible(&mut self, file: usize, t: &Text) -> bool {
        let Some((_, c)) = text::invisible(&t.value) else {
            return true;
        };
        let kind = text::invisible_kind(c).unwrap_or("caractère invisible");
        let place = self.char_place(file, t, c);
        let d = self.error(
            Rule::TEXTE_INVISIBLE,
            file,
            t,
            format!("{kind} U+{:04X} dans le texte « {} »", c as u32, text::shown(&t.value)),
        );
        if let Some((line, column)) = place {
            (d.line, d.column) = (line, column);
        }
        d.help = Some(if ('\u{80}'..='\u{9f}').contains(&c) {
            "texte mal converti depuis windows-1252 (par exemple « œ » devenu U+009C) : retapez le caractère".into()
        } else if c.is_control() {
            "supprimez ce caractère invisible".into()
        } else {
            "ce caractère ne se voit pas mais change l'ordre d'affichage du texte ou cache son contenu : supprimez-le (retapez le texte autour)".into()
        });
        false
    }

    /// Line and column (1-based, in characters) of the first `c` written in the source of `t`.
    fn char_place(&self, file: usize, t: &Text, c: char) -> Option<(u64, u64)> {
        let at = if t.defined.span().byte_offset().is_some() {
            t.defined
        } else {
            t.referenced
        };
        let start = at.span().byte_offset()? as usize;
        let len = at.span().byte_len()? as usize;
        let src = self
            .roster
            .sources
            .get(file)?
            .text
            .get(start..start.checked_add(len)?)?;
        let i = src.find(c)?;
        let before = &src[..i];
        Some(match before.rfind('\n') {
            Some(nl) => (
                at.line() + before.matches('\n').count() as u64,
                before[nl + 1..].chars().count() as u64 + 1,
            ),
            None => (at.line(), at.column() + before.chars().count() as u64),
        })
    }

    fn texts<'b>(&mut self, file: usize, ts: impl IntoIterator<Item = &'b Text>) {
        for t in ts {
            self.text(file, t);
        }
    }

    fn url(&mut self, file: usize, t: &Text) {
        self.url_with(file, t, text::url_problem);
    }

    /// `ent.base_url`: every address of the site starts with it, so no query nor fragment.
    fn base_url(&mut self, file: usize, t: &Text) {
        self.url_with(file, t, text::base_url_problem);
    }

    fn url_with(&mut self, file: usize, t: &Text, problem: fn(&str) -> Option<&'static str>) {
        if !self.text(file, t) {
            return;
        }
        if let Some(problem) = problem(&t.value) {
            let d = self.error(
                Rule::URL,
                file,
                t,
                format!("adresse web invalide « {} » : {problem}", text::shown(&t.value)),
            );
            if !t.value.contains(':') && t.value.contains('.') {
                d.help = Some(format!("écrivez « https://{} »", t.value.trim()));
            }
        }
    }

    fn email(&mut self, file: usize, t: &Text) {
        if !self.text(file, t) {
            return;
        }
        let value = t.value.trim();
        if !text::is_email(value) {
            let query = value.contains(|c: char| "?&%#/".contains(c) || c.is_whitespace());
            self.error(
                Rule::COURRIEL,
                file,
                t,
                format!("adresse électronique invalide « {} »", text::shown(value)),
            )
            .help = Some(if query {
                "une adresse seule, de la forme nom@domaine.fr, sans « ? », « & », « % », « # », « / » ni espace : le lien « écrire au DPD » pourrait sinon ajouter des destinataires ou un message".into()
            } else {
                "une adresse de la forme nom@domaine.fr est attendue".into()
            });
        }
    }

    fn phone(&mut self, file: usize, t: &Text) {
        if !self.visible(file, t) {
            return;
        }
        if !text::is_phone(&t.value) {
            self.warning(
                Rule::TELEPHONE,
                file,
                t,
                format!(
                    "numéro de téléphone inhabituel « {} » (attendu : 03 83 86 20 20 ou +33 3 83 86 20 20)",
                    t.value
                ),
            );
        }
    }

    fn date(&mut self, file: usize, t: &Text) -> bool {
        let ok = text::is_iso_date(t.value.trim());
        if !ok {
            self.error(Rule::DATE, file, t, format!("date invalide « {} »", t.value))
                .help = Some("écrivez la date au format AAAA-MM-JJ, par exemple 2025-09-01".into());
        }
        ok
    }

    fn slug(&mut self, file: usize, t: &Text, what: &str) {
        if !text::is_slug(&t.value) {
            let fixed = text::slugify(&t.value);
            let d = self.error(
                Rule::IDENTIFIANT,
                file,
                t,
                format!(
                    "identifiant {what} invalide « {} » : lettres minuscules, chiffres et tirets seulement",
                    t.value
                ),
            );
            if !fixed.is_empty() {
                d.help = Some(format!("par exemple « {fixed} »"));
            }
        }
    }

    fn one_of(&mut self, rule: Rule, file: usize, t: &Text, what: &str, allowed: &[&str]) -> bool {
        if allowed.contains(&t.value.as_str()) {
            return true;
        }
        let suggestion = nearest(&t.value, allowed.iter().copied());
        let d = self.error(rule, file, t, format!("{what} inconnu « {} »", t.value));
        d.help = Some(match suggestion {
            Some(s) => format!(
                "vouliez-vous dire « {s} » ? (valeurs permises : {})",
                allowed.join(", ")
            ),
            None => format!("valeurs permises : {}", allowed.join(", ")),
        });
        false
    }

    /// The roster's override of how a name is written in running text.
    fn grammaire(&mut self, file: usize, g: Option<&crate::roster::Grammaire>) {
        let Some(g) = g else { return };
        if let Some(a) = &g.article {
            self.one_of(
                Rule::GRAMMAIRE_ARTICLE,
                file,
                a,
                "article",
                crate::resolve::grammaire::ARTICLES,
            );
        }
        if let Some(t) = &g.genre {
            self.one_of(
                Rule::GRAMMAIRE_GENRE,
                file,
                t,
                "genre",
                crate::resolve::grammaire::GENRES,
            );
        }
    }

    /// A DPD's contact details; `owner` is the id (or UAI) of whoever designated it.
    fn dpd(&mut self, file: usize, dpd: Option<&Dpd>, owner: &Text) {
        let Some(d) = dpd else { return };
        if d.courriel.is_none() && d.formulaire.is_none() && d.telephone.is_none() && d.adresse.is_none() {
            // An agreement may name a DPD without its contact (seed 004): the pages then name
            // it without inventing one, but the notice owes it (Art. 13.1.b).
            self.report.push(
                Diagnostic::warning(Rule::DPD_COORDONNEES, self.path(file), owner.referenced, format!(
                    "le délégué à la protection des données de « {} » n'a aucune coordonnée : les pages diront seulement « coordonnées non indiquées », alors que l'article 13.1.b du RGPD demande de les donner",
                    owner.value
                ))
                .help("ajoutez « courriel: » ou « formulaire: » sous « dpd: » dès que vous les connaissez"),
            );
        }
        if let Some(t) = &d.nom {
            self.name(file, t);
        }
        if let Some(t) = &d.adresse {
            self.text(file, t);
        }
        if let Some(c) = &d.courriel {
            self.email(file, c);
        }
        if let Some(t) = &d.telephone {
            self.phone(file, t);
        }
        if let Some(u) = &d.formulaire {
            self.url(file, u);
        }
    }

    fn ent(&mut self) {
        let Some(ent) = &self.roster.ent else { return };
        self.name(0, &ent.nom);
        if let Some(n) = &ent.nature {
            self.one_of(Rule::ENT_NATURE, 0, n, "type de service", vocab::NATURES);
        }
        if let Some(v) = &ent.verification_identite {
            self.one_of(
                Rule::ENT_VERIFICATION_IDENTITE,
                0,
                v,
                "mode de vérification d'identité",
                vocab::VERIFICATIONS_IDENTITE,
            );
        }
        if let Some(t) = &ent.origine_donnees {
            self.text(0, t);
        }
        self.base_url(0, &ent.base_url);
        if let Some(u) = &ent.url {
            self.url(0, u);
        }
        if let Some(s) = &ent.scenario
            && !(1..=3).contains(&s.value)
        {
            self.report.push(
                    Diagnostic::error(Rule::SCENARIO, self.path(0), s.referenced, format!("scénario inconnu « {} »", s.value))
                        .help("1 (premier degré), 2 (second degré, une académie) ou 3 (plusieurs académies, région et départements)"),
                );
        }
        if let Some(c) = &ent.convention {
            for t in [&c.titre].into_iter().flatten() {
                self.text(0, t);
            }
            if let Some(d) = &c.date {
                self.date(0, d);
            }
            if let Some(u) = &c.url {
                self.url(0, u);
            }
        }
        if let Some(a) = &ent.accessibilite {
            if vocab::accessibilite(&a.statut.value).is_none() {
                self.error(
                    Rule::ACCESSIBILITE_STATUT,
                    0,
                    &a.statut,
                    format!("statut d'accessibilité inconnu « {} »", a.statut.value),
                )
                .help = Some("« non conforme », « partiellement conforme » ou « totalement conforme » (RGAA)".into());
            }
            if let Some(u) = &a.declaration {
                self.url(0, u);
            }
        }
        if let Some(a) = &ent.accessibilite {
            if let Some(d) = &a.date {
                self.date(0, d);
            }
            if let Some(u) = &a.contact {
                self.url(0, u);
            }
        }
        if let Some(c) = &ent.cookies {
            if let Some(u) = &c.page {
                self.url(0, u);
            }
            if let Some(t) = &c.outil {
                self.text(0, t);
            }
        }
        match &ent.hebergeur {
            Some(h) => {
                self.name(0, &h.nom);
                if let Some(t) = &h.adresse {
                    self.text(0, t);
                }
                if let Some(t) = &h.telephone {
                    self.phone(0, t);
                }
            }
            None => self.report.push(
                Diagnostic::warning(Rule::ENT_HEBERGEUR, self.path(0), ent.nom.referenced, "aucun hébergeur de l'ENT n'est indiqué : les mentions légales (LCEN, article 6) ne peuvent pas le nommer")
                    .help("ajoutez « hebergeur: { nom: ..., adresse: ... } » dans « ent: »"),
            ),
        }
        let d = &ent.delais;
        for t in [
            &d.reponse_droits,
            &d.transmission_demande_mal_adressee,
            &d.notification_violation,
        ]
        .into_iter()
        .flatten()
        {
            self.text(0, t);
        }
    }

    fn parties(&mut self) -> HashMap<&'a str, &'a str> {
        let mut ids: HashMap<&str, &str> = HashMap::new();
        let mut seen: HashMap<&str, (usize, u64)> = HashMap::new();
        for p in &self.roster.parties {
            let f = p.file;
            self.slug(f, &p.id, "de partie");
            if let Some((pf, line)) = seen.insert(&p.id.value, (f, p.id.referenced.line())) {
                let prev = self.path(pf).display().to_string();
                self.error(
                    Rule::IDENTIFIANT_DOUBLE,
                    f,
                    &p.id,
                    format!(
                        "identifiant de partie en double « {} » (déjà à {prev}:{line})",
                        p.id.value
                    ),
                );
            }
            let kind_ok = self.one_of(Rule::TYPE_PARTIE, f, &p.kind, "type de partie", vocab::PARTY_TYPES);
            if kind_ok {
                ids.insert(&p.id.value, &p.kind.value);
            }
            self.name(f, &p.nom);
            for t in [&p.adresse, &p.representant].into_iter().flatten() {
                self.text(f, t);
            }
            if let Some(u) = &p.site_web {
                self.url(f, u);
            }
            self.dpd(f, p.dpd.as_deref(), &p.id);
            self.grammaire(f, p.grammaire.as_deref());
            if let Some(c) = &p.code
                && p.kind.value != "academie"
            {
                self.warning(
                    Rule::ACADEMIE_CODE,
                    f,
                    c,
                    "« code » ne sert que pour une académie".into(),
                );
            }
            for c in &p.competences {
                self.one_of(
                    Rule::TYPE_ETABLISSEMENT,
                    f,
                    c,
                    "type d'établissement",
                    vocab::ETAB_TYPES,
                );
            }
            if p.kind.value == "commune" && p.code_commune.is_none() && p.communes.is_empty() {
                self.error(
                    Rule::COMMUNE_SANS_CODE,
                    f,
                    &p.kind,
                    format!("la commune « {} » n'a ni « code_commune » ni « communes »", p.id.value),
                )
                .help = Some("ajoutez son code INSEE, par exemple code_commune: \"92032\"".into());
            }
        }
        ids
    }

    fn traitements(&mut self, parties: &HashMap<&str, &str>) -> HashSet<&'a str> {
        let mut ids = HashSet::new();
        let mut seen: HashMap<&str, u64> = HashMap::new();
        for t in &self.roster.traitements {
            let f = t.file;
            self.slug(f, &t.id, "de traitement");
            if let Some(line) = seen.insert(&t.id.value, t.id.referenced.line()) {
                self.error(
                    Rule::IDENTIFIANT_DOUBLE,
                    f,
                    &t.id,
                    format!(
                        "identifiant de traitement en double « {} » (déjà ligne {line})",
                        t.id.value
                    ),
                );
            }
            ids.insert(t.id.value.as_str());
            self.name(f, &t.nom);
            self.one_of(
                Rule::RESPONSABILITE,
                f,
                &t.responsabilite,
                "type de responsabilité",
                vocab::RESPONSABILITES,
            );
            for r in &t.responsables {
                self.role_or_party(f, r, parties);
            }
            if t.responsables.is_empty() {
                self.error(Rule::TRAITEMENT_RESPONSABLES, f, &t.id, format!("le traitement « {} » n'a pas de « responsables »", t.id.value))
                    .help = Some("nommez ses responsables, par des rôles (academie, collectivite, etablissement…) ou des identifiants de parties : les responsables conjoints ne sont plus déduits du type d'établissement".into());
            }
            match &t.obligatoire {
                Some(o) => {
                    self.text(f, o);
                }
                None => self.warning(Rule::TRAITEMENT_OBLIGATOIRE, f, &t.id, format!(
                    "traitement « {} » sans « obligatoire » : la notice ne dit pas si les données doivent être fournies (article 13.2.e du RGPD) ; indiquez true, false ou une phrase",
                    t.id.value
                )),
            }
            if let Some(c) = &t.consentement {
                self.text(f, c);
            }
            if let Some(base) = &t.base_legale
                && base.value.trim().starts_with("6.1.f")
                && t.responsables.iter().any(|r| is_public_body(&r.value, parties))
            {
                self.warning(Rule::INTERET_LEGITIME, f, base, format!(
                    "traitement « {} » fondé sur l'intérêt légitime (6.1.f) alors qu'un responsable est une autorité publique : l'article 6.1 du RGPD l'exclut pour les traitements effectués dans l'exécution de ses missions",
                    t.id.value
                ));
            }
            if t.sous_traitants.is_empty() && t.destinataires.iter().any(|d| names_provider(&d.value)) {
                let d = t
                    .destinataires
                    .iter()
                    .find(|d| names_provider(&d.value))
                    .expect("just found");
                self.warning(
                    Rule::SOUS_TRAITANTS_VIDE,
                    f,
                    d,
                    format!(
                        "traitement « {} » : un destinataire nomme un prestataire, mais « sous_traitants » est vide",
                        t.id.value
                    ),
                );
            }
            for s in &t.sous_traitants {
                self.party_ref(f, s, parties);
            }
            if t.responsabilite.value == "propre" && t.responsables.len() > 1 {
                self.warning(
                    Rule::RESPONSABILITE_PROPRE,
                    f,
                    &t.responsabilite,
                    format!(
                        "traitement « {} » en responsabilité propre avec plusieurs responsables",
                        t.id.value
                    ),
                );
            }
            self.texts(f, &t.finalites);
            self.texts(f, &t.references);
            self.texts(f, &t.destinataires);
            self.texts(f, &t.conservation);
            self.texts(f, &t.mesures_securite);
            self.texts(f, &t.personnes);
            for (cat, list) in &t.donnees.value.0 {
                self.text(f, cat);
                self.texts(f, list);
            }
            for ty in &t.types {
                self.one_of(
                    Rule::TYPE_ETABLISSEMENT,
                    f,
                    ty,
                    "type d'établissement",
                    vocab::ETAB_TYPES,
                );
            }
            for (field, list) in [
                ("finalites", &t.finalites),
                ("personnes", &t.personnes),
                ("conservation", &t.conservation),
            ] {
                if list.is_empty() {
                    self.error(
                        Rule::TRAITEMENT_LISTE_VIDE,
                        f,
                        &t.id,
                        format!("le traitement « {} » n'a aucune entrée dans « {field} »", t.id.value),
                    );
                }
            }
            if let Some(b) = &t.base_legale {
                let base = b.value.trim();
                let letter = base.get(..5).unwrap_or(base);
                // Its free text after the letter is published.
                self.text(f, b);
                if vocab::label(vocab::BASES_LEGALES, letter).is_none() {
                    self.error(Rule::BASE_LEGALE, f, b, format!("base légale inconnue « {} »", b.value)).help =
                        Some("une des bases de l'article 6.1 du RGPD : 6.1.a à 6.1.f (par exemple « 6.1.e » pour une mission d'intérêt public)".into());
                }
            } else {
                // The agreement may state none (seed 003): the pages stay silent, but the notice
                // owes it (Art. 13.1.c).
                self.report.push(
                    Diagnostic::warning(Rule::TRAITEMENT_BASE_LEGALE, self.path(f), t.id.referenced, format!(
                        "traitement « {} » sans « base_legale » : les pages n'indiqueront pas sur quelle base il repose, ce que l'article 13.1.c du RGPD demande",
                        t.id.value
                    ))
                    .help("ajoutez la base retenue par la convention, par exemple « base_legale: \"6.1.e\" » pour une mission d'intérêt public"),
                );
            }
            self.text(f, &t.transferts_hors_ue);
            let transfer = t.transferts_hors_ue.value.trim().to_lowercase();
            if matches!(transfer.as_str(), "true" | "oui" | "yes" | "vrai") {
                // A bare yes says neither where nor under which guarantee (Art. 13.1.f).
                let value = t.transferts_hors_ue.value.trim();
                self.report.push(
                    Diagnostic::warning(Rule::TRANSFERT_IMPRECIS, self.path(f), t.transferts_hors_ue.referenced, format!(
                        "traitement « {} » : « transferts_hors_ue: {value} » ne dit ni la destination (pays ou organisation) ni la garantie du transfert : les pages ne publieraient que « {value} »",
                        t.id.value
                    ))
                    .help("décrivez le transfert, par exemple « vers les États-Unis (hébergement de la messagerie), encadré par les clauses contractuelles types de la Commission européenne » ; ou « non » s'il n'y en a pas"),
                );
            } else if !crate::resolve::sans_transfert(&transfer) && !mentions_guarantee(&transfer) {
                self.warning(Rule::TRANSFERT_GARANTIE, f, &t.transferts_hors_ue, format!(
                    "traitement « {} » : transfert hors UE sans garantie indiquée (décision d'adéquation, clauses contractuelles types...)",
                    t.id.value
                ));
            }
            if t.mesures_securite.is_empty() {
                self.warning(
                    Rule::TRAITEMENT_SECURITE,
                    f,
                    &t.id,
                    format!("traitement « {} » sans « mesures_securite »", t.id.value),
                );
            }
            let created = t.cree_le.as_ref().is_some_and(|d| self.date(f, d));
            let updated = t.mis_a_jour_le.as_ref().is_some_and(|d| self.date(f, d));
            if let (true, true, Some(c), Some(u)) = (created, updated, &t.cree_le, &t.mis_a_jour_le)
                && u.value.trim() < c.value.trim()
            {
                self.error(
                    Rule::DATES_ORDRE,
                    f,
                    u,
                    format!(
                        "« mis_a_jour_le » ({}) est antérieur à « cree_le » ({})",
                        u.value, c.value
                    ),
                );
            }
        }
        ids
    }

    fn etablissements(&mut self, parties: &HashMap<&str, &str>, traitements: &HashSet<&str>) {
        let mut seen: HashMap<&str, (usize, u64)> = HashMap::with_capacity(self.roster.etablissements.len());
        let mut without_site = Vec::new();
        let mut prive_sans_dpd = Vec::new();
        for e in &self.roster.etablissements {
            let f = e.file;
            match uai::check(&e.uai.value) {
                Ok(()) => {}
                Err(uai::UaiProblem::LowerCase { fixed }) => {
                    self.error(
                        Rule::UAI_MINUSCULES,
                        f,
                        &e.uai,
                        format!("UAI en minuscules « {} »", e.uai.value),
                    )
                    .help = Some(format!("écrivez « {fixed} »"));
                }
                Err(uai::UaiProblem::WrongLetter { fixed }) => {
                    self.error(
                        Rule::UAI_CLE,
                        f,
                        &e.uai,
                        format!(
                            "UAI « {} » : la lettre de contrôle ne correspond pas aux chiffres",
                            e.uai.value
                        ),
                    )
                    .help = Some(format!(
                        "vouliez-vous dire « {fixed} » ? Vérifiez le numéro dans l'annuaire de l'éducation"
                    ));
                }
                Err(uai::UaiProblem::Malformed) => {
                    self.error(Rule::UAI_FORME, f, &e.uai, format!("UAI invalide « {} »", e.uai.value))
                        .help =
                        Some("un UAI compte 7 chiffres suivis d'une lettre majuscule, par exemple 0570055A".into());
                }
            }
            let key = e.uai.value.as_str();
            if let Some((pf, line)) = seen.insert(key, (f, e.uai.referenced.line())) {
                let prev = self.path(pf).display().to_string();
                self.error(
                    Rule::UAI_DOUBLE,
                    f,
                    &e.uai,
                    format!("UAI en double « {key} » (déjà à {prev}:{line})"),
                );
            }
            self.name(f, &e.nom);
            let kind_ok = self.one_of(
                Rule::TYPE_ETABLISSEMENT,
                f,
                &e.kind,
                "type d'établissement",
                vocab::ETAB_TYPES,
            );
            if let Some(st) = &e.statut {
                self.one_of(
                    Rule::STATUT_ETABLISSEMENT,
                    f,
                    st,
                    "statut d'établissement",
                    vocab::STATUTS,
                );
            }
            for t in [e.commune.as_ref(), e.adresse.as_ref(), e.representant.as_deref()]
                .into_iter()
                .flatten()
            {
                self.text(f, t);
            }
            if kind_ok && e.kind.value == "ecole" && e.code_commune.is_none() {
                self.error(
                    Rule::ECOLE_SANS_COMMUNE,
                    f,
                    &e.uai,
                    format!("l'école {} n'a pas de « code_commune »", e.uai.value),
                )
                .help = Some(
                    "le code INSEE de la commune est nécessaire pour trouver la commune responsable de l'école".into(),
                );
            }
            if let Some(c) = &e.code_commune
                && !is_insee(&c.value)
            {
                self.error(
                    Rule::CODE_COMMUNE,
                    f,
                    c,
                    format!("code commune INSEE invalide « {} »", c.value),
                )
                .help = Some("5 caractères, par exemple \"57463\" ou \"2A004\", entre guillemets".into());
            }
            if !is_departement(&e.departement.value) {
                self.error(
                    Rule::CODE_DEPARTEMENT,
                    f,
                    &e.departement,
                    format!("code de département invalide « {} »", e.departement.value),
                )
                .help = Some("par exemple \"57\", \"2A\" ou \"974\", entre guillemets".into());
            }
            if let Some(a) = e.academie.as_deref()
                && self.party_ref(f, a, parties)
                && !matches!(parties.get(a.value.as_str()), Some(&"academie" | &"draaf"))
            {
                self.error(
                    Rule::ACADEMIE_TYPE,
                    f,
                    a,
                    format!("« {} » n'est pas une académie ni une DRAAF", a.value),
                );
            }
            if let Some(c) = e.collectivite.as_deref() {
                self.party_ref(f, c, parties);
            }
            if let Some(r) = &e.responsable {
                if let Some(t) = &r.qualite {
                    self.text(f, t);
                }
                if let Some(t) = &r.nom {
                    self.name(f, t);
                }
            }
            self.dpd(f, e.dpd.as_deref(), &e.uai);
            if e.dpd.is_none() && e.statut.as_ref().is_some_and(|s| s.value == "prive") {
                prive_sans_dpd.push((f, &e.uai));
            }
            self.grammaire(f, e.grammaire.as_deref());
            match &e.site_web {
                Some(u) => self.url(f, u),
                None => without_site.push((f, &e.uai)),
            }
            for t in e.traitements.iter().flatten() {
                if !traitements.contains(t.value.as_str()) {
                    let d = self.error(
                        Rule::TRAITEMENT_INCONNU,
                        f,
                        t,
                        format!("traitement inconnu « {} »", t.value),
                    );
                    if let Some(s) = nearest(&t.value, traitements.iter().copied()) {
                        d.help = Some(format!("vouliez-vous dire « {s} » ?"));
                    }
                }
            }
        }
        self.grouped_warning(
            Rule::ETABLISSEMENT_SITE,
            without_site,
            "établissement sans « site_web » : sa page ne pourra pas renvoyer vers son site",
        );
        self.grouped_warning(
            Rule::ETABLISSEMENT_PRIVE_DPD,
            prive_sans_dpd,
            "établissement privé sans « dpd » : son délégué n'est pas celui de l'académie, ses pages diront « coordonnées non indiquées » (article 13.1.b du RGPD)",
        );
    }

    /// One warning per place, but at most a few shown: a national roster would print thousands.
    fn grouped_warning(&mut self, rule: Rule, places: Vec<(usize, &Text)>, msg: &str) {
        const SHOWN: usize = 3;
        for (f, t) in places.iter().take(SHOWN) {
            self.warning(rule, *f, t, format!("{} ({})", msg, t.value));
        }
        if places.len() > SHOWN {
            let (f, t) = places[SHOWN];
            self.warning(
                rule,
                f,
                t,
                format!("{msg} : {} autres établissements dans ce cas", places.len() - SHOWN),
            );
        }
    }

    fn routes(&mut self, parties: &HashMap<&str, &str>, traitements: &HashSet<&str>) {
        let demandeurs: Vec<&str> = vocab::keys(vocab::DEMANDEURS).collect();
        let perimetres: Vec<&str> = vocab::keys(vocab::PERIMETRES).collect();
        for d in &self.roster.droits {
            for who in &d.demandeurs {
                self.one_of(Rule::DEMANDEUR, d.file, who, "demandeur", &demandeurs);
            }
            for t in &d.traitements {
                if !traitements.contains(t.value.as_str()) {
                    let e = self.error(
                        Rule::TRAITEMENT_INCONNU,
                        d.file,
                        t,
                        format!("traitement inconnu « {} »", t.value),
                    );
                    if let Some(s) = nearest(&t.value, traitements.iter().copied()) {
                        e.help = Some(format!("vouliez-vous dire « {s} » ?"));
                    }
                }
            }
            self.texts(d.file, &d.objet);
            let dest = d.destinataires();
            if dest.is_empty() {
                self.error(
                    Rule::DESTINATAIRE_VIDE,
                    d.file,
                    &dest_at(d),
                    "« destinataire » est vide".into(),
                )
                .help =
                    Some("un rôle (academie, collectivite, etablissement…), l'id d'une partie, ou une liste".into());
            }
            for t in &dest {
                self.role_or_party(d.file, t, parties);
            }
        }
        for v in &self.roster.violations {
            self.one_of(
                Rule::VIOLATION_PERIMETRE,
                v.file,
                &v.perimetre,
                "périmètre de violation",
                &perimetres,
            );
            if v.notifie.value != vocab::ORIGINE {
                self.role_or_party(v.file, &v.notifie, parties);
            }
            for t in &v.informe {
                self.role_or_party(v.file, t, parties);
            }
            if let Some(t) = &v.delai {
                self.text(v.file, t);
            }
        }
        for o in &self.roster.obligations {
            self.role_or_party(o.file, &o.partie, parties);
            self.texts(o.file, &o.engagements);
            if o.engagements.is_empty() {
                self.error(
                    Rule::ENGAGEMENTS_VIDE,
                    o.file,
                    &o.partie,
                    "« engagements » est vide".into(),
                );
            }
        }
        let Some(ent) = self.roster.ent.as_ref() else { return };
        if let Some(p) = &ent.point_de_contact {
            self.role_or_party(0, p, parties);
        } else if self
            .roster
            .traitements
            .iter()
            .any(|t| t.responsabilite.value == "conjointe")
        {
            self.report.push(
                Diagnostic::warning(Rule::ENT_CONTACT, self.path(0), ent.nom.referenced, "aucun point de contact n'est indiqué : les pages n'en nomment aucun (il n'est plus déduit du scénario)")
                    .help("si l'accord de responsabilité conjointe en désigne un (article 26.1 du RGPD), ajoutez « point_de_contact: » dans « ent: » (academie, etablissement, l'id d'une partie…)"),
            );
        }
        if let Some(e) = &ent.editeur {
            self.party_ref(0, e, parties);
        }
    }

    /// A reference to a party id; reports unknown ids. Returns whether it exists.
    fn party_ref(&mut self, file: usize, t: &Text, parties: &HashMap<&str, &str>) -> bool {
        if parties.contains_key(t.value.as_str()) {
            return true;
        }
        let d = self.error(
            Rule::PARTIE_INCONNUE,
            file,
            t,
            format!("partie inconnue « {} »", t.value),
        );
        d.help = Some(match nearest(&t.value, parties.keys().copied()) {
            Some(s) => format!("vouliez-vous dire « {s} » ?"),
            None => "déclarez-la dans « parties: » avec cet « id »".into(),
        });
        false
    }

    /// A role (`academie`, `collectivite`...) or a party id. An `editeur` can never be a
    /// controller nor a contact.
    fn role_or_party(&mut self, file: usize, t: &Text, parties: &HashMap<&str, &str>) {
        if vocab::ROLES.contains(&t.value.as_str()) {
            return;
        }
        if !parties.contains_key(t.value.as_str()) {
            let candidates = vocab::ROLES.iter().copied().chain(parties.keys().copied());
            let suggestion = nearest(&t.value, candidates);
            let d = self.error(
                Rule::ROLE_INCONNU,
                file,
                t,
                format!("rôle ou partie inconnu « {} »", t.value),
            );
            d.help = Some(match suggestion {
                Some(s) => format!("vouliez-vous dire « {s} » ?"),
                None => format!("un rôle ({}) ou l'« id » d'une partie", vocab::ROLES.join(", ")),
            });
        } else if parties.get(t.value.as_str()) == Some(&"editeur") {
            self.error(
                Rule::EDITEUR_RESPONSABLE,
                file,
                t,
                format!(
                    "« {} » est un éditeur (sous-traitant) : il ne peut être ni responsable ni contact",
                    t.value
                ),
            );
        }
    }
}

/// The location of a rule's `destinataire`.
fn dest_at(d: &crate::roster::Droit) -> Text {
    Text::new(String::new(), d.destinataire.referenced, d.destinataire.defined)
}

/// A role or party that is a public authority (Art. 6.1, last subparagraph): the académie,
/// the collectivités, a public establishment.
fn is_public_body(r: &str, parties: &HashMap<&str, &str>) -> bool {
    matches!(
        r,
        "academie" | "collectivite" | "region" | "departement" | "commune" | "etablissement"
    ) || matches!(
        parties.get(r),
        Some(&("academie" | "draaf" | "region" | "departement" | "commune" | "collectivite" | "ministere"))
    )
}

/// A recipient that names a service provider (then `sous_traitants` should name it).
fn names_provider(s: &str) -> bool {
    let s = s.to_lowercase();
    [
        "prestataire",
        "éditeur",
        "editeur",
        "hébergeur",
        "hebergeur",
        "sous-traitant",
    ]
    .iter()
    .any(|k| s.contains(k))
}

fn mentions_guarantee(s: &str) -> bool {
    [
        "garantie",
        "adéquation",
        "adequation",
        "clauses contractuelles",
        "bcr",
        "règles d'entreprise",
        "data privacy framework",
        "dpf",
    ]
    .iter()
    .any(|k| s.contains(k))
}

/// INSEE commune code: 5 characters, digits or 2A/2B for Corsica.
fn is_insee(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && (b.iter().all(u8::is_ascii_digit)
            || (b.starts_with(b"2A") || b.starts_with(b"2B")) && b[2..].iter().all(u8::is_ascii_digit))
}

/// Département: 01–95, 2A, 2B, or a 3-digit overseas code (971–989).
fn is_departement(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        2 => b.iter().all(u8::is_ascii_digit) && s != "00" && s != "20" || s == "2A" || s == "2B",
        3 => b.iter().all(u8::is_ascii_digit) && s.starts_with("97") || s.starts_with("98"),
        _ => false,
    }
}
