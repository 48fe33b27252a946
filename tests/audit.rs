//! A DPO's review of the built pages against the seed conventions (/work/shared/seeds): each
//! test pins one correction of the canvases. The product's first rule: every sentence a page
//! states as a fact follows from the roster; where the roster is silent, the page is silent.

mod common;

use common::{build_example, build_variant, read, visible};
use std::path::Path;

const FONTENAY: &str = "tests/rosters/fontenay-aux-roses.yaml";
const GRAND_EST: &str = "tests/rosters/grand-est.yaml";
const MINIMAL: &str = "tests/rosters/minimal.yaml";
const ILLE_ET_VILAINE: &str = "tests/rosters/ille-et-vilaine.yaml";
const KIT_MODELE_1: &str = "tests/rosters/kit-modele-1.yaml";
/// A collège of seed 003 (its sole controller is the Département).
const COLLEGE_003: &str = "0350003n";
/// An école of kit model 1 (seed 002): one joint treatment and one other.
const ECOLE_002: &str = "0940173c";
/// An école of seed 004 (the first of its annex).
const ECOLE_004: &str = "0920218m";
/// The private collège of the Grand Est roster.
const PRIVE_000: &str = "0681660k";

/// The visible text of a page of a built site.
fn text(out: &Path, rel: &str) -> String {
    visible(&read(out, rel))
}

/// Every HTML page of a built site: (relative path, visible text).
fn html_pages(out: &Path) -> Vec<(String, String)> {
    common::tree(out)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html") && !rel.ends_with("footer.html"))
        .map(|(rel, bytes)| {
            let t = visible(&String::from_utf8_lossy(&bytes));
            (rel, t)
        })
        .collect()
}

// 1. An école's director does not act « pour le compte du DASEN »: no seed says so (004 has the
// académie represented by the rectrice; the director only coordinates).
#[test]
fn no_ecole_page_says_the_director_acts_for_the_dasen() {
    let (_d, out) = build_example(FONTENAY);
    let pages = html_pages(&out);
    for (rel, t) in &pages {
        for made_up in [
            "DASEN",
            "directeur académique des services",
            "pour le compte du directeur",
        ] {
            assert!(!t.contains(made_up), "{rel}: « {made_up} »\n{t}");
        }
    }
    // The generic statement stays, on the école's pages and on the ENT's.
    let generic = "Une école publique n'a pas la personnalité juridique : elle n'est jamais responsable du traitement.";
    for rel in [
        format!("{ECOLE_004}/mentions/index.html"),
        format!("{ECOLE_004}/index.html"),
        "index.html".into(),
        "mentions/index.html".into(),
    ] {
        let t = text(&out, &rel);
        assert!(t.contains(generic), "{rel}: {t}");
    }
}

// 2. A private establishment: nothing of an « organisme de gestion », which no roster names; its
// representative only as the roster gives it.
#[test]
fn a_private_establishment_is_represented_only_as_the_roster_says() {
    let (_d, out) = build_example(GRAND_EST);
    for (rel, t) in html_pages(&out) {
        assert!(!t.contains("organisme de gestion"), "{rel}: {t}");
    }
    let notice = text(&out, &format!("{PRIVE_000}/mentions/index.html"));
    assert!(
        notice.contains(
            "Juridiquement, le collège privé Don Bosco est un établissement d'enseignement privé. \
             Cet établissement est représenté par le chef d'établissement."
        ),
        "{notice}"
    );
    // Without the roster's `representant`: the statut alone, no representative.
    let (_d, out) = build_variant(GRAND_EST, "    representant: le chef d'établissement\n", "");
    for page in ["mentions/index.html", "index.html", "grandes-lignes/index.html"] {
        let t = text(&out, &format!("{PRIVE_000}/{page}"));
        assert!(
            t.contains("Juridiquement, le collège privé Don Bosco est un établissement d'enseignement privé."),
            "{page}: {t}"
        );
        assert!(!t.contains("Cet établissement est représenté"), "{page}: {t}");
        assert!(!t.contains("organisme de gestion"), "{page}: {t}");
        assert!(!t.contains("sous contrat"), "{page}: {t}");
    }
}

