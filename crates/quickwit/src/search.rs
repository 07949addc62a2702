//! Searching a Quickwit cluster with sagasu's language, ranking, snippets
//! and eval.
//!
//! [`ClusterSearcher`] does what `sagasu_searcher::Searcher` does, with
//! Quickwit in place of the local index: the query is parsed, expanded
//! and analyzed by sagasu ([`sagasu_searcher::query::analyze_with`]),
//! translated ([`crate::translate`]) and sent; the passages that come back
//! are grouped into documents (MaxP) and get their snippets from their
//! stored text with the local search's own code
//! ([`sagasu_searcher::group_ranked`], [`document_result`],
//! [`passage_results`]).
//!
//! What differs, and why:
//! - Exclusions remove whole documents: the documents an exclusion
//!   matches are listed first (a terms aggregation over `path`, at most
//!   [`LIST_LIMIT`]), then left out of the hits.
//! - `total_documents` is exact when every matching passage was fetched
//!   or when exclusions are listed; otherwise it is Quickwit's cardinality
//!   estimate (HyperLogLog: exact for small counts, about 2% off above a
//!   few hundred documents).
//! - A query that finds nothing gets no "did you mean": Quickwit does not
//!   expose its term dictionaries.
//! - At most [`MAX_HITS`] passages per request (Quickwit's limit): a
//!   ranking deeper than that is cut there.
//! - Scores are BM25 per split: Quickwit keeps no statistics across splits.

use std::collections::HashSet;

use sagasu_searcher::query::{analyze_with, parse, AnalyzedQuery, Clause, Conjunction};
use sagasu_searcher::Matcher;
use sagasu_searcher::{
    document_result, group_ranked, passage_results, plain_query, Aliases, DocResult, Explain, SearchOptions,
    SearchResults, SnippetStyle, StoredPassage,
};
use serde_json::{json, Value};

use crate::client::{Answer, Client, Hit, Request, Target};
use crate::error::QuickwitError;
use crate::mapping::{BYTE_START, LINE_END, LINE_START, PAGE, PASSAGE, PATH, TEXT, TITLE};
use crate::translate::{translate, translate_clause};

/// Most passages one request may return (Quickwit refuses more).
pub const MAX_HITS: usize = 10_000;
/// Most documents an exclusion may match (a terms aggregation's buckets).
pub const LIST_LIMIT: usize = 65_000;
/// Candidate passages kept per document, to find its non-overlapping
/// snippets (as the local search keeps).
const CANDIDATES_PER_DOC: usize = 8;

/// Searches one Quickwit index made by `sagasu export --to quickwit`.
pub struct ClusterSearcher {
    client: Client,
    aliases: Aliases,
    romanize: bool,
}

/// A passage that came back: its document, score and stored fields.
struct Found {
    path: String,
    passage: u64,
    score: f32,
    stored: StoredPassage,
}

/// What a query matched.
struct Matched {
    query: String,
    answer: Answer,
    total: usize,
    fallback: bool,
}

impl ClusterSearcher {
    /// A searcher of `target` expanding `aliases`.
    pub fn new(target: Target, aliases: Aliases) -> ClusterSearcher {
        ClusterSearcher {
            client: Client::new(target),
            aliases,
            romanize: true,
        }
    }

    /// Whether names are searched across romanizations (on by default), as
    /// `Searcher::romanization`.
    pub fn romanization(mut self, on: bool) -> ClusterSearcher {
        self.romanize = on;
        self
    }

    /// Parses, expands and analyzes `query`, as a local search does.
    pub fn analyze(&self, query: &str) -> Result<AnalyzedQuery, QuickwitError> {
        Ok(analyze_with(&parse(query)?, &self.aliases, self.romanize)?)
    }

