//! `sagasu terms PATTERN`: the indexed spellings that match a prefix or a
//! glob, with their document and occurrence counts, most frequent first.

use anyhow::{Context, Result};
use clap::Args;
use sagasu_searcher::{Aliases, Searcher};

use crate::args::Global;
use crate::output::{escape_path, to_stdout};
use crate::search_cmd::open_or_build;

#[derive(Debug, Args)]
pub struct TermsArgs {
    /// A prefix (`chos`) or a glob (`ch*ng*`, `k?m`), folded as words are
    /// (`Chosŏn` is `choson`).
    #[arg(value_name = "PATTERN")]
    pub pattern: String,
    /// Terms to list (1 to 100000).
    #[arg(long, short = 'n', default_value_t = 50,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000))]
    pub limit: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(global: &Global, args: &TermsArgs) -> Result<bool> {
    let opened = open_or_build(global)?;
    let searcher = Searcher::new(opened.reader, opened.fields, Aliases::default());
    let terms = searcher.terms(&args.pattern, args.limit)?;
    if args.json {
        let json = serde_json::json!({ "pattern": args.pattern, "terms": terms });
        let json = serde_json::to_string(&json).context("cannot serialize the terms")?;
        to_stdout(|out| writeln!(out, "{json}"))?;
    } else {
        to_stdout(|out| {
            for t in &terms {
                writeln!(out, "{:>8} {:>6}  {}", t.occurrences, t.documents, escape_path(&t.term))?;
            }
            Ok(())
        })?;
        if terms.is_empty() {
            eprintln!("sagasu: no indexed term matches \"{}\"", escape_path(&args.pattern));
        } else {
            eprintln!("sagasu: occurrences, documents, term; most frequent first");
        }
    }
    Ok(!terms.is_empty())
}
