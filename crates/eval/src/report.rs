//! The JSON documents `sagasu eval --json` prints, as types: one for
//! scoring a run ([`EvalReport`]), one for comparing two ([`CompareReport`]).
//! Their shape is the `Serialize` derive; `tests/trec_eval_check.py` reads
//! `summary` and `per_query`.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use crate::compare::Comparison;
use crate::evaluation::{Evaluation, MetricValues};

/// How long a batch of queries took.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timing {
    /// Queries run.
    pub queries: usize,
    /// Seconds spent running them (not opening or building the index).
    pub seconds: f64,
    /// `queries / seconds`.
    pub queries_per_second: f64,
}

impl Timing {
    /// The timing of `queries` run in `elapsed`.
    pub fn new(queries: usize, elapsed: Duration) -> Timing {
        let seconds = elapsed.as_secs_f64();
        Timing {
            queries,
            seconds,
            queries_per_second: queries as f64 / seconds.max(1e-9),
        }
    }
}

/// One evaluated run: where its inputs came from, trec_eval's summary,
/// optionally every query's values, and which queries the means leave out.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport<'a> {
    /// The query file, when the queries were run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queries: Option<String>,
    /// The run file read or written (`null` when a run was not written).
    pub run: Option<String>,
    /// The qrels file.
    pub qrels: String,
    /// Queries the means are over.
    pub num_q: usize,
    /// trec_eval's `all` row.
    pub summary: &'a MetricValues,
    /// `{qid: {metric: value}}`, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_query: Option<BTreeMap<&'a str, &'a MetricValues>>,
    /// Run queries without judgments (not scored).
    pub unjudged_queries: &'a [String],
    /// Judged queries without results (left out of the means, or zeros
    /// with `complete`).
    pub missing_queries: &'a [String],
    /// How long the queries took, when they were run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing: Option<Timing>,
}

impl<'a> EvalReport<'a> {
    /// The report of `evaluation`, every query's values included if
    /// `per_query`; the file names and timing are the caller's to fill in.
    pub fn new(evaluation: &'a Evaluation, per_query: bool) -> EvalReport<'a> {
        EvalReport {
            queries: None,
            run: None,
            qrels: String::new(),
            num_q: evaluation.num_q,
            summary: &evaluation.summary,
            per_query: per_query.then(|| {
                evaluation
                    .per_query
                    .iter()
                    .map(|q| (q.qid.as_str(), &q.values))
                    .collect()
            }),
            unjudged_queries: &evaluation.unjudged_queries,
            missing_queries: &evaluation.missing_queries,
            timing: None,
        }
    }
}

/// A count for each of two runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PerRun {
    /// Run A's.
    pub a: usize,
    /// Run B's.
    pub b: usize,
}

/// Two runs compared metric by metric.
#[derive(Debug, Clone, Serialize)]
pub struct CompareReport<'a> {
    /// Run A's file.
    pub a: String,
    /// Run B's file.
    pub b: String,
    /// The qrels file.
    pub qrels: String,
    /// Queries each run is scored on (the comparison pairs those both
    /// answer).
    pub num_q: PerRun,
    /// One comparison per metric.
    pub comparisons: &'a [Comparison],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{evaluate, EvalOptions, Metric, Qrels, Run};

    #[test]
    fn eval_report_json_has_the_documented_shape() {
        let qrels = Qrels::parse("1 0 a 1\n2 0 b 1\n3 0 c 1\n", "q").unwrap();
        let run = Run::parse("1 Q0 a 1 1 t\n4 Q0 z 1 1 t\n", "r").unwrap();
        let metrics = Metric::parse_list("map,num_q").unwrap();
        let e = evaluate(&run, &qrels, &metrics, &EvalOptions::default()).unwrap();
        let mut report = EvalReport::new(&e, true);
        report.qrels = "qrels.txt".into();
        report.timing = Some(Timing::new(4, Duration::from_secs(2)));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "run": null,
                "qrels": "qrels.txt",
                "num_q": 1,
                "summary": {"map": 1.0, "num_q": 1.0},
                "per_query": {"1": {"map": 1.0, "num_q": 1.0}},
                "unjudged_queries": ["4"],
                "missing_queries": ["2", "3"],
                "timing": {"queries": 4, "seconds": 2.0, "queries_per_second": 2.0},
            })
        );
        let plain = serde_json::to_value(EvalReport::new(&e, false)).unwrap();
        assert!(plain.get("per_query").is_none() && plain.get("queries").is_none());
    }
}
