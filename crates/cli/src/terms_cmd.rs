//! `sagasu terms PATTERN`: the indexed spellings that match a prefix or a
//! glob, with their document and occurrence counts, most frequent first.

use anyhow::{Context, Result};
use sagasu_searcher::{Aliases, Searcher};

use crate::args::{Global, TermsArgs};
use crate::output::{escape_path, to_stdout};
use crate::source::open_or_build;

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
