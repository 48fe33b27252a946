//! The output folder is shared ground (SPEC §4, issue 13): attacks and accidents against
//! `ent-rgpd build` — two builds at once, links planted at temporary names or in place of
//! folders, files deleted or edited behind its back, a corrupt manifest, a folder named by
//! the manifest, `ulimit -f` — each leave the site right or stop with exit 3 in French.

mod common;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

/// Files of its own that `build` keeps in the output folder besides the site: the lock.
const LOCK: &str = ".ent-rgpd.lock";

use common::{colleges_roster as roster, manifest, uai};

fn bin() -> PathBuf {
    Command::cargo_bin("ent-rgpd").unwrap().get_program().into()
}

fn build_cmd(roster: &Path, out: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(bin());
    cmd.args(["build", "--roster"]).arg(roster).arg("--output").arg(out);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

/// A build (not quiet): its output.
fn build(roster: &Path, out: &Path) -> Output {
    build_cmd(roster, out).output().unwrap()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "{:?}\n{}{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        stderr(o)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a build says on stderr, without the roster's warnings (« avertissement » blocks
/// pointing at a line of the roster).
fn stderr(o: &Output) -> String {
    let text = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = text.lines().collect();
    let mut kept = Vec::new();
    let mut skipping = false;
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("avertissement :") {
            skipping = lines
                .get(i + 1)
                .is_some_and(|next| next.trim_start().starts_with("-->"));
        } else if !line.is_empty() && !line.starts_with(' ') && !line.contains('|') {
            skipping = false;
        }
        if !skipping {
            kept.push(*line);
        }
    }
    kept.join("\n")
}

/// A count from the summary line: « 12 fichier(s) écrit(s) » → 12.
fn count(stdout: &str, label: &str) -> usize {
    let end = stdout
        .find(label)
        .unwrap_or_else(|| panic!("« {label} » absent : {stdout}"));
    stdout[..end].trim_end().rsplit(' ').next().unwrap().parse().unwrap()
}

fn written(stdout: &str) -> usize {
    count(stdout, "fichier(s) écrit(s)")
}

fn unchanged(stdout: &str) -> usize {
    count(stdout, "inchangé(s)")
}

/// Every file under `dir` (not following links) with its bytes, the lock left out.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut t = common::tree(dir);
    t.remove(LOCK);
    t
}

/// Differences between two trees, for a readable failure.
fn diff(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut d = Vec::new();
    for (k, v) in a {
        match b.get(k) {
            None => d.push(format!("seulement à gauche : {k}")),
            Some(w) if w != v => d.push(format!("différent : {k}")),
            _ => {}
        }
    }
    d.extend(
        b.keys()
            .filter(|k| !a.contains_key(*k))
            .map(|k| format!("seulement à droite : {k}")),
    );
    d.truncate(20);
    d
}

struct Project {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    roster: PathBuf,
    out: PathBuf,
}

fn project(yaml: &str) -> Project {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let roster = root.join("parties.yaml");
    fs::write(&roster, yaml).unwrap();
    Project {
        out: root.join("public"),
        roster,
        root,
        _tmp: tmp,
    }
}

/// The site a clean build of `yaml` gives.
fn clean_tree(yaml: &str) -> BTreeMap<String, Vec<u8>> {
    let p = project(yaml);
    ok(&build(&p.roster, &p.out));
    tree(&p.out)
}

// ---------------------------------------------------------------------------------------
// 1. Two builds into one folder at once.

/// Two builds started together into the same folder, five times: each time both end well
/// (the second waits for the first), the site is the one of a clean build, and a later
/// rebuild writes nothing and counts every file as unchanged.
#[test]
fn two_builds_at_once_leave_the_site_of_a_clean_build() {
    let yaml = roster(250, "ENT concurrent");
    let clean = clean_tree(&yaml);
    for round in 0..5 {
        let p = project(&yaml);
        let a = build_cmd(&p.roster, &p.out).spawn().unwrap();
        let b = build_cmd(&p.roster, &p.out).spawn().unwrap();
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        ok(&a);
        ok(&b);
        let now = tree(&p.out);
        assert!(now == clean, "tour {round} : {:?}", diff(&clean, &now));
        let stdout = ok(&build(&p.roster, &p.out));
        assert_eq!(written(&stdout), 0, "tour {round} : {stdout}");
        assert_eq!(unchanged(&stdout), manifest(&p.out).len(), "tour {round} : {stdout}");
    }
}

