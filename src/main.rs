//! The `convene` binary: everything lives in the library; this only parses and reports.

mod cli;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("convene: {e:#}");
            std::process::exit(1);
        }
    }
}
