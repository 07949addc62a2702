//! The trec_eval measures this crate computes, their names, and their
//! per-query definitions (following trec_eval 9.x's `m_*.c` sources).

use std::fmt;
use std::str::FromStr;

use crate::error::EvalError;

/// A trec_eval measure.
///
/// Names follow trec_eval's `-m` syntax (`ndcg_cut.10`, `P.10`); the
/// underscore form trec_eval prints (`ndcg_cut_10`, `P_10`) is accepted when
/// parsing too, and names are matched case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    /// `map`: average precision: the sum of precision at the rank of each
    /// relevant retrieved document, divided by the number of relevant
    /// documents of the query (retrieved or not).
    Map,
    /// `ndcg_cut.k`: nDCG at rank `k`. Gain is the qrels grade (only grades
    /// above 0 count), discount `log2(rank + 1)`, and the ideal ranking sorts
    /// all judged documents of the query by grade. Ignores the relevance level.
    NdcgCut(usize),
    /// `P.k`: relevant documents in the top `k` divided by `k`. Missing ranks
    /// count as non-relevant.
    P(usize),
    /// `recall.k`: relevant documents in the top `k` divided by all relevant
    /// documents of the query (0 if it has none).
    Recall(usize),
    /// `recip_rank`: 1 / rank of the first relevant document, 0 if none.
    RecipRank,
    /// `num_rel_ret`: relevant documents retrieved. Summed, not averaged.
    NumRelRet,
    /// `num_ret`: documents retrieved (after the depth cut). Summed.
    NumRet,
    /// `num_rel`: relevant documents in the qrels. Summed over evaluated queries.
    NumRel,
    /// `num_q`: number of queries the means are taken over.
    NumQ,
}

/// How per-query values of a metric become the summary ("all") value, as in
/// trec_eval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregation {
    /// Sum divided by the number of queries averaged over.
    Mean,
    /// Plain sum over evaluated queries (`num_rel_ret`, `num_ret`, `num_rel`).
    Sum,
    /// The number of queries averaged over (`num_q`).
    Count,
}

impl Metric {
    /// The default set: `map`, `ndcg_cut.10`, `P.10`, `recall.100`,
    /// `recip_rank`, `num_rel_ret`, `num_q`.
    pub fn default_set() -> Vec<Metric> {
        vec![
            Metric::Map,
            Metric::NdcgCut(10),
            Metric::P(10),
            Metric::Recall(100),
            Metric::RecipRank,
            Metric::NumRelRet,
            Metric::NumQ,
        ]
    }

    /// Parses a comma-separated list such as `map,ndcg_cut.10,P.10`.
    /// Empty entries are skipped, duplicates dropped (first kept); an empty
    /// list or an unknown name is an error.
    pub fn parse_list(list: &str) -> Result<Vec<Metric>, EvalError> {
        let mut metrics = Vec::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let metric: Metric = name.parse()?;
            if !metrics.contains(&metric) {
                metrics.push(metric);
            }
        }
        if metrics.is_empty() {
            return Err(EvalError::InvalidOption(format!(
                "metric list `{list}` names no metric"
            )));
        }
        Ok(metrics)
    }

    /// The `-m` style name: `map`, `ndcg_cut.10`, `P.10`, `recall.100`, ...
    pub fn name(self) -> String {
        self.to_string()
    }

    /// The name trec_eval prints in its output: `ndcg_cut_10`, `P_10`, ...
    pub fn trec_name(self) -> String {
        match self {
            Metric::NdcgCut(k) => format!("ndcg_cut_{k}"),
            Metric::P(k) => format!("P_{k}"),
            Metric::Recall(k) => format!("recall_{k}"),
            other => other.to_string(),
        }
    }

    /// What the measure is, in a few words (the line under `sagasu eval`'s
    /// table; `--help` says more).
    pub fn describe(self) -> String {
        match self {
            Metric::Map => "mean average precision".into(),
            Metric::NdcgCut(k) => format!("nDCG at {k} (graded gain discounted by rank, 1 = ideal)"),
            Metric::P(k) => format!("precision at {k}"),
            Metric::Recall(k) => format!("recall at {k}"),
            Metric::RecipRank => "1/rank of the first relevant document (mean: MRR)".into(),
            Metric::NumRelRet => "relevant documents retrieved".into(),
            Metric::NumRet => "documents retrieved".into(),
            Metric::NumRel => "relevant documents judged".into(),
            Metric::NumQ => "queries".into(),
        }
    }

    /// How trec_eval turns per-query values into the summary value.
    pub fn aggregation(self) -> Aggregation {
        match self {
            Metric::NumRelRet | Metric::NumRet | Metric::NumRel => Aggregation::Sum,
            Metric::NumQ => Aggregation::Count,
            _ => Aggregation::Mean,
        }
    }

    /// Whether values are counts (printed without decimals).
    pub fn is_count(self) -> bool {
        self.aggregation() != Aggregation::Mean
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Metric::Map => f.write_str("map"),
            Metric::NdcgCut(k) => write!(f, "ndcg_cut.{k}"),
            Metric::P(k) => write!(f, "P.{k}"),
            Metric::Recall(k) => write!(f, "recall.{k}"),
            Metric::RecipRank => f.write_str("recip_rank"),
            Metric::NumRelRet => f.write_str("num_rel_ret"),
            Metric::NumRet => f.write_str("num_ret"),
            Metric::NumRel => f.write_str("num_rel"),
            Metric::NumQ => f.write_str("num_q"),
        }
    }
}

