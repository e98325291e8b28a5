//! The `actionplan` command: parses the command line, runs one command, and
//! maps the outcome to an exit code (0 done, 1 check found something, 2 error).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match args.run() {
        Ok(cli::Outcome::Done) => ExitCode::SUCCESS,
        Ok(cli::Outcome::Flagged) => ExitCode::from(1),
        Err(error) if cli::output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("actionplan: {}", cli::error_message(&error));
            ExitCode::from(2)
        }
    }
}
