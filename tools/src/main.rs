fn main() -> std::process::ExitCode {
    vanphong_tools::cli::main()
}
