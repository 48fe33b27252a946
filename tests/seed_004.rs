//! Seed 004 (/work/shared/seeds/004_8060bb1ff7fd45a2.txt): « Convention cadre – ENT pour les
//! écoles » between the région académique Île-de-France and the commune of Fontenay-aux-Roses,
//! with annex 1 (modalités de la responsabilité conjointe, own article numbers), annex 2 (the
//! eleven écoles) and annex 3 (modalités pratiques). Its roster,
//! tests/rosters/fontenay-aux-roses.yaml, is built with the binary and every fact of the seed is
//! looked for on the pages a reader sees; what the seed does not say must not be there.
//!
//! Citations: « 004 Conv. n » = article n of the convention, « 004 Ann. 1 n » = article n of
//! annex 1, « Lnnn » = line of the seed file.
//!
//! Text is compared without its whitespace (`norm`): French typography (U+00A0, U+202F, a space
//! before « ; ») and the spaces `common::visible` puts at tag boundaries do not matter.
//!
//! Failing by design: `commune_dpd_contact_is_not_invented` (the roster format cannot say that
//! a controller's DPD has no published contact).

mod common;

use std::path::{Path, PathBuf};

const ROSTER: &str = "tests/rosters/fontenay-aux-roses.yaml";
/// École maternelle Scarron: the UAI the annex mistypes (« 0920546Ux »).
const SCARRON: &str = "0920546u";
/// École primaire Les Renards.
const RENARDS: &str = "0921995u";

/// The roster built into a fresh directory: (guard, output directory).
fn built() -> (tempfile::TempDir, PathBuf) {
    common::build_example(ROSTER)
}

/// A page as a reader sees it.
struct Page {
    name: String,
    text: String,
}

impl Page {
    fn read(out: &Path, rel: &str) -> Page {
        let html = common::read(out, rel);
        Page {
            name: rel.to_string(),
            text: common::visible(&html),
        }
    }

    /// The page states `needle` (whitespace ignored).
    fn has(&self, needle: &str, why: &str) {
        assert!(
            norm(&self.text).contains(&norm(needle)),
            "{}: {why}: « {needle} » absent\n--- page text ---\n{}",
            self.name,
            self.text
        );
    }

    /// The page never states `needle` (whitespace ignored).
    fn lacks(&self, needle: &str, why: &str) {
        self.lacks_in(norm(&self.text), norm(needle), needle, why);
    }

    /// The page never states `needle` (whitespace and case ignored).
    fn lacks_ci(&self, needle: &str, why: &str) {
        self.lacks_in(
            norm(&self.text).to_lowercase(),
            norm(needle).to_lowercase(),
            needle,
            why,
        );
    }

    fn lacks_in(&self, text: String, n: String, needle: &str, why: &str) {
        if let Some(i) = text.find(&n) {
            let from = text[..i].char_indices().rev().nth(80).map_or(0, |(j, _)| j);
            let ctx: String = text[from..].chars().take(200).collect();
            panic!("{}: {why}: « {needle} » found: …{ctx}…", self.name);
        }
    }

    /// The text between two headings (or markers), for section-level assertions.
    fn section(&self, from: &str, to: &str) -> Page {
        let t = norm(&self.text);
        let start = t
            .find(&norm(from))
            .unwrap_or_else(|| panic!("{}: no « {from} »", self.name));
        let rest = &t[start..];
        let end = rest.find(&norm(to)).unwrap_or(rest.len());
        Page {
            name: format!("{} § « {from} »", self.name),
            text: rest[..end].to_string(),
        }
    }
}

/// Whitespace (incl. U+00A0, U+202F) removed, typographic apostrophe made straight.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

/// Every page of an école a reader may open.
fn ecole_pages(out: &Path, slug: &str) -> Vec<Page> {
    [
        "index.html",
        "grandes-lignes/index.html",
        "mentions/index.html",
        "registre/index.html",
        "registre/ent-ecoles/index.html",
        "footer.html",
        "mentions-legales/index.html",
    ]
    .iter()
    .filter(|p| out.join(slug).join(p).is_file())
    .map(|p| Page::read(out, &format!("{slug}/{p}")))
    .collect()
}

/// Every page of the two écoles tested and the ENT pages.
fn all_pages(out: &Path) -> Vec<Page> {
    let mut pages = ecole_pages(out, SCARRON);
    pages.extend(ecole_pages(out, RENARDS));
    pages.extend(
        ["index.html", "mentions/index.html", "footer.html"]
            .iter()
            .map(|p| Page::read(out, p)),
    );
    pages
}

