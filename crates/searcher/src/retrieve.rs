//! Retrieval: what a query matches in one snapshot of the index, as
//! documents and passages, before anything is read back or shown.
//!
//! - [`matched`] collects the documents the query's exclusions remove,
//!   counts the documents it matches and falls back to any word when an
//!   implicit AND finds nothing ([`Matched`]);
//! - [`top_groups`] ranks passages and groups them by document (MaxP),
//!   [`top_passages`] keeps them apart;
//! - [`excluded_docs`] is the set of documents the exclusions remove.
//!
//! Everything here returns addresses, scores and paths: reading passages
//! back is [`crate::text`]'s and [`crate::stored`]'s job, finding where
//! they match is [`crate::matcher`]'s.

use sagasu_analysis::schema::Fields;
use tantivy::query::Query;
use tantivy::{DocAddress, Score};

use crate::collector::{group_top, DocCount, DocGroup, ExclusionCollector, Exclusions};
use crate::error::SearchError;
use crate::query::{build, build_clause, AnalyzedQuery, Clause, Conjunction};
use crate::top::top_k;

/// What a query matched in one snapshot.
pub(crate) struct Matched {
    /// The query that found the documents (the any-word one after a
    /// fallback): [`crate::query::Built::query`].
    pub query: Box<dyn Query>,
    /// Documents that matched, exclusions left out.
    pub total: usize,
    /// Whether the any-word fallback was used.
    pub fallback: bool,
    /// Documents removed by the query's exclusions.
    pub excluded: Exclusions,
}

/// Collects the documents `q` excludes, builds `q` and counts the
/// documents it matches; when an implicit AND of two or more clauses
/// finds nothing (and `conjunction` is [`Conjunction::Auto`]), does the
/// same with any word instead.
pub(crate) fn matched(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    q: &AnalyzedQuery,
    conjunction: Conjunction,
) -> Result<Matched, SearchError> {
    matched_without(searcher, fields, q, conjunction, Exclusions::default())
}

/// [`matched`], with the documents of `also` left out as well (the copies
/// of duplicate files).
pub(crate) fn matched_without(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    q: &AnalyzedQuery,
    conjunction: Conjunction,
    also: Exclusions,
) -> Result<Matched, SearchError> {
    let mut excluded = excluded_docs(searcher, fields, &q.exclusions, conjunction)?;
    excluded.extend(also);
    let count = |query: &dyn Query| {
        searcher.search(
            query,
            &DocCount {
                excluded: &excluded,
                searcher,
                scored: holds_a_phrase(&q.root),
            },
        )
    };
    // Counted on what a passage must match: the boosts (title, the
    // proximity phrase of all words) only add score, and scoring them on
    // every match (a phrase of six stopwords checked in every passage)
    // cost ~20% of a whole search, at debdocs ×1 as at ×10.
    let built = build(q, fields, conjunction)?;
    let total = count(built.main.as_ref())?;
    let query = built.query();
    let can_fall_back = conjunction == Conjunction::Auto
        && matches!(&q.root, Clause::All { implicit: true, clauses } if clauses.len() >= 2);
    if total > 0 || !can_fall_back {
        return Ok(Matched {
            query,
            total,
            fallback: false,
            excluded,
        });
    }
    let built = build(q, fields, Conjunction::Any)?;
    let total = count(built.main.as_ref())?;
    let query = built.query();
    Ok(Matched {
        query,
        total,
        fallback: true,
        excluded,
    })
}

/// Whether a clause of `root` is a phrase (a leaf of several tokens: a
/// quoted phrase, a name, a word the analyzer cut in several, as CJK).
fn holds_a_phrase(root: &Clause) -> bool {
    let mut found = false;
    root.walk(&mut |leaf, _| found |= leaf.tokens.len() > 1);
    found
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
/// passages that cannot compete; excluded documents are left out while
/// collecting, [`top_k`]), widened until it holds `need` distinct
/// documents or every match (a few long documents can hold all k).
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
        let top = top_k(searcher, query, k, excluded)?;
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

/// tantivy's top `k` passages, those of excluded documents left out
/// while collecting, best first (ties by path, then address); and whether
/// they are every match (fewer than `k`).
pub(crate) fn top_passages(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    k: usize,
    excluded: &Exclusions,
) -> Result<(Vec<RankedPassage>, bool), SearchError> {
    let top = top_k(searcher, query, k, excluded)?;
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