// 3. Cookies: nothing when the roster says nothing of them (no section, no heading); the
// section as `ent.cookies` states it otherwise.
#[test]
fn cookies_only_when_the_roster_states_them() {
    let (_d, out) = build_example(FONTENAY);
    for rel in [format!("{ECOLE_004}/mentions/index.html"), "mentions/index.html".into()] {
        let t = text(&out, &rel);
        assert!(!t.to_lowercase().contains("cookie"), "{rel}: {t}");
        assert!(!t.contains("traceurs"), "{rel}: {t}");
        // The sections around it are still there.
        assert!(t.contains("Réclamation auprès de la CNIL"), "{rel}: {t}");
    }
    let anchor = "  base_url: https://rgpd.exemple.fr\n";
    let (_d, out) = build_variant(
        MINIMAL,
        anchor,
        &format!("{anchor}  cookies: {{ mesure_audience: false }}\n"),
    );
    for rel in ["0570055a/mentions/index.html", "mentions/index.html"] {
        let t = text(&out, rel);
        assert!(t.contains("Cookies et traceurs"), "{rel}: {t}");
        assert!(
            t.contains("les cookies strictement nécessaires à son fonctionnement"),
            "{rel}: {t}"
        );
        assert!(
            t.contains("Aucun cookie de mesure d'audience ni aucun autre traceur soumis à votre consentement"),
            "{rel}: {t}"
        );
    }
}

// 4. Anyone may complain to the CNIL at any time (GDPR Art. 77), without contacting the
// controllers first.
#[test]
fn a_cnil_complaint_is_never_conditional() {
    let (_d, out) = build_example(FONTENAY);
    for rel in [format!("{ECOLE_004}/mentions/index.html"), "mentions/index.html".into()] {
        let t = text(&out, &rel);
        assert!(!t.contains("après vous être adressé"), "{rel}: {t}");
        assert!(
            t.contains(
                "vous pouvez à tout moment adresser une réclamation à la Commission nationale de \
                 l'informatique et des libertés (CNIL), sans passer d'abord par les contacts \
                 ci-dessus (article 77 du RGPD)"
            ),
            "{rel}: {t}"
        );
    }
}

// 5. The pupils' page does not promise a retention period: seed 004 fixes none, and its
// treatment's `conservation` says so.
#[test]
fn the_pupils_page_promises_no_retention_period() {
    let (_d, out) = build_example(FONTENAY);
    let eleves = text(&out, &format!("{ECOLE_004}/eleves/index.html"));
    assert!(!eleves.contains("combien de temps"), "{eleves}");
    assert!(
        eleves.contains("Elle parle aussi du temps pendant lequel les données sont gardées."),
        "{eleves}"
    );
    let notice = text(&out, &format!("{ECOLE_004}/mentions/index.html"));
    assert!(
        notice.contains("Combien de temps ? la convention ne fixe pas de durée de conservation."),
        "{notice}"
    );
}

// 6. Running text: data subjects in lower case (the labels keep their capitals where they
// stand as headings), references joined with « ; » (one of them holds « et »).
#[test]
fn labels_and_references_read_as_running_text() {
    let (_d, out) = build_example(FONTENAY);
    let notice = text(&out, &format!("{ECOLE_004}/mentions/index.html"));
    assert!(
        notice.contains(
            "Personnes concernées : élèves, responsables légaux, personnels de l'établissement et \
             personnels de la collectivité."
        ),
        "{notice}"
    );
    assert!(!notice.contains("Personnes concernées : Élèves"), "{notice}");
    // As list items and headings, the labels keep their capital.
    assert!(notice.contains("Élèves : données de l'annuaire fédérateur"), "{notice}");
    let sheet = text(&out, &format!("{ECOLE_004}/registre/ent-ecoles/index.html"));
    assert!(sheet.contains("Élèves"), "{sheet}");
    let ent = text(&out, "mentions/index.html");
    assert!(
        ent.contains("Personnes concernées : élèves, responsables légaux"),
        "{ent}"
    );

    let (_d, out) = build_example(GRAND_EST);
    let notice = text(&out, "0570055a/mentions/index.html");
    assert!(
        notice.contains(
            "Textes de référence : RGPD ; loi n° 78-17 du 6 janvier 1978 (Informatique et \
             Libertés) ; Code de l'éducation, articles L211-1, L213-2, L214-6 et D111-5 ; schéma \
             directeur des espaces numériques de travail (SDET)."
        ),
        "{notice}"
    );
    assert!(!notice.contains("D111-5 et schéma directeur"), "{notice}");
}

