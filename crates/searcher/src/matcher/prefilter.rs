//! Which parts of a text can hold a match, found without analyzing it: a
//! cheap pass before the analyzer, so that a long document is analyzed
//! only around the lines that may match (`--every` on debdocs spent most
//! of its time analyzing text that held no match).
//!
//! It applies when every leaf of the query is one word of ASCII letters
//! and digits found by its folded form or its stem (no phrase, name,
//! prefix or fuzzy word): such a match is one token, so token positions
//! do not matter and the text can be analyzed in pieces. The pieces are
//! cut only where no token can span the cut (a line end after anything
//! but a hyphen or a non-ASCII character other than an inert one or a
//! Latin letter: the analyzer joins a word across a line end only after a
//! hyphen, and UAX #29 never joins across one), so each token of a piece
//! is the token the whole text has there.
//!
//! A piece is skipped only when its only non-ASCII characters are *inert*
//! ([`inert`]: CJK, kana, Hangul, Cyrillic, Greek, Hebrew and Arabic
//! letters, CJK punctuation, quotes, dashes, arrows) or Latin letters with
//! diacritics that fold to one ASCII letter ([`latin`]: é ü ç ø ṭ …, other
//! than a needle's first letter), and its ASCII letters and digits and the
//! letters its Latin letters fold to, lower-cased and run together
//! (everything else left out), hold none of the needles: every token such
//! a piece yields holds its letters as such a run (a compound, `U.S.`, an
//! apostrophe or a possessive only join or drop letters; an inert
//! character folds to no ASCII letter or digit), a
//! folded form is its own needle, and a stem's needle is the stem without
//! its last two letters: English Snowball rewrites at most the last two
//! letters of the stem it returns (`possibility` → `possibl`, `dying` →
//! `die`; checked by a test over the corpus's words). Any other non-ASCII
//! character (ｋ, ﬁ, ß, a soft hyphen, a combining mark) may fold to a
//! needle or join one across a line end: its piece is analyzed. A no-break
//! space and a ZWNJ ([`blank`]) fold to nothing and are looked past at a
//! line end, as a space is. (Translated documents, one in six of the debdocs documents
//! that hold `kernel`, are mostly inert or Latin text with English words
//! in it.)

use std::ops::Range;

use latin::latin;

mod latin;

/// The needles of a query's folded forms and stems, or `None` when a
/// text cannot be analyzed in pieces for it.
pub(super) fn needles<'a>(
    exact: impl Iterator<Item = &'a str>,
    stems: impl Iterator<Item = &'a str>,
) -> Option<Vec<String>> {
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase());
    let mut out = Vec::new();
    for e in exact {
        if !plain(e) {
            return None;
        }
        out.push(e.to_string());
    }
    for s in stems {
        if !plain(s) {
            return None;
        }
        out.push(stem_needle(s).to_string());
    }
    out.sort();
    out.dedup();
    // A needle that holds another is found wherever that one is looked
    // for (`kernel` where `kern` is).
    let all = out.clone();
    out.retain(|n| !all.iter().any(|m| m != n && n.contains(m.as_str())));
    Some(out)
}

/// What every word with stem `stem` holds: the stem without its last two
/// letters (at least its first letter).
pub(super) fn stem_needle(stem: &str) -> &str {
    let n = if stem.len() > 2 {
        stem.len() - 2
    } else {
        stem.len().min(1)
    };
    &stem[..n]
}

/// The pieces of `text` (byte ranges, in order, none touching another)
/// that may hold a token with one of `needles` in it; the rest of the
/// text holds none.
///
/// A piece is the text between two line ends where no token can span
/// ([`cut_after`]); it is kept when it holds a [`live`] non-ASCII
/// character, or a needle spelled by its ASCII letters and digits and
/// [`latin`] letters, lower-cased and run together. Both are looked for across the whole
/// text (a needle from each place its first letter is, in either case,
/// found with memchr), and only the pieces around them are cut: most of a
/// long text is never looked at byte by byte.
pub(super) fn pieces(text: &str, needles: &[String]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut firsts = Firsts::new(needles);
    let letters = first_letters(needles);
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    let mut non_ascii = next_live(text, 0, letters);
    while from < bytes.len() {
        let first = firsts.next(text, from);
        let hot = if non_ascii < first {
            non_ascii
        } else if first < bytes.len() {
            if !needles.iter().any(|n| spelled_at(bytes, first, n.as_bytes())) {
                from = first + 1;
                continue;
            }
            first
        } else {
            break;
        };
        let piece = piece_around(bytes, hot);
        from = piece.end;
        if non_ascii < from {
            non_ascii = next_live(text, from, letters);
        }
        match out.last_mut() {
            Some(last) if last.end == piece.start => last.end = piece.end,
            _ => out.push(piece),
        }
    }
    out
}

