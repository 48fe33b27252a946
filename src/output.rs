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
            (Scope::Except { kept, .. }, Some(u)) => !kept.contains(&u.to_ascii_uppercase()),
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
}

/// One file of a manifest. Strings are borrowed from the previous manifest's bytes where
/// possible: a national roster has half a million of them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry<'a> {
    path: Cow<'a, str>,
    hash: blake3::Hash,
    uai: Option<Cow<'a, str>>,
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
/// so that it can be [parsed](Self::parse) while the roster is checked. A read error is
/// reported by the write that uses it.
pub struct Manifest {
    path: PathBuf,
    bytes: io::Result<Option<Vec<u8>>>,
}

/// A parsed [`Manifest`]: its entries sorted by path (none if it is corrupt or unreadable).
pub struct Previous<'a> {
    entries: Vec<Entry<'a>>,
}

impl Previous<'_> {
    /// How many files the previous manifest lists.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Manifest {
    pub fn read(out: &Path) -> Manifest {
        let path = out.join(MANIFEST);
        let bytes = match std::fs::read(&path) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        };
        Manifest { path, bytes }
    }

    pub fn parse(&self) -> Previous<'_> {
        let bytes = self.bytes.as_ref().ok().and_then(Option::as_deref);
        Previous {
            entries: bytes.and_then(parse_manifest).unwrap_or_default(),
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

/// `"PATH":{"blake3":"HEX","uai":"UAI"},` (`null` for no UAI; no comma on the last line).
/// Strings with anything serde_json would escape are left to serde_json.
fn parse_line(line: &[u8]) -> Option<Entry<'_>> {
    const MID: &[u8] = b"\":{\"blake3\":\"";
    const UAI: &[u8] = b"\",\"uai\":";
    let line = line.strip_suffix(b",").unwrap_or(line);
    let rest = line.strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| b == b'"')?;
    let (path, rest) = rest.split_at(end);
    let rest = rest.strip_prefix(MID)?;
    let (hex, rest) = (rest.get(..64)?, rest.get(64..)?);
    let uai = match rest.strip_prefix(UAI)?.strip_suffix(b"}")? {
        b"null" => None,
        u => Some(u.strip_prefix(b"\"")?.strip_suffix(b"\"")?),
    };
    if !json_plain(path) || !uai.is_none_or(json_plain) {
        return None;
    }
    let mut hash = [0u8; 32];
    for (byte, pair) in hash.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = (hex_digit(pair[0])? << 4) | hex_digit(pair[1])?;
    }
    Some(Entry {
        path: Cow::Borrowed(std::str::from_utf8(path).ok()?),
        hash: blake3::Hash::from_bytes(hash),
        uai: match uai {
            Some(u) => Some(Cow::Borrowed(std::str::from_utf8(u).ok()?)),
            None => None,
        },
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
fn write_manifest(path: &Path, files: &[(Entry, Option<ChangeKind>)], old: Option<&[u8]>) -> io::Result<()> {
    let old = old.unwrap_or_default();
    let tmp = tmp_path(path);
    let (mut matched, mut file) = (0, None);
    let open = |matched: usize| -> io::Result<io::BufWriter<std::fs::File>> {
        let mut f = io::BufWriter::with_capacity(1 << 20, create_in(path, &tmp)?);
        f.write_all(&old[..matched])?;
        Ok(f)
    };
    let written = format_manifest(files, |part| {
        if file.is_none() {
            if old[matched..].starts_with(part) {
                matched += part.len();
                return Ok(());
            }
            file = Some(open(matched)?);
        }
        file.as_mut().expect("opened").write_all(part)
    });
    let done = written.and_then(|()| match file {
        None if matched == old.len() && !old.is_empty() => Ok(false), // the same bytes
        None => open(matched)?.into_inner().map(|_| true).map_err(|e| e.into_error()),
        Some(f) => f.into_inner().map(|_| true).map_err(|e| e.into_error()),
    });
    match done {
        Ok(true) => std::fs::rename(&tmp, path),
        Ok(false) => {
            let _ = std::fs::remove_file(&tmp); // left by an interrupted build, if any
            Ok(())
        }
        Err(e) => Err(e),
    }
    .inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
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
    let path = if path.parent().is_some_and(|p| p.as_os_str().is_empty()) {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    };
    write_atomic(&path, &[bytes]).map_err(|e| Error::io(&path, e))
}

/// The temporary file of `path`: `.NAME.ent-rgpd.tmp` in the same directory.
fn tmp_path(path: &Path) -> PathBuf {
    let name = path.file_name().expect("file name").to_string_lossy();
    path.with_file_name(format!(".{name}.ent-rgpd.tmp"))
}

/// Creates `tmp`, the temporary file of `path`, and `path`'s missing directories.
fn create_in(path: &Path, tmp: &Path) -> io::Result<std::fs::File> {
    with_parent_dirs(path, || std::fs::File::create(tmp))
}

/// Writes `bytes` to `path` atomically: its temporary file (see [`tmp_path`]), then rename.
/// A temporary file left by an interrupted build is reused by the next one.
fn write_atomic<B: AsRef<[u8]>>(path: &Path, parts: &[B]) -> io::Result<()> {
    let tmp = tmp_path(path);
    let write = || {
        let mut f = create_in(path, &tmp)?;
        parts.iter().try_for_each(|p| f.write_all(p.as_ref()))
    };
    let rename = || std::fs::rename(&tmp, path);
    match write().and_then(|()| rename()) {
        // The temporary file was renamed by another write of the same path (a path produced
        // twice): written again, so that both copies are recorded and the duplicate found.
        Err(e) if e.kind() == io::ErrorKind::NotFound && path.parent().is_some_and(Path::is_dir) => {
            write().and_then(|()| rename())
        }
        r => r,
    }
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
    let manifest_path = &manifest.path;
    let old_bytes = match &manifest.bytes {
        Ok(bytes) => bytes.as_deref(),
        Err(e) => return Err(Error::io(manifest_path, io::Error::new(e.kind(), e.to_string()))),
    };
    let old = previous.entries;

    let failed = AtomicBool::new(false);
    let outcomes: Vec<Outcome> = groups
        .into_par_iter()
        .flat_map_iter(|group| {
            if failed.load(Ordering::Relaxed) {
                return vec![Outcome::Skipped];
            }
            let results = match group {
                Ok(Group::Pages(pages)) => write_group(out, &old, pages),
                Ok(Group::Streamed(file)) => vec![write_streamed(out, &old, file)],
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

    // The new manifest, with each file's change; sorted by path.
    let mut summary = WriteSummary::default();
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
    let removals: Vec<io::Result<()>> = gone
        .par_iter()
        .map(|e| match std::fs::remove_file(out.join(&*e.path)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        })
        .collect();
    let mut dirs = BTreeSet::new();
    let unsorted = !gone.is_empty();
    for (entry, r) in gone.into_iter().zip(removals) {
        match r {
            Ok(()) => {
                summary.removed += 1;
                let mut p = Path::new(&*entry.path);
                while let Some(parent) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                    dirs.insert((parent.components().count(), parent.to_path_buf()));
                    p = parent;
                }
                new.push((entry, Some(ChangeKind::Removed)));
            }
            Err(e) => {
                error.get_or_insert_with(|| Error::io(out.join(&*entry.path), e));
                new.push((entry, None));
            }
        }
    }
    // Deepest first; `remove_dir` fails on a directory that is not empty, which is kept.
    for (_, dir) in dirs.iter().rev() {
        let _ = std::fs::remove_dir(out.join(dir));
    }
    if unsorted {
        new.sort_by(|a, b| a.0.path.cmp(&b.0.path)); // two sorted runs: a merge
    }
    write_manifest(manifest_path, &new, old_bytes).map_err(|e| Error::io(manifest_path, e))?;
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

/// Whether a file need not be written: the previous manifest has its content (`change` is
/// `None`) and it is still on disk.
fn unchanged(change: Option<ChangeKind>, path: &Path) -> bool {
    change.is_none() && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// Hashes one page and writes it unless the previous manifest has the same hash and the file
/// exists.
fn write_page<'a>(out: &Path, old: &[Entry], page: Page) -> Result<Outcome<'a>> {
    check_path(&page.path).map_err(|why| bad_path(&page.path, why))?;
    let path = out.join(&page.path);
    let hash = blake3::hash(&page.bytes);
    let change = change_of(old, &page.path, &hash);
    let entry = Entry {
        path: page.path.into(),
        hash,
        uai: page.uai.map(Cow::Owned),
    };
    if unchanged(change, &path) {
        return Ok(Outcome::Unchanged(entry));
    }
    write_atomic(&path, &[&page.bytes]).map_err(|e| Error::io(&path, e))?;
    Ok(Outcome::Written(entry, change))
}

/// Writes a streamed file to its temporary file, hashing it on the way; then renames it
/// into place, or removes it when the previous manifest has the same hash and the file exists.
fn write_streamed<'a>(out: &Path, old: &[Entry], file: Streamed) -> Result<Outcome<'a>> {
    check_path(&file.path).map_err(|why| bad_path(&file.path, why))?;
    let path = out.join(&file.path);
    let tmp = tmp_path(&path);
    let mut w = Hashing {
        file: io::BufWriter::with_capacity(1 << 20, create_in(&path, &tmp).map_err(|e| Error::io(&path, e))?),
        hash: blake3::Hasher::new(),
    };
    let written = (file.fill)(&mut w).and_then(|()| w.file.flush());
    drop(w.file);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(&path, e));
    }
    let hash = w.hash.finalize();
    let change = change_of(old, &file.path, &hash);
    let entry = Entry {
        path: file.path.into(),
        hash,
        uai: None,
    };
    if unchanged(change, &path) {
        let _ = std::fs::remove_file(&tmp);
        return Ok(Outcome::Unchanged(entry));
    }
    std::fs::rename(&tmp, &path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(&path, e)
    })?;
    Ok(Outcome::Written(entry, change))
}

/// A writer that hashes what goes through it.
struct Hashing {
    file: io::BufWriter<std::fs::File>,
    hash: blake3::Hasher,
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Writes a group of pages (one establishment's). When they all lie in one top-level
/// directory that does not exist yet (a new establishment, a first build), they are written
/// into `.NAME.ent-rgpd.tmp` beside it, then that directory is renamed: one rename instead
/// of one per file, and still nothing half-written at a page's path if the build is
/// interrupted. Otherwise each page is written on its own.
fn write_group<'a>(out: &Path, old: &[Entry], pages: Vec<Page>) -> Vec<Result<Outcome<'a>>> {
    let top = pages
        .first()
        .and_then(|p| p.path.split_once('/'))
        .map(|(top, _)| top.to_owned());
    let staged = top.filter(|top| {
        pages.len() > 1
            && pages.iter().all(|p| {
                check_path(&p.path).is_ok()
                    && p.path.strip_prefix(top.as_str()).is_some_and(|r| r.starts_with('/'))
                    && listed(old, &p.path).is_none()
            })
            && std::fs::symlink_metadata(out.join(top)).is_err()
    });
    let Some(top) = staged else {
        return pages.into_iter().map(|p| write_page(out, old, p)).collect();
    };
    let tmp = out.join(format!(".{top}.ent-rgpd.tmp"));
    let dest = out.join(&top);
    let stage = || -> io::Result<()> {
        match std::fs::symlink_metadata(&tmp) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(&tmp)?, // left by an interrupted build
            Ok(_) => std::fs::remove_file(&tmp)?,
            Err(_) => {}
        }
        std::fs::create_dir_all(&tmp)?;
        let mut made: Vec<&str> = Vec::new();
        for p in &pages {
            let rel = &p.path[top.len() + 1..];
            if let Some((dir, _)) = rel.rsplit_once('/')
                && !made.contains(&dir)
            {
                std::fs::create_dir_all(tmp.join(dir))?;
                made.push(dir);
            }
            std::fs::File::create(tmp.join(rel))?.write_all(&p.bytes)?;
        }
        std::fs::rename(&tmp, &dest)
    };
    match stage() {
        Ok(()) => pages
            .into_iter()
            .map(|p| {
                let entry = Entry {
                    hash: blake3::hash(&p.bytes),
                    path: Cow::Owned(p.path),
                    uai: p.uai.map(Cow::Owned),
                };
                Ok(Outcome::Written(entry, Some(ChangeKind::Added)))
            })
            .collect(),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            vec![Err(Error::io(&dest, e))]
        }
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
        (_, ["mentions-legales", "index.html"]) => fem("page des mentions légales"),
        (_, ["eleves", "index.html"]) => fem("page d'information pour les élèves"),
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
    let _ = writeln!(s, "# Documents RGPD de l'ENT « {} » : changements\n", site.ent.nom);
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
                };
                (entry, None)
            })
            .collect()
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
    /// previous one (none, the same, longer, different in the middle, across batches).
    #[test]
    fn manifest_is_written_only_when_it_changes() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST);
        let files = entries(100_000);
        let expected = formatted(&files);
        write_manifest(&path, &files, None).unwrap();
        assert!(std::fs::read(&path).unwrap() == expected);
        let inode = std::fs::metadata(&path).unwrap().ino();
        std::fs::write(tmp_path(&path), b"left by a killed build").unwrap();
        write_manifest(&path, &files, Some(&expected)).unwrap();
        assert!(!tmp_path(&path).exists(), "a left-over temporary file is removed");
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
