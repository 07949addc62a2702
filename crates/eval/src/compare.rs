//! Comparing two runs query by query: summary values, difference, paired
//! randomization test, and wins/losses/ties.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::EvalError;
use crate::evaluation::Evaluation;
use crate::metrics::{Aggregation, Metric};
use crate::rng::SplitMix64;

/// Settings of the paired randomization test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareOptions {
    /// Number of random sign-flip permutations (default 10,000).
    pub iterations: usize,
    /// Seed of the deterministic generator; same seed, same p-value.
    pub seed: u64,
}

/// The default seed: any fixed number would do; this one is documented so
/// that published p-values can be reproduced.
pub const DEFAULT_SEED: u64 = 0x5A6A_5E7A_1234_5678;

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            iterations: 10_000,
            seed: DEFAULT_SEED,
        }
    }
}

/// Two runs compared on one metric over the queries they share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The metric compared.
    pub metric: Metric,
    /// Number of paired queries.
    pub num_queries: usize,
    /// Run A's value over the paired queries, aggregated as trec_eval does
    /// (mean; sum for `num_rel_ret`, `num_ret`, `num_rel`).
    pub a: f64,
    /// Run B's value, aggregated the same way.
    pub b: f64,
    /// `b - a`.
    pub difference: f64,
    /// Two-sided p-value of the paired randomization (sign-flip) test on the
    /// per-query differences: `(k + 1) / (iterations + 1)` where `k` counts
    /// permutations whose mean difference is at least as far from zero as the
    /// observed one. Never 0; 1 when the runs agree on every query.
    pub p_value: f64,
    /// Queries where B scores higher than A.
    pub wins: usize,
    /// Queries where B scores lower than A.
    pub losses: usize,
    /// Queries where both score the same.
    pub ties: usize,
    /// Permutations used.
    pub iterations: usize,
    /// Seed used.
    pub seed: u64,
}

/// Values closer than this are a tie (guards against summation-order noise).
const TIE_EPSILON: f64 = 1e-12;

/// Two-sided paired randomization test: each iteration flips the sign of
/// every per-query difference with probability 1/2 and counts how often the
/// absolute sum reaches the observed absolute sum. Returns
/// `(count + 1) / (iterations + 1)`; 1.0 for no differences.
pub fn randomization_test(differences: &[f64], iterations: usize, seed: u64) -> f64 {
    let observed: f64 = differences.iter().sum::<f64>().abs();
    let scale: f64 = differences.iter().map(|d| d.abs()).sum();
    if scale == 0.0 {
        return 1.0;
    }
    let threshold = observed - TIE_EPSILON * scale;
    let mut rng = SplitMix64::new(seed);
    let mut at_least_as_extreme = 0usize;
    for _ in 0..iterations {
        let mut sum = 0.0;
        for chunk in differences.chunks(64) {
            let bits = rng.next_u64();
            for (i, &d) in chunk.iter().enumerate() {
                sum += if bits >> i & 1 == 1 { -d } else { d };
            }
        }
        if sum.abs() >= threshold {
            at_least_as_extreme += 1;
        }
    }
    (at_least_as_extreme + 1) as f64 / (iterations + 1) as f64
}

/// Compares per-query values of `metric` for two runs over the queries
/// present in both maps.
pub fn compare(
    metric: Metric,
    a: &BTreeMap<String, f64>,
    b: &BTreeMap<String, f64>,
    options: &CompareOptions,
) -> Result<Comparison, EvalError> {
    if options.iterations == 0 {
        return Err(EvalError::InvalidOption(
            "randomization test needs at least 1 iteration".into(),
        ));
    }
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .filter_map(|(qid, &va)| b.get(qid).map(|&vb| (va, vb)))
        .collect();
    if pairs.is_empty() {
        return Err(EvalError::NoCommonQueries);
    }
    let n = pairs.len();
    let aggregate = |values: &mut dyn Iterator<Item = f64>| -> f64 {
        let sum: f64 = values.sum();
        match metric.aggregation() {
            Aggregation::Mean => sum / n as f64,
            Aggregation::Sum => sum,
            Aggregation::Count => n as f64,
        }
    };
    let value_a = aggregate(&mut pairs.iter().map(|p| p.0));
    let value_b = aggregate(&mut pairs.iter().map(|p| p.1));
    let differences: Vec<f64> = pairs.iter().map(|&(x, y)| y - x).collect();
    let (mut wins, mut losses, mut ties) = (0, 0, 0);
    for &d in &differences {
        if d.abs() <= TIE_EPSILON {
            ties += 1;
        } else if d > 0.0 {
            wins += 1;
        } else {
            losses += 1;
        }
    }
    Ok(Comparison {
        metric,
        num_queries: n,
        a: value_a,
        b: value_b,
        difference: value_b - value_a,
        p_value: randomization_test(&differences, options.iterations, options.seed),
        wins,
        losses,
        ties,
        iterations: options.iterations,
        seed: options.seed,
    })
}