/// Where the needles' first letters are next, in either case.
struct Firsts {
    /// Each byte to find, with the first place at or after the last
    /// search's start where it is (or past it, not searched yet).
    bytes: Vec<(u8, Option<usize>)>,
}

impl Firsts {
    fn new(needles: &[String]) -> Firsts {
        let mut bytes: Vec<u8> = needles
            .iter()
            .filter_map(|n| n.bytes().next())
            .flat_map(|b| [b, b.to_ascii_uppercase()])
            .collect();
        bytes.sort_unstable();
        bytes.dedup();
        Firsts {
            bytes: bytes.into_iter().map(|b| (b, None)).collect(),
        }
    }

    /// The first place at or after `from` (a character boundary, never
    /// before the last call's) where a needle's first letter is; the
    /// text's length when there is none.
    fn next(&mut self, text: &str, from: usize) -> usize {
        let mut min = text.len();
        for (b, at) in &mut self.bytes {
            if at.is_none_or(|at| at < from) {
                // `str::find` of an ASCII character is a memchr.
                *at = Some(text[from..].find(char::from(*b)).map_or(text.len(), |i| from + i));
            }
            min = min.min(at.unwrap_or(text.len()));
        }
        min
    }
}

/// The needles' first letters, a bit each (`a` the lowest).
pub(super) fn first_letters(needles: &[String]) -> u32 {
    needles
        .iter()
        .filter_map(|n| n.bytes().next())
        .filter(u8::is_ascii_lowercase)
        .fold(0, |m, b| m | 1 << (b - b'a'))
}

/// Whether the non-ASCII character `c` keeps its piece: it is neither
/// [`inert`] nor a [`latin`] letter other than a needle's first
/// (`letters`, see [`first_letters`]), so the text around it may fold to
/// a needle (a needle is looked for from its first letter in ASCII only).
pub(super) fn live(c: char, letters: u32) -> bool {
    match latin(c) {
        Some(l) => letters & 1 << (l - b'a') != 0,
        None => !inert(c) && !blank(c),
    }
}

/// Whether `c` is a blank that folds to nothing and that [`cut_after`]
/// looks past as it looks past a space: the no-break space (the analyzer
/// joins a line-end hyphen across it like across a space) and the
/// zero-width non-joiner (Persian text). Passed over like punctuation
/// when a needle is spelled. Both were the most common characters that
/// kept a piece of the debdocs documents with `kernel` (NBSP on 9,181
/// lines, ZWNJ on 872).
pub(super) fn blank(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{200C}')
}

/// The first character at or after `from` (a character boundary) that
/// is [`live`] (the length when there is none).
fn next_live(text: &str, from: usize, letters: u32) -> usize {
    let bytes = text.as_bytes();
    let mut at = next_non_ascii(bytes, from);
    while at < bytes.len() {
        // A run of non-ASCII characters (a CJK line), each decoded once,
        // up to the next ASCII one.
        for c in text[at..].chars() {
            if c.is_ascii() {
                break;
            }
            if live(c, letters) {
                return at;
            }
            at += c.len_utf8();
        }
        at = next_non_ascii(bytes, at);
    }
    bytes.len()
}

/// Whether `c` (not ASCII) can neither fold to an ASCII letter or digit
/// nor let a token run across a line end after it: letters of scripts
/// that fold to no Latin letter (CJK, kana, Hangul, Cyrillic, Greek,
/// Hebrew, Arabic and Persian), CJK punctuation and full-width ASCII
/// punctuation (not the full-width hyphen, apostrophe or grave accent),
/// double quotes, guillemets, dashes (not hyphens), bullets, ellipses,
/// arrows, box drawing. Never a
/// hyphen, an apostrophe, white space, a format character or a
/// combining mark (checked over every such character by a test). A
/// needle is looked for across it as across ASCII punctuation.
pub(super) fn inert(c: char) -> bool {
    matches!(
        c,
        '\u{00AB}'
            | '\u{00BB}'
            | '\u{0391}'..='\u{03A1}'
            | '\u{03A3}'..='\u{03A9}'
            | '\u{03B1}'..='\u{03C9}'
            | '\u{0400}'..='\u{045F}'
            | '\u{05D0}'..='\u{05EA}'
            | '\u{060C}'
            | '\u{061B}'
            | '\u{061F}'
            | '\u{0621}'..='\u{063A}'
            | '\u{0641}'..='\u{064A}'
            | '\u{0671}'..='\u{06D3}'
            | '\u{2013}'..='\u{2014}'
            | '\u{201C}'..='\u{201E}'
            | '\u{2022}'
            | '\u{2026}'
            | '\u{2190}'..='\u{21FF}'
            | '\u{2500}'..='\u{257F}'
            | '\u{3001}'..='\u{3002}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301B}'
            | '\u{3131}'..='\u{318E}'
            | '\u{3041}'..='\u{3096}'
            | '\u{30A1}'..='\u{30FA}'
            | '\u{30FC}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7A3}'
            | '\u{FF01}'..='\u{FF06}'
            | '\u{FF08}'..='\u{FF0C}'
            | '\u{FF0E}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
    )
}

