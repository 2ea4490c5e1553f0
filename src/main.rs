//! The `convene` binary: everything lives in the library; this only parses and reports.

mod cli;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("convene: {}", convene::session::text::strip(&message(&e)));
            std::process::exit(1);
        }
    }
}

/// The error and its causes, each said once. The crate's error messages say their source's
/// words themselves (the screen shows them with `to_string()`, which has no chain); a
/// `.context()` does not, so a cause is added only when the text so far lacks it.
fn message(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}
