fn main() -> std::process::ExitCode {
    ent_rgpd::cli::run()
}
