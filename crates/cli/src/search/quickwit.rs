//! `--quickwit http://HOST:PORT/INDEX`: the same query language and
//! output, answered by a Quickwit cluster that holds an export of the
//! index (`sagasu_quickwit::ClusterSearcher`).

use anyhow::Result;
use sagasu_searcher::{SearchOptions, SearchResults};

use crate::args::{Global, SearchArgs};
use crate::source::cluster;

/// Runs `query` on the cluster at `target`, with the corpus's aliases (and
/// `--aliases`) unless `--no-aliases`.
pub fn search(
    global: &Global,
    args: &SearchArgs,
    target: &str,
    query: &str,
    opts: &SearchOptions,
) -> Result<SearchResults> {
    let cluster = cluster(
        global,
        target,
        args.aliases.as_ref(),
        args.no_aliases,
        !args.no_romanization,
    )?;
    Ok(cluster.search(query, opts)?)
}
