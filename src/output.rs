//! The one place that writes files: atomic writes, manifest, rebuilds (SPEC §4).
//!
//! [`write_site`] takes the rendered pages (a `Vec<Page>` or a parallel iterator, so that
//! rendering and writing overlap without holding the whole site in memory) and:
//! - writes a page only if its blake3 hash differs from the previous `manifest.json` or the
//!   file is missing on disk, to a temporary file in the same directory then `rename`; a new
//!   establishment's pages are written into a hidden temporary folder renamed once complete;
//! - deletes only files listed in the previous manifest that are no longer produced (and in
//!   the [`Scope`]), then the directories that became empty;
//! - never touches anything else in the output directory (`.git`, `CNAME`, ...);
//! - writes `manifest.json` last, atomically, and only if it changed.
//!
//! A missing or unreadable-as-JSON manifest counts as empty: everything is written, nothing
//! is deleted.
//!
//! The output folder is shared ground ([`lock`], [`safe`]): one build at a time (a lock);
//! temporary files and staging folders have names unique to the build and are created
//! exclusively, never through a link; a folder of the output that is a link is never
//! written or deleted through (exit 3).
//!
//! The manifest is the truth of what is on disk. Each entry records its file's size, and
//! the manifest's modification time says up to when every file it lists was known to be as
//! listed (it is written, or touched, after them; set back when a build checked only part
//! of the folder). A file is trusted as it is on disk only while it is a regular file of
//! that size no newer than the manifest; else it is hashed, and rewritten if its bytes
//! differ. Files rendered again are checked by the writer; the others (establishments and
//! ENT-level groups kept as they are) by [`Previous::damaged`], one `lstat` each, which
//! sends what it finds damaged back to be rendered — usually from a [`Survey`] taken while
//! the roster was checked.

mod lock;
mod safe;

pub use lock::{LOCK, Lock, RUNNING, lock};
pub use safe::{TMP_SUFFIX, fr as io_in_french, ignore_sigxfsz};

use crate::error::{Error, Result};
use crate::render::Page;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// File name of the manifest, at the root of the output directory.
pub const MANIFEST: &str = "manifest.json";
/// Version of the manifest format.
pub const MANIFEST_VERSION: u32 = 1;

/// Which files of the previous manifest the given pages stand for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// The pages are the whole site: a previous file that is not produced any more is deleted.
    #[default]
    All,
    /// The pages cover only these establishments (`--only`), plus the ENT-level files if
    /// `ent`. Previous files outside the scope are kept in the manifest, neither rewritten nor
    /// deleted. UAIs compare ASCII case-insensitively (upper-case ones are found fastest).
    Only { uais: BTreeSet<String>, ent: bool },
    /// The pages are the whole site except the files of `kept` establishments (unchanged since
    /// the last build, not rendered again), and except the ENT-level files unless `ent`.
    /// Kept files stay in the manifest, neither rewritten nor deleted; any other previous file
    /// not produced any more is deleted (an establishment removed from the roster).
    /// `ent_kept`: path prefixes of ENT-level files kept as well, even when `ent`.
    Except {
        kept: BTreeSet<String>,
        ent: bool,
        ent_kept: Vec<String>,
    },
}

impl Scope {
    /// Whether a file belonging to `uai` (`None`: ENT-level) is in the scope.
    pub fn contains(&self, uai: Option<&str>) -> bool {
        match (self, uai) {
            (Scope::All, _) => true,
            (Scope::Only { ent, .. }, None) => *ent,
            (Scope::Only { uais, .. }, Some(u)) => uais.contains(u) || uais.iter().any(|s| s.eq_ignore_ascii_case(u)),
            (Scope::Except { ent, .. }, None) => *ent,
            (Scope::Except { kept, .. }, Some(u)) => {
                !(kept.contains(u) || kept.iter().any(|s| s.eq_ignore_ascii_case(u)))
            }
        }
    }

    /// The same scope, with the ENT-level files under `prefixes` kept as they are (not
    /// rendered again, not deleted). A `--only` scope is left as it is.
    pub fn keeping_ent(self, prefixes: Vec<String>) -> Scope {
        if prefixes.is_empty() {
            return self;
        }
        match self {
            Scope::All => Scope::Except {
                kept: BTreeSet::new(),
                ent: true,
                ent_kept: prefixes,
            },
            Scope::Except { kept, ent, .. } => Scope::Except {
                kept,
                ent,
                ent_kept: prefixes,
            },
            only => only,
        }
    }

    /// The same scope, with files found damaged on disk (see [`Previous::damaged`]) rendered
    /// again: the establishments `uais` are not kept any more, and with `ent_kept`, the
    /// ENT-level files are rendered, except those under these prefixes. A `--only` scope is
    /// left as it is.
    pub fn repairing(self, uais: &BTreeSet<String>, ent_kept: Option<Vec<String>>) -> Scope {
        match self {
            Scope::Except {
                mut kept,
                ent,
                ent_kept: before,
            } => {
                kept.retain(|u| !uais.contains(&u.to_ascii_uppercase()));
                let (ent, ent_kept) = match ent_kept {
                    Some(prefixes) => (true, prefixes),
                    None => (ent, before),
                };
                Scope::Except { kept, ent, ent_kept }
            }
            other => other,
        }
    }

    /// The same scope, with upper-case UAIs, for [`Scope::contains_upper`].
    fn upper(&self) -> Scope {
        match self {
            Scope::All => Scope::All,
            Scope::Only { uais, ent } => Scope::Only {
                uais: uais.iter().map(|u| u.to_ascii_uppercase()).collect(),
                ent: *ent,
            },
            Scope::Except { kept, ent, ent_kept } => Scope::Except {
                kept: kept.iter().map(|u| u.to_ascii_uppercase()).collect(),
                ent: *ent,
                ent_kept: ent_kept.clone(),
            },
        }
    }

    /// Whether a previous file is in the scope (see [`Scope::contains`]), with ENT-level files
    /// under a kept prefix out of it. In O(log n), for a scope made by [`Scope::upper`].
    fn contains_file(&self, uai: Option<&str>, path: &str) -> bool {
        match (self, uai) {
            (Scope::Except { ent_kept, .. }, None) if ent_kept.iter().any(|p| path.starts_with(p.as_str())) => false,
            _ => self.contains_upper(uai),
        }
    }

    fn contains_upper(&self, uai: Option<&str>) -> bool {
        match (self, uai) {
            (Scope::Only { uais, .. }, Some(u)) if u.bytes().any(|b| b.is_ascii_lowercase()) => {
                uais.contains(&u.to_ascii_uppercase())
            }
            (Scope::Only { uais, .. }, Some(u)) => uais.contains(u),
            (Scope::Except { kept, .. }, Some(u)) if u.bytes().any(|b| b.is_ascii_lowercase()) => {
                !kept.contains(&u.to_ascii_uppercase())
            }
            (Scope::Except { kept, .. }, Some(u)) => !kept.contains(u),
            _ => self.contains(uai),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteOptions {
    pub scope: Scope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Added,
    Modified,
    Removed,
}

impl ChangeKind {
    /// The French label used in reports.
    pub fn label_fr(self) -> &'static str {
        match self {
            ChangeKind::Added => "nouveau",
            ChangeKind::Modified => "modifié",
            ChangeKind::Removed => "supprimé",
        }
    }
}

/// A file whose published content changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub uai: Option<String>,
    pub kind: ChangeKind,
}

/// What a write did. `written` also counts files rewritten only because they were missing on
/// disk; those are not in `changed` (their published content is the same).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Sorted by path.
    pub changed: Vec<Change>,
    /// What the user should know, in French (a corrupt manifest, an entry naming a folder).
    pub warnings: Vec<String>,
    /// How many files the new manifest lists (kept files included).
    pub files: usize,
}

/// The size of a manifest entry written by an earlier version, which did not record it.
const NO_SIZE: u64 = u64::MAX;

/// One file of a manifest. Strings are borrowed from the previous manifest's bytes where
/// possible: a national roster has half a million of them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry<'a> {
    path: Cow<'a, str>,
    hash: blake3::Hash,
    uai: Option<Cow<'a, str>>,
    /// In bytes ([`NO_SIZE`]: unknown).
    size: u64,
}

/// A JSON string, borrowed unless it has escapes.
struct Str<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Str<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

