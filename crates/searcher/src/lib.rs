//! sagasu's searcher: query text → ranked documents with highlighted
//! passages.
//!
//! - [`query`]: the query language, parsed ([`query::parse`] → [`query::Node`],
//!   errors with a column), then analyzed once ([`query::analyze`] →
//!   [`query::AnalyzedQuery`], alias groups expanded) and built into a
//!   tantivy query ([`query::build`]).
//! - [`Searcher::search`] ranks passages with BM25 (exact forms above stems,
//!   proximity and title boosts), groups them by document (a document's
//!   score is its best passage's), and cuts highlighted snippets
//!   ([`highlight::Highlighter`] finds the matches, [`snippet`] the fragment).
//! - Passages found by another engine (Quickwit, `sagasu-quickwit`) become
//!   results with the same code: [`group_ranked`] (MaxP),
//!   [`document_result`] and [`passage_results`] (snippets of a
//!   [`StoredPassage`]).
//! - [`Aliases`] expands equivalent names (`Takeshima | Dokdo`); names
//!   also meet across romanizations (`Joseon` finds *Chosŏn*, `김대중`
//!   finds *Kim Dae-jung*, `"Shigeru Ishiba"` finds *Ishiba Shigeru*),
//!   through the key field (`sagasu_analysis::romanize`); turn it off with
//!   [`Searcher::romanization`].
//! - [`Searcher::document`] shows an indexed document around a line with a
//!   query's words highlighted, from its stored passages ([`document`]);
//!   [`SearchResults::to_json`] is the one JSON form of results (the CLI's
//!   `--json` and the server's `/api/search`).
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
use {criterion as _, proptest as _, sagasu_indexer as _, sagasu_store as _, sagasu_testkit as _, tempfile as _};

pub mod aliases;
mod assemble;
mod cancel;
mod collector;
pub mod document;
mod edit_distance;
mod error;
mod fault;
pub mod feedback;
mod group;
pub mod highlight;
mod names;
pub mod occurrences;
pub mod query;
mod rank;
mod restrict;
mod results;
mod search;
pub mod snippet;
mod stopwords;
mod stored;
mod suggest;
pub mod terms;
mod within;

pub use aliases::Aliases;
pub use assemble::{document_result, passage_results, SnippetStyle};
pub use cancel::Cancel;
pub use document::{DocumentRequest, DocumentView, Hit};
pub use error::SearchError;
pub use feedback::{Feedback, FeedbackTerm, FeedbackUnit, FeedbackUsed};
pub use group::group_ranked;
pub use occurrences::{DocOccurrences, Every, Occurrence};
pub use query::{Expansion, ExpansionKind};
pub use rank::plain_query;
pub use rank::RankOptions;
pub use results::{DocResult, Explain, PassageResult, SearchResults, Suggestion};
pub use search::{SearchOptions, Searcher};
pub use stored::StoredPassage;
pub use terms::TermCount;
