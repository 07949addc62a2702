//! The `sagasu` binary: arguments → library calls, results → terminal or
//! JSON. Exit status follows grep: 0 found, 1 nothing found, 2 error.

// Dev-dependencies of the integration tests and benches only.
#[cfg(test)]
use {fantoccini as _, hyper_util as _, sagasu_testkit as _, tempfile as _, tokio as _, zip as _};

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

/// `println!` and `print!` panic when stdout is closed or full (`sagasu
/// export --json | true` exited 101): output goes through
/// `output::to_stdout`, which reports a full disk and lets `main` end a
/// closed pipe quietly. Shadowed here, a new `println!` does not compile.
#[allow(unused_macros)]
macro_rules! println {
    ($($arg:tt)*) => {
        compile_error!("write stdout with output::to_stdout, not println!")
    };
}
#[allow(unused_macros)]
macro_rules! print {
    ($($arg:tt)*) => {
        compile_error!("write stdout with output::to_stdout, not print!")
    };
}

// Layers, each importing only from those above it in this list: the
// arguments, inputs and output helpers; table printers, indexing passes;
// what commands search (`source`) and `--watch`; the commands.
mod args;
mod input;
mod interrupt;
mod output;
mod progress;

mod build;
mod fonts;
mod format;

mod source;
mod watch;

mod eval_cmd;
mod export_cmd;
mod files_cmd;
mod formats_cmd;
mod index_cmd;
mod search;
mod serve_cmd;
mod shell_cmd;
mod terms_cmd;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use args::{Cli, Command};

/// mimalloc, not glibc's malloc: glibc kept the memory freed after each
/// segment flush of a build, so the peak grew with the run and varied
/// between runs (10× debdocs: 396–597 MB); mimalloc gives it back, with
/// less CPU (issue 26). Its v2 (the crate's `v2` feature): v3 returns
/// freed pages after a second, and a short build or a flood of requests
/// on `serve` peaked higher with it; v2 after 10–100 ms.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    if !matches!(cli.command, Command::Serve(_)) {
        interrupt::watch();
    }
    let result = match &cli.command {
        Command::Search(a) => search::run(&cli.global, a),
        Command::Index(a) => index_cmd::run(&cli.global, a),
        Command::Eval(a) => eval_cmd::run(&cli.global, a),
        Command::Files(a) => files_cmd::run(&cli.global, a),
        Command::Formats(a) => formats_cmd::run(&cli.global, a),
        Command::Serve(a) => serve_cmd::run(&cli.global, a),
        Command::Terms(a) => terms_cmd::run(&cli.global, a),
        Command::Export(a) => export_cmd::run(&cli.global, a),
        Command::Completions(a) => shell_cmd::completions(a),
        Command::Man(a) => shell_cmd::man(a),
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
/// has no usage line; `sagasu` if none is named. The subcommands are
/// clap's, so a new one is known here without being listed.
fn command_from_args() -> String {
    let sub = subcommand_in(std::env::args().skip(1));
    match sub {
        Some(sub) => format!("sagasu {sub}"),
        None => "sagasu".to_owned(),
    }
}

/// The first argument that names a subcommand.
fn subcommand_in(args: impl Iterator<Item = String>) -> Option<String> {
    let cli = Cli::command();
    let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
    args.into_iter().find(|a| names.contains(&a.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every subcommand is recognised, not only those a list once named
    /// (issue 24: `main.rs` hard-coded search, index, eval and terms).
    #[test]
    fn every_subcommand_is_named_from_clap() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>().into_iter();
        for name in Cli::command().get_subcommands().map(|c| c.get_name().to_owned()) {
            assert_eq!(subcommand_in(args(&["--color", "never", &name, "x"])), Some(name));
        }
        assert_eq!(
            subcommand_in(args(&["export", "--to", "quickwit"])).as_deref(),
            Some("export")
        );
        assert_eq!(subcommand_in(args(&["serve"])).as_deref(), Some("serve"));
        assert_eq!(subcommand_in(args(&["--index", "i"])), None);
    }

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
