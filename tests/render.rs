//! Rendering of a hand-built resolved site: content of the documents, differences between
//! écoles and EPLEs, hostile roster text, the footer snippet, ENT-level files.

mod common;

use ent_rgpd::render::{Page, Renderer};
use ent_rgpd::resolve::model::*;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

fn dpd(courriel: &str) -> Dpd {
    Dpd {
        courriel: Some(courriel.into()),
        ..Dpd::default()
    }
}

fn party(id: &str, kind: &str, type_libelle: &str, nom: &str, representant: &str, courriel: &str) -> Arc<Party> {
    let f = ent_rgpd::resolve::grammaire::formes(nom);
    Arc::new(Party {
        id: id.into(),
        kind: kind.into(),
        type_libelle: type_libelle.into(),
        nom: nom.into(),
        le: f.le,
        du: f.du,
        au: f.au,
        feminin: f.feminin,
        representant: Some(representant.into()),
        adresse: None,
        site_web: None,
        dpd: dpd(courriel),
    })
}

fn traitement(
    id: &str,
    nom: &str,
    resp: &str,
    responsables: Vec<Arc<Party>>,
    sous_traitants: Vec<Arc<Party>>,
) -> Traitement {
    let fiche = Fiche {
        id: id.into(),
        nom: nom.into(),
        responsabilite: resp.into(),
        sous_traitants,
        finalites: vec![
            "mettre à disposition des contenus pédagogiques".into(),
            "permettre les échanges".into(),
        ],
        base_legale: "6.1.e".into(),
        base_legale_precision: None,
        base_legale_libelle: "l'exécution d'une mission d'intérêt public".into(),
        portabilite: false,
        references: vec!["RGPD".into(), "loi Informatique et Libertés".into()],
        obligatoire: Some(true),
        obligatoire_precision: None,
        consentement: None,
        personnes: vec!["élèves".into(), "responsables légaux".into(), "personnels".into()],
        donnees: vec![Categorie {
            categorie: "eleves".into(),
            libelle: "Élèves".into(),
            donnees: vec!["nom".into(), "prénom".into(), "classe".into()],
        }],
        destinataires: vec!["l'établissement".into(), "l'académie".into()],
        conservation: vec![
            "durée de l'année scolaire".into(),
            "journaux de connexion : 12 mois".into(),
            "suppression 3 mois après le départ".into(),
        ],
        transferts_hors_ue: None,
        mesures_securite: vec!["chiffrement des flux".into()],
        cree_le: "2020-09-01".into(),
        mis_a_jour_le: "2025-09-01".into(),
    };
    Traitement {
        responsables,
        fiche: Arc::new(fiche),
    }
}

fn ent() -> Ent {
    Ent {
        nom: "Mon Bureau Numérique".into(),
        appellation: Appellation::of("ent"),
        identite_systematique: false,
        url: Some("https://www.monbureaunumerique.fr".into()),
        base_url: "https://rgpd.example.fr".into(),
        convention: Some(Convention {
            titre: Some("Convention de partenariat ENT, avenant n°1".into()),
            date: Some("2024-09-01".into()),
            url: Some("https://example.fr/convention.pdf".into()),
        }),
        accessibilite: Accessibilite {
            statut: "partiellement conforme".into(),
            date: None,
            declaration: Some("https://example.fr/accessibilite".into()),
            contact: None,
            non_conformites: Vec::new(),
        },
        origine_donnees: None,
        hebergeur: None,
        editeur: None,
        cookies: Some(Cookies {
            mesure_audience: true,
            outil: None,
            duree_mois: 13,
            page: None,
        }),
        delais: Delais {
            reponse_droits: Some("1 mois".into()),
            transmission_demande_mal_adressee: Some("8 jours".into()),
            notification_violation: Some("24 heures".into()),
        },
    }
}