#[derive(serde::Deserialize)]
struct RawEntry<'a> {
    #[serde(borrow)]
    blake3: Str<'a>,
    #[serde(borrow)]
    uai: Option<Str<'a>>,
    taille: Option<u64>,
}

/// `"files": {path: entry, ...}` into a vector, in file order (no hashing).
struct Files<'a>(Vec<Entry<'a>>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Files<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Files<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of files")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> std::result::Result<Self::Value, A::Error> {
                let mut files = Vec::new();
                while let Some((Str(path), e)) = m.next_entry::<Str, RawEntry>()? {
                    let hash = blake3::Hash::from_hex(e.blake3.0.as_bytes()).map_err(serde::de::Error::custom)?;
                    files.push(Entry {
                        path,
                        hash,
                        uai: e.uai.map(|u| u.0),
                        size: e.taille.unwrap_or(NO_SIZE),
                    });
                }
                Ok(Files(files))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(serde::Deserialize)]
struct RawManifest<'a> {
    version: u32,
    #[serde(borrow)]
    files: Files<'a>,
}

/// Parses a manifest into entries sorted by path; `None` if it is corrupt, of another
/// version, or lists a bad or duplicate path.
fn parse_manifest(bytes: &[u8]) -> Option<Vec<Entry<'_>>> {
    let mut files = match parse_own_manifest(bytes) {
        Some(files) => files,
        None => {
            let raw: RawManifest = serde_json::from_slice(bytes).ok()?;
            (raw.version == MANIFEST_VERSION).then_some(raw.files.0)?
        }
    };
    if files.par_iter().any(|e| check_path(&e.path).is_err()) {
        return None;
    }
    if files.par_windows(2).all(|w| w[0].path < w[1].path) {
        return Some(files); // sorted, as we write it
    }
    files.par_sort_by(|a, b| a.path.cmp(&b.path));
    files.windows(2).all(|w| w[0].path != w[1].path).then_some(files)
}

/// The previous build's manifest as read from the output directory (absent: a first build),
/// so that it can be [parsed](Self::parse) while the roster is checked. It is read without
/// following a link and only if it is a regular file; one that cannot be read counts as
/// corrupt (see [`Previous::is_corrupt`]).
pub struct Manifest {
    path: PathBuf,
    bytes: io::Result<Option<Vec<u8>>>,
    /// Its modification time (ns): every file it lists was written before.
    mtime: Option<i128>,
    /// Which file it was (see [`Survey`]).
    identity: Option<Identity>,
}

/// A parsed [`Manifest`]: its entries sorted by path (none if it is corrupt or unreadable).
pub struct Previous<'a> {
    entries: Vec<Entry<'a>>,
    /// Why the manifest could not be used, in French (it was there but unreadable or corrupt).
    corrupt: Option<String>,
    mtime: Option<i128>,
    /// Where it is.
    path: &'a Path,
    /// Whether every listed file left out of the scope was checked on disk ([`Self::damaged`]).
    checked: bool,
    /// Whether a listed file modified since the manifest was found to hold its bytes.
    verified: bool,
    identity: Option<Identity>,
}

/// Files of the previous manifest not found on disk as the last build left them (see
/// [`Previous::damaged`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Damaged {
    /// Establishments with such a file (upper-case UAIs).
    pub uais: BTreeSet<String>,
    /// ENT-level files so found.
    pub ent: Vec<String>,
}

impl Damaged {
    pub fn is_empty(&self) -> bool {
        self.uais.is_empty() && self.ent.is_empty()
    }
}

/// Which file a manifest is: any build that writes in the folder changes it (a manifest
/// rewritten is a new inode; one touched has new times).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: i128,
    ctime: i128,
}

impl Identity {
    fn of(m: &std::fs::Metadata) -> Identity {
        use std::os::unix::fs::MetadataExt;
        Identity {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime: safe::mtime_ns(m),
            ctime: m.ctime() as i128 * 1_000_000_000 + m.ctime_nsec() as i128,
        }
    }
}

/// A file of a manifest: its path, and its establishment's upper-case UAI (`None`:
/// ENT-level).
type Listed = (String, Option<String>);

/// The last build's files on disk, looked at from its manifest (see [`Previous::damaged`])
/// while the roster is checked, before the build takes the output folder: it stands for the
/// build's own look only if the manifest is still the same file once the folder is taken
/// (another build that wrote meanwhile changed it; one that was interrupted is found by the
/// lock, see [`Lock::interrupted`]). The manifest is read in blocks, never whole, its lines
/// looked at side by side.
#[derive(Debug)]
pub struct Survey {
    identity: Option<Identity>,
    /// How many files the manifest lists.
    pub files: usize,
    /// Files not as the manifest lists them.
    damaged: Vec<Listed>,
    verified: bool,
}

/// A [`Survey`] under way on another thread.
pub struct Surveying {
    thread: std::thread::JoinHandle<Option<Survey>>,
    cancel: std::sync::Arc<AtomicBool>,
}

impl Surveying {
    /// Waits for the survey.
    pub fn finish(self) -> Option<Survey> {
        self.thread.join().ok().flatten()
    }

    /// Stops it, at the end of the block it is at: it is of no use (everything is rendered
    /// again).
    pub fn cancel(self) -> Option<Survey> {
        self.cancel.store(true, Ordering::Relaxed);
        None
    }
}

impl Survey {
    /// Surveys `out` on another thread.
    pub fn start(out: &Path) -> Surveying {
        let out = out.to_path_buf();
        let cancel = std::sync::Arc::new(AtomicBool::new(false));
        let stop = cancel.clone();
        let thread = std::thread::spawn(move || Survey::in_blocks(&out, 4 << 20, &stop));
        Surveying { thread, cancel }
    }

    /// Surveys `out` now; `None` if there is no manifest or it is not one this version wrote
    /// (then [`Previous::damaged`] looks for itself).
    pub fn take(out: &Path) -> Option<Survey> {
        Survey::in_blocks(out, 4 << 20, &AtomicBool::new(false))
    }

    /// [`Survey::take`], the manifest read `block` bytes at a time, until `cancel`.
    fn in_blocks(out: &Path, block: usize, cancel: &AtomicBool) -> Option<Survey> {
        let (mut file, meta) = safe::open_regular(&out.join(MANIFEST)).ok()?;
        let reference = safe::mtime_ns(&meta);
        let root = safe::Root::open(out);
        let head = format!("{{\"version\":{MANIFEST_VERSION},\"files\":{{\n");
        let mut buf = Vec::with_capacity(block + (64 << 10));
        let (mut files, mut damaged, verified) = (0, Vec::new(), AtomicBool::new(false));
        let (mut started, mut ended) = (false, false);
        loop {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let had = buf.len();
            buf.resize(had + block, 0);
            let n = read_full(&mut file, &mut buf[had..]).ok()?;
            buf.truncate(had + n);
            let last = n < block;
            if !started {
                if buf.len() < head.len() && !last {
                    continue;
                }
                buf.drain(..head.len().min(buf.len()))
                    .as_slice()
                    .eq(head.as_bytes())
                    .then_some(())?;
                started = true;
            }
            // Whole lines only, until the end.
            // (Not the last line read: it may be the closing one.)
            let cut = match last {
                true => buf.len(),
                false => buf[..buf.len().saturating_sub(1)]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1),
            };
            let lines = &buf[..cut];
            let lines = match lines.strip_suffix(b"}}\n") {
                Some(rest) if last => {
                    ended = true;
                    rest.strip_suffix(b"\n").unwrap_or(rest)
                }
                _ => lines.strip_suffix(b"\n").unwrap_or(lines),
            };
            if !lines.is_empty() {
                let found: Option<Vec<(usize, Vec<Listed>)>> = lines
                    .par_split(|&b| b == b'\n')
                    .fold(
                        || Some((0, Vec::new(), Vec::new())),
                        |acc, line| {
                            let (n, mut bad, mut buf) = acc?;
                            let e = split_line(line)?;
                            check_path(e.path).ok()?;
                            e.hex.iter().all(|&b| hex_digit(b).is_some()).then_some(())?;
                            let hash = || e.hash().unwrap_or(blake3::Hash::from_bytes([0; 32]));
                            if !as_left(&root, out, (e.path, e.size, hash), reference, &verified, &mut buf) {
                                bad.push((e.path.to_owned(), e.uai.map(|u| u.to_ascii_uppercase())));
                            }
                            Some((n + 1, bad, buf))
                        },
                    )
                    .map(|acc| acc.map(|(n, bad, _)| (n, bad)))
                    .collect();
                for (n, bad) in found? {
                    files += n;
                    damaged.extend(bad);
                }
            }
            buf.drain(..cut);
            if last {
                break;
            }
        }
        ended.then_some(Survey {
            identity: Some(Identity::of(&meta)),
            files,
            damaged,
            verified: verified.into_inner(),
        })
    }

    /// Whether the manifest in `out` is still the one surveyed.
    pub fn holds(&self, out: &Path) -> bool {
        let now = std::fs::symlink_metadata(out.join(MANIFEST)).ok();
        self.identity.is_some() && now.filter(|m| m.is_file()).map(|m| Identity::of(&m)) == self.identity
    }

    /// The damaged files that `scope` leaves out (see [`Previous::damaged`]).
    pub fn damaged(&self, scope: &Scope) -> Damaged {
        let scope = scope.upper();
        let mut damaged = Damaged::default();
        for (path, uai) in &self.damaged {
            if scope.contains_file(uai.as_deref(), path) {
                continue;
            }
            match uai {
                Some(uai) => {
                    damaged.uais.insert(uai.clone());
                }
                None => damaged.ent.push(path.clone()),
            }
        }
        damaged
    }

    /// With nothing to write: see [`Previous::settle`].
    pub fn settle(&self, out: &Path) -> Result<()> {
        let path = out.join(MANIFEST);
        if self.verified && self.damaged.is_empty() {
            safe::touch(&path, None).map_err(|e| io_error(&path, e))?;
        }
        Ok(())
    }
}

