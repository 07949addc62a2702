//! `sagasu search`: the query, the output format, and the modes (ranked,
//! `--every`, `--within document`, `--quickwit`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::prf::PrfArgs;
use super::ranges::usize_in;

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
    pub format: Option<Format>,
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
    /// The order is ranked search's, feedback included; the occurrences
    /// are the query's own words (feedback terms add none).
    #[arg(long, conflicts_with_all = ["passages", "explain"])]
    pub every: bool,
    /// Only documents whose path (relative to the corpus) matches GLOB
    /// (`*` any text; without `*`, the path or a folder above it);
    /// repeatable: any of them. The same as `path:GLOB` in the query.
    #[arg(long = "path", value_name = "GLOB")]
    pub paths: Vec<String>,
    /// Where required words must all occur: in one passage (the
    /// default), or anywhere in the document (each result then shows the
    /// best passage of each word; with --every or --count, every
    /// occurrence in those documents). `document` runs without feedback
    /// (not with --prf).
    #[arg(long, value_enum, default_value_t = Within::Passage, value_name = "UNIT",
          conflicts_with_all = ["passages", "prf"])]
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
    #[arg(long, conflicts_with_all = ["passages", "explain"])]
    pub count: bool,
    #[command(flatten)]
    pub prf: PrfArgs,
    /// Search a Quickwit cluster holding an export of the index
    /// (`sagasu export --to quickwit`) instead of the local index.
    /// Ranked search only: not with --every, --count, --within, --path,
    /// line context or --prf (the cluster runs no feedback).
    #[arg(long, value_name = "http://HOST:PORT/INDEX",
          conflicts_with_all = ["every", "count", "within", "paths", "after_context", "before_context", "context_lines", "prf"])]
    pub quickwit: Option<String>,
}

/// The unit in which required words must all occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Within {
    Passage,
    Document,
}

/// What `search` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: `path:line: snippet`, highlighted on a terminal.
    Text,
    /// One JSON object (with --every: one per occurrence and line).
    Json,
    /// Comma-separated values with a header row (RFC 4180 quoting).
    Csv,
    /// A Markdown table.
    Markdown,
    /// `path:line:column:text`, the path openable from here (vim -q).
    Vimgrep,
}

impl SearchArgs {
    /// The output format (--json is --format json).
    pub fn format(&self) -> Format {
        match self.format {
            Some(f) => f,
            None if self.json => Format::Json,
            None => Format::Text,
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
