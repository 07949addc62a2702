//! sagasu's searcher: query text → ranked documents with highlighted
//! passages, every occurrence, a document's view.
//!
//! Data flows one way, and modules import downward only:
//!
//! 1. **query** ([`query`]): the query language, parsed ([`query::parse`] →
//!    [`query::Node`], errors with a column), analyzed once
//!    ([`query::analyze_with`] → [`query::AnalyzedQuery`]: alias groups
//!    ([`Aliases`]) and names across romanizations expanded) and built into
//!    a tantivy query ([`query::build`]).
//! 2. **retrieve** (`retrieve`, `collector`, `group`): which documents and
//!    passages match, ranked with BM25 and grouped by document (MaxP: a
//!    document scores its best passage); [`group_ranked`] does the same for
//!    passages another engine found (Quickwit, `sagasu-quickwit`).
//! 3. **text** ([`text`], `stored`): a passage's stored fields
//!    ([`StoredPassage`]) and a document's text stitched from them with its
//!    line and page index ([`DocText`]), the one way any view gets text.
//! 4. **match** ([`matcher`]): where the query matches in a text
//!    ([`Matcher::find`]: words, stems, prefixes, fuzzy words, phrases with
//!    slop, aliases and romanization keys), one answer for every view.
//! 5. **assemble** ([`snippet`], [`context`], `assemble`, `feedback`):
//!    snippets cut around matches, context around occurrences, result
//!    records ([`document_result`], [`passage_results`]), pseudo-relevance
//!    feedback.
//! 6. **results** ([`Searcher`]): [`Searcher::search`] (ranked documents
//!    with snippets; [`SearchResults::to_json`] is the one JSON form, the
//!    CLI's `--json` and the server's `/api/search`), [`Searcher::every`]
//!    (every occurrence), [`Searcher::document`] (a document around a
//!    line, with every match), [`Searcher::terms`] (the vocabulary),
//!    [`Searcher::search_within_documents`], [`Searcher::rank`] (batch
//!    evaluation), [`Searcher::files`] (every indexed document; duplicate
//!    files, shown once in ranked results: [`Duplicates`]).
//!
//! ```no_run
//! # fn demo(index: &tantivy::Index, reader: tantivy::IndexReader) -> Result<(), sagasu_searcher::SearchError> {
//! use sagasu_analysis::schema::Fields;
//! use sagasu_searcher::{Aliases, SearchOptions, Searcher};
//! let fields = Fields::from_schema(&index.schema()).unwrap();
//! let searcher = Searcher::new(reader, fields, Aliases::default());
//! let results = searcher.search("\"Kim Dae-jung\" -Yasukuni", &SearchOptions::default())?;
//! for doc in &results.results {
//!     println!("{} {}", doc.path, doc.score);
//! }
//! # Ok(()) }
//! ```

// Dev-dependencies of the integration tests and benches only.
#[cfg(test)]
use {criterion as _, proptest as _, sagasu_indexer as _, sagasu_testkit as _, tempfile as _};

mod assemble;
mod cancel;
mod collector;
pub mod context;
pub mod document;
mod duplicates;
mod edit_distance;
mod error;
mod fault;
pub mod feedback;
mod files;
mod group;
pub mod matcher;
pub mod occurrences;
mod options;
mod ordered;
pub mod query;
mod rank;
mod restrict;
mod results;
mod retrieve;
mod scripts;
mod search;
pub mod snippet;
mod stopwords;
mod stored;
mod suggest;
pub mod terms;
pub mod text;
mod top;
mod within;

pub use assemble::{document_result, passage_results, SnippetStyle};
pub use cancel::Cancel;
pub use document::{DocumentRequest, DocumentView, Hit, Indexed, PageBreak};
pub use duplicates::Duplicates;
pub use error::SearchError;
pub use feedback::{Feedback, FeedbackTerm, FeedbackUnit, FeedbackUsed};
pub use files::IndexedFile;
pub use group::group_ranked;
pub use matcher::{Match, Matcher};
pub use occurrences::{DocOccurrences, Every, Occurrence};
pub use options::SearchOptions;
pub use query::Aliases;
pub use query::{Expansion, ExpansionKind};
pub use rank::plain_query;
pub use rank::RankOptions;
pub use results::{DocResult, Explain, PassageResult, SearchResults, Suggestion};
pub use search::Searcher;
pub use stored::StoredPassage;
pub use terms::TermCount;
pub use text::{DocText, Place};
