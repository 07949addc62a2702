//! TREC relevance judgments (qrels): `qid iter docid rel`.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::path::Path;

use crate::error::EvalError;

/// Relevance judgments for a set of queries, as trec_eval reads them.
///
/// Each line is `qid iter docid rel`, whitespace separated, exactly four
/// fields; `iter` is ignored. `rel` is an integer: graded values (`0..=4`)
/// are gains for nDCG, negative values mean "in the pool but unjudged" and
/// count as non-relevant. Lines whose first non-blank character is `#`, and
/// blank lines, are skipped. A document judged twice for the same query is an
/// error (trec_eval refuses such qrels too).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Qrels {
    queries: BTreeMap<String, BTreeMap<String, i32>>,
}

impl Qrels {
    /// An empty set of judgments.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses qrels text; `path` only labels error messages.
    pub fn parse(text: &str, path: impl AsRef<Path>) -> Result<Self, EvalError> {
        let path = path.as_ref();
        let mut qrels = Qrels::new();
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = trimmed.split_whitespace().collect();
            if fields.len() != 4 {
                return Err(EvalError::parse(
                    path,
                    line_no,
                    format!("expected 4 fields `qid iter docid rel`, found {}", fields.len()),
                ));
            }
            let rel: i32 = fields[3]
                .parse()
                .map_err(|_| EvalError::parse(path, line_no, format!("relevance `{}` is not an integer", fields[3])))?;
            if qrels.insert(fields[0], fields[2], rel).is_some() {
                return Err(EvalError::parse(
                    path,
                    line_no,
                    format!("document `{}` is judged twice for query `{}`", fields[2], fields[0]),
                ));
            }
        }
        Ok(qrels)
    }

    /// Sets the judgment of `docid` for `qid`, returning the previous one.
    pub fn insert(&mut self, qid: impl Into<String>, docid: impl Into<String>, rel: i32) -> Option<i32> {
        let docs = self.queries.entry(qid.into()).or_default();
        match docs.entry(docid.into()) {
            Entry::Occupied(mut e) => Some(e.insert(rel)),
            Entry::Vacant(e) => {
                e.insert(rel);
                None
            }
        }
    }

    /// All judgments of a query (document id → relevance), if it has any.
    pub fn judgments(&self, qid: &str) -> Option<&BTreeMap<String, i32>> {
        self.queries.get(qid)
    }

    /// The judgment of one document for one query, if judged.
    pub fn relevance(&self, qid: &str, docid: &str) -> Option<i32> {
        self.queries.get(qid)?.get(docid).copied()
    }

    /// Number of documents with `rel >= relevance_level` for the query
    /// (trec_eval's `num_rel`); 0 for a query without judgments.
    pub fn num_relevant(&self, qid: &str, relevance_level: i32) -> usize {
        self.queries
            .get(qid)
            .map_or(0, |docs| docs.values().filter(|&&r| r >= relevance_level).count())
    }

    /// Whether the query has at least one judgment line.
    pub fn contains_query(&self, qid: &str) -> bool {
        self.queries.contains_key(qid)
    }

    /// Query ids with judgments, in byte order.
    pub fn qids(&self) -> impl Iterator<Item = &str> {
        self.queries.keys().map(String::as_str)
    }

    /// Number of queries with judgments.
    pub fn num_queries(&self) -> usize {
        self.queries.len()
    }

    /// Whether there are no judgments at all.
    pub fn is_empty(&self) -> bool {
        self.queries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_graded_negative_comments_and_blank_lines() {
        let text = "# header\n1 0 d1 4\n1 0 d2 -1\n\n  2\tQ0\td1   0\n";
        let q = Qrels::parse(text, "q.txt").unwrap();
        assert_eq!(q.num_queries(), 2);
        assert_eq!(q.relevance("1", "d1"), Some(4));
        assert_eq!(q.relevance("1", "d2"), Some(-1));
        assert_eq!(q.relevance("2", "d1"), Some(0));
        assert_eq!(q.relevance("2", "d9"), None);
        assert_eq!(q.num_relevant("1", 1), 1);
        assert_eq!(q.num_relevant("1", 5), 0);
        assert_eq!(q.num_relevant("2", 1), 0);
        assert_eq!(q.num_relevant("3", 1), 0);
        assert_eq!(q.qids().collect::<Vec<_>>(), ["1", "2"]);
    }

    fn parse_err(text: &str) -> (usize, String) {
        match Qrels::parse(text, "dir/qrels.txt") {
            Err(EvalError::Parse { path, line, message }) => {
                assert_eq!(path, Path::new("dir/qrels.txt"));
                (line, message)
            }
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn wrong_field_count_reports_line() {
        let (line, msg) = parse_err("1 0 a 1\n\n1 0 b\n");
        assert_eq!(line, 3);
        assert!(msg.contains("found 3"), "{msg}");
        let (line, _) = parse_err("1 0 a 1 extra\n");
        assert_eq!(line, 1);
    }

    #[test]
    fn non_integer_relevance_reports_line() {
        let (line, msg) = parse_err("1 0 a 1\n1 0 b 0.5\n");
        assert_eq!(line, 2);
        assert!(msg.contains("0.5"), "{msg}");
    }

    #[test]
    fn duplicate_judgment_is_an_error() {
        let (line, msg) = parse_err("1 0 a 1\n2 0 a 1\n1 0 a 0\n");
        assert_eq!(line, 3);
        assert!(msg.contains("twice"), "{msg}");
    }

    #[test]
    fn error_message_names_file_and_line() {
        let err = Qrels::parse("x\n", "qrels.txt").unwrap_err();
        assert!(err.to_string().starts_with("qrels.txt:1: "), "{err}");
    }
}
