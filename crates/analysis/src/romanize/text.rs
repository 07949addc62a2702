//! Keys of the names in a document's text (at its tokens' positions) and
//! in a query's words.

use super::guard::{guard, is_capitalized, is_name, syllables, Side};
use super::kana::is_kana;
use super::key::{hangul, is_mark, key, spell};
use crate::fold::is_apostrophe;

/// One key of a document's name, at its token's position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKey {
    /// Byte range of the original spelling in the text.
    pub from: usize,
    /// End of that range.
    pub to: usize,
    /// Position, as the analyzer's token at `from` has it.
    pub position: usize,
    /// The key.
    pub key: String,
}

/// The keys of the name candidates of `text` (document side), given its
/// index-mode tokens (`analyze(text, Mode::Index)`): one key per token of
/// a name, at the token's position (so the parts and the joined form of
/// `Dae-jung` each get one); for two adjacent capitalized one-syllable
/// words (`Dae Jung`) also their joined key, stacked on the first; for a
/// Hangul word of two to four syllables its key, and for three or four
/// its surname's and given name's keys at consecutive positions (김대중:
/// `kim`, then `taecunk`, as in `Kim Dae-jung`).
///
/// Trap: the tokens must be those of `text` in index mode (all of them,
/// or those for which [`may_be_name`] is true); the keys' positions are
/// theirs.
pub fn name_keys(text: &str, tokens: &[tantivy::tokenizer::Token]) -> Vec<NameKey> {
    let mut out = Vec::new();
    let mut hangul_end = 0;
    let mut kana_end = 0;
    for (i, t) in tokens.iter().enumerate() {
        let original = &text[t.offset_from..t.offset_to];
        if plain_lower_case(text, t.offset_from, original) {
            // Most words of a text: not a name, decided without allocating.
            continue;
        }
        let Some(first) = original.chars().next() else { continue };
        if hangul(first).is_some() {
            if t.offset_from >= hangul_end {
                hangul_end = hangul_word(text, t, &mut out);
            }
            continue;
        }
        if is_kana(first) && first != 'ー' {
            if t.offset_from >= kana_end {
                kana_end = kana_word(text, t, &mut out);
            }
            continue;
        }
        if !is_latin(first) || after_aspiration(text, t.offset_from) {
            // Other scripts; the tail of `t’ŭkpyŏl` after its aspiration
            // apostrophe.
            continue;
        }
        let (ws, we) = word_around(text, t.offset_from, t.offset_to);
        let whole_ascii = (ws, we) == (t.offset_from, t.offset_to) && original.is_ascii() && original != "No";
        let k = if whole_ascii {
            // A plain capitalized word (most are not names): its verdict
            // depends on nothing else, and words repeat.
            match WORD_KEYS.with(|cache| cache.borrow_mut().key(original)) {
                Some(k) => k,
                None => continue,
            }
        } else {
            if original.bytes().all(|b| b.is_ascii_alphanumeric()) && !is_capitalized(&text[ws..we]) {
                // A part of a word in lower case (`usr` of `/usr/bin`,
                // `based` of `file-based`): no mark, so not a name in a
                // text (the guard's verdict), decided without spelling it.
                continue;
            }
            let Some(s) = spell(original) else { continue };
            if !guard(&text[ws..we], &s, next_word(text, we), Side::Text) {
                continue;
            }
            let Some(k) = key(original) else { continue };
            k
        };
        out.push(NameKey {
            from: t.offset_from,
            to: t.offset_to,
            position: t.position,
            key: k,
        });
        // "Dae Jung": the joined given name, stacked on "Dae".
        let Some(n) = tokens[i + 1..].iter().find(|n| n.position > t.position) else {
            continue;
        };
        let between = &text[t.offset_to.min(n.offset_from)..n.offset_from];
        let next_original = &text[n.offset_from..n.offset_to];
        let one_syllable = |w: &str| spell(w).is_some_and(|s| s.hangul == 0 && syllables(&s.ascii) == Some(1));
        let whole = |from: usize, to: usize| word_around(text, from, to) == (from, to);
        if n.position == t.position + 1
            && ws == t.offset_from
            && we == t.offset_to
            && whole(n.offset_from, n.offset_to)
            && !between.is_empty()
            && between.chars().all(char::is_whitespace)
            && is_capitalized(next_original)
            && one_syllable(original)
            && one_syllable(next_original)
            && is_name(next_original, None, Side::Text)
        {
            let joined = format!("{original}{next_original}");
            if let Some(k) = key(&joined) {
                out.push(NameKey {
                    from: t.offset_from,
                    to: n.offset_to,
                    position: t.position,
                    key: k,
                });
            }
        }
    }
    out
}

/// Whether the token at `from..to` of `text` may be a name, decided
/// without allocating: false for most words of an English text (lower
/// case, all capitals, digits). [`name_keys`] gives keys to some of those
/// for which it is true, and needs only those tokens (with the Hangul
/// ones).
pub fn may_be_name(text: &str, from: usize, to: usize) -> bool {
    !plain_lower_case(text, from, &text[from..to])
}

