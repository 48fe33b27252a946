//! The French checker (issue 12): every HTML page of every example roster
//! (`tests/rosters/*.yaml` and `parties.yaml`), built with `ent-rgpd build`, reads as French
//! that a public site may publish:
//!
//! - typography: no ordinary space before `:` `;` `?` `!`, after `«` or before `»`, in the
//!   text of a page (attribute values, URLs, e-mail addresses and code aside: a no-break
//!   space there, U+00A0 or U+202F);
//! - no « de 1 mois »-style figure where the canvas wrote the number (« d'un mois »): a
//!   figure that the roster itself wrote (`reponse_droits: 1 mois`) is the roster's wording;
//! - no doubled word (« à à », « de de »);
//! - no `<title>` holding the same name twice;
//! - the notice's « L'essentiel » section has at most 150 words, names who is responsable,
//!   and promises no right to object that the detail (« Quels sont vos droits ? ») does not
//!   give (it exists only for a public-interest or legitimate-interest treatment);
//! - the pupils' page: sentences of 15 words or fewer on average, 400 words at most, and no
//!   sentence of a paragraph over 20 words (list items hold the roster's own wording);
//! - every establishment has its legal notice (`mentions-legales/`) and its pupils' page
//!   (`eleves/`); the accessibility statement exists wherever the footer links to it.
//!
//! The last test shows that the checker fails on a canvas override with a bad sentence.

mod common;

use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// One problem found on a page.
#[derive(Debug)]
struct Probleme {
    page: String,
    regle: &'static str,
    extrait: String,
}

impl std::fmt::Display for Probleme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} — {} : « {} »", self.page, self.regle, self.extrait)
    }
}

/// Decodes the character references of HTML text.
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let c = end.and_then(|e| match &after[..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            n if n.starts_with("#x") || n.starts_with("#X") => {
                u32::from_str_radix(&n[2..], 16).ok().and_then(char::from_u32)
            }
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        });
        match (c, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Elements whose end closes a block of text (a sentence never runs across them).
const BLOCKS: &[&str] = &[
    "p",
    "li",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "title",
    "dt",
    "dd",
    "caption",
    "blockquote",
    "ul",
    "ol",
    "table",
    "tr",
    "nav",
    "header",
    "footer",
    "main",
    "section",
    "div",
    "br",
];

/// The text of a page, decoded: one string per block (paragraph, item, cell, heading...),
/// inline elements joined, attribute values, `code`, `pre`, `script` and `style` left out.
fn blocs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut skip = 0usize;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if skip == 0 {
            current.push_str(&rest[..lt]);
        }
        let after = &rest[lt + 1..];
        // The tag, quotes honoured.
        let mut end = after.len();
        let mut quote = None;
        for (i, c) in after.char_indices() {
            match (quote, c) {
                (None, '>') => {
                    end = i;
                    break;
                }
                (None, '"' | '\'') if after[..i].ends_with('=') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
        }
        let tag = &after[..end];
        rest = after.get(end + 1..).unwrap_or("");
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if matches!(name.as_str(), "code" | "pre" | "script" | "style") {
            if closing {
                skip = skip.saturating_sub(1);
            } else {
                skip += 1;
            }
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            let text = decode(&current);
            if !text.trim().is_empty() {
                out.push(text);
            }
            current.clear();
        }
    }
    if skip == 0 {
        current.push_str(rest);
    }
    let text = decode(&current);
    if !text.trim().is_empty() {
        out.push(text);
    }
    out
}

