//! TREC run files (`qid Q0 docid rank score tag`): reading, building from
//! scored results, and writing with scores that agree with the ranks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Write};
use std::path::Path;

use crate::error::EvalError;
use crate::ordering::{qid_order, trec_eval_order};

/// One retrieved document and its score.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredDoc {
    /// Document id, as it appears in the qrels.
    pub docid: String,
    /// Retrieval score; higher is better.
    pub score: f64,
}

/// A retrieval run: for each query, its documents in the order trec_eval
/// ranks them.
///
/// trec_eval ignores the rank column of a run file. It sorts each query's
/// documents by score descending and breaks ties by document id descending
/// (`strcmp`, so `"b" > "9" > "10"`). A `Run` keeps every query's documents in
/// exactly that order, whether they were read from a file or given to
/// [`Run::add_query`], so position `i` here is rank `i + 1` for trec_eval.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    queries: BTreeMap<String, Vec<ScoredDoc>>,
    tag: String,
}

impl Default for Run {
    fn default() -> Self {
        Run::new("sagasu")
    }
}

fn bad_id(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("id is empty")
    } else if id.chars().any(char::is_whitespace) {
        Some("id contains whitespace, which the TREC format cannot represent")
    } else {
        None
    }
}

impl Run {
    /// An empty run whose lines will carry `tag` (the sixth column). Whitespace
    /// in the tag is replaced by `_`; an empty tag becomes `sagasu`.
    pub fn new(tag: &str) -> Self {
        Run {
            queries: BTreeMap::new(),
            tag: sanitize_tag(tag),
        }
    }

    /// Parses run text; `path` only labels error messages.
    ///
    /// Like trec_eval: at least six whitespace-separated fields, fields after
    /// the sixth ignored, the `iter` and `rank` columns ignored, blank lines
    /// and lines starting with `#` skipped, and the tag taken from the last
    /// line. Unlike trec_eval's `atof`, a score that is not a finite number is
    /// an error. A document listed twice for a query is an error (trec_eval
    /// aborts on it as well).
    pub fn parse(text: &str, path: impl AsRef<Path>) -> Result<Self, EvalError> {
        let path = path.as_ref();
        let mut queries: BTreeMap<String, Vec<ScoredDoc>> = BTreeMap::new();
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        let mut tag = None;
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = trimmed.split_whitespace().collect();
            if fields.len() < 6 {
                return Err(EvalError::parse(
                    path,
                    line_no,
                    format!(
                        "expected 6 fields `qid Q0 docid rank score tag`, found {}",
                        fields.len()
                    ),
                ));
            }
            let (qid, docid, score) = (fields[0], fields[2], fields[4]);
            let score: f64 = match score.parse::<f64>() {
                Ok(s) if s.is_finite() => s,
                _ => {
                    return Err(EvalError::parse(
                        path,
                        line_no,
                        format!("score `{score}` is not a finite number"),
                    ))
                }
            };
            if let Some(first) = seen.insert((qid.to_owned(), docid.to_owned()), line_no) {
                return Err(EvalError::parse(
                    path,
                    line_no,
                    format!(
                        "document `{docid}` is retrieved twice for query `{qid}` \
                         (first on line {first})"
                    ),
                ));
            }
            queries.entry(qid.to_owned()).or_default().push(ScoredDoc {
                docid: docid.to_owned(),
                score,
            });
            tag = Some(fields[5]);
        }
        for docs in queries.values_mut() {
            sort_trec_eval(docs);
        }
        Ok(Run {
            queries,
            tag: sanitize_tag(tag.unwrap_or("")),
        })
    }

    /// Adds a query's scored documents, in any order; they are sorted the way
    /// trec_eval sorts them. Adding to a query that is already present merges
    /// the documents.
    ///
    /// Fails, leaving the run unchanged, if an id is empty or contains
    /// whitespace, a score is not finite, or a document appears twice for the
    /// query.
    pub fn add_query(
        &mut self,
        qid: impl Into<String>,
        docs: impl IntoIterator<Item = (String, f64)>,
    ) -> Result<(), EvalError> {
        let qid = qid.into();
        if let Some(reason) = bad_id(&qid) {
            return Err(EvalError::InvalidRunEntry {
                qid,
                docid: String::new(),
                reason: format!("query {reason}"),
            });
        }
        let existing = self.queries.get(&qid);
        let mut seen: HashSet<String> = existing
            .map(|d| d.iter().map(|d| d.docid.clone()).collect())
            .unwrap_or_default();
        let mut merged: Vec<ScoredDoc> = existing.cloned().unwrap_or_default();
        for (docid, score) in docs {
            let reason = if let Some(reason) = bad_id(&docid) {
                Some(format!("document {reason}"))
            } else if !score.is_finite() {
                Some(format!("score {score} is not finite"))
            } else if !seen.insert(docid.clone()) {
                Some("document appears twice for this query".to_owned())
            } else {
                None
            };
            if let Some(reason) = reason {
                return Err(EvalError::InvalidRunEntry { qid, docid, reason });
            }
            merged.push(ScoredDoc { docid, score });
        }
        sort_trec_eval(&mut merged);
        self.queries.insert(qid, merged);
        Ok(())
    }

    /// A query's documents in trec_eval rank order.
    pub fn ranking(&self, qid: &str) -> Option<&[ScoredDoc]> {
        self.queries.get(qid).map(Vec::as_slice)
    }

    /// Query ids of the run, in byte order.
    pub fn qids(&self) -> impl Iterator<Item = &str> {
        self.queries.keys().map(String::as_str)
    }

    /// Number of queries in the run.
    pub fn num_queries(&self) -> usize {
        self.queries.len()
    }

    /// Whether the run has no queries.
    pub fn is_empty(&self) -> bool {
        self.queries.is_empty()
    }

    /// The run tag written in the sixth column.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// Writes the run in TREC format: queries in numeric-then-lexical qid
    /// order, ranks `1..`, and scores made strictly decreasing within each
    /// query (see [`strictly_decreasing_scores`]) so that any tool, whether
    /// it trusts the rank column or re-sorts by score like trec_eval, sees the
    /// same ranking.
    pub fn write_trec<W: Write>(&self, mut out: W) -> io::Result<()> {
        let mut qids: Vec<&String> = self.queries.keys().collect();
        qids.sort_by(|a, b| qid_order(a, b));
        for qid in qids {
            let docs = &self.queries[qid];
            for (i, (doc, score)) in docs.iter().zip(strictly_decreasing_scores(docs)).enumerate() {
                writeln!(out, "{qid} Q0 {} {} {score} {}", doc.docid, i + 1, self.tag)?;
            }
        }
        Ok(())
    }

    /// The run in TREC format as a string (see [`Run::write_trec`]).
    pub fn to_trec_string(&self) -> String {
        let mut buf = Vec::new();
        self.write_trec(&mut buf).expect("writing to a Vec cannot fail");
        String::from_utf8(buf).expect("run ids and tags are UTF-8")
    }
}

