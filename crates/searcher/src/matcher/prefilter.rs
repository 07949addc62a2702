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
//! A piece is skipped only when its only non-ASCII characters are *inert*
//! ([`inert`]: CJK, kana, Hangul, Cyrillic, Greek, Hebrew and Arabic
//! letters, CJK punctuation, quotes, dashes, arrows) and its ASCII letters and digits, lower-cased
//! and run together (everything else left out), hold none of the needles:
//! every token such a piece yields holds its ASCII letters as such a run
//! (a compound, `U.S.`, an apostrophe or a possessive only join or drop
//! letters; an inert character folds to no ASCII letter or digit), a
//! folded form is its own needle, and a stem's needle is the stem without
//! its last two letters: English Snowball rewrites at most the last two
//! letters of the stem it returns (`possibility` → `possibl`, `dying` →
//! `die`; checked by a test over the corpus's words). Any other non-ASCII
//! character (é, ｋ, ﬁ, a soft hyphen, a combining mark, a no-break
//! space) may fold to a needle or join one across a line end: its piece
//! is analyzed. (Translated documents, one in six of the debdocs documents
//! that hold `kernel`, are mostly inert text with English words in it.)

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
    // A needle that holds another is found wherever that one is looked
    // for (`kernel` where `kern` is).
    let all = out.clone();
    out.retain(|n| !all.iter().any(|m| m != n && n.contains(m.as_str())));
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
///
/// A piece is the text between two line ends where no token can span
/// ([`cut_after`]); it is kept when it holds a non-ASCII character that
/// is not [`inert`], or a needle spelled by its ASCII letters and digits,
/// lower-cased and run together. Both are looked for across the whole
/// text (a needle from each place its first letter is, in either case,
/// found with memchr), and only the pieces around them are cut: most of a
/// long text is never looked at byte by byte.
pub(super) fn pieces(text: &str, needles: &[String]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut firsts = Firsts::new(needles);
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    let mut non_ascii = next_live(text, 0);
    while from < bytes.len() {
        let first = firsts.next(text, from);
        let hot = if non_ascii < first {
            non_ascii
        } else if first < bytes.len() {
            if !needles.iter().any(|n| spelled_at(bytes, first, n.as_bytes())) {
                from = first + 1;
                continue;
            }
            first
        } else {
            break;
        };
        let piece = piece_around(bytes, hot);
        from = piece.end;
        if non_ascii < from {
            non_ascii = next_live(text, from);
        }
        match out.last_mut() {
            Some(last) if last.end == piece.start => last.end = piece.end,
            _ => out.push(piece),
        }
    }
    out
}

/// Where the needles' first letters are next, in either case.
struct Firsts {
    /// Each byte to find, with the first place at or after the last
    /// search's start where it is (or past it, not searched yet).
    bytes: Vec<(u8, Option<usize>)>,
}

impl Firsts {
    fn new(needles: &[String]) -> Firsts {
        let mut bytes: Vec<u8> = needles
            .iter()
            .filter_map(|n| n.bytes().next())
            .flat_map(|b| [b, b.to_ascii_uppercase()])
            .collect();
        bytes.sort_unstable();
        bytes.dedup();
        Firsts {
            bytes: bytes.into_iter().map(|b| (b, None)).collect(),
        }
    }

    /// The first place at or after `from` (a character boundary, never
    /// before the last call's) where a needle's first letter is; the
    /// text's length when there is none.
    fn next(&mut self, text: &str, from: usize) -> usize {
        let mut min = text.len();
        for (b, at) in &mut self.bytes {
            if at.is_none_or(|at| at < from) {
                // `str::find` of an ASCII character is a memchr.
                *at = Some(text[from..].find(char::from(*b)).map_or(text.len(), |i| from + i));
            }
            min = min.min(at.unwrap_or(text.len()));
        }
        min
    }
}

/// The first character at or after `from` (a character boundary) that
/// is neither ASCII nor [`inert`] (the length when there is none).
fn next_live(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = next_non_ascii(bytes, from);
    while at < bytes.len() {
        // A run of non-ASCII characters (a CJK line), each decoded once,
        // up to the next ASCII one.
        for c in text[at..].chars() {
            if c.is_ascii() {
                break;
            }
            if !inert(c) {
                return at;
            }
            at += c.len_utf8();
        }
        at = next_non_ascii(bytes, at);
    }
    bytes.len()
}

