//! Finding a query's matches again in text: which words of a passage (or of
//! any text) a query matches, and where its phrases occur.
//!
//! The text is analyzed with the index-mode analyzer, so every match covers
//! the text's own spelling (Satō for `sato`, Dae-jung for `daejung`) and the
//! matches are those the index would give: exact forms, stems, prefixes,
//! fuzzy words. [`crate::snippet`] picks and renders a fragment from them.

use std::cell::RefCell;

use rustc_hash::FxHashSet;
use sagasu_analysis::romanize::{may_be_name, name_keys};
use sagasu_analysis::{fold_term, stem, SagasuTokenizer, Token};
use tantivy::tokenizer::{TokenStream, Tokenizer};

use crate::edit_distance::within_distance;
use crate::query::{AnalyzedQuery, FieldSel, LeafKind};

/// The words a query matches, to find them again in text. Built from the
/// query's positive leaves (excluded clauses are never highlighted).
#[derive(Debug, Default, Clone)]
pub struct Highlighter {
    exact: FxHashSet<String>,
    stems: FxHashSet<String>,
    prefixes: Vec<String>,
    fuzzy: Vec<(String, u8)>,
    /// Romanization keys of the query's names: a name candidate of the
    /// text with one of them matches, in whatever spelling it is written.
    keys: FxHashSet<String>,
    /// Stems of the query's body phrases (several tokens, in order), so
    /// that a snippet can prefer a fragment where a phrase occurs.
    phrases: Vec<Vec<String>>,
}

/// A matching token of a text: its byte range (of the original spelling)
/// and its folded form. Overlapping matches are merged into one span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Start byte in the text.
    pub start: usize,
    /// End byte in the text.
    pub end: usize,
    /// The folded token that matched (the first one of merged tokens).
    pub folded: String,
}

impl Highlighter {
    /// The highlighter of an analyzed query.
    pub fn new(query: &AnalyzedQuery) -> Highlighter {
        let mut hl = Highlighter::default();
        for leaf in query.positive_leaves() {
            match leaf.kind {
                LeafKind::Words | LeafKind::Phrase { .. } => {
                    hl.exact.extend(leaf.tokens.iter().map(|t| t.text.clone()));
                    if leaf.field == FieldSel::Body {
                        hl.stems.extend(leaf.tokens.iter().map(|t| t.stem.clone()));
                        if leaf.tokens.len() >= 2 {
                            hl.phrases.push(leaf.tokens.iter().map(|t| t.stem.clone()).collect());
                        }
                    }
                }
                LeafKind::Prefix => hl.prefixes.extend(leaf.tokens.iter().map(|t| t.text.clone())),
                LeafKind::Fuzzy { distance } => hl.fuzzy.extend(leaf.tokens.iter().map(|t| (t.text.clone(), distance))),
                LeafKind::Name { .. } => hl.keys.extend(leaf.tokens.iter().map(|t| t.text.clone())),
                LeafKind::Glob => {}
            }
        }
        hl
    }

    /// Whether a folded token of passage text matches the query.
    pub fn matches(&self, folded: &str) -> bool {
        self.exact.contains(folded)
            || (self.may_stem_to_a_query_stem(folded) && self.stems.contains(stem(folded).as_ref()))
            || self.prefixes.iter().any(|p| folded.starts_with(p.as_str()))
            || self.fuzzy.iter().any(|(w, d)| within_distance(w, folded, *d as usize))
    }

    /// Whether `folded` can have one of the query's stems when it is not a
    /// query word itself: English Snowball never changes a word's first
    /// letter, so the (slow) stemmer only runs for words that start like a
    /// query stem; and it leaves non-ASCII words alone, whose only stems
    /// are the query words themselves (CJK passages skip this step).
    fn may_stem_to_a_query_stem(&self, folded: &str) -> bool {
        let first = folded.as_bytes().first();
        first.is_some_and(u8::is_ascii) && self.stems.iter().any(|s| s.as_bytes().first() == first)
    }