#[test]
fn the_eleven_ecoles_of_annex_2_are_built() {
    let (_d, out) = built();
    // 004 Ann. 2 (L817-853): the eleven écoles of Fontenay-aux-Roses that use the ENT, with
    // the annex's mistyped « 0920546Ux » (L826) corrected to 0920546U (check letter U).
    let ecoles = [
        ("0920484b", "École maternelle Jean Macé"),
        ("0920546u", "École maternelle Scarron"),
        ("0920497r", "École maternelle La Roue"),
        ("0921262x", "École maternelle Les Pervenches"),
        ("0921992r", "École maternelle Les Ormeaux"),
        ("0921995u", "École primaire Les Renards"),
        ("0920611p", "École élémentaire Les Pervenches"),
        ("0920440d", "École élémentaire Les Ormeaux"),
        ("0920218m", "École élémentaire La Roue A"),
        ("0920342x", "École élémentaire La Roue B"),
        ("0921688k", "École élémentaire Le Parc"),
    ];
    let home = Page::read(&out, "index.html");
    for (slug, nom) in ecoles {
        let page = Page::read(&out, &format!("{slug}/index.html"));
        // 004 Ann. 2: each école, in the commune of Fontenay-aux-Roses.
        // Named with its article in running text: « l'école maternelle Jean Macé ».
        let le = format!("l'é{}", &nom["É".len()..]);
        page.has(&format!("{le} (Fontenay-aux-Roses)"), "école and its commune");
        page.has(&format!("UAI {}", slug.to_uppercase()), "UAI of annex 2");
        home.has(&format!("{nom}, Fontenay-aux-Roses"), "listed on the ENT home");
    }
    // 004 Ann. 2: eleven écoles, and no more.
    home.has("est utilisé par 11 établissements scolaires", "eleven écoles");
    let dirs = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("grandes-lignes").is_dir())
        .count();
    assert_eq!(dirs, 11, "one directory per école of annex 2");
    // 004 Ann. 2 L826: the raw « 0920546Ux » is a typo, never published.
    for p in all_pages(&out) {
        p.lacks("0920546Ux", "the annex's typo");
    }
}

#[test]
fn academie_and_commune_are_joint_controllers() {
    let (_d, out) = built();
    for slug in [SCARRON, RENARDS] {
        let gl = Page::read(&out, &format!("{slug}/grandes-lignes/index.html"));
        // 004 title in the running header (L344) « 4 novembre 2025 Convention cadre – ENT pour
        // les écoles »: the agreement is in that convention.
        gl.has(
            "L'accord figure dans la convention suivante : Convention cadre – ENT pour les écoles, du 4 novembre 2025",
            "the convention",
        );
        let joint = gl.section("Les responsables conjoints", "Qui fait quoi ?");
        // 004 Conv. 6.2 L320 and Ann. 1 art. 1 L491: joint controllership « entre l'académie
        // de Versailles et la commune, au sens de l'article 26 du RGPD »; preamble L3: the
        // State party is represented by « la rectrice de la région académique Île-de-France ».
        joint.has(
            "Académie de Versailles, représentée par la rectrice de la région académique Île-de-France",
            "académie, represented by the rectrice",
        );
        // 004 preamble L12-13: the commune « représentée par M. Laurent Vastel, Maire de
        // Fontenay-aux-Roses ».
        joint.has(
            "Commune de Fontenay-aux-Roses, représentée par le maire de Fontenay-aux-Roses",
            "commune, represented by its maire",
        );
        // 004 Conv. 6.2 / Ann. 1 art. 1: the treatment of the ENT is joint, the two of them.
        let treatments = gl.section("Traitements en responsabilité conjointe", "Où exercer vos droits");
        treatments.has(
            "Gestion de l'espace numérique de travail des écoles : Académie de Versailles et Commune de Fontenay-aux-Roses",
            "the joint treatment and its controllers",
        );
        // 004 Ann. 1 art. 1 L496-500: nothing is the sole responsibility of a party here
        // (the GAR is the ministry's and is no treatment of this ENT).
        treatments.lacks(
            "Traitements qu'une partie mène seule",
            "no sole-controller treatment in the seed",
        );
        treatments.lacks(
            "Traitements d'un seul responsable",
            "no sole-controller treatment in the seed",
        );

        let notice = Page::read(&out, &format!("{slug}/mentions/index.html"));
        // 004 Conv. 6.2 L320: article 26 joint controllership.
        notice
            .section("Qui est responsable de vos données", "Qui contacter")
            .has(
                "Responsables conjoints (article 26 du RGPD) : Académie de Versailles, représentée par la rectrice de la région académique Île-de-France ; Commune de Fontenay-aux-Roses, représentée par le maire de Fontenay-aux-Roses",
                "joint controllers on the notice",
            );
        // 004 Conv. 6.2 L320: the ENT is jointly run by the two of them.
        notice.has(
            "Ses responsables conjoints sont l'académie de Versailles et la commune de Fontenay-aux-Roses",
            "summary",
        );

        let home = Page::read(&out, &format!("{slug}/index.html"));
        // 004 Conv. 6.2 L320: one joint treatment, académie + commune.
        home.has(
            "Gestion de l'espace numérique de travail des écoles conjointe Académie de Versailles et Commune de Fontenay-aux-Roses",
            "table of treatments",
        );

        let sheet = Page::read(&out, &format!("{slug}/registre/ent-ecoles/index.html"));
        // 004 Ann. 1 art. 8 L779: the parties draft the sheets of the joint treatments together.
        sheet.has(
            "responsabilité conjointe (article 26 du RGPD)",
            "nature of the responsibility",
        );
        sheet.has(
            "Responsables de traitement Académie de Versailles et Commune de Fontenay-aux-Roses",
            "controllers on the sheet",
        );
        sheet.has(
            "Académie de Versailles, représentée par la rectrice de la région académique Île-de-France",
            "académie's representative on the sheet",
        );
        Page::read(&out, &format!("{slug}/registre/index.html")).has(
            "Gestion de l'espace numérique de travail des écoles conjointe Académie de Versailles et Commune de Fontenay-aux-Roses",
            "register index",
        );
    }
}