/// The character that starts at byte `at` (a character boundary).
fn char_at(bytes: &[u8], at: usize) -> Option<char> {
    let len = match bytes[at] {
        b if b < 0x80 => 1,
        b if b < 0xE0 => 2,
        b if b < 0xF0 => 3,
        _ => 4,
    };
    let s = bytes.get(at..at + len)?;
    std::str::from_utf8(s).ok()?.chars().next()
}

/// The character that ends at byte `at` (inclusive).
fn char_ending_at(bytes: &[u8], at: usize) -> Option<char> {
    let start = (at.saturating_sub(3)..=at)
        .rev()
        .find(|&i| !(0x80..0xC0).contains(&bytes[i]))?;
    char_at(bytes, start).filter(|c| start + c.len_utf8() == at + 1)
}

/// The first byte at or after `from` that is not ASCII (the length when
/// there is none).
fn next_non_ascii(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    for chunk in bytes[from..].chunks(64) {
        if !chunk.is_ascii() {
            return at + chunk.iter().position(|b| !b.is_ascii()).unwrap_or(0);
        }
        at += chunk.len();
    }
    bytes.len()
}

/// Whether the letters and digits from `at` on, lower-cased and run
/// together without crossing a line end where a token cannot span,
/// spell `needle` (a [`latin`] letter counts as the letter it folds to,
/// an [`inert`] character is passed over like ASCII punctuation). Another
/// non-ASCII character ends the search: its piece is kept anyway.
fn spelled_at(bytes: &[u8], at: usize, needle: &[u8]) -> bool {
    if needle.first() != Some(&bytes[at].to_ascii_lowercase()) {
        return false;
    }
    let mut i = at + 1;
    for &want in &needle[1..] {
        let got = loop {
            match bytes.get(i) {
                None => return false,
                Some(&b) if b.is_ascii_alphanumeric() => {
                    i += 1;
                    break b.to_ascii_lowercase();
                }
                Some(&b) if b >= 0x80 => match char_at(bytes, i) {
                    Some(c) if inert(c) || blank(c) => i += c.len_utf8(),
                    Some(c) => match latin(c) {
                        Some(l) => {
                            i += c.len_utf8();
                            break l;
                        }
                        None => return false,
                    },
                    None => return false,
                },
                Some(b'\n') if cut_after(bytes, i) => return false,
                Some(_) => i += 1,
            }
        };
        if got != want {
            return false;
        }
    }
    true
}

/// The piece that holds the byte at `at` (not a line end): from one past
/// the last line end before it where a token cannot span, to one past the
/// first such line end after it.
fn piece_around(bytes: &[u8], at: usize) -> Range<usize> {
    let mut start = at;
    let start = loop {
        match bytes[..start].iter().rposition(|&b| b == b'\n') {
            None => break 0,
            Some(i) if cut_after(bytes, i) => break i + 1,
            Some(i) => start = i,
        }
    };
    let mut end = at;
    let end = loop {
        match bytes[end..].iter().position(|&b| b == b'\n') {
            None => break bytes.len(),
            Some(i) if cut_after(bytes, end + i) => break end + i + 1,
            Some(i) => end = end + i + 1,
        }
    };
    start..end
}

/// Whether a token can never span the line end at `at`: the last
/// character before it that is not horizontal white space (or a form
/// feed, or a [`blank`]) is neither a hyphen nor a non-ASCII character (another hyphen, a
/// soft hyphen, white space) other than an [`inert`] or [`latin`] one.
fn cut_after(bytes: &[u8], at: usize) -> bool {
    let mut end = at;
    loop {
        let before = bytes[..end]
            .iter()
            .rposition(|&b| !matches!(b, b' ' | b'\t' | b'\r' | 0x0B | 0x0C));
        return match before {
            None => true,
            Some(i) if bytes[i] == b'-' => false,
            Some(i) if bytes[i] < 0x80 => true,
            Some(i) => match char_ending_at(bytes, i) {
                Some(c) if blank(c) => {
                    end = i + 1 - c.len_utf8();
                    continue;
                }
                c => c.is_some_and(|c| inert(c) || latin(c).is_some()),
            },
        };
    }
}

#[cfg(test)]
mod tests;
