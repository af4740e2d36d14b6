fn main() -> std::process::ExitCode {
    loket::cli::run()
}
