//! Errors of an indexing run.

use std::path::PathBuf;

/// Why an indexing run (or opening an index) failed as a whole.
///
/// Problems with single files are not errors: they are reported in
/// [`crate::IndexReport::skipped`] and the run goes on.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The corpus folder does not exist or is not a folder.
    #[error("corpus {path}: {reason}")]
    Corpus {
        /// The corpus path as given.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Another process holds the index writer lock.
    #[error("index {path} is locked by another `sagasu index` run (tantivy's writer lock {lock}); try again when it has finished")]
    Locked {
        /// The index folder.
        path: PathBuf,
        /// The lock file's name.
        lock: &'static str,
    },
    /// No index has been built at this path yet.
    #[error("no index at {path}; run `sagasu index` first")]
    Missing {
        /// The index folder.
        path: PathBuf,
    },
    /// The folder holds a tantivy index that is not sagasu's.
    #[error("{path} is not a sagasu index ({reason}); run `sagasu index --rebuild` to replace it with one")]
    NotAnIndex {
        /// The index folder.
        path: PathBuf,
        /// What gave it away.
        reason: String,
    },
    /// The folder holds files that are not an index at all.
    #[error("{path} is not a sagasu index ({example}); sagasu never deletes files it did not write, so pass --index a new or empty folder (or empty this one, then run `sagasu index --rebuild`)")]
    Foreign {
        /// The folder.
        path: PathBuf,
        /// What is there instead, e.g. `it holds notes.txt and no meta.json`.
        example: String,
    },
    /// The index was built by another version of the analyzer or schema.
    #[error("index {path} was built by analyzer version {found}, this sagasu uses version {expected}; run `sagasu index` to re-index")]
    Outdated {
        /// The index folder.
        path: PathBuf,
        /// Version found in the index.
        found: String,
        /// Version of this build.
        expected: u32,
    },
    /// The index files are damaged (truncated, missing, unreadable).
    #[error("index {path} is damaged ({reason}); run `sagasu index --rebuild`")]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// tantivy's description of the damage.
        reason: String,
    },
    /// An I/O error on the index folder itself.
    #[error("index {path}: {source}")]
    Io {
        /// The index folder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// tantivy failed while writing or committing.
    #[error("index {path}: {source}")]
    Tantivy {
        /// The index folder.
        path: PathBuf,
        /// The error tantivy gave.
        source: tantivy::TantivyError,
    },
}