/// Takes the output folder's lock as a build would (flock on `.ent-rgpd.lock`), with this
/// process as the one building.
fn hold_lock(out: &Path) -> fs::File {
    use std::os::fd::AsRawFd;
    fs::create_dir_all(out).unwrap();
    let f = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(out.join(LOCK))
        .unwrap();
    assert_eq!(unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) }, 0);
    fs::write(out.join(".ent-rgpd.en-cours"), format!("{}\n", std::process::id())).unwrap();
    f
}

/// While another build holds the folder, a build that may not wait exits 3 and says which
/// process holds it; one that may wait does, then builds.
#[test]
fn a_held_output_folder_is_exit_3_naming_the_holder() {
    let p = project(&roster(3, "ENT verrouillé"));
    let lock = hold_lock(&p.out);
    let o = build_cmd(&p.roster, &p.out)
        .env("ENT_RGPD_ATTENTE_VERROU", "0")
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("un autre build"), "{err}");
    assert!(err.contains(&format!("processus {}", std::process::id())), "{err}");
    assert!(!p.out.join("index.html").exists(), "nothing written while held");

    let waiting = build_cmd(&p.roster, &p.out)
        .env("ENT_RGPD_ATTENTE_VERROU", "20")
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(!p.out.join("index.html").exists(), "still waiting");
    fs::remove_file(p.out.join(".ent-rgpd.en-cours")).unwrap();
    drop(lock);
    let o = waiting.wait_with_output().unwrap();
    ok(&o);
    assert!(stderr(&o).contains("attente"), "{}", stderr(&o));
    assert!(p.out.join("index.html").is_file());
}

// ---------------------------------------------------------------------------------------
// 2. Temporary files: created exclusively, never through a link.

/// Links planted at the fixed temporary names of earlier versions (pages, manifest, input
/// cache, report, export): nothing outside the output folder is written, and the manifest
/// stays a regular file.
#[test]
fn links_at_temporary_names_are_never_followed() {
    let p = project(&roster(3, "ENT un"));
    ok(&build(&p.roster, &p.out));
    let victim = p.root.join("victime.txt");
    fs::write(&victim, "à ne pas écraser").unwrap();
    let a = uai(0).to_lowercase();
    for tmp in [
        ".index.html.ent-rgpd.tmp".to_string(),
        ".manifest.json.ent-rgpd.tmp".into(),
        ".ent-rgpd-entrees.json.ent-rgpd.tmp".into(),
        ".registre.csv.ent-rgpd.tmp".into(),
        format!("{a}/.index.html.ent-rgpd.tmp"),
        format!("{a}/mentions/.index.html.ent-rgpd.tmp"),
    ] {
        symlink(&victim, p.out.join(tmp)).unwrap();
    }
    symlink(&victim, p.root.join(".rapport.json.ent-rgpd.tmp")).unwrap();
    symlink(&victim, p.root.join(".registre.csv.ent-rgpd.tmp")).unwrap();
    // Every page changes: every file goes through a temporary file.
    fs::write(&p.roster, roster(3, "ENT deux")).unwrap();
    let o = build_cmd(&p.roster, &p.out)
        .arg("--report")
        .arg(p.root.join("rapport.json"))
        .output()
        .unwrap();
    ok(&o);
    let o = std::process::Command::new(bin())
        .args(["export", "--format", "csv", "--roster"])
        .arg(&p.roster)
        .arg("--output")
        .arg(p.root.join("registre.csv"))
        .output()
        .unwrap();
    ok(&o);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "à ne pas écraser");
    for f in [
        p.out.join("manifest.json"),
        p.root.join("rapport.json"),
        p.root.join("registre.csv"),
    ] {
        assert!(fs::symlink_metadata(&f).unwrap().is_file(), "{}", f.display());
    }
    assert!(
        fs::read_to_string(p.out.join("index.html"))
            .unwrap()
            .contains("ENT deux")
    );
}