#[test]
fn the_ecole_is_never_a_controller() {
    let (_d, out) = built();
    for slug in [SCARRON, RENARDS] {
        let gl = Page::read(&out, &format!("{slug}/grandes-lignes/index.html"));
        let nom = if slug == SCARRON {
            "école maternelle Scarron"
        } else {
            "école primaire Les Renards"
        };
        // 004 Conv. 3.1 L114: « L'école est le centre opérationnel du projet »; the parties are
        // the région académique and the commune only (preamble), the controllers the académie
        // and the commune (Conv. 6.2): the école is not one of them.
        let joint = gl.section("Les responsables conjoints", "Qui fait quoi ?");
        joint.has(
            "Une école publique n'a pas la personnalité juridique : elle n'est jamais responsable du traitement",
            "école not a controller",
        );
        joint
            .section("Les responsables conjoints", "Une école publique")
            .lacks_ci(nom, "the école is not in the list of joint controllers");
        for p in ecole_pages(&out, slug) {
            // 004: a first-degree école: no chef d'établissement, no EPLE, never a collège
            // (Ann. 1 3.1 L528 says « par le collège »: a copy-paste slip of the template).
            p.lacks_ci("chef d'établissement", "an école has none");
            p.lacks("EPLE", "an école is no EPLE");
            p.lacks_ci("établissement public local", "an école is no EPLE");
            p.lacks_ci("collège", "no collège in a first-degree convention");
            p.lacks_ci(
                &format!("{nom}, représenté"),
                "the école represents nobody as controller",
            );
        }
        let sheet = Page::read(&out, &format!("{slug}/registre/ent-ecoles/index.html"));
        sheet
            .section("Responsables de traitement", "Base juridique")
            .lacks_ci(nom, "the école is not a controller on the sheet");
    }
}

#[test]
fn the_rectrice_represents_the_academie_not_the_dasen() {
    let (_d, out) = built();
    for p in all_pages(&out) {
        // 004 preamble L3 and signature L476: the State side is represented by « la rectrice
        // de la région académique Île-de-France »; the IA-DASEN only « valide et transmet » the
        // convention (Ann. 3 signature circuit): he is nobody's representative here.
        p.lacks(
            "représentée par le directeur académique",
            "DASEN as the académie's representative",
        );
        p.lacks("représentée par le DASEN", "DASEN as the académie's representative");
        p.lacks(
            "représentée par l'inspecteur d'académie",
            "IA-DASEN as the académie's representative",
        );
        p.lacks(
            "représentée par le recteur d'académie",
            "the generic default representative",
        );
    }
    // 004 preamble L3: « la rectrice de la région académique Île-de-France ».
    Page::read(&out, "mentions/index.html").has(
        "Académie de Versailles, représentée par la rectrice de la région académique Île-de-France",
        "ENT notice",
    );
}

