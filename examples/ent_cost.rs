//! Time each ENT-level job on a roster: `cargo run --release --example ent_cost -- ROSTER.yaml`.

use ent_rgpd::render::Renderer;
use std::path::Path;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let roster = std::env::args().nth(1).expect("usage: ent_cost ROSTER.yaml");
    let checked = ent_rgpd::project::check(Path::new(&roster)).unwrap();
    let r = Renderer::new(Path::new(&roster).parent().unwrap()).unwrap();
    let work = r.ent_work(&checked.site, &Default::default()).unwrap();
    for (i, job) in work.jobs.into_iter().enumerate() {
        let t = Instant::now();
        let pages = job().unwrap();
        let bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();
        println!("job {i}: {} files, {} MB, {:?}", pages.len(), bytes >> 20, t.elapsed());
    }
    for s in work.streams {
        let t = Instant::now();
        let mut counted = Counted(0);
        let path = s.path.clone();
        (s.fill)(&mut counted).unwrap();
        println!("{path} (streamed): {} MB, {:?}", counted.0 >> 20, t.elapsed());
    }
}

/// Counts the bytes written (no memory, no file).
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
