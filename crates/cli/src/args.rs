//! Command-line arguments.

use std::path::PathBuf;

use clap::builder::RangedU64ValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// A clap parser of a `usize` option within `range`: out-of-range numbers
/// are argument errors, not allocations or threads a user did not mean.
fn usize_in(range: std::ops::RangeInclusive<u64>) -> RangedU64ValueParser<usize> {
    RangedU64ValueParser::new().range(range)
}

/// sagasu (探す): full-text search for a folder of documents.
#[derive(Debug, Parser)]
#[command(name = "sagasu", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by every subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// The index folder.
    #[arg(
        long,
        global = true,
        env = "SAGASU_INDEX",
        default_value = "index",
        value_name = "DIR"
    )]
    pub index: PathBuf,
    /// The folder of documents.
    #[arg(
        long,
        global = true,
        env = "SAGASU_CORPUS",
        default_value = "corpus",
        value_name = "DIR"
    )]
    pub corpus: PathBuf,
    /// When to use color: auto (on a terminal), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// The pdftotext program that reads PDFs (poppler-utils).
    #[arg(
        long,
        global = true,
        env = "SAGASU_PDFTOTEXT",
        default_value = "pdftotext",
        value_name = "PROGRAM"
    )]
    pub pdftotext: PathBuf,
    /// Seconds a helper (pdftotext) may spend on one file before it is stopped.
    #[arg(long, global = true, default_value_t = 60, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub helper_timeout: u64,
}

/// The unit in which required words must all occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Within {
    Passage,
    Document,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search the index (building it first if there is none).
    #[command(after_help = SEARCH_HELP)]
    Search(SearchArgs),
    /// Build or update the index of the corpus (only changed files are read).
    Index(IndexArgs),
    /// Score a batch of queries against relevance judgments, as trec_eval does.
    Eval(crate::eval_cmd::EvalArgs),
    /// List the indexed spellings matching a prefix or glob, with their
    /// document and occurrence counts, most frequent first.
    Terms(crate::terms_cmd::TermsArgs),
    /// List the document formats sagasu reads, and the helper (with its
    /// version) that reads each.
    Formats(FormatsArgs),
    /// Serve a search page and an HTTP API on this machine (building the
    /// index first if there is none), until Ctrl-C.
    #[command(after_help = SERVE_HELP)]
    Serve(ServeArgs),
    /// Hand the index over to another engine (Quickwit): its passages as
    /// files to ingest there.
    Export(crate::export_cmd::ExportArgs),
}

#[derive(Debug, Args)]
pub struct FormatsArgs {
    /// Print the list as JSON.
    #[arg(long)]
    pub json: bool,
}

pub const SERVE_HELP: &str = "\
Pages:  /  (search)   /doc?path=P&line=N  (a document around a line)
API:    /api/search?q=Q&limit=N&offset=N&passages=1  (the JSON of `sagasu search --json`)
        /api/doc?path=P&line=N&q=Q  (text around a line, highlights, every match)
The server sees each new commit of `sagasu index` (or `index --watch`) without a restart.";

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, short = 'p', default_value_t = 8421)]
    pub port: u16,
    /// Address to listen on. Anything but loopback (127.0.0.1, ::1) lets
    /// other machines search and read every indexed document.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Also answer requests addressed to this host name (for --bind
    /// beyond loopback); may be repeated.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Open the page in a browser ($BROWSER, else the system's opener).
    #[arg(long)]
    pub open: bool,
    /// An alias file to add to .sagasu-aliases.txt of the corpus (if present).
    #[arg(long, value_name = "FILE", conflicts_with = "no_aliases")]
    pub aliases: Option<PathBuf>,
    /// Do not expand aliases.
    #[arg(long)]
    pub no_aliases: bool,
    /// Search names only as spelled (no other romanizations or name order).
    #[arg(long)]
    pub no_romanization: bool,
    /// Open connections at most.
    #[arg(long, default_value_t = 256, value_name = "N", hide = true)]
    pub max_connections: usize,
    /// Milliseconds a client has to send a request's head.
    #[arg(long, default_value_t = 10_000, value_name = "MS", hide = true)]
    pub header_timeout_ms: u64,
}

pub const SEARCH_HELP: &str = "\
Query syntax:
  security cooperation      all words in one passage (falls back to any word)
  \"joint declaration\"~3     phrase, optionally with slop
  -Yasukuni, NOT Yasukuni   exclude every document that matches
  Takeshima OR Dokdo, ( )   boolean with grouping; AND and +word also work
  Nordpol*                  prefix
  Ishbia~  Ishbia~1         fuzzy (edit distance 2 or 1)
Fields (field:value):
  body    passage text (the default)
  title   document title
  path    path relative to the corpus; path:004* for a prefix