/// Scenario 3 collège (Grand Est) and scenario 1 école (Fontenay-aux-Roses).
fn site() -> Site {
    let academie = party(
        "ac-nancy-metz",
        "academie",
        "l'académie",
        "Académie de Nancy-Metz",
        "le recteur d'académie",
        "dpd@ac-nancy-metz.fr",
    );
    let region = party(
        "region-grand-est",
        "region",
        "la région",
        "Région Grand Est",
        "le président du conseil régional",
        "dpo@grandest.fr",
    );
    let dep = party(
        "dep-moselle",
        "departement",
        "le département",
        "Département de la Moselle",
        "le président du conseil départemental",
        "dpd@moselle.fr",
    );
    let college_p = party(
        "0570055a",
        "etablissement",
        "l'établissement",
        "Collège Barbot",
        "le chef d'établissement",
        "dpd.college@ac-nancy-metz.fr",
    );
    let editeur = party(
        "editeur-x",
        "editeur",
        "l'éditeur",
        "Éditeur X",
        "son représentant légal",
        "dpo@editeur-x.fr",
    );

    let college = Etablissement {
        uai: "0570055A".into(),
        slug: "0570055a".into(),
        nom: "Collège Barbot".into(),
        kind: "college".into(),
        type_libelle: "collège".into(),
        premier_degre: false,
        statut: "public".into(),
        prive: false,
        est_responsable: true,
        commune: Some("Metz".into()),
        code_commune: Some("57463".into()),
        departement: "57".into(),
        adresse: None,
        responsable_qualite: "Principal".into(),
        responsable_nom: Some("Mme Durand".into()),
        site_web: Some("https://barbot.example.fr".into()),
        scenario: 3,
        academie: academie.clone(),
        collectivite: Some(dep.clone()),
        etablissement: college_p.clone(),
        responsables: vec![academie.clone(), dep.clone(), college_p.clone()],
        point_de_contact: Some(region.clone()),
        dpd: dpd("dpd.college@ac-nancy-metz.fr"),
        droits: vec![
            DroitRoute {
                traitements: vec![],
                demandeurs: vec!["les personnels de la collectivité".into()],
                objet: None,
                destinataires: vec![dep.clone()],
            },
            DroitRoute {
                traitements: vec![],
                demandeurs: vec![
                    "les élèves".into(),
                    "les responsables légaux".into(),
                    "les personnels".into(),
                ],
                objet: None,
                destinataires: vec![college_p.clone()],
            },
        ],
        violations: vec![
            ViolationRoute {
                perimetre: "ent".into(),
                perimetre_libelle: "l'ensemble de l'ENT".into(),
                notifie: Some(region.clone()),
                origine: false,
                informe: vec![],
                delai: None,
            },
            ViolationRoute {
                perimetre: "etablissement".into(),
                perimetre_libelle: "un seul établissement".into(),
                notifie: Some(college_p.clone()),
                origine: false,
                informe: vec![],
                delai: None,
            },
        ],
        obligations: vec![ObligationRoute {
            partie: academie.clone(),
            engagements: vec!["rédiger les mentions d'information".into()],
        }],
        traitements: vec![
            traitement(
                "ent",
                "Gestion de l'espace numérique de travail",
                "conjointe",
                vec![academie.clone(), dep.clone(), college_p.clone()],
                vec![editeur.clone()],
            ),
            traitement(
                "maintenance",
                "Maintenance informatique des collèges",
                "propre",
                vec![dep.clone()],
                vec![],
            ),
            traitement(
                "vie-scolaire",
                "Services de vie scolaire",
                "sous_traitance",
                vec![college_p.clone()],
                vec![region.clone()],
            ),
        ],
    };

    let versailles = party(
        "ac-versailles",
        "academie",
        "l'académie",
        "Académie de Versailles",
        "le recteur d'académie",
        "dpd@ac-versailles.fr",
    );
    let commune = party(
        "fontenay-aux-roses",
        "commune",
        "la commune",
        "Commune de Fontenay-aux-Roses",
        "le maire",
        "dpo@fontenay-aux-roses.fr",
    );
    let ecole_p = party(
        "0921234x",
        "etablissement",
        "l'école",
        "École élémentaire Les Renards",
        "le directeur d'école",
        "dpd@ac-versailles.fr",
    );
    let mut ecole = college.clone();
    ecole.uai = "0921234X".into();
    ecole.slug = "0921234x".into();
    ecole.nom = "École élémentaire Les Renards".into();
    ecole.kind = "ecole".into();
    ecole.type_libelle = "école".into();
    ecole.premier_degre = true;
    ecole.commune = Some("Fontenay-aux-Roses".into());
    ecole.code_commune = Some("92032".into());
    ecole.departement = "92".into();
    ecole.responsable_qualite = "Directeur d'école".into();
    ecole.responsable_nom = None;
    ecole.scenario = 1;
    ecole.academie = versailles.clone();
    ecole.collectivite = Some(commune.clone());
    ecole.est_responsable = false;
    ecole.etablissement = ecole_p;
    ecole.responsables = vec![versailles.clone(), commune.clone()];
    ecole.point_de_contact = Some(versailles.clone());
    ecole.dpd = dpd("dpd@ac-versailles.fr");
    ecole.droits = vec![
        DroitRoute {
            traitements: vec![],
            demandeurs: vec!["les personnels de la collectivité".into()],
            objet: None,
            destinataires: vec![commune.clone()],
        },
        DroitRoute {
            traitements: vec![],
            demandeurs: vec![
                "les élèves".into(),
                "les responsables légaux".into(),
                "les personnels".into(),
            ],
            objet: None,
            destinataires: vec![versailles.clone()],
        },
    ];
    ecole.violations = vec![ViolationRoute {
        perimetre: "ent".into(),
        perimetre_libelle: "l'ensemble de l'ENT".into(),
        notifie: Some(versailles.clone()),
        origine: false,
        informe: vec![],
        delai: None,
    }];
    ecole.traitements = vec![traitement(
        "ent",
        "Gestion de l'espace numérique de travail",
        "conjointe",
        vec![versailles.clone(), commune.clone()],
        vec![editeur.clone()],
    )];

    Site {
        ent: ent(),
        parties: vec![academie, region, dep, editeur, versailles, commune],
        etablissements: vec![college, ecole],
        source: "parties.yaml".into(),
    }
}

fn renderer() -> Renderer {
    Renderer::new(Path::new("/nonexistent-project")).expect("embedded templates compile")
}

fn text(p: &Page) -> &str {
    std::str::from_utf8(&p.bytes).unwrap()
}

fn get<'a>(pages: &'a [Page], path: &str) -> &'a str {
    text(
        pages
            .iter()
            .find(|p| p.path == path)
            .unwrap_or_else(|| panic!("no page {path}")),
    )
}

use common::visible;

#[test]
fn college_pages_and_paths() {
    let site = site();
    let pages = renderer().render_etablissement(&site, &site.etablissements[0]).unwrap();
    let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "0570055a/index.html",
            "0570055a/grandes-lignes/index.html",
            "0570055a/mentions/index.html",
            "0570055a/eleves/index.html",
            "0570055a/mentions-legales/index.html",
            "0570055a/registre/index.html",
            "0570055a/registre/ent/index.html",
            "0570055a/registre/maintenance/index.html",
            "0570055a/registre/vie-scolaire/index.html",
            "0570055a/footer.html",
            "0570055a/footer.json",
        ]
    );
    assert!(pages.iter().all(|p| p.uai.as_deref() == Some("0570055A")));
    for p in pages
        .iter()
        .filter(|p| p.path.ends_with(".html") && !p.path.ends_with("footer.html"))
    {
        let h = text(p);
        assert!(
            h.starts_with("<!doctype html>") || h.starts_with("<!DOCTYPE html>"),
            "{}",
            p.path
        );
        assert!(
            h.contains("<html lang=fr>") || h.contains("<html lang=\"fr\">"),
            "{}",
            p.path
        );
        assert_eq!(h.matches("<h1").count(), 1, "one h1 in {}", p.path);
        for landmark in ["<header", "<nav", "<main", "<footer", "href=#contenu"] {
            assert!(h.contains(landmark), "{landmark} in {}", p.path);
        }
        let v = visible(h);
        assert!(
            v.contains("Dernière mise à jour : 1er septembre 2025"),
            "date in {}",
            p.path
        );
        assert!(v.contains("« parties.yaml »"), "source in {}", p.path);
    }
}

