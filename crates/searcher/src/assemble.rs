//! Result assembly: the ranked documents (or passages) of a matched query,
//! with their snippets, and the `--explain` record.

use tantivy::query::Query;
use tantivy::{DocAddress, Score};

use sagasu_analysis::schema::Fields;

use crate::highlight::Highlighter;
use crate::query::{AnalyzedQuery, LeafKind};
use crate::rank::top_groups;
use crate::results::{DocResult, Explain};
use crate::search::{Matched, SearchOptions};
use crate::snippet;
use crate::stored::StoredPassage;

/// Candidate passages kept per document, to find non-overlapping snippets.
const CANDIDATES_PER_DOC: usize = 8;

/// Turns matched passages into results, on the snapshot the query ran on.
pub(crate) struct Assembler<'a> {
    /// The snapshot the query ran on.
    pub searcher: &'a tantivy::Searcher,
    /// The index's fields.
    pub fields: &'a Fields,
    /// What the snippets highlight.
    pub highlighter: &'a Highlighter,
    /// Approximate snippet length in characters.
    pub context: usize,
}

impl Assembler<'_> {
    /// The documents of the requested page, best first, each with up to
    /// `opts.snippets` non-overlapping snippets; and the best passage.
    pub fn documents(
        &self,
        matched: &Matched,
        opts: &SearchOptions,
    ) -> Result<(Vec<DocResult>, Option<DocAddress>), crate::SearchError> {
        let need = opts.offset + opts.limit;
        let groups = top_groups(
            self.searcher,
            matched.query.as_ref(),
            need,
            CANDIDATES_PER_DOC,
            &matched.excluded,
        )?;
        let best = groups.first().and_then(|g| g.passages.first()).map(|p| p.1);
        let mut out = Vec::new();
        for (i, g) in groups.iter().enumerate().skip(opts.offset).take(opts.limit) {
            let mut title = String::new();
            let mut shown: Vec<(usize, usize)> = Vec::new();
            let mut passages = Vec::new();
            for &(score, addr) in &g.passages {
                if passages.len() >= opts.snippets {
                    break;
                }
                let p = StoredPassage::load(self.searcher, self.fields, addr)?;
                if title.is_empty() {
                    title = p.title.clone();
                }
                let s = snippet::make(&p.body, p.line_start, self.highlighter, self.context);
                let range = p.range_of(&s);
                if shown.iter().any(|r| r.0 < range.1 && range.0 < r.1) {
                    continue;
                }
                shown.push(range);
                passages.push(p.result(s, score));
            }
            out.push(DocResult {
                rank: i + 1,
                path: g.path.clone(),
                title,
                score: g.score(),
                passages,
            });
        }
        Ok((out, best))
    }

    /// The passages of the requested page, best first; and the best one.
    pub fn passages(
        &self,
        matched: &Matched,
        opts: &SearchOptions,
    ) -> Result<(Vec<DocResult>, Option<DocAddress>), crate::SearchError> {
        let need = opts.offset + opts.limit;
        let groups = top_groups(
            self.searcher,
            matched.query.as_ref(),
            need,
            CANDIDATES_PER_DOC,
            &matched.excluded,
        )?;
        let mut all: Vec<(Score, DocAddress, &str)> = groups
            .iter()
            .flat_map(|g| g.passages.iter().map(move |&(s, a)| (s, a, g.path.as_str())))
            .collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(b.2)).then(a.1.cmp(&b.1)));
        let best = all.first().map(|p| p.1);
        let mut out = Vec::new();
        for (i, (score, addr, path)) in all.into_iter().enumerate().skip(opts.offset).take(opts.limit) {
            let p = StoredPassage::load(self.searcher, self.fields, addr)?;
            let s = snippet::make(&p.body, p.line_start, self.highlighter, self.context);
            out.push(DocResult {
                rank: i + 1,
                path: path.to_string(),
                passages: vec![p.result(s, score)],
                title: p.title,
                score,
            });
        }
        Ok((out, best))
    }
}

impl Explain {
    /// How `q` was parsed and analyzed, the tantivy `query` that ran, and
    /// tantivy's scoring of the `best` passage.
    pub(crate) fn new(
        q: &AnalyzedQuery,
        query: &dyn Query,
        searcher: &tantivy::Searcher,
        best: Option<DocAddress>,
    ) -> Explain {
        let mut analyzed = Vec::new();
        q.root.walk(&mut |leaf, _| {
            let folded = || {
                leaf.tokens
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let field = leaf.field;
            match leaf.kind {
                LeafKind::Words | LeafKind::Phrase { .. } => analyzed.push(format!("{field}:[{}]", folded())),
                LeafKind::Prefix => analyzed.push(format!("{field}:{}* (prefix)", folded())),
                LeafKind::Fuzzy { distance } => analyzed.push(format!("{field}:{}~{distance} (fuzzy)", folded())),
                LeafKind::Glob => {}
            }
        });
        // An explanation is a courtesy: a failure to explain must not fail the search.
        let top_hit = best.and_then(|addr| {
            query
                .explain(searcher, addr)
                .ok()
                .and_then(|e| serde_json::from_str(&e.to_pretty_json()).ok())
        });
        Explain {
            parsed: q.to_string(),
            analyzed,
            tantivy_query: format!("{query:?}"),
            top_hit,
        }
    }
}
