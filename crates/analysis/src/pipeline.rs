//! The text pipeline: segmentation, folding, compounds, CJK bigrams,
//! stemming.
//!
//! [`analyze`] and the tantivy tokenizers share one streaming engine,
//! [`Analyzer`], which walks the segments of the original text once and
//! emits tokens in batches (one word, one compound or one CJK run at a
//! time) without rewriting the text first, so offsets need no map.

use std::borrow::Cow;

use tantivy::tokenizer::Token;

use crate::cjk;
use crate::fold::{self, Part};
use crate::segment::{Seg, SegKind, Segments};

/// Tokens longer than this many bytes (after folding) are dropped: they are
/// base64, hashes or URLs run together, not words anyone searches for. A
/// query word that long can find nothing.
pub const MAX_TOKEN_BYTES: usize = 100;

/// Where the text comes from: a document being indexed or a user's query.
///
/// The two differ in hyphenated compounds only (and, as a consequence, in the
/// unigrams of CJK runs; see below).
///
/// - A hyphenated compound ("Dae-jung", "Japan-ROK", or "restric-" at a line
///   end followed by "tions" on the next line) is indexed as its parts at
///   consecutive positions *and* as the joined word ("daejung") stacked at
///   the first part's position. Queried, it yields its parts only.
/// - A CJK run of two or more characters is indexed as character bigrams and
///   unigrams, and queried as bigrams only.
///
/// **Trap:** never build a phrase query from index-mode tokens. tantivy ANDs
/// tokens stacked at one position, so "Kim Dae-jung" analyzed with
/// [`Mode::Index`] would demand "dae" and "daejung" at the same place in the
/// query *and* in the document, and "Kim Dae Jung" would not match it.
///
/// Query-mode tokens are never stacked and their positions are consecutive
/// (0, 1, 2, ...), so a phrase can be built from their texts in order; their
/// positions are also exactly the relative positions at which the same text
/// is indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Document text.
    Index,
    /// Query text.
    Query,
}

/// Analyzes `text` into folded exact-form tokens (not stemmed: see [`stem`]).
///
/// - **Offsets are into the original `text`**: `&text[t.offset_from..t.offset_to]`
///   is always a valid char-boundary range covering the original spelling
///   ("Satō", "Ch’ŏngwadae", "ＲＯＫ", "restric-\ntions" for the joined
///   "restrictions"), whatever folding produced `t.text`. Highlight with the
///   offsets, never by searching for `t.text` in the document.
/// - Positions are tantivy positions: tokens that share a position are
///   stacked (alternatives at one place). Positions never decrease.
/// - The result differs between [`Mode::Index`] and [`Mode::Query`]; read
///   [`Mode`] before building phrase queries.
///
/// The steps, per UAX #29 word of the original text:
/// 1. Folding: NFKD, lower case, diacritics dropped (Satō → sato, Chosŏn and
///    Chosǒn → choson), letters without decomposition mapped (ø → o, ł → l,
///    æ → ae, ß → ss, ı → i), compatibility forms mapped (ﬁ → fi,
///    ＲＯＫ → rok).
/// 2. Apostrophes: a possessive `'s` / `’s` is dropped (Japan’s → japan),
///    apostrophes inside a word are dropped (Ch’ŏngwadae → chongwadae). In
///    index mode, what follows a word's first inner apostrophe is also a
///    token at the word's position when it has three letters or more: an
///    elided article (d’état → detat, etat) or a name part (Jun’ichirō →
///    junichiro, ichiro); shorter tails are contractions (don't → dont).
/// 3. A dotted acronym joins ("U.S." → us); other words with inner
///    punctuation ("example.com", "1,000") are compounds of their parts.
/// 4. Hyphenated compounds (see [`Mode`]).
/// 5. Runs of Han, kana and Hangul: overlapping bigrams (日本語 → 日本 本語),
///    plus every character as a unigram in index mode, so that a one-character
///    query still matches. In index mode, the last character's unigram is
///    stacked with the last bigram (one position per bigram), which keeps
///    query positions consecutive.
///
/// Words with no letter or digit produce nothing; tokens longer than 100
/// bytes are dropped without taking a position.
///
/// ```
/// use sagasu_analysis::{analyze, Mode};
/// let text = "Kim Dae-jung";
/// let index: Vec<(String, usize)> = analyze(text, Mode::Index)
///     .into_iter().map(|t| (t.text, t.position)).collect();
/// assert_eq!(index, [("kim".into(), 0), ("dae".into(), 1), ("daejung".into(), 1), ("jung".into(), 2)]);
/// let daejung = &analyze(text, Mode::Index)[2];
/// assert_eq!(&text[daejung.offset_from..daejung.offset_to], "Dae-jung");
/// ```
pub fn analyze(text: &str, mode: Mode) -> Vec<Token> {
    let mut buffers = Buffers::default();
    let mut analyzer = Analyzer::new(text, mode, &mut buffers);
    let mut tokens = Vec::new();
    let mut token = Token::default();
    while analyzer.next_token(&mut token) {
        tokens.push(token.clone());
    }
    tokens
}

