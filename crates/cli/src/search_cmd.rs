//! `sagasu search`: run a query, build the index first if there is none.

use std::path::PathBuf;

use anyhow::{Context, Result};
use sagasu_analysis::safe::escape_unsafe;
use sagasu_indexer::{open_index, IndexError, OpenedIndex};
use sagasu_searcher::query::Conjunction;
use sagasu_searcher::{Aliases, Expansion, Explain, SearchOptions, Searcher};

use crate::args::{Global, SearchArgs};
use crate::index_cmd::{index_once, options};
use crate::input::{self, Input};
use crate::output::{print_text, to_stdout, use_color};

/// Name of the default alias file inside the corpus folder.
pub const DEFAULT_ALIASES: &str = ".sagasu-aliases.txt";

/// Opens the index, building it from the corpus first when there is none.
pub fn open_or_build(global: &Global) -> Result<OpenedIndex> {
    match open_index(&global.index) {
        Err(IndexError::Missing { .. }) => {
            eprintln!(
                "sagasu: no index yet; indexing {} into {}",
                global.corpus.display(),
                global.index.display()
            );
            let report = index_once(&options(global, None))?;
            eprintln!("sagasu: {}", report.summary());
            Ok(open_index(&global.index)?)
        }
        other => Ok(other?),
    }
}

/// The alias file to use: `--aliases`, else the corpus default if present.
pub fn aliases(global: &Global, file: Option<&PathBuf>, none: bool) -> Result<Aliases> {
    if none {
        return Ok(Aliases::default());
    }
    let path = match file {
        Some(f) => f.clone(),
        None => {
            let default = global.corpus.join(DEFAULT_ALIASES);
            if !default.exists() {
                return Ok(Aliases::default());
            }
            default
        }
    };
    let text = input::read(&path, Input::Aliases)?;
    Ok(Aliases::parse(&text, &path.display().to_string())?)
}

/// `--explain` on stderr. Alias names come from a file and every line
/// here can hold them (the expansion, the parsed tree, the analyzed
/// clauses, tantivy's explanation): each line is escaped.
fn print_explain(expansions: &[Expansion], ex: &Explain) {
    for e in expansions {
        let names: Vec<_> = e.names.iter().map(|n| escape_unsafe(n)).collect();
        eprintln!("sagasu: {} → {}", escape_unsafe(&e.matched), names.join(" | "));
    }
    eprintln!("parsed:   {}", escape_unsafe(&ex.parsed));
    for a in &ex.analyzed {
        eprintln!("analyzed: {}", escape_unsafe(a));
    }
    if let Some(top) = &ex.top_hit {
        eprintln!("top hit scoring:");
        for line in serde_json::to_string_pretty(top).unwrap_or_default().lines() {
            eprintln!("{}", escape_unsafe(line));
        }
    }
}

pub fn run(global: &Global, args: &SearchArgs) -> Result<bool> {
    let query = args.query.join(" ");
    // Inputs are checked before an index is built.
    let aliases = aliases(global, args.aliases.as_ref(), args.no_aliases)?;
    let opened = open_or_build(global)?;
    let searcher = Searcher::new(&opened.index, opened.reader, opened.fields, aliases);
    let opts = SearchOptions {
        limit: args.limit,
        offset: args.offset,
        conjunction: if args.any {
            Conjunction::Any
        } else if args.all {
            Conjunction::All
        } else {
            Conjunction::Auto
        },
        context: args.context,
        snippets: 3,
        passages: args.passages,
        explain: args.explain,
    };
    let res = searcher.search(&query, &opts)?;
    if args.json {
        let json = serde_json::to_string(&res).context("cannot serialize the results")?;
        to_stdout(|out| writeln!(out, "{json}"))?;
    } else {
        if res.fallback {
            eprintln!("sagasu: no passage has all the words; showing passages with any of them");
        }
        if let Some(ex) = &res.explain {
            print_explain(&res.expansions, ex);
        }
        to_stdout(|out| print_text(&res, use_color(global.color), out))?;
        if res.results.is_empty() {
            eprintln!("sagasu: no match for \"{}\"", escape_unsafe(&query));
            for s in &res.suggestions {
                let terms: Vec<_> = s.terms.iter().map(|t| escape_unsafe(t)).collect();
                eprintln!(
                    "sagasu: did you mean {}? ({} not found)",
                    terms.join(", "),
                    escape_unsafe(&s.word)
                );
            }
        } else if res.total_documents > args.offset + res.results.len() {
            eprintln!(
                "sagasu: {} of {} documents shown (--limit/--offset for more)",
                res.results.len(),
                res.total_documents
            );
        }
    }
    Ok(res.total_documents > 0)
}
