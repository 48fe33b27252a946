//! Resolution of each seed situation: who is controller, who answers rights requests,
//! who is notified of a breach, who is the point of contact.

use ent_rgpd::project;
use ent_rgpd::resolve::model::{Etablissement, Site};
use std::path::Path;

fn site(name: &str) -> Site {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    match project::check(&path) {
        Ok(c) => c.site,
        Err(e) => panic!("{name}: {e:?}"),
    }
}

fn etab<'a>(site: &'a Site, uai: &str) -> &'a Etablissement {
    site.etablissements
        .iter()
        .find(|e| e.uai == uai)
        .unwrap_or_else(|| panic!("{uai} absent"))
}

fn ids(e: &Etablissement) -> Vec<&str> {
    e.responsables.iter().map(|p| p.id.as_str()).collect()
}

/// Who answers a rights request from `who` (a demandeur label fragment).
fn rights<'a>(e: &'a Etablissement, who: &str) -> &'a str {
    let route = e.droits.iter().find(|d| d.demandeurs.iter().any(|l| l.contains(who)));
    &route.unwrap_or_else(|| panic!("no route for {who}")).destinataires[0].id
}

/// Who notifies a breach of `perimetre` (`origine`: the party where it happened).
fn breach<'a>(e: &'a Etablissement, perimetre: &str) -> &'a str {
    let v = e
        .violations
        .iter()
        .find(|v| v.perimetre == perimetre)
        .expect("perimetre");
    v.notifie.as_ref().map_or("origine", |p| p.id.as_str())
}

fn contact(e: &Etablissement) -> Option<&str> {
    e.point_de_contact.as_ref().map(|p| p.id.as_str())
}

fn sheet<'a>(e: &'a Etablissement, id: &str) -> &'a ent_rgpd::resolve::model::Traitement {
    e.traitements
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("traitement {id}"))
}

#[test]
fn grand_est_scenario_3() {
    let s = site("tests/rosters/grand-est.yaml");
    let metz = etab(&s, "0570055A");
    assert_eq!(metz.scenario, 3);
    assert_eq!(ids(metz), ["ac-nancy-metz", "dep-moselle", "0570055a"]);
    // A collège of the Bas-Rhin: the Collectivité européenne d'Alsace, not a département.
    let alsace = etab(&s, "0671956M");
    assert_eq!(alsace.kind, "college");
    assert_eq!(ids(alsace), ["ac-strasbourg", "cea", "0671956m"]);
    assert_eq!(breach(alsace, "departement"), "cea");
    // A lycée: the Région.
    let lycee = etab(&s, "0670083B");
    assert_eq!(ids(lycee), ["ac-strasbourg", "region-grand-est", "0670083b"]);
    assert_eq!(rights(metz, "élèves"), "0570055a");
    assert_eq!(breach(metz, "ent"), "region-grand-est");
    assert_eq!(breach(metz, "academie"), "ac-nancy-metz");
    assert_eq!(breach(metz, "etablissement"), "0570055a");
    // point_de_contact: etablissement; no DPD of its own, so the académie's answers.
    assert_eq!(contact(metz), Some("0570055a"));
    assert_eq!(metz.dpd.courriel.as_deref(), Some("dpd@ac-nancy-metz.fr"));
    let peda = sheet(metz, "services-pedagogiques");
    assert_eq!(peda.responsabilite, "sous_traitance");
    assert_eq!(
        peda.responsables.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        ["0570055a"]
    );
    assert!(peda.sous_traitants.iter().any(|p| p.id == "region-grand-est"));
}

#[test]
fn kit_model_1_ecoles_scenario_1() {
    let s = site("tests/rosters/kit-modele-1.yaml");
    let e = etab(&s, "0940173C");
    assert_eq!((e.scenario, e.kind.as_str(), e.premier_degre), (1, "ecole", true));
    // An école has no legal personality: académie + commune only.
    assert_eq!(ids(e), ["ac-creteil", "vincennes"]);
    assert_eq!(breach(e, "ent"), "ac-creteil");
    assert_eq!(contact(e), Some("ac-creteil"));
    let aaf = sheet(e, "annuaire-aaf");
    assert_eq!(
        aaf.responsables.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        ["ac-creteil"]
    );
}

