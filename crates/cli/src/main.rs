//! The `sagasu` binary: arguments → library calls, results → terminal or
//! JSON. Exit status follows grep: 0 found, 1 nothing found, 2 error.

// Dev-dependencies of the integration tests and benches only.
#[cfg(test)]
use {fantoccini as _, hyper_util as _, sagasu_testkit as _, tempfile as _, tokio as _};

/// `eprintln!` that cannot panic. std's panics when stderr cannot be
/// written (`2>/dev/full`, a closed terminal), which would turn a clear
/// exit status into 101; here the message is dropped and the status still
/// says what happened. Declared before the modules, it shadows std's macro
/// in all of them (textual scope), so a new message cannot bring the panic
/// back.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod args;
mod eval_cmd;
mod every_cmd;
mod every_lines;
mod export_cmd;
mod format;
mod formats_cmd;
mod index_cmd;
mod input;
mod output;
mod prf;
mod progress;
mod quickwit_cmd;
mod search_cmd;
mod serve_cmd;
mod terms_cmd;
mod watch;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version: everything, on stdout.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::from(0);
        }
        Err(e) => {
            eprintln!("sagasu: error: {}", usage_error(&e.to_string()));
            return ExitCode::from(2);
        }
    };
    let result = match &cli.command {
        Command::Search(a) => search_cmd::run(&cli.global, a),
        Command::Index(a) => index_cmd::run(&cli.global, a),
        Command::Eval(a) => eval_cmd::run(&cli.global, a),
        Command::Formats(a) => formats_cmd::run(&cli.global, a),
        Command::Serve(a) => serve_cmd::run(&cli.global, a),
        Command::Terms(a) => terms_cmd::run(&cli.global, a),
        Command::Export(a) => export_cmd::run(&cli.global, a),
    };
    match result {
        Ok(found) => ExitCode::from(if found { 0 } else { 1 }),
        // A closed pipe (`sagasu search x | head -1`) is the reader's choice,
        // not an error: stop quietly, as grep and ripgrep do.
        Err(e) if is_broken_pipe(&e) => ExitCode::from(0),
        Err(e) => {
            eprintln!("sagasu: error: {}", output::error_line(&e));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// clap's usage error (several lines: the error, tips, a usage block, a
/// pointer to --help) as one line: the error, its tips, and which --help
/// to read.
fn usage_error(rendered: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut command = None;
    for line in rendered.lines().map(str::trim) {
        if let Some(usage) = line.strip_prefix("Usage:") {
            // `Usage: sagasu search [OPTIONS] <QUERY>...` names the command.
            let words: Vec<&str> = usage
                .split_whitespace()
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect();
            command = Some(words.join(" "));
            continue;
        }
        if line.is_empty() || line.starts_with("For more information") {
            continue;
        }
        let line = line.strip_prefix("error: ").unwrap_or(line);
        match parts.last_mut() {
            // A list under a heading (`...were not provided:`) joins it.
            Some(last) if last.ends_with(':') || last.ends_with(',') => {
                last.push(' ');
                last.push_str(line);
            }
            _ => parts.push(line.to_owned()),
        }
    }
    let command = command.unwrap_or_else(command_from_args);
    format!("{} (see `{command} --help`)", output::one_line(&parts.join("; ")))
}

/// `sagasu SUBCOMMAND` from the command line, for errors whose rendering
/// has no usage line; `sagasu` if none is named.
fn command_from_args() -> String {
    let sub = std::env::args()
        .skip(1)
        .find(|a| ["search", "index", "eval", "terms"].contains(&a.as_str()));
    match sub {
        Some(sub) => format!("sagasu {sub}"),
        None => "sagasu".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_become_one_line_with_their_tips() {
        let rendered = "error: unexpected argument '-Y' found\n\n  tip: to pass '-Y' as a value, use '-- -Y'\n\n\
                        Usage: sagasu search [OPTIONS] <QUERY>...\n\nFor more information, try '--help'.\n";
        assert_eq!(
            usage_error(rendered),
            "unexpected argument '-Y' found; tip: to pass '-Y' as a value, use '-- -Y' (see `sagasu search --help`)"
        );
        let rendered = "error: the following required arguments were not provided:\n  --qrels <FILE>\n\n\
                        Usage: sagasu eval --qrels <FILE> <--queries <FILE>|--run <FILE>>\n";
        assert_eq!(
            usage_error(rendered),
            "the following required arguments were not provided: --qrels <FILE> (see `sagasu eval --help`)"
        );
    }
}