#[test]
fn a_lower_case_initial_leaves_acronyms_and_placeholders_alone() {
    use ent_rgpd::render::context::minuscule_initiale;
    assert_eq!(minuscule_initiale("Élèves"), "élèves");
    assert_eq!(
        minuscule_initiale("Personnels de l'Éducation nationale"),
        "personnels de l'Éducation nationale"
    );
    assert_eq!(minuscule_initiale("AESH"), "AESH");
    assert_eq!(minuscule_initiale("élèves"), "élèves");
    assert_eq!(minuscule_initiale(""), "");
    assert_eq!(minuscule_initiale("Qzx0000012xzq"), "Qzx0000012xzq");
}

// 7. « Dernière mise à jour »: what the roster says of updates (`mis_a_jour_le`), never the
// convention's date (seed 004's is the date of a running header); nothing when none is given.
#[test]
fn the_update_date_is_never_the_conventions() {
    let (_d, out) = build_example(FONTENAY);
    for (rel, t) in html_pages(&out) {
        assert!(!t.contains("Dernière mise à jour"), "{rel}: {t}");
        if !rel.contains("grandes-lignes") && !rel.contains("mentions-legales") {
            // Only where the convention itself is cited may its date appear.
            assert!(!t.contains("4 novembre 2025"), "{rel}: {t}");
        }
    }
    let (_d, out) = build_variant(
        FONTENAY,
        "    # No `cree_le` / `mis_a_jour_le`: the seed gives no register date.\n",
        "    mis_a_jour_le: 2025-10-01\n",
    );
    for rel in [
        format!("{ECOLE_004}/mentions/index.html"),
        format!("{ECOLE_004}/eleves/index.html"),
        format!("{ECOLE_004}/registre/ent-ecoles/index.html"),
        "index.html".into(),
        "mentions/index.html".into(),
    ] {
        let t = text(&out, &rel);
        assert!(t.contains("Dernière mise à jour : 1er octobre 2025"), "{rel}: {t}");
    }
}

// 8. « selon l'établissement », « dépendent de votre établissement »: only when the controllers
// differ between establishments (every école of seed 004 has the same two).
#[test]
fn controllers_depend_on_the_establishment_only_when_they_do() {
    let (_d, out) = build_example(FONTENAY);
    for rel in ["index.html", "mentions/index.html"] {
        let t = text(&out, rel);
        for claim in [
            "selon l'établissement",
            "dépendent de votre établissement",
            "dépendent de l'établissement",
            "Chacun n'est responsable que pour les établissements qui le concernent",
        ] {
            assert!(!t.contains(claim), "{rel}: « {claim} »\n{t}");
        }
    }
    let ent = text(&out, "mentions/index.html");
    assert!(
        ent.contains(
            "Les responsables du traitement sont les mêmes pour tous les établissements ; ils sont \
             indiqués ci-dessous. La page de votre établissement indique à qui adresser vos demandes."
        ),
        "{ent}"
    );
    // Grand Est: each establishment is a controller, and the collectivité depends on it.
    let (_d, out) = build_example(GRAND_EST);
    let ent = text(&out, "mentions/index.html");
    assert!(
        ent.contains("Les responsables du traitement sont, selon l'établissement :"),
        "{ent}"
    );
    assert!(ent.contains("dépendent de votre établissement"), "{ent}");
    let home = text(&out, "index.html");
    assert!(home.contains("dépendent de l'établissement"), "{home}");
}

