//! Every occurrence of a query (`search --every`, `--count`): the matching
//! documents, all of them, in rank order, each with every match of the
//! query in its text, placed by line, column and page.
//!
//! The documents are exactly those ranked search counts
//! ([`SearchResults::total_documents`](crate::SearchResults)): the same
//! retrieval ([`crate::retrieve`]) with no limit, ranked as ranked search
//! ranks them, feedback included when it is asked for. Feedback terms only
//! add score ([`crate::feedback`]): they never add a document here, and
//! never an occurrence (a mention is a match of the query's own words).
//! Where they match is the
//! [`Matcher`]'s answer, in the document's text ([`DocText`]); a document
//! where no match can be placed in the text (a `title:` query) is still
//! listed, with no occurrence.

use std::ops::ControlFlow;

use tantivy::Score;

pub use crate::context::Occurrence;
use crate::error::SearchError;
use crate::feedback::{with_boosts, Feedback};
use crate::matcher::Matcher;
use crate::ordered;
use crate::query::{Conjunction, Expansion};
use crate::retrieve::{matched, top_groups};
use crate::search::Searcher;
use crate::text::DocText;

/// The occurrences in one matching document.
#[derive(Debug, Clone)]
pub struct DocOccurrences {
    /// 1-based rank of the document.
    pub rank: usize,
    /// Path relative to the corpus.
    pub path: String,
    /// Score of its best passage.
    pub score: f32,
    /// Its text (to cut context from).
    pub doc: DocText,
    /// Its occurrences, in text order; empty when the document matched
    /// but no match could be placed in its text (a `title:` query).
    pub occurrences: Vec<Occurrence>,
}

/// The matching documents of a query, in rank order, each with its
/// occurrences: an iterator that reads one document at a time, so a caller
/// can print the first before the last is read.
pub struct Every {
    searcher: tantivy::Searcher,
    fields: sagasu_analysis::schema::Fields,
    matcher: Matcher,
    /// The documents to read, in rank order: (path, score).
    docs: std::vec::IntoIter<(String, Score)>,
    rank: usize,
    /// Documents that matched (as many as the iterator yields).
    pub total_documents: usize,
    /// Whether the any-word fallback was used.
    pub fallback: bool,
}

impl Iterator for Every {
    type Item = Result<DocOccurrences, SearchError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (path, score) = self.docs.next()?;
        self.rank += 1;
        Some(self.read(self.rank, path, score))
    }
}

impl Every {
    /// Reads the document `path` and finds its occurrences.
    fn read(&self, rank: usize, path: String, score: Score) -> Result<DocOccurrences, SearchError> {
        let doc = DocText::load(&self.searcher, &self.fields, &path)?.unwrap_or_default();
        let occurrences = self
            .matcher
            .find(&doc.text)
            .into_iter()
            .map(|m| Occurrence::of(&doc, m))
            .collect();
        Ok(DocOccurrences {
            rank,
            score,
            path,
            doc,
            occurrences,
        })
    }

    /// The documents the iterator has left, read and searched on `threads`
    /// threads (each result passed through `work` there), and handed to
    /// `sink` in rank order on this thread as soon as each is ready (a few
    /// documents per thread at most read ahead). Stops reading at the first
    /// `ControlFlow::Break` (a closed pipe), which it returns.
    pub fn par_map<T: Send, B>(
        self,
        threads: usize,
        work: impl Fn(Result<DocOccurrences, SearchError>) -> T + Sync,
        sink: impl FnMut(T) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        let docs = self.docs.as_slice();
        let read = |i: usize| {
            let (path, score) = &docs[i];
            work(self.read(self.rank + i + 1, path.clone(), *score))
        };
        ordered::map(docs.len(), threads, 4 * threads.max(1), read, sink)
    }
}

/// How many threads to read documents on: one per core, at most 8.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

impl Searcher {
    /// Every occurrence of `query` ([`Every`]): all matching documents in
    /// rank order (no limit; with `feedback`, the order of a ranked search
    /// with it), each read whole when the iterator reaches it; and the
    /// expansions made.
    pub fn every(
        &self,
        query: &str,
        conjunction: Conjunction,
        feedback: Option<&Feedback>,
    ) -> Result<(Every, Vec<Expansion>), SearchError> {
        let analyzed = self.analyze(query)?;
        let searcher = self.reader.searcher();
        let mut matched = matched(&searcher, &self.fields, &analyzed, conjunction)?;
        if let Some(fb) = feedback.filter(|_| matched.total > 0) {
            // Feedback reads what ranked search reads: the copies of a
            // duplicate file left out, so its terms are ranked search's.
            let mut excluded = matched.excluded.clone();
            excluded.extend(self.duplicates(&searcher)?.left_out(&analyzed));
            let (clauses, _) = fb.expand(&searcher, &self.fields, matched.query.as_ref(), &excluded, &analyzed)?;
            matched.query = with_boosts(matched.query, clauses);
        }
        let groups = if matched.total == 0 {
            Vec::new()
        } else {
            top_groups(&searcher, matched.query.as_ref(), usize::MAX, 1, &matched.excluded)?
        };
        let docs = groups
            .into_iter()
            .map(|g| {
                let score = g.score();
                (g.path, score)
            })
            .collect();
        let mut every = Every::new(searcher, self.fields, Matcher::new(&analyzed), docs);
        every.total_documents = matched.total;
        every.fallback = matched.fallback;
        Ok((every, analyzed.expansions))
    }
}

impl Every {
    /// The documents `docs` (path and score, in rank order) of one
    /// snapshot, each to be read and searched with `matcher` when the
    /// iterator reaches it.
    pub(crate) fn new(
        searcher: tantivy::Searcher,
        fields: sagasu_analysis::schema::Fields,
        matcher: Matcher,
        docs: Vec<(String, Score)>,
    ) -> Every {
        Every {
            total_documents: docs.len(),
            searcher,
            fields,
            matcher,
            docs: docs.into_iter(),
            rank: 0,
            fallback: false,
        }
    }
}