/// Folds one user-typed word the way [`analyze`] folds the words of a text
/// (NFKC, lower case, diacritics and apostrophes dropped, possessive
/// stripped), and returns it as one string: the parts of a compound are
/// joined ("Dae-jung" → "daejung", "U.S." → "us") and CJK characters are
/// kept as they are (NFKC). Use it for prefix and fuzzy terms, which tantivy
/// does not analyze.
///
/// ```
/// assert_eq!(sagasu_analysis::fold_term("Chosǒn"), "choson");
/// assert_eq!(sagasu_analysis::fold_term("Jun'ichirō's"), "junichiro");
/// ```
pub fn fold_term(word: &str) -> String {
    let mut buffers = Buffers::default();
    let mut analyzer = Analyzer::new(word, Mode::Query, &mut buffers);
    let mut folded = String::new();
    while let Some(seg) = analyzer.segs.next() {
        match seg.kind {
            SegKind::Word => analyzer.build_compound(seg),
            SegKind::Cjk => analyzer.build_cjk_units(seg),
            _ => continue,
        }
        folded.push_str(&analyzer.buf.scratch);
    }
    folded
}

/// English (Snowball) stem of a token produced by [`analyze`]: the text of
/// the second, stemmed field. Tokens that are not plain ASCII letters and
/// digits (other scripts, CJK) are returned unchanged.
///
/// ```
/// use sagasu_analysis::stem;
/// assert_eq!(stem("negotiations"), stem("negotiating"));
/// assert_eq!(stem("русский"), "русский");
/// ```
pub fn stem(folded: &str) -> Cow<'_, str> {
    thread_local! {
        static STEMMER: rust_stemmers::Stemmer =
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    }
    if !is_stemmable(folded) {
        return Cow::Borrowed(folded);
    }
    STEMMER.with(|s| s.stem(folded))
}

/// Is `folded` a token that Snowball English may change: ASCII letters and
/// digits, not digits only, three bytes or more (Snowball leaves shorter
/// words alone)?
#[inline]
pub(crate) fn is_stemmable(folded: &str) -> bool {
    let bytes = folded.as_bytes();
    bytes.len() >= 3 && bytes.iter().all(u8::is_ascii_alphanumeric) && !bytes.iter().all(u8::is_ascii_digit)
}

/// A token waiting to be handed out; its text is `scratch[text_start..text_end]`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pending {
    from: usize,
    to: usize,
    position: usize,
    text_start: usize,
    text_end: usize,
}

/// Buffers reused from one batch (and, in the tokenizer, one document) to
/// the next.
#[derive(Clone, Debug, Default)]
pub(crate) struct Buffers {
    /// Folded text of the current batch.
    scratch: String,
    /// Parts of the current compound, or units of the current CJK run.
    parts: Vec<Part>,
    /// Tokens of the current batch.
    pending: Vec<Pending>,
}

