//! Time reading and parsing an output directory's manifest:
//! `cargo run --release --example manifest_cost -- OUTPUT_DIR`.

use std::path::Path;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let out = std::env::args().nth(1).expect("usage: manifest_cost OUTPUT_DIR");
    for _ in 0..3 {
        let t = Instant::now();
        let m = ent_rgpd::output::Manifest::read(Path::new(&out));
        let read = t.elapsed();
        let p = m.parse();
        println!("read {read:?}, parsed {:?} ({} entries)", t.elapsed(), p.len());
    }
}