#[test]
fn college_content() {
    let site = site();
    let pages = renderer().render_etablissement(&site, &site.etablissements[0]).unwrap();
    let mentions = visible(get(&pages, "0570055a/mentions/index.html"));
    // Controllers, with the EPLE represented by its head.
    for s in [
        "Académie de Nancy-Metz",
        "Département de la Moselle",
        "Collège Barbot",
        "chef d'établissement (Principal, Mme Durand)",
    ] {
        assert!(mentions.contains(s), "mentions: {s}\n{mentions}");
    }
    // DPD contacts, point of contact, rights routing, delays, CNIL, cookies.
    for s in [
        "dpd@ac-nancy-metz.fr",
        "dpd.college@ac-nancy-metz.fr",
        "dpd@moselle.fr",
        "Point de contact désigné par l'accord : la Région Grand Est",
        "les personnels de la collectivité Département de la Moselle",
        "les élèves, les responsables légaux et les personnels Collège Barbot",
        "répondent sous 1 mois",
        "interlocuteur sous 8 jours",
        "auprès de chacun des responsables conjoints (article 26.3 du RGPD)",
        "Devez-vous fournir ces données ? Oui",
        "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07",
        "www.cnil.fr",
        "limitée à 13 mois",
        "directives sur le sort de vos données après votre décès",
        "justificatif",
        "journaux de connexion : 12 mois",
        "exécution d'une mission d'intérêt public (article 6.1.e du RGPD)",
    ] {
        assert!(mentions.contains(s), "mentions: {s}\n{mentions}");
    }
    // propre and sous_traitance are stated as such.
    assert!(
        mentions.contains(
            "Pour « Maintenance informatique des collèges », seul responsable : Département de la Moselle, représenté par le président du conseil départemental"
        ),
        "{mentions}"
    );
    assert!(
        mentions.contains("Responsable : Collège Barbot. Sous-traitant (article 28 du RGPD), qui agit sur instruction du responsable : Région Grand Est"),
        "{mentions}"
    );
    // Each is a tight list item, not a paragraph in a loose list.
    assert!(!get(&pages, "0570055a/mentions/index.html").contains("<li><p>"));
    assert!(get(&pages, "0570055a/mentions/index.html").contains("href=../grandes-lignes/index.html"));

    let gl = visible(get(&pages, "0570055a/grandes-lignes/index.html"));
    for s in [
        "L'accord désigne un point de contact pour les personnes concernées : la Région Grand Est",
        "dpo@grandest.fr",
        "Pour l'ensemble de l'ENT : la Région Grand Est la notifie (24 heures)",
        "Pour un seul établissement : le collège Barbot la notifie (24 heures)",
        "Qui fait quoi ?",
        "Académie de Nancy-Metz rédiger les mentions d'information.",
        "Convention de partenariat ENT, avenant n°1",
        "consulté en ligne",
        "auprès de chacun des responsables conjoints",
    ] {
        assert!(gl.contains(s), "grandes lignes: {s}\n{gl}");
    }
    assert!(
        gl.contains("Maintenance informatique des collèges : seul responsable, Département de la Moselle"),
        "{gl}"
    );

    let fiche = visible(get(&pages, "0570055a/registre/vie-scolaire/index.html"));
    for s in [
        "Fiche de registre : Services de vie scolaire",
        "Date de création 1er septembre 2020",
        "Base juridique",
        "Responsable de traitement Collège Barbot",
        "Sous-traitant Région Grand Est",
        "Catégories de données collectées",
        "suppression 3 mois après le départ",
        "Transferts hors de l'Union européenne aucun",
        "Mesures de sécurité chiffrement des flux",
    ] {
        assert!(fiche.contains(s), "fiche: {s}\n{fiche}");
    }
}

#[test]
fn ecole_differs_from_college() {
    let site = site();
    let r = renderer();
    let ecole = r.render_etablissement(&site, &site.etablissements[1]).unwrap();
    let college = r.render_etablissement(&site, &site.etablissements[0]).unwrap();
    for page in ["mentions/index.html", "grandes-lignes/index.html", "index.html"] {
        let e = visible(get(&ecole, &format!("0921234x/{page}")));
        let c = visible(get(&college, &format!("0570055a/{page}")));
        assert!(e.contains("Commune de Fontenay-aux-Roses"), "{page}: {e}");
        assert!(e.contains("n'a pas la personnalité juridique"), "{page}: {e}");
        // No seed makes the école's director act for the DASEN: the pages do not say so.
        assert!(!e.contains("DASEN"), "{page}: {e}");
        assert!(!e.contains("représenté par son chef d'établissement"), "{page}: {e}");
        assert!(!e.contains("le chef d'établissement"), "{page}: {e}");
        assert!(c.contains("représenté par son chef d'établissement"), "{page}: {c}");
        assert!(!c.contains("n'a pas la personnalité juridique"), "{page}: {c}");
    }
    let gl = visible(get(&ecole, "0921234x/grandes-lignes/index.html"));
    assert!(
        gl.contains("Une école publique n'a pas la personnalité juridique"),
        "{gl}"
    );
    assert!(
        gl.contains("Académie de Versailles, représentée par le recteur d'académie"),
        "{gl}"
    );
    assert!(
        gl.contains("Commune de Fontenay-aux-Roses, représentée par le maire"),
        "{gl}"
    );
    assert!(
        !gl.contains("École élémentaire Les Renards, représenté"),
        "the école is not a party: {gl}"
    );
}

const HOSTILE: &str =
    r#"<script>alert(1)</script> "><img src=x onerror=alert(1)> [x](javascript:alert(1)) **bold** &amp;"#;

fn hostile_site() -> Site {
    fn h(s: &str) -> String {
        format!("{s} {HOSTILE}")
    }
    fn hp(p: &Arc<Party>) -> Arc<Party> {
        let mut q = (**p).clone();
        q.nom = h(&q.nom);
        q.le = h(&q.le);
        q.du = h(&q.du);
        q.au = h(&q.au);
        q.representant = q.representant.as_deref().map(h);
        q.adresse = Some(h("1 rue"));
        q.dpd = Dpd {
            nom: Some(h("DPD")),
            courriel: Some(h("dpd@x.fr")),
            telephone: Some(h("01")),
            adresse: Some(h("adresse")),
            formulaire: Some("javascript:alert(1)".into()),
        };
        Arc::new(q)
    }
    let mut site = site();
    site.ent.nom = h(&site.ent.nom);
    site.ent.url = Some("javascript:alert(1)".into());
    site.ent.accessibilite.statut = h("non conforme");
    site.ent.accessibilite.declaration = Some("javascript:alert(1)".into());
    site.ent.delais.reponse_droits = Some(h("1 mois"));
    site.ent.delais.notification_violation = Some(h("24 heures"));
    site.ent.origine_donnees = Some(h("annuaire"));
    if let Some(c) = site.ent.convention.as_mut() {
        c.titre = Some(h("Convention"));
        c.url = Some("javascript:alert(1)".into());
    }
    site.source = h("parties.yaml");
    for e in &mut site.etablissements {
        e.nom = h(&e.nom);
        e.commune = Some(h("Metz"));
        e.responsable_qualite = h("Principal");
        e.responsable_nom = Some(h("Nom"));
        e.site_web = Some("javascript:alert(1)".into());
        e.dpd = hp(&e.etablissement).dpd.clone();
        e.academie = hp(&e.academie);
        e.collectivite = e.collectivite.as_ref().map(hp);
        e.point_de_contact = e.point_de_contact.as_ref().map(hp);
        e.etablissement = hp(&e.etablissement);
        e.responsables = e.responsables.iter().map(hp).collect();
        for d in &mut e.droits {
            d.demandeurs = d.demandeurs.iter().map(|x| h(x)).collect();
            d.destinataires = d.destinataires.iter().map(hp).collect();
        }
        for v in &mut e.violations {
            v.perimetre_libelle = h(&v.perimetre_libelle);
            v.notifie = v.notifie.as_ref().map(hp);
            v.informe = vec![hp(&e.academie)];
            v.delai = Some(h("48 heures"));
        }
        for t in &mut e.traitements {
            t.responsables = t.responsables.iter().map(hp).collect();
            let t = Arc::make_mut(&mut t.fiche);
            t.nom = h(&t.nom);
            t.sous_traitants = t.sous_traitants.iter().map(hp).collect();
            for list in [
                &mut t.finalites,
                &mut t.personnes,
                &mut t.destinataires,
                &mut t.conservation,
                &mut t.mesures_securite,
                &mut t.references,
            ] {
                *list = list.iter().map(|x| h(x)).collect();
            }
            t.base_legale = h("6.1.e");
            t.base_legale_libelle = h("mission");
            t.transferts_hors_ue = Some(h("oui"));
            t.base_legale_precision = Some(h("précision"));
            t.obligatoire_precision = Some(h("obligatoire"));
            t.obligatoire = None;
            t.consentement = Some(h("consentement"));
            for c in &mut t.donnees {
                c.libelle = h(&c.libelle);
                c.donnees = c.donnees.iter().map(|x| h(x)).collect();
            }
        }
    }
    site
}