/// `manifest.json` itself a link to a file outside: read or not, it is never written
/// through; after the build it is a regular file and the outside file is untouched.
#[test]
fn a_manifest_that_is_a_link_is_replaced_not_written_through() {
    let p = project(&roster(3, "ENT un"));
    ok(&build(&p.roster, &p.out));
    let outside = p.root.join("ailleurs.json");
    fs::rename(p.out.join("manifest.json"), &outside).unwrap();
    let before = fs::read(&outside).unwrap();
    symlink(&outside, p.out.join("manifest.json")).unwrap();
    fs::write(&p.roster, roster(4, "ENT deux")).unwrap();
    ok(&build(&p.roster, &p.out));
    assert_eq!(fs::read(&outside).unwrap(), before);
    assert!(fs::symlink_metadata(p.out.join("manifest.json")).unwrap().is_file());
    assert_eq!(
        manifest(&p.out).len(),
        tree(&p.out).len() - 2,
        "every file but the manifest and the input cache"
    );
}

// ---------------------------------------------------------------------------------------
// 3. Links in place of folders.

/// A folder of the site replaced by a link to a folder outside (an establishment's folder,
/// a sub-folder of another): the build refuses to write through it (exit 3, in French,
/// naming the link) and nothing outside is touched.
#[test]
fn a_folder_replaced_by_a_link_is_refused() {
    for (linked, inner) in [
        (uai(0).to_lowercase(), "index.html"),
        (format!("{}/mentions", uai(1).to_lowercase()), "index.html"),
    ] {
        let p = project(&roster(3, "ENT un"));
        ok(&build(&p.roster, &p.out));
        let outside = p.root.join("ailleurs");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join(inner), "à ne pas écraser").unwrap();
        fs::remove_dir_all(p.out.join(&linked)).unwrap();
        symlink(&outside, p.out.join(&linked)).unwrap();
        fs::write(&p.roster, roster(3, "ENT deux")).unwrap();
        let o = build(&p.roster, &p.out);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{linked}: {err}");
        assert!(err.contains("lien symbolique") && err.contains(&linked), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        let names: Vec<_> = fs::read_dir(&outside)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [inner], "{linked}: nothing written outside");
        assert_eq!(fs::read_to_string(outside.join(inner)).unwrap(), "à ne pas écraser");
        // Once the link is gone, the build completes the site.
        fs::remove_file(p.out.join(&linked)).unwrap();
        ok(&build(&p.roster, &p.out));
        assert_eq!(tree(&p.out), clean_tree(&roster(3, "ENT deux")));
    }
}

/// The folder of an establishment removed from the roster was moved elsewhere and replaced
/// by a link: its files, listed in the manifest, are not deleted through the link.
#[test]
fn a_manifest_entry_behind_a_linked_folder_is_never_deleted_outside() {
    let p = project(&roster(3, "ENT un"));
    ok(&build(&p.roster, &p.out));
    let gone = uai(2).to_lowercase();
    let outside = p.root.join("ailleurs");
    fs::rename(p.out.join(&gone), &outside).unwrap();
    symlink(&outside, p.out.join(&gone)).unwrap();
    let before = common::tree(&outside);
    assert!(before.len() > 3);
    fs::write(&p.roster, roster(2, "ENT un")).unwrap();
    let o = build(&p.roster, &p.out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("lien symbolique") && err.contains(&gone), "{err}");
    assert_eq!(common::tree(&outside), before, "nothing deleted outside");
}

// ---------------------------------------------------------------------------------------
// 4. The manifest is the truth of what is on disk.

