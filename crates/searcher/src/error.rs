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
    /// tantivy failed while searching. (Not a `source`: the message already
    /// holds tantivy's, and a source would print it twice in an error chain.)
    #[error("search failed: {}", one_line(&.0.to_string()))]
    Tantivy(tantivy::TantivyError),
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> SearchError {
        SearchError::Tantivy(e)
    }
}

/// `message` with its line breaks and runs of spaces made single spaces:
/// an error is one line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl SearchError {
    pub(crate) fn syntax(column: usize, message: impl Into<String>) -> SearchError {
        SearchError::Syntax {
            message: message.into(),
            column,
        }
    }
}