#[test]
fn rights_requests_go_as_in_the_table_of_annex_1() {
    let (_d, out) = built();
    for slug in [SCARRON, RENARDS] {
        for rel in ["grandes-lignes/index.html", "mentions/index.html"] {
            let page = Page::read(&out, &format!("{slug}/{rel}"));
            let routes = page.section("Où exercer vos droits", "Justifier de votre identité");
            // RGPD 26.3, which 004 Conv. 6.2 invokes (« au sens de l'article 26 du RGPD »):
            // rights may be exercised with each joint controller.
            routes.has(
                "Vous pouvez exercer vos droits auprès de chacun des responsables conjoints",
                "article 26.3",
            );
            // 004 Ann. 1 3.2.2: « Demandes de droit effectuées par un personnel de la commune »
            // → Commune.
            routes.has(
                "les personnels de la collectivité Commune de Fontenay-aux-Roses",
                "commune staff → commune",
            );
            // 004 Ann. 1 3.2.2: « Demandes de droit effectuées par un enseignant, un parent
            // d'élève ou un élève » → Académie, whose DPD is dpd@ac-versailles.fr (Conv. art. 7).
            routes.has(
                "les élèves, les responsables légaux et les personnels de l'établissement Académie de Versailles dpd@ac-versailles.fr",
                "pupils, parents, teachers → académie",
            );
            // 004 Ann. 1 3.2.2: requests « effectuées directement auprès de l'académie » →
            // Académie, « directement auprès de la commune » → Commune: either may be addressed.
            routes.has(
                "toute personne Académie de Versailles ou Commune de Fontenay-aux-Roses",
                "others: the party addressed",
            );
            // First matching row wins: a commune employee working in an école is commune staff.
            let t = norm(&routes.text);
            let commune = t.find(&norm("les personnels de la collectivité")).unwrap();
            let academie = t.find(&norm("les élèves, les responsables légaux")).unwrap();
            assert!(commune < academie, "{}: commune staff row first", page.name);
            // 004 Ann. 1 3.2.2: the commune never answers for pupils, parents, teachers.
            routes.lacks(
                "les élèves, les responsables légaux et les personnels de l'établissement Commune",
                "pupils' requests are the académie's",
            );
        }
    }
}

#[test]
fn rights_are_answered_within_one_month() {
    let (_d, out) = built();
    for rel in [
        format!("{SCARRON}/grandes-lignes/index.html"),
        format!("{SCARRON}/mentions/index.html"),
        format!("{RENARDS}/mentions/index.html"),
        "mentions/index.html".to_string(),
    ] {
        let page = Page::read(&out, &rel);
        // 004 Ann. 1 3.2.1 L550-552: « dans un délai de 1 mois à maximum, à compter de la
        // réception de la demande. Au besoin, ce délai pourra être prolongé de deux mois, en
        // fonction de la complexité et du nombre de demandes ».
        page.has(
            "Les responsables vous répondent sous un mois à compter de la réception de votre demande",
            "one month",
        );
        page.has(
            "Ce délai peut être prolongé de deux mois si la demande est complexe ou si les demandes sont nombreuses",
            "extension by two months",
        );
        // 004 Ann. 1 3.2.1 L548-549: access, rectification, erasure, opposition, limitation.
        page.has("Justifier de votre identité", "identity checked (Ann. 1 3.2.1 L554)");
        // 004 Ann. 1 3.2.1 L554-556: « la liste des pièces justificatives permettant de
        // vérifier systématiquement l'identité du demandeur », drawn up and used by both
        // parties: a proof with every request, not only on reasonable doubt (Art. 12.6).
        page.has(
            "un justificatif vous est demandé avec toute demande, choisi dans une liste de pièces qu'ils ont établie ensemble",
            "systematic identity check (Ann. 1 3.2.1 L554-556)",
        );
        page.lacks("En cas de doute raisonnable", "systematic, not on doubt (Ann. 1 3.2.1)");
    }
    let notice = Page::read(&out, &format!("{SCARRON}/mentions/index.html"));
    // 004 Ann. 1 3.2.1 L548-549: « droits d'accès, de rectification, d'effacement,
    // d'opposition, de limitation du traitement ».
    notice.has("y accéder et en obtenir une copie (article 15 du RGPD)", "access");
    notice.has("faire corriger des données inexactes", "rectification");
    notice.has("demander leur effacement", "erasure");
    notice.has("vous opposer au traitement", "opposition");
    notice.has("demander la limitation du traitement", "limitation");
}

