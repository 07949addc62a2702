//! The pipeline wrapped as tantivy tokenizers, for index-time analysis.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::Index;

use crate::pipeline::{stem, Analyzer, Buffers, Mode};

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
/// allocates nothing per token.
#[derive(Clone, Debug)]
pub struct SagasuTokenizer {
    stemmed: bool,
    buffers: Buffers,
    token: Token,
}

impl SagasuTokenizer {
    /// Exact-form tokens (folded, not stemmed).
    pub fn exact() -> Self {
        SagasuTokenizer {
            stemmed: false,
            buffers: Buffers::default(),
            token: Token::default(),
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
    stemmed: bool,
}

impl TokenStream for SagasuTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some((pending, folded)) = self.analyzer.next_pending() else {
            return false;
        };
        if self.stemmed {
            pending.write_to(&stem(folded), self.token);
        } else {
            pending.write_to(folded, self.token);
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
            stemmed: self.stemmed,
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