#[test]
fn the_footer_sentence_does_not_make_every_controller_responsible_for_everything() {
    // 000 §7.2: the portal is joint, each party's communication its own: the footer's first
    // sentence says the controllers answer « selon le traitement ». Seed 004 has one joint
    // treatment: its controllers are named without that qualification.
    let (_d, out) = build_example(GRAND_EST);
    let json = read(&out, "0570055a/footer.json");
    assert!(
        json.contains("sont traitées, selon le traitement, sous la responsabilité de l'académie de Nancy-Metz"),
        "{json}"
    );
    let (_d, out) = build_example(FONTENAY);
    let footer = visible(&read(&out, &format!("{ECOLE_004}/footer.html")));
    assert!(
        footer.contains("sont traitées sous la responsabilité de l'académie de Versailles"),
        "{footer}"
    );
    assert!(!footer.contains("selon le traitement"), "{footer}");
}

// 9. The accessibility statement names no one to report a defect to, and promises nothing,
// when the roster gives no `ent.accessibilite.contact` (seed 003: the collège runs none of
// these services); the RGAA wording only with a contact.
#[test]
fn accessibility_defects_are_reported_only_to_a_contact_the_roster_gives() {
    let (_d, out) = build_example(ILLE_ET_VILAINE);
    let t = text(&out, "accessibilite/index.html");
    assert!(
        t.contains("Aucun contact n'est indiqué pour signaler un défaut d'accessibilité."),
        "{t}"
    );
    for made_up in ["votre établissement", "vous serez orienté", "sous une autre forme"] {
        assert!(!t.contains(made_up), "« {made_up} »\n{t}");
    }
    let anchor = "  base_url: https://rgpd.exemple.fr\n";
    let (_d, out) = build_variant(
        MINIMAL,
        anchor,
        &format!(
            "{anchor}  accessibilite:\n    statut: non conforme\n    contact: https://ent.exemple.fr/accessibilite\n"
        ),
    );
    let html = read(&out, "accessibilite/index.html");
    assert!(html.contains("href=\"https://ent.exemple.fr/accessibilite\""), "{html}");
    let t = visible(&html);
    assert!(
        t.contains(
            "Si vous n'arrivez pas à accéder à un contenu ou à un service de l'ENT, signalez-le en \
             ligne : vous serez orienté vers une autre solution accessible ou vous obtiendrez le \
             contenu sous une autre forme."
        ),
        "{t}"
    );
    assert!(!t.contains("Aucun contact n'est indiqué"), "{t}");
}