A query that begins with `-` goes after `--`: sagasu search -- -Yasukuni Koizumi
Exit status: 0 if something matched, 1 if nothing did, 2 on error.";

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query; several words form one query.
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    pub query: Vec<String>,
    /// Documents to show (1 to 100000).
    #[arg(long, short = 'n', default_value_t = 10, value_parser = usize_in(1..=100_000))]
    pub limit: usize,
    /// Documents to skip (paging; at most 1000000).
    #[arg(long, default_value_t = 0, value_parser = usize_in(0..=1_000_000))]
    pub offset: usize,
    /// Print one JSON object instead of text (--format json).
    #[arg(long)]
    pub json: bool,
    /// Output: text, json, csv, markdown (a table to paste), vimgrep
    /// (`path:line:column:text`, the path openable from here).
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    pub format: Option<crate::format::Format>,
    /// Any word may match (OR).
    #[arg(long, conflicts_with = "all")]
    pub any: bool,
    /// Every word must match (AND), with no fallback to any word.
    #[arg(long)]
    pub all: bool,
    /// Snippet length in characters (10 to 10000).
    #[arg(long, default_value_t = 200, value_name = "N", value_parser = usize_in(10..=10_000))]
    pub context: usize,
    /// List the best passages rather than documents.
    #[arg(long)]
    pub passages: bool,
    /// Show how the query was parsed, analyzed, expanded and scored.
    #[arg(long)]
    pub explain: bool,
    /// An alias file to add to .sagasu-aliases.txt of the corpus (if present).
    #[arg(long, value_name = "FILE", conflicts_with = "no_aliases")]
    pub aliases: Option<PathBuf>,
    /// Do not expand aliases.
    #[arg(long)]
    pub no_aliases: bool,
    /// Search names only as spelled: no other romanizations (Joseon for
    /// Chosŏn, Pak for Park) and no other name order.
    #[arg(long)]
    pub no_romanization: bool,
    /// List every occurrence in every matching document, as
    /// `path:line:column: text` (documents in rank order, the total on
    /// stderr); no --limit applies. Columns count bytes, as rg --column.
    #[arg(long, conflicts_with_all = ["passages", "explain", "prf"])]
    pub every: bool,
    /// Only documents whose path (relative to the corpus) matches GLOB
    /// (`*` any text; without `*`, the path or a folder above it);
    /// repeatable: any of them. The same as `path:GLOB` in the query.
    #[arg(long = "path", value_name = "GLOB")]
    pub paths: Vec<String>,
    /// Where required words must all occur: in one passage (the
    /// default), or anywhere in the document (each result then shows the
    /// best passage of each word).
    #[arg(long, value_enum, default_value_t = Within::Passage, value_name = "UNIT",
          conflicts_with_all = ["every", "count", "passages", "explain", "prf"])]
    pub within: Within,
    /// Lines of context after each match (as grep -A): with --every, the
    /// lines after each occurrence; otherwise snippets of whole lines.
    #[arg(short = 'A', long, value_name = "N", value_parser = usize_in(0..=1000))]
    pub after_context: Option<usize>,
    /// Lines of context before each match (as grep -B).
    #[arg(short = 'B', long, value_name = "N", value_parser = usize_in(0..=1000))]
    pub before_context: Option<usize>,
    /// Lines of context before and after each match (as grep -C; -A and
    /// -B override it on their side).
    #[arg(short = 'C', long, value_name = "N", value_parser = usize_in(0..=1000))]
    pub context_lines: Option<usize>,
    /// Print the number of occurrences per document (`path:N`, as rg -c;
    /// implies --every).
    #[arg(long, conflicts_with_all = ["passages", "explain", "prf"])]
    pub count: bool,
    #[command(flatten)]
    pub prf: crate::prf::PrfArgs,
    /// Search a Quickwit cluster holding an export of the index
    /// (`sagasu export --to quickwit`) instead of the local index.
    /// Ranked search only: not with --every, --count, --within, --path,
    /// line context or --prf.
    #[arg(long, value_name = "http://HOST:PORT/INDEX",
          conflicts_with_all = ["every", "count", "within", "paths", "after_context", "before_context", "context_lines", "prf"])]
    pub quickwit: Option<String>,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Start from an empty index.
    #[arg(long)]
    pub rebuild: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Keep running and re-index when files change (until Ctrl-C).
    #[arg(long)]
    pub watch: bool,
    /// Include hidden files and folders.
    #[arg(long)]
    pub hidden: bool,
    /// Do not honour .gitignore, .ignore and .sagasuignore files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Follow symbolic links.
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// Skip files larger than this many bytes (at most 1 GiB: a file is
    /// read whole).
    #[arg(long, default_value_t = 64 * 1024 * 1024, value_name = "BYTES",
          value_parser = clap::value_parser!(u64).range(1..=1 << 30))]
    pub max_file_size: u64,
    /// Indexing threads, and files read and extracted at once (0: one per
    /// core, at most 4; at most 32).
    #[arg(long, default_value_t = 0, value_parser = usize_in(0..=32))]
    pub threads: usize,
    /// List every skipped file and non-UTF-8 encoding.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

impl SearchArgs {
    /// The output format (--json is --format json).
    pub fn format(&self) -> crate::format::Format {
        match self.format {
            Some(f) => f,
            None if self.json => crate::format::Format::Json,
            None => crate::format::Format::Text,
        }
    }

    /// Lines of context (before, after), if any of -A, -B, -C was given.
    pub fn lines(&self) -> Option<(usize, usize)> {
        let c = self.context_lines;
        let before = self.before_context.or(c);
        let after = self.after_context.or(c);
        (before.is_some() || after.is_some()).then(|| (before.unwrap_or(0), after.unwrap_or(0)))
    }
}
