//! The `permify-render` binary: parse arguments, run, report errors.

use std::process::ExitCode;

use clap::Parser;
use permify_render::cli::Cli;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    match permify_render::run::execute(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The command printed its own report (lint).
        Err(e @ permify_render::error::Error::Reported) => ExitCode::from(e.exit_code() as u8),
        Err(e) => {
            // Messages may quote values (a source line, a `--set` argument): never
            // show the credentials in them.
            eprintln!(
                "Error: {}",
                permify_render::diff::mask::redact(&e.to_string())
            );
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