/// Tags of an HTML text: (name, attributes as written), lower case.
fn tags(html: &str) -> Vec<(String, String)> {
    let lower = html.to_ascii_lowercase();
    lower
        .split('<')
        .skip(1)
        .map(|t| {
            let t = t.split('>').next().unwrap_or("");
            let name_end = t.find(|c: char| c.is_whitespace()).unwrap_or(t.len());
            (
                t[..name_end].trim_start_matches('/').to_owned(),
                t[name_end..].to_owned(),
            )
        })
        .collect()
}

fn assert_inert(path: &str, html: &str) {
    assert!(!html.contains("<script"), "<script in {path}");
    assert!(!html.contains("<img"), "<img in {path}");
    assert!(!html.contains("<strong>bold"), "Markdown from roster in {path}");
    for (name, attrs) in tags(html) {
        assert!(
            !matches!(name.as_str(), "script" | "img" | "iframe" | "object" | "embed"),
            "<{name}> in {path}"
        );
        // Attribute values may quote the hostile text, escaped; what matters is that no
        // attribute *name* is an event handler and no URL is javascript:.
        let mut rest = attrs.as_str();
        while let Some(i) = rest.find(|c: char| !c.is_whitespace()) {
            rest = &rest[i..];
            let n = rest.find(|c: char| c.is_whitespace() || c == '=').unwrap_or(rest.len());
            let attr = &rest[..n];
            assert!(!attr.starts_with("on"), "event handler {attr} in <{name}> of {path}");
            rest = &rest[n..];
            if let Some(v) = rest.strip_prefix('=') {
                let (value, after) = match v.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let end = v[1..].find(q).map_or(v.len(), |k| k + 2);
                        (&v[..end], &v[end..])
                    }
                    _ => v.split_at(v.find(char::is_whitespace).unwrap_or(v.len())),
                };
                if matches!(attr, "href" | "src" | "action" | "formaction") {
                    assert!(!value.contains("javascript:"), "{attr}={value} in {path}");
                }
                rest = after;
            }
        }
    }
}

/// The ENT home and département pages load the search script, once, and nothing else does.
fn sans_recherche<'a>(path: &str, h: &'a str) -> std::borrow::Cow<'a, str> {
    let tag = if path == "index.html" {
        "<script defer src=recherche.js></script>"
    } else if path.starts_with("departements/") {
        "<script defer src=../../recherche.js></script>"
    } else {
        return h.into();
    };
    assert_eq!(h.matches(tag).count(), 1, "{path}: {h}");
    h.replacen(tag, "", 1).into()
}

#[test]
fn hostile_roster_text_stays_text() {
    let site = hostile_site();
    let r = renderer();
    let mut all = r.render_ent(&site).unwrap();
    for e in &site.etablissements {
        all.extend(r.render_etablissement(&site, e).unwrap());
    }
    for p in all.iter().filter(|p| p.path.ends_with(".html")) {
        let h = &*sans_recherche(&p.path, text(p));
        assert_inert(&p.path, h);
        // The hostile text is shown, as text, and reads as neither markup nor script.
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{}: {h}", p.path);
        for literal in ["onerror=", "javascript:", "src="] {
            assert!(!h.contains(literal), "{literal} in {}", p.path);
        }
        assert!(visible(h).contains(HOSTILE), "{}", p.path);
    }
    // Nothing of the hostile URLs became a link.
    for p in &all {
        let h = text(p);
        assert!(
            !h.contains("href=javascript") && !h.contains("href=\"javascript"),
            "{}",
            p.path
        );
    }
}

#[test]
fn footer_snippet_is_inert_and_absolute() {
    for site in [site(), hostile_site()] {
        let r = renderer();
        let mut pages = r.render_etablissement(&site, &site.etablissements[0]).unwrap();
        pages.extend(r.render_ent(&site).unwrap());
        for path in ["0570055a/footer.html", "footer.html"] {
            let f = get(&pages, path);
            for bad in ["<script", "<style", "style=", "src=", "<img", "<link", "<iframe"] {
                assert!(!f.to_ascii_lowercase().contains(bad), "{bad} in {path}: {f}");
            }
            assert!(!f.starts_with("<!"), "a fragment, not a document");
            for (name, attrs) in tags(f) {
                assert!(
                    attrs
                        .split_whitespace()
                        .all(|a| !a.starts_with("on") || !a.contains('='))
                        || name == "nav",
                    "{attrs}"
                );
                if let Some(class) = attrs.split("class=").nth(1) {
                    let class = class.trim_start_matches(['"', '\'']);
                    assert!(class.starts_with("ent-rgpd-"), "class {class} in {path}");
                }
                if let Some(href) = attrs.split("href=").nth(1) {
                    let href = href.trim_start_matches(['"', '\'']);
                    assert!(
                        href.starts_with("https://rgpd.example.fr/") || href.starts_with("https://example.fr/"),
                        "{href}"
                    );
                }
            }
        }
    }
    let site = site();
    let pages = renderer().render_etablissement(&site, &site.etablissements[0]).unwrap();
    let f = get(&pages, "0570055a/footer.html");
    for s in [
        "https://rgpd.example.fr/0570055a/",
        "https://rgpd.example.fr/0570055a/mentions/",
        "https://rgpd.example.fr/0570055a/grandes-lignes/",
        "https://example.fr/accessibilite",
        ">Données personnelles<",
        ">Mentions légales<",
        // French typography: a no-break space before the colon.
        ">Accessibilité\u{a0}: partiellement conforme<",
    ] {
        assert!(f.contains(s), "{s} in {f}");
    }
    let json: serde_json::Value = serde_json::from_str(get(&pages, "0570055a/footer.json")).unwrap();
    assert_eq!(json["uai"], "0570055A");
    assert_eq!(json["liens"][1]["libelle"], "Mentions légales");
    assert_eq!(
        json["liens"][1]["url"],
        "https://rgpd.example.fr/0570055a/mentions-legales/"
    );
}

