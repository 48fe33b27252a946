//! Property tests over generated valid rosters (any number of establishments, types and
//! treatments; names in arbitrary Unicode): every establishment gets all its documents,
//! every internal link and anchor resolves, and two builds give the same bytes.

mod common;

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const BASE_URL: &str = "https://rgpd.exemple.fr";
const TYPES: [&str; 3] = ["college", "lycee", "erea"];

/// Any printable text that is not a template placeholder ("XXX", "[à préciser]"...).
fn name() -> impl Strategy<Value = String> {
    "[^\\p{C}\\p{Zl}\\p{Zp}]{1,30}".prop_filter("texte à remplir ou vide", |s| {
        !s.trim().is_empty() && ent_rgpd::validate::text::placeholder(s).is_none()
    })
}

#[derive(Debug, Clone)]
struct Roster {
    ent: String,
    parties: [String; 3],
    /// (name, type index) of each establishment.
    etabs: Vec<(String, usize)>,
    /// (name, purpose, types it is restricted to; empty = all) of each treatment.
    traitements: Vec<(String, String, Vec<usize>)>,
}

fn roster() -> impl Strategy<Value = Roster> {
    (
        name(),
        [name(), name(), name()],
        prop::collection::vec((name(), 0..TYPES.len()), 1..6),
        prop::collection::vec((name(), name(), prop::collection::vec(0..TYPES.len(), 0..3)), 1..4),
    )
        .prop_map(|(ent, parties, etabs, mut traitements)| {
            traitements[0].2.clear(); // one treatment for every establishment
            Roster {
                ent,
                parties,
                etabs,
                traitements,
            }
        })
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap() // a JSON string is a YAML double-quoted scalar
}

fn uai(i: usize) -> String {
    let digits = format!("057{:04}", 100 + i);
    let letter = ent_rgpd::validate::uai::check_letter(&digits).unwrap();
    format!("{digits}{letter}")
}

impl Roster {
    fn yaml(&self) -> String {
        let [acad, dep, region] = &self.parties;
        let mut y = format!(
            "ent:\n  nom: {}\n  base_url: {BASE_URL}\nparties:\n\
             - id: ac\n  type: academie\n  nom: {}\n  code: \"12\"\n  departements: [\"57\"]\n  dpd: {{ courriel: dpd@ac.fr }}\n\
             - id: dep\n  type: departement\n  nom: {}\n  departements: [\"57\"]\n  dpd: {{ courriel: dpo@dep.fr }}\n\
             - id: reg\n  type: region\n  nom: {}\n  departements: [\"57\"]\n  dpd: {{ courriel: dpo@reg.fr }}\n\
             traitements:\n",
            q(&self.ent),
            q(acad),
            q(dep),
            q(region)
        );
        for (i, (nom, finalite, types)) in self.traitements.iter().enumerate() {
            let types: BTreeSet<_> = types.iter().map(|&t| TYPES[t]).collect();
            y += &format!(
                "- id: t{i}\n  nom: {}\n  responsabilite: conjointe\n  responsables: [academie, collectivite, etablissement]\n  \
                 finalites: [{}]\n  base_legale: \"6.1.e\"\n  personnes: [eleves]\n  donnees: {{ eleves: [\"nom\"] }}\n  \
                 destinataires: [\"l'établissement\"]\n  conservation: [\"un an\"]\n  transferts_hors_ue: non\n  \
                 cree_le: 2020-09-01\n  mis_a_jour_le: 2025-09-01\n",
                q(nom),
                q(finalite)
            );
            if !types.is_empty() {
                y += &format!("  types: [{}]\n", types.into_iter().collect::<Vec<_>>().join(", "));
            }
        }
        y += "droits:\n- demandeurs: [eleves, responsables_legaux, personnels]\n  destinataire: etablissement\n\
              violations:\n- perimetre: etablissement\n  notifie: etablissement\netablissements:\n";
        for (i, (nom, t)) in self.etabs.iter().enumerate() {
            y += &format!(
                "- uai: {}\n  nom: {}\n  type: {}\n  commune: Metz\n  code_commune: \"57463\"\n  departement: \"57\"\n",
                uai(i),
                q(nom),
                TYPES[*t]
            );
        }
        y
    }

    /// The documents each establishment must get.
    fn expected(&self) -> Vec<String> {
        let mut files = Vec::new();
        for (i, (_, t)) in self.etabs.iter().enumerate() {
            let dir = uai(i).to_lowercase();
            for doc in [
                "index.html",
                "mentions/index.html",
                "grandes-lignes/index.html",
                "registre/index.html",
            ] {
                files.push(format!("{dir}/{doc}"));
            }
            files.push(format!("{dir}/footer.html"));
            files.push(format!("{dir}/footer.json"));
            for (k, (_, _, types)) in self.traitements.iter().enumerate() {
                if types.is_empty() || types.contains(t) {
                    files.push(format!("{dir}/registre/t{k}/index.html"));
                }
            }
        }
        files
    }
}

