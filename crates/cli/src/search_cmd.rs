//! `sagasu search`: run a query, build the index first if there is none.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use sagasu_indexer::{open_index, IndexError, OpenedIndex};
use sagasu_searcher::query::Conjunction;
use sagasu_searcher::{Aliases, SearchOptions, Searcher};

use crate::args::{Global, SearchArgs};
use crate::index_cmd::{index_once, options, summary};
use crate::output::{print_text, use_color};

/// Name of the default alias file inside the corpus folder.
pub const DEFAULT_ALIASES: &str = ".sagasu-aliases.txt";

/// Opens the index, building it from the corpus first when there is none,
/// finishing its first build when that did not finish, and rebuilding it
/// when another analyzer version built it from this same corpus (its
/// marker says from which: an index of another corpus is never filled with
/// this one without `sagasu index`).
pub fn open_or_build(global: &Global) -> Result<OpenedIndex> {
    let why = match open_index(&global.index) {
        Err(IndexError::Missing { .. }) => "no index yet",
        // Finished quietly: if another `sagasu index` is still building
        // it, the error says so in one line.
        Err(IndexError::Incomplete { .. }) => {
            let report = index_once(&options(global, None))?;
            eprintln!(
                "sagasu: finished the index, which was incomplete (its first build did not finish): {}",
                summary(&report)
            );
            return Ok(open_index(&global.index)?);
        }
        Err(IndexError::Outdated { .. }) if same_corpus(global) => "the index was built by another analyzer version",
        other => return Ok(other?),
    };
    eprintln!(
        "sagasu: {why}; indexing {} into {}",
        global.corpus.display(),
        global.index.display()
    );
    let report = index_once(&options(global, None))?;
    eprintln!("sagasu: {}", summary(&report));
    Ok(open_index(&global.index)?)
}

/// Whether the index records that it was built from `--corpus`.
fn same_corpus(global: &Global) -> bool {
    let recorded = sagasu_indexer::built_from(&global.index);
    recorded.is_some() && recorded == global.corpus.canonicalize().ok()
}

/// The alias groups to use: the corpus default if present, and `--aliases`
/// added to it (a user's file adds names, it does not drop the corpus's).
pub fn aliases(global: &Global, file: Option<&PathBuf>, none: bool) -> Result<Aliases> {
    let mut aliases = Aliases::default();
    if none {
        return Ok(aliases);
    }
    let default = global.corpus.join(DEFAULT_ALIASES);
    if default.is_file() {
        aliases = Aliases::load(&default)?;
    }
    if let Some(f) = file {
        aliases.extend(Aliases::load(f)?);
    }
    Ok(aliases)
}

pub fn run(global: &Global, args: &SearchArgs) -> Result<bool> {
    let query = args.query.join(" ");
    let opened = open_or_build(global)?;
    let aliases = aliases(global, args.aliases.as_ref(), args.no_aliases)?;
    let searcher = Searcher::new(opened.reader, opened.fields, aliases).romanization(!args.no_romanization);
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
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer(&mut out, &res).context("cannot write JSON")?;
        writeln!(out)?;
    } else {
        if res.fallback {
            eprintln!("sagasu: no passage has all the words; showing passages with any of them");
        }
        for e in &res.expansions {
            if args.explain {
                eprintln!("sagasu: {} → {} ({})", e.matched, e.names.join(" | "), e.kind.as_str());
            }
        }
        if let Some(ex) = &res.explain {
            eprintln!("parsed:   {}", ex.parsed);
            for a in &ex.analyzed {
                eprintln!("analyzed: {a}");
            }
            if let Some(top) = &ex.top_hit {
                eprintln!(
                    "top hit scoring:\n{}",
                    serde_json::to_string_pretty(top).unwrap_or_default()
                );
            }
        }
        print_text(&res, use_color(global.color), &mut out)?;
        if res.results.is_empty() {
            eprintln!("sagasu: no match for {query:?}");
            for s in &res.suggestions {
                eprintln!("sagasu: did you mean {}? ({} not found)", s.terms.join(", "), s.word);
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