/// Reads until `buf` is full or the file ends; how many bytes were read.
fn read_full(file: &mut std::fs::File, buf: &mut [u8]) -> io::Result<usize> {
    use std::io::Read;
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Whether a file (`path`, its recorded `size`, its recorded `hash` if needed) is on disk
/// as the build that listed it left it (see [`Previous::damaged`]): one `lstat`; its bytes
/// hashed only if it is newer than the manifest (`reference`), then `verified` is set if
/// they are the same.
fn as_left(
    root: &safe::Root,
    out: &Path,
    (path, size, hash): (&str, u64, impl FnOnce() -> blake3::Hash),
    reference: i128,
    verified: &AtomicBool,
    buf: &mut Vec<u8>,
) -> bool {
    let Some(st) = root.lstat(path, buf) else {
        return false;
    };
    if !st.file || (size != NO_SIZE && st.size != size) {
        return false;
    }
    if st.mtime <= reference {
        return true;
    }
    let same = safe::hash_file(&out.join(path)).is_ok_and(|h| h == hash());
    if same {
        verified.store(true, Ordering::Relaxed);
    }
    same
}

impl Previous<'_> {
    /// How many files the previous manifest lists.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether a manifest was there but could not be read or parsed: the files it listed
    /// are unknown, so everything must be rendered (and nothing is deleted).
    pub fn is_corrupt(&self) -> bool {
        self.corrupt.is_some()
    }

    /// The manifest is the truth of what is on disk: the files it lists that `scope` leaves
    /// out (kept as they are, not rendered again) are looked at, one `lstat` each, side by
    /// side on every core. A file is as the last build left it if it is a regular file of
    /// the size the manifest records, not modified since the manifest was written; one
    /// modified since is hashed, and counts as it was left if it holds the same bytes. Any
    /// other (missing, replaced by a folder or a link, edited) is damaged: its establishment,
    /// or its ENT-level group, must be rendered again, and the writer then rewrites it.
    /// Once this is done, the writer knows every listed file was checked (see
    /// [`try_write_over`]); with nothing to write, [`Self::settle`] records the check.
    /// A [`Survey`] of this very manifest taken earlier (while the roster was checked)
    /// stands for the scan. (An edit that keeps the size within the clock tick in which the
    /// manifest was written, a few milliseconds, has the manifest's time and goes unseen.)
    pub fn damaged(&mut self, out: &Path, scope: &Scope, survey: Option<&Survey>) -> Damaged {
        self.checked = true;
        if matches!(scope, Scope::All) || self.entries.is_empty() {
            return Damaged::default();
        }
        if let Some(survey) = survey.filter(|s| s.identity.is_some() && s.identity == self.identity) {
            self.verified = survey.verified;
            return survey.damaged(scope);
        }
        let scope = scope.upper();
        let root = safe::Root::open(out);
        let verified = AtomicBool::new(false);
        // No manifest time (none was read): every file is hashed.
        let reference = self.mtime.unwrap_or(i128::MIN);
        let bad: Vec<&Entry> = self
            .entries
            .par_iter()
            .with_min_len(4096)
            .map_init(Vec::new, |buf, e| {
                (!scope.contains_file(e.uai.as_deref(), &e.path)
                    && !as_left(&root, out, (&e.path, e.size, || e.hash), reference, &verified, buf))
                .then_some(e)
            })
            .flatten()
            .collect();
        self.verified = verified.into_inner();
        let mut damaged = Damaged::default();
        for e in bad {
            match &e.uai {
                Some(uai) => {
                    damaged.uais.insert(uai.to_ascii_uppercase());
                }
                None => damaged.ent.push(e.path.to_string()),
            }
        }
        damaged
    }

    /// Files left out of the scope are trusted to be as the last build left them, without
    /// a look (a folder only this process writes in: `serve`'s temporary folder).
    pub fn trust(&mut self) {
        self.checked = true;
    }

    /// After [`Self::damaged`] found nothing and nothing is written: if files modified since
    /// the manifest were found to hold their bytes, the manifest is touched, so that they
    /// are not hashed again by the next build.
    pub fn settle(&self) -> Result<()> {
        if self.checked && self.verified {
            safe::touch(self.path, None).map_err(|e| io_error(self.path, e))?;
        }
        Ok(())
    }
}

impl Manifest {
    pub fn read(out: &Path) -> Manifest {
        let path = out.join(MANIFEST);
        let (bytes, meta) = match safe::read_regular(&path) {
            Ok((b, m)) => (Ok(Some(b)), Some(m)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => (Ok(None), None),
            Err(e) => (Err(e), None),
        };
        Manifest {
            path,
            bytes,
            mtime: meta.as_ref().map(safe::mtime_ns),
            identity: meta.as_ref().map(Identity::of),
        }
    }

    pub fn parse(&self) -> Previous<'_> {
        let (entries, corrupt) = match &self.bytes {
            Ok(None) => (None, None),
            Ok(Some(bytes)) => match parse_manifest(bytes) {
                Some(entries) => (Some(entries), None),
                None => (
                    None,
                    Some("illisible (JSON invalide ou d'une autre version)".to_string()),
                ),
            },
            Err(e) => (None, Some(crate::error::io_fr(e))),
        };
        Previous {
            entries: entries.unwrap_or_default(),
            corrupt: corrupt.map(|why| {
                format!(
                    "« {} » : {why} ; tout le site est régénéré et aucun fichier n'est supprimé \
                     (les fichiers d'établissements retirés depuis restent en place)",
                    self.path.display()
                )
            }),
            mtime: self.mtime,
            path: &self.path,
            checked: false,
            verified: false,
            identity: self.identity,
        }
    }
}

/// A manifest exactly as [`format_manifest`] writes it, parsed line by line in parallel
/// (a national roster's is 80 MB: a third of a rebuild with serde_json). `None` for anything
/// else (edited by hand, escapes in a path...): serde_json then reads it.
fn parse_own_manifest(bytes: &[u8]) -> Option<Vec<Entry<'_>>> {
    let head = format!("{{\"version\":{MANIFEST_VERSION},\"files\":{{");
    let body = bytes.strip_prefix(head.as_bytes())?;
    let body = body.strip_suffix(b"\n}}\n")?;
    if body.is_empty() {
        return Some(Vec::new());
    }
    let body = body.strip_prefix(b"\n")?;
    // Chunks cut at line ends, parsed side by side.
    let mut chunks = Vec::new();
    let mut rest = body;
    while let Some(n) = rest.get(1 << 20..).and_then(|r| r.iter().position(|&b| b == b'\n')) {
        let newline = (1 << 20) + n;
        chunks.push(&rest[..newline]);
        rest = &rest[newline + 1..];
    }
    chunks.push(rest);
    let parts: Vec<Vec<Entry>> = chunks
        .into_par_iter()
        .map(|chunk| {
            let mut entries = Vec::with_capacity(chunk.len() / 96);
            for line in chunk.split(|&b| b == b'\n') {
                entries.push(parse_line(line)?);
            }
            Some(entries)
        })
        .collect::<Option<_>>()?;
    Some(parts.concat())
}

