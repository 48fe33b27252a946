//! `ent-rgpd serve`: build into a temporary directory through the one writer, serve it on
//! 127.0.0.1, rebuild on change of the roster, its included files, `content/` or `themes/`,
//! and reload the browser. The reload script (and the error banner) is added to HTML pages as
//! they are served: the files on disk are exactly what `build` writes.
//!
//! Only changes of content wake the rebuild: a file created, written, removed or renamed,
//! never a file opened or read (each rebuild reads the roster: reacting to that would rebuild
//! for ever). The browsers reload only when a rebuild wrote, removed or failed differently.
//! Without `--port`, the default port or, when it is busy, the next free one (as Hugo does).
//!
//! Any web page the user visits can send requests to 127.0.0.1, so the server judges each
//! request from its text before touching the disk: only GET/HEAD, a `Host` naming
//! 127.0.0.1 or localhost on this port (no DNS rebinding), a path of plain names (no `..`,
//! no encoded `/`, `\` or NUL, no `//`); then it serves only regular files reached through
//! real folders of the site, opened without following links nor blocking on FIFOs, and
//! streams them. Redirects are built from the checked names (never `//host`). At most
//! [`MAX_CONNECTIONS`] connections are answered at once, one request each, with a bounded
//! request head.

use crate::cli::ServeArgs;
use crate::cmd::build::{Progress, direct_note, incremental_scope, render_and_write};
use crate::error::{Error, Result, io_fr};
use crate::render::Renderer;
use crate::{project, rebuild};
// notify itself, through the debouncer crate that re-exports it: its events keep their kind
// (the debouncer's do not), which tells a write from a read.
use notify_debouncer_mini::notify::{self, EventKind, RecommendedWatcher, RecursiveMode, Watcher, event::ModifyKind};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// The URL the injected script polls; its body changes after every rebuild.
pub const VERSION_URL: &str = "/__ent-rgpd/version";

/// What the HTTP threads share with the rebuild loop.
struct Shared {
    dir: PathBuf,
    version: AtomicU64,
    /// The diagnostics of the last failed rebuild, shown over every page until a good one.
    error: RwLock<Option<String>>,
    /// The port served: the only one a `Host` header may name.
    port: u16,
    /// Connections being answered, at most [`MAX_CONNECTIONS`].
    connections: AtomicUsize,
}

/// Connections answered at once; more are told to retry (503) and closed at once, so that
/// idle connections cannot make the server start a thread each.
const MAX_CONNECTIONS: usize = 32;
/// A request head larger than this is refused (431).
const HEAD_MAX: usize = 16 * 1024;
/// Time a client has to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// The port tried first without `--port`.
pub const DEFAULT_PORT: u16 = 1111;
/// Ports tried after [`DEFAULT_PORT`] before asking the system for any free one.
const PORT_TRIES: u16 = 20;
/// Quiet time after the last change before rebuilding: one save is several events.
const SETTLE: Duration = Duration::from_millis(200);

