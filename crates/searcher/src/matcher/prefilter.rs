//! Which parts of a text can hold a match, found without analyzing it: a
//! cheap pass before the analyzer, so that a long document is analyzed
//! only around the lines that may match (`--every` on debdocs spent most
//! of its time analyzing text that held no match).
//!
//! It applies when every leaf of the query is one word of ASCII letters
//! and digits found by its folded form or its stem (no phrase, name,
//! prefix or fuzzy word): such a match is one token, so token positions
//! do not matter and the text can be analyzed in pieces. The pieces are
//! cut only where no token can span the cut (a line end after anything
//! but a hyphen or a non-ASCII character: the analyzer joins a word
//! across a line end only after a hyphen, and UAX #29 never joins across
//! one), so each token of a piece is the token the whole text has there.
//!
//! A piece is skipped only when it is ASCII and its letters and digits,
//! lower-cased and run together, hold none of the needles: every token an
//! ASCII piece yields is such a run (a compound, `U.S.`, an apostrophe or
//! a possessive only join or drop letters), a folded form is its own
//! needle, and a stem's needle is the stem without its last two letters:
//! English Snowball rewrites at most the last two letters of the stem it
//! returns (`possibility` → `possibl`, `dying` → `die`; checked by a test
//! over the corpus's words).

use std::ops::Range;

