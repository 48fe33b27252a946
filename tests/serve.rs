//! `ent-rgpd serve` end to end: pages over HTTP with the reload script, a roster edit served
//! and signalled, an invalid roster shown in a banner over the last good pages, clean stop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const STARTER: &str = include_str!("../src/cmd/init_parties.yaml");

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A hand-written HTTP/1.0 GET on loopback: (status, body).
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    get_full(port, path).map(|(status, _, body)| (status, body))
}

/// Polls `f` every 100 ms for up to `secs` seconds.
fn wait_for<T>(secs: u64, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        if let Some(v) = f() {
            return Some(v);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

/// Kills the server if the test fails half-way.
struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_rebuilds_and_signals_reload() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("parties.yaml");
    std::fs::write(&roster, STARTER).unwrap();
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ent-rgpd"))
        .current_dir(dir.path())
        .args(["serve", "--port", &port.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut server = Server(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let err_log = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = BufReader::new(stderr).read_to_string(&mut s);
        s
    });
    let banner = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("serve prints its address");
    assert!(
        banner.contains(&format!("Site servi sur http://127.0.0.1:{port}/")) && banner.contains("Ctrl+C pour arrêter"),
        "{banner}"
    );

    // Served page: the content and the reload script.
    let (status, page) = wait_for(30, || get(port, "/0570055a/index.html")).expect("page served");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Collège Barbot"), "{page}");
    assert!(page.contains("/__ent-rgpd/version") && page.contains("data-ent-rgpd-serve"));
    assert!(!page.contains("ent-rgpd-serve-erreur"));
    let (_, v1) = get(port, "/__ent-rgpd/version").unwrap();
    let (status, _) = get(port, "/0570055a").unwrap();
    assert_eq!(status, 301, "a folder without its slash redirects");
    assert_eq!(get(port, "/0570055a/").unwrap().0, 200);
    assert_ne!(get(port, "/../../etc/passwd").unwrap().0, 200);
    assert_eq!(get(port, "/nulle-part/").unwrap().0, 404);
    // Non-HTML files are served as they are.
    let (status, css) = get(port, "/style.css").unwrap();
    assert_eq!(status, 200);
    assert!(!css.contains("__ent-rgpd"));
    // Nothing is written next to the roster.
    assert!(!dir.path().join("public").exists());

    // An edit: the new name is served, and the version changed.
    std::fs::write(&roster, STARTER.replace("Collège Barbot", "Collège Barbot-Renommé")).unwrap();
    let page = wait_for(30, || {
        get(port, "/0570055a/index.html").filter(|(_, p)| p.contains("Collège Barbot-Renommé"))
    })
    .expect("the edited roster is served");
    assert_eq!(page.0, 200);
    // The version moves once the rebuild is over, just after the pages are written.
    let v2 = wait_for(10, || get(port, "/__ent-rgpd/version").filter(|(_, v)| *v != v1))
        .expect("reload signalled")
        .1;

    // An invalid roster: the last good pages stay, with the diagnostics in a banner.
    std::fs::write(&roster, STARTER.replace("uai: 0570055A", "uai: 0570055Z")).unwrap();
    let (_, page) = wait_for(30, || {
        get(port, "/0570055a/index.html").filter(|(_, p)| p.contains("ent-rgpd-serve-erreur"))
    })
    .expect("the diagnostics are shown");
    assert!(page.contains("Collège Barbot-Renommé"), "last good page kept");
    assert!(page.contains("0570055Z"), "{page}");
    wait_for(10, || get(port, "/__ent-rgpd/version").filter(|(_, v)| *v != v2)).expect("reload signalled");

    // Fixed again: the banner goes away.
    std::fs::write(&roster, STARTER).unwrap();
    wait_for(30, || {
        get(port, "/0570055a/index.html")
            .filter(|(_, p)| !p.contains("ent-rgpd-serve-erreur") && !p.contains("Barbot-Renommé"))
    })
    .expect("fixed roster served without banner");

    // Clean stop on SIGTERM: exit status 0, and the temporary site is removed.
    let pid = server.0.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = wait_for(20, || server.0.try_wait().unwrap()).expect("serve stops within 20 s");
    assert!(status.success(), "{status:?}");
    let log = err_log.join().unwrap();
    assert!(log.contains("Modification détectée"), "{log}");
    assert!(log.contains("0570055Z"), "diagnostics on stderr: {log}");
    assert!(get(port, "/").is_none(), "port closed");
}

#[test]
fn build_output_has_no_reload_script() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), STARTER).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ent-rgpd"))
        .current_dir(dir.path())
        .args(["build", "--quiet"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for entry in walkdir::WalkDir::new(dir.path().join("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
            assert!(!text.contains("__ent-rgpd"), "{}", entry.path().display());
        }
    }
}

/// A running `serve`: its first stdout line (the address), and every stderr line as it comes.
struct Running {
    server: Server,
    banner: String,
    stderr: std::sync::mpsc::Receiver<String>,
}

/// Starts `ent-rgpd serve ARGS` in `dir` and waits for its address.
fn start_serve(dir: &std::path::Path, args: &[&str]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ent-rgpd"))
        .current_dir(dir)
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let (out_tx, out_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = out_tx.send(line);
        }
    });
    let (err_tx, err_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = err_tx.send(line);
        }
    });
    let banner = out_rx
        .recv_timeout(Duration::from_secs(60))
        .expect("serve prints its address");
    Running {
        server,
        banner,
        stderr: err_rx,
    }
}

