//! The pipeline wrapped as tantivy tokenizers, for index-time analysis.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::Index;

use crate::pipeline::{is_stemmable, stem, Analyzer, Buffers, Mode};

/// Name under which the exact-form index analyzer is registered.
pub const EXACT_TOKENIZER: &str = "sagasu_exact";
/// Name under which the stemmed index analyzer is registered.
pub const STEM_TOKENIZER: &str = "sagasu_stem";

/// A tantivy tokenizer running the sagasu pipeline in **index** mode
/// ([`crate::Mode::Index`]).
///
/// Do not use it to analyze queries: index-mode tokens stack the joined form
/// of a compound on its first part, which makes impossible phrases. Analyze
/// query text with [`crate::analyze`] and [`crate::Mode::Query`] (then
/// [`crate::stem`] for the stemmed field).
///
/// The tokenizer keeps its buffers from one text to the next, so indexing
/// allocates nothing per token; the stemming one also remembers the stems of
/// the words it has seen (Snowball is the slow step, and words repeat).
#[derive(Clone, Debug)]
pub struct SagasuTokenizer {
    stemmed: bool,
    buffers: Buffers,
    token: Token,
    stems: StemCache,
}

impl SagasuTokenizer {
    /// Exact-form tokens (folded, not stemmed).
    pub fn exact() -> Self {
        SagasuTokenizer {
            stemmed: false,
            buffers: Buffers::default(),
            token: Token::default(),
            stems: StemCache::default(),
        }
    }
    /// Folded and English-stemmed tokens.
    pub fn stemmed() -> Self {
        SagasuTokenizer {
            stemmed: true,
            ..SagasuTokenizer::exact()
        }
    }
}

/// The token stream of a [`SagasuTokenizer`].
pub struct SagasuTokenStream<'a> {
    analyzer: Analyzer<'a>,
    token: &'a mut Token,
    /// The stem cache, for the stemming tokenizer.
    stems: Option<&'a mut StemCache>,
}

impl TokenStream for SagasuTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if !self.analyzer.next_token(self.token) {
            return false;
        }
        if let Some(stems) = &mut self.stems {
            if let Some(stemmed) = stems.stem(&self.token.text) {
                self.token.text.clear();
                self.token.text.push_str(stemmed);
            }
        }
        true
    }
    fn token(&self) -> &Token {
        self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

impl Tokenizer for SagasuTokenizer {
    type TokenStream<'a> = SagasuTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> SagasuTokenStream<'a> {
        self.token.reset();
        SagasuTokenStream {
            analyzer: Analyzer::new(text, Mode::Index, &mut self.buffers),
            token: &mut self.token,
            stems: self.stemmed.then_some(&mut self.stems),
        }
    }
}

/// Stems of the words seen so far. Bounded: emptied when full.
#[derive(Clone, Debug, Default)]
struct StemCache {
    stems: HashMap<Box<str>, Box<str>, BuildHasherDefault<FnvHasher>>,
}

impl StemCache {
    const CAPACITY: usize = 1 << 16;

    /// The stem of `folded`, or `None` when it is `folded` itself.
    fn stem(&mut self, folded: &str) -> Option<&str> {
        if !is_stemmable(folded) {
            return None;
        }
        if !self.stems.contains_key(folded) {
            if self.stems.len() >= Self::CAPACITY {
                self.stems.clear();
            }
            let stemmed = stem(folded).into_owned().into_boxed_str();
            self.stems.insert(folded.into(), stemmed);
        }
        Some(&self.stems[folded])
    }
}

/// FNV-1a: fast for the short keys of the stem cache.
struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Registers sagasu's analyzers on `index`. tantivy does not persist
/// analyzers, so call this on every `Index` you create or open.
pub fn register_tokenizers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(EXACT_TOKENIZER, SagasuTokenizer::exact());
    manager.register(STEM_TOKENIZER, SagasuTokenizer::stemmed());
}