impl FromStr for Metric {
    type Err = EvalError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let unknown = |reason: &str| EvalError::UnknownMetric {
            name: name.to_owned(),
            reason: reason.to_owned(),
        };
        let lower = name.trim().to_ascii_lowercase();
        let plain = match lower.as_str() {
            "map" => Some(Metric::Map),
            "recip_rank" => Some(Metric::RecipRank),
            "num_rel_ret" => Some(Metric::NumRelRet),
            "num_ret" => Some(Metric::NumRet),
            "num_rel" => Some(Metric::NumRel),
            "num_q" => Some(Metric::NumQ),
            _ => None,
        };
        if let Some(metric) = plain {
            return Ok(metric);
        }
        type Family = fn(usize) -> Metric;
        let families: [(&str, Family); 3] = [
            ("ndcg_cut", Metric::NdcgCut),
            ("p", Metric::P),
            ("recall", Metric::Recall),
        ];
        for (base, make) in families {
            let Some(rest) = lower.strip_prefix(base) else {
                continue;
            };
            if rest.is_empty() {
                return Err(unknown(&format!("`{name}` needs a cutoff, e.g. `{name}.10`")));
            }
            let Some(cutoff) = rest.strip_prefix('.').or_else(|| rest.strip_prefix('_')) else {
                continue;
            };
            return match cutoff.parse::<usize>() {
                Ok(k) if k > 0 => Ok(make(k)),
                _ => Err(unknown(&format!("cutoff `{cutoff}` is not a positive integer"))),
            };
        }
        Err(unknown("not a supported measure"))
    }
}

impl serde::Serialize for Metric {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Metric {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

/// One query's ranking reduced to what the measures need, after the depth cut.
#[derive(Debug, Clone)]
pub(crate) struct JudgedRanking {
    /// Qrels grade of each retrieved document in rank order; `None` if the
    /// document is not in the qrels for this query.
    pub rels: Vec<Option<i32>>,
    /// Grades above 0 of all judged documents of the query, descending: the
    /// ideal ranking's gains.
    pub ideal: Vec<i32>,
    /// Documents with grade >= the relevance level.
    pub num_rel: usize,
    /// The relevance level (trec_eval `-l`, default 1).
    pub level: i32,
}

impl JudgedRanking {
    fn relevant(&self, rel: Option<i32>) -> bool {
        rel.is_some_and(|r| r >= self.level)
    }

    fn relevant_in_top(&self, k: usize) -> usize {
        self.rels.iter().take(k).filter(|&&r| self.relevant(r)).count()
    }