/// `"PATH":{"blake3":"HEX","uai":"UAI","taille":N},` (`null` for no UAI; no size in the
/// manifests of earlier versions; no comma on the last line). Strings with anything
/// serde_json would escape are left to serde_json.
fn parse_line(line: &[u8]) -> Option<Entry<'_>> {
    let raw = split_line(line)?;
    Some(Entry {
        path: Cow::Borrowed(raw.path),
        hash: raw.hash()?,
        uai: raw.uai.map(Cow::Borrowed),
        size: raw.size,
    })
}

/// A line of a manifest, its hash not decoded yet (see [`parse_line`]).
struct RawLine<'a> {
    path: &'a str,
    hex: &'a [u8],
    uai: Option<&'a str>,
    size: u64,
}

impl RawLine<'_> {
    fn hash(&self) -> Option<blake3::Hash> {
        let mut hash = [0u8; 32];
        for (byte, pair) in hash.iter_mut().zip(self.hex.chunks_exact(2)) {
            *byte = (hex_digit(pair[0])? << 4) | hex_digit(pair[1])?;
        }
        Some(blake3::Hash::from_bytes(hash))
    }
}

fn split_line(line: &[u8]) -> Option<RawLine<'_>> {
    const MID: &[u8] = b"\":{\"blake3\":\"";
    const UAI: &[u8] = b"\",\"uai\":";
    const SIZE: &[u8] = b",\"taille\":";
    let line = line.strip_suffix(b",").unwrap_or(line);
    let rest = line.strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| b == b'"')?;
    let (path, rest) = rest.split_at(end);
    let rest = rest.strip_prefix(MID)?;
    let (hex, rest) = (rest.get(..64)?, rest.get(64..)?);
    let rest = rest.strip_prefix(UAI)?.strip_suffix(b"}")?;
    let (rest, size) = match rest.windows(SIZE.len()).rposition(|w| w == SIZE) {
        Some(i) => {
            let digits = &rest[i + SIZE.len()..];
            if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            (&rest[..i], std::str::from_utf8(digits).ok()?.parse().ok()?)
        }
        None => (rest, NO_SIZE),
    };
    let uai = match rest {
        b"null" => None,
        u => Some(u.strip_prefix(b"\"")?.strip_suffix(b"\"")?),
    };
    if !json_plain(path) || !uai.is_none_or(json_plain) {
        return None;
    }
    Some(RawLine {
        path: std::str::from_utf8(path).ok()?,
        hex,
        uai: match uai {
            Some(u) => Some(std::str::from_utf8(u).ok()?),
            None => None,
        },
        size,
    })
}

/// A lower-case hexadecimal digit, as blake3 writes them.
fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// Deterministic manifest: sorted by path (`files` is), one file per line, removed files left
/// out. In parts, formatted in parallel and never concatenated (tens of MB for a national
/// roster).
fn format_manifest(
    files: &[(Entry, Option<ChangeKind>)],
    mut emit: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    const CHUNK: usize = 4096;
    emit(format!("{{\"version\":{MANIFEST_VERSION},\"files\":{{").as_bytes())?;
    let first = files.iter().position(|(_, k)| *k != Some(ChangeKind::Removed));
    // By batches of a few chunks formatted in parallel: never the whole manifest in memory.
    for (b, batch) in files.chunks(16 * CHUNK).enumerate() {
        let parts: Vec<Vec<u8>> = batch
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(n, chunk)| {
                let start = b * 16 * CHUNK + n * CHUNK;
                let mut s = Vec::with_capacity(chunk.len() * 140);
                for (i, (e, _)) in chunk
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, k))| *k != Some(ChangeKind::Removed))
                {
                    s.extend_from_slice(if Some(start + i) == first { b"\n" } else { b",\n" });
                    json_str(&mut s, &e.path);
                    s.extend_from_slice(b":{\"blake3\":\"");
                    s.extend_from_slice(e.hash.to_hex().as_bytes());
                    s.extend_from_slice(b"\",\"uai\":");
                    match &e.uai {
                        Some(u) => json_str(&mut s, u),
                        None => s.extend_from_slice(b"null"),
                    }
                    if e.size != NO_SIZE {
                        s.extend_from_slice(b",\"taille\":");
                        s.extend_from_slice(e.size.to_string().as_bytes());
                    }
                    s.push(b'}');
                }
                s
            })
            .collect();
        parts.iter().try_for_each(|p| emit(p))?;
    }
    emit(b"\n}}\n")
}

/// Writes the manifest at `path` as it is formatted, unless `old` already holds exactly
/// these bytes: while they match, nothing is written; at the first difference the matching
/// part is copied to the temporary file and the rest follows.
fn write_manifest(path: &Path, files: &[(Entry, Option<ChangeKind>)], old: Option<&[u8]>) -> io::Result<bool> {
    let old = old.unwrap_or_default();
    let mut tmp: Option<PathBuf> = None;
    let (mut matched, mut file) = (0, None);
    let open = |matched: usize, tmp: &mut Option<PathBuf>| -> io::Result<io::BufWriter<std::fs::File>> {
        let (name, f) = create_in(path)?;
        *tmp = Some(name);
        let mut f = io::BufWriter::with_capacity(1 << 20, f);
        f.write_all(&old[..matched])?;
        Ok(f)
    };
    let written = format_manifest(files, |part| {
        if file.is_none() {
            if old[matched..].starts_with(part) {
                matched += part.len();
                return Ok(());
            }
            file = Some(open(matched, &mut tmp)?);
        }
        file.as_mut().expect("opened").write_all(part)
    });
    let done = written.and_then(|()| match file {
        None if matched == old.len() && !old.is_empty() => Ok(false), // the same bytes
        None => open(matched, &mut tmp)?
            .into_inner()
            .map(|_| true)
            .map_err(|e| e.into_error()),
        Some(f) => f.into_inner().map(|_| true).map_err(|e| e.into_error()),
    });
    match (done, &tmp) {
        (Ok(true), Some(tmp)) => std::fs::rename(tmp, path).map(|()| true),
        (Ok(rewritten), _) => Ok(rewritten),
        (Err(e), _) => Err(e),
    }
    .inspect_err(|_| {
        if let Some(tmp) = &tmp {
            let _ = std::fs::remove_file(tmp);
        }
    })
}

/// Whether a string is written as it is in JSON (nothing to escape): paths and UAIs, always
/// in practice.
fn json_plain(s: &[u8]) -> bool {
    s.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\')
}

/// A JSON string: copied as it is when [plain](json_plain), else by serde_json.
fn json_str(out: &mut Vec<u8>, s: &str) {
    if json_plain(s.as_bytes()) {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(&mut *out, s).expect("a string into a Vec");
    }
}

/// A page path must be relative, `/`-separated, without empty, `.` or `..` components, and
/// must not be the manifest. Anything else is a bug of the caller.
fn check_path(path: &str) -> std::result::Result<(), &'static str> {
    if path.is_empty() || path.starts_with('/') {
        return Err("chemin vide ou absolu");
    }
    if path.contains(['\\', '\0']) {
        return Err("barre oblique inverse ou caractère nul");
    }
    if path.split('/').any(|c| c.is_empty() || c == "." || c == "..") {
        return Err("composant vide, « . » ou « .. »");
    }
    if path == MANIFEST {
        return Err("réservé au manifeste");
    }
    Ok(())
}

fn bad_path(path: &str, why: &str) -> Error {
    let msg = format!("chemin de sortie invalide ({why})");
    Error::io(path, io::Error::new(io::ErrorKind::InvalidInput, msg))
}

/// One file outside the site (a `--report`, an `export --output`), written atomically too.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    safe::ignore_sigxfsz();
    let path = if path.parent().is_some_and(|p| p.as_os_str().is_empty()) {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    };
    // Already there, byte for byte: not rewritten (the input cache of a no-change build).
    if safe::holds(&path, bytes) {
        return Ok(());
    }
    write_atomic(&path, &[bytes]).map_err(|e| io_error(&path, e))
}

