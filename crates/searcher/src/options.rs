//! What a search is asked for: how many documents, how juxtaposed words
//! combine, how snippets are cut, whether feedback runs. The default is
//! what `sagasu search` does without options (feedback on).

use crate::feedback::Feedback;
use crate::query::Conjunction;

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
    /// Pseudo-relevance feedback: expansion terms from the top passages,
    /// added as scoring-only clauses ([`crate::feedback`]). On by default,
    /// as in `sagasu search` (`None`: `--no-prf`).
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
            feedback: Some(Feedback::default()),
        }
    }
}