#[test]
fn kit_model_2_inferred_scenario_2() {
    let s = site("tests/rosters/kit-modele-2.yaml");
    let e = etab(&s, "0310092G");
    assert_eq!(e.scenario, 2, "one académie, collèges only");
    assert_eq!(ids(e), ["ac-toulouse", "dep-haute-garonne", "0310092g"]);
    assert_eq!(contact(e), Some("0310092g"), "model 2: the establishment's DPD");
    // The kit leaves the establishment DPD's contact blank (art. 6, Annexe 2 art. 4): the
    // roster says `dpd: {}`, and no address (the académie's) is put in its place.
    assert_eq!(e.point_de_contact.as_ref().unwrap().dpd.courriel.as_deref(), None);
    assert_eq!(breach(e, "ent"), "ac-toulouse");
}

#[test]
fn ille_et_vilaine_own_treatment_of_the_departement() {
    let s = site("tests/rosters/ille-et-vilaine.yaml");
    let e = etab(&s, "0350003N");
    for id in ["maintenance-parc", "services-numeriques-territoriaux"] {
        let t = sheet(e, id);
        assert_eq!(t.responsabilite, "propre");
        assert_eq!(
            t.responsables.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            ["dep-ille-et-vilaine"]
        );
    }
    // Nothing is joint: no joint controller, no point of contact (003 names none).
    assert!(e.responsables.is_empty());
    assert_eq!(contact(e), None);
    assert!(!e.est_responsable, "the collège is not a controller");
}

#[test]
fn fontenay_aux_roses_scenario_1_rights_by_requester() {
    let s = site("tests/rosters/fontenay-aux-roses.yaml");
    assert_eq!(s.etablissements.len(), 11, "the 11 écoles of the annex");
    // The annex's mistyped 0920546Ux, corrected.
    let e = etab(&s, "0920546U");
    assert_eq!(e.scenario, 1, "inferred: écoles only");
    assert_eq!(ids(e), ["ac-versailles", "fontenay-aux-roses"]);
    assert_eq!(
        e.collectivite.as_ref().unwrap().id,
        "fontenay-aux-roses",
        "resolved from code_commune 92032"
    );
    assert_eq!(rights(e, "personnels de la collectivité"), "fontenay-aux-roses");
    for who in ["élèves", "responsables légaux", "personnels de l'établissement"] {
        assert_eq!(rights(e, who), "ac-versailles", "{who}");
    }
    // 004 designates no point of contact and no forwarding delay: none is inferred.
    assert_eq!(contact(e), None);
    assert_eq!(s.ent.delais.transmission_demande_mal_adressee, None);
    assert!(!e.est_responsable, "an école is never a controller");
}

#[test]
fn top_level_roster_is_the_real_grand_est() {
    let s = site("parties.yaml");
    assert!(s.etablissements.len() > 900, "{}", s.etablissements.len());
    assert!(s.etablissements.iter().all(|e| e.scenario == 3));
    let in_alsace_colleges = s
        .etablissements
        .iter()
        .filter(|e| e.kind == "college" && (e.departement == "67" || e.departement == "68"));
    for e in in_alsace_colleges {
        if !e.prive {
            assert_eq!(e.collectivite.as_ref().unwrap().id, "cea", "{}", e.uai);
        }
    }
}

#[test]
fn unresolvable_role_names_the_establishment() {
    let starter = include_str!("../src/cmd/init_parties.yaml");
    // A lycée in Moselle, but no région in the roster.
    let yaml = starter.replacen("type: college ", "type: lycee ", 1);
    let text = errors_of(&yaml);
    assert!(text.contains("aucune région"), "{text}");
    assert!(text.contains("0570055A"), "{text}");
}

#[test]
fn contact_without_dpd_is_an_error() {
    let starter = include_str!("../src/cmd/init_parties.yaml");
    let yaml = starter.replacen("    dpd: { courriel: dpd@moselle.fr }\n", "", 1);
    let text = errors_of(&yaml);
    assert!(text.contains("délégué à la protection des données"), "{text}");
    assert!(text.contains("0570055A"), "{text}");
}

/// The rendered diagnostics of an invalid roster.
fn errors_of(yaml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parties.yaml");
    std::fs::write(&path, yaml).unwrap();
    match project::check(&path) {
        Err(ent_rgpd::error::Error::Invalid(r)) => r.items.iter().map(|d| d.render()).collect(),
        other => panic!("{:?}", other.map(|_| ())),
    }
}
