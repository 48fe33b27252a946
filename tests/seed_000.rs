//! Seed 000 (avenant n° 1 to the Mon Bureau Numérique partnership convention, Article 7) and
//! 001 (the convention each establishment signs, art. 4, same text), checked on the pages built
//! from tests/rosters/grand-est.yaml: a public collège, a public lycée, a collège of the
//! Collectivité européenne d'Alsace and a private collège.
//!
//! Each assertion cites the article it comes from.

mod common;

use std::path::PathBuf;

/// Collège Barbot, Metz (57): public; competent collectivité: the Département de la Moselle.
const COLLEGE: &str = "0570055a";
/// Lycée Fabert, Metz (57): public; competent collectivité: the Région.
const LYCEE: &str = "0570054z";
/// Collège du Parc, Illkirch-Graffenstaden (67): public; the Collectivité européenne d'Alsace.
const ALSACE: &str = "0671956m";
/// Collège privé Don Bosco, Landser (68): private under contract (`statut: prive`).
const PRIVE: &str = "0681660k";

/// Every page of an establishment that a reader may open.
const PAGES: &[&str] = &[
    "index.html",
    "grandes-lignes/index.html",
    "mentions/index.html",
    "registre/index.html",
    "registre/portail-ent/index.html",
    "registre/communication-etablissement/index.html",
    "registre/communication-academie/index.html",
    "registre/communication-collectivite/index.html",
    "registre/communication-externe/index.html",
    "registre/services-pedagogiques/index.html",
    "footer.html",
    "footer.json",
];

/// The Grand Est roster, built by the binary into a fresh directory.
struct Site {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

fn build() -> Site {
    let (dir, out) = common::build_example("tests/rosters/grand-est.yaml");
    Site { _dir: dir, out }
}

impl Site {
    fn path(&self, uai: &str, rel: &str) -> PathBuf {
        self.out.join(uai).join(rel)
    }

    fn exists(&self, uai: &str, rel: &str) -> bool {
        self.path(uai, rel).is_file()
    }

    fn raw(&self, uai: &str, rel: &str) -> String {
        let p = self.path(uai, rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// The page as a reader sees it, whitespace collapsed (U+00A0 and U+202F count as spaces).
    fn text(&self, uai: &str, rel: &str) -> String {
        common::visible(&self.raw(uai, rel))
    }

    /// Every page of the establishment that exists, as (path, visible text).
    fn all(&self, uai: &str) -> Vec<(String, String)> {
        PAGES
            .iter()
            .filter(|rel| self.exists(uai, rel))
            .map(|rel| (format!("{uai}/{rel}"), self.text(uai, rel)))
            .collect()
    }
}

/// Same normalisation as `common::visible`: runs of whitespace (U+00A0 and U+202F included,
/// both are White_Space) become one space.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn excerpt(page: &str) -> &str {
    &page[..page.char_indices().nth(4000).map_or(page.len(), |(i, _)| i)]
}

#[track_caller]
fn has(page: &str, needle: &str, why: &str) {
    let n = norm(needle);
    assert!(page.contains(&n), "{why}\n  « {n} » absent from:\n{}", excerpt(page));
}

#[track_caller]
fn lacks(page: &str, needle: &str, why: &str) {
    let n = norm(needle);
    assert!(!page.contains(&n), "{why}\n  « {n} » present in:\n{}", excerpt(page));
}

/// The text from the first `from` to the next `to` (or the end).
#[track_caller]
fn section<'a>(page: &'a str, from: &str, to: &str) -> &'a str {
    let start = page
        .find(from)
        .unwrap_or_else(|| panic!("« {from} » absent from:\n{}", excerpt(page)));
    let rest = &page[start..];
    let end = rest[from.len()..].find(to).map_or(rest.len(), |e| e + from.len());
    &rest[..end]
}

/// The list of joint controllers of the grandes lignes: from « Les responsables conjoints » to
/// « Qui fait quoi ? » (the parties' obligations, which name other parties too), or to « Les
/// traitements » when the agreement lists no obligations.
#[track_caller]
fn joint_controllers(gl: &str) -> &str {
    let s = section(gl, "Les responsables conjoints", "Les traitements");
    s.find("Qui fait quoi ?").map_or(s, |e| &s[..e])
}

/// The breach line of the grandes lignes that names a perimeter: « Pour une violation … <label>
/// … : … ». Perimeters with the same rule share one line.
#[track_caller]
fn breach<'a>(gl: &'a str, label: &str) -> &'a str {
    const START: &str = "Pour une violation";
    let mut rest = gl;
    while let Some(i) = rest.find(START) {
        let line = &rest[i..];
        let end = line[START.len()..]
            .find(START)
            .map(|j| j + START.len())
            .or_else(|| line.find("Le RGPD demande"))
            .unwrap_or(line.len());
        let head = &line[..line[..end].find(" : ").unwrap_or(end)];
        if head.contains(label) {
            return &line[..end];
        }
        rest = &line[end..];
    }
    panic!("no breach line for « {label} »:\n{gl}")
}

/// Rows of the rights table (« Votre demande porte sur | Vous êtes | Adressez-la à »).
#[track_caller]
fn routes(page: &str) -> &str {
    section(page, "Votre demande porte sur", "La première ligne qui correspond")
}

// ---------------------------------------------------------------------------------------
// 000 §7.2: who is controller of what.
// ---------------------------------------------------------------------------------------

