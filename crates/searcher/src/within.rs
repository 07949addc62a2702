//! Document-level AND (`--within document`): every required clause of the
//! query must match somewhere in the document, not all in one passage.
//!
//! Each required clause is searched alone; its best passage per document
//! is kept; the documents that every clause found are ranked by the sum
//! of those best scores, and each shows the best passage of each clause
//! (a passage best for two clauses is shown once). Top-level exclusions
//! still remove whole documents.

use std::collections::HashMap;

use sagasu_analysis::schema::Fields;
use tantivy::query::Query;
use tantivy::{DocAddress, Score};

use crate::assemble::{passage_result, Assembler};
use crate::error::SearchError;
use crate::matcher::Matcher;
use crate::occurrences::Every;
use crate::options::SearchOptions;
use crate::query::{build_clause, AnalyzedQuery, Clause, Conjunction, Expansion};
use crate::results::{DocResult, Explain, SearchResults};
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

/// The documents in which every required clause of `analyzed` matches
/// somewhere, best first (by the sum of each clause's best passage):
/// path, score, and the best passage of each clause.
fn ranked(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    analyzed: &AnalyzedQuery,
    conjunction: Conjunction,
) -> Result<Vec<(String, Score, Best)>, SearchError> {
    let excluded = excluded_docs(searcher, fields, &analyzed.exclusions, conjunction)?;
    // Per document: the best passage of each clause.
    let mut found: HashMap<String, Best> = HashMap::new();
    for (i, clause) in required(analyzed).iter().enumerate() {
        let q = build_clause(clause, fields, conjunction)?;
        for g in top_groups(searcher, q.as_ref(), usize::MAX, 1, &excluded)? {
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
    Ok(ranked)
}

/// `--explain` of a document-level AND: the query as parsed and analyzed,
/// each required clause's tantivy query, and tantivy's scoring of the top
/// document's best passage of each clause (its score is their sum).
fn explain(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    analyzed: &AnalyzedQuery,
    conjunction: Conjunction,
    top: Option<&Best>,
) -> Result<Explain, SearchError> {
    let mut queries = Vec::new();
    let mut scoring: Vec<serde_json::Value> = Vec::new();
    for (i, clause) in required(analyzed).iter().enumerate() {
        let q = build_clause(clause, fields, conjunction)?;
        if let Some(&(_, addr)) = top.and_then(|best| best.get(i)) {
            // A courtesy, as in a ranked search: a failure is left out.
            if let Some(e) = q
                .explain(searcher, addr)
                .ok()
                .and_then(|e| serde_json::from_str(&e.to_pretty_json()).ok())
            {
                scoring.push(e);
            }
        }
        queries.push(format!("{q:?}"));
    }
    let mut ex = Explain::of_query(analyzed, format!("document-level AND of: {}", queries.join(" ; ")));
    if top.is_some() {
        ex.top_hit = Some(serde_json::json!({
            "rule": "each required clause's best passage in the document; the score is their sum",
            "clauses": scoring,
        }));
    }
    Ok(ex)
}

impl Searcher {
    /// Runs `query` with its required clauses applied to whole documents
    /// ([`crate::within`]). Paging, snippets, context and `--explain` are
    /// `opts`'s.
    pub fn search_within_documents(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
        let analyzed = self.analyze(query)?;
        let searcher = self.reader.searcher();
        let ranked = ranked(&searcher, &self.fields, &analyzed, opts.conjunction)?;
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
                duplicates: Vec::new(),
            });
        }
        let explain = if opts.explain {
            Some(explain(
                &searcher,
                &self.fields,
                &analyzed,
                opts.conjunction,
                ranked.first().map(|r| &r.2),
            )?)
        } else {
            None
        };
        Ok(SearchResults {
            query: query.to_string(),
            total_documents: ranked.len(),
            fallback: false,
            expansions: analyzed.expansions,
            suggestions: Vec::new(),
            results,
            explain,
            // Document-level AND runs no feedback (the CLI refuses the pair).
            feedback: None,
        })
    }
}

impl Searcher {
    /// Every occurrence of `query` in the documents where each required
    /// clause matches somewhere (`--every --within document`): the
    /// documents [`Searcher::search_within_documents`] ranks, in its order,
    /// each with every match of the whole query in its text.
    pub fn every_within_documents(
        &self,
        query: &str,
        conjunction: Conjunction,
    ) -> Result<(Every, Vec<Expansion>), SearchError> {
        let analyzed = self.analyze(query)?;
        let searcher = self.reader.searcher();
        let docs = ranked(&searcher, &self.fields, &analyzed, conjunction)?
            .into_iter()
            .map(|(path, score, _)| (path, score))
            .collect();
        let every = Every::new(searcher, self.fields, Matcher::new(&analyzed), docs);
        Ok((every, analyzed.expansions))
    }
}