/// Whether `c` (not ASCII) can neither fold to an ASCII letter or digit
/// nor let a token run across a line end after it: letters of scripts
/// that fold to no Latin letter (CJK, kana, Hangul, Cyrillic, Greek,
/// Hebrew, Arabic and Persian), CJK punctuation and full-width ASCII
/// punctuation (not the full-width hyphen, apostrophe or grave accent),
/// double quotes, guillemets, dashes (not hyphens), bullets, ellipses,
/// arrows, box drawing. Never a
/// hyphen, an apostrophe, white space, a format character or a
/// combining mark (checked over every such character by a test). A
/// needle is looked for across it as across ASCII punctuation.
pub(super) fn inert(c: char) -> bool {
    matches!(
        c,
        '\u{00AB}'
            | '\u{00BB}'
            | '\u{0391}'..='\u{03A1}'
            | '\u{03A3}'..='\u{03A9}'
            | '\u{03B1}'..='\u{03C9}'
            | '\u{0400}'..='\u{045F}'
            | '\u{05D0}'..='\u{05EA}'
            | '\u{060C}'
            | '\u{061B}'
            | '\u{061F}'
            | '\u{0621}'..='\u{063A}'
            | '\u{0641}'..='\u{064A}'
            | '\u{0671}'..='\u{06D3}'
            | '\u{2013}'..='\u{2014}'
            | '\u{201C}'..='\u{201E}'
            | '\u{2022}'
            | '\u{2026}'
            | '\u{2190}'..='\u{21FF}'
            | '\u{2500}'..='\u{257F}'
            | '\u{3001}'..='\u{3002}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301B}'
            | '\u{3131}'..='\u{318E}'
            | '\u{3041}'..='\u{3096}'
            | '\u{30A1}'..='\u{30FA}'
            | '\u{30FC}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7A3}'
            | '\u{FF01}'..='\u{FF06}'
            | '\u{FF08}'..='\u{FF0C}'
            | '\u{FF0E}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
    )
}

/// The character that starts at byte `at` (a character boundary).
fn char_at(bytes: &[u8], at: usize) -> Option<char> {
    let len = match bytes[at] {
        b if b < 0x80 => 1,
        b if b < 0xE0 => 2,
        b if b < 0xF0 => 3,
        _ => 4,
    };
    let s = bytes.get(at..at + len)?;
    std::str::from_utf8(s).ok()?.chars().next()
}

/// The character that ends at byte `at` (inclusive).
fn char_ending_at(bytes: &[u8], at: usize) -> Option<char> {
    let start = (at.saturating_sub(3)..=at)
        .rev()
        .find(|&i| !(0x80..0xC0).contains(&bytes[i]))?;
    char_at(bytes, start).filter(|c| start + c.len_utf8() == at + 1)
}

/// The first byte at or after `from` that is not ASCII (the length when
/// there is none).
fn next_non_ascii(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    for chunk in bytes[from..].chunks(64) {
        if !chunk.is_ascii() {
            return at + chunk.iter().position(|b| !b.is_ascii()).unwrap_or(0);
        }
        at += chunk.len();
    }
    bytes.len()
}

/// Whether the letters and digits from `at` on, lower-cased and run
/// together without crossing a line end where a token cannot span,
/// spell `needle` (an [`inert`] character is passed over like ASCII
/// punctuation). Another non-ASCII character ends the search: its piece
/// is kept anyway.
fn spelled_at(bytes: &[u8], at: usize, needle: &[u8]) -> bool {
    if needle.first() != Some(&bytes[at].to_ascii_lowercase()) {
        return false;
    }
    let mut i = at + 1;
    for &want in &needle[1..] {
        loop {
            match bytes.get(i) {
                None => return false,
                Some(b) if b.is_ascii_alphanumeric() => break,
                Some(&b) if b >= 0x80 => match char_at(bytes, i) {
                    Some(c) if inert(c) => i += c.len_utf8(),
                    _ => return false,
                },
                Some(b'\n') if cut_after(bytes, i) => return false,
                Some(_) => i += 1,
            }
        }
        if bytes[i].to_ascii_lowercase() != want {
            return false;
        }
        i += 1;
    }
    true
}

/// The piece that holds the byte at `at` (not a line end): from one past
/// the last line end before it where a token cannot span, to one past the
/// first such line end after it.
fn piece_around(bytes: &[u8], at: usize) -> Range<usize> {
    let mut start = at;
    let start = loop {
        match bytes[..start].iter().rposition(|&b| b == b'\n') {
            None => break 0,
            Some(i) if cut_after(bytes, i) => break i + 1,
            Some(i) => start = i,
        }
    };
    let mut end = at;
    let end = loop {
        match bytes[end..].iter().position(|&b| b == b'\n') {
            None => break bytes.len(),
            Some(i) if cut_after(bytes, end + i) => break end + i + 1,
            Some(i) => end = end + i + 1,
        }
    };
    start..end
}