    /// The value of `metric` for this query, computed as trec_eval does.
    pub fn value(&self, metric: Metric) -> f64 {
        match metric {
            Metric::Map => {
                let (mut found, mut sum) = (0usize, 0.0f64);
                for (i, &rel) in self.rels.iter().enumerate() {
                    if self.relevant(rel) {
                        found += 1;
                        sum += found as f64 / (i + 1) as f64;
                    }
                }
                if found > 0 {
                    sum / self.num_rel as f64
                } else {
                    0.0
                }
            }
            Metric::NdcgCut(k) => {
                let mut dcg = 0.0f64;
                for (i, rel) in self.rels.iter().take(k).enumerate() {
                    if let Some(gain) = rel.filter(|&g| g > 0) {
                        dcg += gain as f64 / ((i + 2) as f64).log2();
                    }
                }
                let mut ideal = 0.0f64;
                for (i, &gain) in self.ideal.iter().take(k).enumerate() {
                    ideal += gain as f64 / ((i + 2) as f64).log2();
                }
                if ideal > 0.0 {
                    dcg / ideal
                } else {
                    dcg
                }
            }
            Metric::P(k) => self.relevant_in_top(k) as f64 / k as f64,
            Metric::Recall(k) => {
                if self.num_rel == 0 {
                    0.0
                } else {
                    self.relevant_in_top(k) as f64 / self.num_rel as f64
                }
            }
            Metric::RecipRank => self
                .rels
                .iter()
                .position(|&r| self.relevant(r))
                .map_or(0.0, |i| 1.0 / (i + 1) as f64),
            Metric::NumRelRet => self.relevant_in_top(self.rels.len()) as f64,
            Metric::NumRet => self.rels.len() as f64,
            Metric::NumRel => self.num_rel as f64,
            Metric::NumQ => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranking(rels: &[Option<i32>], all_grades: &[i32], level: i32) -> JudgedRanking {
        let mut ideal: Vec<i32> = all_grades.iter().copied().filter(|&g| g > 0).collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        JudgedRanking {
            rels: rels.to_vec(),
            ideal,
            num_rel: all_grades.iter().filter(|&&g| g >= level).count(),
            level,
        }
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn names_round_trip_and_aliases() {
        for m in [
            Metric::Map,
            Metric::NdcgCut(10),
            Metric::P(5),
            Metric::Recall(100),
            Metric::RecipRank,
            Metric::NumRelRet,
            Metric::NumRet,
            Metric::NumRel,
            Metric::NumQ,
        ] {
            assert_eq!(m.name().parse::<Metric>().unwrap(), m);
            assert_eq!(m.trec_name().parse::<Metric>().unwrap(), m);
        }
        assert_eq!("MAP".parse::<Metric>().unwrap(), Metric::Map);
        assert_eq!("p_20".parse::<Metric>().unwrap(), Metric::P(20));
        assert_eq!(Metric::NdcgCut(10).trec_name(), "ndcg_cut_10");
        assert_eq!(Metric::P(10).name(), "P.10");
    }

    #[test]
    fn parse_list_default_and_errors() {
        assert_eq!(
            Metric::parse_list("map,ndcg_cut.10,P.10,recall.100,recip_rank,num_rel_ret,num_q").unwrap(),
            Metric::default_set()
        );
        assert_eq!(
            Metric::parse_list(" map , map,P.5,").unwrap(),
            vec![Metric::Map, Metric::P(5)]
        );
        for bad in ["ndcg", "P", "P.0", "P.x", "recall.-1", "bpref", "ndcg_cut10", "Pfoo"] {
            let err = Metric::parse_list(&format!("map,{bad}")).unwrap_err();
            match &err {
                EvalError::UnknownMetric { name, .. } => assert_eq!(name, bad),
                other => panic!("{bad}: {other:?}"),
            }
            assert!(err.to_string().contains(bad));
        }
        assert!(matches!(Metric::parse_list(" , "), Err(EvalError::InvalidOption(_))));
    }

    #[test]
    fn serde_uses_names() {
        let json = serde_json::to_string(&vec![Metric::NdcgCut(10), Metric::Map]).unwrap();
        assert_eq!(json, r#"["ndcg_cut.10","map"]"#);
        let back: Vec<Metric> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, vec![Metric::NdcgCut(10), Metric::Map]);
        assert!(serde_json::from_str::<Metric>(r#""nope""#).is_err());
    }

    #[test]
    fn average_precision_hand_computed() {
        // R N R N with 3 relevant in total: (1/1 + 2/3) / 3
        let r = ranking(&[Some(1), Some(0), Some(2), None], &[1, 0, 2, 1], 1);
        close(r.value(Metric::Map), (1.0 + 2.0 / 3.0) / 3.0);
        close(r.value(Metric::RecipRank), 1.0);
        close(r.value(Metric::NumRelRet), 2.0);
        close(r.value(Metric::NumRel), 3.0);
        close(r.value(Metric::NumRet), 4.0);
    }

    #[test]
    fn no_relevant_retrieved_gives_zeros() {
        let r = ranking(&[None, Some(0), Some(-1)], &[0, -1, 3], 1);
        for m in [
            Metric::Map,
            Metric::NdcgCut(10),
            Metric::P(10),
            Metric::Recall(100),
            Metric::RecipRank,
            Metric::NumRelRet,
        ] {
            assert_eq!(r.value(m), 0.0, "{m}");
        }
        assert_eq!(r.value(Metric::NumRel), 1.0);
    }

    #[test]
    fn query_without_relevant_documents() {
        // qrels only has non-relevant judgments: recall and nDCG are 0, not NaN
        let r = ranking(&[Some(0), None], &[0, 0], 1);
        for m in [Metric::Map, Metric::NdcgCut(5), Metric::Recall(5), Metric::P(5)] {
            assert_eq!(r.value(m), 0.0, "{m}");
        }
    }

    #[test]
    fn precision_divides_by_cutoff_when_fewer_results() {
        let r = ranking(&[Some(1), Some(1), Some(0)], &[1, 1, 0, 1], 1);
        close(r.value(Metric::P(10)), 0.2);
        close(r.value(Metric::P(2)), 1.0);
        close(r.value(Metric::P(1)), 1.0);
        // recall at k: relevant in top k over all 3 relevant
        close(r.value(Metric::Recall(1)), 1.0 / 3.0);
        close(r.value(Metric::Recall(1000)), 2.0 / 3.0);
    }

    #[test]
    fn reciprocal_rank_of_first_relevant() {
        let r = ranking(&[None, Some(0), Some(-2), Some(3), Some(1)], &[0, 3, 1], 1);
        close(r.value(Metric::RecipRank), 0.25);
        // relevance level 2 makes the grade-1 document non-relevant
        let r2 = ranking(&[Some(1), Some(2)], &[1, 2], 2);
        close(r2.value(Metric::RecipRank), 0.5);
        close(r2.value(Metric::NumRel), 1.0);
    }

    #[test]
    fn graded_ndcg_hand_computed() {
        // ranking grades: 1, 3, unjudged, 2; judged: 3, 2, 1, 1, 0
        let r = ranking(&[Some(1), Some(3), None, Some(2)], &[3, 2, 1, 1, 0], 1);
        let l = |rank: usize| ((rank + 1) as f64).log2();
        let dcg3 = 1.0 / l(1) + 3.0 / l(2);
        let idcg3 = 3.0 / l(1) + 2.0 / l(2) + 1.0 / l(3);
        close(r.value(Metric::NdcgCut(3)), dcg3 / idcg3);
        let dcg10 = dcg3 + 2.0 / l(4);
        let idcg10 = idcg3 + 1.0 / l(4);
        close(r.value(Metric::NdcgCut(10)), dcg10 / idcg10);
        // cutoff 1: only the first document and the best grade count
        close(r.value(Metric::NdcgCut(1)), 1.0 / 3.0);
        // nDCG ignores the relevance level (trec_eval uses grades > 0)
        let r2 = JudgedRanking { level: 3, ..r.clone() };
        close(r2.value(Metric::NdcgCut(10)), dcg10 / idcg10);
    }
}