#[test]
fn public_college_portal_is_joint_with_the_departement() {
    let s = build();
    let gl = s.text(COLLEGE, "grandes-lignes/index.html");
    let joint = joint_controllers(&gl);
    // 000 §7.2: the portal is joint « entre les Autorités académiques, l'établissement et la
    // collectivité compétente »; for a collège the Département (L213-2, 000 visas).
    has(
        joint,
        "Académie de Nancy-Metz",
        "000 §7.2: the académie is a joint controller",
    );
    has(
        joint,
        "Département de la Moselle",
        "000 §7.2: the competent collectivité of a collège",
    );
    has(
        joint,
        "Collège Barbot",
        "000 §7.2: the establishment is a joint controller",
    );
    // 000 §7.2: the Région is the processor of the pedagogical services, not a joint controller
    // of a collège's portal.
    lacks(
        joint,
        "Région Grand Est",
        "000 §7.2: the Région is no joint controller for a collège",
    );
    has(
        &gl,
        "Administration et fonctionnement du portail Mon Bureau Numérique : Académie de Nancy-Metz, Département de la Moselle et Collège Barbot",
        "000 §7.2: the portal is the joint treatment",
    );
    // 000 §7.2: the same on the register sheet of the portal.
    let sheet = s.text(COLLEGE, "registre/portail-ent/index.html");
    has(
        &sheet,
        "Nature de la responsabilité responsabilité conjointe (article 26 du RGPD)",
        "000 §7.2: joint",
    );
    has(
        &sheet,
        "Responsables de traitement Académie de Nancy-Metz, Département de la Moselle et Collège Barbot",
        "000 §7.2: the portal's joint controllers",
    );
    // 000 §7.4.1: the groupement contracts with « l'éditeur désigné de la solution » (Kosmos,
    // annexe « Gestion de crise ») a public contract with the Art. 28 clauses.
    has(
        &sheet,
        "Sous-traitant Kosmos",
        "000 §7.4.1: the vendor is the portal's processor",
    );
    // 000 §7.2 / §7.6: the notice names the joint controllers.
    let notice = s.text(COLLEGE, "mentions/index.html");
    let who = section(
        &notice,
        "Responsables conjoints (article 26 du RGPD)",
        "Les grandes lignes de leur accord",
    );
    has(
        who,
        "Académie de Nancy-Metz",
        "000 §7.2: joint controller in the notice",
    );
    has(
        who,
        "Département de la Moselle",
        "000 §7.2: joint controller in the notice",
    );
    has(who, "Collège Barbot", "000 §7.2: joint controller in the notice");
    lacks(
        who,
        "Région Grand Est",
        "000 §7.2: the Région is no joint controller for a collège",
    );
}

#[test]
fn public_lycee_portal_is_joint_with_the_region() {
    let s = build();
    let gl = s.text(LYCEE, "grandes-lignes/index.html");
    let joint = joint_controllers(&gl);
    // 000 §7.2: « la collectivité compétente »; for a lycée the Région (L214-6, 000 visas).
    has(
        joint,
        "Académie de Nancy-Metz",
        "000 §7.2: the académie is a joint controller",
    );
    has(
        joint,
        "Région Grand Est",
        "000 §7.2: the competent collectivité of a lycée",
    );
    has(
        joint,
        "Lycée général et technologique Fabert",
        "000 §7.2: the establishment",
    );
    lacks(
        joint,
        "Département de la Moselle",
        "000 §7.2: the Département is not competent for a lycée",
    );
    let sheet = s.text(LYCEE, "registre/portail-ent/index.html");
    has(
        &sheet,
        "Responsables de traitement Académie de Nancy-Metz, Région Grand Est et Lycée général et technologique Fabert",
        "000 §7.2: the lycée portal's joint controllers",
    );
    // 000 §7.2 (« établissement public local » only follows from the roster's statut).
    has(
        &gl,
        "est un établissement public local d'enseignement (EPLE)",
        "a public lycée is an EPLE",
    );
}

#[test]
fn alsace_college_portal_is_joint_with_the_cea() {
    let s = build();
    let gl = s.text(ALSACE, "grandes-lignes/index.html");
    let joint = joint_controllers(&gl);
    // 000 art. 1: the Collectivité européenne d'Alsace, created on 1 January 2021 from the
    // Bas-Rhin and the Haut-Rhin, is the competent collectivité of the collèges of 67 and 68.
    has(
        joint,
        "Collectivité européenne d'Alsace",
        "000 art. 1 / §7.2: competent collectivité in 67",
    );
    has(joint, "Académie de Strasbourg", "000 §7.2: the académie");
    lacks(
        joint,
        "Bas-Rhin",
        "000 art. 1: the Bas-Rhin no longer exists as a party",
    );
    lacks(
        joint,
        "Région Grand Est",
        "000 §7.2: the Région is no joint controller for a collège",
    );
}

#[test]
fn communication_tools_are_each_controllers_own() {
    let s = build();
    // 000 §7.2: « Les traitements liés aux outils de communication externe et interne sont mis
    // en œuvre par les responsables de traitement pour leurs propres comptes ».
    for (uai, etab, collectivite) in [
        (COLLEGE, "Collège Barbot", "Département de la Moselle"),
        (LYCEE, "Lycée général et technologique Fabert", "Région Grand Est"),
    ] {
        for (id, controller) in [
            ("communication-etablissement", etab),
            ("communication-academie", "Académie de Nancy-Metz"),
            ("communication-collectivite", collectivite),
            ("communication-externe", etab),
        ] {
            let sheet = s.text(uai, &format!("registre/{id}/index.html"));
            has(
                &sheet,
                "Nature de la responsabilité responsable unique, pour son propre compte",
                &format!("000 §7.2: {id} is its controller's own ({uai})"),
            );
            has(
                &sheet,
                &format!("Responsable de traitement {controller}"),
                &format!("000 §7.2: {id} is {controller}'s own ({uai})"),
            );
            lacks(
                &sheet,
                "responsabilité conjointe",
                &format!("000 §7.2: {id} is not joint ({uai})"),
            );
        }
        // 000 §7.2: the grandes lignes present them as sole-controller treatments.
        let gl = s.text(uai, "grandes-lignes/index.html");
        has(
            &gl,
            &format!(
                "Communication de la collectivité aux élèves et à leurs représentants légaux par l'ENT : seul responsable, {collectivite}"
            ),
            "000 §7.2: the collectivité's communication is its own",
        );
        has(
            &gl,
            "Communication des autorités académiques par l'ENT : seul responsable, Académie de Nancy-Metz",
            "000 §7.2: the académie's communication is its own",
        );
    }
    // 000 §7.3: « chacune des parties détermine pour les modules qui lui sont propres [...] les
    // durées de conservation »: the seeds give none for these modules, so no sheet states the
    // kit's periods for them; it says who sets it.
    for id in [
        "communication-etablissement",
        "communication-academie",
        "communication-collectivite",
        "services-pedagogiques",
    ] {
        let sheet = s.text(COLLEGE, &format!("registre/{id}/index.html"));
        let retention = section(&sheet, "Durées de conservation", "Catégories de destinataires");
        has(
            retention,
            "fixée par le responsable de ce traitement",
            &format!("000 §7.3: {id}"),
        );
        lacks(retention, "douze mois", &format!("000 §7.3: no kit period for {id}"));
    }
    let portal = s.text(COLLEGE, "registre/portail-ent/index.html");
    // The portal (no party's own module): 000/001 set no period; the parties follow the SDET
    // (§7.3), whose periods the seeds do not quote. The kit's are not stated as MBN's.
    has(
        &portal,
        "la convention ne fixe pas de durée de conservation ; les parties s'engagent à respecter les préconisations du schéma directeur",
        "000 §7.3: no period, the SDET",
    );
    lacks(&portal, "douze mois", "000: no kit period for the portal");
    // 000 annexe 1: the collectivités' communication is for pupils and their legal
    // representatives; exchanges with staff « ne sont donc pas concernés ».
    let sheet = s.text(COLLEGE, "registre/communication-collectivite/index.html");
    let people = section(&sheet, "Catégories de personnes concernées", "Catégories de données");
    has(people, "Élèves", "000 annexe 1: pupils");
    has(people, "Responsables légaux", "000 annexe 1: legal representatives");
    lacks(people, "Personnels", "000 annexe 1: staff are not concerned");
}