/// A declaration that is no web address is dropped: the footer links to the statement that
/// the build generates instead (`accessibilite/index.html`), never to the hostile one.
#[test]
fn hostile_accessibility_link_is_dropped_from_footer() {
    let site = hostile_site();
    let r = renderer();
    let pages = r.render_etablissement(&site, &site.etablissements[0]).unwrap();
    let json: serde_json::Value = serde_json::from_str(get(&pages, "0570055a/footer.json")).unwrap();
    assert_eq!(
        json["liens"][3]["url"], "https://rgpd.example.fr/accessibilite/",
        "{json}"
    );
    let ent = r.render_ent(&site).unwrap();
    let statement = get(&ent, "accessibilite/index.html");
    assert!(!statement.contains("javascript:"), "{statement}");
    assert!(statement.contains("Défenseur des droits"), "{statement}");
}

#[test]
fn internal_links_resolve() {
    let site = site();
    let r = renderer();
    let mut all = r.render_ent(&site).unwrap();
    for e in &site.etablissements {
        all.extend(r.render_etablissement(&site, e).unwrap());
    }
    let files: HashSet<&str> = all.iter().map(|p| p.path.as_str()).collect();
    let base = &site.ent.base_url;
    let mut checked = 0;
    for p in all.iter().filter(|p| p.path.ends_with(".html")) {
        let dir = p.path.rsplit_once('/').map_or("", |(d, _)| d);
        for (name, attrs) in tags(text(p)) {
            let Some(href) = attrs.split("href=").nth(1) else {
                continue;
            };
            let href = href.trim_start_matches(['"', '\'']);
            let href = href.split(['"', '\'', ' ', '#']).next().unwrap();
            if href.is_empty() || href.starts_with("mailto:") || href.starts_with("tel:") {
                continue;
            }
            let target = if let Some(rest) = href.strip_prefix(base.as_str()) {
                let rest = rest.trim_start_matches('/');
                if rest.is_empty() || rest.ends_with('/') {
                    format!("{rest}index.html")
                } else {
                    rest.to_owned()
                }
            } else if href.starts_with("http") {
                continue;
            } else {
                let mut parts: Vec<&str> = if dir.is_empty() {
                    vec![]
                } else {
                    dir.split('/').collect()
                };
                for seg in href.split('/') {
                    match seg {
                        ".." => {
                            assert!(parts.pop().is_some(), "{href} leaves the site from {}", p.path);
                        }
                        "." | "" => {}
                        s => parts.push(s),
                    }
                }
                parts.join("/")
            };
            assert!(
                files.contains(target.as_str()),
                "<{name}> {href} from {} → {target} not produced",
                p.path
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn ent_level_files() {
    let site = site();
    let pages = renderer().render_ent(&site).unwrap();
    let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    for p in [
        "index.html",
        "mentions/index.html",
        "footer.html",
        "footer.json",
        "style.css",
        "sitemap.xml",
        "registre.csv",
        "registre.json",
    ] {
        assert!(paths.contains(&p), "{p} in {paths:?}");
    }
    let index = visible(get(&pages, "index.html"));
    for s in [
        "Académie de Nancy-Metz",
        "Commune de Fontenay-aux-Roses",
        "Département de la Moselle",
        "Collège Barbot",
        "École élémentaire Les Renards",
        "chef d'établissement",
    ] {
        assert!(index.contains(s), "index: {s}\n{index}");
    }
    assert!(
        !index.contains("DASEN"),
        "no seed says the director acts for the DASEN: {index}"
    );
    assert!(
        !index.contains("Éditeur X"),
        "a subcontractor is not a controller: {index}"
    );
    let mentions = visible(get(&pages, "mentions/index.html"));
    for s in [
        "dpd@ac-nancy-metz.fr",
        "dpo@fontenay-aux-roses.fr",
        "75334 Paris Cedex 07",
        "Gestion de l'espace numérique de travail",
        "page de votre établissement",
    ] {
        assert!(mentions.contains(s), "ENT mentions: {s}\n{mentions}");
    }

    let sitemap = get(&pages, "sitemap.xml");
    assert!(sitemap.starts_with("<?xml"));
    for u in [
        "https://rgpd.example.fr/",
        "https://rgpd.example.fr/0570055a/registre/maintenance/",
        "https://rgpd.example.fr/0921234x/grandes-lignes/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{u}</loc>")), "{u}");
    }
    assert!(sitemap.contains("<loc>https://rgpd.example.fr/departements/92/</loc>"));
    // Home, notice, 2 départements; per establishment its 6 pages (5 without a joint
    // treatment) and its sheets. No accessibility statement: the roster gives its own.
    assert_eq!(sitemap.matches("<url>").count(), 2 + 2 + 6 + 3 + 6 + 1);
    assert!(!pages.iter().any(|p| p.path.starts_with("accessibilite/")));

    let csv = get(&pages, "registre.csv");
    let mut rd = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(rd.headers().unwrap().iter().next(), Some("uai"));
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[1][2], "maintenance");
    assert_eq!(&rows[1][4], "propre");
    assert_eq!(&rows[1][5], "Département de la Moselle");
    let json: serde_json::Value = serde_json::from_str(get(&pages, "registre.json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 4);
    assert_eq!(json[3]["uai"], "0921234X");
    assert_eq!(json[2]["sous_traitants"][0], "Région Grand Est");
}

/// A small ENT: the home page lists its establishments itself, and links to the pages of its
/// départements are not needed to reach them.
#[test]
fn small_home_lists_establishments() {
    let site = site();
    let pages = renderer().render_ent(&site).unwrap();
    let home = get(&pages, "index.html");
    assert!(home.contains("href=0570055a/index.html"), "{home}");
    assert!(home.contains("href=0921234x/index.html"), "{home}");
    assert!(visible(home).contains("Collège Barbot"));
    assert!(home.contains("id=recherche"), "the search script's anchor");
    let dep = get(&pages, "departements/57/index.html");
    assert!(dep.contains("href=../../0570055a/index.html"), "{dep}");
    assert!(!dep.contains("0921234x"), "{dep}");
    let json: serde_json::Value = serde_json::from_str(get(&pages, "departements/92/index.json")).unwrap();
    assert_eq!(json[0]["uai"], "0921234X");
    assert_eq!(json[0]["url"], "0921234x/index.html");
    let script = get(&pages, "recherche.js");
    assert!(script.contains("Rechercher un établissement (nom, commune ou UAI)"));
    assert!(!script.contains("innerHTML"), "results are built as text");
    assert!(!get(&pages, "footer.html").contains("script"));
}

/// A large ENT (500 establishments in 3 départements, some hostile names): the home page
/// links to one page per département, which lists its establishments by commune; each
/// département's JSON index holds its establishments, each once.
#[test]
fn large_home_links_to_departement_pages() {
    let mut site = site();
    let model = site.etablissements[0].clone();
    let codes = ["57", "2A", "971"];
    site.etablissements = (0..500)
        .map(|i| {
            let mut e = model.clone();
            e.uai = format!("{:07}B", 2_000_000 + i);
            e.slug = e.uai.to_lowercase();
            e.departement = codes[i % 3].into();
            e.nom = if i % 50 == 7 {
                format!("Collège n°{i} {HOSTILE}")
            } else {
                format!("Collège n°{i}")
            };
            e.commune = match i % 7 {
                0 => Some(format!("Ville {HOSTILE}")),
                1 => Some("Épinal".into()),
                2 => None,
                k => Some(format!("Ville {k}")),
            };
            e
        })
        .collect();
    let pages = renderer().render_ent(&site).unwrap();
    let home = get(&pages, "index.html");
    assert!(
        !visible(home).contains("Collège n°"),
        "no establishment on the home page"
    );
    assert!(home.len() < 20_000, "{}", home.len());
    for d in ["57", "2a", "971"] {
        assert_eq!(
            home.matches(&format!("href=departements/{d}/index.html")).count(),
            1,
            "{d}"
        );
    }
    assert!(visible(home).contains("Département 2A – Corse-du-Sud"));
    assert!(visible(home).contains("Académie de Nancy-Metz"));
    let sitemap = get(&pages, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://rgpd.example.fr/departements/2a/</loc>"));

    let mut seen = HashSet::new();
    for (k, d) in ["57", "2a", "971"].iter().enumerate() {
        let html = get(&pages, &format!("departements/{d}/index.html"));
        assert!(html.starts_with("<!doctype html><html lang=fr>"));
        assert!(html.contains("<main id=contenu"));
        assert_eq!(html.matches("<h1>").count(), 1);
        assert!(!html.contains("<h3"), "headings in order");
        let mine: Vec<&Etablissement> = site
            .etablissements
            .iter()
            .filter(|e| e.departement == codes[k])
            .collect();
        for e in &mine {
            assert_eq!(
                html.matches(&format!("href=../../{}/index.html", e.slug)).count(),
                1,
                "{}",
                e.uai
            );
        }
        // Commune headings, alphabetical (accents aside), those without a commune last.
        let v = visible(html);
        let heads: Vec<&str> = html
            .split("<h2 id=commune-")
            .skip(1)
            .map(|h| h.split_once('>').unwrap().1.split("</h2>").next().unwrap())
            .collect();
        assert_eq!(heads.len(), 7, "{heads:?}");
        assert_eq!(heads[0], "Épinal", "{heads:?}");
        assert_eq!(heads[1..5], ["Ville 3", "Ville 4", "Ville 5", "Ville 6"], "{heads:?}");
        assert!(heads[5].starts_with("Ville &lt;script&gt;"), "{heads:?}");
        assert_eq!(heads[6], "Sans commune indiquée", "{heads:?}");
        assert!(v.contains(&format!("Ville {HOSTILE}")));
        assert!(!html.contains("<script>alert"), "escaped");

        let json: Vec<serde_json::Value> =
            serde_json::from_str(get(&pages, &format!("departements/{d}/index.json"))).unwrap();
        assert_eq!(json.len(), mine.len());
        for j in &json {
            let uai = j["uai"].as_str().unwrap();
            assert!(seen.insert(uai.to_owned()), "{uai} twice");
            let e = mine
                .iter()
                .find(|e| e.uai == uai)
                .expect("an establishment of the département");
            assert_eq!(j["nom"], e.nom.as_str());
            assert_eq!(j["commune"].as_str(), e.commune.as_deref());
            assert_eq!(j["url"], format!("{}/index.html", e.slug));
        }
    }
    assert_eq!(seen.len(), 500);
}

/// A second collège with the same parties and treatments: its pages come from the shape
/// compiled for the first one, with its own values, byte-identical to a fresh rendering.
#[test]
fn same_shape_shares_compiled_pages_not_values() {
    let mut site = site();
    let first = &site.etablissements[0];
    let mut party = (*first.etablissement).clone();
    party.id = "0570056b".into();
    party.nom = "Collège Paul Verlaine".into();
    let f = ent_rgpd::resolve::grammaire::formes(&party.nom);
    (party.le, party.du, party.au) = (f.le, f.du, f.au);
    party.dpd = dpd("ce.0570056b@ac-nancy-metz.fr");
    let party = Arc::new(party);
    let swap = |p: &Arc<Party>| if p.id == "0570055a" { party.clone() } else { p.clone() };
    let mut other = first.clone();
    other.uai = "0570056B".into();
    other.slug = "0570056b".into();
    other.nom = "Collège Paul Verlaine".into();
    other.commune = Some("Thionville".into());
    other.responsable_nom = Some("M. Martin".into());
    other.dpd = dpd("ce.0570056b@ac-nancy-metz.fr");
    other.etablissement = party.clone();
    other.responsables = other.responsables.iter().map(swap).collect();
    for d in &mut other.droits {
        d.destinataires = d.destinataires.iter().map(swap).collect();
    }
    for v in &mut other.violations {
        v.notifie = v.notifie.as_ref().map(swap);
    }
    for t in &mut other.traitements {
        t.responsables = t.responsables.iter().map(swap).collect();
    }
    site.etablissements.push(other);

    let r = renderer();
    let a = r.render_etablissement(&site, &site.etablissements[0]).unwrap();
    let b = r.render_etablissement(&site, &site.etablissements[2]).unwrap();
    assert_eq!(r.shapes_cached(), 1, "both collèges have one shape");
    let fresh = renderer().render_etablissement(&site, &site.etablissements[2]).unwrap();
    assert_eq!(b, fresh);
    assert_eq!(a.len(), b.len());
    for p in &b {
        let t = text(p);
        assert!(p.path.starts_with("0570056b/"), "{}", p.path);
        for old in ["Barbot", "0570055", "Mme Durand", "dpd.college@"] {
            assert!(!t.contains(old), "{old} in {}", p.path);
        }
    }
    let m = visible(get(&b, "0570056b/mentions/index.html"));
    for s in [
        "Collège Paul Verlaine",
        "Thionville",
        "M. Martin",
        "ce.0570056b@ac-nancy-metz.fr",
    ] {
        assert!(m.contains(s), "{s}");
    }
    // A different shape (the école) is compiled apart.
    r.render_etablissement(&site, &site.etablissements[1]).unwrap();
    assert_eq!(r.shapes_cached(), 2);
}

/// Many écoles, each with its commune: the ENT pages count the communes instead of listing
/// them, and the sitemap becomes an index of files of at most 50,000 URLs.
#[test]
fn national_scale_ent_pages() {
    let mut site = site();
    let model = site.etablissements[1].clone();
    site.etablissements = (0..11_000)
        .map(|i| {
            let mut e = model.clone();
            e.uai = format!("{:07}A", 1_000_000 + i);
            e.slug = e.uai.to_lowercase();
            e.nom = format!("École n°{i}");
            let mut commune = (**e.collectivite.as_ref().unwrap()).clone();
            commune.id = format!("commune-{}", i % 40);
            commune.nom = format!("Commune n°{}", i % 40);
            let commune = Arc::new(commune);
            e.collectivite = Some(commune.clone());
            e.responsables = vec![e.academie.clone(), commune.clone()];
            for t in &mut e.traitements {
                t.responsables = e.responsables.clone();
            }
            e
        })
        .collect();
    let pages = renderer().render_ent(&site).unwrap();
    let mentions = visible(get(&pages, "mentions/index.html"));
    assert!(
        mentions.contains("les 40 communes dont relèvent les écoles publiques"),
        "{mentions}"
    );
    assert!(!mentions.contains("Commune n°7"), "communes are counted, not listed");
    assert!(!visible(get(&pages, "index.html")).contains("École n°10999"));
    assert!(visible(get(&pages, "departements/92/index.html")).contains("École n°10999"));

    let index = get(&pages, "sitemap.xml");
    assert!(index.contains("<sitemapindex"), "{index}");
    let parts: Vec<&Page> = pages.iter().filter(|p| p.path.starts_with("sitemap-")).collect();
    assert_eq!(parts.len(), 2);
    let mut urls = 0;
    for p in &parts {
        assert!(index.contains(&format!("<loc>https://rgpd.example.fr/{}</loc>", p.path)));
        let n = text(p).matches("<url>").count();
        assert!(n <= 50_000, "{n}");
        urls += n;
    }
    assert_eq!(urls, 2 + 1 + 11_000 * 7);
}

#[test]
fn rendering_is_deterministic() {
    let site = site();
    let r = renderer();
    let a = r.render_etablissement(&site, &site.etablissements[0]).unwrap();
    let b = renderer().render_etablissement(&site, &site.etablissements[0]).unwrap();
    assert_eq!(a, b);
    assert_eq!(r.render_ent(&site).unwrap(), r.render_ent(&site).unwrap());
}

#[test]
fn project_files_override_defaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/accueil.md"),
        "# Page maison\n\nBonjour {{ etab.nom }}.\n",
    )
    .unwrap();
    let site = site();
    let pages = Renderer::new(dir.path())
        .unwrap()
        .render_etablissement(&site, &site.etablissements[0])
        .unwrap();
    let home = get(&pages, "0570055a/index.html");
    assert!(home.contains("Bonjour Collège Barbot."), "{home}");
    assert!(home.contains("<title>Page maison"), "{home}");
    // The other canvases keep their defaults.
    assert!(get(&pages, "0570055a/mentions/index.html").contains("Fontenoy"));

    std::fs::write(dir.path().join("content/accueil.md"), "# Cassé {{ etab.nom \n").unwrap();
    match Renderer::new(dir.path()) {
        Err(ent_rgpd::error::Error::Template { message, .. }) => assert!(message.contains("accueil.md"), "{message}"),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("a broken canvas must not compile"),
    }
}

#[test]
fn footer_override_with_script_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("themes/default")).unwrap();
    std::fs::write(
        dir.path().join("themes/default/footer.html"),
        "<p class=ent-rgpd-x><script>x()</script></p>",
    )
    .unwrap();
    let site = site();
    let err = Renderer::new(dir.path())
        .unwrap()
        .render_etablissement(&site, &site.etablissements[0])
        .unwrap_err();
    assert!(matches!(err, ent_rgpd::error::Error::Template { .. }), "{err}");
}

