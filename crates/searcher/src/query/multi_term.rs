//! Prefix and fuzzy words (`Nordpol*`, `Ishbia~`): each stands for every
//! indexed word it matches, and that number is bounded.
//!
//! A prefix of one letter on a large corpus stands for tens of thousands
//! of words, and the query reads every one's postings, for every segment,
//! each time it runs: 64 `a*` clauses (within every input limit) kept a
//! server busy for minutes (issue 24, item 2). So [`check_expansions`]
//! counts, before anything runs, the indexed words each prefix or fuzzy
//! word of a query stands for, and refuses the query, at the column of the
//! word where the total passes [`MAX_EXPANDED_TERMS`], with a query error
//! that says what to do. [`MultiTermQuery`] then matches them as tantivy's
//! `RegexQuery` and `FuzzyTermQuery` do (every matching document scores
//! the clause's boost), and looks at the search's [`Cancel`] flag for
//! every word it reads.

use std::collections::HashSet;

use sagasu_analysis::schema::Fields;
use tantivy::postings::TermInfo;
use tantivy::query::{
    BitSetDocSet, ConstScorer, DfaWrapper, EmptyScorer, EnableScoring, Explanation, FuzzyTermQuery, Query, Scorer,
    Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::termdict::TermDictionary;
use tantivy::{BitSet, DocId, Score, SegmentReader, TantivyError, Term};

use super::ast::FieldSel;
use super::tree::{AnalyzedQuery, Leaf, LeafKind};
use crate::cancel::Cancel;
use crate::error::SearchError;

/// The indexed words the prefix and fuzzy words of one query may stand
/// for together (each word's distinct matches, summed over the words, its
/// exclusions and expansions included). A prefix of two letters on a
/// gigabyte of English stands for a few thousand; one letter on megabytes
/// of random words, for more than this.
pub const MAX_EXPANDED_TERMS: usize = 50_000;

/// What a prefix or fuzzy word matches in a field's dictionary.
#[derive(Debug, Clone)]
pub(crate) enum Pattern {
    /// Every word that starts with these (folded) bytes.
    Prefix(String),
    /// Every word within `distance` edits (a transposition is one edit).
    Fuzzy {
        /// The (folded) word.
        word: String,
        /// The edit distance, 1 or 2.
        distance: u8,
    },
}

impl Pattern {
    /// The pattern of a prefix or fuzzy leaf (none for other kinds).
    pub fn of(leaf: &Leaf) -> Option<Pattern> {
        let word = leaf.tokens.first()?.text.clone();
        match leaf.kind {
            LeafKind::Prefix => Some(Pattern::Prefix(word)),
            LeafKind::Fuzzy { distance } => Some(Pattern::Fuzzy { word, distance }),
            _ => None,
        }
    }

    /// Calls `each` with every word of `dict` the pattern matches (its
    /// bytes and where its postings are), until `each` returns false.
    fn for_each_term(
        &self,
        field: Field,
        dict: &TermDictionary,
        each: &mut dyn FnMut(&[u8], &TermInfo) -> bool,
    ) -> tantivy::Result<()> {
        match self {
            Pattern::Prefix(prefix) => {
                let mut range = dict.range().ge(prefix.as_bytes());
                if let Some(end) = prefix_end(prefix.as_bytes()) {
                    range = range.lt(end);
                }
                let mut stream = range.into_stream()?;
                while stream.advance() && each(stream.key(), stream.value()) {}
            }
            Pattern::Fuzzy { word, distance } => {
                let dfa: DfaWrapper =
                    FuzzyTermQuery::new(Term::from_field_text(field, word), *distance, true).automaton()?;
                let mut stream = dict.search(dfa).into_stream()?;
                while stream.advance() && each(stream.key(), stream.value()) {}
            }
        }
        Ok(())
    }
}

/// The smallest byte string after every string that starts with `prefix`
/// (none when `prefix` is empty or all 0xFF).
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// The field a leaf of `field` searches.
fn field_of(fields: &Fields, field: FieldSel) -> Field {
    match field {
        FieldSel::Title => fields.title,
        FieldSel::Body | FieldSel::Path => fields.body,
    }
}

/// Refuses `q` if its prefix and fuzzy words stand for more than
/// [`MAX_EXPANDED_TERMS`] indexed words together, at the column of the
/// word that passes the bound. The count stops there: it costs at most
/// the bound's worth of dictionary reading.
pub fn check_expansions(q: &AnalyzedQuery, searcher: &tantivy::Searcher, fields: &Fields) -> Result<(), SearchError> {
    let mut leaves: Vec<&Leaf> = Vec::new();
    for clause in std::iter::once(&q.root).chain(&q.exclusions) {
        clause.walk(&mut |leaf, _| {
            if Pattern::of(leaf).is_some() {
                leaves.push(leaf);
            }
        });
    }
    let mut total = 0usize;
    for leaf in leaves {
        let Some(pattern) = Pattern::of(leaf) else { continue };
        let field = field_of(fields, leaf.field);
        let mut seen: HashSet<Vec<u8>> = HashSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            pattern.for_each_term(field, inverted.terms(), &mut |term, _| {
                if !seen.contains(term) {
                    seen.insert(term.to_vec());
                }
                total + seen.len() <= MAX_EXPANDED_TERMS
            })?;
            if total + seen.len() > MAX_EXPANDED_TERMS {
                return Err(SearchError::syntax(
                    leaf.column,
                    format!(
                        "`{}` and the query's other prefix and fuzzy words stand for more than {MAX_EXPANDED_TERMS} \
                         indexed words; make the prefix longer or the word more exact",
                        typed(leaf)
                    ),
                ));
            }
        }
        total += seen.len();
    }
    Ok(())
}