#[test]
fn no_point_of_contact_and_no_forwarding_delay() {
    let (_d, out) = built();
    for p in all_pages(&out) {
        // 004 designates no point of contact (nothing like kit model 1 art. 6): none is named.
        p.lacks_ci("point de contact", "no point of contact is designated");
        // 004 gives no delay to forward a misaddressed request.
        p.lacks("8 jours", "no forwarding delay");
        p.lacks_ci("huit jours", "no forwarding delay");
        p.lacks("transmise au bon interlocuteur", "no forwarding rule");
        // Nor is anyone named as the one to ask for the full agreement (the grandes lignes
        // link to it only when `ent.convention.url` is given, and the seed gives none).
        p.lacks(
            "Le texte complet de l'accord peut être demandé au",
            "no single contact for the agreement",
        );
        p.lacks("Lire l'accord complet", "no address of the agreement in the seed");
    }
}

#[test]
fn a_breach_is_notified_by_the_party_it_comes_from_within_48_hours() {
    let (_d, out) = built();
    for slug in [SCARRON, RENARDS] {
        let gl = Page::read(&out, &format!("{slug}/grandes-lignes/index.html"));
        let breaches = gl.section("Violations de données", "Le RGPD demande de notifier");
        // 004 Ann. 1 4.2.2 L671: « l'action incombe à la partie d'où la faille provient »;
        // 004 Conv. art. 7 L364-366: report to the CNIL « dans les 48 heures de la
        // connaissance de l'incident par les parties ou le sous-traitant ». One rule for both
        // perimeters the roster lists: one line.
        breaches.has(
            "Pour une violation touchant l'ENT dans son ensemble ou un seul établissement : la partie d'où provient la violation la notifie (48 heures à compter de la connaissance de l'incident par les parties ou le sous-traitant",
            "origin party, 48 hours",
        );
        // 004 Ann. 1 4.1 L623-628: « La partie ou le sous-traitant de la partie ayant découvert
        // une telle faille doit la notifier sous 24 heures maximum » to « Le DPD de chaque
        // entité ».
        breaches.has(
            "la partie ou le sous-traitant qui découvre la violation la signale d'abord, sous 24 heures, au délégué à la protection des données de chaque partie",
            "24-hour alert to every DPD by the discoverer",
        );
        // The 24 hours are not the CNIL delay, and no fixed party notifies.
        breaches.lacks("(24 heures", "24 h is no CNIL delay");
        breaches.lacks(
            "la commune de Fontenay-aux-Roses la notifie",
            "the origin decides, not the perimeter",
        );
        breaches.lacks(
            "l'académie de Versailles la notifie",
            "the origin decides, not the perimeter",
        );
        // 004 Ann. 1 4.2.2 L671-676: which breaches come from which party: the académie's DPD
        // notifies one « issue de l'action d'un membre de la communauté éducative, ou issue d'une
        // alerte des outils mis à disposition », the commune's DPD one « issue de l'action d'un
        // personnel de la Commune ou issue d'une alerte des outils mis à disposition par lui »
        // (the roster's `obligations:`).
        let duties = gl.section("Qui fait quoi ?", "Les traitements");
        duties.section("Académie de Versailles", "Commune de Fontenay-aux-Roses").has(
            "notifie à la CNIL, par son délégué à la protection des données, la violation issue de l'action d'un membre de la communauté éducative ou d'une alerte des outils mis à disposition",
            "the académie's breaches",
        );
        duties.section("Commune de Fontenay-aux-Roses", "Les traitements").has(
            "notifie à la CNIL, par son délégué à la protection des données, la violation issue de l'action d'un personnel de la commune ou d'une alerte des outils qu'elle met à disposition",
            "the commune's breaches",
        );
        // 004 says nothing of who informs the people (RGPD art. 34).
        breaches.lacks("les informe", "no party named to inform the people");

        let sheet = Page::read(&out, &format!("{slug}/registre/ent-ecoles/index.html"));
        // 004 Ann. 1 4.1 L623-628 and 4.2 L650: the alert chain and the crisis cell.
        sheet.has(
            "la partie ou le sous-traitant qui découvre une violation la signale sous 24 heures au délégué à la protection des données et, le cas échéant, au RSSI de chaque partie ; une cellule de crise est réunie dans les 24 heures",
            "alert chain on the sheet",
        );
    }
}

