//! Render a real roster in memory, without writing, and print the cost per file and the
//! peak memory after each stage: `cargo run --release --example render_cost -- parties.yaml`.

use ent_rgpd::render::Renderer;
use std::path::Path;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    use rayon::prelude::*;
    let roster = std::env::args().nth(1).expect("usage: render_cost ROSTER.yaml");
    let t = std::time::Instant::now();
    let checked = ent_rgpd::project::check(Path::new(&roster)).unwrap();
    let site = &checked.site;
    let loaded = t.elapsed();
    let hwm = || {
        let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        s.lines()
            .find(|l| l.starts_with("VmHWM"))
            .unwrap_or("")
            .split_whitespace()
            .nth(1)
            .unwrap_or("0")
            .parse::<usize>()
            .unwrap_or(0)
            >> 10
    };
    println!("peak after load: {} MB", hwm());
    let r = Renderer::new(Path::new(&roster).parent().unwrap()).unwrap();
    let t = std::time::Instant::now();
    let ent = r.render_ent(site).unwrap();
    let ent_bytes: usize = ent.iter().map(|p| p.bytes.len()).sum();
    drop(ent);
    let ent_t = t.elapsed();
    println!("peak after ENT level: {} MB", hwm());
    let t = std::time::Instant::now();
    let r = r.prepare(site, &site.etablissements);
    let (files, bytes) = site
        .etablissements
        .par_iter()
        .map(|e| r.render_etablissement(e).unwrap())
        .map(|ps| (ps.len(), ps.iter().map(|p| p.bytes.len()).sum::<usize>()))
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let etab_t = t.elapsed();
    println!("peak after establishments: {} MB", hwm());
    println!(
        "load+check {loaded:?}; ENT level {ent_t:?} ({} MB); {} establishments: {files} files, {} MB in {etab_t:?} ({:.1} µs/file, {} shapes)",
        ent_bytes >> 20,
        site.etablissements.len(),
        bytes >> 20,
        etab_t.as_secs_f64() * 1e6 / files as f64,
        r.shapes_cached()
    );
}