/// A word: a run without white space holding a letter or a digit.
fn mots(s: &str) -> impl Iterator<Item = &str> {
    s.split(char::is_whitespace)
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

/// Sentences of a block: cut after `.`, `!` or `?` followed by a space or the end.
fn phrases(bloc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = bloc.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|n| n.is_whitespace()) {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out.into_iter().filter(|p| mots(p).next().is_some()).collect()
}

fn extrait(s: &str, at: usize) -> String {
    let start = s[..at].char_indices().rev().nth(30).map_or(0, |(i, _)| i);
    let end = s[at..].char_indices().nth(30).map_or(s.len(), |(i, _)| at + i);
    s[start..end].to_string()
}

/// The typography of one block of text: ordinary spaces where French wants a no-break one.
/// A punctuation mark counts when a space or the end follows it (not inside an address).
fn typographie(bloc: &str, page: &str, out: &mut Vec<Probleme>) {
    let chars: Vec<(usize, char)> = bloc.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        if c != ' ' {
            continue;
        }
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let after = chars.get(k + 2).map(|&(_, c)| c);
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let regle = match (prev, next) {
            (_, Some(':' | ';' | '?' | '!')) if after.is_none_or(|a| a.is_whitespace() || "»)".contains(a)) => {
                "espace ordinaire avant une ponctuation double"
            }
            (Some('«'), _) => "espace ordinaire après «",
            (_, Some('»')) => "espace ordinaire avant »",
            _ => continue,
        };
        out.push(Probleme {
            page: page.into(),
            regle,
            extrait: extrait(bloc, at),
        });
    }
}

const UNITES: &[&str] = &[
    "mois", "an", "ans", "jour", "jours", "semaine", "semaines", "heure", "heures",
];

/// « de 1 mois » (« d'un mois »), unless the roster wrote « 1 mois » itself.
fn chiffre_un(bloc: &str, page: &str, roster: &[String], out: &mut Vec<Probleme>) {
    let words: Vec<&str> = bloc.split(char::is_whitespace).collect();
    for w in words.windows(3) {
        let unite = w[2].trim_end_matches(|c: char| !c.is_alphabetic());
        if w[0].eq_ignore_ascii_case("de") && w[1] == "1" && UNITES.contains(&unite) {
            let phrase = format!("1 {unite}");
            if !roster.iter().any(|v| v == &phrase) {
                out.push(Probleme {
                    page: page.into(),
                    regle: "chiffre écrit par le canevas (« d'un … »)",
                    extrait: w.join(" "),
                });
            }
        }
    }
}

/// The same word twice in a row (« à à », « de de »); « nous nous », « vous vous » are French.
fn mots_doubles(bloc: &str, page: &str, out: &mut Vec<Probleme>) {
    // Words next to each other, nothing but a space between (« (ENT) « ENT… » is no double).
    let words: Vec<String> = bloc.split(char::is_whitespace).map(str::to_lowercase).collect();
    let mot = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '’' || c == '-')
    };
    for w in words.windows(2) {
        if w[0] == w[1] && mot(&w[0]) && !matches!(w[0].as_str(), "nous" | "vous") {
            out.push(Probleme {
                page: page.into(),
                regle: "mot doublé",
                extrait: format!("{} {}", w[0], w[1]),
            });
        }
    }
}

/// The parts of a title (« A – B – C »): none within another.
fn titre(html: &str, page: &str, out: &mut Vec<Probleme>) {
    let Some(start) = html.find("<title>") else {
        return;
    };
    let rest = &html[start + 7..];
    let t = decode(&rest[..rest.find("</title>").unwrap_or(rest.len())]);
    let parts: Vec<&str> = t.split(" – ").map(str::trim).collect();
    for (i, a) in parts.iter().enumerate() {
        for (j, b) in parts.iter().enumerate() {
            if i != j && a.chars().count() >= 4 && b.contains(a) {
                out.push(Probleme {
                    page: page.into(),
                    regle: "titre qui répète un nom",
                    extrait: t.clone(),
                });
                return;
            }
        }
    }
}

/// The HTML between the opening of `<main` and `</main>`.
fn main_de(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").unwrap_or(html.len());
    &html[start..end]
}

