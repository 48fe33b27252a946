//! docs/reference.md, the DPOs' reference of every key of parties.yaml, cannot drift from the
//! loader: every key of the roster types (src/roster/model.rs) is documented in its block's
//! section, every key the document heads a section with exists, and the document's YAML
//! examples, put together, make a roster that `ent-rgpd check` accepts.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

const DOC: &str = include_str!("../docs/reference.md");
const MODEL: &str = include_str!("../src/roster/model.rs");

/// The section of the document (its `## ` heading) where each struct's keys are described.
fn section_of(strukt: &str) -> Option<&'static str> {
    Some(match strukt {
        "RosterFile" => "",
        "Ent" | "Convention" | "Hebergeur" | "Accessibilite" | "Cookies" | "Delais" => "ent",
        "Partie" | "Dpd" | "Grammaire" => "parties",
        "Etablissement" | "Responsable" => "etablissements",
        "Traitement" => "traitements",
        "Droit" => "droits",
        "Violation" => "violations",
        "Obligation" => "obligations",
        _ => return None,
    })
}

/// (struct, YAML key) for every field of the named-field structs of model.rs, `rename`s applied.
fn model_keys() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut rename: Option<String> = None;
    for line in MODEL.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("pub struct ") {
            current = rest.strip_suffix('{').map(|name| name.trim().to_string());
            rename = None;
            continue;
        }
        if t == "}" {
            current = None;
            continue;
        }
        let Some(strukt) = &current else { continue };
        if let Some(i) = t.find("rename = \"") {
            let r = &t[i + 10..];
            rename = r.split('"').next().map(String::from);
            continue;
        }
        if let Some(rest) = t.strip_prefix("pub ")
            && let Some((field, _)) = rest.split_once(':')
            && !field.contains(['(', ' '])
        {
            let key = rename.take().unwrap_or_else(|| field.to_string());
            out.push((strukt.clone(), key));
        }
    }
    out
}

/// The document split at its `## ` headings: heading text (without backquotes) → body.
fn sections() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut name = String::new();
    let mut body = String::new();
    for line in DOC.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            out.insert(std::mem::take(&mut name), std::mem::take(&mut body));
            name = h.trim().trim_matches('`').to_string();
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    out.insert(name, body);
    out
}

#[test]
fn every_key_of_the_model_is_documented_in_its_section() {
    let keys = model_keys();
    assert!(
        keys.len() > 80,
        "model.rs was not read as expected: {} keys",
        keys.len()
    );
    let sections = sections();
    let mut missing = Vec::new();
    for (strukt, key) in &keys {
        let Some(section) = section_of(strukt) else {
            panic!("struct {strukt} of model.rs has no section in docs/reference.md: add it to section_of()");
        };
        // `key` in a table of sub-keys, or the end of a path: `ent.base_url`, `parties[].id`.
        let quoted = [format!("`{key}`"), format!(".{key}`")];
        let documented = if section.is_empty() {
            // A top-level block: it has its own `## ` section.
            sections.contains_key(key.as_str())
        } else {
            sections
                .get(section)
                .is_some_and(|body| quoted.iter().any(|q| body.contains(q.as_str())))
        };
        if !documented {
            missing.push(format!("{strukt}.{key} (section « {section} »)"));
        }
    }
    assert!(missing.is_empty(), "keys missing from docs/reference.md: {missing:?}");
}

#[test]
fn every_key_the_document_heads_exists_in_the_model() {
    let known: BTreeSet<String> = model_keys().into_iter().map(|(_, k)| k).collect();
    let mut unknown = Vec::new();
    for line in DOC.lines() {
        let Some(h) = line.strip_prefix("### `") else { continue };
        // « ### `traitements[].cree_le` et `traitements[].mis_a_jour_le` »
        for path in h.split('`').step_by(2) {
            let last = path.rsplit(['.', ']']).next().unwrap_or(path).trim();
            if !last.is_empty() && !known.contains(last) {
                unknown.push(path.to_string());
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "docs/reference.md documents keys that do not exist: {unknown:?}"
    );
}

/// The ```yaml blocks of the document, in order.
fn yaml_blocks() -> Vec<String> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in DOC.lines() {
        match &mut block {
            None if line.trim() == "```yaml" => block = Some(String::new()),
            Some(b) if line.trim() == "```" => {
                out.push(std::mem::take(b));
                block = None;
            }
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None => {}
        }
    }
    assert!(block.is_none(), "unclosed ```yaml block in docs/reference.md");
    out
}

/// The identity of a list item of a block: its `id` or `uai`.
fn identity(v: &Value) -> Option<&Value> {
    v.get("id").or_else(|| v.get("uai"))
}

/// Merge `src` into `dst`: maps key by key; the lists of the top-level blocks item by item
/// (an item with the `id` or `uai` of an earlier one completes it, others are appended);
/// anything else is replaced.
fn merge(dst: &mut Value, src: Value, top: bool) {
    match (dst, src) {
        (Value::Object(d), Value::Object(s)) => {
            for (k, v) in s {
                match d.get_mut(&k) {
                    Some(existing) => merge(existing, v, false),
                    None => {
                        d.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(d), Value::Array(s)) if top => {
            for item in s {
                let same = identity(&item).and_then(|id| d.iter_mut().find(|x| identity(x) == Some(id)));
                match same {
                    Some(existing) => merge(existing, item, false),
                    None => d.push(item),
                }
            }
        }
        (d, s) => *d = s,
    }
}

#[test]
fn the_yaml_examples_together_pass_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut roster = Value::Object(Map::new());
    let blocks = yaml_blocks();
    assert!(blocks.len() > 30, "only {} ```yaml blocks found", blocks.len());
    let mut included = 0;
    for block in blocks {
        let value: Value = serde_saphyr::from_str(&block)
            .unwrap_or_else(|e| panic!("invalid YAML example in docs/reference.md:\n{block}\n{e}"));
        // « # fichier inclus : PATH »: the example is an included file, written as such.
        if let Some(path) = block.lines().next().and_then(|l| l.strip_prefix("# fichier inclus : ")) {
            let path = dir.path().join(path.trim());
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &block).unwrap();
            included += 1;
            continue;
        }
        let Value::Object(blocks) = value else {
            panic!("a YAML example is not a map of blocks:\n{block}");
        };
        for (k, v) in blocks {
            let Value::Object(root) = &mut roster else {
                unreachable!()
            };
            match root.get_mut(&k) {
                Some(existing) => merge(existing, v, true),
                None => {
                    root.insert(k, v);
                }
            }
        }
    }
    assert!(included > 0, "the example of an included file was not found");
    // JSON is YAML: the merged roster is written as is.
    let main = dir.path().join("parties.yaml");
    std::fs::write(&main, serde_json::to_string_pretty(&roster).unwrap()).unwrap();
    let out = check(&main);
    assert!(
        out.status.success(),
        "the examples of docs/reference.md, put together, do not pass check:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Every block of the document is in the roster (the included file adds an establishment).
    for block in [
        "ent",
        "parties",
        "etablissements",
        "traitements",
        "droits",
        "violations",
        "obligations",
        "inclure",
    ] {
        assert!(roster.get(block).is_some(), "no example of « {block} »");
    }
}

fn check(roster: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ent-rgpd"))
        .args(["check", "--roster"])
        .arg(roster)
        .output()
        .unwrap()
}
