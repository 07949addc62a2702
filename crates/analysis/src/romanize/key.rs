//! The key: a word's spelling as lower-case ASCII ([`Spelling`]: Hangul
//! romanized, ŏ as eo, marks noted), then the rules that merge what
//! romanizations write differently, and the [`CONVENTIONAL`] surnames.

use unicode_normalization::char::decompose_canonical;

use crate::fold::{is_apostrophe, possessive_len};

/// Conventional spellings of Korean surnames that no rule produces: each
/// row's spellings (as they read after the first step of [`key`]: ŏ as eo,
/// apostrophes dropped) get the key of its first spelling. `park`, `lee`
/// and `no` are also English words: they are names only when capitalized,
/// and `No` only before a given name (`No Tae-woo`).
pub const CONVENTIONAL: &[&[&str]] = &[
    &["pak", "park", "bak"],
    &["yi", "lee", "rhee", "i", "rhie"],
    &["no", "roh", "noh"],
    &["choe", "choi"],
    &["jeong", "chung", "cheong"],
    &["gim", "kim"],
];

/// The romanization key of one word's original spelling (hyphens and
/// apostrophes inside it dropped, a possessive `’s` ignored), whether or
/// not it is a name; `None` when it has a letter that is neither Latin nor
/// Hangul, or a digit.
///
/// ```
/// use sagasu_analysis::romanize::key;
/// assert_eq!(key("Chosǒn"), key("Joseon"));
/// assert_eq!(key("Satō"), key("Satoh"));
/// assert_ne!(key("Chōsen"), key("Chosŏn"));
/// assert_eq!(key("김대중").as_deref(), Some("kimtaecunk"));
/// ```
pub fn key(word: &str) -> Option<String> {
    let s = spell(word)?;
    let mut k = rules(conventional(&s.ascii));
    // Until nothing changes (a rule can make a pair that another reads:
    // `ouu` → `ou` → `o`), so that a key is its own key.
    for _ in 0..8 {
        let again = rules(&k);
        if again == k {
            break;
        }
        k = again;
    }
    Some(k)
}

/// The first step of [`key`]: the word as lower-case ASCII letters (Hangul
/// romanized, ŏ as eo), and what it says about being a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Spelling {
    pub(super) ascii: String,
    /// A romanization mark (breve, caron or macron on a vowel) or an
    /// aspiration apostrophe.
    pub(super) marked: bool,
    /// Hangul syllables.
    pub(super) hangul: usize,
    /// Kana letters (the word is all kana, [`Spelling::ascii`] its Hepburn
    /// spelling).
    pub(super) kana: usize,
}

pub(super) fn spell(word: &str) -> Option<Spelling> {
    if word.starts_with(super::kana::is_kana) {
        return Some(Spelling {
            ascii: super::kana::hepburn(word)?,
            marked: false,
            hangul: 0,
            kana: word.chars().count(),
        });
    }
    let word = &word[..word.len() - possessive_len(word)];
    let mut s = Spelling {
        ascii: String::with_capacity(word.len() + 4),
        marked: false,
        hangul: 0,
        kana: 0,
    };
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(rr) = hangul(c) {
            s.ascii.push_str(&rr);
            s.hangul += 1;
        } else if is_apostrophe(c) {
            let after_stop = ["k", "t", "p", "ch"].iter().any(|e| s.ascii.ends_with(e));
            if after_stop && chars.peek().is_some_and(|&n| n.is_alphabetic()) {
                s.marked = true;
            }
        } else if c.is_ascii_alphabetic() {
            s.ascii.push(c.to_ascii_lowercase());
        } else if c.is_alphabetic() {
            latin_with_marks(c, &mut s)?;
        } else if matches!(c, '\u{0306}' | '\u{030C}') && (s.ascii.ends_with('o') || s.ascii.ends_with('u')) {
            // A combining breve or caron after its letter: ŏ ŭ.
            let vowel = s.ascii.pop().unwrap_or('o');
            s.ascii.push('e');
            s.ascii.push(vowel);
            s.marked = true;
        } else if c == '\u{0304}' {
            s.marked = true;
        } else if c.is_numeric() || !(is_hyphen(c) || c.is_whitespace() || is_mark(c)) {
            // Digits, or punctuation inside: `G20`, `zero/one`, `U.S.`.
            return None;
        }
        // Hyphens, soft hyphens, line breaks of a joined word: dropped.
    }
    if s.ascii.is_empty() {
        return None;
    }
    if s.marked && s.ascii.contains("eui") {
        // McCune–Reischauer ŭi is Revised Romanization ui (의).
        s.ascii = s.ascii.replace("eui", "ui");
    }
    Some(s)
}

pub(super) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{00AD}' | '\u{2010}' | '\u{2011}')
}

