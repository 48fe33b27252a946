//! Files created and read without trusting what others left in the output folder (SPEC §4,
//! « shared ground »): temporary files with names unique to this build, created exclusively
//! and never through a link; folders checked once each for links before anything is
//! written or deleted beneath them; `ulimit -f` reported in French instead of a kill.

use rustc_hash::FxHashSet;
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hash, Hasher};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, Once, OnceLock};

/// How every temporary name ends (`.NAME.<pid>-<random>-<n>.ent-rgpd.tmp`).
pub const TMP_SUFFIX: &str = ".ent-rgpd.tmp";

/// This process's part of the temporary names: its pid and a random number, so that two
/// builds (even on two machines sharing a folder) never pick the same name.
fn token() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| {
        let random = std::collections::hash_map::RandomState::new().hash_one(std::time::SystemTime::now());
        format!("{}-{:08x}", std::process::id(), random as u32)
    })
}

/// A temporary name for `name`, unique to this build and to this call.
pub fn tmp_name(name: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(".{name}.{}-{n:x}{TMP_SUFFIX}", token())
}

/// The temporary name an earlier version used for `name` (only ever removed, never opened).
pub fn legacy_tmp_name(name: &str) -> String {
    format!(".{name}{TMP_SUFFIX}")
}

/// Creates a new file at `path`: fails if anything (a file, a link) is already there.
pub fn create_exclusive(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
}

/// Creates a temporary file beside `path` (same folder, so that a rename puts it in place).
pub fn create_tmp(path: &Path) -> io::Result<(PathBuf, File)> {
    let name = path.file_name().expect("file name").to_string_lossy();
    let mut tries = 0;
    loop {
        let tmp = path.with_file_name(tmp_name(&name));
        match create_exclusive(&tmp) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 16 => tries += 1,
            r => return r.map(|f| (tmp, f)),
        }
    }
}

/// Opens a regular file for reading, never through a link at its name and never blocking
/// on a FIFO; anything else is an error.
pub fn open_regular(path: &Path) -> io::Result<(File, std::fs::Metadata)> {
    let f = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => io::Error::other("c'est un lien symbolique, pas un fichier"),
            _ => e,
        })?;
    let m = f.metadata()?;
    if !m.is_file() {
        return Err(io::Error::other("ce n'est pas un fichier ordinaire"));
    }
    Ok((f, m))
}

/// The bytes of a regular file (see [`open_regular`]).
pub fn read_regular(path: &Path) -> io::Result<(Vec<u8>, std::fs::Metadata)> {
    let (mut f, m) = open_regular(path)?;
    let mut bytes = Vec::with_capacity(m.len() as usize);
    f.read_to_end(&mut bytes)?;
    Ok((bytes, m))
}

/// The blake3 hash of a regular file's bytes.
pub fn hash_file(path: &Path) -> io::Result<blake3::Hash> {
    let (mut f, _) = open_regular(path)?;
    let mut h = blake3::Hasher::new();
    io::copy(&mut f, &mut h)?;
    Ok(h.finalize())
}

/// Whether `path` is a regular file holding exactly `bytes`.
pub fn holds(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => read_regular(path).is_ok_and(|(b, _)| b == bytes),
        _ => false,
    }
}

/// Modification time in nanoseconds since the epoch.
pub fn mtime_ns(m: &std::fs::Metadata) -> i128 {
    m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128
}

/// Sets a file's modification time to `mtime` (nanoseconds since the epoch; `None`: now),
/// without following a link at its name.
pub fn touch(path: &Path, mtime: Option<i128>) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let at = |ns: i128| libc::timespec {
        tv_sec: ns.div_euclid(1_000_000_000) as libc::time_t,
        tv_nsec: ns.rem_euclid(1_000_000_000) as _,
    };
    let omit = libc::timespec {
        tv_sec: 0,
        tv_nsec: libc::UTIME_OMIT,
    };
    let times = mtime.map(|ns| [omit, at(ns)]);
    let times = times.as_ref().map_or(std::ptr::null(), |t| t.as_ptr());
    // SAFETY: a valid C string; `times` is null (« now » for both times) or two timespecs.
    let r = unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), times, libc::AT_SYMLINK_NOFOLLOW) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `ulimit -f`: without this, the kernel kills the process (SIGXFSZ) when a file reaches the
