//! Text that is not a title, whatever its place: a date, a file name or a
//! path, the document's author, a web or mail address, and text that is
//! not text (a font without a Unicode map turns glyphs into mojibake such
//! as `' ÛWsï G # [`).
//!
//! A PDF's metadata title is often one of these: the tool that made the
//! PDF writes its input file (`4-1_.dvi`, `C:/Users/…/tp6d37.eps`,
//! `CQUThesis.ai`), and a first page's lines hold the author and the date
//! right under the title.

/// Why `s` is not a title, if it is not one; `author` is the author the
/// document's metadata names, `key` its path in the corpus.
pub(super) fn why_not(s: &str, author: Option<&str>, key: &str) -> Option<&'static str> {
    if !is_text(s) {
        Some("not text")
    } else if is_date(s) {
        Some("a date")
    } else if is_file_name(s, key) {
        Some("a file name")
    } else if has_address(s) {
        Some("an address")
    } else if is_author(s, author) {
        Some("the author")
    } else {
        None
    }
}

/// Extensions of the files a PDF is made from, or of images and documents
/// a title is never named after. (Not `.sty` or `.cls`: a package's manual
/// is titled with its file name.)
const EXTENSIONS: &[&str] = &[
    "dvi", "tex", "ltx", "eps", "ps", "pdf", "ai", "bmp", "png", "jpg", "jpeg", "gif", "tif", "tiff", "svg", "wmf",
    "emf", "doc", "docx", "odt", "rtf", "txt", "md", "html", "htm", "xml", "indd", "qxd", "pub", "ppt", "pptx", "xls",
    "xlsx", "cdr", "psd", "fm", "mif",
];

/// A file name or a path: one word ending with a known extension, a path
/// with `/` or `\` and no space, or the document's own file name.
fn is_file_name(s: &str, key: &str) -> bool {
    let s = s.trim();
    let name = key.rsplit('/').next().unwrap_or(key);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    if s.eq_ignore_ascii_case(name) || s.eq_ignore_ascii_case(stem) {
        return true;
    }
    if s.contains(char::is_whitespace) {
        return false;
    }
    let path = s.contains(['/', '\\']) && !s.starts_with("http");
    let extension = s
        .rsplit_once('.')
        .is_some_and(|(base, ext)| !base.is_empty() && EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()));
    path || extension
}

/// English month names; a date's words are numbers, these and `of`.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "of",
];

/// A date: numbers and separators, the CJK date characters (`2021년 7월`,
/// `2009 年 3 月 29 日`) and month names (`March 2021`, `27 Sep. 2021`).
fn is_date(s: &str) -> bool {
    // A lone number (`1984`) may be a title; a date has two parts.
    let numbers = s.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).count();
    let named = s.chars().any(char::is_alphabetic);
    if numbers == 0 || (numbers == 1 && !named) {
        return false;
    }
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .all(|w| {
            let w = w.to_lowercase();
            let w = w.trim_end_matches(['년', '월', '일', '年', '月', '日']);
            w.is_empty()
                || MONTHS.contains(&w)
                || ["st", "nd", "rd", "th"].contains(&w)
                || w.chars().all(|c| matches!(c, '년' | '월' | '일' | '年' | '月' | '日'))
        })
}

/// A web or mail address in it: a title does not carry one
/// (`X Desktop Group (http://…)`, `Name (name@example.org)`).
fn has_address(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower.contains("http://")
        || lower.contains("https://")
        || lower.contains("www.")
        || s.split_whitespace().any(|w| {
            w.split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
        })
}

/// The author the metadata names, or one of its names (`A, B and C`).
fn is_author(s: &str, author: Option<&str>) -> bool {
    let Some(author) = author else {
        return false;
    };
    let norm = |x: &str| x.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let s = norm(s.trim_end_matches(['*', '∗', '†', '‡']));
    if s.is_empty() {
        return false;
    }
    norm(author) == s
        || author
            .split([',', ';', '&'])
            .flat_map(|p| p.split(" and "))
            .any(|name| norm(name) == s)
}

