//! Evaluating a run against qrels: options, per-query values and the
//! summary, as trec_eval computes and averages them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::EvalError;
use crate::metrics::{Aggregation, JudgedRanking, Metric};
use crate::ordering::qid_order;
use crate::qrels::Qrels;
use crate::run::Run;

/// Options mirroring trec_eval's command-line flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvalOptions {
    /// Minimum grade counted as relevant (trec_eval `-l`, default 1). Must be
    /// at least 1. nDCG ignores it and uses every grade above 0 as gain.
    pub relevance_level: i32,
    /// Only the first `depth` documents of each query (after trec_eval's
    /// sort) are evaluated (trec_eval `-M`); `None` means all.
    pub depth: Option<usize>,
    /// Average over every query in the qrels, counting queries missing from
    /// the run as zeros (trec_eval `-c`). Off by default: means are over the
    /// queries that are in both the run and the qrels.
    pub complete: bool,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            relevance_level: 1,
            depth: None,
            complete: false,
        }
    }
}

/// Metric values in a fixed order; serializes as a JSON object
/// `{"map": 0.31, "ndcg_cut.10": 0.42}` keeping that order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricValues(pub Vec<(Metric, f64)>);

impl MetricValues {
    /// The value of a metric, if present.
    pub fn get(&self, metric: Metric) -> Option<f64> {
        self.0.iter().find(|(m, _)| *m == metric).map(|&(_, v)| v)
    }

    /// Metrics and values in order.
    pub fn iter(&self) -> impl Iterator<Item = (Metric, f64)> + '_ {
        self.0.iter().copied()
    }
}

impl Serialize for MetricValues {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (metric, value) in &self.0 {
            map.serialize_entry(metric, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for MetricValues {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = MetricValues;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map from metric names to numbers")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<MetricValues, A::Error> {
                let mut values = Vec::new();
                while let Some((metric, value)) = access.next_entry::<Metric, f64>()? {
                    values.push((metric, value));
                }
                Ok(MetricValues(values))
            }
        }
        d.deserialize_map(Visitor)
    }
}

/// The values of one evaluated query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryScores {
    /// Query id.
    pub qid: String,
    /// One value per evaluated metric, in the evaluation's metric order.
    pub values: MetricValues,
}

/// The result of [`evaluate`]: per-query values and trec_eval's summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Metrics evaluated, in the order requested (duplicates removed).
    pub metrics: Vec<Metric>,
    /// Options the evaluation ran with.
    pub options: EvalOptions,
    /// Number of queries the means are over: queries in both run and qrels,
    /// or every qrels query with [`EvalOptions::complete`].
    pub num_q: usize,
    /// trec_eval's `all` row: means for most metrics, sums for `num_rel_ret`,
    /// `num_ret` and `num_rel`, and `num_q` for `num_q`.
    pub summary: MetricValues,
    /// Queries in both run and qrels, in numeric-then-lexical qid order.
    pub per_query: Vec<QueryScores>,
    /// Run queries absent from the qrels: ignored, as trec_eval ignores them.
    pub unjudged_queries: Vec<String>,
    /// Qrels queries absent from the run: ignored by default, zeros in the
    /// means with [`EvalOptions::complete`].
    pub missing_queries: Vec<String>,
}

impl Evaluation {
    /// The summary value of a metric, if it was evaluated.
    pub fn summary_value(&self, metric: Metric) -> Option<f64> {
        self.summary.get(metric)
    }

    /// The values of one query, if it was evaluated.
    pub fn query(&self, qid: &str) -> Option<&QueryScores> {
        self.per_query.iter().find(|q| q.qid == qid)
    }

    /// Per-query values of one metric, by query id, if it was evaluated.
    pub fn values_by_query(&self, metric: Metric) -> Option<BTreeMap<String, f64>> {
        if !self.metrics.contains(&metric) {
            return None;
        }
        Some(
            self.per_query
                .iter()
                .filter_map(|q| q.values.get(metric).map(|v| (q.qid.clone(), v)))
                .collect(),
        )
    }
}

