// mimalloc: the roster is millions of small strings; glibc malloc spent most of `check` in free().
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ent_rgpd::cli::run()
}
