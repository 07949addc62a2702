//! `sagasu eval`.

use std::path::PathBuf;

use clap::{ArgGroup, Args};
use sagasu_eval::DEFAULT_SEED;

use super::prf::PrfArgs;

/// Default retrieval depth with `--queries` (trec_eval's convention).
pub const DEFAULT_DEPTH: usize = 1000;

const DEFAULT_METRICS: &str = "map,ndcg_cut.10,P.10,recall.100,recip_rank,num_rel_ret,num_q";

pub const EVAL_HELP: &str = "\
Modes:
  --queries Q --qrels J [--run OUT]   run every query of Q on the index (built
                                      from --corpus when missing), write the run
                                      to OUT if given, and score it
  --run R --qrels J                   score an existing TREC run file (no index)
  --compare A B --qrels J             compare two run files: means, B - A,
                                      paired randomization test, wins/losses

Files (regular UTF-8 files; a byte-order mark is ignored):
  queries  `qid<TAB>text` lines, or TREC topics (<top> <num> <title> ...)
  qrels    `qid iter docid grade` lines (trec_eval's qrels)
  run      `qid Q0 docid rank score tag` lines (trec_eval's run format);
           --run never overwrites the queries, the qrels or the alias file
The document id of a result is its path relative to the corpus without the
file extension (docs/0042.txt indexed with --corpus docs -> 0042).

Metrics (--metrics, comma separated, as trec_eval -m names them; trec_eval
prints P.10 as P_10, ndcg_cut.10 as ndcg_cut_10):
  map          mean average precision: for each query, the precision at the
               rank of each relevant document, averaged (unretrieved ones
               count 0); then the mean over queries
  ndcg_cut.K   nDCG at K: the graded gain of the top K, discounted by
               log2(rank + 1), over the ideal ordering's (1 = ideal)
  P.K          precision at K: relevant documents in the top K, divided by K
  recall.K     recall at K: relevant documents in the top K, divided by all
               relevant documents of the query
  recip_rank   reciprocal rank, 1 / rank of the first relevant document (its
               mean is the MRR)
  num_rel_ret  relevant documents retrieved; num_ret retrieved; num_rel
               judged relevant (sums over the queries)
  num_q        queries the means are taken over
Means are over the queries in both the run and the qrels, as trec_eval
computes them (with --complete: over every judged query, as trec_eval -c).
Exit status: 0 on success, 2 on error (malformed input reports file:line).";

#[derive(Debug, Args)]
#[command(after_help = EVAL_HELP)]
#[command(group(ArgGroup::new("mode").args(["queries", "run", "compare"]).required(true).multiple(true)))]
pub struct EvalArgs {
    /// Queries to run: `qid<TAB>text` lines or TREC topics.
    #[arg(long, value_name = "FILE")]
    pub queries: Option<PathBuf>,
    /// Relevance judgments in TREC qrels format.
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,
    /// With --queries: write the TREC run here. Without: the run file to score.
    #[arg(long, value_name = "FILE")]
    pub run: Option<PathBuf>,
    /// Compare run B against run A (paired randomization test).
    #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with_all = ["queries", "run", "per_query", "syntax", "tag", "prf"])]
    pub compare: Option<Vec<PathBuf>>,
    /// Measures to compute, comma separated.
    #[arg(long, value_name = "LIST", default_value = DEFAULT_METRICS)]
    pub metrics: String,
    /// Also show every query's values.
    #[arg(long)]
    pub per_query: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Documents retrieved per query (default 1000, at most 1000000); with
    /// --run or --compare, score only each query's top N (trec_eval -M).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub depth: Option<u64>,
    /// Read the queries with the query language (phrases, AND/OR, fields)
    /// instead of as plain words (any word, BM25, stopwords dropped).
    #[arg(long, requires = "queries")]
    pub syntax: bool,
    /// The run tag (sixth column of the run file).
    #[arg(long, value_name = "NAME", default_value = "sagasu", requires = "queries")]
    pub tag: String,
    /// Average over every judged query, counting queries without results as
    /// zero (trec_eval -c).
    #[arg(long)]
    pub complete: bool,
    /// Sign flips of the randomization test (--compare; 1 to 10000000).
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub iterations: u64,
    /// Search names only as spelled (no romanization keys, no other name
    /// order): run once with and once without, then --compare the runs.
    #[arg(long, requires = "queries")]
    pub no_romanization: bool,
    #[command(flatten)]
    pub prf: PrfArgs,
    /// Seed of the randomization test (--compare); fixed, so p-values repeat.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Run the queries on a Quickwit cluster holding an export of the
    /// index (`sagasu export --to quickwit`) instead of the local index.
    /// Not with --prf (feedback runs on the local index only).
    #[arg(
        long,
        value_name = "http://HOST:PORT/INDEX",
        requires = "queries",
        conflicts_with = "prf"
    )]
    pub quickwit: Option<String>,
}