/// The streaming analyzer behind [`analyze`] and the tantivy tokenizers.
pub(crate) struct Analyzer<'a> {
    text: &'a str,
    mode: Mode,
    segs: Segments<'a>,
    buf: &'a mut Buffers,
    /// Next position to hand out.
    position: usize,
    /// Index in `buf.pending` of the next token to hand out.
    next: usize,
}

impl<'a> Analyzer<'a> {
    pub(crate) fn new(text: &'a str, mode: Mode, buf: &'a mut Buffers) -> Self {
        buf.scratch.clear();
        buf.parts.clear();
        buf.pending.clear();
        Analyzer {
            text,
            mode,
            segs: Segments::new(text),
            buf,
            position: 0,
            next: 0,
        }
    }

    /// Writes the next token into `token` (reusing its text buffer); false
    /// at the end of the text.
    #[inline]
    pub(crate) fn next_token(&mut self, token: &mut Token) -> bool {
        if self.next < self.buf.pending.len() {
            self.write_pending(token);
            return true;
        }
        self.buf.pending.clear();
        self.next = 0;
        while let Some(seg) = self.segs.next() {
            match seg.kind {
                SegKind::Word => {
                    if seg.simple && seg.end - seg.start <= MAX_TOKEN_BYTES && !self.may_link(seg) {
                        // The common case, without buffers: one ASCII word.
                        let word = &self.text[seg.start..seg.end];
                        token.offset_from = seg.start;
                        token.offset_to = seg.end;
                        token.position = self.position;
                        token.position_length = 1;
                        token.text.clear();
                        token.text.push_str(word);
                        token.text.make_ascii_lowercase();
                        self.position += 1;
                        return true;
                    }
                    self.build_compound(seg);
                    self.emit_compound();
                }
                SegKind::Cjk => {
                    self.build_cjk_units(seg);
                    self.emit_cjk();
                }
                _ => continue,
            }
            if !self.buf.pending.is_empty() {
                self.write_pending(token);
                return true;
            }
        }
        false
    }

    fn write_pending(&mut self, token: &mut Token) {
        let p = self.buf.pending[self.next];
        self.next += 1;
        token.offset_from = p.from;
        token.offset_to = p.to;
        token.position = p.position;
        token.position_length = 1;
        token.text.clear();
        token.text.push_str(&self.buf.scratch[p.text_start..p.text_end]);
    }

    /// Could a hyphen or an apostrophe continue the word `seg`? A cheap
    /// look at the byte after it, before [`Analyzer::link`] reads segments.
    #[inline]
    fn may_link(&self, seg: Seg) -> bool {
        match self.text.as_bytes().get(seg.end) {
            None => false,
            Some(&b) => b >= 0x80 || b == b'-' || b == b'\'' || b == b'`' || last_byte_is(self.text, seg.end, 0xAD),
        }
    }

    /// Folds the word `seg` and every word joined to it by a hyphen, a
    /// line-end hyphen or a lone apostrophe into `buf.parts`.
    fn build_compound(&mut self, seg: Seg) {
        self.buf.scratch.clear();
        self.buf.parts.clear();
        self.add_word(seg, false);
        let mut last = seg;
        while let Some((next, glued)) = self.link(last) {
            if glued && is_lone_s(&self.text[next.start..next.end]) {
                // "80's", "Japan′s": a possessive that UAX #29 split off.
                if let Some(p) = self.buf.parts.last_mut() {
                    p.to = next.end;
                }
            } else {
                self.add_word(next, glued);
            }
            last = next;
        }
    }