/// The needles of a query's folded forms and stems, or `None` when a
/// text cannot be analyzed in pieces for it.
pub(super) fn needles<'a>(
    exact: impl Iterator<Item = &'a str>,
    stems: impl Iterator<Item = &'a str>,
) -> Option<Vec<String>> {
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase());
    let mut out = Vec::new();
    for e in exact {
        if !plain(e) {
            return None;
        }
        out.push(e.to_string());
    }
    for s in stems {
        if !plain(s) {
            return None;
        }
        out.push(stem_needle(s).to_string());
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// What every word with stem `stem` holds: the stem without its last two
/// letters (at least its first letter).
pub(super) fn stem_needle(stem: &str) -> &str {
    let n = if stem.len() > 2 {
        stem.len() - 2
    } else {
        stem.len().min(1)
    };
    &stem[..n]
}

/// The pieces of `text` (byte ranges, in order, none touching another)
/// that may hold a token with one of `needles` in it; the rest of the
/// text holds none.
pub(super) fn pieces(text: &str, needles: &[String]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut squeezed = Vec::new();
    let mut start = 0;
    let ends = text
        .match_indices('\n')
        .map(|(i, _)| i)
        .chain(std::iter::once(bytes.len()));
    for end in ends {
        if end < bytes.len() && !cut_after(bytes, end) {
            continue;
        }
        let piece = start..(end + 1).min(bytes.len());
        start = piece.end;
        if piece.is_empty() || !may_hold(&bytes[piece.clone()], needles, &mut squeezed) {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.end == piece.start => last.end = piece.end,
            _ => out.push(piece),
        }
    }
    out
}

/// Whether a token can never span the line end at `at`: the last byte
/// before it that is not horizontal white space (or a form feed) is
/// neither a hyphen nor part of a non-ASCII character (another hyphen, a
/// soft hyphen).
fn cut_after(bytes: &[u8], at: usize) -> bool {
    let before = bytes[..at]
        .iter()
        .rev()
        .find(|&&b| !matches!(b, b' ' | b'\t' | b'\r' | 0x0B | 0x0C));
    !matches!(before, Some(&b) if b == b'-' || b >= 0x80)
}

/// Whether `piece` may hold a token with a needle in it: when it is not
/// ASCII, or its letters and digits, lower-cased and run together, hold a
/// needle.
fn may_hold(piece: &[u8], needles: &[String], squeezed: &mut Vec<u8>) -> bool {
    if !piece.is_ascii() {
        return true;
    }
    squeezed.clear();
    squeezed.extend(
        piece
            .iter()
            .filter(|b| b.is_ascii_alphanumeric())
            .map(u8::to_ascii_lowercase),
    );
    needles.iter().any(|n| contains(squeezed, n.as_bytes()))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let mut from = 0;
    while let Some(i) = hay[from..].iter().position(|&b| b == first) {
        let at = from + i;
        if hay[at + 1..].starts_with(rest) {
            return true;
        }
        from = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept<'a>(text: &'a str, needles: &[&str]) -> Vec<&'a str> {
        let needles: Vec<String> = needles.iter().map(|s| s.to_string()).collect();
        pieces(text, &needles).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn only_the_lines_that_may_hold_a_needle_are_kept() {
        let text = "one line\nthe Kernel here\nnothing\nand KERNELS\nlast";
        assert_eq!(kept(text, &["kernel"]), ["the Kernel here\n", "and KERNELS\n"]);
        assert!(kept(text, &["absent"]).is_empty());
        // Adjacent lines are one piece; the last line has no line end.
        assert_eq!(kept("a kernel\nkernel b", &["kernel"]), ["a kernel\nkernel b"]);
    }

    #[test]
    fn a_word_joined_across_a_line_end_or_by_punctuation_is_kept() {
        // A hyphen at a line end joins the two lines into one piece.
        assert_eq!(kept("x\nthe ker-\nnel is\ny", &["kernel"]), ["the ker-\nnel is\n"]);
        assert_eq!(kept("x\nK.E.R.N.E.L\ny", &["kernel"]), ["K.E.R.N.E.L\n"]);
        assert_eq!(kept("x\nker'nel\ny", &["kernel"]), ["ker'nel\n"]);
        // Any non-ASCII line may fold to the needle (ｋｅｒｎｅｌ, kérnel).
        assert_eq!(kept("x\nｋｅｒｎｅｌ\ny", &["kernel"]), ["ｋｅｒｎｅｌ\ny"]);
        // A soft hyphen at a line end does not cut.
        assert_eq!(kept("x\nker\u{ad}\nnel\ny", &["kernel"]), ["ker\u{ad}\nnel\n"]);
    }

    #[test]
    fn needles_only_for_words_of_ascii_letters_and_digits() {
        assert_eq!(
            needles(["kernel"].into_iter(), ["kernel"].into_iter()),
            Some(vec!["kern".to_string(), "kernel".to_string()])
        );
        assert_eq!(needles(["日本"].into_iter(), std::iter::empty()), None);
        assert_eq!(stem_needle("die"), "d");
        assert_eq!(stem_needle("ab"), "a");
        assert_eq!(stem_needle("a"), "a");
    }

    #[test]
    fn every_word_holds_its_stem_needle() {
        // The Snowball property the needles rest on, over the corpus's
        // words and the stemmer's exceptions.
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
        let mut words: Vec<String> = [
            "dying",
            "lying",
            "tying",
            "skies",
            "idly",
            "gently",
            "ugly",
            "early",
            "only",
            "singly",
            "possibility",
            "probability",
            "mobility",
            "abilities",
            "hoping",
            "hopping",
            "relational",
            "organization",
            "valency",
            "conflating",
            "generously",
            "communities",
            "happiness",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for entry in std::fs::read_dir(corpus).expect("the corpus folder") {
            let path = entry.expect("an entry").path();
            if let Ok(text) = std::fs::read_to_string(&path) {
                words.extend(
                    sagasu_analysis::analyze(&text, sagasu_analysis::Mode::Index)
                        .into_iter()
                        .map(|t| t.text),
                );
            }
        }
        assert!(words.len() > 1000, "the corpus has words");
        for w in &words {
            let stem = sagasu_analysis::stem(w);
            if stem.bytes().all(|b| b.is_ascii_alphanumeric()) {
                assert!(w.starts_with(stem_needle(&stem)), "{w} → {stem}");
            }
        }
    }
}
