//! sagasu's text pipeline and index schema: the contract that the indexer and
//! the searcher share.
//!
//! - [`analyze`] turns text into folded tokens whose offsets point into the
//!   original text, in [`Mode::Index`] or [`Mode::Query`] (they differ only for
//!   hyphenated compounds: see [`Mode`]).
//! - [`stem`] maps a folded token to its English stem (the second field).
//! - [`romanize`] gives names a key that their romanizations share
//!   (`Chosŏn` = `Joseon`, `김대중` = `Kim Daejung`), the third field.
//! - [`script`] tells Hangul, kana and Han apart (the language a text's
//!   script tells, for a page).
//! - [`schema::Fields`] names every field of a sagasu index;
//!   [`register_tokenizers`] must be called on every opened `tantivy::Index`
//!   (tantivy does not persist analyzers).
//!
//! ```
//! use sagasu_analysis::{analyze, Mode};
//! let words: Vec<String> = analyze("Satō met Kim Dae-jung", Mode::Query)
//!     .into_iter().map(|t| t.text).collect();
//! assert_eq!(words, ["sato", "met", "kim", "dae", "jung"]);
//! ```
//!
//! This crate does no file I/O.

// Dev-dependencies of the integration tests and benches only.
#[cfg(test)]
use {criterion as _, proptest as _, sagasu_testkit as _};

mod cjk;
mod fold;
mod pipeline;
pub mod romanize;
pub mod safe;
pub mod schema;
pub mod script;
mod segment;
mod tokenizer;

pub use cjk::close_cjk_gaps;
pub use pipeline::{analyze, fold_term, stem, Mode, MAX_TOKEN_BYTES};
pub use tantivy::tokenizer::Token;
pub use tokenizer::{
    register_tokenizers, stem_cached, NameKeyTokenizer, SagasuTokenizer, EXACT_TOKENIZER, NAME_KEY_TOKENIZER,
    STEM_TOKENIZER,
};

/// Version of the analyzer and schema. Bump it whenever indexed tokens or
/// fields change: an index built with another version is rebuilt by
/// `sagasu index` (and by `sagasu search` when the index records that it
/// was built from the same corpus). (Passage sizes are not part of it:
/// passages of another size stay searchable, and each file gets the new
/// sizes when it is next indexed, or with `--rebuild`.)
///
/// 2: the fingerprint only on a file's first passage, no stored copies of
/// fast fields, no `encoding` field.
///
/// 3: the `body_key` field (romanization keys of names).
///
/// 4: a `page` on the passages of paged documents (PDF), and `spans`, the
/// mark of a file whose passages span several segments.
///
/// 5: `ocr`, the pages of a passage whose text was read by OCR.
///
/// 6: English month and day abbreviations and given names (`Jul`, `Joe`)
/// get no romanization key (issue 24); katakana runs and hiragana words
/// standing alone get the key of their Hepburn spelling (issue 27).
///
/// 7: traditional Han characters are folded to their simplified forms
/// (國 = 国, 臺灣 = 台湾; issue 27).
///
/// 8: `indexed`, when the indexed version of a file was read (`sagasu
/// files`, issue 29).
pub const ANALYZER_VERSION: u32 = 8;