pub fn run(args: &ServeArgs) -> Result<()> {
    let roster = std::fs::canonicalize(&args.roster).map_err(|e| Error::io(&args.roster, e))?;
    let root = roster.parent().map(Path::to_path_buf).unwrap_or_default();
    let tmp = tempfile::Builder::new()
        .prefix("ent-rgpd-serve-")
        .tempdir()
        .map_err(|e| Error::io(std::env::temp_dir(), e))?;

    let listener = match args.port {
        Some(port) => TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
            eprintln!("erreur : {}", port_error(port, &e));
            Error::Reported(3)
        })?,
        None => first_free(DEFAULT_PORT).map_err(|e| {
            eprintln!("erreur : {}", port_error(DEFAULT_PORT, &e));
            Error::Reported(3)
        })?,
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(DEFAULT_PORT);
    if args.port.is_none() && port != DEFAULT_PORT {
        eprintln!("Le port {DEFAULT_PORT} est occupé : le site est servi sur le port {port}.");
    }
    let url = format!("http://127.0.0.1:{port}/");
    let base_url = format!("http://127.0.0.1:{port}");

    let shared = Arc::new(Shared {
        dir: tmp.path().to_path_buf(),
        version: AtomicU64::new(1),
        error: RwLock::new(None),
        port,
        connections: AtomicUsize::new(0),
    });
    let mut sources = vec![roster.clone()];
    rebuild_once(&roster, &base_url, &shared, &mut sources);

    {
        let shared = shared.clone();
        std::thread::spawn(move || accept(listener, shared));
    }

    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher =
        notify::recommended_watcher(tx).map_err(|e| Error::io(&root, std::io::Error::other(e.to_string())))?;
    let mut watched = HashSet::new();
    watch(&mut watcher, &root, &sources, &mut watched);

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // Already set (a second `serve` in the same process, tests): Ctrl+C just ends it.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    println!("Site servi sur {url} — Ctrl+C pour arrêter");
    if args.open {
        open_browser(&url);
    }

    let (content, themes) = (root.join("content"), root.join("themes"));
    // A change was seen: rebuild once nothing more has come for [`SETTLE`].
    let mut due: Option<Instant> = None;
    while !stop.load(Ordering::SeqCst) {
        let wait = due.map_or(Duration::from_millis(200), |at| {
            at.saturating_duration_since(Instant::now())
                .min(Duration::from_millis(200))
        });
        match rx.recv_timeout(wait) {
            Ok(Ok(event)) => {
                let relevant = event.paths.iter().any(|p| {
                    sources.iter().any(|s| s == p)
                        || p.starts_with(&content)
                        || p.starts_with(&themes)
                        || p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                });
                if relevant && changes_content(&event) {
                    due = Some(Instant::now() + SETTLE);
                }
            }
            Ok(Err(e)) => eprintln!("surveillance des fichiers : {e}"),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if due.is_some_and(|at| Instant::now() >= at) {
            due = None;
            eprintln!("Modification détectée : reconstruction…");
            rebuild_once(&roster, &base_url, &shared, &mut sources);
            watch(&mut watcher, &root, &sources, &mut watched);
        }
    }
    eprintln!("Arrêt du serveur.");
    drop(watcher);
    drop(tmp);
    Ok(())
}

/// A file created, written, removed or renamed (or events lost: look again); not a file
/// opened, read or closed, nor its metadata changed (inotify's IN_OPEN, IN_ACCESS,
/// IN_CLOSE_*, IN_ATTRIB), which the rebuild itself causes.
fn changes_content(event: &notify::Event) -> bool {
    event.need_rescan()
        || match event.kind {
            EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
            EventKind::Modify(ModifyKind::Metadata(_)) => false,
            EventKind::Modify(_) => true,
            EventKind::Access(_) | EventKind::Other => false,
        }
}

/// The first port from `first` that is free on 127.0.0.1, trying [`PORT_TRIES`] more, then
/// any port the system gives. Errors other than a busy port are returned as they are.
fn first_free(first: u16) -> std::io::Result<TcpListener> {
    for port in (first..=first.saturating_add(PORT_TRIES)).filter(|&p| p != 0) {
        match TcpListener::bind(("127.0.0.1", port)) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {}
            Err(e) => return Err(e),
        }
    }
    TcpListener::bind(("127.0.0.1", 0))
}

/// Why `port` cannot be listened on, in French, with what to do.
fn port_error(port: u16, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "le port {port} est déjà utilisé (par un autre « ent-rgpd serve » ?) : choisissez-en un autre \
             avec --port, ou omettez --port pour prendre le premier port libre à partir de {DEFAULT_PORT}"
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "le port {port} est réservé à l'administrateur (ports inférieurs à 1024) : choisissez-en un autre \
             avec --port"
        ),
        _ => format!("impossible d'écouter sur 127.0.0.1:{port} : {}", io_fr(e)),
    }
}

/// Watch the roster's directories (not recursively: the output folder may be there), and
/// `content/` and `themes/` recursively once they exist.
fn watch(watcher: &mut RecommendedWatcher, root: &Path, sources: &[PathBuf], watched: &mut HashSet<PathBuf>) {
    let mut wanted: Vec<(PathBuf, RecursiveMode)> = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for s in sources {
        if let Some(dir) = s.parent() {
            wanted.push((dir.to_path_buf(), RecursiveMode::NonRecursive));
        }
    }
    for sub in ["content", "themes"] {
        let dir = root.join(sub);
        if dir.is_dir() {
            wanted.push((dir, RecursiveMode::Recursive));
        }
    }
    for (dir, mode) in wanted {
        if !watched.contains(&dir) && watcher.watch(&dir, mode).is_ok() {
            watched.insert(dir);
        }
    }
}