/// A prefix or fuzzy word as the query wrote it (`a*`, `aaaa~2`).
fn typed(leaf: &Leaf) -> String {
    match leaf.kind {
        LeafKind::Prefix => format!("{}*", leaf.text),
        LeafKind::Fuzzy { distance } => format!("{}~{distance}", leaf.text),
        _ => leaf.text.clone(),
    }
}

/// A prefix or fuzzy word as a tantivy query: every document that holds
/// one of its words scores `1.0` (times the boost), as tantivy's automaton
/// queries score.
#[derive(Debug, Clone)]
pub(crate) struct MultiTermQuery {
    field: Field,
    pattern: Pattern,
    cancel: Option<Cancel>,
}

impl MultiTermQuery {
    /// The query of `leaf` (a prefix or fuzzy word) in `field`, stopping
    /// when the current search is cancelled.
    pub fn new(field: Field, pattern: Pattern) -> MultiTermQuery {
        MultiTermQuery {
            field,
            pattern,
            cancel: Cancel::current(),
        }
    }
}

impl Query for MultiTermQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for MultiTermQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let cancelled = || self.cancel.as_ref().is_some_and(Cancel::is_cancelled);
        if let Pattern::Prefix(prefix) = &self.pattern {
            crate::fault::stall_prefix(prefix, self.cancel.as_ref());
        }
        if cancelled() {
            return Ok(Box::new(EmptyScorer));
        }
        let inverted = reader.inverted_index(self.field)?;
        let mut docs = BitSet::with_max_value(reader.max_doc());
        let mut failed: Option<std::io::Error> = None;
        let dict = inverted.terms();
        self.pattern.for_each_term(self.field, dict, &mut |_, info| {
            if cancelled() {
                return false;
            }
            let mut read = || -> std::io::Result<()> {
                let mut postings = inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
                while !postings.docs().is_empty() {
                    for &doc in postings.docs() {
                        docs.insert(doc);
                    }
                    postings.advance();
                }
                Ok(())
            };
            match read() {
                Ok(()) => true,
                Err(e) => {
                    failed = Some(e);
                    false
                }
            }
        })?;
        if let Some(e) = failed {
            return Err(TantivyError::from(e));
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("AutomatonScorer", 1.0))
        } else {
            Err(TantivyError::InvalidArgument("Document does not exist".to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::prefix_end;

    #[test]
    fn the_end_of_a_prefix_range_is_the_next_string_of_its_length() {
        assert_eq!(prefix_end(b"nordpol"), Some(b"nordpom".to_vec()));
        assert_eq!(prefix_end(b"a\xff"), Some(b"b".to_vec()));
        assert_eq!(prefix_end(b"\xff\xff"), None);
        assert_eq!(prefix_end(b""), None);
    }
}