    /// Runs `query` (sagasu's query language) on the cluster: ranked
    /// documents (or passages) with snippets, as `Searcher::search`.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults, QuickwitError> {
        let analyzed = self.analyze(query)?;
        let filter = self.filter(&analyzed.exclusions, opts.conjunction)?;
        let need = opts.offset + opts.limit;
        let per_doc = if opts.passages { 1 } else { CANDIDATES_PER_DOC };
        let first = need.max(1).saturating_mul(per_doc.max(2) * 2).clamp(64, MAX_HITS);
        let matched = self.matched(&analyzed, opts.conjunction, first, &filter)?;
        let matcher = Matcher::new(&analyzed);
        let style = SnippetStyle {
            matcher: &matcher,
            context: opts.context,
            lines: opts.lines,
            snippets: if opts.passages { 1 } else { opts.snippets },
        };
        let results = if matched.total == 0 {
            Vec::new()
        } else {
            self.assemble(&matched, &filter, opts, &style)?
        };
        let explain = opts
            .explain
            .then(|| Explain::of_query(&analyzed, matched.query.clone()));
        Ok(SearchResults {
            query: query.to_string(),
            total_documents: matched.total,
            fallback: matched.fallback,
            expansions: analyzed.expansions,
            suggestions: Vec::new(),
            results,
            explain,
            // No feedback through a cluster (the CLI refuses --prf there).
            feedback: None,
        })
    }

    /// Ranks documents for `text` as `Searcher::rank` does (plain words:
    /// any word, stopwords dropped; with `syntax`, the query language):
    /// the best `depth` documents, each scored by its best passage.
    pub fn rank(&self, text: &str, depth: usize, syntax: bool) -> Result<Vec<(String, f32)>, QuickwitError> {
        let (q, conjunction) = if syntax {
            (self.analyze(text)?, Conjunction::Auto)
        } else {
            match plain_query(text, self.romanize) {
                Some(q) => (q, Conjunction::Any),
                None => return Ok(Vec::new()),
            }
        };
        let filter = self.filter(&q.exclusions, conjunction)?;
        let query = translate(&q, conjunction)?;
        let mut k = depth.saturating_mul(2).clamp(64, MAX_HITS);
        loop {
            let answer = self.client.search(&Request {
                query: &query,
                size: k,
                paths_only: true,
                aggs: None,
            })?;
            let found = found(&answer)?;
            let ranked = found
                .iter()
                .filter(|f| filter.allows(&f.path))
                .map(|f| (f.path.as_str(), f.score, ()));
            let groups = group_ranked(ranked, 1, depth);
            if groups.len() >= depth || answer.hits.len() as u64 >= answer.total || k >= MAX_HITS {
                return Ok(groups.into_iter().map(|(p, s)| (p.to_string(), s[0].0)).collect());
            }
            k = k.saturating_mul(4).min(MAX_HITS);
        }
    }

    /// Translates and sends `q`, asking `k` passages, and counts the
    /// documents it matches; falls back to any word as a local search does
    /// when an implicit AND of two or more clauses finds nothing.
    fn matched(
        &self,
        q: &AnalyzedQuery,
        conjunction: Conjunction,
        k: usize,
        filter: &DocFilter,
    ) -> Result<Matched, QuickwitError> {
        let run = |conjunction: Conjunction| -> Result<Matched, QuickwitError> {
            let query = translate(q, conjunction)?;
            let answer = self.client.search(&Request {
                query: &query,
                size: k,
                paths_only: false,
                aggs: Some(count_aggs(filter)),
            })?;
            let total = count(&answer, filter)?;
            Ok(Matched {
                query,
                answer,
                total,
                fallback: false,
            })
        };
        let strict = run(conjunction)?;
        let can_fall_back = conjunction == Conjunction::Auto
            && matches!(&q.root, Clause::All { implicit: true, clauses } if clauses.len() >= 2);
        if strict.total > 0 || !can_fall_back {
            return Ok(strict);
        }
        Ok(Matched {
            fallback: true,
            ..run(Conjunction::Any)?
        })
    }

    /// The page of documents (or passages) with snippets, asking for more
    /// passages until the page is full or every match is seen.
    fn assemble(
        &self,
        matched: &Matched,
        filter: &DocFilter,
        opts: &SearchOptions,
        style: &SnippetStyle<'_>,
    ) -> Result<Vec<DocResult>, QuickwitError> {
        let need = opts.offset + opts.limit;
        let mut answer = matched.answer.clone();
        loop {
            let found = found(&answer)?;
            let allowed = || found.iter().filter(|f| filter.allows(&f.path));
            let mut load = |f: &&Found| Ok::<StoredPassage, QuickwitError>(f.stored.clone());
            let (page, full) = if opts.passages {
                let ranked = allowed().map(|f| (f.path.as_str(), f.score, f));
                let listed = passage_results(ranked, need, style, &mut load)?;
                let full = listed.len() >= need;
                (listed.into_iter().skip(opts.offset).collect(), full)
            } else {
                let groups = group_ranked(
                    allowed().map(|f| (f.path.as_str(), f.score, f)),
                    CANDIDATES_PER_DOC,
                    need,
                );
                let mut page = Vec::new();
                for (i, (path, passages)) in groups.iter().enumerate().skip(opts.offset) {
                    page.push(document_result(i + 1, path, passages, style, &mut load)?);
                }
                (page, groups.len() >= need)
            };
            let exhausted = answer.hits.len() as u64 >= answer.total || answer.hits.len() >= MAX_HITS;
            if full || exhausted {
                return Ok(page);
            }
            let k = answer.hits.len().saturating_mul(4).min(MAX_HITS);
            answer = self.client.search(&Request {
                query: &matched.query,
                size: k,
                paths_only: false,
                aggs: None,
            })?;
        }
    }

    /// The documents the query's exclusions leave out.
    fn filter(&self, exclusions: &[Clause], conjunction: Conjunction) -> Result<DocFilter, QuickwitError> {
        let mut filter = DocFilter::default();
        for ex in exclusions {
            let set = self.documents_matching(ex, conjunction)?;
            filter.exclude(set);
        }
        Ok(filter)
    }

    /// The documents where `clause` matches some passage; for `NOT x`, the
    /// documents where `x` matches none.
    fn documents_matching(&self, clause: &Clause, conjunction: Conjunction) -> Result<DocSet, QuickwitError> {
        if let Clause::Not(inner) = clause {
            let mut set = self.documents_matching(inner, conjunction)?;
            set.complement = !set.complement;
            return Ok(set);
        }
        let query = translate_clause(clause, conjunction)?;
        let answer = self.client.search(&Request {
            query: &query,
            size: 0,
            paths_only: true,
            aggs: Some(json!({"paths": {"terms": {"field": PATH, "size": LIST_LIMIT}}})),
        })?;
        let (paths, complete) = listed_paths(&answer.aggregations["paths"]);
        if !complete {
            return Err(QuickwitError::TooManyExcluded {
                clause: clause.to_string(),
                limit: LIST_LIMIT,
            });
        }
        Ok(DocSet {
            paths,
            complement: false,
        })
    }
}