/// Check, render what changed into the temporary directory, and tell the browsers.
/// On failure the last good pages stay and the diagnostics go to stderr and the banner.
fn rebuild_once(roster: &Path, base_url: &str, shared: &Shared, sources: &mut Vec<PathBuf>) {
    let start = Instant::now();
    let outcome = (|| -> Result<(usize, crate::output::WriteSummary, String)> {
        let project::Checked {
            roster: raw,
            mut site,
            warnings,
        } = project::check(roster)?;
        for d in &warnings.items {
            eprintln!("{}", d.render());
        }
        *sources = raw.sources.iter().map(|s| s.path.clone()).collect();
        let root = raw.root_dir();
        drop(raw);
        // Links between pages stay on this server.
        site.ent.base_url = base_url.to_string();
        let renderer = Renderer::new(&root)?;
        let mut plan = rebuild::plan(&shared.dir, &site, renderer.fingerprint());
        let (summary, rendered) = render_and_write(
            &shared.dir,
            &site,
            &renderer,
            incremental_scope(&plan),
            Some(&mut plan),
            &Progress::none(),
        )?;
        plan.save(&shared.dir)?;
        let note = direct_note(&renderer, rendered > 0 || summary.written > 0);
        Ok((rendered, summary, note))
    })();
    let (wrote, error) = match outcome {
        Ok((rendered, summary, note)) => {
            eprintln!(
                "{rendered} établissement(s) régénéré(s) : {} fichier(s) écrit(s), {} supprimé(s) en {:.2} s{note}.",
                summary.written,
                summary.removed,
                start.elapsed().as_secs_f64()
            );
            (summary.written > 0 || summary.removed > 0, None)
        }
        Err(e) => {
            let text = describe(&e);
            eprintln!("{text}");
            eprintln!("Les dernières pages valides restent servies.");
            (false, Some(text))
        }
    };
    // The browsers reload only when what they show changed: pages, or the banner.
    let mut shown = shared.error.write().unwrap_or_else(|e| e.into_inner());
    let changed = wrote || *shown != error;
    *shown = error;
    drop(shown);
    if changed {
        shared.version.fetch_add(1, Ordering::SeqCst);
    }
}

/// The French text of an error, as `build` would print it.
fn describe(e: &Error) -> String {
    match e {
        Error::Invalid(report) => {
            let mut s: Vec<String> = report.items.iter().map(|d| d.render()).collect();
            s.push(format!(
                "{} erreur(s), {} avertissement(s).",
                report.error_count(),
                report.warning_count()
            ));
            s.join("\n")
        }
        other => format!("erreur : {other}"),
    }
}