fn sanitize_tag(tag: &str) -> String {
    let tag: String = tag
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    if tag.is_empty() {
        "sagasu".to_owned()
    } else {
        tag
    }
}

fn sort_trec_eval(docs: &mut [ScoredDoc]) {
    docs.sort_by(|a, b| trec_eval_order((&a.docid, a.score), (&b.docid, b.score)));
}

/// Scores for documents already in trec_eval order, made strictly decreasing:
/// a score that is not below its predecessor's (a tie) is replaced by the
/// next representable number below the predecessor. Distinct scores are kept
/// as they are, and the order trec_eval derives from the new scores is the
/// order of `docs`. Scores are written with Rust's shortest round-trip
/// formatting, so the adjusted values survive the text file exactly.
pub fn strictly_decreasing_scores(docs: &[ScoredDoc]) -> Vec<f64> {
    let mut previous = f64::INFINITY;
    docs.iter()
        .map(|doc| {
            let score = if doc.score < previous {
                doc.score
            } else {
                previous.next_down()
            };
            previous = score;
            score
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(run: &Run, qid: &str) -> Vec<String> {
        run.ranking(qid).unwrap().iter().map(|d| d.docid.clone()).collect()
    }

    #[test]
    fn parse_ignores_rank_column_and_sorts_like_trec_eval() {
        let text = "\
# comment
q1 Q0 d1 1 0.5 tagA
q1 Q0 d2 2 0.9 tagA

q1 Q0 d10 3 0.9 tagA
q1 Q0 d9 4 0.9 tagA extra fields
q2 0 x 1 -3 tagB
";
        let run = Run::parse(text, "r").unwrap();
        // 0.9 ties broken by docid descending: d9 > d2 > d10
        assert_eq!(ids(&run, "q1"), ["d9", "d2", "d10", "d1"]);
        assert_eq!(ids(&run, "q2"), ["x"]);
        assert_eq!(run.tag(), "tagB");
        assert_eq!(run.num_queries(), 2);
    }

    fn parse_err(text: &str) -> (usize, String) {
        match Run::parse(text, "runs/a.run") {
            Err(EvalError::Parse { path, line, message }) => {
                assert_eq!(path, Path::new("runs/a.run"));
                (line, message)
            }
            other => panic!("expected parse error, got {other:?}"),
        }
    }

    #[test]
    fn malformed_lines_report_line_numbers() {
        let (line, msg) = parse_err("1 Q0 a 1 1.0 t\n1 Q0 b 2 1.0\n");
        assert_eq!(line, 2);
        assert!(msg.contains("found 5"), "{msg}");
        let (line, msg) = parse_err("\n\n1 Q0 a 1 high t\n");
        assert_eq!(line, 3);
        assert!(msg.contains("high"), "{msg}");
        let (line, _) = parse_err("1 Q0 a 1 NaN t\n");
        assert_eq!(line, 1);
        let (line, msg) = parse_err("1 Q0 a 1 1 t\n2 Q0 a 1 1 t\n1 Q0 a 2 0.5 t\n");
        assert_eq!(line, 3);
        assert!(msg.contains("first on line 1"), "{msg}");
    }

    #[test]
    fn add_query_sorts_and_validates() {
        let mut run = Run::new("my run");
        assert_eq!(run.tag(), "my_run");
        run.add_query("7", vec![("a".into(), 1.0), ("c".into(), 2.0), ("b".into(), 1.0)])
            .unwrap();
        assert_eq!(ids(&run, "7"), ["c", "b", "a"]);
        // merging more documents into the query keeps trec_eval order
        run.add_query("7", vec![("z".into(), 1.5)]).unwrap();
        assert_eq!(ids(&run, "7"), ["c", "z", "b", "a"]);

        let before = run.clone();
        for docs in [
            vec![("a".to_owned(), 3.0)],
            vec![("x y".to_owned(), 3.0)],
            vec![(String::new(), 3.0)],
            vec![("n".to_owned(), f64::NAN)],
            vec![("n".to_owned(), f64::INFINITY)],
            vec![("d".to_owned(), 1.0), ("d".to_owned(), 2.0)],
        ] {
            let err = run.add_query("7", docs.clone()).unwrap_err();
            assert!(matches!(err, EvalError::InvalidRunEntry { .. }), "{docs:?}: {err:?}");
        }
        assert!(run.add_query("bad qid", vec![]).is_err());
        assert_eq!(run, before, "failed additions must not change the run");
    }

    #[test]
    fn written_scores_strictly_decrease_and_round_trip() {
        let mut run = Run::new("t");
        run.add_query(
            "10",
            vec![
                ("a".into(), 1.0),
                ("b".into(), 1.0),
                ("c".into(), 1.0),
                ("d".into(), 1.0f64.next_down()),
                ("e".into(), 0.25),
            ],
        )
        .unwrap();
        run.add_query("2", vec![("x".into(), 5.0)]).unwrap();
        let text = run.to_trec_string();
        let lines: Vec<&str> = text.lines().collect();
        // numeric qid order, ranks 1.., tag in column 6
        assert_eq!(lines[0], "2 Q0 x 1 5 t");
        assert_eq!(lines[1], "10 Q0 c 1 1 t");
        let scores: Vec<f64> = lines[1..]
            .iter()
            .map(|l| l.split(' ').nth(4).unwrap().parse().unwrap())
            .collect();
        for w in scores.windows(2) {
            assert!(w[0] > w[1], "{scores:?}");
        }
        assert_eq!(scores[4], 0.25, "distinct scores are kept");
        let ranks: Vec<&str> = lines[1..].iter().map(|l| l.split(' ').nth(3).unwrap()).collect();
        assert_eq!(ranks, ["1", "2", "3", "4", "5"]);
        // Re-reading gives the same trec_eval order as the original run.
        let reread = Run::parse(&text, "w").unwrap();
        assert_eq!(ids(&reread, "10"), ids(&run, "10"));
        // ties at 1.0 broken by docid descending; `d` (one ulp lower) after them
        assert_eq!(ids(&run, "10"), ["c", "b", "a", "d", "e"]);
        assert_eq!(scores[3], 1.0f64.next_down().next_down().next_down());
    }

    #[test]
    fn strictly_decreasing_keeps_trec_order_with_ties() {
        let mut run = Run::new("t");
        run.add_query(
            "1",
            vec![("a".into(), 1.0), ("b".into(), 1.0), ("c".into(), 1.0f64.next_down())],
        )
        .unwrap();
        // the two 1.0 scores first (b before a), then c
        assert_eq!(ids(&run, "1"), ["b", "a", "c"]);
        let s = strictly_decreasing_scores(run.ranking("1").unwrap());
        assert_eq!(s[0], 1.0);
        assert_eq!(s[1], 1.0f64.next_down());
        assert_eq!(s[2], 1.0f64.next_down().next_down());
    }
}