/// A set of documents, or everything but a set.
#[derive(Debug, Default)]
struct DocSet {
    paths: HashSet<String>,
    complement: bool,
}

impl DocSet {
    fn contains(&self, path: &str) -> bool {
        self.paths.contains(path) != self.complement
    }
}

/// The documents left out of a search.
#[derive(Debug, Default)]
struct DocFilter {
    excluded: Vec<DocSet>,
}

impl DocFilter {
    fn exclude(&mut self, set: DocSet) {
        self.excluded.push(set);
    }

    fn is_empty(&self) -> bool {
        self.excluded.is_empty()
    }

    fn allows(&self, path: &str) -> bool {
        !self.excluded.iter().any(|s| s.contains(path))
    }
}

/// The aggregations that count a query's documents: their estimated
/// number, and with exclusions their list.
fn count_aggs(filter: &DocFilter) -> Value {
    let mut aggs = json!({"documents": {"cardinality": {"field": PATH}}});
    if !filter.is_empty() {
        aggs["paths"] = json!({"terms": {"field": PATH, "size": LIST_LIMIT}});
    }
    aggs
}

/// The number of documents a query matched, exclusions left out: counted
/// from the hits when they are every match, from the listed paths with
/// exclusions, else Quickwit's estimate.
fn count(answer: &Answer, filter: &DocFilter) -> Result<usize, QuickwitError> {
    if answer.hits.len() as u64 >= answer.total {
        let found = found(answer)?;
        let paths: HashSet<&str> = found
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| filter.allows(p))
            .collect();
        return Ok(paths.len());
    }
    let estimate = answer.aggregations["documents"]["value"]
        .as_f64()
        .unwrap_or(0.0)
        .round() as usize;
    if filter.is_empty() {
        return Ok(estimate);
    }
    let (paths, complete) = listed_paths(&answer.aggregations["paths"]);
    let allowed = paths.iter().filter(|p| filter.allows(p)).count();
    if complete {
        return Ok(allowed);
    }
    // More documents than a list holds: the listed ones exactly, the rest
    // as estimated.
    Ok(allowed + estimate.saturating_sub(paths.len()))
}