/// Accept connections for ever, each answered on its own thread, at most
/// [`MAX_CONNECTIONS`] at once.
fn accept(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if shared.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
            // Never wait on this client: one non-blocking write, then close.
            let _ = stream.set_nonblocking(true);
            let _ = stream.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            continue;
        }
        let shared = shared.clone();
        let spawned = std::thread::Builder::new().name("serve-http".into()).spawn({
            let shared = shared.clone();
            move || {
                struct Release<'a>(&'a AtomicUsize);
                impl Drop for Release<'_> {
                    fn drop(&mut self) {
                        self.0.fetch_sub(1, Ordering::SeqCst);
                    }
                }
                let _release = Release(&shared.connections);
                connection(stream, &shared);
            }
        });
        if spawned.is_err() {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// A response: status, content type, body (a file is streamed, not read into memory).
enum Body {
    Bytes(Vec<u8>),
    File(std::fs::File, u64),
}

struct Reply {
    status: u16,
    content_type: &'static str,
    location: Option<String>,
    body: Body,
}

impl Reply {
    fn bytes(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type,
            location: None,
            body: Body::Bytes(body),
        }
    }

    fn text(status: u16, message: &str) -> Reply {
        Reply::bytes(status, "text/plain; charset=utf-8", format!("{message}\n").into_bytes())
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// One request per connection: read its head (bounded in size and time), answer, close.
fn connection(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 4096];
    let complete = loop {
        if let Some(end) = head_end(&head) {
            head.truncate(end);
            break true;
        }
        if head.len() > HEAD_MAX {
            break false;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    };
    let (reply, head_only) = if complete {
        let head_only = head.starts_with(b"HEAD ");
        (answer(&head, shared), head_only)
    } else {
        (Reply::text(431, "en-tête de requête trop long"), false)
    };
    let _ = send(&mut stream, reply, head_only);
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// Where the request head ends (the blank line), if it has arrived.
fn head_end(b: &[u8]) -> Option<usize> {
    b.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .or_else(|| b.windows(2).position(|w| w == b"\n\n"))
}

fn send(stream: &mut TcpStream, reply: Reply, head_only: bool) -> std::io::Result<()> {
    let len = match &reply.body {
        Body::Bytes(b) => b.len() as u64,
        Body::File(_, len) => *len,
    };
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {len}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type
    );
    if let Some(l) = &reply.location {
        head.push_str(&format!("Location: {l}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if head_only {
        return Ok(());
    }
    match reply.body {
        Body::Bytes(b) => stream.write_all(&b),
        Body::File(f, len) => std::io::copy(&mut f.take(len), stream).map(|_| ()),
    }
}

/// The answer to a request head: method, Host and path are judged first, from the text
/// alone; only a path made of plain names reaches the disk.
fn answer(head: &[u8], shared: &Shared) -> Reply {
    let Ok(head) = std::str::from_utf8(head) else {
        return Reply::text(400, "requête invalide");
    };
    let mut lines = head.lines();
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Reply::text(400, "requête invalide");
    };
    if !version.starts_with("HTTP/1.") {
        return Reply::text(400, "requête invalide");
    }
    if method != "GET" && method != "HEAD" {
        return Reply::text(405, "seules les requêtes GET et HEAD sont servies");
    }
    let hosts: Vec<&str> = lines
        .filter_map(|l| l.split_once(':'))
        .filter(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim())
        .collect();
    match hosts.as_slice() {
        [host] if host_allowed(host, shared.port) => {}
        [] => return Reply::text(400, "en-tête Host absent"),
        _ => {
            // Another name for 127.0.0.1 (DNS rebinding): a page of another site must not
            // read this one.
            return Reply::text(
                421,
                &format!(
                    "ce serveur ne répond qu'à http://127.0.0.1:{0}/ et http://localhost:{0}/",
                    shared.port
                ),
            );
        }
    }
    let route = match route(target) {
        Ok(r) => r,
        Err(status) => return not_found(status, target),
    };
    let mut reply = serve_file(shared, &route, target);
    if reply.status == 404
        && let Body::Bytes(page) = reply.body
    {
        // The reload script here too: the page may appear with the next rebuild.
        reply.body = Body::Bytes(inject(page, shared));
    }
    reply
}

/// The reply to a path made of plain names: the version polled by the reload script, or a
/// file of the site.
fn serve_file(shared: &Shared, route: &Route, target: &str) -> Reply {
    if route.segments.len() == 2 && route.segments[0] == "__ent-rgpd" && route.segments[1] == "version" && !route.slash
    {
        let body = shared.version.load(Ordering::SeqCst).to_string().into_bytes();
        return Reply::bytes(200, "text/plain; charset=utf-8", body);
    }
    site_file(shared, route, target)
}

/// `Host` names this server: 127.0.0.1 or localhost, with this port (or none, as a client
/// of port 80 would send).
fn host_allowed(host: &str, port: u16) -> bool {
    let (name, p) = match host.rsplit_once(':') {
        Some((name, p)) => (name, Some(p)),
        None => (host, None),
    };
    (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost")) && p.is_none_or(|p| p == port.to_string())
}

/// A request path judged from its text alone.
#[derive(Debug, PartialEq)]
struct Route {
    /// Plain names: letters, digits, `.`, `_`, `-`, `~`; never `.` or `..` alone.
    segments: Vec<String>,
    /// The path ends with `/`.
    slash: bool,
}

/// The names of a request path, or the status refusing it: not a path from the root (`//x`,
/// `http://…`), an encoded separator or NUL (`%2f`, `%5c`, `%00`), a backslash, `.` or `..`,
/// an empty name, any other character.
fn route(target: &str) -> std::result::Result<Route, u16> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.starts_with("//") || path.len() > 1024 {
        return Err(400);
    }
    let lower = path.to_ascii_lowercase();
    if ["%2f", "%5c", "%00", "\\"].iter().any(|bad| lower.contains(bad)) {
        return Err(400);
    }
    let decoded = percent_decode(path);
    let slash = decoded.ends_with('/');
    let inner = decoded[1..].strip_suffix('/').unwrap_or(&decoded[1..]);
    if inner.is_empty() {
        return Ok(Route {
            segments: Vec::new(),
            slash: true,
        });
    }
    let mut segments = Vec::new();
    for seg in inner.split('/') {
        let plain = !seg.is_empty()
            && seg != "."
            && seg != ".."
            && seg
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'~'));
        if !plain {
            return Err(if seg.is_empty() || seg == "." || seg == ".." {
                400
            } else {
                404
            });
        }
        segments.push(seg.to_string());
    }
    Ok(Route { segments, slash })
}

fn not_found(status: u16, target: &str) -> Reply {
    let shown: String = target.chars().take(200).collect();
    let title = if status == 404 {
        "Page introuvable"
    } else {
        "Adresse non permise"
    };
    Reply::bytes(
        status,
        "text/html; charset=utf-8",
        format!(
            "<!DOCTYPE html><html lang=\"fr\"><meta charset=\"utf-8\"><title>{title}</title><body><h1>{title}</h1><p>{} n'existe pas dans le site généré. <a href=\"/\">Accueil</a></p></body></html>",
            escape_html(&shown)
        )
        .into_bytes(),
    )
}

/// A regular file of the site, reached through real folders only (no link), opened without
/// following a link nor waiting on a FIFO; a folder redirects to its `/` form.
fn site_file(shared: &Shared, route: &Route, target: &str) -> Reply {
    let mut path = shared.dir.clone();
    let mut is_dir = true;
    for (i, seg) in route.segments.iter().enumerate() {
        path.push(seg);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_dir() => {}
            Ok(m) if m.file_type().is_file() && i + 1 == route.segments.len() => is_dir = false,
            _ => return upper_case_uai(shared, route).unwrap_or_else(|| not_found(404, target)),
        }
    }
    if is_dir {
        if !route.slash {
            // Built from the checked names: always `/name/…/`, never `//host`.
            return redirect(format!("/{}/", route.segments.join("/")));
        }
        path.push("index.html");
    } else if route.slash {
        return not_found(404, target);
    }
    let Some((file, len)) = open_regular(&path) else {
        return not_found(404, target);
    };
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("").to_string();
    if ext == "html" {
        let mut bytes = Vec::with_capacity(len as usize);
        if file.take(len).read_to_end(&mut bytes).is_err() {
            return not_found(404, target);
        }
        return Reply::bytes(200, content_type(&ext), inject(bytes, shared));
    }
    Reply {
        status: 200,
        content_type: content_type(&ext),
        location: None,
        body: Body::File(file, len),
    }
}

