//! Kana → Hepburn (issue 27): a name written in kana (`サトウ`, `さとう`)
//! gets the key of its Hepburn spelling (`satou` → `sato`, as `Satō`,
//! `Satou` and `Sato` have). Long-vowel marks are dropped as macrons are
//! (`ケーキ` → `keki`), `っ` doubles the next consonant, `ん` is `n`.

/// Is `c` a kana letter of a name: hiragana, katakana, the prolonged sound
/// mark, the small kana?
pub(super) fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x3094 | 0x30A1..=0x30F4 | 0x30FC)
}

/// A Latin vowel letter (kept here so that `key`, which reads kana through
/// this module, is not imported back).
fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Hiragana for a katakana letter (the same syllable, 0x60 below).
fn hiragana(c: char) -> char {
    match c as u32 {
        u @ 0x30A1..=0x30F4 => char::from_u32(u - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// The Hepburn romanization of one hiragana letter that stands alone
/// (not a small ya/yu/yo, a small vowel or the sokuon).
fn syllable(c: char) -> Option<&'static str> {
    const ROWS: &[(char, &str)] = &[
        ('あ', "a"),
        ('い', "i"),
        ('う', "u"),
        ('え', "e"),
        ('お', "o"),
        ('か', "ka"),
        ('き', "ki"),
        ('く', "ku"),
        ('け', "ke"),
        ('こ', "ko"),
        ('が', "ga"),
        ('ぎ', "gi"),
        ('ぐ', "gu"),
        ('げ', "ge"),
        ('ご', "go"),
        ('さ', "sa"),
        ('し', "shi"),
        ('す', "su"),
        ('せ', "se"),
        ('そ', "so"),
        ('ざ', "za"),
        ('じ', "ji"),
        ('ず', "zu"),
        ('ぜ', "ze"),
        ('ぞ', "zo"),
        ('た', "ta"),
        ('ち', "chi"),
        ('つ', "tsu"),
        ('て', "te"),
        ('と', "to"),
        ('だ', "da"),
        ('ぢ', "ji"),
        ('づ', "zu"),
        ('で', "de"),
        ('ど', "do"),
        ('な', "na"),
        ('に', "ni"),
        ('ぬ', "nu"),
        ('ね', "ne"),
        ('の', "no"),
        ('は', "ha"),
        ('ひ', "hi"),
        ('ふ', "fu"),
        ('へ', "he"),
        ('ほ', "ho"),
        ('ば', "ba"),
        ('び', "bi"),
        ('ぶ', "bu"),
        ('べ', "be"),
        ('ぼ', "bo"),
        ('ぱ', "pa"),
        ('ぴ', "pi"),
        ('ぷ', "pu"),
        ('ぺ', "pe"),
        ('ぽ', "po"),
        ('ま', "ma"),
        ('み', "mi"),
        ('む', "mu"),
        ('め', "me"),
        ('も', "mo"),
        ('や', "ya"),
        ('ゆ', "yu"),
        ('よ', "yo"),
        ('ら', "ra"),
        ('り', "ri"),
        ('る', "ru"),
        ('れ', "re"),
        ('ろ', "ro"),
        ('わ', "wa"),
        ('ゐ', "i"),
        ('ゑ', "e"),
        ('を', "o"),
        ('ん', "n"),
        ('ゔ', "vu"),
    ];
    ROWS.iter().find(|(k, _)| *k == c).map(|(_, r)| *r)
}

/// The Hepburn spelling of a word of kana (lower case, long vowels
/// short), or `None` when it has anything else.
///
/// ```text
/// サトウ → satou, きょうと → kyouto, ジュンイチロー → junichiro, ハットリ → hattori
/// ```
pub(super) fn hepburn(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    let mut double = false;
    for c in word.chars() {
        if !is_kana(c) {
            return None;
        }
        let c = hiragana(c);
        match c {
            'っ' => double = true,
            // The prolonged sound mark: a long vowel, short as a macron's.
            'ー' => {}
            'ゃ' | 'ゅ' | 'ょ' => {
                let vowel = match c {
                    'ゃ' => 'a',
                    'ゅ' => 'u',
                    _ => 'o',
                };
                if out.ends_with("shi") || out.ends_with("chi") || out.ends_with("ji") {
                    out.pop();
                } else if out.ends_with('i') && out.len() >= 2 {
                    out.pop();
                    out.push('y');
                } else {
                    out.push('y');
                }
                out.push(vowel);
            }
            'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'ゎ' => {
                let small = match c {
                    'ぁ' => "a",
                    'ぃ' => "i",
                    'ぅ' => "u",
                    'ぇ' => "e",
                    'ぉ' => "o",
                    _ => "wa",
                };
                // ファ fa, ティ ti: the small vowel replaces the syllable's.
                let after_consonant = out.len() >= 2 && !is_vowel(out.as_bytes()[out.len() - 2]);
                if out.as_bytes().last().is_some_and(|&b| is_vowel(b)) && after_consonant {
                    out.pop();
                }
                out.push_str(small);
            }
            _ => {
                let s = syllable(c)?;
                if std::mem::take(&mut double) {
                    // っ: the next consonant doubled (っち is tchi).
                    match s.as_bytes()[0] {
                        b'c' => out.push('t'),
                        b if !is_vowel(b) => out.push(b as char),
                        _ => {}
                    }
                }
                out.push_str(s);
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::hepburn;

    #[test]
    fn hepburn_of_names() {
        for (kana, latin) in [
            ("サトウ", "satou"),
            ("さとう", "satou"),
            ("きょうと", "kyouto"),
            ("ジュンイチロー", "junichiro"),
            ("ハットリ", "hattori"),
            ("シンジ", "shinji"),
            ("チャン", "chan"),
            ("ファン", "fan"),
            ("マッチ", "matchi"),
        ] {
            assert_eq!(hepburn(kana).as_deref(), Some(latin), "{kana}");
        }
        assert_eq!(hepburn("サトウ太郎"), None);
    }
}