/// The paths of a terms aggregation, and whether it listed them all.
fn listed_paths(agg: &Value) -> (HashSet<String>, bool) {
    let paths = agg["buckets"]
        .as_array()
        .map(|b| b.iter().filter_map(|b| b["key"].as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let complete = agg["sum_other_doc_count"].as_u64().unwrap_or(0) == 0;
    (paths, complete)
}

/// The passages of an answer, best first; equal scores by path and
/// passage (Quickwit orders ties by split, which is arbitrary).
fn found(answer: &Answer) -> Result<Vec<Found>, QuickwitError> {
    let mut out = answer.hits.iter().map(passage_of).collect::<Result<Vec<_>, _>>()?;
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.path.cmp(&b.path))
            .then(a.passage.cmp(&b.passage))
    });
    Ok(out)
}

fn passage_of(hit: &Hit) -> Result<Found, QuickwitError> {
    let s = &hit.source;
    let text = |f: &str| s[f].as_str().unwrap_or("");
    let num = |f: &str| s[f].as_u64().unwrap_or(0);
    let path = s[PATH].as_str().ok_or_else(|| QuickwitError::Answer {
        url: String::new(),
        message: "a hit without a path: is this an index made by `sagasu export`?".into(),
    })?;
    Ok(Found {
        path: path.to_string(),
        passage: num(PASSAGE),
        score: hit.score,
        stored: StoredPassage::new(
            text(TITLE),
            text(TEXT).to_string(),
            num(LINE_START),
            num(LINE_END),
            num(BYTE_START) as usize,
            s[PAGE].as_u64(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{Place, Record};

    /// A passage of a paged document (PDF) travels with its page and comes
    /// back with it; a passage without one comes back without.
    #[test]
    fn a_passage_keeps_its_page_through_the_export() {
        for page in [Some(3), None] {
            let place = Place {
                path: "docs/report.pdf".into(),
                passage: 2,
                line_start: 40,
                line_end: 52,
                byte_start: 1234,
                page,
            };
            let record = Record::new(place, "Report".into(), "Trade figures\x0cof 1998".into());
            let line = serde_json::to_string(&record).unwrap();
            assert_eq!(line.contains("\"page\""), page.is_some(), "{line}");
            let hit = Hit {
                score: 1.5,
                source: serde_json::from_str(&line).unwrap(),
            };
            let found = passage_of(&hit).unwrap();
            assert_eq!((found.path.as_str(), found.passage), ("docs/report.pdf", 2));
            assert_eq!(found.stored.page, page);
            assert_eq!((found.stored.line_start, found.stored.byte_start), (40, 1234));
        }
    }
}
