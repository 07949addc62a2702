//! Properties of the analyzer on arbitrary text: it never panics, every
//! offset range is a char-boundary slice of the original text, token texts
//! are non-empty, positions never decrease, and query-mode tokens are found
//! at the same positions among index-mode tokens.
//!
//! Case counts are bounded for CI (256 per property); for a long run set
//! `PROPTEST_CASES`, e.g. `PROPTEST_CASES=100000 cargo test --release -p
//! sagasu-analysis --test properties`.
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use proptest::prelude::*;
use sagasu_analysis::{analyze, stem, Mode, SagasuTokenizer};
use tantivy::tokenizer::{TokenStream, Tokenizer};

/// Characters that exercise the pipeline's rules, mixed with arbitrary ones.
fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        // ASCII letters, digits, and the punctuation the rules look at.
        3 => prop::sample::select(
            "aZ9 .,;:_'`-\n\r\ts".chars().collect::<Vec<_>>()
        ),
        // Apostrophes, hyphens, dashes, soft hyphen, format and space characters.
        2 => prop::sample::select(vec![
            '\u{2019}', '\u{2018}', '\u{02BC}', '\u{2032}', '\u{00B4}', '\u{2010}', '\u{2011}',
            '\u{2013}', '\u{2014}', '\u{00AD}', '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{00A0}',
            '\u{2028}', '\u{0085}', '\u{000B}', '\u{000C}', '\u{FF0D}', '\u{FF07}', '\u{00B7}',
        ]),
        // Combining marks (Latin, Hebrew, Arabic, Devanagari, kana voicing).
        2 => prop::sample::select(vec![
            '\u{0301}', '\u{0304}', '\u{0306}', '\u{030C}', '\u{0307}', '\u{05B0}', '\u{064E}',
            '\u{0654}', '\u{093F}', '\u{094D}', '\u{3099}', '\u{309A}', '\u{FE0F}', '\u{E0100}',
            '\u{1AB0}', '\u{20DD}',
        ]),
        // Letters with decompositions and the special letters.
        2 => prop::sample::select(vec![
            'ō', 'ŏ', 'ǒ', 'Ō', 'ç', 'ñ', 'ø', 'ł', 'đ', 'æ', 'œ', 'ß', 'ẞ', 'ı', 'İ', 'ς', 'Σ',
            'й', 'ё', 'ﬁ', 'ﬃ', 'Ｒ', '２', '²', '½', 'ŉ', 'ǅ', 'Ⅻ', '㉑', 'ﷺ', 'ﾞ',
        ]),
        // CJK, kana, Hangul (syllables and jamo), half-width forms.
        2 => prop::sample::select(vec![
            '日', '本', '語', 'を', 'カ', 'ー', '々', '독', '도', '는', '\u{1100}', '\u{1161}',
            '\u{11A8}', '\u{3131}', 'ｶ', 'ﾟ', '\u{F900}', '\u{2F00}', '㍿', '𠀀', '\u{FFA1}',
        ]),
        // Right-to-left scripts, bidi controls, emoji and modifiers.
        2 => prop::sample::select(vec![
            'ש', 'ל', 'ו', 'م', 'ر', 'ح', 'ـ', '\u{200F}', '\u{202E}', '\u{2067}', '😀',
            '\u{1F3FD}', '\u{1F1EF}', '\u{1F1F5}', '👨', '\u{20E3}',
        ]),
        // Anything at all.
        3 => any::<char>(),
    ]
}

fn interesting_text() -> impl Strategy<Value = String> {
    prop::collection::vec(interesting_char(), 0..64).prop_map(|c| c.into_iter().collect())
}

/// Arbitrary bytes decoded lossily (lone surrogates and invalid UTF-8 become
/// U+FFFD, as a document decoder would produce).
fn lossy_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..128).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    sagasu_testkit::invariants::tokens(text).map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn interesting_text_is_analyzed_safely(text in interesting_text()) {
        check(&text)?;
    }

    #[test]
    fn lossy_bytes_are_analyzed_safely(text in lossy_text()) {
        check(&text)?;
    }

    #[test]
    fn any_string_is_analyzed_safely(text in any::<String>()) {
        check(&text)?;
    }

    /// The tantivy tokenizer yields what analyze() yields in index mode.
    #[test]
    fn tokenizer_matches_analyze(text in interesting_text()) {
        let expected = analyze(&text, Mode::Index);
        let mut tokenizer = SagasuTokenizer::exact();
        // Twice: the second run reuses the buffers of the first.
        for _ in 0..2 {
            let mut stream = tokenizer.token_stream(&text);
            let mut got = Vec::new();
            while stream.advance() {
                got.push(stream.token().clone());
            }
            prop_assert_eq!(&got, &expected);
        }
    }

    /// The stemming tokenizer yields stem() of what analyze() yields.
    #[test]
    fn stemming_tokenizer_matches_stem(words in prop::collection::vec(
        prop::sample::select(vec![
            "negotiations", "negotiating", "Relations", "running", "Dae-jung", "Japan’s", "日本語",
            "1990s", "US", "the", "caresses", "ponies", "généralement", "restric-\ntions",
        ]),
        0..24,
    )) {
        let text = words.join(" ");
        let expected: Vec<String> = analyze(&text, Mode::Index)
            .iter()
            .map(|t| stem(&t.text).into_owned())
            .collect();
        let mut tokenizer = SagasuTokenizer::stemmed();
        for _ in 0..2 {
            let mut stream = tokenizer.token_stream(&text);
            let mut got = Vec::new();
            while stream.advance() {
                got.push(stream.token().text.clone());
            }
            prop_assert_eq!(&got, &expected);
        }
    }
}