/// Whether a token can never span the line end at `at`: the last
/// character before it that is not horizontal white space (or a form
/// feed) is neither a hyphen nor a non-ASCII character (another hyphen, a
/// soft hyphen, white space) other than an [`inert`] one.
fn cut_after(bytes: &[u8], at: usize) -> bool {
    let before = bytes[..at]
        .iter()
        .rposition(|&b| !matches!(b, b' ' | b'\t' | b'\r' | 0x0B | 0x0C));
    match before {
        None => true,
        Some(i) if bytes[i] == b'-' => false,
        Some(i) if bytes[i] < 0x80 => true,
        Some(i) => char_ending_at(bytes, i).is_some_and(inert),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces as the first version cut them, line by line, each
    /// squeezed whole: what [`pieces`] must return.
    fn by_line(text: &str, needles: &[String]) -> Vec<Range<usize>> {
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

    /// Whether `piece` may hold a token with a needle in it: when it holds
    /// a non-ASCII character that is not inert, or its ASCII letters and
    /// digits, lower-cased and run together, hold a needle.
    fn may_hold(piece: &[u8], needles: &[String], squeezed: &mut Vec<u8>) -> bool {
        let live = |c: char| !c.is_ascii() && !inert(c);
        if std::str::from_utf8(piece).expect("a piece is text").chars().any(live) {
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

    fn kept<'a>(text: &'a str, needles: &[&str]) -> Vec<&'a str> {
        let needles: Vec<String> = needles.iter().map(|s| s.to_string()).collect();
        let got = pieces(text, &needles);
        assert_eq!(got, by_line(text, &needles), "{text:?} {needles:?}");
        got.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn the_pieces_are_those_of_the_line_by_line_squeeze() {
        // Needles that start with a letter (either case), a digit, each
        // other's prefix; texts with every kind of cut and join.
        let needle_sets: [&[&str]; 6] = [
            &["kern"],
            &["partit"],
            &["the"],
            &["x"],
            &["2024", "s"],
            &["ab", "abc", "b"],
        ];
        let texts = [
            "",
            "\n",
            "kern",
            "KeRn\n\nKERN",
            "a-\nb kern-\n  el\n\nk\ne\nr\nn",
            "ke rn\n k.e.r.n \t\nk\u{e9}rn\n\u{2010}\nkern",
            "ab\nc abc\r\nb\x0c\nthe \u{ad}\n x 2024s 20\n24",
            "no match here at all\nnor here\n",
            "trailing -   \nkern\n-\n",
        ];
        for set in needle_sets {
            for text in texts {
                kept(text, set);
            }
        }
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
        for entry in std::fs::read_dir(corpus).expect("the corpus folder") {
            let Ok(text) = std::fs::read_to_string(entry.expect("an entry").path()) else {
                continue;
            };
            for set in [
                &["kore"][..],
                &["jap"],
                &["secur", "cooper"],
                &["dokdo"],
                &["the"],
                &["1998"],
                &["zzq"],
            ] {
                kept(&text, set);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn random_texts_cut_as_the_line_by_line_squeeze(
            text in "[kKeErRnN2s .\\-\n\t\r\x0c\u{e9}\u{ad}\u{a0}\u{301}\u{2010}\u{2019}\u{ff4b}д日あ、（]{0,40}",
            needles in proptest::sample::subsequence(vec!["kern", "ke", "k", "ern", "n2", "s"], 1..4),
        ) {
            kept(&text, &needles);
        }
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
    fn inert_text_is_skipped_like_ascii() {
        // Lines of CJK, Cyrillic or Arabic without the needle are skipped,
        // and a line end after them cuts; a needle across an inert
        // character is kept (it may be one token).
        let text = "日本語のテキスト。\nカーネルはkernelです\nкто\nker日nel\nمرحبا\n";
        assert_eq!(kept(text, &["kernel"]), ["カーネルはkernelです\n", "ker日nel\n"]);
        // Another non-ASCII character keeps its line, and a line end
        // after it does not cut.
        assert_eq!(kept("x\n日本\u{a0}\nend\ny", &["kernel"]), ["日本\u{a0}\nend\n"]);
    }

    #[test]
    fn inert_characters_fold_to_no_ascii_letter_and_end_no_token_at_a_line_end() {
        use sagasu_analysis::{analyze, Mode};
        let mut checked = 0;
        for c in ('\u{80}'..=char::MAX).filter(|&c| inert(c)) {
            assert!(!c.is_whitespace() && !c.is_control(), "{c:?}");
            // Its fold holds no ASCII letter or digit, alone or between two.
            let ascii = |t: &str| t.chars().filter(char::is_ascii_alphanumeric).collect::<String>();
            for t in analyze(&format!("a{c}b"), Mode::Index) {
                assert!(
                    ["", "a", "b", "ab"].contains(&ascii(&t.text).as_str()),
                    "{c:?}: {}",
                    t.text
                );
            }
            assert!(
                analyze(&c.to_string(), Mode::Index)
                    .iter()
                    .all(|t| ascii(&t.text).is_empty()),
                "{c:?}"
            );
            // No token runs across a line end after it, whatever is before it.
            for before in ["", "x", "x-", "x\u{ad}", "-", "x- ", "x\u{2010}"] {
                let text = format!("{before}{c}\nyz");
                let end = text.find('\n').expect("a line end");
                let across = analyze(&text, Mode::Index)
                    .into_iter()
                    .find(|t| t.offset_from < end && t.offset_to > end);
                assert!(across.is_none(), "{text:?}: {across:?}");
            }
            checked += 1;
        }
        assert!(checked > 35_000, "{checked}");
    }

    #[test]
    fn needles_only_for_words_of_ascii_letters_and_digits() {
        assert_eq!(
            needles(["kernel"].into_iter(), ["kernel"].into_iter()),
            Some(vec!["kern".to_string()])
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