fn redirect(location: String) -> Reply {
    Reply {
        location: Some(location),
        ..Reply::text(301, "déplacé")
    }
}

/// `/0570055A/…`: the pages use the lower-case UAI (SPEC §4), redirect there when it exists.
fn upper_case_uai(shared: &Shared, route: &Route) -> Option<Reply> {
    let first = route.segments.first()?;
    if !first.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let lower = first.to_ascii_lowercase();
    std::fs::symlink_metadata(shared.dir.join(&lower))
        .ok()
        .filter(|m| m.file_type().is_dir())?;
    let mut segments = route.segments.clone();
    segments[0] = lower;
    let slash = if route.slash || segments.len() == 1 { "/" } else { "" };
    Some(redirect(format!("/{}{slash}", segments.join("/"))))
}

/// Opens `path` only if it is a regular file: never through a final link, never blocking on
/// a FIFO or a device.
fn open_regular(path: &Path) -> Option<(std::fs::File, u64)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).ok()?;
    let meta = file.metadata().ok()?;
    let len = meta.len();
    meta.file_type().is_file().then_some((file, len))
}

/// Adds the error banner (if the last rebuild failed) and the reload script to an HTML page.
fn inject(mut html: Vec<u8>, shared: &Shared) -> Vec<u8> {
    let version = shared.version.load(Ordering::SeqCst);
    let mut add = String::new();
    if let Some(error) = shared.error.read().unwrap_or_else(|e| e.into_inner()).as_deref() {
        add.push_str(
            "<div id=\"ent-rgpd-serve-erreur\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;max-height:60vh;overflow:auto;z-index:99999;background:#fee;color:#600;border-bottom:3px solid #c00;padding:1em;font:14px/1.4 monospace\"><strong>Le fichier des parties est invalide : les dernières pages valides sont affichées.</strong><pre style=\"white-space:pre-wrap\">",
        );
        add.push_str(&escape_html(error));
        add.push_str("</pre></div>");
    }
    add.push_str(&format!(
        "<script data-ent-rgpd-serve>(function(){{var v=\"{version}\";setInterval(function(){{fetch(\"{VERSION_URL}\",{{cache:\"no-store\"}}).then(function(r){{return r.text()}}).then(function(t){{if(t!==v)location.reload()}}).catch(function(){{}})}},1000)}})();</script>"
    ));
    let at = find(&html, b"</body>").unwrap_or(html.len());
    html.splice(at..at, add.into_bytes());
    html
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w.eq_ignore_ascii_case(needle))
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(ext: &str) -> &'static str {
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// `--open`: the system's opener, or just the address when there is none.
fn open_browser(url: &str) {
    let tries: &[(&str, &[&str])] = if cfg!(target_os = "macos") {
        &[("open", &[])]
    } else if cfg!(windows) {
        &[("cmd", &["/C", "start", ""])]
    } else {
        &[("xdg-open", &[])]
    };
    for (prog, pre) in tries {
        if std::process::Command::new(prog)
            .args(*pre)
            .arg(url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .is_ok()
        {
            return;
        }
    }
    println!("Ouvrez {url} dans votre navigateur.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_from_the_path_alone() {
        let ok = |t: &str| route(t).map(|r| (r.segments.join("/"), r.slash));
        assert_eq!(ok("/"), Ok((String::new(), true)));
        assert_eq!(ok("/0570055a"), Ok(("0570055a".into(), false)));
        assert_eq!(ok("/0570055a/mentions/?x=1"), Ok(("0570055a/mentions".into(), true)));
        assert_eq!(ok("/style.css"), Ok(("style.css".into(), false)));
        for bad in [
            "//evil.example",
            "/..%2f..%2fetc%2fpasswd",
            "/..%2F",
            "/a%5cb",
            "/a%00.html",
            "/a\\b",
            "/../etc/passwd",
            "/%2e%2e/etc",
            "/./a",
            "/a//b",
            "http://127.0.0.1/",
            "*",
        ] {
            assert!(route(bad).is_err(), "{bad}");
        }
        assert!(host_allowed("127.0.0.1:1111", 1111));
        assert!(host_allowed("localhost:1111", 1111));
        assert!(host_allowed("127.0.0.1", 1111));
        assert!(!host_allowed("evil.example:1111", 1111));
        assert!(!host_allowed("localhost:1112", 1111));
        assert!(!host_allowed("127.0.0.1.evil.example", 1111));
    }

    #[test]
    fn a_busy_port_moves_to_the_next_free_one() {
        let held = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let busy = held.local_addr().unwrap().port();
        let listener = first_free(busy).unwrap();
        assert_ne!(listener.local_addr().unwrap().port(), busy);
        let e = TcpListener::bind(("127.0.0.1", busy)).unwrap_err();
        assert!(port_error(busy, &e).starts_with(&format!("le port {busy} est déjà utilisé")));
    }

    #[test]
    fn only_content_changes_wake_the_rebuild() {
        use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, RemoveKind, RenameMode};
        let yes = [
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
        ];
        let no = [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Read),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
        ];
        for kind in yes {
            assert!(changes_content(&notify::Event::new(kind)), "{kind:?}");
        }
        for kind in no {
            assert!(!changes_content(&notify::Event::new(kind)), "{kind:?}");
        }
        let lost = notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        assert!(changes_content(&lost), "events lost: look again");
    }

    #[test]
    fn decodes_and_escapes() {
        assert_eq!(percent_decode("/a%20b/%C3%A9"), "/a b/é");
        assert_eq!(percent_decode("/100%"), "/100%");
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
