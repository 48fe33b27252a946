//! Reading on a phone (issue 12: no horizontal scrolling at 375 px). A table wider than the
//! screen is what made the pages scroll sideways; under 40em the default theme shows each row
//! as a block, its cells stacked, and names each cell by its column — names the stylesheet
//! holds for the tables of the default canvases, told apart by their number of columns
//! (`themes/default/style.css`). This test keeps the two in step: every table of every page
//! of every example roster is one the stylesheet knows, and each name it shows is the
//! header of that column. (The width itself is measured in a browser:
//! `tests/quality/run.sh` runs axe-core; the 375 px measure is in the closing note.)

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The stylesheet's narrow-screen block: the text of `@media (max-width: 40em) { … }`.
fn narrow_block(css: &str) -> &str {
    let start = css
        .find("@media (max-width: 40em)")
        .expect("style.css: no narrow-screen block « @media (max-width: 40em) »");
    let body = &css[start..];
    let open = body.find('{').unwrap();
    let mut depth = 0;
    for (i, c) in body[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &body[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    panic!("style.css: unbalanced narrow-screen block")
}

/// The column names the stylesheet shows: (number of columns, column) → name, from rules
/// `table:has(th:nth-child(N):last-child) td:nth-child(K)::before { content: "Name\a0: " … }`.
fn labels(narrow: &str) -> BTreeMap<(usize, usize), String> {
    let mut out = BTreeMap::new();
    for rule in narrow.split('}') {
        let Some((selectors, body)) = rule.split_once('{') else {
            continue;
        };
        let Some(content) = body.split("content:").nth(1) else {
            continue;
        };
        let name = content.split('"').nth(1).expect("a quoted content");
        let name = name.replace("\\a0", "\u{a0}");
        let name = name.trim_end_matches([' ', ':', '\u{a0}']).to_string();
        for sel in selectors.split(',') {
            let number = |after: &str, s: &str| -> Option<usize> {
                let i = s.find(after)? + after.len();
                s[i..].split(')').next()?.parse().ok()
            };
            if let (Some(n), Some(k)) = (number("th:nth-child(", sel), number("td:nth-child(", sel)) {
                assert!(sel.contains(":last-child)"), "style.css: « {sel} » counts no columns");
                out.insert((n, k), name.clone());
            }
        }
    }
    out
}

/// The header cells of each table of a page's `<main>`: their visible text.
fn tables(html: &str) -> Vec<Vec<String>> {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").unwrap_or(html.len());
    html[start..end]
        .split("<table")
        .skip(1)
        .map(|t| {
            let t = t.split("</table>").next().unwrap_or("");
            let head = t.split("</thead>").next().unwrap_or("");
            assert!(t.contains("<thead"), "a table without a header row: {t}");
            head.split("<th")
                .skip(1)
                .filter(|h| h.starts_with('>') || h.starts_with(' '))
                .map(|h| {
                    let h = h.split("</th>").next().unwrap_or("");
                    common::visible(&format!("<th{h}")).replace('\u{a0}', " ")
                })
                .collect()
        })
        .collect()
}

fn rosters() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<PathBuf> = std::fs::read_dir(root.join("tests/rosters"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_table_reflows_with_its_column_names_on_a_phone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let css = std::fs::read_to_string(root.join("themes/default/style.css")).unwrap();
    let narrow = narrow_block(&css);
    for element in ["main table", "main tr", "main td"] {
        assert!(
            narrow.contains(element) && narrow.contains("display: block"),
            "style.css: under 40em « {element} » is not shown as a block"
        );
    }
    assert!(
        narrow.contains("main thead"),
        "style.css: the header row stays on screen under 40em"
    );
    let labels = labels(narrow);
    assert!(labels.len() >= 8, "{labels:?}");
    let mut seen: BTreeMap<usize, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for roster in rosters() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let (code, stderr) = common::build_roster(&roster, &out);
        assert_eq!(code, 0, "{}: {stderr}", roster.display());
        let name = roster.file_name().unwrap().to_string_lossy().into_owned();
        for entry in walkdir::WalkDir::new(&out).into_iter().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|x| x != "html") {
                continue;
            }
            let rel = path.strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/");
            let html = std::fs::read_to_string(path).unwrap();
            for heads in tables(&html) {
                let n = heads.len();
                *seen.entry(n).or_default() += 1;
                // Two columns: the first cell names the row (a register sheet).
                let known = n == 2 || labels.keys().any(|&(m, _)| m == n);
                if !known {
                    problems.push(format!(
                        "{name}: {rel}: a table of {n} columns unknown to style.css: {heads:?}"
                    ));
                    continue;
                }
                for (k, head) in heads.iter().enumerate() {
                    let k = k + 1;
                    match labels.get(&(n, k)) {
                        Some(label) if label.replace('\u{a0}', " ") != *head => problems.push(format!(
                            "{name}: {rel}: column {k} of {n} is « {head} », style.css names it « {label} »"
                        )),
                        None if k > 1 && n > 2 => problems.push(format!(
                            "{name}: {rel}: column {k} of {n} (« {head} ») has no name on a phone"
                        )),
                        _ => {}
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problème(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    // The examples show every kind of table the stylesheet names.
    for n in [2, 3, 4, 5] {
        assert!(
            seen.get(&n).copied().unwrap_or(0) > 0,
            "no table of {n} columns: {seen:?}"
        );
    }
}

#[test]
fn the_stylesheet_names_are_read_as_written() {
    let css = "@media (max-width: 40em) {\n  main table, main tr, main td { display: block; }\n  \
        main table:has(th:nth-child(3):last-child) td:nth-child(2)::before,\n  \
        main table:has(th:nth-child(5):last-child) td:nth-child(2)::before { content: \"Responsabilité\\a0: \"; content: \"Responsabilité\\a0: \" / \"\"; }\n}\n\
        p { color: red; }";
    let l = labels(narrow_block(css));
    assert_eq!(l.len(), 2, "{l:?}");
    assert_eq!(l[&(3, 2)], "Responsabilité");
    assert_eq!(l[&(5, 2)], "Responsabilité");
    let t = tables(
        "<main><table><thead><tr><th>Traitement</th><th>Responsabilité</th></tr></thead><tbody><tr><td>a</td><td>b</td></tr></tbody></table></main>",
    );
    assert_eq!(t, vec![vec!["Traitement".to_string(), "Responsabilité".to_string()]]);
}