/// limit; ignored, the write fails with EFBIG and the build ends with exit 3 in French.
pub fn ignore_sigxfsz() {
    static ONCE: Once = Once::new();
    // SAFETY: setting a signal's disposition to « ignore » has no handler to get wrong.
    ONCE.call_once(|| unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    });
}

/// The system's message for the errors French users meet here and `io_fr` does not name.
pub fn fr(e: io::Error) -> io::Error {
    match e.raw_os_error() {
        Some(libc::EFBIG) => io::Error::new(
            e.kind(),
            "fichier trop grand : la limite de taille des fichiers de ce processus (ulimit -f) est atteinte",
        ),
        Some(libc::ENOSPC) => io::Error::new(e.kind(), "disque plein"),
        _ => e,
    }
}

/// What [`Root::lstat`] tells of a path.
#[derive(Debug, Clone, Copy)]
pub struct Stat {
    /// A regular file (not a link, not a folder).
    pub file: bool,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch.
    pub mtime: i128,
}

/// The output folder, opened once: files created beneath it by their relative path.
pub struct Root {
    fd: Option<std::os::fd::OwnedFd>,
    out: PathBuf,
}

impl Root {
    pub fn open(out: &Path) -> Root {
        let fd = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC)
            .open(out)
            .ok()
            .map(std::os::fd::OwnedFd::from);
        Root {
            fd,
            out: out.to_path_buf(),
        }
    }

    /// What is at the path `rel` of the output (a link at its name is not followed): one
    /// `fstatat` relative to the opened folder, the path copied into `buf` (no allocation
    /// once it is large enough). `None` if nothing can be found there.
    pub fn lstat(&self, rel: &str, buf: &mut Vec<u8>) -> Option<Stat> {
        use std::os::fd::AsRawFd;
        let Some(fd) = &self.fd else {
            let m = std::fs::symlink_metadata(self.out.join(rel)).ok()?;
            return Some(Stat {
                file: m.is_file(),
                size: m.len(),
                mtime: mtime_ns(&m),
            });
        };
        if rel.as_bytes().contains(&0) {
            return None;
        }
        buf.clear();
        buf.extend_from_slice(rel.as_bytes());
        buf.push(0);
        // SAFETY: all zero is a valid `stat`, filled by the call.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: a valid descriptor, a NUL-terminated path and a `stat` to fill.
        let r = unsafe { libc::fstatat(fd.as_raw_fd(), buf.as_ptr().cast(), &mut st, libc::AT_SYMLINK_NOFOLLOW) };
        (r == 0).then(|| Stat {
            file: st.st_mode & libc::S_IFMT == libc::S_IFREG,
            size: st.st_size as u64,
            mtime: st.st_mtime as i128 * 1_000_000_000 + st.st_mtime_nsec as i128,
        })
    }

    /// Creates a new temporary file beside the file `rel` (see [`create_tmp`]), never
    /// through a link: with `openat2(RESOLVE_NO_SYMLINKS)` the kernel refuses a link
    /// anywhere on the way for free (Linux 5.6+); elsewhere each folder above is checked once
    /// by `dirs`. Fails with `NotFound` if a folder is missing, and with the French link
    /// error if a folder on the way is a link.
    pub fn create_tmp(&self, rel: &str, dirs: &Dirs) -> io::Result<(PathBuf, File)> {
        use std::os::fd::{AsRawFd, FromRawFd};
        static UNSUPPORTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        let (dir, name) = match rel.rsplit_once('/') {
            Some((dir, name)) => (Some(dir), name),
            None => (None, rel),
        };
        let mut tries = 0;
        loop {
            let tmp = match dir {
                Some(dir) => format!("{dir}/{}", tmp_name(name)),
                None => tmp_name(name),
            };
            let created = match (&self.fd, UNSUPPORTED.load(Ordering::Relaxed)) {
                (Some(fd), false) => {
                    let c = std::ffi::CString::new(tmp.as_bytes()).map_err(io::Error::other)?;
                    // SAFETY: plain integers, all zero is a valid value.
                    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
                    how.flags =
                        (libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_NOFOLLOW | libc::O_CLOEXEC) as u64;
                    how.mode = 0o666;
                    how.resolve = libc::RESOLVE_NO_SYMLINKS | libc::RESOLVE_BENEATH;
                    // SAFETY: a valid descriptor, C string and `open_how` of the given size.
                    let r = unsafe {
                        libc::syscall(
                            libc::SYS_openat2,
                            fd.as_raw_fd(),
                            c.as_ptr(),
                            &how as *const libc::open_how,
                            std::mem::size_of::<libc::open_how>(),
                        )
                    };
                    if r >= 0 {
                        // SAFETY: a descriptor just opened, owned by nobody else.
                        Ok(unsafe { File::from_raw_fd(r as i32) })
                    } else {
                        let e = io::Error::last_os_error();
                        match e.raw_os_error() {
                            Some(libc::ENOSYS | libc::EPERM | libc::EINVAL | libc::E2BIG) => {
                                UNSUPPORTED.store(true, Ordering::Relaxed);
                                continue;
                            }
                            Some(libc::ELOOP | libc::EXDEV) => {
                                return Err(dirs.check(rel).err().unwrap_or_else(|| {
                                    io::Error::other(
                                        "un dossier du chemin est un lien symbolique : ent-rgpd n'écrit rien à travers un lien",
                                    )
                                }));
                            }
                            _ => Err(e),
                        }
                    }
                }
                _ => dirs.check(rel).and_then(|()| create_exclusive(&self.out.join(&tmp))),
            };
            match created {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 16 => tries += 1,
                r => return r.map(|f| (self.out.join(&tmp), f)),
            }
        }
    }
}

