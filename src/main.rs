fn main() -> std::process::ExitCode {
    vanphong::cli::main()
}