/// (status, head, body) of a GET, the head kept for `Location`.
fn get_full(port: u16, path: &str) -> Option<(u16, String, String)> {
    let mut s = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, head.to_string(), body.to_string()))
}

/// Issue 14: each rebuild opened parties.yaml, the watcher took that open (IN_OPEN) for a
/// change, and the site rebuilt (and the browser reloaded) every second for ever. One edit
/// must give one rebuild, then quiet.
#[test]
fn serve_settles_after_one_edit() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("parties.yaml");
    std::fs::write(&roster, STARTER).unwrap();
    let port = free_port();
    let running = start_serve(dir.path(), &["--port", &port.to_string()]);
    assert!(
        running.banner.contains(&format!("127.0.0.1:{port}/")),
        "{}",
        running.banner
    );
    wait_for(30, || get(port, "/0570055a/").filter(|(s, _)| *s == 200)).expect("page served");

    // Quiet before any edit: serving pages reads files, which is no change.
    std::thread::sleep(Duration::from_secs(2));
    let before: Vec<String> = running.stderr.try_iter().collect();
    assert!(
        !before.iter().any(|l| l.contains("Modification détectée")),
        "rebuilt with no edit: {before:#?}"
    );
    let (_, v1) = get(port, "/__ent-rgpd/version").unwrap();

    std::fs::write(&roster, STARTER.replace("Collège Barbot", "Collège Barbot-Renommé")).unwrap();
    wait_for(30, || {
        get(port, "/0570055a/").filter(|(_, p)| p.contains("Barbot-Renommé"))
    })
    .expect("edit served");
    let v2 = wait_for(10, || get(port, "/__ent-rgpd/version").filter(|(_, v)| *v != v1))
        .expect("reload signalled")
        .1;

    // Then nothing more for 4 s: one rebuild, the version unchanged.
    std::thread::sleep(Duration::from_secs(4));
    let after: Vec<String> = running.stderr.try_iter().collect();
    let rebuilds = after.iter().filter(|l| l.contains("Modification détectée")).count();
    assert_eq!(rebuilds, 1, "one edit, one rebuild: {after:#?}");
    let (_, v3) = get(port, "/__ent-rgpd/version").unwrap();
    assert_eq!(v2, v3, "no reload after the rebuild settled");

    // An upper-case UAI redirects to the lower-case pages (SPEC §4).
    for (asked, location) in [
        ("/0570055A/", "/0570055a/"),
        ("/0570055A", "/0570055a/"),
        ("/0570055A/mentions/", "/0570055a/mentions/"),
    ] {
        let (status, head, _) = get_full(port, asked).unwrap();
        assert_eq!(status, 301, "{asked}: {head}");
        assert!(
            head.lines()
                .any(|l| l.eq_ignore_ascii_case(&format!("location: {location}"))),
            "{asked}: {head}"
        );
    }
    assert_eq!(get(port, "/0570055a/mentions/").unwrap().0, 200);
    assert_eq!(get(port, "/9999999Z/").unwrap().0, 404, "an unknown UAI stays a 404");
    drop(running.server);
}

/// Without --port, a busy 1111 is no error: the next free port, said in French. Started from
/// a subfolder, it serves the roster of the nearest parent (SPEC §2).
#[test]
fn serve_takes_the_next_free_port_when_the_default_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), STARTER).unwrap();
    let sub = dir.path().join("notes/2025");
    std::fs::create_dir_all(&sub).unwrap();
    // Busy, by this test or by anyone else.
    let _held = TcpListener::bind("127.0.0.1:1111");
    let running = start_serve(&sub, &[]);
    let port: u16 = running
        .banner
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("{}", running.banner));
    assert_ne!(port, 1111, "{}", running.banner);
    let note = running
        .stderr
        .recv_timeout(Duration::from_secs(10))
        .expect("a note on stderr");
    assert_eq!(
        note,
        format!("Le port 1111 est occupé : le site est servi sur le port {port}.")
    );
    let (status, page) = wait_for(30, || get(port, "/0570055a/")).expect("page served");
    assert_eq!(status, 200);
    assert!(page.contains("Collège Barbot"), "{page}");
    assert!(!dir.path().join("public").exists() && !sub.join("public").exists());
    drop(running.server);
}

/// An explicit --port that is busy stays an error (exit 3), said clearly.
#[test]
fn serve_explicit_busy_port_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parties.yaml"), STARTER).unwrap();
    let held = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_ent-rgpd"))
        .current_dir(dir.path())
        .args(["serve", "--port", &port])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!("erreur : le port {port} est déjà utilisé")) && stderr.contains("--port"),
        "{stderr}"
    );
}
