//! Resilience of `ent-rgpd build`: a build killed midway leaves the previous site readable
//! and complete; an output directory that cannot be written gives a French error, exit 3.

mod common;

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

const TMP_SUFFIX: &str = ".ent-rgpd.tmp";

use common::{colleges_roster as roster, manifest};

fn bin() -> PathBuf {
    Command::cargo_bin("ent-rgpd").unwrap().get_program().into()
}

fn build_cmd(roster: &Path, out: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(bin());
    cmd.args(["build", "--quiet", "--roster"])
        .arg(roster)
        .arg("--output")
        .arg(out);
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    cmd
}

fn build(roster: &Path, out: &Path) {
    let done = build_cmd(roster, out).stderr(Stdio::piped()).output().unwrap();
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
}

fn hash_of(path: &Path) -> Option<String> {
    fs::read(path).ok().map(|b| blake3::hash(&b).to_hex().to_string())
}

/// Starts a build and kills it after `delay`; whether it was still running then.
fn kill_build_after(roster: &Path, out: &Path, delay: std::time::Duration) -> bool {
    let mut child = build_cmd(roster, out).spawn().unwrap();
    std::thread::sleep(delay);
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    running
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name().to_string_lossy().ends_with(TMP_SUFFIX))
        .map(|e| e.into_path())
        .collect()
}

/// Builds version 1 of a few thousand establishments, then kills builds of version 2 at
/// several points. After each kill, every file of the manifest on disk before it still
/// exists, whole: the previous version or the complete new one, never a torn or missing
/// file; the manifest never lists a temporary file. A last full build then gives exactly
/// the site a clean build of version 2 gives, without any temporary file left.
#[test]
fn a_killed_build_leaves_the_previous_site_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let (v1, v2) = (tmp.path().join("v1.yaml"), tmp.path().join("v2.yaml"));
    fs::write(&v1, roster(2000, "ENT version un")).unwrap();
    fs::write(&v2, roster(2000, "ENT version deux")).unwrap();
    let (site, reference) = (tmp.path().join("site"), tmp.path().join("reference"));

    let start = Instant::now();
    build(&v1, &site);
    let full = start.elapsed();
    build(&v2, &reference);
    let new = manifest(&reference);
    assert!(new.len() > 2000 * 5, "{} fichiers seulement", new.len());

    let (mut killed, mut mixed) = (0, 0);
    for tenth in [3, 5, 8] {
        let before = manifest(&site);
        assert!(before.keys().all(|p| !p.ends_with(TMP_SUFFIX)));
        killed += kill_build_after(&v2, &site, full * tenth / 10) as usize;

        let (mut old_version, mut new_version) = (0, 0);
        for (path, old_hash) in &before {
            let now = hash_of(&site.join(path)).unwrap_or_else(|| panic!("{path} a disparu"));
            if new.get(path) == Some(&now) {
                new_version += (&now != old_hash) as usize;
            } else if &now == old_hash {
                old_version += 1;
            } else {
                panic!("{path} : ni l'ancienne ni la nouvelle version (fichier tronqué ?)");
            }
        }
        if old_version > 0 && new_version > 0 {
            mixed += 1;
        }
        assert!(manifest(&site).keys().all(|p| !p.ends_with(TMP_SUFFIX)));
    }
    assert!(
        killed > 0,
        "aucun build interrompu : le site est trop petit pour cette machine"
    );
    eprintln!("build complet : {full:?} ; {killed} builds interrompus, {mixed} laissant un mélange ancien/nouveau");

    build(&v2, &site);
    assert_eq!(manifest(&site), new);
    for (path, hash) in &new {
        assert_eq!(hash_of(&site.join(path)).as_ref(), Some(hash), "{path}");
    }
    assert_eq!(temporaries(&site), Vec::<PathBuf>::new());
}

/// A first build killed midway never leaves a torn page: each establishment is written
/// into a hidden temporary folder and appears whole, by one rename. Every file present after
/// the kill (outside temporary folders) is the complete file of a clean build, and the next
/// build clears the temporary folders and completes the site.
#[test]
fn a_killed_first_build_leaves_only_whole_files() {
    let tmp = tempfile::tempdir().unwrap();
    let v = tmp.path().join("v.yaml");
    fs::write(&v, roster(2000, "ENT neuf")).unwrap();
    let (site, reference) = (tmp.path().join("site"), tmp.path().join("reference"));
    let start = Instant::now();
    build(&v, &reference);
    let full = start.elapsed();
    let clean = manifest(&reference);

    let (mut killed, mut with_pages) = (0, 0);
    for tenth in [2, 4, 6, 8] {
        let _ = fs::remove_dir_all(&site);
        killed += kill_build_after(&v, &site, full * tenth / 10) as usize;
        // Killed before the output folder was created (slow machine): nothing to check.
        let present: Vec<_> = walkdir::WalkDir::new(&site)
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().ends_with(TMP_SUFFIX))
            .filter_map(|e| match e {
                Ok(e) => Some(e),
                Err(err) if not_found(&err) => None,
                Err(err) => panic!("{err}"),
            })
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&site).unwrap().to_string_lossy().into_owned())
            .collect();
        with_pages += present.iter().any(|p| p.ends_with(".html")) as usize;
        for path in &present {
            if path == "manifest.json" || path.starts_with('.') {
                continue;
            }
            let hash = hash_of(&site.join(path));
            assert_eq!(
                hash.as_ref(),
                clean.get(path),
                "{path} : fichier incomplet après interruption"
            );
        }
    }
    assert!(
        killed > 0,
        "aucun build interrompu : le site est trop petit pour cette machine"
    );
    eprintln!("build complet : {full:?} ; {killed} builds interrompus, {with_pages} avec des pages écrites");
    build(&v, &site);
    assert_eq!(manifest(&site), clean);
    assert_eq!(temporaries(&site), Vec::<PathBuf>::new());
}

fn not_found(err: &walkdir::Error) -> bool {
    err.io_error().map(|e| e.kind()) == Some(std::io::ErrorKind::NotFound)
}

/// Exit code and stderr of a build of the minimal roster into `out`.
fn build_into(out: &Path) -> (i32, String) {
    common::build_roster(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rosters/minimal.yaml"),
        out,
    )
}

/// We run as root, so `chmod` would not stop the writes: /proc and /sys refuse them anyway.
#[test]
fn an_unwritable_output_directory_is_exit_3_in_french() {
    for (out, why) in [
        ("/proc/ent-rgpd-x", "fichier ou dossier introuvable"),
        ("/sys/kernel/ent-rgpd-x", "permission refusée"),
    ] {
        let (code, stderr) = build_into(Path::new(out));
        assert_eq!(code, 3, "{out}: {stderr}");
        assert!(stderr.contains("impossible de lire ou d'écrire"), "{out}: {stderr}");
        assert!(stderr.contains(out) && stderr.contains(why), "{out}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// A file where the output directory, or one of its subdirectories, should be.
#[test]
fn a_file_in_place_of_a_directory_is_exit_3() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("public");
    fs::write(&file, "pas un dossier").unwrap();
    let (code, stderr) = build_into(&file);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("impossible de lire ou d'écrire"), "{stderr}");
    assert!(stderr.contains(&*file.to_string_lossy()), "{stderr}");
    assert!(
        stderr.contains("là où un dossier est attendu"),
        "the reason in French: {stderr}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "pas un dossier");

    let out = tmp.path().join("site");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("0570055a"), "pas un dossier").unwrap();
    let (code, stderr) = build_into(&out);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("0570055a"), "{stderr}");
}
