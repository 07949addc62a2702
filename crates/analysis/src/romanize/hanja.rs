//! Hanja: a Korean or Japanese source writes a Korean name in Han
//! characters (金大中, 朝鮮); read by their Korean sounds they are the
//! Hangul name (김대중, 조선), whose key finds every romanization of it.
//!
//! Query side only ([`hanja_readings`]): the index keeps Han text as Han
//! text. The other direction (a Hangul or Latin query finding hanja) is
//! one to many (대 is 大, 代, 對, 帶, 待, … ) and is not done.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// A Han character and its Korean readings, one a line, the reading used
/// in names first (`金김금`). Generated from Unihan's kHangul by
/// `scripts/unihan_tables.py`.
const HANJA: &str = include_str!("hanja.txt");

/// Words of this many characters are read (a name or a place).
const LENGTHS: std::ops::RangeInclusive<usize> = 2..=4;
/// At most this many readings of one character are tried.
const PER_CHARACTER: usize = 2;
/// At most this many readings of one word.
const MAX_READINGS: usize = 4;

fn readings(c: char) -> Option<&'static str> {
    static TABLE: OnceLock<FxHashMap<char, &'static str>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        HANJA
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let c = l.chars().next()?;
                Some((c, &l[c.len_utf8()..]))
            })
            .collect()
    });
    table.get(&c).copied()
}

/// The Hangul readings of a word of two to four Han characters that all
/// have a Korean reading (`金大中` → `김대중`, `금대중`), with the
/// initial-sound rule on the first syllable (`李承晩` → `이승만`, `盧武鉉`
/// → `노무현`); empty for anything else (one character, kana, Hangul).
/// The reading used in names comes first; at most four.
///
/// ```
/// use sagasu_analysis::romanize::hanja_readings;
/// assert_eq!(hanja_readings("金大中"), ["김대중", "금대중"]);
/// assert_eq!(hanja_readings("李承晩"), ["이승만"]);
/// assert_eq!(hanja_readings("盧武鉉"), ["노무현"]);
/// assert!(hanja_readings("金").is_empty());
/// assert!(hanja_readings("日本語を").is_empty());
/// ```
pub fn hanja_readings(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if !LENGTHS.contains(&chars.len()) {
        return Vec::new();
    }
    let mut slots: Vec<Vec<char>> = Vec::with_capacity(chars.len());
    for &c in &chars {
        let Some(r) = readings(c) else {
            return Vec::new();
        };
        slots.push(r.chars().take(PER_CHARACTER).collect());
    }
    let mut words: Vec<String> = vec![String::new()];
    for (i, slot) in slots.iter().enumerate() {
        words = words
            .iter()
            .flat_map(|w| {
                slot.iter().map(move |&s| {
                    let mut w = w.clone();
                    w.push(if i == 0 { initial_sound(s) } else { s });
                    w
                })
            })
            .collect();
    }
    let mut out: Vec<String> = Vec::new();
    for w in words {
        if !out.contains(&w) && out.len() < MAX_READINGS {
            out.push(w);
        }
    }
    out
}

/// The initial-sound rule (두음법칙) on a word's first syllable: ㄹ before
/// i or y is silent, elsewhere ㄴ (리 → 이, 류 → 유, 로 → 노); ㄴ before i
/// or y is silent (녀 → 여).
fn initial_sound(s: char) -> char {
    const RIEUL: u32 = 5;
    const NIEUN: u32 = 2;
    const IEUNG: u32 = 11;
    let Some(i) = (s as u32).checked_sub(0xAC00).filter(|&i| i < 11_172) else {
        return s;
    };
    let (lead, vowel, tail) = (i / 588, (i % 588) / 28, i % 28);
    // ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ
    let i_or_y = matches!(vowel, 2 | 3 | 6 | 7 | 12 | 17 | 20);
    let lead = match lead {
        RIEUL if i_or_y => IEUNG,
        RIEUL => NIEUN,
        NIEUN if i_or_y => IEUNG,
        other => other,
    };
    char::from_u32(0xAC00 + lead * 588 + vowel * 28 + tail).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_initial_sound_rule() {
        for (from, to) in [
            ('리', '이'),
            ('류', '유'),
            ('림', '임'),
            ('로', '노'),
            ('려', '여'),
            ('녀', '여'),
            ('김', '김'),
            ('노', '노'),
        ] {
            assert_eq!(initial_sound(from), to, "{from}");
        }
    }

    #[test]
    fn surnames_read_by_the_rule() {
        for (hanja, hangul) in [("李明博", "이명박"), ("柳成龍", "유성룡"), ("林東源", "임동원")] {
            assert_eq!(hanja_readings(hanja)[0], hangul, "{hanja}");
        }
        // Only the first syllable: 朝鮮 keeps its syllables.
        assert_eq!(hanja_readings("朝鮮"), ["조선"]);
    }
}
