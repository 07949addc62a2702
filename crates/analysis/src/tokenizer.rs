//! The pipeline wrapped as tantivy tokenizers, for index-time analysis.

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::Index;

use crate::pipeline::{analyze, is_stemmable, stem, Analyzer, Buffers, Mode};
use crate::romanize::{name_keys, NameKey};

/// Name under which the exact-form index analyzer is registered.
pub const EXACT_TOKENIZER: &str = "sagasu_exact";
/// Name under which the stemmed index analyzer is registered.
pub const STEM_TOKENIZER: &str = "sagasu_stem";
/// Name under which the romanization-key analyzer is registered.
pub const NAME_KEY_TOKENIZER: &str = "sagasu_name_key";

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
/// the words its thread has seen (Snowball is the slow step, and words
/// repeat), across the tokenizer's clones: tantivy clones it for each
/// segment it writes.
#[derive(Clone, Debug)]
pub struct SagasuTokenizer {
    stemmed: bool,
    /// Keep the exact tokens for the stemming tokenizer (index time).
    record: bool,
    buffers: Buffers,
    token: Token,
}

impl SagasuTokenizer {
    /// Exact-form tokens (folded, not stemmed).
    pub fn exact() -> Self {
        SagasuTokenizer {
            stemmed: false,
            record: false,
            buffers: Buffers::default(),
            token: Token::default(),
        }
    }
    /// Exact-form tokens, recorded so that a stemming tokenizer on the same
    /// thread given the same text next replays them instead of analyzing
    /// the text again (what [`register_tokenizers`] installs).
    pub fn exact_recording() -> Self {
        SagasuTokenizer {
            record: true,
            ..SagasuTokenizer::exact()
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
///
/// It holds its thread's recording and stem cache while it lives (taken
/// from their thread-locals when it starts, given back when it is
/// dropped), so that a token costs no thread-local access.
pub struct SagasuTokenStream<'a> {
    source: Source<'a>,
    token: &'a mut Token,
    /// The stem cache, for the stemming tokenizer.
    stems: Option<StemCache>,
    /// The recording, recorded into (the recording exact tokenizer) or
    /// replayed (the stemming one).
    recording: Option<Recording>,
}

/// Where a stream's tokens come from.
enum Source<'a> {
    /// The pipeline.
    Analyzer(Analyzer<'a>),
    /// The exact tokens of this same text, analyzed just before.
    Replay { next: usize },
}

impl TokenStream for SagasuTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match &mut self.source {
            Source::Analyzer(analyzer) => {
                if !analyzer.next_token(self.token) {
                    if let Some(recording) = &mut self.recording {
                        recording.complete = true;
                    }
                    return false;
                }
                if let Some(recording) = &mut self.recording {
                    recording.push(self.token);
                }
            }
            Source::Replay { next } => {
                if !self.recording.as_ref().is_some_and(|r| r.copy_to(*next, self.token)) {
                    return false;
                }
                *next += 1;
            }
        }
        if let Some(stems) = &mut self.stems {
            if is_stemmable(&self.token.text) {
                stems.stem_in_place(&mut self.token.text);
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

impl Drop for SagasuTokenStream<'_> {
    fn drop(&mut self) {
        if let Some(recording) = self.recording.take() {
            LAST_EXACT.with(|r| *r.borrow_mut() = recording);
        }
        if let Some(stems) = self.stems.take() {
            STEMS.with(|s| *s.borrow_mut() = stems);
        }
    }
}

impl Tokenizer for SagasuTokenizer {
    type TokenStream<'a> = SagasuTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> SagasuTokenStream<'a> {
        self.token.reset();
        let take = || LAST_EXACT.with(|r| std::mem::take(&mut *r.borrow_mut()));
        let (source, recording) = if self.stemmed && LAST_EXACT.with(|r| r.borrow().holds(text)) {
            (Source::Replay { next: 0 }, Some(take()))
        } else {
            let recording = self.record.then(|| {
                let mut recording = take();
                recording.start(text);
                recording
            });
            let analyzer = Analyzer::new(text, Mode::Index, &mut self.buffers);
            (Source::Analyzer(analyzer), recording)
        };
        SagasuTokenStream {
            source,
            token: &mut self.token,
            stems: self
                .stemmed
                .then(|| STEMS.with(|s| std::mem::take(&mut *s.borrow_mut()))),
            recording,
        }
    }
}

thread_local! {
    /// The tokens of the text the exact tokenizer analyzed last on this
    /// thread. tantivy indexes a document's fields in field order on one
    /// thread, and the indexer gives `body` and `body_stem` the same text:
    /// the stemming tokenizer replays these tokens (and stems them)
    /// instead of running the pipeline a second time.
    static LAST_EXACT: RefCell<Recording> = RefCell::new(Recording::default());
}

/// A recording of one exact analysis (token buffers are reused).
#[derive(Default)]
struct Recording {
    text: String,
    tokens: Vec<Token>,
    len: usize,
    /// The stream ran to its end.
    complete: bool,
}

impl Recording {
    /// Longer texts are not recorded: passages are far shorter, and a
    /// 10 MB document analyzed whole should not be kept twice.
    const MAX_TEXT: usize = 1 << 16;

    fn start(&mut self, text: &str) {
        self.text.clear();
        self.len = 0;
        self.complete = false;
        if text.len() <= Self::MAX_TEXT {
            self.text.push_str(text);
        }
    }

    fn push(&mut self, token: &Token) {
        if self.text.is_empty() {
            return;
        }
        if self.len == self.tokens.len() {
            self.tokens.push(Token::default());
        }
        copy_token(token, &mut self.tokens[self.len]);
        self.len += 1;
    }

    fn holds(&self, text: &str) -> bool {
        self.complete && !self.text.is_empty() && self.text == text
    }

    /// Copies token `i` into `out`; false past the last one.
    fn copy_to(&self, i: usize, out: &mut Token) -> bool {
        let Some(t) = self.tokens[..self.len].get(i) else {
            return false;
        };
        copy_token(t, out);
        true
    }
}

fn copy_token(from: &Token, to: &mut Token) {
    to.offset_from = from.offset_from;
    to.offset_to = from.offset_to;
    to.position = from.position;
    to.position_length = from.position_length;
    to.text.clear();
    to.text.push_str(&from.text);
}

thread_local! {
    /// The stems of the words the stemming tokenizers of this thread have
    /// seen: one cache for all the tokenizer's clones (tantivy clones it
    /// per segment, and a segment's fresh cache computed again most of the
    /// stems of the one before).
    static STEMS: RefCell<StemCache> = RefCell::new(StemCache::default());
}

/// Stems of the words seen so far. Bounded: emptied when full.
#[derive(Debug, Default)]
struct StemCache {
    stems: HashMap<Box<str>, Box<str>, rustc_hash::FxBuildHasher>,
}

impl StemCache {
    const CAPACITY: usize = 1 << 16;

    /// `found(stem(folded))`, the stem computed only when not kept.
    fn with_stem<R>(&mut self, folded: &str, found: impl FnOnce(&str) -> R) -> R {
        if let Some(stemmed) = self.stems.get(folded) {
            return found(stemmed);
        }
        let stemmed: Box<str> = stem(folded).into();
        let out = found(&stemmed);
        if self.stems.len() >= Self::CAPACITY {
            self.stems.clear();
        }
        self.stems.insert(folded.into(), stemmed);
        out
    }

    /// Replaces `folded` (a stemmable token) with its stem.
    fn stem_in_place(&mut self, folded: &mut String) {
        if let Some(stemmed) = self.stems.get(folded.as_str()) {
            folded.clear();
            folded.push_str(stemmed);
            return;
        }
        if self.stems.len() >= Self::CAPACITY {
            self.stems.clear();
        }
        let stemmed: Box<str> = stem(folded).into();
        let key = std::mem::replace(folded, stemmed.to_string()).into_boxed_str();
        self.stems.insert(key, stemmed);
    }
}

/// `found(stem(folded))` ([`crate::stem`]), through this thread's cache of
/// stems, the one the stemming tokenizer keeps: a caller that stems the
/// same few words again and again (`--every` stems every word that starts
/// like the query's stem) pays Snowball's few thousand instructions once a
/// word. While a stemming token stream of this thread lives it holds the
/// cache, and this one computes the stem (the same stem, uncached).
pub fn stem_cached<R>(folded: &str, found: impl FnOnce(&str) -> R) -> R {
    STEMS.with(|s| s.borrow_mut().with_stem(folded, found))
}

/// The romanization keys of a text's name candidates
/// ([`crate::romanize::name_keys`]), at the positions of the exact tokens:
/// the index side of names across romanizations. Sparse: English words get
/// nothing.
///
/// Like the stemming tokenizer, it replays the exact tokenizer's tokens when
/// it is given the same text next (the indexer gives `body` and `body_key`
/// the same passage), instead of analyzing the text again.
#[derive(Clone, Debug, Default)]
pub struct NameKeyTokenizer {
    keys: Vec<NameKey>,
    token: Token,
}

/// The token stream of a [`NameKeyTokenizer`].
pub struct NameKeyStream<'a> {
    keys: std::slice::Iter<'a, NameKey>,
    token: &'a mut Token,
}

impl Tokenizer for NameKeyTokenizer {
    type TokenStream<'a> = NameKeyStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> NameKeyStream<'a> {
        self.token.reset();
        self.keys = LAST_EXACT.with(|r| {
            let r = r.borrow();
            if r.holds(text) {
                name_keys(text, &r.tokens[..r.len])
            } else {
                name_keys(text, &analyze(text, Mode::Index))
            }
        });
        NameKeyStream {
            keys: self.keys.iter(),
            token: &mut self.token,
        }
    }
}

impl TokenStream for NameKeyStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(k) = self.keys.next() else {
            return false;
        };
        self.token.offset_from = k.from;
        self.token.offset_to = k.to;
        self.token.position = k.position;
        self.token.position_length = 1;
        self.token.text.clear();
        self.token.text.push_str(&k.key);
        true
    }
    fn token(&self) -> &Token {
        self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Registers sagasu's analyzers on `index`. tantivy does not persist
/// analyzers, so call this on every `Index` you create or open.
pub fn register_tokenizers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(EXACT_TOKENIZER, SagasuTokenizer::exact_recording());
    manager.register(STEM_TOKENIZER, SagasuTokenizer::stemmed());
    manager.register(NAME_KEY_TOKENIZER, NameKeyTokenizer::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(tokenizer: &mut SagasuTokenizer, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut stream = tokenizer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    /// The stemming tokenizer replays the exact tokenizer's tokens when it
    /// gets the same text next: the result must be what its own analysis
    /// gives, and a different text must not be replayed.
    #[test]
    fn replayed_stems_equal_analyzed_stems() {
        let texts = [
            "Kim Dae-jung met Satō Eisaku; the occupa-\ntion ended. 日本語のテキスト 한국어 Русский",
            "Governments were negotiating treaties; ＲＯＫ and U.S. officials’ statements",
            "",
            "Governments were negotiating treaties",
        ];
        for text in texts {
            let fresh = std::thread::scope(|s| {
                s.spawn(|| tokens(&mut SagasuTokenizer::stemmed(), text))
                    .join()
                    .unwrap()
            });
            let mut exact = SagasuTokenizer::exact_recording();
            let mut stemmed = SagasuTokenizer::stemmed();
            tokens(&mut exact, text);
            assert_eq!(tokens(&mut stemmed, text), fresh, "{text}");
            // Another text after the recording is analyzed, not replayed.
            tokens(&mut exact, text);
            let other = format!("{text} treaties");
            let fresh_other = std::thread::scope(|s| {
                s.spawn(|| tokens(&mut SagasuTokenizer::stemmed(), &other))
                    .join()
                    .unwrap()
            });
            assert_eq!(tokens(&mut stemmed, &other), fresh_other, "{other}");
        }
    }

    /// A stream dropped before its end leaves nothing to replay.
    #[test]
    fn an_unfinished_recording_is_not_replayed() {
        let text = "negotiating treaties between governments";
        let mut exact = SagasuTokenizer::exact_recording();
        {
            let mut stream = exact.token_stream(text);
            assert!(stream.advance());
        }
        let fresh = std::thread::scope(|s| {
            s.spawn(|| tokens(&mut SagasuTokenizer::stemmed(), text))
                .join()
                .unwrap()
        });
        assert_eq!(tokens(&mut SagasuTokenizer::stemmed(), text), fresh);
        assert_eq!(fresh.len(), 4);
    }
}