/// Compares two evaluations (of runs A and B against the same qrels) on every
/// metric both contain, except `num_q`, in A's metric order.
///
/// Queries are paired as trec_eval evaluates them: by default the queries
/// evaluated in both; if both evaluations used
/// [`complete`](crate::EvalOptions::complete), every judged query, with 0 for
/// a run that lacks it. Mixing the two modes is an error.
pub fn compare_evaluations(
    a: &Evaluation,
    b: &Evaluation,
    options: &CompareOptions,
) -> Result<Vec<Comparison>, EvalError> {
    if a.options.complete != b.options.complete {
        return Err(EvalError::Incomparable(
            "one evaluation averages over all judged queries (complete) and the other does not".into(),
        ));
    }
    let metrics: Vec<Metric> = a
        .metrics
        .iter()
        .copied()
        .filter(|m| *m != Metric::NumQ && b.metrics.contains(m))
        .collect();
    if metrics.is_empty() {
        return Err(EvalError::Incomparable(
            "the evaluations have no metric in common".into(),
        ));
    }
    let judged: BTreeSet<String> = [a, b]
        .iter()
        .flat_map(|e| {
            e.per_query
                .iter()
                .map(|q| q.qid.clone())
                .chain(e.missing_queries.iter().cloned())
        })
        .collect();
    metrics
        .into_iter()
        .map(|metric| {
            let mut values_a = a.values_by_query(metric).expect("metric in a");
            let mut values_b = b.values_by_query(metric).expect("metric in b");
            if a.options.complete {
                for qid in &judged {
                    values_a.entry(qid.clone()).or_insert(0.0);
                    values_b.entry(qid.clone()).or_insert(0.0);
                }
            }
            compare(metric, &values_a, &values_b, options)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{evaluate, EvalOptions, Qrels, Run};

    fn map(values: &[(&str, f64)]) -> BTreeMap<String, f64> {
        values.iter().map(|&(q, v)| (q.to_owned(), v)).collect()
    }

    #[test]
    fn identical_runs_tie_with_p_one() {
        let a = map(&[("1", 0.5), ("2", 0.25), ("3", 0.0)]);
        let c = compare(Metric::Map, &a, &a, &CompareOptions::default()).unwrap();
        assert_eq!((c.wins, c.losses, c.ties), (0, 0, 3));
        assert_eq!(c.difference, 0.0);
        assert_eq!(c.p_value, 1.0);
    }

    #[test]
    fn consistent_improvement_is_significant() {
        let a: BTreeMap<String, f64> = (0..30).map(|i| (i.to_string(), 0.2)).collect();
        let b: BTreeMap<String, f64> = (0..30).map(|i| (i.to_string(), 0.3)).collect();
        let c = compare(Metric::Map, &a, &b, &CompareOptions::default()).unwrap();
        assert_eq!((c.wins, c.losses, c.ties), (30, 0, 0));
        assert!((c.difference - 0.1).abs() < 1e-12);
        // only the all-same-sign flips are as extreme: 2 / 2^30
        assert_eq!(c.p_value, 1.0 / 10_001.0);
        // swapping A and B flips the sign and losses, not the p-value
        let back = compare(Metric::Map, &b, &a, &CompareOptions::default()).unwrap();
        assert_eq!((back.wins, back.losses), (0, 30));
        assert_eq!(back.p_value, c.p_value);
    }

    #[test]
    fn two_equal_differences_give_p_about_half() {
        // sign flips of [d, d]: |sum| = 2d with probability exactly 1/2
        let a = map(&[("1", 0.0), ("2", 0.0)]);
        let b = map(&[("1", 0.3), ("2", 0.3)]);
        let c = compare(Metric::P(10), &a, &b, &CompareOptions::default()).unwrap();
        assert!((c.p_value - 0.5).abs() < 0.02, "{}", c.p_value);
        let again = compare(Metric::P(10), &a, &b, &CompareOptions::default()).unwrap();
        assert_eq!(again.p_value, c.p_value, "fixed seed gives a fixed p-value");
        let other_seed = CompareOptions {
            seed: 1,
            ..CompareOptions::default()
        };
        let c2 = compare(Metric::P(10), &a, &b, &other_seed).unwrap();
        assert!((c2.p_value - 0.5).abs() < 0.02);
    }

    #[test]
    fn mixed_differences_and_pairing() {
        // query 4 is only in A and is not paired
        let a = map(&[("1", 0.5), ("2", 0.5), ("3", 0.5), ("4", 1.0)]);
        let b = map(&[("1", 0.7), ("2", 0.1), ("3", 0.5), ("5", 1.0)]);
        let c = compare(Metric::Map, &a, &b, &CompareOptions::default()).unwrap();
        assert_eq!(c.num_queries, 3);
        assert_eq!((c.wins, c.losses, c.ties), (1, 1, 1));
        assert!((c.a - 0.5).abs() < 1e-12);
        assert!((c.b - 1.3 / 3.0).abs() < 1e-12);
        // diffs +0.2, -0.4: |sum| 0.2; flips give 0.2, 0.6 -> p about 1
        assert!(c.p_value > 0.99, "{}", c.p_value);
        // sum-aggregated metrics sum over paired queries
        let s = compare(Metric::NumRelRet, &a, &b, &CompareOptions::default()).unwrap();
        assert!((s.a - 1.5).abs() < 1e-12 && (s.b - 1.3).abs() < 1e-12);
    }

    #[test]
    fn errors() {
        let a = map(&[("1", 0.5)]);
        let b = map(&[("2", 0.5)]);
        assert!(matches!(
            compare(Metric::Map, &a, &b, &CompareOptions::default()),
            Err(EvalError::NoCommonQueries)
        ));
        let zero = CompareOptions {
            iterations: 0,
            ..CompareOptions::default()
        };
        assert!(matches!(
            compare(Metric::Map, &a, &a, &zero),
            Err(EvalError::InvalidOption(_))
        ));
    }

    #[test]
    fn compare_evaluations_pairs_like_trec_eval() {
        let qrels = Qrels::parse("1 0 a 1\n2 0 b 1\n3 0 c 1\n", "q").unwrap();
        let run_a = Run::parse("1 Q0 a 1 1 t\n2 Q0 x 1 1 t\n", "a").unwrap();
        let run_b = Run::parse("1 Q0 x 1 2 t\n1 Q0 a 2 1 t\n2 Q0 b 1 1 t\n3 Q0 c 1 1 t\n", "b").unwrap();
        let metrics = [Metric::Map, Metric::NumQ, Metric::RecipRank];
        let default = EvalOptions::default();
        let ea = evaluate(&run_a, &qrels, &metrics, &default).unwrap();
        let eb = evaluate(&run_b, &qrels, &metrics, &default).unwrap();
        let cmp = compare_evaluations(&ea, &eb, &CompareOptions::default()).unwrap();
        assert_eq!(
            cmp.iter().map(|c| c.metric).collect::<Vec<_>>(),
            [Metric::Map, Metric::RecipRank]
        );
        // queries 1 and 2 only: A = (1 + 0) / 2, B = (0.5 + 1) / 2
        assert_eq!(cmp[0].num_queries, 2);
        assert!((cmp[0].a - 0.5).abs() < 1e-12 && (cmp[0].b - 0.75).abs() < 1e-12);
        assert_eq!((cmp[0].wins, cmp[0].losses), (1, 1));

        let complete = EvalOptions {
            complete: true,
            ..EvalOptions::default()
        };
        let ca = evaluate(&run_a, &qrels, &metrics, &complete).unwrap();
        let cb = evaluate(&run_b, &qrels, &metrics, &complete).unwrap();
        let cmp = compare_evaluations(&ca, &cb, &CompareOptions::default()).unwrap();
        // query 3 counts as 0 for A: A = 1/3, B = 2.5/3, matching the summaries
        assert_eq!(cmp[0].num_queries, 3);
        assert!((cmp[0].a - ca.summary_value(Metric::Map).unwrap()).abs() < 1e-12);
        assert!((cmp[0].b - cb.summary_value(Metric::Map).unwrap()).abs() < 1e-12);
        assert_eq!((cmp[0].wins, cmp[0].losses), (2, 1));

        assert!(matches!(
            compare_evaluations(&ea, &cb, &CompareOptions::default()),
            Err(EvalError::Incomparable(_))
        ));
        let only_ndcg = evaluate(&run_b, &qrels, &[Metric::NdcgCut(10)], &default).unwrap();
        assert!(matches!(
            compare_evaluations(&ea, &only_ndcg, &CompareOptions::default()),
            Err(EvalError::Incomparable(_))
        ));
    }
}