#[test]
fn pedagogical_services_under_the_establishment_region_processor() {
    let s = build();
    // 000 §7.2: « sous la responsabilité de l'établissement et sous-traités par la Région Grand
    // Est en tant que chef de file du groupement de commandes ENT »; §7.4.1: « sous-traitants
    // ultérieurs » (the vendor). The same for a private establishment (001 §4.2).
    for (uai, etab) in [
        (COLLEGE, "Collège Barbot"),
        (LYCEE, "Lycée général et technologique Fabert"),
        (PRIVE, "Collège privé Don Bosco"),
    ] {
        let sheet = s.text(uai, "registre/services-pedagogiques/index.html");
        has(
            &sheet,
            "Nature de la responsabilité responsable unique, avec sous-traitant (article 28 du RGPD)",
            &format!("000 §7.2: subcontracted ({uai})"),
        );
        has(
            &sheet,
            &format!("Responsable de traitement {etab}"),
            &format!("000 §7.2: the establishment is the controller ({uai})"),
        );
        has(
            &sheet,
            "Sous-traitants Région Grand Est et Kosmos",
            &format!("000 §7.2, §7.4.1: the Région, then the vendor ({uai})"),
        );
        has(
            &sheet,
            "la Région Grand Est, sous-traitant en tant que chef de file du groupement de commandes ENT",
            &format!("000 §7.2: why the Région is processor ({uai})"),
        );
        let responsables = section(
            &sheet,
            "Responsables et délégués à la protection des données",
            "Finalités du traitement",
        );
        lacks(
            responsables,
            "Région Grand Est",
            &format!("000 §7.2: the Région is not a controller of these services ({uai})"),
        );
    }
    // 000 §7.2: the grandes lignes of a public establishment say so too.
    let gl = s.text(COLLEGE, "grandes-lignes/index.html");
    has(
        &gl,
        "Services numériques pédagogiques, de vie scolaire et d'organisation scolaire de l'établissement : responsable, Collège Barbot ; sous-traitants, Région Grand Est et Kosmos",
        "000 §7.2: the establishment's services, the Région as processor",
    );
}

#[test]
fn legal_bases_of_7_2() {
    let s = build();
    // 000 §7.2: « nécessaires à l'exécution d'une mission d'intérêt public ... e) du 1 de
    // l'article 6 du RGPD à l'exception des traitements de communication externe qui relèvent
    // de l'intérêt légitime du responsable du traitement à communiquer à l'attention des
    // Internautes ... f) du 1 de l'article 6 ».
    for uai in [COLLEGE, LYCEE] {
        for id in [
            "portail-ent",
            "communication-etablissement",
            "communication-academie",
            "communication-collectivite",
            "services-pedagogiques",
        ] {
            let sheet = s.text(uai, &format!("registre/{id}/index.html"));
            has(
                &sheet,
                "l'exécution d'une mission d'intérêt public (article 6.1.e du RGPD)",
                &format!("000 §7.2: {id} on 6.1.e ({uai})"),
            );
            lacks(&sheet, "6.1.f", &format!("000 §7.2: {id} is not on 6.1.f ({uai})"));
        }
        let sheet = s.text(uai, "registre/communication-externe/index.html");
        has(
            &sheet,
            "(article 6.1.f du RGPD)",
            &format!("000 §7.2: external communication on 6.1.f ({uai})"),
        );
        has(
            &sheet,
            "intérêt légitime du responsable du traitement à communiquer à l'attention des internautes",
            &format!("000 §7.2: the legitimate interest, in the seed's words ({uai})"),
        );
    }
}

