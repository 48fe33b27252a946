//! Helpers shared by the integration tests.
#![allow(dead_code)]

/// The text of a page as a reader sees it: tags removed, entities decoded, spaces collapsed.
pub fn visible(html: &str) -> String {
    let mut plain = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let mut decoded = String::new();
    let mut rest = plain.as_str();
    while let Some(i) = rest.find('&') {
        decoded.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 8);
        let entity = end.map(|e| &after[..e]);
        let ch = match entity {
            Some("amp") => Some('&'),
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("quot") => Some('"'),
            Some("apos") => Some('\''),
            Some("nbsp") => Some(' '),
            Some(n) if n.starts_with("#x") => u32::from_str_radix(&n[2..], 16).ok().and_then(char::from_u32),
            Some(n) if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (ch, end) {
            (Some(c), Some(e)) => {
                decoded.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                decoded.push('&');
                rest = after;
            }
        }
    }
    decoded.push_str(rest);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The inside of every tag (`<` ... `>`), lower case.
pub fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').unwrap_or(after.len());
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

/// Attributes (name, value) of a tag's inside, honouring quotes.
pub fn attributes(tag: &str) -> Vec<(String, String)> {
    let b: Vec<char> = tag.chars().collect();
    let mut i = b.iter().position(|c| c.is_whitespace()).unwrap_or(b.len());
    let mut out = Vec::new();
    while i < b.len() {
        while i < b.len() && (b[i].is_whitespace() || b[i] == '/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_whitespace() && b[i] != '=' {
            i += 1;
        }
        let name: String = b[start..i].iter().collect();
        let mut value = String::new();
        if i < b.len() && b[i] == '=' {
            i += 1;
            if i < b.len() && (b[i] == '"' || b[i] == '\'') {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    value.push(b[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < b.len() && !b[i].is_whitespace() {
                    value.push(b[i]);
                    i += 1;
                }
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

/// An `on...` event-handler attribute, or a `javascript:` link.
pub fn has_event_handler(tag: &str) -> bool {
    attributes(tag)
        .iter()
        .any(|(n, v)| n.starts_with("on") || v.trim_start().starts_with("javascript:"))
}

/// Every file under `dir`, relative path → content.
pub fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_str().unwrap().to_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// `ent-rgpd build --quiet --roster ROSTER --output OUT`: exit code and stderr.
pub fn build_roster(roster: &std::path::Path, out: &std::path::Path) -> (i32, String) {
    let done = assert_cmd::Command::cargo_bin("ent-rgpd")
        .unwrap()
        .args(["build", "--quiet", "--roster"])
        .arg(roster)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap();
    (
        done.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&done.stderr).into_owned(),
    )
}

/// `ent-rgpd build` of an example roster (`roster`: a path relative to the repository) into
/// a fresh directory, which lives as long as the returned guard; panics when the build fails.
pub fn build_example(roster: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(roster);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let (code, stderr) = build_roster(&path, &out);
    assert_eq!(code, 0, "build of {roster} failed: {stderr}");
    (dir, out)
}

/// A file of a built site, as text; panics naming it when it is missing.
pub fn read(out: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// An example roster with `from` replaced by `to` (once), built into a fresh directory.
pub fn build_variant(roster: &str, from: &str, to: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(root.join(roster)).unwrap();
    assert!(src.contains(from), "the fixture {roster} changed: « {from} » is gone");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parties.yaml");
    std::fs::write(&path, src.replacen(from, to, 1)).unwrap();
    let out = dir.path().join("public");
    let (code, stderr) = build_roster(&path, &out);
    assert_eq!(code, 0, "build of a variant of {roster} failed: {stderr}");
    (dir, out)
}

/// UAI number `i` of a made-up collège in Moselle (057…, with its check letter).
pub fn uai(i: usize) -> String {
    let digits = format!("057{:04}", i);
    let letter = ent_rgpd::validate::uai::check_letter(&digits).unwrap();
    format!("{digits}{letter}")
}

/// The `etablissements:` entry of collège number `i` (UAI [`uai`]`(i)`), in Metz.
pub fn college(i: usize) -> String {
    format!(
        "  - uai: {}\n    nom: Collège numéro {i}\n    type: college\n    \
         commune: Metz\n    code_commune: \"57463\"\n    departement: \"57\"\n",
        uai(i)
    )
}

/// tests/rosters/minimal.yaml with `n` collèges in Moselle instead of its establishments, the
/// ENT named `ent`.
pub fn colleges_roster(n: usize, ent: &str) -> String {
    const MINIMAL: &str = include_str!("../rosters/minimal.yaml");
    let head = MINIMAL.split("\netablissements:\n").next().unwrap();
    let mut yaml = head.replace("nom: ENT minimal", &format!("nom: {ent}"));
    yaml.push_str("\netablissements:\n");
    for i in 0..n {
        yaml.push_str(&college(i));
    }
    yaml
}

/// Paths listed in the `manifest.json` of the site `out` → their blake3 hash.
pub fn manifest(out: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    let bytes = std::fs::read(out.join("manifest.json")).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).expect("manifest.json illisible");
    json["files"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v["blake3"].as_str().unwrap().to_owned()))
        .collect()
}
