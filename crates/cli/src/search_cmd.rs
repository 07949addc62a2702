//! `sagasu search`: run a query, build the index first if there is none.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sagasu_analysis::safe::escape_unsafe;
use sagasu_searcher::query::Conjunction;
use sagasu_searcher::{Aliases, Expansion, Explain, SearchOptions, SearchResults, Searcher};
use sagasu_store::{open_index, OpenedIndex, StoreError};

use crate::args::{Global, SearchArgs, Within};
use crate::every_cmd;
use crate::format::{Format, Row, TableWriter};
use crate::index_cmd::{index_once, options, summary};
use crate::input::{self, Input};
use crate::output::{print_text, to_stdout, use_color};

/// Name of the default alias file inside the corpus folder.
pub const DEFAULT_ALIASES: &str = ".sagasu-aliases.txt";

/// Opens the index, building it from the corpus first when there is none,
/// finishing its first build when that did not finish, and rebuilding it
/// when another analyzer version built it from this same corpus (its
/// marker says from which: an index of another corpus is never filled with
/// this one without `sagasu index`).
pub fn open_or_build(global: &Global) -> Result<OpenedIndex> {
    let why = match open_index(&global.index) {
        Err(StoreError::Missing { .. }) => "no index yet",
        // Finished quietly: if another `sagasu index` is still building
        // it, the error says so in one line.
        Err(StoreError::Incomplete { .. }) => {
            let report = index_once(&options(global, None))?;
            eprintln!(
                "sagasu: finished the index, which was incomplete (its first build did not finish): {}",
                summary(&report)
            );
            return Ok(open_index(&global.index)?);
        }
        Err(StoreError::Outdated { .. }) if same_corpus(global) => "the index was built by another analyzer version",
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
    let recorded = sagasu_store::built_from(&global.index);
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
    if default.exists() {
        aliases = read_aliases(&default)?;
    }
    if let Some(f) = file {
        aliases.extend(read_aliases(f)?);
    }
    Ok(aliases)
}

/// Reads and parses one alias file (a user input: regular file, bounded).
fn read_aliases(path: &Path) -> Result<Aliases> {
    let text = input::read(path, Input::Aliases)?;
    Ok(Aliases::parse(&text, &path.display().to_string())?)
}

/// `--explain` on stderr. Alias names come from a file and every line
/// here can hold them (the expansion, the parsed tree, the analyzed
/// clauses, tantivy's explanation): each line is escaped.
fn print_explain(expansions: &[Expansion], ex: &Explain) {
    for e in expansions {
        let names: Vec<_> = e.names.iter().map(|n| escape_unsafe(n)).collect();
        eprintln!(
            "sagasu: {} → {} ({})",
            escape_unsafe(&e.matched),
            names.join(" | "),
            e.kind.as_str()
        );
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
    let conjunction = if args.any {
        Conjunction::Any
    } else if args.all {
        Conjunction::All
    } else {
        Conjunction::Auto
    };
    let opts = SearchOptions {
        limit: args.limit,
        offset: args.offset,
        conjunction,
        context: args.context,
        lines: args.lines(),
        snippets: 3,
        passages: args.passages,
        explain: args.explain,
        feedback: args.prf.feedback(),
    };
    let res = match &args.quickwit {
        Some(target) => {
            let cluster = crate::quickwit_cmd::searcher(
                global,
                target,
                args.aliases.as_ref(),
                args.no_aliases,
                args.no_romanization,
            )?;
            crate::quickwit_cmd::search(&cluster, &query, &opts)?
        }
        None => {
            // Inputs are checked before an index is built.
            let aliases = aliases(global, args.aliases.as_ref(), args.no_aliases)?;
            let opened = open_or_build(global)?;
            let searcher = Searcher::new(opened.reader, opened.fields, aliases)
                .romanization(!args.no_romanization)
                .paths(args.paths.clone());
            if args.every || args.count {
                let opts = every_cmd::EveryOptions {
                    conjunction,
                    count: args.count,
                    format: args.format(),
                    corpus: global.corpus.clone(),
                    color: use_color(global.color),
                    chars: args.context / 4,
                    lines: args.lines(),
                };
                return every_cmd::run(&searcher, &query, &opts);
            }
            match args.within {
                Within::Passage => searcher.search(&query, &opts)?,
                Within::Document => searcher.search_within_documents(&query, &opts)?,
            }
        }
    };
    let format = args.format();
    if !matches!(format, Format::Text | Format::Json) {
        to_stdout(|out| print_table(&res, format, &global.corpus, out))?;
        return Ok(res.total_documents > 0);
    }
    if format == Format::Json {
        let json = res.to_json().context("cannot serialize the results")?;
        to_stdout(|out| out.write_all(&json))?;
    } else {
        if res.fallback {
            eprintln!("sagasu: no passage has all the words; showing passages with any of them");
        }
        if let Some(ex) = &res.explain {
            print_explain(&res.expansions, ex);
            if let Some(used) = &res.feedback {
                crate::prf::print_explain(used);
            }
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

/// Ranked results as a table: one row per passage shown.
fn print_table(
    res: &SearchResults,
    format: Format,
    corpus: &Path,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut table = TableWriter::new(format, false);
    for doc in &res.results {
        for p in &doc.passages {
            let row = Row {
                rank: doc.rank,
                path: &doc.path,
                open_path: corpus.join(&doc.path).display().to_string(),
                title: &doc.title,
                line: p.line,
                column: 1,
                page: p.page,
                score: p.score,
                matched: String::new(),
                snippet: p.snippet.clone(),
            };
            table.write(&row, out)?;
        }
    }
    Ok(())
}
