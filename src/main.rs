// mimalloc: the roster is millions of small strings; glibc malloc spent most of `check` in free().
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use ent_rgpd::cli::{self, Command};

unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc's option enum (the same index in v2 and v3).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

fn main() -> std::process::ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // Memory freed goes back to the system at once instead of after mimalloc's default delay:
    // in `build` (the raw roster once resolved, each page once written) the peak at 70,000
    // establishments is 459 MB instead of 512–518 MB with a 10 ms delay, for the same time
    // (8.5–8.8 s cold, 1.5 s no-change, measured side by side 2026-11-30; SPEC §6 asks under
    // 500 MB). `check` keeps it for a second: its parser's short-lived buffers are reused
    // instead of faulted in again (0.1 s of 0.8 s at 70,000 establishments, 70 MB more).
    // MIMALLOC_PURGE_DELAY, when set, still decides.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        let delay = if matches!(cli.command, Command::Check(_)) {
            1000
        } else {
            0
        };
        // SAFETY: a plain setter of mimalloc's, callable at any time from any thread.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, delay) };
    }
    // No transparent huge pages: each one is zeroed (and often compacted) whole on first
    // touch, which costs more than it saves in these short runs (rebuilds and `check`: up
    // to 0.4 s of system time). Not for `serve`, whose browser would inherit the setting.
    // MIMALLOC_ALLOW_THP, when set, still decides.
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() && !matches!(cli.command, Command::Serve(_)) {
        // SAFETY: a process setting with plain integer arguments.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
    cli::run_command(cli)
}
