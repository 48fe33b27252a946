//! The one writer: manifest, minimal rebuilds, deletions, user files, bad paths, I/O errors.

mod common;

use ent_rgpd::error::Error;
use ent_rgpd::output::{
    ChangeKind, Scope, WriteOptions, WriteSummary, changes_report_json, try_write_site, write_site,
};
use ent_rgpd::render::Page;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const A: &str = "0570055A";
const B: &str = "0571234B";

fn page(path: &str, body: &str, uai: Option<&str>) -> Page {
    Page {
        path: path.into(),
        bytes: body.as_bytes().to_vec(),
        uai: uai.map(Into::into),
    }
}

fn site() -> Vec<Page> {
    vec![
        page("index.html", "<p>ENT</p>", None),
        page("style.css", "body{}", None),
        page("0570055a/index.html", "<p>A</p>", Some(A)),
        page("0570055a/mentions/index.html", "<p>A mentions</p>", Some(A)),
        page("0570055a/registre/cantine/index.html", "<p>A cantine</p>", Some(A)),
        page("0571234b/index.html", "<p>B</p>", Some(B)),
        page("0571234b/mentions/index.html", "<p>B mentions</p>", Some(B)),
    ]
}

fn all() -> WriteOptions {
    WriteOptions::default()
}

fn setup() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("public");
    (tmp, out)
}

