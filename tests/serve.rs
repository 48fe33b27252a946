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
    let mut s = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, body.to_string()))
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
    let (_, v2) = get(port, "/__ent-rgpd/version").unwrap();
    assert_ne!(v1, v2, "reload signalled");

    // An invalid roster: the last good pages stay, with the diagnostics in a banner.
    std::fs::write(&roster, STARTER.replace("uai: 0570055A", "uai: 0570055Z")).unwrap();
    let (_, page) = wait_for(30, || {
        get(port, "/0570055a/index.html").filter(|(_, p)| p.contains("ent-rgpd-serve-erreur"))
    })
    .expect("the diagnostics are shown");
    assert!(page.contains("Collège Barbot-Renommé"), "last good page kept");
    assert!(page.contains("0570055Z"), "{page}");
    let (_, v3) = get(port, "/__ent-rgpd/version").unwrap();
    assert_ne!(v2, v3);

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