    /// Folds one word segment into `buf.parts`; with `glued`, its first part
    /// continues the last part already there.
    fn add_word(&mut self, seg: Seg, glued: bool) {
        if seg.simple && !glued {
            // ASCII letters and digits: one part, lower-cased.
            let scratch = &mut self.buf.scratch;
            let text_start = scratch.len();
            scratch.push_str(&self.text[seg.start..seg.end]);
            scratch[text_start..].make_ascii_lowercase();
            self.buf
                .parts
                .push(Part::new(seg.start, seg.end, text_start, scratch.len()));
            return;
        }
        let word = &self.text[seg.start..seg.end];
        let fold_end = seg.end - fold::possessive_len(word);
        let first = self.buf.parts.len();
        let shape = fold::fold_word(
            self.text,
            seg.start,
            fold_end,
            &mut self.buf.scratch,
            &mut self.buf.parts,
        );
        let parts = &mut self.buf.parts;
        if parts.len() == first {
            return;
        }
        // The possessive belongs to the last part's spelling.
        if let Some(p) = parts.last_mut() {
            p.to = seg.end;
        }
        // "U.S" → "us": a dotted acronym is one word, not a compound.
        if parts.len() - first >= 2
            && shape.dots_only
            && parts[first..].iter().all(|p| {
                let mut c = self.buf.scratch[p.text_start..p.text_end].chars();
                c.next().is_some_and(char::is_alphabetic) && c.next().is_none()
            })
        {
            let last = parts[parts.len() - 1];
            parts[first].to = last.to;
            parts[first].text_end = last.text_end;
            parts.truncate(first + 1);
        }
        if glued && first > 0 {
            // Glued by an apostrophe that UAX #29 left outside the word
            // ("Ch′ŏngwadae"): the glued part is the tail.
            let p = parts.remove(first);
            let before = &mut parts[first - 1];
            before.to = p.to;
            before.text_end = p.text_end;
            before.tail = before.tail.or(Some((p.from, p.text_start)));
        }
    }

    /// Reads past a hyphen (or a line-end hyphen, or a lone apostrophe) after
    /// the word `last`, and returns the word that continues the compound,
    /// with `true` if it is glued by an apostrophe. When the compound ends,
    /// the segment that ended it is pushed back; the hyphens, spaces and line
    /// breaks read before it produce no tokens.
    fn link(&mut self, last: Seg) -> Option<(Seg, bool)> {
        if !self.may_link(last) {
            return None;
        }
        let word = &self.text[last.start..last.end];
        let soft = word.ends_with('\u{00AD}');
        if !soft {
            if !fold::ends_with_word_char(word) {
                return None;
            }
            let joint = self.segs.next()?;
            match joint.kind {
                SegKind::Hyphen => {}
                SegKind::Glue => {
                    let next = self.segs.next()?;
                    if next.kind == SegKind::Word && self.starts_with(next, char::is_alphanumeric) {
                        return Some((next, true));
                    }
                    self.segs.push_back(next);
                    return None;
                }
                _ => {
                    self.segs.push_back(joint);
                    return None;
                }
            }
        }
        let mut seg = self.segs.next()?;
        if !soft && seg.kind == SegKind::Word && self.starts_with(seg, char::is_alphanumeric) {
            return Some((seg, false));
        }
        // A hyphen at a line end: letter, hyphen, spaces, exactly one line
        // break, spaces, letter.
        let after_letter = self.buf.scratch.chars().next_back().is_some_and(char::is_alphabetic);
        while seg.kind == SegKind::Space {
            seg = self.segs.next()?;
        }
        if seg.kind == SegKind::LineBreak {
            seg = self.segs.next()?;
            while seg.kind == SegKind::Space {
                seg = self.segs.next()?;
            }
            if after_letter && seg.kind == SegKind::Word && self.starts_with(seg, char::is_alphabetic) {
                return Some((seg, false));
            }
        }
        self.segs.push_back(seg);
        None
    }

    fn starts_with(&self, seg: Seg, pred: fn(char) -> bool) -> bool {
        self.text[seg.start..].chars().next().is_some_and(pred)
    }

