//! Ranking: passages into documents (MaxP), exclusions into document sets,
//! and the plain ranking that batch evaluation uses.

use sagasu_analysis::schema::Fields;
use sagasu_analysis::{analyze, Mode};
use tantivy::collector::TopDocs;
use tantivy::query::Query;
use tantivy::{DocAddress, Score};

use crate::collector::{group_top, DocGroup, ExclusionCollector, Exclusions};
use crate::error::SearchError;
use crate::feedback::Feedback;
use crate::query::{build, build_clause, AnalyzedQuery, Clause, Conjunction, FieldSel, Leaf, LeafKind, QueryToken};
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
        q.root = crate::names::expand(q.root, &mut q.expansions);
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

/// The documents that match any of `exclusions` (the query's top-level
/// exclusions) anywhere, as a set to leave out.
pub(crate) fn excluded_docs(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    exclusions: &[Clause],
    conjunction: Conjunction,
) -> Result<Exclusions, SearchError> {
    let mut excluded = Exclusions::default();
    for ex in exclusions {
        excluded.extend(documents_matching(searcher, fields, ex, conjunction)?);
    }
    Ok(excluded)
}

/// The documents where `clause` matches some passage; for `NOT x`, the
/// documents where `x` matches none (so `-(-japan)` keeps the documents
/// that mention japan).
fn documents_matching(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    clause: &Clause,
    conjunction: Conjunction,
) -> Result<Exclusions, SearchError> {
    if let Clause::Not(inner) = clause {
        return Ok(documents_matching(searcher, fields, inner, conjunction)?.complement(searcher)?);
    }
    let q = build_clause(clause, fields, conjunction)?;
    Ok(searcher.search(&q, &ExclusionCollector { searcher })?)
}

/// The best `need` documents (MaxP), each with up to `per_doc` of its
/// best passages: tantivy's top-k over passages (which may skip
/// passages that cannot compete), widened until it holds `need`
/// distinct documents or every match.
pub(crate) fn top_groups(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    need: usize,
    per_doc: usize,
    excluded: &Exclusions,
) -> Result<Vec<DocGroup>, SearchError> {
    let passages = (searcher.num_docs() as usize).max(1);
    let mut k = need
        .max(1)
        .saturating_mul(per_doc.max(2) * 2)
        .clamp(64, passages.max(64));
    loop {
        let top = searcher.search(query, &TopDocs::with_limit(k).order_by_score())?;
        let groups = group_top(searcher, &top, per_doc, need, excluded)?;
        if groups.len() >= need || top.len() < k || k >= passages {
            return Ok(groups);
        }
        k = k.saturating_mul(4).min(passages);
    }
}

/// A matching passage and its document.
pub(crate) struct RankedPassage {
    pub score: Score,
    pub addr: DocAddress,
    /// Its document's path key.
    pub path: String,
}

/// tantivy's top `k` passages, those of excluded documents left out, best
/// first (ties by path, then address); and whether they are every match
/// (fewer than `k`).
pub(crate) fn top_passages(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    k: usize,
    excluded: &Exclusions,
) -> Result<(Vec<RankedPassage>, bool), SearchError> {
    let top = searcher.search(query, &TopDocs::with_limit(k).order_by_score())?;
    let groups = group_top(searcher, &top, usize::MAX, usize::MAX, excluded)?;
    let mut all: Vec<RankedPassage> = groups
        .into_iter()
        .flat_map(|g| {
            let path = g.path;
            g.passages.into_iter().map(move |(score, addr)| RankedPassage {
                score,
                addr,
                path: path.clone(),
            })
        })
        .collect();
    all.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.path.cmp(&b.path))
            .then(a.addr.cmp(&b.addr))
    });
    Ok((all, top.len() < k))
}
