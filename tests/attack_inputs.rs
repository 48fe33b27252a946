//! Attack suite of issue 13 for the roster's inputs, the footer and `serve`: each test
//! reproduces one attack that the code let through before the fix.
//!
//! - a `courriel` that is a mailto query (adds recipients);
//! - bidirectional-override, zero-width and control characters in names, URLs, any text;
//! - URLs with userinfo, a `base_url` with a query or a fragment;
//! - a 10 MB name published whole;
//! - `transferts_hors_ue: true` published without destination nor guarantee;
//! - footer overrides with `ping=`, `poster=`, `formaction=`, `target=`…, `footer.json`
//!   carrying `</script>` verbatim;
//! - include expansion quadratic in the number of files;
//! - `serve` reading outside the site, reading FIFOs and devices, answering any Host,
//!   redirecting to protocol-relative URLs, one thread per connection without bound.
//!
//! Unix only: FIFOs, symbolic links, `wait4` and `/proc` are part of the attacks.
#![cfg(unix)]

use assert_cmd::Command;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const STARTER: &str = include_str!("../src/cmd/init_parties.yaml");

// ---------------------------------------------------------------------------------------
// Helpers

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// The starter with `from` replaced by `to` (which must exist exactly once).
fn starter_with(from: &str, to: &str) -> String {
    assert_eq!(STARTER.matches(from).count(), 1, "{from}");
    STARTER.replace(from, to)
}

/// `ent-rgpd check --format json` on `roster` (written into `dir`): exit code and diagnostics.
fn check_in(dir: &Path, roster: &str) -> (i32, Vec<Value>) {
    let path = dir.join("parties.yaml");
    std::fs::write(&path, roster).unwrap();
    let out = Command::cargo_bin("ent-rgpd")
        .unwrap()
        .args(["check", "--format", "json", "--roster"])
        .arg(&path)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let diags = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (out.status.code().unwrap_or(-1), diags)
}

fn check(roster: &str) -> (i32, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    check_in(dir.path(), roster)
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not found")) as u64
        + 1
}

fn errors(diags: &[Value]) -> Vec<&Value> {
    diags.iter().filter(|d| d["gravite"] == "erreur").collect()
}

