//! What a search returns (serialized as the `--json` output).

use serde::Serialize;

use crate::feedback::FeedbackUsed;
use crate::query::Expansion;

/// The outcome of one query.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// How many documents matched in all (before paging).
    pub total_documents: usize,
    /// Whether an all-terms query found nothing and any-term was used instead.
    pub fallback: bool,
    /// Alias expansions made.
    pub expansions: Vec<Expansion>,
    /// With `--prf`, when something matched: the expansion terms that
    /// feedback added and their weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<FeedbackUsed>,
    /// Closest indexed terms for query words, when nothing matched.
    pub suggestions: Vec<Suggestion>,
    /// Documents (or passages with `--passages`), best first.
    pub results: Vec<DocResult>,
    /// With `--explain`: how the query was parsed, analyzed and scored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explain>,
}

impl SearchResults {
    /// The JSON form of the results: one line, ending with a newline.
    /// `sagasu search --json` prints exactly these bytes and `sagasu
    /// serve`'s `/api/search` answers with them, so the two cannot drift.
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut out = serde_json::to_vec(self)?;
        out.push(b'\n');
        Ok(out)
    }

    /// Marks the results whose file `is_gone` says is no longer there
    /// ([`DocResult::gone`]); returns how many it marked.
    pub fn mark_gone(&mut self, is_gone: impl Fn(&str) -> bool) -> usize {
        let mut n = 0;
        for doc in &mut self.results {
            doc.gone = is_gone(&doc.path);
            n += usize::from(doc.gone);
        }
        n
    }
}

/// One matching document.
#[derive(Debug, Clone, Serialize)]
pub struct DocResult {
    /// 1-based rank (after `--offset`).
    pub rank: usize,
    /// Path relative to the corpus.
    pub path: String,
    /// The document's title.
    pub title: String,
    /// Score of its best passage.
    pub score: f32,
    /// Its best non-overlapping passages.
    pub passages: Vec<PassageResult>,
    /// Whether its file was deleted (or moved) since it was indexed: the
    /// index holds its text, the folder no longer holds it. Checked by
    /// the CLI and the server for the results shown; in the JSON only
    /// when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub gone: bool,
    /// The other paths of the same bytes (sorted; empty when it has no
    /// copy): a duplicate file is shown once, under its first path.
    pub duplicates: Vec<String>,
}

/// One passage shown for a document.
#[derive(Debug, Clone, Serialize)]
pub struct PassageResult {
    /// First line of the passage.
    pub line_start: u64,
    /// Last line of the passage.
    pub line_end: u64,
    /// Line of the first highlighted word.
    pub line: u64,
    /// Byte offset of the first highlighted word in the document's decoded
    /// text (UTF-8, line ends as `\n`): for a UTF-8 file with `\n` line
    /// ends, its offset in the file. Locates a match inside a long line.
    pub byte: u64,
    /// Page of the first highlighted word, for paged documents (PDF: the
    /// `#page=N` a viewer opens); `null` for documents without pages.
    pub page: Option<u64>,
    /// Whether the text at `page` was read by OCR (a scanned page or an
    /// image): its spelling may be wrong, and a fuzzy query (`word~`)
    /// finds what OCR misread.
    pub ocr: bool,
    /// The passage's score.
    pub score: f32,
    /// The highlighted fragment.
    pub snippet: String,
    /// Byte ranges of `snippet` to highlight.
    pub highlights: Vec<(usize, usize)>,
}

/// Closest indexed terms for a query word that matched nothing.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// The word as typed.
    pub word: String,
    /// Indexed (folded) terms, closest and most frequent first.
    pub terms: Vec<String>,
}

/// `--explain` output.
#[derive(Debug, Clone, Serialize)]
pub struct Explain {
    /// The analyzed query tree (after alias expansion), exclusions last.
    pub parsed: String,
    /// Analyzed tokens per clause and field.
    pub analyzed: Vec<String>,
    /// The tantivy query.
    pub tantivy_query: String,
    /// Scoring of the top hit (tantivy's explanation).
    pub top_hit: Option<serde_json::Value>,
}
