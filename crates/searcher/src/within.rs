//! Document-level AND (`--within document`): every required clause of the
//! query must match somewhere in the document, not all in one passage.
//!
//! Each required clause is searched alone; its best passage per document
//! is kept; the documents that every clause found are ranked by the sum
//! of those best scores, and each shows the best passage of each clause
//! (a passage best for two clauses is shown once). Top-level exclusions
//! still remove whole documents.

use std::collections::HashMap;

use tantivy::{DocAddress, Score};

use crate::assemble::{passage_result, Assembler};
use crate::error::SearchError;
use crate::matcher::Matcher;
use crate::options::SearchOptions;
use crate::query::{build_clause, AnalyzedQuery, Clause};
use crate::results::{DocResult, SearchResults};
use crate::retrieve::{excluded_docs, top_groups};
use crate::search::Searcher;
use crate::stored::StoredPassage;

/// A document's best passage of each clause, in clause order.
type Best = Vec<(Score, DocAddress)>;

/// The clauses that must each match somewhere: those of a top-level AND
/// (passage-level exclusions left out), else the whole query.
fn required(q: &AnalyzedQuery) -> Vec<&Clause> {
    match &q.root {
        Clause::All { clauses, .. } => clauses.iter().filter(|c| !matches!(c, Clause::Not(_))).collect(),
        other => vec![other],
    }
}

impl Searcher {
    /// Runs `query` with its required clauses applied to whole documents
    /// ([`crate::within`]). Paging, snippets and context are `opts`'s.
    pub fn search_within_documents(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
        let analyzed = self.analyze(query)?;
        let searcher = self.reader.searcher();
        let excluded = excluded_docs(&searcher, &self.fields, &analyzed.exclusions, opts.conjunction)?;
        // Per document: the best passage of each clause.
        let mut found: HashMap<String, Best> = HashMap::new();
        let clauses = required(&analyzed);
        for (i, clause) in clauses.iter().enumerate() {
            let q = build_clause(clause, &self.fields, opts.conjunction)?;
            for g in top_groups(&searcher, q.as_ref(), usize::MAX, 1, &excluded)? {
                let best = g.passages[0];
                match found.get_mut(&g.path) {
                    Some(v) if v.len() == i => v.push(best),
                    None if i == 0 => {
                        found.insert(g.path, vec![best]);
                    }
                    _ => {}
                }
            }
            found.retain(|_, v| v.len() == i + 1);
        }
        let mut ranked: Vec<(String, Score, Best)> = found
            .into_iter()
            .map(|(path, best)| (path, best.iter().map(|b| b.0).sum(), best))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let matcher = Matcher::new(&analyzed);
        let assembler = Assembler {
            searcher: &searcher,
            fields: &self.fields,
            matcher: &matcher,
            context: opts.context,
            lines: opts.lines,
        };
        let mut results = Vec::new();
        for (rank, (path, score, mut best)) in ranked.iter().cloned().enumerate().skip(opts.offset).take(opts.limit) {
            best.sort_by_key(|b| b.1);
            best.dedup_by_key(|b| b.1);
            let mut passages = Vec::new();
            let mut title = String::new();
            for (s, addr) in best {
                let p = StoredPassage::load(&searcher, &self.fields, addr)?;
                title.clone_from(&p.title);
                let snippet = assembler.snippet(&p);
                passages.push(passage_result(&p, snippet, s));
            }
            passages.sort_by_key(|p| p.byte);
            results.push(DocResult {
                rank: rank + 1,
                path,
                title,
                score,
                passages,
                gone: false,
            });
        }
        Ok(SearchResults {
            query: query.to_string(),
            total_documents: ranked.len(),
            fallback: false,
            expansions: analyzed.expansions,
            suggestions: Vec::new(),
            results,
            explain: None,
            // Document-level AND runs no feedback (the CLI refuses the pair).
            feedback: None,
        })
    }
}
