//! Errors of exporting to Quickwit and of searching a cluster.

use std::path::{Path, PathBuf};

use sagasu_searcher::SearchError;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The export folder exists and holds something: nothing is overwritten.
    #[error("{0}: the export folder is not empty (give a new or empty folder)")]
    NotEmpty(PathBuf),
    /// A file of the export could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The index id is not one Quickwit accepts.
    #[error("{0:?} is not a Quickwit index id: a letter, then letters, digits, `-`, `_` or `.` (3 to 255 characters)")]
    IndexId(String),
    /// The previous export given with `--since` cannot be used.
    #[error("--since {path}: {message}")]
    Since {
        /// Its state file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The index could not be read.
    #[error("reading the index: {0}")]
    Index(String),
}

impl ExportError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> ExportError {
        ExportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<tantivy::TantivyError> for ExportError {
    fn from(e: tantivy::TantivyError) -> ExportError {
        ExportError::Index(one_line(&e.to_string()))
    }
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> ExportError {
        ExportError::Index(e.to_string())
    }
}

/// Why a search through Quickwit failed.
#[derive(Debug, thiserror::Error)]
pub enum QuickwitError {
    /// `--quickwit` is not `http://HOST:PORT/INDEX`.
    #[error("--quickwit {given:?}: {message}")]
    Target {
        /// What was given.
        given: String,
        /// What is wrong.
        message: String,
    },
    /// The query is malformed (or its alias file), as for a local search.
    #[error(transparent)]
    Query(#[from] SearchError),
    /// The cluster could not be reached.
    #[error("Quickwit at {url}: {message}")]
    Unreachable {
        /// The URL requested.
        url: String,
        /// The transport error.
        message: String,
    },
    /// The cluster answered with an error.
    #[error("Quickwit at {url} answered {status}: {message}")]
    Status {
        /// The URL requested.
        url: String,
        /// The HTTP status.
        status: u16,
        /// Quickwit's message (one line).
        message: String,
    },
    /// The answer is not what a Quickwit search returns.
    #[error("Quickwit at {url}: unexpected answer: {message}")]
    Answer {
        /// The URL requested.
        url: String,
        /// What is wrong with it.
        message: String,
    },
    /// An exclusion matches more documents than an aggregation can list.
    #[error("the exclusion `{clause}` matches more than {limit} documents, more than Quickwit can list")]
    TooManyExcluded {
        /// The exclusion.
        clause: String,
        /// How many documents a terms aggregation lists.
        limit: usize,
    },
}

/// `message` with its line breaks and runs of spaces made single spaces.
pub(crate) fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
