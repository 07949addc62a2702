//! Strings from files, made safe to show on a terminal or in a page.
//!
//! Paths, titles, snippets, skip reasons, ignore patterns and alias names
//! all come from files a user did not necessarily write. One character set,
//! [`is_unsafe`], says what must never reach a terminal raw: C0 and C1
//! controls (escape sequences, carriage returns, backspaces) and the
//! invisible bidirectional controls that can make text read in another
//! order than it is stored (Trojan Source). Two renderings use it:
//!
//! - [`strip_unsafe`] drops them: for prose (snippets, titles), where the
//!   characters carry no meaning a reader needs.
//! - [`escape_unsafe`] shows them escaped (`\n`, `\u{202e}`): for names
//!   (paths, patterns), where a reader must be able to tell two names apart.
//!
//! ```
//! use sagasu_analysis::safe::{escape_unsafe, strip_unsafe};
//! assert_eq!(strip_unsafe("a\u{1b}[31mb\u{202e}c"), "a[31mbc");
//! assert_eq!(escape_unsafe("new\nline\u{202e}.txt"), "new\\nline\\u{202e}.txt");
//! ```

use std::borrow::Cow;

/// Whether `c` must not reach a terminal or a reader raw: a control
/// character (C0, DEL, C1), a bidirectional mark, embedding, override or
/// isolate (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), a line
/// or paragraph separator (U+2028, U+2029) or a byte-order mark (U+FEFF).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{FEFF}'
        )
}

/// `s` without the characters [`is_unsafe`] rejects.
pub fn strip_unsafe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| !is_unsafe(c)).collect())
}

/// `s` with the characters [`is_unsafe`] rejects written as Rust escapes
/// (`\n`, `\t`, `\u{1b}`, `\u{202e}`); a backslash stays as it is.
pub fn escape_unsafe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bidi_control_and_control_character_is_unsafe() {
        for c in ['\u{0}', '\n', '\r', '\t', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}'] {
            assert!(is_unsafe(c), "{c:?}");
        }
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}',
            '\u{2067}', '\u{2068}', '\u{2069}', '\u{2028}', '\u{2029}', '\u{FEFF}',
        ] {
            assert!(is_unsafe(c), "{c:?}");
        }
        for c in ['a', 'ŏ', '日', 'ب', ' ', '\u{00A0}', '\u{00AD}', '\u{200D}', '\\'] {
            assert!(!is_unsafe(c), "{c:?}");
        }
    }

    #[test]
    fn safe_text_is_borrowed() {
        assert!(matches!(strip_unsafe("Satō"), Cow::Borrowed(_)));
        assert!(matches!(escape_unsafe("a/b.txt"), Cow::Borrowed(_)));
    }

    #[test]
    fn arabic_letter_mark_is_dropped_from_prose() {
        assert_eq!(strip_unsafe("مرحبا\u{061C} world"), "مرحبا world");
    }
}
