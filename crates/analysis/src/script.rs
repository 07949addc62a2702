//! The East Asian scripts, told apart: Hangul (Korean), kana (Japanese)
//! and Han (Chinese characters, also written in Japanese and Korean). A
//! page needs a font for each, and marks text with its language so that a
//! Han character takes its Korean, Japanese or Chinese form ([`lang_of`]).

/// One East Asian script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Korean: syllables and jamo.
    Hangul,
    /// Japanese: hiragana and katakana.
    Kana,
    /// Chinese characters (unified ideographs and their extensions).
    Han,
}

impl Script {
    /// Every script, in the order they are reported.
    pub const ALL: [Script; 3] = [Script::Hangul, Script::Kana, Script::Han];

    /// The code point ranges of the script (inclusive, ascending, none
    /// reaching into the surrogates).
    pub fn ranges(self) -> &'static [(char, char)] {
        match self {
            Script::Hangul => &[
                ('\u{1100}', '\u{11FF}'),
                ('\u{3130}', '\u{318F}'),
                ('\u{A960}', '\u{A97F}'),
                ('\u{AC00}', '\u{D7FF}'),
            ],
            Script::Kana => &[
                ('\u{3040}', '\u{30FF}'),
                ('\u{31F0}', '\u{31FF}'),
                ('\u{FF66}', '\u{FF9F}'),
            ],
            Script::Han => &[
                ('\u{3400}', '\u{4DBF}'),
                ('\u{4E00}', '\u{9FFF}'),
                ('\u{F900}', '\u{FAFF}'),
                ('\u{20000}', '\u{3134F}'),
            ],
        }
    }

    /// The script of `c`, if it is one of these.
    pub fn of(c: char) -> Option<Script> {
        Script::ALL
            .into_iter()
            .find(|s| s.ranges().iter().any(|&(a, b)| (a..=b).contains(&c)))
    }

    /// The language a text of this script alone is written in (BCP 47):
    /// `ko`, `ja`, `zh`.
    pub fn lang(self) -> &'static str {
        match self {
            Script::Hangul => "ko",
            Script::Kana => "ja",
            Script::Han => "zh",
        }
    }

    /// What the script is called, for a person.
    pub fn name(self) -> &'static str {
        match self {
            Script::Hangul => "Korean (Hangul)",
            Script::Kana => "Japanese (kana)",
            Script::Han => "Chinese characters (Han)",
        }
    }
}

/// The language `text`'s East Asian script tells, if it tells one: `ko`
/// when it holds Hangul, `ja` when it holds kana, `zh` when its only East
/// Asian script is Han; when both Hangul and kana occur, the more frequent
/// wins. `None` for text without any of them.
pub fn lang_of(text: &str) -> Option<&'static str> {
    let (mut hangul, mut kana, mut han) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        match Script::of(c) {
            Some(Script::Hangul) => hangul += 1,
            Some(Script::Kana) => kana += 1,
            Some(Script::Han) => han += 1,
            None => {}
        }
    }
    if hangul + kana > 0 {
        Some(if hangul >= kana { "ko" } else { "ja" })
    } else {
        (han > 0).then_some("zh")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_tells_the_language() {
        let cases: &[(&str, Option<&str>)] = &[
            ("김대중 대통령", Some("ko")),
            ("韓國 大統領 김대중", Some("ko")),
            ("東京の天気", Some("ja")),
            ("カタカナ", Some("ja")),
            ("北京大学", Some("zh")),
            ("Kim Dae-jung met Obuchi", None),
            ("", None),
        ];
        for &(text, lang) in cases {
            assert_eq!(lang_of(text), lang, "{text}");
        }
        assert_eq!(Script::of('한'), Some(Script::Hangul));
        assert_eq!(Script::of('ア'), Some(Script::Kana));
        assert_eq!(Script::of('𠀋'), Some(Script::Han));
        assert_eq!(Script::of('a'), None);
    }
}