/// An I/O error on `path`, with the system's message in French where `io_fr` has none.
fn io_error(path: impl Into<PathBuf>, e: io::Error) -> Error {
    Error::io(path, safe::fr(e))
}

/// Creates a new temporary file beside `path` (a name unique to this build, created
/// exclusively, never through a link), and `path`'s missing directories.
fn create_in(path: &Path) -> io::Result<(PathBuf, std::fs::File)> {
    with_parent_dirs(path, || safe::create_tmp(path))
}

/// Writes `bytes` to `path` atomically: a new temporary file (see [`create_in`]), then
/// rename (which replaces whatever is at `path`, a link included, never writing through it).
fn write_atomic<B: AsRef<[u8]>>(path: &Path, parts: &[B]) -> io::Result<()> {
    let (tmp, mut f) = create_in(path)?;
    parts
        .iter()
        .try_for_each(|p| f.write_all(p.as_ref()))
        .and_then(|()| {
            drop(f);
            std::fs::rename(&tmp, path)
        })
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
}

/// Runs `write` (which opens a file in `path`'s directory), creating the missing parent
/// directories when it fails with `NotFound`. (A new establishment's folder is created whole
/// by [`write_group`]: this is for the few files written one by one.)
fn with_parent_dirs<T>(path: &Path, write: impl Fn() -> io::Result<T>) -> io::Result<T> {
    match write() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::create_dir_all(path.parent().expect("path under the output directory"))?;
            write()
        }
        r => r,
    }
}

/// A large file written as it is produced, never whole in memory (the register):
/// `fill` writes its bytes.
pub struct Streamed<'a> {
    /// As [`Page::path`].
    pub path: String,
    pub fill: Fill<'a>,
}

/// Writes a streamed file's bytes.
pub type Fill<'a> = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()> + Send + 'a>;

impl Streamed<'_> {
    /// Its bytes, in memory (for tests and for callers that want pages).
    pub fn into_page(self) -> io::Result<Page> {
        let mut bytes = Vec::new();
        (self.fill)(&mut bytes)?;
        Ok(Page {
            path: self.path,
            bytes,
            uai: None,
        })
    }
}

/// What the writer takes: an establishment's pages (see [`write_group`]), or one streamed file.
pub enum Group<'a> {
    Pages(Vec<Page>),
    Streamed(Streamed<'a>),
}

/// What happened to one page.
enum Outcome<'a> {
    /// With its change, `None` if it was only missing on disk.
    Written(Entry<'a>, Option<ChangeKind>),
    Unchanged(Entry<'a>),
    Failed(Error),
    /// Not attempted because another page failed.
    Skipped,
}

/// Writes the pages into `out` (created if needed), compares with and updates the manifest.
/// On error, files already written stay (each one complete) and are recorded in the manifest;
/// nothing is deleted.
pub fn write_site<I>(out: &Path, pages: I, opts: &WriteOptions) -> Result<WriteSummary>
where
    I: IntoParallelIterator<Item = Page>,
{
    try_write_site(out, pages.into_par_iter().map(Ok), opts)
}

/// [`write_site`] for pages rendered on the fly, where rendering can fail: the first error
/// stops the writes and is returned.
pub fn try_write_site<I>(out: &Path, pages: I, opts: &WriteOptions) -> Result<WriteSummary>
where
    I: IntoParallelIterator<Item = Result<Page>>,
{
    let manifest = Manifest::read(out);
    let groups = pages.into_par_iter().map(|p| p.map(|p| Group::Pages(vec![p])));
    try_write_over(out, &manifest, manifest.parse(), groups, opts)
}

/// [`try_write_site`] with the previous manifest already read and parsed (`previous`, from
/// `manifest`), for pages in groups (each establishment's pages: see [`write_group`]) and
/// streamed files.
pub fn try_write_over<'s, I>(
    out: &Path,
    manifest: &Manifest,
    previous: Previous<'_>,
    groups: I,
    opts: &WriteOptions,
) -> Result<WriteSummary>
where
    I: IntoParallelIterator<Item = Result<Group<'s>>>,
{
    safe::ignore_sigxfsz();
    let manifest_path = &manifest.path;
    // An unreadable manifest counts as corrupt: everything written, nothing deleted, and
    // the manifest replaced.
    let old_bytes = manifest.bytes.as_ref().ok().and_then(Option::as_deref);
    let mut summary = WriteSummary::default();
    summary.warnings.extend(previous.corrupt.clone());
    let (dirs, verified, root) = (safe::Dirs::new(out), AtomicBool::new(false), safe::Root::open(out));
    let ctx = Ctx {
        out,
        old: &previous.entries,
        reference: previous.mtime,
        dirs: &dirs,
        root: &root,
        verified: &verified,
    };

    let failed = AtomicBool::new(false);
    let outcomes: Vec<Outcome> = groups
        .into_par_iter()
        .flat_map_iter(|group| {
            if failed.load(Ordering::Relaxed) {
                return vec![Outcome::Skipped];
            }
            let results = match group {
                Ok(Group::Pages(pages)) => ctx.write_group(pages),
                Ok(Group::Streamed(file)) => vec![ctx.write_streamed(file)],
                Err(e) => vec![Err(e)],
            };
            results
                .into_iter()
                .map(|r| {
                    r.unwrap_or_else(|e| {
                        failed.store(true, Ordering::Relaxed);
                        Outcome::Failed(e)
                    })
                })
                .collect()
        })
        .collect();
    let (reference, checked, checked_verified) = (previous.mtime, previous.checked, previous.verified);
    let old = previous.entries;

    // The new manifest, with each file's change; sorted by path.
    let mut error = None;
    let mut new: Vec<_> = outcomes // in place
        .into_iter()
        .filter_map(|o| match o {
            Outcome::Written(entry, change) => {
                summary.written += 1;
                Some((entry, change))
            }
            Outcome::Unchanged(entry) => {
                summary.unchanged += 1;
                Some((entry, None))
            }
            Outcome::Failed(e) => {
                error.get_or_insert(e);
                None
            }
            Outcome::Skipped => None,
        })
        .collect();
    new.par_sort_unstable_by(|a, b| a.0.path.cmp(&b.0.path));
    if let Some(w) = new.windows(2).find(|w| w[0].0.path == w[1].0.path) {
        error.get_or_insert_with(|| bad_path(&w[0].0.path, "produit deux fois"));
        // Either version may be on disk: recorded with a hash no content has, so that the
        // next build rewrites it.
        new.dedup_by(|a, b| {
            let twice = a.0.path == b.0.path;
            if twice {
                b.0.hash = blake3::Hash::from_bytes([0; 32]);
            }
            twice
        });
    }
    if summary.written == 0
        && let Some(e) = error
    {
        return Err(e); // nothing to record
    }

    // Previous files not produced any more: deleted if in scope (and all went well), else kept.
    // Both lists are sorted by path: one merge gives the new manifest, in order.
    let scope = opts.scope.upper();
    let mut files = match old.is_empty() {
        true => std::mem::take(&mut new), // a first build: nothing to merge
        false => Vec::with_capacity(new.len() + old.len()),
    };
    let mut gone = Vec::new();
    let mut produced = new.into_iter().peekable();
    for e in old {
        while let Some(n) = produced.next_if(|n| n.0.path < e.path) {
            files.push(n);
        }
        if produced.peek().is_some_and(|n| n.0.path == e.path) {
            continue; // produced again: its new entry stands
        }
        if error.is_none() && scope.contains_file(e.uai.as_deref(), &e.path) {
            gone.push(e);
        } else {
            files.push((e, None));
        }
    }
    files.extend(produced);
    let mut new = files;
    let removals: Vec<io::Result<Removal>> = gone.par_iter().map(|e| remove(out, &dirs, &e.path)).collect();
    let mut emptied = BTreeSet::new();
    let unsorted = !gone.is_empty();
    let mut folders = Vec::new();
    for (entry, r) in gone.into_iter().zip(removals) {
        match r {
            Ok(Removal::Removed) => {
                summary.removed += 1;
                let mut p = Path::new(&*entry.path);
                while let Some(parent) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                    emptied.insert((parent.components().count(), parent.to_path_buf()));
                    p = parent;
                }
                new.push((entry, Some(ChangeKind::Removed)));
            }
            // Not a file of ours: left as it is, and out of the manifest.
            Ok(Removal::Folder) => folders.push(entry.path.into_owned()),
            Err(e) => {
                error.get_or_insert_with(|| io_error(out.join(&*entry.path), e));
                new.push((entry, None));
            }
        }
    }
    for path in folders {
        summary.warnings.push(format!(
            "« {} » : le manifeste précédent désigne ce dossier comme un fichier écrit par \
             ent-rgpd ; entrée ignorée et retirée du manifeste, le dossier est laissé tel quel",
            out.join(path).display()
        ));
    }
    // Deepest first; `remove_dir` fails on a directory that is not empty, which is kept
    // (and on a link, which is not followed). Their parents were checked with the files.
    for (_, dir) in emptied.iter().rev() {
        let _ = std::fs::remove_dir(out.join(dir));
    }
    if unsorted {
        new.sort_by(|a, b| a.0.path.cmp(&b.0.path)); // two sorted runs: a merge
    }
    let rewritten = write_manifest(manifest_path, &new, old_bytes).map_err(|e| io_error(manifest_path, e))?;
    // The manifest's modification time says up to when every file it lists is known to be
    // as listed: now, when this build wrote or checked each one (everything in its scope,
    // and the rest by `Previous::damaged`); else (files out of a `--only` scope left
    // unchecked, an error) the previous one, so that a file edited before this build is
    // still found by the next.
    let whole = error.is_none() && (matches!(opts.scope, Scope::All) || checked);
    if whole && !rewritten && (summary.written > 0 || verified.into_inner() || checked_verified) {
        safe::touch(manifest_path, None).map_err(|e| io_error(manifest_path, e))?;
    } else if !whole
        && rewritten
        && let Some(reference) = reference
    {
        safe::touch(manifest_path, Some(reference)).map_err(|e| io_error(manifest_path, e))?;
    }
    summary.files = new.iter().filter(|(_, k)| *k != Some(ChangeKind::Removed)).count();
    // Moved, not copied: on a first build every file is a change.
    summary.changed = new
        .into_par_iter()
        .filter_map(|(e, kind)| {
            let (path, uai) = (e.path.into_owned(), e.uai.map(Cow::into_owned));
            kind.map(|kind| Change { path, uai, kind })
        })
        .collect();
    match error {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

/// What became of a file of the previous manifest no longer produced.
enum Removal {
    /// Deleted, or already gone.
    Removed,
    /// A folder is there: not ours, left as it is.
    Folder,
}

/// Deletes a file of the previous manifest, never through a linked folder, never a folder.
fn remove(out: &Path, dirs: &safe::Dirs, rel: &str) -> io::Result<Removal> {
    dirs.check(rel)?;
    let path = out.join(rel);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_dir() => return Ok(Removal::Folder),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Removal::Removed),
        _ => {}
    }
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(Removal::Removed),
    }
}