/// Files of the site deleted or edited by hand (an establishment's pages, ENT-level files,
/// an edit keeping the size) are written again when their establishment (or the ENT-level
/// files) are rendered again, though their content did not change: the disk, not the last
/// manifest, decides. (Files of establishments not rendered again are not looked at: a
/// `stat` of each file of a national site costs +0.75 s per rebuild.)
#[test]
fn files_deleted_or_edited_on_disk_are_restored_when_rendered_again() {
    let yaml = roster(3, "ENT un");
    let clean = clean_tree(&yaml);
    let p = project(&yaml);
    ok(&build(&p.roster, &p.out));
    let a = uai(0).to_lowercase();
    fs::remove_file(p.out.join(format!("{a}/mentions/index.html"))).unwrap();
    fs::remove_dir_all(p.out.join(uai(1).to_lowercase())).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut page = fs::read(p.out.join(format!("{a}/index.html"))).unwrap();
    page.extend_from_slice(b"<p>ajout</p>");
    fs::write(p.out.join(format!("{a}/index.html")), page).unwrap();
    let mut home = fs::read(p.out.join("index.html")).unwrap();
    let n = home.len() / 2;
    home[n] = if home[n] == b'x' { b'y' } else { b'x' }; // the same size
    fs::write(p.out.join("index.html"), home).unwrap();
    fs::write(p.out.join("registre.csv"), "effacé").unwrap();
    // Everything rendered again, to the same content (the input hashes forgotten).
    fs::remove_file(p.out.join(".ent-rgpd-entrees.json")).unwrap();

    let stdout = ok(&build(&p.roster, &p.out));
    let now = tree(&p.out);
    assert!(now == clean, "{:?}", diff(&clean, &now));
    assert!(written(&stdout) >= 5, "{stdout}");
    // And the restored site is stable.
    let stdout = ok(&build(&p.roster, &p.out));
    assert_eq!(written(&stdout), 0, "{stdout}");
}

/// One byte of a file changed, its size kept: only its modification time and its bytes
/// tell.
fn edit_keeping_size(path: &Path) {
    let mut bytes = fs::read(path).unwrap();
    let n = bytes.len() / 2;
    bytes[n] = if bytes[n] == b'x' { b'y' } else { b'x' };
    fs::write(path, bytes).unwrap();
}

/// Past the file system's clock granularity, so that an edit is newer than the manifest.
fn tick() {
    std::thread::sleep(std::time::Duration::from_millis(30));
}

/// The manifest is the truth even when the roster did not change (the input hashes say
/// « nothing to render »): establishments' files and ENT-level files (always rendered, or in
/// a kept group) deleted, edited with their size kept, emptied, or replaced by a link are
/// written again by the next build, and only they (a link replaced, not written through);
/// the build after writes nothing.
#[test]
fn files_deleted_or_edited_on_disk_are_rewritten_though_the_roster_did_not_change() {
    let yaml = roster(3, "ENT un");
    let clean = clean_tree(&yaml);
    let p = project(&yaml);
    ok(&build(&p.roster, &p.out));
    let (a, b, c) = (uai(0).to_lowercase(), uai(1).to_lowercase(), uai(2).to_lowercase());
    tick();
    fs::remove_file(p.out.join(format!("{a}/mentions/index.html"))).unwrap();
    edit_keeping_size(&p.out.join(format!("{b}/index.html")));
    let outside = p.root.join("ailleurs.json");
    fs::write(&outside, "à ne pas écraser").unwrap();
    fs::remove_file(p.out.join(format!("{c}/footer.json"))).unwrap();
    symlink(&outside, p.out.join(format!("{c}/footer.json"))).unwrap();
    fs::remove_file(p.out.join("departements/57/index.html")).unwrap();
    edit_keeping_size(&p.out.join("index.html"));
    fs::write(p.out.join("registre.csv"), "").unwrap();

    let o = build(&p.roster, &p.out);
    let stdout = ok(&o);
    let now = tree(&p.out);
    assert!(now == clean, "{:?}", diff(&clean, &now));
    assert_eq!(written(&stdout), 6, "{stdout}");
    assert_eq!(fs::read_to_string(&outside).unwrap(), "à ne pas écraser");
    let stdout = ok(&build(&p.roster, &p.out));
    assert_eq!(written(&stdout), 0, "{stdout}");
    assert_eq!(unchanged(&stdout), manifest(&p.out).len(), "{stdout}");
}