/// An ASCII word of a text that cannot be a name, decided without
/// allocating: in lower case and starting a word of its own (not the
/// `jung` of `Dae-jung`), or with a capital after its first letter (`ROK`,
/// `McArthur`), or with a digit.
///
/// Every token of a text passes here: one pass over its bytes, each
/// classified by a table.
#[inline]
fn plain_lower_case(text: &str, from: usize, original: &str) -> bool {
    let Some((&first, rest)) = original.as_bytes().split_first() else {
        return false;
    };
    let head = ASCII_CLASS[usize::from(first)];
    let (mut seen, mut all) = (0, head != 0);
    for &b in rest {
        let class = ASCII_CLASS[usize::from(b)];
        seen |= class;
        all &= class != 0;
    }
    if !all {
        return false;
    }
    if (head | seen) & DIGIT != 0 || seen & UPPER != 0 {
        return true;
    }
    head == LOWER
        && text.as_bytes()[..from]
            .last()
            .is_none_or(|&p| p == b' ' || p == b'\n' || p == b'(' || p == b'"')
}

/// Classes of [`ASCII_CLASS`]: an ASCII lower-case letter, upper-case
/// letter, digit (0 for any other byte).
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;

/// The class of each byte (see [`LOWER`]).
const ASCII_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Does the token at `from` follow an aspiration apostrophe (`t’`, `ch’`)?
fn after_aspiration(text: &str, from: usize) -> bool {
    let mut before = text[..from].chars().rev();
    before.next().is_some_and(is_apostrophe)
        && matches!(before.next(), Some('k' | 't' | 'p' | 'h' | 'K' | 'T' | 'P' | 'H'))
}

thread_local! {
    /// Keys (or not) of the plain capitalized words seen on this thread.
    static WORD_KEYS: std::cell::RefCell<WordKeys> = std::cell::RefCell::new(WordKeys::default());
}

/// A bounded cache of the verdicts on plain capitalized ASCII words.
#[derive(Default)]
struct WordKeys {
    keys: rustc_hash::FxHashMap<Box<str>, Option<Box<str>>>,
}

impl WordKeys {
    const CAPACITY: usize = 1 << 16;

    /// The key of `word` (a whole ASCII word of a text) if it is a name.
    fn key(&mut self, word: &str) -> Option<String> {
        if let Some(k) = self.keys.get(word) {
            return k.as_deref().map(str::to_owned);
        }
        let k = spell(word)
            .filter(|s| guard(word, s, None, Side::Text))
            .and_then(|_| key(word));
        if self.keys.len() >= Self::CAPACITY {
            self.keys.clear();
        }
        self.keys.insert(word.into(), k.as_deref().map(Box::from));
        k
    }
}

/// Keys of the Hangul word starting at token `t`; returns where it ends.
fn hangul_word(text: &str, t: &tantivy::tokenizer::Token, out: &mut Vec<NameKey>) -> usize {
    let run: Vec<(usize, char)> = text[t.offset_from..]
        .char_indices()
        .take_while(|&(_, c)| hangul(c).is_some())
        .collect();
    let end = t.offset_from + run.last().map_or(0, |&(i, c)| i + c.len_utf8());
    let n = run.len();
    let mut push = |from: usize, to: usize, position: usize| {
        if let Some(k) = key(&text[from..to]) {
            out.push(NameKey {
                from,
                to,
                position,
                key: k,
            });
        }
    };
    if (1..=4).contains(&n) {
        push(t.offset_from, end, t.position);
    }
    if (3..=4).contains(&n) {
        let given_at = t.offset_from + run[1].0;
        let given_end = t.offset_from + run[2].0 + run[2].1.len_utf8();
        push(t.offset_from, given_at, t.position);
        push(given_at, given_end, t.position + 1);
    }
    end
}

/// The key of the kana word starting at token `t` (a run of katakana with
/// its long-vowel marks, or of hiragana standing alone: no CJK letter
/// before or after it); returns where the run ends.
fn kana_word(text: &str, t: &tantivy::tokenizer::Token, out: &mut Vec<NameKey>) -> usize {
    let katakana = |c: char| matches!(c as u32, 0x30A1..=0x30F4 | 0x30FC);
    let rest = &text[t.offset_from..];
    let first_katakana = rest.starts_with(katakana);
    let len: usize = rest
        .chars()
        .take_while(|&c| is_kana(c) && (katakana(c) == first_katakana || c == 'ー'))
        .map(char::len_utf8)
        .sum();
    let end = t.offset_from + len;
    let word = &text[t.offset_from..end];
    let cjk = |c: Option<char>| c.is_some_and(|c| crate::cjk::is_starter(c) || crate::cjk::is_extender(c));
    let alone = !cjk(text[..t.offset_from].chars().next_back()) && !cjk(text[end..].chars().next());
    if (2..=8).contains(&word.chars().count()) && (first_katakana || alone) {
        if let Some(k) = key(word) {
            out.push(NameKey {
                from: t.offset_from,
                to: end,
                position: t.position,
                key: k,
            });
        }
    }
    end
}

