//! sagasu's indexer: walks a corpus folder, decodes its files, splits them
//! into overlapping passages and upserts them incrementally into a tantivy
//! index.
//!
//! - [`run`] does one indexing pass with [`IndexOptions`] and returns an
//!   [`IndexReport`] (added, updated, removed, unchanged, skipped).
//! - The index is its own manifest: every passage carries its file's
//!   fingerprint (size, mtime, BLAKE3 hash); see [`manifest`].
//! - [`open_index`] opens an existing index for reading, checking that it is
//!   a sagasu index of the current analyzer version.
//!
//! ```no_run
//! use sagasu_indexer::{run, IndexOptions, NoProgress};
//! let report = run(&IndexOptions::new("corpus", "index"), &NoProgress)?;
//! println!("{} documents, {} passages", report.documents, report.passages);
//! # Ok::<(), sagasu_indexer::IndexError>(())
//! ```

// Dev-dependencies of the integration tests and benches only.
#[cfg(test)]
use {criterion as _, proptest as _};

pub mod decode;
mod error;
mod html;
pub mod manifest;
mod open;
pub mod passage;
mod progress;
mod report;
mod run;
pub mod walk;

pub use error::IndexError;
pub use open::{open_index, OpenedIndex};
pub use progress::{NoProgress, Progress};
pub use report::{IndexReport, Skipped};
pub use run::{run, IndexOptions};