/// « L'essentiel » of a notice: from its heading to the next `<h2`.
fn essentiel(html: &str, page: &str, out: &mut Vec<Probleme>) {
    let Some(start) = html.find("id=essentiel").or_else(|| html.find("id=\"essentiel\"")) else {
        out.push(Probleme {
            page: page.into(),
            regle: "notice sans « L'essentiel »",
            extrait: String::new(),
        });
        return;
    };
    let section = &html[start..];
    let end = section[1..].find("<h2").map_or(section.len(), |e| e + 1);
    let section = format!("<h2 {}", &section[..end]);
    let n: usize = blocs(&section).iter().map(|b| mots(b).count()).sum();
    if n > 150 {
        out.push(Probleme {
            page: page.into(),
            regle: "« L'essentiel » de plus de 150 mots",
            extrait: format!("{n} mots"),
        });
    }
    let texte = blocs(&section).join(" ");
    if !texte.contains("responsable") {
        out.push(Probleme {
            page: page.into(),
            regle: "« L'essentiel » ne dit pas qui est responsable",
            extrait: texte.chars().take(120).collect(),
        });
    }
    // The right to object (art. 21) holds for a public-interest or legitimate-interest
    // treatment only: the first layer offers it when the detail does.
    let droits = html
        .find("id=vos-droits")
        .or_else(|| html.find("id=\"vos-droits\""))
        .map(|start| {
            let rest = &html[start..];
            let end = rest[1..].find("<h2").map_or(rest.len(), |e| e + 1);
            blocs(&format!("<h2 {}", &rest[..end])).join(" ")
        })
        .unwrap_or_default();
    if texte.contains("oppos") && !droits.contains("vous opposer") {
        out.push(Probleme {
            page: page.into(),
            regle: "« L'essentiel » promet un droit d'opposition absent du détail",
            extrait: texte.chars().take(120).collect(),
        });
    }
}

/// The blocks of the paragraphs (`<p>`) of an HTML fragment.
fn paragraphes(html: &str) -> Vec<String> {
    html.split("<p")
        .skip(1)
        .filter(|p| p.starts_with('>') || p.starts_with(' '))
        .flat_map(|p| blocs(&format!("<p{}", p.split("</p>").next().unwrap_or(""))))
        .collect()
}

/// The pupils' page: sentences of 15 words or fewer on average, 400 words at most.
fn eleves(html: &str, page: &str, out: &mut Vec<Probleme>) {
    let blocs = blocs(main_de(html));
    let phrases: Vec<String> = blocs.iter().flat_map(|b| phrases(b)).collect();
    let n: usize = phrases.iter().map(|p| mots(p).count()).sum();
    if n > 400 {
        out.push(Probleme {
            page: page.into(),
            regle: "page des élèves de plus de 400 mots",
            extrait: format!("{n} mots"),
        });
    }
    for p in paragraphes(main_de(html)).iter().flat_map(|b| crate::phrases(b)) {
        let m = mots(&p).count();
        if m > 20 {
            out.push(Probleme {
                page: page.into(),
                regle: "phrase de plus de 20 mots dans un paragraphe de la page des élèves",
                extrait: format!("{m} mots : {}", p.trim()),
            });
        }
    }
    let moyenne = n as f64 / phrases.len().max(1) as f64;
    if moyenne > 15.0 {
        let longue = phrases
            .iter()
            .max_by_key(|p| mots(p).count())
            .cloned()
            .unwrap_or_default();
        out.push(Probleme {
            page: page.into(),
            regle: "phrases de plus de 15 mots en moyenne sur la page des élèves",
            extrait: format!("{moyenne:.1} mots ; la plus longue : {longue}"),
        });
    }
}