/// The previous manifest's entry for `path` (`old` is sorted by path).
fn listed<'o>(old: &'o [Entry<'o>], path: &str) -> Option<&'o Entry<'o>> {
    old.binary_search_by(|e| (*e.path).cmp(path)).ok().map(|i| &old[i])
}

/// How a file of this content differs from the previous manifest's (`None`: the same).
fn change_of(old: &[Entry], path: &str, hash: &blake3::Hash) -> Option<ChangeKind> {
    match listed(old, path) {
        None => Some(ChangeKind::Added),
        Some(e) if e.hash != *hash => Some(ChangeKind::Modified),
        Some(_) => None,
    }
}

/// What the writers of one build share.
struct Ctx<'o, 'e> {
    out: &'o Path,
    /// The previous manifest's entries, sorted by path.
    old: &'o [Entry<'e>],
    /// The previous manifest's modification time (ns).
    reference: Option<i128>,
    /// Folders checked for links.
    dirs: &'o safe::Dirs<'o>,
    /// The output folder, opened.
    root: &'o safe::Root,
    /// Whether a file newer than the previous manifest was found unchanged (by its bytes).
    verified: &'o AtomicBool,
}

impl Ctx<'_, '_> {
    /// Creates a new temporary file beside the file `rel` of the output (see
    /// [`safe::Root::create_tmp`]), and its missing folders.
    fn create(&self, rel: &str) -> io::Result<(PathBuf, std::fs::File)> {
        match self.root.create_tmp(rel, self.dirs) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let path = self.out.join(rel);
                std::fs::create_dir_all(path.parent().expect("path under the output directory"))?;
                self.root.create_tmp(rel, self.dirs)
            }
            r => r,
        }
    }

    /// Whether a file need not be written: the previous manifest has its content (`change`
    /// is `None`) and it is on disk as that build left it: a regular file of `size` bytes,
    /// not modified since the manifest was written — or, if it was, holding `hash` still.
    fn unchanged(&self, change: Option<ChangeKind>, path: &Path, hash: &blake3::Hash, size: u64) -> bool {
        if change.is_some() {
            return false;
        }
        let Ok(m) = std::fs::symlink_metadata(path) else {
            return false;
        };
        if !m.is_file() || m.len() != size {
            return false;
        }
        if self.reference.is_some_and(|r| safe::mtime_ns(&m) <= r) {
            return true;
        }
        let same = safe::hash_file(path).is_ok_and(|h| h == *hash);
        if same {
            self.verified.store(true, Ordering::Relaxed);
        }
        same
    }

    /// Hashes one page and writes it unless it is on disk as the previous manifest has it.
    fn write_page<'a>(&self, page: Page) -> Result<Outcome<'a>> {
        check_path(&page.path).map_err(|why| bad_path(&page.path, why))?;
        let path = self.out.join(&page.path);
        let hash = blake3::hash(&page.bytes);
        let change = change_of(self.old, &page.path, &hash);
        let size = page.bytes.len() as u64;
        if self.unchanged(change, &path, &hash, size) {
            let entry = Entry {
                path: page.path.into(),
                hash,
                uai: page.uai.map(Cow::Owned),
                size,
            };
            return Ok(Outcome::Unchanged(entry));
        }
        let (tmp, mut f) = self.create(&page.path).map_err(|e| io_error(&path, e))?;
        f.write_all(&page.bytes)
            .and_then(|()| {
                drop(f);
                std::fs::rename(&tmp, &path)
            })
            .map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                io_error(&path, e)
            })?;
        let entry = Entry {
            path: page.path.into(),
            hash,
            uai: page.uai.map(Cow::Owned),
            size,
        };
        Ok(Outcome::Written(entry, change))
    }

    /// Writes a streamed file to its temporary file, hashing it on the way; then renames it
    /// into place, or removes it when the file is on disk as the previous manifest has it.
    fn write_streamed<'a>(&self, file: Streamed) -> Result<Outcome<'a>> {
        check_path(&file.path).map_err(|why| bad_path(&file.path, why))?;
        let path = self.out.join(&file.path);
        let (tmp, f) = self.create(&file.path).map_err(|e| io_error(&path, e))?;
        let mut w = Hashing {
            file: io::BufWriter::with_capacity(1 << 20, f),
            hash: blake3::Hasher::new(),
            size: 0,
        };
        let written = (file.fill)(&mut w).and_then(|()| w.file.flush());
        drop(w.file);
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(io_error(&path, e));
        }
        let hash = w.hash.finalize();
        let change = change_of(self.old, &file.path, &hash);
        let entry = Entry {
            path: file.path.into(),
            hash,
            uai: None,
            size: w.size,
        };
        if self.unchanged(change, &path, &hash, w.size) {
            let _ = std::fs::remove_file(&tmp);
            return Ok(Outcome::Unchanged(entry));
        }
        std::fs::rename(&tmp, &path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io_error(&path, e)
        })?;
        Ok(Outcome::Written(entry, change))
    }

    /// Writes a group of pages (one establishment's). When they all lie in one top-level
    /// directory that does not exist yet (a new establishment, a first build), they are
    /// written into a hidden temporary folder beside it (a name unique to this build), then
    /// that folder is renamed: one rename instead of one per file, and still nothing
    /// half-written at a page's path if the build is interrupted. Otherwise each page is
    /// written on its own.
    fn write_group<'a>(&self, pages: Vec<Page>) -> Vec<Result<Outcome<'a>>> {
        let out = self.out;
        let top = pages
            .first()
            .and_then(|p| p.path.split_once('/'))
            .map(|(top, _)| top.to_owned());
        let staged = top.filter(|top| {
            pages.len() > 1
                && pages.iter().all(|p| {
                    check_path(&p.path).is_ok()
                        && p.path.strip_prefix(top.as_str()).is_some_and(|r| r.starts_with('/'))
                        && listed(self.old, &p.path).is_none()
                })
                && std::fs::symlink_metadata(out.join(top)).is_err()
        });
        let Some(top) = staged else {
            return pages.into_iter().map(|p| self.write_page(p)).collect();
        };
        // Left by an interrupted build of an earlier version (a fixed name): removed (never
        // followed: a link is removed itself).
        let legacy = out.join(safe::legacy_tmp_name(&top));
        match std::fs::symlink_metadata(&legacy) {
            Ok(m) if m.is_dir() => {
                let _ = std::fs::remove_dir_all(&legacy);
            }
            Ok(_) => {
                let _ = std::fs::remove_file(&legacy);
            }
            Err(_) => {}
        }
        let tmp = out.join(safe::tmp_name(&top));
        let dest = out.join(&top);
        let stage = || -> io::Result<()> {
            // Fails if anything is there: ours alone.
            with_parent_dirs(&tmp, || std::fs::create_dir(&tmp))?;
            let mut made: Vec<&str> = Vec::new();
            for p in &pages {
                let rel = &p.path[top.len() + 1..];
                if let Some((dir, _)) = rel.rsplit_once('/')
                    && !made.contains(&dir)
                {
                    std::fs::create_dir_all(tmp.join(dir))?;
                    made.push(dir);
                }
                safe::create_exclusive(&tmp.join(rel))?.write_all(&p.bytes)?;
            }
            std::fs::rename(&tmp, &dest)
        };
        match stage() {
            Ok(()) => pages
                .into_iter()
                .map(|p| {
                    let entry = Entry {
                        hash: blake3::hash(&p.bytes),
                        size: p.bytes.len() as u64,
                        path: Cow::Owned(p.path),
                        uai: p.uai.map(Cow::Owned),
                    };
                    Ok(Outcome::Written(entry, Some(ChangeKind::Added)))
                })
                .collect(),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&tmp);
                vec![Err(io_error(&dest, e))]
            }
        }
    }
}

