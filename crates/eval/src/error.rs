//! The error type of every fallible operation in this crate.

use std::path::PathBuf;

/// Everything that can go wrong while parsing runs, qrels and topics,
/// evaluating a run or comparing two evaluations. (This crate reads no
/// files: its callers read them and hand it text.)
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A line of a qrels, run or topics file is malformed.
    #[error("{}:{line}: {message}", path.display())]
    Parse {
        /// The file (or the label given for in-memory text) being parsed.
        path: PathBuf,
        /// 1-based line number of the offending line.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },

    /// A metric name is not one of the supported trec_eval measures.
    #[error(
        "unknown metric `{name}`: {reason} (supported: map, ndcg_cut.K, P.K, recall.K, \
         recip_rank, num_rel_ret, num_ret, num_rel, num_q)"
    )]
    UnknownMetric {
        /// The name as given.
        name: String,
        /// Why it was rejected.
        reason: String,
    },

    /// A document given to [`Run::add_query`](crate::Run::add_query) cannot be
    /// part of a TREC run (duplicate, non-finite score, bad identifier).
    #[error("query `{qid}`, document `{docid}`: {reason}")]
    InvalidRunEntry {
        /// The query the document was given for.
        qid: String,
        /// The offending document id.
        docid: String,
        /// Why it was rejected.
        reason: String,
    },

    /// No query of the run has judgments in the qrels, so there is nothing to
    /// average (trec_eval exits with an error in this case too).
    #[error("no queries with both results and relevance judgments")]
    NoCommonQueries,

    /// An option has a value that makes no sense (zero depth, relevance level
    /// below 1, zero randomization iterations, empty metric list, ...).
    #[error("invalid option: {0}")]
    InvalidOption(String),

    /// Two evaluations cannot be compared (a metric missing from one of them,
    /// or one averaged over all judged queries and the other not).
    #[error("cannot compare evaluations: {0}")]
    Incomparable(String),
}

impl EvalError {
    pub(crate) fn parse(path: &std::path::Path, line: usize, message: impl Into<String>) -> Self {
        EvalError::Parse {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}
