//! McCune–Reischauer without its breves (issue 27): most English books
//! print Chosŏn as `Choson` and Pyŏngyang as `Pyongyang`, so a plain o may
//! stand for ŏ (= eo, the key's u), and an eo (ŏ) may be printed o. A u is
//! left alone: `Chosun` does not find `Choson` (`Choson` finds `Chosun`),
//! since a u varied too gave every `Jung`, `Dae-jung` a second key. The key cannot merge o and u (Sato is not Satu,
//! Ono not Uno), so a *query* name gets the keys of these other readings
//! as well ([`breveless_keys`]); documents keep one key.
//!
//! Only a vowel closed by a nasal or liquid final (n, ng, m, l) before a
//! consonant or the end varies: `Choson` (`son`), `Chosun`, `Pyongyang`,
//! `Chong`; not the open syllables where Japanese names carry their o and u
//! (`Ono`/`Uno`, `Kono`/`Kuno`, `Sato`), not a stop final (`Tokto` is 독,
//! whose o is an o; varying k, t, p finals too doubled the keys of most
//! names for few real ŏ), nor a word with a macron or circumflex (Hepburn:
//! `Kōno`).

use super::key::{is_vowel, key, spell};

/// At most this many vowels vary (8 keys in all).
const MAX_SPOTS: usize = 3;

/// The other keys of `word` (a query name, or one syllable group of a
/// Hangul name) when its closed o and eo may be breve-less
/// McCune–Reischauer: `Choson` → `cosun` (as `Chosŏn`, `Joseon`,
/// `Chosun`), `Joseon` → `coson`. Never `key(word)` itself; empty when
/// nothing varies.
///
/// ```
/// use sagasu_analysis::romanize::{breveless_keys, key};
/// assert_eq!(breveless_keys("Choson"), ["cosun"]);
/// assert_eq!(key("Joseon").as_deref(), Some("cosun"));
/// assert_eq!(breveless_keys("Joseon"), ["coson"]);
/// assert!(breveless_keys("Ono").is_empty());
/// assert!(breveless_keys("Kōno").is_empty());
/// ```
pub fn breveless_keys(word: &str) -> Vec<String> {
    if word.chars().any(is_long_vowel) {
        return Vec::new();
    }
    let Some(s) = spell(word).filter(|s| s.kana == 0) else {
        return Vec::new();
    };
    let Some(own) = key(word) else {
        return Vec::new();
    };
    let b = s.ascii.as_bytes();
    let spots = closed_vowels(b);
    let mut out: Vec<String> = Vec::new();
    for mask in 0u32..(1 << spots.len()) {
        let mut ascii = String::with_capacity(b.len() + 2);
        let mut at = 0;
        for (n, &(from, to)) in spots.iter().enumerate() {
            ascii.push_str(&s.ascii[at..from]);
            ascii.push_str(if mask & (1 << n) != 0 { "eo" } else { "o" });
            at = to;
        }
        ascii.push_str(&s.ascii[at..]);
        if let Some(k) = key(&ascii) {
            if k != own && !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// A vowel written with a macron or circumflex: a Hepburn long vowel.
fn is_long_vowel(c: char) -> bool {
    matches!(
        c,
        'ā' | 'ē'
            | 'ī'
            | 'ō'
            | 'ū'
            | 'Ā'
            | 'Ē'
            | 'Ī'
            | 'Ō'
            | 'Ū'
            | 'â'
            | 'ê'
            | 'î'
            | 'ô'
            | 'û'
            | 'Â'
            | 'Ê'
            | 'Î'
            | 'Ô'
            | 'Û'
    )
}

/// Byte ranges of the vowels `o` and `eo` of `b` that stand alone (no
/// vowel before them) and are closed by a nasal or liquid final: at most
/// [`MAX_SPOTS`].
fn closed_vowels(b: &[u8]) -> Vec<(usize, usize)> {
    let mut spots = Vec::new();
    let mut i = 0;
    while i < b.len() && spots.len() < MAX_SPOTS {
        let (from, to) = match b[i] {
            b'e' if b.get(i + 1) == Some(&b'o') => (i, i + 2),
            b'o' => (i, i + 1),
            _ => {
                i += 1;
                continue;
            }
        };
        if (from == 0 || !is_vowel(b[from - 1])) && is_closed(b, to) {
            spots.push((from, to));
        }
        i = to;
    }
    spots
}

/// Whether a nasal or liquid final starts at `at` and ends its syllable
/// (the end of the word or a consonant follows).
fn is_closed(b: &[u8], at: usize) -> bool {
    let coda = match b.get(at) {
        Some(b'n') if b.get(at + 1) == Some(&b'g') => 2,
        Some(b'n' | b'm' | b'l') => 1,
        _ => return false,
    };
    b.get(at + coda).is_none_or(|&c| !is_vowel(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_vowels_only() {
        assert_eq!(closed_vowels(b"choson"), [(4, 5)]);
        assert_eq!(closed_vowels(b"joseon"), [(3, 5)]);
        assert_eq!(closed_vowels(b"pyongyang"), [(2, 3)]);
        assert!(closed_vowels(b"sato").is_empty());
        assert!(closed_vowels(b"seoul").is_empty());
    }
}