/// The values the roster writes (`clé: valeur`, `- valeur`), comments aside.
fn valeurs(roster: &Path) -> Vec<String> {
    let mut files = vec![roster.to_path_buf()];
    if let Some(dir) = roster.parent() {
        // Included files (`inclure:`), as the examples use them.
        for sub in ["etablissements"] {
            if let Ok(entries) = std::fs::read_dir(dir.join(sub)) {
                files.extend(entries.flatten().map(|e| e.path()));
            }
        }
    }
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for line in text.lines() {
            let line = line.split(" #").next().unwrap_or("").trim();
            let value = line.trim_start_matches("- ");
            let value = value.split_once(": ").map_or(value, |(_, v)| v);
            out.push(value.trim().trim_matches('"').to_string());
        }
    }
    out
}

/// Every problem of a built site (`out`), whose roster is `roster`.
fn verifier(out: &Path, roster: &Path) -> Vec<Probleme> {
    let valeurs = valeurs(roster);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    let mut problemes: Vec<Probleme> = files
        .par_iter()
        .flat_map_iter(|path| {
            let rel = path.strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/");
            let html = std::fs::read_to_string(path).unwrap();
            let mut p = Vec::new();
            for b in blocs(&html) {
                typographie(&b, &rel, &mut p);
                chiffre_un(&b, &rel, &valeurs, &mut p);
                mots_doubles(&b, &rel, &mut p);
            }
            titre(&html, &rel, &mut p);
            let parts: Vec<&str> = rel.split('/').collect();
            match parts.as_slice() {
                [_, "mentions", "index.html"] => essentiel(&html, &rel, &mut p),
                [_, "eleves", "index.html"] => eleves(&html, &rel, &mut p),
                _ => {}
            }
            p
        })
        .collect();
    // The pages every establishment has.
    for entry in std::fs::read_dir(out).unwrap().flatten() {
        let dir = entry.path();
        if !dir.join("footer.json").is_file() {
            continue;
        }
        let uai = entry.file_name().to_string_lossy().into_owned();
        for page in ["mentions-legales/index.html", "eleves/index.html"] {
            if !dir.join(page).is_file() {
                problemes.push(Probleme {
                    page: format!("{uai}/{page}"),
                    regle: "page absente",
                    extrait: uai.clone(),
                });
            }
        }
        let footer = std::fs::read_to_string(dir.join("footer.json")).unwrap();
        if footer.contains("/accessibilite/\"") && !out.join("accessibilite/index.html").is_file() {
            problemes.push(Probleme {
                page: "accessibilite/index.html".into(),
                regle: "déclaration d'accessibilité liée mais absente",
                extrait: uai.clone(),
            });
        }
    }
    problemes.sort_by(|a, b| (&a.page, a.regle).cmp(&(&b.page, b.regle)));
    problemes
}