fn validate(metrics: &[Metric], options: &EvalOptions) -> Result<Vec<Metric>, EvalError> {
    if metrics.is_empty() {
        return Err(EvalError::InvalidOption("no metrics requested".into()));
    }
    if options.relevance_level < 1 {
        return Err(EvalError::InvalidOption(format!(
            "relevance level must be at least 1, got {}",
            options.relevance_level
        )));
    }
    if options.depth == Some(0) {
        return Err(EvalError::InvalidOption("depth must be at least 1".into()));
    }
    let mut unique = Vec::with_capacity(metrics.len());
    for &m in metrics {
        if !unique.contains(&m) {
            unique.push(m);
        }
    }
    Ok(unique)
}

fn judged_ranking(run: &Run, qrels: &Qrels, qid: &str, options: &EvalOptions) -> JudgedRanking {
    let judged = qrels.judgments(qid).expect("caller checked the qrels");
    let ranking = run.ranking(qid).expect("caller checked the run");
    let depth = options.depth.unwrap_or(usize::MAX);
    let rels = ranking
        .iter()
        .take(depth)
        .map(|doc| judged.get(&doc.docid).copied())
        .collect();
    let mut ideal: Vec<i32> = judged.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    JudgedRanking {
        rels,
        ideal,
        num_rel: qrels.num_relevant(qid, options.relevance_level),
        level: options.relevance_level,
    }
}