/// A writer that hashes and counts what goes through it.
struct Hashing {
    file: io::BufWriter<std::fs::File>,
    hash: blake3::Hasher,
    size: u64,
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// For each establishment (upper-case UAI), which parts of its roster entry changed
/// (see `rebuild::PARTS`); empty when unknown (first build, `--only`).
pub type ChangedParts = BTreeMap<String, Vec<&'static str>>;

/// `build --report`: which establishments and documents changed, for the DPO offices.
pub fn changes_report_json(summary: &WriteSummary, parts: &ChangedParts) -> String {
    let doc = |c: &Change| serde_json::json!({ "chemin": c.path, "changement": c.kind.label_fr() });
    let mut by_uai: BTreeMap<&str, Vec<serde_json::Value>> = BTreeMap::new();
    let mut ent = Vec::new();
    for c in &summary.changed {
        match &c.uai {
            Some(uai) => by_uai.entry(uai).or_default().push(doc(c)),
            None => ent.push(doc(c)),
        }
    }
    let etablissements: Vec<_> = by_uai
        .into_iter()
        .map(|(uai, documents)| {
            let mut e = serde_json::json!({ "uai": uai, "documents": documents });
            if let Some(champs) = parts.get(&uai.to_ascii_uppercase()).filter(|c| !c.is_empty()) {
                e["ce_qui_a_change"] = serde_json::json!(champs);
            }
            e
        })
        .collect();
    let report = serde_json::json!({
        "ecrits": summary.written,
        "inchanges": summary.unchanged,
        "supprimes": summary.removed,
        "ent": ent,
        "etablissements": etablissements,
    });
    serde_json::to_string_pretty(&report).expect("JSON") + "\n"
}

/// What a changed file is, in words for an establishment: (label, feminine).
fn document_label(path: &str, traitement_name: impl Fn(&str) -> Option<String>) -> (String, bool) {
    let mut parts = path.split('/');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    let fem = |s: &str| (s.to_string(), true);
    let masc = |s: &str| (s.to_string(), false);
    match (first, rest.as_slice()) {
        ("index.html", []) => fem("page d'accueil de l'ENT"),
        ("mentions", ["index.html"]) => fem("notice d'information de l'ENT"),
        ("footer.html", []) => masc("pied de page de l'ENT (footer.html)"),
        ("registre.csv", []) => masc("registre complet (registre.csv)"),
        ("registre.json", []) => masc("registre complet (registre.json)"),
        ("sitemap.xml", []) => masc("plan du site (sitemap.xml)"),
        ("style.css", []) => fem("feuille de style (style.css)"),
        ("recherche.js", []) => masc("script de recherche (recherche.js)"),
        ("accessibilite", ["index.html"]) => fem("déclaration d'accessibilité de l'ENT"),
        ("departements", [code, "index.html"]) => fem(&format!("liste des établissements du département {code}")),
        ("departements", [code, "index.json"]) => masc(&format!("index de recherche du département {code}")),
        (_, ["index.html"]) => fem("page « données personnelles » de l'établissement"),
        (_, ["grandes-lignes", "index.html"]) => fem("grandes lignes de l'accord de responsabilité conjointe"),
        (_, ["mentions", "index.html"]) => fem("notice d'information"),
        (_, ["eleves", "index.html"]) => fem("page d'information pour les élèves"),
        (_, ["mentions-legales", "index.html"]) => fem("page des mentions légales"),
        (_, ["registre", "index.html"]) => fem("liste des fiches du registre"),
        (_, ["registre", id, "index.html"]) => match traitement_name(id) {
            Some(nom) => (format!("fiche de registre « {nom} » ({id})"), true),
            None => (format!("fiche de registre {id}"), true),
        },
        (_, ["footer.html"]) => masc("pied de page pour l'écran de connexion (footer.html)"),
        (_, ["footer.json"]) => masc("pied de page, données (footer.json)"),
        _ => (format!("fichier {path}"), false),
    }
}

fn kind_label(kind: ChangeKind, feminine: bool) -> &'static str {
    match (kind, feminine) {
        (ChangeKind::Added, false) => "nouveau",
        (ChangeKind::Added, true) => "nouvelle",
        (ChangeKind::Modified, false) => "modifié",
        (ChangeKind::Modified, true) => "modifiée",
        (ChangeKind::Removed, false) => "supprimé",
        (ChangeKind::Removed, true) => "supprimée",
    }
}