/// The attributes of every start tag in `html`, in order (enough for minified output).
fn attributes(html: &str) -> Vec<(String, String)> {
    let b = html.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while let Some(k) = html[i..].find('<') {
        i += k + 1;
        if html[i..].starts_with("!--") {
            i += html[i..].find("-->").unwrap_or(0);
            continue;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
            i += 1; // the tag name
        }
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let start = i;
            while i < b.len() && !b"=> \t\n/".contains(&b[i]) {
                i += 1;
            }
            let attr = html[start..i].to_ascii_lowercase();
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                let end = match b.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        i += 1;
                        i + html[i..].find(quote as char).unwrap()
                    }
                    _ => {
                        i + html[i..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .unwrap_or(html.len() - i)
                    }
                };
                value = html[i..end].replace("&amp;", "&");
                i = end + usize::from(b.get(end).is_some_and(|c| *c == b'"' || *c == b'\''));
            }
            out.push((attr, value));
        }
    }
    out
}

/// How many links were checked, and every dead internal link or anchor as "page: link".
fn dead_links(site: &Path, files: &BTreeMap<String, Vec<u8>>) -> (usize, Vec<String>) {
    let ids = |page: &str| -> BTreeSet<String> {
        let html = String::from_utf8_lossy(&files[page]);
        attributes(&html)
            .into_iter()
            .filter(|(a, _)| a == "id")
            .map(|(_, v)| v)
            .collect()
    };
    let (mut checked, mut dead) = (0, Vec::new());
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for (_, link) in attributes(&html).into_iter().filter(|(a, _)| a == "href" || a == "src") {
            let (path, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target: PathBuf = if let Some(rest) = path.strip_prefix(BASE_URL) {
                site.join(rest.trim_start_matches('/'))
            } else if path.contains(':') {
                continue; // mailto:, other sites
            } else if path.is_empty() {
                site.join(page)
            } else {
                site.join(page).parent().unwrap().join(path)
            };
            checked += 1;
            let target = if target.is_dir() {
                target.join("index.html")
            } else {
                target
            };
            let rel = std::path::absolute(&target).ok().and_then(|t| {
                let t: PathBuf = t.components().fold(PathBuf::new(), |mut p, c| {
                    if c == std::path::Component::ParentDir {
                        p.pop();
                    } else {
                        p.push(c);
                    }
                    p
                });
                t.strip_prefix(site).ok().map(|r| r.to_string_lossy().into_owned())
            });
            match rel {
                Some(rel) if files.contains_key(&rel) => {
                    if !anchor.is_empty() && rel.ends_with(".html") && !ids(&rel).contains(anchor) {
                        dead.push(format!("{page}: ancre absente {link}"));
                    }
                }
                _ => dead.push(format!("{page}: lien mort {link}")),
            }
        }
    }
    (checked, dead)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_generated_roster_gives_a_complete_linked_deterministic_site(r in roster()) {
        let tmp = tempfile::tempdir().unwrap();
        let roster = tmp.path().join("parties.yaml");
        fs::write(&roster, r.yaml()).unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        build(&roster, &a);
        build(&roster, &b);
        let (site_a, site_b) = (common::tree(&a), common::tree(&b));

        for doc in r.expected() {
            prop_assert!(site_a.contains_key(&doc), "document absent : {doc}");
        }
        let (checked, dead) = dead_links(&a, &site_a);
        prop_assert!(dead.is_empty(), "{dead:#?}");
        prop_assert!(checked > 20 * r.etabs.len(), "{checked} liens seulement");
        prop_assert_eq!(site_a.keys().collect::<Vec<_>>(), site_b.keys().collect::<Vec<_>>());
        for (path, bytes) in &site_a {
            prop_assert!(&site_b[path] == bytes, "{path} diffère d'un build à l'autre");
        }
    }
}

#[test]
fn the_link_reader_sees_quoted_unquoted_and_commented_attributes() {
    let html =
        r#"<!-- <a href=no> --><a class=x href=../a/index.html>t</a><p id="b c" title='>'><img src=s.png alt=""></p>"#;
    let attrs = attributes(html);
    assert_eq!(
        attrs,
        [
            ("class", "x"),
            ("href", "../a/index.html"),
            ("id", "b c"),
            ("title", ">"),
            ("src", "s.png"),
            ("alt", "")
        ]
        .map(|(a, v)| (a.to_owned(), v.to_owned()))
    );
    let tmp = tempfile::tempdir().unwrap();
    let files = BTreeMap::from([(
        "index.html".to_owned(),
        b"<a href=#absente>x</a><a href=perdu/>y</a>".to_vec(),
    )]);
    fs::write(tmp.path().join("index.html"), &files["index.html"]).unwrap();
    assert_eq!(
        dead_links(tmp.path(), &files),
        (
            2,
            vec![
                "index.html: ancre absente #absente".to_owned(),
                "index.html: lien mort perdu/".to_owned(),
            ]
        )
    );
}

fn build(roster: &Path, out: &Path) {
    let (code, stderr) = common::build_roster(roster, out);
    assert_eq!(code, 0, "{stderr}");
}
