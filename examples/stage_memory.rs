//! Peak and current memory after each stage of `check` on a roster:
//! `cargo run --release --example stage_memory -- ROSTER.yaml`.

use std::path::Path;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn status(key: &str) -> usize {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0)
        >> 10
}

fn main() {
    println!(
        "sizes: Text {} Location {} raw Etablissement {} raw Partie {} resolved Etablissement {} Party {}",
        size_of::<ent_rgpd::roster::model::Text>(),
        size_of::<serde_saphyr::Location>(),
        size_of::<ent_rgpd::roster::model::Etablissement>(),
        size_of::<ent_rgpd::roster::model::Partie>(),
        size_of::<ent_rgpd::resolve::model::Etablissement>(),
        size_of::<ent_rgpd::resolve::model::Party>()
    );
    let path = std::env::args().nth(1).expect("usage: stage_memory ROSTER.yaml");
    let t = Instant::now();
    let stage = |name: &str| {
        println!(
            "{name:<10} {:>7.3} s  rss {:>5} MB  peak {:>5} MB",
            t.elapsed().as_secs_f64(),
            status("VmRSS"),
            status("VmHWM")
        )
    };
    let roster = ent_rgpd::roster::load(Path::new(&path)).expect("load");
    stage("load");
    let report = ent_rgpd::validate::validate(&roster);
    assert!(!report.has_errors());
    stage("validate");
    let mut roster = roster;
    let raw = std::mem::take(&mut roster.etablissements);
    let Ok(site) = ent_rgpd::resolve::resolve(&roster, raw) else {
        panic!("resolve")
    };
    stage("resolve");
    drop(roster);
    stage("drop raw");
    std::mem::forget(site);
}
