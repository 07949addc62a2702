//! Result assembly: the ranked documents (or passages) of a matched query,
//! with their snippets, and the `--explain` record.

use std::collections::HashMap;

use tantivy::query::Query;
use tantivy::DocAddress;

use sagasu_analysis::schema::Fields;

use crate::highlight::Highlighter;
use crate::query::{AnalyzedQuery, LeafKind};
use crate::rank::{top_groups, top_passages};
use crate::results::{DocResult, Explain};
use crate::search::{Matched, SearchOptions};
use crate::snippet;
use crate::stored::StoredPassage;

/// Candidate passages kept per document, to find its non-overlapping
/// snippets (the document view).
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
    /// Lines (before, after) instead of characters, if given.
    pub lines: Option<(usize, usize)>,
}

impl Assembler<'_> {
    /// The snippet of a passage: about `context` characters, or whole lines.
    pub(crate) fn snippet(&self, p: &StoredPassage) -> snippet::Snippet {
        let s = snippet::make(&p.body, p.line_start, self.highlighter, self.context);
        match self.lines {
            Some((before, after)) => snippet::lines_around(&p.body, p.line_start, self.highlighter, &s, before, after),
            None => s,
        }
    }

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
                let s = self.snippet(&p);
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

    /// The passages of the requested page, best first whatever their
    /// document, each place once; and the best passage.
    ///
    /// Passages overlap (by about a tenth), so two of them can show the
    /// same place: a passage whose snippet overlaps one already listed for
    /// its document is skipped (the listed one scored better). Takes
    /// tantivy's top passages, widened until the page is full or every
    /// match is seen.
    pub fn passages(
        &self,
        matched: &Matched,
        opts: &SearchOptions,
    ) -> Result<(Vec<DocResult>, Option<DocAddress>), crate::SearchError> {
        let need = opts.offset + opts.limit;
        let all = (self.searcher.num_docs() as usize).max(1);
        let mut k = need.saturating_mul(2).clamp(64, all.max(64));
        loop {
            let (candidates, exhausted) = top_passages(self.searcher, matched.query.as_ref(), k, &matched.excluded)?;
            let best = candidates.first().map(|p| p.addr);
            let mut listed: Vec<DocResult> = Vec::new();
            let mut shown: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
            for c in &candidates {
                if listed.len() >= need {
                    break;
                }
                let p = StoredPassage::load(self.searcher, self.fields, c.addr)?;
                let s = self.snippet(&p);
                let range = p.range_of(&s);
                let places = shown.entry(c.path.as_str()).or_default();
                if places.iter().any(|r| r.0 < range.1 && range.0 < r.1) {
                    continue;
                }
                places.push(range);
                listed.push(DocResult {
                    rank: listed.len() + 1,
                    path: c.path.clone(),
                    passages: vec![p.result(s, c.score)],
                    title: p.title,
                    score: c.score,
                });
            }
            if listed.len() >= need || exhausted || k >= all {
                return Ok((listed.into_iter().skip(opts.offset).collect(), best));
            }
            k = k.saturating_mul(4).min(all);
        }
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
                LeafKind::Name { .. } => analyzed.push(format!("key:[{}] (romanization)", folded())),
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
