//! Latin letters with diacritics (é ó à å ü ç ø ł ṭ ễ …) that fold to one
//! ASCII letter: the prefilter spells a needle with them as with that
//! letter, so that a Western European text is skipped unless its letters
//! can spell a needle. A fixed table, checked character by character
//! against the analyzer's own folding by a test.

/// U+00C0 to U+024F (Latin-1 letters, Latin Extended-A and -B), one byte
/// a character: the ASCII letter it folds to, or `.` for none (×, ß, æ,
/// ŉ, ĸ, Ŀ, and the letters that fold to no single ASCII letter).
const LATIN: &[u8] = concat!(
    "aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y",
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkk.llllll.",
    ".llnnnnnn...oooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs",
    "................................oo.............uu...............",
    ".............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa..oo",
    "aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............",
    "................",
)
.as_bytes();

/// U+1E00 to U+1EFF (Latin Extended Additional: Vietnamese, transliterations).
const ADDITIONAL: &[u8] = concat!(
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm",
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv",
    "wwwwwwwwwwxxxxyyzzzzzzhtwy.s....aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee",
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......",
)
.as_bytes();

/// The ASCII letter (lower case) that `c` folds to, when `c` is a Latin
/// letter with diacritics that folds to one letter, alone and inside a
/// word, and ends every token before a line end after it (checked over
/// every such character by a test).
#[inline]
pub(super) fn latin(c: char) -> Option<u8> {
    let (table, at) = match c as u32 {
        n @ 0xC0..=0x24F => (LATIN, n - 0xC0),
        n @ 0x1E00..=0x1EFF => (ADDITIONAL, n - 0x1E00),
        _ => return None,
    };
    Some(table[at as usize]).filter(|&b| b != b'.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use sagasu_analysis::{analyze, fold_term, Mode};

    #[test]
    fn the_tables_cover_their_ranges() {
        assert_eq!(LATIN.len(), 0x250 - 0xC0);
        assert_eq!(ADDITIONAL.len(), 0x100);
        assert_eq!(latin('é'), Some(b'e'));
        assert_eq!(latin('Ø'), Some(b'o'));
        assert_eq!(latin('ß'), None);
        assert_eq!(latin('e'), None);
    }

    #[test]
    fn latin_letters_fold_to_their_letter_and_end_their_token_at_a_line_end() {
        let mut checked = 0;
        for c in ('\u{80}'..=char::MAX).filter(|&c| latin(c).is_some()) {
            let x = char::from(latin(c).expect("a letter"));
            assert!(x.is_ascii_lowercase(), "{c:?}");
            assert_eq!(fold_term(&c.to_string()), x.to_string(), "{c:?}");
            assert_eq!(fold_term(&format!("a{c}b")), format!("a{x}b"), "{c:?}");
            // In a document, alone or inside a word: one token, the letter
            // in place of it (a token of the word is spelled by its
            // letters run together).
            for (text, want) in [(format!("{c}"), format!("{x}")), (format!("a{c}b"), format!("a{x}b"))] {
                let got: Vec<String> = analyze(&text, Mode::Index).into_iter().map(|t| t.text).collect();
                assert_eq!(got, [want], "{c:?}");
            }
            // No token runs across a line end after it, whatever is before it.
            for before in super::super::tests::BEFORES {
                super::super::tests::assert_no_token_across_the_line_end(&format!("{before}{c}\nyz"));
            }
            checked += 1;
        }
        assert!(checked > 450, "{checked}");
    }
}