/// Writes the pages of the test site to `$DUMP` (for review and an HTML validator).
#[test]
fn dump_when_asked() {
    let Ok(dir) = std::env::var("DUMP") else { return };
    let r = renderer();
    for site in [site(), hostile_site()] {
        let sub = if site.ent.nom.contains("<script") {
            "hostile"
        } else {
            "normal"
        };
        let mut all = r.render_ent(&site).unwrap();
        for e in &site.etablissements {
            all.extend(r.render_etablissement(&site, e).unwrap());
        }
        for p in all {
            let path = Path::new(&dir).join(sub).join(&p.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &p.bytes).unwrap();
        }
    }
}

#[test]
fn renderer_is_sync() {
    fn is_sync<T: Sync + Send>() {}
    is_sync::<Renderer>();
}

/// `registre.csv` and `registre.json` encode each sheet's shared cells once and are written
/// by blocks; the result is exactly the csv crate's and serde_json's encoding of every row,
/// whatever the text (commas, quotes, line breaks, formula-like cells, empty lists, non-ASCII).
#[test]
fn register_files_equal_a_row_by_row_encoding() {
    use ent_rgpd::render::register;
    let mut site = site();
    let tricky = [
        "Collège \"Les Tilleuls\", site 2",
        "=HYPERLINK(\"x\")",
        "-2, puis\nune ligne",
        "",
        " espace ",
        "Lycée Œ « guillemets » ; point-virgule",
        "@x\r",
    ];
    let first = site.etablissements[0].clone();
    for (i, name) in tricky.iter().enumerate() {
        let mut e = first.clone();
        e.uai = format!("{}{i}", &first.uai[..7]);
        e.nom = name.to_string();
        for t in &mut e.traitements {
            let mut fiche = (*t.fiche).clone();
            fiche.finalites.push(tricky[(i + 1) % tricky.len()].to_string());
            fiche.nom = tricky[(i + 2) % tricky.len()].to_string();
            if i % 2 == 0 {
                fiche.sous_traitants.clear();
                fiche.conservation.clear();
            }
            t.fiche = Arc::new(fiche);
        }
        if i % 3 == 0 {
            e.traitements[0].responsables.clear();
        }
        site.etablissements.push(e);
    }
    // Enough rows for several blocks of the streamed encoding.
    for i in 0..2000 {
        let mut e = first.clone();
        e.nom = format!("Collège n° {i}, « bis »");
        site.etablissements.push(e);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(register::HEADER).unwrap();
    for r in register::rows(&site) {
        w.write_record(register::cells(&r)).unwrap();
    }
    let expected_csv = w.into_inner().unwrap();
    assert_eq!(
        String::from_utf8(register::csv(&site)).unwrap(),
        String::from_utf8(expected_csv).unwrap()
    );
    let rows: Vec<String> = register::rows(&site)
        .map(|r| serde_json::to_string(&r).unwrap())
        .collect();
    let expected_json = format!("[\n{}\n]\n", rows.join(",\n"));
    assert_eq!(String::from_utf8(register::json(&site)).unwrap(), expected_json);
    let empty = Site {
        etablissements: Vec::new(),
        ..site
    };
    assert_eq!(register::json(&empty), b"[\n]\n");
}

/// Establishments rendered together share their sheets' tokens and shape keys
/// (`Renderer::prepare`): each still gets its own sheets, exactly as when rendered alone by
/// a fresh renderer, including after the same renderer rendered another version of the site.
#[test]
fn prepared_establishments_get_their_own_sheets() {
    let base = site();
    let first = base.etablissements[0].clone();
    let variants = [
        "Suivi des absences",
        "Suivi <b>des</b> absences & retards",
        "Vie scolaire",
    ];
    let make = |suffix: &str| {
        let mut site = base.clone();
        for (i, finalite) in variants.iter().enumerate() {
            let mut e = first.clone();
            e.uai = format!("{}{i}", &first.uai[..7]);
            e.slug = e.uai.to_lowercase();
            e.nom = format!("Collège numéro {i}");
            for t in &mut e.traitements {
                let mut fiche = (*t.fiche).clone();
                fiche.finalites.push(format!("{finalite}{suffix}"));
                t.fiche = Arc::new(fiche);
            }
            site.etablissements.push(e);
        }
        site
    };
    let r = renderer();
    for suffix in ["", " (version 2)"] {
        let site = make(suffix);
        let prepared = r.prepare(&site, &site.etablissements);
        for e in &site.etablissements {
            let pages = prepared.render_etablissement(e).unwrap();
            let alone = renderer().render_etablissement(&site, e).unwrap();
            assert_eq!(pages.len(), alone.len());
            for (p, q) in pages.iter().zip(&alone) {
                assert!(p == q, "{} differs from a rendering alone", p.path);
            }
        }
        for (i, finalite) in variants.iter().enumerate() {
            let e = &site.etablissements[base.etablissements.len() + i];
            let pages = prepared.render_etablissement(e).unwrap();
            let sheet = visible(get(&pages, &format!("{}/registre/ent/index.html", e.slug)));
            assert!(sheet.contains(&format!("{finalite}{suffix}")), "{sheet}");
            for (j, other) in variants.iter().enumerate() {
                assert!(
                    i == j || !sheet.contains(&format!("{other}{suffix}")),
                    "{other} in {}",
                    e.uai
                );
            }
        }
    }
}

/// A roster whose breach rules say, for its one école, three sentences: the académie notifies
/// with the ENT's delay (three perimeters, one of them with that delay written out, one naming
/// the commune twice), the académie notifies with another delay (one perimeter), the party where
/// the breach happened notifies (one perimeter).
const BREACH_ROSTER: &str = r#"
ent:
  nom: ENT des écoles
  base_url: https://rgpd.example.fr
  delais:
    notification_violation: 72 heures
parties:
  - id: ac-creteil
    type: academie
    nom: Académie de Créteil
    departements: ["94"]
    dpd: { courriel: dpd@ac-creteil.fr }
  - id: vincennes
    type: commune
    nom: Commune de Vincennes
    code_commune: "94080"
    dpd: { courriel: dpo@vincennes.fr }
etablissements:
  - uai: 0940173C
    nom: École élémentaire Est Libération
    type: ecole
    commune: Vincennes
    code_commune: "94080"
    departement: "94"
traitements:
  - id: ent
    nom: Gestion de l'espace numérique de travail
    responsabilite: conjointe
    responsables: [academie, commune]
    finalites: ["Mettre des contenus pédagogiques à la disposition des élèves"]
    base_legale: "6.1.e"
    obligatoire: true
    personnes: [eleves]
    donnees: { eleves: ["nom, prénom"] }
    destinataires: ["l'école"]
    conservation: ["l'année scolaire"]
    transferts_hors_ue: non
    mesures_securite: ["accès par identifiant"]
    cree_le: 2024-09-01
    mis_a_jour_le: 2024-09-01
violations:
  - perimetre: etablissement
    notifie: academie
    informe: [commune]
  - perimetre: departement
    notifie: academie
    informe: [commune]
    delai: 48 heures
  - perimetre: ent
    notifie: ac-creteil
    informe: [commune]
    delai: 72 heures
  - perimetre: academie
    notifie: origine
    informe: [commune]
  - perimetre: etablissements
    notifie: academie
    informe: [vincennes, commune]
"#;

/// Breach rules that resolve, for an establishment, to the same notifier (or `origine`), the
/// same parties informed and the same delay (`ent.delais.notification_violation` standing in for
/// a rule without one) print one line on the grandes lignes, naming their perimeters together,
/// largest first, where the first of them stood; rules that differ in any of these keep their
/// own line.
#[test]
fn identical_breach_rules_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("parties.yaml");
    std::fs::write(&roster, BREACH_ROSTER).unwrap();
    let site = match ent_rgpd::project::check(&roster) {
        Ok(c) => c.site,
        Err(e) => panic!("{e:?}"),
    };
    let e = &site.etablissements[0];
    let routes: Vec<(&str, &str, Option<&str>, bool, Option<&str>)> = e
        .violations
        .iter()
        .map(|v| {
            (
                v.perimetre.as_str(),
                v.perimetre_libelle.as_str(),
                v.notifie.as_ref().map(|p| p.id.as_str()),
                v.origine,
                v.delai.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        routes,
        [
            (
                "ent",
                "une violation touchant l'ENT dans son ensemble, plusieurs établissements ou un seul établissement",
                Some("ac-creteil"),
                false,
                None,
            ),
            (
                "departement",
                "une violation touchant les utilisateurs de tout un département",
                Some("ac-creteil"),
                false,
                Some("48 heures"),
            ),
            (
                "academie",
                "une violation touchant les utilisateurs de toute une académie",
                None,
                true,
                None,
            ),
        ]
    );
    for v in &e.violations {
        let ids: Vec<&str> = v.informe.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["vincennes"], "one party named twice is informed once");
    }
    let pages = renderer().render_etablissement(&site, e).unwrap();
    let gl = visible(get(&pages, "0940173c/grandes-lignes/index.html"))
        .replace(['\u{a0}', '\u{202f}'], " ")
        .replace('’', "'");
    let gl = gl.split_whitespace().collect::<Vec<_>>().join(" ");
    let lines = [
        "Pour une violation touchant l'ENT dans son ensemble, plusieurs établissements ou un seul établissement : l'académie de Créteil la notifie et en informe la commune de Vincennes (72 heures) ;",
        "Pour une violation touchant les utilisateurs de tout un département : l'académie de Créteil la notifie et en informe la commune de Vincennes (48 heures) ;",
        "Pour une violation touchant les utilisateurs de toute une académie : la partie d'où provient la violation la notifie et en informe la commune de Vincennes (72 heures).",
    ];
    let mut at = 0;
    for line in lines {
        let i = gl[at..]
            .find(line)
            .unwrap_or_else(|| panic!("« {line} » absent (in order) from:\n{gl}"));
        at += i + line.len();
    }
    assert_eq!(gl.matches("Pour une violation").count(), 3, "{gl}");
}