/// The whitespace-separated word of `text` around `from..to`, without the
/// punctuation around it.
/// Looks no further than [`WORD_REACH`] bytes either side (no name is
/// longer; a text without spaces would make every look a scan).
fn word_around(text: &str, from: usize, to: usize) -> (usize, usize) {
    let mut floor = from.saturating_sub(WORD_REACH);
    while !text.is_char_boundary(floor) {
        floor -= 1;
    }
    let mut ceiling = (to + WORD_REACH).min(text.len());
    while !text.is_char_boundary(ceiling) {
        ceiling += 1;
    }
    let start = text[floor..from]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(floor, |(i, c)| floor + i + c.len_utf8());
    let end = text[to..ceiling].find(char::is_whitespace).map_or(ceiling, |i| to + i);
    let word = &text[start..end];
    let lead = word.len() - word.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    let trail = word.len() - word.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
    (start + lead.min(from - start), end - trail.min(end - to))
}

/// How far [`word_around`] looks for a word's ends.
const WORD_REACH: usize = 64;

/// A letter of the Latin alphabets (with diacritics), where romanized
/// names are written.
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}')
}

/// The word after byte `at` (after whitespace), punctuation trimmed.
fn next_word(text: &str, at: usize) -> Option<&str> {
    let rest = text.get(at..)?.trim_start();
    let mut reach = rest.len().min(WORD_REACH);
    while !rest.is_char_boundary(reach) {
        reach += 1;
    }
    let word = rest[..reach].split(char::is_whitespace).next()?;
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    (!word.is_empty()).then_some(word)
}

/// The keys of a query word (as typed, one whitespace-separated word) if
/// it is a name candidate, `next` being the word after it: one key, or for
/// a Hangul word of three or four syllables the surname's and the given
/// name's (`김대중` → `kim`, `taecunk`, as `Kim Daejung`).
///
/// ```
/// use sagasu_analysis::romanize::query_keys;
/// assert_eq!(query_keys("Joseon", None), Some(vec!["cosun".to_string()]));
/// assert_eq!(query_keys("good", None), None);
/// assert_eq!(query_keys("김대중", None).unwrap().len(), 2);
/// ```
pub fn query_keys(word: &str, next: Option<&str>) -> Option<Vec<String>> {
    let pieces = query_key_pieces(word, next)?;
    pieces.iter().map(|p| key(p)).collect()
}

/// The pieces of a query name that [`query_keys`] keys, as typed: the word,
/// or a Hangul name's surname and given name (`김대중` → `김`, `대중`);
/// `None` when the word is not a name candidate. Each piece's
/// [`breveless_keys`](super::breveless_keys) are its other keys.
pub fn query_key_pieces(word: &str, next: Option<&str>) -> Option<Vec<String>> {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && !is_mark(c));
    let s = spell(word)?;
    if !guard(word, &s, next, Side::Query) {
        return None;
    }
    let syllables: Vec<char> = word.chars().filter(|&c| hangul(c).is_some()).collect();
    if syllables.len() >= 3 && s.hangul == syllables.len() {
        let surname: String = syllables[..1].iter().collect();
        let given: String = syllables[1..3].iter().collect();
        return Some(vec![surname, given]);
    }
    key(word)?;
    Some(vec![word.to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `plain_lower_case` as it was written before its one-pass form: the
    /// reference it must agree with.
    fn plain_lower_case_reference(text: &str, from: usize, original: &str) -> bool {
        let b = original.as_bytes();
        if b.is_empty() || !b.iter().all(u8::is_ascii_alphanumeric) {
            return false;
        }
        if b.iter().any(u8::is_ascii_digit) || b[1..].iter().any(u8::is_ascii_uppercase) {
            return true;
        }
        b[0].is_ascii_lowercase()
            && text.as_bytes()[..from]
                .last()
                .is_none_or(|&p| p == b' ' || p == b'\n' || p == b'(' || p == b'"')
    }

    #[test]
    fn plain_lower_case_agrees_with_its_reference() {
        let text = "x kim Kim KIM McArthur ROK g20 G20 20 dae-jung (seoul \"tokyo\n\
                    osaka Satō sato’s d’état é e ß 김대중 a_b a.b Z z 9 9a a9 aZ Za";
        for (from, _) in text.char_indices() {
            for to in (from..=text.len()).filter(|&t| text.is_char_boundary(t)).take(12) {
                let original = &text[from..to];
                assert_eq!(
                    plain_lower_case(text, from, original),
                    plain_lower_case_reference(text, from, original),
                    "{original:?} at {from}"
                );
            }
        }
    }
}
