//! `sagasu search`: one query, in one of its modes. Each mode is a module
//! of its own, readable alone:
//!
//! - `ranked`: the best documents (or passages, or documents that have
//!   every word anywhere with `--within document`), printed as text, JSON
//!   or a table;
//! - `every`: every occurrence (`--every`, `--count`), streamed, with
//!   grep's lines of context in `every_lines`;
//! - `quickwit`: ranked results from a Quickwit cluster (`--quickwit`),
//!   printed as `ranked` prints.

mod every;
mod every_lines;
mod explain;
mod quickwit;
mod ranked;

use anyhow::Result;
use sagasu_searcher::query::Conjunction;
use sagasu_searcher::{SearchOptions, Searcher};

use crate::args::{Global, SearchArgs};
use crate::output::use_color;
use crate::source::{aliases, open_or_build};

pub fn run(global: &Global, args: &SearchArgs) -> Result<bool> {
    let query = args.query.join(" ");
    let conjunction = conjunction(args);
    if let Some(target) = &args.quickwit {
        let res = quickwit::search(global, args, target, &query, &options(args, conjunction))?;
        // Said once the search ran: an error stays one line.
        if args.prf.feedback().is_some() {
            eprintln!(
                "sagasu: --quickwit runs without feedback (the cluster cannot read passages back; --no-prf to say so)"
            );
        }
        return ranked::print(global, args, &query, &res);
    }
    // Inputs are checked before an index is built.
    let aliases = aliases(global, args.aliases.as_ref(), args.no_aliases)?;
    let opened = open_or_build(global)?;
    let searcher = Searcher::new(opened.reader, opened.fields, aliases)
        .folder(opened.path)
        .romanization(!args.no_romanization)
        .paths(args.paths.clone());
    if args.every || args.count {
        let opts = every::EveryOptions {
            conjunction,
            within: args.within,
            count: args.count,
            format: args.format(),
            corpus: global.corpus.clone(),
            built_from: sagasu_store::built_from(&global.index),
            color: use_color(global.color),
            chars: args.context / 4,
            lines: args.lines(),
            feedback: args.prf.feedback(),
        };
        return every::run(&searcher, &query, &opts);
    }
    let mut res = ranked::search(&searcher, args, &query, &options(args, conjunction))?;
    // The index is not updated here: a file deleted since it was indexed
    // is shown marked gone, never as if it were there.
    if let Some(corpus) = sagasu_store::built_from(&global.index) {
        res.mark_gone(|key| sagasu_store::file_gone(&corpus, key));
    }
    ranked::print(global, args, &query, &res)
}

/// How juxtaposed words combine (`--any`, `--all`, or AND falling back to OR).
fn conjunction(args: &SearchArgs) -> Conjunction {
    if args.any {
        Conjunction::Any
    } else if args.all {
        Conjunction::All
    } else {
        Conjunction::Auto
    }
}

/// The options of a ranked search.
fn options(args: &SearchArgs, conjunction: Conjunction) -> SearchOptions {
    SearchOptions {
        limit: args.limit,
        offset: args.offset,
        conjunction,
        context: args.context,
        lines: args.lines(),
        snippets: 3,
        passages: args.passages,
        explain: args.explain,
        feedback: args.prf.feedback(),
    }
}