    /// Queues the parts in `buf.parts` (and, in index mode, their joined
    /// form and their tails after an apostrophe).
    fn emit_compound(&mut self) {
        let Buffers {
            parts,
            pending,
            scratch,
            ..
        } = &mut *self.buf;
        let n = parts.len();
        for (i, p) in parts.iter().enumerate() {
            if p.text_len() > MAX_TOKEN_BYTES {
                continue;
            }
            pending.push(Pending {
                from: p.from,
                to: p.to,
                position: self.position,
                text_start: p.text_start,
                text_end: p.text_end,
            });
            if let Some((from, text_start)) = p.tail.filter(|_| self.mode == Mode::Index) {
                // "d’état" is also "état", "Jun’ichirō" also "ichirō"; a
                // tail of one or two letters is an English contraction
                // ('t, 're, 'll, 've), not a word.
                if scratch[text_start..p.text_end].chars().nth(2).is_some() {
                    pending.push(Pending {
                        from,
                        to: p.to,
                        position: self.position,
                        text_start,
                        text_end: p.text_end,
                    });
                }
            }
            if i == 0 && n >= 2 && self.mode == Mode::Index {
                let last = parts[n - 1];
                if last.text_end - p.text_start <= MAX_TOKEN_BYTES {
                    pending.push(Pending {
                        from: p.from,
                        to: last.to,
                        position: self.position,
                        text_start: p.text_start,
                        text_end: last.text_end,
                    });
                }
            }
            self.position += 1;
        }
    }

    /// Folds the CJK run `seg` into `buf.parts`, one part per unit.
    fn build_cjk_units(&mut self, seg: Seg) {
        self.buf.scratch.clear();
        self.buf.parts.clear();
        let run = &self.text[seg.start..seg.end];
        let mut units = run.char_indices().peekable();
        while let Some((i, _)) = units.next() {
            let mut end = run.len();
            while let Some(&(j, c)) = units.peek() {
                if cjk::is_starter(c) {
                    end = j;
                    break;
                }
                units.next();
            }
            let text_start = self.buf.scratch.len();
            cjk::fold_unit(&run[i..end], &mut self.buf.scratch);
            if self.buf.scratch.len() - text_start > MAX_TOKEN_BYTES / 2 {
                // A character buried under dozens of marks: keep the
                // character, so that every bigram stays short enough to be
                // indexed and query positions stay consecutive.
                let first = self.buf.scratch[text_start..].chars().next().map_or(0, char::len_utf8);
                self.buf.scratch.truncate(text_start + first);
            }
            if self.buf.scratch.len() > text_start {
                self.buf.parts.push(Part::new(
                    seg.start + i,
                    seg.start + end,
                    text_start,
                    self.buf.scratch.len(),
                ));
            }
        }
    }

    /// Queues the bigrams (and, in index mode, unigrams) of the units in
    /// `buf.parts`.
    fn emit_cjk(&mut self) {
        let Buffers { parts, pending, .. } = &mut *self.buf;
        let index = self.mode == Mode::Index;
        let mut push = |a: &Part, b: &Part, position: usize| {
            if b.text_end - a.text_start <= MAX_TOKEN_BYTES {
                pending.push(Pending {
                    from: a.from,
                    to: b.to,
                    position,
                    text_start: a.text_start,
                    text_end: b.text_end,
                });
            }
        };
        match parts.len() {
            0 => {}
            1 => {
                push(&parts[0], &parts[0], self.position);
                self.position += 1;
            }
            n => {
                for (i, pair) in parts.windows(2).enumerate() {
                    let position = self.position + i;
                    if index {
                        push(&pair[0], &pair[0], position);
                    }
                    push(&pair[0], &pair[1], position);
                }
                if index {
                    push(&parts[n - 1], &parts[n - 1], self.position + n - 2);
                }
                self.position += n - 1;
            }
        }
    }
}

/// Is the byte before `end` equal to `b`?
#[inline]
fn last_byte_is(text: &str, end: usize, b: u8) -> bool {
    end > 0 && text.as_bytes()[end - 1] == b
}

/// "s" or "S": the possessive ending when UAX #29 split it from its word.
fn is_lone_s(word: &str) -> bool {
    word == "s" || word == "S"
}