/// (inode, mtime) of every file under `dir`: a rewrite (temporary file + rename) changes both.
fn stamps(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    common::tree(dir)
        .into_keys()
        .map(|rel| {
            let m = fs::metadata(dir.join(&rel)).unwrap();
            (rel, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

fn manifest_paths(out: &Path) -> Vec<String> {
    manifest(out)["files"].as_object().unwrap().keys().cloned().collect()
}

fn kinds(s: &WriteSummary) -> Vec<(&str, ChangeKind)> {
    s.changed.iter().map(|c| (c.path.as_str(), c.kind)).collect()
}

#[test]
fn first_write_writes_every_page_and_the_manifest() {
    let (_tmp, out) = setup();
    let s = write_site(&out, site(), &all()).unwrap();
    assert_eq!((s.written, s.unchanged, s.removed), (7, 0, 0));
    assert!(s.changed.iter().all(|c| c.kind == ChangeKind::Added));
    assert_eq!(s.changed.len(), 7);

    let mut expected: BTreeMap<String, Vec<u8>> = site().into_iter().map(|p| (p.path, p.bytes)).collect();
    let files = common::tree(&out);
    expected.insert("manifest.json".into(), files["manifest.json"].clone());
    assert_eq!(files, expected, "exactly the pages and the manifest, no temporary file");

    let m = manifest(&out);
    assert_eq!(m["version"], 1);
    let entries = m["files"].as_object().unwrap();
    assert_eq!(entries.len(), 7);
    for p in site() {
        let e = &entries[&p.path];
        assert_eq!(e["blake3"], blake3::hash(&p.bytes).to_hex().as_str());
        assert_eq!(e["uai"].as_str(), p.uai.as_deref());
    }
    // Deterministic: sorted paths, same bytes whatever the page order.
    let text = String::from_utf8(fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let positions: Vec<usize> = expected
        .keys()
        .filter(|k| *k != "manifest.json")
        .map(|k| text.find(&format!("\"{k}\"")).unwrap())
        .collect();
    assert!(positions.is_sorted(), "{text}");
    let (_tmp2, out2) = setup();
    write_site(&out2, site().into_iter().rev().collect::<Vec<_>>(), &all()).unwrap();
    assert_eq!(fs::read(out2.join("manifest.json")).unwrap(), text.as_bytes());
}

#[test]
fn identical_rebuild_writes_nothing() {
    let (_tmp, out) = setup();
    write_site(&out, site(), &all()).unwrap();
    let before = stamps(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let s = write_site(&out, site(), &all()).unwrap();
    assert_eq!((s.written, s.unchanged, s.removed), (0, 7, 0));
    assert!(s.changed.is_empty());
    assert_eq!(stamps(&out), before, "no file rewritten, the manifest included");
}

#[test]
fn changing_one_page_rewrites_only_it() {
    let (_tmp, out) = setup();
    write_site(&out, site(), &all()).unwrap();
    let before = stamps(&out);
    let mut pages = site();
    pages[3].bytes = b"<p>A mentions v2</p>".to_vec();
    let s = write_site(&out, pages, &all()).unwrap();
    assert_eq!((s.written, s.unchanged, s.removed), (1, 6, 0));
    assert_eq!(kinds(&s), [("0570055a/mentions/index.html", ChangeKind::Modified)]);
    assert_eq!(s.changed[0].uai.as_deref(), Some(A));

    assert_eq!(
        fs::read(out.join("0570055a/mentions/index.html")).unwrap(),
        b"<p>A mentions v2</p>"
    );
    let after = stamps(&out);
    let differing: Vec<&String> = after.keys().filter(|k| after[*k] != before[*k]).collect();
    assert_eq!(differing, ["0570055a/mentions/index.html", "manifest.json"]);
    assert_eq!(
        manifest(&out)["files"]["0570055a/mentions/index.html"]["blake3"],
        blake3::hash(b"<p>A mentions v2</p>").to_hex().as_str()
    );

    let report: serde_json::Value = serde_json::from_str(&changes_report_json(&s, &Default::default())).unwrap();
    assert_eq!(
        report["etablissements"],
        serde_json::json!([{ "uai": A, "documents": [
            { "chemin": "0570055a/mentions/index.html", "changement": "modifié" }
        ] }])
    );
    assert_eq!(report["ent"], serde_json::json!([]));
    assert_eq!(report["ecrits"], 1);
}

#[test]
fn a_file_missing_on_disk_is_written_again() {
    let (_tmp, out) = setup();
    write_site(&out, site(), &all()).unwrap();
    fs::remove_file(out.join("0571234b/index.html")).unwrap();
    let s = write_site(&out, site(), &all()).unwrap();
    assert_eq!((s.written, s.unchanged), (1, 6));
    assert!(s.changed.is_empty(), "same published content");
    assert_eq!(fs::read(out.join("0571234b/index.html")).unwrap(), b"<p>B</p>");
}

#[test]
fn a_page_no_longer_produced_is_deleted_with_its_empty_directories() {
    let (_tmp, out) = setup();
    write_site(&out, site(), &all()).unwrap();
    let pages: Vec<Page> = site().into_iter().filter(|p| !p.path.contains("cantine")).collect();
    let s = write_site(&out, pages, &all()).unwrap();
    assert_eq!((s.written, s.unchanged, s.removed), (0, 6, 1));
    assert_eq!(
        kinds(&s),
        [("0570055a/registre/cantine/index.html", ChangeKind::Removed)]
    );
    assert!(!out.join("0570055a/registre/cantine/index.html").exists());
    assert!(
        !out.join("0570055a/registre").exists(),
        "emptied directories are removed"
    );
    assert!(out.join("0570055a/index.html").is_file());
    assert!(!manifest_paths(&out).iter().any(|p| p.contains("cantine")));

    let report: serde_json::Value = serde_json::from_str(&changes_report_json(&s, &Default::default())).unwrap();
    assert_eq!(report["etablissements"][0]["documents"][0]["changement"], "supprimé");
}

#[test]
fn user_files_and_directories_survive_rebuilds_and_removals() {
    let (_tmp, out) = setup();
    write_site(&out, site(), &all()).unwrap();
    let user = [".git/HEAD", ".git/refs/heads/main", "CNAME", "0570055a/notes/perso.txt"];
    for f in user {
        fs::create_dir_all(out.join(f).parent().unwrap()).unwrap();
        fs::write(out.join(f), f).unwrap();
    }
    fs::create_dir_all(out.join("0571234b/vide")).unwrap();
    let user_stamps = |out: &Path| user.map(|f| fs::metadata(out.join(f)).unwrap().ino());
    let before = user_stamps(&out);

    // A rebuild with a change, then one that drops both establishments.
    let mut pages = site();
    pages[0].bytes = b"<p>ENT v2</p>".to_vec();
    write_site(&out, pages.clone(), &all()).unwrap();
    let s = write_site(&out, pages.into_par_iter().filter(|p| p.uai.is_none()), &all()).unwrap();
    assert_eq!(s.removed, 5);

    for f in user {
        assert_eq!(fs::read_to_string(out.join(f)).unwrap(), f);
    }
    assert_eq!(user_stamps(&out), before);
    assert!(out.join("0571234b/vide").is_dir(), "a user's empty directory is kept");
    assert!(!out.join("0570055a/index.html").exists());
    assert!(!out.join("0570055a/mentions").exists());
    assert!(!out.join("0571234b/mentions").exists());
    assert_eq!(manifest_paths(&out), ["index.html", "style.css"]);
}

#[test]
fn a_corrupt_or_missing_manifest_deletes_nothing() {
    for corrupt in [
        Some(&b"{\"version\":1,\"files\":{"[..]),
        Some(b"{\"version\":99,\"files\":{}}"),
        None,
    ] {
        let (_tmp, out) = setup();
        write_site(&out, site(), &all()).unwrap();
        match corrupt {
            Some(bytes) => fs::write(out.join("manifest.json"), bytes).unwrap(),
            None => fs::remove_file(out.join("manifest.json")).unwrap(),
        }
        let pages: Vec<Page> = site().into_iter().filter(|p| p.uai.as_deref() != Some(B)).collect();
        let s = write_site(&out, pages, &all()).unwrap();
        assert_eq!((s.written, s.removed), (5, 0), "everything written, nothing deleted");
        assert!(out.join("0571234b/index.html").is_file());
        assert!(out.join("0571234b/mentions/index.html").is_file());
        assert_eq!(manifest_paths(&out).len(), 5, "a valid manifest of what was produced");
    }
}

#[test]
fn a_manifest_listing_a_path_outside_the_output_is_ignored() {
    let (tmp, out) = setup();
    fs::write(tmp.path().join("victim"), "keep").unwrap();
    fs::create_dir_all(&out).unwrap();
    let hash = blake3::hash(b"x").to_hex();
    let m = format!(r#"{{"version":1,"files":{{"../victim":{{"blake3":"{hash}","uai":null}}}}}}"#);
    fs::write(out.join("manifest.json"), m).unwrap();
    let s = write_site(&out, site(), &all()).unwrap();
    assert_eq!(s.removed, 0);
    assert_eq!(fs::read_to_string(tmp.path().join("victim")).unwrap(), "keep");
}

#[test]
fn bad_paths_are_rejected_without_writing() {
    let (tmp, out) = setup();
    let outside = tmp.path().join("outside");
    fs::create_dir(&outside).unwrap();
    let absolute = format!("{}/x", outside.display());
    let bad = [
        "../x",
        "a/../../b",
        &absolute,
        "/etc/ent-rgpd-x",
        "a\\b",
        "",
        "a//b",
        "./a",
        "a/",
        "manifest.json",
    ];
    for path in bad {
        let r = write_site(&out, vec![page(path, "evil", None)], &all());
        match r {
            Err(Error::Io { source, .. }) => {
                assert_eq!(source.kind(), std::io::ErrorKind::InvalidInput, "{path:?}")
            }
            other => panic!("{path:?} accepted: {other:?}"),
        }
    }
    assert!(!out.exists(), "nothing written, not even a manifest");
    assert_eq!(
        common::tree(tmp.path()),
        BTreeMap::new(),
        "nothing written outside either"
    );
    assert!(!Path::new("/etc/ent-rgpd-x").exists());

    // Among good pages: the bad one is still never written, and the call fails.
    let mut pages = site();
    pages.push(page("0570055a/../../x", "evil", Some(A)));
    assert!(write_site(&out, pages, &all()).is_err());
    assert!(!tmp.path().join("x").exists());
}

#[test]
fn a_path_produced_twice_is_an_error() {
    let (_tmp, out) = setup();
    let mut pages = site();
    pages.push(page("style.css", "other", None));
    assert!(write_site(&out, pages, &all()).is_err());
    // What was written is recorded once, so the next build can still read the manifest.
    let text = fs::read_to_string(out.join("manifest.json")).unwrap();
    assert_eq!(text.matches("\"style.css\"").count(), 1, "{text}");
    // Both copies of style.css may have been written at once (the second write can then fail
    // and stop the others): the next build completes the site, whatever the first left.
    let s = write_site(&out, site(), &all()).unwrap();
    assert_eq!(s.removed, 0);
    for p in site() {
        assert_eq!(fs::read(out.join(&p.path)).unwrap(), p.bytes, "{}", p.path);
    }
    assert_eq!(write_site(&out, site(), &all()).unwrap().written, 0);
}

#[test]
fn paths_needing_json_escapes_survive_the_manifest() {
    let (_tmp, out) = setup();
    let pages = || vec![page("école/a b.html", "1", None), page("q\"uote.html", "2", None)];
    write_site(&out, pages(), &all()).unwrap();
    let s = write_site(&out, pages(), &all()).unwrap();
    assert_eq!((s.written, s.unchanged), (0, 2), "the manifest was read back");
    assert_eq!(fs::read(out.join("q\"uote.html")).unwrap(), b"2");
}

#[test]
fn a_subset_with_ent_files_deletes_a_dropped_ent_file() {
    let (_tmp, out) = setup();
    write_site(&out, site(), &all()).unwrap();
    let pages: Vec<Page> = site().into_iter().filter(|p| p.uai.as_deref() == Some(B)).collect();
    let only = WriteOptions {
        scope: Scope::Only {
            uais: [B.to_lowercase()].into(),
            ent: true,
        },
    };
    let s = write_site(&out, pages, &only).unwrap();
    assert_eq!(s.removed, 2, "{s:?}");
    assert!(!out.join("index.html").exists() && !out.join("style.css").exists());
    assert!(
        out.join("0570055a/registre/cantine/index.html").is_file(),
        "another establishment"
    );
    assert_eq!(manifest_paths(&out).len(), 5);
}

#[test]
fn a_render_error_is_returned_and_deletes_nothing() {
    let (_tmp, out) = setup();
    write_site(&out, site(), &all()).unwrap();
    let err = Error::Template {
        name: "mentions.md".into(),
        message: "boom".into(),
    };
    let pages: Vec<_> = vec![Ok(page("index.html", "<p>ENT v2</p>", None)), Err(err)];
    let r = try_write_site(&out, pages, &all());
    assert!(matches!(r, Err(Error::Template { .. })));
    for p in site().into_iter().skip(1) {
        assert_eq!(fs::read(out.join(&p.path)).unwrap(), p.bytes, "nothing deleted");
    }
    assert_eq!(manifest_paths(&out).len(), 7);
}

#[test]
fn a_subset_write_keeps_other_establishments() {
    let (_tmp, out) = setup();
    write_site(&out, site(), &all()).unwrap();
    let before = stamps(&out);

    // `--only 0570055a`: its home page changes, its cantine sheet is gone.
    let mut pages: Vec<Page> = site()
        .into_iter()
        .filter(|p| p.uai.as_deref() == Some(A) && !p.path.contains("cantine"))
        .collect();
    pages[0].bytes = b"<p>A v2</p>".to_vec();
    let only = WriteOptions {
        scope: Scope::Only {
            uais: ["0570055a".into()].into(),
            ent: false,
        },
    };
    let s = write_site(&out, pages, &only).unwrap();
    assert_eq!((s.written, s.unchanged, s.removed), (1, 1, 1));
    assert_eq!(
        kinds(&s),
        [
            ("0570055a/index.html", ChangeKind::Modified),
            ("0570055a/registre/cantine/index.html", ChangeKind::Removed)
        ]
    );

    let after = stamps(&out);
    for f in [
        "index.html",
        "style.css",
        "0571234b/index.html",
        "0571234b/mentions/index.html",
    ] {
        assert_eq!(after[f], before[f], "{f} untouched");
    }
    assert!(!out.join("0570055a/registre").exists());
    assert_eq!(
        manifest_paths(&out),
        [
            "0570055a/index.html",
            "0570055a/mentions/index.html",
            "0571234b/index.html",
            "0571234b/mentions/index.html",
            "index.html",
            "style.css"
        ]
    );

    // The next full build only brings 0570055a back.
    let s = write_site(&out, site(), &all()).unwrap();
    assert_eq!((s.written, s.unchanged, s.removed), (2, 5, 0));
}

/// A directory this process cannot write to. Root ignores permission bits, but sysfs refuses
/// new files even to root.
fn read_only_dir(tmp: &TempDir) -> PathBuf {
    let dir = tmp.path().join("ro");
    fs::create_dir(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join("probe");
    if fs::write(&probe, "").is_err() {
        return dir;
    }
    fs::remove_file(probe).unwrap();
    PathBuf::from("/sys")
}

#[test]
fn a_read_only_output_directory_is_an_io_error() {
    let tmp = TempDir::new().unwrap();
    let out = read_only_dir(&tmp);
    let before = common::tree(&tmp.path().join("ro"));
    let r = write_site(&out, vec![page("index.html", "<p>ENT</p>", None)], &all());
    match r {
        Err(e @ Error::Io { .. }) => assert_eq!(e.exit_code(), 3),
        other => panic!("{other:?}"),
    }
    assert!(!out.join("index.html").exists());
    assert_eq!(common::tree(&tmp.path().join("ro")), before);
    fs::set_permissions(tmp.path().join("ro"), fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn an_output_under_a_regular_file_is_an_io_error() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("file"), "").unwrap();
    let r = write_site(&tmp.path().join("file/public"), site(), &all());
    assert!(matches!(r, Err(Error::Io { .. })), "{r:?}");
}

/// New files are written in place, without a temporary file; whatever already sits at such a
/// path (a file left half-written by an interrupted build, a symlink) is replaced whole.
#[test]
fn a_new_page_replaces_whatever_is_at_its_path() {
    let (tmp, out) = setup();
    fs::create_dir_all(out.join("0570055a")).unwrap();
    fs::write(out.join("0570055a/index.html"), "<p>A, interrompu").unwrap();
    let outside = tmp.path().join("outside.txt");
    fs::write(&outside, "not ours").unwrap();
    std::os::unix::fs::symlink(&outside, out.join("style.css")).unwrap();
    let s = write_site(&out, site(), &all()).unwrap();
    assert_eq!(s.written, 7);
    for p in site() {
        let path = out.join(&p.path);
        assert!(fs::symlink_metadata(&path).unwrap().is_file(), "{}", p.path);
        assert_eq!(fs::read(&path).unwrap(), p.bytes, "{}", p.path);
    }
    assert_eq!(fs::read_to_string(&outside).unwrap(), "not ours");
    let names: Vec<_> = common::tree(&out).into_keys().collect();
    assert!(names.iter().all(|n| !n.contains(".ent-rgpd.tmp")), "{names:?}");
}

/// An establishment's pages written as one group: a new folder appears whole (staged in a
/// hidden folder, left-overs of an interrupted build replaced); a folder already there (with
/// a user's file) is written into page by page, the user's file kept.
#[test]
fn a_group_of_pages_in_a_new_folder_appears_whole() {
    use ent_rgpd::output::{Group, Manifest, try_write_over};
    let (_tmp, out) = setup();
    fs::create_dir_all(out.join(".0570055a.ent-rgpd.tmp/mentions")).unwrap();
    fs::write(out.join(".0570055a.ent-rgpd.tmp/mentions/index.html"), "<p>interrompu").unwrap();
    fs::create_dir_all(out.join("0571234b")).unwrap();
    fs::write(out.join("0571234b/NOTE.txt"), "à moi").unwrap();
    let (a, b): (Vec<Page>, Vec<Page>) = site()
        .into_iter()
        .filter(|p| p.uai.is_some())
        .partition(|p| p.uai.as_deref() == Some(A));
    let manifest = Manifest::read(&out);
    let s = try_write_over(
        &out,
        &manifest,
        manifest.parse(),
        vec![Ok(Group::Pages(a.clone())), Ok(Group::Pages(b.clone()))],
        &all(),
    )
    .unwrap();
    assert_eq!(s.written, a.len() + b.len());
    for p in a.iter().chain(&b) {
        assert_eq!(fs::read(out.join(&p.path)).unwrap(), p.bytes, "{}", p.path);
    }
    assert!(!out.join(".0570055a.ent-rgpd.tmp").exists());
    assert_eq!(fs::read_to_string(out.join("0571234b/NOTE.txt")).unwrap(), "à moi");
    let listed = manifest_paths(&out);
    assert_eq!(listed.len(), a.len() + b.len(), "{listed:?}");
}

/// A streamed file (the register: written as it is rendered, never whole in memory) is
/// written atomically with its blake3 hash in the manifest; rewritten only when its content
/// changes; a failure while it is produced leaves the previous file and no temporary file.
#[test]
fn a_streamed_file_is_written_whole_and_only_when_it_changes() {
    use ent_rgpd::output::{Group, Manifest, Streamed, try_write_over};
    use std::io::Write;
    let (_tmp, out) = setup();
    // Large and written in small pieces: more than the writer's buffer.
    let body = |n: usize| -> Vec<u8> { (0..n).flat_map(|i| format!("ligne {i}\n").into_bytes()).collect() };
    let write = |content: Vec<u8>, fail: bool| {
        let manifest = Manifest::read(&out);
        let file = Streamed {
            path: "registre.csv".into(),
            fill: Box::new(move |w: &mut dyn Write| {
                for chunk in content.chunks(1000) {
                    w.write_all(chunk)?;
                }
                if fail {
                    return Err(std::io::Error::other("disque plein"));
                }
                Ok(())
            }),
        };
        let groups = vec![Ok(Group::Streamed(file)), Ok(Group::Pages(site()))];
        try_write_over(&out, &manifest, manifest.parse(), groups, &all())
    };
    let first = body(300_000);
    let s = write(first.clone(), false).unwrap();
    assert_eq!(s.written, site().len() + 1);
    assert_eq!(fs::read(out.join("registre.csv")).unwrap(), first);
    let manifest: serde_json::Value = serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["files"]["registre.csv"]["blake3"].as_str().unwrap(),
        blake3::hash(&first).to_hex().as_str()
    );
    let inode = fs::metadata(out.join("registre.csv")).unwrap().ino();

    let s = write(first.clone(), false).unwrap();
    assert_eq!((s.written, s.unchanged), (0, site().len() + 1));
    assert_eq!(
        fs::metadata(out.join("registre.csv")).unwrap().ino(),
        inode,
        "not rewritten"
    );

    let err = write(body(1000), true).unwrap_err();
    assert!(err.to_string().contains("registre.csv"), "{err}");
    assert_eq!(
        fs::read(out.join("registre.csv")).unwrap(),
        first,
        "the previous file stays"
    );
    let names: Vec<_> = common::tree(&out).into_keys().collect();
    assert!(names.iter().all(|n| !n.contains(".ent-rgpd.tmp")), "{names:?}");

    let second = body(1000);
    let s = write(second.clone(), false).unwrap();
    assert_eq!(s.written, 1);
    assert!(
        s.changed
            .iter()
            .any(|c| c.path == "registre.csv" && c.kind == ChangeKind::Modified),
        "{s:?}"
    );
    assert_eq!(fs::read(out.join("registre.csv")).unwrap(), second);
}