#[test]
fn data_are_hosted_in_france_else_the_eu_else_an_adequacy_country() {
    let (_d, out) = built();
    // 004 Ann. 1 art. 9 L786-788: « localisées de préférence sur le territoire de la France
    // métropolitaine, sur le territoire de l'Union européenne et en dernier ressort sur le
    // territoire d'un pays ayant fait l'objet d'une décision d'adéquation par la Commission
    // européenne ».
    let rule = "Les parties s'engagent à ce que les données soient localisées de préférence en France métropolitaine, sinon dans l'Union européenne, et en dernier ressort dans un pays ayant fait l'objet d'une décision d'adéquation de la Commission européenne";
    for rel in [
        format!("{SCARRON}/mentions/index.html"),
        format!("{RENARDS}/registre/ent-ecoles/index.html"),
        "mentions/index.html".to_string(),
    ] {
        let page = Page::read(&out, &rel);
        page.has(rule, "hosting rule");
        // A transfer to an adequacy country is possible: « aucun » would be false.
        page.lacks("Transferts hors de l'Union européenne : aucun", "transfers possible");
        page.lacks("Pas de transfert hors UE", "transfers possible");
    }
}

#[test]
fn dpd_of_the_academie_and_recipients() {
    let (_d, out) = built();
    for slug in [SCARRON, RENARDS] {
        let notice = Page::read(&out, &format!("{slug}/mentions/index.html"));
        // 004 Conv. art. 7 L363: « la chaîne d'alerte suivante : dpd@ac-versailles.fr ».
        notice
            .section("Qui contacter", "Pourquoi vos données")
            .has("Académie de Versailles : dpd@ac-versailles.fr", "académie's DPD");
        let recipients = notice.section("Qui les reçoit", "Combien de temps");
        // 004 Ann. 3 L978 « Exploitant de l'ENT : La commune de Fontenay-aux-Roses »; Conv.
        // 3.2.2 « administration technique », « l'assistance aux écoles ».
        recipients.has(
            "la commune de Fontenay-aux-Roses, qui exploite l'ENT, en assure l'administration technique et l'assistance aux écoles",
            "the commune operates the ENT",
        );
        // 004 Conv. 3.2.1 L135 « le prestataire retenu »; Ann. 3 L967 sftp to its server;
        // Ann. 3 L974 « Editeur de l'ENT : Beneylu ».
        recipients.has(
            "le prestataire retenu, qui reçoit sur son serveur les données de l'annuaire fédérateur (l'éditeur de l'ENT est Beneylu)",
            "prestataire and éditeur",
        );
        // 004 Conv. 6.2 L316-317: the académie's policy « devra être appliquée strictement par
        // la commune et ses sous-traitants ».
        recipients.has(
            "les sous-traitants de la commune, qui appliquent strictement la politique générale de protection des données de l'académie de Versailles",
            "the commune's subcontractors",
        );
        // 004 Conv. art. 2 L91 and Ann. 1 art. 1 L499-500: the GAR, the ministry's.
        recipients.has(
            "le gestionnaire d'accès aux ressources (GAR), auquel l'ENT est interconnecté ; ses traitements relèvent de la responsabilité du ministère de l'Éducation nationale",
            "GAR under the ministry",
        );
        // 004 Ann. 3 calls Beneylu « Editeur de l'ENT », never a subcontractor under article 28.
        notice.lacks(
            "Sous-traitant (article 28 du RGPD)",
            "Beneylu is not called a subcontractor",
        );
        notice.lacks("contrat conforme à l'article 28", "no article 28 contract in the seed");

        // 004 Conv. art. 2 L80-104: the services of the ENT.
        let purposes = notice.section("Pourquoi ?", "Sur quelle base légale");
        purposes.has("services pédagogiques intégrés", "art. 2 services");
        purposes.has("services connectés", "art. 2 services");
        purposes.has(
            "médiacentre de l'ENT connecté au gestionnaire d'accès aux ressources (GAR)",
            "art. 2 GAR",
        );
        // 004 Conv. 3.2.1 L135-138: data from the annuaire fédérateur, provided by the académie.
        purposes.has(
            "issues de l'annuaire fédérateur du premier degré, mises à disposition par l'académie",
            "AAF",
        );
        // 004 Conv. art. 2 L103-104: « services d'exploitation et d'administration ».
        purposes.has("Exploiter et administrer la plateforme ENT", "operation");
        // 004 preamble L58, Conv. 3.2.1 L136-137, Conv. art. 2 L81: legal texts cited.
        notice.has("Code de l'éducation, article L212-4", "L212-4");
        notice.has("schéma directeur des espaces numériques de travail (SDET)", "SDET");
        // 004 Ann. 3 §2 L953: AAF categories Eleve, PersEducNat, PersRelEleve.
        let data = notice.section("Quelles données", "Qui les reçoit");
        data.has(
            "Élèves : données de l'annuaire fédérateur (AAF) du premier degré relatives aux élèves",
            "Eleve",
        );
        data.has(
            "données de l'annuaire fédérateur relatives aux personnes en relation avec l'élève",
            "PersRelEleve",
        );
        data.has(
            "données de l'annuaire fédérateur relatives aux personnels de l'Éducation nationale",
            "PersEducNat",
        );
        // 004 Ann. 1 3.2.2: pupils, parents, teachers and the commune's staff make requests.
        notice.has(
            "Personnes concernées : élèves, responsables légaux, personnels de l'établissement et personnels de la collectivité",
            "data subjects",
        );
    }
    // 004 Conv. art. 7: the académie's DPD on the ENT notice.
    Page::read(&out, "mentions/index.html").has("Académie de Versailles : dpd@ac-versailles.fr", "ENT notice");
}

