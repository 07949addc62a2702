//! The pipeline wrapped as tantivy tokenizers, for index-time analysis.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::Index;

use crate::pipeline::{analyze, stem, Mode};

/// Name under which the exact-form index analyzer is registered.
pub const EXACT_TOKENIZER: &str = "sagasu_exact";
/// Name under which the stemmed index analyzer is registered.
pub const STEM_TOKENIZER: &str = "sagasu_stem";

/// A tantivy tokenizer running the sagasu pipeline in index mode.
#[derive(Clone, Debug)]
pub struct SagasuTokenizer {
    stemmed: bool,
}

impl SagasuTokenizer {
    /// Exact-form tokens (folded, not stemmed).
    pub fn exact() -> Self {
        SagasuTokenizer { stemmed: false }
    }
    /// Folded and English-stemmed tokens.
    pub fn stemmed() -> Self {
        SagasuTokenizer { stemmed: true }
    }
}

/// Token stream over a precomputed vector of tokens.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for SagasuTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = analyze(text, Mode::Index);
        if self.stemmed {
            for t in &mut tokens {
                if let std::borrow::Cow::Owned(s) = stem(&t.text) {
                    t.text = s;
                }
            }
        }
        VecTokenStream { tokens, next: 0 }
    }
}

/// Registers sagasu's analyzers on `index`. tantivy does not persist
/// analyzers, so call this on every `Index` you create or open.
pub fn register_tokenizers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(EXACT_TOKENIZER, SagasuTokenizer::exact());
    manager.register(STEM_TOKENIZER, SagasuTokenizer::stemmed());
}
