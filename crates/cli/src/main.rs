//! The `sagasu` binary: arguments → library calls, results → terminal or
//! JSON. Exit status follows grep: 0 found, 1 nothing found, 2 error.

// Dev-dependencies of the integration tests and benches only.
#[cfg(test)]
use tempfile as _;

mod args;
mod eval_cmd;
mod index_cmd;
mod input;
mod output;
mod progress;
mod search_cmd;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match &cli.command {
        Command::Search(a) => search_cmd::run(&cli.global, a),
        Command::Index(a) => index_cmd::run(&cli.global, a),
        Command::Eval(a) => eval_cmd::run(&cli.global, a),
    };
    match result {
        Ok(found) => ExitCode::from(if found { 0 } else { 1 }),
        // A closed pipe (`sagasu search x | head -1`) is the reader's choice,
        // not an error: stop quietly, as grep and ripgrep do.
        Err(e) if is_broken_pipe(&e) => ExitCode::from(0),
        Err(e) => {
            eprintln!("sagasu: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
