//! Folding one word (not CJK): compatibility decomposition, case, diacritics,
//! apostrophes, and the letters that Unicode does not decompose.
//!
//! A word as UAX #29 sees it may hold several *parts*: "example.com",
//! "snake_case", "1,000" and "U.S" are one word each. Folding splits it at
//! every character that is neither a letter, a digit, a mark nor an
//! apostrophe, and records each part's original byte range.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// One folded part of a word: `from..to` in the original text (char
/// boundaries), `text_start..text_end` in the scratch string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Part {
    pub from: usize,
    pub to: usize,
    pub text_start: usize,
    pub text_end: usize,
    /// Where the part continues after its first inner apostrophe (the
    /// "état" of "d’état", the "ichirō" of "Jun’ichirō"): that character's
    /// start in the original text and in the scratch string.
    pub tail: Option<(usize, usize)>,
}

impl Part {
    /// A part without an inner apostrophe.
    pub fn new(from: usize, to: usize, text_start: usize, text_end: usize) -> Part {
        Part {
            from,
            to,
            text_start,
            text_end,
            tail: None,
        }
    }

    pub fn text_len(&self) -> usize {
        self.text_end - self.text_start
    }
}

/// Apostrophes: dropped inside a word ("Ch’ŏngwadae" → "chongwadae") and
/// introducing a possessive `'s`. Besides ' ’ ‘ ʼ ′ this holds the
/// half rings and the ʻokina that romanizations use for ʾalif, ʿayn and
/// glottal stops ("Qurʾān", "Hawaiʻi"): users type those words without them.
#[inline]
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}'
            | '\u{2018}'
            | '\u{02BC}'
            | '\u{2032}'
            | '\u{FF07}'
            | '`'
            | '\u{00B4}'
            | '\u{02BB}'
            | '\u{02BD}'
            | '\u{02BE}'
            | '\u{02BF}'
    )
}

/// Characters removed from inside a word without splitting it:
/// apostrophes, the Catalan middle dot (col·lecció), the Arabic tatweel
/// (a stretching stroke, not a letter), and invisible format characters
/// (soft hyphen, zero-width joiners, bidi controls, byte order mark).
#[inline]
fn is_joiner(c: char) -> bool {
    is_apostrophe(c)
        || matches!(c as u32,
            0x00AD | 0x00B7 | 0x0640 | 0x061C | 0x200B..=0x200F | 0x202A..=0x202E
            | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF)
}

/// Format characters that UAX #29 keeps inside a word; a word ending in a
/// soft hyphen may continue on the next line.
#[inline]
pub(crate) fn is_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x061C | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064
        | 0x2066..=0x2069 | 0xFEFF)
}

/// Marks removed by diacritic folding: the generic diacritics that Latin,
/// Greek and Cyrillic letters decompose into, Hebrew points, Arabic harakat
/// and Quranic marks, and variation selectors. Marks of other scripts (Indic
/// vowel signs, Thai vowels) spell the word and are kept.
#[inline]
fn is_dropped_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2
        | 0x05C4..=0x05C5 | 0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670
        | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7..=0x06E8 | 0x06EA..=0x06ED
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F | 0xE0100..=0xE01EF)
}

/// Letters that NFKD does not decompose but that users type without their
/// stroke, or spell out (ß → ss). Applied after lower-casing.
#[inline]
fn special_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ø' => "o",
        'ł' => "l",
        'đ' => "d",
        'ð' => "d",
        'ħ' => "h",
        'ŧ' => "t",
        'ı' => "i",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        'þ' => "th",
        // Greek final sigma: "ΟΔΟΣ" lower-cases to σ, "οδός" ends in ς.
        'ς' => "σ",
        _ => return None,
    })
}

/// Cyrillic letters whose breve or diaeresis makes a different letter
/// (й is not и): kept whole, only lower-cased. ё still folds to е.
#[inline]
fn kept_letter(c: char) -> Option<char> {
    match c {
        'й' | 'Й' => Some('й'),
        'ў' | 'Ў' => Some('ў'),
        'ї' | 'Ї' => Some('ї'),
        _ => None,
    }
}

/// What folding one word found, beyond its parts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WordShape {
    /// Every separator between parts was a full stop ("U.S", "e.g").
    pub dots_only: bool,
}

/// Folds `text[start..end]`, appending its parts to `parts` and their text
/// to `out`.
pub(crate) fn fold_word(text: &str, start: usize, end: usize, out: &mut String, parts: &mut Vec<Part>) -> WordShape {
    let word = &text[start..end];
    let bytes = word.as_bytes();
    // The common case: one ASCII word of letters and digits.
    if bytes.iter().all(u8::is_ascii_alphanumeric) {
        if !bytes.is_empty() {
            let text_start = out.len();
            out.push_str(word);
            out[text_start..].make_ascii_lowercase();
            parts.push(Part::new(start, end, text_start, out.len()));
        }
        return WordShape { dots_only: true };
    }
    let mut folder = Folder {
        out,
        parts,
        open: None,
        needs_nfc: false,
        dots_only: true,
        after_apostrophe: false,
    };
    for (i, c) in word.char_indices() {
        let at = start + i;
        let char_end = at + c.len_utf8();
        if c.is_ascii() {
            folder.ascii(c as u8, at, char_end);
        } else if is_joiner(c) {
            folder.after_apostrophe |= is_apostrophe(c);
        } else if let Some(k) = kept_letter(c) {
            folder.push(k, at, char_end);
        } else {
            decompose_compatible(c, |d| folder.decomposed(d, at, char_end));
        }
    }
    folder.close();
    WordShape {
        dots_only: folder.dots_only,
    }
}

