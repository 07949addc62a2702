//! The Quickwit index: its field names and its `index-config.yaml`.
//!
//! One Quickwit document per passage. The passage's original text and
//! title are stored and not indexed (snippets are cut from them by
//! sagasu); the token fields ([`crate::tokens`]) are indexed with the
//! `whitespace` tokenizer, positions and fieldnorms, and not stored.

/// `path#passage`: the passage's unique id.
pub const ID: &str = "id";
/// Path relative to the corpus (raw: one term; fast, for aggregations).
pub const PATH: &str = "path";
/// Index of the passage within its document.
pub const PASSAGE: &str = "passage";
/// The document's title as written (stored only).
pub const TITLE: &str = "title";
/// First line of the passage.
pub const LINE_START: &str = "line_start";
/// Last line of the passage.
pub const LINE_END: &str = "line_end";
/// Byte offset of the passage in its decoded document.
pub const BYTE_START: &str = "byte_start";
/// Page of the passage, for formats that have pages (absent otherwise).
pub const PAGE: &str = "page";
/// The passage text as written (stored only: snippets).
pub const TEXT: &str = "text";
/// Exact (folded) forms of the text.
pub const BODY: &str = "body";
/// Stems of the text's tokens.
pub const BODY_STEM: &str = "body_stem";
/// Romanization keys of the text's names.
pub const BODY_KEY: &str = "body_key";
/// Exact forms of the title.
pub const TITLE_TOKENS: &str = "title_tokens";

/// The stored fields a search reads back (never the token fields, which
/// are not stored).
pub const STORED: &[&str] = &[PATH, PASSAGE, TITLE, LINE_START, LINE_END, BYTE_START, PAGE, TEXT];

/// Whether `id` can name a Quickwit index: a letter, then at least two of
/// letters, digits, `-`, `_` and `.` (at most 255 characters in all).
pub fn valid_index_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && (3..=255).contains(&id.len())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The `index-config.yaml` of an index named `index_id` (checked with
/// [`valid_index_id`] by the caller).
///
/// `commit_timeout_secs` is short so that an ingest is searchable soon.
/// Scores are computed per split (Quickwit has no global statistics), so
/// the merge policy merges any two splits of a level (Quickwit's default
/// waits for 10): splits grow to `split_num_docs_target` (10 million
/// documents) and rank as the local index does. On debdocs (68,420
/// passages) three splits gave a top-10 document overlap with local
/// search of 0.84, one split 0.98 (BENCHMARKS.md). Trap: merging is the
/// indexer's work; a cluster with much more to ingest may prefer
/// Quickwit's default (fewer merges, scores further from local ones).
pub fn index_config(index_id: &str) -> String {
    let token_field = |name: &str, what: &str| {
        format!(
            "    # {what}\n    - name: {name}\n      type: text\n      tokenizer: whitespace\n      \
             record: position\n      fieldnorms: true\n      stored: false\n"
        )
    };
    let mut out = format!(
        "# A sagasu index handed over to Quickwit (`sagasu export --to quickwit`).\n\
         # One document per passage; the token fields hold sagasu's analyzed tokens\n\
         # joined by spaces (sagasu analyzes queries the same way before sending them).\n\
         version: 0.9\n\
         index_id: {index_id}\n\
         doc_mapping:\n  \
           mode: strict\n  \
           field_mappings:\n    \
             - name: {ID}\n      type: text\n      tokenizer: raw\n      stored: true\n    \
             - name: {PATH}\n      type: text\n      tokenizer: raw\n      stored: true\n      fast: true\n    \
             - name: {PASSAGE}\n      type: u64\n      stored: true\n      indexed: true\n    \
             - name: {TITLE}\n      type: text\n      indexed: false\n      stored: true\n    \
             - name: {LINE_START}\n      type: u64\n      indexed: false\n      stored: true\n    \
             - name: {LINE_END}\n      type: u64\n      indexed: false\n      stored: true\n    \
             - name: {BYTE_START}\n      type: u64\n      indexed: false\n      stored: true\n    \
             - name: {PAGE}\n      type: u64\n      indexed: false\n      stored: true\n    \
             - name: {TEXT}\n      type: text\n      indexed: false\n      stored: true\n"
    );
    out.push_str(&token_field(
        BODY,
        "exact forms: one token per position, then the stacked ones",
    ));
    out.push_str(&token_field(
        BODY_STEM,
        "English stems of the tokens of body, in its order",
    ));
    out.push_str(&token_field(
        BODY_KEY,
        "romanization keys of names (`_` stands for skipped positions)",
    ));
    out.push_str(&token_field(TITLE_TOKENS, "exact forms of the title"));
    out.push_str(&format!(
        "search_settings:\n  \
           default_search_fields: [{BODY}]\n\
         indexing_settings:\n  \
           commit_timeout_secs: 10\n  \
           merge_policy:\n    \
             type: stable_log\n    \
             merge_factor: 2\n    \
             max_merge_factor: 10\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_ids_follow_quickwits_rule() {
        assert!(valid_index_id("debdocs"));
        assert!(valid_index_id("sagasu-corpus_1.2"));
        assert!(!valid_index_id("ab"));
        assert!(!valid_index_id("1abc"));
        assert!(!valid_index_id("deb docs"));
        assert!(!valid_index_id("débdocs"));
    }
}
