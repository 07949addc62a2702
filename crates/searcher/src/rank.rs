//! The plain ranking that batch evaluation uses ([`Searcher::rank`]):
//! documents and scores, no snippets.

use sagasu_analysis::{analyze, Mode};
use tantivy::Score;

use crate::error::SearchError;
use crate::feedback::Feedback;
use crate::query::{build, AnalyzedQuery, Clause, Conjunction, FieldSel, Leaf, LeafKind, QueryToken};
use crate::retrieve::{excluded_docs, top_groups};
use crate::search::Searcher;
use crate::stopwords::is_stopword;

/// How [`Searcher::rank_with`] reads and ranks a query.
#[derive(Debug, Clone, Copy, Default)]
pub struct RankOptions {
    /// Read the text as the query language (all words, no fallback)
    /// rather than as plain words (any word, stopwords dropped).
    pub syntax: bool,
    /// Pseudo-relevance feedback (`eval --prf`).
    pub feedback: Option<Feedback>,
}

impl Searcher {
    /// Ranks documents for plain words (batch evaluation): any word, BM25,
    /// English stopwords dropped; document score = best passage. With
    /// `syntax`, `text` is read as the query language instead (all words,
    /// no fallback).
    pub fn rank(&self, text: &str, depth: usize, syntax: bool) -> Result<Vec<(String, Score)>, SearchError> {
        self.rank_with(text, depth, &RankOptions { syntax, feedback: None })
    }

    /// [`Searcher::rank`] with options: the query language or plain words,
    /// and pseudo-relevance feedback (its terms only add score, see
    /// [`crate::feedback`]).
    pub fn rank_with(&self, text: &str, depth: usize, opts: &RankOptions) -> Result<Vec<(String, Score)>, SearchError> {
        let (q, conjunction) = if opts.syntax {
            (self.analyze(text)?, Conjunction::Auto)
        } else {
            match plain_query(text, self.romanize) {
                Some(q) => (q, Conjunction::Any),
                None => return Ok(Vec::new()),
            }
        };
        let searcher = self.reader.searcher();
        let excluded = excluded_docs(&searcher, &self.fields, &q.exclusions, conjunction)?;
        let mut built = build(&q, &self.fields, conjunction)?;
        let mut query = built.query();
        if let Some(fb) = &opts.feedback {
            let (clauses, _) = fb.expand(&searcher, &self.fields, query.as_ref(), &excluded, &q)?;
            built.boosts.extend(clauses);
            query = built.query();
        }
        let groups = top_groups(&searcher, query.as_ref(), depth, 1, &excluded)?;
        Ok(groups
            .into_iter()
            .take(depth)
            .map(|g| (g.path.clone(), g.score()))
            .collect())
    }
}

/// The analyzed query that batch evaluation runs for plain words (read as
/// any word, [`Conjunction::Any`]): each query-mode token a word of its
/// own, stopwords dropped, names romanized when `romanize`; `None` when no
/// word is left. [`Searcher::rank`] runs it on the local index.
pub fn plain_query(text: &str, romanize: bool) -> Option<AnalyzedQuery> {
    let mut q = plain_words(text)?;
    if romanize {
        q.root = crate::query::expand_names(q.root, &mut q.expansions);
    }
    Some(q)
}

/// The analyzed query of plain words: each query-mode token a word of its
/// own, stopwords dropped; `None` when no word is left.
fn plain_words(text: &str) -> Option<AnalyzedQuery> {
    let clauses: Vec<Clause> = analyze(text, Mode::Query)
        .into_iter()
        .filter(|t| !is_stopword(&t.text))
        .map(|t| {
            Clause::Leaf(Leaf {
                field: FieldSel::Body,
                kind: LeafKind::Words,
                column: 1,
                tokens: vec![QueryToken {
                    stem: sagasu_analysis::stem(&t.text).into_owned(),
                    text: t.text.clone(),
                    position: 0,
                    word: 0,
                }],
                // As typed: a name's romanization key needs its marks.
                text: text[t.offset_from..t.offset_to].to_string(),
            })
        })
        .collect();
    (!clauses.is_empty()).then(|| AnalyzedQuery {
        root: Clause::All {
            clauses,
            implicit: true,
        },
        exclusions: Vec::new(),
        expansions: Vec::new(),
    })
}