fn examples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rosters: Vec<PathBuf> = std::fs::read_dir(root.join("tests/rosters"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    rosters.sort();
    rosters.push(root.join("parties.yaml"));
    rosters
}

fn assert_none(problemes: &[Probleme], what: &str) {
    assert!(
        problemes.is_empty(),
        "{what}: {} problème(s)\n{}",
        problemes.len(),
        problemes
            .iter()
            .take(40)
            .map(|p| format!("  {p}\n"))
            .collect::<String>()
    );
}

#[test]
fn every_page_of_every_example_roster_reads_as_french() {
    let rosters = examples();
    assert!(rosters.len() >= 7, "{rosters:?}");
    let results: Vec<(PathBuf, usize, Vec<Probleme>)> = rosters
        .par_iter()
        .map(|roster| {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            let (code, stderr) = common::build_roster(roster, &out);
            assert_eq!(code, 0, "{}: {stderr}", roster.display());
            let pages = walkdir::WalkDir::new(&out)
                .into_iter()
                .flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
                .count();
            (roster.clone(), pages, verifier(&out, roster))
        })
        .collect();
    let mut all = Vec::new();
    for (roster, pages, problemes) in results {
        assert!(pages > 5, "{}: {pages} pages", roster.display());
        let name = roster.file_name().unwrap().to_string_lossy().into_owned();
        all.extend(problemes.into_iter().map(|mut p| {
            p.page = format!("{name}: {}", p.page);
            p
        }));
    }
    assert_none(&all, "example rosters");
}

#[test]
fn the_checker_reads_typography_in_text_only() {
    let html = "<html><head><title>Mentions – Collège A – ENT</title></head><body><main>\
        <p title=\"a : b\">Qui contacter ? Écrivez à « DPD » : <a href=\"https://x.fr/?a=b\">https://x.fr/?a=b</a> ; merci !</p>\
        <p>Qui contacter\u{202f}? Écrivez à «\u{a0}DPD\u{a0}»\u{a0}: dpd@x.fr</p><code>a : b</code></main></body></html>";
    let mut p = Vec::new();
    for b in blocs(html) {
        typographie(&b, "x.html", &mut p);
    }
    let regles: Vec<&str> = p.iter().map(|p| p.regle).collect();
    assert_eq!(
        regles,
        [
            "espace ordinaire avant une ponctuation double",
            "espace ordinaire après «",
            "espace ordinaire avant »",
            "espace ordinaire avant une ponctuation double",
            "espace ordinaire avant une ponctuation double",
            "espace ordinaire avant une ponctuation double",
        ],
        "{p:#?}"
    );
    let mut t = Vec::new();
    titre(
        "<title>Protection des données dans l'ENT « Mon ENT » – Mon ENT</title>",
        "index.html",
        &mut t,
    );
    titre("<title>Mentions légales – Collège A – Mon ENT</title>", "x", &mut t);
    assert_eq!(t.len(), 1, "{t:?}");
    let mut d = Vec::new();
    mots_doubles("Écrivez à à la CNIL, de de suite ; vous vous adressez", "x", &mut d);
    assert_eq!(d.len(), 2, "{d:?}");
    let mut u = Vec::new();
    chiffre_un(
        "dans un délai de 1 mois, de 1 jour.",
        "x",
        &["1 jour".to_string()],
        &mut u,
    );
    assert_eq!(u.len(), 1, "the roster's « 1 jour » is its own wording: {u:?}");
}

/// « L'essentiel » must say who is responsible, and offer the right to object only when the
/// detail does (an Ille-et-Vilaine notice, no legal basis stated, once did both wrong).
#[test]
fn the_checker_reads_the_first_layer_against_the_detail() {
    let page = |essentiel: &str, droits: &str| {
        format!(
            "<main><h1>Vos données</h1><h2 id=essentiel>L'essentiel</h2><p>{essentiel}</p>\
             <h2 id=vos-droits>Quels sont vos droits\u{202f}?</h2><ul><li>{droits}</li></ul></main>"
        )
    };
    let regles = |html: &str| {
        let mut p = Vec::new();
        essentiel(html, "x", &mut p);
        p.iter().map(|p| p.regle).collect::<Vec<_>>()
    };
    assert_eq!(
        regles(&page(
            "Vos droits\u{a0}: y accéder, ou vous opposer à leur traitement.",
            "y accéder"
        )),
        [
            "« L'essentiel » ne dit pas qui est responsable",
            "« L'essentiel » promet un droit d'opposition absent du détail",
        ]
    );
    assert!(
        regles(&page(
            "Son responsable est le Département. Vos droits\u{a0}: vous opposer à leur traitement.",
            "vous opposer au traitement (article 21)"
        ))
        .is_empty()
    );
    let mut p = Vec::new();
    eleves(
        "<main><p>Les informations que l'ENT garde sur toi sont gardées par les responsables du traitement pendant toute la durée de ta scolarité au collège.</p><ul><li>une longue liste de mots écrits par le fichier des parties, qui ne compte pas comme une phrase de la page</li></ul></main>",
        "x",
        &mut p,
    );
    assert_eq!(
        p.iter()
            .filter(|p| p.regle.starts_with("phrase de plus de 20 mots"))
            .count(),
        1,
        "{p:#?}"
    );
}

/// A project overrides the pupils' page with a bad sentence: the checker reports it.
#[test]
fn the_checker_fails_on_a_canvas_override_with_a_bad_sentence() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("parties.yaml");
    std::fs::copy(root.join("tests/rosters/minimal.yaml"), &roster).unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/eleves.md"),
        "# Tes données dans l'ENT\n\n\
         Les informations personnelles que l'espace numérique de travail « {{ ent.nom }} » conserve sur toi \
         sont gardées par les responsables du traitement pendant la durée de de ta scolarité et \
         effacées dans un délai de 1 mois après ton départ de {{ etab.nom }}.\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    let (code, stderr) = common::build_roster(&roster, &out);
    assert_eq!(code, 0, "{stderr}");
    let problemes = verifier(&out, &roster);
    let eleves: Vec<&Probleme> = problemes
        .iter()
        .filter(|p| p.page.ends_with("eleves/index.html"))
        .collect();
    for regle in [
        "mot doublé",
        "chiffre écrit par le canevas (« d'un … »)",
        "phrases de plus de 15 mots en moyenne sur la page des élèves",
        "phrase de plus de 20 mots dans un paragraphe de la page des élèves",
    ] {
        assert!(
            eleves.iter().any(|p| p.regle == regle),
            "« {regle} » not reported: {eleves:#?}"
        );
    }
    // The override changes nothing else: the other pages pass.
    let autres: Vec<&Probleme> = problemes
        .iter()
        .filter(|p| !p.page.ends_with("eleves/index.html"))
        .collect();
    assert!(autres.is_empty(), "{autres:#?}");
}