// 10. The ENT notice: when every establishment has the same controllers, it lists them and
// does not send the reader to each establishment's page for them; its heading promises a
// legal basis only when some treatment states one (seed 003 states none).
#[test]
fn the_ent_notice_names_the_same_controllers_where_it_lists_them() {
    let (_d, out) = build_example(ILLE_ET_VILAINE);
    let ent = text(&out, "mentions/index.html");
    for elsewhere in [
        "indiqué sur la page de chaque établissement",
        "indiqués sur la page de chaque établissement",
        "sont indiqués sur la page de cet établissement",
        "base légale",
    ] {
        assert!(!ent.contains(elsewhere), "« {elsewhere} »\n{ent}");
    }
    assert_eq!(
        ent.matches(
            "Traitement mis en œuvre par un seul responsable, le Département d'Ille-et-Vilaine, \
             pour son propre compte."
        )
        .count(),
        2,
        "{ent}"
    );
    assert!(ent.contains("Finalités et durées de conservation"), "{ent}");

    // Seed 002, model 1: the académie and the commune for every école; one joint treatment.
    let (_d, out) = build_example(KIT_MODELE_1);
    let ent = text(&out, "mentions/index.html");
    assert!(!ent.contains("sur la page de chaque établissement."), "{ent}");
    assert!(!ent.contains("sur la page de cet établissement"), "{ent}");
    assert!(
        ent.contains(
            "Traitement mis en œuvre en responsabilité conjointe (article 26 du RGPD). Ses \
             responsables sont ceux indiqués ci-dessus."
        ),
        "{ent}"
    );
    assert!(
        ent.contains(
            "Traitement mis en œuvre par un seul responsable, l'un de ceux indiqués ci-dessus, \
             pour son propre compte."
        ),
        "{ent}"
    );
    assert!(
        ent.contains("Finalités, base légale et durées de conservation"),
        "{ent}"
    );

    // Grand Est: the controllers depend on the establishment, whose page names them.
    let (_d, out) = build_example(GRAND_EST);
    let ent = text(&out, "mentions/index.html");
    assert!(
        ent.contains("Ses responsables sont indiqués sur la page de chaque établissement."),
        "{ent}"
    );
    assert!(
        ent.contains(
            "Les responsables de chaque traitement pour un établissement donné sont indiqués sur \
             la page de cet établissement."
        ),
        "{ent}"
    );
    assert!(
        ent.contains(
            "Traitement mis en œuvre par un seul responsable, indiqué sur la page de chaque \
             établissement. Sous-traitants (article 28 du RGPD), qui agissent sur instruction du \
             responsable : Région Grand Est et Kosmos."
        ),
        "{ent}"
    );
    // The processors once, in their own sentence (not also « avec des sous-traitants »).
    assert!(!ent.contains("avec des sous-traitants qui agissent"), "{ent}");
}

// 11. The right to erasure gives way only « dans la mesure où » the processing is necessary
// for a legal obligation or a task in the public interest (GDPR Art. 17.3.b).
#[test]
fn the_erasure_exception_is_stated_as_article_17_3_b_does() {
    let (_d, out) = build_example(MINIMAL);
    for rel in ["0570055a/mentions/index.html", "mentions/index.html"] {
        let t = text(&out, rel);
        assert!(!t.contains("ne s'applique pas aux données nécessaires"), "{rel}: {t}");
        assert!(
            !t.contains("supprimées à la fin des durées de conservation"),
            "{rel}: {t}"
        );
        assert!(
            t.contains(
                "demander leur effacement dans les cas prévus à l'article 17. Ce droit ne \
                 s'applique pas dans la mesure où le traitement est nécessaire au respect d'une \
                 obligation légale ou à l'exécution d'une mission d'intérêt public (article \
                 17.3.b) ;"
            ),
            "{rel}: {t}"
        );
    }
}

// 12a. « Les services numériques … traitent »: the next sentences of « L'essentiel » say
// « leur » / « leurs », as the ENT's « son » / « ses ».
#[test]
fn lessentiel_says_leur_of_the_services_numeriques() {
    let (_d, out) = build_example(ILLE_ET_VILAINE);
    let notice = text(&out, &format!("{COLLEGE_003}/mentions/index.html"));
    assert!(
        notice.contains(
            "traitent des données personnelles de leurs utilisateurs. Leur responsable est le \
             Département d'Ille-et-Vilaine."
        ),
        "{notice}"
    );
    assert!(!notice.contains("Son responsable"), "{notice}");
    // With joint controllers.
    let (_d, out) = build_variant(
        MINIMAL,
        "  nom: ENT minimal\n",
        "  nom: ENT minimal\n  nature: services_numeriques\n",
    );
    let notice = text(&out, "0570055a/mentions/index.html");
    assert!(
        notice.contains("de leurs utilisateurs. Leurs responsables conjoints sont"),
        "{notice}"
    );
    // « L'ENT … traite »: « ses ».
    let (_d, out) = build_example(MINIMAL);
    let notice = text(&out, "0570055a/mentions/index.html");
    assert!(
        notice.contains("de ses utilisateurs. Ses responsables conjoints sont"),
        "{notice}"
    );
}

