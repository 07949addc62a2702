//! The searcher: one query, from text to ranked documents with snippets.
//!
//! [`Searcher::search`] analyzes the query once ([`Searcher::analyze`]),
//! takes one snapshot of the index, collects the documents its exclusions
//! remove, counts the matching documents (falling back to any word when
//! all words find nothing), then hands the built query to result assembly
//! ([`crate::assemble`]) or, when nothing matched, to suggestions
//! ([`crate::suggest`]).

use sagasu_analysis::schema::Fields;
use tantivy::query::Query;
use tantivy::IndexReader;

use crate::aliases::Aliases;
use crate::assemble::Assembler;
use crate::collector::{DocCount, Exclusions};
use crate::error::SearchError;
use crate::feedback::{with_boosts, Feedback};
use crate::highlight::Highlighter;
use crate::query::{analyze_with, build, check_expansions, parse, AnalyzedQuery, Clause, Conjunction};
use crate::rank::excluded_docs;
use crate::results::{Explain, SearchResults};
use crate::suggest::suggest;

/// How to run a query and what to return.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Documents to return.
    pub limit: usize,
    /// Documents to skip (paging).
    pub offset: usize,
    /// How juxtaposed words combine.
    pub conjunction: Conjunction,
    /// Approximate snippet length in characters.
    pub context: usize,
    /// Snippets of whole lines instead: this many (before, after) around
    /// the line of the first highlight (grep's -B and -A).
    pub lines: Option<(usize, usize)>,
    /// Snippets per document.
    pub snippets: usize,
    /// List passages instead of documents.
    pub passages: bool,
    /// Fill [`SearchResults::explain`].
    pub explain: bool,
    /// Pseudo-relevance feedback (`--prf`): expansion terms from the top
    /// passages, added as scoring-only clauses ([`crate::feedback`]).
    pub feedback: Option<Feedback>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            conjunction: Conjunction::Auto,
            context: 200,
            lines: None,
            snippets: 3,
            passages: false,
            explain: false,
            feedback: None,
        }
    }
}

/// Searches a sagasu index. `Sync`: share it across threads for batches.
pub struct Searcher {
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    aliases: Aliases,
    /// Whether names are searched across romanizations (on by default).
    pub(crate) romanize: bool,
    /// Path globs every query is restricted to (`--path`), if any.
    paths: Vec<String>,
}

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

impl Searcher {
    /// A searcher over an opened index (its analyzers registered, its schema
    /// checked: see `sagasu_store::open_index`).
    pub fn new(reader: IndexReader, fields: Fields, aliases: Aliases) -> Searcher {
        Searcher {
            reader,
            fields,
            aliases,
            romanize: true,
            paths: Vec::new(),
        }
    }

    /// Restricts every query to documents whose path matches one of
    /// `globs` (`path:` syntax), as a required clause: never a fallback.
    pub fn paths(mut self, globs: Vec<String>) -> Searcher {
        self.paths = globs;
        self
    }

    /// Whether a name typed in one romanization also finds the others
    /// (`Joseon` → *Chosŏn*, quoted names in either order); on unless
    /// turned off here (`--no-romanization`).
    pub fn romanization(mut self, on: bool) -> Searcher {
        self.romanize = on;
        self
    }

    /// Parses, expands and analyzes `query`: the tree that searching,
    /// snippets and `--explain` read. A query whose prefix and fuzzy words
    /// stand for too many indexed words is refused here
    /// ([`crate::query::check_expansions`]).
    pub fn analyze(&self, query: &str) -> Result<AnalyzedQuery, SearchError> {
        let mut q = analyze_with(&parse(query)?, &self.aliases, self.romanize)?;
        crate::restrict::restrict_to_paths(&mut q, &self.paths);
        check_expansions(&q, &self.reader.searcher(), &self.fields)?;
        Ok(q)
    }

    /// Runs `query` (the query language) and returns ranked documents with
    /// snippets.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
        let analyzed = self.analyze(query)?;
        let searcher = self.reader.searcher();
        let mut matched = self.matched(&searcher, &analyzed, opts.conjunction)?;
        let feedback = match &opts.feedback {
            Some(fb) if matched.total > 0 => {
                let (clauses, used) = fb.expand(
                    &searcher,
                    &self.fields,
                    matched.query.as_ref(),
                    &matched.excluded,
                    &analyzed,
                )?;
                matched.query = with_boosts(matched.query, clauses);
                Some(used)
            }
            _ => None,
        };
        let highlighter = Highlighter::new(&analyzed);
        let assembler = Assembler {
            searcher: &searcher,
            fields: &self.fields,
            highlighter: &highlighter,
            context: opts.context,
            lines: opts.lines,
        };
        let (results, best) = if matched.total == 0 {
            (Vec::new(), None)
        } else if opts.passages {
            assembler.passages(&matched, opts)?
        } else {
            assembler.documents(&matched, opts)?
        };
        let suggestions = if matched.total == 0 {
            suggest(&searcher, &self.fields, &analyzed)?
        } else {
            Vec::new()
        };
        let explain = opts
            .explain
            .then(|| Explain::new(&analyzed, matched.query.as_ref(), &searcher, best));
        Ok(SearchResults {
            query: query.to_string(),
            total_documents: matched.total,
            fallback: matched.fallback,
            expansions: analyzed.expansions,
            feedback,
            suggestions,
            results,
            explain,
        })
    }

    /// Collects the documents `q` excludes, builds `q` and counts the
    /// documents it matches; when an implicit AND of two or more clauses
    /// finds nothing (and `conjunction` is [`Conjunction::Auto`]), does the
    /// same with any word instead.
    pub(crate) fn matched(
        &self,
        searcher: &tantivy::Searcher,
        q: &AnalyzedQuery,
        conjunction: Conjunction,
    ) -> Result<Matched, SearchError> {
        let excluded = excluded_docs(searcher, &self.fields, &q.exclusions, conjunction)?;
        let count = |query: &dyn Query| {
            searcher.search(
                query,
                &DocCount {
                    excluded: &excluded,
                    searcher,
                },
            )
        };
        let query = build(q, &self.fields, conjunction)?.query();
        let total = count(query.as_ref())?;
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
        let query = build(q, &self.fields, Conjunction::Any)?.query();
        let total = count(query.as_ref())?;
        Ok(Matched {
            query,
            total,
            fallback: true,
            excluded,
        })
    }
}