#[test]
fn representatives_are_the_preambles_titles() {
    let s = build();
    // 000 and 001 preambles: « recteur de région académique recteur de l'académie de
    // Nancy-Metz », « Président du Conseil Départemental de la Moselle », « Président du Conseil
    // Régional du Grand Est », « Président de la Collectivité européenne d'Alsace », « recteur
    // de l'académie de Strasbourg »; 001: establishments « représentés par leur chef
    // d'établissement ou directeur ».
    let gl = s.text(COLLEGE, "grandes-lignes/index.html");
    has(
        &gl,
        "Académie de Nancy-Metz, représentée par le recteur de région académique, recteur de l'académie de Nancy-Metz",
        "000 préambule: the recteur de région académique",
    );
    has(
        &gl,
        "Département de la Moselle, représenté par le président du conseil départemental de la Moselle",
        "000 préambule: the président of the conseil départemental",
    );
    has(
        &gl,
        "Collège Barbot, représenté par le chef d'établissement",
        "001 préambule: the chef d'établissement",
    );
    let gl = s.text(LYCEE, "grandes-lignes/index.html");
    has(
        &gl,
        "Région Grand Est, représentée par le président du conseil régional du Grand Est",
        "000 préambule: the président of the conseil régional",
    );
    let gl = s.text(ALSACE, "grandes-lignes/index.html");
    has(
        &gl,
        "Collectivité européenne d'Alsace, représentée par le président de la Collectivité européenne d'Alsace",
        "000 préambule: the président of the CeA",
    );
    has(
        &gl,
        "Académie de Strasbourg, représentée par le recteur de l'académie de Strasbourg",
        "000 préambule",
    );
    let notice = s.text(PRIVE, "mentions/index.html");
    has(
        &notice,
        "Académie de Strasbourg, représentée par le recteur de l'académie de Strasbourg",
        "000 préambule: the académie of a private establishment",
    );
    has(
        &notice,
        "Collège privé Don Bosco, représenté par le chef d'établissement",
        "001 préambule: its chef d'établissement",
    );
    // The default title of the type (« le recteur d'académie ») is not the seed's.
    for uai in [COLLEGE, LYCEE, ALSACE, PRIVE] {
        for (page, text) in s.all(uai) {
            lacks(
                &text,
                "représentée par le recteur d'académie",
                &format!("000 préambule: exact title ({page})"),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// 000 §7.6: information and rights.
// ---------------------------------------------------------------------------------------

#[test]
fn rights_routed_by_module_then_requester_then_academie() {
    let s = build();
    for (uai, etab, collectivite) in [
        (COLLEGE, "Collège Barbot", "Département de la Moselle"),
        (LYCEE, "Lycée général et technologique Fabert", "Région Grand Est"),
    ] {
        for rel in ["mentions/index.html", "grandes-lignes/index.html"] {
            let page = s.text(uai, rel);
            // 000 §7.6: rights may be exercised « à l'égard de et contre chacun des
            // responsables de traitement ».
            has(
                &page,
                "Vous pouvez exercer vos droits auprès de chacun des responsables conjoints",
                &format!("000 §7.6: any controller ({uai}/{rel})"),
            );
            let table = routes(&page);
            // 000 §7.6, first: « La collectivité traite toute demande portant sur un module lui
            // étant propre ».
            let module_collectivite = format!(
                "Communication de la collectivité aux élèves et à leurs représentants légaux par l'ENT toute personne {collectivite}"
            );
            // 000 §7.6, third (module part): « L'autorité académique traite toute demande
            // portant sur un module lui étant propre ».
            let module_academie =
                "Communication des autorités académiques par l'ENT toute personne Académie de Nancy-Metz";
            // 000 §7.6, second: « Le chef d'établissement traite toute demande émanant d'un élève
            // ou d'un membre du personnel de son établissement ».
            let requester = format!("les élèves et les personnels de l'établissement {etab}");
            for row in [module_collectivite.as_str(), module_academie, requester.as_str()] {
                has(table, row, &format!("000 §7.6: route ({uai}/{rel})"));
            }
            let at = |row: &str| table.find(&norm(row)).unwrap();
            assert!(
                at(&module_collectivite) < at(&requester) && at(module_academie) < at(&requester),
                "000 §7.6: by module before by requester ({uai}/{rel}):\n{table}"
            );
            // 000 §7.6, third: then the académie (« excédant le champ d'application du seul
            // établissement »: see academie_answers_requests_exceeding_one_establishment).
            let after = &table[at(&requester) + norm(&requester).len()..];
            has(
                after,
                "toute personne Académie de Nancy-Metz",
                &format!("000 §7.6: the académie last ({uai}/{rel})"),
            );
            // 000 §7.6 names pupils and staff only: no route for parents' requests is stated.
            lacks(
                table,
                "responsables légaux",
                &format!("000 §7.6: no rule for parents ({uai}/{rel})"),
            );
            // 000 §7.6: « la réoriente au plus tard 8 jours après sa réception ».
            has(
                &page,
                "est transmise au bon interlocuteur sous 8 jours",
                &format!("000 §7.6: 8 days ({uai}/{rel})"),
            );
        }
    }
    // 000 §7.6: « droits d'accès, de rectification, d'opposition, de limitation, ainsi que le
    // droit de formuler des directives post mortem ».
    for uai in [COLLEGE, LYCEE, PRIVE] {
        let notice = s.text(uai, "mentions/index.html");
        let rights = section(&notice, "Quels sont vos droits ?", "Où exercer vos droits ?");
        has(rights, "y accéder", "000 §7.6: access");
        has(
            rights,
            "faire corriger des données inexactes",
            "000 §7.6: rectification",
        );
        has(rights, "vous opposer au traitement", "000 §7.6: opposition");
        has(rights, "demander la limitation du traitement", "000 §7.6: limitation");
        has(
            rights,
            "directives sur le sort de vos données après votre décès",
            "000 §7.6: post mortem",
        );
        has(
            &notice,
            "est transmise au bon interlocuteur sous 8 jours",
            "000 §7.6: 8 days",
        );
    }
}

#[test]
fn private_rights_follow_the_same_order() {
    let s = build();
    let notice = s.text(PRIVE, "mentions/index.html");
    let table = routes(&notice);
    // 000 §7.6: each module to its controller (the collectivité named for it in the roster, see
    // private_portal_is_joint_with_its_collectivite); the establishment answers its pupils and
    // staff; the académie what exceeds the establishment.
    has(
        table,
        "Communication des autorités académiques par l'ENT toute personne Académie de Strasbourg",
        "000 §7.6: académie's module",
    );
    let requester = "les élèves et les personnels de l'établissement Collège privé Don Bosco";
    has(table, requester, "000 §7.6: by requester");
    let after = &table[table.find(requester).unwrap() + requester.len()..];
    has(
        after,
        "toute personne Académie de Strasbourg",
        "000 §7.6: the académie last",
    );
    has(
        table,
        "Collectivité européenne d'Alsace",
        "000 §7.6: the collectivité's own module",
    );
}

#[test]
fn notice_in_the_login_footer_and_grandes_lignes_from_the_notice() {
    let s = build();
    for uai in [COLLEGE, LYCEE, PRIVE] {
        // 000 §7.6: the collectivité makes sure the notices « soient bien apposées en pied de
        // page des écrans d'accueil et de connexion pour être visibles même si l'utilisateur
        // n'est pas encore connecté »: the footer snippet links to the notice.
        let footer = s.raw(uai, "footer.html");
        let notice_url = format!("https://rgpd.monbureaunumerique.fr/{uai}/mentions/");
        assert!(
            footer.contains(&format!("href=\"{notice_url}\"")),
            "000 §7.6: footer → notice ({uai}):\n{footer}"
        );
        has(
            &common::visible(&footer),
            "Données personnelles",
            &format!("000 §7.6: footer label ({uai})"),
        );
        let json: serde_json::Value = serde_json::from_str(&s.raw(uai, "footer.json")).unwrap();
        let links = json["liens"].as_array().unwrap();
        assert!(
            links.iter().any(|l| l["url"] == notice_url.as_str()),
            "000 §7.6: footer.json → notice ({uai}): {json}"
        );
        let gl_url = format!("https://rgpd.monbureaunumerique.fr/{uai}/grandes-lignes/");
        let gl_linked = links.iter().any(|l| l["url"] == gl_url.as_str());
        assert!(gl_linked, "000 §7.6: grandes lignes in the footer ({uai}): {json}");
        // 000 §7.6: the grandes lignes are available « depuis la page contenant les
        // mentions relatives à la protection des données de l'ENT ».
        let notice = s.raw(uai, "mentions/index.html");
        assert!(
            notice.contains("href=../grandes-lignes/index.html"),
            "000 §7.6: notice → grandes lignes ({uai})"
        );
        let home = s.raw(uai, "index.html");
        assert!(
            home.contains("grandes-lignes/index.html"),
            "000 §7.6: data-protection page → grandes lignes ({uai})"
        );
    }
}

// ---------------------------------------------------------------------------------------
// 000 §7.7: point of contact.
// ---------------------------------------------------------------------------------------

#[test]
fn point_of_contact_is_the_establishment_dpd() {
    let s = build();
    for (uai, le) in [
        (COLLEGE, "le collège Barbot"),
        (LYCEE, "le lycée général et technologique Fabert"),
        (ALSACE, "le collège du Parc"),
    ] {
        // 000 §7.7: « Le délégué à la protection des données de l'établissement est désigné
        // comme le point de contact ».
        let gl = s.text(uai, "grandes-lignes/index.html");
        let contact = section(&gl, "Point de contact", "Violations de données");
        has(
            contact,
            &format!(
                "L'accord désigne un point de contact pour les personnes concernées : {le}, par son délégué à la protection des données"
            ),
            &format!("000 §7.7 ({uai})"),
        );
        // Not the Région's (the scenario 3 default of the kit): 000 §7.7 names the establishment.
        lacks(contact, "Région", &format!("000 §7.7: not the Région ({uai})"));
        has(
            &s.text(uai, "mentions/index.html"),
            &format!("Point de contact désigné par l'accord : {le}"),
            &format!("000 §7.7 ({uai})"),
        );
    }
    // 001 §4.7: the same for a private establishment, a party to 001.
    let notice = s.text(PRIVE, "mentions/index.html");
    has(
        &notice,
        "Point de contact désigné par l'accord : le collège privé Don Bosco",
        "001 §4.7",
    );
    has(
        &s.text(PRIVE, "index.html"),
        "Point de contact désigné par l'accord : le collège privé Don Bosco, par son délégué à la protection des données",
        "001 §4.7",
    );
}

// ---------------------------------------------------------------------------------------
// 000 §7.4 and §7.8: breaches.
// ---------------------------------------------------------------------------------------

#[test]
fn breaches_notified_by_perimeter() {
    let s = build();
    for (uai, le, academie, le_departement) in [
        (
            COLLEGE,
            "le collège Barbot",
            "l'académie de Nancy-Metz",
            "le Département de la Moselle",
        ),
        (
            LYCEE,
            "le lycée général et technologique Fabert",
            "l'académie de Nancy-Metz",
            "le Département de la Moselle",
        ),
        (
            ALSACE,
            "le collège du Parc",
            "l'académie de Strasbourg",
            "la Collectivité européenne d'Alsace",
        ),
    ] {
        let gl = s.text(uai, "grandes-lignes/index.html");
        // 000 §7.8: « une faille qui concernerait l'ensemble des utilisateurs serait notifiée par
        // la Région »; §7.4.1: the groupement alerts the other parties « dans les plus brefs
        // délais et au plus tard dans un délai maximal de 48h ».
        let ent = breach(&gl, "touchant l'ENT dans son ensemble");
        has(
            ent,
            "la Région Grand Est la notifie",
            &format!("000 §7.8: whole ENT → Région ({uai})"),
        );
        has(
            ent,
            &format!("en informe {academie}"),
            &format!("000 §7.4.1: alert the other parties ({uai})"),
        );
        has(
            ent,
            le,
            &format!("000 §7.4.1 / 001 §4.4: the establishment is alerted ({uai})"),
        );
        has(
            ent,
            "dans les plus brefs délais et au plus tard sous 48 heures",
            &format!("000 §7.4.1: 48 h ({uai})"),
        );
        // 000 §7.8: « l'ensemble des utilisateurs d'une académie serait notifiée par son autorité
        // académique »; §7.4.2: alert « dans les plus brefs délais ».
        let ac = breach(&gl, "touchant les utilisateurs de toute une académie");
        has(
            ac,
            &format!("{academie} la notifie"),
            &format!("000 §7.8: académie ({uai})"),
        );
        has(ac, "dans les plus brefs délais", &format!("000 §7.4.2 ({uai})"));
        lacks(
            ac,
            "48 heures",
            &format!("000 §7.4.2: no 48 h for the académie ({uai})"),
        );
        // 000 §7.8: « l'ensemble des utilisateurs d'un département serait notifiée par la
        // collectivité concernée » (the CeA in 67 and 68, 000 art. 1); 001 §4.4: 48 h for the
        // « collectivités locales membres du groupement ».
        let dep = breach(&gl, "touchant les utilisateurs de tout un département");
        has(
            dep,
            &format!("{le_departement} la notifie"),
            &format!("000 §7.8: the collectivité concernée ({uai})"),
        );
        has(dep, "au plus tard sous 48 heures", &format!("001 §4.4: 48 h ({uai})"));
        // 000 §7.4.2: the académie notifies « lorsque la violation concerne plusieurs
        // établissements », alert « dans les plus brefs délais ».
        let several = breach(&gl, "plusieurs établissements");
        has(
            several,
            &format!("{academie} la notifie"),
            &format!("000 §7.4.2: several establishments → académie ({uai})"),
        );
        lacks(several, "48 heures", &format!("000 §7.4.2: no 48 h ({uai})"));
        // 000 §7.4.3: the establishment « lorsque la violation ne touche que les élèves et
        // personnels de ce seul établissement », alert « dans les plus brefs délais ».
        let etab = breach(&gl, "un seul établissement");
        has(etab, &format!("{le} la notifie"), &format!("000 §7.4.3, §7.8 ({uai})"));
        has(etab, "dans les plus brefs délais", &format!("000 §7.4.3 ({uai})"));
        lacks(
            etab,
            "48 heures",
            &format!("000 §7.4.3: no 48 h for the establishment ({uai})"),
        );
        // No ENT-wide breach delay « from the agreement » other than these (a rule's delay is
        // printed in brackets after it; the 72 hours of RGPD art. 33 are the law's).
        lacks(&gl, "(24 heures", "no delay the seeds do not state");
        lacks(&gl, "(72 heures", "no delay the seeds do not state");
    }
}

// ---------------------------------------------------------------------------------------
// 000 §7.4 and §7.5: security and processor clauses on the register sheets.
// ---------------------------------------------------------------------------------------

#[test]
fn security_and_processor_clauses() {
    let s = build();
    for uai in [COLLEGE, LYCEE] {
        let portal = s.text(uai, "registre/portail-ent/index.html");
        // 000 §7.4.1, art. 11: « homologation de sécurité conforme au Référentiel Général de
        // Sécurité (RGS) ».
        has(
            &portal,
            "homologation de sécurité conforme au référentiel général de sécurité (RGS)",
            "000 §7.4.1",
        );
        // 000 §7.5: « Les parties déclarent qu'une AIPD a été réalisée ».
        has(
            &portal,
            "analyse d'impact relative à la protection des données (AIPD) réalisée",
            "000 §7.5",
        );
        // 000 §7.4.2: the académies feed the ENT from the AAF, securely.
        has(&portal, "annuaire académique fédérateur (AAF)", "000 §7.4.2: the AAF");
        has(
            &portal,
            "transferts sécurisés des données de l'annuaire académique fédérateur",
            "000 §7.4.2",
        );
        // 000 §7.4.3: « Sensibiliser les utilisateurs ... non-divulgation de leurs identifiants ».
        has(&portal, "non-divulgation de leurs identifiants", "000 §7.4.3");
    }
    for uai in [COLLEGE, PRIVE] {
        let services = s.text(uai, "registre/services-pedagogiques/index.html");
        // 000 §7.4.1: « sans l'autorisation écrite préalable, spécifique ou générale des
        // responsables du traitement » and « que sur instruction documentée ».
        has(
            &services,
            "sans l'autorisation écrite préalable, spécifique ou générale, des responsables du traitement",
            "000 §7.4.1",
        );
        has(
            &services,
            "sur instruction documentée des responsables du traitement",
            "000 §7.4.1",
        );
        // 000 §7.4.1: transfers to a third country only on documented instruction; the seeds
        // do not say « no transfer ».
        has(
            &services,
            "la convention n'en prévoit aucun ; un sous-traitant ne peut en faire que sur instruction documentée du responsable du traitement",
            "000 §7.4.1",
        );
        lacks(
            &services,
            "Transferts hors de l'Union européenne aucun.",
            "000 §7.4.1: the seeds do not say « no transfer »",
        );
    }
}

// ---------------------------------------------------------------------------------------
// What the seeds do not say: the pages stay silent.
// ---------------------------------------------------------------------------------------

#[test]
fn no_delay_the_seeds_do_not_state() {
    let s = build();
    for uai in [COLLEGE, LYCEE, ALSACE, PRIVE] {
        for (page, text) in s.all(uai) {
            // 000/001 state no answer delay: the only delay of §7.6 is the 8 days.
            lacks(&text, "1 mois", &format!("no « 1 mois » from the agreement ({page})"));
            lacks(
                &text,
                "Les responsables vous répondent sous",
                &format!("no answer delay from the agreement ({page})"),
            );
            lacks(
                &text,
                "délai prévu par l'accord : 1",
                &format!("no answer delay from the agreement ({page})"),
            );
            // Cookies: nothing in the seeds.
            lacks(&text, "Matomo", &format!("no audience measurement tool ({page})"));
            lacks(&text, "mesure d'audience", &format!("no audience measurement ({page})"));
            // The GAR and an SMS provider are not in the seeds.
            lacks(&text, "GAR", &format!("the seeds do not mention the GAR ({page})"));
            lacks(
                &text,
                "prestataire d'envoi",
                &format!("no SMS provider in the seeds ({page})"),
            );
        }
    }
}

#[test]
fn private_school_is_not_public() {
    let s = build();
    let pages = s.all(PRIVE);
    assert!(
        pages.len() >= 8,
        "pages of the private school: {:?}",
        pages.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    for (page, text) in &pages {
        // 001 art. 2 (« publics et privés sous contrat »): a private school is never an EPLE.
        lacks(text, "EPLE", &format!("a private school is no EPLE ({page})"));
        lacks(
            text,
            "établissement public",
            &format!("a private school is not public ({page})"),
        );
        lacks(
            text,
            "public local",
            &format!("a private school is not public ({page})"),
        );
        // The only « public » allowed: « mission d'intérêt public » (000 §7.2) or « marché public ».
        for (i, _) in text.match_indices("public") {
            let after = text[i + "public".len()..].chars().next();
            if after.is_some_and(|c| c.is_alphabetic()) {
                continue; // publique, publics, publication
            }
            let before = &text[..i];
            assert!(
                before.ends_with("intérêt ") || before.ends_with("marché "),
                "a private school is never called public ({page}): …{}…",
                &text[before.char_indices().rev().nth(60).map_or(0, |(j, _)| j)..(i + 10).min(text.len())]
            );
        }
    }
    // Its own treatments name no collectivité as controller: only the portal is joint with one.
    for id in [
        "communication-etablissement",
        "communication-academie",
        "communication-externe",
        "services-pedagogiques",
    ] {
        let sheet = s.text(PRIVE, &format!("registre/{id}/index.html"));
        let responsables = section(
            &sheet,
            "Responsables et délégués à la protection des données",
            "Finalités du traitement",
        );
        for c in ["Collectivité européenne d'Alsace", "Région Grand Est", "Département"] {
            lacks(responsables, c, &format!("no collectivité as controller of {id}"));
        }
    }
    // Its DPD is not the rectorat's (its organisme de gestion designates it) and no seed gives
    // it: named without contact, never with the académie's address.
    let notice = s.text(PRIVE, "mentions/index.html");
    has(
        section(&notice, "Qui contacter ?", "Pourquoi vos données"),
        "Collège privé Don Bosco : coordonnées non indiquées",
        "no DPD contact for a private school",
    );
    let home = s.text(PRIVE, "index.html");
    has(
        &home,
        "Juridiquement, le collège privé Don Bosco est un établissement d'enseignement privé",
        "statut: prive",
    );
}

// ---------------------------------------------------------------------------------------
// 000 §7.4 and §7.6: the parties' respective obligations (Art. 26.1).
// ---------------------------------------------------------------------------------------

/// The duties of one party in the « Qui fait quoi ? » section of the grandes lignes: from its
/// name (the heading) to `next` (the next party's heading, or the end of the section).
#[track_caller]
fn duties<'a>(gl: &'a str, party: &str, next: &str) -> &'a str {
    section(section(gl, "Qui fait quoi ?", "Les traitements"), party, next)
}

/// 000 §7.6 (= 001 §4.6) sets who informs the people: the académie « propose les mentions
/// d'information », the collectivité has them put « en pied de page des écrans d'accueil et de
/// connexion » and drafts those of its own modules, the establishment « valide et diffuse les
/// mentions d'information » when it hands out the identifiers (Art. 26.1: « leurs obligations
/// respectives ... quant à la communication des informations visées aux articles 13 et 14 »);
/// and who answers which request, including the académie's « excédant le champ d'application
/// du seul établissement ». §7.4.2 and §7.4.3 add the académie's and the establishment's part
/// in the accounts and their security. The roster states them under `obligations:`.
#[test]
fn obligations_of_7_4_and_7_6_in_the_grandes_lignes() {
    let s = build();
    for (uai, academie, collectivite, etab) in [
        (
            COLLEGE,
            "Académie de Nancy-Metz",
            "Département de la Moselle",
            "Collège Barbot",
        ),
        (
            LYCEE,
            "Académie de Nancy-Metz",
            "Région Grand Est",
            "Lycée général et technologique Fabert",
        ),
        (
            ALSACE,
            "Académie de Strasbourg",
            "Collectivité européenne d'Alsace",
            "Collège du Parc",
        ),
        // 001 §4.6: the same duties bind a private establishment, its académie and the
        // collectivité named for it.
        (
            PRIVE,
            "Académie de Strasbourg",
            "Collectivité européenne d'Alsace",
            "Collège privé Don Bosco",
        ),
    ] {
        let gl = s.text(uai, "grandes-lignes/index.html");
        let ac = duties(&gl, academie, collectivite);
        has(
            ac,
            "propose les mentions d'information ainsi que toutes leurs modifications ultérieures",
            &format!("000 §7.6: the académie proposes the notices ({uai})"),
        );
        has(
            ac,
            "traite toute demande d'exercice des droits portant sur un module qui lui est propre ou excédant le champ d'application du seul établissement",
            &format!("000 §7.6: the académie's requests ({uai})"),
        );
        has(
            ac,
            "fournit au prestataire de l'ENT les données extraites de l'annuaire fédérateur (AAF)",
            &format!("000 §7.4.2: the académie feeds the directory ({uai})"),
        );
        let co = duties(&gl, collectivite, etab);
        has(
            co,
            "veille auprès de l'éditeur de l'ENT à ce que les mentions d'information validées par l'académie soient apposées en pied de page des écrans d'accueil et de connexion",
            &format!("000 §7.6: the collectivité's duty ({uai})"),
        );
        has(
            co,
            "rédige les mentions d'information de ses éventuels modules propres",
            &format!("000 §7.6: the collectivité drafts those of its modules ({uai})"),
        );
        has(
            co,
            "traite toute demande d'exercice des droits portant sur un module qui lui est propre",
            &format!("000 §7.6: the collectivité's requests ({uai})"),
        );
        let et = duties(&gl, etab, "Les traitements");
        has(
            et,
            "valide et diffuse les mentions d'information, ainsi qu'une information sur le traitement, au moment où les personnes concernées reçoivent leurs identifiants d'accès à l'ENT",
            &format!("000 §7.6: the establishment validates and hands them out ({uai})"),
        );
        has(
            et,
            "traite, par son chef d'établissement, toute demande d'exercice des droits émanant d'un élève ou d'un membre du personnel de l'établissement",
            &format!("000 §7.6: the chef d'établissement's requests ({uai})"),
        );
        has(
            et,
            "sensibilise les utilisateurs aux mesures élémentaires de sécurité, comme la non-divulgation de leurs identifiants de connexion",
            &format!("000 §7.4.3 ({uai})"),
        );
        // Where something is joint, the notice leaves the obligations to the grandes lignes.
        lacks(
            &s.text(uai, "mentions/index.html"),
            "fixe les obligations de chacun",
            &format!("the notice of a joint treatment links to the grandes lignes ({uai})"),
        );
    }
}

/// 000 §7.1: « il est acté de la qualification de responsable de traitement conjoint ou de
/// sous-traitant de chacune des parties tel que précisé dans l'article 7.2 »; §7.2 covers the
/// portal (joint), the communication tools (each controller's own) and the pedagogical
/// services (subcontracted), and §7.6 routes the requests about each party's own modules. The
/// grandes lignes list the last two without saying the agreement does not cover them.
#[test]
fn grandes_lignes_do_not_say_the_agreement_leaves_out_own_treatments() {
    let s = build();
    for uai in [COLLEGE, LYCEE] {
        let gl = s.text(uai, "grandes-lignes/index.html");
        lacks(&gl, "L'accord ne couvre pas", &format!("000 §7.1–7.2 ({uai})"));
        has(
            &gl,
            "Traitements qu'une partie mène seule, pour son propre compte : Communication de l'établissement par l'ENT",
            &format!("000 §7.2: each controller's own ({uai})"),
        );
        has(
            &gl,
            "Traitements d'un seul responsable, confiés à un sous-traitant (article 28 du RGPD) : Services numériques pédagogiques",
            &format!("000 §7.2: subcontracted ({uai})"),
        );
    }
}

/// 000 §7.2: every treatment rests on a public mission (6.1.e), except external communication,
/// which rests on legitimate interest (6.1.f): none on consent or a contract, so portability
/// (Art. 20) concerns none of them; the notice must not give a reason the bases contradict
/// (« ces traitements reposent sur une obligation légale ou une mission d'intérêt public »).
#[test]
fn portability_reason_matches_the_legal_bases() {
    let s = build();
    for uai in [COLLEGE, LYCEE, PRIVE] {
        let notice = s.text(uai, "mentions/index.html");
        lacks(
            &notice,
            "ces traitements reposent sur une obligation légale ou une mission d'intérêt public",
            &format!("000 §7.2: external communication rests on 6.1.f ({uai})"),
        );
        has(
            &notice,
            "Le droit à la portabilité (article 20) ne concerne que les traitements fondés sur votre consentement ou sur un contrat : aucun des traitements décrits ici ne l'est.",
            &format!("000 §7.2: no treatment on 6.1.a or 6.1.b ({uai})"),
        );
    }
}

// ---------------------------------------------------------------------------------------
// Seed facts that needed roster v2 extensions (`collectivite:` on a private school, a rights
// rule's `objet:`).
// ---------------------------------------------------------------------------------------

/// 000 §7.2 (= 001 §4.2) makes the portal joint between the académie, the establishment and
/// « la collectivité compétente », and 000 annexe 1 says the ten collectivités make MBN
/// available to private schools too. The tool infers no collectivité for a private school; the
/// roster names it (`collectivite:`, the CeA for a collège of 68), and the portal, its joint
/// controllers and the grandes lignes follow.
#[test]
fn private_portal_is_joint_with_its_collectivite() {
    let s = build();
    assert!(
        s.exists(PRIVE, "registre/portail-ent/index.html") && s.exists(PRIVE, "grandes-lignes/index.html"),
        "000 §7.2: the portal of a private establishment is joint with « la collectivité compétente »"
    );
    let gl = s.text(PRIVE, "grandes-lignes/index.html");
    let joint = joint_controllers(&gl);
    has(joint, "Académie de Strasbourg", "000 §7.2: the académie");
    has(joint, "Collège privé Don Bosco", "000 §7.2: the establishment");
    assert!(
        ["Collectivité européenne d'Alsace", "Région Grand Est", "Département"]
            .iter()
            .any(|c| joint.contains(c)),
        "000 §7.2: « la collectivité compétente » of a private school"
    );
}

/// 000 §7.6: « L'autorité académique traite toute demande portant sur un module lui étant
/// propre ou excédant le champ d'application du seul établissement ». No treatment or
/// requester states the second case, so the roster's last rule says it (`objet:`), and the
/// notice's table shows it instead of « tout traitement ».
#[test]
fn academie_answers_requests_exceeding_one_establishment() {
    let s = build();
    let notice = s.text(COLLEGE, "mentions/index.html");
    let table = routes(&notice);
    // The row after the requester rule: the académie's.
    let requester = "les élèves et les personnels de l'établissement Collège Barbot";
    let last = &table[table.find(requester).expect("requester row") + requester.len()..];
    has(last, "Académie de Nancy-Metz", "the académie's rule");
    has(
        last,
        "excédant le champ",
        "000 §7.6: the académie answers what exceeds one establishment (and its own modules), not every other request",
    );
}

#[test]
fn the_groupement_duties_are_the_regions_as_chef_de_file() {
    let s = build();
    // 000 §7.4.1 (obligations of the groupement de commandes), carried out by the Région « en
    // tant que chef de file du groupement de commandes ENT » (§7.2, §7.9).
    for uai in [COLLEGE, LYCEE, ALSACE, PRIVE] {
        let gl = s.text(uai, "grandes-lignes/index.html");
        let who = section(&gl, "Qui fait quoi", "Violations de données");
        has(
            who,
            "en tant que cheffe de file du groupement de commandes ENT, pilote le projet",
            &format!("000 §7.4.1: pilotage and the Art. 28 contract ({uai})"),
        );
        has(
            who,
            "vérifie que l'éditeur présente les garanties requises",
            &format!("000 §7.4.1: the vendor's guarantees ({uai})"),
        );
    }
    // For a lycée the Région is both the collectivité and the groupement's chef de file: one
    // heading, both lists under it.
    let gl = s.text(LYCEE, "grandes-lignes/index.html");
    let who = section(&gl, "Qui fait quoi", "Violations de données");
    has(
        who,
        "Région Grand Est veille auprès de l'éditeur",
        "000 §7.6: the Région as collectivité",
    );
    lacks(
        who,
        "Région Grand Est en tant que cheffe de file",
        "one Région heading: its groupement duties follow its collectivité duties",
    );
    has(
        who,
        "traite toute demande d'exercice des droits portant sur un module qui lui est propre ; en tant que cheffe de file",
        "000 §7.4.1 after §7.6, under one heading",
    );
}

#[test]
fn each_sheet_says_whose_register_holds_it() {
    // 000 §7.2 (« La liste complète des traitements [...] est disponible dans les registres des
    // activités de traitement des parties prenantes ») and §7.4 (each party « inscrit au sein
    // de son registre » the joint treatment): a sheet belongs to its controllers' registers,
    // not to the establishment's for which it is published.
    let s = build();
    let own = s.text(COLLEGE, "registre/communication-academie/index.html");
    has(
        &own,
        "Fiche du registre des activités de traitement (article 30 du RGPD) de l'académie de Nancy-Metz, publiée pour le collège Barbot",
        "000 §7.2: the académie's own communication is in its register",
    );
    let joint = s.text(COLLEGE, "registre/portail-ent/index.html");
    has(
        &joint,
        "Fiche que chacun des responsables, l'académie de Nancy-Metz, le Département de la Moselle et le collège Barbot, tient dans son registre",
        "000 §7.4: each joint controller records the portal",
    );
}