// 12b. One controller, one DPD: the singular (seed 003, its ENT pages and its collèges').
#[test]
fn one_controller_and_one_dpd_are_said_in_the_singular() {
    let (_d, out) = build_example(ILLE_ET_VILAINE);
    let notice = text(&out, &format!("{COLLEGE_003}/mentions/index.html"));
    assert!(
        notice.contains(
            "Délégué à la protection des données (DPD) du responsable : Département \
             d'Ille-et-Vilaine : dpo@ille-et-vilaine.fr"
        ),
        "{notice}"
    );
    assert!(!notice.contains("Délégués"), "{notice}");
    let ent = text(&out, "mentions/index.html");
    for singular in [
        "Le responsable du traitement est le même pour tous les établissements ; il est indiqué ci-dessous.",
        "Responsable du traitement Le responsable du traitement est : Département d'Ille-et-Vilaine",
        "Délégué à la protection des données Département d'Ille-et-Vilaine : dpo@ille-et-vilaine.fr",
    ] {
        assert!(ent.contains(singular), "« {singular} »\n{ent}");
    }
    for plural in ["Les responsables du traitement", "Délégués"] {
        assert!(!ent.contains(plural), "« {plural} »\n{ent}");
    }
    let home = text(&out, "index.html");
    assert!(
        home.contains(
            "Le responsable du traitement Le responsable du traitement est : Département \
             d'Ille-et-Vilaine."
        ),
        "{home}"
    );
    assert!(!home.contains("Les responsables du traitement"), "{home}");
    // Two controllers (seed 002, model 1): the plural stays.
    let (_d, out) = build_example(KIT_MODELE_1);
    let notice = text(&out, &format!("{ECOLE_002}/mentions/index.html"));
    assert!(
        notice.contains("Délégués à la protection des données (DPD) des responsables :"),
        "{notice}"
    );
    let ent = text(&out, "mentions/index.html");
    assert!(ent.contains("Les responsables du traitement sont :"), "{ent}");
    assert!(ent.contains("Délégués à la protection des données"), "{ent}");
}

// 12c. « L'essentiel » counts the joint treatments and the others (seed 002, model 1: one
// of each; Grand Est: one joint treatment and several others).
#[test]
fn lessentiel_counts_the_joint_treatments_and_the_others() {
    let (_d, out) = build_example(KIT_MODELE_1);
    let notice = text(&out, &format!("{ECOLE_002}/mentions/index.html"));
    assert!(
        notice.contains(
            "Son traitement conjoint a pour responsables l'académie de Créteil et la commune de \
             Vincennes ; l'autre a un seul responsable."
        ),
        "{notice}"
    );
    assert!(!notice.contains("Ses traitements conjoints"), "{notice}");
    let (_d, out) = build_example(GRAND_EST);
    let notice = text(&out, "0570055a/mentions/index.html");
    assert!(
        notice.contains(
            "Son traitement conjoint a pour responsables l'académie de Nancy-Metz, le \
             Département de la Moselle et l'établissement lui-même ; les autres ont un seul \
             responsable."
        ),
        "{notice}"
    );
}

// 13. A register sheet states its responsibility once, in its table: no sentence after the
// table repeats the row « Nature de la responsabilité ».
#[test]
fn a_register_sheet_states_the_responsibility_once() {
    let (_d, out) = build_example(ILLE_ET_VILAINE);
    let sheet = text(&out, &format!("{COLLEGE_003}/registre/maintenance-parc/index.html"));
    assert!(
        sheet.contains("Nature de la responsabilité responsable unique, pour son propre compte"),
        "{sheet}"
    );
    assert_eq!(sheet.matches("pour son propre compte").count(), 1, "{sheet}");
    assert!(!sheet.contains("Seul responsable :"), "{sheet}");
    // With processors: their row, and no sentence after the table.
    let (_d, out) = build_example(GRAND_EST);
    let sheet = text(&out, "0570055a/registre/portail-ent/index.html");
    assert!(sheet.contains("Sous-traitant Kosmos"), "{sheet}");
    assert!(
        !sheet.contains("Responsables conjoints (article 26 du RGPD) :"),
        "{sheet}"
    );
    assert!(!sheet.contains("qui agit sur instruction"), "{sheet}");
}
