//! Errors of parsing and running a query.

/// Why a query could not be run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query text is malformed; `column` is 1-based, in characters.
    #[error("query error at column {column}: {message}")]
    Syntax {
        /// What is wrong.
        message: String,
        /// Where (1-based character column in the query).
        column: usize,
    },
    /// The alias file could not be read or parsed.
    #[error("alias file {path}: {message}")]
    Aliases {
        /// The alias file.
        path: String,
        /// What is wrong (with the line number).
        message: String,
    },
    /// tantivy failed while searching.
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl SearchError {
    pub(crate) fn syntax(column: usize, message: impl Into<String>) -> SearchError {
        SearchError::Syntax {
            message: message.into(),
            column,
        }
    }
}