struct Folder<'s> {
    out: &'s mut String,
    parts: &'s mut Vec<Part>,
    open: Option<Part>,
    needs_nfc: bool,
    dots_only: bool,
    /// An apostrophe was dropped since the last letter or digit.
    after_apostrophe: bool,
}

impl Folder<'_> {
    #[inline]
    fn ascii(&mut self, b: u8, at: usize, char_end: usize) {
        if b.is_ascii_alphanumeric() {
            self.push(b.to_ascii_lowercase() as char, at, char_end);
        } else if b == b'\'' || b == b'`' {
            self.after_apostrophe = true;
        } else {
            self.separator(b as char);
        }
    }

    fn decomposed(&mut self, d: char, at: usize, char_end: usize) {
        if d.is_ascii() {
            return self.ascii(d as u8, at, char_end);
        }
        for l in d.to_lowercase() {
            if is_dropped_mark(l) {
                // The mark belongs to the letter before it: cover it.
                if let Some(p) = &mut self.open {
                    p.to = char_end;
                }
            } else if let Some(s) = special_letter(l) {
                for c in s.chars() {
                    self.push(c, at, char_end);
                }
            } else if is_joiner(l) {
                self.after_apostrophe |= is_apostrophe(l);
            } else if l.is_alphanumeric() {
                if is_combining_mark(l) {
                    self.needs_nfc = true;
                }
                self.push(l, at, char_end);
            } else if is_combining_mark(l) {
                if self.open.is_some() {
                    self.needs_nfc = true;
                    self.push(l, at, char_end);
                }
            } else {
                self.separator(l);
            }
        }
    }

    #[inline]
    fn push(&mut self, c: char, at: usize, char_end: usize) {
        match &mut self.open {
            Some(p) => {
                if self.after_apostrophe && p.tail.is_none() {
                    p.tail = Some((at, self.out.len()));
                }
                p.to = char_end;
            }
            None => self.open = Some(Part::new(at, char_end, self.out.len(), 0)),
        }
        self.after_apostrophe = false;
        self.out.push(c);
    }

    #[inline]
    fn separator(&mut self, c: char) {
        if c != '.' {
            self.dots_only = false;
        }
        self.after_apostrophe = false;
        self.close();
    }

    fn close(&mut self) {
        if let Some(mut p) = self.open.take() {
            if self.needs_nfc {
                // Kept marks (Indic vowel signs, ...) in canonical order and
                // composed where Unicode composes them.
                // The part before an apostrophe's tail and the tail are
                // composed apart, so that the tail's start stays a
                // boundary of the composed text (composing can shorten
                // what comes before it).
                let tail_at = p.tail.map_or(self.out.len(), |(_, t)| t);
                let head: String = self.out[p.text_start..tail_at].nfc().collect();
                let tail: String = self.out[tail_at..].nfc().collect();
                self.out.truncate(p.text_start);
                self.out.push_str(&head);
                if let Some((_, t)) = &mut p.tail {
                    *t = self.out.len();
                }
                self.out.push_str(&tail);
                self.needs_nfc = false;
            }
            p.text_end = self.out.len();
            self.parts.push(p);
        }
    }
}

/// Length in bytes of a possessive ending (`'s`, `’s`, ...) at the end of
/// `word`, or 0. The ending must follow a letter or a digit.
pub(crate) fn possessive_len(word: &str) -> usize {
    if !matches!(word.as_bytes().last(), Some(b's' | b'S')) {
        return 0;
    }
    let mut rev = word.chars().rev();
    let (Some(s), Some(apos), Some(before)) = (rev.next(), rev.next(), rev.next()) else {
        return 0;
    };
    if (s == 's' || s == 'S') && is_apostrophe(apos) && (before.is_alphanumeric() || is_combining_mark(before)) {
        1 + apos.len_utf8()
    } else {
        0
    }
}

/// Does `word` end in a letter or digit (ignoring trailing marks)?
pub(crate) fn ends_with_word_char(word: &str) -> bool {
    if let Some(&b) = word.as_bytes().last() {
        if b < 0x80 {
            return b.is_ascii_alphanumeric();
        }
    }
    word.chars()
        .rev()
        .find(|&c| !is_combining_mark(c) && !is_format(c))
        .is_some_and(char::is_alphanumeric)
}
