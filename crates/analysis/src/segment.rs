//! Word segmentation of the original text: UAX #29 word bounds, with CJK
//! runs cut out and a fast path for ASCII.
//!
//! ASCII text is segmented with the handful of UAX #29 rules that concern
//! ASCII (the same rules as `unicode-segmentation`'s own ASCII fast path,
//! which it only uses for all-ASCII strings). When a word runs into a
//! non-ASCII character, the *stretch* around it (from that word's start to
//! the next ASCII whitespace) is segmented with `split_word_bound_indices`:
//! UAX #29 never joins a word across whitespace, so a stretch can be
//! segmented on its own. Inside such a stretch, runs of CJK characters are
//! cut out first and become one [`SegKind::Cjk`] segment each: UAX #29
//! splits Han per character and glues Hangul to adjacent Latin letters,
//! neither of which suits bigrams.
//!
//! Where this differs from UAX #29 on the whole text: a combining mark right
//! after ASCII whitespace or punctuation starts a segment instead of
//! clinging to it. Such a segment holds at most a mark, so no word changes.

use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

use crate::cjk;
use crate::fold::is_apostrophe;

/// What a segment is, as far as the pipeline cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SegKind {
    /// A UAX #29 word holding at least one letter or digit.
    Word,
    /// A run of Han, kana and Hangul characters.
    Cjk,
    /// One hyphen that may join a compound (- ‐ ‑ ﹣ －, a lone soft hyphen).
    Hyphen,
    /// One apostrophe that UAX #29 left outside a word ("80's", "Ch′ong").
    Glue,
    /// Horizontal whitespace.
    Space,
    /// One line break: `\n`, `\r\n` or `\r`.
    LineBreak,
    /// Anything else: punctuation, symbols, other separators.
    Other,
}

/// A segment: `start..end` in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Seg {
    pub start: usize,
    pub end: usize,
    pub kind: SegKind,
    /// A word of ASCII letters and digits only (the fast path of folding).
    pub simple: bool,
}

#[inline]
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

#[inline]
pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{00AD}' | '\u{FE63}' | '\u{FF0D}')
}

/// Segments of a text, in order, covering it whole.
pub(crate) struct Segments<'a> {
    text: &'a str,
    /// Start of the text not yet segmented.
    pos: usize,
    /// End of the non-ASCII stretch being segmented (when `pos` is before).
    stretch_end: usize,
    /// UAX #29 over part of a non-ASCII stretch, with that part's offset.
    uax: Option<(usize, UWordBoundIndices<'a>)>,
    /// A segment handed back by [`Segments::push_back`].
    peeked: Option<Seg>,
}

impl<'a> Segments<'a> {
    pub fn new(text: &'a str) -> Self {
        Segments {
            text,
            pos: 0,
            stretch_end: 0,
            uax: None,
            peeked: None,
        }
    }

    /// Hands `seg` back: the next call to `next` returns it again.
    pub fn push_back(&mut self, seg: Seg) {
        debug_assert!(self.peeked.is_none());
        self.peeked = Some(seg);
    }

    #[inline]
    fn seg(&mut self, len: usize, kind: SegKind, simple: bool) -> Option<Seg> {
        let start = self.pos;
        self.pos += len;
        Some(Seg {
            start,
            end: start + len,
            kind,
            simple,
        })
    }

    /// A word of the ASCII rules starting at `pos`, or `None` if it runs into
    /// a non-ASCII character (then the stretch goes to UAX #29).
    #[inline]
    fn ascii_word(&self) -> Option<(usize, SegKind, bool)> {
        #[inline]
        fn is_core(b: u8) -> bool {
            b.is_ascii_alphanumeric() || b == b'_'
        }
        #[inline]
        fn is_infix(b: u8, prev: u8, next: u8) -> bool {
            match b {
                b'.' | b',' | b';' | b'\'' if prev.is_ascii_digit() && next.is_ascii_digit() => true,
                b'\'' | b'.' | b':' if prev.is_ascii_alphabetic() && next.is_ascii_alphabetic() => true,
                _ => false,
            }
        }
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let end = bytes.len();
        let first = bytes[start];
        let mut i = start + 1;
        // Letters and digits only, the common case.
        while i < end && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let mut simple = first != b'_';
        while i < end {
            let c = bytes[i];
            if is_core(c) {
                simple &= c != b'_';
                i += 1;
            } else if c >= 0x80 {
                return None;
            } else if i + 1 < end && is_infix(c, bytes[i - 1], bytes[i + 1]) {
                simple = false;
                i += 1;
            } else if i + 1 < end && bytes[i + 1] >= 0x80 && matches!(c, b'.' | b',' | b';' | b'\'' | b':') {
                // An infix candidate before a non-ASCII letter ("a.é").
                return None;
            } else {
                break;
            }
        }
        let kind = if simple || bytes[start..i].iter().any(u8::is_ascii_alphanumeric) {
            SegKind::Word
        } else {
            SegKind::Other
        };
        Some((i - start, kind, simple))
    }

    /// Sets up the non-ASCII stretch from `pos` to the next ASCII whitespace.
    #[cold]
    fn enter_stretch(&mut self) {
        let bytes = self.text.as_bytes();
        self.stretch_end = bytes[self.pos..]
            .iter()
            .position(|&b| is_ascii_space(b))
            .map_or(bytes.len(), |i| self.pos + i);
    }

