//! Word segmentation of the original text: UAX #29 word bounds, with CJK
//! runs cut out and a fast path for ASCII.
//!
//! The text is cut at ASCII whitespace into *stretches*. UAX #29 never joins
//! a word across whitespace, so each stretch can be segmented on its own:
//! an all-ASCII stretch with the handful of UAX #29 rules that concern ASCII
//! (the same rules as `unicode-segmentation`'s own ASCII fast path), any
//! other stretch with `split_word_bound_indices`. Inside a non-ASCII stretch,
//! runs of CJK characters are cut out first and become one [`SegKind::Cjk`]
//! segment each: UAX #29 splits Han per character and glues Hangul to
//! adjacent Latin letters, neither of which suits bigrams.
//!
//! The one place where this differs from UAX #29 on the whole text: a
//! combining mark right after ASCII whitespace starts a segment instead of
//! clinging to the space. Such a segment holds no letter, so no token
//! changes.

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
    /// End of the all-ASCII stretch being segmented (when `pos` is before).
    ascii_end: usize,
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
            ascii_end: 0,
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

    /// The next segment of an all-ASCII stretch without whitespace.
    fn next_ascii(&mut self) -> Seg {
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
        let end = self.ascii_end;
        let b = bytes[start];
        let (len, kind) = if is_core(b) {
            let mut i = start + 1;
            while i < end {
                let c = bytes[i];
                if is_core(c) || (i + 1 < end && is_infix(c, bytes[i - 1], bytes[i + 1])) {
                    i += 1;
                } else {
                    break;
                }
            }
            let kind = if bytes[start..i].iter().any(u8::is_ascii_alphanumeric) {
                SegKind::Word
            } else {
                SegKind::Other
            };
            (i - start, kind)
        } else if b == b'-' {
            (1, SegKind::Hyphen)
        } else if b == b'\'' || b == b'`' {
            (1, SegKind::Glue)
        } else {
            (1, SegKind::Other)
        };
        self.pos += len;
        Seg {
            start,
            end: start + len,
            kind,
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
            self.pos += len;
            return Some(Seg {
                start,
                end: start + len,
                kind: SegKind::Cjk,
            });
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

    fn next(&mut self) -> Option<Seg> {
        if let Some(seg) = self.peeked.take() {
            return Some(seg);
        }
        loop {
            if let Some((base, uax)) = &mut self.uax {
                if let Some((i, s)) = uax.next() {
                    return Some(Self::classify(*base + i, s));
                }
                self.uax = None;
            }
            if self.pos < self.ascii_end {
                return Some(self.next_ascii());
            }
            if self.pos < self.stretch_end {
                if let Some(seg) = self.next_region() {
                    return Some(seg);
                }
                continue;
            }
            let bytes = self.text.as_bytes();
            let start = self.pos;
            let b = *bytes.get(start)?;
            let (len, kind) = match b {
                b' ' | b'\t' => {
                    let len = bytes[start..]
                        .iter()
                        .position(|&b| b != b' ' && b != b'\t')
                        .unwrap_or(bytes.len() - start);
                    (len, SegKind::Space)
                }
                b'\n' => (1, SegKind::LineBreak),
                b'\r' if bytes.get(start + 1) == Some(&b'\n') => (2, SegKind::LineBreak),
                b'\r' => (1, SegKind::LineBreak),
                0x0B | 0x0C => (1, SegKind::Other),
                _ => {
                    let mut ascii = true;
                    let mut end = start;
                    while end < bytes.len() && !is_ascii_space(bytes[end]) {
                        ascii &= bytes[end] < 0x80;
                        end += 1;
                    }
                    if ascii {
                        self.ascii_end = end;
                    } else {
                        self.stretch_end = end;
                    }
                    continue;
                }
            };
            self.pos += len;
            return Some(Seg {
                start,
                end: start + len,
                kind,
            });
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