/// The error for a link found where a folder of the site is expected.
fn link_error(out: &Path, dir: &str) -> io::Error {
    let to = std::fs::read_link(out.join(dir))
        .map(|t| format!(" vers « {} »", t.display()))
        .unwrap_or_default();
    io::Error::other(format!(
        "« {dir} » est un lien symbolique{to} : ent-rgpd n'écrit ni ne supprime rien à travers un \
         lien, qui peut mener hors du dossier de sortie ; remplacez ce lien par un dossier, ou \
         supprimez-le et le build suivant le recrée"
    ))
}

/// The folders of the output already checked by this build: each one is looked at once
/// (`lstat`), whatever the number of files written or deleted beneath it.
pub struct Dirs<'a> {
    out: &'a Path,
    seen: [Mutex<FxHashSet<Box<str>>>; 16],
}

impl<'a> Dirs<'a> {
    pub fn new(out: &'a Path) -> Self {
        Dirs {
            out,
            seen: Default::default(),
        }
    }

    fn shard(&self, dir: &str) -> &Mutex<FxHashSet<Box<str>>> {
        let mut h = rustc_hash::FxHasher::default();
        dir.hash(&mut h);
        &self.seen[(h.finish() >> 60) as usize]
    }

    fn known(&self, dir: &str) -> bool {
        self.shard(dir).lock().expect("lock").contains(dir)
    }

    /// Checks that every folder above the file `rel` (relative to the output folder) that
    /// exists is a real folder, not a link (nor a file). Folders not there yet are fine:
    /// the writer creates them.
    pub fn check(&self, rel: &str) -> io::Result<()> {
        let Some((parent, _)) = rel.rsplit_once('/') else {
            return Ok(());
        };
        if self.known(parent) {
            return Ok(()); // and so are the folders above it
        }
        let ends = parent.match_indices('/').map(|(i, _)| i).chain([parent.len()]);
        for end in ends {
            let dir = &parent[..end];
            if self.known(dir) {
                continue;
            }
            match std::fs::symlink_metadata(self.out.join(dir)) {
                Ok(m) if m.is_dir() => {
                    self.shard(dir).lock().expect("lock").insert(dir.into());
                }
                Ok(m) if m.file_type().is_symlink() => return Err(link_error(self.out, dir)),
                Ok(_) => return Err(io::Error::from_raw_os_error(libc::ENOTDIR)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}