fn brief(diags: &[Value]) -> String {
    diags
        .iter()
        .map(|d| format!("{}:{} {}", d["ligne"], d["colonne"], d["message"]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `ent-rgpd build -q --output public` in `dir`: exit code and stderr.
fn build_in(dir: &Path) -> (i32, String) {
    let out = Command::cargo_bin("ent-rgpd")
        .unwrap()
        .current_dir(dir)
        .args(["build", "-q", "--output", "public"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ---------------------------------------------------------------------------------------
// 1. `courriel` is a bare address

#[test]
fn courriel_is_a_bare_address() {
    let good = "dpd: { courriel: dpd@ac-nancy-metz.fr }";
    let line = line_of(STARTER, good);
    for bad in [
        "dpd@ac-nancy-metz.fr?cc=espion@y.fr&subject=Bonjour",
        "dpd@ac-nancy-metz.fr?cc=espion%40y.fr&subject=Bonjour",
        "dpd@ac-nancy-metz.fr?subject=Bonjour",
        "dpd@ac-nancy-metz.fr&cc=espion",
        "dpd@ac-nancy-metz.fr#x",
        "dpd@ac-nancy-metz.fr/x",
        "dpd%0a@ac-nancy-metz.fr",
        "dpd@ac-nancy-metz.fr\nbcc: espion@y.fr",
        "dpd@ac-nancy-metz.fr\r\nbcc:espion@y.fr",
        "d p d@ac-nancy-metz.fr",
    ] {
        let roster = starter_with(good, &format!("dpd: {{ courriel: {} }}", q(bad)));
        let (code, diags) = check(&roster);
        assert_eq!(code, 1, "{bad:?} must be refused:\n{}", brief(&diags));
        let errs = errors(&diags);
        assert!(
            errs.iter().any(|d| d["ligne"] == line
                && ["adresse électronique", "caractère"]
                    .iter()
                    .any(|m| d["message"].as_str().unwrap().contains(m))),
            "{bad:?}: an error at line {line}:\n{}",
            brief(&diags)
        );
    }
    assert_eq!(check(STARTER).0, 0, "the starter passes");
}

// ---------------------------------------------------------------------------------------
// 2. No control, bidirectional-override or zero-width character in any text

#[test]
fn invisible_characters_are_refused_at_their_place() {
    // (text replaced, its replacement, the character, whether it is written as itself).
    let cases: &[(&str, String, char, bool)] = &[
        (
            "nom: Collège Barbot",
            "nom: Collège\u{202E}Barbot".into(),
            '\u{202E}',
            true,
        ),
        (
            "nom: Collège Barbot",
            "nom: Collège Barbot\u{200F}".into(),
            '\u{200F}',
            true,
        ),
        (
            "nom: Académie de Nancy-Metz",
            format!("nom: {}", q("Académie de\u{2066} Nancy-Metz")),
            '\u{2066}',
            false,
        ),
        ("nom: Mon ENT", "nom: Mon\u{200B}ENT".into(), '\u{200B}', true),
        ("nom: Mon ENT", "nom: Mon ENT\u{2069}".into(), '\u{2069}', true),
        (
            "site_web: https://barbot.monbureaunumerique.fr",
            "site_web: https://barbot\u{200D}.monbureaunumerique.fr".into(),
            '\u{200D}',
            true,
        ),
        (
            "url: https://www.mon-ent.fr",
            "url: https://www.mon-ent.fr/\u{202D}rf.emag".into(),
            '\u{202D}',
            true,
        ),
        (
            "dpd: { courriel: dpd@moselle.fr }",
            "dpd: { courriel: dpd@mose\u{2060}lle.fr }".into(),
            '\u{2060}',
            true,
        ),
        ("commune: Metz", "commune: Me\u{FEFF}tz".into(), '\u{FEFF}', true),
        ("commune: Metz", format!("commune: {}", q("Metz\u{7}")), '\u{7}', false),
        (
            "commune: Metz",
            format!("commune: {}", q("Metz\u{1b}[31m")),
            '\u{1b}',
            false,
        ),
        ("commune: Metz", "commune: Metz\u{061C}".into(), '\u{061C}', true),
        (
            "- Gérer les comptes et les habilitations des utilisateurs",
            "- Gérer les comptes\u{202A} et les habilitations des utilisateurs".into(),
            '\u{202A}',
            true,
        ),
        (
            "base_legale: \"6.1.e\"",
            "base_legale: \"6.1.e mission\u{202E} publique\"".into(),
            '\u{202E}',
            true,
        ),
        (
            "transmission_demande_mal_adressee: 8 jours",
            "transmission_demande_mal_adressee: 8\u{200E} jours".into(),
            '\u{200E}',
            true,
        ),
    ];
    for (from, to, c, literal) in cases {
        let roster = starter_with(from, to);
        let line = line_of(&roster, to.lines().next().unwrap());
        let (code, diags) = check(&roster);
        let shown = format!("U+{:04X}", *c as u32);
        assert_eq!(code, 1, "{shown} in « {from} » must be refused:\n{}", brief(&diags));
        let errs: Vec<_> = errors(&diags)
            .into_iter()
            .filter(|d| d["message"].as_str().unwrap().contains(&shown))
            .collect();
        assert_eq!(errs.len(), 1, "{shown}: one error naming it:\n{}", brief(&diags));
        let d = errs[0];
        assert_eq!(d["ligne"], line, "{shown}: at its line:\n{}", brief(&diags));
        assert!(
            d["message"].as_str().unwrap().contains("caractère"),
            "in French: {}",
            d["message"]
        );
        if *literal {
            let text = roster.lines().nth(line as usize - 1).unwrap();
            let column = text.chars().position(|x| x == *c).unwrap() as u64 + 1;
            assert_eq!(d["colonne"], column, "{shown}: at its column:\n{}", brief(&diags));
        }
    }
}

// ---------------------------------------------------------------------------------------
// 3. URLs without userinfo; `base_url` without query nor fragment

#[test]
fn urls_without_userinfo_and_base_url_without_query() {
    let site = "site_web: https://barbot.monbureaunumerique.fr";
    for bad in [
        "https://good.fr@evil.example/",
        "https://good.fr:motdepasse@evil.example/",
        "https://barbot.monbureaunumerique.fr%40evil.example/",
        "https://evil.example\\@barbot.monbureaunumerique.fr/",
        "https://evil.example\\barbot.fr/",
    ] {
        let roster = starter_with(site, &format!("site_web: {}", q(bad)));
        let (code, diags) = check(&roster);
        assert_eq!(code, 1, "{bad} must be refused:\n{}", brief(&diags));
        assert!(
            errors(&diags)
                .iter()
                .any(|d| d["ligne"] == line_of(&roster, "site_web:")),
            "{bad}:\n{}",
            brief(&diags)
        );
    }
    // A query on an ordinary link stays allowed.
    let ok = starter_with(
        site,
        "site_web: \"https://barbot.monbureaunumerique.fr/?page=accueil#haut\"",
    );
    assert_eq!(check(&ok).0, 0);

    let base = "base_url: https://rgpd.mon-ent.fr";
    for bad in [
        "https://rgpd.mon-ent.fr/?x=1",
        "https://rgpd.mon-ent.fr#haut",
        "https://rgpd.mon-ent.fr/?",
        "https://moi@rgpd.mon-ent.fr",
    ] {
        let roster = starter_with(base, &format!("base_url: {}", q(bad)));
        let (code, diags) = check(&roster);
        assert_eq!(code, 1, "base_url {bad} must be refused:\n{}", brief(&diags));
        assert!(
            errors(&diags)
                .iter()
                .any(|d| d["ligne"] == line_of(&roster, "base_url:")),
            "{bad}:\n{}",
            brief(&diags)
        );
    }
}

// ---------------------------------------------------------------------------------------
// 4. A length bound on free text

#[test]
fn overlong_text_is_a_clear_error_not_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "Collège ".repeat(10 * 1024 * 1024 / 8);
    let roster = starter_with("nom: Collège Barbot", &format!("nom: {huge}"));
    let (code, diags) = check_in(dir.path(), &roster);
    assert_eq!(code, 1, "a 10 MB name must be refused");
    let d = errors(&diags)
        .into_iter()
        .find(|d| d["message"].as_str().unwrap().contains("trop long"))
        .unwrap_or_else(|| panic!("{}", brief(&diags)));
    assert_eq!(d["ligne"], line_of(&roster, "nom: Collège Collège"));
    assert!(
        d["message"].as_str().unwrap().len() < 300,
        "the message does not repeat the text"
    );
    let (code, _) = build_in(dir.path());
    assert_eq!(code, 1);
    assert!(!dir.path().join("public").exists(), "nothing written");

    // Bounds: a name of 300 characters passes, 301 does not; a free text of 2,000 passes,
    // 2,001 does not.
    let name = |n: usize| starter_with("nom: Collège Barbot", &format!("nom: Collège {}", "B".repeat(n - 8)));
    assert_eq!(check(&name(300)).0, 0);
    let (code, diags) = check(&name(301));
    assert_eq!(code, 1, "{}", brief(&diags));
    let fin = "- Gérer les comptes et les habilitations des utilisateurs";
    let text = |n: usize| starter_with(fin, &format!("- {}", "a".repeat(n)));
    assert_eq!(check(&text(2000)).0, 0);
    let (code, diags) = check(&text(2001));
    assert_eq!(code, 1);
    assert!(brief(&diags).contains("trop long"), "{}", brief(&diags));
    let url = starter_with(
        "site_web: https://barbot.monbureaunumerique.fr",
        &format!("site_web: https://barbot.monbureaunumerique.fr/{}", "a".repeat(3000)),
    );
    assert_eq!(check(&url).0, 1, "a URL is bounded too");
}

/// Every example roster stays within the bounds.
#[test]
fn example_rosters_are_within_the_bounds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rosters: Vec<PathBuf> = std::fs::read_dir(root.join("tests/rosters"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    rosters.push(root.join("parties.yaml"));
    for r in rosters {
        let out = Command::cargo_bin("ent-rgpd")
            .unwrap()
            .args(["check", "--format", "json", "--roster"])
            .arg(&r)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            r.display(),
            String::from_utf8_lossy(&out.stdout)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("trop long"), "{}: {text}", r.display());
    }
}

// ---------------------------------------------------------------------------------------
// 5. transferts_hors_ue booleans

#[test]
fn transfer_true_asks_for_destination_and_guarantee() {
    for yes in ["true", "True", "oui", "yes"] {
        let roster = starter_with("transferts_hors_ue: non", &format!("transferts_hors_ue: {yes}"));
        let (code, diags) = check(&roster);
        assert_eq!(code, 0, "{}", brief(&diags));
        let line = line_of(&roster, "transferts_hors_ue:");
        let w: Vec<_> = diags.iter().filter(|d| d["ligne"] == line).collect();
        assert_eq!(w.len(), 1, "{yes}: one warning:\n{}", brief(&diags));
        let m = w[0]["message"].as_str().unwrap();
        assert!(m.contains("destination") && m.contains("garantie"), "{yes}: {m}");
    }
    for no in ["false", "False", "non", "aucun"] {
        let dir = tempfile::tempdir().unwrap();
        let roster = starter_with("transferts_hors_ue: non", &format!("transferts_hors_ue: {no}"));
        let (code, diags) = check_in(dir.path(), &roster);
        assert_eq!(code, 0);
        let line = line_of(&roster, "transferts_hors_ue:");
        assert!(diags.iter().all(|d| d["ligne"] != line), "{no}: {}", brief(&diags));
        assert_eq!(build_in(dir.path()).0, 0);
        let sheet = std::fs::read_to_string(dir.path().join("public/0570055a/registre/ent/index.html")).unwrap();
        assert!(!sheet.to_lowercase().contains("false"), "{no} shown as such");
    }
}

// ---------------------------------------------------------------------------------------
// 6. Footer from an allowlist; footer.json escapes markup

fn build_with_footer(footer: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), STARTER).unwrap();
    std::fs::create_dir_all(dir.path().join("themes/default")).unwrap();
    std::fs::write(dir.path().join("themes/default/footer.html"), footer).unwrap();
    build_in(dir.path())
}

#[test]
fn footer_override_is_checked_against_an_allowlist() {
    let link = r#"href="https://rgpd.mon-ent.fr/""#;
    for bad in [
        format!(r#"<nav class="ent-rgpd-pied"><a {link} ping="https://evil.example/p">x</a></nav>"#),
        r#"<nav class="ent-rgpd-pied"><video poster="https://evil.example/p.png"></video></nav>"#.to_string(),
        r#"<nav class="ent-rgpd-pied"><button formaction="https://evil.example/">x</button></nav>"#.to_string(),
        format!(r#"<nav class="ent-rgpd-pied"><a {link} target="_blank">x</a></nav>"#),
        format!(r#"<nav class="ent-rgpd-pied"><a {link} onauxclick="x()">x</a></nav>"#),
        r#"<nav class="ent-rgpd-pied"><details open ontoggle="x()">x</details></nav>"#.to_string(),
        r#"<p class="ent-rgpd-x" style="display:none">x</p>"#.to_string(),
        r#"<p class="ent-rgpd-x"><img src="https://evil.example/p.png" alt=""></p>"#.to_string(),
        r#"<p class="ent-rgpd-x"><audio src="https://evil.example/a.mp3"></audio></p>"#.to_string(),
        r#"<p class="ent-rgpd-x"><object data="https://evil.example/x"></object></p>"#.to_string(),
        r#"<p class="ent-rgpd-x"><input autofocus onfocus="x()"></p>"#.to_string(),
        format!(r#"<p class="ent-rgpd-x"><a {link} download>x</a></p>"#),
        format!(r#"<p class="ent-rgpd-x"><a {link} referrerpolicy="unsafe-url">x</a></p>"#),
        r#"<p class="ent-rgpd-x"><marquee>x</marquee></p>"#.to_string(),
        r#"<p class="ent-rgpd-x"><table background="https://evil.example/b.png"></table></p>"#.to_string(),
        r#"<p class="ent-rgpd-x" dir="rtl">x</p>"#.to_string(),
        format!(r#"<p class="ent-rgpd-x"><a {link} xlink:href="javascript:x()">x</a></p>"#),
        r#"<p class="ent-rgpd-x"><a href="//evil.example/">x</a></p>"#.to_string(),
    ] {
        let (code, err) = build_with_footer(&bad);
        assert_eq!(code, 1, "must be refused: {bad}\n{err}");
        assert!(err.contains("pied de page"), "{bad}: {err}");
    }
    // What the default theme uses, and a little more, stays allowed.
    let good = r#"<nav class="ent-rgpd-pied" aria-label="Données personnelles" lang="fr"><p class="ent-rgpd-resume"><strong>Vos données</strong> : <em>voir</em> <a class="ent-rgpd-a" href="https://rgpd.mon-ent.fr/" title="La notice">la notice</a><br></p><ul class="ent-rgpd-liens">{% for l in footer.liens %}<li class="ent-rgpd-lien">{% if l.url %}<a class="ent-rgpd-a" href="{{ l.url | url_sure }}">{{ l.libelle }}</a>{% else %}<span class="ent-rgpd-texte">{{ l.libelle }}</span>{% endif %}</li>{% endfor %}</ul></nav>"#;
    let (code, err) = build_with_footer(good);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn footer_json_escapes_markup() {
    let dir = tempfile::tempdir().unwrap();
    let name = "Collège </script><script>alert(1)</script> & Cie";
    let ent = "ENT <b>&amp;</b>";
    let roster = starter_with("nom: Collège Barbot", &format!("nom: {}", q(name)))
        .replace("  nom: Mon ENT", &format!("  nom: {}", q(ent)));
    std::fs::write(dir.path().join("parties.yaml"), roster).unwrap();
    let (code, err) = build_in(dir.path());
    assert_eq!(code, 0, "{err}");
    for (path, value) in [("public/0570055a/footer.json", name), ("public/footer.json", ent)] {
        let raw = std::fs::read_to_string(dir.path().join(path)).unwrap();
        for c in ['<', '>', '&'] {
            assert!(!raw.contains(c), "{path} carries « {c} »: {raw}");
        }
        assert!(
            raw.contains("\\u003c") && raw.contains("\\u003e") && raw.contains("\\u0026"),
            "{raw}"
        );
        let json: Value = serde_json::from_str(&raw).unwrap();
        let text = json.to_string();
        assert!(text.contains(value), "same data once decoded: {text}");
    }
}

// ---------------------------------------------------------------------------------------
// 7. Include expansion is linear

/// A roster including `n` small files of one establishment each.
fn many_includes(dir: &Path, n: usize) -> PathBuf {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ";
    std::fs::create_dir_all(dir.join("etablissements")).unwrap();
    let main = dir.join("parties.yaml");
    std::fs::write(
        &main,
        starter_with(
            "\netablissements:\n",
            "\ninclure: [etablissements/*.yaml]\netablissements:\n",
        ),
    )
    .unwrap();
    for i in 0..n {
        let num = 5_700_100 + i as u32;
        let uai = format!("{num:07}{}", LETTERS[(num % 23) as usize] as char);
        std::fs::write(
            dir.join(format!("etablissements/e{i:05}.yaml")),
            format!("etablissements:\n  - uai: {uai}\n    nom: Collège {i}\n    type: college\n    departement: \"57\"\n    site_web: https://c{i}.example.fr\n"),
        )
        .unwrap();
    }
    main
}

/// The smallest CPU time (user + system, in seconds) of three `check` runs: unlike the wall
/// clock, it does not grow when other tests run at the same time.
#[allow(clippy::zombie_processes)] // reaped by wait4
fn time_check(roster: &Path) -> f64 {
    (0..3)
        .map(|_| {
            let child = std::process::Command::new(env!("CARGO_BIN_EXE_ent-rgpd"))
                .args(["check", "--roster"])
                .arg(roster)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let mut status = 0;
            // SAFETY: plain system call on our own child, with valid pointers.
            let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
            let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
            assert_eq!(pid, child.id() as libc::pid_t);
            assert!(
                libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
                "check passes"
            );
            let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            secs(usage.ru_utime) + secs(usage.ru_stime)
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn include_expansion_is_linear() {
    let (small, large) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (n, m) = (1000, 4000);
    let a = time_check(&many_includes(small.path(), n));
    let b = time_check(&many_includes(large.path(), m));
    // Linear: 4 times the files, about 4 times the time (plus a fixed start-up cost);
    // quadratic: 16 times (before the fix: 0.2 s and 1.9 s of CPU, a ratio of 9 to 10).
    let ratio = b / a;
    eprintln!("check: {n} inclusions {a:.2} s, {m} inclusions {b:.2} s of CPU, ratio {ratio:.1}");
    assert!(
        ratio < 6.0,
        "{n} files: {a:.2} s, {m} files: {b:.2} s (ratio {ratio:.1})"
    );
}

// ---------------------------------------------------------------------------------------
// 8. serve

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Kills the server when the test ends, passed or not.
struct Serve {
    child: Child,
    port: u16,
    /// The temporary directory the server builds the site in (its TMPDIR).
    tmp: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    /// `ent-rgpd serve` on the starter, with its own TMPDIR next to (not inside) the roster's
    /// folder; returns once the home page is served.
    fn start() -> Serve {
        let dir = tempfile::tempdir().unwrap();
        let (site, tmp) = (dir.path().join("site"), dir.path().join("tmp"));
        std::fs::create_dir_all(&site).unwrap();
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::write(site.join("parties.yaml"), STARTER).unwrap();
        let port = free_port();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ent-rgpd"))
            .current_dir(&site)
            .env("TMPDIR", &tmp)
            .args(["serve", "--port", &port.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let s = Serve {
            child,
            port,
            tmp,
            _dir: dir,
        };
        rx.recv_timeout(Duration::from_secs(60))
            .expect("serve prints its address");
        let end = Instant::now() + Duration::from_secs(30);
        while s.get("/").map(|r| r.0) != Some(200) {
            assert!(Instant::now() < end, "the home page is served");
            std::thread::sleep(Duration::from_millis(100));
        }
        s
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn get(&self, path: &str) -> Option<Response> {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host()
        ))
    }

    /// A raw request: the response, or `None` when none came within 3 s.
    fn request(&self, raw: &str) -> Option<Response> {
        let mut s = TcpStream::connect_timeout(&([127, 0, 0, 1], self.port).into(), Duration::from_secs(2)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(3))).ok()?;
        s.set_write_timeout(Some(Duration::from_secs(3))).ok()?;
        s.write_all(raw.as_bytes()).ok()?;
        let mut got = Vec::new();
        let mut buf = [0; 64 * 1024];
        // At most 4 MB: a site page is far smaller.
        while got.len() < 4 << 20 {
            match s.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(_) if got.is_empty() => return None,
                Err(_) => break,
            }
        }
        let text = String::from_utf8_lossy(&got).into_owned();
        let (head, body) = text.split_once("\r\n\r\n")?;
        let status = head.split_whitespace().nth(1)?.parse().ok()?;
        Some((status, head.to_string(), body.to_string()))
    }

    /// The folder the site is built in.
    fn site_dir(&self) -> PathBuf {
        std::fs::read_dir(&self.tmp)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("ent-rgpd-serve-"))
            .expect("the site folder")
    }

    /// The server's number of threads (Linux).
    fn threads(&self) -> Option<usize> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .and_then(|n| n.trim().parse().ok())
    }
}

/// (status, head, body)
type Response = (u16, String, String);

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo").arg(path).status().unwrap();
    assert!(ok.success());
}

#[test]
fn serve_decides_from_the_path_before_the_disk() {
    let s = Serve::start();
    let site = s.site_dir();
    // A FIFO outside the site, reached by encoded separators: reading it would block a worker.
    let fifo = s.tmp.join("fifo");
    mkfifo(&fifo);
    // In the site too: only regular files are served.
    mkfifo(&site.join("tube"));
    std::os::unix::fs::symlink("/dev/null", site.join("null")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", site.join("passwd.txt")).unwrap();
    std::os::unix::fs::symlink("/etc", site.join("etc")).unwrap();
    let attacks = [
        "/..%2ffifo",
        "/..%2F..%2F..%2Fetc%2Fpasswd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%5c..%5cetc%5cpasswd",
        "/index.html%00.css",
        "/tube",
        "/null",
        "/passwd.txt",
        "/etc/passwd",
        "//etc/passwd",
        "/../../../etc/passwd",
        "http://127.0.0.1/../../etc/passwd",
        "/C:/Windows/win.ini",
    ];
    // Each more times than the server has workers: none may hang.
    for _ in 0..3 {
        for a in attacks {
            let start = Instant::now();
            let r = s.get(a);
            let (status, _, body) = r.unwrap_or_else(|| panic!("{a}: no answer within 3 s"));
            assert!((400..500).contains(&status), "{a}: {status}");
            assert!(!body.contains("root:"), "{a}: {body}");
            assert!(start.elapsed() < Duration::from_secs(3));
        }
    }
    // The site is still served, and the traversals did not make it read anything.
    assert_eq!(s.get("/").unwrap().0, 200);
    assert_eq!(s.get("/0570055a/").unwrap().0, 200);
    assert_eq!(s.get("/style.css").unwrap().0, 200);
}

#[test]
fn serve_answers_only_its_own_host() {
    let s = Serve::start();
    let port = s.port;
    for bad in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
        format!("127.0.0.1:{port}@evil.example"),
    ] {
        let r = s
            .request(&format!("GET / HTTP/1.1\r\nHost: {bad}\r\nConnection: close\r\n\r\n"))
            .unwrap_or_else(|| panic!("{bad}: no answer"));
        assert!(matches!(r.0, 403 | 421 | 400), "Host {bad}: {}", r.0);
        assert!(!r.2.contains("Collège"), "Host {bad}: {}", r.2);
    }
    let missing = s.request("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
    assert!(matches!(missing.0, 400 | 403 | 421), "no Host: {}", missing.0);
    for good in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
    ] {
        let r = s
            .request(&format!("GET / HTTP/1.1\r\nHost: {good}\r\nConnection: close\r\n\r\n"))
            .unwrap();
        assert_eq!(r.0, 200, "Host {good}");
    }
}

#[test]
fn serve_never_redirects_off_site() {
    let s = Serve::start();
    for path in [
        "//0570055a",
        "//mentions",
        "///0570055a",
        "/\\0570055a",
        "//0570055a?x=1",
    ] {
        let r = s.get(path).unwrap_or_else(|| panic!("{path}: no answer"));
        let location = r.1.lines().find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("location:")
                .then(|| l[9..].trim().to_string())
        });
        if let Some(l) = &location {
            assert!(
                l.starts_with('/') && !l.starts_with("//") && !l.starts_with("/\\"),
                "{path} → {l}"
            );
        }
    }
    // The ordinary redirection of a folder stays.
    let r = s.get("/0570055a").unwrap();
    assert_eq!(r.0, 301);
    assert!(r.1.contains("Location: /0570055a/"), "{}", r.1);
}

#[test]
fn serve_bounds_its_connections() {
    let s = Serve::start();
    let before = s.threads();
    // Idle connections that never send a request.
    let idle: Vec<TcpStream> = (0..200)
        .filter_map(|_| TcpStream::connect_timeout(&([127, 0, 0, 1], s.port).into(), Duration::from_secs(2)).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(800));
    if let (Some(b), Some(during)) = (before, s.threads()) {
        assert!(
            during <= b + 40,
            "threads: {b} before, {during} with {} idle connections",
            idle.len()
        );
    }
    drop(idle);
    // Once they are gone, the server answers again.
    let end = Instant::now() + Duration::from_secs(15);
    loop {
        if s.get("/").map(|r| r.0) == Some(200) {
            break;
        }
        assert!(
            Instant::now() < end,
            "the server answers after the idle connections close"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
