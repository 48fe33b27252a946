//! `ent-rgpd serve`: build into a temporary directory through the one writer, serve it on
//! 127.0.0.1, rebuild on change of the roster, its included files, `content/` or `themes/`,
//! and reload the browser. The reload script (and the error banner) is added to HTML pages as
//! they are served: the files on disk are exactly what `build` writes.

use crate::cli::ServeArgs;
use crate::cmd::build::{Progress, direct_note, incremental_scope, render_and_write};
use crate::error::{Error, Result};
use crate::render::Renderer;
use crate::{project, rebuild};
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, new_debouncer};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
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
}

pub fn run(args: &ServeArgs) -> Result<()> {
    let roster = std::fs::canonicalize(&args.roster).map_err(|e| Error::io(&args.roster, e))?;
    let root = roster.parent().map(Path::to_path_buf).unwrap_or_default();
    let tmp = tempfile::Builder::new()
        .prefix("ent-rgpd-serve-")
        .tempdir()
        .map_err(|e| Error::io(std::env::temp_dir(), e))?;

    let server = tiny_http::Server::http(("127.0.0.1", args.port)).map_err(|e| {
        Error::io(
            format!("127.0.0.1:{}", args.port),
            std::io::Error::other(format!("impossible d'écouter sur ce port ({e})")),
        )
    })?;
    let port = server.server_addr().to_ip().map(|a| a.port()).unwrap_or(args.port);
    let url = format!("http://127.0.0.1:{port}/");
    let base_url = format!("http://127.0.0.1:{port}");

    let shared = Arc::new(Shared {
        dir: tmp.path().to_path_buf(),
        version: AtomicU64::new(1),
        error: RwLock::new(None),
    });
    let mut sources = vec![roster.clone()];
    rebuild_once(&roster, &base_url, &shared, &mut sources);

    let server = Arc::new(server);
    for _ in 0..4 {
        let (server, shared) = (server.clone(), shared.clone());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                respond(&shared, request);
            }
        });
    }

    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(Duration::from_millis(200), tx)
        .map_err(|e| Error::io(&root, std::io::Error::other(e.to_string())))?;
    let mut watched = HashSet::new();
    watch(&mut debouncer, &root, &sources, &mut watched);

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
    while !stop.load(Ordering::SeqCst) {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(Ok(events)) => {
                let relevant = events.iter().any(|ev| {
                    let p = &ev.path;
                    sources.iter().any(|s| s == p)
                        || p.starts_with(&content)
                        || p.starts_with(&themes)
                        || p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                });
                if relevant {
                    eprintln!("Modification détectée : reconstruction…");
                    rebuild_once(&roster, &base_url, &shared, &mut sources);
                    watch(&mut debouncer, &root, &sources, &mut watched);
                }
            }
            Ok(Err(e)) => eprintln!("surveillance des fichiers : {e}"),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    eprintln!("Arrêt du serveur.");
    server.unblock();
    drop(debouncer);
    drop(tmp);
    Ok(())
}

/// Watch the roster's directories (not recursively: the output folder may be there), and
/// `content/` and `themes/` recursively once they exist.
fn watch(
    debouncer: &mut notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
    root: &Path,
    sources: &[PathBuf],
    watched: &mut HashSet<PathBuf>,
) {
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
        if !watched.contains(&dir) && debouncer.watcher().watch(&dir, mode).is_ok() {
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
    match outcome {
        Ok((rendered, summary, note)) => {
            eprintln!(
                "{rendered} établissement(s) régénéré(s) : {} fichier(s) écrit(s), {} supprimé(s) en {:.2} s{note}.",
                summary.written,
                summary.removed,
                start.elapsed().as_secs_f64()
            );
            *shared.error.write().unwrap_or_else(|e| e.into_inner()) = None;
        }
        Err(e) => {
            let text = describe(&e);
            eprintln!("{text}");
            eprintln!("Les dernières pages valides restent servies.");
            *shared.error.write().unwrap_or_else(|e| e.into_inner()) = Some(text);
        }
    }
    shared.version.fetch_add(1, Ordering::SeqCst);
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

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

fn respond(shared: &Shared, request: tiny_http::Request) {
    let raw = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    let no_store = header("Cache-Control", "no-store");
    if raw == VERSION_URL {
        let body = shared.version.load(Ordering::SeqCst).to_string();
        let r = tiny_http::Response::from_string(body)
            .with_header(header("Content-Type", "text/plain; charset=utf-8"))
            .with_header(no_store);
        let _ = request.respond(r);
        return;
    }
    let path = percent_decode(&raw);
    let rel = path.trim_start_matches('/');
    let safe = !rel.contains('\\') && !rel.contains('\0') && rel.split('/').all(|c| c != ".." && c != ".");
    let mut file = shared.dir.join(rel);
    if safe && !rel.is_empty() && file.is_dir() && !raw.ends_with('/') {
        let r = tiny_http::Response::empty(301).with_header(header("Location", &format!("{raw}/")));
        let _ = request.respond(r);
        return;
    }
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, bytes, ext) = match std::fs::read(&file).ok().filter(|_| safe) {
        Some(b) => (200, b, file.extension().and_then(|x| x.to_str()).unwrap_or("").to_string()),
        None => (
            404,
            format!(
                "<!DOCTYPE html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Page introuvable</title><body><h1>Page introuvable</h1><p>{} n'existe pas dans le site généré. <a href=\"/\">Accueil</a></p></body></html>",
                escape_html(&path)
            )
            .into_bytes(),
            "html".to_string(),
        ),
    };
    let bytes = if ext == "html" { inject(bytes, shared) } else { bytes };
    let r = tiny_http::Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type(&ext)))
        .with_header(no_store);
    let _ = request.respond(r);
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
    fn decodes_and_escapes() {
        assert_eq!(percent_decode("/a%20b/%C3%A9"), "/a b/é");
        assert_eq!(percent_decode("/100%"), "/100%");
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