#[test]
fn what_the_seed_does_not_say_is_not_on_the_pages() {
    let (_d, out) = built();
    for p in all_pages(&out) {
        // 004 fixes no retention period: none of the old invented ones.
        p.lacks("douze mois", "no retention period in the seed");
        p.lacks("12 mois", "no retention period in the seed");
        p.lacks("dans les trois mois", "no retention period in the seed");
        p.lacks("journaux de connexion", "no log retention in the seed");
        // 004 lists no data field (only the AAF file categories).
        p.lacks("(INE)", "no field list in the seed");
        p.lacks_ci("identifiant national", "no field list in the seed");
        p.lacks("date de naissance", "no field list in the seed");
        p.lacks("traces d'utilisation", "no field list in the seed");
        p.lacks("productions", "no field list in the seed");
        // 004 says nothing of measuring the use of the services.
        p.lacks("mesurer l'usage", "no usage measurement in the seed");
        // 004 says nothing on whether providing the data is mandatory, nor on consent.
        p.lacks("Devez-vous fournir ces données", "obligatoire not in the seed");
        p.lacks("Votre consentement", "no consent in the seed");
        // 004 gives no postal address for either party, no host, no ENT address.
        p.lacks("adresse postale", "no postal address in the seed");
        p.lacks_ci("Hébergeur", "no host named in the seed");
        p.lacks("92260", "no postcode in the seed");
        // 004 names no DSDEN or circonscription as recipient.
        p.lacks("DSDEN", "not a recipient in the seed");
    }
    let notice = Page::read(&out, &format!("{SCARRON}/mentions/index.html"));
    // 004 fixes no retention period: the required line says so and nothing more.
    notice.section("Combien de temps", "Transferts hors").has(
        "la convention ne fixe pas de durée de conservation",
        "retention not fixed",
    );
}