/// A file touched but not changed (a copy that kept the bytes, not the times) is not
/// rewritten: its bytes are compared with the manifest's hash.
#[test]
fn a_file_touched_but_unchanged_is_not_rewritten() {
    let p = project(&roster(3, "ENT un"));
    ok(&build(&p.roster, &p.out));
    tick();
    let page = p.out.join(format!("{}/index.html", uai(0).to_lowercase()));
    let inode = fs::metadata(&page).unwrap().ino();
    fs::write(&page, fs::read(&page).unwrap()).unwrap();
    for _ in 0..2 {
        let stdout = ok(&build(&p.roster, &p.out));
        assert_eq!(written(&stdout), 0, "{stdout}");
    }
    assert_eq!(fs::metadata(&page).unwrap().ino(), inode);
}

/// A `--only` build leaves the other establishments' files unchecked: a file edited before
/// it is still found, and written again, by the next build (the manifest rewritten by the
/// `--only` build keeps the time of the last check).
#[test]
fn an_edit_before_an_only_build_is_found_by_the_next_build() {
    let yaml = roster(3, "ENT un");
    let p = project(&yaml);
    ok(&build(&p.roster, &p.out));
    tick();
    edit_keeping_size(&p.out.join(format!("{}/mentions/index.html", uai(1).to_lowercase())));
    tick();
    let renamed = yaml.replace("Collège numéro 0\n", "Collège numéro zéro\n");
    assert_ne!(renamed, yaml);
    fs::write(&p.roster, &renamed).unwrap();
    let o = build_cmd(&p.roster, &p.out).args(["--only", &uai(0)]).output().unwrap();
    ok(&o);
    ok(&build(&p.roster, &p.out));
    let (now, clean) = (tree(&p.out), clean_tree(&renamed));
    assert!(now == clean, "{:?}", diff(&clean, &now));
}

/// After a corrupt manifest the next build renders everything and deletes nothing; its
/// manifest lists the whole site again, so that an establishment removed later is deleted.
#[test]
fn a_corrupt_manifest_forces_a_full_render_and_deletes_nothing() {
    let p = project(&roster(3, "ENT un"));
    ok(&build(&p.roster, &p.out));
    let full = manifest(&p.out);
    fs::write(p.out.join("manifest.json"), "{\"version\":1,\"files\":{\"tronqué").unwrap();
    fs::write(p.out.join("CNAME"), "rgpd.exemple.fr").unwrap();
    let o = build(&p.roster, &p.out);
    ok(&o);
    assert!(stderr(&o).contains("manifest.json"), "a warning: {}", stderr(&o));
    assert_eq!(manifest(&p.out), full, "the whole site is listed again");
    assert!(p.out.join("CNAME").is_file());

    fs::write(&p.roster, roster(2, "ENT un")).unwrap();
    ok(&build(&p.roster, &p.out));
    assert!(
        !p.out.join(uai(2).to_lowercase()).exists(),
        "a removed establishment is deleted"
    );
    assert_eq!(
        tree(&p.out).get("CNAME").map(Vec::as_slice),
        Some(&b"rgpd.exemple.fr"[..])
    );
}

