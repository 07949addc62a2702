//! sagasu's hand-over to Quickwit: when a corpus outgrows one machine, its
//! passages move to a Quickwit cluster (distributed search on tantivy) and
//! sagasu keeps its query language, snippets and evaluation.
//!
//! - [`export`]: a sagasu index → `index-config.yaml` and NDJSON files of
//!   bounded size for Quickwit's ingest API; `--since` an earlier export,
//!   only what changed, and the delete tasks of what changed or went.
//! - [`tokens`]: Quickwit cannot run sagasu's analyzer, so each passage
//!   travels pre-analyzed: token fields of space-joined tokens, mapped
//!   with Quickwit's `whitespace` tokenizer ([`mapping`]).
//! - [`translate`]: the analyzed query (`sagasu_searcher::query`) in
//!   Quickwit's query language over those fields, weight for weight.
//! - [`ClusterSearcher`]: a search through the cluster's HTTP API
//!   ([`client`]), its passages grouped into documents and cut into
//!   snippets by the local search's own code; and `rank` for eval.
//!
//! ```no_run
//! use sagasu_quickwit::{ClusterSearcher, Target};
//! use sagasu_searcher::{Aliases, SearchOptions};
//! let target = Target::parse("http://127.0.0.1:7280/debdocs")?;
//! let searcher = ClusterSearcher::new(target, Aliases::default());
//! for doc in searcher.search("\"memory barrier\"", &SearchOptions::default())?.results {
//!     println!("{} {}", doc.path, doc.score);
//! }
//! # Ok::<(), sagasu_quickwit::QuickwitError>(())
//! ```

// Dev-dependencies of the tests only.
#[cfg(test)]
use {tantivy_query_grammar as _, tempfile as _};

pub mod client;
mod error;
pub mod export;
mod fuzzy;
pub mod mapping;
mod search;
pub mod tokens;
pub mod translate;

pub use client::Target;
pub use error::{ExportError, QuickwitError};
pub use export::{export, ExportOptions, ExportReport};
pub use search::{ClusterSearcher, LIST_LIMIT, MAX_HITS};
