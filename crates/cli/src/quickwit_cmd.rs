//! `--quickwit http://HOST:PORT/INDEX` of `search` and `eval`: the same
//! query language, output and measures, answered by a Quickwit cluster
//! that holds an export of the index (`sagasu_quickwit::ClusterSearcher`).

use std::path::PathBuf;

use anyhow::Result;
use sagasu_quickwit::{ClusterSearcher, Target};
use sagasu_searcher::{RankOptions, SearchOptions, SearchResults};

use crate::args::Global;
use crate::eval_cmd::Ranker;
use crate::search_cmd::aliases;

/// A searcher of the cluster at `target`, with the corpus's aliases (and
/// `file`'s) unless `no_aliases`.
pub fn searcher(
    global: &Global,
    target: &str,
    file: Option<&PathBuf>,
    no_aliases: bool,
    no_romanization: bool,
) -> Result<ClusterSearcher> {
    let target = Target::parse(target)?;
    let aliases = aliases(global, file, no_aliases)?;
    Ok(ClusterSearcher::new(target, aliases).romanization(!no_romanization))
}

/// Runs one search on the cluster.
pub fn search(searcher: &ClusterSearcher, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
    Ok(searcher.search(query, opts)?)
}

impl Ranker for ClusterSearcher {
    /// Feedback is not run through a cluster (the CLI refuses `--prf`
    /// with `--quickwit`).
    fn rank(&self, text: &str, depth: usize, opts: &RankOptions) -> Result<Vec<(String, f32)>> {
        Ok(ClusterSearcher::rank(self, text, depth, opts.syntax)?)
    }
}
