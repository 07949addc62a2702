//! Scores TREC runs ([`Run`]) against relevance judgments ([`Qrels`]) with
//! trec_eval-compatible metrics ([`Metric`], [`evaluate`] → [`Evaluation`]),
//! reads query sets ([`Topic`]), turns a searcher's rankings into a run
//! ([`rank_to_depth`], [`assemble`]), compares two runs with a paired
//! randomization test ([`compare_evaluations`] → [`Comparison`]) and says
//! it all as JSON ([`EvalReport`], [`CompareReport`]). It reads no files:
//! callers hand it text.
//!
//! ```
//! use sagasu_eval::{evaluate, render_table, EvalOptions, Metric, Qrels, Run};
//!
//! let qrels = Qrels::parse("1 0 doc-a 2\n1 0 doc-b 0\n1 0 doc-c 1\n", "qrels.txt")?;
//! let mut run = Run::new("bm25");
//! // Any order; ties are ranked as trec_eval ranks them (docid descending).
//! run.add_query("1", vec![("doc-b".into(), 3.0), ("doc-a".into(), 1.5), ("doc-x".into(), 1.5)])?;
//!
//! let metrics = Metric::parse_list("map,P.2,recip_rank")?;
//! let eval = evaluate(&run, &qrels, &metrics, &EvalOptions::default())?;
//! // doc-b (non-relevant), doc-x (unjudged), doc-a (relevant): AP = (1/3) / 2
//! assert!((eval.summary_value(Metric::Map).unwrap() - 1.0 / 6.0).abs() < 1e-12);
//! assert_eq!(eval.summary_value(Metric::RecipRank), Some(1.0 / 3.0));
//! assert!(render_table(&eval).contains("map         0.1667"));
//!
//! // Written runs have strictly decreasing scores in trec_eval's order.
//! assert!(run.to_trec_string().starts_with("1 Q0 doc-b 1 3 bm25\n1 Q0 doc-x 2 1.5 bm25\n"));
//! # Ok::<(), sagasu_eval::EvalError>(())
//! ```

// Dev-dependencies of the property tests only.
#[cfg(test)]
use {proptest as _, sagasu_testkit as _};

mod batch;
mod compare;
mod error;
mod evaluation;
mod format;
mod metrics;
mod ordering;
mod qrels;
mod report;
mod rng;
mod run;
mod topics;

pub use batch::{assemble, doc_id, rank_to_depth, BatchRun, Entries, IdIssues};
pub use compare::{compare, compare_evaluations, randomization_test, CompareOptions, Comparison, DEFAULT_SEED};
pub use error::EvalError;
pub use evaluation::{evaluate, EvalOptions, Evaluation, MetricValues, QueryScores};
pub use format::{format_value, render_comparison_table, render_per_query_table, render_table, render_trec_eval};
pub use metrics::{Aggregation, Metric};
pub use ordering::{qid_order, trec_eval_order};
pub use qrels::Qrels;
pub use report::{CompareReport, EvalReport, PerRun, Timing};
pub use rng::SplitMix64;
pub use run::{strictly_decreasing_scores, Run, ScoredDoc};
pub use topics::{parse_topics, parse_trec_topics, parse_tsv_topics, Topic, TopicFormat};