// The legal pages a French public site owes (issue 12): the RGAA accessibility statement and
// the cookies section of every notice.

/// `tests/rosters/minimal.yaml` with `lines` added under `ent:`, built.
fn minimal_with(lines: &str) -> (tempfile::TempDir, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let yaml = std::fs::read_to_string(root.join("tests/rosters/minimal.yaml")).unwrap();
    let anchor = "  base_url: https://rgpd.exemple.fr\n";
    assert!(yaml.contains(anchor));
    let yaml = yaml.replacen(anchor, &format!("{anchor}{lines}"), 1);
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("parties.yaml");
    std::fs::write(&roster, yaml).unwrap();
    let out = dir.path().join("public");
    let (code, stderr) = common::build_roster(&roster, &out);
    assert_eq!(code, 0, "{stderr}");
    (dir, out)
}

fn lire(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A link to `url`, its value quoted or not (minified).
fn lien(html: &str, url: &str) -> bool {
    html.contains(&format!("href={url}>"))
        || html.contains(&format!("href={url} "))
        || html.contains(&format!("href=\"{url}\""))
}

fn texte(out: &Path, rel: &str) -> String {
    common::visible(&lire(out, rel))
}

#[test]
fn the_accessibility_statement_is_generated_without_a_declaration() {
    let (_d, out) = minimal_with(
        "  accessibilite:\n    statut: partiellement conforme\n    date: 2025-03-01\n    contact: https://ent.exemple.fr/contact\n    non_conformites: [\"les vidéos n'ont pas de sous-titres\", \"le calendrier ne se lit pas au clavier\"]\n",
    );
    let page = texte(&out, "accessibilite/index.html");
    for s in [
        "Déclaration d'accessibilité",
        "État de conformité « ENT minimal » est partiellement conforme avec le référentiel général d'amélioration de l'accessibilité (RGAA).",
        "les vidéos n'ont pas de sous-titres ;",
        "le calendrier ne se lit pas au clavier.",
        "Cette déclaration a été établie le 1er mars 2025.",
        "Défenseur des droits, Libre réponse 71120, 75342 Paris Cedex 07",
    ] {
        assert!(page.contains(s), "« {s} »\n{page}");
    }
    let html = lire(&out, "accessibilite/index.html");
    assert!(lien(&html, "https://ent.exemple.fr/contact"), "{html}");
    assert!(lien(&html, "https://formulaire.defenseurdesdroits.fr/"), "{html}");
    // The footers, the legal notice and the sitemap lead to it.
    let footer = lire(&out, "0570055a/footer.json");
    assert!(
        footer.contains("\"url\": \"https://rgpd.exemple.fr/accessibilite/\""),
        "{footer}"
    );
    assert!(lien(
        &lire(&out, "0570055a/footer.html"),
        "https://rgpd.exemple.fr/accessibilite/"
    ));
    let legales = lire(&out, "0570055a/mentions-legales/index.html");
    assert!(lien(&legales, "../../accessibilite/index.html"), "{legales}");
    assert!(texte(&out, "0570055a/mentions-legales/index.html").contains("Accessibilité : partiellement conforme"));
    assert!(lire(&out, "sitemap.xml").contains("<loc>https://rgpd.exemple.fr/accessibilite/</loc>"));
}

#[test]
fn a_declaration_address_replaces_the_generated_statement() {
    let (_d, out) = minimal_with(
        "  accessibilite: { statut: totalement conforme, declaration: https://ent.exemple.fr/accessibilite }\n",
    );
    assert!(!out.join("accessibilite").exists(), "no generated statement");
    assert!(!lire(&out, "sitemap.xml").contains("/accessibilite/"));
    assert!(lire(&out, "0570055a/footer.json").contains("\"url\": \"https://ent.exemple.fr/accessibilite\""));
    assert!(lien(
        &lire(&out, "0570055a/mentions-legales/index.html"),
        "https://ent.exemple.fr/accessibilite"
    ));
}

#[test]
fn every_notice_has_a_cookies_section() {
    // No `ent.cookies`: the roster says nothing of cookies, and neither does the notice (no
    // section at all).
    let (_d, out) = minimal_with("");
    for rel in ["0570055a/mentions/index.html", "mentions/index.html"] {
        let page = texte(&out, rel);
        assert!(!page.contains("Cookies et traceurs"), "{rel}: {page}");
        assert!(!page.contains("strictement nécessaires"), "{rel}: {page}");
        assert!(!page.contains("mesure d'audience"), "{rel}: {page}");
        assert!(!page.contains("25 mois"), "{rel}");
    }
    // Exempt audience measurement: tool, 13-month cookies, 25 months of data, the page.
    let (_d, out) = minimal_with(
        "  cookies: { mesure_audience: true, outil: Matomo, duree_mois: 13, page: https://ent.exemple.fr/cookies }\n",
    );
    let page = texte(&out, "0570055a/mentions/index.html");
    for s in [
        "cookies de mesure d'audience, déposés par l'outil Matomo, dispensés de consentement",
        "Leur durée de vie est limitée à 13 mois",
        "conservées au plus 25 mois",
        "page consacrée aux cookies",
    ] {
        assert!(page.contains(s), "« {s} »\n{page}");
    }
    assert!(lien(
        &lire(&out, "0570055a/mentions/index.html"),
        "https://ent.exemple.fr/cookies"
    ));
    // Beyond 13 months the measurement needs consent: how to refuse it.
    let (_d, out) = minimal_with(
        "  cookies: { mesure_audience: true, outil: Matomo, duree_mois: 24, page: https://ent.exemple.fr/cookies }\n",
    );
    let page = texte(&out, "mentions/index.html");
    assert!(
        page.contains("Leur durée de vie, 24 mois, dépasse les 13 mois"),
        "{page}"
    );
    assert!(
        page.contains("Vous pouvez le refuser, ou le retirer à tout moment, depuis la page consacrée aux cookies"),
        "{page}"
    );
    assert!(
        !page.contains("dispensés de consentement dans les conditions"),
        "{page}"
    );
    // No audience measurement stated: none is used.
    let (_d, out) = minimal_with("  cookies: { mesure_audience: false }\n");
    let page = texte(&out, "0570055a/mentions/index.html");
    assert!(page.contains("Aucun cookie de mesure d'audience"), "{page}");
}