#[test]
fn footer_links_to_the_notice_and_the_grandes_lignes() {
    let (_d, out) = built();
    let footer = Page::read(&out, &format!("{SCARRON}/footer.html"));
    let html = std::fs::read_to_string(out.join(SCARRON).join("footer.html")).unwrap();
    // 004 Ann. 1 3.1 L521-523: the people get information on the agreement and on the joint
    // treatments: the footer links to the notice and to the grandes lignes of the joint
    // controllership (Conv. 6.2).
    assert!(
        html.contains("https://ent-rgpd.fontenay-aux-roses.fr/0920546u/mentions/"),
        "{html}"
    );
    assert!(
        html.contains("https://ent-rgpd.fontenay-aux-roses.fr/0920546u/grandes-lignes/"),
        "{html}"
    );
    footer.has(
        "Responsabilité conjointe : grandes lignes de l'accord",
        "joint: grandes lignes",
    );
    assert!(html.contains("École maternelle Scarron"), "the école's footer: {html}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(SCARRON).join("footer.json")).unwrap()).unwrap();
    // 004 Ann. 2 L826, corrected: UAI 0920546U.
    assert_eq!(json["uai"], "0920546U");
    assert_eq!(json["etablissement"], "École maternelle Scarron");
    let ids: Vec<&str> = json["liens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    // 004 Conv. 6.2: joint controllership → its grandes lignes are linked.
    assert!(
        ids.contains(&"donnees-personnelles") && ids.contains(&"grandes-lignes"),
        "{ids:?}"
    );
    // 004 designates no point of contact.
    assert!(!ids.iter().any(|i| i.contains("contact")), "{ids:?}");
}

#[test]
fn ent_pages_name_both_controllers() {
    let (_d, out) = built();
    let notice = Page::read(&out, "mentions/index.html");
    // 004 Conv. 6.2 L320: the académie de Versailles and the commune; preamble L3, L12-13.
    notice.has(
        "Académie de Versailles, représentée par la rectrice de la région académique Île-de-France",
        "académie",
    );
    notice.has(
        "Commune de Fontenay-aux-Roses, représentée par le maire de Fontenay-aux-Roses, pour ses écoles publiques",
        "commune for its écoles (L212-4, preamble L58)",
    );
    // 004 Conv. 3.1, art. 4: the école is no party and no controller.
    notice.has(
        "Une école publique n'a pas la personnalité juridique : elle n'est jamais responsable du traitement",
        "école",
    );
    // 004 Conv. 6.2: article 26.
    notice.has("responsabilité conjointe (article 26 du RGPD)", "joint");
    let home = Page::read(&out, "index.html");
    home.has("Académie de Versailles", "académie on the ENT home");
    home.has(
        "Commune de Fontenay-aux-Roses, pour ses écoles publiques",
        "commune on the ENT home",
    );
}

#[test]
fn ent_pages_do_not_announce_a_sole_controller() {
    let (_d, out) = built();
    for rel in ["index.html", "mentions/index.html"] {
        // 004 Conv. 6.2 / Ann. 1 art. 1: the only treatment of this ENT is joint; the seed
        // describes no treatment run by one party alone (content/ent-accueil.md and
        // content/ent-mentions.md used to say « … en responsabilité conjointe (article 26 du
        // RGPD) ou par un seul responsable » whenever there was a joint treatment).
        Page::read(&out, rel).lacks("par un seul responsable", "no sole-controller treatment");
    }
}

#[test]
fn register_sheet_rows_form_one_table() {
    let (_d, out) = built();
    // 004 Ann. 1 art. 8 L779 (register sheets) and art. 9 (hosting rule): the sheet shows its
    // legal basis and transfer rule as rows of its table (the seed gives no register date). With no sous-traitant (the
    // seed names none), the optional row of content/registre.md must not cut the table (it did
    // before 8992f64: the rows came out as literal « | … | » text).
    let sheet = Page::read(&out, &format!("{SCARRON}/registre/ent-ecoles/index.html"));
    sheet.lacks("| Transferts hors de l'Union européenne |", "rows of the table");
    sheet.lacks("| Base juridique |", "rows of the table");
}

#[test]
fn commune_dpd_contact_is_not_invented() {
    let (_d, out) = built();
    // 004 Ann. 1 4.2.2 L676 (« Le DPD de la Commune notifie… ») and 3.2.1 L558: the commune
    // has a DPD, but the seed gives no contact for it: the roster gives `dpd: {}` and no page
    // prints an address for it.
    for p in all_pages(&out) {
        p.lacks(
            "dpd@fontenay-aux-roses.fr",
            "the seed gives no contact for the commune's DPD",
        );
    }
    // Commune staff write to the commune (Ann. 1 3.2.2): the table names it, with no address.
    let notice = Page::read(&out, &format!("{SCARRON}/mentions/index.html"));
    notice.has(
        "Commune de Fontenay-aux-Roses coordonnées non indiquées",
        "the commune's row, without an invented contact",
    );
}
