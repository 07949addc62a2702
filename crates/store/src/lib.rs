//! sagasu's index on disk: what an index folder holds, what each commit
//! records, and opening it for reading. No extractor is compiled here: the
//! server and the Quickwit hand-over open an index and read its
//! fingerprints through this crate, and only the indexer writes.
//!
//! - [`open_index`] opens an index for reading ([`OpenedIndex`]), checking
//!   that it is a complete sagasu index of the current analyzer version, or
//!   says what is wrong with it ([`StoreError`]).
//! - An index folder holds sagasu's marker file ([`MARKER`], [`Marker`]):
//!   sagasu deletes only what it can prove it wrote; [`inspect`] tells a
//!   folder of ours from anything else.
//! - The index is its own manifest: each file's first passage carries its
//!   [`Fingerprint`] ([`read_fingerprints`]), and the commit's [`Payload`]
//!   the rest (touched mtimes, files skipped for their content with their
//!   [`SkipReason`]).
//! - The files with the same bytes under several names ([`DuplicateFiles`])
//!   are stored after each indexing pass beside its commit
//!   ([`store_duplicates`], [`DUPLICATES_FILE`]) and read back by searchers.
//!
//! ```no_run
//! let opened = sagasu_store::open_index(std::path::Path::new("index"))?;
//! let fingerprints = sagasu_store::read_fingerprints(&opened.reader.searcher())?;
//! println!("{} files indexed", fingerprints.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Dev-dependencies of the unit tests only.
#[cfg(test)]
use tempfile as _;

mod commit;
mod duplicates;
mod error;
mod fingerprint;
mod folder;
mod open;
mod skip;

pub use commit::{Commit, Payload, SkipMemo};
pub use duplicates::{store as store_duplicates, DuplicateFiles, DUPLICATES_FILE};
pub use error::{describe, io_error, os_error, StoreError};
pub use fingerprint::{read as read_fingerprints, Fingerprint};
pub use folder::{built_from, file_gone, inspect, Holds, Marker, MARKER};
pub use open::{open_in, open_index, reader, OpenedIndex};
pub use skip::SkipReason;
