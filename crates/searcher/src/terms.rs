//! The vocabulary (`sagasu terms PATTERN`): the indexed forms of words that
//! match a prefix or a glob, with how many documents hold each and how
//! many times it occurs, most frequent first.
//!
//! Terms are the exact field's folded forms (`chosŏn` is listed as
//! `choson`), so a scholar sees which spellings the corpus holds. The
//! candidates come from the term dictionaries; the counts of the terms
//! listed are exact: documents are distinct paths, and occurrences are
//! counted in each document's text rebuilt from its passages (passages
//! overlap, so postings would count a word in an overlap twice).

use std::collections::{BTreeMap, HashMap};

use sagasu_analysis::schema::PATH;
use sagasu_analysis::{analyze, fold_term, Mode};
use serde::Serialize;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, TERMINATED};

use crate::error::SearchError;
use crate::occurrences::DocText;
use crate::search::Searcher;

/// One indexed term and its counts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TermCount {
    /// The folded form as indexed.
    pub term: String,
    /// Documents that hold it.
    pub documents: usize,
    /// Its occurrences in all documents.
    pub occurrences: usize,
}

/// A pattern over folded terms: literal parts (folded as the analyzer
/// folds a word) and `*` (any run) or `?` (one character); without a
/// wildcard, a prefix.
#[derive(Debug, Clone)]
struct Pattern {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Any,
    One,
}

impl Pattern {
    fn parse(pattern: &str) -> Pattern {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let flush = |literal: &mut String, parts: &mut Vec<Part>| {
            if !literal.is_empty() {
                parts.push(Part::Text(fold_term(literal)));
                literal.clear();
            }
        };
        for c in pattern.chars() {
            match c {
                '*' | '?' => {
                    flush(&mut literal, &mut parts);
                    parts.push(if c == '*' { Part::Any } else { Part::One });
                }
                c => literal.push(c),
            }
        }
        flush(&mut literal, &mut parts);
        if !parts.iter().any(|p| matches!(p, Part::Any | Part::One)) {
            parts.push(Part::Any);
        }
        Pattern { parts }
    }

    /// The literal text every match starts with.
    fn prefix(&self) -> &str {
        match self.parts.first() {
            Some(Part::Text(t)) => t,
            _ => "",
        }
    }

    fn matches(&self, term: &str) -> bool {
        fn go(parts: &[Part], s: &str) -> bool {
            match parts.split_first() {
                None => s.is_empty(),
                Some((Part::Text(t), rest)) => s.strip_prefix(t.as_str()).is_some_and(|r| go(rest, r)),
                Some((Part::One, rest)) => {
                    let mut chars = s.chars();
                    chars.next().is_some() && go(rest, chars.as_str())
                }
                Some((Part::Any, rest)) => s
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([s.len()])
                    .any(|i| go(rest, &s[i..])),
            }
        }
        go(&self.parts, term)
    }
}

impl Searcher {
    /// The indexed terms matching `pattern` (a prefix, or a glob with `*`
    /// and `?`), most occurrences first (ties: more documents, then
    /// alphabetical), at most `limit`.
    pub fn terms(&self, pattern: &str, limit: usize) -> Result<Vec<TermCount>, SearchError> {
        let pattern = Pattern::parse(pattern);
        let searcher = self.reader.searcher();
        // Candidates: term → (passage occurrences, paths).
        let mut candidates: BTreeMap<String, (u64, Vec<String>)> = BTreeMap::new();
        for reader in searcher.segment_readers() {
            let inverted = reader.inverted_index(self.fields.body)?;
            let paths = reader.fast_fields().str(PATH)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(pattern.prefix().as_bytes())
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !term.starts_with(pattern.prefix()) {
                    break;
                }
                if !pattern.matches(term) {
                    continue;
                }
                let entry = candidates.entry(term.to_string()).or_default();
                let mut postings = inverted
                    .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)
                    .map_err(tantivy::TantivyError::from)?;
                let mut doc = postings.doc();
                let mut path = String::new();
                while doc != TERMINATED {
                    entry.0 += u64::from(postings.term_freq());
                    if let Some(ord) = paths.as_ref().and_then(|p| p.ords().first(doc)) {
                        if paths
                            .as_ref()
                            .is_some_and(|p| p.ord_to_str(ord, &mut path).unwrap_or(false))
                            && !entry.1.contains(&path)
                        {
                            entry.1.push(path.clone());
                        }
                    }
                    doc = postings.advance();
                }
            }
        }
        let mut ranked: Vec<(String, (u64, Vec<String>))> = candidates.into_iter().collect();
        ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        // Exact occurrences, each document's text analyzed once.
        let mut counted: HashMap<String, HashMap<String, usize>> = HashMap::new();
        let mut out = Vec::with_capacity(ranked.len());
        for (term, (_, docs)) in ranked {
            let mut occurrences = 0;
            for path in &docs {
                if !counted.contains_key(path) {
                    let text = DocText::load(&searcher, &self.fields, path)?.text;
                    let mut counts: HashMap<String, usize> = HashMap::new();
                    for t in analyze(&text, Mode::Index) {
                        *counts.entry(t.text).or_default() += 1;
                    }
                    counted.insert(path.clone(), counts);
                }
                occurrences += counted[path].get(&term).copied().unwrap_or(0);
            }
            out.push(TermCount {
                term,
                documents: docs.len(),
                occurrences,
            });
        }
        out.sort_by(|a, b| {
            b.occurrences
                .cmp(&a.occurrences)
                .then(b.documents.cmp(&a.documents))
                .then(a.term.cmp(&b.term))
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn patterns_are_folded_globs_or_prefixes() {
        let p = Pattern::parse("Ch*ng*");
        assert!(p.matches("chongwadae") && p.matches("chung") && !p.matches("chosun"));
        assert_eq!(p.prefix(), "ch");
        let p = Pattern::parse("Chosŏn");
        assert!(p.matches("choson") && p.matches("chosonilbo") && !p.matches("chosun"));
        let p = Pattern::parse("k?m");
        assert!(p.matches("kim") && !p.matches("kimm"));
    }
}
