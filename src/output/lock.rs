//! One build at a time in an output folder (SPEC §4, « shared ground »).
//!
//! `build` takes an exclusive `flock` on `.ent-rgpd.lock` in the output folder before it
//! reads the last build's manifest, and keeps it until it has written everything. The lock
//! file itself is never rewritten (it stays empty); while a build runs, `.ent-rgpd.en-cours`
//! holds its pid, which a second build names when it gives up waiting. That file is removed
//! when the build ends; finding it when taking the lock means the previous build was
//! interrupted (killed, power cut): its temporary files are swept away then, the only time
//! the whole folder is walked.

use super::safe::{self, TMP_SUFFIX};
use crate::error::{Error, Result};
use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file, in the output folder.
pub const LOCK: &str = ".ent-rgpd.lock";
/// Present while a build runs in the output folder: its pid.
pub const RUNNING: &str = ".ent-rgpd.en-cours";
/// How long a build waits for another one to finish, in seconds, unless
/// `ENT_RGPD_ATTENTE_VERROU` says otherwise.
pub const DEFAULT_WAIT: u64 = 60;

/// The output folder, held by this build until dropped.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
    running: PathBuf,
    interrupted: bool,
}

impl Lock {
    /// Whether the last build into the folder was interrupted (its temporary files were
    /// swept away; the files it wrote may not be in its manifest).
    pub fn interrupted(&self) -> bool {
        self.interrupted
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // After a panic, temporary files may be left: the marker stays, so that the next
        // build sweeps them.
        if !std::thread::panicking() {
            let _ = std::fs::remove_file(&self.running);
        }
    }
}

/// The pid written by the build that holds the folder, if it can be read.
fn holder(out: &Path) -> Option<u32> {
    let (bytes, _) = safe::read_regular(&out.join(RUNNING)).ok()?;
    std::str::from_utf8(&bytes).ok()?.trim().parse().ok()
}

fn who(pid: Option<u32>) -> String {
    match pid {
        Some(pid) => format!("processus {pid}"),
        None => "processus inconnu".into(),
    }
}

/// The time a build waits for the folder: `ENT_RGPD_ATTENTE_VERROU` seconds, else 60.
fn wait_limit() -> Duration {
    let secs = std::env::var("ENT_RGPD_ATTENTE_VERROU")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(DEFAULT_WAIT);
    Duration::from_secs(secs)
}

/// Takes the output folder `out` (created if needed) for this build. If another build holds
/// it, waits for it (up to `ENT_RGPD_ATTENTE_VERROU` seconds, 60 by default), calling
/// `waiting` once with a French sentence to show; past that, an I/O error (exit 3) naming
/// the process that holds it.
pub fn lock(out: &Path, waiting: impl FnOnce(&str)) -> Result<Lock> {
    safe::ignore_sigxfsz();
    match std::fs::metadata(out) {
        Ok(m) if !m.is_dir() => return Err(Error::io(out, io::Error::from_raw_os_error(libc::ENOTDIR))),
        Ok(_) => {}
        Err(_) => std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?,
    }
    let path = out.join(LOCK);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o644)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(&path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => io::Error::other(
                "c'est un lien symbolique : supprimez-le, ent-rgpd recrée ce fichier (vide) à chaque build",
            ),
            _ => e,
        })
        .and_then(|f| match f.metadata()?.is_file() {
            true => Ok(f),
            false => Err(io::Error::other("ce n'est pas un fichier ordinaire")),
        })
        .map_err(|e| Error::io(&path, e))?;
    let limit = wait_limit();
    let start = Instant::now();
    let mut waiting = Some(waiting);
    loop {
        // SAFETY: flock on a descriptor we own.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            break;
        }
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EWOULDBLOCK) => {}
            Some(libc::EINTR) => continue,
            // A file system without locks (some network shares): build without one.
            _ => break,
        }
        if start.elapsed() >= limit {
            let msg = format!(
                "un autre build écrit dans ce dossier ({}) ; attendu {} s sans qu'il se termine : \
                 relancez ent-rgpd build quand il sera fini (ENT_RGPD_ATTENTE_VERROU=secondes \
                 pour attendre plus longtemps)",
                who(holder(out)),
                limit.as_secs()
            );
            return Err(Error::io(out, io::Error::new(io::ErrorKind::WouldBlock, msg)));
        }
        if let Some(say) = waiting.take() {
            say(&format!(
                "« {} » : un autre build est en cours ({}) : attente de sa fin (au plus {} s)…",
                out.display(),
                who(holder(out)),
                limit.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let running = out.join(RUNNING);
    let interrupted = match std::fs::remove_file(&running) {
        Ok(()) => {
            sweep(out); // the previous build was interrupted
            true
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(Error::io(&running, e)),
    };
    let mut f = safe::create_exclusive(&running).map_err(|e| Error::io(&running, e))?;
    f.write_all(format!("{}\n", std::process::id()).as_bytes())
        .map_err(|e| Error::io(&running, safe::fr(e)))?;
    Ok(Lock {
        _file: file,
        running,
        interrupted,
    })
}

/// Removes the temporary files and folders an interrupted build left anywhere in `out`
/// (never following links).
fn sweep(out: &Path) {
    let mut walk = walkdir::WalkDir::new(out).min_depth(1).into_iter();
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else { continue };
        if !entry.file_name().as_encoded_bytes().ends_with(TMP_SUFFIX.as_bytes()) {
            continue;
        }
        if entry.file_type().is_dir() {
            walk.skip_current_dir();
            let _ = std::fs::remove_dir_all(entry.path());
        } else {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