pub(super) fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// A Latin letter with diacritics: its base letter, with ŏ ŭ (breve, or
/// the caron that stands in for it) spelled eo eu, and long vowels short.
fn latin_with_marks(c: char, s: &mut Spelling) -> Option<()> {
    let mut base = None;
    let mut breve = false;
    let mut long = false;
    decompose_canonical(c, |d| match d {
        '\u{0306}' | '\u{030C}' => breve = true,
        '\u{0304}' => long = true,
        _ if d.is_ascii_alphabetic() => base = Some(d.to_ascii_lowercase()),
        _ => {}
    });
    let base = base?;
    let vowel = matches!(base, 'a' | 'e' | 'i' | 'o' | 'u');
    if breve && (base == 'o' || base == 'u') {
        s.ascii.push('e');
        s.ascii.push(base);
        s.marked = true;
    } else {
        s.ascii.push(base);
        s.marked |= vowel && (long || breve);
    }
    Some(())
}

/// Revised Romanization of one Hangul syllable.
pub(super) fn hangul(c: char) -> Option<String> {
    const INITIAL: [&str; 19] = [
        "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
    ];
    const MEDIAL: [&str; 21] = [
        "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu",
        "eu", "ui", "i",
    ];
    const FINAL: [&str; 28] = [
        "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng",
        "t", "t", "k", "t", "p", "t",
    ];
    let s = (c as u32).checked_sub(0xAC00).filter(|&s| s < 11172)? as usize;
    Some(format!(
        "{}{}{}",
        INITIAL[s / 588],
        MEDIAL[(s % 588) / 28],
        FINAL[s % 28]
    ))
}

/// The spelling of a conventional surname replaced by its row's first.
fn conventional(ascii: &str) -> &str {
    CONVENTIONAL
        .iter()
        .find(|row| row.contains(&ascii))
        .map_or(ascii, |row| row[0])
}

pub(super) fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The rules of the module table, left to right over ASCII letters.
fn rules(s: &str) -> String {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    // Pushes a consonant class letter; a doubled one is written once.
    let consonant = |out: &mut Vec<u8>, k: u8| {
        if out.last() != Some(&k) {
            out.push(k);
        }
    };
    while i < b.len() {
        let (c, n1, n2) = (b[i], at(i + 1), at(i + 2));
        let step = match c {
            b'e' if n1 == b'o' => {
                out.push(b'u');
                2
            }
            b'e' if n1 == b'e' => {
                out.push(b'i');
                2
            }
            b'o' if n1 == b'o' || n1 == b'u' => {
                out.push(b'o');
                2
            }
            b'o' if n1 == b'h' && !is_vowel(n2) && n2 != b'y' => {
                out.push(b'o');
                2
            }
            b'u' if n1 == b'u' => {
                out.push(b'u');
                2
            }
            b'a' if n1 == b'a' => {
                out.push(b'a');
                2
            }
            b'i' if n1 == b'i' => {
                out.push(b'i');
                2
            }
            b'u' if n1 == b'i' && out.last() == Some(&b'h') => 1,
            b'a' | b'e' | b'i' | b'o' | b'u' | b'w' | b'y' => {
                out.push(c);
                1
            }
            b't' if n1 == b'c' && n2 == b'h' => {
                consonant(&mut out, b'c');
                3
            }
            b'c' if n1 == b'h' => {
                consonant(&mut out, b'c');
                2
            }
            b't' if n1 == b's' && n2 == b'u' => {
                consonant(&mut out, b't');
                2
            }
            b's' if n1 == b'h' => {
                consonant(&mut out, b's');
                if n2 != b'i' && n2 != b'y' {
                    out.push(b'y');
                }
                2
            }
            b'z' | b't' | b'd' if n1 == b'y' && is_vowel(n2) => {
                consonant(&mut out, b'c');
                2
            }
            b'z' | b't' | b'd' if n1 == b'i' => {
                consonant(&mut out, b'c');
                1
            }
            b'r' if n1 == b'h' => {
                consonant(&mut out, b'r');
                2
            }
            b'm' if matches!(n1, b'b' | b'm' | b'p') => {
                consonant(&mut out, b'n');
                1
            }
            _ => {
                let k = match c {
                    b'j' => b'c',
                    b'g' | b'q' => b'k',
                    b'd' => b't',
                    b'b' | b'v' => b'p',
                    b'f' => b'h',
                    b'l' => b'r',
                    other => other,
                };
                consonant(&mut out, k);
                1
            }
        };
        i += step;
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_is_revised_romanization() {
        assert_eq!(spell("김대중").unwrap().ascii, "gimdaejung");
        assert_eq!(spell("박정희").unwrap().ascii, "bakjeonghui");
        assert_eq!(spell("서울").unwrap().ascii, "seoul");
    }
}
