//! Han, kana and Hangul: which characters form CJK runs, and how one
//! character of a run is folded.
//!
//! A run is a maximal sequence of CJK *units*: a starter character (an
//! ideograph, a kana, a Hangul syllable or leading jamo) followed by the
//! characters that belong to it (combining marks such as the kana voicing
//! marks, half-width voicing marks, vowel and trailing jamo, variation
//! selectors). Each unit is folded with NFKC (not NFKD: NFKD would take a
//! Hangul syllable apart into jamo), which also maps compatibility
//! ideographs, half-width katakana and square forms to their usual forms.
//!
//! A traditional Han character is then folded to its simplified form
//! ([`simplified`]: 國 and 国, 臺灣 and 台湾 index alike), one character
//! for one, so offsets still point at the text as written.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Traditional Han characters and their simplified forms, one a line
/// (`國国`). Generated from Unihan's kSimplifiedVariant by
/// `scripts/unihan_tables.py` (which says what is left out and why).
const SIMPLIFIED: &str = include_str!("simplified.txt");

/// The simplified form of the Han character `c` (国 for 國), or `c`.
///
/// A character that keeps its own form in some simplified words (乾 in
/// 乾隆, 著 in 著名) is not folded, nor is 阪 (Japanese 阪本 and 坂本
/// are different names).
///
/// ```
/// # use sagasu_analysis::analyze;
/// # let f = |s| analyze(s, sagasu_analysis::Mode::Query).into_iter().map(|t| t.text).collect::<Vec<_>>();
/// assert_eq!(f("臺灣"), f("台湾"));
/// assert_ne!(f("乾隆"), f("干隆"));
/// ```
pub(crate) fn simplified(c: char) -> char {
    static TABLE: OnceLock<FxHashMap<char, char>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        SIMPLIFIED
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut cs = l.chars();
                Some((cs.next()?, cs.next()?))
            })
            .collect()
    });
    table.get(&c).copied().unwrap_or(c)
}

/// Is `c` an ideograph that [`simplified`] may change?
#[inline]
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x323AF)
}

/// Does `c` start a CJK unit?
#[inline]
pub(crate) fn is_starter(c: char) -> bool {
    let u = c as u32;
    if u < 0x1100 {
        return false;
    }
    if is_nfkc_stable(c) {
        // Common kana, ideographs and syllables: all letters (tested), so
        // the slow Unicode table lookup below is skipped.
        return true;
    }
    let in_range = matches!(u,
        0x1100..=0x115F          // Hangul leading jamo
        | 0x3005..=0x3007        // 々 〆 〇
        | 0x3021..=0x3029        // Hangzhou numerals
        | 0x3031..=0x3035        // kana repeat marks
        | 0x303B..=0x303C        // 〻 〼
        | 0x3041..=0x3096        // hiragana
        | 0x309D..=0x309F        // hiragana iteration marks, ゟ
        | 0x30A1..=0x30FA        // katakana
        | 0x30FC..=0x30FF        // prolonged sound mark, iteration marks, ヿ
        | 0x3131..=0x318E        // Hangul compatibility jamo
        | 0x31F0..=0x31FF        // katakana phonetic extensions
        | 0x3400..=0x4DBF        // CJK extension A
        | 0x4E00..=0x9FFF        // CJK unified ideographs
        | 0xA960..=0xA97F        // Hangul jamo extended A (leading)
        | 0xAC00..=0xD7A3        // Hangul syllables
        | 0xF900..=0xFAFF        // CJK compatibility ideographs
        | 0xFF66..=0xFF9D        // half-width katakana
        | 0xFFA0..=0xFFDC        // half-width Hangul
        | 0x1B000..=0x1B16F      // kana supplement and extensions
        | 0x20000..=0x323AF // CJK extensions B–H, compatibility supplement
    );
    in_range && c.is_alphanumeric()
}