/// `build --report changements.txt` (any name not ending in `.json`): the same changes in
/// French sentences, to be mailed to the establishments (plain text that reads as Markdown).
pub fn changes_report_text(summary: &WriteSummary, site: &crate::resolve::model::Site, parts: &ChangedParts) -> String {
    use std::fmt::Write as _;
    let etabs: std::collections::HashMap<&str, &crate::resolve::model::Etablissement> =
        site.etablissements.iter().map(|e| (e.uai.as_str(), e)).collect();
    let find = |uai: &str| {
        etabs
            .get(uai)
            .or_else(|| etabs.get(uai.to_ascii_uppercase().as_str()))
            .copied()
    };
    let title = |uai: &str| match find(uai) {
        Some(e) => match &e.commune {
            Some(c) => format!("{} — {} ({c})", e.uai, e.nom),
            None => format!("{} — {}", e.uai, e.nom),
        },
        None => uai.to_ascii_uppercase(),
    };
    let mut by_uai: BTreeMap<String, Vec<&Change>> = BTreeMap::new();
    let mut ent = Vec::new();
    for c in &summary.changed {
        match &c.uai {
            Some(uai) => by_uai.entry(uai.to_ascii_uppercase()).or_default().push(c),
            None => ent.push(c),
        }
    }
    // An establishment whose own page appeared (disappeared) is new (removed) as a whole.
    let whole = |changes: &[&Change], kind: ChangeKind| {
        changes
            .iter()
            .any(|c| c.kind == kind && c.path.split('/').skip(1).eq(["index.html"]))
    };
    let (mut added, mut removed, mut modified) = (Vec::new(), Vec::new(), Vec::new());
    for (uai, changes) in &by_uai {
        if whole(changes, ChangeKind::Added) {
            added.push(uai.as_str());
        } else if whole(changes, ChangeKind::Removed) {
            removed.push(uai.as_str());
        } else {
            modified.push((uai.as_str(), changes));
        }
    }

    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Documents RGPD {} « {} » : changements\n",
        site.ent.appellation.du, site.ent.nom
    );
    let _ = writeln!(
        s,
        "{} fichier(s) écrit(s), {} inchangé(s), {} supprimé(s).\n",
        summary.written, summary.unchanged, summary.removed
    );
    if summary.changed.is_empty() {
        s.push_str("Aucun document n'a changé : rien à republier.\n");
        return s;
    }
    if !added.is_empty() {
        let _ = writeln!(s, "## Nouveaux établissements ({})\n", added.len());
        for uai in &added {
            let _ = writeln!(s, "- {} : tous les documents sont nouveaux", title(uai));
        }
        s.push('\n');
    }
    if !removed.is_empty() {
        let _ = writeln!(s, "## Établissements retirés ({})\n", removed.len());
        for uai in &removed {
            let _ = writeln!(s, "- {} : documents supprimés du site", title(uai));
        }
        s.push('\n');
    }
    if !modified.is_empty() {
        let _ = writeln!(
            s,
            "## Établissements dont des documents ont changé ({})\n",
            modified.len()
        );
        for (uai, changes) in &modified {
            let _ = writeln!(s, "### {}\n", title(uai));
            if let Some(what) = parts.get(*uai).filter(|w| !w.is_empty()) {
                let _ = writeln!(s, "Modifié dans le fichier des parties : {}.\n", what.join(" ; "));
            }
            let etab = find(uai);
            for c in changes.iter() {
                let (label, fem) = document_label(&c.path, |id| {
                    etab.and_then(|e| e.traitements.iter().find(|t| t.id == id).map(|t| t.nom.clone()))
                });
                let _ = writeln!(s, "- {label} : {}", kind_label(c.kind, fem));
            }
            s.push('\n');
        }
    }
    if !ent.is_empty() {
        let _ = writeln!(s, "## Documents communs à tout l'ENT\n");
        for c in &ent {
            let (label, fem) = document_label(&c.path, |_| None);
            let _ = writeln!(s, "- {label} : {}", kind_label(c.kind, fem));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<(Entry<'static>, Option<ChangeKind>)> {
        (0..n)
            .map(|i| {
                let uai = (i % 3 != 0).then(|| Cow::Owned(format!("{:07}A", i / 9)));
                let path = format!("{:07}a/page-{i}/index.html", i / 9);
                let entry = Entry {
                    path: Cow::Owned(path.clone()),
                    hash: blake3::hash(path.as_bytes()),
                    uai,
                    size: if i % 5 == 0 { NO_SIZE } else { i as u64 * 1000 },
                };
                (entry, None)
            })
            .collect()
    }

    /// A survey finds the same files whatever the blocks the manifest is read in (a line,
    /// the closing line, the head cut anywhere): the damaged ones, only they, and counts
    /// them all; a manifest it does not know gives no survey.
    #[test]
    fn a_survey_reads_the_manifest_in_any_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let pages: Vec<Page> = (0..40)
            .map(|i| Page {
                path: match i % 4 {
                    0 => format!("{i:03}.html"),
                    _ => format!("{:07}a/d{i}/index.html", i / 4),
                },
                bytes: format!("page {i}").into_bytes(),
                uai: (i % 4 != 0).then(|| format!("{:07}A", i / 4)),
            })
            .collect();
        write_site(out, pages, &WriteOptions::default()).unwrap();
        let sizes = [1, 7, 23, 24, 25, 64, 100, 1000, 4 << 20];
        for block in sizes {
            let s = Survey::in_blocks(out, block, &AtomicBool::new(false)).unwrap();
            assert_eq!((s.files, s.damaged.len()), (40, 0), "block {block}");
        }
        assert!(
            Survey::in_blocks(out, 100, &AtomicBool::new(true)).is_none(),
            "cancelled"
        );
        // Past the clock's granularity: the edits are newer than the manifest.
        std::thread::sleep(std::time::Duration::from_millis(30));
        std::fs::remove_file(out.join("0000001a/d5/index.html")).unwrap();
        std::fs::write(out.join("004.html"), "page 4!").unwrap();
        std::fs::write(out.join("0000002a/d9/index.html"), "page 8").unwrap(); // same size, newer
        for block in sizes {
            let s = Survey::in_blocks(out, block, &AtomicBool::new(false)).unwrap();
            assert_eq!(s.files, 40, "block {block}");
            let mut damaged = s.damaged.clone();
            damaged.sort();
            assert_eq!(
                damaged,
                [
                    ("0000001a/d5/index.html".to_string(), Some("0000001A".to_string())),
                    ("0000002a/d9/index.html".to_string(), Some("0000002A".to_string())),
                    ("004.html".to_string(), None),
                ],
                "block {block}"
            );
            let d = s.damaged(&Scope::Except {
                kept: ["0000001A".to_string()].into(),
                ent: true,
                ent_kept: Vec::new(),
            });
            assert_eq!(
                d.uais,
                BTreeSet::from(["0000001A".to_string()]),
                "only what the scope keeps"
            );
            assert!(d.ent.is_empty());
        }
        let text = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        std::fs::write(out.join(MANIFEST), text.replacen("\n", "\n\n", 2)).unwrap();
        assert!(Survey::in_blocks(out, 100, &AtomicBool::new(false)).is_none());
        std::fs::write(out.join(MANIFEST), &text[..text.len() - 4]).unwrap();
        assert!(
            Survey::in_blocks(out, 100, &AtomicBool::new(false)).is_none(),
            "cut short"
        );
        assert!(
            Survey::in_blocks(out, 100, &AtomicBool::new(true)).is_none(),
            "cancelled"
        );
    }

    fn formatted(files: &[(Entry, Option<ChangeKind>)]) -> Vec<u8> {
        let mut bytes = Vec::new();
        format_manifest(files, |p| {
            bytes.extend_from_slice(p);
            Ok(())
        })
        .unwrap();
        bytes
    }

    /// The manifest is written only when its bytes change, and then exactly, whatever the
    /// previous one (none, the same, longer, different in the middle, across batches); never
    /// through a link planted at the fixed temporary name of earlier versions.
    #[test]
    fn manifest_is_written_only_when_it_changes() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST);
        let outside = tempfile::NamedTempFile::new().unwrap();
        let legacy = dir.path().join(safe::legacy_tmp_name(MANIFEST));
        std::os::unix::fs::symlink(outside.path(), &legacy).unwrap();
        let files = entries(100_000);
        let expected = formatted(&files);
        assert!(write_manifest(&path, &files, None).unwrap());
        assert!(std::fs::read(&path).unwrap() == expected);
        assert_eq!(
            std::fs::read(outside.path()).unwrap(),
            b"",
            "not written through the link"
        );
        std::fs::remove_file(&legacy).unwrap();
        let inode = std::fs::metadata(&path).unwrap().ino();
        assert!(!write_manifest(&path, &files, Some(&expected)).unwrap());
        assert_eq!(
            std::fs::metadata(&path).unwrap().ino(),
            inode,
            "the same bytes: not rewritten"
        );
        let mut longer = expected.clone();
        longer.extend_from_slice(b"de trop");
        let mut middle = expected.clone();
        middle[expected.len() / 2] ^= 1;
        for old in [longer, middle, Vec::new()] {
            std::fs::write(&path, &old).unwrap();
            write_manifest(&path, &files, Some(&old)).unwrap();
            assert!(std::fs::read(&path).unwrap() == expected);
        }
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    /// The fast reader gives what serde_json gives, across many chunks, and declines what it
    /// does not know (serde_json then reads it).
    #[test]
    fn own_manifest_is_read_line_by_line() {
        for n in [0, 1, 2, 40_000] {
            let files = entries(n);
            let bytes = formatted(&files);
            let fast = parse_own_manifest(&bytes).expect("our own format");
            let raw: RawManifest = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(fast, raw.files.0);
            assert_eq!(fast.len(), n);
        }
        let mut files = entries(3);
        files[1].0.path = Cow::Borrowed("dossier \"cité\"/index.html");
        let bytes = formatted(&files);
        assert_eq!(parse_own_manifest(&bytes), None);
        assert_eq!(parse_manifest(&bytes).map(|f| f.len()), Some(3));
        let spaced = String::from_utf8(bytes).unwrap().replace(":{", ": {");
        assert_eq!(parse_own_manifest(spaced.as_bytes()), None);
        assert_eq!(parse_manifest(spaced.as_bytes()).map(|f| f.len()), Some(3));
    }
}
