//! Every command-line argument of sagasu, in one place: the clap
//! structs of each subcommand in their own module, the options they all
//! take in [`Global`]. Commands read these; nothing here runs anything.

mod eval;
mod export;
mod files;
mod formats;
mod global;
mod index;
mod prf;
mod ranges;
mod search;
mod serve;
mod shell;
mod terms;

use clap::{Parser, Subcommand};

pub use eval::{EvalArgs, DEFAULT_DEPTH};
pub use export::{Engine, ExportArgs};
pub use files::FilesArgs;
pub use formats::FormatsArgs;
pub use global::{ColorChoice, Global};
pub use index::IndexArgs;
pub use search::{Format, SearchArgs, Within};
pub use serve::ServeArgs;
pub use shell::{CompletionsArgs, ManArgs, Shell};
pub use terms::TermsArgs;

/// sagasu (探す): full-text search for a folder of documents.
#[derive(Debug, Parser)]
#[command(name = "sagasu", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search the index (building it first if there is none).
    #[command(after_help = search::SEARCH_HELP)]
    Search(SearchArgs),
    /// Build or update the index of the corpus (only changed files are read).
    Index(IndexArgs),
    /// Score a batch of queries against relevance judgments, as trec_eval does.
    Eval(EvalArgs),
    /// List the indexed spellings matching a prefix or glob, with their
    /// document and occurrence counts, most frequent first.
    Terms(TermsArgs),
    /// List what the index holds: every document with its title, format,
    /// pages, passages, size and modification time; the files skipped with
    /// their reasons; the files with the same bytes under several names.
    Files(FilesArgs),
    /// List the document formats sagasu reads, and the helper (with its
    /// version) that reads each.
    Formats(FormatsArgs),
    /// Serve a search page and an HTTP API on this machine (building the
    /// index first if there is none), until Ctrl-C.
    #[command(after_help = serve::SERVE_HELP)]
    Serve(ServeArgs),
    /// Hand the index over to another engine (Quickwit): its passages as
    /// files to ingest there.
    Export(ExportArgs),
    /// Print the completion script of a shell (bash, zsh, fish,
    /// powershell); see the README for where to put it.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write a page per subcommand with
    /// --out DIR.
    Man(ManArgs),
}