/// Does `c` belong to the unit before it (when there is one)?
#[inline]
pub(crate) fn is_extender(c: char) -> bool {
    let u = c as u32;
    if u < 0x300 {
        return false;
    }
    matches!(u,
        0x1160..=0x11FF          // Hangul vowel and trailing jamo
        | 0xD7B0..=0xD7FF        // Hangul jamo extended B
        | 0xFF9E..=0xFF9F        // half-width voicing marks
    ) || is_variation_selector(c)
        || is_combining_mark(c)
}

#[inline]
fn is_variation_selector(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

/// Characters that NFKC leaves as they are: the common case, folded
/// without running the normalizer.
#[inline]
fn is_nfkc_stable(c: char) -> bool {
    matches!(c as u32,
        0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3
    )
}

/// Appends the folded form of one unit (a starter and its extenders) to
/// `out`. Variation selectors are dropped, so 葛 and 葛 + VS17 index alike;
/// traditional characters become simplified ([`simplified`]).
pub(crate) fn fold_unit(unit: &str, out: &mut String) {
    let mut chars = unit.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        if is_nfkc_stable(c) {
            out.push(if is_han(c) { simplified(c) } else { c });
            return;
        }
    }
    for c in unit.nfkc() {
        if is_han(c) {
            out.push(simplified(c));
        } else if c.is_alphanumeric() || (is_combining_mark(c) && !is_variation_selector(c)) {
            out.push(c);
        }
    }
}

/// `text` with the whitespace between two CJK runs removed, or `None` when
/// there is none.
///
/// Chinese and Japanese are written without spaces (and Korean often joins
/// compound nouns), so a phrase typed with a space between two runs
/// ("人民 共和国") also names the text written without it (人民共和国). The
/// spaced query lacks the bigram across the gap (民共) that such a text
/// holds, so it cannot match it as typed: search both forms.
///
/// ```
/// use sagasu_analysis::close_cjk_gaps;
/// assert_eq!(close_cjk_gaps("人民 共和国").as_deref(), Some("人民共和国"));
/// assert_eq!(close_cjk_gaps("日本 Japan"), None);
/// ```
pub fn close_cjk_gaps(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut gap = String::new();
    let mut changed = false;
    // Whether the last character that is not whitespace ends a CJK run.
    let mut after_cjk = false;
    for c in text.chars() {
        if c.is_whitespace() {
            gap.push(c);
            continue;
        }
        if !gap.is_empty() {
            if after_cjk && is_starter(c) {
                changed = true;
            } else {
                out.push_str(&gap);
            }
            gap.clear();
        }
        after_cjk = is_starter(c) || (after_cjk && is_extender(c));
        out.push(c);
    }
    out.push_str(&gap);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_between_cjk_runs_close() {
        for (text, closed, help) in [
            ("人民 共和国", Some("人民共和国"), "Han runs: the space goes"),
            (
                "中华　人民  共和国",
                Some("中华人民共和国"),
                "ideographic and repeated spaces",
            ),
            (
                "독도 문제",
                Some("독도문제"),
                "Hangul runs too (compound nouns are often joined)",
            ),
            ("日本 Japan 語", None, "a Latin word between runs keeps its spaces"),
            (
                "ガ\u{3099} 日本",
                Some("ガ\u{3099}日本"),
                "a mark ending a run still ends a CJK run",
            ),
            ("a b", None, "no CJK: nothing changes"),
        ] {
            assert_eq!(close_cjk_gaps(text).as_deref(), closed, "{text:?}: {help}");
        }
    }

    /// `is_starter` answers for these without asking `is_alphanumeric`.
    #[test]
    fn nfkc_stable_characters_are_letters_in_cjk_ranges() {
        let stable: Vec<char> = (0x1100..=0x3_23AF)
            .filter_map(char::from_u32)
            .filter(|&c| is_nfkc_stable(c))
            .collect();
        assert!(stable.len() > 30_000);
        for c in stable {
            assert!(c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }
}
