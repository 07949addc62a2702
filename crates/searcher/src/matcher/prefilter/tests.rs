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
/// a non-ASCII character that is neither inert nor a Latin letter other
/// than a needle's first, or its ASCII letters and digits and the letters
/// its Latin letters fold to, lower-cased and run together, hold a needle.
fn may_hold(piece: &[u8], needles: &[String], squeezed: &mut Vec<u8>) -> bool {
    let piece = std::str::from_utf8(piece).expect("a piece is text");
    let firsts: Vec<u8> = needles.iter().filter_map(|n| n.bytes().next()).collect();
    let live = |c: char| !c.is_ascii() && !inert(c) && !blank(c) && latin(c).is_none_or(|l| firsts.contains(&l));
    if piece.chars().any(live) {
        return true;
    }
    squeezed.clear();
    squeezed.extend(piece.chars().filter_map(|c| match latin(c) {
        Some(l) => Some(l),
        None if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase() as u8),
        None => None,
    }));
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
        "caf\u{e9}\nK\u{c9}RN\u{e9}L\n\u{e9}\n\u{c0} la carte\nk\u{e9}\n\u{1ebd}rn\n\u{137}ern\n",
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
        text in "[kKeErRnN2s .\\-\n\t\r\x0c\u{e9}\u{c9}\u{e8}\u{f6}\u{f1}\u{137}\u{1ebd}\u{df}\u{ad}\u{a0}\u{200c}\u{301}\u{2010}\u{2019}\u{ff4b}д日あ、（]{0,40}",
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
    // A line of other non-ASCII characters may fold to the needle
    // (ｋｅｒｎｅｌ).
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
    assert_eq!(kept("x\n日本\u{ad}\nend\ny", &["kernel"]), ["日本\u{ad}\nend\n"]);
    // A no-break space or a ZWNJ is passed over (at a line end too).
    assert!(kept("x\n日本\u{a0}\nend\u{200c}\ny", &["kernel"]).is_empty());
    assert_eq!(kept("x\nker-\u{a0}\nnel\ny", &["kernel"]), ["ker-\u{a0}\nnel\n"]);
    assert_eq!(kept("x\nker\u{200c}nel\ny", &["kernel"]), ["ker\u{200c}nel\n"]);
}

#[test]
fn latin_letters_spell_as_their_folded_letters() {
    // A line of Latin letters with diacritics is skipped unless they
    // spell the needle, and a line end after one cuts.
    let text = "caf\u{e9} cr\u{e8}me\nle k\u{e9}rnel \u{e9}t\u{e9}\nna\u{ef}ve\nK\u{c9}RN\u{c9}L\n";
    assert_eq!(
        kept(text, &["kernel"]),
        ["le k\u{e9}rnel \u{e9}t\u{e9}\n", "K\u{c9}RN\u{c9}L\n"]
    );
    // One that folds to a needle's first letter keeps its line (ķernel:
    // a needle is looked for from an ASCII first letter only).
    assert_eq!(kept("x\n\u{137}ernel\ny", &["kernel"]), ["\u{137}ernel\n"]);
    assert_eq!(kept("x\n\u{137}\ny", &["kernel"]), ["\u{137}\n"]);
}

/// What may stand before a character at a line end: nothing, a letter,
/// hyphens (a soft one too), a hyphen and a space.
pub(super) const BEFORES: [&str; 7] = ["", "x", "x-", "x\u{ad}", "-", "x- ", "x\u{2010}"];

/// Checks that no token of `text` runs across its first line end.
pub(super) fn assert_no_token_across_the_line_end(text: &str) {
    let end = text.find('\n').expect("a line end");
    let across = sagasu_analysis::analyze(text, sagasu_analysis::Mode::Index)
        .into_iter()
        .find(|t| t.offset_from < end && t.offset_to > end);
    assert!(across.is_none(), "{text:?}: {across:?}");
}

#[test]
fn blanks_fold_to_nothing_and_a_line_end_after_one_cuts_only_where_no_token_spans() {
    use sagasu_analysis::{analyze, Mode};
    for c in ['\u{a0}', '\u{200c}'] {
        assert!(blank(c) && !inert(c) && latin(c).is_none(), "{c:?}");
        let ascii = |t: &str| t.chars().filter(char::is_ascii_alphanumeric).collect::<String>();
        for t in analyze(&format!("a{c}b"), Mode::Index) {
            assert!(["a", "b", "ab"].contains(&ascii(&t.text).as_str()), "{c:?}: {}", t.text);
        }
        assert!(analyze(&c.to_string(), Mode::Index).is_empty(), "{c:?}");
        // Looked past at a line end: the line end cuts as it would without
        // it, and where it cuts no token spans.
        for before in BEFORES.iter().chain(&["\u{e9}", "\u{65e5}", "x\u{a0}", "x-\u{200c}"]) {
            for (pre, post) in [("", ""), (" ", ""), ("", " "), ("", "\u{a0}")] {
                let text = format!("{before}{pre}{c}{post}\nyz");
                let end = text.find('\n').expect("a line end");
                let plain = format!("{before}{pre}{post}\nyz").replace('\u{a0}', " ");
                let plain_end = plain.find('\n').expect("a line end");
                assert_eq!(
                    cut_after(text.as_bytes(), end),
                    cut_after(plain.as_bytes(), plain_end),
                    "{text:?}"
                );
                if cut_after(text.as_bytes(), end) {
                    assert_no_token_across_the_line_end(&text);
                }
            }
        }
    }
    assert!(cut_after(b"x\xc2\xa0\n", 3));
    assert!(!cut_after("x-\u{a0}\u{200c} \n".as_bytes(), 8));
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
        for before in BEFORES {
            assert_no_token_across_the_line_end(&format!("{before}{c}\nyz"));
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