/// Whether `s` reads as text: no replacement or private-use character,
/// mostly letters and digits, not mostly accented Latin-1 letters (`ÛWsï
/// ×È÷`: glyph codes read as Latin-1), no word that opens with a combining
/// mark or mixes three scripts (`̾Ɠ 뻛ȗؘ뻜`).
pub(super) fn is_text(s: &str) -> bool {
    let mut shown = 0usize;
    let mut word_chars = 0usize;
    let mut letters = 0usize;
    let mut latin1 = 0usize;
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        shown += 1;
        if c == '\u{fffd}' || is_private_use(c) || c.is_control() {
            return false;
        }
        if c.is_alphanumeric() {
            word_chars += 1;
        }
        if c.is_alphabetic() {
            letters += 1;
            latin1 += usize::from(matches!(c as u32, 0xC0..=0xFF));
        }
    }
    if shown == 0 || word_chars * 5 < shown * 3 || (letters >= 4 && latin1 * 3 > letters) {
        return false;
    }
    s.split_whitespace().all(|w| {
        let starts_combining = w.chars().next().is_some_and(is_combining);
        let mut scripts: Vec<Script> = w.chars().filter_map(script).collect();
        scripts.sort_unstable();
        scripts.dedup();
        !starts_combining && scripts.len() < 3
    })
}

fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0x0610..=0x061A | 0x064B..=0x065F)
}

/// The scripts whose mixing in one word gives mojibake away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Script {
    Latin,
    LatinExtended,
    Cyrillic,
    Arabic,
    Hebrew,
    Hangul,
    /// Han and kana, which Japanese mixes in every word.
    HanKana,
}

fn script(c: char) -> Option<Script> {
    Some(match c as u32 {
        // Greek letters go with Latin ones in technical names (LaTeX2ε).
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x17F | 0x370..=0x3FF => Script::Latin,
        0x180..=0x2AF => Script::LatinExtended,
        0x400..=0x4FF => Script::Cyrillic,
        0x590..=0x5FF => Script::Hebrew,
        0x600..=0x6FF => Script::Arabic,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Script::HanKana,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_a_title_and_why() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("4-1_.dvi", None, Some("a file name")),
            (
                "C:/Users/DONGDO~1/AppData/Local/Temp/tp6d377f97_dc80_489c_90f9_5e997d7d0c04.eps",
                None,
                Some("a file name"),
            ),
            ("CQUThesis.ai", None, Some("a file name")),
            ("report", None, Some("a file name")),
            ("2021년 7월", None, Some("a date")),
            ("2009 年 3 月 29 日", None, Some("a date")),
            ("2021/03/27", None, Some("a date")),
            ("27 March 2021", None, Some("a date")),
            ("' ÛWsï  G # [ ×È÷  Ë ;ã ÿë ãÏ", None, Some("not text")),
            ("̾Ɠ 뻛ȗؘ뻜", None, Some("not text")),
            ("X Desktop Group (http://www.freedesktop.org)", None, Some("an address")),
            ("松井 正一 (matsui@denken.or.jp)", None, Some("an address")),
            ("Kangsoo Kim", Some("Kangsoo Kim"), Some("the author")),
            ("Fabio Fiorina∗", Some("Nova de Hi, Fabio Fiorina"), Some("the author")),
            // Titles.
            ("Poorman’s Hangul Jamo Input Method", Some("Kangsoo Kim"), None),
            ("Asymptote 1.79 手册节译", None, None),
            ("pLaTeX2e新ドキュメントクラス", None, None),
            ("TeX Liveガイド 2022", None, None),
            ("The Short Introduction to LaTeX2e (Chinese Simplified)", None, None),
            ("ko.TeX-utf v3.0 사용 설명서", None, None),
            ("Node.js in Action", None, None),
            ("1984", None, None),
            ("pLaTeX2εをもっと便利に", None, None),
            ("japanese-mathformulas.sty", None, None),
            ("C++ & Rust: a guide", None, None),
            ("Über die Änderung", None, None),
        ];
        let mut failed = Vec::new();
        for &(s, author, want) in cases {
            let got = why_not(s, author, "dir/report.pdf");
            if got != want {
                failed.push(format!("{s:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(failed.is_empty(), "\n{}", failed.join("\n"));
    }
}