/// Evaluates `run` against `qrels`, matching trec_eval 9.x:
///
/// * each query's documents ranked by score descending, ties by document id
///   descending (the rank column is ignored), cut at `depth` (`-M`);
/// * a document is relevant if its grade is at least the relevance level;
///   unjudged documents are non-relevant;
/// * only queries present in both the run and the qrels are evaluated,
///   including queries whose judgments contain no relevant document (their
///   values are 0); means divide by the number of those queries, or by the
///   number of qrels queries with `complete` (`-c`);
/// * `num_rel_ret`, `num_ret` and `num_rel` are summed, not averaged.
///
/// Fails if no query is in both run and qrels (trec_eval does too), or on
/// invalid options.
pub fn evaluate(run: &Run, qrels: &Qrels, metrics: &[Metric], options: &EvalOptions) -> Result<Evaluation, EvalError> {
    let metrics = validate(metrics, options)?;
    let mut run_qids: Vec<&str> = run.qids().collect();
    run_qids.sort_by(|a, b| qid_order(a, b));

    let mut per_query = Vec::new();
    let mut unjudged_queries = Vec::new();
    for qid in run_qids {
        if !qrels.contains_query(qid) {
            unjudged_queries.push(qid.to_owned());
            continue;
        }
        let ranking = judged_ranking(run, qrels, qid, options);
        let values = metrics.iter().map(|&m| (m, ranking.value(m))).collect();
        per_query.push(QueryScores {
            qid: qid.to_owned(),
            values: MetricValues(values),
        });
    }
    if per_query.is_empty() {
        return Err(EvalError::NoCommonQueries);
    }
    let mut missing_queries: Vec<String> = qrels
        .qids()
        .filter(|q| run.ranking(q).is_none())
        .map(str::to_owned)
        .collect();
    missing_queries.sort_by(|a, b| qid_order(a, b));

    let num_q = if options.complete {
        qrels.num_queries()
    } else {
        per_query.len()
    };
    let summary = metrics
        .iter()
        .map(|&m| {
            let sum: f64 = per_query.iter().map(|q| q.values.get(m).unwrap()).sum();
            let value = match m.aggregation() {
                Aggregation::Mean => sum / num_q as f64,
                Aggregation::Sum => sum,
                Aggregation::Count => num_q as f64,
            };
            (m, value)
        })
        .collect();

    Ok(Evaluation {
        metrics,
        options: options.clone(),
        num_q,
        summary: MetricValues(summary),
        per_query,
        unjudged_queries,
        missing_queries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Run {
        Run::parse(text, "run").unwrap()
    }

    fn qrels(text: &str) -> Qrels {
        Qrels::parse(text, "qrels").unwrap()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    const QRELS: &str = "\
q1 0 a 2
q1 0 b 1
q1 0 c 0
q1 0 d 3
q1 0 x -1
q2 0 a 0
q3 0 z 1
";
    // q1 sorted: u(2.0), then the 1.0 tie as b, a (docid descending), x, c
    const RUN: &str = "\
q1 Q0 a 1 1.0 t
q1 Q0 b 2 1.0 t
q1 Q0 c 3 0.5 t
q1 Q0 x 4 0.9 t
q1 Q0 u 5 2.0 t
q2 Q0 a 1 1.0 t
q9 Q0 a 1 1.0 t
";

    #[test]
    fn matches_trec_eval_on_small_case() {
        // Expected values are pytrec_eval-terrier 0.5.11's output for this case.
        let metrics =
            Metric::parse_list("map,ndcg_cut.2,ndcg_cut.10,P.2,recall.2,recip_rank,num_rel_ret,num_ret,num_rel,num_q")
                .unwrap();
        let e = evaluate(&run(RUN), &qrels(QRELS), &metrics, &EvalOptions::default()).unwrap();
        let q1 = e.query("q1").unwrap();
        close(q1.values.get(Metric::Map).unwrap(), 0.38888888888888884);
        close(q1.values.get(Metric::NdcgCut(2)).unwrap(), 0.1480409554829326);
        close(q1.values.get(Metric::NdcgCut(10)).unwrap(), 0.3424985031845269);
        close(q1.values.get(Metric::P(2)).unwrap(), 0.5);
        close(q1.values.get(Metric::Recall(2)).unwrap(), 1.0 / 3.0);
        close(q1.values.get(Metric::RecipRank).unwrap(), 0.5);
        // q2 has judgments but none relevant: evaluated, all zeros
        let q2 = e.query("q2").unwrap();
        assert!(q2.values.iter().all(|(m, v)| v
            == if m == Metric::NumRet || m == Metric::NumQ {
                1.0
            } else {
                0.0
            }));
        // q9 (not judged) ignored, q3 (not in run) ignored by default
        assert!(e.query("q9").is_none());
        assert_eq!(e.unjudged_queries, ["q9"]);
        assert_eq!(e.missing_queries, ["q3"]);
        assert_eq!(e.num_q, 2);
        close(e.summary_value(Metric::Map).unwrap(), 0.38888888888888884 / 2.0);
        close(e.summary_value(Metric::NumRelRet).unwrap(), 2.0);
        close(e.summary_value(Metric::NumRet).unwrap(), 6.0);
        close(e.summary_value(Metric::NumRel).unwrap(), 3.0);
        close(e.summary_value(Metric::NumQ).unwrap(), 2.0);
    }

    #[test]
    fn complete_averages_over_all_qrels_queries() {
        let options = EvalOptions {
            complete: true,
            ..EvalOptions::default()
        };
        let e = evaluate(
            &run(RUN),
            &qrels(QRELS),
            &[Metric::Map, Metric::NumQ, Metric::NumRel],
            &options,
        )
        .unwrap();
        assert_eq!(e.num_q, 3);
        close(e.summary_value(Metric::Map).unwrap(), 0.38888888888888884 / 3.0);
        close(e.summary_value(Metric::NumQ).unwrap(), 3.0);
        // sums stay over evaluated queries, as in trec_eval
        close(e.summary_value(Metric::NumRel).unwrap(), 3.0);
        assert_eq!(e.per_query.len(), 2);
    }

    #[test]
    fn depth_cuts_after_sorting() {
        let options = EvalOptions {
            depth: Some(2),
            ..EvalOptions::default()
        };
        let e = evaluate(
            &run(RUN),
            &qrels(QRELS),
            &[Metric::NumRet, Metric::Map, Metric::P(10)],
            &options,
        )
        .unwrap();
        let q1 = e.query("q1").unwrap();
        // top 2 after the sort: u (unjudged), b (rel 1)
        close(q1.values.get(Metric::NumRet).unwrap(), 2.0);
        close(q1.values.get(Metric::Map).unwrap(), 0.5 / 3.0);
        close(q1.values.get(Metric::P(10)).unwrap(), 0.1);
    }

    #[test]
    fn relevance_level_changes_relevant_set() {
        let options = EvalOptions {
            relevance_level: 2,
            ..EvalOptions::default()
        };
        let e = evaluate(&run(RUN), &qrels(QRELS), &[Metric::Map, Metric::RecipRank], &options).unwrap();
        let q1 = e.query("q1").unwrap();
        // relevant: a (2), d (3); a is at rank 3
        close(q1.values.get(Metric::Map).unwrap(), (1.0 / 3.0) / 2.0);
        close(q1.values.get(Metric::RecipRank).unwrap(), 1.0 / 3.0);
    }

    #[test]
    fn tie_order_decides_values() {
        // Both docs score 1.0; only "a" is relevant. trec_eval ranks "b" first.
        let e = evaluate(
            &run("1 Q0 a 1 1 t\n1 Q0 b 2 1 t\n"),
            &qrels("1 0 a 1\n"),
            &[Metric::RecipRank],
            &EvalOptions::default(),
        )
        .unwrap();
        close(e.summary_value(Metric::RecipRank).unwrap(), 0.5);
    }

    #[test]
    fn errors() {
        let r = run(RUN);
        let q = qrels(QRELS);
        assert!(matches!(
            evaluate(&r, &qrels("zz 0 a 1\n"), &[Metric::Map], &EvalOptions::default()),
            Err(EvalError::NoCommonQueries)
        ));
        assert!(matches!(
            evaluate(&r, &q, &[], &EvalOptions::default()),
            Err(EvalError::InvalidOption(_))
        ));
        for options in [
            EvalOptions {
                relevance_level: 0,
                ..EvalOptions::default()
            },
            EvalOptions {
                depth: Some(0),
                ..EvalOptions::default()
            },
        ] {
            assert!(matches!(
                evaluate(&r, &q, &[Metric::Map], &options),
                Err(EvalError::InvalidOption(_))
            ));
        }
    }

    #[test]
    fn evaluation_serializes_to_json_and_back() {
        let e = evaluate(
            &run(RUN),
            &qrels(QRELS),
            &[Metric::NdcgCut(10), Metric::Map],
            &EvalOptions::default(),
        )
        .unwrap();
        let json = serde_json::to_value(&e).unwrap();
        let summary = json["summary"].as_object().unwrap();
        // metric order is kept and names are trec_eval -m names
        let keys: Vec<&String> = summary.keys().collect();
        assert_eq!(keys.len(), 2);
        assert!(summary.contains_key("ndcg_cut.10") && summary.contains_key("map"));
        assert_eq!(json["per_query"][0]["qid"], "q1");
        assert_eq!(json["num_q"], 2);
        let text = serde_json::to_string(&e).unwrap();
        assert!(text.find("ndcg_cut.10").unwrap() < text.find("\"map\"").unwrap());
        // serde_json's default float parsing may be off by an ulp: compare
        // the structure exactly and the numbers approximately.
        let back: Evaluation = serde_json::from_str(&text).unwrap();
        assert_eq!(back.metrics, e.metrics);
        assert_eq!(back.options, e.options);
        assert_eq!(
            (back.num_q, &back.unjudged_queries, &back.missing_queries),
            (e.num_q, &e.unjudged_queries, &e.missing_queries)
        );
        let flat = |ev: &Evaluation| -> Vec<(String, Metric, f64)> {
            ev.per_query
                .iter()
                .map(|q| (q.qid.clone(), &q.values))
                .chain(std::iter::once(("all".to_owned(), &ev.summary)))
                .flat_map(|(qid, values)| values.iter().map(move |(m, v)| (qid.clone(), m, v)))
                .collect()
        };
        let (got, want) = (flat(&back), flat(&e));
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!((&g.0, g.1), (&w.0, w.1));
            assert!((g.2 - w.2).abs() < 1e-15, "{g:?} vs {w:?}");
        }
    }
}