/// A manifest entry naming a folder (edited by hand): ignored with a warning, the folder
/// kept, the build ends well, and the entry leaves the manifest.
#[test]
fn a_manifest_entry_naming_a_folder_is_ignored_with_a_warning() {
    let p = project(&roster(3, "ENT un"));
    ok(&build(&p.roster, &p.out));
    let text = fs::read_to_string(p.out.join("manifest.json")).unwrap();
    let hash = blake3::hash(b"x").to_hex();
    let a = uai(0).to_lowercase();
    let entries = format!(
        "{{\n\"{a}/registre\":{{\"blake3\":\"{hash}\",\"uai\":\"{}\"}},\n\"departements\":{{\"blake3\":\"{hash}\",\"uai\":null}},\n",
        uai(0)
    );
    let text = text.replacen("{\n", &entries, 1);
    fs::write(p.out.join("manifest.json"), text).unwrap();
    // A change everywhere: every previous entry not produced again is deleted.
    fs::write(&p.roster, roster(3, "ENT deux")).unwrap();
    let o = build(&p.roster, &p.out);
    ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains("dossier") && err.contains(&format!("{a}/registre")),
        "{err}"
    );
    assert!(p.out.join(format!("{a}/registre/ent/index.html")).is_file());
    assert!(p.out.join("departements").is_dir());
    let listed = manifest(&p.out);
    assert!(!listed.contains_key(&format!("{a}/registre")) && !listed.contains_key("departements"));
    ok(&build(&p.roster, &p.out));
}

// ---------------------------------------------------------------------------------------
// 5. File size limit, caches, the summary.

/// `sh -c "ulimit -f 2; exec ent-rgpd ARGS"`, its standard output to `stdout` if given.
fn with_file_limit(args: &[&str], stdout: Option<fs::File>) -> Output {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -f 2; exec \"$@\"")
        .arg("sh")
        .arg(bin())
        .args(args);
    if let Some(f) = stdout {
        cmd.stdout(f);
    }
    cmd.output().unwrap()
}

fn assert_exit_3_too_large(o: &Output) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(3), "{:?} {err}", o.status);
    assert!(err.contains("trop grand"), "{err}");
}

/// `ulimit -f`: the build, and an export to a file, stop with exit 3 and a French message
/// instead of being killed by SIGXFSZ.
#[test]
fn a_file_size_limit_is_exit_3_in_french() {
    let p = project(&roster(3, "ENT un"));
    let (roster, out) = (p.roster.to_str().unwrap(), p.out.to_str().unwrap());
    let export = p.root.join("registre.ods");
    assert_exit_3_too_large(&with_file_limit(&["build", "--roster", roster, "--output", out], None));
    let args = [
        "export",
        "--format",
        "ods",
        "--roster",
        roster,
        "--output",
        export.to_str().unwrap(),
    ];
    assert_exit_3_too_large(&with_file_limit(&args, None));
}

/// The same for an export to its standard output redirected to a file.
#[test]
fn a_file_size_limit_on_the_exported_output_is_exit_3_in_french() {
    let p = project(&roster(3, "ENT un"));
    let stdout = fs::File::create(p.root.join("registre.json")).unwrap();
    let roster = p.roster.to_str().unwrap();
    let o = with_file_limit(&["export", "--format", "json", "--roster", roster], Some(stdout));
    assert_exit_3_too_large(&o);
}

/// A build with no change rewrites no file of its own (the input cache) and says how many
/// files are unchanged.
#[test]
fn a_no_change_build_rewrites_nothing_and_counts_the_unchanged_files() {
    let p = project(&roster(3, "ENT un"));
    ok(&build(&p.roster, &p.out));
    let stamp = |rel: &str| {
        let m = fs::symlink_metadata(p.out.join(rel)).unwrap();
        (m.ino(), m.mtime(), m.mtime_nsec())
    };
    let files: Vec<String> = tree(&p.out).into_keys().collect();
    let before: Vec<_> = files.iter().map(|f| stamp(f)).collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let stdout = ok(&build(&p.roster, &p.out));
    let after: Vec<_> = files.iter().map(|f| stamp(f)).collect();
    let rewritten: Vec<_> = files
        .iter()
        .zip(before.iter().zip(&after))
        .filter(|(_, (b, a))| b != a)
        .map(|(f, _)| f)
        .collect();
    assert!(rewritten.is_empty(), "{rewritten:?}");
    assert_eq!(written(&stdout), 0, "{stdout}");
    assert_eq!(unchanged(&stdout), manifest(&p.out).len(), "{stdout}");
}
