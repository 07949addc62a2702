//! The text pipeline: segmentation, folding, compounds, stemming.

use std::borrow::Cow;

use tantivy::tokenizer::Token;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Where the text comes from: a document being indexed or a user's query.
///
/// The two differ in one place only: a hyphenated compound ("Dae-jung") is
/// indexed as its parts *and* the joined word (stacked at the first part's
/// position), but queried as its parts only. A phrase built from index-mode
/// tokens would demand both at one position and could never match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Document text.
    Index,
    /// Query text.
    Query,
}

/// Analyzes `text` into folded exact-form tokens.
///
/// Every token's `offset_from..offset_to` is a char-boundary range of `text`
/// covering the original spelling.
pub fn analyze(text: &str, mode: Mode) -> Vec<Token> {
    let _ = mode;
    let mut out = Vec::new();
    for (start, word) in text.split_word_bound_indices() {
        if !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        let folded = fold_term(word);
        if folded.is_empty() {
            continue;
        }
        let position = out.len();
        out.push(Token {
            offset_from: start,
            offset_to: start + word.len(),
            position,
            text: folded,
            position_length: 1,
        });
    }
    out
}

/// Folds one word: NFKC, lower case, diacritics removed.
pub fn fold_term(word: &str) -> String {
    word.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// English stem of a folded token (tokens in other scripts are returned as
/// they are).
pub fn stem(folded: &str) -> Cow<'_, str> {
    thread_local! {
        static STEMMER: rust_stemmers::Stemmer =
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    }
    if !folded.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Cow::Borrowed(folded);
    }
    STEMMER.with(|s| Cow::Owned(s.stem(folded).into_owned()))
}