    /// The next segment inside a non-ASCII stretch.
    fn next_in_stretch(&mut self) -> Option<Seg> {
        loop {
            if let Some((base, uax)) = &mut self.uax {
                if let Some((i, s)) = uax.next() {
                    return Some(Self::classify(*base + i, s));
                }
                self.uax = None;
            }
            if self.pos >= self.stretch_end {
                return None;
            }
            if let Some(seg) = self.next_region() {
                return Some(seg);
            }
        }
    }

    /// Classifies a UAX #29 segment (never CJK, never ASCII whitespace).
    fn classify(start: usize, s: &str) -> Seg {
        let mut chars = s.chars();
        let first = chars.next().unwrap_or(' ');
        let kind = if chars.as_str().is_empty() {
            if is_hyphen(first) {
                SegKind::Hyphen
            } else if is_apostrophe(first) {
                SegKind::Glue
            } else if first.is_alphanumeric() {
                SegKind::Word
            } else if first.is_whitespace() && !is_line_separator(first) {
                SegKind::Space
            } else {
                SegKind::Other
            }
        } else if s.chars().any(char::is_alphanumeric) {
            SegKind::Word
        } else if s.chars().all(|c| c.is_whitespace() && !is_line_separator(c)) {
            SegKind::Space
        } else {
            SegKind::Other
        };
        Seg {
            start,
            end: start + s.len(),
            kind,
            simple: false,
        }
    }

    /// Starts on the non-ASCII stretch at `pos`: returns its next CJK run,
    /// or sets up UAX #29 over the text before the next CJK run.
    fn next_region(&mut self) -> Option<Seg> {
        let start = self.pos;
        let region = &self.text[start..self.stretch_end];
        let mut chars = region.char_indices();
        let (_, first) = chars.next()?;
        if cjk::is_starter(first) {
            let len = chars
                .find(|&(_, c)| !cjk::is_starter(c) && !cjk::is_extender(c))
                .map_or(region.len(), |(i, _)| i);
            return self.seg(len, SegKind::Cjk, false);
        }
        let len = chars
            .find(|&(_, c)| cjk::is_starter(c))
            .map_or(region.len(), |(i, _)| i);
        self.uax = Some((start, region[..len].split_word_bound_indices()));
        self.pos += len;
        None
    }
}

/// Line and paragraph separators other than `\n` and `\r` (never part of a
/// line-end hyphenation).
#[inline]
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

impl Iterator for Segments<'_> {
    type Item = Seg;

    #[inline]
    fn next(&mut self) -> Option<Seg> {
        if self.peeked.is_some() {
            return self.peeked.take();
        }
        if self.pos < self.stretch_end || self.uax.is_some() {
            if let Some(seg) = self.next_in_stretch() {
                return Some(seg);
            }
        }
        let bytes = self.text.as_bytes();
        let b = *bytes.get(self.pos)?;
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' => match self.ascii_word() {
                Some((len, kind, simple)) => self.seg(len, kind, simple),
                None => {
                    self.enter_stretch();
                    self.next_in_stretch()
                }
            },
            b' ' | b'\t' => {
                let len = bytes[self.pos..]
                    .iter()
                    .position(|&b| b != b' ' && b != b'\t')
                    .unwrap_or(bytes.len() - self.pos);
                self.seg(len, SegKind::Space, false)
            }
            b'\n' => self.seg(1, SegKind::LineBreak, false),
            b'\r' if bytes.get(self.pos + 1) == Some(&b'\n') => self.seg(2, SegKind::LineBreak, false),
            b'\r' => self.seg(1, SegKind::LineBreak, false),
            b'-' => self.seg(1, SegKind::Hyphen, false),
            b'\'' | b'`' => self.seg(1, SegKind::Glue, false),
            0..=0x7F => self.seg(1, SegKind::Other, false),
            _ => {
                self.enter_stretch();
                self.next_in_stretch()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(text: &str) -> Vec<(&str, SegKind)> {
        Segments::new(text).map(|s| (&text[s.start..s.end], s.kind)).collect()
    }

    #[test]
    fn segments_cover_the_text() {
        for text in [
            "Kim Dae-jung's  U.S.\r\nrestric-\ntions",
            "日本語の独島는Korea (Japan’s)",
            "\u{301}a\u{301}\t\u{a0}x",
            "",
        ] {
            let mut at = 0;
            for seg in Segments::new(text) {
                assert_eq!(seg.start, at, "{text:?}");
                assert!(seg.end > seg.start);
                at = seg.end;
            }
            assert_eq!(at, text.len());
        }
    }

    #[test]
    fn ascii_rules_follow_uax29() {
        use SegKind::*;
        assert_eq!(
            segs("U.S. 1,000 don't a-b"),
            [
                ("U.S", Word),
                (".", Other),
                (" ", Space),
                ("1,000", Word),
                (" ", Space),
                ("don't", Word),
                (" ", Space),
                ("a", Word),
                ("-", Hyphen),
                ("b", Word)
            ]
        );
    }

    #[test]
    fn cjk_runs_are_cut_out() {
        use SegKind::*;
        assert_eq!(
            segs("독도는Korea 日本語を"),
            [("독도는", Cjk), ("Korea", Word), (" ", Space), ("日本語を", Cjk)]
        );
    }
}