    /// Whether nothing would be highlighted.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefixes.is_empty() && self.fuzzy.is_empty() && self.keys.is_empty()
    }

    /// The matching tokens of `text` (any text: a passage, a whole
    /// document), in order, overlapping ones merged.
    pub fn spans(&self, text: &str) -> Vec<Span> {
        let mut spans: Vec<Span> = Vec::new();
        if self.is_empty() {
            return spans;
        }
        thread_local! {
            /// The index-mode analyzer with its buffers, kept from one text
            /// to the next: only matching tokens allocate.
            static TOKENIZER: RefCell<SagasuTokenizer> = RefCell::new(SagasuTokenizer::exact());
        }
        // With names to find: the tokens that may be names, for `name_keys`.
        let mut names: Vec<Token> = Vec::new();
        let with_names = !self.keys.is_empty();
        TOKENIZER.with(|tokenizer| {
            let mut tokenizer = tokenizer.borrow_mut();
            let mut stream = tokenizer.token_stream(text);
            while stream.advance() {
                let t = stream.token();
                if with_names && may_be_name(text, t.offset_from, t.offset_to) {
                    names.push(t.clone());
                }
                if !self.matches(&t.text) {
                    continue;
                }
                if let Some(last) = spans.last_mut() {
                    if t.offset_from < last.end {
                        last.end = last.end.max(t.offset_to);
                        continue;
                    }
                }
                spans.push(Span {
                    start: t.offset_from,
                    end: t.offset_to,
                    folded: t.text.clone(),
                });
            }
        });
        if with_names {
            self.add_names(text, &names, &mut spans);
        }
        spans.sort_by_key(|s| s.start);
        spans
    }

    /// Adds the names among `tokens` (those of `text` that may be names)
    /// whose key the query has (`Chosŏn` for a query `Joseon`), then
    /// merges overlapping spans.
    fn add_names(&self, text: &str, tokens: &[Token], spans: &mut Vec<Span>) {
        for k in name_keys(text, tokens) {
            if self.keys.contains(&k.key) {
                spans.push(Span {
                    start: k.from,
                    end: k.to,
                    folded: fold_term(&text[k.from..k.to]),
                });
            }
        }
        spans.sort_by_key(|s| s.start);
        let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
        for s in spans.drain(..) {
            match merged.last_mut() {
                Some(last) if s.start < last.end => last.end = last.end.max(s.end),
                _ => merged.push(s),
            }
        }
        *spans = merged;
    }

    /// Byte ranges of the phrase occurrences among `spans` (from
    /// [`Highlighter::spans`] of the same `text`): consecutive matches whose
    /// stems are a query phrase's, separated by no letter or digit.
    pub fn phrase_occurrences(&self, text: &str, spans: &[Span]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        if self.phrases.is_empty() {
            return out;
        }
        let stems: Vec<String> = spans.iter().map(|s| stem(&s.folded).into_owned()).collect();
        for phrase in &self.phrases {
            for i in 0..spans.len() {
                let Some(window) = stems.get(i..i + phrase.len()) else {
                    break;
                };
                let adjacent = spans[i..i + phrase.len()]
                    .windows(2)
                    .all(|w| !text[w[0].end..w[1].start].chars().any(char::is_alphanumeric));
                if adjacent && window.iter().zip(phrase).all(|(a, b)| a == b) {
                    out.push((spans[i].start, spans[i + phrase.len() - 1].end));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{analyze, parse};
    use crate::Aliases;
    use sagasu_analysis::{analyze as analyze_text, Mode};

    fn hl(q: &str) -> Highlighter {
        Highlighter::new(&analyze(&parse(q).unwrap(), &Aliases::default()).unwrap())
    }

    #[test]
    fn spans_cover_the_original_spelling_of_every_kind_of_match() {
        let text = "Satō met Kim Dae-jung; negotiations on Nordpolitik with Ishiba.";
        let words = |q: &str| -> Vec<&str> { hl(q).spans(text).iter().map(|s| &text[s.start..s.end]).collect() };
        assert_eq!(words("sato"), ["Satō"]);
        assert_eq!(words("Daejung"), ["Dae-jung"]);
        assert_eq!(words("negotiate"), ["negotiations"]);
        assert_eq!(words("Nordpol*"), ["Nordpolitik"]);
        assert_eq!(words("Ishbia~1"), ["Ishiba"]);
        // Excluded words are not highlighted.
        assert_eq!(words("Ishiba -sato"), ["Ishiba"]);
    }

    #[test]
    fn phrase_occurrences_need_adjacent_words() {
        let text = "joint declaration; joint, and a declaration; joint. Declarations";
        let h = hl("\"joint declaration\"");
        let spans = h.spans(text);
        let found: Vec<&str> = h
            .phrase_occurrences(text, &spans)
            .iter()
            .map(|&(a, b)| &text[a..b])
            .collect();
        assert_eq!(found, ["joint declaration", "joint. Declarations"]);
    }

    /// The highlighter stems only words that start like a query stem; that
    /// is exact only if stemming keeps the first letter. Checked on every
    /// word of the default corpus and on Snowball's exceptional forms.
    #[test]
    fn stemming_keeps_the_first_letter() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut text = String::from("skis skies dying lying tying idly gently ugly early only singly yelling 'tis");
        for entry in std::fs::read_dir(dir).unwrap() {
            text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
        }
        let mut checked = 0;
        for t in analyze_text(&text, Mode::Index) {
            let s = stem(&t.text);
            assert_eq!(s.as_bytes().first(), t.text.as_bytes().first(), "{} → {s}", t.text);
            checked += 1;
        }
        assert!(checked > 10_000, "{checked}");
    }
}
